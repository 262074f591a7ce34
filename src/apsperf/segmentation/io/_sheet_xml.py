"""The parts of an ``.xlsx`` package, streamed with expat: only cells that hold a value are kept.

Every part is parsed by :mod:`xml.parsers.expat` with handlers and no tree, so time follows
the XML's elements and memory the cells that hold a value: a blank styled cell at column XFD,
white space between elements or shared strings no cell uses cost nothing to keep. A document
type declaration is refused wherever it appears (no spreadsheet program writes one), so no
entity is ever defined, expanded or fetched.

A worksheet's rows and cells are placed by their ``r`` references, whatever order they are
stored in. Shared strings are read after the sheet, and only those the sheet uses.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.parsers import expat

from apsperf.errors import ValidationError

MAX_COLUMN = 16_384
"""Column XFD, the last a sheet can have."""
MAX_ROW = 1_048_576
"""The last row a sheet can have."""
MAX_CELL_CHARS = 131_072
"""The longest cell text read, as for a CSV cell (a spreadsheet program holds 32,767)."""
MAX_DEPTH = 100
"""The deepest nesting of XML elements read (a sheet nests about ten deep)."""
MAX_CELL_ELEMENTS = 4_096
"""The most XML elements one cell may hold (rich text runs and their formatting)."""
_GAP = 32  # a row keeps a list of its cells while the gaps between values are this short
_CHUNK = 1 << 18
_DATE, _DURATION = -1, -2  # style kinds; a positive kind is the width of a 0…0 format
_ZEROS = re.compile(r"00+")
_DIGITS = "0123456789"
_WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


class SharedRef(int):
    """A cell's index into the shared-strings part, replaced by its text once that is read."""

    __slots__ = ()


class _Stop(Exception):
    """A handler has read everything wanted: parsing stops early."""


Row = list[object] | dict[int, object]
"""A row's values by column: a list (``None`` where empty) or, when sparse, a dict."""


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


def _parser(where: str, what: str) -> expat.XMLParserType:
    def refuse(*_: object) -> None:
        raise ValidationError(
            f"{what} holds a document type declaration, which spreadsheet programs never "
            "write: refused, so that no entity is expanded or fetched",
            path=where,
        )

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    return parser


def _feed(
    parser: expat.XMLParserType, archive: zipfile.ZipFile, part: str, where: str, what: str
) -> None:
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        return
    except expat.ExpatError as exc:
        raise ValidationError(
            f"{what} is not well-formed XML ({expat.ErrorString(exc.code)}, "
            f"line {exc.lineno}, column {exc.offset})",
            path=where,
        ) from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,  # an encrypted part
        NotImplementedError,  # a compression zipfile does not know
    ) as exc:
        raise ValidationError(f"{what} cannot be unpacked ({exc})", path=where) from None


