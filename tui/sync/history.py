"""``history SESSION``: who changed which answer and when, read from the git log.

Each commit's version of the file is compared with its parent's; a merge shows only what it
made itself (a conflict recorded), since what it brought in is listed under its own author.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.core.errors import HiringClarityError
from tui.core.storage.reading import parse_toml
from tui.core.text import one_line
from tui.sync.git import GitError
from tui.sync.repo import Repo, not_set_up

_SEP = "\x1f"


@dataclass(frozen=True)
class Change:
    """One commit's change to a session file."""

    when: datetime
    author: str
    committer: str
    merge: bool
    changes: list[str]
    """'question: old -> new' lines; empty for a commit that changed no answer."""


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
        changes = _changes(before, mine)
        merge = len(before) > 1
        if merge and not changes:
            continue
        when = datetime.fromtimestamp(int(stamp), UTC)
        found.append(Change(when, author, committer, merge, changes))
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


def _changes(parents: list[dict[str, Any] | None], mine: dict[str, Any] | None) -> list[str]:
    """What differs from every parent: answers (old -> new) and conflicts recorded."""
    if mine is None:
        return ["deleted"]
    if parents == [None]:
        return ["new assessment"] + [f"{q}: {_show(a)}" for q, a in _answers(mine).items()]
    lines = []
    answers = _answers(mine)
    olds = [_answers(p) for p in parents]
    for qid in sorted(set(answers).union(*olds)):
        new = answers.get(qid)
        if all(old.get(qid) != new for old in olds):
            lines.append(f"{qid}: {_show(olds[0].get(qid))} -> {_show(new)}")
    conflicts = _table(mine, "conflicts")
    for qid, alternatives in sorted(conflicts.items()):
        if all(_table(p, "conflicts").get(qid) != alternatives for p in parents):
            shown = alternatives if isinstance(alternatives, list) else [alternatives]
            sides = ", ".join(
                f"{a.get('author', '?') if isinstance(a, dict) else '?'}: {_show(a)}" for a in shown
            )
            lines.append(f"{one_line(str(qid), 80)}: conflict recorded ({sides})")
    return lines


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
        text = "(no answer)"
    if answer.get("note"):
        text += " + note"
    return one_line(text, 80)


def format_history(changes: list[Change]) -> str:
    lines = []
    for change in changes:
        who = (
            change.author
            if change.committer == change.author
            else (f"{change.author} (committed by {change.committer})")
        )
        kind = "merge by " if change.merge else ""
        what = "; ".join(change.changes) or "no answer changed (details only)"
        lines.append(
            f"{change.when:%Y-%m-%d %H:%M} UTC  {kind}{one_line(who, 60)}: {one_line(what, 2000)}"
        )
    return "\n".join(lines)
