"""Agency label maps: an agency's own rating words ("Fully effective") read as levels.

A label map extends the spellings :meth:`Level.parse` knows; it never changes them. A label
is matched as the built-in spellings are (case and surrounding space ignored, and runs of
inner space read as one). Label maps are for text: numbers keep their 1-3 meaning, or the
meaning a declared :class:`~apsperf.segmentation.Banding` gives them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from os import PathLike
from typing import Final, NamedTuple, TypeVar

from apsperf.errors import ValidationError
from apsperf.errors import _shown as shown_value
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Level

__all__ = [
    "MAX_BOX_NUMBER",
    "MAX_LABELS",
    "BoxMap",
    "LabelMaps",
    "box_map",
    "label_key",
    "label_map",
    "read_label_maps",
]

MAX_LABELS: Final = 1_000
"""The most labels one axis's label map may hold."""
MAX_LABEL_LENGTH: Final = 200
"""The longest label (in characters) a label map may hold."""
MAX_LABEL_FILE_BYTES: Final = 1 << 20
"""The largest label file read (1 MiB)."""
_NUMBER: Final = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")
_AXES: Final = ("performance", "potential")


def label_key(text: str) -> str:
    """A label as compared: case-folded, surrounding space removed, inner runs one space."""
    return " ".join(text.split()).casefold()


def _shown(value: object) -> str:
    return shown_value(value) if isinstance(value, str) else type(value).__name__


def label_map(labels: Mapping[str, Level | str], *, field: str = "labels") -> dict[str, Level]:
    """Check an agency label map and give it as matched: :func:`label_key` to level.

    Each label is text (not a number: declare a numeric scale with a ``Banding``) and each
    level a :class:`Level` or its name (``"moderate"``, ``"medium"``, ``"high"``...). A
    label that already means another level among the built-in spellings, or that is given
    twice (in any case or spacing) with different levels, raises
    :class:`~apsperf.ValidationError` naming the label.
    """
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Mapping):
        raise ValidationError(
            f"expected a table of label = level, got {type(labels).__name__}", path=field
        )
    if len(labels) > MAX_LABELS:
        raise ValidationError(
            f"holds {len(labels):,} labels; at most {MAX_LABELS:,} are read", path=field
        )
    built_in = Level.spellings()
    found: dict[str, Level] = {}
    given: dict[str, str] = {}
    for label, level in labels.items():
        if not isinstance(label, str):
            raise ValidationError(f"a label must be text, not {_shown(label)}", path=field)
        where = f"{field}[{label[:40]!r}]"
        if len(label) > MAX_LABEL_LENGTH:
            raise ValidationError(
                f"a label is at most {MAX_LABEL_LENGTH} characters (this has {len(label):,})",
                path=f"{field}[{label[:40]!r}...]",
            )
        key = label_key(label)
        if not key:
            raise ValidationError("a label must not be blank", path=where)
        if _NUMBER.fullmatch(key):
            raise ValidationError(
                "a number is not a label; declare a numeric scale instead "
                f"(--{field.split('_')[0]}-scale, or a Banding)",
                path=where,
            )
        meant = _level(level, where)
        if built_in.get(key, meant) is not meant:
            raise ValidationError(
                f"{label!r} already means {built_in[key].value}, not {meant.value}", path=where
            )
        if found.get(key, meant) is not meant:
            raise ValidationError(
                f"{label!r} is given twice, as {found[key].value} (as {given[key]!r}) and as "
                f"{meant.value}",
                path=where,
            )
        found[key] = meant
        given.setdefault(key, label)
    return found


def _level(value: object, where: str) -> Level:
    if isinstance(value, Level):
        return value
    if not isinstance(value, str):
        raise ValidationError(
            f"expected a level name (low, moderate or high), got {_shown(value)}", path=where
        )
    if not value.strip():
        raise ValidationError(
            "fill in a level (low, moderate or high), or delete the entry", path=where
        )
    return Level.parse(value[:100], field=where)


MAX_BOX_NUMBER: Final = 99
"""The largest box number a box numbering may declare."""
_WHOLE: Final = re.compile(r"\s*\+?\d+(?:\.0*)?\s*")

Levels = tuple[Level, Level]
"""A box's performance level and potential level."""
BoxLevels = str | tuple[Level | str, Level | str]
"""A box's levels as given: ``"high/low"`` (performance/potential) or a pair of levels."""


_Key = TypeVar("_Key", int, str)


