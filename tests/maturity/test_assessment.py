from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import Severity, ValidationError
from apsperf.maturity import (
    Aggregation,
    Element,
    ElementRating,
    ImplementationRecord,
    SelfAssessment,
    aggregate,
    check_self_assessment,
    default_scale,
    load_self_assessment,
    load_self_assessments,
    maturity_state,
)
from apsperf.serialization import from_dict, from_json, to_dict, to_json
from apsperf.testing._maturity import self_assessments

LEVELS = st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=5)


def make(levels: dict[Element, int] | None = None, **changes: object) -> SelfAssessment:
    chosen = levels if levels is not None else dict(zip(Element, (3, 2, 4, 2, 5), strict=True))
    fields: dict[str, object] = {
        "agency": "Department of Coastal Affairs",
        "assessed_on": dt.date(2024, 5, 20),
        "ratings": tuple(
            ElementRating(
                element=e,
                level=level,
                evidence=(f"evidence for {e.value}",),
                planned_actions=(f"lift {e.value}",) if level < 5 else (),
            )
            for e, level in chosen.items()
        ),
    }
    fields.update(changes)
    return SelfAssessment(**fields)  # type: ignore[arg-type]


# --- structure ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("agency", "", "agency"),
        ("agency", " Padded ", "agency"),
        ("assessed_on", "2024-05-20", "assessed_on"),
        ("assessed_on", dt.datetime(2024, 5, 20), "assessed_on"),
        ("ratings", ("development",), "ratings[0]"),
        ("implementation", {"commenced_on": None}, "implementation"),
    ],
)
def test_invalid_fields_are_named(field: str, value: object, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        make(**{field: value})
    assert info.value.path == path


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"level": 0}, "level"),
        ({"level": True}, "level"),
        ({"level": "3"}, "level"),
        ({"element": "development"}, "element"),
        ({"evidence": ("a", "a")}, "evidence[1]"),
        ({"planned_actions": ("",)}, "planned_actions[0]"),
        ({"evidence": "one string"}, "evidence"),
    ],
)
def test_invalid_ratings_are_named(fields: dict[str, object], path: str) -> None:
    base: dict[str, object] = {"element": Element.DEVELOPMENT, "level": 2}
    with pytest.raises(ValidationError) as info:
        ElementRating(**{**base, **fields})  # type: ignore[arg-type]
    assert info.value.path == path


def test_an_element_is_rated_at_most_once() -> None:
    twice = (
        ElementRating(element=Element.UNSATISFACTORY_PERFORMANCE, level=2),
        ElementRating(element=Element.EXPECTATIONS, level=2),
        ElementRating(element=Element.UNSATISFACTORY_PERFORMANCE, level=3),
    )
    with pytest.raises(ValidationError) as info:
        make(ratings=twice)
    assert info.value.path == "ratings[2].element"
    assert "Unsatisfactory performance" in str(info.value)


def test_ratings_keep_their_order_and_can_be_read_in_the_frameworks() -> None:
    reversed_levels = dict(reversed(list(zip(Element, (1, 2, 3, 4, 5), strict=True))))
    assessment = make(reversed_levels)
    assert [r.element for r in assessment.ratings] == list(reversed(Element))
    assert [r.element for r in assessment.in_framework_order] == list(Element)
    assert from_dict(SelfAssessment, to_dict(assessment)) == assessment  # a round trip is exact


def test_with_rating_replaces_the_elements_rating_and_keeps_the_original() -> None:
    original = make()
    raised = original.with_rating(ElementRating(element=Element.DEVELOPMENT, level=5))
    assert raised.rating(Element.DEVELOPMENT) == ElementRating(element=Element.DEVELOPMENT, level=5)
    assert original.rating(Element.DEVELOPMENT).level == 2  # type: ignore[union-attr]
    assert len(raised.ratings) == 5


# --- completeness ---------------------------------------------------------------------------


