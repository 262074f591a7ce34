"""Reading ``.xlsx`` workforce files with openpyxl (the ``excel`` extra)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from apsperf.errors import ValidationError, require


def read_xlsx_rows(path: Path, *, sheet: str | None = None) -> tuple[list[str], Iterator[Any]]:
    """The header and the remaining rows of a worksheet (the first, unless ``sheet`` is named)."""
    openpyxl: Any = require("openpyxl", extra="excel", purpose="reading .xlsx files")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ValidationError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise ValidationError("is a folder, not a file", path=str(path)) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(f"not a readable .xlsx workbook ({exc})", path=str(path)) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise ValidationError(
            f"no sheet {sheet!r}; the workbook has: {', '.join(book.sheetnames)}", path=str(path)
        )
    rows = (
        book[sheet].iter_rows(values_only=True)
        if sheet
        else book.active.iter_rows(values_only=True)
    )
    for row in rows:
        if row and any(cell not in (None, "") for cell in row):
            header = ["" if cell is None else str(cell) for cell in row]
            while header and not header[-1]:
                header.pop()
            width = len(header)
            return header, (list(r[:width]) + [None] * (width - len(r[:width])) for r in rows)
    raise ValidationError("the workbook's sheet is empty: no header row", path=str(path))
