"""Damaged files against everything that reads them (issue 22, "done when"): 500 damaged
session files through ``list``, ``report``, ``compare``, the home screen, ``sync`` and
``history``; 500 damaged heartbeat files through presence; 500 damaged bank files through
loading and ``validate``. No traceback, no hang: each command ends with its exit code (and one
line saying why), each screen keeps running.

Damage is random and seeded: the seed is printed, and ``FUZZ_SEED=N`` repeats a run. A
watchdog (``faulthandler``) ends a hung run with every thread's stack.
"""

from __future__ import annotations

import contextlib
import faulthandler
import json
import os
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_BANK
from tests.sync.helpers import Team, person, run_cli
from tui.app import make_app
from tui.cli.main import main
from tui.core.assessment import Assessment
from tui.core.bank.loading import load_bank
from tui.core.bank.models import Bank
from tui.core.errors import HiringClarityError
from tui.core.linked.copies import copy_assessment
from tui.core.pairing.together import Together
from tui.core.session.models import Alternative, Answer, Position
from tui.core.storage.presence import Presence
from tui.sync.history import format_history, history

COUNT = 500
WATCHDOG = 600.0
"""Seconds a whole test may take before it is taken for a hang."""

SNIPPETS = [
    "\n[conflicts]\nprimary-outcome = " + "[" * 3000 + "]" * 3000 + "\n",
    "\n[answers.q]\nnote = " + "[" * 3000 + "]" * 3000 + "\n",
    "\nrevision = " + "9" * 5000 + "\n",
    '\n[answers.primary-outcome]\nchoices = "mvp"\n',
    "\n[conflicts]\nprimary-outcome = 3\n",
    '\n[conflicts]\nprimary-outcome = [{ author = 1, at = "x" }, 2, [3]]\n',
    '\n[conflicts]\nsla-strictness = [{ author = "A", at = 2026-01-01T00:00:00Z, value = 9 }]\n',
    "\n[positions]\nAnn = 3\n",
    "\n[positions.Ann]\ncriterion = []\n",
    '\nschema_version = "5"\n',
    "\nschema_version = 99\n",
    "\nupdated = 9999-12-31T23:59:59-23:59\n",
    '\n[link]\ngroup = "../../etc"\n',
    '\n[link]\ngroup = 3\nagreed_from = ["x", 4]\n',
    '\n[summary]\nanswered = -1\ntotal = "x"\n',
    "\n\x00\xff\xfe\n",
    "\n[answers.sla-strictness]\nvalue = 99\n",
    '\n[answers."\x1b[2J"]\nnote = "x"\n',
    '\n[answers.primary-outcome]\nwriter = "NOT VALID"\nby = 7\n',
    "\nanswers = 3\n",
    "\n[[answers]]\nx = 1\n",
    '\ntitle = ""\n',
    "\n" + "a = 1\n" * 2000,
]