def test_incomplete_assessment_reports_what_is_missing() -> None:
    draft = make({Element.EXPECTATIONS: 3, Element.DEVELOPMENT: 2})
    assert not draft.is_complete
    assert draft.missing_elements == (
        Element.PERFORMANCE_ASSESSMENTS,
        Element.REWARD_AND_RECOGNITION,
        Element.UNSATISFACTORY_PERFORMANCE,
    )
    errors = [f for f in check_self_assessment(draft) if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == ["element-missing"] * 3
    assert "Reward and recognition" in errors[1].message


def test_maturity_state_of_an_incomplete_assessment_names_the_missing_elements() -> None:
    draft = make({Element.EXPECTATIONS: 3})
    with pytest.raises(ValidationError) as info:
        maturity_state(draft)
    assert info.value.path == "ratings"
    assert "performance-assessments" in str(info.value)
    assert "unsatisfactory-performance" in str(info.value)


def test_levels_off_the_scale_are_errors() -> None:
    off = make().with_rating(ElementRating(element=Element.DEVELOPMENT, level=6))
    with pytest.raises(ValidationError) as info:
        maturity_state(off)
    assert info.value.path == "ratings[3].level"
    assert [f.code for f in check_self_assessment(off) if f.severity is Severity.ERROR] == [
        "level-off-scale"
    ]


def test_well_supported_assessment_has_no_findings() -> None:
    assert check_self_assessment(make()) == ()


def test_missing_evidence_and_actions_are_warnings() -> None:
    bare = make().with_rating(ElementRating(element=Element.DEVELOPMENT, level=2))
    findings = check_self_assessment(bare)
    assert {(f.code, f.path) for f in findings} == {
        ("evidence-missing", "ratings[3].evidence"),
        ("actions-missing", "ratings[3].planned_actions"),
    }
    assert all(f.severity is Severity.WARNING for f in findings)


def test_a_top_level_needs_no_planned_actions() -> None:
    top = make().with_rating(
        ElementRating(element=Element.DEVELOPMENT, level=5, evidence=("evaluated",))
    )
    assert check_self_assessment(top) == ()


# --- maturity state, aggregate and focus areas ----------------------------------------------


def test_maturity_state_with_weakest_link_and_mean() -> None:
    state = maturity_state(make())
    assert [(s.element, s.level, s.level_name) for s in state.elements] == [
        (Element.EXPECTATIONS, 3, "Defined"),
        (Element.PERFORMANCE_ASSESSMENTS, 2, "General acceptance"),
        (Element.REWARD_AND_RECOGNITION, 4, "Managed"),
        (Element.DEVELOPMENT, 2, "General acceptance"),
        (Element.UNSATISFACTORY_PERFORMANCE, 5, "Leader"),
    ]
    assert state.elements[0].description == default_scale().describe(Element.EXPECTATIONS, 3)
    ratings = state.aggregate
    assert ratings.rule is Aggregation.WEAKEST_LINK
    assert (ratings.overall, ratings.weakest_link, ratings.mean, ratings.strongest) == (
        2.0,
        2,
        3.2,
        5,
    )


def test_focus_areas_are_the_lowest_elements_with_the_next_level_as_target() -> None:
    state = maturity_state(make())
    assert [(f.element, f.level, f.target_level, f.target_name) for f in state.focus_areas] == [
        (Element.PERFORMANCE_ASSESSMENTS, 2, 3, "Defined"),
        (Element.DEVELOPMENT, 2, 3, "Defined"),
    ]
    assert state.focus_areas[1].target_description == default_scale().describe(
        Element.DEVELOPMENT, 3
    )


def test_no_focus_areas_when_every_element_is_at_the_top() -> None:
    assert maturity_state(make(dict.fromkeys(Element, 5))).focus_areas == ()


@pytest.mark.parametrize(
    ("rule", "overall"),
    [(Aggregation.WEAKEST_LINK, 1.0), (Aggregation.MEAN, 2.6), (Aggregation.MEDIAN, 3.0)],
)
def test_aggregation_rules(rule: Aggregation, overall: float) -> None:
    ratings = aggregate([1, 3, 3, 2, 4], rule)
    assert ratings.overall == pytest.approx(overall)
    assert (ratings.weakest_link, ratings.strongest) == (1, 4)
    assert ratings.mean == pytest.approx(2.6)


@pytest.mark.parametrize("levels", [[], [0], [2, True], [2, "3"]])
def test_aggregate_rejects_bad_levels(levels: list[object]) -> None:
    with pytest.raises(ValidationError):
        aggregate(levels)  # type: ignore[arg-type]


@given(LEVELS, st.sampled_from(Aggregation))
def test_aggregate_never_exceeds_the_best_nor_falls_below_the_worst(
    levels: list[int], rule: Aggregation
) -> None:
    ratings = aggregate(levels, rule)
    assert min(levels) <= ratings.overall <= max(levels)
    assert min(levels) <= ratings.mean <= max(levels)
    assert ratings.weakest_link == min(levels) and ratings.strongest == max(levels)


@given(LEVELS, st.sampled_from(Aggregation), st.data())
def test_raising_any_element_never_lowers_the_aggregate(
    levels: list[int], rule: Aggregation, data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(levels) - 1))
    raised = list(levels)
    raised[index] += data.draw(st.integers(min_value=1, max_value=4))
    before, after = aggregate(levels, rule), aggregate(raised, rule)
    assert after.overall >= before.overall
    assert after.mean >= before.mean
    assert after.weakest_link >= before.weakest_link


