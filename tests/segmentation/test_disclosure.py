"""Disclosure control across what one output shows, checked by an interval attacker.

Random workforces with small groups are calibrated; the attacker (integer programming over
everything the report shows about the sensitive column: the fairness table, the moves by
group with the selection before the session, the aspiration table, their overall counts,
each hidden group's "<5" flag, and the list of people moved, which ties the selection
before and after to the moves) bounds every hidden group's size and cells. Each bound
must be as loose as the threshold allows: no hidden value is pinned more closely than it
would be with every group hidden (the overall counts alone).
A review's statistic is computed from nothing the breakdown hides.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from apsperf.segmentation import (
    CalibrationChange,
    CalibrationSession,
    Level,
    Placement,
    Segment,
    Workforce,
    calibrate,
    check_independence,
    review,
)
from apsperf.segmentation.analysis import _stats

pytest.importorskip("scipy")
from tests.segmentation.disclosure_attacker import Coarse, Output, calibration_output, pinned

LEVELS = list(Level)
ASSESSED = dt.date(2026, 8, 1)


def _workforce(seed: int, sizes: list[int]) -> Workforce:
    rng = random.Random(seed)
    people = []
    for group, size in enumerate(sizes):
        for n in range(size):
            conversation = rng.choice(
                [None, ASSESSED, ASSESSED - dt.timedelta(days=9), ASSESSED + dt.timedelta(days=3)]
            )
            people.append(
                Placement(
                    employee_id=f"G{group}-{n}",
                    performance=rng.choice(LEVELS),
                    potential=rng.choice(LEVELS),
                    assessed_on=ASSESSED,
                    aspiration_conversation_on=conversation,
                    groups={"Group": f"group {group}"},
                )
            )
    return Workforce.from_placements(people)


def _session(proposed: Workforce, seed: int) -> CalibrationSession:
    rng = random.Random(seed)
    ids = list(proposed.employee_ids)
    changes = [
        CalibrationChange(
            employee_id=employee,
            performance=rng.choice(LEVELS),
            potential=rng.choice(LEVELS),
            reason="evidence",
            by="Chair",
            on=dt.date(2026, 9, 22),
        )
        for employee in rng.sample(ids, min(len(ids), rng.randint(0, 6)))
    ]
    return CalibrationSession.start(proposed).record(changes, proposed)


@pytest.mark.slow  # integer programming over every table: several seconds
@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(
        st.one_of(st.integers(1, 4), st.integers(5, 12), st.integers(13, 60)),
        min_size=2,
        max_size=6,
    ),
    seed=st.integers(0, 10_000),
)
def test_no_hidden_value_is_pinned_by_the_calibration_report(sizes: list[int], seed: int) -> None:
    min_cell = 5
    proposed = _workforce(seed, sizes)
    report = calibrate(proposed, _session(proposed, seed), fairness_by=["Group"])
    # Everything the report shows about the column: selection after (the fairness table),
    # selection before and the council's moves (the moves-by-group table), the aspiration
    # table, their overall counts, and what the list of people moved ties them with.
    output = calibration_output(report, 0)
    # A group is hidden in every table or in none: no table can be set beside another.
    hidden = [[row is None for row in table] for table in output.tables]
    assert all(pattern == hidden[0] for pattern in hidden)
    assert pinned(output, min_cell) == []


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.one_of(st.integers(1, 4), st.integers(5, 80)), min_size=2, max_size=7),
    seed=st.integers(0, 10_000),
)
def test_the_statistic_of_a_breakdown_uses_only_what_it_shows(sizes: list[int], seed: int) -> None:
    """The check's table is the groups shown plus one row the overall counts give away."""
    workforce = _workforce(seed, sizes)
    result = review(workforce, by="Group")
    check = check_independence(result, "Group")
    table_of = result.breakdown("Group")
    shown = [[g.count(s) for s in Segment] for g in table_of.groups]
    rows = [
        [g.count(s) for s in Segment]
        for g in review(workforce, by="Group", min_cell=None).breakdown("Group").groups
    ]
    totals = [sum(column) for column in zip(*rows, strict=True)]
    rest = [
        total - sum(column)
        for total, column in zip(totals, zip(*shown, [0] * 9, strict=True), strict=True)
    ]
    assert [c.count for c in table_of.hidden_counts or [Segment] * 0] == (
        rest if table_of.hidden else []
    )
    public = [row for row in [*shown, rest] if sum(row)]
    columns = [j for j in range(9) if any(row[j] for row in public)]
    table = [[row[j] for j in columns] for row in public]
    assert [list(row) for row in check.observed] == table
    if check.statistic is not None:
        assert check.statistic == _stats.independence(table)[0]


