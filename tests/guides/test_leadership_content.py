"""The packaged ACTPS executive guide matches its source: six roles and their actions."""

from __future__ import annotations

import pytest

from apsperf.guides import LeadershipGuide, leadership_guide

from .sources import between, clean, is_bullet, lines_of, resolve, source_text

SOURCE = "actps-leading-performance-and-development.txt"


@pytest.fixture(scope="module")
def guide() -> LeadershipGuide:
    return leadership_guide()


@pytest.fixture(scope="module")
def source(guide: LeadershipGuide) -> list[str]:
    return lines_of(source_text(SOURCE, guide.metadata))


def _role_sections(guide: LeadershipGuide, source: list[str]) -> list[tuple[str, list[str]]]:
    body = between(source, guide.actions_question, None)
    sections: list[tuple[str, list[str]]] = []
    for line in body:
        if is_bullet(line):
            sections[-1][1].append(clean(line))
        else:
            sections.append((clean(line), []))
    return sections


def test_heading_and_introduction_match_the_source(
    guide: LeadershipGuide, source: list[str]
) -> None:
    cleaned = [clean(line) for line in source]
    assert cleaned[:4] == [guide.framework, guide.title, guide.role_question, *guide.introduction]
    assert cleaned[4] == guide.roles_lead


def test_role_summaries_are_the_list_of_what_leaders_do(
    guide: LeadershipGuide, source: list[str]
) -> None:
    summaries = [clean(line) for line in between(source, guide.roles_lead, guide.actions_question)]
    assert [r.summary for r in guide.roles] == summaries
    assert len(guide.roles) == 6


def test_roles_and_actions_match_the_source(guide: LeadershipGuide, source: list[str]) -> None:
    sections = _role_sections(guide, source)
    assert [r.title for r in guide.roles] == [title for title, _ in sections]
    for role, (_, items) in zip(guide.roles, sections, strict=True):
        shown = [text for a in role.actions for text in (a.text, *a.sub_actions)]
        assert shown == items, role.key


def test_sub_actions_are_nested_under_actions_ending_in_a_colon(guide: LeadershipGuide) -> None:
    for role in guide.roles:
        for action in role.actions:
            assert bool(action.sub_actions) == action.text.endswith(":"), action.text
    support = guide.role("support-managers-and-supervisors")
    assert [len(a.sub_actions) for a in support.actions] == [4, 2, 2, 2]
    promote = guide.role("promote-performance-management")
    assert promote.actions[0].sub_actions == (
        "refer to the Quick Guide to the ACTPS Performance Framework.",
    )


def test_recorded_fix_is_applied(guide: LeadershipGuide) -> None:
    (fix,) = guide.metadata.fixes
    assert (fix.original, fix.corrected) == ("foccussed", "focused")
    text = resolve(guide, fix.where).text
    assert "not only focused on formal training" in text


def test_metadata_credits_the_publisher(guide: LeadershipGuide) -> None:
    assert guide.metadata.publisher == "ACT Public Service"
    assert guide.metadata.source_document == SOURCE
