"""Pictures and exports of a talent review: SVG nine-box, HTML report, text, CSV and JSON."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any, TextIO

from apsperf._csvsafe import write_rows
from apsperf._html import Cell, Markup, classed, escape, legend, page, reading, table
from apsperf._terminal import Piece, plain
from apsperf.dates import financial_year_of
from apsperf.errors import ValidationError
from apsperf.segmentation._grid import _pct, grid_svg, segment_table
from apsperf.segmentation._levels import Level, Segment, grid_layout
from apsperf.segmentation._review import (
    CalibrationCheck,
    Direction,
    GroupBreakdown,
    GroupCounts,
    Movement,
    TalentReview,
    direction_of,
)
from apsperf.segmentation._suppression import MIN_CELL, ShownRow, check_min_cell, suppress_groups
from apsperf.segmentation._workforce import SEGMENTS, Workforce

__all__ = [
    "check_reading",
    "cycle_label",
    "nine_box_svg",
    "review_html",
    "review_text",
    "write_placements_csv",
    "write_placements_json",
]


def _counts(talent_review: TalentReview) -> dict[Segment, int]:
    return {s: talent_review.count(s) for s in Segment}


def nine_box_svg(talent_review: TalentReview, *, title: str = "") -> str:
    """The nine-box grid with each segment's name, count and share, as a standalone SVG."""
    return grid_svg(_counts(talent_review), talent_review.rows_placed, title=title)


# -- labels -----------------------------------------------------------------------------------


def cycle_label(workforce: Workforce) -> str:
    """A name for a workforce's cycle: the financial year of its assessments, or its file name.

    ``"2025-26"`` when more than half the people with an assessment date were assessed in
    that financial year (1 July to 30 June); otherwise the file's own name without its
    folder (``"workforce-2025.csv"``); ``""`` when there is neither.
    """
    if not isinstance(workforce, Workforce):
        raise ValidationError(
            f"expected Workforce, got {type(workforce).__name__}", path="workforce"
        )
    per_year: dict[int, int] = {}
    for day, count in workforce.assessment_dates().items():
        start = financial_year_of(day).start.year
        per_year[start] = per_year.get(start, 0) + count
    if per_year:
        year, count = max(per_year.items(), key=lambda item: (item[1], item[0]))
        if 2 * count > sum(per_year.values()):
            return f"{year}-{(year + 1) % 100:02d}"
    return file_name(workforce.source)


def file_name(source: str) -> str:
    """The last part of a path (``"workforce-2025.csv"``), never the folders it sits in."""
    return PurePath(source.replace("\\", "/")).name if source else ""


def _cycles(label: str, previous_label: str) -> str:
    """``"2025 cycle, compared with 2024"`` (either part may be missing)."""
    here = f"{label} cycle" if label else ""
    then = f"compared with {previous_label}" if previous_label else ""
    return ", ".join(part for part in (here, then) if part)


# -- statistics in words ----------------------------------------------------------------------


def _p(value: float) -> str:
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


def _check_parts(check: CalibrationCheck) -> list[str]:
    """The test's numbers, then the effect size (one item when no test was run)."""
    if check.statistic is None:
        return ["No test was run: its shape makes the chi-square meaningless (see the findings)."]
    effect = "Cramér's V" if check.test == "independence" else "Cohen's w"
    p = "no p-value (not reliable here, see below)" if check.p_value is None else _p(check.p_value)
    size = "not reported" if check.effect_size is None else f"{check.effect_size:.3f}"
    kind = "test of independence" if check.test == "independence" else "goodness-of-fit test"
    return [
        f"Chi-square {kind}: {check.statistic:.2f} with {check.degrees_of_freedom} degrees "
        f"of freedom, {p}.",
        f"{effect} (effect size) {size}.",
    ]


def check_sentence(check: CalibrationCheck) -> str:
    """The numbers of a check, each named, for the text and HTML reports alike."""
    return " ".join(_check_parts(check))


