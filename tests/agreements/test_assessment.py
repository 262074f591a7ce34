from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.agreements import (
    AssessmentPolicy,
    AssessmentResult,
    AssessmentScales,
    AssessmentStatus,
    DevelopmentArea,
    DevelopmentPlan,
    ElementKind,
    Expectation,
    MidpointPolicy,
    NonCompensatoryPolicy,
    Rating,
    RewardDecision,
    SesAssessment,
    UnsatisfactoryPerformanceProcess,
    assess,
    check_assessment,
    default_scales,
    financial_year,
    shipped_policies,
)
from apsperf.serialization import from_json, to_dict, to_json
from apsperf.testing._agreements import assessment_results, assessment_scales, ses_assessments

POLICIES = st.sampled_from(shipped_policies())


@st.composite
def cases(draw: st.DrawFn) -> tuple[AssessmentScales, AssessmentPolicy, int, int]:
    """Any valid scales, any shipped policy, and a behaviours and an outcomes rank."""
    scales = draw(assessment_scales())
    ranks = st.integers(0, scales.size - 1)
    return scales, draw(POLICIES), draw(ranks), draw(ranks)


def run(scales: AssessmentScales, policy: AssessmentPolicy, b: int, o: int) -> AssessmentResult:
    return assess(b + 1, o + 1, scales=scales, policy=policy)


def overall_rank(scales: AssessmentScales, result: AssessmentResult) -> int:
    return scales.overall.rank(result.overall)


# --- the Framework's invariants, for every shipped policy and any valid scales ------------


@given(cases())
def test_behaviour_concern_is_never_offset_by_outcomes(
    case: tuple[AssessmentScales, AssessmentPolicy, int, int],
) -> None:
    scales, policy, b, _ = case
    if not scales.is_concern(b):
        b = scales.behaviours.concern_count - 1
    allowed = scales.overall_rank_for(b)
    for o in range(scales.size):  # every outcomes rating, however high
        result = run(scales, policy, b, o)
        assert overall_rank(scales, result) <= allowed
        assert scales.overall.levels[overall_rank(scales, result)].concern
        assert result.behaviour_concern
        assert not result.reward_eligible
        assert result.development_area in (
            DevelopmentArea.BEHAVIOURS,
            DevelopmentArea.BEHAVIOURS_AND_OUTCOMES,
        )


@given(cases(), st.data())
def test_overall_result_is_monotone(
    case: tuple[AssessmentScales, AssessmentPolicy, int, int], data: st.DataObject
) -> None:
    scales, policy, b, o = case
    b2 = data.draw(st.integers(b, scales.size - 1))
    o2 = data.draw(st.integers(o, scales.size - 1))
    lower, higher = run(scales, policy, b, o), run(scales, policy, b2, o2)
    assert overall_rank(scales, lower) <= overall_rank(scales, higher)
    assert lower.reward_eligible <= higher.reward_eligible
    assert lower.unsatisfactory_performance >= higher.unsatisfactory_performance


@given(cases())
def test_swapping_behaviours_and_outcomes_never_changes_whether_there_is_a_concern(
    case: tuple[AssessmentScales, AssessmentPolicy, int, int],
) -> None:
    scales, policy, b, o = case
    result, swapped = run(scales, policy, b, o), run(scales, policy, o, b)
    assert result.has_concern == swapped.has_concern
    assert result.behaviour_concern == swapped.outcome_concern
    assert result.unsatisfactory_performance == swapped.unsatisfactory_performance
    assert result.overall == swapped.overall


@given(cases())
def test_flags_follow_the_documented_rules(
    case: tuple[AssessmentScales, AssessmentPolicy, int, int],
) -> None:
    scales, policy, b, o = case
    result = run(scales, policy, b, o)
    assert result.behaviour_concern == scales.behaviours.levels[b].concern
    assert result.outcome_concern == scales.outcomes.levels[o].concern
    assert result.unsatisfactory_performance == (b == 0 or o == 0)
    assert result.reward_eligible == (
        not result.has_concern and overall_rank(scales, result) >= scales.reward_rank
    )
    assert result.policy == policy.name


@settings(max_examples=50)
@given(assessment_scales(), st.data())
def test_default_policy_is_the_lower_of_the_two(
    scales: AssessmentScales, data: st.DataObject
) -> None:
    b = data.draw(st.integers(0, scales.size - 1))
    o = data.draw(st.integers(0, scales.size - 1))
    result = assess(b + 1, o + 1, scales=scales)
    assert result.policy == "non-compensatory"
    assert overall_rank(scales, result) == scales.overall_rank_for(min(b, o))


