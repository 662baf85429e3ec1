"""Plain mode through a real pipe: a whole assessment typed line by line into ``python -m tui
--plain``, every answer on disk before the next prompt, then resumed in the full-screen app."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time

from tests import REPO
from tests.app.helpers import focused_card
from tests.cli import TUI, run_tui
from tui.app import make_app
from tui.core.session.answering import is_visible
from tui.core.storage.listing import session_files
from tui.core.storage.reading import read_session
from tui.screens.criterion import CriterionScreen

PROMPT = "> "


class Piped:
    """``python -m tui ARGS`` with stdin and stdout as pipes; reads up to each prompt."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [*TUI, *args],
            cwd=REPO,
            env=env or dict(os.environ),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.output = ""

    def read_to_prompt(self, prompt: str = PROMPT, timeout: float = 20.0) -> str:
        """Everything written until the output ends with ``prompt`` (or the process ends)."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        start = len(self.output)
        deadline = time.monotonic() + timeout
        while len(self.output) == start or not self.output.endswith(prompt):
            left = deadline - time.monotonic()
            assert left > 0, f"no prompt within {timeout} s; got {self.output[start:][-800:]!r}"
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                self.output += chunk.decode("utf-8")
        return self.output[start:]

    def send(self, line: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{line}\n".encode())
        self.process.stdin.flush()
        return self.read_to_prompt()

    def close(self, timeout: float = 20.0) -> int:
        """End of input, as Ctrl+D or the end of a script: the process must leave by itself."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            code = self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        assert self.process.stdout is not None
        self.output += self.process.stdout.read().decode("utf-8")
        return code


def shown_question(text: str) -> str:
    found = re.findall(r"Question (\d+) of \d+: (.+)", text)
    assert found, f"no question shown in {text[-400:]!r}"
    return found[-1][1]


async def test_a_whole_assessment_through_a_pipe_then_resumed_in_the_app(bank, sessions_dir):
    piped = Piped("--plain", "new", "Pipe hire", "--assessor", "Ann")
    try:
        first = piped.read_to_prompt()
        assert "Question 1 of" in first and "1. Get a first product version" in first
        path = session_files(sessions_dir)[0]
        prompt_to_id = {q.prompt: q.id for q in bank.questions}

        # Bad input is re-asked with one line, and nothing is saved.
        reply = piped.send("banana")
        assert "Type a number from 1 to 6" in reply and "Question" not in reply
        assert read_session(path).answers == {}

        # "Keep a busy API fast": the follow-up that only this answer shows comes next.
        reply = piped.send("4")
        assert read_session(path).answers["primary-outcome"].choice == "scale-api"
        assert prompt_to_id[shown_question(reply)] == "scale-bottleneck"

        # The note is about the question just answered (the goal), not the one now shown,
        # and it says so.
        reply = piped.send("note Peak is Black Friday")
        assert "Note saved on question 1: What is the main thing" in reply
        assert read_session(path).answers["primary-outcome"].note == "Peak is Black Friday"
        reply = piped.send("note Also the spring sale")  # still about it: nothing answered since
        assert read_session(path).answers["primary-outcome"].note == "Also the spring sale"
        assert "Note saved on question 1:" in reply
        reply = piped.send("again")  # the question shown now, once more
        assert prompt_to_id[shown_question(reply)] == "scale-bottleneck"

        answered = ["primary-outcome"]
        for _ in range(60):
            if "Summary (after the last question):" in reply:
                break
            qid = prompt_to_id[shown_question(reply)]
            reply = piped.send("1 2" if "Choose any number" in reply.split("Question")[-1] else "1")
            saved = read_session(path).answers  # on disk before the next prompt
            assert saved[qid].is_answered, f"{qid} not saved at once"
            answered.append(qid)
        else:
            raise AssertionError("the assessment never ended")
        session = read_session(path)
        assert session.position.summary
        visible = [q.id for q in bank.questions if is_visible(q, session.answers)]
        assert sorted(answered) == sorted(visible), "a visible question was skipped or repeated"
        assert "Verdict:" in reply and "Must have:" in reply

        reply = piped.send("notes Strong case for a specialist")
        reply = piped.send("done")
        assert "Marked done." in reply
        reply = piped.send("g 3")
        third = prompt_to_id[shown_question(reply)]
        assert piped.close() == 0, piped.process.stderr.read() if piped.process.stderr else ""
    finally:
        if piped.process.poll() is None:
            piped.process.kill()
    assert "End of input: everything is saved" in piped.output
    assert "Verdict now:" in piped.output, "a change of verdict was never printed"
    assert "Traceback" not in piped.output

    session = read_session(path)
    assert session.notes == "Strong case for a specialist" and session.done
    assert session.position.question == third and not session.position.summary

    app = make_app(sessions_dir=sessions_dir, resume=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CriterionScreen)
        card = focused_card(app)
        assert card is not None and card.question.id == third
        assert app.assessment is not None
        assert app.assessment.session.answers == session.answers
        assert card.answer.is_answered