@given(self_assessments(complete=True), st.sampled_from(Element), st.sampled_from(Aggregation))
def test_raising_an_element_never_lowers_the_agencys_aggregate(
    assessment: SelfAssessment, element: Element, rule: Aggregation
) -> None:
    current = assessment.rating(element)
    assert current is not None
    if current.level == default_scale().top:
        return
    raised = assessment.with_rating(attrs.evolve(current, level=current.level + 1))
    before = maturity_state(assessment, rule=rule).aggregate
    after = maturity_state(raised, rule=rule).aggregate
    assert after.overall >= before.overall
    assert after.mean > before.mean


@given(self_assessments(complete=True), st.sampled_from(Aggregation))
def test_focus_areas_are_exactly_the_lowest_elements_below_the_top(
    assessment: SelfAssessment, rule: Aggregation
) -> None:
    state = maturity_state(assessment, rule=rule)
    lowest = min(r.level for r in assessment.ratings)
    expected = [r.element for r in assessment.ratings if r.level == lowest < 5]
    assert [f.element for f in state.focus_areas] == expected
    assert all(f.target_level == f.level + 1 for f in state.focus_areas)


@given(self_assessments())
def test_an_assessment_is_complete_exactly_when_no_element_is_missing(
    assessment: SelfAssessment,
) -> None:
    missing_errors = [f for f in check_self_assessment(assessment) if f.code == "element-missing"]
    assert assessment.is_complete == (not assessment.missing_elements) == (not missing_errors)
    assert len(assessment.ratings) + len(assessment.missing_elements) == 5


# --- serialization and files ----------------------------------------------------------------


@given(self_assessments())
def test_self_assessment_json_round_trip_is_identity(assessment: SelfAssessment) -> None:
    text = to_json(assessment)
    again = from_json(SelfAssessment, text)
    assert again == assessment
    assert to_json(again) == text


def test_document_uses_slugs_and_iso_dates() -> None:
    doc = to_dict(make(implementation=ImplementationRecord(commenced_on=dt.date(2024, 1, 8))))
    assert doc["schema_version"] == 1
    assert doc["assessed_on"] == "2024-05-20"
    assert doc["ratings"][0]["element"] == "expectations"
    assert doc["implementation"]["commenced_on"] == "2024-01-08"


