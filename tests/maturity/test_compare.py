from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import xml.etree.ElementTree as ET

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.maturity import (
    Element,
    ElementChange,
    ElementRating,
    LevelMovement,
    MaturityLevel,
    MaturityScale,
    RollupComparison,
    SelfAssessment,
    agency_key,
    compare_rollups,
    default_scale,
    load_samples,
    render_comparison,
    rollup,
)
from apsperf.serialization import from_json
from apsperf.testing._maturity import self_assessments

OLD_DAY, NEW_DAY = dt.date(2024, 5, 1), dt.date(2025, 5, 1)
FORMATS = ["text", "md", "html", "json", "csv", "svg"]


def agency(name: str, levels: tuple[int, ...], on: dt.date) -> SelfAssessment:
    return SelfAssessment(
        agency=name,
        assessed_on=on,
        ratings=tuple(
            ElementRating(element=e, level=level) for e, level in zip(Element, levels, strict=False)
        ),
    )


OLD = rollup(
    [
        agency("Office of Examples", (3, 3, 4, 3, 3), OLD_DAY),
        agency("Bureau of Samples", (1, 2, 3, 4, 5), OLD_DAY),
        agency("Department of Drafts", (4, 4, 2), OLD_DAY),
        agency("Agency Gone Quiet", (2, 2, 2, 2, 2), OLD_DAY),
    ]
)
NEW = rollup(
    [
        agency("office of examples", (4, 3, 4, 3, 2), NEW_DAY),  # case differs
        agency("\u200bBureau of Samples", (1, 2, 3, 4, 5), NEW_DAY),  # zero-width space
        agency("Department of Drafts", (4, 4, 3, 3), NEW_DAY),
        agency("Agency Just Started", (1, 1, 1, 1, 1), NEW_DAY),
    ]
)


def test_agencies_are_matched_after_normalisation() -> None:
    assert agency_key("\u200bBureau of Samples ") == agency_key("bureau of samples")
    assert agency_key("Jose\u0301 Office") == agency_key("José Office")
    assert agency_key("Office of Examples") != agency_key("Office of Example")
    c = compare_rollups(OLD, NEW)
    assert [a.agency for a in c.agencies] == [
        "\u200bBureau of Samples",
        "Department of Drafts",
        "office of examples",
    ]
    assert c.agencies[2].old_agency == "Office of Examples"
    assert c.only_in_old == ("Agency Gone Quiet",)
    assert c.only_in_new == ("Agency Just Started",)
    assert (c.old_label, c.new_label) == ("2024", "2025")
    assert (c.old_agency_count, c.new_agency_count) == (4, 4)


def test_which_agencies_and_elements_moved() -> None:
    c = compare_rollups(OLD, NEW)
    examples = c.agencies[2]
    assert examples.moved_up == (Element.EXPECTATIONS,)
    assert examples.moved_down == (Element.UNSATISFACTORY_PERFORMANCE,)
    drafts = c.agencies[1]
    assert [ch.movement for ch in drafts.elements] == [
        LevelMovement.SAME,
        LevelMovement.SAME,
        LevelMovement.UP,
        LevelMovement.NEWLY_RATED,
        LevelMovement.NOT_RATED,
    ]
    assert [a.agency for a in c.moved_up] == ["Department of Drafts", "office of examples"]
    assert [a.agency for a in c.moved_down] == ["office of examples"]
    assert c.agencies[0].moved_up == c.agencies[0].moved_down == ()
    by_element = {m.element: (m.up, m.down, m.same) for m in c.elements}
    assert by_element[Element.EXPECTATIONS] == (1, 0, 2)
    assert by_element[Element.REWARD_AND_RECOGNITION] == (1, 0, 2)
    assert by_element[Element.DEVELOPMENT] == (0, 0, 2)  # drafts: newly rated, not counted
    assert by_element[Element.UNSATISFACTORY_PERFORMANCE] == (0, 1, 1)


