"""A small document model that every guide is laid out in, and its three renderings.

Guides become a :class:`Document` of blocks (headings, paragraphs, lists, answer boxes);
each output format renders the same blocks, so every format shows the same content.
Every string is treated as untrusted: HTML escapes it, Markdown backslash-escapes it.
"""

from __future__ import annotations

import enum
import html
import re
import textwrap
from typing import Final

import attrs

from apsperf._html import page
from apsperf.errors import ValidationError, _shown

__all__ = [
    "AnswerBox",
    "Bullets",
    "Detail",
    "Document",
    "Entry",
    "Heading",
    "OutputFormat",
    "Paragraph",
    "Quote",
    "Table",
    "TableRow",
    "render_document",
]


class OutputFormat(enum.Enum):
    """The formats a guide renders to."""

    MARKDOWN = "md"
    HTML = "html"
    TEXT = "text"

    @classmethod
    def parse(cls, value: object, *, field: str = "format") -> OutputFormat:
        """Read a format from ``"md"``, ``"html"`` or ``"text"`` (one spelling each)."""
        if isinstance(value, OutputFormat):
            return value
        if isinstance(value, str):
            key = value.strip().lower()
            for member in cls:
                if member.value == key:
                    return member
        raise ValidationError(
            f"{_shown(value)} is not a format; expected md, html or text", path=field
        )


@attrs.frozen
class Heading:
    """A heading; level 2 is a section, level 3 a subsection."""

    text: str
    level: int = 2


@attrs.frozen
class Paragraph:
    """A paragraph, optionally led by a bold label such as "Note:"."""

    text: str
    label: str | None = None


@attrs.frozen
class Quote:
    """Words the reader might say, shown in the source's single quotation marks: ‘…’."""

    text: str


@attrs.frozen
class Entry:
    """One list item and the items nested under it."""

    text: str
    children: tuple[str, ...] = ()


@attrs.frozen
class Bullets:
    """A list, bulleted or numbered."""

    entries: tuple[Entry, ...]
    numbered: bool = False


@attrs.frozen
class Detail:
    """A labelled fact, such as "Segment: Top Talent"."""

    label: str
    value: str


@attrs.frozen
class AnswerBox:
    """A box on a form: its prompt, the hint under it, and what was written, if anything."""

    label: str
    hint: str | None = None
    answer: str | None = None


@attrs.frozen
class TableRow:
    """A row of a two-column table: the first column's text and the second column's lines."""

    heading: str
    cell: tuple[Paragraph | Bullets, ...]


@attrs.frozen
class Table:
    """A two-column table, such as the aspiration guide's STEPS and ACTIONS."""

    columns: tuple[str, str]
    rows: tuple[TableRow, ...]


Block = Heading | Paragraph | Quote | Bullets | Detail | AnswerBox | Table


@attrs.frozen
class Document:
    """A titled sequence of blocks, with the source credited at the end."""

    title: str
    blocks: tuple[Block, ...]
    subtitle: str | None = None
    credits: tuple[str, ...] = ()


def render_document(document: Document, output: OutputFormat) -> str:
    """The document in the given format."""
    if output is OutputFormat.HTML:
        return _html(document)
    if output is OutputFormat.MARKDOWN:
        return _markdown(document)
    return _text(document)


# --- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|~&])")
# The indent is white space other than a line feed, so a match never runs on past the end of
# its line: with ``\s*`` every blank line start re-scanned all the blank lines after it,
# quadratic in line breaks (32,000 of them took 15 s). ``\d+`` stops at its line's end too.
_MD_NUMBER_START: Final = re.compile(r"^([^\S\n]*)(\d+)([.)])", re.MULTILINE)
_MD_MARK_START: Final = re.compile(r"^([^\S\n]*)([#+=-])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, headings, lists or HTML."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()) if "\n" not in text else text)
    escaped = _MD_NUMBER_START.sub(r"\1\2\\\3", escaped)
    escaped = _MD_MARK_START.sub(r"\1\\\2", escaped)
    return escaped.replace("\r", "")


def _md_lines(text: str) -> list[str]:
    return [md_escape(line) for line in text.splitlines() if line.strip()] or [""]


def _md_cell(text: str) -> str:
    return md_escape(" ".join(text.split()))


def _md_table(table: Table) -> list[str]:
    """A pipe table; a cell's lines are joined by ``<br>``, its bullets marked ``•``."""
    out = [
        "| " + " | ".join(_md_cell(c) for c in table.columns) + " |",
        "| --- | --- |",
    ]
    for row in table.rows:
        lines: list[str] = []
        for part in row.cell:
            if isinstance(part, Paragraph):
                lead = f"**{_md_cell(part.label)}** " if part.label else ""
                lines.append(lead + _md_cell(part.text))
            else:
                lines += [f"• {_md_cell(entry.text)}" for entry in part.entries]
        out.append(f"| {_md_cell(row.heading)} | {'<br>'.join(lines)} |")
    return [*out, ""]


