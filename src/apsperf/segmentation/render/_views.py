"""How review results read: their statistics in words, and their HTML tables and fragments.

This module works from the results' attributes alone and imports neither the review models
nor the workforce, so that both (for their notebook views) and the report module can use it
without importing each other. Its functions take the results untyped (``Any``); the typed
public entry points are in the report module and on the models.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from apsperf._display import NOTEBOOK_NAME, NOTEBOOK_SHOWN, NOTEBOOK_TEXT, clip, more, names
from apsperf._html import Cell, Markup, classed, escape, fragment, legend, reading, table
from apsperf._text import file_name
from apsperf.segmentation.analysis._suppression import (
    HIDDEN_GROUPS,
    MIN_CELL,
    check_min_cell,
    small_groups,
    suppress_groups,
)
from apsperf.segmentation.model._flows import MovementCounts
from apsperf.segmentation.model._levels import Direction, Segment, direction_of
from apsperf.segmentation.render._grid import _pct, segment_table

SEGMENTS = tuple(Segment)


# -- statistics in words ----------------------------------------------------------------------


def _p(value: float) -> str:
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


INDEPENDENCE_TESTS = frozenset({"independence", "exact"})
"""The ``CalibrationCheck.test`` values of tests of independence (groups by segments)."""

EFFECT_SIZE_NAME = "Bias-corrected Cramér's V (Bergsma 2013)"
"""How the effect size of a test of independence is named wherever it is shown."""


def is_independence(check: Any) -> bool:
    """True when ``check`` tests independence (chi-square or exact), not a distribution."""
    return check.test in INDEPENDENCE_TESTS


def check_names(check: Any) -> tuple[str, str]:
    """The name of a check's test and of its effect size, as every format shows them."""
    test = check.test
    if test == "independence":
        return "Chi-square test of independence", EFFECT_SIZE_NAME
    if test == "exact":
        return "Exact test of independence (Freeman-Halton)", EFFECT_SIZE_NAME
    if test == "goodness-of-fit":
        return "Chi-square goodness-of-fit test", "Cohen's w"
    return f"Test ({test or 'not named'})", "Effect size"


def _check_parts(check: Any) -> list[str]:
    """The test's numbers, then the effect size (one item when no test was run)."""
    if check.statistic is None:
        return ["No test was run: its shape makes the statistic meaningless (see the findings)."]
    kind, effect = check_names(check)
    p = "no p-value (not reliable here, see below)" if check.p_value is None else _p(check.p_value)
    size = "not reported" if check.effect_size is None else f"{check.effect_size:.3f}"
    parts = [
        f"{kind}: {check.statistic:.2f} with {check.degrees_of_freedom} degrees of freedom, {p}.",
        f"{effect}, the effect size: {size}.",
    ]
    if HIDDEN_GROUPS in check.row_labels:
        parts.append(
            "Computed on what the breakdown shows: the hidden groups are tested as one row "
            "(their counts combined, which the overall counts give away anyway)."
        )
    return parts


def check_sentence(check: Any) -> str:
    """The numbers of a check, each named, for the text and HTML reports alike."""
    return " ".join(_check_parts(check))


def _noun(column: str) -> str:
    """A column name as it reads mid-sentence: "Division" -> "division", "APS Level" kept."""
    return column.lower() if column == column.capitalize() else column


def check_reading(check: Any, *, column: str | None = None, alpha: float = 0.05) -> str:
    """One plain-English sentence on what a check's result means (``""`` when it was withheld).

    ``column`` names the grouping column of an independence check (``"Division"``).
    """
    if check.statistic is None or check.p_value is None:
        return ""
    differs = check.significant(alpha)
    if is_independence(check):
        by = f"by {_noun(column)}" if column else "between the groups"
        if differs:
            return (
                f"Placements differ {by} more than chance would explain ({_p(check.p_value)}, "
                f"below {alpha:g}): look at the breakdown for where."
            )
        return f"Placements differ {by} no more than chance would explain."
    if check.test != "goodness-of-fit":
        return ""
    if differs:
        return (
            "The distribution differs from the expected shape more than chance would explain "
            f"({_p(check.p_value)}, below {alpha:g})."
        )
    return "The distribution differs from the expected shape no more than chance would explain."


