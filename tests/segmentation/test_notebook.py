"""Notebook displays: short ``repr()`` and rich HTML of a bounded size, whatever the size."""

from __future__ import annotations

import random

import pytest

from apsperf.segmentation import (
    Placement,
    Segment,
    Workforce,
    check_distribution,
    check_independence,
    movement,
    review,
)
from apsperf.segmentation.render._views import _shown

PEOPLE = 60_000
MANAGERS = 3_000


def _workforce(seed: int) -> Workforce:
    chance = random.Random(seed)
    return Workforce.from_placements(
        (
            Placement(
                employee_id=f"E{n:06d}",
                performance=(segment := chance.choice(list(Segment))).performance,
                potential=segment.potential,
                groups={"Division": f"D{n % 7}", "Manager": f"M{chance.randrange(MANAGERS)}"},
            )
            for n in range(PEOPLE)
            if chance.random() > 0.05  # about 5% join or leave between cycles
        ),
        source=f"big-{seed}.csv",
    )


@pytest.fixture(scope="module")
def large() -> tuple[Workforce, Workforce]:
    return _workforce(1), _workforce(2)


def test_every_result_displays_in_under_50_kb_and_reprs_in_a_line(
    large: tuple[Workforce, Workforce],
) -> None:
    before, now = large
    result = review(now, by=["Division", "Manager"])
    moved = movement(before, now)
    assert len(moved.transitions) > 40_000  # the attrs repr of this ran to megabytes
    shown = {
        "workforce": now,
        "review": result,
        "movement": moved,
        "breakdown": result.breakdown("Manager"),
        "independence": check_independence(result, "Division"),
        "distribution": check_distribution(result, {s: 1 for s in Segment}),
    }
    for name, value in shown.items():
        page = value._repr_html_()  # type: ignore[attr-defined]
        assert 200 < len(page.encode()) < 50_000, (name, len(page))
        assert "<script" not in page, name
        assert len(repr(value)) < 200 and "\n" not in repr(value), (name, repr(value)[:300])


def test_a_breakdown_lists_its_largest_groups_and_totals_everyone(
    large: tuple[Workforce, Workforce],
) -> None:
    breakdown = review(large[1], by="Manager", min_cell=None).breakdown("Manager")
    page = breakdown._repr_html_()  # suppressed as it is shown
    assert f"The 30 largest of {MANAGERS:,} groups are listed" in page
    assert page.count("<tr>") == 30 + 2  # heading, 30 groups, total
    assert f"{large[1].rows_placed:,}" in page
    # the largest groups shown are listed (a hidden group's size is not known to rank it)
    shown, _ = _shown(breakdown, 5)
    listed = sorted(shown, key=lambda g: -(g.size or 0))[:30]
    assert all(f"<th>{g.value}</th>" in page for g in listed)


def test_reprs_say_what_a_result_holds(large: tuple[Workforce, Workforce]) -> None:
    before, now = large
    moved = movement(before, now)
    assert repr(moved).startswith(f"<Movement: {moved.common:,} placed in both cycles")
    result = review(now, by="Division")
    assert repr(result) == (
        f"<TalentReview of 'big-2.csv': {now.rows_read:,} rows read, {now.rows_placed:,} "
        "placed, 0 not placed, by Division>"
    )
    check = check_independence(result, "Division")
    assert repr(check).startswith("<CalibrationCheck independence: chi-square ")
    assert "Placements differ" in check._repr_html_()


def test_a_notebook_display_carries_the_styles_its_legend_needs() -> None:
    from apsperf.segmentation import movement, read_workforce, sample_workforce_path

    moved = movement(
        read_workforce(sample_workforce_path(2024)), read_workforce(sample_workforce_path(2025))
    )
    page = moved._repr_html_()
    assert 'class="swatch"' in page and ".apsperf ul.legend .swatch{" in page
    assert 'class="n up"' in page or "up" in page
    assert ".apsperf .up{background:" in page
