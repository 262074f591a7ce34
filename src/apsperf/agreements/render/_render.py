"""Markdown and HTML laid out like the paper plan template."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from typing import Final

import attrs

from apsperf._arguments import checked
from apsperf._html import page
from apsperf.agreements.io._template import plan_template, template_edition
from apsperf.agreements.model._lifecycle import PerformanceManagementPlan
from apsperf.agreements.model._plan import (
    LeadershipCapability,
    LearningFocus,
    LearningNeed,
    PerformanceMeasure,
    PlanContent,
    Signature,
)
from apsperf.agreements.model._template import PlanTemplate, TemplateSection
from apsperf.dates import long_date
from apsperf.errors import ValidationError
from apsperf.provenance import Edition

__all__ = ["render_html", "render_markdown"]

_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_\[\]|#~])")


def _split(
    plan: PerformanceManagementPlan | PlanContent,
) -> tuple[PlanContent, PerformanceManagementPlan | None]:
    if isinstance(plan, PerformanceManagementPlan):
        return plan.content, plan
    if isinstance(plan, PlanContent):
        return plan, None
    raise ValidationError(
        f"expected a PerformanceManagementPlan or PlanContent, got {type(plan).__name__}",
        path="plan",
    )


def _date(day: dt.date | None) -> str:
    return "" if day is None else long_date(day)


def _signature(signature: Signature | None) -> str:
    if signature is None:
        return ""
    return f"{signature.name}, {long_date(signature.signed_on)}"


def _measures(measures: Sequence[PerformanceMeasure]) -> list[str]:
    return [m.description for m in measures]


def _relates(need: LearningNeed) -> str:
    if need.focus is LearningFocus.WORK_OUTCOME:
        return f"Business/work outcome {need.outcome_rank}"
    return need.focus.label


def _timing(need: LearningNeed) -> str:
    return " / ".join(part for part in (need.responsibility, need.timing) if part)


_ROWS: Final = 5
"""Rows the paper template prints in sections 1 and 3; renders show at least as many."""


@attrs.frozen
class _Head:
    """A column title with the guidance the template prints inside it."""

    title: str
    guidance: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


def _heads(section: TemplateSection, template: PlanTemplate) -> list[_Head]:
    """The section's column titles, with the template's guidance where the paper prints it."""
    heads = [_Head(title) for title in section.columns]
    prompts = template.prompts
    if section.number == 1:
        heads[0] = _Head(heads[0].title, (prompts.outcome, prompts.typical))
        heads[1] = _Head(heads[1].title, (prompts.measures,), prompts.measure_questions)
    elif section.number == 3:
        heads[3] = _Head(heads[3].title, (prompts.learning_activity,))
    return heads


def _credits(template: PlanTemplate | None, edition: Edition | None) -> tuple[str, ...]:
    if edition is not None:
        return edition.credits
    if template is None or template == plan_template():
        return template_edition().credits
    attribution = template_edition().attribution or template_edition().title
    return (f"Adapted from: {attribution}",)


def _cells(content: PlanContent, template: PlanTemplate) -> list[tuple[str, list[list[list[str]]]]]:
    """Each section's heading and rows; a cell is a list of lines (bullets when several)."""
    outcomes = [
        [
            [f"{o.rank}. {o.outcome}"],
            _measures(o.measures),
            [*o.agency_objectives, *o.division_branch_objectives],
        ]
        for o in content.outcomes
    ]
    outcomes += [[[f"{n}."], [], []] for n in range(len(outcomes) + 1, _ROWS + 1)]
    leadership = []
    for capability in LeadershipCapability:
        row = content.behaviour(capability)
        leadership.append(
            [[f"{capability.number}. {capability.label}"], _measures(row.measures) if row else []]
        )
    learning = [
        [[n.priority.label], [n.need], [_relates(n)], [n.activity or ""], [_timing(n)]]
        for n in content.learning
    ]
    learning += [[[], [], [], [], []] for _ in range(len(learning), _ROWS)]
    career = [[[content.career.officer_aspirations or ""], [content.career.manager_comments or ""]]]
    relationship = [
        [[content.relationship.manager_seeks or ""], [content.relationship.officer_seeks or ""]]
    ]
    rows = (outcomes, leadership, learning, career, relationship)
    return [(s.heading, r) for s, r in zip(template.sections, rows, strict=True)]