def _crossed_workforce(seed: int, sizes: list[int]) -> Workforce:
    """People in groups of two columns: ``sizes`` per (division, band) pair, in order."""
    rng = random.Random(seed)
    people = []
    for pair, size in enumerate(sizes):
        division, band = f"d{pair % 3}", f"b{pair // 3}"
        for n in range(size):
            people.append(
                Placement(
                    employee_id=f"P{pair}-{n}",
                    performance=rng.choice(LEVELS),
                    potential=rng.choice(LEVELS),
                    groups={"Division": division, "Band": band},
                )
            )
    return Workforce.from_placements(people)


def _row(group: object) -> list[int | None] | None:
    """A breakdown's group as shown: its counts, ``None`` where hidden, or ``None``."""
    if hasattr(group, "segments"):
        return [group.count(s) for s in Segment]  # type: ignore[attr-defined]
    return list(group.cells) or None  # type: ignore[attr-defined]


def _review_output(
    result: object, fine: int | object, coarser: list[int], *, shown: bool = True
) -> Output:
    """Everything a review shows by its crossed breakdown ``fine`` and the coarser ones.

    ``fine`` is the crossed breakdown's position in ``result``, or a crossed breakdown of
    the same workforce that the review does not show (``shown=False``): its groups are then
    the finest groups, every one hidden and unmarked, which the coarser tables add up.
    """
    crossed = result.breakdowns[fine] if isinstance(fine, int) else fine  # type: ignore[attr-defined]
    listed = crossed.listed()  # type: ignore[attr-defined]
    rows = [_row(g) if shown else None for g in listed]
    small: list[bool | None] = [
        (False if hasattr(g, "segments") else g.small) if shown else None for g in listed
    ]
    sizes = [None if hasattr(g, "segments") or not shown else g.size for g in listed]
    coarse = []
    for other in coarser:
        by = result.breakdowns[other]  # type: ignore[attr-defined]
        at = [crossed.crossed.index(column) for column in by.columns]
        groups = by.listed()
        values = [g.values for g in groups]
        members: list[list[int]] = [[] for _ in values]
        for g, group in enumerate(listed):
            members[values.index(tuple(group.values[j] for j in at))].append(g)
        coarse.append(
            Coarse(
                members,
                [[_row(g) for g in groups]],
                [False if hasattr(g, "segments") else g.small for g in groups],
                [None if hasattr(g, "segments") else g.size for g in groups],
            )
        )
        for b, group in enumerate(groups):
            if shown and not hasattr(group, "segments"):  # hidden, with or without counts
                for g in members[b]:
                    assert not small[g], "a group inside a hidden coarser group is marked"
                    small[g] = None
    return Output(
        tables=[rows],
        totals=[[c.count for c in result.segments]],  # type: ignore[attr-defined]
        small=small,
        coarse=coarse,
        sizes=sizes,
    )


@pytest.mark.slow  # integer programming over every table: a second or two an example
@settings(max_examples=20, deadline=None)
@given(
    sizes=st.lists(
        st.one_of(st.integers(0, 4), st.integers(5, 14), st.integers(15, 50)),
        min_size=4,
        max_size=9,
    ),
    seed=st.integers(0, 10_000),
)
# Band b1 lies inside division d0, and division d1 inside band b0: each column's hidden
# counts shown beside the other's pinned a hidden count to two values (found in CI).
@example(sizes=[2, 44, 0, 34], seed=30)
def test_a_crossed_breakdown_beside_its_columns_pins_nothing(sizes: list[int], seed: int) -> None:
    """``review --by Division --by Band --cross Division Band`` in one output."""
    assume(sum(sizes) > 0)
    workforce = _crossed_workforce(seed, sizes)
    result = review(workforce, by=["Division", "Band", ("Division", "Band")])
    assert pinned(_review_output(result, 2, [0, 1]), 5) == []
    # Without the crossed breakdown: the two columns' tables, set against each other.
    apart = review(workforce, by=["Division", "Band"])
    assert pinned(_review_output(apart, result.breakdowns[2], [0, 1], shown=False), 5) == []
    # The crossed breakdown hides the same groups whichever others the run shows.
    alone = review(workforce, by=[("Division", "Band")]).breakdowns[0]
    assert alone.hidden == result.breakdowns[2].hidden


