"""Reading the question bank from its TOML files and the checks no single model can make.

Every error names the file (with the line of the id), the question id and the field, so a
broken bank is fixed with an editor, not a debugger. pydantic validates each file
(``tui.core.bank.validation``) only when the per-user cache has no bank for these files.
"""

from __future__ import annotations

import os
import re
import stat
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from tui.core.bank import constraints, weights
from tui.core.bank import models as bank
from tui.core.bank import types as bank_types
from tui.core.bank.models import (
    ROLE_IDS,
    Bank,
    BankMeta,
    ChoiceQuestion,
    Criterion,
    Effect,
    ScaleQuestion,
    ShowIf,
    SkillsCatalogue,
)
from tui.core.bank.weights import check_contradictions, check_facts_and_states, check_weights
from tui.core.errors import BankError

M = TypeVar("M")

META_FILE = "bank.toml"
SKILLS_FILE = "skills.toml"
JOB_FILE = "job.toml"
"""What a job description may quote (``tui.core.reports.handouts.job``); not a criterion."""
QUESTIONS_ENV = "HIRING_CLARITY_QUESTIONS"
MAX_BANK_FILE_BYTES = 64_000_000


def default_questions_dir() -> Path:
    """The bank to use: the environment's choice, else the one beside the code or in the wheel."""
    chosen = os.environ.get(QUESTIONS_ENV)
    if chosen:
        return Path(chosen)
    checkout = Path(__file__).resolve().parents[3] / "questions"
    if (checkout / META_FILE).is_file():
        return checkout
    return Path(__file__).resolve().parents[2] / "questions"


class _Source:
    """One bank file: its TOML, and (built on first use, in one pass) the line of each id."""

    _DECLARES = re.compile(r"""\s*id\s*=\s*["']([^"'\n]*)["']""")

    def __init__(self, path: Path, data: dict, text: str) -> None:
        self.path = path
        self.data = data
        self._text = text
        self._lines: dict[str, int] | None = None

    def at(self, item_id: str | None = None) -> str:
        """'file:line' of the line declaring ``id = "<item_id>"``, so an editor can jump there.

        One pass over the file for all ids: a bank of 8,000 questions is checked in linear time.
        """
        if not item_id:
            return str(self.path)
        if self._lines is None:
            self._lines = {}
            for number, line in enumerate(self._text.split("\n"), 1):
                match = self._DECLARES.match(line)
                if match:
                    self._lines.setdefault(match.group(1), number)
        line_number = self._lines.get(item_id)
        return f"{self.path}:{line_number}" if line_number else str(self.path)


