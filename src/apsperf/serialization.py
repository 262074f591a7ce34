r"""Dicts and JSON for every public model, through one strict converter.

Every document carries ``schema_version`` so that newer releases can read older data.
Structuring bad data raises :class:`apsperf.ValidationError` whose ``errors`` list every
problem with its path (``placements[3].performance``); never a bare cattrs, Key or Type error.

Converters are made by :func:`make_converter` and never changed afterwards: nothing
registers a hook at import, so a document reads the same whatever apsperf modules were
imported first, and :func:`from_dict` accepts exactly the shapes that
:func:`apsperf.schema.schema_for` describes (plus the rules the models check).

What each format reads:

* **JSON** text given as ``str`` is parsed as it is. JSON given as ``bytes`` must be UTF-8
  (a leading UTF-8 byte order mark is allowed and ignored) or UTF-16 with a byte order
  mark; anything else, including UTF-32 and UTF-16 without a mark, is rejected. Duplicate
  keys in an object, ``NaN`` and ``Infinity``, integers longer than Python's limit on
  digits (4,300) and nesting deeper than Python's recursion limit raise
  :class:`~apsperf.ValidationError`, and so does text holding a lone surrogate such as
  ``"\ud800"``, which no writer could encode again.
* **TOML** content files (guides, overlays, the plan template, rating and maturity scales)
  are UTF-8, as the TOML specification requires; they are read by the content loader
  with the same rules and a size limit.
"""

from __future__ import annotations

import codecs
import collections.abc
import datetime as dt
import enum
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from types import UnionType
from typing import Any, Final, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
import cattrs.cols
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from apsperf._redaction import redacting
from apsperf.errors import ValidationError
from apsperf.errors import _shown as shown_value