def _markdown(document: Document) -> str:
    out = [f"# {md_escape(document.title)}", ""]
    if document.subtitle:
        out += [f"*{md_escape(document.subtitle)}*", ""]
    for block in document.blocks:
        if out[-1] and not isinstance(block, Detail):
            out.append("")
        if isinstance(block, Heading):
            out += [f"{'#' * block.level} {md_escape(block.text)}", ""]
        elif isinstance(block, Paragraph):
            lead = f"**{md_escape(block.label)}** " if block.label else ""
            out += [lead + md_escape(block.text), ""]
        elif isinstance(block, Quote):
            out += ["> ‘" + md_escape(block.text) + "’", ""]
        elif isinstance(block, Table):
            out += _md_table(block)
        elif isinstance(block, Bullets):
            for number, entry in enumerate(block.entries, start=1):
                marker = f"{number}." if block.numbered else "-"
                out.append(f"{marker} {md_escape(entry.text)}")
                indent = " " * (len(marker) + 1)
                out += [f"{indent}- {md_escape(child)}" for child in entry.children]
            out.append("")
        elif isinstance(block, Detail):
            out += [f"- **{md_escape(block.label)}:** {md_escape(block.value)}"]
        else:
            out += [f"**{md_escape(block.label)}**", ""]
            if block.hint:
                out += [f"*{md_escape(block.hint)}*", ""]
            if block.answer is not None and block.answer.strip():
                out += ["> " + line for line in _md_lines(block.answer)]
            else:
                out.append("> …")
            out.append("")
    if document.credits:
        out += ["---", ""] + [f"*{md_escape(line)}*  " for line in document.credits]
    return "\n".join(out).rstrip() + "\n"


# --- plain text ---------------------------------------------------------------------------

_WIDTH: Final = 88


