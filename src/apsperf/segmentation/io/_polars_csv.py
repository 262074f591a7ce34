"""The polars engine: CSV split by polars, each row placed exactly as the builder places it.

``engine="polars"`` (``--engine polars``; ``"auto"`` when polars is installed and the file
is large) splits a UTF-8 file's rows with ``polars.read_csv`` in native code, then decides
each *distinct* value of a column once, with the builder's own methods (the same level
readers, group values, date spellings and assessor codes), and finds every row's profile
with a polars join. Rows that need a closer look (a blank, repeated or footer identifier,
a rating that does not read) go to :meth:`_Builder.add_row` in file order, so their
reasons, their lines and the people placed are the ones the Python engine gives: the
result is the same workforce (``tests/segmentation/test_engines.py`` holds that), sooner.

polars splits CSV as the csv module does for the files this engine takes. It hands the
file back (:func:`read_with_polars` returns ``None``, and the Python engine reads it) where
they could differ: text that is not UTF-8, a header not found near the top, a lone
carriage return, a blank line or a line break inside a quoted cell under the header, a row
longer than the header, a quote polars refuses, a line with an odd number of quotes, a cell
over the csv module's field size limit, or a NUL character.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

from apsperf.errors import ValidationError
from apsperf.segmentation.io._builder import _Builder, _start
from apsperf.segmentation.io._csv_text import (
    _collector_paused,
    _csv_lines,
    _read_text,
    decode_text,
    sniff_delimiter,
)
from apsperf.segmentation.io._footers import footer_rows
from apsperf.segmentation.io._placing import _identifiers
from apsperf.segmentation.io._ratings import _Axis
from apsperf.segmentation.model._columns import HeaderSearch

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

    from apsperf.segmentation.model._workforce import Columns, Workforce

__all__ = ["AUTO_BYTES", "ENGINES", "Engine", "check_engine", "read_csv", "read_with_polars"]

Engine = Literal["auto", "python", "polars"]
"""A reading engine's name (see :data:`ENGINES`)."""

ENGINES: Final = ("auto", "python", "polars")
"""The reading engines: ``python`` (always there), ``polars`` (the ``polars`` extra) and
``auto``: polars for a CSV file of at least :data:`AUTO_BYTES` when it is installed."""

AUTO_BYTES: Final = 4 << 20
"""``engine="auto"`` takes polars for CSV of at least this many bytes (about 25,000 rows of
a 15-column export): below it, importing polars costs more than it saves."""

_HEAD_BYTES: Final = 1 << 18
"""The header is looked for in the first this many bytes (whole lines); 64 KiB characters
at least, as much as :func:`sniff_delimiter` reads."""

_BOM: Final = b"\xef\xbb\xbf"
_LONE_RETURN: Final = re.compile(rb"\r(?!\n)")
_ASCII_SPACE: Final = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
"""The ASCII characters ``str.strip()`` strips."""


def _polars_available() -> bool:
    """Whether polars can be imported here (without importing it)."""
    import importlib.util

    return importlib.util.find_spec("polars") is not None


