from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.maturity import REPORTING_AND_EVALUATION, Element

FRAMEWORK_LIST = (
    # verbatim, in order, from "Elements of the Framework" in the SES performance overview
    "expectations for behaviours and outcomes",
    "performance assessments",
    "reward and recognition",
    "development",
    "unsatisfactory performance",
)


def test_five_elements_in_the_frameworks_order() -> None:
    assert [e.label.lower() for e in Element] == list(FRAMEWORK_LIST)
    assert [e.position for e in Element] == [1, 2, 3, 4, 5]


def test_slugs_are_lowercase_and_stable() -> None:
    assert Element.EXPECTATIONS.value == "expectations"
    assert Element.UNSATISFACTORY_PERFORMANCE.value == "unsatisfactory-performance"
    for element in Element:
        assert element.value == element.value.lower()
        assert " " not in element.value


def test_reporting_and_evaluation_is_not_an_element() -> None:
    assert len(Element) == 5
    with pytest.raises(ValidationError):
        Element.parse("reporting and evaluation")
    assert "reporting and evaluation" in REPORTING_AND_EVALUATION


@given(st.sampled_from(Element), st.sampled_from(["value", "label", "name"]), st.booleans())
def test_parse_reads_slug_label_and_name_in_any_case(
    element: Element, form: str, upper: bool
) -> None:
    text = {"value": element.value, "label": element.label, "name": element.name}[form]
    assert Element.parse(f"  {text.upper() if upper else text} ") is element


@pytest.mark.parametrize("value", ["", "rewards", 3, None, "reporting"])
def test_parse_rejects_other_values_naming_the_field(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        Element.parse(value, field="ratings[0].element")
    assert info.value.path == "ratings[0].element"
    assert "expectations" in str(info.value)
