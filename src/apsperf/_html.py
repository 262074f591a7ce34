"""One small HTML base for every page apsperf writes.

Every report, pack, plan and roll-up page is built from these pieces, so they share one look,
one set of print rules (A4 landscape, tables that break between rows, never through them) and
one escaping rule: any text that is not a :class:`Markup` fragment is escaped.

- :func:`page` wraps a body in a complete, self-contained document (no scripts, no outside
  files) with the shared styles, plus any page-specific ones.
- :func:`table` builds a table from rows of cells; numbers are right-aligned, a total row goes
  in the footer, and wide tables scroll inside their box instead of running off the page.
- :func:`legend` explains the colours a page uses; :func:`classed` gives one table cell a
  class (a colour from the legend, the diagonal of a matrix).
- :func:`reading` is a check's plain-English reading, set apart from the numbers.
- :func:`xml_escape` escapes text for an SVG (or other XML) file, replacing the characters
  XML cannot hold, so every SVG apsperf writes is well-formed whatever the input.
- :func:`fragment` wraps a notebook display (``_repr_html_``); :func:`clip` shortens text
  from input, and :func:`first_of` says how much of a long list is shown, so that a display
  or a ``repr()`` stays small whatever the input holds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple, TypeAlias

from apsperf._text import NOTEBOOK_NAME, NOTEBOOK_SHOWN, NOTEBOOK_TEXT, clip

__all__ = [
    "BASE_CSS",
    "NOTEBOOK_NAME",
    "NOTEBOOK_SHOWN",
    "NOTEBOOK_TEXT",
    "Cell",
    "Classed",
    "Markup",
    "classed",
    "clip",
    "escape",
    "first_of",
    "fragment",
    "legend",
    "page",
    "quoted",
    "reading",
    "table",
    "xml_escape",
]


class Markup(str):
    """A fragment of HTML that apsperf built itself, inserted without escaping."""

    __slots__ = ()


class Classed(NamedTuple):
    """A table cell with CSS classes (``"up"``, ``"stay"``...): see :func:`classed`."""

    value: str | int | float | Markup | None
    classes: str


Cell: TypeAlias = "str | int | float | Markup | Classed | None"
"""One table cell: text (escaped), a number (right-aligned), trusted markup, or empty."""


def classed(value: str | int | float | Markup | None, classes: str) -> Classed:
    """``value`` as a table cell with the CSS ``classes`` (space-separated names)."""
    return Classed(value, classes)


BASE_CSS: Final = """
:root{--ink:#1f2328;--muted:#59636e;--rule:#c8ccd1;--head:#eef2f7;--warn:#8a4b00;--bad:#a00}
body{font-family:Arial,Helvetica,sans-serif;margin:2em auto;padding:0 1.5em;color:var(--ink);
max-width:75em;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em}
p,li,dd{overflow-wrap:anywhere}td,th{overflow-wrap:break-word}
.subtitle,.muted,footer{color:var(--muted)}
.table-wrap{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;margin:.8em 0}
th,td{border:1px solid var(--rule);padding:.3em .6em;vertical-align:top}
th{background:var(--head);text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot td,tfoot th{font-weight:bold;border-top:2px solid var(--ink)}
caption{text-align:left;font-weight:bold;padding-bottom:.3em}
.warning{color:var(--warn)}.error{color:var(--bad)}
p.reading{border-left:4px solid var(--rule);padding:.2em .8em;background:#f6f8fa}
p.reading.notable{border-left-color:var(--warn)}
td.stay{font-weight:bold;outline:2px solid var(--ink);outline-offset:-3px}
.up{background:#d9f0d3}.down{background:#f4d7dc}.across{background:#e8e8f4}
.suppressed{color:var(--muted);font-style:italic}
.figure-row{display:flex;flex-wrap:wrap;gap:1em 2em;align-items:flex-start}
svg{max-width:100%;height:auto}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.4em}
ul.legend .swatch{display:inline-block;width:1em;height:1em;border:1px solid var(--rule);
margin-right:.4em;vertical-align:-.15em}
footer{margin-top:3em;border-top:1px solid var(--rule);font-size:.9em}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;padding:0;max-width:none;font-size:10pt}
.table-wrap{overflow:visible}thead{display:table-header-group}
table,tr,svg,figure,.keep{break-inside:avoid}h2,h3{break-after:avoid}
p.reading,.up,.down,.across{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
""".strip()


def escape(value: object) -> str:
    """``value`` as HTML text: markup fragments as they are, anything else escaped."""
    if isinstance(value, Markup):
        return str(value)
    return html.escape(str(value), quote=True)


_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""A character XML 1.0 cannot hold: C0 controls other than tab and line breaks, surrogates,
U+FFFE and U+FFFF."""


def xml_escape(value: object) -> str:
    r"""``value`` as text for XML (an SVG's content or a quoted attribute), always well-formed.

    Markup characters are escaped as :func:`escape` does, and every character XML 1.0
    cannot hold (a control character such as ``\x01`` or ``\x1b``, a lone surrogate,
    U+FFFE, U+FFFF) becomes U+FFFD, the replacement character, so the file parses whatever
    the input held.
    """
    return html.escape(_NOT_XML.sub("\ufffd", str(value)), quote=True)


def page(title: str, body: str, *, css: str = "", lang: str = "en-AU") -> str:
    """A complete, self-contained HTML document with the shared styles.

    ``title`` is escaped; ``body`` is HTML that the caller built (escaping what came from
    users); ``css`` adds page-specific rules after the shared ones.
    """
    style = BASE_CSS + ("\n" + css.strip() if css.strip() else "")
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{style}\n</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def _cell(tag: str, value: Cell) -> str:
    if isinstance(value, Classed):
        inner = _cell(tag, value.value)
        names = escape(value.classes)
        if inner.startswith(f'<{tag} class="'):
            return inner.replace('class="', f'class="{names} ', 1)
        return f'<{tag} class="{names}"' + inner[len(tag) + 1 :]
    if value is None:
        return f"<{tag}></{tag}>"
    if isinstance(value, bool):
        raise TypeError("a table cell is text, a number or Markup, not a bool")
    if isinstance(value, int | float) and not isinstance(value, Markup):
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
        return f'<{tag} class="n">{text}</{tag}>'
    return f"<{tag}>{escape(value)}</{tag}>"


def table(
    head: Sequence[Cell],
    rows: Iterable[Sequence[Cell]],
    *,
    caption: str | None = None,
    foot: Sequence[Cell] | None = None,
    row_headers: bool = True,
    class_: str = "",
) -> str:
    """An HTML table in a box that scrolls rather than overflowing the page.

    The first cell of each row is a row header when ``row_headers``; ``foot`` is a total row.
    Numbers are formatted with thousands separators and right-aligned.
    """

    def row(cells: Sequence[Cell], first: str, rest: str) -> str:
        out = [_cell(first if i == 0 else rest, value) for i, value in enumerate(cells)]
        return "<tr>" + "".join(out) + "</tr>"

    body_first = "th" if row_headers else "td"
    attribute = f' class="{escape(class_)}"' if class_ else ""
    parts = [f'<div class="table-wrap"><table{attribute}>']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead>" + row(head, "th", "th") + "</thead><tbody>")
    parts.extend(row(cells, body_first, "td") for cells in rows)
    parts.append("</tbody>")
    if foot is not None:
        parts.append("<tfoot>" + row(foot, "th", "td") + "</tfoot>")
    parts.append("</table></div>")
    return "".join(parts)


def legend(items: Sequence[tuple[str, str]], *, title: str = "Legend") -> str:
    """A colour legend: one swatch and label per ``(css colour, label)`` pair."""
    swatches = "".join(
        f'<li><span class="swatch" style="background:{escape(colour)}"></span>{escape(label)}</li>'
        for colour, label in items
    )
    return (
        f'<div class="legend keep"><strong>{escape(title)}</strong>'
        f'<ul class="legend">{swatches}</ul></div>'
    )


def reading(text: str, *, notable: bool = False) -> str:
    """A check's plain-English reading as a paragraph (escaped); ``notable`` marks a finding."""
    return f'<p class="reading{" notable" if notable else ""}">{escape(text)}</p>'


def listing(
    names: Sequence[str], *, shown: int = NOTEBOOK_SHOWN, limit: int | None = NOTEBOOK_NAME
) -> str:
    """The first ``shown`` of ``names`` (each clipped to ``limit``), then "and N more".

    Plain text, joined with commas (``""`` for no names); the caller escapes it.
    """
    first = names[:shown] if limit is None else [clip(name, limit) for name in names[:shown]]
    rest = f" and {len(names) - shown:,} more" if len(names) > shown else ""
    return ", ".join(first) + rest


NOTEBOOK_CSS: Final = (
    ".apsperf td.n,.apsperf th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".apsperf td.stay{font-weight:bold;outline:2px solid currentColor;outline-offset:-3px}"
    ".apsperf .up{background:#d9f0d3}.apsperf .down{background:#f4d7dc}"
    ".apsperf .across{background:#e8e8f4}.apsperf .suppressed{font-style:italic}"
    ".apsperf ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.4em}"
    ".apsperf ul.legend .swatch{display:inline-block;width:1em;height:1em;"
    "border:1px solid #c8ccd1;margin-right:.4em;vertical-align:-.15em}"
)
"""The styles a notebook display needs (legend swatches, shaded moves), scoped to it: a
notebook has none of the report's own styles."""


def fragment(body: str) -> str:
    """A notebook display: ``body`` (HTML the caller built and escaped) in one ``<div>``.

    It carries its own scoped styles (:data:`NOTEBOOK_CSS`), so legends and shaded cells
    look as they do in the HTML report.
    """
    return f'<div class="apsperf"><style>{NOTEBOOK_CSS}</style>{body}</div>'


def first_of(shown: int, total: int, what: str) -> str:
    """A note that only the first ``shown`` of ``total`` ``what`` are shown (empty if all are)."""
    if total <= shown:
        return ""
    return f'<p class="muted">The first {shown:,} of {total:,} {escape(what)} are shown.</p>'


def quoted(text: str, limit: int = 40) -> str:
    """``repr()`` of ``text`` clipped to ``limit`` characters: a name in a one-line ``repr()``."""
    return repr(clip(text, limit))