class BoxMap(NamedTuple):
    """A declared box numbering and box names, each box to its two levels (:func:`box_map`)."""

    numbers: dict[int, Levels]
    """Box numbers to (performance, potential) levels."""
    names: dict[str, Levels]
    """Box names (as :func:`label_key` gives them) to
    (performance, potential) levels."""
    column: str | None = None
    """The box column's header, when declared with the boxes (``Columns(box=)`` wins)."""


def _number(key: object) -> int | None:
    """A box number key's number (an int, or whole-number text), else ``None``."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    if isinstance(key, str) and _WHOLE.fullmatch(key):
        digits = key.strip().lstrip("+").partition(".")[0].lstrip("0") or "0"
        return int(digits) if len(digits) <= 6 else MAX_BOX_NUMBER + 1
    return None


def _levels(value: object, where: str) -> Levels:
    """A box's (performance, potential) levels from ``"high/low"`` or a pair of levels."""
    if isinstance(value, str):
        parts = value.split("/")
        if len(parts) != 2 or not all(part.strip() for part in parts):
            blank = "fill in" if not value.strip() else "expected"
            raise ValidationError(
                f"{blank} the box's levels as performance/potential, e.g. 'high/low' (high "
                f"performance, low potential), not {_shown(value)}",
                path=where,
            )
        pair: tuple[object, ...] = tuple(part.strip()[:100] for part in parts)
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        pair = tuple(value)
    else:
        raise ValidationError(
            f"expected the box's levels as 'performance/potential' (e.g. 'high/low'), got "
            f"{_shown(value)}",
            path=where,
        )
    found = []
    for level in pair:
        if not isinstance(level, (Level, str)):
            raise ValidationError(
                f"expected a level name (low, moderate or high), got {_shown(level)}", path=where
            )
        found.append(Level.parse(level, field=where))
    return found[0], found[1]


def box_map(
    boxes: Mapping[int | str, BoxLevels],
    *,
    column: str | None = None,
    field: str = "box",
) -> BoxMap:
    """Check a declared box numbering or box names and give them as :class:`BoxMap`.

    Each key is a box number (an int from 0 to :data:`MAX_BOX_NUMBER`, or its text, as a
    TOML key is) or a box name (text, matched as labels are: case and spacing ignored), and
    each value the box's levels as ``"performance/potential"`` (``"high/low"``: high
    performance, low potential; any spelling :meth:`Level.parse` reads) or a pair of
    levels. A box given twice with different levels, a fractional number, a blank or
    overlong name, or more than 1,000 boxes raise :class:`~apsperf.ValidationError`
    naming the box. ``column`` names the box column (see ``Columns(box=)``).
    """
    if isinstance(boxes, (str, bytes)) or not isinstance(boxes, Mapping):
        raise ValidationError(
            f"expected a table of box = 'performance/potential', got {type(boxes).__name__}",
            path=field,
        )
    if len(boxes) > MAX_LABELS:
        raise ValidationError(
            f"holds {len(boxes):,} boxes; at most {MAX_LABELS:,} are read", path=field
        )
    if column is not None and (not isinstance(column, str) or not column.strip()):
        raise ValidationError(
            f"the box column is a header (text), not {_shown(column)}", path=f"{field}.column"
        )
    numbers: dict[int, Levels] = {}
    names: dict[str, Levels] = {}
    for key, value in boxes.items():
        if not isinstance(key, (int, str)) or isinstance(key, bool):
            raise ValidationError(f"a box is a number or a name, not {_shown(key)}", path=field)
        where = f"{field}[{key!r:.40}]"
        number = _number(key)
        if number is None and isinstance(key, str) and _NUMBER.fullmatch(key):
            number = -1  # a fraction or a negative number
        if number is not None and not 0 <= number <= MAX_BOX_NUMBER:
            raise ValidationError(
                f"a box number is a whole number from 0 to {MAX_BOX_NUMBER}", path=where
            )
        levels = _levels(value, where)
        if number is not None:
            _add(numbers, number, levels, where)
            continue
        assert isinstance(key, str)
        if len(key) > MAX_LABEL_LENGTH:
            raise ValidationError(
                f"a box name is at most {MAX_LABEL_LENGTH} characters (this has {len(key):,})",
                path=where,
            )
        if not label_key(key):
            raise ValidationError("a box name must not be blank", path=where)
        _add(names, label_key(key), levels, where)
    return BoxMap(numbers=numbers, names=names, column=column)


def _add(found: dict[_Key, Levels], key: _Key, levels: Levels, where: str) -> None:
    if found.get(key, levels) != levels:
        raise ValidationError(
            f"the box is given twice, as {_pair(found[key])} and as {_pair(levels)}", path=where
        )
    found[key] = levels


