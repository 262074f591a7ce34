"""Roll-up reports: text, Markdown, self-contained HTML, JSON, CSV and an SVG bar chart.

Every report starts with the roll-up's notices (that the data is the synthetic sample, when
it is, and whose wording the level descriptions are) and carries the APS-wide summary.
"""

from __future__ import annotations

import enum
import html
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Final, TypeVar

import attrs

from apsperf._arguments import checked
from apsperf._csvsafe import csv_text
from apsperf._html import page, table, xml_escape
from apsperf.errors import ValidationError, _shown
from apsperf.maturity.analysis._rollup import ElementSummary, Rollup
from apsperf.maturity.model._elements import Element

__all__ = [
    "ReportFormat",
    "render_agencies_csv",
    "render_chart_svg",
    "render_distribution_csv",
    "render_html",
    "render_markdown",
    "render_report",
    "render_text",
]


class ReportFormat(enum.Enum):
    """The formats a roll-up report can be written in."""

    TEXT = "text"
    MARKDOWN = "md"
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
            for member in ReportFormat:
                if member.value == key:
                    return member
        choices = ", ".join(m.value for m in ReportFormat)
        raise ValidationError(
            f"{_shown(value)} is not a report format; expected one of {choices}", path=field
        )


NOT_RATED_COLOUR: Final = "#c8c8c8"


def _csv(rows: Sequence[Sequence[object]], notices: Sequence[str] = ()) -> str:
    """CSV text; ``notices`` become one leading comment row (a cell starting ``#``).

    Written by :func:`apsperf._csvsafe.write_rows` (formula-safe cells, row breaks quoted),
    without the byte-order mark: the command line adds it when it writes a file.
    """
    table: list[Sequence[object]] = [["# " + " ".join(notices)]] if notices else []
    table += rows
    if not table:
        return ""
    return csv_text(table[0], table[1:], bom=False)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _md_notices(notices: Sequence[str]) -> list[str]:
    """Markdown lines for the notices: one quoted note each, then a blank line."""
    return [line for note in notices for line in (f"> **Note.** {_md(note)}", "")]


def _html_notices(notices: Sequence[str]) -> str:
    """The notices as HTML paragraphs (escaped), or nothing."""
    return "".join(
        f'<p class="notice"><strong>Note.</strong> {html.escape(note)}</p>' for note in notices
    )


def _text_notices(notices: Sequence[str]) -> list[str]:
    """The notices as plain-text lines wrapped at 88 columns, then a blank line.

    A word longer than a line (a file's path) is kept whole, so it can be copied.
    """
    lines = [
        line
        for note in notices
        for line in textwrap.wrap(
            f"Note. {note}",
            width=88,
            subsequent_indent="  ",
            break_on_hyphens=False,
            break_long_words=False,
        )
    ]
    return [*lines, ""] if lines else []


def _svg_head(
    title: str, notices: Sequence[str], notice_parts: list[str], *, width: int, height: float
) -> list[str]:
    """The opening of a chart: ``<svg>``, its title, description, heading and notices.

    ``notice_parts`` are the notice lines :func:`_svg_notices` made.
    """
    e = xml_escape
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:g}" '
        f'viewBox="0 0 {width} {height:g}" role="img" aria-label="{e(title)}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{e(title)}</title>",
        *([f"<desc>{e(' '.join(notices))}</desc>"] if notices else []),
        f'<text x="10" y="22" font-size="15" font-weight="bold">{e(title)}</text>',
        *notice_parts,
    ]