def movement_sentence(moved: MovementCounts) -> str:
    """One paragraph on movement between cycles, for the text and HTML reports alike.

    Give it :class:`MovementCounts` (a review's ``Movement.counts``, a history's movements).
    """
    return (
        f"{moved.common:,} people were placed in both cycles: {moved.stayed:,} stayed in "
        f"their segment, {moved.moved(Direction.UP):,} moved up, "
        f"{moved.moved(Direction.DOWN):,} moved down and "
        f"{moved.moved(Direction.ACROSS):,} moved across. "
        f"{moved.joined:,} joined and {moved.left:,} left."
        + (f" {_not_placed(moved)}" if _not_placed(moved) else "")
    )


def _not_placed(moved: MovementCounts) -> str:
    """The sentence on people whose row was rejected in one cycle (empty when nobody's was)."""
    parts = []
    for people, then, now in (
        (moved.not_placed_current, "last", "this"),
        (moved.not_placed_previous, "this", "last"),
    ):
        if people:
            were = "was" if people == 1 else "were"
            row = "row was" if people == 1 else "rows were"
            parts.append(
                f"{people:,} placed {then} cycle {were} not placed {now} cycle "
                f"(their {row} rejected)"
            )
    return ("; ".join(parts) + ".") if parts else ""


# -- breakdowns, suppressed -------------------------------------------------------------------


class Shown(NamedTuple):
    """One group of a breakdown as an output shows it."""

    value: str
    values: tuple[str, ...]
    size: int | None
    """The headcount, where it may be shown (a hidden group's only where that is safe)."""
    counts: tuple[int | None, ...] | None
    """The nine segments' counts (``None`` in a segment hidden groups hide), ``None`` when
    the group shows no counts."""
    small: bool
    """Hidden and under the threshold: shown as ``"<5"``."""
    reason: str
    """Why hidden: ``"small"``, ``"protects-others"``, or ``""`` when shown."""


def _shown(breakdown: Any, min_cell: int | None) -> tuple[list[Shown], int | None]:
    """Each group of a breakdown as it may be shown, and the threshold in force.

    A breakdown suppressed already (as ``review`` makes them) shows what it holds, whatever
    ``min_cell`` says; another is suppressed here by itself (``min_cell``), or shown whole
    when ``min_cell`` is ``None`` (restricted internal use).
    """
    if breakdown.min_cell is not None:
        found = []
        for group in breakdown.listed():
            if hasattr(group, "segments"):
                counts = tuple(c.count for c in group.segments)
                found.append(Shown(group.value, group.values, sum(counts), counts, False, ""))
            else:
                cells = tuple(group.cells) if group.cells else None
                found.append(
                    Shown(group.value, group.values, group.size, cells, group.small, group.reason)
                )
        return found, breakdown.min_cell
    rows = [tuple(g.count(s) for s in Segment) for g in breakdown.groups]
    if min_cell is None:
        return [
            Shown(g.value, g.values, sum(r), r, False, "")
            for g, r in zip(breakdown.groups, rows, strict=True)
        ], None
    decided = suppress_groups([list(r) for r in rows], min_cell=min_cell)
    small = small_groups([rows], min_cell=min_cell)
    return [
        Shown(g.value, g.values, sum(r), r, False, "")
        if row.size is not None
        else Shown(
            g.value,
            g.values,
            None,
            None,
            row.small,
            "small" if n in small else "protects-others",
        )
        for n, (g, r, row) in enumerate(zip(breakdown.groups, rows, decided, strict=True))
    ], min_cell