def _address_space_limited() -> bool:
    """Whether this process's address space is limited (``ulimit -v``).

    polars reserves address space for its threads up front and aborts the process, with no
    exception to catch, when it cannot; ``auto`` leaves such a process to the Python engine.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return False
    return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY


def check_engine(engine: str) -> None:
    """Refuse an engine that is not one of :data:`ENGINES`, or polars when it is missing."""
    if engine not in ENGINES:
        raise ValidationError(
            f"{engine!r} is not a reading engine; use one of " + ", ".join(map(repr, ENGINES)),
            path="engine",
        )
    if engine == "polars" and not _polars_available():
        raise ValidationError(
            "the polars engine needs polars: pip install 'apsperf[polars]'", path="engine"
        )


def read_csv(
    content: bytes | str,
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
    delimiter: str | None,
    encoding: str | None,
    engine: str,
) -> Workforce:
    """Read CSV (a file's bytes, or text) with ``engine``: the same workforce either way."""
    size = len(content)
    wanted = engine == "polars" or (
        engine == "auto" and size >= AUTO_BYTES and not _address_space_limited()
    )
    if isinstance(content, str):
        data = content.encode("utf-8", "surrogatepass") if wanted else b""
    else:
        data = content
        wanted = wanted and _utf8(content, encoding)
    if wanted and _polars_available():
        with _collector_paused():
            found = read_with_polars(
                data.removeprefix(_BOM), columns, performance, potential, strict, source, delimiter
            )
        if found is not None:
            return found
    if isinstance(content, bytes):
        text = decode_text(content, encoding=encoding, source=source or "file")
        del content
    else:
        text = content
    return _read_text(text, columns, performance, potential, strict, source, delimiter)


def _utf8(data: bytes, encoding: str | None) -> bool:
    """Whether ``data`` is read as UTF-8 (the default for a file without a UTF-16 mark)."""
    if encoding is None:
        return not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    import codecs

    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False  # decode_text says what is wrong


def _header(
    head: str, whole: bool, columns: Columns, delimiter: str
) -> tuple[list[str], int, int, int] | None:
    """The header's cells, its last line, the rows with text above it and blank lines above.

    ``None`` when no header is found in ``head`` (whole lines of the file's start, or the
    ``whole`` file), or the header reaches its last line and the file goes on: the Python
    engine then reads the file.
    """
    lines = head.count("\n")
    reader = csv.reader(_csv_lines(head), strict=True, delimiter=delimiter)
    search = HeaderSearch(columns)
    try:
        for row in reader:
            if not whole and reader.line_num >= lines:
                return None
            if search.is_header(row, reader.line_num):
                blank = reader.line_num - 1 - search.rows_above
                return row, reader.line_num, search.rows_above, blank
    except Exception:  # whatever is wrong, the Python engine says it
        return None
    return None


def _after_lines(data: bytes, lines: int) -> int:
    """Where the bytes after the first ``lines`` lines (each ended by a line feed) start."""
    position = 0
    for _ in range(lines):
        position = data.find(b"\n", position) + 1
        if not position:
            return len(data)
    return position


def _blank_tail(data: bytes, start: int) -> tuple[int, int] | None:
    """Where the rows from ``start`` end, and how many blank lines follow them.

    The csv module skips those lines (they are counted as blank); ``None`` for a tail of
    blank lines too long to look at.
    """
    tail = data[max(start, len(data) - 4096) :]
    kept = len(tail.rstrip(b"\r\n"))
    if not kept and len(tail) == 4096:
        return None
    endings = tail.count(b"\n", kept)
    if not kept and len(data) - len(tail) == start:  # nothing but blank lines
        return start, endings
    if endings <= 1:
        return len(data), 0
    first = tail.index(b"\n", kept) + 1
    return len(data) - len(tail) + first, endings - 1


def read_with_polars(
    data: bytes,
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
    delimiter: str | None,
) -> Workforce | None:
    """Read UTF-8 CSV bytes with polars, or ``None`` where the Python engine must."""
    head = data[:_HEAD_BYTES]
    if len(data) > _HEAD_BYTES:
        head = head[: head.rfind(b"\n") + 1]
    if b"\x00" in data or _LONE_RETURN.search(data):
        return None  # a lone carriage return ends a line for the csv module, not for polars
    try:
        head_text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(head) < len(data) and len(head_text) < 1 << 16:
        return None  # sniff_delimiter would read further than the head
    delimiter = delimiter or sniff_delimiter(head_text)
    found = _header(head_text, len(head) == len(data), columns, delimiter)
    if found is None:
        return None
    row, header_lines, rows_above, blank = found
    builder = _start(row, blank, columns, performance, potential, strict, source)
    builder.rows_above = rows_above
    start = _after_lines(data, header_lines)
    tail = _blank_tail(data, start)
    if tail is None:
        return None
    end, builder.blank_lines = tail[0], builder.blank_lines + tail[1]
    body = data[:end] if end < len(data) else data
    read = sorted(set(builder.located.values()))  # the columns the workforce keeps
    frame = _frame(body, start, delimiter, builder.width, read)
    if frame is None:
        return None
    if frame.height:

        def rows_at(lines: list[int]) -> list[tuple[str, ...]]:
            return _rows_at(body, start, lines, delimiter, builder.width)

        _Placer(builder, frame, read, rows_at).place(header_lines + 1)
    return builder.build()


def _schema(width: int) -> dict[str, Any]:
    """A text column for each of the header's ``width`` columns, and one more."""
    import polars as pl

    return {f"c{n}": pl.String for n in range(width + 1)}


def _frame(
    data: bytes, start: int, delimiter: str, width: int, read: Sequence[int]
) -> pl.DataFrame | None:
    """The cells of the columns ``read`` from byte ``start`` on, as text (missing: "").

    Only the columns the workforce keeps are made (the rest are split, never kept), and
    one more, past the header's last, to see a row with cells after it. ``None`` where
    polars and the csv module could split the rows differently.
    """
    import polars as pl

    body = memoryview(data)[start:]
    try:
        # The bytes themselves, the lines above the rows skipped by polars: no copy is made.
        frame = pl.read_csv(
            data,
            skip_lines=data.count(b"\n", 0, start),
            has_header=False,
            schema=_schema(width),
            missing_columns="insert",  # a short row's missing cells are null
            columns=[*read, width],
            separator=delimiter,
            quote_char='"',
            raise_if_empty=False,
        )
    except Exception:  # polars refuses what the csv module may read
        return None
    lines = data.count(b"\n", start) + (1 if len(body) and body[-1] != ord("\n") else 0)
    beyond = frame.to_series(len(read))
    if frame.height != lines or beyond.is_not_null().any():
        return None  # a line break inside quotes, or cells after the header's last column
    frame = frame.drop(beyond.name)
    # A line with an odd number of quotes, which the csv module reads otherwise: with all but
    # quotes and line breaks deleted, each line's quotes stand together, and pairs go.
    # (The whole file is translated, not a copy of its body: the header's quotes and line
    # feeds are skipped.)
    head = data.count(b'"', 0, start) + data.count(b"\n", 0, start)
    if b'"' in data.translate(None, _NOT_QUOTES)[head:].replace(b'""', b""):
        return None
    if not frame.height:
        return frame
    limit = csv.field_size_limit()
    if _long_line(data, start, limit):
        return None  # a line so long that a cell of it may be one the csv module refuses
    every = pl.all()
    blank = frame.select(pl.all_horizontal(every.is_null()).any()).item()
    if blank and (  # a row of empty cells, or a blank line (which the csv module skips)
        data.startswith((b"\n", b"\r\n"), start)
        or data.find(b"\n\n", start) >= 0
        or data.find(b"\n\r\n", start) >= 0
    ):
        return None
    return frame.fill_null("")


def _long_line(data: bytes, start: int, limit: int) -> bool:
    """Whether some line from ``start`` on may hold ``limit`` bytes or more.

    Such a line holds a whole stretch of ``limit // 2`` bytes, from a multiple of that
    on, without a line feed: one look for a line feed in each stretch (a few hundred for
    a whole agency's file) finds every one (and some lines half as long).
    """
    half = max(1, limit // 2)
    for at in range(start, len(data) - half + 1, half):
        if data.find(b"\n", at, at + half) < 0:
            return True
    return False


def _rows_at(
    data: bytes, start: int, wanted: list[int], delimiter: str, width: int
) -> list[tuple[str, ...]]:
    """Every cell of the rows ``wanted`` (ascending; 0 is the line at byte ``start``).

    For the few rows that need a closer look: their lines are found by their line feeds
    and split again, whole, as the rows were (a missing cell is "").
    """
    import polars as pl

    found: list[bytes] = []
    position, line = start, 0
    for index in wanted:
        while line < index:
            position = data.index(b"\n", position) + 1
            line += 1
        end = data.find(b"\n", position)
        found.append(data[position : end if end >= 0 else len(data)])
    frame = pl.read_csv(
        b"\n".join(found) + b"\n",
        has_header=False,
        schema=_schema(width),
        missing_columns="insert",
        separator=delimiter,
        quote_char='"',
        raise_if_empty=False,
    ).fill_null("")
    return [row[:width] for row in frame.rows()]


_NOT_QUOTES: Final = bytes(b for b in range(256) if b not in b'"\n')
"""Every byte but a quote and a line feed."""


class _Placer:
    """Places a frame's rows through ``builder``: each distinct value decided once."""

    def __init__(
        self,
        builder: _Builder,
        frame: pl.DataFrame,
        read: Sequence[int],
        rows_at: Callable[[list[int]], list[tuple[str, ...]]],
    ) -> None:
        self.builder = builder
        self.frame = frame
        """The cells of the columns ``read``, in that order."""
        self.at = {index: n for n, index in enumerate(read)}
        self.rows_at = rows_at
        """Every cell of the rows given (those that need a closer look)."""

    def column(self, index: int) -> pl.Series:
        """The cells of the header's column ``index``."""
        return self.frame.to_series(self.at[index])

    def place(self, first_line: int) -> None:
        """Place every row; the first is on ``first_line``."""
        import polars as pl

        located = self.builder.located
        size = self.frame.height
        ids, repeated = self._identifiers(self.column(located["employee_id"]))
        footers = footer_rows(ids)
        # Ratings are read for every row but a footer's, as the builder reads them.
        ratings = pl.DataFrame(
            {"perf": self.column(located["performance"]), "pot": self.column(located["potential"])}
        )
        rated = ratings.filter(~pl.Series(_flags(size, footers))) if footers else ratings
        pairs = rated.unique()
        pairs = pairs.with_columns(
            pl.Series(
                "code",
                list(map(self.builder._pair_code, pairs["perf"], pairs["pot"])),
                dtype=pl.Int64,
            )
        )
        coded = ratings.join(pairs, on=["perf", "pot"], how="left", maintain_order="left")["code"]
        careful = set(footers)
        careful.update(coded.is_null().arg_true().to_list())
        if repeated:
            counts = Counter(ids)
            careful.update(n for n, i in enumerate(ids) if not i or counts[i] > 1)
        clean = ~pl.Series(_flags(size, careful))
        columns = self._columns(coded)
        assessors = self._assessors(clean)
        self._feed(ids, columns, assessors, sorted(careful), first_line)

    @staticmethod
    def _identifiers(raw: pl.Series) -> tuple[list[str], bool]:
        """The identifiers (normalised as :func:`_identifiers` does); whether any repeats."""
        if (raw.str.len_bytes() == raw.str.len_chars()).all():  # ASCII: stripped, no more
            ids = raw.str.strip_chars(_ASCII_SPACE)
            return ids.to_list(), bool((ids == "").any() or ids.n_unique() != len(ids))
        found = _identifiers(raw.to_list())
        return found, "" in found or len(set(found)) != len(found)

    def _columns(self, coded: pl.Series) -> list[list[int]]:
        """Each row's code of each field: segment, grouping columns, dates (as a profile).

        Each distinct cell of a column is given its code once (the builder keeps each),
        and the rows' codes are then looked up in polars. A row not placed as it stands
        (its segment null) is handed to ``add_row`` and never read from these.
        """
        builder, located = self.builder, self.builder.located
        columns = [coded.fill_null(0).to_list()]
        groups = [name for name in located if name.startswith("group:")]
        for n, name in enumerate(groups):
            raw = self.column(located[name])
            distinct = raw.unique().to_list()
            codes = [builder._value(n, text) for text in distinct]
            columns.append(self._coded(raw, distinct, codes))
        for field in builder.date_fields:
            raw = self.column(located[field])
            distinct = raw.unique().to_list()
            reader = builder.date_readers[field]
            reader.learn(distinct)
            columns.append(
                self._coded(raw, distinct, list(map(reader.codes.__getitem__, distinct)))
            )
        return columns

    @staticmethod
    def _coded(raw: pl.Series, distinct: list[str], codes: list[int]) -> list[int]:
        """Each cell of ``raw`` as its code, where ``codes`` are ``distinct``'s."""
        import polars as pl

        return raw.replace_strict(distinct, codes, return_dtype=pl.UInt32).to_list()

    def _assessors(self, clean: pl.Series) -> list[int] | None:
        """Each row's assessor code (``None`` without an assessor column; -1 if not placed)."""
        builder = self.builder
        if builder.assessors is None:
            return None
        raw = self.column(builder.located["assessed_by"])
        distinct = raw.filter(clean).unique().to_list()
        codes = builder.new_assessors(distinct)  # a new builder has none yet
        return raw.replace_strict(distinct, codes, default=-1, return_dtype=None).to_list()

    def _feed(
        self,
        ids: list[str],
        columns: list[list[int]],
        assessors: list[int] | None,
        careful: list[int],
        first_line: int,
    ) -> None:
        """Place the runs of clean rows, and hand each careful row to ``add_row``, in order."""
        builder = self.builder
        rows = self.rows_at(careful) if careful else []
        start = 0
        for index, cells in zip([*careful, len(ids)], [*rows, ()], strict=True):
            if start < index:
                builder._place_coded(
                    ids[start:index],
                    [column[start:index] for column in columns],
                    None if assessors is None else assessors[start:index],
                    first_line + start,
                    add_seen=not builder.ordered,
                )
            if index < len(ids):
                builder.add_row(list(cells), first_line + index)
            start = index + 1


def _flags(size: int, rows: Iterable[int]) -> list[bool]:
    """``size`` flags, set at ``rows``."""
    flags = [False] * size
    for row in rows:
        flags[row] = True
    return flags
