"""The shipped template wording checked against the Tasmanian source document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apsperf import ValidationError
from apsperf.agreements import (
    Edition,
    PlanTemplate,
    load_plan_template,
    plan_template,
    template_edition,
)
from apsperf.agreements.io._template import TEMPLATE_FILE
from tests.paths import SOURCES

CONTENT = Path(__file__).resolve().parents[2] / "src" / "apsperf" / "agreements" / "content"


def source_lines(edition: Edition) -> list[str]:
    """The source's lines, cleaned, after applying the edition's fixes; fails if missing."""
    path = SOURCES / edition.source_document
    if not path.is_file():
        pytest.fail(f"source document {path} is missing; the content tests need it")
    text = path.read_text("utf-8")
    for fix in edition.fixes:
        assert text.count(fix.original) == 1, f"fix {fix.original!r} must match exactly once"
        text = text.replace(fix.original, fix.corrected)
    return [clean(line) for line in text.splitlines() if clean(line)]


def clean(line: str) -> str:
    line = re.sub(r"\[(?:bookmark|image)[^\]]*\]", "", line)
    return " ".join(line.split()).removeprefix("· ").strip()


def between(lines: list[str], start: str, stop: str) -> list[str]:
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i in range(first + 1, len(lines)) if lines[i].startswith(stop))
    return lines[first + 1 : last]


@pytest.fixture(scope="module")
def template() -> PlanTemplate:
    return plan_template()


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return source_lines(template_edition())


def test_edition_credits_the_publisher() -> None:
    edition = template_edition()
    assert edition.publisher == "Tasmanian Government"
    assert edition.source_document == TEMPLATE_FILE.replace(".toml", ".txt")
    assert {fix.original for fix in edition.fixes} >= {
        "Performance measures(s)",
        "between the manger and officer",
    }


def test_title_stage_and_purpose(template: PlanTemplate, lines: list[str]) -> None:
    assert template.stage in lines
    assert template.title in lines
    assert template.purpose in lines


def test_detail_labels_are_the_sources(template: PlanTemplate, lines: list[str]) -> None:
    labels = template.detail_labels
    for name in (
        "officer_name",
        "classification_level",
        "division_branch",
        "manager_name",
        "officer_signature",
        "manager_signature",
        "meeting_date",
        "period",
    ):
        assert getattr(labels, name) in lines, name


def test_section_headings_are_verbatim(template: PlanTemplate, lines: list[str]) -> None:
    headings = [line for line in lines if re.match(r"Section \d:", line)]
    assert [s.heading for s in template.sections] == headings


def test_section_introductions_are_the_sources(template: PlanTemplate, lines: list[str]) -> None:
    for section in template.sections:
        for paragraph in section.introduction:
            assert paragraph in lines, (section.number, paragraph)


def test_column_titles_are_the_sources(template: PlanTemplate, lines: list[str]) -> None:
    for section in template.sections:
        for column in section.columns:
            if column.startswith("Link to"):
                joined = " ".join(between(lines, "Link to", "1.")).replace("Division", "/ Division")
                assert column == f"Link to {joined}"
            else:
                assert column in lines, (section.number, column)


def test_measure_questions_in_order(template: PlanTemplate, lines: list[str]) -> None:
    prompts = template.prompts
    assert prompts.measures in lines
    assert list(prompts.measure_questions) == between(lines, prompts.measures, "Link to")
    assert len(prompts.measure_questions) == 4


def test_outcome_prompts(template: PlanTemplate, lines: list[str]) -> None:
    assert template.prompts.outcome in lines
    assert template.prompts.typical in lines
    assert template.prompts.learning_activity in lines


def test_guidance_numbers_are_the_templates(template: PlanTemplate) -> None:
    found = re.search(
        r"(\d)-(\d) work outcomes with (\d)-(\d) performance measures", template.prompts.typical
    )
    assert found is not None
    g = template.guidance
    assert (
        tuple(map(int, found.groups()))
        == (g.outcomes_min, g.outcomes_max, g.measures_min, g.measures_max)
        == (4, 5, 2, 4)
    )


def test_managers_role_in_section_four(template: PlanTemplate, lines: list[str]) -> None:
    items = between(lines, template.section(4).introduction[0], "It is important to note")
    joined: list[str] = []
    for item in items:
        if joined and item.startswith("(eg."):
            joined[-1] = f"{joined[-1]} {item}"
        else:
            joined.append(item)
    assert list(template.prompts.manager_role) == joined
    assert template.prompts.own_responsibility in lines


def test_sections_are_looked_up_by_number(template: PlanTemplate) -> None:
    assert template.section(3).columns[0] == "Priority"
    with pytest.raises(ValidationError):
        template.section(6)


def test_an_agency_edition_is_validated_the_same_way(tmp_path: Path) -> None:
    text = (CONTENT / TEMPLATE_FILE).read_text("utf-8")
    tailored = tmp_path / "agency.toml"
    tailored.write_text(text.replace("[your Agency]", "the Department"), "utf-8")
    _, template = load_plan_template(tailored)
    assert template.prompts.manager_role[0].endswith("of the Department")

    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("number = 5", "number = 6"), "utf-8")
    with pytest.raises(ValidationError) as info:
        load_plan_template(broken)
    assert info.value.path == f"{broken}: plan.sections"

    empty = tmp_path / "empty.toml"
    empty.write_text(text.replace('stage = "Stage 1"', 'stage = ""'), "utf-8")
    with pytest.raises(ValidationError, match="stage"):
        load_plan_template(empty)

    with pytest.raises(ValidationError, match="TOML"):
        bad = tmp_path / "bad.toml"
        bad.write_text("[plan", "utf-8")
        load_plan_template(bad)
    with pytest.raises(ValidationError):
        load_plan_template(tmp_path / "missing.toml")
