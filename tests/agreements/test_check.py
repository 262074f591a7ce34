from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings

from apsperf import Severity, ValidationError
from apsperf.agreements import (
    EARLY_CLOSE_SHARE,
    SIGNATURE_TOLERANCE,
    LearningFocus,
    LearningNeed,
    LearningPriority,
    OutcomeGuidance,
    PerformanceManagementPlan,
    PlanContent,
    check_plan,
    plan_template,
)
from apsperf.findings import has_errors
from apsperf.testing._agreements import plan_contents, plans

from .conftest import full_content, measures, notes, signed


def codes(findings: tuple[object, ...]) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


def test_a_plan_that_follows_the_guidance_has_only_the_draft_note(content: PlanContent) -> None:
    assert check_plan(content) == ()
    draft = PerformanceManagementPlan.draft(content, by="Sam Lee", on=dt.date(2025, 7, 3))
    assert codes(check_plan(draft)) == ["not-ready-to-agree"]


def test_an_agreed_plan_that_follows_the_guidance_is_clean(
    agreed: PerformanceManagementPlan,
) -> None:
    assert check_plan(agreed) == ()


def test_work_outcome_counts(content: PlanContent) -> None:
    assert (
        codes(check_plan(attrs.evolve(content, outcomes=content.outcomes[:3], learning=())))[0]
        == "few-work-outcomes"
    )
    none = check_plan(attrs.evolve(content, outcomes=(), learning=()))
    assert none[0].code == "no-work-outcomes" and none[0].severity is Severity.ERROR
    six = (*content.outcomes, *(attrs.evolve(o, rank=o.rank + 4) for o in content.outcomes[:2]))
    many = check_plan(attrs.evolve(content, outcomes=six))
    assert codes(many) == ["many-work-outcomes"]
    assert many[0].severity is Severity.WARNING and many[0].path == "outcomes"


def test_measures_per_outcome(content: PlanContent) -> None:
    outcomes = list(content.outcomes)
    outcomes[0] = attrs.evolve(outcomes[0], measures=())
    outcomes[1] = attrs.evolve(outcomes[1], measures=measures("one"))
    outcomes[2] = attrs.evolve(outcomes[2], measures=measures(*"abcde"))
    findings = check_plan(attrs.evolve(content, outcomes=tuple(outcomes)))
    assert [(f.code, f.severity, f.path) for f in findings] == [
        ("outcome-without-measures", Severity.ERROR, "outcomes[0].measures"),
        ("few-measures", Severity.WARNING, "outcomes[1].measures"),
        ("many-measures", Severity.WARNING, "outcomes[2].measures"),
    ]


def test_leadership_capabilities(content: PlanContent) -> None:
    assert codes(check_plan(attrs.evolve(content, leadership=()))) == ["no-leadership-measures"]
    partial = check_plan(attrs.evolve(content, leadership=content.leadership[1:]))
    assert codes(partial) == ["capability-without-measures"]
    assert "Shapes strategic thinking" in partial[0].message


def test_learning_plan(content: PlanContent) -> None:
    bare = LearningNeed(
        priority=LearningPriority.MEDIUM,
        need="Coaching",
        focus=LearningFocus.PROFESSIONAL_DEVELOPMENT,
    )
    findings = check_plan(attrs.evolve(content, learning=(bare,)))
    assert codes(findings) == [
        "learning-without-activity",
        "learning-without-timing",
        "learning-not-tied-to-outcomes",
    ]
    assert codes(check_plan(attrs.evolve(content, learning=()))) == ["no-learning-plan"]


def test_sections_four_and_five_and_details(content: PlanContent) -> None:
    empty = attrs.evolve(
        content,
        career=attrs.evolve(content.career, manager_comments=None),
        relationship=attrs.evolve(content.relationship, officer_seeks=None),
        details=attrs.evolve(
            content.details,
            division_branch=None,
            officer_signature=signed("A. Chen"),
            meeting_date=dt.date(2026, 7, 2),
        ),
    )
    assert [(f.code, f.path) for f in check_plan(empty)] == [
        ("manager-comments-missing", "career.manager_comments"),
        ("relationship-expectation-missing", "relationship.officer_seeks"),
        ("detail-missing", "details.division_branch"),
        ("signature-name-differs", "details.officer_signature.name"),
        ("meeting-after-period", "details.meeting_date"),
    ]


def test_guidance_numbers_come_from_the_template(content: PlanContent) -> None:
    tailored = attrs.evolve(
        plan_template(),
        guidance=OutcomeGuidance(outcomes_min=2, outcomes_max=3, measures_min=1, measures_max=2),
    )
    assert codes(check_plan(content, template=tailored)) == ["many-work-outcomes"]


def test_check_rejects_other_values() -> None:
    with pytest.raises(ValidationError) as info:
        check_plan({"outcomes": []})  # type: ignore[arg-type]
    assert info.value.path == "plan"