def test_a_crossed_group_alone_in_a_shown_division_is_not_shown_beside_it() -> None:
    """The counts of division B less its one shown band would be the hidden band's."""
    people = []
    for division in "ABC":
        for band, size in (("c1", 90), ("c2", 12)):
            for n in range(size):
                small = division == "B" and band == "c2"
                level = (
                    (Level.HIGH, Level.HIGH)
                    if small and n == 0
                    else (Level.LOW, Level.LOW)
                    if small
                    else (LEVELS[n % 3], LEVELS[(n // 3) % 3])
                )
                people.append(
                    Placement(
                        employee_id=f"{division}{band}{n}",
                        performance=level[0],
                        potential=level[1],
                        groups={"Division": division, "Band": band},
                    )
                )
    result = review(Workforce.from_placements(people), by=["Division", ("Division", "Band")])
    by_division, crossed = result.breakdowns
    assert not by_division.hidden
    hidden_in_b = [h for h in crossed.hidden if h.crossed[0] == "B"]
    assert len(hidden_in_b) == 2, "B's one small band is hidden beside another of B's"
    assert pinned(_review_output(result, 1, [0]), 5) == []


@pytest.mark.slow  # integer programming over the table: about a second an example
@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(
        st.one_of(st.integers(1, 4), st.integers(5, 30), st.integers(31, 150)),
        min_size=2,
        max_size=7,
    ),
    seed=st.integers(0, 10_000),
)
def test_hidden_groups_showing_some_counts_pin_nothing(sizes: list[int], seed: int) -> None:
    """A review's breakdown whose hidden groups show their sizes and some of their counts."""
    result = review(_workforce(seed, sizes), by="Group")
    assert pinned(_single_output(result, 0), 5) == []


def _single_output(result: object, index: int) -> Output:
    """Everything a review shows by its ``index``-th breakdown (one column)."""
    listed = result.breakdowns[index].listed()  # type: ignore[attr-defined]
    return Output(
        tables=[[_row(g) for g in listed]],
        totals=[[c.count for c in result.segments]],  # type: ignore[attr-defined]
        small=[False if hasattr(g, "segments") else g.small for g in listed],
        sizes=[None if hasattr(g, "segments") else g.size for g in listed],
    )


def test_the_sample_shows_hidden_divisions_but_for_two_segments() -> None:
    """Two divisions hidden for one small count each show seven of their nine counts."""
    from apsperf.segmentation import read_workforce, sample_workforce_path

    result = review(read_workforce(sample_workforce_path(2025)), by="Division")
    table = result.breakdown("Division")
    assert [why for _, why in table.hidden_segments] == ["small", "protects-others"]
    for group in table.hidden:
        assert group.size is not None and sum(c is None for c in group.cells) == 2
    assert pinned(_single_output(result, 0), 5) == []


def test_hidden_groups_beside_another_column_show_their_headcounts_but_no_counts() -> None:
    """One breakdown shows hidden groups' counts outside the segments hidden; two do not."""
    from apsperf.segmentation import read_workforce, sample_workforce_path

    workforce = read_workforce(sample_workforce_path(2025))
    alone = review(workforce, by="Division").breakdown("Division")
    beside = review(workforce, by=["Division", "Classification"])
    assert [h.value for h in beside.breakdown("Division").hidden] == [h.value for h in alone.hidden]
    assert all(h.cells for h in alone.hidden)
    for table in beside.breakdowns:
        assert table.hidden, "the sample hides groups by both columns"
        assert table.hidden_segments == ()
        for group in table.hidden:
            assert group.cells == () and group.size is not None
    # The same column twice is still one breakdown's worth of tables.
    twice = review(workforce, by=["Division", "Division"])
    assert all(h.cells for t in twice.breakdowns for h in t.hidden)
