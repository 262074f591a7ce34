"""HTML pages for a talent council: the calibration pack.

Self-contained pages on the shared HTML base (:mod:`apsperf._html`): everything that
came from a file is escaped. The history page is in
:mod:`apsperf.segmentation.render._history_html`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from apsperf._arguments import checked
from apsperf._html import Cell, Markup, escape, page, table
from apsperf._text import file_name
from apsperf.segmentation.analysis._assessor_aspiration import AssessorAspiration
from apsperf.segmentation.analysis._calibration import CalibrationReport
from apsperf.segmentation.analysis._fairness import (
    TALENT_POOL,
    AspirationCounts,
    FairnessCheck,
    GroupSelection,
)
from apsperf.segmentation.analysis._moves import GroupMoves, MovesByGroup, PersonMoved
from apsperf.segmentation.analysis._raters import AxisEffect, RaterEffect, residual_threshold
from apsperf.segmentation.analysis._review import SegmentCount
from apsperf.segmentation.model._columns import INPUT_SUFFIX, normalise_header
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._session import AppliedChange, EntryKind
from apsperf.segmentation.model._workforce import SEGMENTS
from apsperf.segmentation.render._grid import grid_svg
from apsperf.segmentation.render._inputs_view import inputs_html

__all__ = [
    "ASPIRATION_HEAD",
    "ASPIRATION_NOTE",
    "FOUR_FIFTHS_SOURCE",
    "MOVES_HEAD",
    "PEOPLE_MOVED_NOTE",
    "RATER_NOTE",
    "aspiration_cells",
    "assessor_aspiration_note",
    "calibration_pack_html",
    "detectable_text",
    "fairness_note",
    "group_label",
    "largest_residual",
    "leniency_text",
    "moves_cells",
    "moves_note",
    "moves_summary",
    "person_cells",
    "person_head",
    "pool_note",
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
    "below 0.05. The most different segment (adjusted standardised residual) is shown for "
    "flagged assessors only, and only when it passes ±2.77 (Bonferroni's adjustment for the "
    "nine segments: the largest of nine residuals passes ±2 often by chance). A flag is a "
    "reason to look again, not a finding that the ratings are wrong. These methods are "
    "apsperf's choice, not the source documents'."
)
"""What the rater-effects table says, in every format that shows it."""


FOUR_FIFTHS_SOURCE = (
    "The four-fifths rule comes from the US Uniform Guidelines on Employee Selection "
    "Procedures (29 CFR 1607.4(D)), not from any APS source document."
)
"""Where the four-fifths rule comes from, in every format that shows the screen."""


def group_label(value: str, crossed: Sequence[str] = ()) -> str:
    """A group's value as reports show it: a blank cell's group is "not stated (blank)".

    A crossed group (``crossed``: one value per column) shows each value so, joined by
    ``" × "``: ``"Woman × not stated (blank)"``.
    """
    if crossed:
        return " × ".join(group_label(part) for part in crossed)
    return value if value else "not stated (blank)"


def pool_note(pool: Sequence[Segment]) -> str:
    """Which segments count as the talent pool, and whose choice that is."""
    names = ", ".join(s.label for s in pool)
    if tuple(pool) == TALENT_POOL:
        return (
            f"Selected into the talent pool: {names} (apsperf's default pool; no source "
            "document defines one)."
        )
    return f"Selected into the talent pool: {names} (the pool named for this run)."


def fairness_note(check: FairnessCheck) -> str:
    """What a fairness table says, in every format that shows it."""
    against = (
        "the rest of the workforce's (everyone not in the group)"
        if check.comparison == "rest"
        else "the highest-rate group's (the reference; never the blank group)"
    )
    compared = check.compared
    return (
        f"{pool_note(check.pool)} Each group's selection rate is compared with {against}: "
        "the adverse-impact ratio, with its 95% interval (log method). The p-values of the "
        f"{compared:,} group{'' if compared == 1 else 's'} compared are adjusted together by "
        "Holm's method. Flagged: a ratio under four-fifths and an adjusted p-value below "
        f"{check.alpha:g}: a screening signal, never a verdict. {FOUR_FIFTHS_SOURCE} Beside "
        "a shown group whose test, at its size and the comparison's, could not confirm a "
        "ratio just under four-fifths: the highest ratio that could be flagged. Groups or "
        f"counts under {check.min_cell} are suppressed, with others where needed so that "
        "none can be worked out."
    )


def detectable_text(group: GroupSelection) -> str:
    """The highest ratio a small unflagged group could be flagged at ("" for other groups)."""
    if group.undetectable:
        return "at these sizes no ratio could be flagged"
    if group.detectable_ratio is None:
        return ""
    return f"at these sizes only a ratio of {group.detectable_ratio:.3f} or less could be flagged"


def leniency_text(effect: AxisEffect) -> str:
    """An axis's leniency with its 95% interval, as reports show it: "+0.45 (+0.20 to +0.70)"."""
    if effect.leniency is None:
        return "-"
    if effect.interval is None:
        return f"{effect.leniency:+.2f}"
    low, high = effect.interval
    return f"{effect.leniency:+.2f} ({low:+.2f} to {high:+.2f})"


