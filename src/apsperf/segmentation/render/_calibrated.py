"""The calibrated placements, written in the proposals' own form (CSV or .xlsx).

Only the performance and potential cells of the people the session changed are written;
every other cell keeps its value exactly. A level is written as its label ("High") where
the proposals hold words, and as the number the user declares for it (``level_numbers``)
where they hold numbers: apsperf never invents a number for a numeric scale.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, Final, TextIO

from apsperf._arguments import checked
from apsperf._csvsafe import malformed_csv, write_rows
from apsperf._files import write_file
from apsperf.errors import ValidationError, require
from apsperf.segmentation.io._csv_text import MAX_BYTES, _csv_lines, sniff_delimiter
from apsperf.segmentation.io._excel import check_workbook_size, unescape_cell
from apsperf.segmentation.model._columns import Columns, HeaderSearch, header_cells
from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._placement import normalise_employee_id
from apsperf.segmentation.model._session import CalibrationChange, CalibrationSession

__all__ = [
    "calibrated_workbook",
    "parse_level_numbers",
    "write_calibrated_csv",
    "write_calibrated_xlsx",
]

_AXES: Final = ("performance", "potential")


def parse_level_numbers(text: str, *, field: str = "--level-numbers") -> dict[Level, float]:
    """Read ``"high=5,moderate=3,low=1"``: the number each level is written as.

    Every level is named once, each with a different number, higher levels with higher
    numbers.
    """
    if not isinstance(text, str):
        raise ValidationError(f"expected text, got {type(text).__name__}", path=field)
    numbers: dict[Level, float] = {}
    for part in text.split(","):
        name, equals, value = part.partition("=")
        if not equals:
            raise ValidationError(
                f"expected LEVEL=NUMBER pairs such as high=5,moderate=3,low=1, got {part!r}",
                path=field,
            )
        level = Level.parse(name.strip(), field=field)
        if level in numbers:
            raise ValidationError(f"{level.value} is given twice", path=field)
        try:
            number = float(value.strip())
        except ValueError:
            raise ValidationError(f"{value.strip()!r} is not a number", path=field) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValidationError(f"{value.strip()!r} is not a number", path=field)
        numbers[level] = number
    missing = [level.value for level in Level if level not in numbers]
    if missing:
        raise ValidationError(f"no number for {', '.join(missing)}", path=field)
    if not numbers[Level.LOW] < numbers[Level.MODERATE] < numbers[Level.HIGH]:
        raise ValidationError("higher levels need higher numbers", path=field)
    return numbers


def _is_number(cell: object) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float)):
        return True
    try:
        float(str(cell).strip())
    except ValueError:
        return False
    return bool(str(cell).strip())


def _written(
    level: Level, original: object, numbers: Mapping[Level, float] | None, where: str
) -> str | int | float:
    """A level as a cell: its label among words, the declared number among numbers."""
    if not _is_number(original):
        return level.label
    if numbers is None:
        raise ValidationError(
            f"the column holds numbers ({str(original).strip()!r}), so a calibrated level "
            "must be written as one; say which number each level is, e.g. "
            "--level-numbers high=5,moderate=3,low=1 (level_numbers=)",
            path=where,
        )
    number = numbers[level]
    return int(number) if number.is_integer() else number


def _final(session: CalibrationSession) -> dict[str, CalibrationChange]:
    return {change.employee_id: change for change in session.changes}


@checked
def write_calibrated_csv(
    proposed_text: str,
    session: CalibrationSession,
    stream: TextIO,
    *,
    columns: Columns | None = None,
    level_numbers: Mapping[Level, float] | None = None,
) -> None:
    """Write the proposed file's rows with each changed person's calibrated ratings.

    Every row and cell of the proposals is kept, in order (rejected rows too), with its
    value exactly: only the performance and potential cells of people the session changed
    are rewritten, as level labels where the column holds words and as the numbers of
    ``level_numbers`` where it holds numbers (refused without them). Cells holding a row
    break are quoted, so every reader sees the same rows.
    """
    lines = proposed_text.splitlines()
    if not lines:
        raise ValidationError("the proposed file is empty", path="proposed")
    text = proposed_text.removeprefix("\ufeff")
    reader = csv.reader(_csv_lines(text), strict=True, delimiter=sniff_delimiter(lines[0]))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ValidationError(malformed_csv(error), path="proposed") from None
    search = HeaderSearch(columns or Columns())  # the header as the reader found it
    for start, header in enumerate(rows, start=1):
        if search.is_header(header, start):
            break
    else:
        search.fail()
    where = search.columns.locate([h.strip() for h in header])
    _one_cell_per_axis(where)
    final = _final(session)
    position = where["employee_id"]
    out = rows[1:start]  # the rows above the header (a title, say), as they are
    for line, row in enumerate(rows[start:], start=start + 1):
        change = final.get(normalise_employee_id(row[position])) if position < len(row) else None
        if change is not None:
            row = list(row)
            for axis in _AXES:
                while len(row) <= where[axis]:
                    row.append("")
                level = getattr(change, axis)
                cell = _written(level, row[where[axis]], level_numbers, f"line {line}.{axis}")
                row[where[axis]] = str(cell)
        out.append(row)
    write_rows(stream, rows[0], out, guard=False)


def _one_cell_per_axis(where: Mapping[str, int]) -> None:
    """Refuse a file read through one box column: it has no rating cells to rewrite."""
    if where["performance"] == where["potential"]:
        raise ValidationError(
            "a calibrated copy rewrites each moved person's performance and potential cells; "
            "a file with one box column has none",
            path="columns",
        )


@checked
def write_calibrated_xlsx(
    proposed: str | os.PathLike[str],
    session: CalibrationSession,
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    columns: Columns | None = None,
    level_numbers: Mapping[Level, float] | None = None,
    replace: bool = False,
) -> Path:
    """Write a copy of the proposals' workbook with each changed person's calibrated ratings.

    See :func:`calibrated_workbook`. Written atomically; an existing ``path`` is replaced
    only with ``replace=True``.
    """
    data = calibrated_workbook(
        proposed, session, sheet=sheet, columns=columns, level_numbers=level_numbers
    )
    return write_file(path, data, replace=replace, field="path")


@checked
def calibrated_workbook(
    proposed: str | os.PathLike[str] | BinaryIO,
    session: CalibrationSession,
    *,
    sheet: str | None = None,
    columns: Columns | None = None,
    level_numbers: Mapping[Level, float] | None = None,
    max_bytes: int = MAX_BYTES,
) -> bytes:
    """The bytes of a copy of the proposals' workbook with the calibrated ratings.

    ``proposed`` is the workbook's path or its bytes as a binary stream (as read for the
    report, so that the file is read once). The workbook is kept as it is (every sheet,
    format, formula and other cell); in the sheet read (``sheet``, else the first
    worksheet) only the performance and potential cells of the people the session changed
    are set, to level labels where the cell held words and to the numbers of
    ``level_numbers`` where it held a number (refused without them). A workbook that
    unpacks to more than ``max_bytes`` is refused before it is parsed.
    """
    openpyxl: Any = require("openpyxl", extra="excel", purpose="writing .xlsx files")
    if isinstance(proposed, (str, os.PathLike)):
        stream: Path | BinaryIO = Path(proposed)
        source = str(proposed)
    else:
        stream = proposed
        name = getattr(proposed, "name", "")
        source = name if isinstance(name, str) and name else "workbook"
    check_workbook_size(stream, max_bytes, source)
    if not isinstance(stream, Path):
        stream.seek(0)
    try:
        book = openpyxl.load_workbook(stream)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(
            f"not a readable .xlsx workbook ({type(exc).__name__}: {str(exc)[:200]})",
            path=source,
        ) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise ValidationError(f"no sheet {sheet!r}", path=source)
    if sheet is None and not book.worksheets:
        raise ValidationError("the workbook has no worksheet", path=source)
    worksheet = book[sheet] if sheet is not None else book.worksheets[0]
    rows = worksheet.iter_rows()
    search = HeaderSearch(columns or Columns())  # the header as the reader found it
    for cells in rows:
        texts = ["" if c.value is None else unescape_cell(str(c.value)) for c in cells]
        if cells and search.is_header(texts, cells[0].row):
            break
    else:
        search.fail()
    header = header_cells(texts)
    where = search.columns.locate(header)
    _one_cell_per_axis(where)
    final = _final(session)
    for cells in rows:
        if where["employee_id"] >= len(cells):
            continue
        identifier = cells[where["employee_id"]].value
        if isinstance(identifier, float) and identifier.is_integer():
            identifier = int(identifier)
        text = "" if identifier is None else str(identifier)
        change = final.get(normalise_employee_id(unescape_cell(text) if "_x" in text else text))
        if change is None:
            continue
        for axis in _AXES:
            cell = worksheet.cell(row=cells[0].row, column=where[axis] + 1)
            label = f"{worksheet.title!r} {cell.coordinate}"
            cell.value = _written(getattr(change, axis), cell.value, level_numbers, label)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
