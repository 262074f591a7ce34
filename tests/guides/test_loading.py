"""Loading content: lazily, validated, with errors that name the file, entry and field."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.guides import (
    CareerConversations,
    CareerGuide,
    DevelopmentFocus,
    DevelopmentGroup,
    DevelopmentOption,
    Guidebook,
    LearningMode,
    career_conversations,
    career_guide,
    default_guidebook,
    load_aspiration,
    load_career_conversations,
    load_guidebook,
    load_leadership,
)
from apsperf.segmentation import Segment
from apsperf.serialization import from_json, to_json

CONTENT = resources.files("apsperf.guides").joinpath("content")
CAREER = CONTENT.joinpath("aps-guide-to-career-conversations.toml").read_text("utf-8")


def write(tmp_path: Path, text: str, name: str = "agency.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_importing_loads_no_content() -> None:
    code = (
        "import sys, apsperf.guides as g;"
        "from apsperf.guides.io import _content;"
        "print('tomllib' in sys.modules, _content.default_guidebook.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "0"]


def test_content_is_read_once_and_shared() -> None:
    assert default_guidebook() is default_guidebook()
    assert career_guide("top-talent") is career_guide(Segment.TOP_TALENT)


@pytest.mark.parametrize("spelling", ["top-talent", "Top Talent", "TOP_TALENT", Segment.TOP_TALENT])
def test_career_guide_accepts_any_spelling(spelling: object) -> None:
    assert career_guide(spelling).segment is Segment.TOP_TALENT  # type: ignore[arg-type]


def test_unknown_segment_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="not a segment"):
        career_guide("top-talnt")


def test_the_whole_edition_round_trips_through_json() -> None:
    book = default_guidebook()
    assert from_json(Guidebook, to_json(book)) == book


def test_an_agency_file_with_the_default_layout_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        CAREER.replace(
            "Performs strongly, consistently delivering quality",
            "Performs very strongly, consistently delivering",
        ),
    )
    book = load_career_conversations(path)
    assert book.guide(Segment.TOP_TALENT).descriptors[0].startswith("Performs very strongly")
    assert load_guidebook(career_conversations=path).career_conversations == book
    assert load_guidebook().career_conversations == career_conversations()


def test_other_content_files_load_from_paths(tmp_path: Path) -> None:
    aspiration = CONTENT.joinpath("aps-aspiration-career-conversation-guide.toml")
    leadership = CONTENT.joinpath("actps-leading-performance-and-development.toml")
    guide, template = load_aspiration(write(tmp_path, aspiration.read_text("utf-8"), "a.toml"))
    assert guide == default_guidebook().aspiration
    assert template == default_guidebook().self_reflection
    executive = load_leadership(write(tmp_path, leadership.read_text("utf-8"), "l.toml"))
    assert executive == default_guidebook().leadership


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            '"What disengages you?",',
            '"",',
            "guide.guides[0:top-talent].questions[1]",
            "must not be empty",
        ),
        (
            '"What disengages you?",',
            '"What motivates you?",',
            "guide.guides[0:top-talent].questions[1]",
            "duplicate",
        ),
        (
            'segment = "uncertain"',
            'segment = "well-placed"',
            "guide.guides[6:well-placed].segment",
            "second guide",
        ),
        (
            'segment = "high-achiever"',
            'segment = "high-achiever"\nquestionz = ["x"]',
            "guide.guides[2:high-achiever].questionz",
            "unknown field",
        ),
        (
            'segment = "high-achiever"',
            'segment = "high-acheiver"',
            "guide.guides[2:high-acheiver].segment",
            "is not one of",
        ),
        (
            'mode = "formal"',
            'mode = "formul"',
            "guide.guides[0:top-talent].development.groups[2].mode",
            "is not one of",
        ),
        (
            'publisher = "Australian Public Service Commission"',
            'publisher = ""',
            "metadata.publisher",
            "must not be empty",
        ),
        (
            'heading = "Career Conversations as Coaching Conversations"',
            "heading = 3",
            "guide.coaching.heading",
            "expected text",
        ),
        ("[guide]", "[guid]", "guid", "unknown table"),
    ],
)
def test_invalid_content_names_file_entry_and_field(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    assert old in CAREER
    path = write(tmp_path, CAREER.replace(old, new, 1))
    with pytest.raises(ValidationError) as info:
        load_career_conversations(path)
    assert info.value.errors[0][0] == f"{path}: {where}"
    assert message in str(info.value)


def test_a_missing_segment_is_reported(tmp_path: Path) -> None:
    start = CAREER.index('[[guide.guides]]\nsegment = "uncertain"')
    end = CAREER.index('[[guide.guides]]\nsegment = "solid-contributor"')
    with pytest.raises(ValidationError, match="missing: uncertain"):
        load_career_conversations(write(tmp_path, CAREER[:start] + CAREER[end:]))


@pytest.mark.parametrize(
    ("content", "message"),
    [("[[[", "not valid TOML"), ("", "metadata: required table missing")],
)
def test_unreadable_files_are_validation_errors(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        load_career_conversations(write(tmp_path, content))
    with pytest.raises(ValidationError, match="cannot read"):
        load_leadership(tmp_path / "absent.toml")
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValidationError, match="UTF-8"):
        load_aspiration(tmp_path / "binary.toml")


def test_development_focus_rules() -> None:
    option = DevelopmentOption(text="Secondment.")
    with pytest.raises(ValidationError, match="at least one"):
        DevelopmentFocus()
    with pytest.raises(ValidationError) as info:
        DevelopmentFocus(
            groups=(
                DevelopmentGroup(mode=LearningMode.FORMAL, heading="Formal", options=(option,)),
                DevelopmentGroup(mode=LearningMode.FORMAL, heading="Courses", options=(option,)),
            )
        )
    assert info.value.path == "groups[1].mode"
    with pytest.raises(ValidationError) as info:
        DevelopmentFocus(options=(option, DevelopmentOption(text="Secondment.", details=("x",))))
    assert info.value.path == "options[1]"


def test_every_segment_needs_exactly_one_guide() -> None:
    book = career_conversations()
    with pytest.raises(ValidationError, match="missing: strongest-concern"):
        attrs.evolve(book, guides=book.guides[:-1])
    changed = attrs.evolve(book.guides[0], to_note=())
    with pytest.raises(ValidationError, match="second guide for 'top-talent'") as info:
        attrs.evolve(book, guides=(*book.guides, changed))
    assert info.value.path == "guides[9].segment"
    with pytest.raises(ValidationError, match="repeats item 0") as info:
        attrs.evolve(book, guides=(*book.guides, book.guides[0]))
    assert info.value.path == "guides[9]"


@given(st.sampled_from(["descriptors", "feedback", "questions"]))
def test_required_lists_cannot_be_emptied(field: str) -> None:
    guide = career_guide(Segment.WELL_PLACED)
    with pytest.raises(ValidationError) as info:
        attrs.evolve(guide, **{field: ()})
    assert info.value.path == field


@given(st.sampled_from(list(Segment)), st.data())
def test_no_list_in_the_content_is_empty_or_repeats_an_item(
    segment: Segment, data: st.DataObject
) -> None:
    guide = career_guide(segment)
    for texts in (guide.descriptors, guide.feedback, guide.questions, guide.to_note):
        assert len(set(texts)) == len(texts)
        assert all(t.strip() == t and t for t in texts)
    field = data.draw(st.sampled_from(["descriptors", "feedback", "questions"]))
    items = getattr(guide, field)
    duplicate = data.draw(st.sampled_from(items))
    with pytest.raises(ValidationError, match="duplicate"):
        CareerGuide(**{**attrs.asdict(guide, recurse=False), field: (*items, duplicate)})


def test_classes_are_shown_under_their_public_module() -> None:
    assert CareerConversations.__module__ == "apsperf.guides"
    assert repr(LearningMode.FORMAL) == "<LearningMode.FORMAL: 'formal'>"
