"""CSV text in: bytes decoded, the delimiter sniffed, rows split and fed to the builder.

Plain stretches of text (no quotes) are split in C and each row's profile is looked up
once; other text goes through ``csv.reader``, with the same result.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import Final

from apsperf._csvsafe import malformed_csv
from apsperf._files import read_limited
from apsperf.errors import ValidationError
from apsperf.segmentation.io._builder import (
    _Builder,
    _split_cells,
    _start,
)
from apsperf.segmentation.io._ratings import _Axis
from apsperf.segmentation.model._columns import HeaderSearch
from apsperf.segmentation.model._workforce import (
    Columns,
    Workforce,
)

_BLOCK_CHARS: Final = 1 << 17
"""Plain text is split in blocks of at most this many characters (and never more than the
csv module's field size limit, so no line in a block holds a field csv would refuse)."""

_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


def _line_starts(rows: list[list[str]], first_line: int) -> list[int]:
    """The line each row starts on, for rows whose quoted fields may hold line breaks."""
    starts = []
    line = first_line
    for row in rows:
        starts.append(line)
        line += 1 + sum(
            len(_LINE_BREAK.findall(cell)) for cell in row if "\n" in cell or "\r" in cell
        )
    return starts


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while reading.

    Reading makes no reference cycles, and collections triggered by its millions of small
    objects would only slow it down.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _malformed(exc: csv.Error, line: int, source: str) -> ValidationError:
    where = f"{source}, line {line}" if source else f"line {line}"
    return ValidationError(malformed_csv(exc), path=where)


def _consume(reader: Iterator[list[str]], builder: _Builder, line_offset: int, source: str) -> None:
    """Feed every remaining row of a csv reader to ``builder``, chunk by chunk.

    ``line_offset`` is added to the reader's own line numbers (for a reader over the rest
    of a file).
    """
    while True:
        line = reader.line_num + 1  # type: ignore[attr-defined]
        rows: list[list[str]] = []
        error = None
        try:
            rows.extend(islice(reader, builder.chunk_rows))  # keeps the rows read before an error
        except csv.Error as exc:
            error = _malformed(exc, line_offset + reader.line_num, source)  # type: ignore[attr-defined]
        if not rows and error is None:
            break
        if error is None and reader.line_num - line + 1 == len(rows):  # type: ignore[attr-defined]
            builder.add_chunk(rows, line + line_offset)
        else:
            for row, start in zip(rows, _line_starts(rows, line + line_offset), strict=True):
                builder.add_row(row, start)
        if error is not None:  # the rows before it are placed first, as they come first
            raise error


_OTHER_BREAKS: Final = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Characters ``str.splitlines`` breaks at but a file opened with ``newline=""`` does not."""


def _csv_lines(text: str, start: int = 0) -> Iterator[str]:
    """The lines of ``text[start:]`` with their line ends, block by block.

    They are the lines a file opened with ``newline=""`` gives ``csv.reader``, without
    copying the whole text (``io.StringIO`` would keep four bytes per character).
    """

    def blocks() -> Iterator[str]:
        size = len(text)
        position = start
        while position < size:
            end = text.find("\n", position + _BLOCK_CHARS)
            end = size if end < 0 else end + 1
            yield text[position:end]
            position = end

    return chain.from_iterable(map(_block_lines, blocks()))


def _block_lines(block: str) -> list[str]:
    if any(mark in block for mark in _OTHER_BREAKS):
        return list(io.StringIO(block, newline=""))
    return block.splitlines(keepends=True)


def _no_header(search: HeaderSearch, source: str) -> None:
    """The file ended before its header: raise what is wrong, naming the file."""
    try:
        search.fail()
    except ValidationError as error:
        path = (source or "file") if error.path == "file" else error.path
        raise ValidationError(error.message, path=path) from None


def _read_csv_rows(
    stream: Iterable[str],
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
    delimiter: str = ",",
) -> Workforce:
    """Read CSV with the csv module throughout (quoted fields, unusual line breaks)."""
    reader = csv.reader(stream, strict=True, delimiter=delimiter)
    search = HeaderSearch(columns)
    try:
        for row in reader:
            if search.is_header(row, reader.line_num):
                break
        else:
            _no_header(search, source)
    except csv.Error as exc:
        raise _malformed(exc, reader.line_num, source) from None
    blank_before_header = reader.line_num - 1 - search.rows_above
    builder = _start(row, blank_before_header, columns, performance, potential, strict, source)
    builder.rows_above = search.rows_above
    _consume(reader, builder, 0, source)
    return builder.build()


def _read_text(
    text: str,
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
    delimiter: str | None = None,
) -> Workforce:
    """Read CSV text, splitting plain stretches (no quotes) on commas and line breaks.

    Where a stretch holds a quote, a lone carriage return or an over-long line, the rest
    is read by the csv module, so the result is always the one ``csv.reader`` would give.
    The text is cut into blocks no longer than the csv module's field size limit, so no
    line in a block can hold a field the csv module would refuse. Files delimited by
    anything but a comma go through the csv module throughout.
    """
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    with _collector_paused():
        if delimiter != ",":
            return _read_csv_rows(
                _csv_lines(text), columns, performance, potential, strict, source, delimiter
            )
        return _read_plain(text, columns, performance, potential, strict, source)


def _read_plain(
    text: str,
    columns: Columns,
    performance: _Axis,
    potential: _Axis,
    strict: bool,
    source: str,
) -> Workforce:
    limit = csv.field_size_limit()
    size = len(text)
    position, line, search = 0, 1, HeaderSearch(columns)
    while True:
        if position >= size:
            _no_header(search, source)
        end = text.find("\n", position)
        end = size if end < 0 else end
        raw = text[position:end]
        raw = raw[:-1] if raw.endswith("\r") else raw
        if '"' in raw or "\r" in raw or len(raw) >= limit:
            return _read_csv_rows(_csv_lines(text), columns, performance, potential, strict, source)
        cells = _split_cells(raw)
        position = end + 1
        if search.is_header(cells, line):
            break
        line += 1
    blank_before_header = line - 1 - search.rows_above
    builder = _start(cells, blank_before_header, columns, performance, potential, strict, source)
    builder.rows_above = search.rows_above
    line += 1
    window = min(limit, _BLOCK_CHARS)
    while position < size:
        end = text.rfind("\n", position, position + window)
        if end < 0:
            if size - position >= window:
                break
            end = size
        block = text[position : end + 1]
        if '"' in block:
            break
        if "\r" in block:  # CRLF line ends are fine; any other carriage return is not
            lines = block.split("\r\n")
            inner = "".join(lines)
            if "\r" in inner or "\n" in inner:
                break
        else:
            lines = block.split("\n")
        if not lines[-1]:
            lines.pop()
        builder.add_lines(lines, line)
        line += len(lines)
        position = end + 1
    if position < size:
        rest = csv.reader(_csv_lines(text, position), strict=True)
        _consume(rest, builder, line - 1, source)
    return builder.build()


def sniff_delimiter(text: str) -> str:
    """The delimiter of CSV ``text``: comma, semicolon, tab or pipe, judged by its header.

    The header is taken to be the first line with text that one candidate splits into
    three cells or more (outside quotes), so a title above it is passed over; the candidate
    that splits it into the most cells wins (on a tie, the first in :data:`DELIMITERS`).
    With no such line among the first 20 with text, the first line with text decides, a
    comma when nothing splits it.
    """
    position, seen, first = 0, 0, ""
    while position < min(len(text), _SNIFF_CHARS) and seen < 20:
        end = text.find("\n", position, position + _SNIFF_CHARS)
        end = min(len(text), position + _SNIFF_CHARS) if end < 0 else end
        line = text[position:end]
        position = end + 1
        if not line.strip():
            continue
        seen += 1
        first = first or line
        if max(map(_outside_quotes(line).count, DELIMITERS)) >= 2:
            return _most_cells(line)
    return _most_cells(first)


def _outside_quotes(line: str) -> str:
    return "".join(line.split('"')[::2])


def _most_cells(line: str) -> str:
    outside = _outside_quotes(line)
    counts = {candidate: outside.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


DELIMITERS: Final = (",", ";", "\t", "|")
"""The delimiters :func:`sniff_delimiter` recognises, in order of preference on a tie."""
_SNIFF_CHARS: Final = 1 << 16

MAX_BYTES: Final = 1 << 30
"""The default largest workforce file read (1 GiB: a 2,000,000-row, 15-column export is
about 400 MB). Pass ``max_bytes=`` (``--max-bytes``) to read larger files."""
MAX_ROWS: Final = 5_000_000
"""The default most rows read from one ``.xlsx`` sheet (Excel itself holds 1,048,576)."""
ENCODINGS: Final = ("utf-8", "utf-16")
"""Text encodings read without being named: UTF-8 (a byte-order mark is allowed) and
UTF-16 with a byte-order mark. Any other (``cp1252``, ``latin-1``) is read with
``encoding=``."""


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    name = str(path)
    try:
        with path.open("rb") as stream:
            data = read_limited(stream, max_bytes)
    except FileNotFoundError:
        raise ValidationError("no such file", path=name) from None
    except IsADirectoryError:
        raise ValidationError("is a folder, not a file", path=name) from None
    except OSError as exc:
        raise ValidationError(f"cannot be read ({exc.strerror or exc})", path=name) from None
    if len(data) > max_bytes:
        raise ValidationError(
            f"the file is larger than the limit of {max_bytes:,} bytes (max_bytes=, --max-bytes)",
            path=name,
        )
    return data


_NOT_FILE_ENCODINGS: Final = frozenset({"undefined", "punycode", "idna"})
"""Text codecs that no file is written in: refused, as are bytes-to-bytes codecs (hex...)."""


def check_encoding(encoding: str) -> None:
    """Refuse a name that is not a text encoding files are written in, in one line."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise ValidationError(f"unknown encoding {encoding!r}", path="encoding") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        raise ValidationError(
            f"{encoding!r} is not a text encoding files are written in; name one such as "
            "utf-8 or cp1252",
            path="encoding",
        )


def decode_text(data: bytes, *, encoding: str | None = None, source: str = "") -> str:
    """The text of a file's bytes: UTF-8 or UTF-16 with a byte-order mark unless ``encoding``.

    Bytes that are not valid in the encoding raise :class:`~apsperf.ValidationError`
    naming the line and byte, with a hint for the usual Windows encodings.
    """
    name = source or "file"
    if encoding is not None:
        check_encoding(encoding)
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"not {encoding} text (byte {exc.start + 1})", path=name
            ) from None
        except UnicodeError as exc:  # a codec's own refusal, without a position
            raise ValidationError(f"not {encoding} text ({exc})", path=name) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"not valid UTF-16 text (byte {exc.start + 3})", path=name
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        raise ValidationError(
            f"not UTF-8 text (line {line}, byte {start + 1}: 0x{data[start]:02x}); save the "
            "file as CSV UTF-8, or name its encoding, e.g. --encoding cp1252 "
            "(encoding='cp1252') for Excel's Windows CSV",
            path=name,
        ) from None