def _walk(
    archive: zipfile.ZipFile,
    part: str,
    visit: Callable[[str, dict[str, str], str], None],
    where: str,
) -> None:
    """Call ``visit(name, attributes, parent name)`` for each element of a small part."""
    what = f"the part {part!r}"
    parser = _parser(where, what)
    stack: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise ValidationError(f"{what} nests deeper than {MAX_DEPTH} elements", path=where)
        local = name.rpartition(":")[2]
        visit(local, attrs, stack[-1] if stack else "")
        stack.append(local)

    def end(_: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    _feed(parser, archive, part, where, what)


# -- the workbook: its sheets, styles and shared strings -----------------------------------


@dataclass(frozen=True)
class SheetPart:
    """One sheet as the workbook lists it."""

    name: str
    part: str
    chart: bool


@dataclass(frozen=True)
class Book:
    """What reading a sheet needs from the workbook."""

    sheets: tuple[SheetPart, ...]
    styles: dict[str, int]
    """The kind of each cell style (by its index as written) that changes how a number reads."""
    strings: str | None
    date1904: bool
    cell_bytes: int
    """The unpacked size of every worksheet part: what bounds the shared strings in use."""


def read_book(archive: zipfile.ZipFile, where: str) -> Book:
    """The sheets, number styles and shared-strings part of an open ``.xlsx`` package."""
    names = {name.lower(): name for name in archive.namelist()}

    def member(part: str | None) -> str | None:
        return None if part is None else names.get(part.lower())

    def rels(source: str) -> dict[str, tuple[str, str]]:
        folder, base = posixpath.split(source)
        found = member(posixpath.join(folder, "_rels", base + ".rels"))
        links: dict[str, tuple[str, str]] = {}

        def visit(name: str, attrs: dict[str, str], _: str) -> None:
            if name == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "").replace("\\", "/")
                joined = target if target.startswith("/") else posixpath.join(folder, target)
                part = posixpath.normpath("/" + joined).lstrip("/")
                links[attrs.get("Id", "")] = (attrs.get("Type", ""), part)

        if found is not None:
            _walk(archive, found, visit, where)
        return links

    overrides: dict[str, str] = {}
    manifest = member("[Content_Types].xml")
    if manifest is not None:

        def override(name: str, attrs: dict[str, str], _: str) -> None:
            if name == "Override":
                overrides[attrs.get("PartName", "").lstrip("/")] = attrs.get("ContentType", "")

        _walk(archive, manifest, override, where)
    workbook = next(
        (p for kind, p in rels("").values() if kind.endswith("/officeDocument") and member(p)),
        None,
    ) or next((p for p, kind in overrides.items() if kind in _WORKBOOK_TYPES), "xl/workbook.xml")
    found = member(workbook)
    if found is None:
        raise ValidationError("not a readable .xlsx workbook (it has no workbook part)", path=where)
    links = rels(found)
    listed: list[tuple[str, str]] = []
    date1904 = False

    def sheet(name: str, attrs: dict[str, str], parent: str) -> None:
        nonlocal date1904
        if name == "sheet" and parent == "sheets":
            link = next((v for k, v in attrs.items() if k == "id" or k.endswith(":id")), "")
            listed.append((attrs.get("name", ""), link))
        elif name == "workbookPr":
            date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")

    _walk(archive, found, sheet, where)
    sheets = []
    for name, link in listed:
        kind, part = links.get(link, ("", ""))
        stored = member(part)
        if stored is not None:  # as openpyxl: a sheet whose part is missing is no sheet
            sheets.append(SheetPart(name, stored, "chartsheet" in kind))

    def linked(suffix: str) -> str | None:
        return next((p for kind, p in links.values() if kind.endswith(suffix) and member(p)), None)

    styles = member(linked("/styles") or "xl/styles.xml")
    strings = member(
        linked("/sharedStrings")
        or next((p for p, kind in overrides.items() if kind == _STRINGS_TYPE), None)
    )
    cell_bytes = sum(archive.getinfo(s.part).file_size for s in sheets if not s.chart)
    return Book(
        tuple(sheets),
        {} if styles is None else _read_styles(archive, styles, where),
        strings,
        date1904,
        cell_bytes,
    )


