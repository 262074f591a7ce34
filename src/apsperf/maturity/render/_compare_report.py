"""Year-on-year comparison reports: text, Markdown, HTML, JSON, CSV and an SVG chart.

Each starts with the comparison's notices, as every roll-up report does.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Final

from apsperf._html import page, table, xml_escape
from apsperf.maturity.analysis._compare import AgencyChange, LevelMovement, RollupComparison
from apsperf.maturity.model._elements import Element
from apsperf.maturity.render._report import (
    _STYLE,
    ReportFormat,
    _csv,
    _html_notices,
    _md,
    _md_notices,
    _render,
    _svg_head,
    _svg_notices,
    _text_notices,
)

__all__ = ["render_comparison"]

TITLE: Final = "SES performance maturity, year on year"
UP_COLOUR: Final = "#2166ac"
DOWN_COLOUR: Final = "#b35806"


def _heading(c: RollupComparison) -> str:
    return (
        f"{c.old_label} ({c.old_agency_count} agencies) compared with {c.new_label} "
        f"({c.new_agency_count} agencies): {len(c.agencies)} in both; scale: {c.scale_name}."
    )


def _elements_list(elements: tuple[Element, ...]) -> str:
    return ", ".join(e.label.lower() for e in elements)


def _moves(a: AgencyChange) -> str:
    """``"development 2→3; reward and recognition 3→2"``: the elements that moved."""
    return "; ".join(
        f"{c.element.label.lower()} {c.old_level}→{c.new_level}"
        for c in a.elements
        if c.movement in (LevelMovement.UP, LevelMovement.DOWN)
    )


def _element_rows(c: RollupComparison) -> list[list[str]]:
    return [[m.element.label, str(m.up), str(m.down), str(m.same)] for m in c.elements]


_ELEMENT_HEAD: Final = ["Element", "Moved up", "Moved down", "Same"]


def _only(c: RollupComparison) -> list[tuple[str, tuple[str, ...]]]:
    return [(f"Only in {c.old_label}", c.only_in_old), (f"Only in {c.new_label}", c.only_in_new)]


def render_comparison_text(c: RollupComparison) -> str:
    """The comparison as plain text for a terminal."""
    width = max(len(e.label) for e in Element)
    lines = [TITLE, "", *_text_notices(c.notices), _heading(c), ""]
    lines.append("Agencies moving, by element (up, down, same)")
    lines += [
        f"  {m.element.label:<{width}}  up {m.up:>3}  down {m.down:>3}  same {m.same:>3}"
        for m in c.elements
    ]
    for title, chosen in (("Moved up", c.moved_up), ("Moved down", c.moved_down)):
        lines += ["", title]
        lines += [f"  {a.agency}: {_moves(a)}" for a in chosen] or ["  none"]
    for title, names in _only(c):
        lines += ["", title]
        lines += [f"  {name}" for name in names] or ["  none"]
    return "\n".join(lines) + "\n"


def render_comparison_markdown(c: RollupComparison) -> str:
    """The comparison as a Markdown report."""
    lines = [f"# {TITLE}", "", *_md_notices(c.notices), _md(_heading(c)), ""]
    lines += ["## Agencies moving, by element", ""]
    lines += ["| " + " | ".join(_ELEMENT_HEAD) + " |", "| --- | ---: | ---: | ---: |"]
    lines += ["| " + " | ".join(row) + " |" for row in _element_rows(c)]
    for title, chosen in (("Moved up", c.moved_up), ("Moved down", c.moved_down)):
        lines += ["", f"## {title}", ""]
        lines += [f"- {_md(a.agency)}: {_md(_moves(a))}" for a in chosen] or ["None."]
    for title, names in _only(c):
        lines += ["", f"## {_md(title)}", ""]
        lines += [f"- {_md(name)}" for name in names] or ["None."]
    return "\n".join(lines) + "\n"


def render_comparison_html(c: RollupComparison) -> str:
    """The comparison as one self-contained HTML page, chart inline; all text escaped."""
    e = html.escape
    out = [
        f"<h1>{e(TITLE)}</h1>",
        _html_notices(c.notices),
        f"<p>{e(_heading(c))}</p>",
        render_comparison_svg(c),
        "<h2>Agencies moving, by element</h2>",
        table(_ELEMENT_HEAD, _element_rows(c)),
    ]
    for title, chosen in (("Moved up", c.moved_up), ("Moved down", c.moved_down)):
        out.append(f"<h2>{e(title)}</h2>")
        rows = [[a.agency, _moves(a)] for a in chosen]
        out.append(table(["Agency", "Elements"], rows) if rows else "<p>None.</p>")
    for title, names in _only(c):
        out.append(f"<h2>{e(title)}</h2>")
        items = "".join(f"<li>{e(name)}</li>" for name in names)
        out.append(f"<ul>{items}</ul>" if names else "<p>None.</p>")
    return page(TITLE, "\n".join(out), css=_STYLE)


def render_comparison_csv(c: RollupComparison) -> str:
    """One CSV row per agency and element, then one row per agency in one roll-up only.

    Columns: agency, element, the level in each roll-up (blank: not rated) and the
    movement (``up``, ``down``, ``same``, ``newly-rated``, ``no-longer-rated``,
    ``not-rated``, or ``only-in-old`` / ``only-in-new`` with the element blank). The first
    row is a comment (``# ...``) with the notices; formula-like cells get an apostrophe.
    """
    rows: list[list[object]] = [
        ["agency", "element", f"level_{c.old_label}", f"level_{c.new_label}", "movement"]
    ]
    for a in c.agencies:
        rows += [
            [
                a.agency,
                ch.element.value,
                _level(ch.old_level),
                _level(ch.new_level),
                ch.movement.value,
            ]
            for ch in a.elements
        ]
    rows += [[name, "", "", "", "only-in-old"] for name in c.only_in_old]
    rows += [[name, "", "", "", "only-in-new"] for name in c.only_in_new]
    return _csv(rows, c.notices)


def _level(level: int | None) -> str:
    return "" if level is None else str(level)


def render_comparison_svg(c: RollupComparison, *, width: int = 760) -> str:
    """A diverging bar per element: agencies moving down to the left, up to the right."""
    e = xml_escape
    label_width, bar_height, gap = 280, 22, 10
    half = (width - label_width - 20) / 2
    centre = label_width + half
    title = f"Agencies moving up or down, by element: {c.old_label} to {c.new_label}"
    notice_parts, notice_height = _svg_notices(c.notices, top=30, width=width)
    top = 44 + notice_height
    scale = half / max([1, *(max(m.up, m.down) for m in c.elements)])
    legend_top = top + len(c.elements) * (bar_height + gap) + 8
    height = legend_top + 30
    parts = _svg_head(title, c.notices, notice_parts, width=width, height=height)
    for row, m in enumerate(c.elements):
        y = top + row * (bar_height + gap)
        middle = f"{y + bar_height / 2 + 4:g}"
        parts.append(
            f'<text x="{label_width - 8}" y="{middle}" '
            f'text-anchor="end">{e(m.element.label)}</text>'
        )
        for count, colour, sign, word in (
            (m.down, DOWN_COLOUR, -1, "down"),
            (m.up, UP_COLOUR, 1, "up"),
        ):
            if count == 0:
                continue
            w = count * scale
            x = centre - w if sign < 0 else centre
            parts.append(
                f'<rect x="{x:.1f}" y="{y:g}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{colour}"><title>{e(m.element.label)}: {count} moved {word}</title></rect>'
            )
            anchor, tx = ("end", x - 4) if sign < 0 else ("start", x + w + 4)
            parts.append(f'<text x="{tx:.1f}" y="{middle}" text-anchor="{anchor}">{count}</text>')
    bottom = top + len(c.elements) * (bar_height + gap)
    parts.append(
        f'<line x1="{centre:.1f}" y1="{top - 4:g}" x2="{centre:.1f}" y2="{bottom:g}" '
        'stroke="#666666"/>'
    )
    for index, (colour, label) in enumerate(((DOWN_COLOUR, "Moved down"), (UP_COLOUR, "Moved up"))):
        lx = 10 + index * 160
        parts.append(f'<rect x="{lx}" y="{legend_top:g}" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 20}" y="{legend_top + 11:g}">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def render_comparison(
    comparison: RollupComparison, format: ReportFormat | str = ReportFormat.TEXT
) -> str:
    """The comparison in ``format``: text, markdown, html, json, csv or svg."""
    renderers: dict[ReportFormat, Callable[[RollupComparison], str]] = {
        ReportFormat.TEXT: render_comparison_text,
        ReportFormat.MARKDOWN: render_comparison_markdown,
        ReportFormat.HTML: render_comparison_html,
        ReportFormat.CSV: render_comparison_csv,
        ReportFormat.SVG: render_comparison_svg,
    }
    return _render(comparison, format, renderers, kind=RollupComparison, field="comparison")
