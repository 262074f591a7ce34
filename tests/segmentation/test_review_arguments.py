"""Wrongly typed arguments to the review functions are TypeErrors; bad shares are not."""

from __future__ import annotations

from typing import Any

import pytest

from apsperf import ValidationError
from apsperf.segmentation import (
    Level,
    Placement,
    TalentReview,
    Workforce,
    check_distribution,
    check_independence,
    review,
)


def _review() -> TalentReview:
    placement = Placement(
        employee_id="E1", performance=Level.LOW, potential=Level.LOW, groups={"g": "a"}
    )
    return review(Workforce.from_placements([placement]), by="g")


@pytest.mark.parametrize("by", [None, 3, [1], ("g", None), b"g"])
def test_review_by_of_the_wrong_type_is_a_type_error(by: Any) -> None:
    workforce = Workforce.from_placements([])
    with pytest.raises(TypeError, match="by must be a column name"):
        review(workforce, by=by)


def test_checks_need_a_talent_review_and_a_column_name() -> None:
    with pytest.raises(TypeError, match="talent_review must be a TalentReview"):
        check_distribution(Workforce.from_placements([]), {"top-talent": 1})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="talent_review must be a TalentReview"):
        check_independence(None, "g")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="by must be a column name"):
        check_independence(_review(), None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "share",
    [10**5000, 10**400, -(10**5000), float("nan"), "1", True],
    ids=["5001-digits", "401-digits", "minus-5001-digits", "nan", "text", "bool"],
)
def test_shares_that_are_no_number_are_validation_errors(share: Any) -> None:
    with pytest.raises(ValidationError) as info:
        check_distribution(_review(), {"top-talent": share})
    assert info.value.path == "expected.top-talent"
