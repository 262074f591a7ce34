"""Hidden groups' headcounts, shown only where no hidden cell can then be worked out.

``sizes_can_show`` says a hidden group's size may be shown when, with every hidden row and
column total known, each hidden cell still has at least ``min_cell`` possible values. The
tests bound each hidden cell by integer programming over everything such an output shows
(SciPy's ``milp``: the shown rows, the column totals, the hidden groups' sizes) and check
that the answer agrees; and that a review shows a hidden group's size exactly then.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf.segmentation import Level, Placement, Segment, Workforce, review
from apsperf.segmentation.analysis._suppression import MIN_CELL, hidden_groups, sizes_can_show

scipy_optimize = pytest.importorskip("scipy.optimize")


def _table(seed: int, sizes: list[int]) -> list[list[int]]:
    rng = random.Random(seed)
    rows = []
    for size in sizes:
        row = [0] * 9
        for _ in range(size):
            row[rng.choice((0, 1, 2, 3, 4, 4, 5, 5, 6, 7, 8))] += 1
        rows.append(row)
    return rows


def _cell_ranges(table: list[list[int]], hidden: list[int]) -> list[tuple[int, int, int]]:
    """(low, high, column's hidden total) of each hidden cell, sizes and totals known."""
    width = len(table[0])
    count = len(hidden) * width
    equations = []
    values = []
    for c in range(width):  # each column's hidden total: the overall minus the shown
        row = np.zeros(count)
        for n in range(len(hidden)):
            row[n * width + c] = 1
        equations.append(row)
        values.append(sum(table[g][c] for g in hidden))
    for n, g in enumerate(hidden):  # each hidden group's size, shown
        row = np.zeros(count)
        row[n * width : (n + 1) * width] = 1
        equations.append(row)
        values.append(sum(table[g]))
    constraint = scipy_optimize.LinearConstraint(np.array(equations), values, values)
    found = []
    for variable in range(count):
        bounds = []
        for sign in (1.0, -1.0):
            objective = np.zeros(count)
            objective[variable] = sign
            result = scipy_optimize.milp(
                objective, constraints=constraint, integrality=np.ones(count)
            )
            assert result.success
            bounds.append(round(sign * result.fun))
        found.append((bounds[0], bounds[1], values[variable % width]))
    return found


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(
        st.one_of(st.integers(1, 4), st.integers(5, 15), st.integers(16, 90)),
        min_size=2,
        max_size=6,
    ),
    seed=st.integers(0, 10_000),
)
def test_sizes_are_shown_only_where_no_hidden_cell_is_pinned(sizes: list[int], seed: int) -> None:
    table = _table(seed, sizes)
    hidden = hidden_groups([table])
    if not hidden or not sizes_can_show([table], hidden):
        return
    assert all(sum(table[g]) >= MIN_CELL for g in hidden)  # never beside a "<5" group
    for low, high, column in _cell_ranges(table, sorted(hidden)):
        assert high - low + 1 >= min(MIN_CELL, column + 1), (table, sorted(hidden))


def test_sizes_are_refused_where_a_cell_would_be_pinned() -> None:
    # Two hidden groups nearly all in one segment: with both sizes known, each group's count
    # in that segment would follow within fewer than five values (30 to 32).
    table = [[30, 0, 0, 0, 0, 0, 0, 0, 2], [20, 0, 0, 0, 0, 0, 0, 0, 0]]
    assert not sizes_can_show([table], frozenset({0, 1}))
    wide = [[30, 10, 0, 0, 0, 0, 0, 0, 2], [10, 20, 0, 0, 0, 0, 0, 0, 9]]
    assert sizes_can_show([wide], frozenset({0, 1}))
    assert not sizes_can_show([[*wide, [3, 0, 0, 0, 0, 0, 0, 0, 0]]], frozenset({0, 1, 2}))


def _workforce(groups: dict[str, list[Segment]]) -> Workforce:
    return Workforce.from_placements(
        Placement(
            employee_id=f"{name}-{n}",
            performance=segment.performance,
            potential=segment.potential,
            groups={"Division": name},
        )
        for name, segments in groups.items()
        for n, segment in enumerate(segments)
    )


def test_a_review_shows_a_hidden_groups_size_exactly_when_it_is_safe() -> None:
    spread = [s for s in Segment for _ in range(8)]
    groups = {
        "North": spread,
        "South": spread + [Segment.TOP_TALENT] * 10,
        "East": [*spread[:-8], Segment.STRONGEST_CONCERN, Segment.STRONGEST_CONCERN],
        "West": [*spread[8:], Segment.TOP_TALENT],
    }
    result = review(_workforce(groups), by="Division")
    table_of = result.breakdown("Division")
    assert {h.value for h in table_of.hidden} == {"East", "West"}
    sizes = {h.value: h.size for h in table_of.hidden}
    assert sizes == {"East": len(groups["East"]), "West": len(groups["West"])}
    assert all(h.reason == "small" for h in table_of.hidden)
    # beside a group under the threshold, no hidden size is shown
    groups["Tiny"] = [Segment.UNCERTAIN] * 2
    result = review(_workforce(groups), by="Division")
    hidden = result.breakdown("Division").hidden
    assert hidden and all(h.size is None for h in hidden)
    assert [h.small for h in hidden if h.value == "Tiny"] == [True]


@pytest.mark.parametrize("level", list(Level))
def test_what_a_review_shows_adds_up(level: Level) -> None:
    """Shown groups, hidden sizes and the hidden groups' combined counts agree."""
    spread = [s for s in Segment for _ in range(6)]
    odd = [s for s in Segment if s.performance is level]
    groups = {"A": spread, "B": spread + odd, "C": spread[:-3] + odd, "D": spread[9:]}
    table_of = review(_workforce(groups), by="Division").breakdown("Division")
    combined = sum(c.count for c in table_of.hidden_counts or ())
    assert sum(g.total for g in table_of.groups) + combined == sum(map(len, groups.values()))
    known = [h.size for h in table_of.hidden]
    if known and None not in known:
        assert sum(s or 0 for s in known) == combined
