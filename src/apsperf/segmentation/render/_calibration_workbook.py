"""The calibration workbook: the calibration pack's content as an Excel ``.xlsx`` file.

For the council, as the pack is: the nine-box before and after the session, every move,
confirmation and reversal with its reason, each assessor's rater effects (as numbers, to
sort and filter), the talent-pool selection by each sensitive column and aspiration-first
compliance, suppressed exactly as the pack suppresses them (the same report value), and
the rows of the proposals that were not placed. No person's sensitive column is listed.
Cell text follows the rule of :mod:`apsperf.segmentation.render._workbook`: never a
formula, illegal characters replaced.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from apsperf._arguments import checked
from apsperf._files import write_file
from apsperf._text import file_name
from apsperf.segmentation.analysis._assessor_aspiration import AssessorAspiration
from apsperf.segmentation.analysis._calibration import CalibrationReport
from apsperf.segmentation.analysis._fairness import AspirationCounts, FairnessCheck
from apsperf.segmentation.analysis._moves import MovesByGroup
from apsperf.segmentation.model._session import AppliedChange, EntryKind
from apsperf.segmentation.render._pack import (
    ASPIRATION_HEAD,
    ASPIRATION_NOTE,
    PEOPLE_MOVED_NOTE,
    RATER_NOTE,
    aspiration_cells,
    assessor_aspiration_note,
    detectable_text,
    fairness_note,
    group_label,
    moves_note,
    moves_summary,
    person_cells,
    person_head,
)
from apsperf.segmentation.render._workbook import Sheet, new_workbook, workbook_bytes

__all__ = ["calibration_workbook", "write_calibration_xlsx"]

COUNCIL_NOTE = (
    "For the talent council: it names the people the council moved and each assessor. "
    "Counts by a sensitive column are suppressed below the small-cell threshold, with "
    "others where needed so that none can be worked out."
)
"""What the workbook's summary says about who it is for."""


def _summary(sheet: Sheet, report: CalibrationReport) -> None:
    state = "open"
    if report.finalised:
        when = report.finalised_at.isoformat() if report.finalised_at else "not recorded"
        state = f"finalised by {report.finalised_by or 'not recorded'}, {when}"
    sheet.heading("Calibration")
    sheet.row(["Proposals", file_name(report.source) or "not named"])
    sheet.row(["Session", state])
    sheet.row(["Session head", report.session_head])
    sheet.row(["Entries", report.entries])
    sheet.row(["Moves", len(report.changes)])
    sheet.row(["Confirmations", len(report.confirmations)])
    sheet.row(["Reversals", len(report.reversals)])
    for summary in report.inputs:
        sheet.row([f"Read ({summary.role})", summary.sentence()])
    sheet.row(["Audience", COUNCIL_NOTE])
    if report.findings:
        sheet.row([])
        sheet.heading("Finding", "Severity", "Message")
        for finding in report.findings:
            sheet.row([finding.code, finding.severity.value, finding.message])
    sheet.row([])
    sheet.heading("Segment", "Proposed", "Calibrated")
    for before, after in zip(report.before, report.after, strict=True):
        sheet.row([before.segment.label, before.count, after.count])
    sheet.row(["Total", sum(c.count for c in report.before), sum(c.count for c in report.after)])


def _changes(sheet: Sheet, changes: Sequence[AppliedChange]) -> None:
    sheet.heading("Entry", "Employee ID", "From", "To", "Reason", "Notes", "By", "On")
    for c in changes:
        sheet.row(
            [
                c.number,
                c.employee_id,
                c.from_segment.label,
                c.to_segment.label,
                c.reason,
                c.notes,
                c.by or "not recorded",
                c.on.isoformat(),
            ]
        )


def _people(sheet: Sheet, report: CalibrationReport, kind: EntryKind) -> None:
    """The moves (or confirmations) of the log with who the person is, as numbers and dates."""
    sheet.row([PEOPLE_MOVED_NOTE])
    sheet.heading(*person_head(report.people_columns))
    for p in report.people_moved:
        if p.kind is not kind:
            continue
        sheet.row(person_cells(p))


def _reversals(sheet: Sheet, report: CalibrationReport) -> None:
    sheet.heading("Entry", "Undid entry", "Employee ID", "Reason", "By", "On")
    for e in report.reversals:
        on = e.on.isoformat() if e.on is not None else ""
        sheet.row([e.number, e.undoes, e.employee_id, e.reason, e.by or "", on])


def _raters(sheet: Sheet, report: CalibrationReport) -> None:
    effects = report.rater_effects
    sheet.row([RATER_NOTE])
    axes = ("Performance", "Potential")
    sheet.heading(
        "Assessor",
        "People",
        "Flagged",
        *(
            f"{axis} {what}"
            for axis in axes
            for what in (
                "leniency",
                "interval low",
                "interval high",
                "U",
                "p-value",
                "adjusted p-value",
                "flagged",
            )
        ),
    )
    columns = [
        (a.leniency, a.interval_low, a.interval_high, a.statistic, a.p_value)
        for a in (effects.performance, effects.potential)
    ]
    for n, assessor in enumerate(effects.assessor):
        cells: list[object] = [assessor, effects.people[n], effects.flagged[n]]
        for axis, values in zip((effects.performance, effects.potential), columns, strict=True):
            cells += [column[n] for column in values]
            cells += [axis.adjusted_p_value[n], axis.flagged[n]]
        sheet.row(cells)


def _hidden(small: bool, min_cell: int) -> str:
    return f"<{min_cell}" if small else "suppressed"


