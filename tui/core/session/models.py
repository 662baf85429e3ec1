"""The assessment being answered: its answers, position and details. The single source of truth.

The models are dataclasses: a session file is validated by pydantic when it is read
(``tui.core.storage.reading``), while what a person types (titles, notes, answers) is checked
here, by plain code applying the same constraints, so the typing path never loads pydantic.
Which questions show and how an answer is recorded are the rules of ``tui.core.session.answering``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

from tui.core.bank.constraints import After, Rule, check
from tui.core.session.documents import to_document

SCHEMA_VERSION = 6
"""The newest format this app reads. A file is written as 1 unless it records conflicts (2),
each person's position (3), who changed each answer and note (4), which running app did (5)
or values that settling a conflict did not keep (6), so older apps keep reading every file
that does not need them."""
MAX_TITLE = 200
MAX_TEXT = 200_000


def _encodable(text: str) -> str:
    """Refuse what cannot be written as UTF-8 (lone surrogates), instead of failing on save."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text has characters that cannot be saved (lone surrogates)") from None
    return text


def _as_utc(moment: datetime) -> datetime:
    """Times are stored in UTC: a hand-edited time without an offset is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 9999-12-31 23:59:59-23:59 is in the year 10000 in UTC
        raise ValueError("a time that cannot be converted to UTC") from None


Title = Annotated[str, Rule(max_length=MAX_TITLE), After(_encodable)]
NamedTitle = Annotated[str, Rule(min_length=1, max_length=MAX_TITLE), After(_encodable)]
Moment = Annotated[datetime, After(_as_utc)]
Text = Annotated[str, Rule(max_length=MAX_TEXT), After(_encodable)]
Scale = Annotated[int, Rule(ge=1, le=5)]
SessionId = Annotated[str, Rule(pattern=r"^[a-z0-9]{4,32}$")]
Revision = Annotated[int, Rule(ge=0)]
WriterId = Annotated[str, Rule(pattern=r"^[a-z0-9]{4,32}$")]
"""One running app (``tui.core.pairing.identity.writer_id``): two apps under one name are two
writers."""

FORBID_EXTRA: dict[str, Any] = {"extra": "forbid"}
"""pydantic's setting for every model here: an unknown key in a file is an error."""


def utc_now() -> datetime:
    """Whole seconds in UTC: TOML round-trips it exactly and tomllib accepts the offset."""
    return datetime.now(UTC).replace(microsecond=0)


def new_session_id() -> str:
    return os.urandom(4).hex()  # what secrets.token_hex does, without importing OpenSSL


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """One question's answer. Which field is set depends on the question's kind."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA

    choice: str | None = None
    """Single choice: the option id."""
    choices: list[str] | None = None
    """Multiple choice: the option ids, in bank order."""
    value: Scale | None = None
    """1-5 scale."""
    note: Text | None = None
    """Free text the assessor adds to any question."""
    # Who and when never make two answers differ: merges and checks compare what was written.
    by: Title | None = field(default=None, compare=False)
    """Who last changed the answer (choice, choices or value): the instance's author."""
    at: Moment | None = field(default=None, compare=False)
    """When the answer was last changed."""
    note_by: Title | None = field(default=None, compare=False)
    """Who last changed the note."""
    note_at: Moment | None = field(default=None, compare=False)
    """When the note was last changed."""
    writer: WriterId | None = field(default=None, compare=False)
    """Which running app last changed the answer (``by`` is its person's name, not unique)."""
    note_writer: WriterId | None = field(default=None, compare=False)
    """Which running app last changed the note."""

    def __post_init__(self) -> None:
        # Answers come from key presses and typed notes: checked here, whoever builds them.
        if self.value is not None:
            check("Answer", "value", Scale, self.value)
        if self.note is not None:
            check("Answer", "note", Text, self.note)
        for name in ("by", "note_by"):
            if (author := getattr(self, name)) is not None:
                check("Answer", name, Title, author)
        for name in ("at", "note_at"):
            if (moment := getattr(self, name)) is not None:
                object.__setattr__(self, name, check("Answer", name, Moment, moment))
        for name in ("writer", "note_writer"):
            if (writer := getattr(self, name)) is not None:
                check("Answer", name, WriterId, writer)

    @property
    def pick(self) -> tuple[object, ...]:
        """The answer part (what was picked), apart from who and when; hashable (ticks as a
        tuple), so picks can be put in a set."""
        choices = tuple(self.choices) if self.choices is not None else None
        return (self.choice, choices, self.value)

    @property
    def authored(self) -> bool:
        """Records who or when: only schema 4 (and 5) files have these keys."""
        return any(v is not None for v in (self.by, self.at, self.note_by, self.note_at))

    @property
    def is_answered(self) -> bool:
        return self.choice is not None or bool(self.choices) or self.value is not None

    @property
    def is_empty(self) -> bool:
        return not self.is_answered and not self.note


