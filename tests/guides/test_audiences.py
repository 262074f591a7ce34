"""Packs by audience: nothing meant for the employee carries the manager's guide text."""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsperf.guides import (
    Guidebook,
    OutputFormat,
    SelfReflection,
    aspiration_pre_read,
    career_guide,
    default_guidebook,
    employee_copy,
    manager_brief,
    render,
)
from apsperf.guides.render._document import (
    AnswerBox,
    Bullets,
    Detail,
    Document,
    Heading,
    Paragraph,
    Quote,
)
from apsperf.guides.render._render import document_of
from apsperf.segmentation import Level, Placement, Segment, levels_for
from apsperf.testing._guides import guidebooks


def placed(segment: Segment) -> Placement:
    performance, potential = levels_for(segment)
    return Placement(employee_id="E042", performance=performance, potential=potential)


def plain(page: str) -> str:
    """A rendering as words: HTML entities and Markdown escapes undone, spaces collapsed."""
    return " ".join(html.unescape(page).replace("\\", "").split())


def manager_only(segment: Segment) -> list[str]:
    guide = career_guide(segment)
    return [*guide.descriptors, *guide.feedback, *guide.to_note]


def every_managers_text() -> list[str]:
    return [text for segment in Segment for text in manager_only(segment)]


def employee_pages() -> list[tuple[str, str]]:
    """Every rendering meant for an employee: each segment's copy, named or not, and pre-reads."""
    reflection = SelfReflection(name="Sam Lee").answer("chosen-career", "To serve.")
    pages: list[tuple[str, str]] = []
    for output in OutputFormat:
        for segment in Segment:
            for named in (False, True):
                for answers in (None, reflection):
                    copy = employee_copy(placed(segment), name_segment=named, reflection=answers)
                    pages.append((f"{segment.value} {named} {output.value}", render(copy, output)))
        pages.append((f"pre-read {output.value}", render(aspiration_pre_read("E042"), output)))
        pages.append((f"pre-read blank {output.value}", render(aspiration_pre_read(), output)))
    return pages


PAGES = employee_pages()


@pytest.mark.parametrize(("where", "page"), PAGES, ids=[w for w, _ in PAGES])
def test_no_descriptor_feedback_or_note_reaches_the_employee(where: str, page: str) -> None:
    words = plain(page)
    leaked = [text for text in every_managers_text() if text in words]
    assert leaked == [], where
    assert "Descriptors" not in words and "To note" not in words


def test_the_leak_check_would_find_the_managers_text() -> None:
    words = plain(render(manager_brief(placed(Segment.STRONGEST_CONCERN)), "html"))
    leaked = [text for text in every_managers_text() if text in words]
    assert set(leaked) == set(manager_only(Segment.STRONGEST_CONCERN))


@pytest.mark.parametrize("segment", list(Segment), ids=lambda s: s.value)
def test_the_employee_copy_names_the_segment_only_when_asked(segment: Segment) -> None:
    for output in OutputFormat:
        unnamed = plain(render(employee_copy(placed(segment)), output))
        named = plain(render(employee_copy(placed(segment), name_segment=True), output))
        for other in Segment:
            assert other.label not in unnamed, (output, other)
            assert other.description not in unnamed
            assert career_guide(other).description not in unnamed
        assert segment.label in named
        for level in Level:
            assert f"Performance: {level.label}" not in named
            assert f"Potential: {level.label}" not in named


@pytest.mark.parametrize("segment", list(Segment), ids=lambda s: s.value)
def test_the_employee_copy_gives_the_development_options_in_the_sources_words(
    segment: Segment,
) -> None:
    focus = career_guide(segment).development
    items = [t for o in focus.all_options() for t in (o.text, *o.details)]
    items += [g.heading for g in focus.groups]
    template = default_guidebook().self_reflection
    items += [p.prompt for p in template.prompts] + [i.label for i in template.identity]
    copy = employee_copy(placed(segment))
    assert copy.development == focus and copy.segment is None
    for output in OutputFormat:
        words = plain(render(copy, output))
        assert [item for item in items if item not in words] == []


def test_the_pre_read_has_the_template_and_starters_and_no_segment() -> None:
    pre_read = aspiration_pre_read("E042")
    starters = default_guidebook().aspiration.starters
    for output in OutputFormat:
        words = plain(render(pre_read, output))
        for theme in starters.themes:
            assert theme.title in words
            assert all(starter in words for starter in theme.starters)
        assert "My overarching career goals are…" in words
        for segment in Segment:
            assert segment.label not in words
            assert career_guide(segment).description not in words


@pytest.mark.parametrize("segment", list(Segment), ids=lambda s: s.value)
def test_the_managers_brief_has_the_whole_guide(segment: Segment) -> None:
    guide = career_guide(segment)
    items = [*manager_only(segment), *guide.questions]
    items += [t for o in guide.development.all_options() for t in (o.text, *o.details)]
    for output in OutputFormat:
        words = plain(render(manager_brief(placed(segment)), output))
        assert [item for item in items if item not in words] == []
        assert "Manager's brief" in words and "For the manager only" in words


def _strings(document: Document) -> set[str]:
    """Every piece of text in a document's blocks (not its title or credits)."""
    found: set[str] = set()
    for block in document.blocks:
        if isinstance(block, Heading | Quote):
            found.add(block.text)
        elif isinstance(block, Paragraph):
            found |= {block.text, *([block.label] if block.label else [])}
        elif isinstance(block, Bullets):
            found |= {t for e in block.entries for t in (e.text, *e.children)}
        elif isinstance(block, Detail):
            found |= {block.label, block.value}
        elif isinstance(block, AnswerBox):
            found |= {t for t in (block.label, block.hint, block.answer) if t}
        else:
            raise AssertionError(f"unexpected block in an employee's document: {block!r}")
    return found


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(guidebooks(), st.sampled_from(list(Segment)), st.booleans())
def test_an_employee_copy_of_any_guidebook_shows_only_what_is_meant_for_them(
    book: Guidebook, segment: Segment, named: bool
) -> None:
    template = book.self_reflection
    on_the_form = {template.title, template.purpose, template.questionnaire_title, "Note:"}
    on_the_form |= {t for t in (template.note,) if t}
    on_the_form |= {i.label for i in template.identity}
    on_the_form |= {t for p in template.prompts for t in (p.prompt, p.hint) if t}
    on_the_form |= {"Employee", "E042"}
    focus = book.career_guide(segment).development
    development = {t for o in focus.all_options() for t in (o.text, *o.details)}
    development |= {g.heading for g in focus.groups} | {"Development focus"}
    named_segment = {"Segment", f"{segment.label} ({segment.description})"} if named else set()
    copy = employee_copy(placed(segment), name_segment=named, guidebook=book)
    assert _strings(document_of(copy)) <= on_the_form | development | named_segment
    themes = book.aspiration.starters.themes
    starters = {t for th in themes for t in (th.title, th.condition, *th.starters) if t}
    pre_read = aspiration_pre_read("E042", guidebook=book)
    assert _strings(document_of(pre_read)) <= on_the_form | starters | {"Conversation starters"}
