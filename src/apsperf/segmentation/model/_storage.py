"""How a workforce stores its people: a column of codes per field, and runs of lines.

The storage behind :class:`~apsperf.segmentation.model._workforce.Workforce`, which no
public method exposes; the builder (``apsperf.segmentation.io._builder``) fills it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable
from itertools import chain
from typing import Any


class _Coded:
    """A column kept per person: each person's code into the column's distinct values.

    A workforce keeps every field this way (grouping columns, dates, the assessor): each
    distinct value is stored once, and counting people is counting small whole numbers.
    In a finished workforce the values are distinct, so a code names one value.
    """

    __slots__ = ("codes", "values")

    def __init__(self, values: list[Any] | None = None, codes: array[int] | None = None) -> None:
        self.values: list[Any] = [] if values is None else values
        self.codes: array[int] = array("I") if codes is None else codes
        """Each person's code (an index into :attr:`values`), in placement order."""

    def __len__(self) -> int:
        return len(self.codes)

    def deduplicated(self) -> _Coded:
        """The column with each value once (codes of equal values merged)."""
        values = self.values
        if len(set(values)) == len(values):
            return self
        index: dict[Any, int] = {}
        remap = [index.setdefault(value, len(index)) for value in values]
        return _Coded(list(index), array("I", map(remap.__getitem__, self.codes)))

    def used(self) -> _Coded:
        """The column with only the values someone has, numbered in order of first use."""
        order = dict.fromkeys(self.codes)
        if len(order) == len(self.values) and all(map(int.__eq__, order, range(len(order)))):
            return self
        remap = [0] * len(self.values)
        for new, old in enumerate(order):
            remap[old] = new
        values = [self.values[old] for old in order]
        return _Coded(values, array("I", map(remap.__getitem__, self.codes)))

    def all(self) -> list[Any]:
        """Every person's value, in placement order."""
        return list(map(self.values.__getitem__, self.codes))


class _LineRuns:
    """The source line of each placed row, kept as runs of consecutive lines."""

    __slots__ = ("lines", "size", "starts")

    def __init__(self) -> None:
        self.starts: array[int] = array("Q")
        """The position (in placement order) where each run starts."""
        self.lines: array[int] = array("Q")
        """The line of the first row of each run."""
        self.size = 0

    @classmethod
    def of(cls, lines: Iterable[int]) -> _LineRuns:
        """Runs holding ``lines``, in order."""
        runs = cls()
        for line in lines:
            runs.extend(line, 1)
        return runs

    def __len__(self) -> int:
        return self.size

    def extend(self, first_line: int, count: int) -> None:
        """Add ``count`` rows on consecutive lines from ``first_line``."""
        if count <= 0:
            return
        if not self.size or self.lines[-1] + self.size - self.starts[-1] != first_line:
            self.starts.append(self.size)
            self.lines.append(first_line)
        self.size += count

    def at(self, position: int) -> int:
        """The line of the row placed at ``position``."""
        run = bisect_right(self.starts, position) - 1
        return self.lines[run] + position - self.starts[run]

    def all(self) -> tuple[int, ...]:
        """Every row's line, in placement order."""
        ends = [*self.starts[1:], self.size][: len(self.starts)]
        return tuple(
            chain.from_iterable(
                range(line, line + end - start)
                for start, end, line in zip(self.starts, ends, self.lines, strict=True)
            )
        )