def largest_residual(effect: RaterEffect, *, alpha: float = 0.05) -> str:
    """A flagged assessor's most different segment and its adjusted residual.

    Named only when the residual passes :func:`residual_threshold` (Bonferroni's
    adjustment for the nine segments: ±2.77 at 0.05), since the largest of nine residuals
    passes ±2 often by chance alone; otherwise "no one segment beyond ±2.77". "-" for an
    assessor with no residuals (every unflagged assessor).
    """
    if not effect.residuals:
        return "-"
    threshold = residual_threshold(alpha, len(effect.residuals))
    index = max(range(len(effect.residuals)), key=lambda i: abs(effect.residuals[i]))
    if abs(effect.residuals[index]) < threshold:
        return f"no one segment beyond ±{threshold:.2f}"
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
        '<p class="subtitle"><strong>For the talent council only</strong>: it names who moved '
        "and each assessor's proposals; counts by a sensitive column are suppressed, and no "
        "person's sensitive columns are shown. Not for wider circulation.</p>",
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
        *_moves_made(report),
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
                    largest_residual(e, alpha=report.rater_effects.alpha),
                ]
                for e in report.rater_effects
            ),
        )
        if report.rater_effects
        else "<p>No assessor to compare.</p>",
        *map(_fairness_section, report.fairness),
        *map(_moves_by_section, report.moves_by),
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


PEOPLE_MOVED_NOTE = (
    "Each move the session's log records, in order, with who the person is (the columns "
    "the proposals carry, never a sensitive column) and their assessor. Each goes from "
    "where the entries in force before it had placed the person to where it places them: "
    "up, down or across the grid as the segments lie. A move undone by a later reversal "
    "stays listed, marked with the reversal and its reason; it is not in force."
)
"""What the list of people moved says, in every format that shows it."""


_PERSON_HEAD = ("Entry", "Employee")
_MOVE_HEAD = ("Assessor", "From", "To", "Direction", "Reason", "Notes", "By", "On")
_MOVE_TAIL = ("Recorded", "Status")


def person_head(columns: Sequence[str]) -> list[str]:
    """The columns of a list of people moved: entry, person, their columns, then the move.

    A column of the file whose name matches one of the list's own as headers are matched
    (``Reason``, ``status``) is shown as ``NAME (from file)``, so the two never read as one.
    """
    taken = {normalise_header(n) for n in (*_PERSON_HEAD, *_MOVE_HEAD, *_MOVE_TAIL)}
    shown = []
    for name in columns:
        label, number = name, 1
        while normalise_header(label) in taken:
            number += 1
            label = f"{name}{INPUT_SUFFIX}" if number == 2 else f"{name} (from file {number - 1})"
        taken.add(normalise_header(label))
        shown.append(label)
    return [*_PERSON_HEAD, *shown, *_MOVE_HEAD, *_MOVE_TAIL]


def person_status(person: PersonMoved) -> str:
    """Whether an entry holds: "in force", or the reversal that undid it and why."""
    if person.undone_by is None:
        return "in force"
    return f"undone by entry {person.undone_by}: {person.undo_reason}"


def person_cells(person: PersonMoved) -> list[Cell]:
    """One person's row of a list of people moved, in the order of :func:`person_head`."""
    return [
        person.number,
        person.employee_id,
        *person.details,
        person.assessor or "not recorded",
        person.from_segment.label,
        person.to_segment.label,
        person.direction.value,
        person.reason,
        person.notes,
        person.by or "not recorded",
        "" if person.on is None else person.on.isoformat(),
        "" if person.recorded_at is None else person.recorded_at.isoformat(),
        person_status(person),
    ]


def _compact_head(columns: Sequence[str]) -> list[str]:
    """The pack's columns of the list of people moved: the move, reason and who in one each."""
    head = person_head(columns)
    return [*head[: 2 + len(columns)], "Assessor", "Move", "Reason", "Decided", "Status"]


