"""Reading without pydantic: session files this app wrote are built directly (and never
cached), the validated bank comes from a private per-user cache, and anything changed, damaged
or unusual is validated again."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import REPO
from tests.conftest import noting
from tui.core.assessment import Assessment
from tui.core.bank import validation
from tui.core.bank.loading import bank_via_cache
from tui.core.errors import SessionFileError
from tui.core.session.models import Answer, Session
from tui.core.storage.cache import cache_dir
from tui.core.storage.plain_session import plain_session
from tui.core.storage.reading import parse_toml, read_bytes, read_session

SHIPPED_BANK = REPO / "questions"
EXAMPLE = REPO / "sessions" / "example-checkout-mvp.toml"


@pytest.fixture
def saved(bank, sessions_dir) -> Path:
    started = Assessment.start(bank, sessions_dir, "Payments API hire")
    started.answer("primary-outcome", Answer(choice="mvp", note="demo first"))
    started.answer("partner-teams", Answer(choices=["frontend", "sre"]))
    return started.path


def modules_after(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter (same cache and sessions folders); report whether
    pydantic or textual got imported and what the code printed."""
    script = textwrap.dedent(code) + textwrap.dedent("""
        import sys
        print(json.dumps({"result": result,
                          "pydantic": "pydantic" in sys.modules,
                          "textual": "textual" in sys.modules}))
    """)
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + script],
        cwd=REPO,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    outcome: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return outcome


def test_a_session_this_app_wrote_is_read_without_pydantic(saved):
    code = f"""
        from pathlib import Path
        from tui.core.storage.reading import read_session
        result = read_session(Path({str(saved)!r})).title
    """
    assert modules_after(code) == {
        "result": "Payments API hire",
        "pydantic": False,
        "textual": False,
    }


def test_plain_read_equals_a_validated_read(saved):
    document = parse_toml(saved, read_bytes(saved))
    plain = plain_session(document)
    assert plain is not None
    assert plain == validation.validate(Session, document)
    assert read_session(saved) == plain
    assert read_session(saved) is not read_session(saved), "every read gets its own session"


def test_a_file_changed_by_hand_is_read_as_changed(saved):
    read_session(saved)
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text.replace("Payments API hire", "Search API hire"), encoding="utf-8")
    assert read_session(saved).title == "Search API hire"


def test_a_damaged_file_is_reported(saved):
    text = re.sub(r"(?m)^revision = \d+$", 'revision = "x"', saved.read_text(encoding="utf-8"))
    saved.write_text(text, encoding="utf-8")
    with pytest.raises(SessionFileError, match="wrong data at revision"):
        read_session(saved)


def test_report_imports_neither_pydantic_nor_textual(saved, sessions_dir):
    """The report command from a warm bank cache loads no pydantic."""
    code = f"""
        import contextlib, io
        from tui.cli.main import main
        with contextlib.redirect_stdout(io.StringIO()) as out:
            main(["report", {str(saved)!r}, "--format", "json"])
        result = json.loads(out.getvalue())["title"]
    """
    modules_after(code)
    assert modules_after(code) == {
        "result": "Payments API hire",
        "pydantic": False,
        "textual": False,
    }


def test_typing_path_never_imports_pydantic(saved, sessions_dir):
    """With a warm bank cache, starting, answering, noting and saving needs no pydantic."""
    bank_via_cache(SHIPPED_BANK)
    code = f"""
        from pathlib import Path
        from tui.core.assessment import Assessment
        from tui.core.bank.loading import load_bank_cached
        from tui.core.session.models import Answer
        bank = load_bank_cached({str(SHIPPED_BANK)!r})
        started = Assessment.start(bank, Path({str(sessions_dir)!r}), "Typed hire")
        started.answer("sla-strictness", Answer(value=4))
        started.note("sla-strictness", "checked by hand")
        started.session.notes = "more notes"
        started.save()
        try:
            started.note("sla-strictness", "x" * 200_001)
        except ValueError as exc:
            result = str(exc).splitlines()[-1]
    """
    outcome = modules_after(code)
    assert outcome["pydantic"] is False
    assert "String should have at most 200000 characters" in str(outcome["result"])


def test_listing_headers_needs_no_pydantic(saved, sessions_dir):
    code = f"""
        from pathlib import Path
        from tui.core.storage.listing import list_sessions
        result = [row.session.title for row in list_sessions(Path({str(sessions_dir)!r}),
                                                              header_only=True)]
    """
    assert modules_after(code) == {
        "result": ["Payments API hire"],
        "pydantic": False,
        "textual": False,
    }


# -- documents taken without pydantic -------------------------------------------------------


def header_of(path: Path) -> dict:
    return parse_toml(path, read_bytes(path), header_only=True)


def test_plain_header_equals_the_validated_one():
    document = header_of(EXAMPLE)
    plain = plain_session(document, header_only=True)
    assert plain is not None
    assert plain == validation.validate(Session, document)


