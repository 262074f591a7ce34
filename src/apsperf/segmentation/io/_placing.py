"""How one row is judged and placed, and the workforce built from the rows placed.

:class:`_Placing` holds what a reader has placed so far (identifiers, profile numbers,
lines, assessors, rows not placed) and judges a row on its own (:meth:`_Placing.add_row`):
its width, identifier, ratings and cells. Every faster path of the builder
(``apsperf.segmentation.io._builder``) places rows through :meth:`_Placing._place` and hands
any row that needs a closer look to :meth:`_Placing.add_row`, so each decision about a row
is made here.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Sequence
from operator import itemgetter

from apsperf._ids import id_problem, is_employee_id
from apsperf.errors import ValidationError
from apsperf.segmentation.io._date_columns import _DateReader, read_dates
from apsperf.segmentation.io._footers import footer_reason, is_footer
from apsperf.segmentation.io._ratings import _Axis, _LevelReader, _Problem
from apsperf.segmentation.model._columns import header_findings
from apsperf.segmentation.model._levels import segment_for
from apsperf.segmentation.model._placement import normalise_employee_id
from apsperf.segmentation.model._storage import _Coded, _LineRuns
from apsperf.segmentation.model._workforce import _CODE, _DATE_FIELDS, RejectedRow, Workforce


def _identifiers(raw: list[str]) -> list[str]:
    """Normalised identifiers (:func:`normalise_employee_id`; one no document may hold: "")."""
    if all(map(str.isascii, raw)):
        return list(map(str.strip, raw))
    ids = list(map(normalise_employee_id, raw))
    return [i if is_employee_id(i) else "" for i in ids]


def _to_width(row: list[str], width: int) -> list[str]:
    """``row`` as wide as the header if only empty cells differ (as a spreadsheet row is)."""
    if len(row) > width and not any(cell.strip() for cell in row[width:]):
        return row[:width]
    return row + [""] * (width - len(row)) if 0 < len(row) < width else row


class _Profiles:
    """The distinct profiles met so far, numbered: what the keyed paths check once each.

    A profile is a row's codes, ``(segment, *grouping columns, *dates)``: everything
    recorded about a placed person but identifier, line and assessor. Rows that share one
    are checked once (``_Builder._learn``) and placed by its number; :attr:`columns` gives
    each profile's code of each field, so placing by number is a C-level map per column.
    """

    __slots__ = ("columns", "index")

    def __init__(self, width: int) -> None:
        self.index: dict[tuple[int, ...], int] = {}
        self.columns: list[list[int]] = [[] for _ in range(width)]
        """Per field (segment first), each profile's code."""

    def number(self, key: tuple[int, ...]) -> int:
        """The number of the profile ``key``, adding it when it is new."""
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.index)
            for column, code in zip(self.columns, key, strict=True):
                column.append(code)
        return found


