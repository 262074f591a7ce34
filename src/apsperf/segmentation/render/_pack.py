"""HTML pages for a talent council: the calibration pack and the history over cycles.

Self-contained pages on the shared HTML base (:mod:`apsperf._html`): everything that
came from a file is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from apsperf._arguments import checked
from apsperf._html import Cell, Markup, escape, page, table
from apsperf._text import file_name
from apsperf.segmentation.analysis._calibration import CalibrationReport
from apsperf.segmentation.analysis._fairness import AspirationCounts, FairnessCheck, GroupSelection
from apsperf.segmentation.analysis._history import NOT_PLACED, History
from apsperf.segmentation.analysis._raters import AxisEffect, RaterEffect
from apsperf.segmentation.analysis._review import SegmentCount
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._session import AppliedChange
from apsperf.segmentation.model._workforce import SEGMENTS
from apsperf.segmentation.render._grid import grid_svg
from apsperf.segmentation.render._inputs_view import inputs_html

__all__ = [
    "RATER_NOTE",
    "calibration_pack_html",
    "history_html",
    "largest_residual",
    "leniency_text",
]

_CSS = ".grids{display:flex;flex-wrap:wrap;gap:2em}.grids figure{margin:0;flex:1 1 24em}"


def _grid(counts: Sequence[SegmentCount], title: str) -> Markup:
    per = {c.segment: c.count for c in counts}
    return Markup(grid_svg(per, sum(per.values()), title=title))


def _p(value: float | None) -> str:
    if value is None:
        return "not reported"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


RATER_NOTE = (
    "Each assessor's proposals against everyone else's, flagged assessors first. Leniency "
    "is the assessor's mean level minus everyone else's (1 low, 3 high), with a 95% Welch "
    "interval. The p-values are two-sided Mann-Whitney tests per axis, adjusted by Holm's "
    "method across every assessor and both axes; an assessor is flagged when either is "
    "below 0.05. The most different segment (adjusted residual) is shown for flagged "
    "assessors only. A flag is a reason to look again, not a finding that the ratings are "
    "wrong. These methods are apsperf's choice, not the source documents'."
)
"""What the rater-effects table says, in every format that shows it."""


def leniency_text(effect: AxisEffect) -> str:
    """An axis's leniency with its 95% interval, as reports show it: "+0.45 (+0.20 to +0.70)"."""
    if effect.leniency is None:
        return "-"
    if effect.interval is None:
        return f"{effect.leniency:+.2f}"
    low, high = effect.interval
    return f"{effect.leniency:+.2f} ({low:+.2f} to {high:+.2f})"


def largest_residual(effect: RaterEffect) -> str:
    """A flagged assessor's most different segment and its adjusted residual ("-" if none)."""
    if not effect.residuals:
        return "-"
    index = max(range(len(effect.residuals)), key=lambda i: abs(effect.residuals[i]))
    return f"{SEGMENTS[index].label} ({effect.residuals[index]:+.1f})"


@checked
def calibration_pack_html(report: CalibrationReport, *, title: str = "Calibration pack") -> str:
    """The calibration pack for the council meeting, as one self-contained HTML page.

    The nine-box before and after the session, each move and its reason, and each
    assessor's rater effects (for the council, which sees individual placements anyway).
    """
    state = "open (changes may still be made)"
    if report.finalised:
        when = report.finalised_at.isoformat() if report.finalised_at else "when not recorded"
        state = f"finalised by {report.finalised_by or 'someone not recorded'}, {when}"
    parts = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="subtitle">Proposals: {escape(file_name(report.source) or "not named")}. '
        f"Session {state}; {len(report.changes):,} moves, "
        f"{len(report.confirmations):,} confirmations, {len(report.reversals):,} reversals. "
        + escape("; ".join(f"{s.role}: {s.sentence()}" for s in report.inputs))
        + "</p>",
        '<div class="grids"><figure>',
        _grid(report.before, "Proposed"),
        "</figure><figure>",
        _grid(report.after, "Calibrated"),
        "</figure></div>",
        f'<p class="subtitle">Session head (record it in the minutes): '
        f"<code>{escape(report.session_head)}</code>, {report.entries:,} entries.</p>",
        *(
            f"<p><strong>{f.severity.value}</strong>: {escape(f.message)}</p>"
            for f in report.findings
        ),
        "<h2>Moves made</h2>",
        _changes_table(report.changes) if report.changes else "<p>No moves in force.</p>",
        *(
            ["<h2>Confirmations</h2>", _changes_table(report.confirmations)]
            if report.confirmations
            else []
        ),
        *(
            [
                "<h2>Reversals</h2>",
                table(
                    ["Entry", "Undid entry", "Employee", "Reason", "By", "On"],
                    (
                        [e.number, e.undoes or "", e.employee_id, e.reason, e.by or "", str(e.on)]
                        for e in report.reversals
                    ),
                ),
            ]
            if report.reversals
            else []
        ),
        "<h2>Rater effects</h2>",
        f"<p>{escape(RATER_NOTE)}</p>",
        table(
            [
                "Assessor",
                "People",
                "Performance leniency (95% interval)",
                "Adjusted p",
                "Potential leniency (95% interval)",
                "Adjusted p",
                "Flag",
                "Most different segment",
            ],
            (
                [
                    e.assessor,
                    e.people,
                    leniency_text(e.performance),
                    _p(e.performance.adjusted_p_value),
                    leniency_text(e.potential),
                    _p(e.potential.adjusted_p_value),
                    "flagged" if e.flagged else "",
                    largest_residual(e),
                ]
                for e in report.rater_effects
            ),
        )
        if report.rater_effects
        else "<p>No assessor to compare.</p>",
        *map(_fairness_section, report.fairness),
        _aspiration_section(report),
        inputs_html(report.inputs),
    ]
    return page(title, "".join(parts), css=_CSS)


