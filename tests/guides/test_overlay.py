"""Tailoring by overlay: explicit semantics, validated results, errors naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.guides import (
    DevelopmentAdditions,
    LearningMode,
    OutputFormat,
    Overlay,
    SegmentOverlay,
    ThemeOverlay,
    default_guidebook,
    load_overlay,
    load_tailored,
    render,
    tailor,
)
from apsperf.segmentation import Segment
from apsperf.serialization import from_json, to_json
from apsperf.testing._guides import overlays

OVERLAY = """
[overlay]
name = "Department of Examples"
description = "Our 2025-26 cycle"

[segments.top-talent]
add_questions = ["Which stretch assignment would you choose next?"]
replace_feedback = ["We see you as ready for a larger role."]

[segments.well-placed.add_development]
formal = ["Our emerging leaders program."]
general = ["Job rotation within the branch."]

[segments.emerging-potential.add_development]
from-others = ["Join the agency mentoring circle."]

[themes.motivation]
add_starters = ["What would make next year your best yet?"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overlay.toml"
    path.write_text(text, "utf-8")
    return path


def test_an_overlay_file_tailors_the_default(tmp_path: Path) -> None:
    base = default_guidebook()
    book = load_tailored(write(tmp_path, OVERLAY))
    top = book.career_guide(Segment.TOP_TALENT)
    assert top.questions == (
        *base.career_guide(Segment.TOP_TALENT).questions,
        "Which stretch assignment would you choose next?",
    )
    assert top.feedback == ("We see you as ready for a larger role.",)
    assert top.descriptors == base.career_guide(Segment.TOP_TALENT).descriptors

    placed = book.career_guide(Segment.WELL_PLACED).development
    assert placed.options[-1].text == "Job rotation within the branch."
    assert [(g.mode, g.heading) for g in placed.groups] == [
        (LearningMode.FORMAL, "Formal learning")
    ]
    emerging = book.career_guide(Segment.EMERGING_POTENTIAL).development
    others = emerging.group(LearningMode.FROM_OTHERS)
    assert others is not None
    assert others.options[-1].text == "Join the agency mentoring circle."
    assert others.heading == "Learning from others"

    motivation = book.aspiration.starters.theme("motivation")
    assert motivation.starters[-1] == "What would make next year your best yet?"
    assert book.career_conversations.metadata.tailored_by == ("Department of Examples",)
    assert book.aspiration.metadata.tailored_by == ("Department of Examples",)
    assert book.leadership == base.leadership
    assert book.career_guide(Segment.UNCERTAIN) == base.career_guide(Segment.UNCERTAIN)


def test_replace_then_add() -> None:
    overlay = Overlay(
        name="x",
        segments=(
            SegmentOverlay(
                segment=Segment.UNCERTAIN,
                replace_to_note=("First.",),
                add_to_note=("Second.",),
            ),
        ),
    )
    assert tailor(default_guidebook(), overlay).career_guide("uncertain").to_note == (
        "First.",
        "Second.",
    )


def test_an_empty_group_is_created_in_70_20_10_order() -> None:
    overlay = Overlay(
        name="x",
        segments=(
            SegmentOverlay(
                segment=Segment.SOLID_CONTRIBUTOR,
                add_development=DevelopmentAdditions(formal=("Course.",), on_the_job=("Project.",)),
            ),
        ),
    )
    focus = tailor(default_guidebook(), overlay).career_guide("solid-contributor").development
    assert [g.mode for g in focus.groups] == [LearningMode.ON_THE_JOB, LearningMode.FORMAL]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "[overlay]\nname = 'x'\n[segments.top-talnt]\nadd_questions = ['a']",
            "segments.top-talnt",
            "not a segment",
        ),
        (
            "[overlay]\nname = 'x'\n[segments.top-talent]\nadd_question = ['a']",
            "segments.top-talent.add_question",
            "unknown field",
        ),
        (
            "[overlay]\nname = 'x'\n[segments.top-talent]\nadd_questions = ['a', '']",
            "segments.top-talent.add_questions[1]",
            "must not be empty",
        ),
        (
            "[overlay]\nname = 'x'\n[segments.top-talent]\nadd_questions = 'a'",
            "segments.top-talent.add_questions",
            "expected a list",
        ),
        (
            "[overlay]\nname = 'x'\n[segments.top-talent]\nadd_questions = ['What motivates you?']",
            "segments.top-talent.add_questions[0]",
            "already in the guide",
        ),
        (
            "[overlay]\nname = 'x'\n[segments.top-talent]\nreplace_questions = []",
            "segments.top-talent.replace_questions",
            "at least one",
        ),
        (
            "[overlay]\nname = 'x'\n[segments.uncertain.add_development]\nformall = ['a']",
            "segments.uncertain.add_development.formall",
            "unknown field",
        ),
        (
            "[overlay]\nname = 'x'\n[segments.uncertain.add_development]\ngeneral = ['a', 'a']",
            "segments.uncertain.add_development.general[1]",
            "duplicate",
        ),
        (
            "[overlay]\nname = 'x'\n[segments.top-talent.add_development]\n"
            "on-the-job = ['Participate in a task force, project or assignment.']",
            "segments.top-talent.add_development.on-the-job[0]",
            "already in the guide",
        ),
        (
            "[overlay]\nname = 'x'\n[themes.hobbies]\nadd_starters = ['a']",
            "themes.hobbies",
            "not a theme",
        ),
        (
            "[overlay]\nname = 'x'\n[themes.motivation]\nadd_starter = ['a']",
            "themes.motivation.add_starter",
            "unknown field",
        ),
        ("[overlay]\nname = ''", "overlay.name", "must not be empty"),
        ("[overlay]\ntitle = 'x'", "overlay.title", "unknown field"),
        ("[segments.top-talent]\nadd_questions = ['a']", "overlay", "required table missing"),
        ("[overlay]\nname = 'x'\n[other]", "other", "unknown field"),
    ],
)
def test_invalid_overlay_names_file_entry_and_field(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ValidationError) as info:
        load_tailored(path)
    assert info.value.errors[0][0] == f"{path}: {where}"
    assert message in str(info.value)