def _wrap(text: str, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    for number, part in enumerate(text.splitlines() or [""]):
        indent = first if number == 0 else rest
        if any(len(word) > _WIDTH for word in part.split()):
            lines += _wrap_long_words(part, indent, rest)
            continue
        lines += textwrap.wrap(
            part,
            _WIDTH,
            initial_indent=indent,
            subsequent_indent=rest,
            break_on_hyphens=False,
        ) or [rest.rstrip()]
    return lines


def _wrap_long_words(part: str, first: str, rest: str) -> list[str]:
    """Wrap text holding words longer than a line, in linear time.

    ``textwrap`` re-slices a long word once per line it fills, which is quadratic in the
    word's length (an 8 MB one-word answer took 30 s); here each word is cut in one pass.
    """
    lines: list[str] = []
    line = first
    filled = False  # whether ``line`` holds a word yet
    for word in part.split():
        start = 0  # the word is read from here on: cutting never copies the rest of it
        while start < len(word):
            left = len(word) - start
            room = _WIDTH - len(line) - (1 if filled else 0)
            if left <= room:
                piece = word[start:] if start else word
                line, filled, start = (
                    (f"{line} {piece}" if filled else line + piece),
                    True,
                    len(word),
                )
            elif filled:
                lines.append(line)
                line, filled = rest, False
            else:  # a word longer than a whole line: cut it
                cut = max(room, 1)
                lines.append(line + word[start : start + cut])
                start += cut
                line = rest
    if filled or not lines:
        lines.append(line if filled else line.rstrip())
    return lines


def _text_table(table: Table) -> list[str]:
    """The columns' headings, then each row: its heading, and its cell indented under it."""
    head = " | ".join(table.columns)
    out = [head, "-" * min(len(head), _WIDTH)]
    for row in table.rows:
        out += _wrap(row.heading, "", "")
        for part in row.cell:
            if isinstance(part, Paragraph):
                text = f"{part.label} {part.text}" if part.label else part.text
                out += _wrap(text, "    | ", "    |   ")
            else:
                for entry in part.entries:
                    out += _wrap(entry.text, "    | * ", "    |   ")
        out.append("")
    return out


def _text(document: Document) -> str:
    out = [document.title, "=" * min(len(document.title), _WIDTH)]
    if document.subtitle:
        out.append(document.subtitle)
    out.append("")
    for block in document.blocks:
        if out[-1] and not isinstance(block, Detail):
            out.append("")
        if isinstance(block, Heading):
            underline = "-" if block.level <= 2 else "."
            out += [block.text, underline * min(len(block.text), _WIDTH), ""]
        elif isinstance(block, Paragraph):
            text = f"{block.label} {block.text}" if block.label else block.text
            out += [*_wrap(text, "", ""), ""]
        elif isinstance(block, Quote):
            out += [*_wrap(f"‘{block.text}’", "    ", "    "), ""]
        elif isinstance(block, Table):
            out += _text_table(block)
        elif isinstance(block, Bullets):
            for number, entry in enumerate(block.entries, start=1):
                marker = f"{number}. " if block.numbered else "* "
                out += _wrap(entry.text, "  " + marker, " " * (2 + len(marker)))
                for child in entry.children:
                    out += _wrap(child, "      - ", "        ")
            out.append("")
        elif isinstance(block, Detail):
            out += _wrap(f"{block.label}: {block.value}", "", "    ")
        else:
            out += _wrap(block.label, "", "")
            if block.hint:
                out += _wrap(f"({block.hint})", "", "")
            if block.answer is not None and block.answer.strip():
                out += _wrap(block.answer, "  > ", "  > ")
            else:
                out.append("  > ______________________________")
            out.append("")
    if document.credits:
        out += ["-" * 40, *(line for c in document.credits for line in _wrap(c, "", ""))]
    return "\n".join(out).rstrip() + "\n"


# --- HTML ---------------------------------------------------------------------------------

_STYLE: Final = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; line-height: 1.5;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #c8c8c8; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
.subtitle { color: #555; margin-top: 0; }
blockquote { border-left: 4px solid #7a9cc6; margin: 1rem 0; padding: 0.2rem 1rem;
             background: #f3f6fa; }
dl.detail { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dl.detail dt { font-weight: 600; }
dl.detail dd { margin: 0; }
.box { border: 1px solid #bbb; border-radius: 4px; padding: 0.5rem 1rem; margin: 1rem 0; }
.box .prompt { font-weight: 600; margin: 0; }
.box .hint { color: #555; font-style: italic; margin: 0.2rem 0; }
.box .answer { white-space: pre-wrap; margin: 0.5rem 0 0; min-height: 3rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #c8c8c8; padding: 0.4rem 0.6rem; text-align: left;
         vertical-align: top; }
thead th { background: #f3f6fa; }
td p { margin: 0 0 0.5rem; }
footer { margin-top: 3rem; border-top: 1px solid #c8c8c8; color: #555; font-size: 0.9rem; }
@media print { body { margin: 0; } .box { break-inside: avoid; } }
""".strip()


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_table(table: Table) -> list[str]:
    heads = "".join(f'<th scope="col">{_e(c)}</th>' for c in table.columns)
    out = ["<table>", f"<thead><tr>{heads}</tr></thead>", "<tbody>"]
    for row in table.rows:
        cell: list[str] = []
        for part in row.cell:
            if isinstance(part, Paragraph):
                lead = f"<strong>{_e(part.label)}</strong> " if part.label else ""
                cell.append(f"<p>{lead}{_e(part.text)}</p>")
            else:
                cell.append("<ul>" + "".join(f"<li>{_e(e.text)}</li>" for e in part.entries))
                cell.append("</ul>")
        out.append(f'<tr><th scope="row">{_e(row.heading)}</th><td>{"".join(cell)}</td></tr>')
    return [*out, "</tbody>", "</table>"]


def _html(document: Document) -> str:
    out = [
        "<main>",
        f"<h1>{_e(document.title)}</h1>",
    ]
    if document.subtitle:
        out.append(f'<p class="subtitle">{_e(document.subtitle)}</p>')
    details: list[str] = []

    def flush() -> None:
        if details:
            out.append('<dl class="detail">')
            out.extend(details)
            out.append("</dl>")
            details.clear()

    for block in document.blocks:
        if not isinstance(block, Detail):
            flush()
        if isinstance(block, Heading):
            level = min(max(block.level, 2), 6)
            out.append(f"<h{level}>{_e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            lead = f"<strong>{_e(block.label)}</strong> " if block.label else ""
            out.append(f"<p>{lead}{_e(block.text)}</p>")
        elif isinstance(block, Quote):
            out.append(f"<blockquote><p>‘{_e(block.text)}’</p></blockquote>")
        elif isinstance(block, Table):
            out += _html_table(block)
        elif isinstance(block, Bullets):
            tag = "ol" if block.numbered else "ul"
            out.append(f"<{tag}>")
            for entry in block.entries:
                if entry.children:
                    children = "".join(f"<li>{_e(c)}</li>" for c in entry.children)
                    out.append(f"<li>{_e(entry.text)}<ul>{children}</ul></li>")
                else:
                    out.append(f"<li>{_e(entry.text)}</li>")
            out.append(f"</{tag}>")
        elif isinstance(block, Detail):
            details.append(f"<dt>{_e(block.label)}</dt><dd>{_e(block.value)}</dd>")
        else:
            out.append('<section class="box">')
            out.append(f'<p class="prompt">{_e(block.label)}</p>')
            if block.hint:
                out.append(f'<p class="hint">{_e(block.hint)}</p>')
            answer = block.answer if block.answer is not None else ""
            out.append(f'<p class="answer">{_e(answer)}</p>')
            out.append("</section>")
    flush()
    out.append("</main>")
    if document.credits:
        out.append("<footer>")
        out.extend(f"<p>{_e(line)}</p>" for line in document.credits)
        out.append("</footer>")
    return page(document.title, "\n".join(out), css=_STYLE)