# --- examples -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("behaviours", "outcomes", "overall", "concern", "reward", "unsatisfactory"),
    [
        ("outstanding", "outstanding", "outstanding", False, True, False),
        ("strong", "outstanding", "strong", False, True, False),
        ("effective", "outstanding", "effective", False, False, False),
        ("needs improvement", "outstanding", "needs-improvement", True, False, False),
        ("unacceptable", "outstanding", "unacceptable", True, False, True),
        ("outstanding", "unacceptable", "unacceptable", False, False, True),
    ],
)
def test_default_assessments(
    behaviours: str, outcomes: str, overall: str, concern: bool, reward: bool, unsatisfactory: bool
) -> None:
    result = assess(behaviours, outcomes)
    assert (
        result.overall,
        result.behaviour_concern,
        result.reward_eligible,
        result.unsatisfactory_performance,
    ) == (overall, concern, reward, unsatisfactory)


def test_midpoint_policy_lifts_only_above_the_concern_line() -> None:
    policy = MidpointPolicy()
    assert assess("effective", "outstanding", policy=policy).overall == "strong"
    assert assess("effective", "outstanding", policy=policy).reward_eligible
    assert assess("needs-improvement", "outstanding", policy=policy).overall == (
        "needs-improvement"
    )
    assert policy == MidpointPolicy() != NonCompensatoryPolicy()
    assert repr(policy) == "MidpointPolicy()"
    assert len({policy, MidpointPolicy()}) == 1


def test_development_prompt_says_behaviours_come_first() -> None:
    result = assess("needs improvement", "outstanding")
    assert result.development_area is DevelopmentArea.BEHAVIOURS
    assert "strong outcomes do not offset" in result.development_prompt
    both = assess(1, 1)
    assert both.development_area is DevelopmentArea.BEHAVIOURS_AND_OUTCOMES
    assert assess(3, 3).development_area is DevelopmentArea.CONTINUED_GROWTH


class _Compensating:
    name = "compensating"
    unsatisfactory_trigger = None

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        return scales.overall_rank_for(max(behaviours, outcomes))


class _Broken:
    name = "broken"
    unsatisfactory_trigger = None

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        return 99


def test_a_policy_that_lets_outcomes_offset_a_concern_is_refused() -> None:
    for behaviours in ("needs improvement", "effective"):  # refused on every pair now
        with pytest.raises(ValidationError) as info:
            assess(behaviours, "outstanding", policy=_Compensating())
        assert info.value.path == "policy"
        assert "cannot offset" in str(info.value)
    with pytest.raises(ValidationError, match="not an overall rank"):
        assess("effective", "strong", policy=_Broken())
    with pytest.raises(ValidationError) as info:
        assess("effective", "strong", policy="midpoint")  # type: ignore[arg-type]
    assert info.value.path == "policy"
    with pytest.raises(ValidationError) as info:
        assess("effective", "strong", scales={})  # type: ignore[arg-type]
    assert info.value.path == "scales"


