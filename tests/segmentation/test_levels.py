from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import Level, Segment, grid_layout, levels_for, segment_for

GUIDE_NAMES = {
    # (performance, potential) -> name, from the headings of the Guide to Career Conversations
    ("high", "high"): "Top Talent",
    ("high", "moderate"): "High Achiever",
    ("high", "low"): "Proven Performer",
    ("moderate", "high"): "Emerging Potential",
    ("moderate", "moderate"): "Well Placed",
    ("moderate", "low"): "Solid Contributor",
    ("low", "high"): "Unrealised Potential",
    ("low", "moderate"): "Uncertain",
    ("low", "low"): "Strongest Concern",
}

levels = st.sampled_from(Level)
segments = st.sampled_from(Segment)


def test_levels_are_ordered_lowest_first() -> None:
    assert Level.LOW < Level.MODERATE < Level.HIGH
    assert sorted([Level.HIGH, Level.LOW, Level.MODERATE]) == list(Level)
    assert max(Level) is Level.HIGH
    assert [level.rank for level in Level] == [1, 2, 3]


def test_comparing_a_level_with_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        _ = Level.LOW < 2  # type: ignore[operator]


@pytest.mark.parametrize(("levels", "name"), GUIDE_NAMES.items())
def test_segment_names_match_the_guide(levels: tuple[str, str], name: str) -> None:
    segment = segment_for(Level(levels[0]), Level(levels[1]))
    assert segment.label == name
    assert segment.value == name.lower().replace(" ", "-")


def test_top_talent_example_from_the_design() -> None:
    assert Segment.TOP_TALENT.value == "top-talent"
    assert Segment.TOP_TALENT.label == "Top Talent"
    assert Segment.TOP_TALENT.description == "High Performance, High Potential"


def test_segment_for_is_a_bijection() -> None:
    pairs = list(itertools.product(Level, Level))
    images = {segment_for(p, q) for p, q in pairs}
    assert images == set(Segment)
    assert len(images) == len(pairs) == 9


@given(levels, levels)
def test_levels_for_inverts_segment_for(performance: Level, potential: Level) -> None:
    segment = segment_for(performance, potential)
    assert levels_for(segment) == (performance, potential)
    assert (segment.performance, segment.potential) == (performance, potential)


@given(segments)
def test_segment_for_inverts_levels_for(segment: Segment) -> None:
    assert segment_for(*levels_for(segment)) is segment


def test_segment_for_rejects_text_with_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="performance"):
        segment_for("high", Level.HIGH)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="potential"):
        segment_for(Level.HIGH, 3)  # type: ignore[arg-type]


def test_grid_layout_rows_by_potential_high_to_low_columns_by_performance() -> None:
    grid = grid_layout()
    assert len(grid) == 3 and all(len(row) == 3 for row in grid)
    assert grid[0][2] is Segment.TOP_TALENT
    assert grid[2][0] is Segment.STRONGEST_CONCERN
    assert grid[0][0] is Segment.UNREALISED_POTENTIAL
    assert grid[2][2] is Segment.PROVEN_PERFORMER
    for row in grid:
        assert [s.performance for s in row] == [Level.LOW, Level.MODERATE, Level.HIGH]
    for row, potential in zip(grid, (Level.HIGH, Level.MODERATE, Level.LOW), strict=True):
        assert {s.potential for s in row} == {potential}
    assert {s for row in grid for s in row} == set(Segment)


# --- Level.parse -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("High", Level.HIGH),
        ("moderate", Level.MODERATE),
        ("Medium", Level.MODERATE),
        ("MED", Level.MODERATE),
        (" low ", Level.LOW),
        ("1", Level.LOW),
        ("3.0", Level.HIGH),
        (2, Level.MODERATE),
        (3.0, Level.HIGH),
        (Level.LOW, Level.LOW),
    ],
)
def test_parse_accepts_what_people_type(text: object, expected: Level) -> None:
    assert Level.parse(text) is expected


def _case_variants(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flags: "".join(
            c.upper() if f else c.lower() for c, f in zip(word, flags, strict=True)
        )
    )


spellings = st.sampled_from(sorted(Level.spellings().items()))
padding = st.text(alphabet=" \t", max_size=3)


@given(
    spellings.flatmap(lambda kv: st.tuples(_case_variants(kv[0]), st.just(kv[1]))),
    padding,
    padding,
)
def test_parse_round_trips_every_accepted_spelling(
    spelled: tuple[str, Level], before: str, after: str
) -> None:
    text, level = spelled
    assert Level.parse(before + text + after) is level
    assert Level.parse(level.value) is level
    assert Level.parse(level.label) is level
    assert Level.parse(level.rank) is level


accepted = set(Level.spellings())


@given(st.text().filter(lambda s: s.strip().casefold() not in accepted))
def test_parse_rejects_any_other_text(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        Level.parse(text, field="performance")
    assert info.value.path == "performance"
    assert "low/moderate/high" in str(info.value)


@given(
    st.one_of(
        st.integers().filter(lambda n: n not in (1, 2, 3)),
        st.floats().filter(lambda x: x not in (1.0, 2.0, 3.0)),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=2),
    )
)
def test_parse_rejects_other_values(value: object) -> None:
    with pytest.raises(ValidationError):
        Level.parse(value)


def test_segment_parse_accepts_slug_label_and_name() -> None:
    assert Segment.parse("top-talent") is Segment.TOP_TALENT
    assert Segment.parse("Top Talent") is Segment.TOP_TALENT
    assert Segment.parse("TOP_TALENT") is Segment.TOP_TALENT
    with pytest.raises(ValidationError, match="not a segment"):
        Segment.parse("superstar")


def test_public_names_carry_the_public_module() -> None:
    assert repr(Level).startswith("<enum 'Level'>") or "Level" in repr(Level)
    assert Level.__module__ == "apsperf.segmentation"
    assert Segment.__module__ == "apsperf.segmentation"


@pytest.mark.parametrize(
    "value", [10**4400, -(10**5000), 2**129, "7" * 6000], ids=["big", "negative", "2^129", "digits"]
)
def test_huge_numbers_are_refused_as_bad_input(value: object) -> None:
    for parse in (Level.parse, Segment.parse, Segment.from_slug):
        with pytest.raises(ValidationError) as info:
            parse(value)
        assert len(info.value.message) < 400
