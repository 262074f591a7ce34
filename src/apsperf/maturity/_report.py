"""Roll-up reports: Markdown, self-contained HTML, JSON, CSV and an SVG stacked-bar chart."""

from __future__ import annotations

import csv
import enum
import html
import io
from collections.abc import Sequence
from typing import Final

from apsperf._csvsafe import safe_cell
from apsperf._html import page
from apsperf.errors import ValidationError
from apsperf.maturity._elements import Element
from apsperf.maturity._rollup import Rollup

__all__ = [
    "ReportFormat",
    "render_agencies_csv",
    "render_chart_svg",
    "render_distribution_csv",
    "render_html",
    "render_markdown",
    "render_report",
]


class ReportFormat(enum.Enum):
    """The formats a roll-up report can be written in."""

    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    CSV = "csv"
    DISTRIBUTION_CSV = "distribution-csv"
    SVG = "svg"

    @classmethod
    def parse(cls, value: object, *, field: str = "format") -> ReportFormat:
        """Read a format from its name (``"html"``, ``"md"`` for Markdown), in any case."""
        if isinstance(value, ReportFormat):
            return value
        if isinstance(value, str):
            key = value.strip().casefold()
            if key == "md":
                return ReportFormat.MARKDOWN
            for member in ReportFormat:
                if member.value == key:
                    return member
        choices = ", ".join(m.value for m in ReportFormat)
        raise ValidationError(
            f"{value!r:.40} is not a report format; expected one of {choices}", path=field
        )


NOT_RATED_COLOUR: Final = "#c8c8c8"


