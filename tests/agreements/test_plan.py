from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given, settings

from apsperf import ValidationError
from apsperf.agreements import (
    LeadershipBehaviour,
    LeadershipCapability,
    LearningFocus,
    LearningNeed,
    LearningPriority,
    PlanContent,
    PlanDetails,
    WorkOutcome,
    financial_year,
)
from apsperf.serialization import from_json, structure, to_dict, to_json
from apsperf.testing._agreements import plan_contents
from tests.paths import SOURCES

from .conftest import measures

SOURCE = SOURCES / "tas-senior-executive-performance-management-plan.txt"


def test_capabilities_are_the_templates_five_in_order() -> None:
    labels = [c.label for c in LeadershipCapability]
    assert labels == [
        "Shapes strategic thinking",
        "Achieves results",
        "Cultivates productive working relationships",
        "Exemplifies personal drive and integrity",
        "Communicates with influence",
    ]
    assert [c.number for c in LeadershipCapability] == [1, 2, 3, 4, 5]


def test_capability_rows_match_the_source() -> None:
    rows = re.findall(r"^\t(\d)\. (.+?)\s*$", SOURCE.read_text("utf-8"), re.MULTILINE)
    section_two = [(int(n), text) for n, text in rows if not text[0].isdigit()]
    assert [(c.number, c.label) for c in LeadershipCapability] == section_two


@pytest.mark.parametrize(
    ("text", "capability"),
    [
        ("achieves results", LeadershipCapability.ACHIEVES_RESULTS),
        ("Communicates-with-Influence", LeadershipCapability.COMMUNICATES_WITH_INFLUENCE),
        ("1", LeadershipCapability.SHAPES_STRATEGIC_THINKING),
        (4, LeadershipCapability.EXEMPLIFIES_PERSONAL_DRIVE_AND_INTEGRITY),
    ],
)
def test_capabilities_parse(text: object, capability: LeadershipCapability) -> None:
    assert LeadershipCapability.parse(text) is capability


@pytest.mark.parametrize("text", ["leads", 0, 6, None, True])
def test_unknown_capability_is_rejected(text: object) -> None:
    with pytest.raises(ValidationError, match="capability"):
        LeadershipCapability.parse(text)


def test_outcomes_are_ranked_one_to_n(content: PlanContent) -> None:
    swapped = (content.outcomes[1], content.outcomes[0], *content.outcomes[2:])
    with pytest.raises(ValidationError) as info:
        attrs.evolve(content, outcomes=swapped)
    assert info.value.path == "outcomes[0].rank"
    skipped = (*content.outcomes[:2], attrs.evolve(content.outcomes[3], rank=4))
    with pytest.raises(ValidationError) as info:
        attrs.evolve(content, outcomes=skipped)
    assert info.value.path == "outcomes[2].rank"


def test_capabilities_appear_once_in_template_order(content: PlanContent) -> None:
    rows = content.leadership
    with pytest.raises(ValidationError) as info:
        attrs.evolve(content, leadership=(rows[0], rows[0]))
    assert info.value.path == "leadership[1].capability"
    assert "twice" in str(info.value)
    with pytest.raises(ValidationError) as info:
        attrs.evolve(content, leadership=(rows[2], rows[1]))
    assert info.value.path == "leadership[1].capability"
    assert (
        attrs.evolve(content, leadership=(rows[1], rows[4])).behaviour(
            LeadershipCapability.SHAPES_STRATEGIC_THINKING
        )
        is None
    )


def test_learning_need_must_name_an_existing_outcome(content: PlanContent) -> None:
    need = LearningNeed(
        priority=LearningPriority.LOW,
        need="Negotiation",
        focus=LearningFocus.WORK_OUTCOME,
        outcome_rank=7,
    )
    with pytest.raises(ValidationError) as info:
        attrs.evolve(content, learning=(content.learning[0], need))
    assert info.value.path == "learning[1].outcome_rank"


@pytest.mark.parametrize(
    ("focus", "rank"),
    [(LearningFocus.WORK_OUTCOME, None), (LearningFocus.PROFESSIONAL_DEVELOPMENT, 1)],
)
def test_learning_focus_and_outcome_rank_agree(focus: LearningFocus, rank: int | None) -> None:
    with pytest.raises(ValidationError) as info:
        LearningNeed(priority=LearningPriority.LOW, need="x", focus=focus, outcome_rank=rank)
    assert info.value.path == "outcome_rank"


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: PlanDetails(officer_name="", period=financial_year(2025)), "officer_name"),
        (lambda: PlanDetails(officer_name="A", period="2025-26"), "period"),
        (
            lambda: PlanDetails(
                officer_name="A", period=financial_year(2025), meeting_date="10/07/2025"
            ),
            "meeting_date",
        ),
        (lambda: WorkOutcome(rank="1", outcome="x"), "rank"),
        (lambda: WorkOutcome(rank=1, outcome="x", measures=("m",)), "measures[0]"),
        (
            lambda: WorkOutcome(rank=1, outcome="x", agency_objectives=("a", "a")),
            "agency_objectives[1]",
        ),
        (lambda: LeadershipBehaviour(capability="achieves-results"), "capability"),
        (
            lambda: LearningNeed(
                priority="high", need="x", focus=LearningFocus.PROFESSIONAL_DEVELOPMENT
            ),
            "priority",
        ),
    ],
)
def test_bad_fields_are_named(build: object, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        build()  # type: ignore[operator]
    assert info.value.path == path


def test_blank_optional_text_is_refused_not_turned_into_none() -> None:
    with pytest.raises(ValidationError) as info:
        PlanDetails(officer_name="A", manager_name="  ", period=financial_year(2025))
    assert info.value.path == "manager_name"
    details = PlanDetails(officer_name="A", period=financial_year(2025))
    assert details.manager_name is None


def test_outcome_lookup(content: PlanContent) -> None:
    assert content.outcome(2).outcome == "Outcome 2"
    with pytest.raises(ValidationError):
        content.outcome(9)


def test_document_uses_slugs_and_iso_dates(content: PlanContent) -> None:
    doc = to_dict(content)
    assert doc["details"]["period"] == {"start": "2025-07-01", "end": "2026-06-30"}
    assert doc["leadership"][0]["capability"] == "shapes-strategic-thinking"
    assert doc["learning"][0]["focus"] == "work-outcome"
    assert doc["outcomes"][0]["measures"][0] == {"description": "Measure 1a"}


def test_bad_document_names_the_nested_path(content: PlanContent) -> None:
    doc = to_dict(content)
    doc["outcomes"][2]["rank"] = 5
    doc["leadership"][1]["capability"] = "leads"
    with pytest.raises(ValidationError) as info:
        from_json(PlanContent, to_json_text(doc))
    paths = [path for path, _ in info.value.errors]
    assert "leadership[1].capability" in paths


def to_json_text(doc: dict[str, object]) -> str:
    import json

    return json.dumps(doc)


def test_structure_reads_plain_data(content: PlanContent) -> None:
    doc = to_dict(content)
    del doc["schema_version"]
    assert structure(doc, PlanContent) == content


@settings(max_examples=60)
@given(plan_contents())
def test_plan_content_json_round_trip_is_identity(content: PlanContent) -> None:
    text = to_json(content)
    again = from_json(PlanContent, text)
    assert again == content
    assert to_json(again) == text


def test_measures_helper() -> None:
    assert [m.description for m in measures("a", "b")] == ["a", "b"]
