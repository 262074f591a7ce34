"""Two cycles whose identifiers differ only in form are flagged, never matched loosely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf.cli import main
from apsperf.segmentation import Workforce, history, workforce_from_rows
from apsperf.segmentation.analysis._accounting import identifier_mismatch

HEADER = ["Employee ID", "Performance", "Potential"]


def _cycle(ids: list[str]) -> Workforce:
    return workforce_from_rows([[i, "high", "low"] for i in ids], header=HEADER)


def test_leading_zeros_lost_in_one_cycle_are_flagged() -> None:
    padded = _cycle([f"{n:06d}" for n in range(1, 41)])
    bare = _cycle([str(n) for n in range(1, 41)])
    (finding,) = identifier_mismatch(padded, bare, "workforce")
    assert finding.code == "identifiers-differ" and "only 0 " in finding.message
    assert "40 would" in finding.message
    result = history([padded, bare], labels=["2024", "2025"])
    assert [f.code for f in result.inputs[1].findings] == ["identifiers-differ"]
    assert result.inputs[0].findings == ()


def test_case_is_flagged_too_and_nothing_is_matched_loosely() -> None:
    upper = _cycle([f"E{n}" for n in range(30)])
    lower = _cycle([f"e{n}" for n in range(30)])
    assert identifier_mismatch(upper, lower, "workforce")
    moved = history([upper, lower], labels=["a", "b"])
    assert moved.movements[0].common == 0 and sum(moved.movements[0].joined_into) == 30


@given(st.sets(st.integers(0, 60), max_size=40), st.sets(st.integers(0, 60), max_size=40))
def test_cycles_that_match_exactly_are_never_flagged(a: set[int], b: set[int]) -> None:
    first, second = _cycle([f"E{n}" for n in a]), _cycle([f"E{n}" for n in b])
    assert identifier_mismatch(first, second, "workforce") == []  # loose adds nothing here


def test_the_review_command_reports_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    now, before = tmp_path / "2025.csv", tmp_path / "2024.csv"
    now.write_text(
        "Employee ID,Performance,Potential\n" + "".join(f"{n},high,low\n" for n in range(1, 30))
    )
    before.write_text(
        "Employee ID,Performance,Potential\n" + "".join(f"{n:05d},high,low\n" for n in range(1, 30))
    )
    main(["review", str(now), "--previous", str(before), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    codes = [f["code"] for f in report["inputs"][0]["findings"]]
    assert codes == ["identifiers-differ"]


@given(
    cycles=st.lists(
        st.tuples(
            st.sets(st.integers(0, 60), max_size=40),  # placed
            st.sets(st.integers(0, 60), max_size=5),  # rows not placed (a bad rating)
            st.booleans(),  # written upper case
        ),
        min_size=2,
        max_size=4,
    )
)
def test_a_history_finds_what_each_pair_of_cycles_alone_would(
    cycles: list[tuple[set[int], set[int], bool]],
) -> None:
    """A history counts each pair's shared identifiers from its layout, not with sets."""
    read = []
    for placed, turned_away, upper in cycles:
        letter = "E" if upper else "e"
        rows = [[f"{letter}{n:03d}", "high", "low"] for n in sorted(placed)]
        rows += [[f"{letter}{n:03d}", "superb", "low"] for n in sorted(turned_away - placed)]
        read.append(workforce_from_rows(rows, header=HEADER))
    result = history(read, labels=[str(n) for n in range(len(read))])
    for index in range(1, len(read)):
        alone = identifier_mismatch(read[index - 1], read[index], str(index))
        assert [f for f in result.inputs[index].findings if f.code == "identifiers-differ"] == alone
