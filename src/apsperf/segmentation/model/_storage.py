"""How a workforce stores its people: profiles, per-person codes and runs of lines.

The storage behind :class:`~apsperf.segmentation.model._workforce.Workforce`, which no
public method exposes; the builder (``apsperf.segmentation.io._builder``) fills it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any


class _Profiles:
    """Distinct profiles: everything recorded about a placed person but identifier and line.

    A profile is a tuple ``(segment code, *group values, *dates)`` (the dates only where
    the workforce has those columns). People who share a profile share one entry, so a
    workforce stores a single profile number per person. The assessor is not in the
    profile (see :class:`_Coded`).
    """

    __slots__ = (
        "codes",
        "date_fields",
        "date_maps",
        "group_names",
        "index",
        "keys",
    )

    def __init__(self, group_names: Sequence[str], date_fields: Sequence[str]) -> None:
        self.group_names = tuple(group_names)
        self.date_fields = tuple(date_fields)
        self.keys: list[tuple[Any, ...]] = []
        self.codes = bytearray()
        """Each profile's segment code."""
        self.index: dict[tuple[Any, ...], int] = {}
        self.date_maps: tuple[dict[str, Any], ...] | None = None
        """Per date field, each spelling's date (or ``None``), when the keys hold the text as
        written rather than dates: a file's date format is known only once every date in
        it has been seen, so the reader keeps each distinct spelling and reads it once, at
        the end (see ``_reader._DateReader``)."""

    def __len__(self) -> int:
        return len(self.keys)

    def number(self, key: tuple[Any, ...]) -> int:
        """The number of the profile ``key``, adding it when it is new."""
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.keys)
            self.keys.append(key)
            self.codes.append(key[0])
        return found

    def numbers(self, keys: list[tuple[Any, ...]]) -> list[int]:
        """The number of each profile in ``keys``, adding new ones."""
        index = self.index
        try:
            return list(map(index.__getitem__, keys))
        except KeyError:
            new = list(set(keys).difference(index))
            start = len(self.keys)
            index.update(zip(new, range(start, start + len(new)), strict=True))
            self.keys.extend(new)
            self.codes.extend(map(itemgetter(0), new))
            return list(map(index.__getitem__, keys))

    def field(self, position: int) -> list[Any]:
        """Position ``position`` of every profile, in profile order."""
        return list(map(itemgetter(position), self.keys))


class _Coded:
    """A column kept per person: each person's code into the column's values.

    For a column whose values are many (the assessor): in the profile they would make
    nearly every profile unique, so each person would cost a profile of their own.
    """

    __slots__ = ("codes", "values")

    def __init__(self) -> None:
        self.values: list[Any] = []
        self.codes: array[int] = array("I")
        """Each person's code (an index into :attr:`values`), in placement order."""

    def add(self, value: Any) -> int:
        """A new code for ``value``."""
        self.values.append(value)
        return len(self.values) - 1


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
