"""attrs validators that raise :class:`apsperf.ValidationError` naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeGuard, TypeVar, cast

import attrs

from apsperf.errors import ValidationError

T = TypeVar("T")

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _type_name(kind: type | tuple[type, ...]) -> str:
    if isinstance(kind, tuple):
        return " or ".join(k.__name__ for k in kind)
    return kind.__name__


def instance_of(kind: type | tuple[type, ...]) -> Validator:
    """Reject values that are not instances of ``kind`` (booleans are never numbers)."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            raise ValidationError(f"expected {_type_name(kind)}, got bool", path=attribute.name)
        if not isinstance(value, kind):
            raise ValidationError(
                f"expected {_type_name(kind)}, got {type(value).__name__}", path=attribute.name
            )

    return check


def optional(validator: Validator) -> Validator:
    """Accept ``None`` or whatever ``validator`` accepts."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(inst, attribute, value)

    return check


def is_date(value: object) -> TypeGuard[dt.date]:
    """True when ``value`` is a calendar date; a datetime is not a date here."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def require_date(value: object, path: str) -> dt.date:
    """``value`` itself when it is a calendar date; otherwise a ValidationError naming ``path``."""
    if not is_date(value):
        raise ValidationError(f"expected a date, got {type(value).__name__}", path=path)
    return value


def check_date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A calendar date (a datetime is not a date here)."""
    require_date(value, attribute.name)


optional_date: Validator = optional(check_date)
"""``None`` or a calendar date."""


def text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-blank string with no surrounding white space."""
    if not isinstance(value, str):
        raise ValidationError(f"expected str, got {type(value).__name__}", path=attribute.name)
    if not value.strip():
        raise ValidationError("must not be empty", path=attribute.name)
    if value != value.strip():
        raise ValidationError("must not start or end with white space", path=attribute.name)


def text_tuple(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A tuple of non-blank strings with no duplicates."""
    items_of(str, unique=True)(_inst, attribute, value)
    for index, item in enumerate(value):
        if not item.strip():
            raise ValidationError("must not be empty", path=f"{attribute.name}[{index}]")


def items_of(kind: type, *, unique: bool = False) -> Validator:
    """A tuple whose items are all ``kind``; optionally with no two equal."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise ValidationError(
                f"expected tuple, got {type(value).__name__}", path=attribute.name
            )
        seen: set[Hashable] = set()
        for index, item in enumerate(value):
            if not isinstance(item, kind) or (isinstance(item, bool) and kind is not bool):
                raise ValidationError(
                    f"expected {kind.__name__}, got {type(item).__name__}",
                    path=f"{attribute.name}[{index}]",
                )
            if unique:
                if item in seen:
                    raise ValidationError(
                        f"duplicate item {item!r}", path=f"{attribute.name}[{index}]"
                    )
                seen.add(item)

    return check


def distinct(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """No item of the tuple equals an earlier one (checked in one pass, by hashing)."""
    first: dict[Hashable, int] = {}
    for index, item in enumerate(value):
        earlier = first.setdefault(item, index)
        if earlier != index:
            raise ValidationError(f"repeats item {earlier}", path=f"{attribute.name}[{index}]")


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Converter: any non-string iterable becomes a tuple; other values pass to the validator.

    Typed for the caller's benefit: a field's converter is a named function whose parameter
    names the element type (``def _ratings(value: Iterable[Rating]) -> tuple[Rating, ...]``),
    because the attrs mypy plugin takes the ``__init__`` parameter type from it and cannot
    bind a type variable. Text, a mapping or a non-iterable is returned unchanged, so the
    field's validator reports it by name.
    """
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return cast("tuple[T, ...]", value)
    return tuple(value)


def texts(value: Iterable[str]) -> tuple[str, ...]:
    """Converter for a tuple of text: see :func:`to_tuple`."""
    return to_tuple(value)