__all__ = [
    "JSON_KEY",
    "SCHEMA_VERSION",
    "converter",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

SCHEMA_VERSION: Final = 1
"""The schema version this release writes; it reads this version and every earlier one."""

JSON_KEY: Final = "json_key"
"""attrs field metadata key naming a field in documents where Python cannot use that name.

``attrs.field(metadata={JSON_KEY: "from"})`` writes and reads the field as ``"from"`` (a
Python keyword); the converter and :func:`apsperf.schema.schema_for` both honour it.
"""

T = TypeVar("T")

_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME: Final = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_SEP: Final = "\x1f"
_EXTRA: Final = "\x1e"


def _shown(value: object) -> str:
    """A value as an error quotes it: at most 40 characters, never a crash."""
    return shown_value(value)


def _kind(value: Any) -> str:
    return type(value).__name__


def check_text(value: str) -> str:
    """``value`` itself, or ValidationError when it holds a lone surrogate (not Unicode text)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            f"contains a lone surrogate (\\u{ord(value[exc.start]):04x}), which is not text"
        ) from None
    return value


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {_kind(value)}")
    return check_text(value)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"expected a whole number, got {_kind(value)}")
    if value.bit_length() > 63:  # no apsperf number comes near; huge ones break every writer
        raise ValidationError("the whole number is out of range (at most 19 digits)")
    return value


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"expected a number, got {_kind(value)}")
    if isinstance(value, int):
        try:
            exact = float(value)
        except OverflowError:
            raise ValidationError("expected a finite number") from None
        if exact != value:  # an integer a float cannot hold exactly would change on load
            raise ValidationError("the whole number is too large to hold exactly as a number")
        return exact
    if not math.isfinite(value):
        raise ValidationError("expected a finite number")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"expected true or false, got {_kind(value)}")
    return value


def _structure_date(value: Any, _: type) -> dt.date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValidationError(f"expected an ISO 8601 date (YYYY-MM-DD), got {_shown(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{value!r} is not a calendar date") from None


def _structure_datetime(value: Any, _: type) -> dt.datetime:
    if not isinstance(value, str) or not _ISO_DATETIME.match(value):
        raise ValidationError(f"expected an ISO 8601 date and time, got {_shown(value)}")
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{value!r} is not a date and time") from None


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except (ValueError, TypeError):
        choices = ", ".join(str(m.value) for m in kind)
        raise ValidationError(f"{_shown(value)} is not one of: {choices}") from None


def _is_homogeneous_sequence(kind: Any) -> bool:
    origin = get_origin(kind)
    args = get_args(kind)
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis
    return origin in (list, collections.abc.Sequence, collections.abc.MutableSequence)


def _strict_sequence_factory(kind: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """Sequences must arrive as JSON arrays: text is never split into characters."""
    origin = get_origin(kind)
    if origin is tuple:
        inner = cattrs.cols.homogenous_tuple_structure_factory(kind, conv)
    elif origin is collections.abc.Sequence:
        as_tuple: Any = tuple.__class_getitem__((get_args(kind)[0], ...))
        inner = cattrs.cols.homogenous_tuple_structure_factory(as_tuple, conv)
    else:
        inner = cattrs.cols.list_structure_factory(kind, conv)

    def structure_sequence(value: Any, target: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            raise ValidationError(f"expected a list, got {_kind(value)}")
        return inner(value, target)

    return structure_sequence


_JSON_SCALARS: Final = (int, float, str, bool)


def _is_scalar(kind: Any) -> bool:
    """A JSON scalar type, or one of them or ``None`` (``float | None``)."""
    if kind in _JSON_SCALARS:
        return True
    args = get_args(kind)
    return get_origin(kind) in (Union, UnionType) and all(
        arg in _JSON_SCALARS or arg is type(None) for arg in args
    )


def _is_tuple_of_scalars(kind: Any) -> bool:
    """``tuple[int, ...]``, ``tuple[float | None, ...]`` and the like: written as a list as is."""
    args = get_args(kind)
    return (
        get_origin(kind) is tuple
        and bool(args)
        and all(arg is Ellipsis or _is_scalar(arg) for arg in args)
        and args[0] is not Ellipsis
    )


def _is_tuple_of_scalar_tuples(kind: Any) -> bool:
    """``tuple[tuple[int, ...], ...]``: a column of rows of numbers, written as lists."""
    args = get_args(kind)
    return (
        get_origin(kind) is tuple
        and len(args) == 2
        and args[1] is Ellipsis
        and _is_tuple_of_scalars(args[0])
    )


def _lists(rows: Iterable[Iterable[Any]]) -> list[list[Any]]:
    return list(map(list, rows))


def _migrates(cls: Any) -> bool:
    """A model that reads older documents: its ``_migrate_document`` rewrites them first."""
    return attrs.has(cls) and callable(getattr(cls, "_migrate_document", None))


def _migrating_structure(cls: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = make_dict_structure_fn(cls, conv, **_renames(cls))

    def structure(value: Any, target: Any) -> Any:
        if isinstance(value, Mapping):
            value = cls._migrate_document(value)
        return inner(value, target)

    return structure


def _has_json_keys(cls: Any) -> bool:
    return attrs.has(cls) and any(JSON_KEY in f.metadata for f in attrs.fields(cls))


def _renames(cls: Any) -> dict[str, Any]:
    return {
        f.name: override(rename=f.metadata[JSON_KEY])
        for f in attrs.fields(cls)
        if JSON_KEY in f.metadata
    }


def make_converter() -> cattrs.Converter:
    """A new converter configured the way apsperf reads and writes documents.

    Strict: text is never coerced from numbers, booleans are not numbers, unknown keys are
    errors, dates are ISO 8601, enums are written as their slug values, and collections
    are written as lists.
    """
    conv = cattrs.Converter(
        forbid_extra_keys=True,
        unstruct_collection_overrides={tuple: list},
    )
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda e: e.value
    )
    conv.register_structure_hook_factory(_is_homogeneous_sequence, _strict_sequence_factory)
    # Numbers and text need no unstructuring: one list() instead of a hook per item.
    conv.register_unstructure_hook_func(_is_tuple_of_scalars, list)
    conv.register_unstructure_hook_func(_is_tuple_of_scalar_tuples, _lists)
    conv.register_structure_hook_factory(
        _has_json_keys, lambda cls, c: make_dict_structure_fn(cls, c, **_renames(cls))
    )
    conv.register_unstructure_hook_factory(
        _has_json_keys, lambda cls, c: make_dict_unstructure_fn(cls, c, **_renames(cls))
    )
    conv.register_structure_hook_factory(_migrates, _migrating_structure)
    return conv


converter: Final = make_converter()
"""The converter for JSON documents. Read it, never register hooks on it."""


def _format_leaf(exc: BaseException, kind: type | None) -> str:
    if isinstance(exc, ValidationError):
        return f"{exc.path}{_SEP}{exc.message}" if len(exc.errors) == 1 else f"{_SEP}{exc}"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"{_SEP}{_EXTRA}{_EXTRA.join(sorted(map(str, exc.extra_fields)))}"
    if isinstance(exc, KeyError):
        return f"{_SEP}required field missing"
    if isinstance(exc, (TypeError, AttributeError)) and kind is not None:
        # A model class given text or a number: cattrs fails inside, on a method of the value.
        name = getattr(kind, "__name__", kind)
        shape = "a table of fields " if attrs.has(kind) else ""
        return (
            f"{_SEP}expected {shape}({name}), got something else"
            if shape
            else (f"{_SEP}expected {name}, got something else")
        )
    return f"{_SEP}{type(exc).__name__}: {exc}"


def _join(base: str, inner: str) -> str:
    base = base.removeprefix("$").removeprefix(".")
    if not inner:
        return base or "$"
    if not base:
        return inner
    return f"{base}{inner}" if inner.startswith("[") else f"{base}.{inner}"


def _errors_of(exc: BaseException) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for line in cattrs.transform_error(exc, format_exception=_format_leaf):
        described, _, where = line.rpartition(" @ $")
        inner, _, message = described.partition(_SEP)
        if message.startswith(_EXTRA):  # one problem per unknown field, at that field
            for field in message.split(_EXTRA)[1:]:
                problems.append((_join(_join("$" + where, inner), field), "unknown field"))
            continue
        problems.append((_join("$" + where, inner), message))
    return problems


def _check_model_class(cls: object, caller: str) -> None:
    if not isinstance(cls, type) or not attrs.has(cls):
        shown = cls.__name__ if isinstance(cls, type) else f"a {_kind(cls)} value"
        raise TypeError(f"{caller} needs an apsperf model class, got {shown}")


def structure(data: Any, cls: type[T], *, using: cattrs.Converter | None = None) -> T:
    """Structure plain data into ``cls`` (with ``using``, else the JSON converter).

    Bad data raises ValidationError listing every problem with its path.
    """
    try:
        return (converter if using is None else using).structure(data, cls)
    except ValidationError:
        raise
    except (ClassValidationError, IterableValidationError) as exc:
        raise ValidationError.from_errors(
            _errors_of(exc), summary=f"invalid {cls.__name__}"
        ) from None
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise ValidationError(f"invalid {cls.__name__}: {exc}", path="$") from None


def to_dict(value: object) -> dict[str, Any]:
    """A JSON-ready dict of a model value, with ``schema_version`` first.

    A value that is not an apsperf model (``to_dict(42)``) raises :class:`TypeError`.
    """
    if not attrs.has(type(value)):
        raise TypeError(f"to_dict needs an apsperf model value, got a {_kind(value)} value")
    body = converter.unstructure(value)
    if not isinstance(body, dict):
        raise TypeError(f"to_dict needs an apsperf model value, got a {_kind(value)} value")
    return {"schema_version": SCHEMA_VERSION, **body}


def from_dict(cls: type[T], data: Any, *, redact: bool = False) -> T:
    """Read a value of ``cls`` from a dict written by :func:`to_dict` (this or an older release).

    The input is not modified. ``cls`` must be an apsperf model class, else
    :class:`TypeError`. With ``redact=True`` errors name each field but quote no value.
    """
    if redact:
        with redacting(redact):
            return from_dict(cls, data)
    _check_model_class(cls, "from_dict")
    if not isinstance(data, Mapping):
        raise ValidationError(f"expected an object, got {_kind(data)}", path="$")
    body = dict(data)
    version = body.pop("schema_version", None)
    if version is None:
        raise ValidationError("required field missing", path="schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError(
            f"expected a positive whole number, got {_shown(version)}", path="schema_version"
        )
    if version > SCHEMA_VERSION:
        raise ValidationError(
            f"written by a newer apsperf (schema {_shown(version)}); this release reads up to "
            f"{SCHEMA_VERSION}",
            path="schema_version",
        )
    return structure(body, cls)


def to_json(value: object, *, indent: int | None = 2) -> str:
    """The JSON text of a model value (UTF-8 safe, keys in field order).

    Infinite and NaN numbers raise :class:`~apsperf.ValidationError`: JSON has no such
    values, and :func:`from_json` refuses them.
    """
    return _json_text(to_dict(value), indent=indent)


def _json_text(document: dict[str, Any], *, indent: int | None = 2) -> str:
    """:func:`to_json` of a document :func:`to_dict` made (one document, two layouts)."""
    try:
        return json.dumps(document, indent=indent, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(f"cannot be written as JSON: {exc}", path="$") from None


def _reject_constant(name: str) -> Any:
    raise ValidationError(f"{name} is not allowed in apsperf JSON", path="$")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValidationError(f"duplicate key {key!r:.60} in an object", path="$")
        result[key] = value
    return result


def decode_json_bytes(data: bytes) -> str:
    """The text of JSON bytes: UTF-8 (an optional BOM is ignored) or UTF-16 with a BOM."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ValidationError("UTF-32 is not read; save the file as UTF-8", path="$")
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError:
        expected = "UTF-16" if encoding else "UTF-8 (or UTF-16 with a byte order mark)"
        raise ValidationError(f"not valid {expected} text", path="$") from None


def loads(text: str | bytes) -> Any:
    """Parse JSON text strictly, raising ValidationError on bad text.

    No NaN or Infinity, no duplicate keys, no integers over Python's digit limit; ``bytes``
    are decoded as the module docstring says.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = decode_json_bytes(bytes(text))
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except ValidationError:
        raise
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", path="$"
        ) from None
    except RecursionError:
        raise ValidationError("JSON is nested too deeply", path="$") from None
    except ValueError as exc:  # an integer with more digits than Python converts
        raise ValidationError(f"not valid JSON: {exc}", path="$") from None


def from_json(cls: type[T], text: str | bytes, *, redact: bool = False) -> T:
    """Read a value of ``cls`` from JSON text written by :func:`to_json`.

    With ``redact=True`` errors name each field but quote no value.
    """
    with redacting(redact):
        return from_dict(cls, loads(text))
