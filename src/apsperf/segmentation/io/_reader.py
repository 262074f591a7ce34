"""Read a workforce: the public readers, over one builder (:mod:`._builder`).

A file (CSV through :mod:`._csv_text`, .xlsx through :mod:`._excel`), rows already split
into cells, or a data frame (:mod:`._frames`): each goes through the same builder, so each
row is placed or rejected in one place, whichever reader split it.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import islice
from os import PathLike
from pathlib import Path
from typing import IO, BinaryIO, Final, TextIO, cast

import attrs

from apsperf._files import read_limited
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.io._boxes import reading_axes
from apsperf.segmentation.io._builder import _start
from apsperf.segmentation.io._csv_text import (
    DELIMITERS,
    MAX_BYTES,
    MAX_ROWS,
    _read_bytes,
)
from apsperf.segmentation.io._labels import BoxLevels, BoxMap
from apsperf.segmentation.io._polars_csv import Engine, check_engine, read_csv
from apsperf.segmentation.io._ratings import _Axis
from apsperf.segmentation.io._sheet_xml import letters
from apsperf.segmentation.model._columns import HeaderSearch, header_cells, is_unnamed
from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._placement import Banding
from apsperf.segmentation.model._workforce import (
    Columns,
    RejectedRow,
    Workforce,
)

__all__ = ["read_workforce", "workforce_from_rows"]


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


def read_workforce(
    source: str | PathLike[str] | TextIO | BinaryIO,
    *,
    columns: Columns | None = None,
    keep: Iterable[str] | None = None,
    performance: Banding | None = None,
    potential: Banding | None = None,
    performance_labels: Mapping[str, Level | str] | None = None,
    potential_labels: Mapping[str, Level | str] | None = None,
    box: BoxMap | Mapping[int | str, BoxLevels] | None = None,
    strict: bool = False,
    sheet: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    redact: bool = False,
    header_row: int | None = None,
    engine: Engine = "auto",
) -> Workforce:
    """Read a workforce file (CSV, or Excel ``.xlsx`` with the ``excel`` extra).

    ``source`` is a path, a file open in text mode (CSV text), or a binary stream of a
    file's bytes (``io.BytesIO`` of an upload, say): a workbook if the bytes are one, else
    CSV decoded as a file is. A stream's ``name``, when it has one, names it in errors.

    Ratings go through :meth:`Level.parse` or, when given, an agency :class:`Banding` for
    that axis's numbers. ``performance_labels`` and ``potential_labels`` map an agency's
    own words to levels (``{"Fully effective": "moderate"}``), extending the built-in
    spellings (see :func:`label_map`; :func:`read_label_maps` reads them from TOML); with
    both a banding and a label map, text goes through the labels and numbers through the
    banding.

    A file with one nine-box column in place of the two ratings is read with ``box=``, its
    declared box numbering or box names (see :func:`box_map`; a label file's ``[box]``
    table): the box column (``Columns(box=)``, else found by its usual headers) is read for
    both axes, and a box not declared rejects its row. ``box=`` takes no rating scale or
    label map with it.

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

    The header is the first of the first 20 rows with text that holds the identifier and
    both ratings (rows above it, a title say, are passed over and reported as a
    ``rows-above-header`` finding), or line ``header_row`` when given (the same as
    ``Columns(header_row=)``).

    With ``redact=True``, errors, rejected rows and findings name the line and column but
    quote no cell value, and rejected rows carry no identifier (see
    :mod:`apsperf._redaction`).

    ``engine`` splits CSV: ``"python"`` (the csv module), ``"polars"`` (native code, the
    ``polars`` extra) or ``"auto"`` (polars for a CSV of a few MB or more, when installed).
    Every engine gives the same workforce; polars hands a file back to the csv module where
    the two could split it differently (see ``docs/review.md``).
    """
    check_engine(engine)
    perf, pot, kept = reading_axes(
        _keeping(columns, keep), performance, potential, performance_labels, potential_labels, box
    )
    if header_row is not None:
        kept = attrs.evolve(kept, header_row=header_row)
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
            engine,
        ),
    )


def _unnamed_columns(workforce: Workforce) -> Workforce:
    """``workforce`` without its columns that have no header and hold no value (spacers).

    One with no header that holds values is kept, named for its place, and reported.
    """
    unnamed = [name for name in workforce.group_names if is_unnamed(name)]
    empty = [name for name in unnamed if not any(map(str.strip, workforce.group_values(name)))]
    findings = [
        Finding(
            code="column-unnamed",
            severity=Severity.INFO,
            message=f"a column with no header holds values: read as the grouping column `{name}`",
            path="header",
        )
        for name in unnamed
        if name not in empty
    ]
    if empty:
        workforce = workforce.without_groups(empty)
    return workforce._evolve(findings=(*workforce.findings, *findings)) if findings else workforce


def _redacting(redact: bool, read: Callable[[], Workforce]) -> Workforce:
    """Run ``read``; with ``redact``, strip cell values from its errors and rejections."""
    if not isinstance(redact, bool):
        raise TypeError(f"redact must be a bool, not {type(redact).__name__}")
    if not redact:
        return _unnamed_columns(read())
    from apsperf._redaction import redact as redacted
    from apsperf._redaction import redacted_error

    try:
        workforce = _unnamed_columns(read())
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
    source: str | PathLike[str] | TextIO | BinaryIO,
    columns: Columns | None,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    sheet: str | None,
    delimiter: str | None,
    encoding: str | None,
    max_bytes: int,
    max_rows: int,
    engine: Engine = "auto",
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
        content: str | bytes = _read_bytes(path, max_bytes)
    else:
        if not hasattr(source, "read"):
            raise TypeError(f"source must be a path or an open file, not {type(source).__name__}")
        found = getattr(source, "name", "")
        name = found if isinstance(found, str) else ""
        # A first chunk says whether the stream is text or bytes; a binary stream's rest is
        # read a chunk at a time (one read of the whole limit would reserve it up front).
        content = source.read(_FIRST)
        if isinstance(content, (bytes, bytearray)):
            content = bytes(content) + read_limited(
                cast(IO[bytes], source), max_bytes - len(content)
            )
    if isinstance(content, bytes):
        # What the bytes are decides how they are read, whatever the file's name says.
        return _read_binary(
            content,
            name,
            columns,
            performance,
            potential,
            strict,
            sheet,
            delimiter,
            encoding,
            max_bytes,
            max_rows,
            engine,
        )
    if not isinstance(content, str):
        raise TypeError("source must be a path or an open file (text or binary)")
    left = max_bytes + 1 - len(content)
    text = content + cast(TextIO, source).read(left) if content and left > 0 else content
    if len(text) > max_bytes:
        raise ValidationError(
            f"the file is larger than the limit of {max_bytes:,} characters (max_bytes=)",
            path=name or "file",
        )
    return read_csv(
        text.removeprefix("\ufeff"),
        columns,
        performance,
        potential,
        strict,
        name,
        delimiter,
        None,
        engine,
    )


_FIRST: Final = 1 << 16
"""Characters or bytes of a stream read first, to tell text from bytes."""

_ZIP_MAGIC = b"PK\x03\x04"
"""How a zip archive, and so an .xlsx workbook, starts."""

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How an OLE2 compound file, and so an Excel 97-2003 .xls workbook, starts."""


