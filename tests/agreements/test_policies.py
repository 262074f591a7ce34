"""Assessment policies: "behaviours are as important as outcomes", enforced for every policy."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.agreements import (
    AssessmentPolicy,
    AssessmentScales,
    CriticalElement,
    ElementKind,
    MidpointPolicy,
    NonCompensatoryPolicy,
    PointsBand,
    WeightedElementsPolicy,
    assess,
    assess_elements,
    default_scales,
    load_weighted_policy,
    verify_policy,
)
from apsperf.serialization import from_json, to_json
from apsperf.testing._agreements import assessment_scales, weighted_elements_policies

from ..paths import SOURCES

# --- the rule, checked exhaustively --------------------------------------------------------


class _Table:
    """A policy given as a table of overall ranks, counting how often it is asked."""

    name = "table"
    unsatisfactory_trigger = None

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.calls = 0

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        self.calls += 1
        if self.rule == "outcomes-only":
            return scales.overall_rank_for(outcomes)
        if self.rule == "mean-favouring-outcomes":  # capped by concerns, but lopsided above
            if scales.is_concern(behaviours) or scales.is_concern(outcomes):
                return scales.overall_rank_for(min(behaviours, outcomes))
            return scales.overall_rank_for((behaviours + 2 * outcomes) // 3)
        return scales.overall_rank_for(min(behaviours, outcomes))


def test_an_outcomes_only_policy_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        assess("outstanding", "outstanding", policy=_Table("outcomes-only"))
    assert info.value.path == "policy"
    assert "cannot offset" in info.value.message


def test_a_policy_that_weighs_outcomes_more_is_refused_even_above_the_concern_line() -> None:
    with pytest.raises(ValidationError) as info:
        assess("strong", "strong", policy=_Table("mean-favouring-outcomes"))
    assert "more leniently than outcomes" in info.value.message
    assert "as important as outcomes" in info.value.message


def test_the_verdict_is_worked_out_once_per_pair_of_scales() -> None:
    policy = _Table("min")
    assess("strong", "strong", policy=policy)
    size = default_scales().size
    assert policy.calls == size * size + 1  # every pair once, then this assessment
    assess("effective", "strong", policy=policy)
    assert policy.calls == size * size + 2  # the verdict was cached
    refused = _Table("outcomes-only")
    for _ in range(3):
        with pytest.raises(ValidationError):
            assess("strong", "strong", policy=refused)
    assert refused.calls == size * size  # the refusal was worked out once and cached


def test_unhashable_policies_are_checked_every_time() -> None:
    class Unhashable(_Table):
        __hash__ = None  # type: ignore[assignment]

    policy = Unhashable("min")
    assess("strong", "strong", policy=policy)
    assess("strong", "strong", policy=policy)
    assert policy.calls == 2 * (default_scales().size ** 2 + 1)


def _violations(policy: AssessmentPolicy, scales: AssessmentScales) -> list[tuple[int, int]]:
    """Every pair of levels that breaks "as important as", worked out independently."""
    n = scales.size
    table = [[policy.overall_rank(b, o, scales) for o in range(n)] for b in range(n)]
    bad = []
    for b in range(n):
        for o in range(n):
            capped = [r for r in (b, o) if scales.is_concern(r)]
            if capped and table[b][o] > min(scales.overall_rank_for(r) for r in capped):
                bad.append((b, o))
            if b < o and table[b][o] > table[o][b]:
                bad.append((b, o))
    return bad


@st.composite
def _policy_cases(draw: st.DrawFn) -> tuple[AssessmentScales, AssessmentPolicy]:
    scales = draw(assessment_scales())
    concern_slugs = [level.slug for level in scales.behaviours.levels if level.concern]
    trigger = draw(st.none() | st.sampled_from(concern_slugs))
    policy: AssessmentPolicy = draw(
        st.sampled_from(
            [
                NonCompensatoryPolicy(unsatisfactory_trigger=trigger),
                MidpointPolicy(unsatisfactory_trigger=trigger),
                _Table("outcomes-only"),
                _Table("mean-favouring-outcomes"),
            ]
        )
        | weighted_elements_policies(scales=scales)
    )
    return scales, policy


@settings(max_examples=150)
@given(_policy_cases())
def test_a_policy_is_accepted_exactly_when_behaviours_count_at_least_as_much(
    case: tuple[AssessmentScales, AssessmentPolicy],
) -> None:
    scales, policy = case
    bad = _violations(policy, scales)
    if bad:
        with pytest.raises(ValidationError) as info:
            verify_policy(policy, scales)
        assert info.value.path == "policy"
        return
    verify_policy(policy, scales)
    n = scales.size
    for low in range(n):
        for high in range(low, n):
            lower_behaviours = assess(low + 1, high + 1, scales=scales, policy=policy)
            other_way = assess(high + 1, low + 1, scales=scales, policy=policy)
            worse_or_same = scales.overall.rank(lower_behaviours.overall)
            assert worse_or_same <= scales.overall.rank(other_way.overall)


@settings(max_examples=150)
@given(_policy_cases(), st.data())
def test_an_accepted_policy_never_lets_outcomes_offset_a_behavioural_concern(
    case: tuple[AssessmentScales, AssessmentPolicy], data: st.DataObject
) -> None:
    scales, policy = case
    if _violations(policy, scales):
        return
    b = data.draw(st.integers(0, scales.behaviours.concern_count - 1))
    for o in range(scales.size):
        result = assess(b + 1, o + 1, scales=scales, policy=policy)
        assert scales.overall.rank(result.overall) <= scales.overall_rank_for(b)
        assert result.behaviour_concern and not result.reward_eligible


@settings(max_examples=100)
@given(
    assessment_scales().flatmap(
        lambda s: st.tuples(st.just(s), weighted_elements_policies(scales=s))
    ),
    st.data(),
)
def test_no_outcome_element_offsets_a_behaviour_element_at_a_concern(
    case: tuple[AssessmentScales, WeightedElementsPolicy], data: st.DataObject
) -> None:
    scales, policy = case
    if _violations(policy, scales):
        return
    n = scales.size
    ranks = [
        data.draw(st.integers(0, n - 1)) if e.kind is ElementKind.BEHAVIOUR else n - 1
        for e in policy.elements
    ]  # every outcome element at the top
    concern = data.draw(st.integers(0, scales.behaviours.concern_count - 1))
    first = next(i for i, e in enumerate(policy.elements) if e.kind is ElementKind.BEHAVIOUR)
    ranks[first] = concern
    result = assess_elements(
        {e.name: r + 1 for e, r in zip(policy.elements, ranks, strict=True)},
        policy=policy,
        scales=scales,
    )
    assert result.behaviour_concern and not result.reward_eligible
    assert scales.overall.rank(result.overall) <= scales.overall_rank_for(min(ranks))
    assert result.points == sum(
        e.weight * (r + 1) for e, r in zip(policy.elements, ranks, strict=True)
    )


# --- the weighted-elements policy -----------------------------------------------------------

ELEMENTS = [
    CriticalElement(name="Leading change", kind=ElementKind.BEHAVIOUR, weight=10),
    CriticalElement(name="Leading people", kind=ElementKind.BEHAVIOUR, weight=10),
    CriticalElement(name="Business acumen", kind=ElementKind.BEHAVIOUR, weight=10),
    CriticalElement(name="Building coalitions", kind=ElementKind.BEHAVIOUR, weight=10),
    CriticalElement(name="Results driven", kind=ElementKind.OUTCOME, weight=60),
]
LEVELS = ("unacceptable", "needs-improvement", "effective", "strong", "outstanding")


def bands(*starts: int) -> list[PointsBand]:
    """Example bands, invented for these tests (an agency supplies its own)."""
    return [PointsBand(overall=slug, from_points=n) for slug, n in zip(LEVELS, starts)]  # noqa: B905


EXAMPLE = WeightedElementsPolicy(elements=ELEMENTS, bands=bands(0, 190, 285, 375, 465))


def test_opms_worked_example_gives_400_points_and_level_4() -> None:
    ratings = dict(zip([e.name for e in ELEMENTS], [4, 5, 3, 4, 4], strict=True))
    result = assess_elements(ratings, policy=EXAMPLE)
    assert result.points == 400
    assert result.overall == "strong"  # level 4 of 5
    assert (result.behaviours, result.outcomes) == ("effective", "strong")  # the lowest of each
    assert result.reward_eligible and result.policy == "weighted-elements"


def test_any_element_at_the_lowest_level_makes_the_result_the_lowest() -> None:
    ratings = dict(zip([e.name for e in ELEMENTS], [5, 5, 5, 5, 1], strict=True))
    result = assess_elements(ratings, policy=EXAMPLE)
    assert result.points == 260 and result.overall == "unacceptable"
    assert result.unsatisfactory_performance


def test_a_behaviour_element_at_a_concern_caps_the_result_whatever_the_points() -> None:
    ratings = dict(zip([e.name for e in ELEMENTS], [2, 5, 5, 5, 5], strict=True))
    result = assess_elements(ratings, policy=EXAMPLE)
    assert result.points == 470  # the top band's points ...
    assert result.overall == "needs-improvement"  # ... but outcomes cannot offset the concern
    assert result.behaviour_concern and result.development_area.value == "behaviours"


def test_bands_that_let_heavy_outcome_weights_offset_behaviours_are_refused() -> None:
    lopsided = WeightedElementsPolicy(elements=ELEMENTS, bands=bands(0, 190, 285, 375, 450))
    with pytest.raises(ValidationError) as info:
        assess_elements({e.name: 5 for e in ELEMENTS}, policy=lopsided)
    # behaviours strong (4 x 40) with outcomes outstanding (5 x 60) reach 460 points, but
    # the other way round only 440: behaviours would count for less than outcomes
    assert "behaviours strong with outcomes outstanding gives outstanding" in info.value.message


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"elements": ELEMENTS[:4]}, "elements"),  # no outcome element
        ({"elements": [*ELEMENTS, ELEMENTS[0]]}, "elements[5].name"),
        ({"bands": bands(10, 190, 285, 375, 465)}, "bands"),
        ({"bands": bands(0, 190, 190, 375, 465)}, "bands[2].from_points"),
        ({"bands": []}, "bands"),
    ],
)
def test_weighted_policy_structure(changes: dict[str, object], path: str) -> None:
    fields: dict[str, object] = {"elements": ELEMENTS, "bands": bands(0, 190, 285, 375, 465)}
    fields.update(changes)
    with pytest.raises(ValidationError) as info:
        WeightedElementsPolicy(**fields)  # type: ignore[arg-type]
    assert info.value.path == path


def test_bands_must_name_rising_levels_of_the_overall_scale() -> None:
    unknown = [*bands(0, 190, 285, 375), PointsBand(overall="superb", from_points=465)]
    with pytest.raises(ValidationError) as info:
        assess(3, 3, policy=WeightedElementsPolicy(elements=ELEMENTS, bands=unknown))
    assert info.value.path == "policy.bands[4].overall"
    falling = [*bands(0, 190, 285), PointsBand(overall="effective", from_points=375)]
    with pytest.raises(ValidationError) as info:
        assess(3, 3, policy=WeightedElementsPolicy(elements=ELEMENTS, bands=falling))
    assert info.value.path == "policy.bands[3].overall"


def test_element_ratings_are_checked() -> None:
    ratings: dict[str, object] = {e.name: 3 for e in ELEMENTS}
    with pytest.raises(ValidationError) as info:
        assess_elements({**ratings, "Charisma": 5}, policy=EXAMPLE)
    assert info.value.path == "ratings"
    del ratings["Results driven"]
    with pytest.raises(ValidationError) as info:
        assess_elements(ratings, policy=EXAMPLE)
    assert info.value.path == "ratings.Results driven"
    with pytest.raises(ValidationError) as info:
        assess_elements({**ratings, "Results driven": "superb"}, policy=EXAMPLE)
    assert info.value.path == "ratings.Results driven"
    with pytest.raises(ValidationError):
        assess_elements(ratings, policy=NonCompensatoryPolicy())  # type: ignore[arg-type]


def test_a_weighted_policy_also_works_as_a_two_rating_policy() -> None:
    # every behaviour element effective, the outcome element outstanding: 120 + 300 points
    assert assess("effective", "outstanding", policy=EXAMPLE).overall == "strong"
    assert assess("needs improvement", "outstanding", policy=EXAMPLE).overall == (
        "needs-improvement"
    )


def test_a_weighted_policy_loads_from_toml_and_round_trips(tmp_path: Path) -> None:
    file = tmp_path / "policy.toml"
    lines = []
    for e in ELEMENTS:
        lines += [
            "[[elements]]",
            f'name = "{e.name}"',
            f'kind = "{e.kind.value}"',
            f"weight = {e.weight}",
        ]
    for band in EXAMPLE.bands:
        lines += ["[[bands]]", f'overall = "{band.overall}"', f"from_points = {band.from_points}"]
    file.write_text("\n".join(lines), encoding="utf-8")
    assert load_weighted_policy(file) == EXAMPLE
    json_file = tmp_path / "policy.json"
    json_file.write_text(to_json(EXAMPLE), encoding="utf-8")
    assert (
        load_weighted_policy(json_file)
        == EXAMPLE
        == from_json(WeightedElementsPolicy, to_json(EXAMPLE))
    )
    file.write_text('[[elements]]\nname = "X"\nkind = "attitude"\nweight = 1\n', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_weighted_policy(file)
    assert "policy.toml" in str(info.value)


# --- the unsatisfactory-performance trigger --------------------------------------------------


def test_the_unsatisfactory_trigger_is_part_of_the_policy() -> None:
    assert not assess("needs improvement", "strong").unsatisfactory_performance
    assert assess("unacceptable", "strong").unsatisfactory_performance
    stricter = NonCompensatoryPolicy(unsatisfactory_trigger="needs improvement")
    assert assess("needs improvement", "strong", policy=stricter).unsatisfactory_performance
    assert assess("strong", 2, policy=stricter).unsatisfactory_performance
    assert not assess("effective", "strong", policy=stricter).unsatisfactory_performance
    assert stricter != NonCompensatoryPolicy() and stricter == NonCompensatoryPolicy(
        unsatisfactory_trigger="needs improvement"
    )
    assert "needs improvement" in repr(stricter)


def test_the_trigger_must_be_a_concern_level_of_the_scales() -> None:
    with pytest.raises(ValidationError) as info:
        assess("strong", "strong", policy=MidpointPolicy(unsatisfactory_trigger="effective"))
    assert info.value.path == "policy.unsatisfactory_trigger"
    with pytest.raises(ValidationError) as info:
        assess("strong", "strong", policy=MidpointPolicy(unsatisfactory_trigger="dire"))
    assert info.value.path == "policy.unsatisfactory_trigger"
    with pytest.raises(TypeError):
        NonCompensatoryPolicy(unsatisfactory_trigger=["needs-improvement"])  # type: ignore[arg-type]


# --- the default's words ---------------------------------------------------------------------


def test_the_default_policy_quotes_the_framework_and_says_it_is_strict_both_ways() -> None:
    source = (SOURCES / "aps-ses-performance-leadership-framework.txt").read_text("utf-8")
    sentence = (
        "Excellence in delivering outcomes cannot be used to offset or minimise behavioural "
        "concerns."
    )
    assert sentence in source
    doc = " ".join((inspect.getdoc(NonCompensatoryPolicy) or "").split())
    assert f'"{sentence}"' in doc
    assert "strict the other way" in doc
    assert assess("outstanding", "needs improvement").overall == "needs-improvement"


def test_policy_errors_survive_json() -> None:
    result = assess_elements({e.name: 4 for e in ELEMENTS}, policy=EXAMPLE)
    assert json.loads(to_json(result))["points"] == 400


def test_a_policy_without_a_trigger_is_told_what_a_policy_needs() -> None:
    class Old:
        name = "old"

        def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
            return scales.overall_rank_for(min(behaviours, outcomes))

    with pytest.raises(ValidationError) as info:
        assess("strong", "strong", policy=Old())  # type: ignore[arg-type]
    assert info.value.path == "policy" and "unsatisfactory_trigger" in info.value.message
