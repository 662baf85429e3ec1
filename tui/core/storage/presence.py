"""Who else has an assessment open: one small heartbeat file per running instance.

No server: each instance writes ``<sessions>/.hiring-clarity/presence/<session id>.<instance>.json``
(atomically, about once a second and at once when it moves) saying who it is, where it is and
whom it follows; a clean exit removes it. A reader counts a file as a live person while it is
fresh and, when it was written on this host, its process is alive; so a person whose process is
killed (kill -9, a dropped link) disappears at the next look on the same machine, and within
``STALE_AFTER`` seconds from anywhere else. Presence never stops the app: a folder that cannot be
written or read only means nobody is shown.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from tui.core.errors import HiringClarityError
from tui.core.storage.folders import opened, read_fd
from tui.core.storage.sharing import file_mode

FOLDER = "presence"
"""Inside the bookkeeping folder; checked 0700 like the others (``tui.core.storage.folders``)."""
BEAT_EVERY = 1.0
"""Seconds between heartbeats."""
STALE_AFTER = 2.5
"""A heartbeat older than this is a person gone (on another host, where no pid can be checked)."""
SWEEP_AFTER = 60.0
"""A file this old, or of a dead process here, is removed by whoever reads it."""
_MAX_BYTES = 4096
_SUFFIX = ".json"
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC


def host_name() -> str:
    """This machine's short name: a live process is told apart by host and pid."""
    return socket.gethostname().split(".")[0] or "localhost"


@dataclass(frozen=True, slots=True)
class Peer:
    """One running instance on an assessment, as its heartbeat file says."""

    instance: str
    """Random per run: one person may have the same assessment open twice."""
    who: str
    host: str
    pid: int
    session: str
    criterion: str = ""
    question: str = ""
    summary: bool = False
    following: str = ""
    """The instance this one follows ('' for nobody)."""
    watching: bool = False
    """Opened with ``--watch``: read-only, following whoever drives."""
    active: float = 0.0
    """When its person last pressed a key (seconds since the epoch)."""
    beat: float = 0.0
    """When the file was last written."""

    def idle(self, now: float) -> float:
        return max(0.0, now - self.active)


def _peer(data: object) -> Peer | None:
    """A heartbeat's content if it is well-formed, else None (a torn or foreign file)."""
    if not isinstance(data, dict):
        return None
    try:
        peer = Peer(**data)
    except TypeError:
        return None
    text = (
        peer.instance,
        peer.who,
        peer.host,
        peer.session,
        peer.criterion,
        peer.question,
        peer.following,
    )
    numbers = (peer.active, peer.beat)
    if not (
        all(type(v) is str for v in text)
        and type(peer.pid) is int
        and 0 < peer.pid < 2**31  # a pid the kernel can be asked about
        and all(type(v) in (int, float) for v in numbers)
        and type(peer.summary) is bool
        and type(peer.watching) is bool
    ):
        return None
    return peer


