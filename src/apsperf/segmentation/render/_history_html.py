"""The history over cycles as an HTML page a talent council can read.

Self-contained, on the shared HTML base (:mod:`apsperf._html`): everything that came from a
file is escaped. The page shows, in this order: each pattern with its plain name, its
definition, how many show it against how many chance alone would give, and the people in
it as a table (paged: at most ``rows_per_pattern`` rows each, sorted by identifier, the rest
pointed to the per-person export); the movement between each pair of cycles as readable
tables with the symmetry tests and rates; the talent-pool trend by group when there is one;
and the files read.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from typing import Final

from apsperf._arguments import checked
from apsperf._html import Cell, Markup, classed, escape, page, reading, table
from apsperf.segmentation.analysis._history import History, PatternMatch, person_header
from apsperf.segmentation.analysis._trends import AxisMovement, PoolTrend, TransitionRates
from apsperf.segmentation.model._flows import MovementCounts
from apsperf.segmentation.model._levels import Direction, Level, Segment, direction_of
from apsperf.segmentation.render._history_text import (
    BALANCE_NOTE,
    CHANCE_NOTE,
    PATTERN_NOTE,
    p_text,
    rate_text,
    state_label,
    trend_note,
)
from apsperf.segmentation.render._inputs_view import inputs_html
from apsperf.segmentation.render._pack import group_label

__all__ = ["PEOPLE_SHOWN", "history_html", "identifier_key"]

PEOPLE_SHOWN: Final = 200
"""People listed per pattern on the page (apsperf's choice); everyone is in the export."""

_EXPORT = "apsperf history --csv FILE or --xlsx FILE"
_CSS = (
    ".pair{display:flex;flex-wrap:wrap;gap:0 2em}.pair>div{flex:0 1 auto}"
    "section.pattern{margin-top:1.5em}"
)
_DIGITS = re.compile(r"(\d+)")


def identifier_key(employee_id: str) -> tuple[tuple[int, int, str, str], ...]:
    """Sort identifiers as people read them: ``E2`` before ``E10``, ``E010`` after ``E9``.

    Runs of digits compare by value (by length once leading zeros are stripped, so a
    hostile 10,000-digit identifier is never turned into a number), the rest as text.
    """
    key = []
    for index, part in enumerate(_DIGITS.split(employee_id)):
        if index % 2:
            digits = part.lstrip("0")
            key.append((0, len(digits), digits, part))
        elif part:
            key.append((1, 0, part, part))
    return tuple(key)


def _pattern_rows(result: History, match: PatternMatch, rows: int) -> str:
    ids = match.employee_ids
    if not ids:
        return "<p>Nobody shows this pattern.</p>"
    first = heapq.nsmallest(rows, ids, key=identifier_key)
    if result.holds_people:
        header = person_header(result)
        head: list[Cell] = ["Employee", *header[1:]]
        details = result.details(first)
        body: list[list[Cell]] = [
            [i, *map(state_label, result.trajectory(i).segments), *extra]
            for i, extra in zip(first, details, strict=True)
        ]
        caption = (
            f"Segment in each cycle ({', '.join(result.cycles)})"
            + (
                f", then {', '.join(result.detail_columns)} as the latest cycle's file has them"
                if result.detail_columns
                else ""
            )
            + "; - not in that cycle's file"
        )
    else:
        head, body, caption = ["Employee"], [[i] for i in first], "People in this pattern"
    parts = [table(head, body, caption=caption)]
    if len(ids) > len(first):
        parts.append(
            f'<p class="muted">The first {len(first):,} of {len(ids):,} people, by identifier; '
            f"{len(ids) - len(first):,} more are not shown here. Everyone's trajectory is in "
            f"the per-person export ({_EXPORT}).</p>"
        )
    return "".join(parts)


def _patterns(result: History, rows: int) -> str:
    parts = ["<h2>Patterns</h2>", reading(PATTERN_NOTE)]
    parts.append(
        table(
            ["Pattern", "What it means", "People", "Expected by chance alone"],
            (
                [
                    Markup(f'<a href="#{m.pattern.value}">{escape(m.pattern.label)}</a>'),
                    m.pattern.definition,
                    len(m.employee_ids),
                    "-" if m.expected is None else f"{m.expected:,.1f}",
                ]
                for m in result.patterns
            ),
        )
    )
    parts.append(f'<p class="muted">{escape(CHANCE_NOTE)}</p>')
    for match in result.patterns:
        expected = (
            "" if match.expected is None else f"; {match.expected:,.1f} expected by chance alone"
        )
        parts.append(
            f'<section class="pattern" id="{escape(match.pattern.value)}">'
            f"<h3>{escape(match.pattern.label)}</h3>"
            f"<p>{escape(match.pattern.definition)}</p>"
            f"<p><strong>{len(match.employee_ids):,}</strong> people show it{escape(expected)}."
            "</p>" + _pattern_rows(result, match, rows) + "</section>"
        )
    return "".join(parts)


_LEVELS = tuple(Level)


def _axis_table(axis: AxisMovement) -> str:
    head: list[Cell] = [f"{axis.earlier} \\ {axis.later}", *(lv.label for lv in _LEVELS)]
    body: list[list[Cell]] = []
    for i, row in enumerate(axis.table):
        cells: list[Cell] = [_LEVELS[i].label]
        for j, count in enumerate(row):
            kind = "stay" if i == j else "up" if j > i else "down"
            cells.append(classed(count, kind))
        body.append(cells)
    return table(head, body, caption=f"{axis.axis.capitalize()} level")


def _segment_table(moved: MovementCounts, earlier: str, later: str) -> str:
    segments = tuple(Segment)
    body: list[list[Cell]] = []
    for i, before in enumerate(segments):
        cells: list[Cell] = [before.label]
        for j, after in enumerate(segments):
            way = direction_of(before, after)
            cells.append(
                classed(moved.matrix[i][j], "stay" if way is Direction.STAYED else way.value)
            )
        body.append(cells)
    return table(
        [f"{earlier} \\ {later}", *(s.label for s in segments)],
        body,
        caption="Segment (rows: the earlier cycle; columns: the later one)",
    )


def _movement(result: History) -> str:
    parts = ["<h2>Movement between cycles</h2>", reading(BALANCE_NOTE)]
    for index, moved in enumerate(result.movements):
        earlier, later = result.cycles[index], result.cycles[index + 1]
        parts.append(f"<h3>{escape(earlier)} to {escape(later)}</h3>")
        parts.append(
            f"<p>{moved.common:,} people placed in both cycles; {moved.common - moved.stayed:,} "
            f"changed segment; {moved.joined:,} joined and {moved.left:,} left.</p>"
        )
        axes = [a for a in result.axes if (a.earlier, a.later) == (earlier, later)]
        if axes:
            parts.append(
                '<div class="pair">'
                + "".join(f"<div>{_axis_table(a)}</div>" for a in axes)
                + "</div>"
            )
            parts.append(
                table(
                    [
                        "Axis",
                        "Moved up",
                        "Stayed",
                        "Moved down",
                        "Stuart-Maxwell (level shares)",
                        "Bowker (each pair of levels)",
                    ],
                    (
                        [
                            a.axis.capitalize(),
                            rate_text(a.up),
                            rate_text(a.stayed),
                            rate_text(a.down),
                            _test(a.homogeneity, a.homogeneity_df, a.homogeneity_p_value),
                            _test(a.symmetry, a.symmetry_df, a.symmetry_p_value),
                        ]
                        for a in axes
                    ),
                    caption="Shares with 95% Wilson intervals; tests of balance",
                )
            )
        parts.append(_segment_table(moved, earlier, later))
        rates = [t for t in result.transitions if (t.earlier, t.later) == (earlier, later)]
        parts.extend(_rates_table(t) for t in rates)
    return "".join(parts)


def _rates_table(transitions: TransitionRates) -> str:
    """Of the people in each segment in the earlier cycle, the share in each one later."""
    segments = tuple(Segment)
    body: list[list[Cell]] = []
    for before, row in zip(segments, transitions.rates, strict=True):
        cells: list[Cell] = [f"{before.label} ({row[0].people:,})"]
        for after, rate in zip(segments, row, strict=True):
            way = direction_of(before, after)
            cells.append(classed(rate_text(rate), "stay" if way is Direction.STAYED else way.value))
        body.append(cells)
    return table(
        [f"{transitions.earlier} \\ {transitions.later}", *(s.label for s in segments)],
        body,
        caption=(
            "Transition rates: of the people in each segment in the earlier cycle (how many "
            "in brackets), the share in each segment in the later one, with 95% Wilson "
            "intervals"
        ),
    )


def _test(statistic: float | None, df: int, p: float | None) -> str:
    if statistic is None:
        return "not computed (too little movement)"
    return f"{statistic:.2f} (df {df}), p {p_text(p)}"


def _trend(trend: PoolTrend, cycles: Sequence[str]) -> str:
    body: list[list[Cell]] = []
    for group in trend.groups:
        name = group_label(group.value)
        if group.suppressed:
            hidden = classed(
                f"hidden (fewer than {trend.min_cell})" if group.small else "hidden",
                "suppressed",
            )
            body.append([name, *([hidden] * len(cycles)), "-", "-", "-"])
            continue
        cells: list[Cell] = [name]
        for share, selected, people in zip(group.shares, group.selected, group.people, strict=True):
            cells.append("-" if share is None else f"{share:.1%} ({selected:,} of {people:,})")
        if group.z is None:
            cells += ["not computed", "-", "-"]
        else:
            cells += [f"{group.z:+.2f}", p_text(group.p_value), p_text(group.adjusted_p_value)]
        body.append(cells)
    return (
        f"<h2>Talent-pool share by {escape(trend.column)}</h2>"
        + table(
            ["Group", *cycles, "Trend z", "p", "Holm-adjusted p"],
            body,
            caption="Share of each group's placed people in the talent pool, per cycle",
        )
        + reading(trend_note(trend))
    )


@checked
def history_html(
    result: History, *, title: str = "Talent history", rows_per_pattern: int = PEOPLE_SHOWN
) -> str:
    """The history over cycles as one self-contained HTML page a council can read.

    Each pattern with its plain name, definition, observed and expected counts and its
    people (at most ``rows_per_pattern`` each, sorted by identifier, with their segment in
    each cycle and the latest file's other columns; everyone is in the per-person export,
    ``apsperf history --csv FILE`` or ``--xlsx FILE``); the movement between cycles with
    its tests; the pool trend by group when the history has one; the files read.
    """
    if isinstance(rows_per_pattern, bool) or not isinstance(rows_per_pattern, int):
        raise TypeError("rows_per_pattern must be a whole number")
    rows = max(0, rows_per_pattern)
    parts = [f"<h1>{escape(title)}</h1>"]
    parts.append(
        f'<p class="subtitle">Cycles: {escape(", ".join(result.cycles))}; '
        f"{result.people:,} people seen in any cycle.</p>"
    )
    parts.append(_patterns(result, rows))
    parts.append(_movement(result))
    if result.pool_trend is not None:
        parts.append(_trend(result.pool_trend, result.cycles))
    parts.append(inputs_html(result.inputs))
    return page(title, "".join(parts), css=_CSS)