def _compact_cells(person: PersonMoved) -> list[Cell]:
    """One person's row of the pack's list (see :func:`_compact_head`)."""
    reason = person.reason + (f" (notes: {person.notes})" if person.notes else "")
    on = "" if person.on is None else f", {person.on.isoformat()}"
    recorded = (
        ""
        if person.recorded_at is None
        else f" (recorded {person.recorded_at.strftime('%Y-%m-%d %H:%M')} UTC)"
    )
    return [
        person.number,
        person.employee_id,
        *person.details,
        person.assessor or "not recorded",
        f"{person.from_segment.label} → {person.to_segment.label} ({person.direction.value})",
        reason,
        f"{person.by or 'not recorded'}{on}{recorded}",
        person_status(person),
    ]


def _moves_made(report: CalibrationReport) -> list[str]:
    """The moves and confirmations, with who moved (the report's list, else its changes)."""
    if not report.people_moved:  # a report made without the list: the changes in force
        parts = [_changes_table(report.changes) if report.changes else "<p>No moves in force.</p>"]
        if report.confirmations:
            parts += ["<h2>Confirmations</h2>", _changes_table(report.confirmations)]
        return parts
    head = _compact_head(report.people_columns)
    moves = [p for p in report.people_moved if p.kind is EntryKind.MOVE]
    confirmations = [p for p in report.people_moved if p.kind is EntryKind.CONFIRMATION]
    undone = sum(not p.in_force for p in moves)
    parts = [
        f"<p>{len(moves) - undone:,} moves in force"
        + (f", {undone:,} undone (listed, marked)" if undone else "")
        + f". {escape(PEOPLE_MOVED_NOTE)}</p>",
        table(head, map(_compact_cells, moves)) if moves else "<p>No moves.</p>",
    ]
    if confirmations:
        parts += ["<h2>Confirmations</h2>", table(head, map(_compact_cells, confirmations))]
    return parts


def _hidden(small: bool, min_cell: int) -> str:
    return f"<{min_cell}" if small else "suppressed"


def _selection_row(group: GroupSelection, min_cell: int) -> list[Cell]:
    label = group_label(group.value, group.crossed)
    if group.suppressed:
        return [label, _hidden(group.small, min_cell), "", "", "", "", "", "", ""]
    ratio = "-" if group.impact_ratio is None else f"{group.impact_ratio:.3f}"
    interval = (
        "-"
        if group.ratio_low is None or group.ratio_high is None
        else f"{group.ratio_low:.3f} to {group.ratio_high:.3f}"
    )
    compared = group.adjusted_p_value is not None
    return [
        label,
        group.people,
        group.selected,
        f"{group.selection_rate:.0%}" if group.selection_rate is not None else "-",
        "reference" if group.reference else f"{ratio} ({interval})" if compared else "-",
        _p(group.p_value) if compared else "-",
        _p(group.adjusted_p_value) if compared else "-",
        "flagged" if group.flagged else "",
        detectable_text(group),
    ]


MOVES_HEAD: tuple[str, ...] = (
    "People",
    "Moved up",
    "Moved down",
    "Moved across",
    "Unchanged",
    "Rate before",
    "Rate after",
    "Impact ratio before",
    "Impact ratio after",
    "Gap",
)
"""The columns of every moves-by-group table after its first (the group)."""


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _ratio(value: float | None, reference: bool) -> str:
    if reference:
        return "reference"
    return "-" if value is None else f"{value:.3f}"


def moves_cells(group: GroupMoves, min_cell: int) -> list[Cell]:
    """A group's row of a moves-by-group table after its label (:data:`MOVES_HEAD`)."""
    if group.suppressed:
        return [_hidden(group.small, min_cell), *[""] * (len(MOVES_HEAD) - 1)]
    return [
        group.people,
        group.up,
        group.down,
        group.across,
        group.unchanged,
        _rate(group.rate_before),
        _rate(group.rate_after),
        _ratio(group.ratio_before, group.reference_before)
        + (" flagged" if group.flagged_before else ""),
        _ratio(group.ratio_after, group.reference_after)
        + (" flagged" if group.flagged_after else ""),
        group.gap or "-",
    ]


def moves_note(moves: MovesByGroup) -> str:
    """What a moves-by-group table says, in every format that shows it."""
    against = (
        "the rest of the workforce's"
        if moves.comparison == "rest"
        else "the highest-rate group's (the reference), each time"
    )
    return (
        "The session's own moves by group: each person's calibrated segment against their "
        "proposed one, up (performance and potential both at least as high, one higher), "
        "down (both at most as high, one lower), across (one higher, the other lower) or "
        "unchanged (a person moved and moved back is unchanged). Beside them, each group's "
        "selection into the talent pool and its impact ratio against "
        f"{against}, on the proposals (before) and on the calibrated placements (after): "
        "the gap narrowed when the ratio after is closer to 1 than before, widened when it "
        f"is further. {pool_note(moves.pool)} Suppressed with the other tables by "
        f"{moves.column}: the same groups are hidden in each, so none can be set beside "
        "another to work out what it hides."
    )


