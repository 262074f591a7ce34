r"""Writing a talent review as an Excel workbook with openpyxl (the ``excel`` extra).

The workbook is built in openpyxl's write-only mode (rows streamed, never a sheet held in
memory) into bytes, and those bytes are written by the safe writer (:mod:`apsperf._files`):
atomically, never through a link.

Cell text is written under one rule, so that nothing from an input file can run:

- every piece of text is a text cell, never a formula: text starting with ``=`` (which
  openpyxl would otherwise store as a formula) is typed as text, and text starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a line break (or their full-width forms, the
  characters :mod:`apsperf._csvsafe` neutralises in CSV) is also marked quote-prefixed, so
  that editing the cell in a spreadsheet keeps it text;
- a heading is held to the same rule as any other cell;
- characters an ``.xlsx`` file cannot hold as they are (control characters other than tab
  and line feed, the carriage return, and lone surrogates) are written as the OOXML escape
  ``_xHHHH_`` (ECMA-376 ``ST_Xstring``), which Excel shows as the character itself, and
  text that already looks like such an escape has its underscore escaped (``_x005F_``):
  so two different texts are never written the same (``E1\x01`` and ``E1\x02`` stay two
  people), and apsperf's reader decodes them back exactly;
- text longer than a cell holds (32,767 characters) is cut to that length, its last
  character replaced by ``…``.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from apsperf._csvsafe import _FORMULA_START
from apsperf._files import write_file
from apsperf._text import file_name
from apsperf.errors import ValidationError, require
from apsperf.segmentation.analysis._movement import (
    Movement,
)
from apsperf.segmentation.analysis._results import ReviewReport
from apsperf.segmentation.analysis._review import (
    CalibrationCheck,
    GroupBreakdown,
    TalentReview,
)
from apsperf.segmentation.analysis._suppression import MIN_CELL, check_min_cell
from apsperf.segmentation.model._levels import Level, grid_layout
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce
from apsperf.segmentation.render._report import _person_rows, check_reading, unpack_report
from apsperf.segmentation.render._views import (
    HIDDEN_CELL,
    _hidden_size,
    _hidden_text,
    _overall,
    _shown,
    _suppression_note,
    check_names,
    check_sentence,
    hidden_segments_note,
    is_independence,
    movement_sentence,
)

__all__ = ["MAX_CELL_TEXT", "MAX_SHEET_ROWS", "clean_cell_text", "write_review_xlsx"]

MAX_SHEET_ROWS = 1_048_576
"""The most rows an Excel worksheet holds; the people sheet continues on another past it."""
MAX_CELL_TEXT = 32_767
"""The most characters an Excel cell holds."""

_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ud800-\udfff]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _escape(match: re.Match[str]) -> str:
    tail = match.group(1)
    return f"_x005F_{tail}" if tail else f"_x{ord(match.group()):04X}_"


def clean_cell_text(text: str) -> str:
    """Text as a workbook cell holds it: characters escaped, long text cut.

    See the module's rule: each character an ``.xlsx`` file cannot hold as it is becomes
    its ``_xHHHH_`` escape, and text that looks like an escape is escaped; text over
    :data:`MAX_CELL_TEXT` characters is cut to that length, ending in ``…``.
    """
    cleaned = _ESCAPED.sub(_escape, text) if "_x" in text or not text.isprintable() else text
    if len(cleaned) > MAX_CELL_TEXT:
        cleaned = cleaned[: MAX_CELL_TEXT - 1] + "…"
    return cleaned


class Sheet:
    """A write-only worksheet that applies the cell-text rule to every value it is given."""

    def __init__(self, book: Any, title: str, cell_type: Any) -> None:
        self.sheet = book.create_sheet(title)
        self._cell = cell_type
        self._cache: dict[str, Any] = {}

    def _text(self, text: str) -> Any:
        found = self._cache.get(text)
        if found is not None:
            return found
        cleaned = clean_cell_text(text)
        value: Any = cleaned
        if cleaned.startswith(_FORMULA_START):
            value = self._cell(self.sheet, value=cleaned)
            value.data_type = "s"
            value.quotePrefix = True
        if len(self._cache) < 10_000:
            self._cache[text] = value
        return value

    def percent(self, share: float) -> Any:
        """A share as a percentage cell."""
        cell = self._cell(self.sheet, value=share)
        cell.number_format = "0.0%"
        return cell

    def bold(self, text: str) -> Any:
        """A text cell in bold (headings), under the same rule as every other text."""
        cleaned = clean_cell_text(text)
        cell = self._cell(self.sheet, value=cleaned)
        cell.data_type = "s"
        cell.quotePrefix = cleaned.startswith(_FORMULA_START)
        cell.font = _BOLD[0]
        return cell

    def row(self, values: Iterable[Any]) -> None:
        """Append one row; text cells follow the rule, numbers and cells pass as they are."""
        self.sheet.append([self._text(v) if isinstance(v, str) else v for v in values])

    def heading(self, *texts: str) -> None:
        """Append a row of bold headings."""
        self.sheet.append([self.bold(t) for t in texts])


_BOLD: list[Any] = []


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique worksheet name for ``wanted``.

    At most 31 characters, none of ``[]:*?/`` or a backslash, unique ignoring case.
    """
    base = _SHEET_NAME_BAD.sub("_", clean_cell_text(wanted)).strip("'") or "sheet"
    name = base[:31]
    number = 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.casefold())
    return name