@pytest.mark.parametrize(
    "change",
    [
        {"title": "x" * 201},
        {"title": ""},
        {"revision": "3"},
        {"revision": -1},
        {"revision": True},
        {"id": "Not An Id"},
        {"extra": 1},
        {"schema_version": 2},
        {"position": {"criterion": "a", "typo": 1}},
        {"summary": {"confidence": 1}},
        {"summary": {"total": 1.0}},
        {"updated": "2024-01-01T00:00:00"},
        {"answers": {"q": {}}},
    ],
)
def test_plain_header_leaves_anything_unusual_to_pydantic(change):
    """A header that is not exactly what this app writes is not taken plainly; pydantic
    then accepts it (as it always did) or words the error."""
    document = {**header_of(EXAMPLE), **change}
    assert plain_session(document, header_only=True) is None


@pytest.mark.parametrize(
    "answer",
    [
        {"choice": 1},
        {"choices": "mvp"},
        {"choices": ["a", 2]},
        {"value": "3"},
        {"value": 9},
        {"value": True},
        {"note": "x" * 200_001},
        {"typo": "x"},
        [],
    ],
)
def test_unusual_answers_are_left_to_pydantic(answer):
    document = {**parse_toml(EXAMPLE, read_bytes(EXAMPLE)), "answers": {"primary-outcome": answer}}
    assert plain_session(document) is None


def test_damaged_header_gives_the_same_message_as_a_full_read(saved):
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text.replace('title = "Payments API hire"', 'title = ""'), encoding="utf-8")
    messages = []
    for header_only in (True, False):
        with pytest.raises(SessionFileError) as caught:
            read_session(saved, header_only=header_only)
        messages.append(str(caught.value))
    assert (
        messages[0]
        == messages[1]
        == (f"{saved}: wrong data at title: String should have at least 1 character")
    )


# -- the bank ---------------------------------------------------------------------------------


def bank_entries() -> list[Path]:
    return sorted(cache_dir().glob("bank-*.pickle"))


def test_warm_bank_cache_loads_without_pydantic(bank_copy):
    bank_via_cache(bank_copy)
    code = f"""
        from pathlib import Path
        from tui.core.bank.loading import load_bank_cached
        bank = load_bank_cached({str(bank_copy)!r})
        result = [bank.question("primary-outcome").prompt == bank.questions[0].prompt,
                  bank.skill("flask-app-factory") is not None]
    """
    assert modules_after(code) == {"result": [True, True], "pydantic": False, "textual": False}


def test_cached_bank_keeps_its_lookups(bank_copy, bank):
    bank_via_cache(bank_copy)
    warm = bank_via_cache(bank_copy, lambda _: pytest.fail("validated again"))
    assert warm.criteria == bank.criteria and warm.meta == bank.meta
    for question in warm.questions:
        assert warm.question(question.id) is question
        criterion = warm.criterion_of(question.id)
        assert criterion is not None and question in criterion.questions


def test_an_edited_bank_is_validated_again(bank_copy):
    bank_via_cache(bank_copy)
    meta = bank_copy / "bank.toml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    calls: list[Path] = []
    bank_via_cache(bank_copy, noting(calls))
    assert calls == [bank_copy]


def test_cache_is_private(bank_copy):
    bank_via_cache(bank_copy)
    [entry] = bank_entries()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    assert [p.name for p in cache_dir().iterdir()] == [entry.name], "no temporary left"


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_cache_entry_is_ignored_and_rewritten(bank_copy, damage):
    bank_via_cache(bank_copy)
    [entry] = bank_entries()
    entry.write_bytes(damage)
    calls: list[Path] = []
    bank_via_cache(bank_copy, noting(calls))
    assert calls == [bank_copy]
    assert bank_via_cache(bank_copy, lambda _: pytest.fail("validated again")) is not None


@pytest.mark.parametrize("loosen", ["folder", "entry"])
def test_a_cache_others_could_write_is_never_unpickled(bank_copy, loosen):
    """A pickle can run code when loaded: one in a group- or world-writable place is not."""
    bank_via_cache(bank_copy)
    [entry] = bank_entries()
    target = cache_dir() if loosen == "folder" else entry
    target.chmod(stat.S_IMODE(target.stat().st_mode) | stat.S_IWGRP | stat.S_IWOTH)
    calls: list[Path] = []
    bank_via_cache(bank_copy, noting(calls))
    assert calls == [bank_copy]


def test_a_symlinked_cache_entry_is_not_followed(bank_copy, tmp_path):
    bank_via_cache(bank_copy)
    [entry] = bank_entries()
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    calls: list[Path] = []
    bank_via_cache(bank_copy, noting(calls))
    assert calls == [bank_copy]


def test_unwritable_cache_still_loads(bank_copy, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HIRING_CLARITY_CACHE", str(blocker / "cache"))
    assert bank_via_cache(bank_copy).meta is not None