def test_record_fills_in_the_self_assessment_date() -> None:
    assert make().record == ImplementationRecord(self_assessed_on=dt.date(2024, 5, 20))
    given_record = ImplementationRecord(self_assessed_on=dt.date(2024, 4, 1))
    assert make(implementation=given_record).record == given_record


def test_loading_a_bad_file_names_the_file_and_field(tmp_path: Path) -> None:
    doc = to_dict(make())
    doc["ratings"][2]["element"] = "rewards"
    file = tmp_path / "coastal.json"
    file.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ValidationError) as info:
        load_self_assessment(file)
    assert info.value.errors[0][0] == f"{file}:ratings[2].element"
    assert "reward-and-recognition" in str(info.value)


@pytest.mark.parametrize("content", ["{", "[]", '{"schema_version": 1}', ""])
def test_malformed_files_raise_validation_error(tmp_path: Path, content: str) -> None:
    file = tmp_path / "bad.json"
    file.write_text(content, "utf-8")
    with pytest.raises(ValidationError, match=r"bad\.json"):
        load_self_assessment(file)


def test_folders_load_every_json_file_sorted(tmp_path: Path) -> None:
    for name, agency in (("b.json", "Bureau B"), ("a.json", "Agency A")):
        (tmp_path / name).write_text(to_json(make(agency=agency)), "utf-8")
    (tmp_path / "notes.txt").write_text("not an assessment", "utf-8")
    loaded = load_self_assessments([tmp_path])
    assert [a.agency for a in loaded] == ["Agency A", "Bureau B"]
    with pytest.raises(ValidationError, match="no such file"):
        load_self_assessments([tmp_path / "missing.json"])


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: maturity_state("assessment"), "assessment"),  # type: ignore[arg-type]
        (lambda: maturity_state(make(), scale="default"), "scale"),  # type: ignore[arg-type]
        (lambda: maturity_state(make(), rule="min"), "rule"),  # type: ignore[arg-type]
        (lambda: check_self_assessment({}), "assessment"),  # type: ignore[arg-type]
        (lambda: make().with_rating(3), "rating"),  # type: ignore[arg-type]
    ],
)
def test_wrong_arguments_are_validation_errors(call: object, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        call()  # type: ignore[operator]
    assert info.value.path == path


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(self_assessments(), st.data())
def test_malformed_documents_raise_only_validation_error(
    assessment: SelfAssessment, data: st.DataObject
) -> None:
    doc = to_dict(assessment)
    target = doc
    path = data.draw(st.lists(st.integers(min_value=0, max_value=4), max_size=3))
    for step in path:
        children = (
            list(target.items())
            if isinstance(target, dict)
            else list(enumerate(target))
            if isinstance(target, list)
            else []
        )
        if not children:
            break
        key, child = children[step % len(children)]
        if not isinstance(child, (dict, list)):
            break
        target = child
    if isinstance(target, dict) and target:
        key = data.draw(st.sampled_from(sorted(target)))
        target[key] = data.draw(JSON_VALUES)
    elif isinstance(target, list) and target:
        target[0] = data.draw(JSON_VALUES)
    with contextlib.suppress(ValidationError):
        from_dict(SelfAssessment, doc)


# --- records that contradict themselves ---------------------------------------------------

MAY_20 = dt.date(2024, 5, 20)
DAY = dt.timedelta(days=1)


def codes(assessment: SelfAssessment) -> list[str]:
    return [f.code for f in check_self_assessment(assessment)]


def reported(on: dt.date, **record: dt.date | None) -> ImplementationRecord:
    return ImplementationRecord(reported_on=on, **record)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("record", "contradicts"),
    [
        (reported(MAY_20 - DAY), True),  # a day before this self-assessment
        (reported(MAY_20), False),  # the same day: completed, then reported
        (reported(MAY_20 + DAY), False),
        (reported(MAY_20 - DAY, self_assessed_on=MAY_20 - 2 * DAY), False),  # an earlier one
        (reported(MAY_20 - 2 * DAY, self_assessed_on=MAY_20 - DAY), True),
        (ImplementationRecord(self_assessed_on=MAY_20 + DAY), False),  # not yet reported
    ],
)
def test_reporting_before_completing_the_self_assessment(
    record: ImplementationRecord, contradicts: bool
) -> None:
    assessment = make(implementation=record)
    assert ("reported-before-self-assessment" in codes(assessment)) is contradicts
    if contradicts:
        finding = next(f for f in check_self_assessment(assessment) if f.code.startswith("rep"))
        assert finding.severity is Severity.ERROR
        assert finding.path == "implementation.reported_on"
        assert "before the self-assessment was completed on" in finding.message


