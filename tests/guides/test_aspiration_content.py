"""The packaged aspiration guide and self-reflection template match their source."""

from __future__ import annotations

import re

import pytest

from apsperf.guides import (
    AspirationGuide,
    IdentityField,
    SelfReflectionTemplate,
    aspiration_guide,
    self_reflection_template,
)

from .sources import between, clean, is_bullet, lines_of, source_text

SOURCE = "aps-aspiration-career-conversation-guide.txt"
STEP_NUMBER = re.compile(r"\d\.")


@pytest.fixture(scope="module")
def guide() -> AspirationGuide:
    return aspiration_guide()


@pytest.fixture(scope="module")
def template() -> SelfReflectionTemplate:
    return self_reflection_template()


@pytest.fixture(scope="module")
def source(guide: AspirationGuide) -> list[str]:
    return [clean(line) for line in lines_of(source_text(SOURCE, guide.metadata))]


def _step_lines(source: list[str]) -> dict[int, list[str]]:
    """Each step's lines (title first), in order, leaving out the STEPS/ACTIONS table heads."""
    body = between(
        source,
        "You are understanding what they have previously undertaken and guiding what they do next.",
        "Conversation Starters",
    )
    steps: dict[int, list[str]] = {}
    current = 0
    for line in body:
        if line in ("STEPS", "ACTIONS"):
            continue
        if STEP_NUMBER.fullmatch(line):
            current = int(line[:-1])
            steps[current] = []
            continue
        steps[current].append(line)
    return steps


def test_introduction_matches_the_source(guide: AspirationGuide, source: list[str]) -> None:
    assert list(guide.purpose) == between(source, "Purpose", "Who will use it")
    assert list(guide.users) == between(source, "Who will use it", "When should it be used?")
    timing = between(source, "When should it be used?", guide.coaching.heading)
    assert [*guide.timing, f"Note: {guide.note}"] == timing


def test_coaching_mindset_matches_the_source(guide: AspirationGuide, source: list[str]) -> None:
    lines = between(source, guide.coaching.heading, "STEPS")
    assert [*guide.coaching.introduction, *guide.coaching.points] == lines
    assert len(guide.coaching.points) == 8


def test_the_four_steps_are_in_order(guide: AspirationGuide, source: list[str]) -> None:
    steps = _step_lines(source)
    assert list(steps) == [1, 2, 3, 4]
    assert [s.number for s in guide.steps] == [1, 2, 3, 4]
    assert [s.title for s in guide.steps] == [lines[0] for lines in steps.values()]
    assert [s.title for s in guide.steps] == [
        "Prepare for the conversation",
        "Schedule the conversation",
        "Have the conversation",
        "Post conversation",
    ]


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_step_content_matches_the_source(
    guide: AspirationGuide, source: list[str], number: int
) -> None:
    step = guide.steps[number - 1]
    expected = _step_lines(source)[number][1:]
    shown: list[str] = []
    for action in step.actions:
        shown += [action.text, *action.details]
    if step.questions_lead is not None:
        shown += [step.questions_lead, *step.questions]
    shown += [f"Note: {note}" for note in step.notes]
    # The source breaks one item of step 2 over two lines; the content joins them.
    joined: list[str] = []
    for line in expected:
        if line.startswith("(e.g. face to face"):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    assert shown == joined


@pytest.fixture(scope="module")
def raw_source(guide: AspirationGuide) -> list[str]:
    return lines_of(source_text(SOURCE, guide.metadata))