def moves_summary(moves: MovesByGroup) -> str:
    """One sentence: for how many shown groups the session narrowed or widened the gap."""
    counted = Counter(g.gap for g in moves.groups if g.gap)
    shown = sum(not g.suppressed for g in moves.groups)
    if not shown:
        return f"Every group by {moves.column} is suppressed."
    if not counted:
        return "No group was compared both before and after the session."
    return (
        f"Of {shown:,} group{'' if shown == 1 else 's'} shown, the session narrowed the gap "
        f"for {counted['narrowed']:,}, widened it for {counted['widened']:,} and left "
        f"{counted['unchanged']:,} as {'it was' if counted['unchanged'] == 1 else 'they were'}."
    )


def _moves_by_section(moves: MovesByGroup) -> str:
    return (
        f"<h2>The council's moves by {escape(moves.column)}, before and after</h2>"
        f"<p>{escape(moves_summary(moves))} {escape(moves_note(moves))}</p>"
        + table(
            ["Group", *MOVES_HEAD],
            (
                [group_label(g.value, g.crossed), *moves_cells(g, moves.min_cell)]
                for g in moves.groups
            ),
        )
    )


def _fairness_section(check: FairnessCheck) -> str:
    return (
        f"<h2>Talent-pool selection by {escape(check.column)}</h2>"
        f"<p>{escape(fairness_note(check))}</p>"
        + table(
            [
                "Group",
                "People",
                "Selected",
                "Rate",
                "Impact ratio",
                "p",
                "Adjusted p",
                "Flag",
                "Note",
            ],
            (_selection_row(g, check.min_cell) for g in check.groups),
        )
    )


ASPIRATION_NOTE = (
    'The guide has the aspiration conversation take place "prior to" the assessment of '
    "performance and potential. Before: dated before the assessment day; same day: dated on "
    "it, counted apart because the dates cannot say which came first; after: dated after it."
)
"""What the aspiration-first counts say, in every format that shows them."""

ASPIRATION_HEAD: tuple[str, ...] = (
    "People",
    "Before",
    "Same day",
    "After",
    "Missing",
    "No assessment date",
    "Date unreadable",
)
"""The columns of every aspiration-first table after its first (group or assessor)."""


def aspiration_cells(counts: AspirationCounts) -> list[int | None]:
    """A row's counts, in the order of :data:`ASPIRATION_HEAD`."""
    return [
        counts.people,
        counts.before,
        counts.same_day,
        counts.after,
        counts.missing,
        counts.unknown,
        counts.unreadable,
    ]


def _aspiration_row(label: str, counts: AspirationCounts, min_cell: int) -> list[Cell]:
    if counts.suppressed:
        return [label, _hidden(counts.small, min_cell), "", "", "", "", "", ""]
    return [label, *aspiration_cells(counts)]


def _aspiration_section(report: CalibrationReport) -> str:
    if report.aspiration is None:
        return ""
    rows = [_aspiration_row("Everyone", report.aspiration.overall, report.min_cell)]
    for compliance in report.aspiration_by:
        rows += [
            _aspiration_row(
                f"{compliance.column}: {group_label(g.value, g.crossed)}", g, report.min_cell
            )
            for g in compliance.groups
        ]
    return (
        f"<h2>Aspiration conversation first</h2><p>{escape(ASPIRATION_NOTE)}</p>"
        + table(["Group", *ASPIRATION_HEAD], rows)
        + _assessor_aspiration_section(report)
    )


def assessor_aspiration_note(by_assessor: AssessorAspiration) -> str:
    """What the by-assessor table says: how many assessors held a conversation after."""
    return (
        f"{by_assessor.holding_after:,} of {len(by_assessor):,} assessors held at least one "
        "aspiration conversation after the assessment; they come first, most such "
        "conversations first. For the council, as the rater effects are: not suppressed."
    )


def _assessor_aspiration_section(report: CalibrationReport) -> str:
    by_assessor = report.aspiration_by_assessor
    if by_assessor is None or not len(by_assessor):
        return ""
    listed = [c for c in by_assessor if c.after or c.same_day]
    rest = len(by_assessor) - len(listed)
    return (
        "<h3>By assessor</h3>"
        f"<p>{escape(assessor_aspiration_note(by_assessor))}</p>"
        + (
            table(
                ["Assessor", *ASPIRATION_HEAD],
                ([c.value, *aspiration_cells(c)] for c in listed),
            )
            if listed
            else ""
        )
        + (
            f"<p>{rest:,} other assessors held every dated conversation before the assessment.</p>"
            if rest
            else ""
        )
    )
