"""A workforce: one cycle's people placed on the Talent Segmentation Model.

Built for whole agencies (hundreds of thousands of people) and stored by columns: each
person is an identifier, a segment code and, for each grouping column, date column and the
assessor, a code into that column's distinct values (each stored once); source lines are
kept as runs. The reader (``apsperf.segmentation.io._reader``) builds one from a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import add, mul
from types import MappingProxyType
from typing import Any, Final, cast

import attrs

from apsperf._display import display_html, one_line, quoted
from apsperf._text import file_name
from apsperf.errors import ValidationError
from apsperf.findings import Finding
from apsperf.segmentation.model._columns import Columns, normalise_header
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._placement import Placement
from apsperf.segmentation.model._storage import _Coded, _LineRuns

__all__ = ["SEGMENTS", "Columns", "RejectedRow", "Workforce"]

SEGMENTS: Final = tuple(Segment)
"""Segments in code order: a workforce stores each person's segment as an index into this."""
_CODE: Final = {segment: index for index, segment in enumerate(SEGMENTS)}
_DATE_FIELDS: Final = ("assessed_on", "aspiration_conversation_on")


@attrs.frozen(kw_only=True)
class RejectedRow:
    """A row that could not be placed, with where it is and why."""

    line: int
    """The line of the file the row starts on (the header is line 1)."""
    reason: str
    field: str = ""
    """The column at fault, where one is."""
    employee_id: str = ""

    def __str__(self) -> str:
        where = f" [{self.field}]" if self.field else ""
        return f"line {self.line}{where}: {self.reason}"


def _ungrouped(key: Any) -> bool:
    """Whether the answer a workforce keeps under ``key`` says nothing of its groups."""
    if isinstance(key, tuple):  # ("fields", names) of field_codes, ("counts", ...) of counts
        return key[0] == "fields" or (key[0] == "counts" and not key[2])
    return key in ("index", "digest")


def _unsegmented(key: Any) -> bool:
    """Whether the answer a workforce keeps under ``key`` says nothing of segments."""
    if isinstance(key, tuple):
        return key[0] in ("fields", "counts") and "segment" not in key[1]
    return key == "index" or (isinstance(key, str) and key.startswith("group:"))


def _coded(values: Iterable[Any]) -> _Coded:
    """A column of ``values`` (one per person), each distinct value stored once."""
    index: dict[Any, int] = {}
    codes = array("I", [index.setdefault(value, len(index)) for value in values])
    return _Coded(list(index), codes)


