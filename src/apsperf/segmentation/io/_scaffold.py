"""A label file to fill in: the rating values of a file that apsperf does not read yet.

The first thing a Workday- or SuccessFactors-style export needs is a label file for its own
rating words. :func:`label_scaffold` reads a workforce file as :func:`read_workforce` would
(the same columns, header, sheet and reading options) and writes a TOML label file that
lists each value of each rating column that is not read as a level, with the number of
rows that hold it and an empty level to fill in. Filled in, it reads back with
:func:`~apsperf.segmentation.read_label_maps`. For a file with one nine-box column (a box
column named, or a ``[box]`` table given), it lists the box values instead, in a ``[box]``
table whose levels are given as ``"performance/potential"``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import BinaryIO, Final, NamedTuple, TextIO

import attrs

from apsperf._files import NamedBytes
from apsperf.errors import ValidationError
from apsperf.segmentation.io._boxes import _box_cell
from apsperf.segmentation.io._csv_text import MAX_BYTES, MAX_ROWS, _read_bytes
from apsperf.segmentation.io._labels import (
    MAX_BOX_NUMBER,
    MAX_LABEL_LENGTH,
    MAX_LABELS,
    BoxMap,
    label_key,
)
from apsperf.segmentation.io._ratings import _LevelReader, _Rating, _rating
from apsperf.segmentation.io._reader import _read_workforce
from apsperf.segmentation.model._columns import BOTH_NAMED
from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._placement import Banding
from apsperf.segmentation.model._workforce import Columns, Workforce

__all__ = ["Scaffold", "label_scaffold"]

_NUMBER: Final = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")
_SHOWN_NUMBERS: Final = 10
"""The most numbers a comment names (the rest are counted)."""


class Scaffold(NamedTuple):
    """A label file to fill in, and what it lists."""

    text: str
    """The TOML label file."""
    values: dict[str, int]
    """Per table (``performance``, ``potential``, ``box.numbers``, ``box.names``): the
    values listed to fill in."""
    rows: int
    """The rows that hold a listed value (a row listed for both axes counts twice)."""


def _anything(_raw: str) -> Level | str:
    """Reads every cell, a blank one too (so that every row's values are seen)."""
    return Level.LOW


def label_scaffold(
    source: str | PathLike[str] | TextIO | BinaryIO,
    *,
    columns: Columns | None = None,
    performance: Banding | None = None,
    potential: Banding | None = None,
    performance_labels: Mapping[str, Level | str] | None = None,
    potential_labels: Mapping[str, Level | str] | None = None,
    box: BoxMap | None = None,
    sheet: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Scaffold:
    """The label file to fill in for ``source``: each rating value it does not read yet.

    The file is read as :func:`read_workforce` reads it with the same options (rows it
    would reject for their identifier, or as a footer, are not counted). Values read
    already (a built-in word, a label of ``performance_labels``, a number on the 1-3 model
    or the declared scale) are not listed; nor are other numbers (not labels: a scale is
    declared for them, and a comment names them), nor blank cells. With ``box`` or a box
    column named (``Columns(box=)``), the box column's undeclared values are listed.
    ``source`` is a path (opened once) or a seekable stream.
    """
    columns = columns or Columns()
    boxed = box is not None or columns.box is not None
    if boxed:
        if columns.performance is not None or columns.potential is not None:
            raise ValidationError(BOTH_NAMED, path="columns")
        named = columns.box if columns.box is not None or box is None else box.column
        columns = attrs.evolve(columns, box=named, _box_read=True)
    tally = _Rating(None, None, _anything)
    # The file is opened once; its bytes are read twice (to find the columns, then their values).
    stream = (
        NamedBytes(_read_bytes(Path(source), max_bytes), str(source))
        if isinstance(source, (str, PathLike))
        else source
    )

    def read(kept: Columns) -> Workforce:
        if hasattr(stream, "seek"):
            stream.seek(0)
        return _read_workforce(
            stream, kept, tally, tally, False, sheet, delimiter, encoding, max_bytes, MAX_ROWS
        )

    found = read(attrs.evolve(columns, groups=()))
    headers = dict.fromkeys((found.columns["performance"], found.columns["potential"]))
    people = read(attrs.evolve(columns, groups=tuple(headers)))
    counts = {header: Counter(people.group_values(header)) for header in headers}
    source_name = found.source or "the file"
    if boxed:
        header = found.columns["performance"]
        return _box_scaffold(header, counts[header], box, source_name)
    readers = {
        axis: _LevelReader(_rating(banding, labels, f"{axis}_labels"), found.columns[axis], axis)
        for axis, banding, labels in (
            ("performance", performance, performance_labels),
            ("potential", potential, potential_labels),
        )
    }
    tables = []
    for axis, reader in readers.items():
        header = found.columns[axis]
        words: dict[str, tuple[str, int]] = {}
        numbers: Counter[str] = Counter()
        other: list[str] = []
        for value, count in counts[header].items():
            if not value or isinstance(reader.level(value), Level):
                continue
            if _NUMBER.fullmatch(value):
                numbers[value] += count
            elif len(value) > MAX_LABEL_LENGTH or not _writable(value):
                other.append(value)
            else:
                key = label_key(value)
                spelling, seen = words.get(key, (value, 0))
                words[key] = (spelling, seen + count)
        tables.append(_Table(axis, header, dict(words.values()), numbers, len(other)))
    return _render(tables, None, source_name)


class _Table(NamedTuple):
    """One table of the scaffold: its values to fill in and what is left out."""

    name: str
    header: str
    values: dict[str, int]
    """Each value to fill in (as first spelt) and the rows that hold it."""
    numbers: Mapping[str, int]
    """Numbers not read (not labels), and their rows."""
    unwritable: int
    """Values left out: too long to be a label, or not text a TOML file can hold."""


def _box_scaffold(header: str, counts: Counter[str], box: BoxMap | None, source: str) -> Scaffold:
    """The ``[box]`` scaffold: each box value not declared yet, numbers and names apart."""
    declared = _box_cell(box, 0) if box is not None else None
    numbers: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}
    odd: Counter[str] = Counter()
    other = 0
    for value, count in counts.items():
        if not value or (declared is not None and isinstance(declared(value), Level)):
            continue
        if _NUMBER.fullmatch(value):
            number = float(value)
            if number.is_integer() and 0 <= number <= MAX_BOX_NUMBER:
                key = str(int(number))
                numbers[key] = numbers.get(key, 0) + count
            else:
                odd[value] += count
        elif len(value) > MAX_LABEL_LENGTH or not _writable(value):
            other += 1
        else:
            key = label_key(value)
            spelling, seen = names.get(key, (value, 0))
            names[key] = (spelling, seen + count)
    tables = [
        _Table("box.numbers", header, dict(sorted(numbers.items(), key=_by_number)), odd, 0),
        _Table("box.names", header, dict(names.values()), {}, other),
    ]
    return _render(tables, header, source)


def _by_number(item: tuple[str, int]) -> int:
    return int(item[0])


def _writable(text: str) -> bool:
    """Whether ``text`` can be a TOML key (a lone surrogate cannot)."""
    return not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and unprintables escaped."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == " " or char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(f"\\U{ord(char):08X}")
    out.append('"')
    return "".join(out)


def _rows(count: int) -> str:
    return f"{count:,} row{'' if count == 1 else 's'}"


_HEAD: Final = """\
# apsperf label file for {source}, written by `apsperf labels scaffold`.
# Each value below is one apsperf does not read yet, with the rows that hold it.
# {fill}
# Then read the file with `--labels FILE` (`read_label_maps`).
"""
_FILL_LEVEL: Final = (
    "Fill in each level (low, moderate or high); delete the line of a value that is not a\n"
    "# rating (rows holding it stay not placed, each with its reason)."
)
_FILL_BOX: Final = (
    'Fill in each box\'s levels as "performance/potential", e.g. "high/low" for high\n'
    "# performance and low potential (products number boxes differently: check yours);\n"
    "# delete the line of a value that is not a box."
)


def _render(tables: list[_Table], box_column: str | None, source: str) -> Scaffold:
    fill = _FILL_BOX if box_column is not None else _FILL_LEVEL
    lines = [_HEAD.format(source=toml_string(source), fill=fill)]
    if box_column is not None:
        lines.append(f"[box]\ncolumn = {toml_string(box_column)}\n")
    listed: dict[str, int] = {}
    rows = 0
    for table in tables:
        values = dict(sorted(table.values.items(), key=lambda item: -item[1]))
        if table.name == "box.numbers":
            values = table.values  # in box order
        kept = dict(list(values.items())[:MAX_LABELS])
        notes = _notes(table, len(values) - len(kept), box_column is not None)
        if not kept and not notes:
            continue
        lines.append(f"[{table.name}]")
        if box_column is None:
            lines.append(f"# column {toml_string(table.header)}")
        lines.extend(notes)
        for value, count in kept.items():
            key = value if table.name == "box.numbers" else toml_string(value)
            lines.append(f'{key} = ""  # {_rows(count)}')
        lines.append("")
        listed[table.name] = len(kept)
        rows += sum(kept.values())
    return Scaffold(text="\n".join(lines), values=listed, rows=rows)


def _notes(table: _Table, dropped: int, boxed: bool) -> list[str]:
    """Comments on what a table leaves out: numbers, overlong values, values past the limit."""
    notes = []
    if table.numbers:
        shown = sorted(table.numbers, key=lambda n: -table.numbers[n])[:_SHOWN_NUMBERS]
        named = ", ".join(f"{toml_string(n)} ({_rows(table.numbers[n])})" for n in shown)
        more = len(table.numbers) - len(shown)
        named += f" and {more:,} more" if more > 0 else ""
        why = (
            f"box numbers are whole numbers from 0 to {MAX_BOX_NUMBER}"
            if boxed
            else f"numbers are not labels: declare the column's scale (`--{table.name}-scale`, "
            f"`--{table.name}-bands`), or fix the cells if the column is rated in words"
        )
        notes.append(f"# not listed, {why}: {named}")
    if table.unwritable:
        notes.append(
            f"# not listed: {table.unwritable:,} value(s) longer than {MAX_LABEL_LENGTH} "
            "characters or not writable as TOML text"
        )
    if dropped > 0:
        notes.append(
            f"# not listed: the {dropped:,} least frequent values (a table holds at most "
            f"{MAX_LABELS:,})"
        )
    return notes
