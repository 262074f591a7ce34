"""Import a workforce file: one row per person, placed on the Talent Segmentation Model.

The reader is built for whole-agency files (hundreds of thousands of rows): it keeps
compact columns rather than one object per person, does its per-row work in C-level
passes over chunks of rows, and falls back to a careful row-by-row pass only for chunks
that need it (quoted line breaks, bad rows). Every row read is either placed or rejected
with its line number and reason: ``rows_read == rows_placed + len(rejected)``, always.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import re
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice, repeat
from operator import itemgetter
from os import PathLike
from pathlib import Path
from typing import Any, Final, TextIO

import attrs

from apsperf import _validators as v
from apsperf.dates import parse_date
from apsperf.errors import ValidationError
from apsperf.segmentation._levels import Level, Segment, segment_for
from apsperf.segmentation._placement import Banding, Placement

__all__ = ["Columns", "RejectedRow", "Workforce", "read_workforce", "workforce_from_rows"]

_CHUNK_ROWS: Final = 512
SEGMENTS: Final = tuple(Segment)
"""Segments in code order: a workforce stores each person's segment as an index into this."""
_CODE: Final = {segment: index for index, segment in enumerate(SEGMENTS)}


def normalise_header(name: str) -> str:
    """A header as compared: case-folded, with runs of spaces, ``_`` and ``-`` as one ``_``."""
    return re.sub(r"[\s_\-]+", "_", name.strip().casefold()).strip("_")


_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "employee_id": ("employee_id", "employeeid", "employee_number", "employee_no", "emp_id",
                    "staff_id", "agsid"),
    "performance": ("performance", "performance_rating", "performance_level", "perf"),
    "potential": ("potential", "potential_rating", "potential_level"),
    "assessed_on": ("assessed_on", "assessment_date", "date_assessed"),
    "assessed_by": ("assessed_by", "assessor"),
    "aspiration_conversation_on": ("aspiration_conversation_on",
                                   "aspiration_conversation_date", "conversation_date"),
}