def _overall(breakdown: Any) -> list[int]:
    """Everyone's count in each segment, the hidden groups' too."""
    overall = [sum(g.count(s) for g in breakdown.groups) for s in Segment]
    for n, c in enumerate(getattr(breakdown, "hidden_counts", None) or ()):
        overall[n] += c.count
    return overall


HIDDEN_CELL: Final = "hidden"
"""What a hidden group that shows some of its counts shows in a segment it hides."""


def hidden_segments_note(breakdown: Any, min_cell: int | None) -> str:
    """The sentence on the segments hidden groups hide, why (``""`` when none)."""
    gaps = getattr(breakdown, "hidden_segments", ())
    if not gaps:
        return ""
    small = [s.label for s, why in gaps if why == "small"]
    others = [s.label for s, why in gaps if why != "small"]
    parts = []
    if small:
        parts.append(
            f"{' and '.join(small)}: some hidden group has 1 to {(min_cell or 0) - 1} people there"
        )
    if others:
        parts.append(f"{' and '.join(others)}: hidden to protect them")
    return (
        "Hidden groups whose headcount is shown show their counts too, but for the segments "
        f"they all hide ({'; '.join(parts)}), so that none can be worked out from the "
        "headcounts and the hidden groups combined."
    )


def _hidden_size(group: Shown, min_cell: int | None) -> str:
    """What a hidden group shows in place of its headcount."""
    if group.small:
        return f"<{min_cell}"
    return "suppressed" if group.size is None else f"{group.size:,}"


def _hidden_text(group: Shown, min_cell: int | None) -> str:
    """Why a group shows no counts."""
    if group.reason != "small":
        return "(hidden to protect others)"
    if group.small:
        return f"(hidden: fewer than {min_cell} people)"
    # Crossed groups are decided on the nine segments alone; one column's on its aspiration
    # timings too (see column_tables).
    where = "a segment" if len(group.values) > 1 else "a segment or an aspiration timing"
    return f"(hidden: 1 to {(min_cell or 0) - 1} people in {where})"


UNSUPPRESSED: Final = (
    "NOT SUPPRESSED: every group's counts are shown, small ones too. For restricted internal "
    "use only; do not share."
)
"""What every output made without suppression says (``--no-suppression``, ``min_cell=None``)."""


def _suppression_note(min_cell: int | None) -> str:
    if min_cell is None:
        return UNSUPPRESSED
    return (
        f"Groups with fewer than {min_cell} people, or with 1 to {min_cell - 1} in a segment, "
        "are hidden (small), with others where needed so that none can be worked out (hidden "
        "to protect others); a hidden group's headcount is shown only where that is safe. "
        "This rule is apsperf's own (docs/disclosure.md)."
    )


_SHORT = {
    Segment.TOP_TALENT: "TT",
    Segment.HIGH_ACHIEVER: "HA",
    Segment.PROVEN_PERFORMER: "PP",
    Segment.EMERGING_POTENTIAL: "EP",
    Segment.WELL_PLACED: "WP",
    Segment.SOLID_CONTRIBUTOR: "SoC",
    Segment.UNREALISED_POTENTIAL: "UP",
    Segment.UNCERTAIN: "Unc",
    Segment.STRONGEST_CONCERN: "StC",
}
"""Column headings for the terminal's breakdown tables (a key is printed under each)."""

_STYLE = {
    Segment.TOP_TALENT: "top",
    Segment.HIGH_ACHIEVER: "good",
    Segment.EMERGING_POTENTIAL: "good",
    Segment.STRONGEST_CONCERN: "concern",
}


# -- HTML -------------------------------------------------------------------------------------

