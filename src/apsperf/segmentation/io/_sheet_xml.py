"""A worksheet of an ``.xlsx`` package, streamed with expat: only cells that hold a value are kept.

Time follows the XML's elements and memory the cells that hold a value: a blank styled
cell at column XFD or white space between elements cost nothing to keep. A worksheet's
rows and cells are placed by their ``r`` references, whatever order they are stored in.
The parser, its safety and the shared strings are ``_xml_parts``.
"""

from __future__ import annotations

import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from apsperf.errors import ValidationError
from apsperf.segmentation.io._xml_parts import MAX_CELL_CHARS, MAX_DEPTH, feed, new_parser

MAX_COLUMN = 16_384
"""Column XFD, the last a sheet can have."""
MAX_ROW = 1_048_576
"""The last row a sheet can have."""
MAX_CELL_ELEMENTS = 4_096
"""The most XML elements one cell may hold (rich text runs and their formatting)."""
_GAP = 32  # a row keeps a list of its cells while the gaps between values are this short
STYLE_DATE, STYLE_DURATION = -1, -2
"""Kinds of cell style: a date, a duration; a positive kind is the width of a ``0…0`` format."""
_DIGITS = "0123456789"


class SharedRef(int):
    """A cell's index into the shared-strings part, replaced by its text once that is read."""

    __slots__ = ()


Row = list[object] | dict[int, object]
"""A row's values by column: a list (``None`` where empty) or, when sparse, a dict."""
_GONE: Row = {}  # a row handed on


def letters(column: int) -> str:
    """A column number as its letters (``28`` → ``"AB"``)."""
    text = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


def _column(name: str) -> int:
    number = 0
    for letter in name:
        number = number * 26 + ord(letter) - 64
    return number


# -- a worksheet's cells -------------------------------------------------------------------


@dataclass
class SheetCells:
    """The cells of a worksheet that hold a value, by row, as stored."""

    numbers: array[int] = field(default_factory=lambda: array("q"))
    rows: list[Row] = field(default_factory=list)
    last_row: int = 0
    """The last row the sheet stores, blank or not (blank rows count as blank lines)."""
    shared: dict[str, SharedRef] = field(default_factory=dict)
    """Each shared-string reference as written, to the index it reads as."""
    ordered: bool = True
    unsaved: dict[int, list[int]] = field(default_factory=dict)
    """The first rows, by column, of cells holding a formula with no saved value."""

    def held(self) -> int:
        """How many cell slots the rows hold (a value, or an empty cell between two)."""
        return sum(map(len, self.rows))

    def in_order(self, where: str) -> Iterator[tuple[int, Row]]:
        """Each row that holds a value with its number, in row order, once.

        Each row is let go of as it is handed on, so the rows read and the rows taken in by
        the caller are not both held whole.
        """
        numbers, rows = self.numbers, self.rows
        order: Iterable[int] = range(len(rows))
        if not self.ordered:
            order = sorted(order, key=numbers.__getitem__)
        number, row = 0, None
        for at in order:
            if row is not None and numbers[at] != number:
                yield number, row
            if row is not None and numbers[at] == number:  # a row stored twice
                row = _merged(row, rows[at], number, where)
            else:
                number, row = numbers[at], rows[at]
            rows[at] = _GONE
        if row is not None:
            yield number, row

    def unsaved_formula(self, header: int) -> str | None:
        """Why the sheet is refused, if it is, for its formulas with no saved value.

        One in the header row is refused, as is one under it in a column that holds no
        other value (a workbook written by a program that computes nothing); elsewhere such
        a cell is an empty cell.
        """
        for column, rows in sorted(self.unsaved.items()):
            if header in rows:
                return f"cell {letters(column)}{header} holds a formula with no saved value"
        below = {
            c: min([r for r in rows if r > header], default=0) for c, rows in self.unsaved.items()
        }
        valued: set[int] = set()
        if any(below.values()):
            for number, row in zip(self.numbers, self.rows, strict=True):
                if number > header:
                    valued.update(row if isinstance(row, dict) else as_dict(row))
        for column, number in sorted(below.items()):
            if number and column not in valued:
                name = letters(column)
                return (
                    f"cell {name}{number} holds a formula with no saved value, and column "
                    f"{name} holds no other value"
                )
        return None

    def resolve(self, strings: dict[int, str]) -> None:
        """Replace each shared-string reference by its text."""
        self.shared.clear()
        for row in self.rows if strings else ():
            pairs = row.items() if isinstance(row, dict) else enumerate(row)
            for key, value in pairs:  # (a dict's values may change while it is walked)
                if type(value) is SharedRef:
                    row[key] = strings[value]

    def find(self, index: int) -> str:
        """The first cell that refers to shared string ``index`` (``"B2"``)."""
        for number, row in zip(self.numbers, self.rows, strict=True):
            pairs = row.items() if isinstance(row, dict) else enumerate(row, 1)
            for column, value in pairs:
                if type(value) is SharedRef and value == index:
                    return f"{letters(column)}{number}"
        return "?"


