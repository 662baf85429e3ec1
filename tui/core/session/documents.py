"""Models as TOML-ready data: nested dicts and lists, no None (TOML has no null)."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import Any

_LEAVES = frozenset({str, int, float, bool, datetime})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_document(value: Any) -> Any:
    """Models as nested dicts, leaving out fields that are None, for tomli-w (on every save)."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is dict:
        return {key: to_document(item) for key, item in value.items()}
    if kind is list:
        return [to_document(item) for item in value]
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not is_dataclass(value):
            return value
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
    return {name: to_document(item) for name in names if (item := getattr(value, name)) is not None}
