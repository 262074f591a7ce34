"""Notebook displays of maturity results: bounded whatever the agencies, escaped, short repr()."""

from __future__ import annotations

import datetime as dt
import random

from apsperf.maturity import (
    Element,
    ElementRating,
    SelfAssessment,
    compare_rollups,
    maturity_state,
    rollup,
)

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
AGENCIES = 500


def _safe_and_small(page: str, repr_text: str) -> None:
    assert 200 < len(page.encode()) < 50_000, len(page)
    assert "<script" not in page and "<img" not in page, page[:500]
    assert len(repr_text) < 200 and "\n" not in repr_text, repr_text[:300]


def _agencies(seed: int, day: dt.date) -> list[SelfAssessment]:
    chance = random.Random(seed)
    return [
        SelfAssessment(
            agency=f"{HOSTILE} Agency {n:03d} " + "x" * 2_000,
            assessed_on=day,
            ratings=[
                ElementRating(
                    element=element,
                    level=chance.randint(1, 5),
                    evidence=[f"{HOSTILE} evidence {i} " + "y" * 5_000 for i in range(20)],
                    planned_actions=[HOSTILE],
                )
                for element in Element
                if n % 10 or element is not Element.DEVELOPMENT  # some incomplete
            ],
            synthetic=n % 2 == 0,
        )
        for n in range(AGENCIES)
    ]


def test_a_rollup_of_500_agencies_displays_in_under_50_kb() -> None:
    result = rollup(_agencies(1, dt.date(2025, 6, 30)))
    assert result.agency_count == AGENCIES and len(result.below_threshold) > 100
    page = result._repr_html_()
    _safe_and_small(page, repr(result))
    assert "&lt;script&gt;" in page
    assert f"across {AGENCIES:,} agencies" in page
    assert f"The first 20 of {len(result.below_threshold):,} agencies below" in page
    assert "250 synthetic sample agencies" in page
    assert repr(result) == (
        f"<Rollup of 500 agencies: {len(result.below_threshold)} below level 3 on an element>"
    )


def test_a_comparison_of_two_large_rollups_displays_in_under_50_kb() -> None:
    old = rollup(_agencies(1, dt.date(2024, 6, 30)))
    new = rollup(_agencies(2, dt.date(2025, 6, 30))[:-50])
    compared = compare_rollups(old, new)
    page = compared._repr_html_()
    _safe_and_small(page, repr(compared))
    assert f"The first 20 of {len(compared.moved_up):,} agencies are shown." in page
    assert "Only in 2024 (50)" in page and "and 30 more" in page
    assert repr(compared) == (
        f"<RollupComparison '2024' with '2025': 450 agencies in both, "
        f"{len(compared.moved_up)} moved up, {len(compared.moved_down)} moved down>"
    )


def test_a_self_assessment_and_its_state_display_counts_and_clip_text() -> None:
    assessment = _agencies(3, dt.date(2025, 6, 30))[1]
    page = assessment._repr_html_()
    _safe_and_small(page, repr(assessment))
    assert "(and 19 more)" in page  # 20 pieces of evidence: the first, and a count
    assert repr(assessment).startswith("<SelfAssessment of '<script>alert(1)</script>")
    assert repr(assessment).endswith("on 2025-06-30: 5 of 5 elements rated>")
    state = maturity_state(assessment)
    shown = state._repr_html_()
    _safe_and_small(shown, repr(state))
    assert shown.count("<tr>") >= 1 + len(Element)
    assert f"weakest {state.aggregate.weakest_link}" in shown
    assert "(weakest link)" in repr(state) and "focus area" in repr(state)


def test_an_incomplete_draft_says_what_is_missing() -> None:
    draft = SelfAssessment(agency="Office of Examples", assessed_on=dt.date(2025, 6, 30))
    page = draft._repr_html_()
    assert (
        "incomplete: expectations for behaviours and outcomes, performance" in page
        and page.count("not rated") == len(Element)
    )
    assert (
        repr(draft)
        == "<SelfAssessment of 'Office of Examples' on 2025-06-30: 0 of 5 elements rated>"
    )
