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
    LearningPriority,
    PerformanceManagementPlan,
    PlanContent,
    plan_template,
    render_html,
    render_markdown,
    template_edition,
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
    assert "| 1. Outcome 1 | • Measure 1a<br>• Measure 1b | Strategic plan goal 2 |" in text
    assert "| 4. Exemplifies personal drive and integrity |" in text
    assert "| High | Budget forecasting | Business/work outcome 2 |" in text
    assert "Status: Agreed (revision 2)" in text
    assert text.index("Move to a deputy secretary role") < text.index("Fortnightly check-ins")


def test_empty_sections_keep_the_templates_rows(content: PlanContent) -> None:
    text = render_markdown(attrs.evolve(content, outcomes=(), learning=(), leadership=()))
    for number in range(1, 6):
        assert f"| {number}. |   |   |" in text
    assert "| 1. Shapes strategic thinking |   |" in text
    assert text.count("|   |   |   |   |   |") == 5  # the template's five blank learning rows
    assert "## Revision history" not in text


def test_sections_1_and_3_show_at_least_the_templates_five_rows(content: PlanContent) -> None:
    text = render_markdown(content)  # four outcomes and one learning need
    assert "| 4. Outcome 4 |" in text
    assert "| 5. |   |   |" in text  # a blank row to write the fifth outcome in
    assert text.count("|   |   |   |   |   |") == 4
    six = [attrs.evolve(content.outcomes[0], rank=n, outcome=f"Outcome {n}") for n in range(1, 7)]
    more = render_markdown(attrs.evolve(content, outcomes=six))
    assert "| 6. Outcome 6 |" in more and "| 5. |   |   |" not in more


def _section(text: str, number: int) -> str:
    start = text.index(f"Section {number}:")
    end = text.find(f"Section {number + 1}:", start)
    return text[start : end if end > 0 else len(text)]


def test_column_titles_carry_the_templates_guidance_as_the_paper_does(
    agreed: PerformanceManagementPlan,
) -> None:
    prompts = plan_template().prompts
    for text in (render_markdown(agreed), html.unescape(render_html(agreed))):
        one, three = _section(text, 1), _section(text, 3)
        for prompt in (prompts.outcome, prompts.typical, prompts.measures):
            assert prompt in one
        for question in prompts.measure_questions:
            assert question in one
        assert prompts.learning_activity in three
        # the guidance sits in the titles, above the first row
        assert one.index(prompts.measure_questions[-1]) < one.index("Outcome 1")
        assert three.index(prompts.learning_activity) < three.index("Budget forecasting")
    table = _section(render_markdown(agreed), 1).split("\n")
    header = next(line for line in table if line.startswith("| Business / work outcome"))
    assert header.count(" | ") == 2  # the source's three columns
    assert (
        "What I expect to achieve over this performance cycle – recorded in order of importance."
        in header
    )
    page = render_html(agreed)
    assert '<p class="guidance">How will my learning needs be met?</p></th>' in page


def test_every_render_credits_the_publisher(agreed: PerformanceManagementPlan) -> None:
    credit = "Senior Executive - Performance Management Plan (Stage 1), Tasmanian Government."
    markdown, page = render_markdown(agreed), render_html(agreed)
    assert markdown.rstrip().split("\n")[-2] == f"*{credit}*  "
    assert f"<footer>\n<p>{credit}</p>" in page
    assert template_edition().publisher == "Tasmanian Government"
    tailored = attrs.evolve(plan_template(), title="Our agency's plan")
    assert "*Adapted from: " + credit + "*" in render_markdown(agreed, template=tailored)
    own = attrs.evolve(template_edition(), attribution="Our agency, after the Tasmanian template")
    assert "Our agency, after the Tasmanian template" in render_html(
        agreed, template=tailored, edition=own
    )


def test_template_metadata_says_the_priority_values_are_apsperfs_own() -> None:
    notes = " ".join(template_edition().normalisations)
    assert "High, Medium and Low" in notes and "apsperf's own" in notes
    assert [p.label for p in LearningPriority] == ["High", "Medium", "Low"]


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
    "footer",
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