def _noun(column: str) -> str:
    """A column name as it reads mid-sentence: "Division" -> "division", "APS Level" kept."""
    return column.lower() if column == column.capitalize() else column


def check_reading(
    check: CalibrationCheck, *, column: str | None = None, alpha: float = 0.05
) -> str:
    """One plain-English sentence on what a check's result means (``""`` when it was withheld).

    ``column`` names the grouping column of an independence check (``"Division"``).
    """
    if check.statistic is None or check.p_value is None:
        return ""
    differs = check.significant(alpha)
    if check.test == "independence":
        by = f"by {_noun(column)}" if column else "between the groups"
        if differs:
            return (
                f"Placements differ {by} more than chance would explain ({_p(check.p_value)}, "
                f"below {alpha:g}): look at the breakdown for where."
            )
        return f"Placements differ {by} no more than chance would explain."
    if differs:
        return (
            "The distribution differs from the expected shape more than chance would explain "
            f"({_p(check.p_value)}, below {alpha:g})."
        )
    return "The distribution differs from the expected shape no more than chance would explain."


def _column_of(check: CalibrationCheck, talent_review: TalentReview) -> str | None:
    """The breakdown an independence check was run on, found from its group labels."""
    if check.test != "independence":
        return None
    for breakdown in talent_review.breakdowns:
        if tuple(g.value for g in breakdown.groups if g.total) == check.row_labels:
            return breakdown.column
    return None


def movement_sentence(moved: Movement) -> str:
    """One paragraph on movement between cycles, for the text and HTML reports alike."""
    return (
        f"{moved.common:,} people were placed in both cycles: {moved.stayed:,} stayed in "
        f"their segment, {len(moved.moved(Direction.UP)):,} moved up, "
        f"{len(moved.moved(Direction.DOWN)):,} moved down and "
        f"{len(moved.moved(Direction.ACROSS)):,} moved across. "
        f"{len(moved.joiners):,} joined and {len(moved.leavers):,} left."
        + (f" {_not_placed(moved)}" if _not_placed(moved) else "")
    )


def _not_placed(moved: Movement) -> str:
    """The sentence on people whose row was rejected in one cycle (empty when nobody's was)."""
    parts = []
    for people, then, now in (
        (moved.not_placed_current, "last", "this"),
        (moved.not_placed_previous, "this", "last"),
    ):
        if people:
            were = "was" if len(people) == 1 else "were"
            row = "row was" if len(people) == 1 else "rows were"
            parts.append(
                f"{len(people):,} placed {then} cycle {were} not placed {now} cycle "
                f"(their {row} rejected)"
            )
    return ("; ".join(parts) + ".") if parts else ""


# -- breakdowns, suppressed -------------------------------------------------------------------


def _shown(breakdown: GroupBreakdown, min_cell: int) -> list[tuple[GroupCounts, ShownRow]]:
    """Each group of a breakdown with what may be shown of it (small cells suppressed)."""
    rows = [[g.count(s) for s in Segment] for g in breakdown.groups]
    return list(zip(breakdown.groups, suppress_groups(rows, min_cell=min_cell), strict=True))


