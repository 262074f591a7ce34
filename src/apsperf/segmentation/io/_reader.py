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
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from itertools import chain, compress, islice, repeat
from operator import eq, is_, itemgetter, lt
from os import PathLike
from pathlib import Path
from typing import Any, Final, NamedTuple, TextIO

import attrs

from apsperf.dates import parse_date
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.io._labels import label_key, label_map
from apsperf.segmentation.model._levels import ACCEPTED_HINT, Level, segment_for
from apsperf.segmentation.model._placement import Banding, normalise_employee_id
from apsperf.segmentation.model._workforce import (
    _CODE,
    _DATE_FIELDS,
    Columns,
    RejectedRow,
    Workforce,
    _Coded,
    _LineRuns,
    _Profiles,
)

__all__ = ["read_workforce", "workforce_from_rows"]

_CHUNK_ROWS: Final = 512
_BLOCK_CHARS: Final = 1 << 17
"""Plain text is split in blocks of at most this many characters (and never more than the
csv module's field size limit, so no line in a block holds a field csv would refuse)."""
MAX_DATE_FINDINGS: Final = 1_000
"""At most this many rows of each date column get a finding of their own for a date that is
not one; one more finding counts the rest."""
_MAX_PROFILES: Final = 200_000
"""Beyond this many distinct keys (see ``_Builder.keyed``), rows are checked column by
column instead."""
_NOVEL_PROFILES: Final = 10_000
"""Beyond this many keys, a block in which most rows bring a new key switches to columns
(fewer would switch files whose few thousand keys are still being met, like the easy
benchmark file's 7,776)."""


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
                    f"{raw.strip()[:40]!r} is not a level or a label of the {self.option} "
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
                        f"{raw.strip()[:20]!r} is not on the 1-3 model; {self.scale_hint()}",
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
            f"declare the column's scale, e.g. --{self.option}-scale 1-5 "
            f"({self.option}=Banding.preset('1-5')), or --{self.option}-bands"
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
            shown = ", ".join(off_scale[:10]) + (" …" if len(off_scale) > 10 else "")
            seen = ", ".join(sorted(set(numbers), key=_number_order)[:12])
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


class _DateReader:
    """Keeps each distinct spelling of a date column, and reads them all at the end.

    A column's format (day first or month first) can only be told from all its dates, so
    while the file is read a profile holds the cell's text as written (one shared string
    per distinct spelling, from :attr:`spellings`), and :meth:`resolve` reads each spelling
    once, after the last row. No date ever rejects a row.
    """

    def __init__(self, field: str) -> None:
        self.field = field
        self.spellings: dict[str, str] = {"": ""}
        """Each distinct spelling to the one string kept for it (so profiles share it)."""

    def learn(self, raw: Iterable[str]) -> None:
        """Keep every spelling in ``raw`` not seen before."""
        spellings = self.spellings
        for text in set(raw).difference(spellings):
            spellings[text] = text

    def spelling(self, raw: str) -> str:
        """The string kept for ``raw``."""
        found = self.spellings.get(raw)
        if found is None:
            found = self.spellings[raw] = raw
        return found

    def resolve(self, used: Iterable[str]) -> _DateColumn:
        """Read the spellings ``used`` (by the people placed) in the column's one format.

        Day first unless no date reads day first and some read only month first; year-first
        text and months in words read the same either way. Each spelling is read once.
        """
        dates: dict[str, dt.date | None] = {}
        day_only: list[str] = []
        month_only: list[str] = []
        either: list[str] = []
        problems: dict[str, str] = {}
        field = self.field
        for text in used:
            if not text.strip():
                dates[text] = None
                continue
            try:
                day: dt.date | None = parse_date(text, field=field)
            except ValidationError as exc:
                day, reason = None, exc.message
            try:
                month: dt.date | None = parse_date(text, field=field, month_first=True)
            except ValidationError:
                month = None
            if day is None and month is None:
                problems[text] = reason
            elif month is None:
                day_only.append(text)
            elif day is None:
                month_only.append(text)
            elif day != month:
                either.append(text)
            dates[text] = day
        month_first = bool(month_only) and not day_only
        finding = None
        if month_first:
            for text in (*month_only, *either):
                dates[text] = parse_date(text, field=field, month_first=True)
            finding = Finding(
                code="dates-read-month-first",
                severity=Severity.WARNING,
                message=f"the dates in {field!r} only make sense month first (for example "
                f"{_example(month_only)!r}), so the whole column was read month first: "
                "07/31/2025 is 31 July 2025; check the export's date format",
                path=field,
            )
        else:
            for text in month_only:
                dates[text] = None
                problems[text] = (
                    f"{text.strip()[:40]!r} only makes sense month first, but the column's "
                    "other dates are day first"
                )
            if either and not day_only:
                finding = Finding(
                    code="dates-read-day-first",
                    severity=Severity.INFO,
                    message=f"every date in {field!r} reads day first or month first (no day "
                    f"or month above 12, for example {_example(either)!r}), so the column was "
                    "read day first, as Australians write dates; write dates year first "
                    "(2025-07-31) to leave no doubt",
                    path=field,
                )
        return _DateColumn(dates, finding, problems)