def _step_cells(raw: list[str]) -> dict[int, list[tuple[str, str]]]:
    """Each step's actions cell as (kind, text): a "bullet" where the source bullets the line."""
    cleaned = [clean(line) for line in raw]
    start = cleaned.index("STEPS")
    end = cleaned.index("Conversation Starters")
    cells: dict[int, list[tuple[str, str]]] = {}
    current = 0
    for line, text in zip(raw[start:end], cleaned[start:end], strict=True):
        if text in ("STEPS", "ACTIONS"):
            continue
        if STEP_NUMBER.fullmatch(text):
            current = int(text[:-1])
            cells[current] = []
            continue
        if text.startswith("(e.g. face to face"):  # one item broken over two lines
            kind, before = cells[current][-1]
            cells[current][-1] = (kind, f"{before} {text}")
            continue
        cells[current].append(("bullet" if is_bullet(line) else "line", text))
    return {number: lines[1:] for number, lines in cells.items()}  # leave out the titles


def test_the_steps_table_keeps_its_column_headings(
    guide: AspirationGuide, source: list[str]
) -> None:
    table = source[source.index("STEPS") : source.index("Conversation Starters")]
    assert (guide.steps_heading, guide.actions_heading) == ("STEPS", "ACTIONS")
    assert table.count("STEPS") == table.count("ACTIONS") == 2  # repeated at the page break
    assert table[table.index("STEPS") + 1] == "ACTIONS"


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_only_lines_the_source_bullets_are_nested(
    guide: AspirationGuide, raw_source: list[str], number: int
) -> None:
    step = guide.steps[number - 1]
    shown: list[tuple[str, str]] = []
    for action in step.actions:
        shown += [("line", action.text), *(("bullet", d) for d in action.details)]
    if step.questions_lead is not None:
        shown += [("line", step.questions_lead), *(("line", q) for q in step.questions)]
    shown += [("line", f"Note: {note}") for note in step.notes]
    assert shown == _step_cells(raw_source)[number]


def test_steps_two_and_three_have_no_nested_lines(guide: AspirationGuide) -> None:
    for step in guide.steps[1:3]:
        assert all(action.details == () for action in step.actions), step.title
    assert len(guide.steps[1].actions) == 7
    assert len(guide.steps[2].actions) == 8
    assert [len(a.details) for a in guide.steps[3].actions] == [0, 1]


def test_preparation_questions(guide: AspirationGuide) -> None:
    first = guide.steps[0]
    assert first.questions_lead == "Consider the following questions:"
    assert len(first.questions) == 6
    assert all(q.endswith("?") for q in first.questions)


def test_conversation_starters_match_the_source(guide: AspirationGuide, source: list[str]) -> None:
    starters = guide.starters
    lines = between(source, "Conversation Starters", "Career Self-Reflection Template")
    assert list(starters.introduction) == lines[:1]
    assert lines[1] == f"{starters.opening.lead} ‘{starters.opening.words}’"
    shown: list[str] = []
    for theme in starters.themes:
        shown += [theme.title, *([theme.condition] if theme.condition else []), *theme.starters]
    assert [*shown, starters.closing_check] == lines[2:]
    assert [t.key for t in starters.themes] == [
        "career-history",
        "motivation",
        "career-aspiration",
        "leadership-aspiration",
    ]
    assert [len(t.starters) for t in starters.themes] == [8, 7, 12, 5]


def test_opening_is_the_one_suggested_in_step_three(guide: AspirationGuide) -> None:
    assert f"‘{guide.starters.opening.words}’" in guide.steps[2].actions[0].text


def test_template_matches_the_source(template: SelfReflectionTemplate, source: list[str]) -> None:
    lines = between(source, template.title, None)
    shown = [template.purpose, f"Note: {template.note}"]
    shown += [item.label for item in template.identity]
    shown.append(template.questionnaire_title)
    for prompt in template.prompts:
        shown += [prompt.prompt, *([prompt.hint] if prompt.hint else [])]
    assert shown == lines
    assert [i.field for i in template.identity] == list(IdentityField)
    assert len(template.prompts) == 10


def test_no_fixes_were_needed_and_metadata_credits_the_licence(guide: AspirationGuide) -> None:
    assert guide.metadata.fixes == ()
    assert "Creative Commons Attribution 4.0" in guide.metadata.licence
    assert guide.metadata.source_document == SOURCE