def _details(content: PlanContent, template: PlanTemplate) -> list[tuple[str, str, str, str]]:
    d, labels = content.details, template.detail_labels
    return [
        (
            labels.officer_name,
            d.officer_name,
            labels.officer_signature,
            _signature(d.officer_signature),
        ),
        (
            labels.classification_level,
            d.classification_level or "",
            labels.manager_signature,
            _signature(d.manager_signature),
        ),
        (
            labels.division_branch,
            d.division_branch or "",
            labels.meeting_date,
            _date(d.meeting_date),
        ),
        (labels.manager_name, d.manager_name or "", labels.period, d.period.describe()),
    ]


def _history(plan: PerformanceManagementPlan | None) -> list[list[str]]:
    if plan is None:
        return []
    return [
        [
            str(r.number),
            r.event.label,
            r.recorded_by,
            long_date(r.recorded_on),
            r.reason or "",
            ", ".join(r.changes),
        ]
        for r in plan.revisions
    ]


_HISTORY_COLUMNS: Final = ("Revision", "Event", "Recorded by", "Date", "Reason", "Changed")


def _md(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped).replace("\r", "").replace("\n", "<br>")


def _md_cell(lines: list[str]) -> str:
    lines = [line for line in lines if line]
    if len(lines) > 1:
        return "<br>".join(f"• {_md(line)}" for line in lines)
    return _md(lines[0]) if lines else " "


def _md_head(head: _Head) -> str:
    parts = [_md(head.title)]
    parts += [f"*{_md(text)}*" for text in head.guidance]
    parts += [f"• *{_md(text)}*" for text in head.questions]
    return "<br>".join(parts)


