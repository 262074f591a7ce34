"""The assessor is kept per person, not in the profile: many assessors make few profiles."""

from __future__ import annotations

import io

import pytest

from apsperf.segmentation import Level, Placement, Workforce, read_workforce
from apsperf.segmentation.io import _builder


def _text(rows: int) -> str:
    lines = ["employee_id,performance,potential,assessed_on,assessed_by"]
    lines += [
        f'"E{n:05d}","high","{("low", "high")[n % 2]}","01/07/2025","  M{n % 997} "'
        for n in range(rows)
    ]
    lines.append("E99999,high,high,01/07/2025,")  # a blank assessor is None
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("columnar", [False, True], ids=["keyed", "column-by-column"])
def test_many_assessors_share_few_profiles(columnar: bool) -> None:
    original = _builder._MAX_PROFILES
    if columnar:
        _builder._MAX_PROFILES = -1  # type: ignore[misc]
    try:
        workforce = read_workforce(io.StringIO(_text(3_000), newline=""))
    finally:
        _builder._MAX_PROFILES = original  # type: ignore[misc]
    assert len(workforce) == 3_001
    assert len(workforce._assessors.values) == 998  # each assessor once (blank: None)
    placements = list(workforce.placements())
    assert [p.assessed_by for p in placements[:3]] == ["M0", "M1", "M2"]
    assert placements[1_000].assessed_by == "M3"  # 1000 % 997
    assert placements[-1].assessed_by is None
    assert workforce.placement(998).assessed_by == "M1"


def test_from_placements_keeps_each_assessor() -> None:
    people = [
        Placement(employee_id="A", performance=Level.HIGH, potential=Level.LOW, assessed_by="M1"),
        Placement(employee_id="B", performance=Level.HIGH, potential=Level.LOW),
        Placement(employee_id="C", performance=Level.HIGH, potential=Level.LOW, assessed_by="M1"),
    ]
    workforce = Workforce.from_placements(people)
    assert list(workforce.placements()) == people
    assert workforce._assessors.values == ["M1", None]