@pytest.mark.parametrize(
    ("old", "new", "movement"),
    [
        (2, 3, LevelMovement.UP),
        (3, 2, LevelMovement.DOWN),
        (3, 3, LevelMovement.SAME),
        (None, 1, LevelMovement.NEWLY_RATED),
        (1, None, LevelMovement.NO_LONGER_RATED),
        (None, None, LevelMovement.NOT_RATED),
    ],
)
def test_movement_between_two_levels(
    old: int | None, new: int | None, movement: LevelMovement
) -> None:
    assert LevelMovement.between(old, new) is movement
    ElementChange(element=Element.DEVELOPMENT, old_level=old, new_level=new, movement=movement)


def test_a_movement_that_contradicts_its_levels_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        ElementChange(
            element=Element.DEVELOPMENT, old_level=2, new_level=3, movement=LevelMovement.DOWN
        )
    assert info.value.path == "movement"


def test_labels_given_or_from_the_years() -> None:
    c = compare_rollups(OLD, NEW, old_label="2023-24", new_label="2024-25")
    assert (c.old_label, c.new_label) == ("2023-24", "2024-25")
    same_year = compare_rollups(OLD, OLD)
    assert (same_year.old_label, same_year.new_label) == ("2024 (earlier)", "2024 (later)")
    assert compare_rollups(rollup([]), rollup([])).old_label == "earlier"


def test_different_scales_cannot_be_compared() -> None:
    three = MaturityScale(
        name="Three stages",
        levels=tuple(
            MaturityLevel(rank=r, name=n, descriptions={e: n for e in Element})
            for r, n in enumerate(("Emerging", "Established", "Embedded"), start=1)
        ),
    )
    other = rollup([agency("Office of Examples", (1, 2, 3), NEW_DAY)], scale=three, below=2)
    with pytest.raises(ValidationError) as info:
        compare_rollups(OLD, other)
    assert info.value.path == "new.level_names"


def test_an_agency_listed_twice_after_normalisation_is_refused() -> None:
    twice = attrs.evolve(
        NEW, agencies=(*NEW.agencies, attrs.evolve(NEW.agencies[0], agency="BUREAU OF SAMPLES"))
    )
    with pytest.raises(ValidationError) as info:
        compare_rollups(OLD, twice)
    assert info.value.path == "new.agencies[4]"
    with pytest.raises(ValidationError) as info:
        compare_rollups(OLD, "new")  # type: ignore[arg-type]
    assert info.value.path == "new"


def test_the_roll_up_treats_normalised_names_as_one_agency() -> None:
    result = rollup(
        [
            agency("Office of Examples", (1, 1, 1, 1, 1), OLD_DAY),
            agency("\ufeffoffice of examples", (2, 2, 2, 2, 2), NEW_DAY),
        ]
    )
    assert result.agency_count == 1
    assert result.agencies[0].levels == (2, 2, 2, 2, 2)


def test_notices_say_which_year_is_synthetic() -> None:
    samples = load_samples()
    c = compare_rollups(rollup(samples), NEW)
    wording = " ".join((default_scale().wording or "").split())
    assert wording in c.notices
    synthetic = [n for n in c.notices if "Synthetic data" in n]
    assert synthetic == [
        "2024: Synthetic data: all 18 agencies are apsperf's invented sample self-assessments "
        "(apsperf maturity samples), not returns from real agencies."
    ]
    assert not any("Synthetic" in n for n in compare_rollups(OLD, NEW).notices)
    both = compare_rollups(rollup(samples), rollup(samples))
    assert both.notices[0].startswith("Synthetic data: all 18 agencies")