def _merged(first: Row, second: Row, number: int, where: str) -> dict[int, object]:
    merged = as_dict(first)
    for column, value in as_dict(second).items():
        if column in merged:
            raise ValidationError(f"cell {letters(column)}{number} is stored twice", path=where)
        merged[column] = value
    return merged


def as_dict(row: Row) -> dict[int, object]:
    """A row's values by column number (from 1), empty cells left out."""
    if isinstance(row, dict):
        return dict(row)
    return {column: value for column, value in enumerate(row, 1) if value is not None}


def dense(row: Row, width: int | None = None) -> list[object]:
    """A row's values by column, ``None`` where empty (only the first ``width``, if given)."""
    if not isinstance(row, dict):
        return row if width is None else row[:width]
    end = max(row) if width is None else min(max(row), width)
    values: list[object] = [None] * end
    for column, value in row.items():
        if column <= end:
            values[column - 1] = value
    return values


def _padded(text: str, width: int) -> str | None:
    """A number as a ``0…0`` format of ``width`` zeros shows it (``123`` → ``"000123"``)."""
    if text.isascii() and text.isdigit():  # a whole number, as nearly every one is
        return (text.lstrip("0") or "0").zfill(width)
    try:
        number = Decimal(text)
        if not number.is_finite() or number.adjusted() > 40:
            return None
        whole = int(number.to_integral_value(rounding=ROUND_HALF_UP))  # as Excel rounds
    except (InvalidOperation, ValueError):
        return None
    return f"-{-whole:0{width}d}" if whole < 0 else f"{whole:0{width}d}"


def read_sheet(
    archive: zipfile.ZipFile,
    part: str,
    *,
    styles: dict[str, int],
    date1904: bool,
    max_rows: int,
    where: str,
) -> SheetCells:
    """The cells of a worksheet part that hold a value; shared strings stay references.

    The handlers below run for every element of the sheet, so they are written for speed:
    ``level`` says where the parser is (0 outside ``<sheetData>``, 1 in it, 2 in a
    ``<row>``, 3 in a ``<c>``), ``inner`` how deep it is inside the cell, ``skip`` how deep
    inside an element it ignores.
    """
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    found = SheetCells()
    shared, columns = found.shared, {letters(n): n for n in range(1, 703)}  # A to ZZ
    texts: dict[str, str] = {}  # each short text once, however many cells hold it
    dates: dict[tuple[str, int], object] = {}  # each date once
    numbers, stored = found.numbers, found.rows
    parser = new_parser(where, "the sheet")
    level = skip = depth = inner = elements = row = column = count = inline = phonetic = 0
    cells: list[object] = []
    sparse: dict[int, object] | None = None
    kind, style, raw = "n", None, ""
    formula = has_value = keep = False

    def fail(message: str) -> ValidationError:
        return ValidationError(message, path=where)

    def here() -> str:
        return f"{letters(column)}{row}"

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal level, skip, depth, inner, elements, row, column, count, cells, sparse
        nonlocal kind, style, raw, formula, has_value, inline, phonetic, keep
        depth += 1
        if depth > MAX_DEPTH:
            raise fail(f"the sheet nests deeper than {MAX_DEPTH} elements")
        if skip:
            skip += 1
            return
        local = name if ":" not in name else name.rpartition(":")[2]
        if level == 3:
            inner += 1
            if inner == 1:
                if local == "v":
                    keep, has_value, raw = kind != "inlineStr", True, ""
                elif local == "f":
                    formula = True
                elif local == "is":
                    inline, raw = 1, ""
            elif inline and not phonetic:
                if local == "t":
                    keep = True
                elif local == "rPh":
                    phonetic = inner
            elements += 1
            if elements > MAX_CELL_ELEMENTS:
                raise fail(f"cell {here()} holds more than {MAX_CELL_ELEMENTS:,} XML elements")
        elif level == 2:
            if local != "c":
                skip = 1
                return
            level, inner, elements, inline, phonetic, raw = 3, 0, 0, 0, 0, ""
            kind, style = attrs.get("t", "n"), attrs.get("s")
            formula = has_value = False
            reference = attrs.get("r")
            if reference:
                letters_ = reference.rstrip(_DIGITS)
                column = columns.get(letters_, 0)
                if not column:
                    column = columns[letters_] = _parsed_column(reference, where)
            else:
                column += 1
                if column > MAX_COLUMN:
                    raise fail(f"row {row} holds a cell beyond column XFD, the last of a sheet")
            count += 1
            if count > MAX_COLUMN:
                raise fail(f"row {row} holds more than {MAX_COLUMN:,} cells")
        elif level == 1:
            if local != "row":
                skip = 1
                return
            level, column, count, cells, sparse = 2, 0, 0, [], None
            number = attrs.get("r")
            row = row + 1 if number is None else _row_number(number, where)
            if row > max_rows:
                raise fail(f"the sheet has more than {max_rows:,} rows (max_rows=)")
            if row > MAX_ROW:
                raise fail(f"row {row:,} is beyond row {MAX_ROW:,}, the last of a sheet")
            if row > found.last_row:
                found.last_row = row
        elif local == "sheetData":
            level = 1

    def end(_: str) -> None:  # the cell's value is read here, inline, for speed
        nonlocal level, skip, depth, inner, keep, phonetic, sparse
        depth -= 1
        if skip:
            skip -= 1
            return
        if level != 3:
            if level == 2:
                level = 1
                if cells or sparse is not None:
                    if numbers and row <= numbers[-1]:
                        found.ordered = False
                    numbers.append(row)
                    stored.append(cells if sparse is None else sparse)
            elif level == 1:
                level = 0
            return
        keep = False
        if inner:
            if inner == phonetic:
                phonetic = 0
            inner -= 1
            return
        level = 2
        value: object = None
        if not raw:
            if inline and kind == "inlineStr":
                value = ""
            elif has_value and kind == "str":
                return  # a formula's saved empty text
        elif kind == "s":
            if has_value:
                value = shared.get(raw)
                if value is None:
                    value = shared[raw] = SharedRef(_whole(raw, "a shared string", here, where))
        elif kind == "n":
            if has_value:
                try:
                    value = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
                except ValueError:
                    raise fail(f"cell {here()} holds {raw[:40]!r}, not a number") from None
                width = None if style is None else styles.get(style)
                if width is None:
                    pass
                elif width > 0:
                    value = _padded(raw, width) or value
                else:
                    when = dates.get((raw, width))
                    if when is None:
                        try:
                            when = from_excel(value, epoch, timedelta=width == STYLE_DURATION)
                        except (OverflowError, ValueError):
                            when = "#VALUE!"  # as openpyxl reads a date out of range
                        dates[raw, width] = when
                    value = when
        elif kind == "inlineStr":
            if inline:
                value = raw if len(raw) > 64 else texts.setdefault(raw, raw)
        elif has_value:
            value = _other(kind, raw, here, where)
        if value is None:
            if formula:
                rows = found.unsaved.setdefault(column, [])
                if len(rows) < 4:  # (rows above the header are blank, so few are needed)
                    rows.append(row)
            return
        if sparse is None:
            held = len(cells)
            if column == held + 1:
                cells.append(value)
                return
            if column <= held:
                if cells[column - 1] is not None:
                    raise fail(f"cell {here()} is stored twice")
                cells[column - 1] = value
                return
            if column - held <= _GAP:
                cells.extend([None] * (column - held - 1))
                cells.append(value)
                return
            sparse = {c: v for c, v in enumerate(cells, 1) if v is not None}
        if column in sparse:
            raise fail(f"cell {here()} is stored twice")
        sparse[column] = value

    def text(data: str) -> None:
        nonlocal raw
        if keep:
            raw += data
            if len(raw) > MAX_CELL_CHARS:
                raise fail(f"cell {here()} holds more than {MAX_CELL_CHARS:,} characters")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    feed(parser, archive, part, where, "the sheet")
    return found


