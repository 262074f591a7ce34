"""Read a workforce file: one row per person, placed on the Talent Segmentation Model.

Built for whole-agency files. Plain stretches of text (no quotes) are split in C and each
row's profile (everything but its identifier) is looked up once; other text goes through
``csv.reader``, with the same result. Each distinct profile is checked once; files whose
profiles hardly repeat are checked column by column instead. Every row read is either
placed or rejected with its line number and reason: ``rows_read == rows_placed +
len(rejected)``, always.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, compress, islice, repeat
from operator import eq, is_, itemgetter, lt
from os import PathLike
from pathlib import Path
from typing import Any, Final, NamedTuple, TextIO

from apsperf.dates import parse_date
from apsperf.errors import ValidationError
from apsperf.segmentation._levels import Level, segment_for
from apsperf.segmentation._placement import Banding
from apsperf.segmentation._workforce import (
    _CODE,
    _DATE_FIELDS,
    Columns,
    RejectedRow,
    Workforce,
    _LineRuns,
    _Profiles,
)

__all__ = ["read_workforce", "workforce_from_rows"]

_CHUNK_ROWS: Final = 512
_BLOCK_CHARS: Final = 1 << 17
"""Plain text is split in blocks of at most this many characters (and never more than the
csv module's field size limit, so no line in a block holds a field csv would refuse)."""
_MAX_PROFILES: Final = 200_000
"""Beyond this many distinct profiles, rows are checked column by column instead."""
_NOVEL_PROFILES: Final = 10_000
"""Beyond this many, a block in which most rows bring a new profile switches to columns."""


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


def _split_cells(text: str) -> list[str]:
    """The cells of plain text (no quotes): split at every comma."""
    return text.split(",")


class _Problem(NamedTuple):
    """Why a row cannot be placed, and the column at fault (if one is)."""

    reason: str
    field: str


class _Builder:
    """Accumulates a workforce, chunk by chunk: identifiers, profile numbers and lines."""

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
        group_index = {k[6:]: i for k, i in located.items() if k.startswith("group:")}
        self.group_getters = [itemgetter(index) for index in group_index.values()]
        self.group_values: list[dict[str, str]] = [{} for _ in group_index]
        """Per grouping column: raw cell text to the value kept (stripped, interned)."""
        self.get_id = itemgetter(located["employee_id"])
        self.get_pair = itemgetter(located["performance"], located["potential"])
        self.date_fields = [f for f in _DATE_FIELDS if f in located]
        self.date_readers = {f: _DateReader(header[located[f]]) for f in self.date_fields}
        self.has_assessor = "assessed_by" in located
        self.profiles = _Profiles(tuple(group_index), self.date_fields, self.has_assessor)
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
        self.rows_read = 0
        self.blank_lines = 0
        # Plain lines (see add_lines): everything but the identifier is a row's profile
        # text, checked once per distinct text and then found by one lookup per row.
        id_column = located["employee_id"]
        self.profile_split: Any = None
        if self.width >= 3 and id_column in (0, self.width - 1):
            self.profile_split = str.partition if id_column == 0 else str.rpartition
            self.get_raw_id = itemgetter(0 if id_column == 0 else 2)
            self.get_profile = itemgetter(2 if id_column == 0 else 0)
        others = [index for index in range(self.width) if index != id_column]
        self.row_key: Callable[[list[str]], Any] = (
            itemgetter(*others) if others else (lambda row: ())
        )
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

    # -- placing rows ------------------------------------------------------------------
    # A row's key is everything but its identifier: the raw text after (or before) the
    # identifier's comma for plain lines, the tuple of other cells for csv rows. Each
    # distinct key is checked once (``_learn_*``) and mapped to a profile number, so a row
    # costs one dictionary lookup. Files whose keys hardly repeat (a date or manager per
    # person) switch to per-column checks instead (``_add_columns``).

    def add_chunk(self, rows: list[list[str]], first_line: int) -> None:
        """Place a chunk of rows (lists of cells) whose first row is on ``first_line``."""
        if not rows:
            return
        if self._columnar():
            self._add_columns(rows, first_line)
            return
        width = self.width
        if set(map(len, rows)) == {width}:
            ids = list(map(str.strip, map(self.get_id, rows)))
            keys: list[Any] = list(map(self.row_key, rows))
        else:  # wrong widths (and blank rows) are rejected whatever their identifier
            index = self.located["employee_id"]
            ids = [row[index].strip() if len(row) == width else "" for row in rows]
            keys = [self.row_key(row) if len(row) == width else None for row in rows]
        single = self.width == 2  # one other cell: the key is that cell, not a tuple
        self._add_keyed(
            ids, keys, (lambda key: [key]) if single else list, rows.__getitem__, first_line
        )

    def add_lines(self, lines: list[str], first_line: int) -> None:
        """Place plain lines (no quotes, no line breaks) whose first is on ``first_line``."""
        split = self.profile_split
        if split is None or self._columnar():
            rows = list(map(str.split, lines, repeat(",")))
            if "" in lines:
                for index in compress(range(len(lines)), map(eq, lines, repeat(""))):
                    rows[index] = []
            for start in range(0, len(rows), _CHUNK_ROWS):
                self.add_chunk(rows[start : start + _CHUNK_ROWS], first_line + start)
            return
        if not lines:
            return
        parts = list(map(split, lines, repeat(",")))
        ids = list(map(str.strip, map(self.get_raw_id, parts)))
        texts = list(map(self.get_profile, parts))

        def cells(index: int) -> list[str]:
            line = lines[index]
            return _split_cells(line) if line else []

        self._add_keyed(ids, texts, _split_cells, cells, first_line)

    def _columnar(self) -> bool:
        """Whether keys repeat too rarely for checking each distinct key to pay."""
        return self.by_columns or len(self.profiles) > _MAX_PROFILES

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
        try:
            found: list[int | None] = list(map(known.__getitem__, keys))
        except KeyError:
            before = len(known)
            self._learn(keys, key_cells)
            found = list(map(known.get, keys))
            clean = None not in found
            if 2 * (len(known) - before) > size and len(self.profiles) > _NOVEL_PROFILES:
                self.by_columns = True  # most rows bring a new key: check columns instead
        else:
            clean = True
        seen = self.seen
        if self.ordered:
            ascending = self._ascending(ids)
            if ascending is None:
                self.unordered()
                seen = self.seen
            else:
                if clean and ascending:
                    self._place(ids, found, first_line)  # type: ignore[arg-type]
                    return
                clean = False  # no identifier here repeats one placed before
        if clean:
            before = len(seen)
            seen.update(ids)
            if len(seen) - before == size and "" not in seen:
                self._place(ids, found, first_line)  # type: ignore[arg-type]
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
                    first_line + start,
                    add_seen=not self.ordered,
                )
            employee_id, profile = ids[index], found[index]
            if profile is None or not employee_id or employee_id in seen:
                # rejected: let add_row say why, exactly as for any other row
                self._add_row(cells(index), first_line + index)
            else:
                self._place([employee_id], [profile], first_line + index, add_seen=not self.ordered)
            start = index + 1
        if start < size:
            self._place(
                ids[start:],
                found[start:],  # type: ignore[arg-type]
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
            cells.insert(id_column, "")
            profile = self._profile_of(cells)
            if isinstance(profile, _Problem):
                bad.add(key)
            else:
                known[key] = self.profiles.number(profile)

    # The columnar path: each column's distinct values checked, for rarely repeated keys.
    def _add_columns(self, rows: list[list[str]], first_line: int) -> None:
        self.unordered()
        if rows.count([]) or set(map(len, rows)) != {self.width}:
            self._add_slowly(rows, first_line)
            return
        ids = list(map(str.strip, map(self.get_id, rows)))
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
            reader = self.date_readers[field]
            raw = list(map(itemgetter(self.located[field]), rows))
            dates = list(map(reader.cache.get, raw, repeat(_BAD)))
            if _BAD in dates:
                reader.learn(raw)
                dates = list(map(reader.cache.get, raw, repeat(_BAD)))
                if _BAD in dates:
                    self._add_slowly(rows, first_line)
                    return
            columns.append(dates)
        if self.has_assessor:
            get = itemgetter(self.located["assessed_by"])
            columns.append([a.strip() or None for a in map(get, rows)])
        self._place(
            ids, self.profiles.numbers(list(zip(*columns, strict=True))), first_line, add_seen=True
        )

    def _pair_code(self, perf_raw: str, pot_raw: str) -> int | None:
        perf = self.perf.level(perf_raw)
        pot = self.pot.level(pot_raw)
        if isinstance(perf, ValidationError) or isinstance(pot, ValidationError):
            return None
        return _CODE[segment_for(perf, pot)]

    def _profile_of(self, cells: list[str]) -> tuple[Any, ...] | _Problem:
        """The profile of a row's cells, or the problem that rejects the row."""
        if len(cells) != self.width:
            return _Problem(f"expected {self.width} fields, found {len(cells)}", "")
        located = self.located
        levels = []
        for reader, key in ((self.perf, "performance"), (self.pot, "potential")):
            level = reader.level(cells[located[key]])
            if isinstance(level, ValidationError):
                return _Problem(level.message, reader.field)
            levels.append(level)
        profile: list[Any] = [_CODE[segment_for(levels[0], levels[1])]]
        profile.extend(
            self._value(position, getter(cells))
            for position, getter in enumerate(self.group_getters)
        )
        for field in self.date_fields:
            date_reader = self.date_readers[field]
            parsed = date_reader.date(cells[located[field]])
            if isinstance(parsed, ValidationError):
                return _Problem(parsed.message, date_reader.field)
            profile.append(parsed)
        if self.has_assessor:
            profile.append(cells[located["assessed_by"]].strip() or None)
        return tuple(profile)

    def _place(
        self, ids: list[str], found: list[int], first_line: int, add_seen: bool = False
    ) -> None:
        """Place rows on consecutive lines: unique new identifiers, known good profiles."""
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
        if len(row) != self.width:
            self._reject(line, f"expected {self.width} fields, found {len(row)}", "", row)
            return
        employee_id = row[self.located["employee_id"]].strip()
        if not employee_id:
            self._reject(line, "employee id is empty", id_field, row)
            return
        if employee_id in self.seen:
            self._reject(
                line,
                f"duplicate employee id {employee_id!r} (placed from line "
                f"{self._first_line(employee_id)})",
                id_field,
                row,
            )
            return
        profile = self._profile_of(row)
        if isinstance(profile, _Problem):
            self._reject(line, profile.reason, profile.field, row)
            return
        self._place([employee_id], [self.profiles.number(profile)], line, add_seen=True)

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
            people=self.people,
            profiles=self.profiles,
            lines=self.lines,
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
        line += 1 + sum(
            len(_LINE_BREAK.findall(cell)) for cell in row if "\n" in cell or "\r" in cell
        )
    return starts


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while reading.

    Reading makes no reference cycles, and collections triggered by its millions of small
    objects would only slow it down.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _malformed(exc: csv.Error, line: int, source: str) -> ValidationError:
    where = f"{source}, line {line}" if source else f"line {line}"
    return ValidationError(f"malformed CSV: {exc}", path=where)


def _consume(reader: Iterator[list[str]], builder: _Builder, line_offset: int, source: str) -> None:
    """Feed every remaining row of a csv reader to ``builder``, chunk by chunk.

    ``line_offset`` is added to the reader's own line numbers (for a reader over the rest
    of a file).
    """
    while True:
        line = reader.line_num + 1  # type: ignore[attr-defined]
        rows: list[list[str]] = []
        error = None
        try:
            rows.extend(islice(reader, _CHUNK_ROWS))  # keeps the rows read before an error
        except csv.Error as exc:
            error = _malformed(exc, line_offset + reader.line_num, source)  # type: ignore[attr-defined]
        if not rows and error is None:
            break
        if error is None and reader.line_num - line + 1 == len(rows):  # type: ignore[attr-defined]
            builder.add_chunk(rows, line + line_offset)
        else:
            for row, start in zip(rows, _line_starts(rows, line + line_offset), strict=True):
                builder.add_row(row, start)
        if error is not None:  # the rows before it are placed first, as they come first
            raise error


_OTHER_BREAKS: Final = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Characters ``str.splitlines`` breaks at but a file opened with ``newline=""`` does not."""


def _csv_lines(text: str, start: int = 0) -> Iterator[str]:
    """The lines of ``text[start:]`` with their line ends, block by block.

    They are the lines a file opened with ``newline=""`` gives ``csv.reader``, without
    copying the whole text (``io.StringIO`` would keep four bytes per character).
    """

    def blocks() -> Iterator[str]:
        size = len(text)
        position = start
        while position < size:
            end = text.find("\n", position + _BLOCK_CHARS)
            end = size if end < 0 else end + 1
            yield text[position:end]
            position = end

    return chain.from_iterable(map(_block_lines, blocks()))


def _block_lines(block: str) -> list[str]:
    if any(mark in block for mark in _OTHER_BREAKS):
        return list(io.StringIO(block, newline=""))
    return block.splitlines(keepends=True)


def _is_header(row: list[str]) -> bool:
    """Whether a row is the header: the first with a cell that is not blank."""
    return any(cell.strip() for cell in row)


def _start(
    row: list[str],
    blank_before_header: int,
    columns: Columns,
    performance: Banding | None,
    potential: Banding | None,
    strict: bool,
    source: str,
) -> _Builder:
    """A builder for the rows under header ``row`` (a byte-order mark is ignored)."""
    header = [cell.lstrip("\ufeff").strip() for cell in row]
    builder = _Builder(header, columns.locate(header), performance, potential, strict, source)
    builder.blank_lines += blank_before_header
    return builder


def _read_csv_rows(
    stream: Iterable[str],
    columns: Columns,
    performance: Banding | None,
    potential: Banding | None,
    strict: bool,
    source: str,
) -> Workforce:
    """Read CSV with the csv module throughout (quoted fields, unusual line breaks)."""
    reader = csv.reader(stream, strict=True)
    blank_before_header = 0
    try:
        for row in reader:
            if _is_header(row):
                break
            blank_before_header += 1
        else:
            raise ValidationError("the file is empty: no header row", path=source or "file")
    except csv.Error as exc:
        raise _malformed(exc, reader.line_num, source) from None
    builder = _start(row, blank_before_header, columns, performance, potential, strict, source)
    _consume(reader, builder, 0, source)
    return builder.build()


def _read_text(
    text: str,
    columns: Columns,
    performance: Banding | None,
    potential: Banding | None,
    strict: bool,
    source: str,
) -> Workforce:
    """Read CSV text, splitting plain stretches (no quotes) on commas and line breaks.

    Where a stretch holds a quote, a lone carriage return or an over-long line, the rest
    is read by the csv module, so the result is always the one ``csv.reader`` would give.
    The text is cut into blocks no longer than the csv module's field size limit, so no
    line in a block can hold a field the csv module would refuse.
    """
    with _collector_paused():
        return _read_plain(text, columns, performance, potential, strict, source)


def _read_plain(
    text: str,
    columns: Columns,
    performance: Banding | None,
    potential: Banding | None,
    strict: bool,
    source: str,
) -> Workforce:
    limit = csv.field_size_limit()
    size = len(text)
    position, line, blank_before_header = 0, 1, 0
    while True:
        if position >= size:
            raise ValidationError("the file is empty: no header row", path=source or "file")
        end = text.find("\n", position)
        end = size if end < 0 else end
        raw = text[position:end]
        raw = raw[:-1] if raw.endswith("\r") else raw
        if '"' in raw or "\r" in raw or len(raw) >= limit:
            return _read_csv_rows(_csv_lines(text), columns, performance, potential, strict, source)
        cells = _split_cells(raw)
        position = end + 1
        if _is_header(cells):
            break
        blank_before_header += 1
        line += 1
    builder = _start(cells, blank_before_header, columns, performance, potential, strict, source)
    line += 1
    window = min(limit, _BLOCK_CHARS)
    while position < size:
        end = text.rfind("\n", position, position + window)
        if end < 0:
            if size - position >= window:
                break
            end = size
        block = text[position : end + 1]
        if '"' in block:
            break
        if "\r" in block:  # CRLF line ends are fine; any other carriage return is not
            lines = block.split("\r\n")
            inner = "".join(lines)
            if "\r" in inner or "\n" in inner:
                break
        else:
            lines = block.split("\n")
        if not lines[-1]:
            lines.pop()
        builder.add_lines(lines, line)
        line += len(lines)
        position = end + 1
    if position < size:
        rest = csv.reader(_csv_lines(text, position), strict=True)
        _consume(rest, builder, line - 1, source)
    return builder.build()


def _read_csv(
    stream: TextIO,
    columns: Columns,
    performance: Banding | None,
    potential: Banding | None,
    strict: bool,
    source: str,
) -> Workforce:
    return _read_text(stream.read(), columns, performance, potential, strict, source)


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
                rows,
                header=header,
                columns=columns,
                performance=performance,
                potential=potential,
                strict=strict,
                source=name,
            )
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ValidationError("no such file", path=name) from None
        except IsADirectoryError:
            raise ValidationError("is a folder, not a file", path=name) from None
        except OSError as exc:
            raise ValidationError(f"cannot be read ({exc.strerror or exc})", path=name) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
            line = data.count(b"\n", 0, start) + 1
            raise ValidationError(
                f"not UTF-8 text (line {line}, byte {start + 1}); save the file as CSV UTF-8",
                path=name,
            ) from None
        del data
        return _read_text(text, columns, performance, potential, strict, name)
    name = getattr(source, "name", "")
    return _read_csv(
        source, columns, performance, potential, strict, name if isinstance(name, str) else ""
    )


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
    builder = _Builder(
        header, (columns or Columns()).locate(header), performance, potential, strict, source
    )
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
