"""Disclosure control across what one output shows, checked by an interval attacker.

Random workforces with small groups are calibrated; the attacker (integer programming over
everything the report shows about the sensitive column: the fairness table, the aspiration
table, their overall counts, each hidden group's "<5" flag) bounds every hidden group's
size and cells. Each bound must be as loose as the threshold allows: no hidden value is
pinned more closely than it would be with every group hidden (the overall counts alone).
A review's statistic is computed from nothing the breakdown hides.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
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
from apsperf.segmentation.analysis._suppression import suppress_groups

pytest.importorskip("scipy")
from tests.segmentation.disclosure_attacker import Shown, ranges

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


def _widths_hold(shown: Shown, min_cell: int) -> list[str]:
    """Hidden values pinned more closely than the threshold and the overall counts allow."""
    everything_hidden = Shown(
        tables=[[None] * len(table) for table in shown.tables],
        totals=shown.totals,
        small=shown.small,
    )
    base = {r.what: r.high - r.low + 1 for r in ranges(everything_hidden, min_cell)}
    bad = []
    for found in ranges(shown, min_cell):
        group = int(found.what.split()[1])
        if "size" in found.what and shown.small[group]:
            continue  # shown as "<5": known to be 1 to 4, by design
        if found.high - found.low + 1 < min(min_cell, base[found.what]):
            bad.append(f"{found.what}: {found.low}..{found.high}")
    return bad


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
    (check,) = report.fairness
    (aspiration,) = report.aspiration_by
    names = [g.value for g in check.groups]
    assert names == [g.value for g in aspiration.groups]
    selection = [
        None if g.suppressed else [g.selected, g.people - g.selected]  # type: ignore[operator]
        for g in check.groups
    ]
    timings = [
        None
        if g.suppressed
        else [g.before, g.same_day, g.after, g.missing, g.unknown, g.unreadable]
        for g in aspiration.groups
    ]
    # A group is hidden in both tables or in neither: neither can be set beside the other.
    assert [row is None for row in selection] == [row is None for row in timings]
    pool = {Segment.TOP_TALENT, Segment.HIGH_ACHIEVER, Segment.EMERGING_POTENTIAL}
    selected = sum(c.count for c in report.after if c.segment in pool)
    everyone = sum(c.count for c in report.after)
    overall = aspiration.overall
    shown = Shown(
        tables=[selection, timings],  # type: ignore[list-item]
        totals=[
            [selected, everyone - selected],
            [
                overall.before,
                overall.same_day,
                overall.after,
                overall.missing,
                overall.unknown,
                overall.unreadable,
            ],  # type: ignore[list-item]
        ],
        small=[g.small for g in check.groups],
    )
    assert _widths_hold(shown, min_cell) == []


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.one_of(st.integers(1, 4), st.integers(5, 80)), min_size=2, max_size=7),
    seed=st.integers(0, 10_000),
)
def test_the_statistic_of_a_breakdown_uses_only_what_it_shows(sizes: list[int], seed: int) -> None:
    """The check's table is the groups shown plus one row the overall counts give away."""
    result = review(_workforce(seed, sizes), by="Group")
    check = check_independence(result, "Group")
    groups = result.breakdown("Group").groups
    rows = [[g.count(s) for s in Segment] for g in groups]
    shown = [row for row, seen in zip(rows, suppress_groups(rows), strict=True) if seen.size]
    totals = [sum(column) for column in zip(*rows, strict=True)]
    rest = [
        total - sum(column)
        for total, column in zip(totals, zip(*shown, [0] * 9, strict=True), strict=True)
    ]
    public = [row for row in [*shown, rest] if sum(row)]
    columns = [j for j in range(9) if any(row[j] for row in public)]
    table = [[row[j] for j in columns] for row in public]
    assert [list(row) for row in check.observed] == table
    if check.statistic is not None:
        assert check.statistic == _stats.independence(table)[0]
