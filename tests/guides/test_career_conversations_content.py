"""The packaged Guide to Career Conversations matches its source, item by item and in order."""

from __future__ import annotations

import re

import pytest

from apsperf.guides import (
    CareerConversations,
    DevelopmentOption,
    LearningMode,
    career_conversations,
)
from apsperf.segmentation import Segment

from .sources import between, clean, is_bullet, lines_of, resolve, source_text

SOURCE = "aps-guide-to-career-conversations.txt"
HEADINGS = {
    "descriptor": "descriptors",
    "definition": "descriptors",
    "descriptors": "descriptors",
    "feedback": "feedback",
    "questions": "questions",
    "development focus": "development",
    "to note": "to_note",
}
LEVELS_LINE = re.compile(r"\((\w+) Performance, (\w+) Potential\)")


@pytest.fixture(scope="module")
def book() -> CareerConversations:
    return career_conversations()


@pytest.fixture(scope="module")
def source(book: CareerConversations) -> list[str]:
    return lines_of(source_text(SOURCE, book.metadata))


def _guide_lines(source: list[str]) -> list[str]:
    cleaned = [clean(line) for line in source]
    start = cleaned.index("Guide to Career Conversations")
    return source[start + 1 :]


def _segment_blocks(source: list[str]) -> dict[Segment, tuple[str, list[str]]]:
    """Each segment's heading line (cleaned) and the raw lines of its block, in source order."""
    lines = _guide_lines(source)
    starts: list[tuple[int, Segment]] = []
    for index, line in enumerate(lines):
        text = clean(line)
        for segment in Segment:
            if text == segment.label or text.startswith(segment.label + " ("):
                starts.append((index, segment))
    blocks: dict[Segment, tuple[str, list[str]]] = {}
    for number, (index, segment) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        blocks[segment] = (clean(lines[index]), lines[index + 1 : end])
    return blocks


def _sections(block: list[str]) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in block:
        text = clean(line)
        if LEVELS_LINE.fullmatch(text):
            continue
        if not is_bullet(line) and text.lower() in HEADINGS:
            current = HEADINGS[text.lower()]
            sections[current] = []
            continue
        assert current is not None, f"item before any section heading: {text!r}"
        sections[current].append(line)
    return sections


def _flatten(options: tuple[DevelopmentOption, ...]) -> list[str]:
    return [text for option in options for text in (option.text, *option.details)]


def test_every_segment_is_in_the_source_once_and_in_source_order(
    book: CareerConversations, source: list[str]
) -> None:
    blocks = _segment_blocks(source)
    assert sorted(blocks, key=list(Segment).index) == sorted(Segment, key=list(Segment).index)
    assert [g.segment for g in book.guides] == list(blocks)


def test_headings_give_the_levels_of_each_segment(source: list[str]) -> None:
    lines = _guide_lines(source)
    for segment, (heading, block) in _segment_blocks(source).items():
        found = LEVELS_LINE.search(heading) or LEVELS_LINE.search(clean(block[0]))
        assert found is not None, segment
        performance, potential = (w.replace("Medium", "Moderate") for w in found.groups())
        assert f"{performance} Performance, {potential} Potential" == segment.description
    assert lines


@pytest.mark.parametrize("segment", list(Segment), ids=lambda s: s.value)
def test_each_guide_keeps_its_headings_words_for_the_levels(
    book: CareerConversations, source: list[str], segment: Segment
) -> None:
    heading, block = _segment_blocks(source)[segment]
    found = LEVELS_LINE.search(heading) or LEVELS_LINE.search(clean(block[0]))
    assert found is not None
    assert book.guide(segment).description == found.group(0)[1:-1]


def test_medium_is_kept_where_the_source_says_medium(book: CareerConversations) -> None:
    medium = {g.segment for g in book.guides if "Medium" in g.description}
    assert medium == {Segment.WELL_PLACED, Segment.UNCERTAIN, Segment.SOLID_CONTRIBUTOR}
    assert book.guide(Segment.WELL_PLACED).description == "Medium Performance, Medium Potential"
    assert book.guide(Segment.EMERGING_POTENTIAL).description == (
        "Moderate Performance, High Potential"
    )
    assert all("Moderate" not in g.description for g in book.guides if g.segment in medium)


