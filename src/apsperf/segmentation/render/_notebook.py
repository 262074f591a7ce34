"""Notebook displays: every value's ``_repr_html_``, registered from the rendering side.

Model and analysis values never import rendering: their ``_repr_html_`` asks
:mod:`apsperf._display`, and this module (imported by the package
facade) registers one display per class. Each display is a summary of bounded size (counts
and the first entries of any list, never a row per person, long text clipped) with
everything from input escaped.
"""

from __future__ import annotations

from apsperf._display import more, register_display
from apsperf._html import (
    NOTEBOOK_NAME,
    NOTEBOOK_SHOWN,
    NOTEBOOK_TEXT,
    Cell,
    classed,
    clip,
    escape,
    first_of,
    fragment,
    listing,
    table,
)
from apsperf._text import file_name
from apsperf.segmentation.analysis._calibration import CalibrationReport
from apsperf.segmentation.analysis._history import History
from apsperf.segmentation.analysis._movement import (
    Movement,
)
from apsperf.segmentation.analysis._review import (
    CalibrationCheck,
    GroupBreakdown,
    TalentReview,
)
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._workforce import Workforce
from apsperf.segmentation.render._grid import grid_fragment
from apsperf.segmentation.render._views import (
    breakdown_fragment,
    check_fragment,
    movement_fragment,
    movement_sentence,
    workforce_fragment,
)

__all__ = ["calibration_fragment", "history_fragment", "review_fragment"]


def review_fragment(talent_review: TalentReview) -> str:
    """A talent review for a notebook: the nine-box grid with counts and shares."""
    return grid_fragment({s: talent_review.count(s) for s in Segment}, talent_review.rows_placed)


def _change(before: int, after: int) -> Cell:
    delta = after - before
    if not delta:
        return "0"
    return classed(f"{delta:+,}", "up" if delta > 0 else "down")


_FAIRNESS_SHOWN = 5
"""The most fairness checks a calibration display shows, and flagged groups each names."""


def calibration_fragment(report: CalibrationReport) -> str:
    """A calibration report for a notebook: segments before and after, moves, checks counted."""
    r = report
    before = {c.segment: c.count for c in r.before}
    after = {c.segment: c.count for c in r.after}
    state = "finalised" if r.finalised else "open (changes may still be made)"
    shown = file_name(r.source)
    parts = [
        f"<p><strong>Calibration{' of ' + escape(clip(shown, NOTEBOOK_TEXT)) if shown else ''}"
        "</strong>: "
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
        moves = r.changes[:NOTEBOOK_SHOWN]
        parts.append(
            table(
                ["Employee", "From", "To", "Reason", "By", "On"],
                (
                    [
                        clip(c.employee_id, NOTEBOOK_NAME),
                        c.from_segment.label,
                        c.to_segment.label,
                        clip(c.reason, NOTEBOOK_TEXT),
                        clip(c.by or "not recorded", NOTEBOOK_NAME),
                        c.on.isoformat(),
                    ]
                    for c in moves
                ),
                caption=f"Moves made ({len(r.changes):,})",
                row_headers=False,
            )
            + first_of(len(moves), len(r.changes), "moves")
        )
    if r.rater_effects:
        flagged = [e for e in r.rater_effects if e.flagged]
        parts.append(
            f"<p>Rater effects: {len(r.rater_effects):,} assessors compared with everyone "
            f"else; {len(flagged):,} flagged (a reason to look again, not a finding)"
            + (f": {escape(listing([e.assessor for e in flagged]))}" if flagged else "")
            + ".</p>"
        )
    for check in r.fairness[:_FAIRNESS_SHOWN]:
        groups = [g for g in check.groups if g.flagged]
        flagged_groups = listing([g.value for g in groups], shown=_FAIRNESS_SHOWN)
        parts.append(
            f"<p>Talent-pool selection by {escape(clip(check.column, NOTEBOOK_NAME))}: "
            f"{len(check.groups):,} groups, {len(groups):,} flagged"
            + (f" ({escape(flagged_groups)})" if groups else "")
            + ".</p>"
        )
    if len(r.fairness) > _FAIRNESS_SHOWN:
        hidden = more(len(r.fairness) - _FAIRNESS_SHOWN, "talent-pool selection checks")
        parts.append(f"<p>{escape(hidden.lstrip())}.</p>")
    if r.aspiration is not None:
        overall = r.aspiration.overall
        if overall.suppressed:
            parts.append("<p>Aspiration conversation first: suppressed (a small group).</p>")
        else:
            parts.append(
                f"<p>Aspiration conversation first: {overall.before or 0:,} before the "
                f"assessment day, {overall.same_day or 0:,} on the day itself (counted apart), "
                f"{overall.after or 0:,} after, {overall.missing or 0:,} missing, "
                f"{overall.unknown or 0:,} with no assessment date"
                + (
                    f"; {r.aspiration_by_assessor.holding_after:,} of "
                    f"{len(r.aspiration_by_assessor):,} assessors held one after"
                    if r.aspiration_by_assessor is not None
                    else ""
                )
                + ".</p>"
            )
    return fragment("".join(parts))


def history_fragment(result: History) -> str:
    """A history for a notebook: each cycle's counts, movement between cycles, patterns."""
    cycles = result.cycles[:NOTEBOOK_SHOWN]
    rows: list[list[Cell]] = [
        [clip(cycle, NOTEBOOK_NAME), placed, not_placed, absent]
        for cycle, placed, not_placed, absent in zip(
            cycles, result.placed, result.not_placed, result.absent, strict=False
        )
    ]
    parts = [
        f"<p><strong>Talent history</strong> over {len(result.cycles):,} cycles: "
        f"{result.people:,} people seen in any cycle.</p>",
        table(
            ["Cycle", "Placed", "Not placed", "Not in the file"],
            rows,
            caption="People in each cycle",
        )
        + first_of(len(cycles), len(result.cycles), "cycles"),
    ]
    pairs = list(zip(result.cycles, result.cycles[1:], result.movements, strict=False))
    if pairs:
        items = "".join(
            f"<li>{escape(clip(old, NOTEBOOK_NAME))} to {escape(clip(new, NOTEBOOK_NAME))}: "
            f"{escape(movement_sentence(moved))}</li>"
            for old, new, moved in pairs[:NOTEBOOK_SHOWN]
        )
        hidden = more(len(pairs) - NOTEBOOK_SHOWN, "pairs of cycles").lstrip()
        items += f"<li>{escape(hidden)}</li>" if hidden else ""
        parts.append(f"<p>Movement between cycles:</p><ul>{items}</ul>")
    parts.append(
        table(
            ["Pattern", "People", "Expected by chance alone"],
            (
                [
                    m.pattern.label,
                    len(m.employee_ids),
                    "-" if m.expected is None else f"{m.expected:,.1f}",
                ]
                for m in result.patterns
            ),
            caption="People showing each pattern (apsperf's own patterns)",
        )
    )
    return fragment("".join(parts))


register_display(Workforce, workforce_fragment)
register_display(TalentReview, review_fragment)
register_display(GroupBreakdown, breakdown_fragment)
register_display(Movement, movement_fragment)
register_display(CalibrationCheck, check_fragment)
register_display(CalibrationReport, calibration_fragment)
register_display(History, history_fragment)