def _suppression_note(min_cell: int) -> str:
    return (
        f"Groups with fewer than {min_cell} people, or with 1 to {min_cell - 1} in a segment, "
        "are suppressed, with others where needed so that none can be worked out."
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
    breakdown: GroupBreakdown, total: int, min_cell: int, *, limit: int | None = None
) -> str:
    """The breakdown table; with ``limit``, only that many of the largest groups are listed.

    Suppression is worked out over every group, so a shorter list hides no less.
    """
    head: list[Cell] = [breakdown.column, "People", *(s.label for s in Segment)]
    every = _shown(breakdown, min_cell)
    listed = every
    if limit is not None and len(every) > limit:
        order = sorted(range(len(every)), key=lambda i: (-every[i][0].total, i))
        keep = set(order[:limit])
        listed = [pair for i, pair in enumerate(every) if i in keep]
    rows: list[list[Cell]] = []
    for group, shown in listed:
        if shown.size is None:
            size = f"<{min_cell}" if shown.small else "suppressed"
            rows.append([group.value, classed(size, "suppressed"), *([None] * len(SEGMENTS))])
            continue
        cells: list[Cell] = [group.value, group.total]
        rows.append(
            cells + [classed(_count_share(group.count(s), group.total), "n") for s in Segment]
        )
    overall = [sum(g.count(s) for g in breakdown.groups) for s in Segment]
    foot: list[Cell] = [
        "Total",
        total,
        *(classed(_count_share(c, total), "n") for c in overall),
    ]
    more = len(every) - len(listed)
    tail = (
        f"<p>The {len(listed):,} largest of {len(every):,} groups are listed; the total is "
        "everyone's.</p>"
        if more
        else ""
    )
    return (
        f"<h2>By {escape(breakdown.column)}</h2>"
        f"<p>Each cell is the number of people and, under it, their share of the group "
        f"(each row adds up to 100%). {escape(_suppression_note(min_cell))}</p>"
        + table(head, rows, foot=foot, class_="breakdown")
        + tail
    )


def _movement_html(moved: Movement, label: str, previous_label: str) -> str:
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
        f"<p>{escape(movement_sentence(moved))}</p>{summary}"
        + legend(_MOVE_LEGEND, title="Matrix colours")
        + matrix
    )


def _check_html(check: CalibrationCheck, heading: str, column: str | None) -> str:
    notes = "".join(
        f'<li class="{escape(f.severity.value)}">{escape(f.message)}</li>' for f in check.findings
    )
    meaning = check_reading(check, column=column)
    return (
        f"<h2>{escape(heading)}</h2><p>{escape(check_sentence(check))}</p>"
        + (reading(meaning, notable=check.significant()) if meaning else "")
        + (f"<ul>{notes}</ul>" if notes else "")
    )


def _rejected_html(talent_review: TalentReview, limit: int = 200) -> str:
    if not talent_review.rejected:
        return ""
    more = len(talent_review.rejected) - limit
    tail = f"<p>and {more:,} more.</p>" if more > 0 else ""
    return (
        f"<h2>Rows not placed ({len(talent_review.rejected):,})</h2>"
        + table(
            ["Line", "Column", "Reason"],
            ([r.line, r.field, r.reason] for r in talent_review.rejected[:limit]),
            row_headers=False,
        )
        + tail
    )


def _findings_html(talent_review: TalentReview, limit: int = 200) -> str:
    findings = talent_review.findings
    if not findings:
        return ""
    more = len(findings) - limit
    tail = f"<p>and {more:,} more (see the JSON).</p>" if more > 0 else ""
    return (
        f"<h2>Findings on reading ({len(findings):,})</h2>"
        + table(
            ["Severity", "Where", "Finding"],
            ([f.severity.value, f.path, f.message] for f in findings[:limit]),
            row_headers=False,
        )
        + tail
    )


