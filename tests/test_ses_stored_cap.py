"""A stored SES result never offsets a concern (issue 27): checked on load, for every policy.

An assessment document's result is checked against the scales it was worked out on by the
rules of ``assess``: the overall result is never above what a behaviours (or outcomes)
concern allows, whatever policy produced it, and a result recorded under a shipped
two-rating policy is exactly what that policy gives. The loader (``from_json`` /
``from_dict``) and construction in Python run the same check, so ``check_assessment`` never
sees an assessment that breaks it.
"""

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
    CriticalElement,
    ElementKind,
    MidpointPolicy,
    NonCompensatoryPolicy,
    PointsBand,
    Rating,
    SesAssessment,
    WeightedElementsPolicy,
    assess,
    assess_elements,
    check_assessment,
    default_scales,
    financial_year,
    load_scales,
)
from apsperf.serialization import from_dict, from_json, to_dict, to_json
from apsperf.testing._agreements import assessment_scales

ON = dt.date(2025, 7, 20)


class LiftAboveConcern:
    """An agency's own policy: the higher rating when neither is a concern, else the lower.

    It keeps the Framework's rules (a concern caps the result; behaviours and outcomes are
    symmetric), so ``verify_policy`` accepts it; the loader knows nothing about it but the
    cap.
    """

    name = "lift-above-concern"
    unsatisfactory_trigger = None

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        if scales.is_concern(behaviours) or scales.is_concern(outcomes):
            return scales.overall_rank_for(min(behaviours, outcomes))
        return scales.overall_rank_for(max(behaviours, outcomes))


def weighted_for(scales: AssessmentScales, starts: list[int]) -> WeightedElementsPolicy:
    """Two equally weighted elements and bands at ``starts``: symmetric, so always fair."""
    top = len(scales.overall)
    cuts = sorted({0, *(s for s in starts if 0 < s <= 2 * scales.size)})[:top]
    return WeightedElementsPolicy(
        elements=[
            CriticalElement(name="Leading", kind=ElementKind.BEHAVIOUR, weight=10),
            CriticalElement(name="Results", kind=ElementKind.OUTCOME, weight=10),
        ],
        bands=[
            PointsBand(overall=scales.overall.levels[rank].slug, from_points=10 * start)
            for rank, start in enumerate(cuts)
        ],
    )


def policies(scales: AssessmentScales) -> st.SearchStrategy[AssessmentPolicy]:
    """Every kind of policy: shipped two-rating ones, a trigger, weighted and the agency's own."""
    concern_slugs = [lv.slug for lv in scales.behaviours.levels if lv.concern]
    return st.one_of(
        st.sampled_from([NonCompensatoryPolicy(), MidpointPolicy(), LiftAboveConcern()]),
        st.sampled_from(concern_slugs).map(
            lambda slug: NonCompensatoryPolicy(unsatisfactory_trigger=slug)
        ),
        st.lists(st.integers(1, 2 * scales.size), max_size=4).map(
            lambda starts: weighted_for(scales, starts)
        ),
    )


def final(
    behaviours: str, outcomes: str, *, scales: AssessmentScales | None, policy: AssessmentPolicy
) -> SesAssessment:
    return SesAssessment(
        leader="Jordan Smith",
        period=financial_year(2024),
        behaviours=Rating(level=behaviours),
        outcomes=Rating(level=outcomes),
    ).finalise(on=ON, scales=scales, policy=policy)


def stored(assessment: SesAssessment, overall: int, scales: AssessmentScales) -> dict[str, Any]:
    """The assessment's document with the overall result replaced by level ``overall``.

    Reward eligibility is recomputed for the new level, so the overall result is the only
    thing that can break the rules.
    """
    doc = to_dict(assessment)
    result = doc["result"]
    result["overall"] = scales.overall.levels[overall].slug
    concern = result["behaviour_concern"] or result["outcome_concern"]
    result["reward_eligible"] = not concern and overall >= scales.reward_rank
    return doc


def allowed(
    scales: AssessmentScales, policy: AssessmentPolicy, b: int, o: int, overall: int
) -> bool:
    """What the rules allow as the stored overall rank for ranks ``b`` and ``o``."""
    for rank in (b, o):
        if scales.is_concern(rank) and overall > scales.overall_rank_for(rank):
            return False  # above the cap: refused whatever the policy
    if isinstance(policy, NonCompensatoryPolicy | MidpointPolicy):
        return overall == policy.overall_rank(b, o, scales)  # a shipped policy: exactly it
    if isinstance(policy, WeightedElementsPolicy) and min(b, o) == 0:
        return overall == 0  # any element at the lowest level makes the result the lowest
    return True


