"""Movement on the grid: how people came to each segment, and how many left it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import (
    Level,
    Movement,
    Placement,
    Segment,
    Workforce,
    movement,
    read_workforce,
    review,
    review_html,
    sample_workforce_path,
)
from apsperf.segmentation.render._report import nine_box_svg
from apsperf.serialization import from_json, to_json

SEGMENTS = tuple(Segment)


@st.composite
def _cycles(draw: st.DrawFn) -> tuple[Workforce, Workforce]:
    ids = draw(st.lists(st.sampled_from([f"E{i}" for i in range(30)]), unique=True))

    def cycle() -> Workforce:
        people = []
        for employee_id in ids:
            if draw(st.booleans()):
                segment = draw(st.sampled_from(Segment))
                people.append(
                    Placement(
                        employee_id=employee_id,
                        performance=segment.performance,
                        potential=segment.potential,
                    )
                )
        return Workforce.from_placements(people)

    return cycle(), cycle()


@given(_cycles())
def test_arrivals_and_departures_account_for_every_segment_of_both_cycles(
    cycles: tuple[Workforce, Workforce],
) -> None:
    before, after = cycles
    moved = movement(before, after)
    now = after.segment_counts()
    then = before.segment_counts()
    for j, segment in enumerate(SEGMENTS):
        flow = moved.arrivals(segment)
        stayed = moved.matrix[j][j]
        arrived = flow["up"] + flow["down"] + flow["across"]
        assert now.get(segment, 0) == stayed + arrived + flow["joined"]
        moved_out = sum(moved.matrix[j]) - stayed
        assert then.get(segment, 0) == stayed + moved_out + flow["left"]
    assert sum(moved.joined_into) == len(moved.joiners)
    assert sum(moved.left_from) == len(moved.leavers)
    assert from_json(Movement, to_json(moved)) == moved


def test_counts_that_disagree_with_the_joiners_are_refused() -> None:
    moved = movement(
        Workforce.from_placements([]),
        Workforce.from_placements(
            [Placement(employee_id="E1", performance=Level.HIGH, potential=Level.HIGH)]
        ),
    )
    assert moved.joined_into[SEGMENTS.index(Segment.TOP_TALENT)] == 1
    document = json.loads(to_json(moved))
    document["joined_into"] = [0] * 9
    with pytest.raises(ValidationError) as caught:
        from_json(Movement, json.dumps(document))
    assert "joined_into" in str(caught.value)
    document["joined_into"] = [1] * 8
    with pytest.raises(ValidationError, match="9 non-negative counts"):
        from_json(Movement, json.dumps(document))


def test_the_grid_shows_movement_in_each_cell_and_the_page_says_what_it_means() -> None:
    current = read_workforce(sample_workforce_path(2025))
    moved = movement(read_workforce(sample_workforce_path(2024)), current)
    result = review(current)
    svg = nine_box_svg(result, moved=moved)
    assert svg.count('class="flow"') == 9
    top = moved.arrivals(Segment.TOP_TALENT)
    assert f"\u25b2{top['up']:,} \u25bc{top['down']:,}" in svg
    assert 'class="flow"' not in nine_box_svg(result)
    page = review_html(result, moved=moved)
    assert "moved up into the segment" in page
    assert "moved up into the segment" not in review_html(result)
