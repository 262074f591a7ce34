"""Notebook displays of SES assessments and plans: bounded, escaped, with a one-line repr()."""

from __future__ import annotations

import datetime as dt

import attrs

from apsperf.agreements import (
    DevelopmentPlan,
    ElementKind,
    Expectation,
    PerformanceManagementPlan,
    Rating,
    SesAssessment,
    WorkOutcome,
    assess,
    financial_year,
)
from tests.agreements.conftest import agreed_plan, full_content

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
HUGE = "x" * 200_000


def _safe(page: str) -> None:
    assert "<script" not in page and "<img" not in page, page[:500]
    assert "&lt;script&gt;" in page


def _small(page: str, repr_text: str) -> None:
    assert 200 < len(page.encode()) < 50_000, len(page)
    assert len(repr_text) < 200 and "\n" not in repr_text, repr_text[:300]


def _assessment(leader: str, evidence: str, expectations: int) -> SesAssessment:
    draft = SesAssessment(
        leader=leader,
        period=financial_year(2024),
        assessor=leader,
        behaviours=Rating(level="needs-improvement", evidence=evidence, comments=evidence),
        outcomes=Rating(level="outstanding", evidence=evidence),
        expectations=[
            Expectation(kind=ElementKind.OUTCOME, description=f"{evidence} {n}")
            for n in range(expectations)
        ],
    )
    final = draft.finalise(on=dt.date(2025, 7, 20))
    return final.record(
        development_plans=[
            DevelopmentPlan(
                actions=tuple(f"{evidence} {n}" for n in range(50)),
                addresses=ElementKind.BEHAVIOUR,
            )
        ]
    )


def test_a_result_shows_its_ratings_concerns_and_prompt() -> None:
    result = assess("needs-improvement", "outstanding")
    page = result._repr_html_()
    assert "<th>Behaviour concern</th><td>yes</td>" in page
    assert "<th>Eligible for reward and recognition</th><td>no</td>" in page
    assert result.development_prompt in page
    assert repr(result) == (
        "<AssessmentResult 'needs-improvement' (behaviours 'needs-improvement', outcomes "
        "'outstanding'): behaviour concern, reward not eligible>"
    )


def test_an_assessment_display_is_bounded_and_escaped_whatever_it_holds() -> None:
    big = _assessment(HOSTILE + HUGE, HOSTILE + HUGE, expectations=5_000)
    page = big._repr_html_()
    _small(page, repr(big))
    _safe(page)
    assert "The first 20 of 5,000 expectations are shown." in page
    assert "Development plans</th><td>1 (50 actions)</td>" in page
    assert "no expectation of behaviours is recorded" in page  # what is still missing
    assert repr(big).startswith("<SesAssessment of '<script>alert(1)</script>")
    assert "final, overall 'needs-improvement'; 5,000 expectations, 1 development plan>" in repr(
        big
    )


def test_a_draft_says_what_is_not_yet_rated() -> None:
    draft = SesAssessment(leader="Jordan Smith", period=financial_year(2024))
    assert "<th>Outcomes</th><td>not yet rated</td>" in draft._repr_html_()
    assert repr(draft) == (
        "<SesAssessment of 'Jordan Smith' for 2024-07-01 to 2025-06-30: draft; "
        "0 expectations, 0 development plans>"
    )


def _long_plan(revisions: int) -> PerformanceManagementPlan:
    plan = agreed_plan()
    outcomes = [WorkOutcome(rank=rank, outcome=HOSTILE + HUGE[:5_000]) for rank in range(1, 101)]
    for step in range(revisions):
        plan = plan.amend(
            by=HOSTILE,
            on=dt.date(2025, 8, 1),
            reason=HOSTILE + HUGE[:5_000],
            outcomes=outcomes[: 1 + (step % 2) * 99],
            learning=(),
        )
    return plan


def test_a_plan_shows_its_details_and_latest_revisions_within_bounds() -> None:
    plan = _long_plan(40)
    assert len(plan.revisions) == 42 and len(plan.content.outcomes) == 100
    page = plan._repr_html_()
    _small(page, repr(plan))
    _safe(page)
    assert "The latest 20 of 42 revisions are shown." in page
    assert "The first 20 of 100 work outcomes are shown." in page
    assert "<th>Officer</th><td>Alex Chen</td>" in page
    assert repr(plan) == (
        "<PerformanceManagementPlan for 'Alex Chen', 2025-07-01 to 2026-06-30: amended, "
        "42 revisions, 100 work outcomes>"
    )
    assert len(repr(plan.current)) < 200
    assert repr(plan.current).startswith("<Revision 42: amended by '<script>alert(1)</script>")
    assert repr(plan.content) == (
        "<PlanContent for 'Alex Chen': 100 work outcomes, 5 leadership rows, 0 learning needs>"
    )


def test_repr_leaves_equality_alone() -> None:
    one, two = agreed_plan(), agreed_plan()
    assert one == two and one.revisions[0].content == full_content()
    assert attrs.evolve(one.current, reason="other") != one.current
