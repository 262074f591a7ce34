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


@pytest.mark.parametrize("scale", [1.0, 1e-300, 1e300, 8e307])
def test_a_shape_means_the_same_at_any_scale(scale: float) -> None:
    """Shares are proportions: huge ones never overflow to zero, tiny ones never vanish."""
    placements = [
        Placement(employee_id=f"E{n}", performance=level, potential=level)
        for n, level in enumerate([Level.LOW, Level.HIGH, Level.HIGH, Level.MODERATE] * 5)
    ]
    talent = review(Workforce.from_placements(placements))
    shape = {"strongest-concern": 1, "top-talent": 2, "well-placed": 1}
    reference = check_distribution(talent, shape)
    scaled = check_distribution(talent, {k: v * scale for k, v in shape.items()})
    assert scaled.statistic == pytest.approx(reference.statistic, rel=1e-12)
    assert scaled.findings == reference.findings


def test_a_segment_given_twice_is_refused() -> None:
    with pytest.raises(ValidationError, match="given twice") as info:
        check_distribution(_review(), {"top-talent": 1, "Top Talent": 2})
    assert info.value.path == "expected.top-talent"