def test_reporting_an_incomplete_self_assessment() -> None:
    draft = make({Element.EXPECTATIONS: 3, Element.DEVELOPMENT: 2})
    assert "reported-before-self-assessment" not in codes(draft)
    reported_draft = attrs.evolve(draft, implementation=reported(MAY_20 + DAY))
    found = [f for f in check_self_assessment(reported_draft) if f.code.startswith("reported")]
    assert [f.message.split(", but ")[1][:36] for f in found] == [
        "this self-assessment is not complete"
    ]
    # The record names an earlier, completed self-assessment: that one was reported.
    earlier = reported(MAY_20 - DAY, self_assessed_on=MAY_20 - 5 * DAY)
    assert "reported-before-self-assessment" not in codes(
        attrs.evolve(draft, implementation=earlier)
    )
    complete = make(implementation=reported(MAY_20 + DAY))
    assert "reported-before-self-assessment" not in codes(complete)


LEVEL_1 = dict(zip(Element, (3, 1, 4, 2, 5), strict=True))
LEVEL_2 = dict(zip(Element, (3, 2, 4, 2, 5), strict=True))


@pytest.mark.parametrize(
    ("levels", "implemented", "contradicts"),
    [
        (LEVEL_1, MAY_20 - DAY, True),
        (LEVEL_1, MAY_20, True),  # claimed on the day of the assessment
        (LEVEL_1, MAY_20 + DAY, False),  # later: may have followed the assessment
        (LEVEL_1, None, False),
        (LEVEL_2, MAY_20 - DAY, False),  # lowest element at level 2
        ({Element.DEVELOPMENT: 1}, MAY_20, True),  # a draft too
    ],
)
def test_full_implementation_claimed_with_an_element_at_level_1(
    levels: dict[Element, int], implemented: dt.date | None, contradicts: bool
) -> None:
    assessment = make(levels, implementation=ImplementationRecord(fully_implemented_on=implemented))
    found = [f for f in check_self_assessment(assessment) if f.code == "implemented-with-level-1"]
    assert bool(found) is contradicts
    if contradicts:
        assert found[0].severity is Severity.ERROR
        assert found[0].path == "implementation.fully_implemented_on"
        assert "at level 1 (Awareness)" in found[0].message


def test_every_element_at_level_1_is_named() -> None:
    levels = dict(zip(Element, (1, 1, 4, 2, 1), strict=True))
    record = ImplementationRecord(fully_implemented_on=MAY_20)
    (finding,) = [
        f
        for f in check_self_assessment(make(levels, implementation=record))
        if f.code == "implemented-with-level-1"
    ]
    assert (
        "rates expectations for behaviours and outcomes, performance assessments, "
        "unsatisfactory performance at level 1" in finding.message
    )


def test_the_samples_do_not_contradict_themselves() -> None:
    from apsperf.maturity import load_samples

    for sample in load_samples():
        assert not {"reported-before-self-assessment", "implemented-with-level-1"} & set(
            codes(sample)
        ), sample.agency
