"""What a rating column's numbers say about its scale: a header's scale, and hints from data.

A column whose numbers are not all 1, 2 or 3 is refused whole (see
``_LevelReader.check_numbers``). The hint given then follows what the column holds (its
range, fractions, how many numbers stand among words) and suggests only what reads every
number in it: a named scale whose range covers them, cut points for averaged ratings,
nothing numeric for nine-box box numbers or for stray numbers among word ratings.

A header that ends in a scale (``Performance Rating (1-5)``, ``Potential [1–3]``,
``Perf (1 to 5)``) declares that scale when none is given explicitly.

Messages follow :mod:`apsperf._redaction`: cell values (the header too) are quoted with
:func:`quoted`, apsperf's own words (options, presets, code) are in backticks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

from apsperf._redaction import quoted
from apsperf.segmentation.model._placement import SCALE_PRESETS, Banding

_HEADER_SCALE: Final = re.compile(
    r"[(\[]\s*([0-9]{1,9})\s*(?:-|–|—|to)\s*([0-9]{1,9})\s*[)\]]$", re.IGNORECASE
)
"""A scale at the end of a header, as ``normalise_header`` leaves it out of the name (at
most nine digits a side: longer runs are not a scale, and never reach ``int``)."""

_ASCENDING: Final = tuple(name for name in SCALE_PRESETS if name.startswith("1-"))
"""The named scales, higher is better, shortest first (``1-3``, ``1-4``, ``1-5``)."""

_NAMED: Final = ", ".join(f"`{name}`" for name in _ASCENDING)
"""The named scales as messages list them."""

_LINES_SHOWN: Final = 3
"""How many lines are named for each value."""

_VALUES_SHOWN: Final = 6
"""How many odd values are named."""


def header_scale(header: str) -> str | None:
    """The scale a header ends in, as ``low-high`` (``1-5`` for ``Performance Rating (1-5)``).

    Only a range with an end at 0 or 1 is a scale: ``Performance (2024-25)`` names a year.
    """
    match = _HEADER_SCALE.search(header.strip())
    if match is None:
        return None
    low, high = int(match.group(1)), int(match.group(2))
    if low == high or min(low, high) > 1:
        return None
    return f"{low}-{high}"


def header_banding(scale: str | None) -> Banding | None:
    """The named scale a header's ``scale`` is (``None`` when no preset has that range)."""
    return Banding.preset(scale) if scale in SCALE_PRESETS else None


class Column(NamedTuple):
    """What a rating column holds, as its distinct spellings (and rejected rows) tell it."""

    numbers: Mapping[str, float]
    """Each distinct number (its spelling, stripped) and its value."""
    odd: Sequence[str]
    """The numbers that were not read, in order of value."""
    words: int
    """How many distinct words (as compared: case and spaces aside) were read as levels."""
    lines: Mapping[str, Sequence[int]] | None
    """The lines of the rows rejected for each odd number, or ``None``: not recorded."""


def _order(spelling: str) -> float:
    try:
        return float(spelling)
    except (ValueError, OverflowError):  # pragma: no cover - only numbers are passed
        return math.inf


def _whole(value: float) -> bool:
    return math.isfinite(value) and value.is_integer()


def _list(values: Sequence[str], limit: int) -> str:
    return ", ".join(map(quoted, values[:limit])) + (" …" if len(values) > limit else "")


def seen(column: Column) -> str:
    """The column's numbers, lowest first (at most eight)."""
    return _list(sorted(column.numbers, key=_order), 8)


def odd_values(column: Column) -> str:
    """The odd numbers, each with the lines holding it when they are known."""
    shown = []
    for value in column.odd[:_VALUES_SHOWN]:
        lines = sorted(column.lines.get(value, ())) if column.lines is not None else []
        where = ", ".join(map(str, lines[:_LINES_SHOWN])) + (
            ", …" if len(lines) > _LINES_SHOWN else ""
        )
        if len(lines) == 1:
            shown.append(f"{quoted(value)} on line {where}")
        elif lines:
            shown.append(f"{quoted(value)} on {len(lines)} lines ({where})")
        else:
            shown.append(quoted(value))
    return ", ".join(shown) + (" …" if len(column.odd) > _VALUES_SHOWN else "")


