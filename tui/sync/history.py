"""``history SESSION``: who changed which answer and note, and when.

With git, each commit's version of the file is compared with its parent's, and each edit is
credited to who the file says made it (an answer's ``by``, a note's ``note_by``), not to the
machine that synced it; a merge shows only what it made itself (a conflict recorded). Without
git, the answers' own records give the last change of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.core.errors import HiringClarityError
from tui.core.session.documents import to_document
from tui.core.session.models import Session
from tui.core.storage.reading import parse_toml
from tui.core.text import one_line
from tui.sync.git import GitError
from tui.sync.repo import Repo, not_set_up

_SEP = "\x1f"


NOTE_SHOWN = 60
"""Characters of a note the log shows."""


@dataclass(frozen=True)
class Edit:
    """One change inside a commit, and who made it."""

    who: str
    what: str


@dataclass(frozen=True)
class Change:
    """One commit's change to a session file."""

    when: datetime
    author: str
    committer: str
    merge: bool
    edits: list[Edit]
    """Empty for a commit that changed no answer."""


def history(path: Path) -> list[Change]:
    """The file's commits, oldest first, each with the answers it changed."""
    directory = path.resolve().parent
    repo = Repo(directory)
    if not (directory / ".git").exists():
        repo.git.run("--version")
        raise not_set_up(directory)
    out = repo.git.out(
        "log",
        "--reverse",
        "--full-history",
        f"--format=%H{_SEP}%P{_SEP}%an{_SEP}%cn{_SEP}%at",
        "--",
        path.name,
    )
    commits = [line.split(_SEP) for line in out.splitlines() if line]
    specs = [f"{c[0]}:{path.name}" for c in commits]
    specs += [f"{p}:{path.name}" for c in commits for p in c[1].split()]
    blobs = dict(zip(specs, (_document(b) for b in repo.blobs(specs)), strict=True))
    found = []
    for sha, parents, author, committer, stamp in commits:
        mine = blobs[f"{sha}:{path.name}"]
        before = [blobs[f"{p}:{path.name}"] for p in parents.split()] or [None]
        edits = _changes(before, mine, committer)
        merge = len(before) > 1
        if merge and not edits:
            continue
        when = datetime.fromtimestamp(int(stamp), UTC)
        found.append(Change(when, author, committer, merge, edits))
    if not found:
        raise GitError(f"{path.name}: no history yet (sync it first)")
    return found


def _document(raw: bytes | None) -> dict[str, Any] | None:
    """A version's TOML; {} for one that cannot be read (damaged, nested too deeply...)."""
    if raw is None:
        return None
    try:
        return parse_toml(Path("version"), raw)
    except HiringClarityError:
        return {}


def _changes(
    parents: list[dict[str, Any] | None], mine: dict[str, Any] | None, committer: str
) -> list[Edit]:
    """What differs from every parent: answers (old -> new), notes and conflicts recorded,
    each credited to who the file says made it (``by`` / ``note_by``), else to ``committer``."""
    if mine is None:
        return [Edit(committer, "deleted")]
    answers = _answers(mine)
    if parents == [None]:
        return [Edit(committer, "new assessment")] + [
            edit
            for qid, now in answers.items()
            for edit in _answer_edits(qid, None, now, committer)
        ]
    olds = [_answers(p) for p in parents]
    edits = []
    for qid in sorted(set(answers).union(*olds)):
        new = answers.get(qid)
        if all(old.get(qid) != new for old in olds):
            edits += _answer_edits(qid, olds[0].get(qid), new, committer)
    conflicts = _table(mine, "conflicts")
    for qid, alternatives in sorted(conflicts.items()):
        if all(_table(p, "conflicts").get(qid) != alternatives for p in parents):
            shown = alternatives if isinstance(alternatives, list) else [alternatives]
            sides = ", ".join(
                f"{a.get('author', '?') if isinstance(a, dict) else '?'}: {_show(a)}" for a in shown
            )
            edits.append(Edit(committer, f"{one_line(str(qid), 80)}: conflict recorded ({sides})"))
    return edits


