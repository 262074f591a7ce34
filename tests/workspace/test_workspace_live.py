"""The workspace keeps up change by change: placements, counts and the report, never redone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import attrs
import pytest

from apsperf.segmentation.analysis._calibration import calibrate
from apsperf.segmentation.model._workforce import SEGMENTS
from apsperf.segmentation.workspace import _live
from apsperf.segmentation.workspace._live import LiveReport

from .conftest import Workspace, at

# Proposed: E00002 a Proven Performer, E00004 and E00008 elsewhere (the sample's people).
STEPS: tuple[tuple[str, dict[str, object]], ...] = (
    ("move", {"employee_id": "E00002", "to": "top-talent"}),
    ("move", {"employee_id": "E00004", "to": "strongest-concern"}),
    ("move", {"employee_id": "E00002", "to": "high-achiever"}),  # moved again
    ("undo", {"entry": 3}),  # back to the first move's box
    ("move", {"employee_id": "E00008", "to": "uncertain"}),
    ("undo", {"entry": 1}),  # E00002's first move undone: back where proposed
    ("confirm", {"employee_id": "E00004"}),  # kept where the move put them
    ("move", {"employee_id": "E00002", "to": "top-talent"}),  # redone, another reason
    ("undo", {"entry": 2}),  # E00004's move undone; the confirmation stays in force
)


def _expected(workspace: Workspace) -> tuple[dict[int, int], list[int], Counter[int]]:
    """What applying the whole log again gives: moved people, counts, moved by assessor."""
    proposed = workspace.proposed
    calibrated = workspace.council.session.apply(proposed)
    codes = {s: n for n, s in enumerate(SEGMENTS)}
    moved = {}
    for position, identifier in enumerate(proposed.employee_ids):
        now, was = calibrated.segment_of(identifier), proposed.segment_of(identifier)
        if now is not was and now is not None:
            moved[position] = codes[now]
    counts = calibrated.segment_counts()
    _names, assessors = proposed.assessor_codes()
    return moved, [counts.get(s, 0) for s in SEGMENTS], Counter(assessors[p] for p in moved)


def test_placements_and_counts_follow_the_log_change_by_change(workspace: Workspace) -> None:
    council = workspace.council
    for index in range(len(STEPS)):
        _apply_step(workspace, index)
        moved, counts, by_assessor = _expected(workspace)
        assert council.calibrated == moved, STEPS[index]
        assert council.counts == counts
        assert +council.moved_by_assessor == by_assessor
        state = workspace.client.get(at("session")).json()
        assert [s["calibrated"] for s in state["segments"]] == counts
    assert council.calibrated  # E00002 and E00008 end moved


def _apply_step(workspace: Workspace, index: int) -> None:
    kind, fields = STEPS[index]
    body = {**fields, "reason": f"Step {index + 1}"}
    if kind == "undo":
        answer = workspace.client.post(at("reversals"), json=body)
    elif kind == "confirm":
        session = workspace.council.session
        now = session.apply(workspace.proposed).segment_of(str(fields["employee_id"]))
        assert now is not None
        answer = workspace.client.post(at("changes"), json={**body, "to": now.value})
        assert answer.json()["kind"] == "confirmation"
    else:
        answer = workspace.client.post(at("changes"), json=body)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("min_cell", [5, 40])
def test_the_live_report_is_calibrates_after_moves_and_reversals(
    open_workspace: Callable[..., Workspace], min_cell: int
) -> None:
    workspace = open_workspace(chair="Chair", min_cell=min_cell)
    council = workspace.council
    live = LiveReport(
        workspace.proposed,
        council.session,
        fairness_by=["Gender"],
        min_cell=min_cell,
        shown=council.shown,
    )
    assert live.incremental  # else every version is calibrate()'s own, slowly

    def calibrated() -> object:
        return calibrate(
            workspace.proposed,
            council.session,
            fairness_by=["Gender"],
            min_cell=min_cell,
            shown=council.shown,
        )

    for index in range(len(STEPS)):
        _apply_step(workspace, index)
        expected = calibrated()
        assert live.report(council.session) == expected
        quick = live.report(council.session, people=False)
        assert attrs.evolve(quick, people_moved=expected.people_moved) == expected
    workspace.client.post(at("finalise"), json={})
    assert live.report(council.session) == calibrated()


def test_a_report_field_it_does_not_know_means_calibrate_every_time(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    council = workspace.council
    monkeypatch.setattr(_live, "OF_THE_SESSION", _live.OF_THE_SESSION - {"fairness"})
    live = LiveReport(
        workspace.proposed, council.session, fairness_by=["Gender"], min_cell=5, shown=None
    )
    assert not live.incremental
    _apply_step(workspace, 0)
    expected = calibrate(workspace.proposed, council.session, fairness_by=["Gender"])
    assert live.report(council.session) == expected


def test_the_rater_panel_counts_each_assessors_people_moved(workspace: Workspace) -> None:
    _apply_step(workspace, 0)  # E00002 moved
    _apply_step(workspace, 1)  # E00004 moved
    panels = workspace.client.get(at("panels")).json()["panels"]
    raters = panels[0]
    assert raters["head"][-1] == "Moved in session"
    names, codes = workspace.proposed.assessor_codes()
    moved = Counter(
        names[codes[workspace.proposed.position_of(i) or 0]] for i in ("E00002", "E00004")
    )
    shown = {row[0]: row[-1] for row in raters["rows"]}
    for assessor, count in moved.items():
        if assessor in shown:
            assert shown[assessor] == count
    assert sum(shown.values()) <= 2


def test_the_checks_step_aside_while_a_change_is_under_way(workspace: Workspace) -> None:
    import threading
    import time

    council = workspace.council
    paused: list[float] = []
    live = LiveReport(
        workspace.proposed, council.session, fairness_by=["Gender"], min_cell=5, shown=None
    )
    live.report(council.session, pause=lambda: paused.append(time.monotonic()))
    assert len(paused) >= 4  # between its steps
    council.make_way()  # nothing under way: no wait
    released = threading.Event()

    def change() -> None:
        with council.arriving():
            released.wait(5)

    worker = threading.Thread(target=change)
    worker.start()
    time.sleep(0.05)
    started = time.monotonic()
    threading.Timer(0.2, released.set).start()
    council.make_way()
    assert time.monotonic() - started >= 0.15  # it waited for the change to be answered
    worker.join()
    started = time.monotonic()
    council.make_way()
    assert time.monotonic() - started < 0.1
