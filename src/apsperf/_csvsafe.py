"""CSV output that spreadsheets cannot mistake for formulas."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: object) -> str:
    """A cell's text, with a leading apostrophe when a spreadsheet would run it as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break (or their full-width
    forms) is neutralised; numbers are written as they are, so ``-3`` stays a number.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_rows(stream: TextIO, header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> None:
    """Write a header and rows as CSV with every cell passed through :func:`safe_cell`."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
