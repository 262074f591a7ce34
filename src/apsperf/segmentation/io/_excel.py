"""Reading ``.xlsx`` workforce files with openpyxl (the ``excel`` extra), like CSV.

A sheet is read cell by cell as it is stored, never by the extent its ``<dimension>``
record claims (a stale record would hide rows or columns). Row numbers are the sheet's own;
blank sheet rows count as blank lines, as in a CSV file; empty cells at the end of a row
are empty, not extra, while a cell with a value beyond the header's last column rejects
its row, as the same row in a CSV file would be. The workbook's decompressed size is
checked before anything is parsed.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from apsperf.errors import ValidationError, require


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


def _trimmed(row: tuple[Any, ...]) -> list[Any]:
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
    ``source`` the name errors give (default: the path).
    """
    openpyxl: Any = require("openpyxl", extra="excel", purpose="reading .xlsx files")
    source = str(path) if source is None else source
    check_workbook_size(path, max_bytes, source)
    if not isinstance(path, Path):
        path.seek(0)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(
            f"not a readable .xlsx workbook ({type(exc).__name__}: {str(exc)[:200]})",
            path=source,
        ) from None
    sheets = tuple(book.sheetnames)
    if sheet is not None and sheet not in sheets:
        raise ValidationError(
            f"no sheet {sheet!r}; the workbook has: {', '.join(sheets)}", path=source
        )
    if sheet is None:
        # The first worksheet, as documented: never the sheet that happened to be active when
        # the workbook was saved (a draft, last year's tab), and never a chart sheet.
        if not book.worksheets:
            book.close()
            raise ValidationError("the workbook has no worksheet (only chart sheets)", path=source)
        worksheet = book.worksheets[0]
    else:
        worksheet = book[sheet]
        if not hasattr(worksheet, "iter_rows"):
            book.close()
            raise ValidationError(
                f"sheet {sheet!r} is a chart sheet, not a worksheet; the worksheets are: "
                + ", ".join(w.title for w in book.worksheets),
                path=source,
            )
    name = worksheet.title
    worksheet.reset_dimensions()  # never trust the stored <dimension> record
    where = f"{source}, sheet {name!r}"

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 0
        try:
            for number, row in enumerate(worksheet.iter_rows(values_only=True), 1):
                if number > max_rows:
                    raise ValidationError(
                        f"the sheet has more than {max_rows:,} rows (max_rows=)", path=where
                    )
                yield number, _trimmed(row)
        except ValidationError:
            raise
        except Exception as exc:  # broken XML, entity tricks, bad cell values
            raise ValidationError(
                f"unreadable sheet data after row {number} "
                f"({type(exc).__name__}: {str(exc)[:200]})",
                path=where,
            ) from None
        finally:
            book.close()

    numbered = rows()
    for number, cells in numbered:
        if any(cell is not None and str(cell).strip() for cell in cells):
            header = ["" if cell is None else str(cell) for cell in cells]
            return SheetRows(header, (c for _, c in numbered), number + 1, number - 1, sheets, name)
    raise ValidationError(f"the sheet {name!r} is empty: no header row", path=source)
