"""Reading the XML parts of an ``.xlsx`` package with expat, safely, and its shared strings.

Every part is parsed by :mod:`xml.parsers.expat` with handlers and no tree, a chunk at a
time (:func:`feed`). A document type declaration is refused wherever it appears (no
spreadsheet program writes one), so no entity is ever defined, expanded or fetched
(:func:`new_parser`). Shared strings are read after the sheet, and only those it uses, up
to the last one used (:func:`read_strings`).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Mapping
from typing import Protocol
from xml.parsers import expat

from apsperf.errors import ValidationError

MAX_CELL_CHARS = 131_072
"""The longest cell text read, as for a CSV cell (a spreadsheet program holds 32,767)."""
MAX_DEPTH = 100
"""The deepest nesting of XML elements read (a sheet nests about ten deep)."""
MAX_DEPTH = 100
"""The deepest nesting of XML elements read (a sheet nests about ten deep)."""
_CHUNK = 1 << 18


class _Stop(Exception):
    """A handler has read everything wanted: parsing stops early."""


class CellsUsingStrings(Protocol):
    """A sheet's cells as :func:`read_strings` needs them (``_sheet_xml.SheetCells``)."""

    @property
    def shared(self) -> Mapping[str, int]:
        """Each shared-string reference as written, to the index it reads as."""

    def find(self, index: int) -> str:
        """The first cell (``B7``) using shared string ``index``."""


def new_parser(where: str, what: str) -> expat.XMLParserType:
    """An expat parser that refuses a document type declaration, and so every entity."""

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


def feed(
    parser: expat.XMLParserType, archive: zipfile.ZipFile, part: str, where: str, what: str
) -> None:
    """Parse a part of the package, a chunk at a time; every failure is one line."""
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
        RuntimeError,
        NotImplementedError,
    ) as exc:
        # (RuntimeError: an encrypted part; NotImplementedError: a compression unknown)
        raise ValidationError(f"{what} cannot be unpacked ({exc})", path=where) from None


def read_strings(
    archive: zipfile.ZipFile,
    part: str | None,
    cells: CellsUsingStrings,
    *,
    cell_bytes: int,
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
    room = cell_bytes // 8 + 65_536  # a cell using a shared string takes over 20 bytes
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
    parser = new_parser(where, "the shared strings")
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
    feed(parser, archive, part, where, "the shared strings")
    missing = wanted.difference(texts)
    if missing:
        first = min(missing)
        raise ValidationError(
            f"cell {cells.find(first)} refers to shared string {first:,}, which the workbook "
            f"does not have (it has {index + 1:,})",
            path=where,
        )
    return texts
