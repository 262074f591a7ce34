"""Rater effects: leniency and its interval, Mann-Whitney tests, Holm, residuals; against SciPy."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from apsperf import ValidationError
from apsperf.segmentation import Level, Placement, Segment, Workforce, rater_effects
from apsperf.segmentation.analysis._stats import exact_p_value, holm, t_quantile


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


def _sample(counts: list[int]) -> list[int]:
    return [level for level, n in zip((1, 2, 3), counts, strict=True) for _ in range(n)]


@settings(max_examples=120, deadline=None)
@given(row, row)
def test_the_performance_test_matches_scipy(mine: list[int], rest: list[int]) -> None:
    assume(sum(mine) and sum(rest))
    effect = rater_effects(_workforce({"A": mine, "B": rest}))
    axis = next(e for e in effect if e.assessor == "A").performance
    assert axis.counts == tuple(mine)
    expected = stats.mannwhitneyu(_sample(mine), _sample(rest), method="asymptotic")
    assert axis.statistic == pytest.approx(expected.statistic, rel=1e-12, abs=1e-9)
    if len([j for j in range(3) if mine[j] + rest[j]]) < 2:
        assert axis.p_value is None  # everyone at one level: no test
    else:
        assert axis.p_value == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-12)


@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")  # SciPy's, on ties
@settings(max_examples=120, deadline=None)
@given(row, row)
def test_the_leniency_interval_is_welchs(mine: list[int], rest: list[int]) -> None:
    assume(sum(mine) and sum(rest))
    axis = next(
        e for e in rater_effects(_workforce({"A": mine, "B": rest})) if e.assessor == "A"
    ).performance
    a, b = _sample(mine), _sample(rest)
    assert axis.leniency == pytest.approx(sum(a) / len(a) - sum(b) / len(b), abs=1e-12)
    spread = len(set(a)) > 1 or len(set(b)) > 1
    if len(a) < 2 or len(b) < 2 or not spread:
        assert axis.interval is None
        return
    expected = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert axis.interval is not None
    assert axis.interval[0] == pytest.approx(expected.low, rel=1e-9, abs=1e-9)
    assert axis.interval[1] == pytest.approx(expected.high, rel=1e-9, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.5, 0.9999), st.floats(0.05, 1e7))
def test_the_t_quantile_matches_scipy(p: float, df: float) -> None:
    # Checked through SciPy's distribution function, which stays precise where its own
    # quantile does not (just above 0.5, where t is tiny).
    t = t_quantile(p, df)
    assert stats.t.sf(t, df) == pytest.approx(1 - p, rel=1e-9, abs=1e-15)
    if p > 0.501:
        assert t == pytest.approx(stats.t.ppf(p, df), rel=1e-9)


def test_the_t_quantile_refuses_what_it_does_not_compute() -> None:
    for p, df in ((0.4, 5.0), (1.0, 5.0), (0.9, 0.0)):
        with pytest.raises(ValueError, match="t_quantile"):
            t_quantile(p, df)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_the_exact_test_of_a_2x2_table_is_fishers(a: int, b: int, c: int, d: int) -> None:
    assume(a + b and c + d and a + c and b + d)
    p = exact_p_value([a, b], [a + c, b + d])
    assert p == pytest.approx(stats.fisher_exact([[a, b], [c, d]]).pvalue, rel=1e-6, abs=1e-12)


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
    effects = {e.assessor: e for e in rater_effects(_workforce({"A": [0, 0, 6], "B": [6, 0, 0]}))}
    assert [effects[a].performance.leniency for a in "AB"] == [2.0, -2.0]
    assert [effects[a].potential.leniency for a in "AB"] == [0.0, 0.0]


def test_holm_runs_across_every_assessor_and_both_axes() -> None:
    counts = {f"A{i}": [6 + i % 3, 24, 10 - i % 3] for i in range(12)}
    effects = rater_effects(_workforce(counts))
    tested = [
        axis.p_value
        for e in sorted(effects, key=lambda e: e.assessor)
        for axis in (e.performance, e.potential)
        if axis.p_value is not None
    ]
    adjusted = [
        axis.adjusted_p_value
        for e in sorted(effects, key=lambda e: e.assessor)
        for axis in (e.performance, e.potential)
        if axis.p_value is not None
    ]
    assert adjusted == pytest.approx(holm(tested))
    assert len(tested) == 12  # potential is moderate for everyone: no test on that axis


def test_a_clear_outlier_among_many_assessors_is_flagged_first_and_no_one_else() -> None:
    counts = {f"A{i}": [6, 24, 10] for i in range(8)}
    counts["A9"] = [0, 6, 34]
    effects = rater_effects(_workforce(counts))
    assert [e.assessor for e in effects if e.flagged] == ["A9"]
    assert effects[0].assessor == "A9"  # flagged assessors come first
    rest = list(effects)[1:]
    assert [e.assessor for e in rest] == sorted(e.assessor for e in rest)
    outlier = effects[0]
    assert outlier.performance.flagged and not outlier.potential.flagged
    assert outlier.performance.leniency is not None and outlier.performance.leniency > 0
    assert outlier.performance.interval is not None and outlier.performance.interval[0] > 0
    p, adjusted = outlier.performance.p_value, outlier.performance.adjusted_p_value
    assert p is not None and adjusted is not None and adjusted >= p


def test_residuals_are_given_for_flagged_assessors_only() -> None:
    counts = {f"A{i}": [6, 24, 10] for i in range(8)}
    counts["A9"] = [0, 6, 34]
    effects = rater_effects(_workforce(counts))
    assert all(e.residuals == () for e in effects if not e.flagged)
    (outlier,) = [e for e in effects if e.flagged]
    table = [list(outlier.segments), [0] * 9]
    for e in effects:
        if e is not outlier:
            table[1] = [x + y for x, y in zip(table[1], e.segments, strict=True)]
    kept = [j for j in range(9) if table[0][j] + table[1][j]]
    expected = stats.contingency.expected_freq(
        [[table[0][j] for j in kept], [table[1][j] for j in kept]]
    )
    assert len(outlier.residuals) == len(Segment)
    for j, e in zip(kept, expected[0], strict=True):
        assert math.copysign(1, outlier.residuals[j]) == math.copysign(1, table[0][j] - e)
    assert max(range(9), key=lambda j: abs(outlier.residuals[j])) in kept


def test_a_lone_assessor_has_no_test() -> None:
    (only,) = rater_effects(_workforce({"A": [1, 2, 3]}))
    assert not only.flagged
    assert only.performance.p_value is None and only.performance.interval is None
    assert only.performance.leniency is None


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
