"""Ratings as read: a declared numeric scale, an agency label map, the built-in words.

Each distinct spelling is read once; a column of numbers off the 1-3 model refuses the file
with a hint based on what the column holds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Final, NamedTuple

from apsperf._redaction import quoted
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.io._labels import label_key, label_map
from apsperf.segmentation.model._levels import ACCEPTED_HINT, Level
from apsperf.segmentation.model._placement import Banding


class _Problem(NamedTuple):
    """Why a row cannot be placed, and the column at fault (if one is)."""

    reason: str
    field: str


class _Rating(NamedTuple):
    """How one axis's ratings are read: a declared numeric scale, an agency label map."""

    banding: Banding | None
    labels: dict[str, Level] | None
    """Label map keys (see :func:`label_key`) to levels, built-in word spellings included."""


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
    labels); numbers then go to the declared banding, or to the 1-3 model.
    """

    def __init__(self, axis: _Axis, field: str, option: str) -> None:
        rating = axis if isinstance(axis, _Rating) else _Rating(axis, None)
        self.banding = rating.banding
        self.labels = rating.labels
        self.field = field
        self.option = option
        self.cache: dict[str, Level | _Problem] = {}
        """Each distinct spelling's level, or why it is refused (a message, not an exception:
        an exception would keep its traceback, and a file can hold many bad spellings)."""

    def level(self, raw: str) -> Level | _Problem:
        found = self.cache.get(raw)
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
            try:
                if self.banding is not None:
                    found = self.banding.level_for(raw, field=self.field)
                else:
                    found = Level.parse(raw, field=self.field)
            except ValidationError as exc:
                found = _Problem(exc.message, self.field)
                if self.banding is None and _NUMBER.fullmatch(raw):
                    found = _Problem(
                        f"{quoted(raw.strip())} is not on the 1-3 model; {self.scale_hint()}",
                        self.field,
                    )
                elif self.labels is None and not _NUMBER.fullmatch(raw):
                    found = _Problem(
                        f"{found.reason}; map an agency's own labels with --labels FILE "
                        f"({self.option}_labels=)",
                        self.field,
                    )
            self.cache[raw] = found
        return found

    def scale_hint(self) -> str:
        """How to declare this column's scale."""
        return (
            f"declare the column's scale, e.g. `--{self.option}-scale 1-5` "
            f"(`{self.option}=Banding.preset('1-5')`), or `--{self.option}-bands`"
        )

    def check_numbers(self) -> Finding | None:
        """Refuse a column whose numbers are not all 1, 2 or 3; say when 1-3 was assumed.

        Without a declared scale, numbers are read on the 1-3 model only when every number
        in the column is 1, 2 or 3: a 1-5 file is never half-read.
        """
        if self.banding is not None:
            return None
        numbers = [raw.strip() for raw in self.cache if _NUMBER.fullmatch(raw)]
        if not numbers:
            return None
        off_scale = sorted(
            {
                raw.strip()
                for raw, level in self.cache.items()
                if isinstance(level, _Problem) and _NUMBER.fullmatch(raw)
            }
        )
        if off_scale:
            shown = ", ".join(map(quoted, off_scale[:10])) + (" …" if len(off_scale) > 10 else "")
            seen = ", ".join(map(quoted, sorted(set(numbers), key=_number_order)[:12]))
            raise ValidationError(
                f"the column holds numbers that are not on the 1-3 model ({shown}; numbers "
                f"seen: {seen}), so none of its numbers is read; {self.scale_hint()}",
                path=self.field,
            )
        return Finding(
            code="numeric-scale-assumed",
            severity=Severity.INFO,
            message=f"numbers in {self.field!r} were read on the 1-3 model (1 low, 2 moderate, "
            f"3 high), as every number in it is 1, 2 or 3; {self.scale_hint()} if they are not",
            path=self.field,
        )


_NUMBER: Final = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")


def _number_order(text: str) -> float:
    try:
        return float(text)
    except (ValueError, OverflowError):  # pragma: no cover - _NUMBER matched it
        return math.inf