def test_structural_overlay_problems_are_caught_when_loading(tmp_path: Path) -> None:
    path = write(tmp_path, "[overlay]\nname = 'x'\n[segments.top-talnt]\nadd_questions = ['a']")
    with pytest.raises(ValidationError, match="not a segment"):
        load_overlay(path)


def test_overlay_loads_and_round_trips(tmp_path: Path) -> None:
    overlay = load_overlay(write(tmp_path, OVERLAY))
    assert overlay.name == "Department of Examples"
    assert [s.segment for s in overlay.segments] == [
        Segment.TOP_TALENT,
        Segment.WELL_PLACED,
        Segment.EMERGING_POTENTIAL,
    ]
    assert overlay.themes == (
        ThemeOverlay(
            theme="motivation", add_starters=("What would make next year your best yet?",)
        ),
    )
    assert from_json(Overlay, to_json(overlay)) == overlay


def test_tailor_rejects_other_values() -> None:
    with pytest.raises(ValidationError, match="expected Overlay"):
        tailor(default_guidebook(), "overlay.toml")  # type: ignore[arg-type]


@settings(max_examples=50)
@given(overlays())
def test_overlays_round_trip_through_json(overlay: Overlay) -> None:
    assert from_json(Overlay, to_json(overlay)) == overlay


@settings(max_examples=50)
@given(overlays(), st.sampled_from(OutputFormat))
def test_any_overlay_that_validates_renders_in_every_format(
    overlay: Overlay, output: object
) -> None:
    try:
        book = tailor(default_guidebook(), overlay)
    except ValidationError:
        assume(False)
        raise
    for change in overlay.segments:
        guide = book.career_guide(change.segment)
        text = render(guide, output)  # type: ignore[arg-type]
        assert text.strip()
        for added in change.add_questions:
            assert added in guide.questions
    render(book.aspiration, output)  # type: ignore[arg-type]


@settings(max_examples=50)
@given(overlays())
def test_tailoring_keeps_every_added_item_and_every_untouched_guide(overlay: Overlay) -> None:
    base = default_guidebook()
    try:
        book = tailor(base, overlay)
    except ValidationError:
        assume(False)
        raise
    changed = {c.segment: c for c in overlay.segments}
    for segment in Segment:
        guide = book.career_guide(segment)
        if segment not in changed:
            assert guide == base.career_guide(segment)
            continue
        change = changed[segment]
        original = base.career_guide(segment)
        for name in ("descriptors", "feedback", "questions", "to_note"):
            replaced = getattr(change, f"replace_{name}")
            start = original_list = getattr(original, name) if replaced is None else replaced
            assert getattr(guide, name) == (*start, *getattr(change, f"add_{name}"))
            assert original_list == start
        texts = [o.text for o in guide.development.all_options()]
        for added in (*change.add_development.general, *change.add_development.formal):
            assert added in texts


def test_tailoring_keeps_the_guides_heading_words() -> None:
    overlay = Overlay(
        name="x", segments=(SegmentOverlay(segment=Segment.WELL_PLACED, add_to_note=("Z.",)),)
    )
    book = tailor(default_guidebook(), overlay)
    guide = book.career_guide(Segment.WELL_PLACED)
    assert guide.to_note[-1] == "Z."
    assert guide.description == "Medium Performance, Medium Potential"
    assert book.aspiration.steps_heading == "STEPS"