@pytest.fixture
def rng() -> random.Random:
    seed = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(2**32))
    print(f"FUZZ_SEED={seed}")
    return random.Random(seed)


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    faulthandler.dump_traceback_later(WATCHDOG, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def damage(rng: random.Random, good: bytes) -> bytes:
    """One to three random kinds of damage: cut, flipped bytes, a hostile snippet put in, a
    line dropped, a value replaced."""
    data = good
    for _ in range(rng.randint(1, 3)):
        lines = data.split(b"\n")
        kind = rng.randrange(5)
        if kind == 0:
            data = data[: rng.randrange(len(data) + 1)]
        elif kind == 1:
            raw = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                if raw:
                    raw[rng.randrange(len(raw))] = rng.randrange(256)
            data = bytes(raw)
        elif kind == 2:
            at = rng.randrange(len(lines) + 1)
            snippet = rng.choice(SNIPPETS).encode("utf-8", "surrogateescape")
            data = b"\n".join([*lines[:at], snippet, *lines[at:]])
        elif kind == 3 and lines:
            del lines[rng.randrange(len(lines))]
            data = b"\n".join(lines)
        elif lines:
            at = rng.randrange(len(lines))
            key = lines[at].split(b" = ", 1)[0]
            value = rng.choice([b"[]", b"{}", b'"x"', b"-1", b"1e999", b"true", b"[[[]]]", b""])
            lines[at] = key + b" = " + value
            data = b"\n".join(lines)
    return data


def good_pair(bank: Bank, directory: Path) -> tuple[Path, Path]:
    """Two linked assessments, both done, one with every kind of table a file can hold."""
    ann = Assessment.start(bank, directory, "Fuzzed hire", "Senior Python", "Ann")
    ann.author, ann.writer = "Ann", "a1b2c3d4"
    ann.answer("primary-outcome", Answer(choice="mvp", note="Launch in March"))
    ann.answer("outcome-constraints", Answer(choices=["launch-date", "audit-trail"]))
    ann.answer("sla-strictness", Answer(value=4))
    ann.move("tech-stack", "hosting-model")
    ann.session.conflicts = {
        "sla-strictness": [
            Alternative.of(Answer(value=4), "Ann", ann.session.updated, "a1b2c3d4"),
            Alternative.of(Answer(value=2), "Bob", ann.session.updated),
        ]
    }
    ann.set_notes("Overall: a small team")
    ben = copy_assessment(bank, ann.path, "Ben")
    ben.answer("primary-outcome", Answer(choice="modernize"))
    ben.mark_done()
    ann = Assessment.open(bank, ann.path)
    ann.mark_done()
    return ann.path, ben.path


def write_damaged(rng: random.Random, good: Path, folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"fuzzed-hire-{n:08x}.toml"
        path.write_bytes(damage(rng, good.read_bytes()))
        paths.append(path)
    return paths


def test_damaged_sessions_through_list_report_and_compare(
    bank: Bank, sessions_dir: Path, rng: random.Random, capsys: pytest.CaptureFixture[str]
) -> None:
    good, other = good_pair(bank, sessions_dir)
    paths = write_damaged(rng, good, sessions_dir, COUNT)
    assert main(["list"]) == 0
    for path in paths:
        assert main(["report", str(path)]) in (0, 2), path.read_bytes()[:200]
        assert main(["report", str(path), "--format", "json"]) in (0, 2)
        assert main(["compare", str(path), str(other)]) in (0, 2)
    said = capsys.readouterr()
    assert "Traceback" not in said.out + said.err


async def test_damaged_sessions_on_the_home_screen(
    bank: Bank, sessions_dir: Path, rng: random.Random
) -> None:
    good, _ = good_pair(bank, sessions_dir)
    write_damaged(rng, good, sessions_dir, COUNT)
    app = make_app(sessions_dir=sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#sessions")
        assert table.row_count == COUNT + 2  # type: ignore[attr-defined]
        assert app.is_running


def test_damaged_sessions_received_by_sync_and_in_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bank: Bank, rng: random.Random
) -> None:
    team = Team(tmp_path, monkeypatch)
    good, _ = good_pair(bank, team.folder("ann"))
    team.join("ann")
    eve = team.folder("eve")
    env = {**os.environ, **person("Eve")}
    subprocess.run(["git", "clone", "-q", str(team.remote), str(eve)], check=True, env=env)
    write_damaged(rng, good, eve, COUNT)  # 500 damaged files in one commit
    team.git("eve", "add", "-A")
    team.git("eve", "commit", "-q", "-m", "damaged files")
    for n in range(50):  # and 50 damaged versions of the good one
        (eve / good.name).write_bytes(damage(rng, good.read_bytes()))
        team.git("eve", "commit", "-q", "-am", f"damaged version {n}")
    team.git("eve", "push", "-q", "origin", "HEAD")
    try:
        result = team.sync("ann")
    except HiringClarityError:
        pass  # said in one line; never a traceback
    else:
        assert result.received
    format_history(history(team.folder("ann") / good.name))
    cli_env = {**os.environ, **person("Ann"), "HIRING_CLARITY_SESSIONS": str(team.folder("ann"))}
    for args in (("sync",), ("history", good.name), ("list",)):
        done = run_cli(*args, env=cli_env)
        assert done.returncode in (0, 1, 2) and "Traceback" not in done.stderr, done.stderr


def test_damaged_heartbeats_through_presence(
    bank: Bank, sessions_dir: Path, rng: random.Random
) -> None:
    session = "abcd1234"
    me = Together(sessions_dir, session, "Ann")
    colleague = Presence(sessions_dir, session, "Bob")
    colleague.moved("tech-stack", "hosting-model")
    folder = sessions_dir / ".hiring-clarity" / "presence"
    good = (folder / colleague.name).read_bytes()
    values: list[object] = [None, [], {}, "x", -1, 1e308, True, "\x1b[2J", 2**70]
    for n in range(COUNT):
        if n % 2:
            data = damage(rng, good)
        else:
            document = json.loads(good)
            document[rng.choice(list(document))] = rng.choice(values)
            data = json.dumps(document).encode()
        (folder / f"{session}.fuzz{n:04x}.json").write_bytes(data)
    for _ in range(3):
        me.tick(Position(criterion="problem-framing"))
        me.line(bank, {})
        me.marks()
    assert "Bob" in [p.who for p in me.peers]  # others may still be well-formed heartbeats


def test_damaged_bank_files_through_loading_and_validate(
    tmp_path: Path, rng: random.Random, capsys: pytest.CaptureFixture[str]
) -> None:
    bank_dir = tmp_path / "bank"
    files = sorted(p.name for p in SHIPPED_BANK.glob("*.toml"))
    for _ in range(COUNT):
        shutil.rmtree(bank_dir, ignore_errors=True)
        shutil.copytree(SHIPPED_BANK, bank_dir)
        target = bank_dir / rng.choice(files)
        target.write_bytes(damage(rng, target.read_bytes()))
        with contextlib.suppress(HiringClarityError):  # one line naming the file
            load_bank(bank_dir)
    assert main(["validate", str(bank_dir)]) in (0, 1, 2)
    said = capsys.readouterr()
    assert "Traceback" not in said.out + said.err