def review_html(
    talent_review: TalentReview,
    *,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    title: str = "Talent review",
    label: str = "",
    previous_label: str = "",
    source: str | None = None,
    min_cell: int = MIN_CELL,
) -> str:
    """A self-contained HTML report: summary, nine-box picture, tables, movement, checks.

    ``label`` and ``previous_label`` name the cycles in the heading ("2025 cycle, compared
    with 2024"; see :func:`cycle_label`); without ``label`` the heading names the file.
    ``source`` is how the file is described (default: its own name, never its folder).
    Breakdowns suppress small cells (``min_cell``). Rows not placed and the findings on
    reading (:attr:`TalentReview.findings`) come last, the first 200 of each with a count of
    the rest. Every value that came from the input (group names, file names, reasons) is
    escaped.
    """
    check_min_cell(min_cell)
    r = talent_review
    shown_source = file_name(r.source) if source is None else source
    cycles = _cycles(label, previous_label if moved is not None else "")
    heading = (
        f"{title}: {cycles}" if cycles else (f"{title}: {shown_source}" if shown_source else title)
    )
    of = f"Source: {escape(shown_source)}. " if shown_source else ""
    parts = [
        f"<h1>{escape(heading)}</h1>",
        f'<p class="subtitle">{of}{r.rows_read:,} rows read, {r.rows_placed:,} placed, '
        f"{len(r.rejected):,} not placed.</p>",
        '<div class="figure-row"><figure class="keep">',
        nine_box_svg(r),
        "</figure><div>",
        legend(_GRID_LEGEND, title="Grid colours"),
        segment_table(_counts(r), r.rows_placed),
        "</div></div>",
        *(_breakdown_html(b, r.rows_placed, min_cell) for b in r.breakdowns),
        _movement_html(moved, label, previous_label) if moved is not None else "",
        *(_check_html(c, h, _column_of(c, r)) for h, c in checks),
        _rejected_html(r),
        _findings_html(r),
    ]
    return page(heading, "".join(parts))


# -- notebooks --------------------------------------------------------------------------------

NOTEBOOK_GROUPS = 30
"""The most groups a breakdown shows in a notebook (the largest; the rest are counted)."""


def _fragment(body: str) -> str:
    return f'<div class="apsperf">{body}</div>'


def breakdown_fragment(breakdown: GroupBreakdown, *, min_cell: int = MIN_CELL) -> str:
    """A breakdown for a notebook: the largest groups' counts and shares, suppressed."""
    check_min_cell(min_cell)
    total = sum(g.total for g in breakdown.groups)
    return _fragment(_breakdown_html(breakdown, total, min_cell, limit=NOTEBOOK_GROUPS))


def movement_fragment(moved: Movement) -> str:
    """Movement for a notebook: the summary and the 9×9 matrix (never a row per person)."""
    return _fragment(_movement_html(moved, "", ""))


def check_fragment(check: CalibrationCheck) -> str:
    """A calibration check for a notebook: its numbers, their reading and its findings."""
    kind = "independence" if check.test == "independence" else "distribution"
    return _fragment(_check_html(check, f"Calibration check ({kind})", None))


def workforce_fragment(workforce: Workforce) -> str:
    """A workforce for a notebook: rows read, placed and not placed, its columns and grid."""
    counts = workforce.segment_counts()
    shown = file_name(workforce.source)
    columns = ", ".join(workforce.group_names) or "none"
    rejected = workforce.rejected[:10]
    rows = (
        table(
            ["Line", "Column", "Reason"],
            ([r.line, r.field, r.reason] for r in rejected),
            row_headers=False,
            caption=f"Rows not placed (first {len(rejected)} of {len(workforce.rejected):,})",
        )
        if rejected
        else ""
    )
    return _fragment(
        f"<p><strong>Workforce{' ' + escape(shown) if shown else ''}</strong>: "
        f"{workforce.rows_read:,} rows read, {workforce.rows_placed:,} placed, "
        f"{len(workforce.rejected):,} not placed. Grouping columns: {escape(columns)}.</p>"
        + segment_table(counts, workforce.rows_placed)
        + rows
    )


# -- text -------------------------------------------------------------------------------------

_CELL = 22
"""Inside width of a grid cell in the terminal (the longest segment name is 20)."""
_MARGIN = 10


def _axis_header() -> str:
    names = "".join(f" {level.label + ' performance':^{_CELL}}" for level in _ACROSS)
    return (" " * _MARGIN + names).rstrip()


