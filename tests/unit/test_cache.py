"""Validated once per content: banks and session files come from the per-user cache without
pydantic, and anything changed, damaged or new is validated again."""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui.core import validation
from tui.core.assessment import Assessment
from tui.core.bank import load_bank
from tui.core.cache import cache_dir, cached_bank
from tui.core.errors import SessionFileError
from tui.core.header import plain_header
from tui.core.session import Answer, Session
from tui.core.store import read_document, read_session

REPO = Path(__file__).resolve().parents[2]
SHIPPED_BANK = REPO / "questions"
EXAMPLE = REPO / "sessions" / "example-checkout-mvp.toml"


def entries() -> list[Path]:
    folder = cache_dir() / "sessions"
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


@pytest.fixture
def saved(bank, sessions_dir) -> Path:
    started = Assessment.start(bank, sessions_dir, "Payments API hire")
    started.answer("primary-outcome", Answer(choice="mvp", note="demo first"))
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
    done = subprocess.run([sys.executable, "-c", "import json\n" + script], cwd=REPO,
                          env=dict(os.environ), capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    outcome: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return outcome


READ_TITLE = """
    import sys
    from pathlib import Path
    from tui.core.store import read_session
    result = read_session(Path({path!r})).title
"""


def test_second_process_reads_a_session_without_pydantic(saved):
    """The first read validates and caches; a new process reading the same bytes does not
    load pydantic at all."""
    first = modules_after(READ_TITLE.format(path=str(saved)))
    assert first == {"result": "Payments API hire", "pydantic": True, "textual": False}
    second = modules_after(READ_TITLE.format(path=str(saved)))
    assert second == {"result": "Payments API hire", "pydantic": False, "textual": False}


def test_cached_read_equals_a_validated_read(saved, monkeypatch):
    fresh = read_session(saved)
    assert len(entries()) == 1
    monkeypatch.setattr(validation, "validate", lambda *_: pytest.fail("not from the cache"))
    cached = read_session(saved)
    assert cached == fresh
    assert cached is not fresh, "every read gets its own session to change"


def test_a_changed_file_is_validated_again_and_replaces_its_entry(saved, monkeypatch):
    read_session(saved)
    [entry] = entries()
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text.replace("Payments API hire", "Search API hire"), encoding="utf-8")
    calls: list[type] = []
    real = validation.validate
    monkeypatch.setattr(validation, "validate", lambda t, d: calls.append(t) or real(t, d))
    assert read_session(saved).title == "Search API hire"
    assert calls == [Session]
    assert entries() == [entry], "one entry per session file, overwritten"
    assert read_session(saved).title == "Search API hire"
    assert calls == [Session], "the changed file is cached in turn"


def test_a_file_damaged_after_caching_is_still_reported(saved):
    read_session(saved)
    saved.write_text(saved.read_text(encoding="utf-8").replace("revision = 2", 'revision = "x"'),
                     encoding="utf-8")
    with pytest.raises(SessionFileError, match="wrong data at revision"):
        read_session(saved)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage",
                                    pickle.dumps(("digest", "not a session")),
                                    pickle.dumps({"a": 1})])
def test_a_damaged_cache_entry_is_ignored_and_rewritten(saved, damage):
    expected = read_session(saved)
    [entry] = entries()
    entry.write_bytes(damage)
    assert read_session(saved) == expected
    digest, session = pickle.loads(entry.read_bytes())
    assert session == expected


def test_an_entry_for_other_bytes_is_not_used(saved, bank, sessions_dir):
    """An entry is tied to the exact bytes: another file's entry cannot stand in for it."""
    read_session(saved)
    [entry] = entries()
    other = Assessment.start(bank, sessions_dir, "Another hire").path
    read_session(other)
    [other_entry] = [p for p in entries() if p != entry]
    entry.write_bytes(other_entry.read_bytes())
    assert read_session(saved).title == "Payments API hire"