class _DateColumn(NamedTuple):
    """A date column as :meth:`_DateReader.resolve` read it."""

    dates: dict[str, dt.date | None]
    """Each spelling's date (``None``: blank, or not a date in the column's format)."""
    finding: Finding | None
    """What was assumed about the column's format, if anything was."""
    problems: dict[str, str]
    """Why each spelling that is not a date in the column's format is not one."""


def _example(spellings: list[str]) -> str:
    """One of ``spellings`` (the least, so the choice does not depend on reading order)."""
    return min(spellings).strip()[:40]


def _split_cells(text: str) -> list[str]:
    """The cells of plain text (no quotes): split at every comma."""
    return text.split(",")


def _identifiers(raw: list[str]) -> list[str]:
    """Normalised identifiers (see :func:`normalise_employee_id`); ASCII needs a strip only."""
    if all(map(str.isascii, raw)):
        return list(map(str.strip, raw))
    return list(map(normalise_employee_id, raw))


def _without_trailing_empties(row: list[str], width: int) -> list[str]:
    """``row`` cut to ``width`` cells when every cell beyond them is empty.

    Spreadsheets write such cells; any other row is returned as it is, to be rejected for
    its width.
    """
    if len(row) > width and not any(cell.strip() for cell in row[width:]):
        return row[:width]
    return row