def _svg_notices(notices: Sequence[str], *, top: float, width: int) -> tuple[list[str], float]:
    """SVG ``<text>`` lines for the notices from ``top``, and the height they take."""
    chars = max((width - 20) // 6, 40)
    lines = [
        line
        for note in notices
        for line in textwrap.wrap(note, width=chars, break_on_hyphens=False)
    ]
    parts = [
        f'<text x="10" y="{top + 12 + index * 15:g}" font-size="11" fill="#444444">'
        f"{xml_escape(line)}</text>"
        for index, line in enumerate(lines)
    ]
    return parts, len(lines) * 15 + (6 if lines else 0)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def read_counts(rollup: Rollup) -> str:
    """Every self-assessment read, accounted for: the agencies and any left out as merged.

    "19 self-assessments read: 18 agencies and 1 earlier self-assessment of the same agency
    left out (see the notes)"; the numbers always add up.
    """
    text = (
        f"{_plural(rollup.assessments_read, 'self-assessment')} read: "
        f"{_plural(rollup.agency_count, 'agency', 'agencies')}"
    )
    if rollup.merged:
        text += (
            f" and {_plural(len(rollup.merged), 'earlier self-assessment')} of the same agency "
            "left out (see the notes)"
        )
    return text


def _summary_head(rollup: Rollup) -> list[str]:
    name = rollup.level_names[rollup.threshold - 1]
    return [
        "Element",
        "Rated",
        f"At or above level {rollup.threshold} ({name})",
        "Share",
        "Median level",
    ]


def _summary_cells(s: ElementSummary) -> list[str]:
    return [
        s.element.label,
        str(s.rated),
        str(s.at_or_above),
        _share(s.share),
        _number(s.median) or "—",
    ]


@checked
def render_agencies_csv(rollup: Rollup) -> str:
    """One CSV row per agency: its date, level on each element, aggregates and flag.

    The first row is a comment (``# ...``) with the roll-up's notices. Cells that a
    spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``, ``@``, a tab
    or a line break) get a leading apostrophe.
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
        "synthetic",
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
                "yes" if summary.synthetic else "no",
            ]
        )
    return _csv(rows, rollup.notices)


@checked
def render_distribution_csv(rollup: Rollup) -> str:
    """One CSV row per element: agencies at each level, not rated, and the APS-wide summary.

    After the counts come the summary's columns: agencies at or above the threshold, their
    share of the agencies that rated the element (0 to 1) and the median level. The first
    row is a comment (``# ...``) with the roll-up's notices.
    """
    header: list[object] = [
        "element",
        "label",
        *(f"{rank} {name}" for rank, name in enumerate(rollup.level_names, start=1)),
        "not rated",
        "agencies",
        f"at_or_above_level_{rollup.threshold}",
        "share_at_or_above",
        "median_level",
    ]
    rows: list[list[object]] = [header]
    for d, s in zip(rollup.distributions, rollup.summary, strict=True):
        rows.append(
            [
                d.element.value,
                d.element.label,
                *d.counts,
                d.not_rated,
                d.total,
                s.at_or_above,
                "" if s.share is None else f"{s.share:.4f}".rstrip("0").rstrip("."),
                _number(s.median),
            ]
        )
    return _csv(rows, rollup.notices)


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


@checked
def render_chart_svg(rollup: Rollup, *, width: int = 880) -> str:
    """A stacked bar per element showing how many agencies sit at each level, as SVG text.

    Levels run from light (level 1) to dark (top level); agencies that did not rate an
    element are grey. Beside each bar is the APS-wide summary (share at or above the
    threshold, median level), and under the title the roll-up's notices. Every label is
    escaped; the chart needs no other software.
    """
    e = xml_escape
    label_width, summary_width, bar_height, gap = 280, 140, 26, 10
    bar_width = max(width - label_width - summary_width, 100)
    colours = _palette(len(rollup.level_names))
    title = f"Maturity levels of {rollup.agency_count} agencies, by element"
    notice_parts, notice_height = _svg_notices(rollup.notices, top=30, width=width)
    top = 44 + notice_height
    rows = len(rollup.distributions)
    legend_top = top + rows * (bar_height + gap) + 10
    legend_items = [*zip(rollup.level_names, colours, strict=True), ("Not rated", NOT_RATED_COLOUR)]
    legend_rows = (len(legend_items) + 2) // 3
    height = legend_top + legend_rows * 22 + 10
    parts = _svg_head(title, rollup.notices, notice_parts, width=width, height=height)
    total = max(rollup.agency_count, 1)
    for row, (dist, summary) in enumerate(zip(rollup.distributions, rollup.summary, strict=True)):
        y = top + row * (bar_height + gap)
        middle = f"{y + bar_height / 2 + 4:g}"
        parts.append(
            f'<text x="{label_width - 8}" y="{middle}" '
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
                f'<rect x="{x:.1f}" y="{y:g}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{colour}" stroke="#ffffff"><title>{e(dist.element.label)}: '
                f"{count} at {e(name)}</title></rect>"
            )
            if w >= 18:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{middle}" '
                    f'text-anchor="middle" fill="{_text_colour(colour)}">{count}</text>'
                )
            x += w
        parts.append(
            f'<text x="{label_width + bar_width + 8}" y="{middle}" font-size="11">'
            f"{_share(summary.share)} at {rollup.threshold}+, median "
            f"{_number(summary.median) or '—'}</text>"
        )
    for index, (name, colour) in enumerate(legend_items):
        lx = 10 + (index % 3) * ((width - 20) // 3)
        ly = legend_top + (index // 3) * 22
        label = name if name == "Not rated" else f"{index + 1} {name}"
        parts.append(
            f'<rect x="{lx}" y="{ly:g}" width="14" height="14" fill="{colour}" stroke="#666666"/>'
        )
        parts.append(f'<text x="{lx + 20}" y="{ly + 11:g}">{e(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


_MD_SPECIAL: Final = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    return " ".join(text.split()).translate(_MD_SPECIAL)


def _level_text(level: int | None) -> str:
    return "—" if level is None else str(level)


@checked
def render_markdown(rollup: Rollup) -> str:
    """The roll-up as a Markdown report.

    It has the notices, the APS-wide summary, the distribution table, the agencies below the
    threshold and one line per agency.
    """
    names = rollup.level_names
    lines = [
        "# SES performance maturity across agencies",
        "",
        *_md_notices(rollup.notices),
        f"{read_counts(rollup)}; scale: {_md(rollup.scale_name)}; aggregate rule: "
        f"{rollup.rule.label.lower()} (mean shown alongside).",
        "",
        "## APS-wide summary",
        "",
        "| " + " | ".join(_md(h) for h in _summary_head(rollup)) + " |",
        "| --- | ---: | ---: | ---: | ---: |",
        *("| " + " | ".join(_summary_cells(s)) + " |" for s in rollup.summary),
        "",
        "Share: of the agencies that rated the element.",
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
    ".notice{border-left:4px solid #b35c00;padding:4px 10px;background:#fff6e8}"
)


@checked
def render_html(rollup: Rollup) -> str:
    """The roll-up as one self-contained HTML page (inline style and chart, no scripts).

    Every piece of text that came from a self-assessment is escaped.
    """
    e = html.escape
    names = rollup.level_names
    out = [
        "<h1>SES performance maturity across agencies</h1>",
        _html_notices(rollup.notices),
        f"<p>{e(read_counts(rollup))}; scale: {e(rollup.scale_name)}; aggregate rule: "
        f"{e(rollup.rule.label.lower())} (mean shown alongside).</p>",
        render_chart_svg(rollup),
        "<h2>APS-wide summary</h2>",
        table(_summary_head(rollup), [_summary_cells(s) for s in rollup.summary]),
        "<p>Share: of the agencies that rated the element.</p>",
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


@checked
def render_text(rollup: Rollup) -> str:
    """The roll-up as plain text for a terminal: notices, summary, distribution, agencies."""
    names = rollup.level_names
    width = max(len(e.label) for e in Element)
    lines = [
        "SES performance maturity across agencies",
        "",
        *_text_notices(rollup.notices),
        f"{read_counts(rollup)}; scale: {rollup.scale_name}; aggregate rule: "
        f"{rollup.rule.label.lower()} (mean shown alongside).",
        "",
        f"APS-wide summary (at or above level {rollup.threshold} "
        f"{names[rollup.threshold - 1]}; share of agencies that rated the element)",
    ]
    for es in rollup.summary:
        lines.append(
            f"  {es.element.label:<{width}}  {es.at_or_above:>3} of {es.rated:<3} "
            f"{_share(es.share):>4}  median {_number(es.median) or '—'}"
        )
    lines += ["", "Levels by element: " + ", ".join(f"{r} {n}" for r, n in enumerate(names, 1))]
    for d in rollup.distributions:
        counts = " ".join(f"{c:>3}" for c in d.counts)
        lines.append(f"  {d.element.label:<{width}}  {counts}  not rated {d.not_rated}")
    lines += ["", f"Agencies below level {rollup.threshold} on any element"]
    lines += [
        f"  {b.agency}: " + ", ".join(x.label.lower() for x in b.elements) + f" (lowest {b.lowest})"
        for b in rollup.below_threshold
    ] or ["  none"]
    lines += ["", "Agencies (levels in element order; overall, mean)"]
    name_width = max((len(s.agency) for s in rollup.agencies), default=0)
    for s in rollup.agencies:
        levels = " ".join(_level_text(level) for level in s.levels)
        lines.append(
            f"  {s.agency:<{name_width}}  {s.assessed_on.isoformat()}  {levels}  "
            f"{_number(s.overall) or '—'}  {_number(s.mean) or '—'}"
        )
    return "\n".join(lines) + "\n"


def render_report(rollup: Rollup, format: ReportFormat | str = ReportFormat.MARKDOWN) -> str:
    """The roll-up report in ``format`` (a :class:`ReportFormat` or its name)."""
    renderers: dict[ReportFormat, Callable[[Rollup], str]] = {
        ReportFormat.TEXT: render_text,
        ReportFormat.MARKDOWN: render_markdown,
        ReportFormat.HTML: render_html,
        ReportFormat.CSV: render_agencies_csv,
        ReportFormat.DISTRIBUTION_CSV: render_distribution_csv,
        ReportFormat.SVG: render_chart_svg,
    }
    return _render(rollup, format, renderers, kind=Rollup, field="rollup")


_Report = TypeVar("_Report", bound=attrs.AttrsInstance)


def _render(
    value: _Report,
    format: ReportFormat | str,
    renderers: Mapping[ReportFormat, Callable[[_Report], str]],
    *,
    kind: type[_Report],
    field: str,
) -> str:
    """``value`` in ``format``: JSON as the apsperf document, other formats by ``renderers``."""
    chosen = ReportFormat.parse(format)
    if not isinstance(value, kind):
        raise ValidationError(f"expected {kind.__name__}, got {type(value).__name__}", path=field)
    if chosen is ReportFormat.JSON:
        from apsperf.serialization import to_json

        return to_json(value) + "\n"
    renderer = renderers.get(chosen)
    if renderer is None:
        choices = ", ".join(f.value for f in (*renderers, ReportFormat.JSON))
        raise ValidationError(
            f"{chosen.value!r} is not a format for a {kind.__name__}; expected one of {choices}",
            path="format",
        )
    return renderer(value)
