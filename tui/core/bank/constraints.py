"""Field constraints, written once in ``Annotated[...]``, for pydantic and for plain checks alike.

Defining a rule imports nothing. pydantic asks each marker for its part of the schema only when
``tui.core.bank.validation`` builds a validator for a file; values a person types are checked by
``check``, which applies the same rules with pydantic's own messages, so typing never waits for
pydantic to load.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, get_args

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

_CONSTRAINED = ("str", "int", "float", "list", "dict")


class FieldError(ValueError):
    """A value breaks its field's rule. Shaped like pydantic's ValidationError (a ValueError
    with ``errors()``), so ``explain`` and every caller treat the two alike."""

    def __init__(self, owner: str, name: str, kind: str, message: str, value: object) -> None:
        self.details = {"type": kind, "loc": (name,), "msg": message, "input": value}
        super().__init__(
            f"1 validation error for {owner}\n{name}\n"
            f"  {message} [type={kind}, input_type={type(value).__name__}]"
        )

    def errors(self) -> list[dict[str, Any]]:
        return [dict(self.details)]


class Rule:
    """Constraints in pydantic-core's own terms: min_length, max_length, pattern, ge, le, gt.

    Put it before any ``After`` in an ``Annotated``: it constrains the plain type's schema.
    """

    __slots__ = ("constraints",)

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __repr__(self) -> str:
        return f"Rule({', '.join(f'{k}={v!r}' for k, v in self.constraints.items())})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        schema = handler(source)
        if schema["type"] not in _CONSTRAINED:
            raise TypeError(f"{self!r} cannot constrain a {schema['type']!r} schema")
        return {**schema, **self.constraints}

    def check(self, owner: str, name: str, value: Any) -> None:
        """The constraints for a str or a number, with the messages pydantic gives."""
        limits = self.constraints
        problem = None
        if isinstance(value, str):
            size = len(value)
            if "min_length" in limits and size < limits["min_length"]:
                problem = (
                    "string_too_short",
                    f"String should have at least {_count(limits['min_length'], 'character')}",
                )
            elif "max_length" in limits and size > limits["max_length"]:
                problem = (
                    "string_too_long",
                    f"String should have at most {_count(limits['max_length'], 'character')}",
                )
            elif "pattern" in limits and not re.search(limits["pattern"], value):
                problem = (
                    "string_pattern_mismatch",
                    f"String should match pattern '{limits['pattern']}'",
                )
        elif "ge" in limits and value < limits["ge"]:
            problem = (
                "greater_than_equal",
                f"Input should be greater than or equal to {limits['ge']}",
            )
        elif "le" in limits and value > limits["le"]:
            problem = ("less_than_equal", f"Input should be less than or equal to {limits['le']}")
        elif "gt" in limits and value <= limits["gt"]:
            problem = ("greater_than", f"Input should be greater than {limits['gt']}")
        if problem:
            raise FieldError(owner, name, *problem, value)


class After:
    """A plain function run on the value once its type and constraints hold; it may return
    a changed value, and a ValueError it raises is the field's error ('Value error, ...')."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __repr__(self) -> str:
        return f"After({self.function.__name__})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.function, handler(source))

    def check(self, owner: str, name: str, value: Any) -> Any:
        try:
            return self.function(value)
        except ValueError as exc:
            raise FieldError(owner, name, "value_error", f"Value error, {exc}", value) from None


class Tagged:
    """A union told apart by one field (``kind``): pydantic's discriminated union."""

    __slots__ = ("tag",)

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic import Field

        return handler.generate_schema(Annotated[source, Field(discriminator=self.tag)])


_TYPES: dict[type, tuple[str, str]] = {
    str: ("string_type", "Input should be a valid string"),
    int: ("int_type", "Input should be a valid integer"),
    datetime: ("datetime_type", "Input should be a valid datetime"),
}


_parts: dict[Any, tuple[Any, ...]] = {}


def check(owner: str, name: str, annotated: Any, value: Any) -> Any:
    """Check one value a person typed against an ``Annotated[str | int | datetime, ...]``
    field type, as pydantic would: the value (as an ``After`` may change it), or FieldError."""
    parts = _parts.get(annotated)
    if parts is None:
        parts = _parts[annotated] = get_args(annotated)
    base, *markers = parts
    if not isinstance(value, base) or isinstance(value, bool):
        raise FieldError(owner, name, *_TYPES[base], value)
    if isinstance(value, str) and not _encodable(value):
        raise FieldError(
            owner,
            name,
            "string_unicode",
            "Input should be a valid string, unable to parse raw data as a unicode string",
            value,
        )
    for marker in markers:
        if isinstance(marker, Rule):
            marker.check(owner, name, value)
        elif isinstance(marker, After):
            value = marker.check(owner, name, value)
    return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
