from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apsperf._chain import chain_digest
from apsperf.agreements import (
    CareerAspirations,
    LeadershipBehaviour,
    LeadershipCapability,
    LearningFocus,
    LearningNeed,
    LearningPriority,
    PerformanceManagementPlan,
    PerformanceMeasure,
    PlanContent,
    PlanDetails,
    ReviewNotes,
    Signature,
    WorkingRelationship,
    WorkOutcome,
    financial_year,
)


def measures(*texts: str) -> tuple[PerformanceMeasure, ...]:
    return tuple(PerformanceMeasure(description=text) for text in texts)


def full_content() -> PlanContent:
    """A plan that follows every piece of the template's guidance."""
    outcomes = [
        WorkOutcome(
            rank=rank,
            outcome=f"Outcome {rank}",
            measures=measures(f"Measure {rank}a", f"Measure {rank}b"),
            agency_objectives=("Strategic plan goal 2",),
        )
        for rank in range(1, 5)
    ]
    return PlanContent(
        details=PlanDetails(
            officer_name="Alex Chen",
            classification_level="SES Band 1",
            division_branch="Policy and Strategy",
            manager_name="Sam Lee",
            period=financial_year(2025),
        ),
        outcomes=outcomes,
        leadership=[
            LeadershipBehaviour(capability=c, measures=measures(f"Shows {c.label.lower()}"))
            for c in LeadershipCapability
        ],
        learning=[
            LearningNeed(
                priority=LearningPriority.HIGH,
                need="Budget forecasting",
                focus=LearningFocus.WORK_OUTCOME,
                outcome_rank=2,
                activity="Finance for executives course",
                responsibility="Officer",
                timing="By December",
            ),
        ],
        career=CareerAspirations(
            officer_aspirations="Move to a deputy secretary role",
            manager_comments="Seek an acting opportunity",
        ),
        relationship=WorkingRelationship(
            manager_seeks="Early warning of risks", officer_seeks="Fortnightly check-ins"
        ),
    )


def signed(name: str, day: dt.date = dt.date(2025, 7, 10)) -> Signature:
    return Signature(name=name, signed_on=day)


def notes(discussed: str = "Progress against each outcome") -> ReviewNotes:
    return ReviewNotes(discussed=discussed, participants=("Alex Chen", "Sam Lee"))


def agreed_plan() -> PerformanceManagementPlan:
    draft = PerformanceManagementPlan.draft(full_content(), by="Sam Lee", on=dt.date(2025, 7, 3))
    return draft.agree(
        by="Sam Lee",
        on=dt.date(2025, 7, 10),
        officer_signature=signed("Alex Chen"),
        manager_signature=signed("Sam Lee"),
        meeting_date=dt.date(2025, 7, 10),
    )


@pytest.fixture
def content() -> PlanContent:
    return full_content()


@pytest.fixture
def agreed() -> PerformanceManagementPlan:
    return agreed_plan()


def rechain(doc: dict[str, Any]) -> dict[str, Any]:
    """Recompute every digest and the head of a plan document, as a forger would."""
    previous = None
    for revision in doc["revisions"]:
        body = {key: value for key, value in revision.items() if key != "digest"}
        revision["digest"] = previous = chain_digest(body, previous)
    if previous is not None:
        doc["head"] = {"revisions": len(doc["revisions"]), "digest": previous}
    return doc