def _read_styles(archive: zipfile.ZipFile, part: str, where: str) -> dict[str, int]:
    from openpyxl.styles.numbers import (
        BUILTIN_FORMATS,
        is_date_format,
        is_timedelta_format,
    )

    custom: dict[int, str] = {}
    formats = array("q")

    def number(text: str | None) -> int:
        try:
            return int(text or "0")
        except ValueError:
            return 0

    def visit(name: str, attrs: dict[str, str], parent: str) -> None:
        if name == "numFmt" and parent == "numFmts":
            custom[number(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif name == "xf" and parent == "cellXfs":
            formats.append(max(min(number(attrs.get("numFmtId")), 1 << 40), -1))

    _walk(archive, part, visit, where)
    kinds: dict[int, int] = {}
    for code_id in set(formats):
        code = custom[code_id] if code_id in custom else BUILTIN_FORMATS.get(code_id)
        if code is None:
            continue
        if is_date_format(code):
            kinds[code_id] = _DURATION if is_timedelta_format(code) else _DATE
        elif _ZEROS.fullmatch(code):
            kinds[code_id] = len(code)
    return {str(index): kinds[f] for index, f in enumerate(formats) if f in kinds}


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
        """Each row that holds a value with its number, in row order, once."""
        if self.ordered:
            yield from zip(self.numbers, self.rows, strict=True)
            return
        order = sorted(range(len(self.rows)), key=self.numbers.__getitem__)
        at = 0
        while at < len(order):
            number, row = self.numbers[order[at]], self.rows[order[at]]
            at += 1
            while at < len(order) and self.numbers[order[at]] == number:  # a row stored twice
                row = _merged(row, self.rows[order[at]], number, where)
                at += 1
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
                    valued.update(row if isinstance(row, dict) else _as_dict(row))
        for column, number in sorted(below.items()):
            if number and column not in valued:
                name = letters(column)
                return (
                    f"cell {name}{number} holds a formula with no saved value, and column "
                    f"{name} holds no other value"
                )
        return None

    def find(self, index: int) -> str:
        """The first cell that refers to shared string ``index`` (``"B2"``)."""
        for number, row in zip(self.numbers, self.rows, strict=True):
            pairs = row.items() if isinstance(row, dict) else enumerate(row, 1)
            for column, value in pairs:
                if type(value) is SharedRef and value == index:
                    return f"{letters(column)}{number}"
        return "?"


def _merged(first: Row, second: Row, number: int, where: str) -> dict[int, object]:
    merged = _as_dict(first)
    for column, value in _as_dict(second).items():
        if column in merged:
            raise ValidationError(f"cell {letters(column)}{number} is stored twice", path=where)
        merged[column] = value
    return merged


def _as_dict(row: Row) -> dict[int, object]:
    if isinstance(row, dict):
        return dict(row)
    return {column: value for column, value in enumerate(row, 1) if value is not None}


def dense(row: Row) -> list[object]:
    """A row's values as a list by column, ``None`` where a cell is empty."""
    if not isinstance(row, dict):
        return row
    values: list[object] = [None] * max(row)
    for column, value in row.items():
        values[column - 1] = value
    return values


def _padded(text: str, width: int) -> object:
    """A number as a ``0…0`` format of ``width`` zeros shows it (``123`` → ``"000123"``)."""
    try:
        number = Decimal(text)
        if not number.is_finite() or number.adjusted() > 40:
            return None
        whole = int(number.to_integral_value(rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        return None
    return f"-{-whole:0{width}d}" if whole < 0 else f"{whole:0{width}d}"


def read_sheet(
    archive: zipfile.ZipFile,
    part: str,
    book: Book,
    *,
    max_rows: int,
    where: str,
) -> SheetCells:
    """The cells of a worksheet part that hold a value; shared strings stay references."""
    from openpyxl.utils.datetime import (
        CALENDAR_MAC_1904,
        CALENDAR_WINDOWS_1900,
        from_excel,
        from_ISO8601,
    )

    epoch = CALENDAR_MAC_1904 if book.date1904 else CALENDAR_WINDOWS_1900
    styles = book.styles
    found = SheetCells()
    shared, columns = found.shared, {letters(n): n for n in range(1, 703)}  # A to ZZ
    parser = _parser(where, "the sheet")
    # where the parser is: 0 outside <sheetData>, 1 in it, 2 in a <row>, 3 in a <c>
    level = skip = depth = inner = 0
    row = column = count = 0
    cells: list[object] = []
    sparse: dict[int, object] | None = None
    kind, style, formula, has_value, inline, phonetic, keep = "n", None, False, False, 0, 0, False
    parts: list[str] = []
    size = 0

    def fail(message: str) -> ValidationError:
        return ValidationError(message, path=where)

    def here() -> str:
        return f"{letters(column)}{row}"

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal level, skip, depth, inner, row, column, count, cells, sparse
        nonlocal kind, style, formula, has_value, inline, phonetic, keep, parts, size
        depth += 1
        if depth > MAX_DEPTH:
            raise fail(f"the sheet nests deeper than {MAX_DEPTH} elements")
        if skip:
            skip += 1
            return
        local = name if ":" not in name else name.rpartition(":")[2]
        if level == 3:
            inner += 1
            if inner > MAX_CELL_ELEMENTS:
                raise fail(f"cell {here()} holds more than {MAX_CELL_ELEMENTS:,} XML elements")
            if inner == 1:
                if local == "v":
                    keep, has_value, parts, size = kind != "inlineStr", True, [], 0
                elif local == "f":
                    formula = True
                elif local == "is":
                    inline, parts, size = 1, [], 0
            elif inline and local == "t" and not phonetic:
                keep = True
            elif inline and local == "rPh" and not phonetic:
                phonetic = inner
        elif level == 2:
            if local != "c":
                skip = 1
                return
            level, inner = 3, 0
            kind, style = attrs.get("t", "n"), attrs.get("s")
            formula = has_value = False
            inline = phonetic = 0
            reference = attrs.get("r")
            if reference:
                name = reference.rstrip(_DIGITS)
                column = columns.get(name, 0)
                if not column:
                    column = columns[name] = _parsed_column(reference, where)
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
            level = 2
            number = attrs.get("r")
            row = row + 1 if number is None else _row_number(number, where)
            if row > max_rows:
                raise fail(f"the sheet has more than {max_rows:,} rows (max_rows=)")
            if row > MAX_ROW:
                raise fail(f"row {row:,} is beyond row {MAX_ROW:,}, the last of a sheet")
            found.last_row = max(found.last_row, row)
            column = count = 0
            cells, sparse = [], None
        elif local == "sheetData":
            level = 1

    def end(_: str) -> None:
        nonlocal level, skip, depth, inner, keep, phonetic, cells, sparse
        depth -= 1
        if skip:
            skip -= 1
            return
        if level == 3:
            keep = False
            if inner:
                if inner == phonetic:
                    phonetic = 0
                inner -= 1
                return
            level = 2
            value = cell()
            if value is None:
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
        elif level == 2:
            level = 1
            if sparse is not None or cells:
                if found.numbers and row <= found.numbers[-1]:
                    found.ordered = False
                found.numbers.append(row)
                found.rows.append(sparse if sparse is not None else cells)
        elif level == 1:
            level = 0

    def text(data: str) -> None:
        nonlocal size
        if keep:
            parts.append(data)
            size += len(data)
            if size > MAX_CELL_CHARS:
                raise fail(f"cell {here()} holds more than {MAX_CELL_CHARS:,} characters")

    def cell() -> object:
        raw = "".join(parts) if has_value else ""
        value: object = None
        if kind == "s":
            if raw:
                value = shared.get(raw)
                if value is None:
                    value = shared[raw] = SharedRef(_index(raw, here(), where))
        elif kind == "n":
            if raw:
                width = None if style is None else styles.get(style)
                if width is None:
                    value = _number(raw, here(), where)
                elif width > 0:
                    value = _padded(raw, width) or _number(raw, here(), where)
                else:
                    try:
                        when = _number(raw, here(), where)
                        value = from_excel(when, epoch, timedelta=width == _DURATION)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"  # as openpyxl reads a date out of range
        elif kind == "inlineStr":
            value = "".join(parts) if inline else None
        elif kind == "b":
            value = _boolean(raw, here(), where) if raw else None
        elif kind == "d":
            try:
                value = from_ISO8601(raw) if raw else None
            except (ValueError, TypeError, OverflowError):
                raise fail(f"cell {here()} holds {raw[:40]!r}, not a date") from None
        else:  # "str" (a formula's text), "e" (an error such as #N/A), or unknown
            value = raw or None
        if formula and value is None and not (has_value and kind == "str"):
            rows = found.unsaved.setdefault(column, [])
            if len(rows) < 4:  # (rows above the header are blank, so few are needed)
                rows.append(row)
        return value

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _feed(parser, archive, part, where, "the sheet")
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


def _index(raw: str, cell: str, where: str) -> int:
    try:
        index = int(raw) if len(raw) < 20 else -1
    except ValueError:
        index = -1
    if index < 0:
        raise ValidationError(
            f"cell {cell} refers to shared string {raw[:20]!r}, which is no index", path=where
        )
    return index


def _number(raw: str, cell: str, where: str) -> int | float:
    try:  # as openpyxl reads a number
        return float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
    except ValueError:
        raise ValidationError(f"cell {cell} holds {raw[:40]!r}, not a number", path=where) from None


def _boolean(raw: str, cell: str, where: str) -> bool:
    if raw.strip() in ("0", "1"):
        return raw.strip() == "1"
    raise ValidationError(f"cell {cell} holds {raw[:40]!r}, not true or false", path=where)


# -- shared strings ------------------------------------------------------------------------


def read_strings(
    archive: zipfile.ZipFile,
    part: str | None,
    cells: SheetCells,
    book: Book,
    where: str,
) -> dict[int, str]:
    """The text of each shared string ``cells`` use, read up to the last one used.

    A reference past what the workbook's sheets could use (more strings than they have room
    for cells) is refused before the part is read, so a part padded with strings no cell
    uses costs nothing beyond the last string used.
    """
    wanted = set(cells.shared.values())
    if not wanted:
        return {}
    last = max(wanted)
    room = book.cell_bytes // 8 + 65_536  # a cell using a shared string takes over 20 bytes
    if last >= room or part is None:
        cell = cells.find(last)
        raise ValidationError(
            f"cell {cell} refers to shared string {last:,}, which the workbook "
            + ("does not have" if part is None else "could not use (its sheets are too small)")
            + ": open the workbook in a spreadsheet program and save it",
            path=where,
        )
    budget = 64 * (last + 1) + 1_000_000
    texts: dict[int, str] = {}
    parser = _parser(where, "the shared strings")
    index, depth, elements, phonetic, size = -1, 0, 0, 0, 0
    item = keep = collect = False
    parts: list[str] = []

    def start(name: str, _: dict[str, str]) -> None:
        nonlocal index, depth, elements, phonetic, item, keep, collect, parts, size
        depth += 1
        elements += 1
        if depth > MAX_DEPTH or elements > budget:
            raise ValidationError(
                "the shared-strings part is larger than the workbook's sheets could use: open "
                "the workbook in a spreadsheet program and save it",
                path=where,
            )
        local = name if ":" not in name else name.rpartition(":")[2]
        if depth == 2:
            item = local == "si"
            index += item
            keep = item and index in wanted
            parts, size = [], 0
        elif keep and local == "t" and not phonetic:
            collect = True
        elif keep and local == "rPh" and not phonetic:
            phonetic = depth

    def end(_: str) -> None:
        nonlocal depth, phonetic, collect
        collect = False
        if depth == phonetic:
            phonetic = 0
        if depth == 2 and item:
            if keep:
                texts[index] = "".join(parts)
            if index >= last:
                raise _Stop
        depth -= 1

    def text(data: str) -> None:
        nonlocal size
        if collect:
            parts.append(data)
            size += len(data)
            if size > MAX_CELL_CHARS:
                raise ValidationError(
                    f"cell {cells.find(index)} holds more than {MAX_CELL_CHARS:,} characters",
                    path=where,
                )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _feed(parser, archive, part, where, "the shared strings")
    missing = wanted.difference(texts)
    if missing:
        first = min(missing)
        raise ValidationError(
            f"cell {cells.find(first)} refers to shared string {first:,}, which the workbook "
            f"does not have (it has {index + 1:,})",
            path=where,
        )
    return texts
