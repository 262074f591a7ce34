"""Notebook displays for calibration sessions and reports, and histories over cycles.

Each display is a summary of bounded size, whatever the workforce's size: counts by
segment, by pattern and by cycle, and at most :data:`SHOWN` entries of any list (moves,
assessors, flagged groups), never a row per person. Everything from input is escaped.
"""

from __future__ import annotations

from typing import Final

from apsperf._html import Cell, classed, clip, escape, fragment, table
from apsperf.segmentation._calibration import CalibrationReport, CalibrationSession
from apsperf.segmentation._history import NOT_PLACED, History, PatternMatch
from apsperf.segmentation._levels import Segment
from apsperf.segmentation._report import file_name, movement_sentence

__all__ = [
    "history_fragment",
    "history_repr",
    "pattern_repr",
    "report_fragment",
    "report_repr",
    "session_repr",
]

SHOWN: Final = 20
"""The most entries of any list a notebook display shows (the rest are counted)."""
TEXT: Final = 300
"""The most characters of any one text from input a notebook display shows."""
NAME: Final = 40
"""The most characters of a name a ``repr()`` shows."""


def _source(source: str) -> str:
    shown = file_name(source)
    return f" of {clip(shown, NAME)!r}" if shown else ""


def _more(shown: int, total: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<p class="muted">The first {shown:,} of {total:,} {escape(what)} are shown.</p>'


# -- calibration --------------------------------------------------------------------------------


def session_repr(session: CalibrationSession) -> str:
    """A one-line ``repr()`` of a calibration session."""
    state = "finalised" if session.finalised else "open"
    changes = len(session.changes)
    return f"<CalibrationSession{_source(session.proposed)}: {changes:,} changes, {state}>"


def report_repr(report: CalibrationReport) -> str:
    """A one-line ``repr()`` of a calibration report."""
    state = "finalised" if report.finalised else "open"
    flagged = sum(1 for e in report.rater_effects if e.flagged)
    return (
        f"<CalibrationReport{_source(report.source)}: {len(report.changes):,} changes, {state}; "
        f"{len(report.rater_effects):,} assessors ({flagged:,} flagged), "
        f"{len(report.fairness):,} fairness checks>"
    )


def _change(before: int, after: int) -> Cell:
    delta = after - before
    if not delta:
        return "0"
    return classed(f"{delta:+,}", "up" if delta > 0 else "down")


def report_fragment(report: CalibrationReport) -> str:
    """A calibration report for a notebook: segments before and after, moves, checks counted."""
    r = report
    before = {c.segment: c.count for c in r.before}
    after = {c.segment: c.count for c in r.after}
    state = "finalised" if r.finalised else "open (changes may still be made)"
    shown = file_name(r.source)
    parts = [
        f"<p><strong>Calibration{' of ' + escape(clip(shown, TEXT)) if shown else ''}</strong>: "
        f"session {state}; {len(r.changes):,} changes.</p>",
        table(
            ["Segment", "Proposed", "Calibrated", "Change"],
            (
                [
                    s.label,
                    before.get(s, 0),
                    after.get(s, 0),
                    _change(before.get(s, 0), after.get(s, 0)),
                ]
                for s in Segment
            ),
            foot=["Placed", sum(before.values()), sum(after.values()), ""],
            caption="People in each segment before and after the session",
        ),
    ]
    if r.changes:
        moves = r.changes[:SHOWN]
        parts.append(
            table(
                ["Employee", "From", "To", "Reason", "By", "On"],
                (
                    [
                        clip(c.employee_id, NAME),
                        c.from_segment.label,
                        c.to_segment.label,
                        clip(c.reason, TEXT),
                        clip(c.by, NAME),
                        c.on.isoformat(),
                    ]
                    for c in moves
                ),
                caption=f"Moves made ({len(r.changes):,})",
                row_headers=False,
            )
            + _more(len(moves), len(r.changes), "moves")
        )
    if r.rater_effects:
        flagged = [e for e in r.rater_effects if e.flagged]
        names = ", ".join(clip(e.assessor, NAME) for e in flagged[:SHOWN])
        rest = f" and {len(flagged) - SHOWN:,} more" if len(flagged) > SHOWN else ""
        parts.append(
            f"<p>Rater effects: {len(r.rater_effects):,} assessors compared with everyone "
            f"else; {len(flagged):,} flagged (a reason to look again, not a finding)"
            + (f": {escape(names)}{rest}" if flagged else "")
            + ".</p>"
        )
    for check in r.fairness:
        groups = [g for g in check.groups if g.flagged]
        names = ", ".join(clip(g.value, NAME) for g in groups[:SHOWN])
        rest = f" and {len(groups) - SHOWN:,} more" if len(groups) > SHOWN else ""
        parts.append(
            f"<p>Talent-pool selection by {escape(clip(check.column, NAME))}: "
            f"{len(check.groups):,} groups, {len(groups):,} flagged"
            + (f" ({escape(names)}{rest})" if groups else "")
            + ".</p>"
        )
    if r.aspiration is not None:
        overall = r.aspiration.overall
        if overall.suppressed:
            parts.append("<p>Aspiration conversation first: suppressed (a small group).</p>")
        else:
            parts.append(
                f"<p>Aspiration conversation first: {overall.before or 0:,} before the "
                f"assessment, {overall.after or 0:,} after, {overall.missing or 0:,} missing, "
                f"{overall.unknown or 0:,} with no assessment date.</p>"
            )
    return fragment("".join(parts))


# -- history ------------------------------------------------------------------------------------


def pattern_repr(match: PatternMatch) -> str:
    """A one-line ``repr()`` of everyone showing one pattern."""
    return f"<PatternMatch {match.pattern.value}: {len(match.employee_ids):,} people>"


def history_repr(result: History) -> str:
    """A one-line ``repr()`` of a history over cycles."""
    cycles = len(result.cycles)
    shown = ", ".join(repr(clip(c, 12)) for c in result.cycles[:4])
    more = ", …" if cycles > 4 else ""
    patterns = sum(1 for m in result.patterns if m.employee_ids)
    return (
        f"<History over {cycles:,} cycles ({shown}{more}): "
        f"{len(result.trajectories):,} people, {patterns:,} patterns shown>"
    )


def history_fragment(result: History) -> str:
    """A history for a notebook: each cycle's counts, movement between cycles, patterns."""
    cycles = result.cycles[:SHOWN]
    rows: list[list[Cell]] = []
    for index, cycle in enumerate(cycles):
        placed = not_placed = absent = 0
        for trajectory in result.trajectories:
            state = trajectory.segments[index]
            if state is None:
                absent += 1
            elif state == NOT_PLACED:
                not_placed += 1
            else:
                placed += 1
        rows.append([clip(cycle, NAME), placed, not_placed, absent])
    parts = [
        f"<p><strong>Talent history</strong> over {len(result.cycles):,} cycles: "
        f"{len(result.trajectories):,} people seen in any cycle.</p>",
        table(
            ["Cycle", "Placed", "Not placed", "Not in the file"],
            rows,
            caption="People in each cycle",
        )
        + _more(len(cycles), len(result.cycles), "cycles"),
    ]
    pairs = list(zip(result.cycles, result.cycles[1:], result.movements, strict=False))
    if pairs:
        items = "".join(
            f"<li>{escape(clip(old, NAME))} to {escape(clip(new, NAME))}: "
            f"{escape(movement_sentence(moved))}</li>"
            for old, new, moved in pairs[:SHOWN]
        )
        parts.append(f"<p>Movement between cycles:</p><ul>{items}</ul>")
    parts.append(
        table(
            ["Pattern", "People"],
            ([m.pattern.value, len(m.employee_ids)] for m in result.patterns),
            caption="People showing each pattern",
        )
    )
    return fragment("".join(parts))