def _md_table(header: Sequence[_Head], rows: list[list[list[str]]]) -> list[str]:
    out = ["| " + " | ".join(_md_head(h) for h in header) + " |", "|" + "---|" * len(header)]
    out.extend("| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows)
    return out


@checked
def render_markdown(
    plan: PerformanceManagementPlan | PlanContent,
    *,
    template: PlanTemplate | None = None,
    edition: Edition | None = None,
) -> str:
    """The plan as Markdown laid out like the paper template.

    A details table comes first, then sections 1-5 under the template's headings, with the
    template's guidance in the column titles where the paper prints it and at least the
    paper's five rows in sections 1 and 3 (blank ones to write in), then (for a
    :class:`PerformanceManagementPlan`) its revision history and the credit to the
    template's publisher. ``edition`` is the provenance of an agency's ``template`` (as
    :func:`load_plan_template` returns it); without one, a tailored template is credited
    as adapted from the shipped one. Text from the plan is escaped so that it cannot
    inject markup.
    """
    credits = _credits(template, edition)
    content, whole = _split(plan)
    template = plan_template() if template is None else template
    lines = [f"# {_md(template.title)}", "", f"*{_md(template.stage)}*"]
    if whole is not None:
        lines[-1] += f" · Status: {whole.status.label} (revision {whole.current.number})"
    lines += ["", _md(template.purpose), ""]
    lines += ["| | | | |", "|---|---|---|---|"]
    lines += [
        "| " + " | ".join(_md(cell) or " " for cell in row) + " |"
        for row in _details(content, template)
    ]
    for section, (heading, rows) in zip(template.sections, _cells(content, template), strict=True):
        lines += ["", f"## {_md(heading)}", ""]
        for paragraph in section.introduction:
            lines += [_md(paragraph), ""]
        if section.number == 4:
            lines += [f"- {_md(item)}" for item in template.prompts.manager_role]
            lines += ["", _md(template.prompts.own_responsibility), ""]
        lines += _md_table(_heads(section, template), rows)
    history = _history(whole)
    if history:
        lines += ["", "## Revision history", ""]
        header = [_Head(title) for title in _HISTORY_COLUMNS]
        lines += _md_table(header, [[[cell] for cell in row] for row in history])
    lines += ["", "---", ""] + [f"*{_md(line)}*  " for line in credits]
    return "\n".join(lines).rstrip() + "\n"


def _h(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _html_cell(lines: list[str], tag: str = "td") -> str:
    lines = [line for line in lines if line]
    if len(lines) > 1:
        body = "<ul>" + "".join(f"<li>{_h(line)}</li>" for line in lines) + "</ul>"
    else:
        body = _h(lines[0]) if lines else ""
    return f"<{tag}>{body}</{tag}>"


def _html_head(head: _Head) -> str:
    body = _h(head.title)
    body += "".join(f'<p class="guidance">{_h(text)}</p>' for text in head.guidance)
    if head.questions:
        items = "".join(f"<li>{_h(text)}</li>" for text in head.questions)
        body += f'<ul class="guidance">{items}</ul>'
    return f"<th>{body}</th>"


def _html_table(header: Sequence[_Head], rows: list[list[list[str]]]) -> list[str]:
    out = [
        "<table>",
        "<thead><tr>" + "".join(_html_head(h) for h in header) + "</tr></thead>",
        "<tbody>",
    ]
    out.extend("<tr>" + "".join(_html_cell(cell) for cell in row) + "</tr>" for row in rows)
    out += ["</tbody>", "</table>"]
    return out


_STYLE: Final = """
body { font-family: Arial, Helvetica, sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #555; padding: 0.4em; vertical-align: top; text-align: left; }
th { background: #e8eef4; }
.details th { width: 18%; }
h2 { background: #1f3a5f; color: #fff; padding: 0.3em 0.5em; font-size: 1.1em; }
ul { margin: 0; padding-left: 1.2em; }
.guidance { font-weight: normal; font-style: italic; margin: 0.3em 0 0; }
footer { margin-top: 2em; font-size: 0.9em; color: #444; }
""".strip()


@checked
def render_html(
    plan: PerformanceManagementPlan | PlanContent,
    *,
    template: PlanTemplate | None = None,
    edition: Edition | None = None,
) -> str:
    """The plan as a self-contained HTML page laid out like the paper template.

    Same layout and credit as :func:`render_markdown`; every piece of text is HTML-escaped
    and the page needs no outside files.
    """
    credits = _credits(template, edition)
    content, whole = _split(plan)
    template = plan_template() if template is None else template
    status = ""
    if whole is not None:
        status = f" · Status: {_h(whole.status.label)} (revision {whole.current.number})"
    title = f"{template.title} – {content.details.officer_name}"
    out = [
        f"<h1>{_h(template.title)}</h1>",
        f"<p><em>{_h(template.stage)}</em>{status}</p>",
        f"<p>{_h(template.purpose)}</p>",
        '<table class="details">',
        "<tbody>",
    ]
    for label_a, value_a, label_b, value_b in _details(content, template):
        out.append(
            f"<tr><th>{_h(label_a)}</th><td>{_h(value_a)}</td>"
            f"<th>{_h(label_b)}</th><td>{_h(value_b)}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    for section, (heading, rows) in zip(template.sections, _cells(content, template), strict=True):
        out.append(f'<section id="section-{section.number}">')
        out.append(f"<h2>{_h(heading)}</h2>")
        out.extend(f"<p>{_h(paragraph)}</p>" for paragraph in section.introduction)
        if section.number == 4:
            out.append(
                "<ul>"
                + "".join(f"<li>{_h(item)}</li>" for item in template.prompts.manager_role)
                + "</ul>"
            )
            out.append(f"<p>{_h(template.prompts.own_responsibility)}</p>")
        out += _html_table(_heads(section, template), rows)
        out.append("</section>")
    history = _history(whole)
    if history:
        out += ['<section id="revision-history">', "<h2>Revision history</h2>"]
        header = [_Head(title) for title in _HISTORY_COLUMNS]
        out += _html_table(header, [[[cell] for cell in row] for row in history])
        out.append("</section>")
    out += ["<footer>", *(f"<p>{_h(line)}</p>" for line in credits), "</footer>"]
    return page(title, "\n".join(out), css=_STYLE)