def _pair(levels: Levels) -> str:
    return f"{levels[0].value}/{levels[1].value}"


_TABLE_KEYS: Final = ("column", "numbers", "names")


def box_table(table: object, name: str) -> BoxMap:
    """A label file's ``[box]`` table read: ``column``, ``[box.numbers]``, ``[box.names]``."""
    if not isinstance(table, dict):
        raise ValidationError(
            "expected a [box] table (with [box.numbers] or [box.names])", path=f"{name}: box"
        )
    unknown = [key for key in table if key not in _TABLE_KEYS]
    if unknown:
        raise ValidationError(
            f"unknown entry {unknown[0][:40]!r} in [box]; box numbers go in [box.numbers], "
            "box names in [box.names], and the box column's header in column =",
            path=f"{name}: box",
        )
    found = []
    for kind in ("numbers", "names"):
        entries = table.get(kind, {})
        where = f"box.{kind}"
        if not isinstance(entries, dict):
            raise ValidationError(
                f"expected a [box.{kind}] table, got {type(entries).__name__}",
                path=f"{name}: {where}",
            )
        for key in entries:
            numeric = _NUMBER.fullmatch(key) is not None
            if numeric != (kind == "numbers"):
                other = "box names go in [box.names]" if numeric else "numbers in [box.numbers]"
                what = "a box number" if kind == "numbers" else "a box name"
                raise ValidationError(
                    f"{key[:40]!r} is not {what}: {other}", path=f"{name}: {where}[{key[:40]!r}]"
                )
        try:
            found.append(box_map(entries, column=table.get("column"), field=where))
        except ValidationError as error:
            raise ValidationError(error.message, path=f"{name}: {error.path}") from None
    numbers, names = found
    if not numbers.numbers and not names.names:
        raise ValidationError(
            'declares no box: give [box.numbers] (e.g. 9 = "high/high") or [box.names]',
            path=f"{name}: box",
        )
    return BoxMap(numbers=numbers.numbers, names=names.names, column=numbers.column)


class LabelMaps(NamedTuple):
    """An agency's label maps for the two axes and its boxes, as :func:`read_label_maps` reads."""

    performance: dict[str, Level]
    """Performance labels (as :func:`label_key` gives them) to levels."""
    potential: dict[str, Level]
    """Potential labels (as :func:`label_key` gives them) to levels."""
    box: BoxMap | None = None
    """The declared box numbering and box names of a ``[box]`` table (``None``: none)."""


def read_label_maps(path: str | PathLike[str], *, redact: bool = False) -> LabelMaps:
    """Read an agency's label maps from a TOML file.

    The file has a ``[performance]`` table, a ``[potential]`` table or both, each of
    ``"label" = "level"`` entries (``"Fully effective" = "moderate"``), and for a file with
    one nine-box column a ``[box]`` table: ``column = "Talent Box"`` (optional), and
    ``[box.numbers]`` (``9 = "high/high"``) or ``[box.names]``
    (``"Core Talent [M,M]" = "moderate/moderate"``) giving each box's performance and
    potential levels (see :func:`box_map`); nothing else. Each table is checked as
    :func:`label_map` (or :func:`box_map`) checks a mapping. A file over
    :data:`MAX_LABEL_FILE_BYTES`, that is not TOML, or that holds anything else raises
    :class:`~apsperf.ValidationError` naming the file and the entry. With ``redact=True``
    its message quotes no value (see :mod:`apsperf._redaction`).
    """
    from apsperf._redaction import redacting

    with redacting(redact):
        return _read_label_maps(path)


def _read_label_maps(path: str | PathLike[str]) -> LabelMaps:
    from apsperf._content import read_toml

    tables, name = read_toml(path, limit=MAX_LABEL_FILE_BYTES)
    unknown = sorted(set(tables) - {*_AXES, "box"})
    if unknown:
        raise ValidationError(
            f"unknown table {unknown[0][:40]!r}; a label file has [performance] and "
            "[potential] tables, and a [box] table for a nine-box column",
            path=name,
        )
    if not tables:
        raise ValidationError("holds no [performance], [potential] or [box] table", path=name)
    maps = []
    for axis in _AXES:
        table = tables.get(axis, {})
        try:
            maps.append(label_map(table, field=axis))
        except ValidationError as error:
            raise ValidationError(error.message, path=f"{name}: {error.path}") from None
    box = box_table(tables["box"], name) if "box" in tables else None
    return LabelMaps(performance=maps[0], potential=maps[1], box=box)


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
