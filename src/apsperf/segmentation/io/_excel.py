"""Reading ``.xlsx`` workforce files (the ``excel`` extra), like CSV.

A sheet is read cell by cell as it is stored (:mod:`._sheet_xml` streams its XML), never by
the extent its ``<dimension>`` record claims (a stale record would hide rows or columns).
Rows and cells are placed by their references, in whatever order the file stores them. Row
numbers are the sheet's own; blank sheet rows count as blank lines, as in a CSV file; empty
cells at the end of a row are empty, not extra, while a cell with a value beyond the
header's last column rejects its row, as the same row in a CSV file would be. A number
formatted ``000000`` reads as the text shown (``"000123"``), as a CSV export of the sheet
writes it. A formula with no saved value (a workbook written by a library that computes
nothing) refuses the sheet when it is in the header row or its column holds no other value;
elsewhere it is an empty cell. The workbook's decompressed size is checked before anything
is parsed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

from apsperf.errors import ValidationError, require
from apsperf.segmentation.io import _sheet_xml, _xml_parts
from apsperf.segmentation.model._columns import HeaderSearch, header_cells


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
    rows_above: int
    """Rows with text above the header (a title, say): passed over, not read."""
    beyond: list[tuple[int, int]]
    """Each row with a value right of the header's last column: its line and the first such
    column (0-based), filled as :attr:`rows` are read (the rows are cut at the header)."""


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ZEROS = re.compile(r"00+")
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}


def unescape_cell(text: str) -> str:
    """Text with its OOXML ``_xHHHH_`` escapes decoded, as Excel shows it.

    Excel writes a carriage return in a cell as ``_x000D_`` (and any character XML cannot
    hold likewise, ``_x005F_`` for a literal underscore before ``xHHHH_``); the sheet's XML
    holds the escapes as they are written.
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


# -- the workbook: its sheets, number styles and shared strings ----------------------------


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


_MAX_PART_ELEMENTS = 10_000_000  # a workbook's styles part holds some thousands
_MAX_SHEETS = 10_000
_MAX_FORMATS = 1_000_000  # a spreadsheet program allows 64,000 cell formats