def _header_list(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    return v.to_tuple(value)


def _optional_header_tuple(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        v.text_tuple(_inst, attribute, value)


@attrs.frozen(kw_only=True)
class Columns:
    """Which columns of a workforce file hold what.

    Each name is matched against the file's headers ignoring case, spacing, ``_`` and ``-``.
    Left as ``None``, a field is found by its usual headers (``employee_id`` also matches
    "Employee ID", "EmployeeID", "Staff ID"; ``performance`` also "Performance rating"...).
    The three rating columns are required; the dates and assessor are optional. ``groups``
    names the grouping columns to keep (division, classification, location, manager...);
    ``None`` keeps every other column as a grouping column.
    """

    employee_id: str | None = attrs.field(default=None, validator=v.optional(v.text))
    performance: str | None = attrs.field(default=None, validator=v.optional(v.text))
    potential: str | None = attrs.field(default=None, validator=v.optional(v.text))
    assessed_on: str | None = attrs.field(default=None, validator=v.optional(v.text))
    assessed_by: str | None = attrs.field(default=None, validator=v.optional(v.text))
    aspiration_conversation_on: str | None = attrs.field(
        default=None, validator=v.optional(v.text)
    )
    groups: tuple[str, ...] | None = attrs.field(
        default=None, converter=_header_list, validator=_optional_header_tuple
    )

    def locate(self, header: Sequence[str]) -> dict[str, int]:
        """Column indexes for each field found in ``header`` (grouping columns by name)."""
        found: dict[str, int] = {}
        normalised = [normalise_header(h) for h in header]
        seen: dict[str, int] = {}
        for index, name in enumerate(normalised):
            if not name:
                raise ValidationError(f"column {index + 1} has no name", path="header")
            if name in seen:
                raise ValidationError(
                    f"columns {seen[name] + 1} and {index + 1} are both {header[index]!r}",
                    path="header",
                )
            seen[name] = index
        for field, aliases in _ALIASES.items():
            chosen = getattr(self, field)
            candidates = (normalise_header(chosen),) if chosen is not None else aliases
            hits = [seen[c] for c in candidates if c in seen]
            if hits:
                found[field] = hits[0]
            elif chosen is not None or field in ("employee_id", "performance", "potential"):
                wanted = chosen if chosen is not None else field
                raise ValidationError(
                    f"no column {wanted!r}; the header has: {', '.join(header)}", path="header"
                )
        used = set(found.values())
        if self.groups is None:
            for index, name in enumerate(header):
                if index not in used:
                    found[f"group:{name.strip()}"] = index
        else:
            for name in self.groups:
                key = normalise_header(name)
                if key not in seen:
                    raise ValidationError(
                        f"no grouping column {name!r}; the header has: {', '.join(header)}",
                        path="header",
                    )
                found[f"group:{header[seen[key]].strip()}"] = seen[key]
        return found


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


class GroupColumn:
    """One grouping column stored as category codes: each distinct value is kept once."""

    __slots__ = ("categories", "codes", "index")

    def __init__(self) -> None:
        self.categories: list[str] = []
        """Each distinct value (stripped of surrounding white space), in order of first use."""
        self.codes: array[int] = array("I")
        """Each person's value as an index into :attr:`categories`."""
        self.index: dict[str, int] = {}
        """Raw cell text to category code (several spellings may share a code)."""

    def code_for(self, raw: str) -> int:
        """The code of a raw cell value, adding a category when it is new."""
        code = self.index.get(raw)
        if code is None:
            value = sys.intern(raw.strip())
            code = self.index.get(value)
            if code is None:
                code = len(self.categories)
                self.categories.append(value)
                self.index[value] = code
            self.index[raw] = code
        return code

    def __len__(self) -> int:
        return len(self.codes)

    def values(self) -> tuple[str, ...]:
        """Each person's value, in order."""
        categories = self.categories
        return tuple(map(categories.__getitem__, self.codes))


class Workforce:
    """One cycle's workforce: every person placed on the Model, plus every row rejected.

    Stored as columns (identifier, segment code, source line, grouping values, dates) so
    that a whole agency fits comfortably in memory; :meth:`placements` yields
    :class:`~apsperf.segmentation.Placement` values on demand. Build one with
    :func:`read_workforce`, :func:`workforce_from_rows` or :meth:`from_placements`.
    """

    __slots__ = (
        "_assessed_by", "_assessed_on", "_codes", "_conversation_on", "_groups", "_ids",
        "_index", "_lines", "blank_lines", "rejected", "rows_read", "source",
    )

    def __init__(
        self,
        *,
        ids: list[str],
        codes: bytearray,
        lines: array[int],
        groups: Mapping[str, GroupColumn],
        assessed_on: list[dt.date | None] | None = None,
        assessed_by: list[str | None] | None = None,
        conversation_on: list[dt.date | None] | None = None,
        rejected: Sequence[RejectedRow] = (),
        rows_read: int | None = None,
        blank_lines: int = 0,
        source: str = "",
    ) -> None:
        size = len(ids)
        lengths = [len(codes), len(lines), *map(len, groups.values())]
        lengths += [len(c) for c in (assessed_on, assessed_by, conversation_on) if c is not None]
        if any(length != size for length in lengths):
            raise ValidationError("workforce columns differ in length", path="workforce")
        self._ids = ids
        self._codes = codes
        self._lines = lines
        self._groups = dict(groups)
        self._assessed_on = assessed_on
        self._assessed_by = assessed_by
        self._conversation_on = conversation_on
        self._index: dict[str, int] | None = None
        self.rejected: tuple[RejectedRow, ...] = tuple(rejected)
        """Every row that was read but not placed, in file order."""
        self.rows_read: int = size + len(self.rejected) if rows_read is None else rows_read
        """Rows read from the source (blank lines are not rows)."""
        if self.rows_read != size + len(self.rejected):
            raise ValidationError("rows read must equal rows placed plus rows rejected",
                                  path="rows_read")
        self.blank_lines = blank_lines
        """Blank lines skipped in the source; they hold no data."""
        self.source = source
        """Where the workforce was read from (a file name), if anywhere."""

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_placements(cls, placements: Iterable[Placement], *, source: str = "") -> Workforce:
        """A workforce of the given placements (employee identifiers must be unique)."""
        ids: list[str] = []
        codes = bytearray()
        group_names: list[str] = []
        raw_groups: list[Mapping[str, str]] = []
        dates: list[dt.date | None] = []
        assessors: list[str | None] = []
        conversations: list[dt.date | None] = []
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
            ids.append(placement.employee_id)
            codes.append(_CODE[placement.segment])
            for name in placement.groups:
                if name not in group_names:
                    group_names.append(name)
            raw_groups.append(placement.groups)
            dates.append(placement.assessed_on)
            assessors.append(placement.assessed_by)
            conversations.append(placement.aspiration_conversation_on)
        groups = {}
        for name in group_names:
            column = GroupColumn()
            column.codes.extend(column.code_for(g.get(name, "")) for g in raw_groups)
            groups[name] = column
        return cls(
            ids=ids, codes=codes, lines=array("L", range(2, len(ids) + 2)), groups=groups,
            assessed_on=dates if any(d is not None for d in dates) else None,
            assessed_by=assessors if any(a is not None for a in assessors) else None,
            conversation_on=(
                conversations if any(c is not None for c in conversations) else None
            ),
            source=source,
        )

    # -- reading ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        source = f" from {self.source!r}" if self.source else ""
        return (
            f"<Workforce{source}: {len(self)} placed, {len(self.rejected)} rejected "
            f"of {self.rows_read} rows>"
        )

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
        return bytes(self._codes)

    def group_values(self, name: str) -> Sequence[str]:
        """Each person's value of the grouping column ``name``, in file order."""
        return self._group(name).values()

    def group_codes(self, name: str) -> tuple[tuple[str, ...], bytes]:
        """``(categories, codes)`` of a grouping column: each person's value as an index.

        Codes are 4-byte unsigned integers in native byte order (``array('I')`` bytes);
        counting by code is much faster than by value for large workforces.
        """
        column = self._group(name)
        return tuple(column.categories), column.codes.tobytes()

    def _group(self, name: str) -> GroupColumn:
        try:
            return self._groups[name]
        except KeyError:
            raise ValidationError(
                f"no grouping column {name!r}; this workforce has: "
                f"{', '.join(self._groups) or 'none'}",
                path="by",
            ) from None

    def _lookup(self) -> dict[str, int]:
        if self._index is None:
            self._index = {eid: i for i, eid in enumerate(self._ids)}
        return self._index

    def segment_of(self, employee_id: str) -> Segment | None:
        """The segment ``employee_id`` is placed in, or ``None`` if they are not placed."""
        index = self._lookup().get(employee_id)
        return None if index is None else SEGMENTS[self._codes[index]]

    def line_of(self, employee_id: str) -> int | None:
        """The source line of ``employee_id``'s row, or ``None`` if they are not placed."""
        index = self._lookup().get(employee_id)
        return None if index is None else self._lines[index]

    def placement(self, index: int) -> Placement:
        """The placement of the person at position ``index`` (file order)."""
        segment = SEGMENTS[self._codes[index]]
        return Placement(
            employee_id=self._ids[index],
            performance=segment.performance,
            potential=segment.potential,
            assessed_on=self._assessed_on[index] if self._assessed_on else None,
            assessed_by=self._assessed_by[index] if self._assessed_by else None,
            groups={
                name: column.categories[column.codes[index]]
                for name, column in self._groups.items()
            },
            aspiration_conversation_on=(
                self._conversation_on[index] if self._conversation_on else None
            ),
        )

    def placements(self) -> Iterator[Placement]:
        """Every placement, in file order."""
        for index in range(len(self._ids)):
            yield self.placement(index)

    def lines(self) -> Sequence[int]:
        """The source line of each person's row, in file order."""
        return tuple(self._lines)


# -- the reader ----------------------------------------------------------------------------

class _LevelReader:
    """Turns raw rating text into levels, caching each distinct spelling."""

    def __init__(self, banding: Banding | None, field: str) -> None:
        self.banding = banding
        self.field = field
        self.cache: dict[str, Level | ValidationError] = {}

    def level(self, raw: str) -> Level | ValidationError:
        found = self.cache.get(raw)
        if found is None:
            try:
                if self.banding is not None:
                    found = self.banding.level_for(raw, field=self.field)
                else:
                    found = Level.parse(raw, field=self.field)
            except ValidationError as exc:
                found = exc
            self.cache[raw] = found
        return found


class _DateReader:
    """Turns raw date text into dates, caching each distinct spelling.

    ``cache`` holds only good spellings (the empty cell is ``None``: no date); bad ones are
    kept in ``errors``, so a chunk can be mapped through ``cache.get`` in one pass.
    """

    def __init__(self, field: str) -> None:
        self.field = field
        self.cache: dict[str, dt.date | None] = {"": None}
        self.errors: dict[str, ValidationError] = {}

    def learn(self, raw: Iterable[str]) -> None:
        """Parse every spelling in ``raw`` not seen before."""
        for text in set(raw).difference(self.cache, self.errors):
            try:
                self.cache[text] = parse_date(text, field=self.field) if text.strip() else None
            except ValidationError as exc:
                self.errors[text] = exc

    def date(self, raw: str) -> dt.date | ValidationError | None:
        """The date for one spelling, or the error it raises."""
        self.learn((raw,))
        return self.errors[raw] if raw in self.errors else self.cache[raw]


_BAD: Final = object()


class _Builder:
    """Accumulates columns chunk by chunk."""

    def __init__(
        self,
        header: list[str],
        located: dict[str, int],
        performance: Banding | None,
        potential: Banding | None,
        strict: bool,
        source: str,
    ) -> None:
        self.header = header
        self.width = len(header)
        self.located = located
        self.strict = strict
        self.source = source
        self.perf = _LevelReader(performance, header[located["performance"]])
        self.pot = _LevelReader(potential, header[located["potential"]])
        self.pairs: dict[tuple[str, str], int | None] = {}
        self.ids: list[str] = []
        self.seen: set[str] = set()
        self.codes = bytearray()
        self.lines: array[int] = array("L")
        self.group_index = {k[6:]: i for k, i in located.items() if k.startswith("group:")}
        self.groups: dict[str, GroupColumn] = {name: GroupColumn() for name in self.group_index}
        self.group_getters = [
            (self.groups[name], itemgetter(index)) for name, index in self.group_index.items()
        ]
        self.get_id = itemgetter(located["employee_id"])
        self.get_pair = itemgetter(located["performance"], located["potential"])
        self.date_fields = [f for f in ("assessed_on", "aspiration_conversation_on")
                            if f in located]
        self.date_readers = {f: _DateReader(header[located[f]]) for f in self.date_fields}
        self.dates: dict[str, list[dt.date | None]] = {f: [] for f in self.date_fields}
        self.assessors: list[str | None] | None = [] if "assessed_by" in located else None
        self.rejected: list[RejectedRow] = []
        self.rows_read = 0
        self.blank_lines = 0

    # The fast path: a whole chunk of well-formed rows in C-level passes.
    def add_chunk(self, rows: list[list[str]], first_line: int) -> None:
        """Place a chunk of rows whose first row is on ``first_line``."""
        if rows.count([]) or set(map(len, rows)) != {self.width}:
            self._add_slowly(rows, range(first_line, first_line + len(rows)))
            return
        ids = list(map(str.strip, map(self.get_id, rows)))
        chunk_ids = set(ids)
        if len(chunk_ids) != len(ids) or "" in chunk_ids or not self.seen.isdisjoint(chunk_ids):
            self._add_slowly(rows, range(first_line, first_line + len(rows)))
            return
        pairs = self.pairs
        codes = list(map(pairs.get, map(self.get_pair, rows)))
        if None in codes:
            for key in set(map(self.get_pair, rows)).difference(pairs):
                pairs[key] = self._pair_code(*key)
            codes = list(map(pairs.__getitem__, map(self.get_pair, rows)))
            if None in codes:
                self._add_slowly(rows, range(first_line, first_line + len(rows)))
                return
        dates = {}
        for field in self.date_fields:
            reader = self.date_readers[field]
            raw = list(map(itemgetter(self.located[field]), rows))
            values = list(map(reader.cache.get, raw, repeat(_BAD)))
            if _BAD in values:
                reader.learn(raw)
                values = list(map(reader.cache.get, raw, repeat(_BAD)))
                if _BAD in values:
                    self._add_slowly(rows, range(first_line, first_line + len(rows)))
                    return
            dates[field] = values
        groups = []
        for column, getter in self.group_getters:
            index = column.index
            found = list(map(index.get, map(getter, rows)))
            if None in found:
                found = [column.code_for(raw) for raw in map(getter, rows)]
            groups.append((column, found))
        self.seen.update(chunk_ids)
        self.rows_read += len(rows)
        self.ids.extend(ids)
        self.codes.extend(codes)  # type: ignore[arg-type]
        self.lines.extend(range(first_line, first_line + len(rows)))
        for column, found in groups:
            column.codes.extend(found)  # type: ignore[arg-type]
        for field, values in dates.items():
            self.dates[field].extend(values)  # type: ignore[arg-type]
        if self.assessors is not None:
            get = itemgetter(self.located["assessed_by"])
            self.assessors.extend([a.strip() or None for a in map(get, rows)])

    def _pair_code(self, perf_raw: str, pot_raw: str) -> int | None:
        perf = self.perf.level(perf_raw)
        pot = self.pot.level(pot_raw)
        if isinstance(perf, ValidationError) or isinstance(pot, ValidationError):
            return None
        return _CODE[segment_for(perf, pot)]

    # The careful path: row by row, for chunks that need it.
    def _add_slowly(self, rows: Iterable[list[str]], lines: Iterable[int]) -> None:
        for row, line in zip(rows, lines, strict=True):
            self.add_row(row, line)

    def add_row(self, row: list[str], line: int) -> None:
        """Place one row or record why it cannot be placed."""
        if not row:
            self.blank_lines += 1
            return
        self.rows_read += 1
        located = self.located
        if len(row) != self.width:
            self._reject(line, f"expected {self.width} fields, found {len(row)}", "", row)
            return
        employee_id = row[located["employee_id"]].strip()
        if not employee_id:
            self._reject(line, "employee id is empty", self.header[located["employee_id"]], row)
            return
        if employee_id in self.seen:
            first = self.lines[self.ids.index(employee_id)]
            self._reject(line, f"duplicate employee id {employee_id!r} (placed from line "
                         f"{first})", self.header[located["employee_id"]], row)
            return
        levels = []
        for reader, key in ((self.perf, "performance"), (self.pot, "potential")):
            level = reader.level(row[located[key]])
            if isinstance(level, ValidationError):
                self._reject(line, level.message, reader.field, row)
                return
            levels.append(level)
        found_dates: dict[str, dt.date | None] = {}
        for date_field in self.date_fields:
            date_reader = self.date_readers[date_field]
            parsed = date_reader.date(row[located[date_field]])
            if isinstance(parsed, ValidationError):
                self._reject(line, parsed.message, date_reader.field, row)
                return
            found_dates[date_field] = parsed
        self.seen.add(employee_id)
        self.ids.append(employee_id)
        self.codes.append(_CODE[segment_for(levels[0], levels[1])])
        self.lines.append(line)
        for name, index in self.group_index.items():
            column = self.groups[name]
            column.codes.append(column.code_for(row[index]))
        for field, parsed in found_dates.items():
            self.dates[field].append(parsed)
        if self.assessors is not None:
            self.assessors.append(row[located["assessed_by"]].strip() or None)

    def _reject(self, line: int, reason: str, field: str, row: list[str]) -> None:
        index = self.located["employee_id"]
        employee_id = row[index].strip() if index < len(row) else ""
        rejected = RejectedRow(line=line, reason=reason, field=field, employee_id=employee_id)
        if self.strict:
            where = f"{self.source}, line {line}" if self.source else f"line {line}"
            path = f"{where}, {field}" if field else where
            raise ValidationError(reason, path=path)
        self.rejected.append(rejected)

    def build(self) -> Workforce:
        """The finished workforce."""
        return Workforce(
            ids=self.ids,
            codes=self.codes,
            lines=self.lines,
            groups=self.groups,
            assessed_on=self.dates.get("assessed_on"),
            assessed_by=self.assessors,
            conversation_on=self.dates.get("aspiration_conversation_on"),
            rejected=self.rejected,
            rows_read=self.rows_read,
            blank_lines=self.blank_lines,
            source=self.source,
        )


_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


def _line_starts(rows: list[list[str]], first_line: int) -> list[int]:
    """The line each row starts on, for rows whose quoted fields may hold line breaks."""
    starts = []
    line = first_line
    for row in rows:
        starts.append(line)
        line += 1 + sum(len(_LINE_BREAK.findall(cell)) for cell in row if "\n" in cell or
                        "\r" in cell)
    return starts


def _consume(reader: Iterator[list[str]], builder: _Builder, line_offset: int) -> None:
    """Feed every remaining row of a csv reader to ``builder``, chunk by chunk.

    ``line_offset`` is added to the reader's own line numbers (for a reader over a part of
    a file).
    """
    was_enabled = gc.isenabled()
    gc.disable()  # the loop makes no reference cycles; collecting would only slow it
    try:
        while True:
            line = reader.line_num + 1  # type: ignore[attr-defined]
            rows = list(islice(reader, _CHUNK_ROWS))
            if not rows:
                break
            if reader.line_num - line + 1 == len(rows):  # type: ignore[attr-defined]
                builder.add_chunk(rows, line + line_offset)
            else:
                for row, start in zip(rows, _line_starts(rows, line + line_offset),
                                      strict=True):
                    builder.add_row(row, start)
    finally:
        if was_enabled:
            gc.enable()


def _read_csv(
    stream: TextIO, columns: Columns, performance: Banding | None,
    potential: Banding | None, strict: bool, source: str,
) -> Workforce:
    reader = csv.reader(stream, strict=True)
    try:
        builder: _Builder | None = None
        blank_before_header = 0
        for row in reader:
            if row and any(cell.strip() for cell in row):
                header = [cell.lstrip("\ufeff").strip() for cell in row]
                builder = _Builder(header, columns.locate(header), performance, potential,
                                   strict, source)
                break
            blank_before_header += 1
        if builder is None:
            raise ValidationError("the file is empty: no header row", path=source or "file")
        builder.blank_lines += blank_before_header
        _consume(reader, builder, 0)
    except csv.Error as exc:
        where = f"{source}, line {reader.line_num}" if source else f"line {reader.line_num}"
        raise ValidationError(f"malformed CSV: {exc}", path=where) from None
    return builder.build()


def read_workforce(
    source: str | PathLike[str] | TextIO,
    *,
    columns: Columns | None = None,
    performance: Banding | None = None,
    potential: Banding | None = None,
    strict: bool = False,
    sheet: str | None = None,
) -> Workforce:
    """Read a workforce file (CSV, or Excel ``.xlsx`` with the ``excel`` extra).

    Ratings go through :meth:`Level.parse` or, when given, an agency :class:`Banding` for
    that axis. Dates are read day first (``01/07/2025`` is 1 July). Every bad row is
    recorded in :attr:`Workforce.rejected` with its line number and reason; with
    ``strict=True`` the first bad row raises :class:`~apsperf.ValidationError` instead.
    A file that cannot be read at all (no header, a missing column) always raises.
    """
    columns = columns or Columns()
    if isinstance(source, (str, PathLike)):
        path = Path(source)
        name = str(path)
        if path.suffix.casefold() in (".xlsx", ".xlsm"):
            from apsperf.segmentation._excel import read_xlsx_rows

            header, rows = read_xlsx_rows(path, sheet=sheet)
            return workforce_from_rows(
                rows, header=header, columns=columns, performance=performance,
                potential=potential, strict=strict, source=name,
            )
        try:
            with path.open(newline="", encoding="utf-8-sig") as stream:
                return _read_csv(stream, columns, performance, potential, strict, name)
        except FileNotFoundError:
            raise ValidationError("no such file", path=name) from None
        except IsADirectoryError:
            raise ValidationError("is a folder, not a file", path=name) from None
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"not UTF-8 text (byte {exc.start}); save the file as CSV UTF-8", path=name
            ) from None
        except OSError as exc:
            raise ValidationError(f"cannot be read ({exc.strerror or exc})", path=name) from None
    name = getattr(source, "name", "")
    return _read_csv(source, columns, performance, potential, strict,
                     name if isinstance(name, str) else "")


def workforce_from_rows(
    rows: Iterable[Sequence[object]],
    *,
    header: Sequence[str],
    columns: Columns | None = None,
    performance: Banding | None = None,
    potential: Banding | None = None,
    strict: bool = False,
    source: str = "",
    first_line: int = 2,
) -> Workforce:
    """Place rows that are already split into cells (from a database, a sheet, a frame).

    Cells may be text, numbers, dates or ``None`` (an empty cell). Row numbers count from
    ``first_line`` (2: the row after a header).
    """
    header = [str(h).strip() for h in header]
    builder = _Builder(header, (columns or Columns()).locate(header), performance,
                       potential, strict, source)
    iterator = iter(rows)
    line = first_line
    while True:
        chunk = [[_cell_text(c) for c in row] for row in islice(iterator, _CHUNK_ROWS)]
        if not chunk:
            break
        builder.add_chunk(chunk, line)
        line += len(chunk)
    return builder.build()


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)