class Workforce:
    """One cycle's workforce: every person placed on the Model, plus every row rejected.

    Stored by columns so that a whole agency fits comfortably in memory and is counted
    fast: each person is an identifier, a segment code and a code into each other column's
    distinct values (grouping columns, dates, assessor); the source lines are kept as
    runs. :meth:`placements` yields :class:`~apsperf.segmentation.Placement` values on
    demand. Build one with :func:`read_workforce`, :func:`workforce_from_rows` or
    :meth:`from_placements`.
    """

    __slots__ = (
        "_assessors",
        "_cache",
        "_dates",
        "_groups",
        "_ids",
        "_lines",
        "_segments",
        "blank_lines",
        "columns",
        "findings",
        "rejected",
        "rows_read",
        "sheet",
        "source",
    )

    def __init__(
        self,
        *,
        ids: list[str],
        segments: bytes,
        lines: _LineRuns,
        groups: Mapping[str, _Coded] | None = None,
        dates: Mapping[str, _Coded] | None = None,
        assessors: _Coded | None = None,
        rejected: Sequence[RejectedRow] = (),
        rows_read: int | None = None,
        blank_lines: int = 0,
        source: str = "",
        sheet: str | None = None,
        columns: Mapping[str, str] | None = None,
        findings: Sequence[Finding] = (),
    ) -> None:
        size = len(ids)
        groups = dict(groups or {})
        dates = dict(dates or {})
        coded = [*groups.values(), *dates.values(), *([] if assessors is None else [assessors])]
        if len(segments) != size or len(lines) != size or any(len(c) != size for c in coded):
            raise ValidationError("workforce columns differ in length", path="workforce")
        if not set(dates) <= set(_DATE_FIELDS):
            raise ValidationError(f"not date fields: {sorted(set(dates) - set(_DATE_FIELDS))}")
        rejected = tuple(rejected)
        rows_read = size + len(rejected) if rows_read is None else rows_read
        if rows_read != size + len(rejected):
            raise ValidationError(
                "rows read must equal rows placed plus rows rejected", path="rows_read"
            )
        given = {
            "_ids": ids,
            "_segments": bytes(segments),
            "_groups": groups,
            "_dates": dates,
            "_lines": lines,
            "_assessors": assessors,
            "_cache": {},
            "rejected": rejected,
            "rows_read": rows_read,
            "blank_lines": blank_lines,
            "source": source,
            "sheet": sheet,
            "columns": MappingProxyType(dict(columns or {})),
            "findings": tuple(findings),
        }
        for name, value in given.items():
            object.__setattr__(self, name, value)

    _ids: list[str]
    _segments: bytes
    """Each person's segment, as an index into :data:`SEGMENTS`."""
    _groups: dict[str, _Coded]
    """Each grouping column (in file order): its distinct values and each person's code."""
    _dates: dict[str, _Coded]
    """Each date column the workforce has: each person's date as read (a date; the text as
    written where it is not one; ``None`` where blank)."""
    _lines: _LineRuns
    _assessors: _Coded | None
    _cache: dict[Any, Any]
    rejected: tuple[RejectedRow, ...]
    """Every row that was read but not placed, in file order."""
    rows_read: int
    """Rows read from the source (blank lines are not rows): placed plus rejected."""
    blank_lines: int
    """Blank lines skipped in the source; they hold no data."""
    source: str
    """Where the workforce was read from (a file name), if anywhere."""
    sheet: str | None
    """The sheet read, for a workbook (``None`` for anything else)."""
    columns: Mapping[str, str]
    """The header of the column read for each field (``employee_id``, ``performance``,
    ``potential`` and, where the file has them, ``assessed_on``, ``assessed_by`` and
    ``aspiration_conversation_on``); empty when the workforce was not read from a table."""
    findings: tuple[Finding, ...]
    """What reading noticed but did not refuse: an assumed rating scale, the format a
    date column was read in, each row whose date is not a date (its person is placed)."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Workforce is immutable: {name!r} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Workforce is immutable: {name!r} cannot be deleted")

    def _evolve(self, **changes: Any) -> Workforce:
        """A copy with the public attributes in ``changes`` replaced (the columns shared)."""
        given: dict[str, Any] = {
            "ids": self._ids,
            "segments": self._segments,
            "groups": self._groups,
            "dates": self._dates,
            "lines": self._lines,
            "assessors": self._assessors,
            "rejected": self.rejected,
            "rows_read": self.rows_read,
            "blank_lines": self.blank_lines,
            "source": self.source,
            "sheet": self.sheet,
            "columns": self.columns,
            "findings": self.findings,
        }
        given.update(changes)
        return Workforce(**given)

    def without_groups(self, names: Iterable[str]) -> Workforce:
        """A copy without the grouping columns ``names`` (matched as headers are).

        Everyone placed, every row not placed and every finding is kept; only the columns
        go (before sharing a workforce without its sensitive columns, say).
        """
        if isinstance(names, str):
            raise TypeError("names must be a sequence of column names, not one name")
        drop = {self.group_name(name) for name in names}
        if not drop:
            return self
        fewer = self._evolve(groups={n: c for n, c in self._groups.items() if n not in drop})
        # The same people, with the same dates: what says nothing of groups is kept.
        fewer._cache.update((k, v) for k, v in self._cache.items() if _ungrouped(k))
        return fewer

    def recoded(self, segments: Mapping[int, Segment]) -> Workforce:
        """A new workforce: this one with the people at the given positions moved.

        ``segments`` maps a position (file order, as :meth:`placement` takes) to the
        person's new segment; everything else (identifiers, lines, groups, dates,
        assessors, rows not placed, findings) is kept. This workforce is unchanged.
        """
        if not segments:
            return self
        codes = bytearray(self._segments)
        size = len(codes)
        for position, segment in segments.items():
            if isinstance(position, bool) or not isinstance(position, int):
                raise TypeError(f"positions must be int, not {type(position).__name__}")
            if not 0 <= position < size:
                raise ValidationError(f"no one at position {position}", path="segments")
            if not isinstance(segment, Segment):
                raise ValidationError(
                    f"expected Segment, got {type(segment).__name__}", path=f"segments[{position}]"
                )
            codes[position] = _CODE[segment]
        moved = self._evolve(segments=bytes(codes))
        # What does not depend on segments is the same people's: kept, not counted again.
        moved._cache.update((k, v) for k, v in self._cache.items() if _unsegmented(k))
        return moved

    def position_of(self, employee_id: str) -> int | None:
        """The position (file order) of ``employee_id``, or ``None`` if they are not placed."""
        return self._lookup().get(employee_id)

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_placements(cls, placements: Iterable[Placement], *, source: str = "") -> Workforce:
        """A workforce of the given placements (employee identifiers must be unique)."""
        chosen: list[Placement] = []
        group_names: dict[str, None] = {}
        seen: set[str] = set()
        for index, placement in enumerate(placements):
            if not isinstance(placement, Placement):
                raise ValidationError(
                    f"expected Placement, got {type(placement).__name__}", path=f"[{index}]"
                )
            if placement.employee_id in seen:
                raise ValidationError(
                    f"duplicate employee id {placement.employee_id!r}",
                    path=f"[{index}].employee_id",
                )
            seen.add(placement.employee_id)
            chosen.append(placement)
            group_names.update(dict.fromkeys(placement.groups))
        return cls(
            ids=[p.employee_id for p in chosen],
            segments=bytes(_CODE[p.segment] for p in chosen),
            groups={name: _coded(p.groups.get(name, "") for p in chosen) for name in group_names},
            dates={
                "assessed_on": _coded(p.assessed_on for p in chosen),
                "aspiration_conversation_on": _coded(p.aspiration_conversation_on for p in chosen),
            },
            lines=_LineRuns.of(range(2, len(chosen) + 2)),
            assessors=_coded(p.assessed_by for p in chosen),
            source=source,
        )

    # -- reading ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        source = f" from {quoted(file_name(self.source))}" if self.source else ""
        return one_line(
            f"<Workforce{source}: {len(self)} placed, {len(self.rejected)} rejected "
            f"of {self.rows_read} rows>"
        )

    def _repr_html_(self) -> str:
        return display_html(self)

    @property
    def rows_placed(self) -> int:
        """How many people were placed."""
        return len(self._ids)

    @property
    def employee_ids(self) -> Sequence[str]:
        """Employee identifiers in file order."""
        return tuple(self._ids)

    @property
    def group_names(self) -> tuple[str, ...]:
        """The grouping columns kept, in file order."""
        return tuple(self._groups)

    def segment_codes(self) -> bytes:
        """Each person's segment as an index into :data:`SEGMENTS`, in file order."""
        return self._segments

    def segment_counts(self) -> dict[Segment, int]:
        """How many people are placed in each segment, in :data:`SEGMENTS` order.

        Segments with nobody are left out.
        """
        codes = self._segments
        return {segment: n for code, segment in enumerate(SEGMENTS) if (n := codes.count(code))}

    def segment_counts_by(self, name: str) -> dict[str, dict[Segment, int]]:
        """How many people in each segment, for each value of the grouping column ``name``.

        Values are in sorted order, segments in :data:`SEGMENTS` order; segments with
        nobody are left out.
        """
        return {key[0]: per for key, per in self.segment_counts_across([name]).items()}

    def segment_counts_across(
        self, names: Sequence[str]
    ) -> dict[tuple[str, ...], dict[Segment, int]]:
        """How many people in each segment, for each combination of values of ``names``.

        Combinations (one value per column, in the order of ``names``) are in sorted order
        and only those someone has appear; segments are in :data:`SEGMENTS` order, those
        with nobody left out.
        """
        counts: dict[tuple[str, ...], list[int]] = {}
        for (segment, *combination), count in self.counts(["segment"], groups=names).items():
            per = counts.setdefault(tuple(combination), [0] * len(SEGMENTS))
            per[SEGMENTS.index(segment)] = count
        return {
            combination: {s: n for s, n in zip(SEGMENTS, counts[combination], strict=True) if n}
            for combination in sorted(counts)
        }

    def assessment_dates(self) -> dict[dt.date, int]:
        """How many people were assessed on each date, dates in order (empty without dates)."""
        if "assessed_on" not in self._dates:
            return {}
        counted = {day: n for (day,), n in self.counts(["assessed_on"]).items()}
        return {day: counted[day] for day in sorted(d for d in counted if isinstance(d, dt.date))}

    def counts(
        self, fields: Sequence[str] = (), *, groups: Sequence[str] = ()
    ) -> dict[tuple[Any, ...], int]:
        """How many people share each combination of values, counted on the columns.

        Each key holds one value per name in ``fields`` (``"segment"``: a :class:`Segment`;
        ``"assessed_on"`` or ``"aspiration_conversation_on"``: a date, ``None`` where the
        cell is blank or the column absent, or the text as written where it is not a date;
        ``"assessed_by"``: the assessor or ``None``), then one per grouping column in
        ``groups``. Only combinations someone has appear, in no particular order.
        """
        key = ("counts", tuple(fields), tuple(groups))
        cached: dict[tuple[Any, ...], int] | None = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._count(fields, groups)
        return dict(cached)

    def _columns_of(self, fields: Sequence[str], groups: Sequence[str]) -> list[_Coded | None]:
        """The column of each field, then of each grouping column.

        ``None`` where everyone's value is ``None``: a date column or an assessor column
        the workforce does not have.
        """
        columns = [self._field_column(field) for field in fields]
        columns += [self._groups[self.group_name(name)] for name in groups]
        return columns

    def _count(self, fields: Sequence[str], groups: Sequence[str]) -> dict[tuple[Any, ...], int]:
        """:meth:`counts`, computed (the method keeps each answer)."""
        columns = self._columns_of(fields, groups)
        counted: dict[tuple[Any, ...], int] = {}
        for key, count in Counter(self._joint(columns)).items():
            # A column may hold one value under two codes (an assessor written two ways):
            # such combinations are added together.
            combination = self._decoded(key, columns)
            counted[combination] = counted.get(combination, 0) + count
        return counted

    def field_codes(self, fields: Sequence[str]) -> tuple[list[tuple[Any, ...]], list[int]]:
        """The distinct combinations of ``fields`` and each person's index into them.

        Fields are read as :meth:`counts` reads them; combinations are numbered in order of
        first use, so count on the indexes, never per person in Python. Computed once per
        workforce and fields: the lists returned are shared, not copies.
        """
        cached = self._cache.get(("fields", tuple(fields)))
        if cached is not None:
            return cast("tuple[list[tuple[Any, ...]], list[int]]", cached)
        columns = self._columns_of(fields, ())
        keys = self._joint(columns)
        index: dict[tuple[Any, ...], int] = {}
        numbering = {
            key: index.setdefault(self._decoded(key, columns), len(index))
            for key in dict.fromkeys(keys)
        }
        found = list(index), list(map(numbering.__getitem__, keys))
        self._cache[("fields", tuple(fields))] = found
        return found

    def _joint(self, columns: Sequence[_Coded | None]) -> Sequence[int]:
        """One whole number per person for their codes in ``columns``, made in C.

        ``None`` columns (everyone's value ``None``) add nothing; :meth:`_decoded` reads
        a number back.
        """
        present = [column for column in columns if column is not None]
        if not present:
            return bytes(len(self))
        keys: Sequence[int] = present[0].codes
        for column in present[1:]:
            keys = list(map(add, map(mul, keys, repeat(len(column.values))), column.codes))
        return keys

    @staticmethod
    def _decoded(key: int, columns: Sequence[_Coded | None]) -> tuple[Any, ...]:
        """The values a combined code (see :meth:`field_codes`) stands for."""
        values: list[Any] = []
        for column in reversed(columns):
            if column is None:
                values.append(None)
            else:
                key, code = divmod(key, len(column.values))
                values.append(column.values[code])
        return tuple(reversed(values))

    def _field_column(self, field: str) -> _Coded | None:
        """The column of ``field`` (see :meth:`counts`); ``None`` where the workforce has none."""
        if field == "segment":
            return _Coded(list(SEGMENTS), self._segments)  # type: ignore[arg-type]
        if field == "assessed_by":
            return self._assessors
        if field not in _DATE_FIELDS:
            raise ValidationError(
                f"not a field: {field!r}; expected 'segment', 'assessed_by' or "
                f"{' or '.join(map(repr, _DATE_FIELDS))}",
                path="fields",
            )
        return self._dates.get(field)

    def _assessor_column(self) -> tuple[list[str | None], Sequence[int]]:
        """The distinct assessors and each person's code into them (all ``None`` without)."""
        if self._assessors is None:
            return [None], array("I", bytes(4 * len(self._ids)))
        return self._assessors.values, self._assessors.codes

    def assessors(self) -> Sequence[str | None]:
        """Each person's assessor (``None`` where not recorded), in file order."""
        values, codes = self._assessor_column()
        return tuple(map(values.__getitem__, codes))

    def dates(self, field: str) -> Sequence[dt.date | str | None]:
        """Each person's ``assessed_on`` or ``aspiration_conversation_on``, in file order.

        A date; the text as written where the cell is not a date; ``None`` where it is
        blank or the file has no such column.
        """
        if field not in _DATE_FIELDS:
            raise ValidationError(
                f"not a date field: {field!r}; expected {' or '.join(map(repr, _DATE_FIELDS))}",
                path="field",
            )
        column = self._dates.get(field)
        if column is None:
            return (None,) * len(self._ids)
        return tuple(column.all())

    def placements_digest(self) -> str:
        """The SHA-256 of who is placed where, as 64 lowercase hex digits (computed once).

        Over each placed person's identifier and segment, in file order, not the file's
        bytes: the same placements read from a .csv and from an .xlsx give the same digest;
        a person added, removed or placed elsewhere gives another.
        """
        digest = self._cache.get("digest")
        if digest is None:
            hashed = hashlib.sha256(b"apsperf-proposals/1\n")
            hashed.update("\n".join(self._ids).encode("utf-8", "surrogatepass"))
            hashed.update(b"\n")
            hashed.update(self._segments)
            digest = self._cache["digest"] = hashed.hexdigest()
        return digest

    def assessor_codes(self) -> tuple[tuple[str | None, ...], Sequence[int]]:
        """``(assessors, codes)``: the distinct assessors and each person's index into them.

        In file order; ``None`` among the assessors stands for "not recorded". Counting by
        code is much faster than by name for large workforces (see :meth:`group_codes`).
        """
        values, codes = self._assessor_column()
        return tuple(values), codes

    def group_values(self, name: str) -> Sequence[str]:
        """Each person's value of the grouping column ``name``, in file order."""
        return tuple(self._groups[self.group_name(name)].all())

    def group_values_at(self, name: str, positions: Iterable[int]) -> list[str]:
        """The values of the grouping column ``name`` of the people at ``positions``.

        Positions are in file order, as :meth:`position_of` gives them; only those people
        are read, however large the workforce.
        """
        column = self._groups[self.group_name(name)]
        values, codes = column.values, column.codes
        return [values[codes[position]] for position in positions]

    def group_codes(self, name: str) -> tuple[tuple[str, ...], bytes]:
        """``(categories, codes)`` of a grouping column: each person's value as an index.

        Categories are in order of first use. Codes are 4-byte unsigned integers in native
        byte order (``array('I')`` bytes); counting by code is much faster than by value
        for large workforces.
        """
        cached = self._cache.get(f"group:{name}")
        if cached is None:
            column = self._groups[self.group_name(name)].used()
            cached = self._cache[f"group:{name}"] = (tuple(column.values), column.codes.tobytes())
        return cast("tuple[tuple[str, ...], bytes]", cached)

    def group_name(self, name: str) -> str:
        """The grouping column ``name`` names, as the file spells it (see :meth:`counts`).

        Its exact name, else the one column whose header matches as headers do (ignoring
        case, spacing, ``_`` and ``-``): ``"division"`` finds ``"Division"``.
        """
        names = self._groups
        if name in names:
            return name
        wanted = normalise_header(name) if isinstance(name, str) else None
        matches = [found for found in names if normalise_header(found) == wanted]
        if wanted and len(matches) == 1:
            return matches[0]
        raise ValidationError(
            f"no grouping column {name!r}; this workforce has: {', '.join(names) or 'none'}",
            path="by",
        )

    def _lookup(self) -> dict[str, int]:
        index: dict[str, int] | None = self._cache.get("index")
        if index is None:
            index = self._cache["index"] = dict(zip(self._ids, range(len(self._ids)), strict=True))
        return index

    def segment_of(self, employee_id: str) -> Segment | None:
        """The segment ``employee_id`` is placed in, or ``None`` if they are not placed."""
        index = self._lookup().get(employee_id)
        if index is None:
            return None
        return SEGMENTS[self._segments[index]]

    def line_of(self, employee_id: str) -> int | None:
        """The source line of ``employee_id``'s row, or ``None`` if they are not placed."""
        index = self._lookup().get(employee_id)
        return None if index is None else self._lines.at(index)

    def placement(self, index: int) -> Placement:
        """The placement of the person at position ``index`` (file order)."""
        segment = SEGMENTS[self._segments[index]]
        dates = {
            field: value if isinstance(value, dt.date) else None  # the text as written: no date
            for field, column in self._dates.items()
            for value in [column.values[column.codes[index]]]
        }
        assessors = self._assessors
        return Placement(
            employee_id=self._ids[index],
            performance=segment.performance,
            potential=segment.potential,
            assessed_on=dates.get("assessed_on"),
            assessed_by=None if assessors is None else assessors.values[assessors.codes[index]],
            groups={name: c.values[c.codes[index]] for name, c in self._groups.items()},
            aspiration_conversation_on=dates.get("aspiration_conversation_on"),
        )

    def placements(self) -> Iterator[Placement]:
        """Every placement, in file order."""
        for index in range(len(self._ids)):
            yield self.placement(index)

    def lines(self) -> Sequence[int]:
        """The source line of each person's row, in file order."""
        return self._lines.all()


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