def _walk(
    archive: zipfile.ZipFile,
    part: str,
    visit: Callable[[str, dict[str, str], str], None],
    where: str,
) -> None:
    """Call ``visit(name, attributes, parent name)`` for each element of a small part."""
    what = f"the part {part!r}"
    parser = _xml_parts.new_parser(where, what)
    stack: list[str] = []
    seen = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal seen
        seen += 1
        if len(stack) >= _xml_parts.MAX_DEPTH or seen > _MAX_PART_ELEMENTS:
            raise ValidationError(
                f"{what} nests deeper than {_xml_parts.MAX_DEPTH} elements"
                if seen <= _MAX_PART_ELEMENTS
                else f"{what} holds more than {_MAX_PART_ELEMENTS:,} XML elements",
                path=where,
            )
        local = name.rpartition(":")[2]
        visit(local, attrs, stack[-1] if stack else "")
        stack.append(local)

    def end(_: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    _xml_parts.feed(parser, archive, part, where, what)


def read_book(archive: zipfile.ZipFile, where: str) -> Book:
    """The sheets, number styles and shared-strings part of an open ``.xlsx`` package.

    Only what reading a sheet needs is kept of each part, so a part padded with thousands of
    entries costs the time to parse it, never the memory to hold it.
    """
    names = {name.lower(): name for name in archive.namelist()}

    def member(part: str | None) -> str | None:
        return None if part is None else names.get(part.lower())

    def rels(source: str, wanted: Callable[[str, str], bool]) -> dict[str, tuple[str, str]]:
        """The relationships of ``source`` that ``wanted(id, type name)`` keeps, by id."""
        folder, base = posixpath.split(source)
        found = member(posixpath.join(folder, "_rels", base + ".rels"))
        links: dict[str, tuple[str, str]] = {}

        def visit(name: str, attrs: dict[str, str], _: str) -> None:
            link, kind = attrs.get("Id", ""), _named(attrs.get("Type", ""))
            if name != "Relationship" or attrs.get("TargetMode") == "External":
                return
            if link not in links and wanted(link, kind):
                target = attrs.get("Target", "").replace("\\", "/")
                joined = target if target.startswith("/") else posixpath.join(folder, target)
                links[link] = (kind, posixpath.normpath("/" + joined).lstrip("/"))

        if found is not None:
            _walk(archive, found, visit, where)
        return links

    overrides: dict[str, str] = {}  # the first part of each content type wanted
    manifest = member("[Content_Types].xml")
    if manifest is not None:

        def override(name: str, attrs: dict[str, str], _: str) -> None:
            kind = attrs.get("ContentType", "")
            if name == "Override" and (kind in _WORKBOOK_TYPES or kind == _STRINGS_TYPE):
                overrides.setdefault(kind, attrs.get("PartName", "").lstrip("/"))

        _walk(archive, manifest, override, where)
    workbook = next(
        (p for _, p in rels("", lambda _, kind: kind == "officeDocument").values() if member(p)),
        None,
    ) or next((p for kind, p in overrides.items() if kind in _WORKBOOK_TYPES), "xl/workbook.xml")
    found = member(workbook)
    if found is None:
        raise ValidationError("not a readable .xlsx workbook (it has no workbook part)", path=where)
    listed: list[tuple[str, str]] = []
    date1904 = False

    def sheet(name: str, attrs: dict[str, str], parent: str) -> None:
        nonlocal date1904
        if name == "sheet" and parent == "sheets":
            if len(listed) >= _MAX_SHEETS:
                raise ValidationError(
                    f"the workbook lists more than {_MAX_SHEETS:,} sheets", path=where
                )
            link = next((v for k, v in attrs.items() if k == "id" or k.endswith(":id")), "")
            listed.append((attrs.get("name", ""), link))
        elif name == "workbookPr":
            date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")

    _walk(archive, found, sheet, where)
    ids = {link for _, link in listed}
    links = rels(found, lambda link, kind: link in ids or kind in ("styles", "sharedStrings"))
    sheets = []
    for name, link in listed:
        kind, part = links.get(link, ("", ""))
        stored = member(part)
        if stored is not None:  # as openpyxl: a sheet whose part is missing is no sheet
            sheets.append(SheetPart(name, stored, kind == "chartsheet"))

    def linked(name: str) -> str | None:
        return next((p for kind, p in links.values() if kind == name and member(p)), None)

    styles = member(linked("styles") or "xl/styles.xml")
    strings = member(linked("sharedStrings") or overrides.get(_STRINGS_TYPE))
    cell_bytes = sum(archive.getinfo(s.part).file_size for s in sheets if not s.chart)
    return Book(
        tuple(sheets),
        {} if styles is None else _read_styles(archive, styles, where),
        strings,
        date1904,
        cell_bytes,
    )


def _named(kind: str) -> str:
    """The last segment of a relationship type (``…/relationships/styles`` → ``styles``)."""
    return kind.rpartition("/")[2]


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
        if len(custom) + len(formats) > _MAX_FORMATS:
            raise ValidationError(
                f"the styles part lists more than {_MAX_FORMATS:,} formats", path=where
            )
        if name == "numFmt" and parent == "numFmts":
            custom[number(attrs.get("numFmtId"))] = attrs.get("formatCode", "")[:1_000]
        elif name == "xf" and parent == "cellXfs":
            formats.append(max(min(number(attrs.get("numFmtId")), 1 << 40), -1))

    _walk(archive, part, visit, where)
    kinds: dict[int, int] = {}
    for code_id in set(formats):
        code = custom[code_id] if code_id in custom else BUILTIN_FORMATS.get(code_id)
        if code is None:
            continue
        if is_date_format(code):
            kinds[code_id] = (
                _sheet_xml.STYLE_DURATION if is_timedelta_format(code) else _sheet_xml.STYLE_DATE
            )
        elif _ZEROS.fullmatch(code):
            kinds[code_id] = len(code)
    return {str(index): kinds[f] for index, f in enumerate(formats) if f in kinds}


# -- a sheet's rows ------------------------------------------------------------------------


def read_xlsx_rows(
    path: Path | IO[bytes],
    *,
    sheet: str | None,
    max_bytes: int,
    max_rows: int,
    source: str | None = None,
    header_search: HeaderSearch | None = None,
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
            book = read_book(archive, source)
            chosen = _chosen(book, sheet, source)
            where = f"{source}, sheet {chosen.name!r}"
            try:
                cells = _sheet_xml.read_sheet(
                    archive,
                    chosen.part,
                    styles=book.styles,
                    date1904=book.date1904,
                    max_rows=max_rows,
                    where=where,
                )
                strings = _xml_parts.read_strings(
                    archive, book.strings, cells, cell_bytes=book.cell_bytes, where=where
                )
                cells.resolve(strings)
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
    sheets = tuple(s.name for s in book.sheets)
    try:
        return _with_header(cells, header_search, where, source, sheets, chosen.name)
    except ValidationError as error:
        others = [name for name in sheets if name != chosen.name]
        if not others or not error.message.startswith("no column"):
            raise
        raise ValidationError(
            f"{error.message}; the workbook's other sheets are: {', '.join(others)} "
            "(choose one with --sheet / sheet=)",
            path=error.path,
        ) from None


def _with_header(
    cells: _sheet_xml.SheetCells,
    search: HeaderSearch | None,
    where: str,
    source: str,
    sheets: tuple[str, ...],
    name: str,
) -> SheetRows:
    """The sheet's rows from its header on: :class:`HeaderSearch`'s, else the first with text."""
    width: list[int] = []
    numbered = _numbered(cells, where, width)
    for number, row, _ in numbered:
        texts = ["" if cell is None else str(cell) for cell in row]
        has_text = any(map(str.strip, texts))
        # a heading that is an unsaved formula reads as blank: say so before judging the row
        unsaved = cells.unsaved_formula(number) if has_text else None
        if unsaved is not None:
            raise ValidationError(
                f"{unsaved}: open the workbook in a spreadsheet program and save it",
                path=where,
            )
        if search.is_header(texts, number) if search else has_text:
            above = search.rows_above if search else 0
            blank = number - 1 - above
            width.append(len(header_cells(texts)))
            beyond: list[tuple[int, int]] = []
            rows = _cut(numbered, beyond)
            return SheetRows(texts, rows, number + 1, blank, sheets, name, above, beyond)
    if search is not None:
        try:
            search.fail()
        except ValidationError as error:
            if error.path != "file":  # the sheet has text, but no header: say what is wrong
                raise ValidationError(error.message, path=f"{where}, {error.path}") from None
    raise ValidationError(f"the sheet {name!r} is empty: no header row", path=source)


def _chosen(book: Book, sheet: str | None, source: str) -> SheetPart:
    names = [s.name for s in book.sheets]
    if sheet is None:
        # The first worksheet, as documented: never the sheet that happened to be active when
        # the workbook was saved (a draft, last year's tab), and never a chart sheet.
        first = next((s for s in book.sheets if not s.chart), None)
        if first is None:
            only = " (only chart sheets)" if book.sheets else ""
            raise ValidationError(f"the workbook has no worksheet{only}", path=source)
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
    cells: _sheet_xml.SheetCells, where: str, width: list[int]
) -> Iterator[tuple[int, list[Any], int | None]]:
    """Every sheet row from the first to the last stored, blank ones empty, with its number.

    Once ``width[0]`` is set (the header's width, when it is found), each row holds only its
    first ``width[0]`` cells, and the first column right of them with a value (0-based)
    comes with it: reading costs what the cells hold, never the sheet's width (a note at
    column XFD on every row).
    """
    last = 0
    for number, row in cells.in_order(where):
        for blank in range(last + 1, number):
            yield blank, [], None
        cut = width[0] if width else None
        beyond = None if cut is None else _beyond(row, cut)
        yield number, _trimmed(_sheet_xml.dense(row, cut)), beyond
        last = number
    for blank in range(last + 1, cells.last_row + 1):
        yield blank, [], None


def _beyond(row: _sheet_xml.Row, width: int) -> int | None:
    """The first column (0-based) right of the first ``width`` that holds a value."""
    found = _sheet_xml.as_dict(row)
    holding = (
        column - 1 for column, value in found.items() if column > width and _trimmed([value])
    )
    return min(holding, default=None)


def _cut(
    numbered: Iterator[tuple[int, list[Any], int | None]], beyond: list[tuple[int, int]]
) -> Iterator[list[Any]]:
    """The rows under the header, cut at its width; each value right of it goes to ``beyond``."""
    for number, row, column in numbered:
        if column is not None:
            beyond.append((number, column))
        yield row