def _changes_table(changes: Sequence[AppliedChange]) -> str:
    return table(
        ["Entry", "Employee", "From", "To", "Reason", "Notes", "By", "On"],
        (
            [
                c.number,
                c.employee_id,
                c.from_segment.label,
                c.to_segment.label,
                c.reason,
                c.notes,
                c.by or "not recorded",
                str(c.on),
            ]
            for c in changes
        ),
    )


def _hidden(small: bool, min_cell: int) -> str:
    return f"<{min_cell}" if small else "suppressed"


def _selection_row(group: GroupSelection, min_cell: int) -> list[Cell]:
    if group.suppressed:
        return [group.value, _hidden(group.small, min_cell), "", "", "", "", ""]
    ratio = "-" if group.impact_ratio is None else f"{group.impact_ratio:.3f}"
    interval = (
        "-"
        if group.ratio_low is None or group.ratio_high is None
        else f"{group.ratio_low:.2f} to {group.ratio_high:.2f}"
    )
    return [
        group.value,
        group.people,
        group.selected,
        f"{group.selection_rate:.0%}" if group.selection_rate is not None else "-",
        "reference" if group.reference else f"{ratio} ({interval})",
        "-" if group.reference else _p(group.p_value),
        "flagged" if group.flagged else "",
    ]


def _fairness_section(check: FairnessCheck) -> str:
    pool = ", ".join(s.label for s in check.pool)
    return (
        f"<h2>Talent-pool selection by {escape(check.column)}</h2>"
        f"<p>Selected: {escape(pool)}. Each group's rate against the highest group's (the "
        "adverse-impact ratio, with its 95% interval). Flagged: under four-fifths and a "
        "significant difference: a screening signal, never a verdict. Groups or counts "
        f"under {check.min_cell} are suppressed, with others where needed so that none can "
        "be worked out.</p>"
        + table(
            ["Group", "People", "Selected", "Rate", "Impact ratio", "p", "Flag"],
            (_selection_row(g, check.min_cell) for g in check.groups),
        )
    )


def _aspiration_row(label: str, counts: AspirationCounts, min_cell: int) -> list[Cell]:
    if counts.suppressed:
        return [label, _hidden(counts.small, min_cell), "", "", "", "", ""]
    return [
        label,
        counts.people,
        counts.before,
        counts.after,
        counts.missing,
        counts.unknown,
        counts.unreadable,
    ]


def _aspiration_section(report: CalibrationReport) -> str:
    if report.aspiration is None:
        return ""
    head: list[Cell] = [
        "Group",
        "People",
        "Before",
        "After",
        "Missing",
        "No assessment date",
        "Date unreadable",
    ]
    rows = [_aspiration_row("Everyone", report.aspiration.overall, report.min_cell)]
    for compliance in report.aspiration_by:
        rows += [
            _aspiration_row(f"{compliance.column}: {g.value}", g, report.min_cell)
            for g in compliance.groups
        ]
    return (
        "<h2>Aspiration conversation first</h2><p>The guide has the aspiration conversation "
        "take place before performance and potential are assessed.</p>" + table(head, rows)
    )


def _state(value: str | None) -> str:
    if value is None:
        return "-"
    return "not placed" if value == NOT_PLACED else Segment(value).label


_PEOPLE_SHOWN = 1_000
"""People in patterns listed with their trajectories on the history page."""


@checked
def history_html(result: History, *, title: str = "Talent history") -> str:
    """The history over cycles as one self-contained HTML page: patterns, then who shows them.

    The page names only the people in a pattern (the first 1,000, with their trajectories);
    everyone's trajectory is per-person data for ``apsperf history --csv FILE``.
    """
    parts = [f"<h1>{escape(title)}</h1>"]
    parts.append(
        f'<p class="subtitle">Cycles: {escape(", ".join(result.cycles))}; '
        f"{result.people:,} people seen in any cycle.</p>"
    )
    parts.append(inputs_html(result.inputs))
    parts.append("<h2>Patterns</h2>")
    parts.append(
        table(
            ["Pattern", "People"],
            ([m.pattern.value, len(m.employee_ids)] for m in result.patterns),
        )
    )
    named = dict.fromkeys(i for m in result.patterns for i in m.employee_ids)
    shown = (
        [result.trajectory(i) for i in list(named)[:_PEOPLE_SHOWN]] if result.holds_people else []
    )
    if shown:
        parts.append(f"<h2>People in a pattern ({len(named):,})</h2>")
        parts.append(
            table(
                ["Employee", *result.cycles],
                ([t.employee_id, *map(_state, t.segments)] for t in shown),
            )
        )
        if len(named) > len(shown):
            parts.append(
                f"<p>and {len(named) - len(shown):,} more: everyone's trajectory is in the "
                "per-person export (apsperf history --csv FILE).</p>"
            )
    return page(title, "".join(parts))