def _grid_lines(talent_review: TalentReview) -> list[list[Piece]]:
    r = talent_review
    rule = " " * _MARGIN + ("+" + "-" * _CELL) * 3 + "+"
    lines: list[list[Piece]] = [
        [(f"Nine-box grid, {r.rows_placed:,} placed", "bold")],
        ["Potential runs down the side (high to low), performance across (low to high)."],
        [_axis_header()],
        [rule],
    ]
    for level, row in zip(_DOWN, grid_layout(), strict=True):
        names: list[Piece] = [f"{level.label:<{_MARGIN}}"]
        counts: list[Piece] = [f"{'potential':<{_MARGIN}}"]
        for segment in row:
            count = r.count(segment)
            names += [
                "| ",
                (segment.label, _STYLE.get(segment, "bold")),
                " " * (_CELL - 1 - len(segment.label)),
            ]
            figure = f"{count:,}  {_pct(count, r.rows_placed)}"
            counts += [f"| {figure:<{_CELL - 1}}"]
        lines += [[*names, "|"], [*counts, "|"], [rule]]
    return lines


_WIDTH = 88
"""Prose in the terminal report is wrapped to this width."""


def _wrap(text: str, style: str = "", indent: str = "") -> list[list[Piece]]:
    """``text`` wrapped to :data:`_WIDTH`, one line of pieces per line."""
    wrapped = textwrap.wrap(text, _WIDTH - len(indent), break_on_hyphens=False) or [""]
    return [[indent, (line, style)] for line in wrapped]


_DOWN = (Level.HIGH, Level.MODERATE, Level.LOW)
_ACROSS = (Level.LOW, Level.MODERATE, Level.HIGH)


def _breakdown_lines(breakdown: GroupBreakdown, total: int, min_cell: int) -> list[list[Piece]]:
    shown = _shown(breakdown, min_cell)
    name_width = max([len(breakdown.column), len("Total"), *(len(g.value) for g, _ in shown)])
    cell = 6
    head = f"{breakdown.column:<{name_width}}  {'People':>7}" + "".join(
        f" {_SHORT[s]:>{cell}}" for s in Segment
    )
    lines: list[list[Piece]] = [
        [(f"By {breakdown.column}: each group's share of its people in each segment", "bold")],
        [(head, "bold")],
    ]
    for group, row in shown:
        if row.size is None:
            size = f"<{min_cell}" if row.small else "-"
            lines.append([f"{group.value:<{name_width}}  {size:>7} ", ("(suppressed)", "muted")])
            continue
        lines.append(
            [
                f"{group.value:<{name_width}}  {group.total:>7,}"
                + "".join(f" {_pct(group.count(s), group.total):>{cell}}" for s in Segment)
            ]
        )
    overall = [sum(g.count(s) for g in breakdown.groups) for s in Segment]
    lines.append(
        [
            (
                f"{'Total':<{name_width}}  {total:>7,}"
                + "".join(f" {_pct(c, total):>{cell}}" for c in overall),
                "bold",
            )
        ]
    )
    key = ", ".join(f"{_SHORT[s]} {s.label}" for s in Segment)
    return lines + _wrap(f"Key: {key}.", "muted") + _wrap(_suppression_note(min_cell), "muted")


def _check_lines(heading: str, check: CalibrationCheck, column: str | None) -> list[list[Piece]]:
    lines: list[list[Piece]] = [[(heading, "bold")]]
    for part in _check_parts(check):
        lines += _wrap(part, "", "  ")
    meaning = check_reading(check, column=column)
    if meaning:
        lines += _wrap(meaning, "warn" if check.significant() else "good", "  ")
    for finding in check.findings:
        lines += _wrap(str(finding), "warn" if finding.severity.value != "info" else "", "  ")
    return lines