def notices_in(text: str, fmt: str) -> str:
    if fmt == "json":
        return " ".join(json.loads(text)["notices"])
    if fmt == "csv":
        first = next(csv.reader(io.StringIO(text, newline="")))
        assert len(first) == 1 and first[0].startswith("# ")
        return first[0]
    if fmt == "svg":
        ns = "{http://www.w3.org/2000/svg}"
        return " ".join(t.text or "" for t in ET.fromstring(text).iter(f"{ns}text"))
    return text


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_carries_the_notices(fmt: str) -> None:
    c = compare_rollups(rollup(load_samples()), NEW)
    where = " ".join(html.unescape(notices_in(render_comparison(c, fmt), fmt)).split())
    for note in c.notices:
        assert note in where


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_says_what_moved(fmt: str) -> None:
    text = render_comparison(compare_rollups(OLD, NEW), fmt)
    if fmt == "json":
        doc = json.loads(text)
        assert doc["only_in_old"] == ["Agency Gone Quiet"]
        assert doc["agencies"][2]["elements"][0]["movement"] == "up"
        assert from_json(RollupComparison, text) == compare_rollups(OLD, NEW)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[1] == ["agency", "element", "level_2024", "level_2025", "movement"]
        assert ["office of examples", "expectations", "3", "4", "up"] in rows
        assert ["office of examples", "unsatisfactory-performance", "3", "2", "down"] in rows
        assert ["Department of Drafts", "development", "", "3", "newly-rated"] in rows
        assert ["Agency Gone Quiet", "", "", "", "only-in-old"] in rows
        assert ["Agency Just Started", "", "", "", "only-in-new"] in rows
    elif fmt == "svg":
        root = ET.fromstring(text)
        ns = "{http://www.w3.org/2000/svg}"
        titles = [t.text for r in root.iter(f"{ns}rect") if (t := r.find(f"{ns}title")) is not None]
        assert "Expectations for behaviours and outcomes: 1 moved up" in titles
        assert "Unsatisfactory performance: 1 moved down" in titles
        assert len(titles) == 3
    else:
        plain = html.unescape(text)
        moves = "expectations for behaviours and outcomes 3→4; unsatisfactory performance 3→2"
        if fmt == "html":
            assert f"<th>office of examples</th><td>{moves}</td>" in plain
        else:
            assert f"office of examples: {moves}" in plain
        assert "Only in 2024" in plain and "Agency Gone Quiet" in plain
        assert "Only in 2025" in plain and "Agency Just Started" in plain


def test_hostile_names_are_escaped_and_csv_safe() -> None:
    old = rollup([agency('=HYPERLINK("x")<script>', (1, 1, 1, 1, 1), OLD_DAY)])
    new = rollup([agency('=HYPERLINK("x")<script>', (2, 1, 1, 1, 1), NEW_DAY)])
    c = compare_rollups(old, new)
    assert "<script>" not in render_comparison(c, "html")
    ET.fromstring(render_comparison(c, "svg"))
    for row in csv.reader(io.StringIO(render_comparison(c, "csv"), newline="")):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
    with pytest.raises(ValidationError) as info:
        render_comparison(c, "distribution-csv")
    assert info.value.path == "format"
    with pytest.raises(ValidationError):
        render_comparison(OLD, "text")  # type: ignore[arg-type]


AGENCY_LISTS = st.lists(self_assessments(), max_size=6, unique_by=lambda a: agency_key(a.agency))


@given(AGENCY_LISTS, AGENCY_LISTS)
@settings(max_examples=30)
def test_every_agency_is_matched_or_in_one_year_only(
    old: list[SelfAssessment], new: list[SelfAssessment]
) -> None:
    c = compare_rollups(rollup(old), rollup(new))
    assert len(c.agencies) + len(c.only_in_old) == c.old_agency_count
    assert len(c.agencies) + len(c.only_in_new) == c.new_agency_count
    for m in c.elements:
        moved = [ch for a in c.agencies for ch in a.elements if ch.element is m.element]
        both = [ch for ch in moved if ch.old_level is not None and ch.new_level is not None]
        assert m.up + m.down + m.same == len(both)
    reverse = compare_rollups(rollup(new), rollup(old))
    assert sorted(a.agency for a in reverse.moved_up) == sorted(a.old_agency for a in c.moved_down)
    for fmt in FORMATS:
        render_comparison(c, fmt)
