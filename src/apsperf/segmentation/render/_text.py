"""Plain-text reports of a calibration and of a history, as the command line prints them."""

from __future__ import annotations

import textwrap

from apsperf._arguments import checked
from apsperf._terminal import plain
from apsperf._text import file_name
from apsperf.segmentation.analysis._calibration import CalibrationReport
from apsperf.segmentation.analysis._fairness import GroupSelection
from apsperf.segmentation.analysis._moves import GroupMoves, PersonMoved
from apsperf.segmentation.render._history_text import history_text
from apsperf.segmentation.render._inputs_view import input_lines
from apsperf.segmentation.render._pack import (
    PEOPLE_MOVED_NOTE,
    RATER_NOTE,
    assessor_aspiration_note,
    detectable_text,
    fairness_note,
    group_label,
    largest_residual,
    leniency_text,
    moves_note,
    moves_summary,
    person_status,
)

__all__ = ["calibration_text", "history_text", "moves_sentence", "selection_sentence"]


@checked
def calibration_text(report: CalibrationReport, *, source: str | None = None) -> str:
    """The calibration report as plain text, as ``apsperf calibrate`` prints it.

    ``source`` names the proposals in the first line (default: the file's name).
    """
    out: list[str] = []
    state = "open"
    if report.finalised:
        when = report.finalised_at.isoformat() if report.finalised_at else "not recorded"
        state = f"finalised by {report.finalised_by or 'not recorded'}, {when}"
    shown = source or file_name(report.source) or "proposals"
    out.append(
        f"Calibration of {shown} ({state}): {len(report.changes):,} moves, "
        f"{len(report.confirmations):,} confirmations, {len(report.reversals):,} reversals"
    )
    out.append(f"Session head: {report.session_head} ({report.entries:,} entries)")
    for finding in report.findings:
        out.append(f"{finding.severity.value}: {finding.message}")
    for line in input_lines(report.inputs):
        out.append(plain(line).rstrip())
    out.append("")
    out.append(f"{'Segment':<22}{'Proposed':>10}{'Calibrated':>12}")
    for before, after in zip(report.before, report.after, strict=True):
        out.append(f"{before.segment.label:<22}{before.count:>10,}{after.count:>12,}")
    if report.people_moved:
        out += _people_lines(report)
    elif report.changes or report.confirmations:
        out.append("")
        out.append("Changes in force (entry: person, from -> to):")
        for change in sorted((*report.changes, *report.confirmations), key=lambda c: c.number):
            confirmed = " (confirmed)" if change.kind.value == "confirmation" else ""
            out.append(
                f"  {change.number}: {change.employee_id}: {change.from_segment.label} -> "
                f"{change.to_segment.label}{confirmed} ({change.reason}; "
                f"{change.by or 'not recorded'}, {change.on.isoformat()})"
            )
    if report.reversals:
        out.append("")
        out.append("Reversals:")
        for entry in report.reversals:
            out.append(
                f"  {entry.number}: undid entry {entry.undoes} ({entry.employee_id}): "
                f"{entry.reason}; {entry.by}, {entry.on}"
            )
    if report.rater_effects:
        out.append("")
        out.append(
            f"{'Assessor':<16}{'People':>8}  {'Performance leniency':<28}{'Potential leniency':<28}"
            "Flag"
        )
        for effect in report.rater_effects:
            alpha = report.rater_effects.alpha
            flag = f"flagged: {largest_residual(effect, alpha=alpha)}" if effect.flagged else ""
            out.append(
                f"{effect.assessor:<16}{effect.people:>8,}  {leniency_text(effect.performance):<28}"
                f"{leniency_text(effect.potential):<28}{flag}".rstrip()
            )
        flagged = sum(effect.flagged for effect in report.rater_effects)
        out.append(
            textwrap.fill(
                f"{RATER_NOTE} Flagged: {flagged:,} of {len(report.rater_effects):,}.", 90
            )
        )
    if report.aspiration is not None:
        overall = report.aspiration.overall
        out.append("")
        out.append(
            textwrap.fill(
                f"Aspiration conversation first: {overall.before or 0:,} before the assessment "
                f"day, {overall.same_day or 0:,} on the day itself (counted apart: the guide has "
                f'it "prior to" the assessment), {overall.after or 0:,} after, '
                f"{overall.missing or 0:,} missing, {overall.unknown or 0:,} with no assessment "
                f"date, {overall.unreadable or 0:,} with a date that is not a date.",
                90,
            )
        )
        out += _assessor_lines(report)
    for check in report.fairness:
        out.append("")
        out.append(f"Talent-pool selection by {check.column}:")
        for group in check.groups:
            label = group_label(group.value, group.crossed)
            out.append(f"  {label}: {selection_sentence(group, check.min_cell)}")
        out.append(textwrap.fill(fairness_note(check), 90))
    for moves in report.moves_by:
        out.append("")
        out.append(f"The council's moves by {moves.column}, before and after the session:")
        for row in moves.groups:
            label = group_label(row.value, row.crossed)
            out.append(f"  {label}: {moves_sentence(row, moves.min_cell)}")
        out.append(textwrap.fill(f"{moves_summary(moves)} {moves_note(moves)}", 90))
    return "\n".join(out) + "\n"


