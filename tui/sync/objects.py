"""git's objects read through one ``git cat-file --batch``, asked one at a time: the commits,
trees and files of a fast-forward without a git process for each question.

cat-file answers each request as soon as it is written (its documented interactive use), so one
process serves the whole conversation. Objects are named by id after the first lookup, so a
ref moved meanwhile (another sync's fetch) cannot mix two versions in one answer.
The formats read here are git's own: "tree <id>" and "parent <id>" lines heading a commit, and
"<mode> <name>\\0<binary id>" entries of a tree.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
from types import TracebackType

from tui.sync.git import Git

PLAIN_FILES = (b"100644", b"100755")
"""Tree entry modes of an ordinary file (the others: folders, links, submodules)."""
ANCESTORS_WALKED = 64
"""How far back ``descends`` looks before leaving the question to ``git rev-list``."""


class GitObject:
    def __init__(self, oid: str, kind: str, content: bytes) -> None:
        self.oid = oid
        self.kind = kind
        self.content = content

    def header(self, field: str) -> list[str]:
        """A commit's values of ``field`` ('tree', 'parent'), from the lines before the message."""
        head = self.content.split(b"\n\n", 1)[0].decode("utf-8", "replace")
        prefix = f"{field} "
        return [line[len(prefix) :] for line in head.splitlines() if line.startswith(prefix)]


class Objects:
    """A conversation with one ``git cat-file --batch``; use it in a ``with`` block."""

    def __init__(self, git: Git) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=git.directory,
                env=git.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=not git.interactive,
            )
        except OSError as exc:
            raise git.cannot_run(exc) from None

    def __enter__(self) -> Objects:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._process, contextlib.suppress(BrokenPipeError):
            self._process.communicate()

    def read(self, name: str) -> GitObject | None:
        """The object ``name`` (an id, a ref, ``HEAD``), or None when there is no such object."""
        assert self._process.stdin is not None and self._process.stdout is not None
        if "\n" in name:
            return None
        try:
            self._process.stdin.write(name.encode() + b"\n")
            self._process.stdin.flush()
        except BrokenPipeError:  # git has gone: the caller asks another way
            return None
        fields = self._process.stdout.readline().split()
        if len(fields) != 3 or not fields[2].isdigit():  # '<name> missing', or git has gone
            return None
        size = int(fields[2])
        content = self._process.stdout.read(size + 1)[:size]  # and the newline after it
        return GitObject(fields[0].decode(), fields[1].decode(), content)


def descends(objects: Objects, commit: GitObject, ancestor: str) -> bool:
    """Whether ``ancestor`` is in ``commit``'s history, looking at most ``ANCESTORS_WALKED``
    commits back (False beyond: the caller asks git)."""
    queue, seen = commit.header("parent"), set[str]()
    while queue and len(seen) < ANCESTORS_WALKED:
        oid = queue.pop(0)
        if oid == ancestor:
            return True
        if oid in seen:
            continue
        seen.add(oid)
        found = objects.read(oid)
        if found is not None:
            queue += found.header("parent")
    return False


def files(objects: Objects, commit: GitObject) -> dict[bytes, bytes] | None:
    """Name → binary id of the files in a commit's folder (as git stores them: only the few
    that differ need decoding); None when it holds anything but plain files (a sub-folder, a
    link), which the caller leaves to ``git diff-tree``."""
    tree = objects.read(commit.header("tree")[0]) if commit.header("tree") else None
    if tree is None:
        return None
    width = len(tree.oid) // 2  # 20 bytes (SHA-1) or 32 (SHA-256)
    entries = re.findall(rb"(\d+) ([^\0]*)\0(.{%d})" % width, tree.content, re.DOTALL)
    read = sum(len(mode) + len(name) + 2 + width for mode, name, _ in entries)
    if read != len(tree.content) or any(mode not in PLAIN_FILES for mode, _, _ in entries):
        return None  # not read whole as entries, or not all plain files
    return {name: oid for _, name, oid in entries}