def lines_note(column: Column) -> str:
    """Said when the lines holding the odd numbers are not known."""
    if column.lines is not None and any(column.lines.get(value) for value in column.odd):
        return ""
    return (
        " (the lines holding them are not recorded here: `--strict` (`strict=True`) stops "
        "at the first)"
    )


def hint(column: Column, option: str) -> str:
    """What to do about a column of numbers off the 1-3 model, from what it holds."""
    numbers = list(column.numbers.values())
    if column.words and len(numbers) <= column.words:
        return _stray(column)
    words = (
        f"; a declared scale reads numbers only, so with it give `--labels FILE` "
        f"(`{option}_labels=`) for the column's word ratings"
        if column.words
        else ""
    )
    if not all(map(math.isfinite, numbers)):
        return _bands(column, option) + words
    low, high = min(numbers), max(numbers)
    fractions = sorted((s for s, n in column.numbers.items() if not _whole(n)), key=_order)
    if fractions and low >= 1 and high <= 3:
        return (
            f"its numbers include fractions within 1 to 3 ({_list(fractions, 3)}), as "
            f"averaged or fractional ratings do: read them with cut points, e.g. "
            f"`--{option}-bands 1,1.5,2.5,3` (each to its nearest level: below 1.5 low, "
            f"from 2.5 high), or round them in the file (not a 1-5 scale: on it 3 is only "
            f"moderate){words}"
        )
    if not fractions and low >= 1 and 8 <= high <= 9:
        return (
            f"its whole numbers, {_span(column, low, high)}, look like nine-box box numbers "
            f"(one box column for both axes), not a {option} rating, so no rating scale is "
            f"suggested: apsperf reads performance and potential from a column each; if the "
            f"column is a rating after all, give its cut points with "
            f"`--{option}-bands MIN,MODERATE,HIGH,MAX`"
        )
    fitting = [
        name
        for name in _ASCENDING
        if (scale := Banding.preset(name)).minimum <= low and high <= scale.maximum
    ]
    if not fitting:
        return _bands(column, option) + words
    named = " or ".join(f"`--{option}-scale {name}`" for name in fitting)
    widest = fitting[-1].split("-")
    between = f"fractions ({_list(fractions, 3)}) fall between levels by the scale's thresholds"
    return (
        f"its numbers, {_span(column, low, high)}, fit a named scale: declare the one they "
        f"are on, {named} (`{option}=Banding.preset('{fitting[0]}')` in Python; reversed, as "
        f"`{widest[1]}-{widest[0]}`, if 1 is the best rating), or give cut points with "
        f"`--{option}-bands MIN,MODERATE,HIGH,MAX`" + (f"; {between}" if fractions else "") + words
    )


def _spelling(column: Column, value: float) -> str:
    """The shortest spelling of a number in the column."""
    return min((s for s, n in column.numbers.items() if n == value), key=len)


def _span(column: Column, low: float, high: float) -> str:
    """``from '1' to '9'``, or ``all '7'`` when the column holds one value."""
    if low == high:
        return f"all {quoted(_spelling(column, low))}"
    return f"from {quoted(_spelling(column, low))} to {quoted(_spelling(column, high))}"


def _bands(column: Column, option: str) -> str:
    finite = [n for n in column.numbers.values() if math.isfinite(n)]
    span = f", {_span(column, min(finite), max(finite))}" if finite else ""
    return (
        f"no named scale ({_NAMED} or reversed) covers its numbers{span}: give the "
        f"scale's cut points with `--{option}-bands MIN,MODERATE,HIGH,MAX` (MIN and MAX the "
        f"scale's own ends)"
    )