def load(doc: dict[str, Any]) -> SesAssessment:
    return from_json(SesAssessment, json.dumps(doc))


def refusal(doc: dict[str, Any], *, redact: bool = False) -> tuple[str, str]:
    """The one (path, message) problem the loader reports for ``doc``."""
    with pytest.raises(ValidationError) as info:
        from_json(SesAssessment, json.dumps(doc), redact=redact)
    (problem,) = info.value.errors
    return problem


@st.composite
def cases(
    draw: st.DrawFn,
) -> tuple[AssessmentScales, AssessmentPolicy, int, int, int]:
    scales = draw(assessment_scales())
    ranks = st.integers(0, scales.size - 1)
    b = draw(ranks)
    o = draw(ranks)
    overall = draw(st.integers(0, len(scales.overall) - 1))
    return scales, draw(policies(scales)), b, o, overall


@settings(max_examples=300)
@given(cases())
def test_load_succeeds_exactly_when_the_stored_result_keeps_the_rules(
    case: tuple[AssessmentScales, AssessmentPolicy, int, int, int],
) -> None:
    scales, policy, b, o, overall = case
    honest = final(
        scales.behaviours.levels[b].slug,
        scales.outcomes.levels[o].slug,
        scales=scales,
        policy=policy,
    )
    assert honest.result is not None
    assert load(to_dict(honest)) == honest  # what apsperf wrote always loads
    doc = stored(honest, overall, scales)
    if allowed(scales, policy, b, o, overall):
        loaded = load(doc)
        assert loaded.result is not None
        assert loaded.result.overall == scales.overall.levels[overall].slug
        assert from_json(SesAssessment, to_json(loaded)) == loaded
    else:
        assert refusal(doc)[0] == "result.overall"
    # the same document built in Python is refused the same way: no way round the loader
    result = from_dict(AssessmentResult, {"schema_version": 1, **doc["result"]})
    if not allowed(scales, policy, b, o, overall):
        with pytest.raises(ValidationError) as info:
            attrs.evolve(honest, result=result)
        assert info.value.path == "result.overall"


@pytest.mark.parametrize(
    "policy",
    [
        NonCompensatoryPolicy(),
        NonCompensatoryPolicy(unsatisfactory_trigger="needs-improvement"),
        MidpointPolicy(),
        LiftAboveConcern(),
        weighted_for(default_scales(), [2, 4, 6, 8]),
    ],
    ids=lambda p: getattr(p, "name", "policy"),
)
@pytest.mark.parametrize(
    "behaviours", [lv.slug for lv in default_scales().behaviours.levels if lv.concern]
)
def test_every_behaviour_concern_level_caps_the_stored_result(
    behaviours: str, policy: AssessmentPolicy
) -> None:
    scales = default_scales()
    b = scales.behaviours.rank(behaviours)
    cap = scales.overall_rank_for(b)
    for o, outcome in enumerate(scales.outcomes.levels):  # however strong the outcomes
        honest = final(behaviours, outcome.slug, scales=None, policy=policy)
        assert honest.scales is None  # the default scales are not recorded
        for overall in range(len(scales.overall)):
            doc = stored(honest, overall, scales)
            if overall > cap:
                path, message = refusal(doc)
                assert path == "result.overall"
                assert "behaviours concern" in message
            assert (overall <= cap and allowed(scales, policy, b, o, overall)) == _loads(doc)


def _loads(doc: dict[str, Any]) -> bool:
    try:
        load(doc)
    except ValidationError:
        return False
    return True


def test_the_issue_document_is_refused_naming_the_field() -> None:
    doc = to_dict(final("needs improvement", "outstanding", scales=None, policy=MidpointPolicy()))
    doc["result"]["overall"] = "outstanding"
    path, message = refusal(doc)
    assert path == "result.overall"
    assert "'outstanding' is above what the behaviours concern allows" in message
    path, message = refusal(doc, redact=True)
    assert path == "result.overall" and "outstanding" not in message


def test_a_weighted_result_is_capped_too() -> None:
    scales = default_scales()
    weighted = weighted_for(scales, [2, 4, 6, 8])
    result = assess_elements({"Leading": 2, "Results": 5}, policy=weighted)
    assert (result.behaviours, result.overall, result.points) == (
        "needs-improvement",
        "needs-improvement",
        70,
    )
    base = SesAssessment(
        leader="Jordan Smith",
        period=financial_year(2024),
        behaviours=Rating(level="needs-improvement"),
        outcomes=Rating(level="outstanding"),
    )
    recorded = attrs.evolve(base, result=result, finalised_on=ON)
    assert load(to_dict(recorded)) == recorded
    doc = to_dict(recorded)
    doc["result"]["overall"] = "strong"
    assert refusal(doc)[0] == "result.overall"


