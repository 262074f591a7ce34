"""Rater effects: leniency, tests, effect sizes and residuals, checked against SciPy."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from apsperf import ValidationError
from apsperf.segmentation import Level, Placement, Workforce, rater_effects
from apsperf.segmentation.analysis._raters import exact_p_value, holm


def _workforce(counts: dict[str, list[int]]) -> Workforce:
    """Each assessor's people by performance level (low, moderate, high); potential moderate."""
    people = []
    for assessor, per_level in counts.items():
        for level, count in zip(Level, per_level, strict=True):
            people += [(assessor, level)] * count
    return Workforce.from_placements(
        Placement(employee_id=f"E{n}", performance=lv, potential=Level.MODERATE, assessed_by=a)
        for n, (a, lv) in enumerate(people)
    )


row = st.lists(st.integers(0, 40), min_size=3, max_size=3)


@settings(max_examples=80, deadline=None)
@given(row, row)
def test_the_performance_test_matches_scipy(mine: list[int], rest: list[int]) -> None:
    columns = [j for j in range(3) if mine[j] + rest[j]]
    assume(sum(mine) and sum(rest) and len(columns) >= 2)
    effect = rater_effects(_workforce({"A": mine, "B": rest}))[0].performance
    table = [[mine[j] for j in columns], [rest[j] for j in columns]]
    expected = stats.chi2_contingency(table, correction=False)
    check = effect.check
    assert check.statistic == pytest.approx(expected.statistic, rel=1e-9, abs=1e-12)
    assert check.effect_size == pytest.approx(
        stats.contingency.association(table, method="cramer"), rel=1e-9, abs=1e-12
    )
    if check.test == "independence":
        assert check.p_value == pytest.approx(expected.pvalue, rel=1e-6, abs=1e-12)
    else:
        assert check.test == "exact" and check.p_value is not None
    for residual, o, e in zip(effect.residuals, table[0], expected.expected_freq[0], strict=True):
        assert math.copysign(1, residual) == math.copysign(1, o - e) or abs(o - e) < 1e-9


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_the_exact_test_of_a_2x2_table_is_fishers(a: int, b: int, c: int, d: int) -> None:
    assume(a + b and c + d and a + c and b + d)
    p = exact_p_value([a, b], [a + c, b + d])
    assert p == pytest.approx(stats.fisher_exact([[a, b], [c, d]]).pvalue, rel=1e-6, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.integers(0, 30), st.integers(0, 30), st.integers(1, 30))
def test_a_2x2_adjusted_residual_squared_is_the_chi_square(a: int, b: int, c: int, d: int) -> None:
    assume(a + c and b + d)
    effect = rater_effects(_workforce({"A": [a, 0, b], "B": [c, 0, d]}))[0].performance
    assert effect.check.statistic is not None
    assert effect.residuals[0] ** 2 == pytest.approx(effect.check.statistic, rel=1e-9, abs=1e-9)


def test_the_exact_test_of_a_2x3_table_sums_the_no_likelier_tables() -> None:
    first, totals = [3, 0, 1], [3, 2, 3]
    n, a = sum(totals), sum(first)

    def weight(xs: tuple[int, ...]) -> int:
        return math.prod(math.comb(t, x) for t, x in zip(totals, xs, strict=True))

    tables = [xs for xs in itertools.product(*(range(t + 1) for t in totals)) if sum(xs) == a]
    observed = weight(tuple(first))
    brute = sum(weight(xs) for xs in tables if weight(xs) <= observed) / math.comb(n, a)
    assert exact_p_value(first, totals) == pytest.approx(brute)


def test_holm_adjusts_step_down() -> None:
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx((0.03, 0.06, 0.06, 0.02))
    assert holm([]) == ()


def test_leniency_is_the_assessor_mean_minus_the_rest() -> None:
    effects = rater_effects(_workforce({"A": [0, 0, 6], "B": [6, 0, 0]}))
    assert [e.performance.leniency for e in effects] == [2.0, -2.0]
    assert [e.potential.leniency for e in effects] == [0.0, 0.0]
    assert effects[0].segments.leniency is None


def test_small_cells_use_the_exact_test_and_withhold_the_nine_cell_test() -> None:
    (first, _) = rater_effects(_workforce({"A": [0, 1, 5], "B": [5, 1, 0]}))
    assert first.performance.check.test == "exact"
    assert first.performance.check.p_value is not None
    assert first.segments.check.p_value is None
    assert first.p_value == pytest.approx(min(1.0, 2 * first.performance.check.p_value))


def test_a_clear_outlier_among_many_assessors_is_flagged_and_no_one_else() -> None:
    counts = {f"A{i}": [6, 24, 10] for i in range(8)}
    counts["A9"] = [0, 6, 34]
    effects = {e.assessor: e for e in rater_effects(_workforce(counts))}
    assert [name for name, e in effects.items() if e.flagged] == ["A9"]
    adjusted = effects["A9"].adjusted_p_value
    assert adjusted is not None and effects["A9"].p_value is not None
    assert adjusted >= effects["A9"].p_value


def test_a_lone_assessor_has_no_test() -> None:
    (only,) = rater_effects(_workforce({"A": [1, 2, 3]}))
    assert only.p_value is None and not only.flagged
    assert only.performance.check.findings[0].code == "too-few-categories"


def test_people_without_an_assessor_count_only_as_everyone_else() -> None:
    workforce = Workforce.from_placements(
        [
            Placement(employee_id="E1", performance=Level.HIGH, potential=Level.HIGH),
            Placement(
                employee_id="E2", performance=Level.LOW, potential=Level.LOW, assessed_by="A"
            ),
        ]
    )
    (effect,) = rater_effects(workforce)
    assert (effect.assessor, effect.people) == ("A", 1)


def test_a_grouping_column_can_name_the_assessor() -> None:
    workforce = Workforce.from_placements(
        Placement(
            employee_id=f"E{n}",
            performance=Level.HIGH,
            potential=Level.LOW,
            groups={"Manager": f"M{n % 2}"},
        )
        for n in range(4)
    )
    assert [e.assessor for e in rater_effects(workforce, by="Manager")] == ["M0", "M1"]
    with pytest.raises(ValidationError, match="alpha"):
        rater_effects(workforce, alpha=2.0)
