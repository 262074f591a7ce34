"""Ratings as read: a declared numeric scale, an agency label map, the built-in words.

Each distinct spelling is read once; a column of numbers off the 1-3 model refuses the file
with a hint based on what the column holds (see :mod:`._scale_hints`), and so does a number
outside the scale a header names (``Performance Rating (1-5)``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Final, NamedTuple

from apsperf._redaction import quoted
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.io._labels import label_key, label_map
from apsperf.segmentation.io._scale_hints import (
    Column,
    assumed,
    header_banding,
    header_refusal,
    header_scale,
    hint,
    outside_reason,
    refusal,
    strict_reason,
    unnamed_refusal,
)
from apsperf.segmentation.model._levels import ACCEPTED_HINT, Level
from apsperf.segmentation.model._placement import Banding
from apsperf.segmentation.model._workforce import RejectedRow


class _Problem(NamedTuple):
    """Why a row cannot be placed, and the column at fault (if one is)."""

    reason: str
    field: str


class _Rating(NamedTuple):
    """How one axis's ratings are read: a declared numeric scale, an agency label map."""

    banding: Banding | None
    labels: dict[str, Level] | None
    """Label map keys (see :func:`label_key`) to levels, built-in word spellings included."""
    cell: Callable[[str], Level | str] | None = None
    """Reads each cell itself, giving its level or why it is refused (a nine-box column's
    box through the declared numbering): no scale, no label map, no numeric checks."""


_Axis = Banding | _Rating | None
"""An axis as the internal readers take it (a bare banding, or none, has no label map)."""


def _rating(
    banding: Banding | None, labels: Mapping[str, Level | str] | None, field: str
) -> _Rating:
    """An axis's :class:`_Rating` from the public options (a label map is checked here)."""
    if banding is not None and not isinstance(banding, Banding):
        raise TypeError(f"{field.split('_')[0]} must be a Banding, not {type(banding).__name__}")
    if labels is None:
        return _Rating(banding, None)
    words = {k: v for k, v in Level.spellings().items() if not _NUMBER.fullmatch(k)}
    return _Rating(banding, {**words, **label_map(labels, field=field)})


class _LevelReader:
    """Turns raw rating text into levels, caching each distinct spelling.

    With a label map, text is first looked up there (built-in words and the agency's
    labels); numbers then go to the declared banding, or to the 1-3 model. A header that
    ends in a named scale (``Performance Rating (1-5)``) declares it when no banding is
    given; words are then still read as levels.
    """

    def __init__(self, axis: _Axis, field: str, option: str) -> None:
        rating = axis if isinstance(axis, _Rating) else _Rating(axis, None)
        self.cell = rating.cell
        given = rating.banding is not None or self.cell is not None
        self.header_scale = None if given else header_scale(field)
        """The scale the header ends in, when no banding is given (see :func:`header_scale`)."""
        declared = header_banding(self.header_scale)
        self.from_header = rating.banding is None and declared is not None
        """Whether :attr:`banding` is the named scale the header declares."""
        self.banding = rating.banding if rating.banding is not None else declared
        self.labels = rating.labels
        self.field = field
        self.option = option
        self.cache: dict[str, Level | _Problem] = {}
        """Each distinct spelling's level, or why it is refused (a message, not an exception:
        an exception would keep its traceback, and a file can hold many bad spellings)."""

    def level(self, raw: str) -> Level | _Problem:
        found = self.cache.get(raw)
        if found is None and self.cell is not None:
            read = self.cell(raw)
            found = read if isinstance(read, Level) else _Problem(read, self.field)
            self.cache[raw] = found
        if found is None and self.labels is not None:
            found = self.labels.get(label_key(raw))
            if found is None and not _NUMBER.fullmatch(raw):
                hint = (
                    "numbers are read on the declared scale"
                    if self.banding is not None
                    else ACCEPTED_HINT
                )
                found = _Problem(
                    f"{quoted(raw.strip())} is not a level or a label of the {self.option} "
                    f"label map; {hint}",
                    self.field,
                )
            if found is not None:
                self.cache[raw] = found
                return found
        if found is None:
            number = _NUMBER.fullmatch(raw) is not None
            try:
                if self.banding is not None and (number or not self.from_header):
                    found = self.banding.level_for(raw, field=self.field)
                else:
                    found = Level.parse(raw, field=self.field)
            except ValidationError as exc:
                found = _Problem(exc.message, self.field)
                if number and self.from_header:
                    found = _Problem(
                        outside_reason(raw.strip(), self.option, self.field), self.field
                    )
                elif self.banding is None and number:
                    found = _Problem(
                        strict_reason(raw.strip(), self.option, self.field, self.header_scale),
                        self.field,
                    )
                elif self.labels is None and not number:
                    found = _Problem(
                        f"{found.reason}; map an agency's own labels with --labels FILE "
                        f"({self.option}_labels=)",
                        self.field,
                    )
            self.cache[raw] = found
        return found

    def column(self, rejected: Iterable[RejectedRow] | None = None) -> Column:
        """What the column holds, from the spellings read (and the rows ``rejected``)."""
        numbers = {raw.strip(): _number_order(raw) for raw in self.cache if _NUMBER.fullmatch(raw)}
        problems = {
            level.reason: raw.strip()
            for raw, level in self.cache.items()
            if isinstance(level, _Problem) and _NUMBER.fullmatch(raw)
        }
        words = {
            label_key(raw)
            for raw, level in self.cache.items()
            if isinstance(level, Level) and not _NUMBER.fullmatch(raw)
        }
        lines: dict[str, list[int]] | None = None
        if rejected is not None:
            lines = {}
            for row in rejected:
                value = problems.get(row.reason) if row.field == self.field else None
                if value is not None:
                    lines.setdefault(value, []).append(row.line)
        odd = sorted(set(problems.values()), key=_number_order)
        return Column(numbers=numbers, odd=odd, words=len(words), lines=lines)

    def scale_hint(self) -> str:
        """How to declare this column's scale, from what it holds so far."""
        return hint(self.column(), self.option)

    def check_numbers(self, rejected: Iterable[RejectedRow] | None = None) -> Finding | None:
        """Refuse a column whose numbers are not all 1, 2 or 3; warn when 1-3 was assumed.

        Without a declared scale, numbers are read on the 1-3 model only when every number
        in the column is 1, 2 or 3: a 1-5 file is never half-read. A scale the header names
        is declared, and a number outside it refuses the file too. ``rejected`` (the rows
        rejected so far) lets the refusal name the lines that hold the odd numbers.
        """
        if (self.banding is not None and not self.from_header) or self.cell is not None:
            return None
        column = self.column(rejected)
        if not column.numbers:
            return None
        if self.from_header:
            if column.odd:
                raise ValidationError(
                    header_refusal(column, self.option, self.field), path=self.field
                )
            return None
        if self.header_scale is not None:
            raise ValidationError(unnamed_refusal(column, self.option, self.field), path=self.field)
        if column.odd:
            raise ValidationError(refusal(column, self.option), path=self.field)
        return Finding(
            code="numeric-scale-assumed",
            severity=Severity.WARNING,
            message=assumed(column, self.option, self.field),
            path=self.field,
        )


_NUMBER: Final = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")


def _number_order(text: str) -> float:
    try:
        return float(text)
    except (ValueError, OverflowError):  # pragma: no cover - _NUMBER matched it
        return math.inf
