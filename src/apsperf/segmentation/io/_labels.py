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
from typing import Final, NamedTuple

from apsperf.errors import ValidationError
from apsperf.errors import _shown as shown_value
from apsperf.segmentation.model._levels import Level

__all__ = ["MAX_LABELS", "LabelMaps", "label_key", "label_map", "read_label_maps"]

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
    return Level.parse(value[:100], field=where)


class LabelMaps(NamedTuple):
    """An agency's label maps for the two axes, as :func:`read_label_maps` reads them."""

    performance: dict[str, Level]
    """Performance labels (as :func:`label_key` gives them) to levels."""
    potential: dict[str, Level]
    """Potential labels (as :func:`label_key` gives them) to levels."""


def read_label_maps(path: str | PathLike[str], *, redact: bool = False) -> LabelMaps:
    """Read an agency's label maps from a TOML file.

    The file has a ``[performance]`` table, a ``[potential]`` table or both, each of
    ``"label" = "level"`` entries (``"Fully effective" = "moderate"``); nothing else. Each
    table is checked as :func:`label_map` checks a mapping. A file over
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
    unknown = sorted(set(tables) - set(_AXES))
    if unknown:
        raise ValidationError(
            f"unknown table {unknown[0][:40]!r}; a label file has [performance] and "
            "[potential] tables",
            path=name,
        )
    if not tables:
        raise ValidationError("holds no [performance] or [potential] table", path=name)
    maps = []
    for axis in _AXES:
        table = tables.get(axis, {})
        try:
            maps.append(label_map(table, field=axis))
        except ValidationError as error:
            raise ValidationError(error.message, path=f"{name}: {error.path}") from None
    return LabelMaps(performance=maps[0], potential=maps[1])