def test_unwritable_cache_still_reads(saved, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HIRING_CLARITY_CACHE", str(blocker / "cache"))
    assert read_session(saved).title == "Payments API hire"
    assert read_session(saved).title == "Payments API hire"


def test_cache_is_private(saved):
    read_session(saved)
    [entry] = entries()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    assert [p.name for p in entry.parent.iterdir()] == [entry.name], "no temporary left"


def test_report_twice_imports_neither_pydantic_nor_textual(saved, sessions_dir):
    """The report command from warm caches (bank and session) loads no pydantic."""
    code = f"""
        import contextlib, io
        from tui.cli import main
        with contextlib.redirect_stdout(io.StringIO()) as out:
            main(["report", {str(saved)!r}, "--format", "json"])
        result = json.loads(out.getvalue())["title"]
    """
    assert modules_after(code)["pydantic"] is True
    assert modules_after(code) == {"result": "Payments API hire", "pydantic": False,
                                   "textual": False}


def test_typing_path_never_imports_pydantic(saved, sessions_dir):
    """With a warm bank cache, starting, answering, noting and saving needs no pydantic."""
    cached_bank(SHIPPED_BANK, load_bank)
    code = f"""
        from pathlib import Path
        from tui.core.assessment import Assessment
        from tui.core.bank import load_bank_cached
        from tui.core.session import Answer
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
        from tui.core.store import list_sessions
        result = [row.session.title for row in list_sessions(Path({str(sessions_dir)!r}),
                                                              header_only=True)]
    """
    assert modules_after(code) == {"result": ["Payments API hire"], "pydantic": False,
                                   "textual": False}


# -- headers taken without pydantic -----------------------------------------------------------


def header_of(path: Path) -> dict:
    return read_document(path, header_only=True)


def test_plain_header_equals_the_validated_one():
    document = header_of(EXAMPLE)
    plain = plain_header(document)
    assert plain is not None
    assert plain == validation.validate(Session, document)


@pytest.mark.parametrize("change", [
    {"title": "x" * 201}, {"title": ""}, {"revision": "3"}, {"revision": -1},
    {"revision": True}, {"id": "Not An Id"}, {"extra": 1}, {"schema_version": 2},
    {"position": {"criterion": "a", "typo": 1}}, {"summary": {"confidence": 1}},
    {"summary": {"total": 1.0}}, {"updated": "2024-01-01T00:00:00"}, {"answers": {"q": {}}},
])
def test_plain_header_leaves_anything_unusual_to_pydantic(change):
    """A header that is not exactly what this app writes is not taken plainly; pydantic
    then accepts it (as it always did) or words the error."""
    document = {**header_of(EXAMPLE), **change}
    assert plain_header(document) is None


def test_damaged_header_gives_the_same_message_as_a_full_read(saved):
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text.replace('title = "Payments API hire"', 'title = ""'), encoding="utf-8")
    messages = []
    for header_only in (True, False):
        with pytest.raises(SessionFileError) as caught:
            read_session(saved, header_only=header_only)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] == (
        f"{saved}: wrong data at title: String should have at least 1 character"
    )


# -- the bank ---------------------------------------------------------------------------------


def test_warm_bank_cache_loads_without_pydantic(bank_copy):
    cached_bank(bank_copy, load_bank)
    code = f"""
        from pathlib import Path
        from tui.core.bank import load_bank_cached
        bank = load_bank_cached({str(bank_copy)!r})
        result = [bank.question("primary-outcome").prompt == bank.questions[0].prompt,
                  bank.skill("flask-app-factory") is not None]
    """
    assert modules_after(code) == {"result": [True, True], "pydantic": False, "textual": False}


def test_cached_bank_keeps_its_lookups(bank_copy, bank):
    cached_bank(bank_copy, load_bank)
    warm = cached_bank(bank_copy, lambda _: pytest.fail("validated again"))
    assert warm.criteria == bank.criteria and warm.meta == bank.meta
    for question in warm.questions:
        assert warm.question(question.id) is question
        assert question in warm.criterion_of(question.id).questions


def test_an_edited_bank_is_validated_again(bank_copy):
    cached_bank(bank_copy, load_bank)
    meta = bank_copy / "bank.toml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    calls = []
    cached_bank(bank_copy, lambda d: calls.append(d) or load_bank(d))
    assert calls == [bank_copy]