def _answer_edits(qid: str, old: Any, new: Any, committer: str) -> list[Edit]:
    """The answer's change and its note's change, each credited to its own writer."""
    before = old if isinstance(old, dict) else {}
    after = new if isinstance(new, dict) else {}
    edits = []
    if _show(before) != _show(after):
        who = _name(after.get("by")) or committer
        edits.append(Edit(who, f"{one_line(qid, 80)}: {_show(before)} -> {_show(after)}"))
    if before.get("note") != after.get("note"):
        who = _name(after.get("note_by")) or committer
        edits.append(Edit(who, f"note on {one_line(qid, 80)}: {_note(after.get('note'))}"))
    return edits


def _name(value: Any) -> str:
    return one_line(value, 60) if isinstance(value, str) else ""


def _note(note: Any) -> str:
    """A note as the log shows it: its text, shortened, or that it was removed."""
    if not isinstance(note, str) or not note.strip():
        return "removed"
    return f"\u201c{one_line(note, NOTE_SHOWN)}\u201d"


def _table(document: dict[str, Any] | None, name: str) -> dict[str, Any]:
    """A table of a version, or {} when it is missing or not a table (a damaged file)."""
    table = (document or {}).get(name, {})
    return table if isinstance(table, dict) else {}


def _answers(document: dict[str, Any] | None) -> dict[str, Any]:
    return _table(document, "answers")


def _show(answer: Any) -> str:
    """An answer's raw value as the file holds it (option ids, n/5), for the log."""
    if not isinstance(answer, dict):
        return "(none)"
    if "value" in answer:
        text = f"{answer['value']}/5"
    elif "choice" in answer:
        text = str(answer["choice"])
    elif "choices" in answer:
        choices = answer["choices"]
        text = ", ".join(str(c) for c in choices) if isinstance(choices, list) else str(choices)
        text = text or "(none)"
    else:
        text = "(none)"
    return one_line(text, 80)


def format_history(changes: list[Change]) -> str:
    """One line a change: when, who made each edit (the answers' own record), and who synced
    it when that was someone else."""
    lines = []
    for change in changes:
        people: dict[str, list[str]] = {}
        for edit in change.edits:
            people.setdefault(edit.who, []).append(edit.what)
        said = "; ".join(f"{one_line(who, 60)}: {'; '.join(what)}" for who, what in people.items())
        said = said or f"{one_line(change.committer, 60)}: no answer changed (details only)"
        synced = (
            f" (synced by {one_line(change.committer, 60)})"
            if set(people) - {change.committer}
            else ""
        )
        kind = "merge: " if change.merge else ""
        lines.append(f"{change.when:%Y-%m-%d %H:%M} UTC  {kind}{one_line(said, 2000)}{synced}")
    return "\n".join(lines)


def answers_history(session: Session) -> str:
    """Without git: each answer's and note's last change, from the records the file keeps
    (who and when), oldest first. Earlier values are not kept there: sync keeps them."""
    records = []
    for qid, answer in session.answers.items():
        if answer.is_answered and answer.at is not None:
            shown = _show(to_document(answer))
            records.append((answer.at, answer.by or "", f"{one_line(qid, 80)}: {shown}"))
        note_at = answer.note_at or answer.at  # a note given with its answer: one record
        if answer.note and note_at is not None:
            note = f"note on {one_line(qid, 80)}: {_note(answer.note)}"
            records.append((note_at, answer.note_by or answer.by or "", note))
    if not records:
        return "No answer carries a record of who changed it yet."
    lines = [
        f"{at:%Y-%m-%d %H:%M} UTC  {one_line(who, 60) or '(not recorded)'}: {what}"
        for at, who, what in sorted(records, key=lambda r: r[0])
    ]
    return "\n".join(
        [*lines, "(The last change of each answer and note; `sync` keeps every earlier one.)"]
    )