class _Builder:
    """Accumulates a workforce, chunk by chunk: identifiers, profile numbers and lines."""

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
        # A csv row's key is the cells of the columns kept (all but the identifier's).
        self.key_columns = sorted(set(located.values()) - {id_column})
        others = self.key_columns
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
        width = self.width
        if max(map(len, rows)) > width:  # empty cells after the last column are not extra
            rows = [_without_trailing_empties(row, width) for row in rows]
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

    def add_lines(self, lines: list[str], first_line: int) -> None:
        """Place plain lines (no quotes, no line breaks) whose first is on ``first_line``."""
        split = self.profile_split
        if split is not None and max(map(str.count, lines, repeat(",")), default=0) >= self.width:
            split = None  # a line with cells after the last column: judge it as cells
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
        ids = _identifiers(list(map(self.get_raw_id, parts)))
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
        try:
            found: list[int | None] = list(map(known.__getitem__, keys))
        except KeyError:
            before = len(known)
            self._learn(keys, key_cells)
            found = list(map(known.get, keys))
            clean = None not in found
            if 2 * (len(known) - before) > size and len(known) > _NOVEL_PROFILES:
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
        if code is None:
            assert self.assessors is not None
            code = self.assessor_codes[raw] = self.assessors.add(raw.strip() or None)
        return code

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
        if len(row) != self.width:
            row = _without_trailing_empties(row, self.width)
        if len(row) != self.width:
            self._reject(line, f"expected {self.width} fields, found {len(row)}", "", row)
            return
        raw_id = row[self.located["employee_id"]]
        employee_id = normalise_employee_id(raw_id)
        if not employee_id or employee_id in self.seen:
            # rejected for its identifier; its ratings still count as values of their
            # columns, as they do on the other paths (see _LevelReader.check_numbers)
            self.perf.level(row[self.located["performance"]])
            self.pot.level(row[self.located["potential"]])
        if not employee_id:
            self._reject(line, "employee id is empty", id_field, row)
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

    def _read_dates(self) -> list[Finding]:
        """Read every date column in its one format (see :class:`_DateReader`).

        The format is judged from the dates of the people placed (a rejected row's date is
        never read), whichever path placed them; a date that is not one in the column's
        format is a finding on its row, and the person keeps no date.
        """
        if not self.date_fields:
            return []
        keys = self.profiles.keys
        used = [keys[number] for number in set(self.people)]
        findings: list[Finding] = []
        maps = []
        first = 1 + len(self.group_getters)
        for position, field in enumerate(self.date_fields, first):
            reader = self.date_readers[field]
            column = reader.resolve({key[position] for key in used})
            maps.append(column.dates)
            if column.finding is not None:
                findings.append(column.finding)
            if column.problems:
                findings += self._date_problems(position, reader.field, column.problems)
        self.profiles.date_maps = tuple(maps)
        return findings

    def _date_problems(self, position: int, field: str, problems: dict[str, str]) -> list[Finding]:
        """A finding for each row (the first :data:`MAX_DATE_FINDINGS`) whose date is bad."""
        keys = self.profiles.keys
        bad = {n for n, key in enumerate(keys) if key[position] in problems}
        people = self.people
        rows = list(compress(range(len(people)), map(bad.__contains__, people)))
        findings = [
            Finding(
                code="date-unreadable",
                severity=Severity.WARNING,
                message=f"{problems[keys[people[row]][position]]}; the person is placed, "
                "without this date",
                path=f"line {self.lines.at(row)}, {field}",
            )
            for row in rows[:MAX_DATE_FINDINGS]
        ]
        if len(rows) > MAX_DATE_FINDINGS:
            findings.append(
                Finding(
                    code="date-unreadable",
                    severity=Severity.WARNING,
                    message=f"and {len(rows) - MAX_DATE_FINDINGS:,} more rows whose {field!r} "
                    f"is not a date ({len(rows):,} in all; the first {MAX_DATE_FINDINGS:,} "
                    "are listed); those people are placed, without this date",
                    path=field,
                )
            )
        return findings

    def build(self) -> Workforce:
        """The finished workforce (a column of numbers off the 1-3 model refuses the file)."""
        findings = list(filter(None, (self.perf.check_numbers(), self.pot.check_numbers())))
        findings += self._read_dates()
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
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
) -> _Builder:
    """A builder for the rows under header ``row`` (a byte-order mark is ignored)."""
    header = [cell.lstrip("\ufeff").strip() for cell in row]
    while header and not header[-1]:
        header.pop()
    builder = _Builder(header, columns.locate(header), performance, potential, strict, source)
    builder.blank_lines += blank_before_header
    return builder


def _keeping(columns: Columns | None, keep: Iterable[str] | None) -> Columns:
    """``columns`` keeping the grouping columns named in ``keep`` (``None``: every column)."""
    columns = columns or Columns()
    if keep is None:
        return columns
    if columns.groups is not None:
        raise ValidationError(
            "give keep= or Columns(groups=), not both (they name the same thing)", path="keep"
        )
    if isinstance(keep, (str, bytes)) or not isinstance(keep, Iterable):
        raise TypeError(f"keep must be a sequence of column names, not {type(keep).__name__}")
    names = tuple(keep)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"keep must hold column names (text), not {type(name).__name__}")
    return attrs.evolve(columns, groups=names)


def _read_csv_rows(
    stream: Iterable[str],
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
    delimiter: str = ",",
) -> Workforce:
    """Read CSV with the csv module throughout (quoted fields, unusual line breaks)."""
    reader = csv.reader(stream, strict=True, delimiter=delimiter)
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
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
    delimiter: str | None = None,
) -> Workforce:
    """Read CSV text, splitting plain stretches (no quotes) on commas and line breaks.

    Where a stretch holds a quote, a lone carriage return or an over-long line, the rest
    is read by the csv module, so the result is always the one ``csv.reader`` would give.
    The text is cut into blocks no longer than the csv module's field size limit, so no
    line in a block can hold a field the csv module would refuse. Files delimited by
    anything but a comma go through the csv module throughout.
    """
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    with _collector_paused():
        if delimiter != ",":
            return _read_csv_rows(
                _csv_lines(text), columns, performance, potential, strict, source, delimiter
            )
        return _read_plain(text, columns, performance, potential, strict, source)


