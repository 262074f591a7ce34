"""The nine-box picture and segment table of a review, from its counts alone.

This module knows segments and counts, not reviews, so both the review model (for its
notebook view) and the report module can use it without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping

from apsperf._html import xml_escape
from apsperf.segmentation.model._levels import Level, Segment, grid_layout

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
    """Text for SVG and HTML alike: escaped, and characters XML cannot hold replaced."""
    return xml_escape(value)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


FLOW_KEY = (
    "Under each share: \u25b2 moved up into the segment, \u25bc moved down into it, "
    "\u2194 moved across into it, + joined into it, \u2212 left from it."
)
"""What the movement line in each cell of :func:`grid_svg` means."""


def _flow_line(flow: Mapping[str, int]) -> str:
    return (
        f"\u25b2{flow.get('up', 0):,} \u25bc{flow.get('down', 0):,} "
        f"\u2194{flow.get('across', 0):,} +{flow.get('joined', 0):,} "
        f"\u2212{flow.get('left', 0):,}"
    )


def grid_svg(
    counts: Mapping[Segment, int],
    total: int,
    *,
    title: str = "",
    flows: Mapping[Segment, Mapping[str, int]] | None = None,
) -> str:
    """The nine-box grid with each segment's name, count and share, as a standalone SVG.

    With ``flows`` (each segment's ``up``, ``down``, ``across``, ``joined`` and ``left``
    counts, as :meth:`Movement.arrivals` gives them), each cell also shows how people came to
    it and how many left it (see :data:`FLOW_KEY`).
    """
    cell, left = 165, 100
    top = 40 if title else 16
    width, height = left + 3 * cell + 10, top + 3 * cell + 50
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
            count = counts.get(segment, 0)
            ink = "#ffffff" if segment in _DARK else "#222222"
            parts += [
                f'<g><rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                f'fill="{_FILL[segment]}" stroke="#444444"/>',
                f'<text x="{x + cell / 2}" y="{y + 34}" text-anchor="middle" font-size="13" '
                f'font-weight="bold" fill="{ink}">{_e(segment.label)}</text>',
                f'<text x="{x + cell / 2}" y="{y + 84}" text-anchor="middle" font-size="28" '
                f'fill="{ink}">{count:,}</text>',
                f'<text x="{x + cell / 2}" y="{y + 112}" text-anchor="middle" font-size="13" '
                f'fill="{ink}">{_pct(count, total)}</text>',
            ]
            if flows is not None and segment in flows:
                parts.append(
                    f'<text x="{x + cell / 2}" y="{y + 142}" text-anchor="middle" '
                    f'font-size="12" fill="{ink}" class="flow">{_e(_flow_line(flows[segment]))}'
                    "</text>"
                )
            parts.append("</g>")
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


def segment_table(counts: Mapping[Segment, int], total: int) -> str:
    """An HTML table of each segment's levels, count and share."""
    rows = "".join(
        f"<tr><td>{_e(s.label)}</td><td>{_e(s.performance.label)}</td>"
        f"<td>{_e(s.potential.label)}</td><td class=n>{counts.get(s, 0):,}</td>"
        f"<td class=n>{_pct(counts.get(s, 0), total)}</td></tr>"
        for s in Segment
    )
    return (
        "<table><thead><tr><th>Segment</th><th>Performance</th><th>Potential</th>"
        "<th>People</th><th>Share</th></tr></thead><tbody>"
        f"{rows}</tbody><tfoot><tr><th colspan=3>Placed</th><th class=n>{total:,}</th>"
        "<th class=n>100.0%</th></tr></tfoot></table>"
    )


def grid_fragment(counts: Mapping[Segment, int], total: int) -> str:
    """An HTML fragment (grid and table) for notebooks."""
    return f"<div>{grid_svg(counts, total)}{segment_table(counts, total)}</div>"
