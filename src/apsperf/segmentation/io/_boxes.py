"""Nine-box columns: one box per person (a number or a name) read as both levels.

Many exports carry one box column ("Talent Box": ``7``, or ``Core Talent [M,M]``) in place
of a performance and a potential rating. Products number their boxes differently (one has
1 = low/low, 3 = high performance and low potential, 7 = low performance and high
potential; others count down, or by rows), so apsperf has no default numbering: the box
numbering or box names are declared (:func:`~apsperf.segmentation.box_map`, or the
``[box]`` table of a label file, see :func:`~apsperf.segmentation.read_label_maps`), each
box as its performance and potential levels. The box column is then read for both axes,
each box through its declared levels; a box not declared rejects its row, naming the value
and the table to add it to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

import attrs

from apsperf._redaction import quoted
from apsperf.errors import ValidationError
from apsperf.segmentation.io._labels import BoxLevels, BoxMap, box_map, label_key
from apsperf.segmentation.io._ratings import _Axis, _Rating, _rating
from apsperf.segmentation.model._columns import BOTH_NAMED
from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._placement import Banding
from apsperf.segmentation.model._workforce import Columns

__all__ = ["reading_axes"]

_NUMBER: Final = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")


def _box_cell(boxes: BoxMap, axis: int) -> Callable[[str], Level | str]:
    """Reads a box cell as axis ``axis``'s level (0 performance, 1 potential), or says why not."""

    def read(raw: str) -> Level | str:
        text = raw.strip()
        if not text:
            return "the box is blank"
        if _NUMBER.fullmatch(text):
            number = float(text)
            levels = boxes.numbers.get(int(number)) if number.is_integer() else None
            table, kind = "[box.numbers]", "box numbering"
        else:
            levels = boxes.names.get(label_key(text))
            table, kind = "[box.names]", "box names"
        if levels is None:
            return (
                f"{quoted(text)} is not a box of the declared {kind}; add it to the label "
                f"file's {table} table (`box=`)"
            )
        return levels[axis]

    return read


def reading_axes(
    columns: Columns,
    performance: Banding | None,
    potential: Banding | None,
    performance_labels: Mapping[str, Level | str] | None,
    potential_labels: Mapping[str, Level | str] | None,
    box: BoxMap | Mapping[int | str, BoxLevels] | None,
) -> tuple[_Axis, _Axis, Columns]:
    """How a reader reads each axis, and the columns it reads them from.

    Without ``box``: each axis's scale and label map. With it: the box column for both
    axes, each box through its declared levels (``columns`` then reads the box column; the
    scales and label maps, which a box column does not use, are refused).
    """
    if box is None:
        if columns.box is not None:
            raise ValidationError(
                "a box column is read through a declared box numbering or box names, and "
                "apsperf has none by default (products number boxes differently): give a "
                "`[box]` table in the label file (`--labels FILE`; `box=`)",
                path="box",
            )
        return (
            _rating(performance, performance_labels, "performance_labels"),
            _rating(potential, potential_labels, "potential_labels"),
            columns,
        )
    boxes = box if isinstance(box, BoxMap) else box_map(box)
    unused = [
        name
        for name, value in (
            ("performance", performance),
            ("potential", potential),
            ("performance_labels", performance_labels),
            ("potential_labels", potential_labels),
        )
        if value is not None
    ]
    if unused:
        raise ValidationError(
            "a box column is read through its box numbering or names alone: give no rating "
            "scale or label map with it (`--performance-scale`, the label file's "
            f"[performance] and [potential] tables...; here `{unused[0]}=`)",
            path="box",
        )
    if columns.performance is not None or columns.potential is not None:
        raise ValidationError(BOTH_NAMED, path="columns")
    named = columns.box if columns.box is not None else boxes.column
    columns = attrs.evolve(columns, box=named, _box_read=True)
    axes = (_Rating(None, None, _box_cell(boxes, 0)), _Rating(None, None, _box_cell(boxes, 1)))
    return axes[0], axes[1], columns