def test_ratings_outside_the_scale_name_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        assess("effective", "superb")
    assert info.value.path == "outcomes"


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        (
            {
                "reward_eligible": True,
                "behaviour_concern": True,
                "development_area": DevelopmentArea.BEHAVIOURS,
            },
            "reward_eligible",
        ),
        ({"development_area": DevelopmentArea.OUTCOMES}, "development_area"),
    ],
)
def test_inconsistent_results_are_rejected(changes: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        attrs.evolve(assess("strong", "strong"), **changes)
    assert info.value.path == path


# --- the assessment record ------------------------------------------------------------------


def draft(**changes: Any) -> SesAssessment:
    fields: dict[str, Any] = {
        "leader": "Jordan Smith",
        "period": financial_year(2024),
        "assessor": "Deputy Secretary",
    }
    fields.update(changes)
    return SesAssessment(**fields)


def test_a_draft_may_hold_one_rating_but_cannot_be_finalised() -> None:
    one = draft(behaviours=Rating(level="strong", evidence="360 feedback"))
    assert one.status is AssessmentStatus.DRAFT
    with pytest.raises(ValidationError) as info:
        one.finalise(on=dt.date(2025, 7, 20))
    assert info.value.path == "outcomes"
    with pytest.raises(ValidationError) as info:
        draft().finalise(on=dt.date(2025, 7, 20))
    assert info.value.path == "behaviours"
    assert "behaviours and outcomes are missing" in str(info.value)


def test_finalising_records_the_result() -> None:
    one = draft(behaviours=Rating(level="Needs improvement", evidence="Two complaints upheld"))
    both = one.rate(outcomes=Rating(level="outstanding", evidence="All priorities delivered"))
    final = both.finalise(on=dt.date(2025, 7, 20))
    assert final.status is AssessmentStatus.FINAL
    assert final.result is not None
    assert final.result.behaviour_concern and not final.result.reward_eligible
    assert final.behaviours == Rating(level="needs-improvement", evidence="Two complaints upheld")
    with pytest.raises(ValidationError):
        final.finalise(on=dt.date(2025, 7, 21))
    with pytest.raises(ValidationError):
        final.rate(behaviours=Rating(level="outstanding"))


def test_finalising_checks_ratings_against_the_scales() -> None:
    bad = draft(behaviours=Rating(level="superb"), outcomes=Rating(level="strong"))
    with pytest.raises(ValidationError) as info:
        bad.finalise(on=dt.date(2025, 7, 20))
    assert info.value.path == "behaviours.level"


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"finalised_on": dt.date(2025, 7, 20)}, "result"),
        ({"result": assess("strong", "strong")}, "finalised_on"),
        (
            {
                "result": assess("strong", "strong"),
                "finalised_on": dt.date(2025, 7, 20),
                "behaviours": Rating(level="strong"),
            },
            "outcomes",
        ),
        (
            {
                "result": assess("strong", "effective"),
                "finalised_on": dt.date(2025, 7, 20),
                "behaviours": Rating(level="strong"),
                "outcomes": Rating(level="strong"),
            },
            "result.outcomes",
        ),
        ({"leader": ""}, "leader"),
        ({"period": "2024-25"}, "period"),
    ],
)
def test_assessment_structure(changes: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        draft(**changes)
    assert info.value.path == path


def test_assessment_document() -> None:
    final = draft(behaviours=Rating(level="strong"), outcomes=Rating(level="effective")).finalise(
        on=dt.date(2025, 7, 20)
    )
    doc = to_dict(final)
    assert doc["result"]["overall"] == "effective"
    assert doc["result"]["development_area"] == "continued-growth"
    doc["result"]["overall"] = 3
    with pytest.raises(ValidationError) as info:
        from_json(SesAssessment, json.dumps(doc))
    assert info.value.errors[0][0] == "result.overall"


@settings(max_examples=50)
@given(ses_assessments())
def test_assessment_json_round_trip_is_identity(assessment: SesAssessment) -> None:
    text = to_json(assessment)
    again = from_json(SesAssessment, text)
    assert again == assessment
    assert to_json(again) == text


@settings(max_examples=50)
@given(assessment_results())
def test_result_json_round_trip_is_identity(result: AssessmentResult) -> None:
    assert from_json(AssessmentResult, to_json(result)) == result


@settings(max_examples=50)
@given(ses_assessments(status=AssessmentStatus.FINAL))
def test_final_assessments_have_both_ratings_and_a_matching_result(
    assessment: SesAssessment,
) -> None:
    assert assessment.behaviours is not None and assessment.outcomes is not None
    assert assessment.result is not None
    expected = assess(
        assessment.behaviours.level,
        assessment.outcomes.level,
        policy={p.name: p for p in shipped_policies()}[assessment.result.policy],
    )
    assert assessment.result == expected


def test_shipped_policies_start_with_the_default() -> None:
    policies = shipped_policies()
    assert isinstance(policies[0], NonCompensatoryPolicy)
    assert all(isinstance(p, AssessmentPolicy) for p in policies)
    assert default_scales().size == 5


# --- what follows from the result, as records ----------------------------------------------


def final(behaviours: str, outcomes: str, **changes: Any) -> SesAssessment:
    return draft(
        behaviours=Rating(level=behaviours, evidence="360 feedback", comments="Seen by peers"),
        outcomes=Rating(level=outcomes, comments="Delivered early"),
        **changes,
    ).finalise(on=dt.date(2025, 7, 20))


def test_ratings_carry_the_assessors_comments() -> None:
    assessment = final("strong", "effective")
    assert assessment.behaviours is not None and assessment.outcomes is not None
    assert assessment.behaviours.comments == "Seen by peers"
    assert assessment.outcomes.comments == "Delivered early"
    assert to_dict(assessment)["behaviours"]["comments"] == "Seen by peers"


def test_the_expectations_assessed_are_recorded() -> None:
    expected = (
        Expectation(kind=ElementKind.BEHAVIOUR, description="Models the APS Values"),
        Expectation(kind=ElementKind.OUTCOME, description="Deliver the workforce strategy"),
    )
    assessment = final("strong", "strong", expectations=expected)
    assert assessment.expectations == expected
    assert "expectations-not-recorded" not in [f.code for f in check_assessment(assessment)]
    only_behaviour = final("strong", "strong", expectations=expected[:1])
    (finding,) = [
        f for f in check_assessment(only_behaviour) if f.code == "expectations-not-recorded"
    ]
    assert "outcomes" in finding.message


def test_a_reward_decision_records_its_reason_and_needs_eligibility() -> None:
    eligible = final("strong", "outstanding")
    granted = eligible.record(
        reward=RewardDecision(
            granted=True, reason="Strong on both", recognition="Secretary's commendation"
        )
    )
    assert granted.reward is not None and granted.reward.reason == "Strong on both"
    assert "reward-decision-not-recorded" in [f.code for f in check_assessment(eligible)]
    assert "reward-decision-not-recorded" not in [f.code for f in check_assessment(granted)]
    concern = final("needs improvement", "outstanding")
    with pytest.raises(ValidationError) as info:
        concern.record(reward=RewardDecision(granted=True, reason="Outstanding outcomes"))
    assert info.value.path == "reward.granted"
    declined = concern.record(reward=RewardDecision(granted=False, reason="Behavioural concern"))
    assert declined.reward is not None and not declined.reward.granted


def test_a_behavioural_concern_needs_a_linked_development_plan() -> None:
    concern = final("needs improvement", "outstanding")
    codes = [f.code for f in check_assessment(concern)]
    assert "behaviour-concern-without-plan" in codes
    growth = concern.record(development_plans=[DevelopmentPlan(actions=["Stretch project"])])
    assert "behaviour-concern-without-plan" in [f.code for f in check_assessment(growth)]
    linked = concern.record(
        development_plans=[
            DevelopmentPlan(
                actions=["Coaching on giving feedback", "Check in monthly"],
                addresses=ElementKind.BEHAVIOUR,
                agreed_on=dt.date(2025, 7, 25),
                review_on=dt.date(2025, 10, 25),
            )
        ]
    )
    assert "behaviour-concern-without-plan" not in [f.code for f in check_assessment(linked)]
    with pytest.raises(ValidationError) as info:
        final("strong", "strong").record(
            development_plans=[DevelopmentPlan(actions=["x"], addresses=ElementKind.BEHAVIOUR)]
        )
    assert info.value.path == "development_plans[0].addresses"


def test_an_unsatisfactory_process_is_recorded_only_when_the_result_starts_it() -> None:
    lowest = final("unacceptable", "strong")
    assert "unsatisfactory-process-not-recorded" in [f.code for f in check_assessment(lowest)]
    process = UnsatisfactoryPerformanceProcess(
        started_on=dt.date(2025, 7, 28),
        reason="Behaviours rated unacceptable",
        steps=["Concerns put in writing", "Support plan agreed"],
    )
    recorded = lowest.record(unsatisfactory_process=process)
    assert "unsatisfactory-process-not-recorded" not in [f.code for f in check_assessment(recorded)]
    with pytest.raises(ValidationError) as info:
        final("needs improvement", "strong").record(unsatisfactory_process=process)
    assert info.value.path == "unsatisfactory_process"
    stricter = NonCompensatoryPolicy(unsatisfactory_trigger="needs-improvement")
    under_stricter = draft(
        behaviours=Rating(level="needs-improvement"), outcomes=Rating(level="strong")
    ).finalise(on=dt.date(2025, 7, 20), policy=stricter)
    assert under_stricter.record(unsatisfactory_process=process).unsatisfactory_process == process


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: DevelopmentPlan(actions=[]), "actions"),
        (
            lambda: DevelopmentPlan(
                actions=["x"], agreed_on=dt.date(2025, 8, 1), review_on=dt.date(2025, 7, 1)
            ),
            "review_on",
        ),
        (
            lambda: UnsatisfactoryPerformanceProcess(
                started_on=dt.date(2025, 8, 1), reason="r", concluded_on=dt.date(2025, 7, 1)
            ),
            "concluded_on",
        ),
        (
            lambda: UnsatisfactoryPerformanceProcess(
                started_on=dt.date(2025, 8, 1), reason="r", outcome="Improved"
            ),
            "concluded_on",
        ),
        (lambda: RewardDecision(granted=True, reason=""), "reason"),
        (lambda: draft(reward=RewardDecision(granted=False, reason="r")), "reward"),
        (lambda: draft().record(reward=RewardDecision(granted=False, reason="r")), "status"),
    ],
)
def test_consequence_records_are_checked(make: Any, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        make()
    assert info.value.path == path


def test_check_assessment_refuses_other_values() -> None:
    with pytest.raises(TypeError):
        check_assessment("assessment")  # type: ignore[arg-type]