def _person_line(person: PersonMoved) -> str:
    who = ", ".join(d for d in person.details if d)
    confirmed = " (confirmed)" if person.kind.value == "confirmation" else ""
    status = "" if person.in_force else f" [{person_status(person)}]"
    on = "" if person.on is None else person.on.isoformat()
    return (
        f"  {person.number}: {person.employee_id}: {person.from_segment.label} -> "
        f"{person.to_segment.label}{confirmed} ({person.direction.value}; {person.reason}; "
        f"{person.by or 'not recorded'}, {on}){status}; "
        + (f"{who}; " if who else "")
        + f"assessed by {person.assessor or 'not recorded'}"
    )


def _people_lines(report: CalibrationReport) -> list[str]:
    """Each move and confirmation of the log with who the person is, undone ones marked."""
    columns = ", ".join(report.people_columns)
    lines = [
        "",
        "Moves and confirmations (entry: person: from -> to (direction; reason; by, on); "
        + (f"{columns}; " if columns else "")
        + "assessor):",
    ]
    lines += map(_person_line, report.people_moved)
    lines.append(textwrap.fill(PEOPLE_MOVED_NOTE, 90))
    return lines


def moves_sentence(group: GroupMoves, min_cell: int) -> str:
    """One group's line of a moves-by-group table, as the text report prints it."""
    if group.suppressed:
        return f"<{min_cell} people" if group.small else "suppressed"

    def ratio(value: float | None, reference: bool, flagged: bool) -> str:
        shown = "reference" if reference else "-" if value is None else f"{value:.3f}"
        return shown + (" (flagged)" if flagged else "")

    def rate(value: float | None) -> str:
        return "-" if value is None else f"{value:.0%}"

    gap = f" (gap {group.gap})" if group.gap else ""
    return (
        f"{group.people:,} people: {group.up:,} moved up, {group.down:,} down, "
        f"{group.across:,} across, {group.unchanged:,} unchanged; selected "
        f"{rate(group.rate_before)} -> {rate(group.rate_after)}; impact ratio "
        f"{ratio(group.ratio_before, group.reference_before, group.flagged_before)} -> "
        f"{ratio(group.ratio_after, group.reference_after, group.flagged_after)}{gap}"
    )


_SHOWN_ASSESSORS = 10
"""Assessors listed by the text report's aspiration-first lines before "and N more"."""


def _assessor_lines(report: CalibrationReport) -> list[str]:
    """The assessors who held a conversation after the assessment, most first."""
    by_assessor = report.aspiration_by_assessor
    if by_assessor is None or not by_assessor.holding_after:
        return []
    lines = [textwrap.fill(assessor_aspiration_note(by_assessor), 90)]
    for counts in list(by_assessor)[: min(_SHOWN_ASSESSORS, by_assessor.holding_after)]:
        lines.append(
            f"  {counts.value}: {counts.after:,} of {counts.people:,} after the assessment, "
            f"{counts.same_day or 0:,} on the day"
        )
    if by_assessor.holding_after > _SHOWN_ASSESSORS:
        lines.append(
            f"  and {by_assessor.holding_after - _SHOWN_ASSESSORS:,} more (the pack and the "
            "workbook list them all)"
        )
    return lines


def _p(value: float | None) -> str:
    if value is None:
        return "-"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def selection_sentence(group: GroupSelection, min_cell: int) -> str:
    """One group's line of a fairness check, as the text report prints it."""
    if group.suppressed:
        return f"<{min_cell} people" if group.small else "suppressed"
    rate = f"{group.selected:,} of {group.people:,} selected ({group.selection_rate:.0%})"
    if group.reference:
        return f"{rate}; the reference group"
    if group.adjusted_p_value is None:
        return f"{rate}; not compared"
    ratio = "-" if group.impact_ratio is None else f"{group.impact_ratio:.3f}"
    if group.ratio_low is not None and group.ratio_high is not None:
        ratio += f" ({group.ratio_low:.3f} to {group.ratio_high:.3f})"
    flag = "; flagged" if group.flagged else ""
    note = detectable_text(group)
    return (
        f"{rate}; impact ratio {ratio}, p {_p(group.p_value)}, adjusted p "
        f"{_p(group.adjusted_p_value)}{flag}" + (f"; {note}" if note else "")
    )