def _read_toml(path: Path) -> _Source:
    """A bank file's TOML. Only a regular file is opened (checked first, opened non-blocking:
    a named pipe never hangs ``validate``); every way it cannot be read is one BankError."""
    import tomllib  # only when a file is parsed: the caches usually answer first

    from tui.core.storage.folders import kind_of, read_regular

    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise BankError(f"{path}: not a regular file ({kind_of(mode)})")
        raw = read_regular(path, MAX_BANK_FILE_BYTES, follow_links=True)
        if len(raw) > MAX_BANK_FILE_BYTES:
            raise BankError(f"{path}: too large ({MAX_BANK_FILE_BYTES:,} bytes max)")
        text = raw.decode("utf-8")
        return _Source(path, tomllib.loads(text), text)
    except FileNotFoundError:
        raise BankError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{path}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise BankError(f"{path}: TOML syntax error: nested too deeply to read") from None
    except UnicodeDecodeError as exc:
        raise BankError(f"{path}: cannot read: {exc}") from None
    except ValueError:  # Python's limit on the digits of an integer (4,300)
        raise BankError(f"{path}: TOML syntax error: a number too long to read") from None
    except OSError as exc:
        raise BankError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _where(source: _Source, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into 'file:line: question <id>, field <path>'."""
    path, data = source.path, source.data
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        questions = data.get("questions") or []
        qid = f"#{loc[1] + 1}"
        if loc[1] < len(questions) and isinstance(questions[loc[1]], dict):
            qid = str(questions[loc[1]].get("id", qid))
        rest = [str(p) for p in loc[2:] if p not in ("single", "multi", "scale")]
        return f"{source.at(qid)}: question {qid!r}, field {'.'.join(rest) or '(whole question)'}"
    return f"{path}: field {'.'.join(str(p) for p in loc) or '(whole file)'}"


def _parse(model_type: type[M], source: _Source) -> M:
    from tui.core.bank.validation import ValidationError, validate

    try:
        return validate(model_type, source.data)
    except ValidationError as exc:
        lines = [f"{_where(source, e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise BankError("\n".join(lines)) from None


def criterion_files(directory: Path) -> list[Path]:
    """Criterion files in screen order: every TOML file but the fixed ones, by name."""
    fixed = (META_FILE, SKILLS_FILE, JOB_FILE)
    return sorted(p for p in directory.glob("*.toml") if p.name not in fixed)


def load_bank(directory: Path | str | None = None) -> Bank:
    """Load and cross-check a bank; raises BankError listing every problem found."""
    directory = Path(directory) if directory is not None else default_questions_dir()
    if not directory.is_dir():
        raise BankError(f"{directory}: question bank folder not found")
    meta_path, skills_path = directory / META_FILE, directory / SKILLS_FILE
    meta = _parse(BankMeta, _read_toml(meta_path))
    catalogue = _parse(SkillsCatalogue, _read_toml(skills_path))
    files = criterion_files(directory)
    if not files:
        raise BankError(f"{directory}: no criterion files (expected e.g. 01-problem-framing.toml)")
    sources = [_read_toml(path) for path in files]
    criteria = [(source, _parse(Criterion, source)) for source in sources]
    problems = _cross_check(meta_path, meta, skills_path, catalogue, criteria)
    if problems:
        raise BankError("\n".join(problems))
    return Bank(
        meta=meta,
        catalogue=catalogue,
        criteria=[c for _, c in criteria],
        source=str(directory),
    )


@cache
def load_bank_cached(directory: str) -> Bank:
    """The bank, parsed once per process and, across processes, once per change of its files."""
    return bank_via_cache(Path(directory))


def bank_via_cache(directory: Path, load: Callable[[Path], Bank] = load_bank) -> Bank:
    """Validating the bank loads pydantic and builds its validators, which costs more than the
    whole rest of a ``report`` run; a pickle of the validated bank, keyed by its files and the
    code that validates it, skips that."""
    from tui.core.storage.cache import cached

    # The validating code is named, not imported: importing it would load pydantic (and
    # ``importlib.util.find_spec`` alone costs a start 0.1 MiB and a millisecond).
    validation = Path(__file__).with_name("validation.py")
    modules = [
        bank.__file__,
        bank_types.__file__,
        __file__,
        constraints.__file__,
        weights.__file__,
    ]
    code = [Path(module) for module in modules if module]
    code += [validation] if validation.exists() else []
    files = sorted(directory.glob("*.toml"))
    return cached("bank", [*files, *code], lambda: load(directory), Bank)


def _cross_check(
    meta_path: Path,
    meta: BankMeta,
    skills_path: Path,
    catalogue: SkillsCatalogue,
    criteria: list[tuple[_Source, Criterion]],
) -> list[str]:
    """The checks no single model can make: ids across files and references between them."""
    problems: list[str] = []
    skill_ids: set[str] = set()
    for group in catalogue.groups:
        for skill in group.skills:
            if skill.id in skill_ids:
                problems.append(f"{skills_path}: skill {skill.id!r}: duplicate id")
            skill_ids.add(skill.id)
    role_ids = [r.id for r in meta.roles]
    if sorted(role_ids) != sorted(ROLE_IDS):
        problems.append(f"{meta_path}: field roles: need exactly {', '.join(ROLE_IDS)}")
    for role in meta.roles:
        problems += [
            f"{meta_path}: role {role.id!r}, field skills.{s}: unknown skill {s!r}"
            for s in role.skills
            if s not in skill_ids
        ]
    engine = meta.engine
    if not engine.must > engine.should > engine.nice:
        problems.append(f"{meta_path}: field engine: need must > should > nice")
    if not engine.leans < engine.recommend:
        problems.append(f"{meta_path}: field engine: need leans < recommend")

    seen: dict[str, ChoiceQuestion | ScaleQuestion] = {}
    facts: dict[str, tuple[float, str]] = {}
    criterion_ids: set[str] = set()
    for source, criterion in criteria:
        if criterion.id in criterion_ids:
            problems.append(f"{source.path}: field id: duplicate criterion id {criterion.id!r}")
        criterion_ids.add(criterion.id)
        for question in criterion.questions:
            where = f"{source.at(question.id)}: question {question.id!r}"
            if question.id in seen:
                problems.append(f"{where}, field id: duplicate question id")
            problems += _check_effects(where, question, skill_ids)
            problems += check_weights(where, question, engine.max_answer_points, facts)
            if question.show_if is not None:
                problems += _check_show_if(where, question.show_if, seen)
            seen.setdefault(question.id, question)
    problems += check_contradictions(meta_path, meta.contradictions, seen)
    problems += check_facts_and_states(meta_path, meta, seen)
    problems += [
        f"{skills_path}: skill {s.id!r}, field flask_only: only for skills of the Flask group"
        for g in catalogue.groups
        for s in g.skills
        if s.flask_only and g.id != "flask-ecosystem"
    ]
    return problems


def _check_effects(
    where: str, question: ChoiceQuestion | ScaleQuestion, skill_ids: set[str]
) -> list[str]:
    problems: list[str] = []
    effects: list[tuple[str, Effect]]
    if isinstance(question, ChoiceQuestion):
        effects = [(f"options.{o.id}", o) for o in question.options]
        counts = Counter(o.id for o in question.options)
        duplicates = sorted(o for o, n in counts.items() if n > 1)
        problems += [f"{where}, field options.{o}: duplicate option id" for o in duplicates]
    else:
        effects = [("at_low", question.at_low), ("at_high", question.at_high)]
    for name, effect in effects:
        problems += [
            f"{where}, field {name}.skills.{s}: unknown skill {s!r}"
            for s in effect.skills
            if s not in skill_ids
        ]
    return problems


def _check_show_if(
    where: str, show_if: ShowIf, earlier: dict[str, ChoiceQuestion | ScaleQuestion]
) -> list[str]:
    target = earlier.get(show_if.question)
    if target is None:
        return [f"{where}, field show_if.question: {show_if.question!r} is not an earlier question"]
    if isinstance(target, ChoiceQuestion):
        if show_if.any_of is None or show_if.at_least is not None or show_if.at_most is not None:
            return [f"{where}, field show_if: a choice question needs any_of (and only any_of)"]
        options = {o.id for o in target.options}
        return [
            f"{where}, field show_if.any_of: {o!r} is not an option of {target.id!r}"
            for o in show_if.any_of
            if o not in options
        ]
    if show_if.any_of is not None or (show_if.at_least is None and show_if.at_most is None):
        return [f"{where}, field show_if: a scale question needs at_least or at_most"]
    return []
