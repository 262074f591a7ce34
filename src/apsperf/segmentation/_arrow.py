"""The Arrow engine: a workforce CSV parsed by ``pyarrow.csv``, each distinct value checked once.

pyarrow splits the file into columns of text in C++ (on both cores). Each column needed is
dictionary-encoded, so each distinct value (rating, grouping value, date, assessor) goes
through the same checks as in the Python engine (``_reader._Builder``'s readers),
once; segments and profiles are then worked out on integer codes in Arrow, and the result
is the :class:`Workforce` the Python engine would build: the same placements, rejected rows
(reasons and line numbers), findings and ``rows_read``.

Results can only be identical where both parsers read the file the same way, so a cheap
prescan hands the file back (``None``) to the Python engine whenever it has anything that
could make them differ, or that the Python engine reports row by row (see
:func:`read_arrow`). pyarrow is imported here only, when the engine is used.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from itertools import compress
from typing import Any, Final, NamedTuple

from apsperf.errors import require
from apsperf.segmentation._levels import Level, segment_for
from apsperf.segmentation._placement import normalise_employee_id
from apsperf.segmentation._workforce import _CODE, RejectedRow, Workforce

__all__ = ["PythonParts", "read_arrow"]

_ORDER: Final = (Level.LOW, Level.MODERATE, Level.HIGH)
_SEGMENT_CODES: Final = [
    _CODE[segment_for(performance, potential)] for performance in _ORDER for potential in _ORDER
]
"""Segment code of ``3 * performance + potential`` (levels as indexes into :data:`_ORDER`)."""


def pyarrow_modules() -> tuple[Any, Any, Any]:
    """``pyarrow``, ``pyarrow.csv`` and ``pyarrow.compute``, or MissingDependencyError."""
    purpose = "the Arrow engine (engine='arrow')"
    pa = require("pyarrow", extra="arrow", purpose=purpose)
    return pa, require("pyarrow.csv", extra="arrow"), require("pyarrow.compute", extra="arrow")


class PythonParts(NamedTuple):
    """What the Arrow engine uses of the Python engine.

    Passed in: ``_reader`` imports this module, so this module does not import ``_reader``.
    """

    start: Callable[[list[str]], Any]
    """A ``_reader._Builder`` for the rows under a header row (it locates the columns)."""
    sniff_delimiter: Callable[[str], str]
    identifiers: Callable[[list[str]], list[str]]
    """Raw identifiers to the ones kept (``_reader._identifiers``)."""
    sniff_chars: int


def read_arrow(
    data: bytes, parts: PythonParts, strict: bool, delimiter: str | None
) -> Workforce | None:
    """The workforce in CSV ``data``, or ``None`` when the Python engine must read it.

    ``None`` (the prescan found something the engines could read differently, or that is
    reported row by row) when the file: is empty or has only a header; starts with a
    byte-order mark or is not UTF-8; holds a NUL, a carriage return not followed by a
    line feed, a blank line, a quoted line break, malformed quoting (text after a closing
    quote, a quote inside a cell, a cell starting or ending with the delimiter), a cell
    larger than a quarter of the csv module's field limit, a row whose cell count is not
    the header's (trailing empty cells included), an empty or repeated identifier, or an
    empty header cell; or, with ``strict``, a row to reject. Every other file is read
    exactly as the Python engine reads it.
    """
    pa, pacsv, pc = pyarrow_modules()
    if (
        not data
        or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        or b"\x00" in data
        or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n"))
    ):
        return None
    end = data.find(b"\n")
    first = data if end < 0 else data[: end + 1]
    try:
        header_text = first.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not header_text.strip() or len(first) >= parts.sniff_chars:
        return None
    if delimiter is None:
        delimiter = parts.sniff_delimiter(header_text)
    try:
        header = next(csv.reader([header_text], strict=True, delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    if not any(cell.strip() for cell in header):  # the Python engine looks further down
        return None
    builder = parts.start(header)
    width = builder.width
    if width != len(header) or not all(builder.header):
        return None
    names = [f"c{index}" for index in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=False, ignore_empty_lines=True
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None  # rows of the wrong width, text that is not UTF-8...
    rows = table.num_rows
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    if not rows or rows + 1 != lines:  # a blank line or a quoted line break
        return None
    if not _parsed_alike(data, table, delimiter, pa, pc):
        return None
    return _build(builder, table, strict, parts.identifiers, pa, pc)


def _parsed_alike(data: bytes, table: Any, delimiter: str, pa: Any, pc: Any) -> bool:
    """Whether ``csv.reader(strict=True)`` reads ``data`` into the cells of ``table``.

    Without quotes both split at every delimiter and line end. With quotes, pyarrow also
    reads text after a closing quote (``"a"b``, which the csv module refuses) into the
    cell, so: no cell may hold a quote or start or end with the delimiter; then every quote
    in the file opens or closes a cell, no quote before a delimiter or a line end can open
    one, and the quoting is well formed if and only if every closing quote (half of them)
    is followed by a delimiter, a line end or the end of the file.
    """
    limit = csv.field_size_limit()
    for column in table.columns:
        longest = pc.max(pc.binary_length(column)).as_py()
        if longest is not None and longest > limit // 4:  # bytes to characters, safely
            return False
    quotes = data.count(b'"')
    if not quotes:
        return True
    for column in table.columns:
        if pc.any(pc.match_substring(column, '"')).as_py():
            return False
        if pc.any(pc.starts_with(column, delimiter)).as_py():
            return False
        if pc.any(pc.ends_with(column, delimiter)).as_py():
            return False
    # Every carriage return is in a CRLF (see read_arrow), so a line ends in one or the other.
    line_end = b'"\r' if b"\r" in data else b'"\n'
    closing = data.count(b'"' + delimiter.encode()) + data.count(line_end) + data.endswith(b'"')
    return 2 * closing == quotes


def _build(
    builder: Any,
    table: Any,
    strict: bool,
    identifiers: Callable[[list[str]], list[str]],
    pa: Any,
    pc: Any,
) -> Workforce | None:
    """Fill ``builder`` from the cells of ``table`` (see ``_reader._Builder``)."""
    located = builder.located
    rows = table.num_rows
    raw_ids = table.column(located["employee_id"]).to_pylist()
    ids = identifiers(raw_ids)
    unique = set(ids)
    if len(unique) != rows or "" in unique:
        return None  # the Python engine says which rows repeat an identifier

    def encoded(index: int) -> tuple[Any, list[str]]:
        column = table.column(index).combine_chunks().dictionary_encode()
        return column.indices, column.dictionary.to_pylist()

    # Ratings: each distinct spelling read once, as a level index or -1 (rejected).
    axes = []
    for reader, field in ((builder.perf, "performance"), (builder.pot, "potential")):
        indices, spellings = encoded(located[field])
        levels = [reader.level(raw) for raw in spellings]
        codes = [_ORDER.index(level) if isinstance(level, Level) else -1 for level in levels]
        axes.append((pc.take(pa.array(codes, pa.int8()), indices), levels))
    (perf_codes, _), (pot_codes, _) = axes
    bad = pc.or_(pc.less(perf_codes, 0), pc.less(pot_codes, 0))
    rejected_at = pc.indices_nonzero(bad).to_pylist()
    if rejected_at and strict:
        return None  # the Python engine raises for the first, as strict asks
    if rejected_at:
        perf_at = pc.take(table.column(located["performance"]), pa.array(rejected_at))
        pot_at = pc.take(table.column(located["potential"]), pa.array(rejected_at))
        for row, perf_raw, pot_raw in zip(
            rejected_at, perf_at.to_pylist(), pot_at.to_pylist(), strict=True
        ):
            perf, pot = builder.perf.level(perf_raw), builder.pot.level(pot_raw)
            problem = pot if isinstance(perf, Level) else perf
            builder.rejected.append(
                RejectedRow(
                    line=row + 2,
                    reason=problem.reason,
                    field=problem.field,
                    employee_id=normalise_employee_id(raw_ids[row]),
                )
            )
        good = pc.invert(bad)
        ids = list(compress(ids, good.to_pylist()))
    else:
        good = None

    def kept(array: Any) -> Any:
        return array if good is None else pc.filter(array, good)

    segment = pc.take(
        pa.array(_SEGMENT_CODES, pa.int64()),
        kept(
            pc.add(pc.multiply(pc.cast(perf_codes, pa.int64()), 3), pc.cast(pot_codes, pa.int64()))
        ),
    )
    # Everything else about a person (grouping values, dates, assessor): each distinct
    # spelling made into its kept value once; a profile is a combination of their codes.
    parts: list[tuple[Any, list[Any]]] = [(segment, list(range(9)))]
    for position, index in enumerate(located[k] for k in located if k.startswith("group:")):
        indices, spellings = encoded(index)
        parts.append((kept(indices), [builder._value(position, raw) for raw in spellings]))
    for field in builder.date_fields:
        indices, spellings = encoded(located[field])
        reader = builder.date_readers[field]
        parts.append((kept(indices), [reader.spelling(raw) for raw in spellings]))
    if builder.has_assessor:
        indices, spellings = encoded(located["assessed_by"])
        parts.append((kept(indices), [raw.strip() or None for raw in spellings]))
    key = pc.cast(parts[0][0], pa.int64())
    size = 9
    for indices, values in parts[1:]:
        if size * max(1, len(values)) >= 1 << 62:  # renumber before the codes overflow
            compact = key.dictionary_encode()
            key, size = pc.cast(compact.indices, pa.int64()), len(compact.dictionary)
        key = pc.add(pc.multiply(key, max(1, len(values))), pc.cast(indices, pa.int64()))
        size *= max(1, len(values))
    profiles = key.dictionary_encode()
    people = profiles.indices
    firsts = (
        pa.table({"profile": people, "row": pa.array(range(len(people)), pa.int64())})
        .group_by("profile", use_threads=False)
        .aggregate([("row", "min")])
        .sort_by("profile")
        .column("row_min")
    )
    chosen = [
        list(map(values.__getitem__, pc.take(indices, firsts).to_pylist()))
        for indices, values in parts
    ]
    numbers = builder.profiles.numbers(list(zip(*chosen, strict=True)))
    builder.people = pc.take(pa.array(numbers, pa.int64()), people).to_pylist()
    builder.ids = ids
    builder.rows_read = rows
    start = 0
    for row in [*rejected_at, rows]:
        builder.lines.extend(start + 2, row - start)
        start = row + 1
    built: Workforce = builder.build()
    return built