def _read_binary(
    data: bytes,
    name: str,
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    sheet: str | None,
    delimiter: str | None,
    encoding: str | None,
    max_bytes: int,
    max_rows: int,
    engine: Engine = "auto",
) -> Workforce:
    """A file's bytes read from a binary stream: a workbook if they are one, else text."""
    shown = name or "file"
    if len(data) > max_bytes:
        raise ValidationError(
            f"the file is larger than the limit of {max_bytes:,} bytes (max_bytes=)", path=shown
        )
    if data.startswith(_ZIP_MAGIC) or Path(name).suffix.casefold() in (".xlsx", ".xlsm"):
        return _read_sheet(
            io.BytesIO(data),
            sheet,
            columns,
            performance,
            potential,
            strict,
            max_bytes,
            max_rows,
            name=shown,
        )
    if data.startswith(_OLE2_MAGIC):
        raise ValidationError(
            "an Excel 97-2003 workbook (.xls), which apsperf does not read: open it in a "
            "spreadsheet program and save it as an Excel Workbook (.xlsx) or as CSV",
            path=shown,
        )
    return read_csv(
        data, columns, performance, potential, strict, name, delimiter, encoding, engine
    )


def _read_sheet(
    path: Path | IO[bytes],
    sheet: str | None,
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    max_bytes: int,
    max_rows: int,
    *,
    name: str | None = None,
) -> Workforce:
    from apsperf.segmentation.io._excel import read_xlsx_rows

    source = str(path) if name is None else name
    found = read_xlsx_rows(
        path,
        sheet=sheet,
        max_bytes=max_bytes,
        max_rows=max_rows,
        source=source,
        header_search=HeaderSearch(columns),
    )
    header = header_cells(found.header)
    width = len(header)
    beyond = found.beyond  # (line, column) of each value right of the table, as read

    def fitted() -> Iterator[Sequence[object]]:
        # A sheet stores no cell for an empty one at the end of a row: those cells are
        # empty. A value right of the table (a note typed beside it) has no column to be
        # read in: the sheet reader cuts it off, the row is placed, and the cell reported.
        for row in found.rows:
            yield row + [None] * (width - len(row)) if 0 < len(row) < width else row

    try:
        workforce = _rows_workforce(
            fitted(),
            header,
            columns,
            performance,
            potential,
            strict,
            source,
            found.first_line,
            found.blank_before_header,
            sheet=found.name,
            rows_above=found.rows_above,
        )
    except ValidationError as error:
        others = [name for name in found.sheets if name != found.name]
        if error.path.startswith("line ") or not others or "column" not in error.message:
            raise
        raise ValidationError(
            f"{error.message}; the workbook's other sheets are: {', '.join(others)} "
            "(choose one with --sheet / sheet=)",
            path=error.path,
        ) from None
    if not beyond:
        return workforce
    line, column = beyond[0]
    plural = "s hold values" if len(beyond) > 1 else " holds a value"
    finding = Finding(
        code="value-beyond-table",
        severity=Severity.WARNING,
        message=f"{len(beyond):,} row{plural} right of the table, in a column with no header "
        f"(first: cell {letters(column + 1)}{line}): the rows are placed and those cells "
        "are not read; give the column a header to read it",
        path=found.name,
    )
    return workforce._evolve(findings=(*workforce.findings, finding))


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
    box: BoxMap | Mapping[int | str, BoxLevels] | None = None,
    strict: bool = False,
    source: str = "",
    first_line: int = 2,
    redact: bool = False,
) -> Workforce:
    """Place rows that are already split into cells (from a database, a sheet, a frame).

    Cells may be text, numbers, dates or ``None`` (an empty cell; so is a NaN number).
    Row numbers count from ``first_line`` (2: the row after a header). An empty row is a
    blank line. A cell of any other type (bytes, a list) raises :class:`TypeError`.
    Ratings, label maps, ``box``, dates, ``keep`` and ``redact`` are as for
    :func:`read_workforce`; a cell holding a date or datetime is year-first text to the date
    reading.
    """
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        raise TypeError(f"rows must be an iterable of rows, not {type(rows).__name__}")
    if isinstance(header, (str, bytes)) or not isinstance(header, Sequence):
        raise TypeError(f"header must be a sequence of column names, not {type(header).__name__}")
    if isinstance(first_line, bool) or not isinstance(first_line, int):
        raise TypeError(f"first_line must be an int, not {type(first_line).__name__}")
    if first_line < 1:
        raise ValidationError("must be at least 1", path="first_line")
    perf, pot, kept = reading_axes(
        _keeping(columns, keep), performance, potential, performance_labels, potential_labels, box
    )
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
    rows_above: int = 0,
) -> Workforce:
    builder = _start(header, blank_before_header, columns, performance, potential, strict, source)
    builder.sheet, builder.rows_above = sheet, rows_above
    iterator = iter(rows)
    line = first_line
    while True:
        chunk = [
            _row_text(row, line + offset)
            for offset, row in enumerate(islice(iterator, builder.chunk_rows))
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
