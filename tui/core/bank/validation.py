"""Validating what comes from files: the only core module that imports pydantic.

The models are plain dataclasses whose rules (``tui.core.bank.constraints``) pydantic reads
here. Import this module only where untrusted data must be checked (a bank or session file not
seen before): loading pydantic and building its validators costs more than the rest of a
``report`` run.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

__all__ = ["ValidationError", "validate"]

T = TypeVar("T")

# A dataclass validator names two errors differently from a pydantic model; our messages (and
# the docs and tests quoting them) keep the model's names.
_AS_MODELS_SAY = {
    "unexpected_keyword_argument": "extra_forbidden",
    "dataclass_type": "model_type",
}


_adapters: dict[type, TypeAdapter[Any]] = {}


def _adapter(model_type: type) -> TypeAdapter[Any]:
    """One validator per model, built on first use (building is most of pydantic's cost)."""
    adapter = _adapters.get(model_type)
    if adapter is None:
        adapter = _adapters[model_type] = TypeAdapter(model_type)
    return adapter


def validate(model_type: type[T], data: object) -> T:
    """``data`` (from TOML) as a ``model_type`` instance, or pydantic's ValidationError."""
    try:
        validated: T = _adapter(model_type).validate_python(data)
    except ValidationError as exc:
        raise _renamed(exc) from None
    return validated


def _renamed(exc: ValidationError) -> ValidationError:
    errors = exc.errors(include_url=False)
    if not any(e["type"] in _AS_MODELS_SAY for e in errors):
        return exc
    details: list[Any] = []
    for error in errors:
        detail = {
            "type": _AS_MODELS_SAY.get(error["type"], error["type"]),
            "loc": error["loc"],
            "input": error["input"],
        }
        if "ctx" in error:
            detail["ctx"] = error["ctx"]
        details.append(detail)
    return ValidationError.from_exception_data(exc.title, details)