@dataclass(frozen=True, slots=True)
class _Damaged:
    """A heartbeat file that holds no heartbeat, as its stat says (a rewrite changes it)."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, stat: os.stat_result) -> _Damaged:
        return cls(stat.st_ino, stat.st_size, stat.st_mtime_ns)


def process_alive(pid: int) -> bool:
    """Whether a process of this host runs (a zombie, killed but not yet reaped, does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        pass
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            state = stat.read().rsplit(b")", 1)[-1].split()[:1]
    except OSError:  # no /proc (macOS): the signal test is all there is
        return True
    return state != [b"Z"]


class Presence:
    """This instance's heartbeat, and a look at everyone else's on the same assessment."""

    def __init__(
        self,
        directory: Path,
        session_id: str,
        who: str,
        *,
        watching: bool = False,
        clock: Callable[[], float] = time.time,
        instance: str = "",
    ) -> None:
        self.directory = directory
        self.clock = clock
        now = clock()
        self.me = Peer(
            instance=instance or os.urandom(4).hex(),
            who=who,
            host=host_name(),
            pid=os.getpid(),
            session=session_id,
            watching=watching,
            active=now,
            beat=now,
        )
        self.left = False
        self._changed: dict[str, tuple[object, float]] = {}
        """Each file looked at: what it last held (its beat, or its stat when damaged) and
        when, by this clock, that changed. Another host's clock may run ahead, so a heartbeat
        is as fresh as its last change seen here, never fresher than its own date says."""

    @property
    def name(self) -> str:
        return f"{self.me.session}.{self.me.instance}{_SUFFIX}"

    def moved(self, criterion: str, question: str = "", summary: bool = False) -> None:
        """Where this person is now: written at once, so others see the move without a wait."""
        self.me = replace(self.me, criterion=criterion, question=question, summary=summary)
        self.beat()

    def follow(self, instance: str) -> None:
        """Follow another instance ('' to stop); written at once so they see it."""
        self.me = replace(self.me, following=instance)
        self.beat()

    def touched(self) -> None:
        """This person pressed a key: not idle (written with the next beat)."""
        self.me = replace(self.me, active=self.clock())

    def beat(self) -> bool:
        """Write the heartbeat (atomically: readers never see half a file); False if it
        could not be written (a full disk, a folder not ours), which only hides us."""
        if self.left:
            return False
        self.me = replace(self.me, beat=self.clock())
        data = json.dumps(asdict(self.me)).encode("utf-8")
        temporary = f".{self.name}.tmp"
        try:
            with opened(self.directory, FOLDER) as (sessions, _, folder):
                mode = file_mode(sessions)  # 0660 in a group-shared folder: colleagues read it
                fd = os.open(
                    temporary,
                    os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC,
                    mode,
                    dir_fd=folder,
                )
                try:
                    if mode != 0o600:
                        os.fchmod(fd, mode)
                    os.write(fd, data)
                finally:
                    os.close(fd)
                os.replace(temporary, self.name, src_dir_fd=folder, dst_dir_fd=folder)
        except (OSError, HiringClarityError):
            return False
        return True

    def leave(self) -> None:
        """A clean exit: the file goes, so others see us leave at their next look."""
        self.left = True
        with (
            contextlib.suppress(OSError, HiringClarityError),
            opened(self.directory, FOLDER) as (_, _, folder),
        ):
            os.unlink(self.name, dir_fd=folder)

    def others(self) -> list[Peer]:
        """Everyone else live on this assessment, by name; dead files are swept away."""
        try:
            with opened(self.directory, FOLDER) as (_, _, folder):
                names = [n for n in os.listdir(folder) if self._ours_to_look_at(n)]
                self._changed = {n: seen for n, seen in self._changed.items() if n in names}
                peers = [p for name in names if (p := self._look(folder, name)) is not None]
        except (OSError, HiringClarityError):
            return []
        return sorted(peers, key=lambda p: (p.who.casefold(), p.instance))

    def _ours_to_look_at(self, name: str) -> bool:
        """Another instance's heartbeat on this assessment (not ours, not a temporary file)."""
        return (
            name.endswith(_SUFFIX)
            and name != self.name
            and not name.startswith(".")
            and name.startswith(f"{self.me.session}.")
        )

    def _unchanged_for(self, name: str, held: object) -> float:
        """Seconds, by this clock, since the file ``name`` last changed to hold ``held``."""
        now = self.clock()
        seen = self._changed.get(name)
        if seen is None or seen[0] != held:
            self._changed[name] = seen = (held, now)
        return now - seen[1]

    def _look(self, folder: int, name: str) -> Peer | None:
        """The live peer a file names, or None (gone, damaged, stale). Dead and damaged files
        are removed: a damaged one is read again only when it changes, and swept once it has
        not changed for longer than a live instance waits between heartbeats."""
        try:
            damaged = _Damaged.of(os.stat(name, dir_fd=folder, follow_symlinks=False))
        except OSError:
            return None
        if self._changed.get(name, (None,))[0] == damaged:  # read already: nothing new
            if self._unchanged_for(name, damaged) > STALE_AFTER:
                self._sweep(folder, name)
            return None
        try:
            peer = _peer(
                json.loads(
                    read_fd(os.open(name, _FLAGS, dir_fd=folder), self.directory / name, _MAX_BYTES)
                )
            )
        except (OSError, ValueError, HiringClarityError):
            peer = None
        if peer is None:
            self._unchanged_for(name, damaged)
            return None
        # As old as its own date says, or as long as it has not changed here if that is
        # longer (a clock running ahead dates its heartbeats in the future).
        age = max(self.clock() - peer.beat, self._unchanged_for(name, peer.beat))
        if (peer.host == self.me.host and not process_alive(peer.pid)) or age > SWEEP_AFTER:
            self._sweep(folder, name)
            return None
        return peer if age <= STALE_AFTER else None

    def _sweep(self, folder: int, name: str) -> None:
        self._changed.pop(name, None)
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
