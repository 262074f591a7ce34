"""Pictures and exports of a talent review: SVG nine-box, HTML report, text, CSV and JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from apsperf._csvsafe import write_rows
from apsperf._html import page
from apsperf.segmentation._grid import _e, _pct, grid_svg, segment_table
from apsperf.segmentation._levels import Segment
from apsperf.segmentation._review import (
    CalibrationCheck,
    Direction,
    Movement,
    TalentReview,
)
from apsperf.segmentation._workforce import SEGMENTS, Workforce

__all__ = [
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


def _breakdown_tables(talent_review: TalentReview) -> str:
    out = []
    for breakdown in talent_review.breakdowns:
        head = "".join(f"<th class=n>{_e(s.label)}</th>" for s in Segment)
        body = "".join(
            f"<tr><td>{_e(g.value)}</td>"
            + "".join(f"<td class=n>{g.count(s):,}</td>" for s in Segment)
            + f"<td class=n>{g.total:,}</td></tr>"
            for g in breakdown.groups
        )
        out.append(
            f"<h2>By {_e(breakdown.column)}</h2><table><thead><tr><th>{_e(breakdown.column)}"
            f"</th>{head}<th class=n>Total</th></tr></thead><tbody>{body}</tbody></table>"
        )
    return "".join(out)


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


def _movement_html(moved: Movement) -> str:
    head = "".join(f"<th class=n>{_e(s.label)}</th>" for s in Segment)
    body = "".join(
        f"<tr><th>{_e(s.label)}</th>"
        + "".join(f"<td class=n>{moved.matrix[i][j]:,}</td>" for j in range(9))
        + "</tr>"
        for i, s in enumerate(SEGMENTS)
    )
    return (
        "<h2>Movement since the previous cycle</h2>"
        f"<p>{_e(movement_sentence(moved))}</p>"
        "<table><caption>Previous segment (rows) by current segment (columns)</caption>"
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def check_sentence(check: CalibrationCheck) -> str:
    """One sentence on a check's result, for the text and HTML reports alike."""
    if check.statistic is None:
        return "No test was run: its shape makes the chi-square meaningless (see the findings)."
    p = "not reported" if check.p_value is None else f"{check.p_value:.4g}"
    effect = "Cramér's V" if check.test == "independence" else "Cohen's w"
    size = "not reported" if check.effect_size is None else f"{check.effect_size:.3f}"
    return (
        f"Chi-square {check.statistic:.2f} with {check.degrees_of_freedom} degrees of "
        f"freedom; p-value {p}; {effect} {size}."
    )


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


def _check_html(check: CalibrationCheck, heading: str) -> str:
    notes = "".join(
        f'<li class="{_e(f.severity.value)}">{_e(f.message)}</li>' for f in check.findings
    )
    return f"<h2>{_e(heading)}</h2><p>{_e(check_sentence(check))}</p>" + (
        f"<ul>{notes}</ul>" if notes else ""
    )


def _rejected_html(talent_review: TalentReview, limit: int = 200) -> str:
    if not talent_review.rejected:
        return ""
    items = "".join(
        f"<tr><td class=n>{r.line}</td><td>{_e(r.field)}</td><td>{_e(r.reason)}</td></tr>"
        for r in talent_review.rejected[:limit]
    )
    more = len(talent_review.rejected) - limit
    tail = f"<p>and {more:,} more.</p>" if more > 0 else ""
    return (
        f"<h2>Rows not placed ({len(talent_review.rejected):,})</h2><table><thead><tr>"
        f"<th>Line</th><th>Column</th><th>Reason</th></tr></thead><tbody>{items}</tbody>"
        f"</table>{tail}"
    )


def _findings_html(talent_review: TalentReview, limit: int = 200) -> str:
    findings = talent_review.findings
    if not findings:
        return ""
    items = "".join(
        f'<tr class="{_e(f.severity.value)}"><td>{_e(f.severity.value)}</td>'
        f"<td>{_e(f.path)}</td><td>{_e(f.message)}</td></tr>"
        for f in findings[:limit]
    )
    more = len(findings) - limit
    tail = f"<p>and {more:,} more (see the JSON).</p>" if more > 0 else ""
    return (
        f"<h2>Findings on reading ({len(findings):,})</h2><table><thead><tr>"
        f"<th>Severity</th><th>Where</th><th>Finding</th></tr></thead><tbody>{items}</tbody>"
        f"</table>{tail}"
    )


def review_html(
    talent_review: TalentReview,
    *,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    title: str = "Talent review",
) -> str:
    """A self-contained HTML report: summary, nine-box picture, tables, movement, checks.

    Rows not placed and the findings on reading (:attr:`TalentReview.findings`) come last,
    the first 200 of each with a count of the rest.

    Every value that came from the input (group names, file names, reasons) is escaped.
    """
    r = talent_review
    source = f" of <code>{_e(r.source)}</code>" if r.source else ""
    return page(
        title,
        f"<h1>{_e(title)}</h1><p>Talent review{source}: {r.rows_read:,} rows read, "
        f"{r.rows_placed:,} placed, {len(r.rejected):,} not placed.</p>"
        f"{nine_box_svg(r)}{segment_table(_counts(r), r.rows_placed)}{_breakdown_tables(r)}"
        + (_movement_html(moved) if moved is not None else "")
        + "".join(_check_html(check, heading) for heading, check in checks)
        + _rejected_html(r)
        + _findings_html(r),
    )


def review_text(talent_review: TalentReview) -> str:
    """A plain-text summary table of the review, for terminals."""
    r = talent_review
    width = max(len(s.label) for s in Segment)
    lines = [
        f"{'Segment':<{width}}  {'People':>9}  {'Share':>6}",
        *(
            f"{s.label:<{width}}  {r.count(s):>9,}  {_pct(r.count(s), r.rows_placed):>6}"
            for s in Segment
        ),
        f"{'Placed':<{width}}  {r.rows_placed:>9,}",
    ]
    grid = ["", "Nine-box grid (potential high to low, performance low to high):"]
    cells = max(len(f"{c:,}") for row in r.grid() for c in row)
    grid += ["  " + "  ".join(f"{c:>{cells},}" for c in row) for row in r.grid()]
    return "\n".join(lines + grid)


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