def _fairness(sheet: Sheet, check: FairnessCheck) -> None:
    sheet.row([fairness_note(check)])
    sheet.heading(
        "Group",
        "People",
        "Selected",
        "Rate",
        "Impact ratio",
        "Ratio low",
        "Ratio high",
        "Test",
        "p-value",
        "Reference",
        "Flagged",
        "Adjusted p-value",
        "Detectable ratio",
        "Note",
    )
    for g in check.groups:
        if g.suppressed:
            sheet.row([group_label(g.value, g.crossed), _hidden(g.small, check.min_cell)])
            continue
        sheet.row(
            [
                group_label(g.value, g.crossed),
                g.people,
                g.selected,
                g.selection_rate,
                g.impact_ratio,
                g.ratio_low,
                g.ratio_high,
                g.test,
                g.p_value,
                g.reference,
                g.flagged,
                g.adjusted_p_value,
                g.detectable_ratio,
                detectable_text(g),
            ]
        )


def _moves_by(sheet: Sheet, moves: MovesByGroup) -> None:
    sheet.row([moves_summary(moves)])
    sheet.row([moves_note(moves)])
    sheet.heading(
        "Group",
        "People",
        "Moved up",
        "Moved down",
        "Moved across",
        "Unchanged",
        "Selected before",
        "Selected after",
        "Rate before",
        "Rate after",
        "Impact ratio before",
        "Impact ratio after",
        "Reference before",
        "Reference after",
        "Flagged before",
        "Flagged after",
        "Gap",
    )
    for g in moves.groups:
        label = group_label(g.value, g.crossed)
        if g.suppressed:
            sheet.row([label, _hidden(g.small, moves.min_cell)])
            continue
        sheet.row(
            [
                label,
                g.people,
                g.up,
                g.down,
                g.across,
                g.unchanged,
                g.selected_before,
                g.selected_after,
                g.rate_before,
                g.rate_after,
                g.ratio_before,
                g.ratio_after,
                g.reference_before,
                g.reference_after,
                g.flagged_before,
                g.flagged_after,
                g.gap,
            ]
        )


def _aspiration_row(label: str, counts: AspirationCounts, min_cell: int) -> list[object]:
    if counts.suppressed:
        return [label, _hidden(counts.small, min_cell)]
    return [label, *aspiration_cells(counts)]


def _aspiration(sheet: Sheet, report: CalibrationReport) -> None:
    assert report.aspiration is not None
    sheet.row([ASPIRATION_NOTE])
    sheet.heading("Group", *ASPIRATION_HEAD)
    sheet.row(_aspiration_row("Everyone", report.aspiration.overall, report.min_cell))
    for compliance in report.aspiration_by:
        for g in compliance.groups:
            label = f"{compliance.column}: {group_label(g.value, g.crossed)}"
            sheet.row(_aspiration_row(label, g, report.min_cell))


def _by_assessor(sheet: Sheet, by_assessor: AssessorAspiration) -> None:
    sheet.row([assessor_aspiration_note(by_assessor)])
    sheet.heading("Assessor", *ASPIRATION_HEAD)
    for counts in by_assessor:
        sheet.row([counts.value, *aspiration_cells(counts)])


def _not_placed(sheet: Sheet, report: CalibrationReport) -> None:
    sheet.heading("File", "Line", "Column", "Reason", "Employee ID")
    for summary in report.inputs:
        for row in summary.rejected:
            sheet.row([summary.role, row.line, row.field, row.reason, row.employee_id])


@checked
def calibration_workbook(report: CalibrationReport) -> bytes:
    """The ``.xlsx`` bytes of :func:`write_calibration_xlsx` (nothing is written)."""
    book, sheet = new_workbook()
    _summary(sheet("summary"), report)
    if report.people_moved:
        _people(sheet("moves"), report, EntryKind.MOVE)
        if report.confirmations:
            _people(sheet("confirmations"), report, EntryKind.CONFIRMATION)
    else:  # a report made without the list of people moved: the changes in force
        _changes(sheet("moves"), report.changes)
        if report.confirmations:
            _changes(sheet("confirmations"), report.confirmations)
    if report.reversals:
        _reversals(sheet("reversals"), report)
    _raters(sheet("rater effects"), report)
    for check in report.fairness:
        _fairness(sheet(f"selection by {check.column}"), check)
    for moves in report.moves_by:
        _moves_by(sheet(f"moves by {moves.column}"), moves)
    if report.aspiration is not None:
        _aspiration(sheet("aspiration first"), report)
    if report.aspiration_by_assessor is not None:
        _by_assessor(sheet("aspiration by assessor"), report.aspiration_by_assessor)
    _not_placed(sheet("not placed"), report)
    return workbook_bytes(book)


@checked
def write_calibration_xlsx(
    report: CalibrationReport, path: str | os.PathLike[str], *, replace: bool = True
) -> Path:
    """Write the calibration workbook and return its path (needs the ``excel`` extra).

    Sheets: *summary* (the proposals, the session's state and head digest, what was read,
    findings, and the nine-box before and after), *moves* and *confirmations* (each entry
    of the log with who the person is: the report's ``people_columns``, never a sensitive
    one, and the assessor; from, to, reason, notes, who and when, undone entries marked),
    *reversals*, *rater effects* (each assessor's numbers, flagged first), one *selection
    by COLUMN* and one *moves by COLUMN* per fairness check (the council's moves by group
    and the selection before and after) and *aspiration first*, suppressed as the
    calibration pack suppresses them, *aspiration by assessor*
    (each assessor's counts, those with a conversation after the assessment first), and
    *not placed* (each row of the proposals that was not placed). The file is written
    atomically; an existing file is replaced when ``replace`` and refused otherwise, and
    a link is always refused.
    """
    return write_file(path, calibration_workbook(report), replace=replace, field="path")