def test_accessible_variable_starts_plain_mode_and_quits_at_end_of_input(sessions_dir):
    """$ACCESSIBLE, with no option, gives the line prompts; end of input leaves with code 0."""
    env = {**os.environ, "ACCESSIBLE": "1"}
    result = subprocess.run(
        [*TUI, "new", "Accessible hire"],
        cwd=REPO,
        env=env,
        input="2\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Question 1 of" in result.stdout and "End of input" in result.stdout
    assert "\x1b" not in result.stdout
    [path] = session_files(sessions_dir)
    assert read_session(path).answers["primary-outcome"].choice == "extend-flask"


def test_plain_mode_never_imports_textual(sessions_dir):
    code = (
        "import io, sys\n"
        "sys.stdin = io.StringIO('1\\nq\\n')\n"
        "from tui.cli.main import main\n"
        "assert main(['--plain', 'new', 'No textual']) == 0\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False")


def test_plain_home_lists_sessions_and_resumes_one(sessions_dir, bank):
    from tui.core.assessment import Assessment
    from tui.core.session.models import Answer

    saved = Assessment.start(bank, sessions_dir, "Listed hire")
    saved.answer("primary-outcome", Answer(choice="mvp"))
    saved.move("problem-framing", "data-sensitivity")
    result = subprocess.run(
        [*TUI, "--plain"],
        cwd=REPO,
        input="7\n1\n\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"1\. Listed hire: .*; 1/\d+ answered", result.stdout)
    assert "Type a number from 1 to 1, n or q." in result.stdout
    assert "Question 3 of" in result.stdout  # where it was left


def test_plain_home_hides_sealed_verdicts_and_asks_before_opening_one(sessions_dir, bank):
    from tui.core.assessment import Assessment
    from tui.core.linked.copies import copy_assessment
    from tui.core.session.models import Answer

    ann = Assessment.start(bank, sessions_dir, "Blind hire", assessor="Ann")
    ann.answer("primary-outcome", Answer(choice="mvp"))
    ben = copy_assessment(bank, ann.path, "Ben")
    ben.answer("primary-outcome", Answer(choice="modernize"))
    result = subprocess.run(
        [*TUI, "--plain"],
        cwd=REPO,
        input="1\nn\n1\ny\ndone\nq\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "1. Blind hire · Ben: sealed until all assessors are done" in result.stdout
    assert "specialist" not in result.stdout.split("Open it only")[0].lower()
    assert result.stdout.count("Open it only if you are Ben") == 2
    assert "Marked done." in result.stdout
    assert read_session(ben.path).done and not read_session(ann.path).done


def test_plain_after_the_command_works_like_before_it(sessions_dir, bank):
    """`resume ID --plain` and `new TITLE --plain` are plain mode too, as the README says."""
    from tui.core.assessment import Assessment

    def fresh() -> str:
        return Assessment.start(bank, sessions_dir, "Order hire").session.id

    for args in (
        ["resume", fresh(), "--plain"],
        ["new", "Second hire", "--plain"],
        ["--plain", "resume", fresh()],
    ):
        result = run_tui(*args, input="1\nq\n")
        assert result.returncode == 0, (args, result.stderr)
        assert "Question 1 of" in result.stdout and "Answer: 1." in result.stdout, args


def test_a_refused_note_is_said_to_be_refused_not_kept(sessions_dir):
    """Issue 22 item 9: a note over the limit, or with a byte that is not UTF-8, was "kept
    here; saved with the next change" and then never saved. It is refused, and said so."""
    piped = Piped("--plain", "new", "Refused notes", "--assessor", "Ann")
    try:
        piped.read_to_prompt()
        path = session_files(sessions_dir)[0]
        assert piped.process.stdin is not None
        piped.process.stdin.write(b"note caf\xe9 au lait\n")  # Latin-1, not UTF-8
        piped.process.stdin.flush()
        reply = piped.read_to_prompt()
        assert "kept" not in reply and "not UTF-8" in reply and "nothing was changed" in reply
        reply = piped.send("note " + "x" * 200_001)
        assert "kept" not in reply and "at most 200000" in reply
        assert "nothing was changed" in reply
        reply = piped.send("1")  # the next change saves what it says, and nothing else
        assert piped.close() == 0
    finally:
        if piped.process.poll() is None:
            piped.process.kill()
    saved = read_session(path).answers["primary-outcome"]
    assert saved.choice == "mvp" and saved.note is None
