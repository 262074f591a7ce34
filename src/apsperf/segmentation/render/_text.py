"""Plain-text reports of a calibration and of a history, as the command line prints them."""

from __future__ import annotations

import textwrap

from apsperf._arguments import checked
from apsperf._terminal import plain
from apsperf._text import file_name
from apsperf.segmentation.analysis._calibration import CalibrationReport
from apsperf.segmentation.analysis._fairness import GroupSelection
from apsperf.segmentation.analysis._history import History
from apsperf.segmentation.render._inputs_view import input_lines
from apsperf.segmentation.render._pack import (
    RATER_NOTE,
    assessor_aspiration_note,
    detectable_text,
    fairness_note,
    group_label,
    largest_residual,
    leniency_text,
)

__all__ = ["calibration_text", "history_text", "selection_sentence"]

_SHOWN_IDS = 10
"""Identifiers listed per history pattern before "..."."""


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
    if report.changes or report.confirmations:
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
            out.append(f"  {group_label(group.value)}: {selection_sentence(group, check.min_cell)}")
        out.append(textwrap.fill(fairness_note(check), 90))
    return "\n".join(out) + "\n"


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


@checked
def history_text(result: History) -> str:
    """The history as plain text, as ``apsperf history`` prints it."""
    out: list[str] = []
    out.append(f"History over {len(result.cycles)} cycles: {', '.join(result.cycles)}")
    out.append(f"{result.people:,} people seen in any cycle")
    for line in input_lines(result.inputs):
        out.append(plain(line).rstrip())
    out.append("")
    for label, moved in zip(result.cycles[1:], result.movements, strict=True):
        out.append(
            f"  to {label}: {moved.common:,} in both cycles, {moved.common - moved.stayed:,} "
            f"moved, {moved.joined:,} joined, {moved.left:,} left"
        )
    out.append("")
    for match in result.patterns:
        ids = match.employee_ids
        shown = ", ".join(ids[:_SHOWN_IDS]) + (" ..." if len(ids) > _SHOWN_IDS else "")
        out.append(f"{match.pattern.value}: {len(ids):,}" + (f" ({shown})" if ids else ""))
    return "\n".join(out) + "\n"
