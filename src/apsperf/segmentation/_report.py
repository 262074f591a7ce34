"""Pictures and exports of a talent review: SVG nine-box, HTML report, text, CSV and JSON."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any, TextIO

from apsperf._csvsafe import write_rows
from apsperf.segmentation._levels import Level, Segment, grid_layout
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

_FILL = {
    Segment.TOP_TALENT: "#1b7837",
    Segment.HIGH_ACHIEVER: "#5aae61",
    Segment.EMERGING_POTENTIAL: "#5aae61",
    Segment.PROVEN_PERFORMER: "#a6dba0",
    Segment.WELL_PLACED: "#a6dba0",
    Segment.UNREALISED_POTENTIAL: "#a6dba0",
    Segment.SOLID_CONTRIBUTOR: "#f7f7f7",
    Segment.UNCERTAIN: "#f7f7f7",
    Segment.STRONGEST_CONCERN: "#e7d4e8",
}
_DARK = {Segment.TOP_TALENT, Segment.HIGH_ACHIEVER, Segment.EMERGING_POTENTIAL}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def nine_box_svg(talent_review: TalentReview, *, title: str = "") -> str:
    """The nine-box grid with each segment's name, count and share, as a standalone SVG."""
    cell, left = 165, 100
    top = 40 if title else 16
    width, height = left + 3 * cell + 10, top + 3 * cell + 50
    total = talent_review.rows_placed
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="Arial, Helvetica, sans-serif">',
        f"<title>{_e(title or 'Talent Segmentation Model')}</title>",
    ]
    if title:
        parts.append(
            f'<text x="{left}" y="24" font-size="16" font-weight="bold">{_e(title)}</text>'
        )
    for r, row in enumerate(grid_layout()):
        for c, segment in enumerate(row):
            x, y = left + c * cell, top + r * cell
            count = talent_review.count(segment)
            ink = "#ffffff" if segment in _DARK else "#222222"
            parts += [
                f'<g><rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                f'fill="{_FILL[segment]}" stroke="#444444"/>',
                f'<text x="{x + cell / 2}" y="{y + 34}" text-anchor="middle" font-size="13" '
                f'font-weight="bold" fill="{ink}">{_e(segment.label)}</text>',
                f'<text x="{x + cell / 2}" y="{y + 84}" text-anchor="middle" font-size="28" '
                f'fill="{ink}">{count:,}</text>',
                f'<text x="{x + cell / 2}" y="{y + 112}" text-anchor="middle" font-size="13" '
                f'fill="{ink}">{_pct(count, total)}</text></g>',
            ]
    for i, level in enumerate((Level.HIGH, Level.MODERATE, Level.LOW)):
        middle = top + i * cell + cell / 2
        parts.append(
            f'<text x="{left - 8}" y="{middle}" text-anchor="end" font-size="12">'
            f"{level.label}</text>"
        )
    for i, level in enumerate((Level.LOW, Level.MODERATE, Level.HIGH)):
        centre = left + i * cell + cell / 2
        parts.append(
            f'<text x="{centre}" y="{top + 3 * cell + 18}" text-anchor="middle" '
            f'font-size="12">{level.label}</text>'
        )
    parts += [
        f'<text x="{left + 1.5 * cell}" y="{top + 3 * cell + 40}" text-anchor="middle" '
        'font-size="13" font-weight="bold">Performance</text>',
        f'<text x="22" y="{top + 1.5 * cell}" text-anchor="middle" font-size="13" '
        f'font-weight="bold" transform="rotate(-90 22 {top + 1.5 * cell})">Potential</text>',
        "</svg>",
    ]
    return "\n".join(parts)


def _segment_table(talent_review: TalentReview) -> str:
    total = talent_review.rows_placed
    rows = "".join(
        f"<tr><td>{_e(s.label)}</td><td>{_e(s.performance.label)}</td>"
        f"<td>{_e(s.potential.label)}</td><td class=n>{talent_review.count(s):,}</td>"
        f"<td class=n>{_pct(talent_review.count(s), total)}</td></tr>"
        for s in Segment
    )
    return (
        "<table><thead><tr><th>Segment</th><th>Performance</th><th>Potential</th>"
        "<th>People</th><th>Share</th></tr></thead><tbody>"
        f"{rows}</tbody><tfoot><tr><th colspan=3>Placed</th><th class=n>{total:,}</th>"
        "<th class=n>100.0%</th></tr></tfoot></table>"
    )


def review_fragment(talent_review: TalentReview) -> str:
    """An HTML fragment (grid and table) for notebooks."""
    return f"<div>{nine_box_svg(talent_review)}{_segment_table(talent_review)}</div>"


_CSS = """
body{font-family:Arial,Helvetica,sans-serif;margin:2em;color:#222;max-width:70em}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;padding:.3em .6em}
th{background:#eee;text-align:left}td.n,th.n{text-align:right}
.warning{color:#8a4b00}.error{color:#a00}caption{text-align:left;font-weight:bold}
"""


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
        f"<p>{moved.common:,} people were placed in both cycles: {moved.stayed:,} stayed in "
        f"their segment, {len(moved.moved(Direction.UP)):,} moved up, "
        f"{len(moved.moved(Direction.DOWN)):,} moved down and "
        f"{len(moved.moved(Direction.ACROSS)):,} moved across. "
        f"{len(moved.joiners):,} joined and {len(moved.leavers):,} left.</p>"
        "<table><caption>Previous segment (rows) by current segment (columns)</caption>"
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _check_html(check: CalibrationCheck, heading: str) -> str:
    p = "not reported" if check.p_value is None else f"{check.p_value:.4g}"
    effect = "Cramér's V" if check.test == "independence" else "Cohen's w"
    notes = "".join(
        f'<li class="{_e(f.severity.value)}">{_e(f.message)}</li>' for f in check.findings
    )
    return (
        f"<h2>{_e(heading)}</h2><p>Chi-square {check.statistic:.2f} with "
        f"{check.degrees_of_freedom} degrees of freedom; p-value {p}; {effect} "
        f"{check.effect_size:.3f}.</p>" + (f"<ul>{notes}</ul>" if notes else "")
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


def review_html(
    talent_review: TalentReview,
    *,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    title: str = "Talent review",
) -> str:
    """A self-contained HTML report: summary, nine-box picture, tables, movement, checks.

    Every value that came from the input (group names, file names, reasons) is escaped.
    """
    r = talent_review
    source = f" of <code>{_e(r.source)}</code>" if r.source else ""
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1><p>Talent review{source}: {r.rows_read:,} rows read, "
        f"{r.rows_placed:,} placed, {len(r.rejected):,} not placed.</p>"
        f"{nine_box_svg(r)}{_segment_table(r)}{_breakdown_tables(r)}"
        + (_movement_html(moved) if moved is not None else "")
        + "".join(_check_html(check, heading) for heading, check in checks)
        + _rejected_html(r)
        + "</body></html>\n"
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