class _Placing:
    """A workforce being placed, row by row: what every reader's rows end up in."""

    def __init__(
        self,
        header: list[str],
        located: dict[str, int],
        performance: _Axis,
        potential: _Axis,
        strict: bool,
        source: str,
    ) -> None:
        self.header = header
        self.width = len(header)
        self.located = located
        self.strict = strict
        self.source = source
        self.sheet: str | None = None
        """The sheet read, for a workbook."""
        self.perf = _LevelReader(performance, header[located["performance"]], "performance")
        self.pot = _LevelReader(potential, header[located["potential"]], "potential")
        self.pairs: dict[tuple[str, str], int | None] = {}
        group_index = {k[6:]: i for k, i in located.items() if k.startswith("group:")}
        self.group_getters = [itemgetter(index) for index in group_index.values()]
        self.group_values: list[dict[str, int]] = [{} for _ in group_index]
        """Per grouping column: raw cell text to its code (see :attr:`group_kept`)."""
        self.group_kept: list[list[str]] = [[] for _ in group_index]
        """Per grouping column: each code's value as kept (stripped, interned); two raw
        texts may keep one value, and are merged when the workforce is built."""
        self.group_names = tuple(group_index)
        self.get_id = itemgetter(located["employee_id"])
        self.get_pair = itemgetter(located["performance"], located["potential"])
        self.date_fields = [f for f in _DATE_FIELDS if f in located]
        self.date_readers = {f: _DateReader(header[located[f]]) for f in self.date_fields}
        self.profiles = _Profiles(1 + len(group_index) + len(self.date_fields))
        self.segments = bytearray()
        """Each placed person's segment code."""
        self.coded: list[array[int]] = [array("I") for _ in range(len(self.profiles.columns) - 1)]
        """Each placed person's code in each grouping column, then in each date column."""
        # The assessor is not in the profile: assessors are many, and in a profile they
        # would make most profiles unique.
        self.assessors: _Coded | None = _Coded() if "assessed_by" in located else None
        self.assessor_codes: dict[str, int] = {}
        """Raw assessor cell text to its code in :attr:`assessors`."""
        self.ids: list[str] = []
        self.lines = _LineRuns()
        self.seen: set[str] = set()
        """Placed identifiers (only while :attr:`ordered` is false)."""
        self.ordered = True
        """Every identifier so far is greater than the one before it, so none can repeat
        and :attr:`seen` need not be kept (many HR systems export in identifier order)."""
        self.positions: dict[str, int] = {}
        """Identifier to position, for the first ``len(positions)`` people (filled lazily)."""
        self.rejected: list[RejectedRow] = []
        self.rows_read, self.blank_lines, self.rows_above = 0, 0, 0
        self._prepare()

    def _prepare(self) -> None:
        """Set up what a faster path keeps of its own (called last by ``__init__``)."""

    def unordered(self) -> None:
        """Stop relying on ascending identifiers: keep the set of placed ones from now on."""
        if self.ordered:
            self.ordered = False
            self.seen = set(self.ids)

    def _value(self, column: int, raw: str) -> int:
        """The code of a raw cell of grouping column ``column``, adding it when it is new."""
        codes = self.group_values[column]
        code = codes.get(raw)
        if code is None:
            kept = self.group_kept[column]
            code = codes[raw] = len(kept)
            kept.append(sys.intern(raw.strip()))
        return code

    def learn_values(self, column: int, raws: Iterable[str]) -> None:
        """Give each raw cell of grouping column ``column`` not met before its code."""
        for raw in set(raws).difference(self.group_values[column]):
            self._value(column, raw)

    def _pair_code(self, perf_raw: str, pot_raw: str) -> int | None:
        perf = self.perf.level(perf_raw)
        pot = self.pot.level(pot_raw)
        if isinstance(perf, _Problem) or isinstance(pot, _Problem):
            return None
        return _CODE[segment_for(perf, pot)]

    def _profile_of(self, cells: list[str]) -> tuple[int, ...] | _Problem:
        """The profile of a row's cells (see :class:`_Profiles`), or why it is rejected."""
        if len(cells) != self.width:
            return _Problem(f"expected {self.width} fields, found {len(cells)}", "")
        located = self.located
        # Both ratings are read even when the first is bad: every path sees the same
        # values of each column (see _LevelReader.check_numbers).
        perf = self.perf.level(cells[located["performance"]])
        pot = self.pot.level(cells[located["potential"]])
        if isinstance(perf, _Problem):
            return perf
        if isinstance(pot, _Problem):
            return pot
        profile = [_CODE[segment_for(perf, pot)]]
        profile.extend(
            self._value(position, getter(cells))
            for position, getter in enumerate(self.group_getters)
        )
        for field in self.date_fields:  # dates are read at the end (see _DateReader)
            profile.append(self.date_readers[field].code(cells[located[field]]))
        return tuple(profile)

    def _assessor(self, cells: list[str]) -> int:
        """The code of a row's assessor (the row has the assessor column)."""
        return self._assessor_code(cells[self.located["assessed_by"]])

    def _assessor_code(self, raw: str) -> int:
        """The code of a raw assessor cell, adding the assessor when it is new."""
        code = self.assessor_codes.get(raw)
        return code if code is not None else self.new_assessors([raw])[0]

    def new_assessors(self, raws: list[str]) -> range:
        """Codes for new distinct assessor cells, normalised as identifiers (merges reported)."""
        assert self.assessors is not None
        start = len(self.assessors.values)
        self.assessors.values.extend(normalise_employee_id(raw) or None for raw in raws)
        self.assessor_codes.update(zip(raws, range(start, start + len(raws)), strict=True))
        return range(start, start + len(raws))

    def _place(
        self,
        ids: list[str],
        found: list[int],
        assessors: list[int] | None,
        first_line: int,
        add_seen: bool = False,
    ) -> None:
        """Place rows on consecutive lines: unique new identifiers, known good profiles.

        ``found`` holds each row's profile number, ``assessors`` each row's assessor code
        (``None`` without an assessor column).
        """
        columns = [map(column.__getitem__, found) for column in self.profiles.columns]
        self._place_coded(ids, columns, assessors, first_line, add_seen)

    def _place_coded(
        self,
        ids: list[str],
        columns: Sequence[Iterable[int]],
        assessors: list[int] | None,
        first_line: int,
        add_seen: bool = False,
    ) -> None:
        """Place rows on consecutive lines: unique new identifiers, each field's codes.

        ``columns`` holds, per field (segment, grouping columns, dates, as a profile does),
        each row's code; ``assessors`` each row's assessor code (``None`` without).
        """
        if self.assessors is not None:
            assert assessors is not None
            self.assessors.codes.extend(assessors)
        if add_seen:
            self.seen.update(ids)
        self.rows_read += len(ids)
        self.ids.extend(ids)
        self.segments.extend(columns[0])
        for kept, codes in zip(self.coded, columns[1:], strict=True):
            kept.extend(codes)
        self.lines.extend(first_line, len(ids))

    # The careful path: row by row, for chunks that need it.
    def _add_slowly(self, rows: list[list[str]], first_line: int) -> None:
        for line, row in enumerate(rows, first_line):
            self.add_row(row, line)

    def add_row(self, row: list[str], line: int) -> None:
        """Place one row or record why it cannot be placed."""
        self.unordered()
        self._add_row(row, line)

    def _add_row(self, row: list[str], line: int) -> None:
        """Place one row, trusting :attr:`seen` even while identifiers are ordered.

        For callers that know the row's identifier cannot repeat one placed before unless
        :attr:`seen` holds it.
        """
        if not row:
            self.blank_lines += 1
            return
        id_field = self.header[self.located["employee_id"]]
        row = _to_width(row, self.width)
        if len(row) != self.width:
            self._reject(line, f"expected {self.width} fields, found {len(row)}", "", row)
            return
        raw_id = row[self.located["employee_id"]]
        employee_id = normalise_employee_id(raw_id)
        if is_footer(employee_id):  # first: a total's cells are not values of the ratings
            self._reject(line, footer_reason(employee_id), id_field, row)
            return
        if not is_employee_id(employee_id) or employee_id in self.seen:
            # rejected for its identifier; its ratings still count (_LevelReader.check_numbers)
            self.perf.level(row[self.located["performance"]])
            self.pot.level(row[self.located["potential"]])
        if problem := id_problem(employee_id):  # blank, or a character NFC could change
            self._reject(line, problem, id_field, row)
            return
        if employee_id in self.seen:
            first = self._first_line(employee_id)
            merged = "" if raw_id.strip() == employee_id else "; the same identifier once "
            merged += "" if not merged else "normalised (Unicode NFC, invisible characters removed)"
            self._reject(
                line,
                f"duplicate employee id {employee_id!r} (placed from line {first}{merged})",
                id_field,
                row,
            )
            return
        profile = self._profile_of(row)
        if isinstance(profile, _Problem):
            self._reject(line, profile.reason, profile.field, row)
            return
        assessor = None if self.assessors is None else [self._assessor(row)]
        self._place([employee_id], [self.profiles.number(profile)], assessor, line, add_seen=True)

    def _positions(self) -> dict[str, int]:
        """Each placed identifier's position (kept up to date lazily: rarely needed)."""
        positions = self.positions
        done = len(positions)
        if done < len(self.ids):
            positions.update(zip(self.ids[done:], range(done, len(self.ids)), strict=True))
        return positions

    def _first_line(self, employee_id: str) -> int:
        """The line ``employee_id`` was placed from."""
        return self.lines.at(self._positions()[employee_id])

    def _reject(self, line: int, reason: str, field: str, row: list[str]) -> None:
        self.rows_read += 1
        index = self.located["employee_id"]
        employee_id = normalise_employee_id(row[index]) if index < len(row) else ""
        rejected = RejectedRow(line=line, reason=reason, field=field, employee_id=employee_id)
        if self.strict:
            where = f"{self.source}, line {line}" if self.source else f"line {line}"
            path = f"{where}, {field}" if field else where
            raise ValidationError(reason, path=path)
        self.rejected.append(rejected)

    def build(self) -> Workforce:
        """The finished workforce (a column of numbers off the 1-3 model refuses the file)."""
        findings = [f for r in (self.perf, self.pot) if (f := r.check_numbers(self.rejected))]
        groups = len(self.group_names)
        dates, found = read_dates(self, self.coded[groups:])
        findings += found
        findings += header_findings(self.header, self.rows_above)
        return Workforce(
            findings=findings,
            ids=self.ids,
            segments=bytes(self.segments),
            groups={
                name: _Coded(self.group_kept[n], self.coded[n]).deduplicated()
                for n, name in enumerate(self.group_names)
            },
            dates=dates,
            lines=self.lines,
            assessors=self.assessors,
            rejected=self.rejected,
            rows_read=self.rows_read,
            blank_lines=self.blank_lines,
            source=self.source,
            sheet=self.sheet,
            columns={
                field: self.header[index]
                for field, index in self.located.items()
                if not field.startswith("group:")
            },
        )
