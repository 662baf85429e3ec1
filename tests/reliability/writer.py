"""One of two managers saving the same session at once (for the two-writer tests).

    python -m tests.reliability.writer SESSION TAG CRITERION COUNT GO [PAUSE [AUTHOR]]

Opens SESSION through ``Assessment`` (the app's own path), touches ``GO.parent / TAG`` to say
it is ready and waits for GO to exist, then makes COUNT changes, saving after each: change n
answers a question of criterion number CRITERION (1-based), in turn, with an option or value
picked by n and the note ``TAG-n``; every seventh change also sets the session's ``notes``.
At the end it prints one JSON object: the last answer it wrote per question, every notes value
it wrote with the revision of that save, and how many of its saves merged in or conflicted
with another writer's changes. PAUSE: seconds between saves (default none), as a person
answering; AUTHOR: the name its answers are recorded under (default none).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tui.core.assessment import Assessment
from tui.core.bank.loading import default_questions_dir, load_bank
from tui.core.bank.models import ChoiceQuestion, Question, ScaleQuestion
from tui.core.session.answering import set_answer
from tui.core.session.documents import to_document
from tui.core.session.models import Answer


def answer_for(question: Question, tag: str, n: int) -> Answer:
    note = f"{tag}-{n}"
    if isinstance(question, ScaleQuestion):
        return Answer(value=n % 5 + 1, note=note)
    assert isinstance(question, ChoiceQuestion)
    option = question.options[n % len(question.options)].id
    if question.kind == "single":
        return Answer(choice=option, note=note)
    return Answer(choices=[option], note=note)


def main(
    path: Path, tag: str, criterion: int, count: int, go: Path, pause: float = 0.0, author: str = ""
) -> dict[str, object]:
    assessment = Assessment.open(load_bank(default_questions_dir()), path)
    assessment.author = author
    questions = assessment.bank.criteria[criterion - 1].questions
    (go.parent / tag).touch()
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit("never told to go")
        time.sleep(0.001)
    answers: dict[str, dict[str, object]] = {}
    notes: list[tuple[int, str]] = []
    merged = conflicts = 0
    for n in range(count):
        question = questions[n % len(questions)]
        answer = answer_for(question, tag, n)
        if pause and n:
            time.sleep(pause)
        set_answer(assessment.bank, assessment.session, question.id, answer, author)
        answers[question.id] = to_document(answer)
        note = f"{tag}-notes-{n}" if n % 7 == 0 else ""
        if note:
            assessment.session.notes = note
        result = assessment.save()
        if note:
            notes.append((result.revision, note))
        merged += bool(result.merged)
        conflicts += bool(set(result.conflicts) - {"notes"})
    return {"answers": answers, "notes": notes, "merged": merged, "conflicts": conflicts}


if __name__ == "__main__":
    path, tag, criterion, count, go, *rest = sys.argv[1:]
    print(
        json.dumps(
            main(
                Path(path),
                tag,
                int(criterion),
                int(count),
                Path(go),
                float(rest[0]) if rest else 0.0,
                rest[1] if len(rest) > 1 else "",
            )
        )
    )
