"""Notebook displays of calibration reports and histories: bounded, escaped, short repr()."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from apsperf.segmentation import (
    CalibrationChange,
    CalibrationSession,
    Level,
    Placement,
    Segment,
    Workforce,
    calibrate,
    history,
)

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
PEOPLE = 100_000


def _safe_and_small(page: str, repr_text: str) -> None:
    assert 200 < len(page.encode()) < 50_000, len(page)
    assert "<script" not in page and "<img" not in page, page[:500]
    assert len(repr_text) < 200 and "\n" not in repr_text, repr_text[:300]


def _cycle(seed: int, people: int) -> Workforce:
    chance = random.Random(seed)
    return Workforce.from_placements(
        (
            Placement(
                employee_id=f"E{n:06d}",
                performance=(segment := chance.choice(list(Segment))).performance,
                potential=segment.potential,
                assessed_by=f"{HOSTILE} A{n % 40}",
                groups={"Division": f"{HOSTILE} D{n % 60}"},
            )
            for n in range(people)
            if chance.random() > 0.05
        ),
        source=f"{HOSTILE}-{seed}.csv",
    )


@pytest.fixture(scope="module")
def cycles() -> list[Workforce]:
    return [_cycle(seed, PEOPLE) for seed in (1, 2, 3)]


def test_a_history_of_100000_people_displays_in_under_50_kb(cycles: list[Workforce]) -> None:
    result = history(cycles, labels=["2023", HOSTILE, "2025"])
    assert len(result.trajectories) > 99_000
    page = result._repr_html_()
    _safe_and_small(page, repr(result))
    assert "&lt;script&gt;" in page
    assert f"{len(result.trajectories):,} people seen in any cycle" in page
    assert page.count("<li>") == 2  # movement between each adjacent pair of cycles
    assert f'<th>2023</th><td class="n">{cycles[0].rows_placed:,}</td>' in page
    assert repr(result) == (
        f"<History over 3 cycles ('2023', '<script>ale…', '2025'): "
        f"{len(result.trajectories):,} people, {sum(1 for m in result.patterns if m.employee_ids)} "
        "patterns shown>"
    )
    match = result.patterns[0]
    assert (
        repr(match) == f"<PatternMatch {match.pattern.value}: {len(match.employee_ids):,} people>"
    )


def _changes(workforce: Workforce, count: int) -> list[CalibrationChange]:
    return [
        CalibrationChange(
            employee_id=employee_id,
            performance=Level.HIGH,
            potential=Level.HIGH,
            reason=f"{HOSTILE} " + "z" * 10_000,
            by=HOSTILE,
            on=dt.date(2025, 8, 1),
        )
        for employee_id in workforce.employee_ids[:count]
    ]


def test_a_calibration_report_displays_counts_and_its_first_moves(cycles: list[Workforce]) -> None:
    proposed = cycles[0]
    session = CalibrationSession.start(proposed).record(_changes(proposed, 2_000), proposed)
    report = calibrate(proposed, session, fairness_by=["Division"])
    moves = len(report.changes)
    assert moves + len(report.confirmations) == 2_000 and moves > 1_000
    page = report._repr_html_()
    _safe_and_small(page, repr(report))
    assert f"The first 20 of {moves:,} moves are shown." in page
    assert "Rater effects: 40 assessors compared with everyone else" in page
    assert "Talent-pool selection by" in page and "60 groups" in page
    top = report.after[[c.segment for c in report.after].index(Segment.TOP_TALENT)].count
    assert f"{top:,}" in page
    assert repr(report).startswith("<CalibrationReport of 'script>\"><img")  # the file's name
    assert f"{moves:,} changes, open; 40 assessors" in repr(report)
    assert repr(session).endswith(": 2,000 entries, open>") and len(repr(session)) < 200
    assert repr(session.finalise(by=HOSTILE)).endswith(", finalised>")
