"""Reading one session file: the one entry point that reads, checks and returns a session.

``read_session`` reads the bytes (a regular file only, never through a link, never blocking),
parses the TOML, checks the schema and builds the session: plainly when the file holds exactly
what this app writes (``plain_session``), else through pydantic. Every failure is one
SessionFileError naming the file; nothing is written and nothing is cached. Bytes that come
from elsewhere (a backup, a version from git) go through ``session_from_bytes``, the same checks.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from tui.core.errors import SessionFileError, explain
from tui.core.session.models import SCHEMA_VERSION, Session
from tui.core.storage.folders import read_regular
from tui.core.storage.plain_session import plain_session

SUFFIX = ".toml"
MAX_FILE_BYTES = 8_000_000


def link_reason(path: Path) -> str:
    """Why a symbolic link in a session file's place is not read."""
    target = "to nothing (dangling)" if not path.exists() else "(not followed)"
    return f"a symbolic link {target}; session files must be regular files"


def read_bytes(path: Path) -> bytes:
    """A session file's bytes, turning every way it can be unreadable into one message.

    Only a regular file is read: never through a symbolic link, never blocking on a named
    pipe or a device (see ``read_regular``).
    """
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise SessionFileError(f"{path}: no such session file") from None
    except PermissionError:
        raise SessionFileError(f"{path}: not readable (permission denied)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SessionFileError(f"{path}: {link_reason(path)}") from None
        raise SessionFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SessionFileError(f"{path}: empty file")
    if len(raw) > MAX_FILE_BYTES:
        raise SessionFileError(f"{path}: too large to be a session ({MAX_FILE_BYTES:,} bytes max)")
    return raw


def parse_toml(path: Path, raw: bytes, header_only: bool = False) -> dict[str, Any]:
    """The TOML of a session file's bytes, or SessionFileError saying why it cannot be read.

    With ``header_only`` the answers are left unparsed: tomli-w writes them last and escapes
    newlines inside strings, so the first line starting with ``[answers`` ends the header.
    Listing a thousand sessions then costs a fraction of reading them whole.
    """
    if header_only:
        end = raw.find(b"\n[answers")
        raw = raw if end < 0 else raw[: end + 1]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionFileError(f"{path}: not a text file (binary or not UTF-8)") from None
    import tomllib  # only when a file is parsed: the caches usually answer first

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SessionFileError(f"{path}: damaged TOML: {exc}") from None
    except RecursionError:
        raise SessionFileError(f"{path}: damaged TOML: nested too deeply to read") from None
    except ValueError:  # Python's limit on the digits of an integer (4,300)
        raise SessionFileError(f"{path}: damaged TOML: a number too long to read") from None


def check_schema(path: Path, document: dict[str, Any]) -> None:
    """Tell a foreign file and a newer app's file apart from a damaged one."""
    version = document.get("schema_version")
    if version is None or "answers" not in document and "title" not in document:
        raise SessionFileError(f"{path}: not a hiring-clarity session (no schema_version)")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionFileError(f"{path}: schema_version must be a whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise SessionFileError(
            f"{path}: written by a newer hiring-clarity (schema {version}; this one reads "
            f"{SCHEMA_VERSION}); upgrade to open it"
        )
    if version < 1:
        raise SessionFileError(f"{path}: unknown schema_version {version}")


def _validated(path: Path, document: dict[str, Any]) -> Session:
    """Validate a session file's TOML with pydantic (loaded on first use)."""
    check_schema(path, document)
    from tui.core.bank.validation import ValidationError, validate

    try:
        return validate(Session, document)
    except ValidationError as exc:
        raise SessionFileError(f"{path}: wrong data at {explain(exc)}") from None


def read_session(path: Path, header_only: bool = False) -> Session:
    """Load one session, or raise SessionFileError with a one-line reason naming the file.

    A file holding exactly what this app writes is built without pydantic (``plain_session``);
    anything else is validated. ``header_only`` gives the session without its answers (for
    lists): fast, but a file damaged only among its answers is noticed by a full read alone.
    """
    return session_from_bytes(path, read_bytes(path), header_only)


def session_from_bytes(path: Path, raw: bytes, header_only: bool = False) -> Session:
    """The session in ``raw`` (a file's bytes, a backup, a version from git), checked exactly
    as ``read_session`` checks a file; errors name ``path``."""
    document = parse_toml(path, raw, header_only)
    check_schema(path, document)
    return plain_session(document, header_only) or _validated(path, document)
