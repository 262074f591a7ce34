"""The fields of a request body, checked: every value from the network is hostile.

Each helper takes the parsed JSON object and a field name and returns the value, or raises
:class:`~apsperf.ValidationError` whose path is the field, with a message for the person
or tool that sent it. Text is limited in length and must not be blank where it is required.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from apsperf.errors import ValidationError

__all__ = [
    "LONGEST_NAME",
    "LONGEST_TEXT",
    "body_object",
    "optional_int",
    "optional_text",
    "required_int",
    "required_text",
]

LONGEST_TEXT: Final = 4000
"""Characters a reason or a note may hold."""
LONGEST_NAME: Final = 200
"""Characters a name (who) or an identifier may hold."""


def body_object(data: Any, allowed: Iterable[str]) -> Mapping[str, Any]:
    """``data`` as a JSON object holding none but the ``allowed`` fields."""
    if not isinstance(data, dict):
        raise ValidationError("the request body must be a JSON object", path="$")
    known = set(allowed)
    unknown = sorted(str(key) for key in data if key not in known)
    if unknown:
        raise ValidationError(
            f"unknown field; this request takes {', '.join(sorted(known))}", path=unknown[0][:80]
        )
    return data


def optional_text(
    body: Mapping[str, Any], field: str, *, longest: int = LONGEST_TEXT
) -> str | None:
    """The text of ``field`` with surrounding white space trimmed, or ``None`` when absent."""
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {_kind(value)}", path=field)
    if len(value) > longest:
        raise ValidationError(
            f"is {len(value):,} characters long; at most {longest:,} are kept", path=field
        )
    trimmed = value.strip()
    if any(ord(c) < 32 and c not in "\t\n\r" for c in trimmed):
        raise ValidationError("must not hold control characters", path=field)
    return trimmed or None


def required_text(
    body: Mapping[str, Any], field: str, why: str, *, longest: int = LONGEST_TEXT
) -> str:
    """The non-blank text of ``field``; ``why`` says what it is for when it is missing."""
    value = optional_text(body, field, longest=longest)
    if value is None:
        raise ValidationError(f"required: {why}", path=field)
    return value


def optional_int(body: Mapping[str, Any], field: str) -> int | None:
    """The whole number of ``field`` (0 or more), or ``None`` when absent."""
    value = body.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"expected a whole number, got {_kind(value)}", path=field)
    if not 0 <= value < 2**53:
        raise ValidationError("must be a whole number from 0", path=field)
    return value


def required_int(body: Mapping[str, Any], field: str, why: str) -> int:
    """The whole number of ``field``; ``why`` says what it is for when it is missing."""
    value = optional_int(body, field)
    if value is None:
        raise ValidationError(f"required: {why}", path=field)
    return value


def _kind(value: object) -> str:
    names = {bool: "true or false", int: "a number", float: "a number", list: "a list"}
    return names.get(type(value), "an object" if isinstance(value, dict) else "another type")
