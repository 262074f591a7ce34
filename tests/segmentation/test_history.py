"""History over any number of cycles: trajectories, movement and patterns."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import (
    NOT_PLACED,
    Direction,
    History,
    Pattern,
    Segment,
    Workforce,
    history,
    movement,
    read_workforce,
    write_trajectories_csv,
)
from apsperf.segmentation.analysis._history import person_rows
from apsperf.serialization import from_json, to_json

HEADER = "Employee ID,Performance,Potential\n"
POOL = ("E1", "E2", "E3", "E4", "E5", "E6")
SPELLINGS = {"E1": " E1 ", "E2": "\ufeffE2", "E3": "E3\u200b"}  # normalise to the same person


def _cycle(rows: list[tuple[str, str, str]]) -> Workforce:
    return read_workforce(io.StringIO(HEADER + "".join(f"{a},{b},{c}\n" for a, b, c in rows)))


def _of(*cycles: str) -> History:
    """A one-person history: each cycle a segment slug, "-" absent, "x" rejected."""
    workforces = []
    for state in cycles:
        if state == "-":
            workforces.append(_cycle([("E0", "Low", "Low")]))
        elif state == "x":
            workforces.append(_cycle([("P1", "Exceeds", "Low")]))
        else:
            segment = Segment(state)
            workforces.append(_cycle([("P1", segment.performance.label, segment.potential.label)]))
    return history(workforces)


@st.composite
def cycles(draw: st.DrawFn) -> list[Workforce]:
    result = []
    levels = st.sampled_from(["Low", "Moderate", "High", "Exceeds"])  # Exceeds is rejected
    for _ in range(draw(st.integers(2, 5))):
        people = draw(st.lists(st.sampled_from(POOL), unique=True))
        rows = []
        for person in people:
            spelt = SPELLINGS.get(person, person) if draw(st.booleans()) else person
            rows.append((spelt, draw(levels), draw(levels)))
        result.append(_cycle(rows))
    return result


def _placed(state: str | None) -> bool:
    return state not in (None, NOT_PLACED)


@settings(max_examples=80, deadline=None)
@given(cycles())
def test_trajectories_agree_with_pairwise_movement(workforces: list[Workforce]) -> None:
    result = history(workforces)
    assert len(result.movements) == len(workforces) - 1
    for i, (a, b) in enumerate(itertools.pairwise(workforces)):
        moved = result.movements[i]
        assert moved == movement(a, b).counts  # counted on the columns, as movement() does
        pairs = {t.employee_id: (t.segments[i], t.segments[i + 1]) for t in result.trajectories}
        both = {k for k, (x, y) in pairs.items() if _placed(x) and _placed(y)}
        assert moved.common == len(both)
        assert moved.common - moved.stayed == sum(1 for k in both if pairs[k][0] != pairs[k][1])
        assert moved.joined == sum(1 for x, y in pairs.values() if x is None and _placed(y))
        assert moved.left == sum(1 for x, y in pairs.values() if y is None and _placed(x))
        assert moved.not_placed_current == sum(
            1 for x, y in pairs.values() if y == NOT_PLACED and _placed(x)
        )
        assert len(b) == sum(_placed(t.segments[i + 1]) for t in result.trajectories)
        assert len(a) == sum(_placed(t.segments[i]) for t in result.trajectories)
    assert result.people == len(result.trajectories)
    for i in range(len(workforces)):
        states = [t.segments[i] for t in result.trajectories]
        assert result.placed[i] == sum(map(_placed, states))
        assert result.not_placed[i] == states.count(NOT_PLACED)
        assert result.absent[i] == states.count(None)


@settings(max_examples=60, deadline=None)
@given(cycles())
def test_a_history_round_trips_through_json(workforces: list[Workforce]) -> None:
    result = history(workforces)
    back = from_json(History, to_json(result))
    assert back == result
    # The document names nobody but the people in a pattern: no trajectories in it.
    assert "trajectories" not in to_json(result) and not back.holds_people
    assert back.trajectories == ()


def test_identifiers_are_matched_after_normalisation() -> None:
    result = history([_cycle([(" E1 ", "Low", "Low")]), _cycle([("E1\u200b", "High", "High")])])
    (only,) = result.trajectories
    assert only.segments == ("strongest-concern", "top-talent")
    assert result.movements[0].moved(Direction.UP) == 1


SC, UN, TT, WP = "strongest-concern", "uncertain", "top-talent", "well-placed"


@pytest.mark.parametrize(
    ("states", "pattern", "shown"),
    [
        ((SC, SC), Pattern.STRONGEST_CONCERN_AGAIN, True),
        ((SC, "-", SC), Pattern.STRONGEST_CONCERN_AGAIN, False),
        ((SC, "x", SC), Pattern.STRONGEST_CONCERN_AGAIN, False),
        ((TT, WP), Pattern.FALL_FROM_TOP_TALENT, True),
        ((TT, "high-achiever"), Pattern.FALL_FROM_TOP_TALENT, False),
        ((TT, "x", SC), Pattern.FALL_FROM_TOP_TALENT, False),
        ((UN, UN, UN), Pattern.UNCERTAIN_THREE_CYCLES, True),
        ((UN, UN, "x", UN), Pattern.UNCERTAIN_THREE_CYCLES, False),
        ((SC, UN, WP, TT), Pattern.UP_EVERY_CYCLE, True),
        ((SC, UN, UN), Pattern.UP_EVERY_CYCLE, False),
        ((SC, "-", TT), Pattern.UP_EVERY_CYCLE, False),
        ((SC, TT), Pattern.UP_EVERY_CYCLE, False),  # two cycles are one move, not a run
        ((SC, WP, TT), Pattern.UP_EVERY_CYCLE, True),
    ],
)
def test_named_patterns(states: tuple[str, ...], pattern: Pattern, shown: bool) -> None:
    result = _of(*states)
    assert ("P1" in result.pattern(pattern)) is shown
    assert result.trajectory("P1").segments == tuple(
        None if s == "-" else NOT_PLACED if s == "x" else s for s in states
    )


def test_labels_must_match_the_cycles() -> None:
    with pytest.raises(ValidationError, match="2 labels for 1 cycles"):
        history([_cycle([])], labels=["a", "b"])
    with pytest.raises(TypeError):
        history(_cycle([]))  # type: ignore[arg-type]


def test_the_sample_history_runs_in_one_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--sample", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["cycles"] == ["2024", "2025", "2026"]
    assert {p["pattern"] for p in document["patterns"]} == {p.value for p in Pattern}
    assert "trajectories" not in document and document["people"] == 2140
    assert [i["role"] for i in document["inputs"]] == ["2024", "2025", "2026"]


def test_history_needs_two_cycles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 2
    assert "two or more" in capsys.readouterr().err


def test_the_per_person_export_holds_everyones_trajectory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "trajectories.csv"
    assert main(["history", "--sample", "--csv", str(out)]) == 0
    capsys.readouterr()
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    # The latest file's other columns follow the trajectory (people not in it: empty).
    assert rows[0][:4] == ["employee_id", "2024", "2025", "2026"]
    assert {"Division", "Location", "Gender"} <= set(rows[0][4:])
    assert len(rows) == 1 + 2140
    assert {cell for row in rows[1:] for cell in row[1:4]} <= {
        "",
        "Not placed",
        *(s.label for s in Segment),
    }
    result = history([_cycle([("E1", "Low", "Low")]), _cycle([("E1", "High", "High")])])
    buffer = io.StringIO()
    write_trajectories_csv(result, buffer)
    assert buffer.getvalue() == "employee_id,1,2\nE1,Strongest Concern,Top Talent\n"
    with pytest.raises(ValidationError, match="no per-person data"):
        write_trajectories_csv(from_json(History, to_json(result)), io.StringIO())
    # Refused when asked for, not when first iterated: a writer that began a file or a
    # workbook before iterating would otherwise leave it half made.
    with pytest.raises(ValidationError, match="no per-person data"):
        person_rows(from_json(History, to_json(result)))


def test_cycle_labels_must_differ() -> None:
    with pytest.raises(ValidationError, match="same label"):
        history([_cycle([]), _cycle([])], labels=["2025", "2025"])