def review_lines(
    talent_review: TalentReview,
    *,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    label: str = "",
    previous_label: str = "",
    source: str | None = None,
    min_cell: int = MIN_CELL,
    shown_rejections: int = 10,
    shown_findings: int = 20,
) -> list[list[Piece]]:
    """The text report as lines of styled pieces (see :func:`apsperf._terminal.write_styled`).

    Rows not placed and the findings on reading come last: the first ``shown_rejections``
    and ``shown_findings`` of each, with a count of the rest.
    """
    check_min_cell(min_cell)
    r = talent_review
    shown_source = r.source if source is None else source
    cycles = _cycles(label, previous_label if moved is not None else "")
    lines: list[list[Piece]] = [
        [
            (
                "Talent review"
                + (f" of {shown_source}" if shown_source else "")
                + (f" ({cycles})" if cycles else ""),
                "bold",
            ),
            f": {r.rows_read:,} rows read, {r.rows_placed:,} placed, "
            f"{len(r.rejected):,} not placed",
        ],
        [],
        *_grid_lines(r),
    ]
    for breakdown in r.breakdowns:
        lines += [[], *_breakdown_lines(breakdown, r.rows_placed, min_cell)]
    if moved is not None:
        then = previous_label or "the previous cycle"
        lines += [[], [(f"Movement since {then}", "bold")], *_wrap(movement_sentence(moved))]
    for heading, check in checks:
        lines += [[], *_check_lines(heading, check, _column_of(check, r))]
    if r.rejected:
        lines += [[], [("Rows not placed:", "bold")]]
        lines += [[f"  {row}"] for row in r.rejected[:shown_rejections]]
        if len(r.rejected) > shown_rejections:
            lines.append(
                [f"  ... and {len(r.rejected) - shown_rejections:,} more (see --json or --html)"]
            )
    if r.findings:
        lines += [[], [(f"Findings on reading ({len(r.findings):,}):", "bold")]]
        lines += [[f"  {finding}"] for finding in r.findings[:shown_findings]]
        if len(r.findings) > shown_findings:
            lines.append(
                [f"  ... and {len(r.findings) - shown_findings:,} more (see --json or --html)"]
            )
    return lines


def review_text(
    talent_review: TalentReview,
    *,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    label: str = "",
    previous_label: str = "",
    source: str | None = None,
    min_cell: int = MIN_CELL,
) -> str:
    """The review as plain text for a terminal: labelled grid, breakdowns, movement, checks.

    The same report as :func:`review_html`, with the same options; breakdowns show each
    group's shares and a total row, with small cells suppressed (``min_cell``).
    """
    lines = review_lines(
        talent_review,
        moved=moved,
        checks=checks,
        label=label,
        previous_label=previous_label,
        source=source,
        min_cell=min_cell,
    )
    return "\n".join(plain(line).rstrip() for line in lines)


def _person_rows(workforce: Workforce) -> tuple[list[str], Any]:
    groups = list(workforce.group_names)
    header = [
        "employee_id",
        "segment",
        "segment_label",
        "performance",
        "potential",
        "line",
        *groups,
    ]
    codes = workforce.segment_codes()
    columns = [workforce.group_values(g) for g in groups]
    lines = workforce.lines()

    def rows() -> Any:
        for index, employee_id in enumerate(workforce.employee_ids):
            segment = SEGMENTS[codes[index]]
            yield [
                employee_id,
                segment.value,
                segment.label,
                segment.performance.value,
                segment.potential.value,
                lines[index],
                *(c[index] for c in columns),
            ]

    return header, rows()


def write_placements_csv(workforce: Workforce, stream: TextIO) -> None:
    """Write one CSV row per person placed, with spreadsheet formulas neutralised."""
    header, rows = _person_rows(workforce)
    write_rows(stream, header, rows)


def write_placements_json(workforce: Workforce, stream: TextIO) -> None:
    """Write one JSON object per person placed, in a document with a schema version."""
    header, rows = _person_rows(workforce)
    from apsperf.serialization import SCHEMA_VERSION

    people = [dict(zip(header, row, strict=True)) for row in rows]
    json.dump(
        {"schema_version": SCHEMA_VERSION, "placements": people},
        stream,
        ensure_ascii=False,
        indent=1,
    )
