"""The one builder every reader feeds: rows in, one immutable columnar ``Workforce`` out.

Each row is placed or rejected (with its line and reason), whichever reader split it:
``rows_read == rows_placed + len(rejected)``, always. Rows come in chunks; each distinct
profile is checked once (the keyed path), and files whose profiles hardly repeat are
checked column by column instead (the columnar path). A row either path cannot place at
once goes to :meth:`~apsperf.segmentation.io._placing._Placing.add_row`, which judges it
on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import compress, islice, repeat
from operator import eq, is_, itemgetter, lt
from typing import Any, Final

from apsperf.segmentation.io._footers import footer_rows
from apsperf.segmentation.io._placing import _identifiers, _Placing, _to_width
from apsperf.segmentation.io._ratings import _Axis, _Problem
from apsperf.segmentation.model._columns import Columns, header_cells

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


def _id_or_blank(index: int) -> Callable[[list[str]], str]:
    return lambda row: row[index] if len(row) > index else ""


class _Builder(_Placing):
    """Accumulates a workforce, chunk by chunk: identifiers, each field's codes and lines."""

    chunk_rows = 512
    """Rows handed to :meth:`add_chunk` at a time by every reader."""

    def _prepare(self) -> None:
        """The keyed and columnar paths' own state (see :meth:`_Placing._prepare`)."""
        self.key_assessors: dict[Any, int] = {}
        """Key (see :attr:`keyed`) to its row's assessor code (with an assessor column)."""
        self.keyed_rows = 0  # rows placed by their keys so far (see _add_keyed)
        self.last_id: str | None = None
        # Plain lines (see add_lines): everything but the identifier is a row's profile
        # text, checked once per distinct text and then found by one lookup per row.
        located = self.located
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
        columns: list[list[int]] = [codes]  # type: ignore[list-item]
        for position, getter in enumerate(self.group_getters):
            known = self.group_values[position]
            try:
                columns.append(list(map(known.__getitem__, map(getter, rows))))
            except KeyError:
                self.learn_values(position, map(getter, rows))
                columns.append(list(map(known.__getitem__, map(getter, rows))))
        for field in self.date_fields:
            reader = self.date_readers[field]
            raw = list(map(itemgetter(self.located[field]), rows))
            try:
                columns.append(list(map(reader.codes.__getitem__, raw)))
            except KeyError:
                reader.learn(raw)
                columns.append(list(map(reader.codes.__getitem__, raw)))
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
        self._place_coded(ids, columns, assessors, first_line, add_seen=True)


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