@pytest.mark.parametrize(
    ("ratings", "field", "value", "path"),
    [
        (("effective", "strong"), "reward_eligible", True, "result.reward_eligible"),
        (("strong", "strong"), "reward_eligible", False, "result.reward_eligible"),
        (
            ("strong", "strong"),
            "unsatisfactory_performance",
            True,
            "result.unsatisfactory_performance",
        ),
        (("strong", "strong"), "points", 40, "result.points"),
        (("strong", "strong"), "overall", "effective", "result.overall"),
        (("strong", "strong"), "overall", "superb", "result.overall"),
    ],
)
def test_the_rest_of_a_stored_result_follows_the_rules(
    ratings: tuple[str, str], field: str, value: object, path: str
) -> None:
    doc = to_dict(final(*ratings, scales=None, policy=NonCompensatoryPolicy()))
    doc["result"][field] = value
    assert refusal(doc)[0] == path


def test_the_lowest_rating_always_starts_the_unsatisfactory_process() -> None:
    doc = to_dict(final("unacceptable", "strong", scales=None, policy=NonCompensatoryPolicy()))
    doc["result"]["unsatisfactory_performance"] = False
    assert refusal(doc)[0] == "result.unsatisfactory_performance"


AGENCY_SCALES = {
    "behaviours": {
        "name": "Behaviours",
        "levels": [
            {"slug": "not-demonstrated", "label": "Not demonstrated", "concern": True},
            {"slug": "demonstrated", "label": "Demonstrated", "concern": False},
            {"slug": "role-model", "label": "Role model", "concern": False},
        ],
    },
    "outcomes": {
        "name": "Outcomes",
        "levels": [
            {"slug": "not-met", "label": "Not met", "concern": True},
            {"slug": "met", "label": "Met", "concern": False},
            {"slug": "exceeded", "label": "Exceeded", "concern": False},
        ],
    },
    "overall": {
        "name": "Overall",
        "levels": [
            {"slug": "unsatisfactory", "label": "Unsatisfactory", "concern": True},
            {"slug": "satisfactory", "label": "Satisfactory", "concern": False},
        ],
    },
    "overall_mapping": ["unsatisfactory", "satisfactory", "satisfactory"],
    "reward_from": "satisfactory",
}


def test_an_agencys_scales_are_recorded_and_checked() -> None:
    scales = load_scales(AGENCY_SCALES)
    assessment = final("not demonstrated", "exceeded", scales=scales, policy=MidpointPolicy())
    assert assessment.scales == scales
    assert load(to_dict(assessment)) == assessment
    doc = to_dict(assessment)
    doc["result"]["overall"] = "satisfactory"
    assert refusal(doc)[0] == "result.overall"
    unrecorded = to_dict(assessment)
    unrecorded["scales"] = None  # the scales it was worked out on are not recorded
    path, message = refusal(unrecorded)
    assert path == "scales" and "record the scales" in message


def test_finalise_uses_the_scales_recorded_on_the_draft() -> None:
    scales = load_scales(AGENCY_SCALES)
    draft = SesAssessment(
        leader="Jordan Smith",
        period=financial_year(2024),
        behaviours=Rating(level="role model"),
        outcomes=Rating(level="met"),
        scales=scales,
    )
    done = draft.finalise(on=ON)
    assert done.result is not None and done.result.overall == "satisfactory"
    assert done.scales == scales


def test_a_result_built_in_python_is_checked_as_a_loaded_one() -> None:
    honest = final("needs improvement", "outstanding", scales=None, policy=NonCompensatoryPolicy())
    assert honest.result is not None
    forged = attrs.evolve(honest.result, overall="outstanding")
    with pytest.raises(ValidationError) as info:
        attrs.evolve(honest, result=forged)
    assert info.value.path == "result.overall"
    with pytest.raises(ValidationError) as info:
        SesAssessment(
            leader="Jordan Smith",
            period=financial_year(2024),
            behaviours=Rating(level="needs-improvement"),
            outcomes=Rating(level="outstanding"),
            finalised_on=ON,
            result=forged,
        )
    assert info.value.path == "result.overall"
    # check_assessment sees only assessments that keep the rules, and warns of the concern
    codes = [f.code for f in check_assessment(honest)]
    assert "behaviour-concern-without-plan" in codes
    assert assess("needs improvement", "outstanding").overall == "needs-improvement"