def _stray(column: Column) -> str:
    if column.lines is not None and any(column.lines.get(value) for value in column.odd):
        rows = sum(len(column.lines.get(value, ())) for value in column.odd)
        count = f"{rows} row{'s' * (rows != 1)}"
    else:
        count = f"{len(column.odd)} value{'s' * (len(column.odd) != 1)}"
    return (
        f"the column's ratings are words ({column.words} spelling"
        f"{'s' * (column.words != 1)}), so these numbers are stray ({count}): fix those cells "
        f"to the levels meant (`--labels` maps words, not numbers); no numeric scale is "
        f"suggested, as one would reject every word rating"
    )


def refusal(column: Column, option: str) -> str:
    """Why a column of numbers without a declared scale is refused, and what to do."""
    return (
        f"the column holds numbers that are not on the 1-3 model ({odd_values(column)}; "
        f"numbers seen: {seen(column)}), so none of its numbers is read{lines_note(column)}; "
        f"{hint(column, option)}"
    )


def header_refusal(column: Column, option: str, header: str) -> str:
    """Why a column whose header names a scale is refused: numbers outside it."""
    return (
        f"its header {quoted(header)} names the scale it is rated on, but the column holds "
        f"numbers outside it ({odd_values(column)}; numbers seen: {seen(column)}), so none "
        f"of its numbers is read{lines_note(column)}; fix those cells, or declare the "
        f"column's scale (`--{option}-scale` or `--{option}-bands` overrides its header): "
        f"{hint(column, option)}"
    )


def unnamed_refusal(column: Column, option: str, header: str) -> str:
    """Why a column whose header names a scale with no preset is refused."""
    return (
        f"its header {quoted(header)} names a scale with no preset (the named scales are "
        f"{_NAMED} and their reverses), so its numbers ({seen(column)}) are not "
        f"read on the 1-3 model; give the scale's cut points with "
        f"`--{option}-bands MIN,MODERATE,HIGH,MAX` (MIN and MAX the scale's own ends)"
    )


def assumed(column: Column, option: str, header: str) -> str:
    """The warning for numbers read on the 1-3 model, no scale being declared."""
    return (
        f"numbers in {quoted(header)} ({seen(column)}) were read on the 1-3 model (1 low, "
        f"2 moderate, 3 high), as every number in it is 1, 2 or 3 and no scale is declared; "
        f"a rating on another scale that holds only these numbers is misread (a 1-5 rating "
        f"of only 2s and 3s would put every 3 in high): if it is not 1-3, declare its scale, "
        f"e.g. `--{option}-scale 1-5`, or end its header with it, as in "
        f"`{option.capitalize()} Rating (1-5)`"
    )


def strict_reason(raw: str, option: str, header: str, scale: str | None) -> str:
    """Why a row's number off the 1-3 model is rejected (shown only with ``strict``).

    ``scale`` is the scale the header names, one with no preset; the reason suggests no
    range, as the rest of the column is not read yet.
    """
    if scale is not None:
        return (
            f"{quoted(raw)} is not read: the header {quoted(header)} names a scale with no "
            f"preset; give the scale's cut points with `--{option}-bands MIN,MODERATE,HIGH,MAX`"
        )
    return (
        f"{quoted(raw)} is not on the 1-3 model and the column declares no scale; declare "
        f"it with `--{option}-scale` or `--{option}-bands` (read without `--strict`, the "
        f"refusal suggests one from all the column's numbers)"
    )


def outside_reason(raw: str, option: str, header: str) -> str:
    """Why a row's number outside the scale its header names is rejected."""
    return (
        f"{quoted(raw)} is outside the scale its header {quoted(header)} names; fix the "
        f"cell, or declare the column's scale (`--{option}-scale` or `--{option}-bands` "
        f"overrides its header)"
    )