_GRID_LEGEND = (
    ("#1b7837", "Top Talent: high performance and potential"),
    ("#5aae61", "High Achiever, Emerging Potential: high on one, moderate on the other"),
    ("#a6dba0", "Proven Performer, Well Placed, Unrealised Potential"),
    ("#f7f7f7", "Solid Contributor, Uncertain"),
    ("#e7d4e8", "Strongest Concern: low performance and potential"),
)
_MOVE_LEGEND = (
    ("#d9f0d3", "moved up"),
    ("#f4d7dc", "moved down"),
    ("#e8e8f4", "moved across (one level up, the other down)"),
    ("#ffffff", "outlined: stayed in the same segment (the diagonal)"),
)


def _count_share(count: int, total: int) -> Markup:
    return Markup(f'{count:,}<br><span class="muted">{_pct(count, total)}</span>')


def _breakdown_html(
    breakdown: Any,
    total: int,
    min_cell: int | None,
    *,
    limit: int | None = None,
    clip_to: int = 0,
) -> str:
    """The breakdown table; with ``limit``, only that many of the largest groups are listed.

    Suppression is worked out over every group, so a shorter list hides no less. With
    ``clip_to``, the column's name and each group's value are clipped to that many characters.
    """

    def label(text: str) -> str:
        return clip(text, clip_to) if clip_to else text

    column = label(breakdown.column)
    head: list[Cell] = [column, "People", *(s.label for s in Segment)]
    every, threshold = _shown(breakdown, min_cell)
    listed = every
    if limit is not None and len(every) > limit:
        order = sorted(range(len(every)), key=lambda i: (-(every[i].size or 0), i))
        keep = set(order[:limit])
        listed = [group for i, group in enumerate(every) if i in keep]
    rows: list[list[Cell]] = []
    for group in listed:
        if group.counts is None:
            size = _hidden_size(group, threshold)
            why: list[Cell] = [classed(_hidden_text(group, threshold), "suppressed")]
            empty: list[Cell] = [None] * (len(SEGMENTS) - 1)
            rows.append([label(group.value), classed(size, "suppressed"), *why, *empty])
            continue
        whole = group.size or 0
        cells: list[Cell] = [label(group.value), whole]
        rows.append(
            cells
            + [
                classed(HIDDEN_CELL, "suppressed")
                if c is None
                else classed(_count_share(c, whole), "n")
                for c in group.counts
            ]
        )
    foot: list[Cell] = [
        "Total",
        total,
        *(classed(_count_share(c, total), "n") for c in _overall(breakdown)),
    ]
    more = len(every) - len(listed)
    tail = (
        f"<p>The {len(listed):,} largest of {len(every):,} groups are listed; the total is "
        "everyone's.</p>"
        if more
        else ""
    )
    return (
        f"<h2>By {escape(column)}</h2>"
        f"<p>Each cell is the number of people and, under it, their share of the group "
        f"(each row adds up to 100%). {escape(_suppression_note(threshold))} "
        f"{escape(hidden_segments_note(breakdown, threshold))}</p>"
        + table(head, rows, foot=foot, class_="breakdown")
        + tail
    )


def _movement_html(moved: Any, label: str, previous_label: str) -> str:
    then = previous_label or "last cycle"
    now = label or "this cycle"
    summary = table(
        ["Stayed", "Moved up", "Moved down", "Moved across", "Joined", "Left", "Not placed"],
        [
            [
                moved.stayed,
                len(moved.moved(Direction.UP)),
                len(moved.moved(Direction.DOWN)),
                len(moved.moved(Direction.ACROSS)),
                len(moved.joiners),
                len(moved.leavers),
                len(moved.not_placed_current) + len(moved.not_placed_previous),
            ]
        ],
        row_headers=False,
        caption="People placed in both cycles, and those who joined or left",
    )
    css = {
        Direction.UP: "up",
        Direction.DOWN: "down",
        Direction.ACROSS: "across",
        Direction.STAYED: "stay",
    }
    rows: list[list[Cell]] = []
    for i, before in enumerate(SEGMENTS):
        cells: list[Cell] = [before.label]
        for j, after in enumerate(SEGMENTS):
            count = moved.matrix[i][j]
            kind = css[direction_of(before, after)]
            cells.append(classed(count, kind if count or i == j else ""))
        cells.append(sum(moved.matrix[i]))
        rows.append(cells)
    columns = [sum(moved.matrix[i][j] for i in range(9)) for j in range(9)]
    matrix = table(
        [f"{then} \u2193 / {now} \u2192", *(s.label for s in SEGMENTS), "Total"],
        rows,
        foot=["Total", *columns, moved.common],
        caption=f"Segment in {then} (rows) by segment in {now} (columns)",
        class_="matrix",
    )
    return (
        f"<h2>Movement since {escape(then)}</h2>"
        f"<p>{escape(movement_sentence(moved.counts))}</p>{summary}"
        + legend(_MOVE_LEGEND, title="Matrix colours")
        + matrix
    )