@given(plan_contents())
def test_errors_exactly_when_outcomes_or_their_measures_are_missing(content: PlanContent) -> None:
    findings = check_plan(content)
    expected = not content.outcomes or any(not o.measures for o in content.outcomes)
    assert has_errors(findings) == expected
    guide = plan_template().guidance
    count_codes = {"few-work-outcomes", "many-work-outcomes", "no-work-outcomes"}
    in_range = guide.outcomes_min <= len(content.outcomes) <= guide.outcomes_max
    assert in_range == (not count_codes & set(codes(findings)))
    for finding in findings:
        assert finding.path


@settings(max_examples=20)
@given(plans())
def test_checking_a_plan_checks_its_current_content(plan: PerformanceManagementPlan) -> None:
    about_history = {"not-ready-to-agree", "amended-not-signed", *HISTORY_CODES}
    from_plan = [f for f in check_plan(plan) if f.code not in about_history]
    assert from_plan == [f for f in check_plan(plan.content) if f.code not in about_history]
    assert all(f.path.startswith("revisions[") for f in check_plan(plan) if f.code in HISTORY_CODES)


HISTORY_CODES = {
    "signature-before-plan",
    "signature-after-revision",
    "signature-outside-period",
    "amended-after-period",
    "closed-early-without-review",
}


# --- findings about the history: signatures, late amendments, early closing -----------------


def _signed_on(officer: dt.date, *, drafted: dt.date = dt.date(2025, 7, 3)) -> list[str]:
    draft = PerformanceManagementPlan.draft(full_content(), by="Sam Lee", on=drafted)
    agreed = draft.agree(
        by="Sam Lee",
        on=max(drafted, dt.date(2025, 7, 10)),
        officer_signature=signed("Alex Chen", officer),
        manager_signature=signed("Sam Lee", max(drafted, dt.date(2025, 7, 10))),
        meeting_date=dt.date(2025, 7, 10),
    )
    return codes(check_plan(agreed))


def test_signatures_dated_oddly_get_findings() -> None:
    assert _signed_on(dt.date(2025, 7, 10)) == []
    assert _signed_on(dt.date(2025, 7, 1)) == ["signature-before-plan"]
    assert _signed_on(dt.date(2025, 7, 11)) == ["signature-after-revision"]
    # the period starts 1 July 2025: up to 90 days before is fine, more is not
    early = dt.date(2025, 7, 1) - SIGNATURE_TOLERANCE
    assert _signed_on(early, drafted=early) == []
    day_before = early - dt.timedelta(days=1)
    assert _signed_on(day_before, drafted=day_before) == ["signature-outside-period"]
    assert dt.timedelta(days=90) == SIGNATURE_TOLERANCE


def test_a_signature_is_checked_where_it_is_recorded(agreed: PerformanceManagementPlan) -> None:
    late = agreed.amend(by="Sam Lee", on=dt.date(2025, 10, 1), learning=())
    again = late.agree(
        by="Sam Lee",
        on=dt.date(2025, 10, 1),
        officer_signature=signed("Alex Chen", dt.date(2025, 10, 1)),
        manager_signature=signed("Sam Lee", dt.date(2025, 10, 9)),
    )
    findings = [f for f in check_plan(again) if f.code.startswith("signature-")]
    assert [(f.code, f.path) for f in findings] == [
        ("signature-after-revision", "revisions[3].content.details.manager_signature.signed_on")
    ]


def test_an_amendment_after_the_period_gets_a_finding(agreed: PerformanceManagementPlan) -> None:
    on_time = agreed.amend(by="Sam Lee", on=dt.date(2026, 6, 30), learning=())
    assert "amended-after-period" not in codes(check_plan(on_time))
    late = agreed.amend(by="Sam Lee", on=dt.date(2026, 7, 1), learning=())
    found = [f for f in check_plan(late) if f.code == "amended-after-period"]
    assert [f.path for f in found] == ["revisions[2].recorded_on"]
    assert found[0].severity is Severity.WARNING
    review = agreed.review(by="Sam Lee", on=dt.date(2026, 7, 1), notes=notes())
    assert "amended-after-period" not in codes(check_plan(review))  # no change, no finding


def test_closing_very_early_with_no_review_gets_a_finding(
    agreed: PerformanceManagementPlan,
) -> None:
    period = agreed.details.period
    half = period.start + (period.end - period.start) * EARLY_CLOSE_SHARE
    early = agreed.close(by="Sam Lee", on=dt.date(2025, 7, 12))  # two days in
    assert codes(check_plan(early)) == ["closed-early-without-review"]
    assert codes(check_plan(agreed.close(by="Sam Lee", on=half))) == []
    reviewed = agreed.review(by="Sam Lee", on=dt.date(2025, 7, 11), notes=notes())
    assert codes(check_plan(reviewed.close(by="Sam Lee", on=dt.date(2025, 7, 12)))) == []


def test_an_amended_plan_is_noted_as_waiting_for_signatures(
    agreed: PerformanceManagementPlan,
) -> None:
    amended = agreed.amend(by="Sam Lee", on=dt.date(2025, 10, 1), learning=())
    assert "amended-not-signed" in codes(check_plan(amended))
