from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.agreements import (
    PerformanceManagementPlan,
    PlanContent,
    render_html,
    render_markdown,
)
from apsperf.testing._agreements import plans

HEADINGS = [
    "Section 1: Business (work) outcomes and performance measures (‘what is to be achieved’)",
    "Section 2: Leadership behaviour (‘how it’s achieved’)",
    "Section 3: Learning and development plan",
    "Section 4: Career Aspirations & Goals",
    "Section 5: Expectations about the working relationship between the manager and officer",
]


def test_markdown_follows_the_paper_layout(agreed: PerformanceManagementPlan) -> None:
    text = render_markdown(agreed)
    assert text.startswith("# Senior Executive - Performance Management Plan\n")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert [html.unescape(h) for h in headings] == [*HEADINGS, "Revision history"]
    assert "| Officer name: | Alex Chen | Officer signature: | Alex Chen, 10 July 2025 |" in text
    assert "| Manager name: | Sam Lee | Period of plan: | 1 July 2025 – 30 June 2026 |" in text
    assert "| 1. | Outcome 1 | • Measure 1a<br>• Measure 1b | Strategic plan goal 2 |" in text
    assert "| 4. Exemplifies personal drive and integrity |" in text
    assert "| High | Budget forecasting | Business/work outcome 2 |" in text
    assert "Status: Agreed (revision 2)" in text
    assert text.index("Move to a deputy secretary role") < text.index("Fortnightly check-ins")


def test_empty_sections_keep_the_templates_rows(content: PlanContent) -> None:
    text = render_markdown(attrs.evolve(content, outcomes=(), learning=(), leadership=()))
    for number in range(1, 6):
        assert f"| {number}. |   |   |   |" in text
    assert "| 1. Shapes strategic thinking |   |" in text
    assert text.count("|   |   |   |   |   |") == 1  # one blank learning row
    assert "## Revision history" not in text


def test_markdown_escapes_markup(content: PlanContent) -> None:
    nasty = "<script>alert(1)</script> | *bold* [link](x)\nsecond"
    text = render_markdown(
        attrs.evolve(content, career=attrs.evolve(content.career, officer_aspirations=nasty))
    )
    assert "<script>" not in text
    assert r"\| \*bold\* \[link\](x)<br>second" in text


def test_html_is_a_self_contained_page(agreed: PerformanceManagementPlan) -> None:
    page = render_html(agreed)
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "http" not in page
    headings = re.findall(r"<h2>(.+?)</h2>", page)
    assert [html.unescape(h) for h in headings] == [*HEADINGS, "Revision history"]


def test_render_rejects_other_values() -> None:
    for render in (render_markdown, render_html):
        with pytest.raises(ValidationError):
            render("plan")  # type: ignore[arg-type]


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "p",
    "em",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "section",
    "br",
}


@settings(max_examples=25)
@given(plans(max_steps=3), st.text(min_size=1, max_size=40).map(str.strip).filter(bool))
def test_html_escapes_everything_from_the_user(
    plan: PerformanceManagementPlan, injected: str
) -> None:
    payload = f"<img src=x onerror=alert(1)>{injected}"
    content = attrs.evolve(
        plan.content, relationship=attrs.evolve(plan.content.relationship, manager_seeks=payload)
    )
    page = render_html(content)
    parser = _TextOnly()
    parser.feed(page)
    assert set(parser.tags) <= ALLOWED_TAGS
    assert payload.replace("\n", "") in "".join(parser.text).replace("\n", "")
    markdown = render_markdown(content)
    assert "<img" not in markdown