@dataclass(frozen=True, slots=True, kw_only=True)
class Alternative:
    """One side's value of an answer that two people changed apart (a sync or a pairing).

    Kept in the file, with who wrote it and when, until someone picks the answer again.
    The answer fields are those of ``Answer``; none set means that side removed the answer.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA

    author: Title = ""
    """Who wrote this value (the git author of that side, or a pairing participant)."""
    at: Moment
    """When that side last saved the session."""
    choice: str | None = None
    choices: list[str] | None = None
    value: Scale | None = None
    note: Text | None = None
    writer: WriterId | None = None
    """Which running app wrote this value: two apps under one author name are two sides."""

    def __post_init__(self) -> None:
        if self.writer is not None:
            check("Alternative", "writer", WriterId, self.writer)

    @classmethod
    def of(
        cls, answer: Answer | None, author: str, at: datetime, writer: str | None = None
    ) -> Alternative:
        answer = answer or Answer()
        return cls(
            author=author,
            at=at,
            writer=writer or None,
            choice=answer.choice,
            choices=answer.choices,
            value=answer.value,
            note=answer.note,
        )

    @property
    def answer(self) -> Answer:
        return Answer(choice=self.choice, choices=self.choices, value=self.value, note=self.note)


@dataclass(frozen=True, slots=True, kw_only=True)
class NotKept(Alternative):
    """A side's value that settling a conflict did not keep: kept in the file, in full, with
    who chose the other value and when, so no word is lost and its writer can be told."""

    settled_by: Title = ""
    settled_at: Moment
    settled_writer: WriterId | None = None

    @classmethod
    def from_side(
        cls, side: Alternative, by: str, at: datetime, writer: str | None = None
    ) -> NotKept:
        values = {f.name: getattr(side, f.name) for f in fields(Alternative)}
        return cls(**values, settled_by=by, settled_at=at, settled_writer=writer or None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """Where the assessor was, so resuming returns to the same screen and question."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA

    criterion: str = ""
    question: str = ""
    summary: bool = False
    """True when the assessor was on the summary screen."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """A cache of the recommendation at the last save, so listing needs no bank or engine."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA

    answered: int = 0
    total: int = 0
    role: str = ""
    role_name: str = ""
    """The verdict as the bank names it, so a list needs no bank."""
    confidence: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """Ties assessments of one hire together: independent copies, and agreed results."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA

    group: SessionId
    """The id of the first assessment; every copy of it (and their agreement) shares it."""
    blind: bool = True
    """Sealed: linked assessments' answers stay hidden until every one is marked done."""
    agreed_from: list[SessionId] = field(default_factory=list)
    """For an agreed session: the ids of the independent assessments it was settled from."""
    assessors: list[Title] = field(default_factory=list)
    """For an agreed session: everyone who assessed independently."""

    def __post_init__(self) -> None:
        check("Link", "group", SessionId, self.group)
        for session_id in self.agreed_from:
            check("Link", "agreed_from", SessionId, session_id)
        for name in self.assessors:
            check("Link", "assessors", Title, name)


@dataclass(slots=True, kw_only=True)
class Session:
    """One assessment, exactly as it is stored in its TOML file."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA

    schema_version: Literal[1, 2, 3, 4, 5, 6] = 1
    """As read; a save writes the lowest version that holds what it records (see
    ``SCHEMA_VERSION``)."""
    id: SessionId = field(default_factory=new_session_id)
    title: NamedTitle
    role_title: Title = ""
    """The role as the job ad names it, e.g. 'Senior Python engineer, payments'."""
    assessor: Title = ""
    created: Moment = field(default_factory=utc_now)
    updated: Moment = field(default_factory=utc_now)
    bank_version: str = ""
    revision: Revision = 0
    """Bumped on every save; a save checks it to notice another writer."""
    notes: Text = ""
    """The assessor's overall notes on the whole assessment."""
    done: bool = False
    """The assessor marked the assessment done (it unseals linked blind assessments)."""
    link: Link | None = None
    """Set on linked assessments (``hiring-clarity copy``) and agreed ones; absent otherwise."""
    position: Position = field(default_factory=Position)
    summary: Summary = field(default_factory=Summary)
    answers: dict[str, Answer] = field(default_factory=dict)
    conflicts: dict[str, list[Alternative]] = field(default_factory=dict)
    """Answers changed on two sides that a merge could not choose between, by question id:
    every side's value, until someone answers the question again. Written last, and only
    when there is one, so lists (which read up to the answers) never parse it."""
    positions: dict[Title, Position] = field(default_factory=dict)
    """Each person's own position, by author name (``tui.core.pairing.positions``); ``position`` is
    the last move of anyone. After the answers, and only when there is one, like conflicts."""
    not_kept: dict[str, list[NotKept]] = field(default_factory=dict)
    """Values that settling a conflict did not keep, by question id, oldest first; never
    removed (``tui.core.session.conflicts.settle``). Last, and only when there is one."""

    def __setattr__(self, name: str, value: object) -> None:
        """What a person types (and what code sets: id, times, revision) is checked when set,
        by the rules pydantic applies to a file; answers check themselves when built."""
        typed = _CHECKED_ON_SET.get(name)
        if typed is not None:
            value = check("Session", name, typed, value)
        object.__setattr__(self, name, value)

    def to_document(self) -> dict[str, Any]:
        """The session as TOML-ready data: nested dicts, no None (TOML has no null)."""
        document: dict[str, Any] = to_document(self)
        authored = any(answer.authored for answer in self.answers.values())
        written = any(a.writer or a.note_writer for a in self.answers.values()) or any(
            a.writer for sides in self.conflicts.values() for a in sides
        )  # which running app changed it: schema 5
        document["schema_version"] = (
            6
            if self.not_kept
            else 5
            if written
            else 4
            if authored
            else 3
            if self.positions
            else 2
            if self.conflicts
            else 1
        )
        if not self.conflicts:
            del document["conflicts"]
        if not self.positions:
            del document["positions"]
        if not self.not_kept:
            del document["not_kept"]
        return document


_CHECKED_ON_SET: dict[str, Any] = {
    "id": SessionId,
    "title": NamedTitle,
    "role_title": Title,
    "assessor": Title,
    "notes": Text,
    "created": Moment,
    "updated": Moment,
    "revision": Revision,
}
