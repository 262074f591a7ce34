"""A talent council's changes file: one move a row, read as strictly as a workforce file."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Final, TextIO

from apsperf._arguments import checked
from apsperf._csvsafe import malformed_csv
from apsperf._redaction import quoted, redacting
from apsperf.dates import parse_date
from apsperf.errors import ValidationError
from apsperf.segmentation.io._csv_text import (
    MAX_BYTES,
    _csv_lines,
    _read_bytes,
    decode_text,
    sniff_delimiter,
)
from apsperf.segmentation.model._columns import _ALIASES, normalise_header, shown_header
from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._placement import normalise_employee_id
from apsperf.segmentation.model._session import CalibrationChange

__all__ = ["CHANGE_COLUMNS", "read_changes"]

CHANGE_COLUMNS: Final = {
    "employee_id": _ALIASES["employee_id"],
    "performance": _ALIASES["performance"],
    "potential": _ALIASES["potential"],
    "reason": ("reason", "rationale", "why"),
    "by": ("by", "changed_by", "made_by", "moved_by"),
    "on": ("on", "changed_on", "date", "made_on"),
    "notes": ("notes", "note", "comment", "comments"),
}
"""A changes file's columns and the headers each is found by (matched as a workforce's are).
``notes`` is optional."""

_OPTIONAL: Final = frozenset({"notes"})


def _locate(header: list[str], source: str) -> dict[str, int]:
    seen: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        seen.setdefault(normalise_header(cell), []).append(index)
    found = {}
    for name, aliases in CHANGE_COLUMNS.items():
        hits = sorted(i for a in aliases for i in seen.get(a, ()))
        if len(hits) > 1:
            shown = " and ".join(quoted(header[i]) for i in hits)
            raise ValidationError(
                f"two columns could be `{name}`: {shown}; keep one", path=f"{source} line 1"
            )
        if not hits:
            if name in _OPTIONAL:
                continue
            raise ValidationError(
                f"no column `{name}` (looked for {', '.join(aliases)}); the header has: "
                f"{shown_header(header)}",
                path=f"{source} line 1",
            )
        found[name] = hits[0]
    return found


def _rows(text: str, delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on (CR, LF or CRLF line ends; quoted breaks kept)."""
    reader = csv.reader(_csv_lines(text), strict=True, delimiter=delimiter)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ValidationError(malformed_csv(error), path=f"{source} line {start}") from None
        yield start, row
        start = reader.line_num + 1


@checked
def read_changes(
    source: str | Path | TextIO,
    *,
    max_bytes: int = MAX_BYTES,
    redact: bool = False,
) -> tuple[CalibrationChange, ...]:
    """Read a changes file: the council's moves, one a row, in the order they were made.

    The columns are ``employee_id``, ``performance``, ``potential``, ``reason``, ``by`` and
    ``on``, and optionally ``notes`` (headers matched ignoring case, spacing, ``_`` and
    ``-``; "Employee ID" and "Changed on" also match; two columns that could be one are
    refused). Levels read as a workforce's do, dates by :func:`apsperf.dates.parse_date`.
    Rows are read as a workforce file's are: CR, LF or CRLF line ends, and a row with more
    cells than the header (an unquoted comma in a reason, say) is refused rather than cut.
    Every error names the file and line: a change is never silently dropped or altered.
    Each change keeps its line (:attr:`CalibrationChange.line`) for later messages.

    With ``redact=True``, errors name the file, line and column but quote no value.
    """
    with redacting(redact):
        if isinstance(source, (str, Path)):
            name = str(source)
            text = decode_text(_read_bytes(Path(source), max_bytes), source=name)
        elif callable(getattr(source, "read", None)):
            name, text = str(getattr(source, "name", "changes")), source.read(max_bytes + 1)
            if not isinstance(text, str):
                raise TypeError("source must be opened in text mode (open(path, newline=''))")
            if len(text) > max_bytes:
                raise ValidationError(
                    f"larger than the limit of {max_bytes:,} characters (max_bytes=)", path=name
                )
        else:
            raise ValidationError(
                f"expected a path or an open text file, got {type(source).__name__}",
                path="source",
            )
        text = text.removeprefix("\ufeff")
        first = next(iter(text.splitlines()), "")
        if not text.strip():
            raise ValidationError("the changes file is empty", path=name)
        rows = _rows(text, sniff_delimiter(first), name)
        _, header = next(rows)
        where = _locate([h.strip() for h in header], name)
        changes = []
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise ValidationError(
                    f"has {len(row)} cells but the header has {len(header)}: quote a cell "
                    "that holds the delimiter",
                    path=f"{name} line {line}",
                )
            cells = {k: row[i].strip() if i < len(row) else "" for k, i in where.items()}
            try:
                changes.append(
                    CalibrationChange(
                        employee_id=normalise_employee_id(cells["employee_id"]),
                        performance=Level.parse(cells["performance"], field="performance"),
                        potential=Level.parse(cells["potential"], field="potential"),
                        reason=cells["reason"],
                        by=cells["by"],
                        on=parse_date(cells["on"], field="on"),
                        notes=cells.get("notes", ""),
                        line=line,
                    )
                )
            except ValidationError as error:
                raise error.within(f"{name} line {line}") from None
        return tuple(changes)
