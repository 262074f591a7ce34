"""CSV output that spreadsheets cannot mistake for formulas, and whose rows never split.

Every CSV apsperf writes goes through :func:`write_rows` (or :func:`csv_text`):

- every cell passes through :func:`safe_cell`, so text a spreadsheet would run as a formula
  starts with an apostrophe;
- a cell holding a character that some CSV reader or spreadsheet starts a new row at
  (:data:`ROW_BREAKS`: a carriage return or line feed on its own, and the other Unicode line
  separators) is quoted, as is one holding a comma or a double quote, so a row is one record
  to every reader;
- with ``bom=True`` the text starts with a UTF-8 byte-order mark (:data:`BOM`), so a
  spreadsheet's default import reads non-ASCII names as UTF-8. Every file export uses it;
  apsperf's own readers accept a file with or without one.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from typing import Any, Final, TextIO

__all__ = [
    "BOM",
    "ROW_BREAKS",
    "csv_text",
    "malformed_csv",
    "safe_cell",
    "with_bom",
    "write_rows",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

BOM: Final = "\ufeff"
"""The byte-order mark that starts a CSV file apsperf writes (UTF-8: ``EF BB BF``)."""

ROW_BREAKS: Final = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Characters some CSV reader or spreadsheet ends a row at: a cell holding one is quoted.

Python's ``csv`` module, pandas and spreadsheets split on a carriage return or a line feed
(alone or together); ``str.splitlines`` and some importers also split on the vertical tab,
form feed, file/group/record separators, NEL and the Unicode line and paragraph separators.
"""


def malformed_csv(error: csv.Error) -> str:
    """The message for a CSV the ``csv`` module cannot read, in words a reader acts on.

    Reading (not writing) is where this applies, to every CSV apsperf reads: one cell holds
    at most ``csv.field_size_limit()`` characters (131,072, 128 KiB, unless the program
    embedding apsperf changed it); a longer cell refuses the file, saying so.
    """
    text = str(error)
    if "field larger than field limit" in text:
        limit = csv.field_size_limit()
        return (
            f"a cell is longer than {limit:,} characters, the most one CSV cell may hold"
            " (apsperf's limit, the csv module's field_size_limit): is a quote left open?"
        )
    return f"malformed CSV: {text}"


_ROW_BREAK: Final = re.compile(f"[{re.escape(ROW_BREAKS)}]")
_NEEDS_QUOTES: Final = re.compile(f'[,"{re.escape(ROW_BREAKS)}]')


def safe_cell(value: object) -> str:
    """A cell's text, with a leading apostrophe when a spreadsheet would run it as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break (or their full-width
    forms) is neutralised; numbers are written as they are, so ``-3`` stays a number (a
    float that is not finite is text, so ``-inf`` is written ``'-inf``).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _quoted_line(cells: list[str]) -> str:
    """One CSV line, quoting each cell that holds a delimiter, a quote or a row break."""
    return (
        ",".join(
            '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell
            for cell in cells
        )
        + "\n"
    )


def write_rows(
    stream: TextIO,
    header: Iterable[Any],
    rows: Iterable[Iterable[Any]],
    *,
    bom: bool = False,
    guard: bool = True,
) -> None:
    """Write a header and rows as CSV with every cell passed through :func:`safe_cell`.

    ``guard=False`` writes cells as they are (for a copy of the user's own file, whose
    untouched cells must keep their values exactly); cells are quoted as always.

    Lines end with a line feed; a cell holding a comma, a double quote or any of
    :data:`ROW_BREAKS` is quoted, so every reader sees the same rows. With ``bom=True``
    the stream starts with :data:`BOM` (give it for a whole file, not a fragment).
    Open a file stream with ``newline=""`` so line ends are written as they are.
    """
    if bom:
        stream.write(BOM)
    writer = csv.writer(stream, lineterminator="\n")
    write = stream.write
    for row in _rows(header, rows):
        cells = [safe_cell(c) for c in row] if guard else [str(c) for c in row]
        if _ROW_BREAK.search("".join(cells)):
            write(_quoted_line(cells))
        else:
            # No row break anywhere in the row: the csv module quotes commas and quotes
            # (and an only, empty cell) exactly as _quoted_line does, and faster.
            writer.writerow(cells)


def _rows(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterable[Iterable[Any]]:
    yield header
    yield from rows


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]], *, bom: bool = True) -> str:
    """The text of a whole CSV file (see :func:`write_rows`), starting with :data:`BOM`."""
    buffer = io.StringIO(newline="")
    write_rows(buffer, header, rows, bom=bom)
    return buffer.getvalue()


def with_bom(text: str) -> str:
    """``text`` starting with :data:`BOM` (added once): CSV text ready to be saved as a file."""
    return text if text.startswith(BOM) else BOM + text