def _check_html(check: Any, heading: str, column: str | None, *, shown: int = 0) -> str:
    """A check's numbers, reading and findings; with ``shown``, its first findings, clipped."""
    findings = check.findings[:shown] if shown else check.findings
    notes = "".join(
        f'<li class="{escape(f.severity.value)}">'
        f"{escape(clip(f.message, NOTEBOOK_TEXT) if shown else f.message)}</li>"
        for f in findings
    )
    if len(findings) < len(check.findings):
        notes += (
            f"<li>{escape(more(len(check.findings) - len(findings), 'findings').lstrip())}</li>"
        )
    meaning = check_reading(check, column=column)
    return (
        f"<h2>{escape(heading)}</h2><p>{escape(check_sentence(check))}</p>"
        + (reading(meaning, notable=check.significant()) if meaning else "")
        + (f"<ul>{notes}</ul>" if notes else "")
    )


# -- notebooks --------------------------------------------------------------------------------

NOTEBOOK_GROUPS = 30
"""The most groups a breakdown shows in a notebook (the largest; the rest are counted)."""


def breakdown_fragment(breakdown: Any, *, min_cell: int = MIN_CELL) -> str:
    """A breakdown for a notebook: the largest groups' counts and shares, suppressed."""
    check_min_cell(min_cell)
    total = sum(_overall(breakdown))
    return fragment(
        _breakdown_html(
            breakdown, total, min_cell, limit=NOTEBOOK_GROUPS, clip_to=NOTEBOOK_NAME * 2
        )
    )


def movement_fragment(moved: Any) -> str:
    """Movement for a notebook: the summary and the 9×9 matrix (never a row per person)."""
    return fragment(_movement_html(moved, "", ""))


def check_fragment(check: Any) -> str:
    """A calibration check for a notebook: its numbers, their reading and its findings."""
    kind = "independence" if is_independence(check) else "distribution"
    return fragment(_check_html(check, f"Calibration check ({kind})", None, shown=NOTEBOOK_SHOWN))


def workforce_fragment(workforce: Any) -> str:
    """A workforce for a notebook: rows read, placed and not placed, its columns and grid."""
    counts = workforce.segment_counts()
    shown = clip(file_name(workforce.source), NOTEBOOK_NAME)
    columns = names(workforce.group_names, "columns") or "none"
    rejected = workforce.rejected[:10]
    rows = (
        table(
            ["Line", "Column", "Reason"],
            (
                [r.line, clip(r.field, NOTEBOOK_NAME), clip(r.reason, NOTEBOOK_TEXT)]
                for r in rejected
            ),
            row_headers=False,
            caption=f"Rows not placed (first {len(rejected)} of {len(workforce.rejected):,})",
        )
        if rejected
        else ""
    )
    return fragment(
        f"<p><strong>Workforce{' ' + escape(shown) if shown else ''}</strong>: "
        f"{workforce.rows_read:,} rows read, {workforce.rows_placed:,} placed, "
        f"{len(workforce.rejected):,} not placed. Grouping columns: {escape(columns)}.</p>"
        + segment_table(counts, workforce.rows_placed)
        + rows
    )