def _read_plain(
    text: str,
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
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


def sniff_delimiter(text: str) -> str:
    """The delimiter of CSV ``text``: comma, semicolon, tab or pipe, judged by its header.

    The first line with any text is the header; the candidate that splits it into the most
    cells (outside quotes) wins, a comma when none splits it.
    """
    position = 0
    line = ""
    while position < len(text) and not line.strip():
        end = text.find("\n", position, position + _SNIFF_CHARS)
        end = min(len(text), position + _SNIFF_CHARS) if end < 0 else end
        line = text[position:end]
        position = end + 1
    outside = "".join(line.split('"')[::2])  # the text outside quoted fields
    counts = {candidate: outside.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


DELIMITERS: Final = (",", ";", "\t", "|")
"""The delimiters :func:`sniff_delimiter` recognises, in order of preference on a tie."""
_SNIFF_CHARS: Final = 1 << 16

MAX_BYTES: Final = 1 << 30
"""The default largest workforce file read (1 GiB: a 2,000,000-row, 15-column export is
about 400 MB). Pass ``max_bytes=`` (``--max-bytes``) to read larger files."""
MAX_ROWS: Final = 5_000_000
"""The default most rows read from one ``.xlsx`` sheet (Excel itself holds 1,048,576)."""
ENCODINGS: Final = ("utf-8", "utf-16")
"""Text encodings read without being named: UTF-8 (a byte-order mark is allowed) and
UTF-16 with a byte-order mark. Any other (``cp1252``, ``latin-1``) is read with
``encoding=``."""


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    name = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise ValidationError("no such file", path=name) from None
    except IsADirectoryError:
        raise ValidationError("is a folder, not a file", path=name) from None
    except OSError as exc:
        raise ValidationError(f"cannot be read ({exc.strerror or exc})", path=name) from None
    if len(data) > max_bytes:
        raise ValidationError(
            f"the file is larger than the limit of {max_bytes:,} bytes (max_bytes=, --max-bytes)",
            path=name,
        )
    return data


def decode_text(data: bytes, *, encoding: str | None = None, source: str = "") -> str:
    """The text of a file's bytes: UTF-8 or UTF-16 with a byte-order mark unless ``encoding``.

    Bytes that are not valid in the encoding raise :class:`~apsperf.ValidationError`
    naming the line and byte, with a hint for the usual Windows encodings.
    """
    name = source or "file"
    if encoding is not None:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise ValidationError(f"unknown encoding {encoding!r}", path="encoding") from None
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"not {encoding} text (byte {exc.start + 1})", path=name
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"not valid UTF-16 text (byte {exc.start + 3})", path=name
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        raise ValidationError(
            f"not UTF-8 text (line {line}, byte {start + 1}: 0x{data[start]:02x}); save the "
            "file as CSV UTF-8, or name its encoding, e.g. --encoding cp1252 "
            "(encoding='cp1252') for Excel's Windows CSV",
            path=name,
        ) from None


def read_workforce(
    source: str | PathLike[str] | TextIO,
    *,
    columns: Columns | None = None,
    keep: Iterable[str] | None = None,
    performance: Banding | None = None,
    potential: Banding | None = None,
    performance_labels: Mapping[str, Level | str] | None = None,
    potential_labels: Mapping[str, Level | str] | None = None,
    strict: bool = False,
    sheet: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    redact: bool = False,
) -> Workforce:
    """Read a workforce file (CSV, or Excel ``.xlsx`` with the ``excel`` extra).

    Ratings go through :meth:`Level.parse` or, when given, an agency :class:`Banding` for
    that axis's numbers. ``performance_labels`` and ``potential_labels`` map an agency's
    own words to levels (``{"Fully effective": "moderate"}``), extending the built-in
    spellings (see :func:`label_map`; :func:`read_label_maps` reads them from TOML); with
    both a banding and a label map, text goes through the labels and numbers through the
    banding.

    Dates (``assessed_on``, ``aspiration_conversation_on``) are read in one format per
    column, judged from all the column's dates: day first, as Australians write them
    (``01/07/2025`` is 1 July), unless no date in it reads day first and some read only
    month first (``07/31/2025``): then the column is read month first, with a warning in
    :attr:`Workforce.findings`. Year-first text (``2025-07-01``) reads the same either
    way. A date that is not one is a finding naming its line; the person is placed
    without it. Rows are rejected only for what placement needs (an identifier, not
    repeated, and both ratings): every such row is recorded in :attr:`Workforce.rejected`
    with its line number and reason; with ``strict=True`` the first raises
    :class:`~apsperf.ValidationError` instead. A file that cannot be read at all (no
    header, a missing column) always raises.

    Every column but the fields is kept as a grouping column (for :func:`review`'s ``by=``)
    unless ``keep`` names the grouping columns to keep (matched as headers are, as for
    ``Columns(groups=)``; the fields are always read): reading only what is needed is
    faster on wide exports. A name in ``keep`` that is not in the header raises
    :class:`~apsperf.ValidationError` naming it and listing the header.

    CSV: the delimiter (comma, semicolon, tab or pipe) is sniffed from the header unless
    ``delimiter`` names it; the text is UTF-8 (with or without a byte-order mark) or UTF-16
    with a byte-order mark unless ``encoding`` names another. Empty cells at the end of a
    row (as spreadsheets write them) are empty, not extra. A file larger than ``max_bytes``
    (or a sheet longer than ``max_rows`` rows) is refused before it is read.
    ``.xlsx``: the first sheet unless ``sheet`` names one; line numbers are sheet rows.

    With ``redact=True``, errors, rejected rows and findings name the line and column but
    quote no cell value, and rejected rows carry no identifier (see
    :mod:`apsperf._redaction`).
    """
    perf = _rating(performance, performance_labels, "performance_labels")
    pot = _rating(potential, potential_labels, "potential_labels")
    kept = _keeping(columns, keep)
    return _redacting(
        redact,
        lambda: _read_workforce(
            source,
            kept,
            perf,
            pot,
            strict,
            sheet,
            delimiter,
            encoding,
            max_bytes,
            max_rows,
        ),
    )


def _redacting(redact: bool, read: Callable[[], Workforce]) -> Workforce:
    """Run ``read``; with ``redact``, strip cell values from its errors and rejections."""
    if not isinstance(redact, bool):
        raise TypeError(f"redact must be a bool, not {type(redact).__name__}")
    if not redact:
        return read()
    from apsperf._redaction import redact as redacted
    from apsperf._redaction import redacted_error

    try:
        workforce = read()
    except ValidationError as error:
        raise redacted_error(error) from None
    return workforce._evolve(
        rejected=tuple(
            RejectedRow(line=r.line, reason=redacted(r.reason), field=r.field, employee_id="")
            for r in workforce.rejected
        ),
        findings=tuple(
            Finding(code=f.code, severity=f.severity, message=redacted(f.message), path=f.path)
            for f in workforce.findings
        ),
    )


def _read_workforce(
    source: str | PathLike[str] | TextIO,
    columns: Columns | None,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    sheet: str | None,
    delimiter: str | None,
    encoding: str | None,
    max_bytes: int,
    max_rows: int,
) -> Workforce:
    columns = columns or Columns()
    if delimiter is not None and delimiter not in DELIMITERS:
        raise ValidationError(
            f"{delimiter!r} is not a supported delimiter; use one of "
            + ", ".join(map(repr, DELIMITERS)),
            path="delimiter",
        )
    for name, limit in (("max_bytes", max_bytes), ("max_rows", max_rows)):
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"{name} must be an int, not {type(limit).__name__}")
        if limit < 1:
            raise ValidationError("must be at least 1", path=name)
    if isinstance(source, (str, PathLike)):
        path = Path(source)
        name = str(path)
        if path.suffix.casefold() in (".xlsx", ".xlsm"):
            return _read_sheet(
                path, sheet, columns, performance, potential, strict, max_bytes, max_rows
            )
        data = _read_bytes(path, max_bytes)
        text = decode_text(data, encoding=encoding, source=name)
        del data
        return _read_text(text, columns, performance, potential, strict, name, delimiter)
    if not hasattr(source, "read"):
        raise TypeError(f"source must be a path or an open text file, not {type(source).__name__}")
    name = getattr(source, "name", "")
    text = source.read(max_bytes + 1)
    if not isinstance(text, str):
        raise TypeError("source must be opened in text mode (open(path, newline=''))")
    if len(text) > max_bytes:
        raise ValidationError(
            f"the file is larger than the limit of {max_bytes:,} characters (max_bytes=)",
            path=name if isinstance(name, str) and name else "file",
        )
    return _read_text(
        text.removeprefix("\ufeff"),
        columns,
        performance,
        potential,
        strict,
        name if isinstance(name, str) else "",
        delimiter,
    )


def _read_sheet(
    path: Path,
    sheet: str | None,
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    max_bytes: int,
    max_rows: int,
) -> Workforce:
    from apsperf.segmentation.io._excel import read_xlsx_rows

    found = read_xlsx_rows(path, sheet=sheet, max_bytes=max_bytes, max_rows=max_rows)
    width = len(found.header)
    # A sheet stores no cell for an empty one at the end of a row: those cells are empty.
    rows = (
        row + [None] * (width - len(row)) if 0 < len(row) < width else row for row in found.rows
    )
    try:
        return _rows_workforce(
            rows,
            found.header,
            columns,
            performance,
            potential,
            strict,
            str(path),
            found.first_line,
            found.blank_before_header,
            sheet=found.name,
        )
    except ValidationError as error:
        others = [name for name in found.sheets if name != (sheet or found.sheets[0])]
        if error.path.startswith("line ") or not others or "column" not in error.message:
            raise
        raise ValidationError(
            f"{error.message}; the workbook's other sheets are: {', '.join(others)} "
            "(choose one with --sheet / sheet=)",
            path=error.path,
        ) from None


def workforce_from_rows(
    rows: Iterable[Sequence[object]],
    *,
    header: Sequence[str],
    columns: Columns | None = None,
    keep: Iterable[str] | None = None,
    performance: Banding | None = None,
    potential: Banding | None = None,
    performance_labels: Mapping[str, Level | str] | None = None,
    potential_labels: Mapping[str, Level | str] | None = None,
    strict: bool = False,
    source: str = "",
    first_line: int = 2,
    redact: bool = False,
) -> Workforce:
    """Place rows that are already split into cells (from a database, a sheet, a frame).

    Cells may be text, numbers, dates or ``None`` (an empty cell; so is a NaN number).
    Row numbers count from ``first_line`` (2: the row after a header). An empty row is a
    blank line. A cell of any other type (bytes, a list) raises :class:`TypeError`.
    Ratings, label maps, dates, ``keep`` and ``redact`` are as for :func:`read_workforce`;
    a cell holding a date or datetime is year-first text to the date reading.
    """
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        raise TypeError(f"rows must be an iterable of rows, not {type(rows).__name__}")
    if isinstance(header, (str, bytes)) or not isinstance(header, Sequence):
        raise TypeError(f"header must be a sequence of column names, not {type(header).__name__}")
    if isinstance(first_line, bool) or not isinstance(first_line, int):
        raise TypeError(f"first_line must be an int, not {type(first_line).__name__}")
    if first_line < 1:
        raise ValidationError("must be at least 1", path="first_line")
    perf = _rating(performance, performance_labels, "performance_labels")
    pot = _rating(potential, potential_labels, "potential_labels")
    kept = _keeping(columns, keep)
    return _redacting(
        redact,
        lambda: _rows_workforce(
            rows,
            [str(h) for h in header],
            kept,
            perf,
            pot,
            strict,
            source,
            first_line,
            0,
        ),
    )


def _rows_workforce(
    rows: Iterable[Sequence[object]],
    header: list[str],
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
    first_line: int,
    blank_before_header: int,
    *,
    sheet: str | None = None,
) -> Workforce:
    builder = _start(header, blank_before_header, columns, performance, potential, strict, source)
    builder.sheet = sheet
    iterator = iter(rows)
    line = first_line
    while True:
        chunk = [
            _row_text(row, line + offset)
            for offset, row in enumerate(islice(iterator, _CHUNK_ROWS))
        ]
        if not chunk:
            break
        builder.add_chunk(chunk, line)
        line += len(chunk)
    return builder.build()


def _row_text(row: Sequence[object], line: int) -> list[str]:
    if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
        raise TypeError(f"row {line} must be a sequence of cells, not {type(row).__name__}")
    try:
        return [_cell_text(cell) for cell in row]
    except TypeError as error:
        raise TypeError(f"row {line}: {error}") from None
    except ValueError:  # an integer too long to write as text
        raise ValidationError(
            "a number too long to read (over 4,300 digits)", path=f"line {line}"
        ) from None


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float):
        if math.isnan(cell):
            return ""  # a data frame's missing value
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, int):
        return str(cell)  # ValueError beyond 4,300 digits: see _row_text
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, (Decimal, Fraction)):
        return str(cell)
    raise TypeError(f"a cell must be text, a number, a date or None, not {type(cell).__name__}")
