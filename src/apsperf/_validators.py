"""attrs validators that raise :class:`apsperf.ValidationError` naming the field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Final, TypeGuard, TypeVar, cast

import attrs

from apsperf.errors import ValidationError, _shown

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


@attrs.frozen
class Constrained:
    """A field validator that also states what it accepts, as JSON Schema keywords.

    Each field constraint is written once, here: :mod:`apsperf.schema` merges
    ``json_schema`` into the field's schema and :mod:`apsperf.testing` draws values that
    meet it. Keywords apply only to values of their JSON type (``minLength`` to strings,
    ``minimum`` to numbers, ``uniqueItems`` to arrays), so ``None`` still passes an
    optional field's schema. Rules between fields stay in ``__attrs_post_init__``.
    """

    check: Validator
    json_schema: Mapping[str, Any]

    def __call__(self, inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        self.check(inst, attribute, value)


def constraints_of(validator: object) -> dict[str, Any]:
    """The JSON Schema keywords stated by a field's validator (and those it combines)."""
    if isinstance(validator, Constrained):
        return dict(validator.json_schema)
    combined: dict[str, Any] = {}
    parts = getattr(validator, "_validators", None)
    if isinstance(validator, (list, tuple)):
        parts = validator
    for part in parts or ():
        combined = merge_constraints(combined, constraints_of(part))
    return combined


def merge_constraints(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra``'s keywords added; the ``items`` of both are merged too."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if key == "items" and isinstance(old, Mapping) and isinstance(value, Mapping):
            value = merge_constraints(old, value)
        if key == "prefixItems" and isinstance(merged.get("items"), Mapping):
            value = [merge_constraints(merged["items"], entry) for entry in value]
        merged[key] = value
    return merged


def optional(validator: Validator) -> Validator:
    """Accept ``None`` or whatever ``validator`` accepts (with the same constraints)."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(inst, attribute, value)

    constraints = constraints_of(validator)
    return Constrained(check, constraints) if constraints else check


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


WHITE_SPACE: Final = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
r"""White space: the characters ``str.strip()`` removes (those ``str.isspace()`` is true of).

The one definition of white space for the validators and the schema patterns. A pattern
names these characters in a class rather than writing ``\s``, which means another set in
ECMA-262, the regular expression dialect of JSON Schema: it has U+FEFF but not U+001C to
U+001F or U+0085.
"""

END: Final = r"(?!\n)$"
"""The end of the text in a pattern, meaning the same in ECMA-262 and Python.

Python's ``$`` also matches before a newline that ends the text; ECMA-262's does not.
"""


def text_pattern(refused: str = "", *, or_empty: bool = False) -> str:
    r"""The JSON Schema pattern of non-blank text that neither starts nor ends with white space.

    ``refused`` is the body of a character class (characters and ``a-b`` ranges, written as
    the characters themselves) that the text may not hold anywhere. ``or_empty`` also
    accepts ``""``. The pattern means the same in ECMA-262, with the ``u`` flag JSON Schema
    2020-12 asks for, and in Python's :mod:`re`: it uses only classes of literal characters
    and :data:`END`, no ``\s``, ``\d``, ``\w``, ``.`` or ``$`` alone.
    """
    spaces = WHITE_SPACE
    if refused:
        spaces = "".join(c for c in WHITE_SPACE if not re.match(f"[{refused}]", c))
    word = f"[^{WHITE_SPACE}{refused}]+"
    body = f"{word}(?:[{spaces}]+{word})*"
    return f"^(?:{body})?{END}" if or_empty else f"^{body}{END}"


TEXT_PATTERN: Final = text_pattern()
"""Text that is not blank and neither starts nor ends with :data:`WHITE_SPACE`."""


def _text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise ValidationError(f"expected str, got {type(value).__name__}", path=attribute.name)
    trimmed = value.strip(WHITE_SPACE)
    if not trimmed:
        raise ValidationError("must not be empty", path=attribute.name)
    if value != trimmed:
        raise ValidationError("must not start or end with white space", path=attribute.name)


text: Final = Constrained(_text, {"minLength": 1, "pattern": TEXT_PATTERN})
"""A non-blank string with no surrounding white space."""


def _text_tuple(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    items_of(str, unique=True)(_inst, attribute, value)
    for index, item in enumerate(value):
        if not item.strip(WHITE_SPACE):
            raise ValidationError("must not be empty", path=f"{attribute.name}[{index}]")


text_tuple: Final = Constrained(
    _text_tuple, {"uniqueItems": True, "items": {"pattern": f"[^{WHITE_SPACE}]"}}
)
"""A tuple of non-blank strings with no duplicates."""


def at_least(minimum: int, message: str | None = None) -> Constrained:
    """A whole number of ``minimum`` or more; ``message`` says what a smaller one breaks."""
    whole = instance_of(int)
    problem = message or f"must be {minimum} or more"

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        whole(inst, attribute, value)
        if value < minimum:
            raise ValidationError(problem, path=attribute.name)

    return Constrained(check, {"minimum": minimum})


def matches(pattern: str, message: str) -> Constrained:
    """Text that matches ``pattern`` in full; ``message`` says what else it must be."""
    compiled = re.compile(pattern)

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        text(inst, attribute, value)
        if not compiled.fullmatch(value):
            raise ValidationError(f"{_shown(value)} {message}", path=attribute.name)

    return Constrained(check, {"minLength": 1, "pattern": f"^(?:{pattern}){END}"})


def _not_empty(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        raise ValidationError("must have at least one item", path=attribute.name)


not_empty: Final = Constrained(_not_empty, {"minItems": 1})
"""A tuple with at least one item."""


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

    return Constrained(check, {"uniqueItems": True}) if unique else check


def _distinct(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    first: dict[Hashable, int] = {}
    for index, item in enumerate(value):
        earlier = first.setdefault(item, index)
        if earlier != index:
            raise ValidationError(f"repeats item {earlier}", path=f"{attribute.name}[{index}]")


distinct: Final[Validator] = Constrained(_distinct, {"uniqueItems": True})
"""No item of the tuple equals an earlier one (checked in one pass, by hashing)."""


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