@pytest.mark.parametrize("segment", list(Segment), ids=lambda s: s.value)
@pytest.mark.parametrize("section", ["descriptors", "feedback", "questions", "to_note"])
def test_lists_match_the_source(
    book: CareerConversations, source: list[str], segment: Segment, section: str
) -> None:
    _, block = _segment_blocks(source)[segment]
    expected = [clean(line) for line in _sections(block).get(section, [])]
    assert list(getattr(book.guide(segment), section)) == expected


@pytest.mark.parametrize("segment", list(Segment), ids=lambda s: s.value)
def test_development_focus_matches_the_source(
    book: CareerConversations, source: list[str], segment: Segment
) -> None:
    _, block = _segment_blocks(source)[segment]
    lines = _sections(block)["development"]
    ungrouped: list[str] = []
    groups: list[tuple[str, list[str]]] = []
    for line in lines:
        if is_bullet(line):
            (groups[-1][1] if groups else ungrouped).append(clean(line))
        else:
            groups.append((clean(line), []))
    focus = book.guide(segment).development
    assert _flatten(focus.options) == ungrouped
    assert [(g.heading, _flatten(g.options)) for g in focus.groups] == groups
    for group in focus.groups:
        heading = group.heading.lower()
        expected = (
            LearningMode.ON_THE_JOB
            if "job" in heading
            else LearningMode.FROM_OTHERS
            if "others" in heading
            else LearningMode.FORMAL
        )
        assert group.mode is expected


def test_grouped_segments_keep_the_70_20_10_order(book: CareerConversations) -> None:
    grouped = [g for g in book.guides if g.development.groups]
    assert [g.segment for g in grouped] == [
        Segment.TOP_TALENT,
        Segment.EMERGING_POTENTIAL,
        Segment.HIGH_ACHIEVER,
    ]
    for guide in grouped:
        assert [g.mode for g in guide.development.groups] == list(LearningMode)


def test_on_the_job_learning_through_keeps_its_nested_list(book: CareerConversations) -> None:
    first = book.guide(Segment.UNCERTAIN).development.options[0]
    assert first.text.endswith("particularly on the job learning through:")
    assert first.details == ("Policies and manuals", "Teaching/reference aids", "Website.")
    nested = [o for g in book.guides for o in g.development.all_options() if o.details]
    assert nested == [first]


def test_bulletless_line_is_kept_as_a_descriptor(book: CareerConversations) -> None:
    assert book.guide(Segment.HIGH_ACHIEVER).descriptors[-1] == (
        "Focus on enhancing potential and maintaining engagement/ commitment to APS."
    )


def test_introduction_and_coaching_mindset_match_the_source(
    book: CareerConversations, source: list[str]
) -> None:
    opening, _, footnote = clean(source[0]).partition(" [1: ")
    assert book.introduction == (opening,)
    assert book.footnote == footnote.removesuffix("]").strip()
    coaching = between(source, book.coaching.heading, "Guide to Career Conversations")
    introduction = [clean(line) for line in coaching if not is_bullet(line)]
    points = [clean(line) for line in coaching if is_bullet(line)]
    assert list(book.coaching.introduction) == introduction[:2]
    assert list(book.further_reading) == introduction[2:3]
    assert f"Note: {book.note}" == introduction[3]
    assert len(introduction) == 4
    assert list(book.coaching.points) == points


def test_recorded_fixes_are_applied_where_they_say(book: CareerConversations) -> None:
    assert len(book.metadata.fixes) == 4
    for fix in book.metadata.fixes:
        assert fix.corrected in resolve(book, fix.where)
        assert fix.original not in resolve(book, fix.where)


def test_known_slips_are_corrected(book: CareerConversations) -> None:
    everything = " ".join(
        text
        for guide in book.guides
        for text in (*guide.feedback, *guide.questions, *guide.descriptors)
    )
    for slip in ("iin ", "could like", "you strengths", "you barriers"):
        assert slip not in everything


def test_metadata_credits_the_publisher(book: CareerConversations) -> None:
    assert book.metadata.publisher == "Australian Public Service Commission"
    assert book.metadata.source_document == SOURCE
    assert "Leadership Development Centre" in book.metadata.attribution