def _csv(rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def render_agencies_csv(rollup: Rollup) -> str:
    """One CSV row per agency: its date, level on each element, aggregates and flag.

    Cells that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a line break) get a leading apostrophe.
    """
    below = {b.agency: b for b in rollup.below_threshold}
    header: list[object] = [
        "agency",
        "assessed_on",
        "complete",
        *(e.value for e in Element),
        "overall",
        "weakest_link",
        "mean",
        f"below_level_{rollup.threshold}",
    ]
    rows: list[list[object]] = [header]
    for summary in rollup.agencies:
        flagged = below.get(summary.agency)
        rows.append(
            [
                summary.agency,
                summary.assessed_on.isoformat(),
                "yes" if summary.complete else "no",
                *("" if level is None else level for level in summary.levels),
                _number(summary.overall),
                summary.weakest_link,
                _number(summary.mean),
                " ".join(e.value for e in flagged.elements) if flagged else "",
            ]
        )
    return _csv(rows)


def render_distribution_csv(rollup: Rollup) -> str:
    """One CSV row per element: how many agencies are at each level, and how many not rated."""
    header: list[object] = [
        "element",
        "label",
        *(f"{rank} {name}" for rank, name in enumerate(rollup.level_names, start=1)),
        "not rated",
        "agencies",
    ]
    rows: list[list[object]] = [header]
    for d in rollup.distributions:
        rows.append([d.element.value, d.element.label, *d.counts, d.not_rated, d.total])
    return _csv(rows)


def _palette(count: int) -> tuple[str, ...]:
    light, dark = (0xDE, 0xEB, 0xF7), (0x08, 0x30, 0x6B)
    colours = []
    for index in range(count):
        share = index / (count - 1) if count > 1 else 1.0
        rgb = (round(a + (b - a) * share) for a, b in zip(light, dark, strict=True))
        colours.append("#" + "".join(f"{c:02x}" for c in rgb))
    return tuple(colours)


def _text_colour(fill: str) -> str:
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "#ffffff"


def render_chart_svg(rollup: Rollup, *, width: int = 760) -> str:
    """A stacked bar per element showing how many agencies sit at each level, as SVG text.

    Levels run from light (level 1) to dark (top level); agencies that did not rate an
    element are grey. Every label is escaped; the chart needs no other software.
    """
    e = html.escape
    label_width, bar_height, gap, top = 280, 26, 10, 44
    bar_width = max(width - label_width - 20, 100)
    colours = _palette(len(rollup.level_names))
    rows = len(rollup.distributions)
    legend_top = top + rows * (bar_height + gap) + 10
    legend_items = [*zip(rollup.level_names, colours, strict=True), ("Not rated", NOT_RATED_COLOUR)]
    legend_rows = (len(legend_items) + 2) // 3
    height = legend_top + legend_rows * 22 + 10
    title = f"Maturity levels of {rollup.agency_count} agencies, by element"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{e(title)}</title>",
        f'<text x="10" y="22" font-size="15" font-weight="bold">{e(title)}</text>',
    ]
    total = max(rollup.agency_count, 1)
    for row, dist in enumerate(rollup.distributions):
        y = top + row * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height / 2 + 4:g}" '
            f'text-anchor="end">{e(dist.element.label)}</text>'
        )
        x = float(label_width)
        segments = [
            *zip(rollup.level_names, colours, dist.counts, strict=True),
            ("Not rated", NOT_RATED_COLOUR, dist.not_rated),
        ]
        for name, colour, count in segments:
            if count == 0:
                continue
            w = bar_width * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{colour}" stroke="#ffffff"><title>{e(dist.element.label)}: '
                f"{count} at {e(name)}</title></rect>"
            )
            if w >= 18:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar_height / 2 + 4:g}" '
                    f'text-anchor="middle" fill="{_text_colour(colour)}">{count}</text>'
                )
            x += w
    for index, (name, colour) in enumerate(legend_items):
        lx = 10 + (index % 3) * ((width - 20) // 3)
        ly = legend_top + (index // 3) * 22
        label = name if name == "Not rated" else f"{index + 1} {name}"
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="14" height="14" fill="{colour}" stroke="#666666"/>'
        )
        parts.append(f'<text x="{lx + 20}" y="{ly + 11}">{e(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


_MD_SPECIAL: Final = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    return " ".join(text.split()).translate(_MD_SPECIAL)


def _level_text(level: int | None) -> str:
    return "—" if level is None else str(level)


def render_markdown(rollup: Rollup) -> str:
    """The roll-up as a Markdown report.

    It has the distribution table, the agencies below the threshold and one line per agency.
    """
    names = rollup.level_names
    lines = [
        "# SES performance maturity across agencies",
        "",
        f"{rollup.agency_count} agencies; scale: {_md(rollup.scale_name)}; aggregate rule: "
        f"{rollup.rule.label.lower()} (mean shown alongside).",
        "",
        "## Levels by element",
        "",
        "| Element | "
        + " | ".join(f"{r} {_md(n)}" for r, n in enumerate(names, 1))
        + " | Not rated |",
        "| --- | " + " | ".join("---:" for _ in names) + " | ---: |",
    ]
    for d in rollup.distributions:
        lines.append(
            f"| {d.element.label} | " + " | ".join(str(c) for c in d.counts) + f" | {d.not_rated} |"
        )
    threshold_name = names[rollup.threshold - 1]
    lines += [
        "",
        f"## Agencies below level {rollup.threshold} ({_md(threshold_name)}) on any element",
        "",
    ]
    if rollup.below_threshold:
        lines += [
            f"- {_md(b.agency)}: "
            + ", ".join(e.label.lower() for e in b.elements)
            + f" (lowest level {b.lowest})"
            for b in rollup.below_threshold
        ]
    else:
        lines.append("None.")
    lines += [
        "",
        "## Agencies",
        "",
        "| Agency | Assessed | " + " | ".join(e.label for e in Element) + " | Overall | Mean |",
        "| --- | --- | " + " | ".join("---:" for _ in Element) + " | ---: | ---: |",
    ]
    for s in rollup.agencies:
        lines.append(
            f"| {_md(s.agency)} | {s.assessed_on.isoformat()} | "
            + " | ".join(_level_text(level) for level in s.levels)
            + f" | {_number(s.overall) or '—'} | {_number(s.mean) or '—'} |"
        )
    return "\n".join(lines) + "\n"


_STYLE: Final = (
    "body{font-family:sans-serif;margin:2em;color:#1a1a1a}"
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{border:1px solid #bbb;padding:4px 8px}td.n{text-align:right}"
    "th{background:#eef2f7;text-align:left}"
)


def render_html(rollup: Rollup) -> str:
    """The roll-up as one self-contained HTML page (inline style and chart, no scripts).

    Every piece of text that came from a self-assessment is escaped.
    """
    e = html.escape
    names = rollup.level_names
    out = [
        "<h1>SES performance maturity across agencies</h1>",
        f"<p>{rollup.agency_count} agencies; scale: {e(rollup.scale_name)}; aggregate rule: "
        f"{e(rollup.rule.label.lower())} (mean shown alongside).</p>",
        render_chart_svg(rollup),
        "<h2>Levels by element</h2>",
        "<table><thead><tr><th>Element</th>"
        + "".join(f"<th>{r} {e(n)}</th>" for r, n in enumerate(names, 1))
        + "<th>Not rated</th></tr></thead><tbody>",
    ]
    for d in rollup.distributions:
        out.append(
            f"<tr><td>{e(d.element.label)}</td>"
            + "".join(f'<td class="n">{c}</td>' for c in d.counts)
            + f'<td class="n">{d.not_rated}</td></tr>'
        )
    out.append("</tbody></table>")
    out.append(
        f"<h2>Agencies below level {rollup.threshold} "
        f"({e(names[rollup.threshold - 1])}) on any element</h2>"
    )
    if rollup.below_threshold:
        out.append(
            "<ul>"
            + "".join(
                f"<li>{e(b.agency)}: {e(', '.join(x.label.lower() for x in b.elements))} "
                f"(lowest level {b.lowest})</li>"
                for b in rollup.below_threshold
            )
            + "</ul>"
        )
    else:
        out.append("<p>None.</p>")
    out.append(
        "<h2>Agencies</h2><table><thead><tr><th>Agency</th><th>Assessed</th>"
        + "".join(f"<th>{e(x.label)}</th>" for x in Element)
        + "<th>Overall</th><th>Mean</th></tr></thead><tbody>"
    )
    for s in rollup.agencies:
        out.append(
            f"<tr><td>{e(s.agency)}</td><td>{s.assessed_on.isoformat()}</td>"
            + "".join(f'<td class="n">{_level_text(level)}</td>' for level in s.levels)
            + f'<td class="n">{_number(s.overall) or "—"}</td>'
            f'<td class="n">{_number(s.mean) or "—"}</td></tr>'
        )
    out.append("</tbody></table>")
    return page("SES performance maturity across agencies", "\n".join(out), css=_STYLE)


def render_report(rollup: Rollup, format: ReportFormat | str = ReportFormat.MARKDOWN) -> str:
    """The roll-up report in ``format`` (a :class:`ReportFormat` or its name)."""
    chosen = ReportFormat.parse(format)
    if not isinstance(rollup, Rollup):
        raise ValidationError(f"expected Rollup, got {type(rollup).__name__}", path="rollup")
    if chosen is ReportFormat.JSON:
        from apsperf.serialization import to_json

        return to_json(rollup) + "\n"
    renderers = {
        ReportFormat.MARKDOWN: render_markdown,
        ReportFormat.HTML: render_html,
        ReportFormat.CSV: render_agencies_csv,
        ReportFormat.DISTRIBUTION_CSV: render_distribution_csv,
        ReportFormat.SVG: render_chart_svg,
    }
    return renderers[chosen](rollup)
