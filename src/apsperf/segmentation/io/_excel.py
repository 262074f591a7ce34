"""Reading ``.xlsx`` workforce files (the ``excel`` extra), like CSV.

A sheet is read cell by cell as it is stored (:mod:`._sheet_xml` streams its XML), never by
the extent its ``<dimension>`` record claims (a stale record would hide rows or columns).
Rows and cells are placed by their references, in whatever order the file stores them. Row
numbers are the sheet's own; blank sheet rows count as blank lines, as in a CSV file; empty
cells at the end of a row are empty, not extra, while a cell with a value beyond the
header's last column rejects its row, as the same row in a CSV file would be. A number
formatted ``000000`` reads as the text shown (``"000123"``), as a CSV export of the sheet
writes it. A formula with no saved value refuses the file. The workbook's decompressed size
is checked before anything is parsed.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from apsperf.errors import ValidationError, require
from apsperf.segmentation.io import _sheet_xml


class SheetRows(NamedTuple):
    """A worksheet's header, the rows under it and where they start."""

    header: list[str]
    rows: Iterator[list[Any]]
    first_line: int
    """The sheet row number of the first row under the header."""
    blank_before_header: int
    sheets: tuple[str, ...]
    """Every sheet name in the workbook (for errors about a missing column)."""
    name: str
    """The name of the sheet read."""


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_cell(text: str) -> str:
    """Text with its OOXML ``_xHHHH_`` escapes decoded, as Excel shows it.

    Excel writes a carriage return in a cell as ``_x000D_`` (and any character XML cannot
    hold likewise, ``_x005F_`` for a literal underscore before ``xHHHH_``); openpyxl hands
    the escapes over as they are stored.
    """
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def _trimmed(row: Iterable[Any]) -> list[Any]:
    cells = [unescape_cell(c) if isinstance(c, str) and "_x" in c else c for c in row]
    while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
        cells.pop()
    return cells


def check_workbook_size(path: Path | IO[bytes], max_bytes: int, name: str) -> None:
    """Refuse a workbook that unpacks to more than ``max_bytes`` before anything parses it."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except FileNotFoundError:
        raise ValidationError("no such file", path=name) from None
    except IsADirectoryError:
        raise ValidationError("is a folder, not a file", path=name) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(f"not a readable .xlsx workbook ({exc})", path=name) from None
    if total > max_bytes:
        raise ValidationError(
            f"the workbook unpacks to {total:,} bytes, over the limit of {max_bytes:,} "
            "(max_bytes=, --max-bytes)",
            path=name,
        )


def read_xlsx_rows(
    path: Path | IO[bytes],
    *,
    sheet: str | None,
    max_bytes: int,
    max_rows: int,
    source: str | None = None,
) -> SheetRows:
    """The header and the rows under it of a worksheet (the first, unless ``sheet`` names one).

    ``path`` is the workbook's file or its bytes as a binary stream (read from its start),
    ``source`` the name errors give (default: the path). The sheet is read whole before
    this returns (its rows may be stored in any order); the rows hold each cell as its
    value (text, a number, a date, true or false), a number whose format pads it with
    zeros (``000000``) as the text shown (``"000123"``).
    """
    require("openpyxl", extra="excel", purpose="reading .xlsx files")
    source = str(path) if source is None else source
    check_workbook_size(path, max_bytes, source)
    if not isinstance(path, Path):
        path.seek(0)
    try:
        with zipfile.ZipFile(path) as archive:
            book = _sheet_xml.read_book(archive, source)
            chosen = _chosen(book, sheet, source)
            where = f"{source}, sheet {chosen.name!r}"
            try:
                cells = _sheet_xml.read_sheet(
                    archive, chosen.part, book, max_rows=max_rows, where=where
                )
                strings = _sheet_xml.read_strings(archive, book.strings, cells, book, where)
            except ValidationError:
                raise
            except Exception as exc:  # a value no reader foresaw: still one line
                raise ValidationError(
                    f"unreadable sheet data ({type(exc).__name__}: {str(exc)[:200]})",
                    path=where,
                ) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(
            f"not a readable .xlsx workbook ({type(exc).__name__}: {str(exc)[:200]})",
            path=source,
        ) from None
    numbered = _numbered(cells, strings, where)
    for number, row in numbered:
        if any(cell is not None and str(cell).strip() for cell in row):
            unsaved = cells.unsaved_formula(number)
            if unsaved is not None:
                raise ValidationError(
                    f"{unsaved}: open the workbook in a spreadsheet program and save it",
                    path=where,
                )
            header = ["" if cell is None else str(cell) for cell in row]
            sheets = tuple(s.name for s in book.sheets)
            rows = (r for _, r in numbered)
            return SheetRows(header, rows, number + 1, number - 1, sheets, chosen.name)
    raise ValidationError(f"the sheet {chosen.name!r} is empty: no header row", path=source)


def _chosen(book: _sheet_xml.Book, sheet: str | None, source: str) -> _sheet_xml.SheetPart:
    names = [s.name for s in book.sheets]
    if sheet is None:
        # The first worksheet, as documented: never the sheet that happened to be active when
        # the workbook was saved (a draft, last year's tab), and never a chart sheet.
        first = next((s for s in book.sheets if not s.chart), None)
        if first is None:
            raise ValidationError("the workbook has no worksheet (only chart sheets)", path=source)
        return first
    if sheet not in names:
        raise ValidationError(
            f"no sheet {sheet!r}; the workbook has: {', '.join(names)}", path=source
        )
    chosen = book.sheets[names.index(sheet)]
    if chosen.chart:
        raise ValidationError(
            f"sheet {sheet!r} is a chart sheet, not a worksheet; the worksheets are: "
            + ", ".join(s.name for s in book.sheets if not s.chart),
            path=source,
        )
    return chosen


def _numbered(
    cells: _sheet_xml.SheetCells, strings: dict[int, str], where: str
) -> Iterator[tuple[int, list[Any]]]:
    """Every sheet row from the first to the last stored, blank ones empty, with its number."""
    shared = _sheet_xml.SharedRef
    last = 0
    for number, row in cells.in_order(where):
        for blank in range(last + 1, number):
            yield blank, []
        values = _sheet_xml.dense(row)
        yield number, _trimmed(strings[v] if type(v) is shared else v for v in values)
        last = number
    cells.rows.clear()  # every row was handed on: free them
    for blank in range(last + 1, cells.last_row + 1):
        yield blank, []