def new_workbook() -> tuple[Any, Callable[[str], Sheet]]:
    """A write-only workbook and the function that adds a sheet to it (named validly, once).

    Needs the ``excel`` extra. Every sheet follows the cell-text rule of this module.
    """
    openpyxl: Any = require("openpyxl", extra="excel", purpose="writing .xlsx workbooks")
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if not _BOLD:
        _BOLD.append(Font(bold=True))
    book = openpyxl.Workbook(write_only=True)
    taken: set[str] = set()

    def sheet(name: str) -> Sheet:
        return Sheet(book, _sheet_name(name, taken), WriteOnlyCell)

    return book, sheet


def workbook_bytes(book: Any) -> bytes:
    """The ``.xlsx`` bytes of a workbook made by :func:`new_workbook`."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _level_title(level: Level, axis: str) -> str:
    return f"{level.value.capitalize()} {axis}"


def _summary(
    sheet: Sheet,
    r: TalentReview,
    moved: Movement | None,
    checks: Sequence[tuple[str, CalibrationCheck]],
    label: str,
    previous_label: str,
    min_cell: int | None,
) -> None:
    sheet.heading("Talent review")
    sheet.row(["Source", file_name(r.source)])
    if label:
        sheet.row(["Cycle", label])
    if previous_label and moved is not None:
        sheet.row(["Compared with", previous_label])
    sheet.row(["Rows read", r.rows_read])
    sheet.row(["Placed", r.rows_placed])
    sheet.row(["Not placed", len(r.rejected)])
    sheet.row(["Breakdowns", ", ".join(b.column for b in r.breakdowns) or "none"])
    threshold = r.min_cell if r.min_cell is not None or not r.breakdowns else min_cell
    sheet.row(["Suppression", _suppression_note(threshold)])
    if moved is not None:
        sheet.row(["Movement", movement_sentence(moved.counts)])
    if checks:
        sheet.row([])
        sheet.heading(
            "Check",
            "Statistic",
            "Degrees of freedom",
            "p-value",
            "Effect size",
            "Result",
            "Test",
            "Effect size measure",
        )
        for heading, check in checks:
            column = heading.removeprefix("Placements by ") if is_independence(check) else None
            reading = check_reading(check, column=column) or check_sentence(check)
            sheet.row(
                [
                    heading,
                    check.statistic,
                    check.degrees_of_freedom,
                    check.p_value,
                    check.effect_size,
                    reading,
                    *check_names(check),
                ]
            )
    if r.findings:
        sheet.row([])
        sheet.heading("Finding", "Severity", "Message")
        for finding in r.findings:
            sheet.row([finding.code, finding.severity.value, finding.message])


def _grid(sheet: Sheet, r: TalentReview) -> None:
    layout = grid_layout()
    columns = [_level_title(s.performance, "performance") for s in layout[0]]
    for title, value in (
        ("Segments", lambda s: s.label),
        ("People", lambda s: r.count(s)),
        ("Share of everyone placed", lambda s: sheet.percent(r.share(s))),
    ):
        sheet.heading(title, *columns)
        for row in layout:
            sheet.row([_level_title(row[0].potential, "potential"), *(value(s) for s in row)])
        sheet.row([])
    sheet.row(["Total placed", r.rows_placed])


def _breakdown(sheet: Sheet, breakdown: GroupBreakdown, total: int, min_cell: int | None) -> None:
    labels = [s.label for s in SEGMENTS]
    sheet.heading(*breakdown.columns, "People", *labels, *(f"{label} (share)" for label in labels))
    columns = len(breakdown.columns)
    shown, threshold = _shown(breakdown, min_cell)
    for group in shown:
        if group.counts is None:
            shown_size = _hidden_size(group, threshold) if group.size is None else group.size
            sheet.row([*group.values, shown_size, _hidden_text(group, threshold)])
            continue
        size = group.size or 0
        shares = [
            HIDDEN_CELL if c is None else sheet.percent(c / size if size else 0.0)
            for c in group.counts
        ]
        counts = [HIDDEN_CELL if c is None else c for c in group.counts]
        sheet.row([*group.values, size, *counts, *shares])
    totals = _overall(breakdown)
    sheet.row(
        [
            "Total",
            *([""] * (columns - 1)),
            total,
            *totals,
            *(sheet.percent(t / total if total else 0.0) for t in totals),
        ]
    )
    sheet.row([])
    sheet.row([_suppression_note(threshold)])
    if hidden_segments_note(breakdown, threshold):
        sheet.row([hidden_segments_note(breakdown, threshold)])


def _movement(sheet: Sheet, moved: Movement, label: str, previous_label: str) -> None:
    then = previous_label or "last cycle"
    now = label or "this cycle"
    labels = [s.label for s in SEGMENTS]
    sheet.heading(f"{then} (rows) → {now} (columns)", *labels, "Total")
    for segment, row in zip(SEGMENTS, moved.matrix, strict=True):
        sheet.row([segment.label, *row, sum(row)])
    column_totals = [sum(row[j] for row in moved.matrix) for j in range(len(SEGMENTS))]
    sheet.row(["Total", *column_totals, moved.common])
    sheet.row([])
    sheet.row(["The diagonal (row and column the same segment) counts those who stayed."])
    sheet.row(["Stayed", moved.stayed])
    sheet.row(["Joined", len(moved.joiners)])
    sheet.row(["Left", len(moved.leavers)])
    sheet.row(["Not placed this cycle", len(moved.not_placed_current)])
    sheet.row(["Not placed last cycle", len(moved.not_placed_previous)])


def _people(new_sheet: Any, workforce: Workforce, max_rows: int) -> None:
    header, rows = _person_rows(workforce)
    sheet: Sheet = new_sheet(1)
    sheet.heading(*header)
    used, number = 1, 1
    for row in rows:
        if used >= max_rows:
            number += 1
            sheet = new_sheet(number)
            sheet.heading(*header)
            used = 1
        sheet.row(row)
        used += 1


def _rejected(sheet: Sheet, r: TalentReview) -> None:
    sheet.heading("Line", "Column", "Reason", "Employee ID")
    for row in r.rejected:
        sheet.row([row.line, row.field, row.reason, row.employee_id])


def review_workbook(
    report: ReviewReport | TalentReview,
    *,
    workforce: Workforce | None = None,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    label: str = "",
    previous_label: str = "",
    min_cell: int | None = MIN_CELL,
    max_sheet_rows: int = MAX_SHEET_ROWS,
) -> bytes:
    """The ``.xlsx`` bytes of :func:`write_review_xlsx` (nothing is written)."""
    talent_review, moved, checks, _inputs = unpack_report(report, moved, checks)
    if workforce is not None and not isinstance(workforce, Workforce):
        raise ValidationError(
            f"expected Workforce, got {type(workforce).__name__}", path="workforce"
        )
    if moved is not None and not isinstance(moved, Movement):
        raise ValidationError(f"expected Movement, got {type(moved).__name__}", path="moved")
    if min_cell is not None:
        check_min_cell(min_cell)
    book, sheet = new_workbook()
    r = talent_review
    _summary(sheet("summary"), r, moved, checks, label, previous_label, min_cell)
    _grid(sheet("grid"), r)
    for breakdown in r.breakdowns:
        _breakdown(sheet(f"by {breakdown.column}"), breakdown, r.rows_placed, min_cell)
    if moved is not None:
        _movement(sheet("movement"), moved, label, previous_label)
    if workforce is not None:
        _people(lambda n: sheet("people" if n == 1 else f"people {n}"), workforce, max_sheet_rows)
    _rejected(sheet("not placed"), r)
    return workbook_bytes(book)


def write_review_xlsx(
    report: ReviewReport | TalentReview,
    path: str | os.PathLike[str],
    *,
    workforce: Workforce | None = None,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    label: str = "",
    previous_label: str = "",
    min_cell: int | None = MIN_CELL,
    replace: bool = True,
) -> Path:
    """Write a review as an Excel workbook and return its path (needs the ``excel`` extra).

    ``report`` is a :class:`ReviewReport` (its movement and checks are shown) or a
    :class:`TalentReview` with ``moved`` and ``checks`` given beside it.

    Sheets: *summary* (source, counts, movement and each check with its plain-English
    reading), *grid* (the nine-box: names, counts and shares, potential from high to low
    down, performance from low to high across), one *by COLUMN* sheet per breakdown
    (counts and shares per group and a total row, small cells suppressed below
    ``min_cell``), *movement* (the matrix with totals, when ``moved`` is given), *people*
    (each person's segment, when the ``workforce`` is given; streamed from its compact
    storage, and continued on *people 2*... past a sheet's :data:`MAX_SHEET_ROWS`) and
    *not placed* (each rejected row). Cell text follows the rule of this module: never a
    formula, illegal characters replaced. The file is written atomically; an existing file
    is replaced when ``replace`` and refused otherwise, and a link is always refused.
    """
    data = review_workbook(
        report,
        workforce=workforce,
        moved=moved,
        checks=checks,
        label=label,
        previous_label=previous_label,
        min_cell=min_cell,
    )
    return write_file(path, data, replace=replace, field="path")