def _parsed_column(reference: str, where: str) -> int:
    name = reference.rstrip(_DIGITS).upper()
    if not (name.isascii() and name.isalpha() and len(name) <= 3 and name != reference.upper()):
        raise ValidationError(f"{reference[:20]!r} is not a cell reference", path=where)
    column = _column(name)
    if column > MAX_COLUMN:
        raise ValidationError(f"cell {reference} is beyond column XFD, the last", path=where)
    return column


def _row_number(text: str, where: str) -> int:
    try:
        number = int(text) if len(text) < 20 else 0
    except ValueError:
        try:  # as openpyxl: "5.0" is row 5
            whole = float(text)
            number = int(whole) if whole.is_integer() and abs(whole) < 1e9 else 0
        except ValueError:
            number = 0
    if number < 1:
        raise ValidationError(f"{text[:20]!r} is not a row number", path=where)
    return number


def _whole(raw: str, what: str, here: Callable[[], str], where: str) -> int:
    try:
        number = int(raw) if len(raw) < 20 else -1
    except ValueError:
        number = -1
    if number < 0 or (what != "a shared string" and number > 1):
        raise ValidationError(f"cell {here()} holds {raw[:40]!r}, not {what}", path=where)
    return number


def _other(kind: str, raw: str, here: Callable[[], str], where: str) -> object:
    """The value of a cell of a rarer type: true or false, a date, a formula's text, an error."""
    if kind == "b":
        return bool(_whole(raw, "true or false", here, where))
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        try:
            return from_ISO8601(raw)
        except (ValueError, TypeError, OverflowError):
            message = f"cell {here()} holds {raw[:40]!r}, not a date"
            raise ValidationError(message, path=where) from None
    return raw  # "str" (a formula's text), "e" (an error such as #N/A), or a type unknown
