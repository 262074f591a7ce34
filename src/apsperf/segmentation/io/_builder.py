"""The one builder every reader feeds: rows in, one immutable columnar ``Workforce`` out.

Each row is placed or rejected (with its line and reason) here, whichever reader split it:
``rows_read == rows_placed + len(rejected)``, always. Each distinct profile is checked
once; files whose profiles hardly repeat are checked column by column instead.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from itertools import compress, islice, repeat
from operator import eq, is_, itemgetter, lt
from typing import Any, Final

from apsperf._ids import id_problem, is_employee_id
from apsperf.errors import ValidationError
from apsperf.segmentation.io._date_columns import _DateReader, read_dates
from apsperf.segmentation.io._footers import footer_reason, footer_rows, is_footer
from apsperf.segmentation.io._ratings import _Axis, _LevelReader, _Problem
from apsperf.segmentation.model._columns import header_cells, header_findings
from apsperf.segmentation.model._levels import segment_for
from apsperf.segmentation.model._placement import normalise_employee_id
from apsperf.segmentation.model._storage import _Coded, _LineRuns, _Profiles
from apsperf.segmentation.model._workforce import (
    _CODE,
    _DATE_FIELDS,
    Columns,
    RejectedRow,
    Workforce,
)

_MAX_PROFILES: Final = 200_000
"""Beyond this many distinct keys (see ``_Builder.keyed``), rows are checked column by
column instead."""
_NOVEL_PROFILES: Final = 10_000
"""Beyond this many keys (or :data:`_UNIQUE_AFTER` rows that 95% brought their own), a block
in which most rows bring a new key switches to columns (fewer would switch files whose few
thousand keys are still being met, like the easy benchmark file's 7,776)."""
_UNIQUE_AFTER: Final = 4_096


def _split_cells(text: str) -> list[str]:
    """The cells of plain text (no quotes): split at every comma."""
    return text.split(",")


def _identifiers(raw: list[str]) -> list[str]:
    """Normalised identifiers (:func:`normalise_employee_id`; one no document may hold: "")."""
    if all(map(str.isascii, raw)):
        return list(map(str.strip, raw))
    ids = list(map(normalise_employee_id, raw))
    return [i if is_employee_id(i) else "" for i in ids]


def _id_or_blank(index: int) -> Callable[[list[str]], str]:
    return lambda row: row[index] if len(row) > index else ""


def _to_width(row: list[str], width: int) -> list[str]:
    """``row`` as wide as the header if only empty cells differ (as a spreadsheet row is)."""
    if len(row) > width and not any(cell.strip() for cell in row[width:]):
        return row[:width]
    return row + [""] * (width - len(row)) if 0 < len(row) < width else row


class _Builder:
    """Accumulates a workforce, chunk by chunk: identifiers, profile numbers and lines."""

    chunk_rows = 512
    """Rows handed to :meth:`add_chunk` at a time by every reader."""

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
        self.group_values: list[dict[str, str]] = [{} for _ in group_index]
        """Per grouping column: raw cell text to the value kept (stripped, interned)."""
        self.get_id = itemgetter(located["employee_id"])
        self.get_pair = itemgetter(located["performance"], located["potential"])
        self.date_fields = [f for f in _DATE_FIELDS if f in located]
        self.date_readers = {f: _DateReader(header[located[f]]) for f in self.date_fields}
        self.profiles = _Profiles(tuple(group_index), self.date_fields)
        # The assessor is kept per person (a code into the distinct cells), not in the
        # profile: assessors are many, and in a profile they would make most profiles unique.
        self.assessors: _Coded | None = _Coded() if "assessed_by" in located else None
        self.assessor_codes: dict[str, int] = {}
        """Raw assessor cell text to its code in :attr:`assessors`."""
        self.key_assessors: dict[Any, int] = {}
        """Key (see :attr:`keyed`) to its row's assessor code (with an assessor column)."""
        self.keyed_rows = 0  # rows placed by their keys so far (see _add_keyed)
        self.ids: list[str] = []
        self.people: list[int] = []
        self.lines = _LineRuns()
        self.seen: set[str] = set()
        """Placed identifiers (only while :attr:`ordered` is false)."""
        self.ordered = True
        """Every identifier so far is greater than the one before it, so none can repeat
        and :attr:`seen` need not be kept (many HR systems export in identifier order)."""
        self.last_id: str | None = None
        self.positions: dict[str, int] = {}
        """Identifier to position, for the first ``len(positions)`` people (filled lazily)."""
        self.rejected: list[RejectedRow] = []
        self.rows_read, self.blank_lines, self.rows_above = 0, 0, 0
        # Plain lines (see add_lines): everything but the identifier is a row's profile
        # text, checked once per distinct text and then found by one lookup per row.
        id_column = located["employee_id"]
        self.profile_split: Any = None
        if self.width >= 3 and id_column in (0, self.width - 1):
            self.profile_split = str.partition if id_column == 0 else str.rpartition
            self.get_raw_id = itemgetter(0 if id_column == 0 else 2)
            self.get_profile = itemgetter(2 if id_column == 0 else 0)
        # A csv row's key is the cells of the columns kept (all but the identifier's).
        self.key_columns = sorted(set(located.values()) - {id_column})
        others = self.key_columns
        self.row_key: Callable[[list[str]], Any] = itemgetter(*others) if others else lambda _: ()
        self.keyed: dict[Any, int] = {}
        """Key (profile text of a plain line, or other cells of a csv row) to profile."""
        self.bad_keys: set[Any] = set()
        """Keys whose rows are rejected (:meth:`add_row` then says why)."""
        # A key leaves the identifier out, so when another field reads the identifier's
        # column too, check column by column instead.
        self.by_columns = list(located.values()).count(id_column) > 1

    def unordered(self) -> None:
        """Stop relying on ascending identifiers: keep the set of placed ones from now on."""
        if self.ordered:
            self.ordered = False
            self.seen = set(self.ids)

    def _value(self, column: int, raw: str) -> str:
        """The value kept for a raw cell of grouping column ``column``."""
        values = self.group_values[column]
        value = values.get(raw)
        if value is None:
            value = values[raw] = sys.intern(raw.strip())
        return value

    # -- placing rows: a row's key is everything but its identifier (the raw text after or
    # before the identifier's comma for plain lines, the other cells for csv rows). Each
    # distinct key is checked once (_learn) and mapped to a profile number; files whose keys
    # hardly repeat (a date or manager per person) are checked by column (_add_columns).

    def add_chunk(self, rows: list[list[str]], first_line: int) -> None:
        """Place a chunk of rows (lists of cells) whose first row is on ``first_line``."""
        if not rows:
            return
        width = self.width
        if set(map(len, rows)) != {width}:  # only empty cells differ: see _to_width
            rows = [_to_width(row, width) for row in rows]
        index = self.located["employee_id"]
        get = self.get_id if min(map(len, rows)) > index else _id_or_blank(index)
        if footer_rows(_identifiers(list(map(get, rows)))):  # a totals row: add_row says why
            self._add_slowly(rows, first_line)
            return
        if self._columnar():
            self._add_columns(rows, first_line)
            return
        if set(map(len, rows)) == {width}:
            ids = _identifiers(list(map(self.get_id, rows)))
            keys: list[Any] = list(map(self.row_key, rows))
        else:  # wrong widths (and blank rows) are rejected whatever their identifier
            index = self.located["employee_id"]
            ids = _identifiers([row[index] if len(row) == width else "" for row in rows])
            keys = [self.row_key(row) if len(row) == width else None for row in rows]
        self._add_keyed(ids, keys, self._key_cells, rows.__getitem__, first_line)

    def _key_cells(self, key: Any) -> list[str]:
        """The cells (all but the identifier's) of a csv row's key; columns not kept are empty."""
        others = self.key_columns
        values = [key] if len(others) == 1 else list(key)
        if len(others) == self.width - 1:
            return values
        cells = [""] * self.width
        for index, value in zip(others, values, strict=True):
            cells[index] = value
        del cells[self.located["employee_id"]]
        return cells

    def _add_as_rows(self, lines: list[str], first_line: int) -> None:
        """Place plain lines as rows of cells, chunk by chunk (see :meth:`add_chunk`)."""
        rows = list(map(str.split, lines, repeat(",")))
        if "" in lines:
            for index in compress(range(len(lines)), map(eq, lines, repeat(""))):
                rows[index] = []
        for start in range(0, len(rows), self.chunk_rows):
            self.add_chunk(rows[start : start + self.chunk_rows], first_line + start)

    def add_lines(self, lines: list[str], first_line: int) -> None:
        """Place plain lines (no quotes, no line breaks) whose first is on ``first_line``."""
        split = self.profile_split
        if split is not None and max(map(str.count, lines, repeat(",")), default=0) >= self.width:
            split = None  # a line with cells after the last column: judge it as cells
        if split is None or self._columnar():
            self._add_as_rows(lines, first_line)
            return
        if not lines:
            return
        parts = list(map(split, lines, repeat(",")))
        ids = _identifiers(list(map(self.get_raw_id, parts)))
        if footer_rows(ids):
            self._add_as_rows(lines, first_line)  # a totals row: see add_chunk
            return
        texts = list(map(self.get_profile, parts))

        def cells(index: int) -> list[str]:
            line = lines[index]
            return _split_cells(line) if line else []

        self._add_keyed(ids, texts, _split_cells, cells, first_line)

    def _columnar(self) -> bool:
        """Whether keys repeat too rarely for checking each distinct key to pay."""
        return self.by_columns or len(self.keyed) > _MAX_PROFILES

    def _add_keyed(
        self,
        ids: list[str],
        keys: list[Any],
        key_cells: Callable[[Any], list[str]],
        cells: Callable[[int], list[str]],
        first_line: int,
    ) -> None:
        """Place rows by their keys; rows that need a closer look go to :meth:`add_row`.

        ``key_cells`` gives a key's cells (all but the identifier's), ``cells`` a row's.
        """
        size = len(ids)
        known = self.keyed
        self.keyed_rows += size
        try:
            found: list[int | None] = list(map(known.__getitem__, keys))
        except KeyError:
            before = len(known)
            self._learn(keys, key_cells)
            found = list(map(known.get, keys))
            clean = None not in found
            unique = self.keyed_rows >= _UNIQUE_AFTER and len(known) >= 0.95 * self.keyed_rows
            if 2 * (len(known) - before) > size and (len(known) > _NOVEL_PROFILES or unique):
                self.by_columns = True  # most rows bring a new key: check columns instead
        else:
            clean = True
        codes = None if self.assessors is None else list(map(self.key_assessors.get, keys))
        seen = self.seen
        if self.ordered:
            ascending = self._ascending(ids)
            if ascending is None:
                self.unordered()
                seen = self.seen
            else:
                if clean and ascending:
                    self._place(ids, found, codes, first_line)  # type: ignore[arg-type]
                    return
                clean = False  # no identifier here repeats one placed before
        if clean:
            before = len(seen)
            seen.update(ids)
            if len(seen) - before == size and "" not in seen:
                self._place(ids, found, codes, first_line)  # type: ignore[arg-type]
                return
            # A duplicate or an empty identifier: put the set back as it was.
            seen.difference_update(ids)
            seen.update(filter(self._positions().__contains__, ids))
        # Some rows need the careful path; place the runs of clean rows between them.
        careful = set(compress(range(size), map(is_, found, repeat(None))))
        careful.update(compress(range(size), map(eq, ids, repeat(""))))
        careful.update(compress(range(size), map(seen.__contains__, ids)))
        if len(set(ids)) != size:
            counts = Counter(ids)
            careful.update(compress(range(size), map(lt, repeat(1), map(counts.__getitem__, ids))))
        start = 0
        for index in sorted(careful):
            if start < index:
                self._place(
                    ids[start:index],
                    found[start:index],  # type: ignore[arg-type]
                    None if codes is None else codes[start:index],  # type: ignore[arg-type]
                    first_line + start,
                    add_seen=not self.ordered,
                )
            employee_id, profile = ids[index], found[index]
            if profile is None or not employee_id or employee_id in seen:
                # rejected: let add_row say why, exactly as for any other row
                self._add_row(cells(index), first_line + index)
            else:
                self._place(
                    [employee_id],
                    [profile],
                    None if codes is None else [codes[index]],  # type: ignore[list-item]
                    first_line + index,
                    add_seen=not self.ordered,
                )
            start = index + 1
        if start < size:
            self._place(
                ids[start:],
                found[start:],  # type: ignore[arg-type]
                None if codes is None else codes[start:],  # type: ignore[arg-type]
                first_line + start,
                add_seen=not self.ordered,
            )

    def _ascending(self, ids: list[str]) -> bool | None:
        """Whether ``ids`` carry on ascending, empty ones aside.

        ``True`` if none is empty, ``False`` if some are, ``None`` if the order breaks.
        """
        kept = ids
        if not all(map(lt, ids, islice(ids, 1, None))):
            kept = list(filter(None, ids))
            if not all(map(lt, kept, islice(kept, 1, None))):
                return None
        elif not ids[0]:
            kept = ids[1:]
        if kept:
            if self.last_id is not None and not self.last_id < kept[0]:
                return None
            self.last_id = kept[-1]
        return kept is ids

    def _learn(self, keys: list[Any], cells_of: Callable[[Any], list[str]]) -> None:
        """Check each key not seen before, from its cells (all but the identifier's).

        The order does not matter: a profile's number is never shown, and categories are
        numbered by first placed use. A ``None`` key (a row of the wrong width) is never
        learned.
        """
        known, bad = self.keyed, self.bad_keys
        id_column = self.located["employee_id"]
        for key in set(keys).difference(known, bad):
            if key is None:
                continue
            cells = cells_of(key)
            if len(cells) != self.width - 1:  # add_row judges the whole row, then
                bad.add(key)
                continue
            cells.insert(id_column, "")
            profile = self._profile_of(cells)
            if isinstance(profile, _Problem):
                bad.add(key)
            else:
                known[key] = self.profiles.number(profile)
                if self.assessors is not None:
                    self.key_assessors[key] = self._assessor(cells)

    # The columnar path: each column's distinct values checked, for rarely repeated keys.
    def _add_columns(self, rows: list[list[str]], first_line: int) -> None:
        self.unordered()
        if rows.count([]) or set(map(len, rows)) != {self.width}:
            self._add_slowly(rows, first_line)
            return
        ids = _identifiers(list(map(self.get_id, rows)))
        chunk_ids = set(ids)
        if len(chunk_ids) != len(ids) or "" in chunk_ids or not self.seen.isdisjoint(chunk_ids):
            self._add_slowly(rows, first_line)
            return
        pairs = self.pairs
        codes = list(map(pairs.get, map(self.get_pair, rows)))
        if None in codes:
            for key in set(map(self.get_pair, rows)).difference(pairs):
                pairs[key] = self._pair_code(*key)
            codes = list(map(pairs.__getitem__, map(self.get_pair, rows)))
            if None in codes:
                self._add_slowly(rows, first_line)
                return
        columns: list[list[Any]] = [codes]
        for position, getter in enumerate(self.group_getters):
            values = self.group_values[position]
            try:
                found = list(map(values.__getitem__, map(getter, rows)))
            except KeyError:
                for raw in set(map(getter, rows)).difference(values):
                    self._value(position, raw)
                found = list(map(values.__getitem__, map(getter, rows)))
            columns.append(found)
        for field in self.date_fields:
            spellings = self.date_readers[field].spellings
            raw = list(map(itemgetter(self.located[field]), rows))
            try:
                columns.append(list(map(spellings.__getitem__, raw)))
            except KeyError:
                self.date_readers[field].learn(raw)
                columns.append(list(map(spellings.__getitem__, raw)))
        assessors = None
        if self.assessors is not None:
            known = self.assessor_codes
            raw = list(map(itemgetter(self.located["assessed_by"]), rows))
            try:
                assessors = list(map(known.__getitem__, raw))
            except KeyError:
                for text in set(raw).difference(known):
                    self._assessor_code(text)
                assessors = list(map(known.__getitem__, raw))
        numbers = self.profiles.numbers(list(zip(*columns, strict=True)))
        self._place(ids, numbers, assessors, first_line, add_seen=True)

    def _pair_code(self, perf_raw: str, pot_raw: str) -> int | None:
        perf = self.perf.level(perf_raw)
        pot = self.pot.level(pot_raw)
        if isinstance(perf, _Problem) or isinstance(pot, _Problem):
            return None
        return _CODE[segment_for(perf, pot)]

    def _profile_of(self, cells: list[str]) -> tuple[Any, ...] | _Problem:
        """The profile of a row's cells, or the problem that rejects the row."""
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
        profile: list[Any] = [_CODE[segment_for(perf, pot)]]
        profile.extend(
            self._value(position, getter(cells))
            for position, getter in enumerate(self.group_getters)
        )
        for field in self.date_fields:  # dates are read at the end (see _DateReader)
            profile.append(self.date_readers[field].spelling(cells[located[field]]))
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

        ``assessors`` holds each row's assessor code (``None`` without an assessor column).
        """
        if self.assessors is not None:
            assert assessors is not None
            self.assessors.codes.extend(assessors)
        if add_seen:
            self.seen.update(ids)
        self.rows_read += len(ids)
        self.ids.extend(ids)
        self.people.extend(found)
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
        findings += read_dates(self)
        findings += header_findings(self.header, self.rows_above)
        return Workforce(
            findings=findings,
            ids=self.ids,
            people=self.people,
            profiles=self.profiles,
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


def _start(
    row: list[str],
    blank_before_header: int,
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
) -> _Builder:
    """A builder for the rows under header ``row`` (a byte-order mark is ignored)."""
    header = header_cells(row)
    builder = _Builder(header, columns.locate(header), performance, potential, strict, source)
    builder.blank_lines += blank_before_header
    return builder
