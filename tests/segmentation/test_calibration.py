"""Calibration sessions: the change log, applying it, finalising it, and its documents."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.schema import schema_for
from apsperf.segmentation import (
    CalibrationChange,
    CalibrationReport,
    CalibrationSession,
    Level,
    Placement,
    Segment,
    Workforce,
    calibrate,
    read_changes,
    read_workforce,
    sample_calibration_paths,
    sample_workforce_path,
    segment_for,
    write_calibrated_csv,
)
from apsperf.serialization import from_json, to_json
from apsperf.testing._segmentation import calibration_changes, proposals_and_sessions

PROPOSED = (
    "Employee ID,Division,Assessed by,Performance,Potential\n"
    "E1,Policy,A1,High,High\n"
    "E2,Policy,A1,Moderate,Low\n"
    "E3,Policy,A2,Exceeds,Low\n"
    "E4,Corporate,A2,Low,Low\n"
)


def _proposed() -> Workforce:
    return read_workforce(io.StringIO(PROPOSED))


def _change(employee_id: str = "E1", reason: str = "evidence", **kw: object) -> CalibrationChange:
    fields: dict[str, object] = {
        "employee_id": employee_id,
        "performance": Level.MODERATE,
        "potential": Level.HIGH,
        "reason": reason,
        "by": "Chair",
        "on": dt.date(2026, 9, 22),
        **kw,
    }
    return CalibrationChange(**fields)  # type: ignore[arg-type]


def _record(*changes: CalibrationChange) -> CalibrationSession:
    proposed = _proposed()
    return CalibrationSession.start(proposed).record(changes, proposed)


def test_a_change_moves_one_person_and_reports_from_and_to() -> None:
    session = _record(_change())
    report = calibrate(_proposed(), session)
    (change,) = report.changes
    assert change.from_segment is Segment.TOP_TALENT
    assert change.to_segment is Segment.EMERGING_POTENTIAL
    before = {c.segment: c.count for c in report.before}
    after = {c.segment: c.count for c in report.after}
    assert before[Segment.TOP_TALENT] == 1 and after[Segment.TOP_TALENT] == 0
    assert after[Segment.EMERGING_POTENTIAL] == before[Segment.EMERGING_POTENTIAL] + 1


def test_later_changes_to_one_person_start_from_the_earlier_ones() -> None:
    second = _change(performance=Level.LOW, potential=Level.LOW)
    report = calibrate(_proposed(), _record(_change(), second))
    assert [(c.from_segment, c.to_segment) for c in report.changes] == [
        (Segment.TOP_TALENT, Segment.EMERGING_POTENTIAL),
        (Segment.EMERGING_POTENTIAL, Segment.STRONGEST_CONCERN),
    ]


@pytest.mark.parametrize(
    ("employee_id", "message"),
    [("E9", "not in the proposed placements"), ("E3", "proposed row that was rejected")],
)
def test_a_change_to_someone_not_placed_names_the_change(employee_id: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        _record(_change(), _change(employee_id))
    assert caught.value.path == "changes[1]"


def test_a_change_without_a_reason_is_refused() -> None:
    with pytest.raises(ValidationError, match="must not be empty") as caught:
        _change(reason=" ")
    assert caught.value.path == "reason"


def test_a_changes_file_is_read_with_forgiving_headers() -> None:
    text = (
        "employee id;PERFORMANCE;Potential;Reason;Changed by;Changed on\n"
        "E1;high;moderate;more evidence;Chair;22/09/2026\n\n"
    )
    (change,) = read_changes(io.StringIO(text))
    assert change.segment is Segment.HIGH_ACHIEVER
    assert (change.by, change.on) == ("Chair", dt.date(2026, 9, 22))


@pytest.mark.parametrize(
    ("row", "path"),
    [
        ("E1,High,High,,Chair,22/09/2026", "reason"),
        ("E1,Great,High,why,Chair,22/09/2026", "performance"),
        ("E1,High,High,why,Chair,31/09/2026", "on"),
    ],
)
def test_a_bad_changes_row_names_its_line_and_column(row: str, path: str) -> None:
    text = f"employee_id,performance,potential,reason,by,on\nE2,Low,Low,ok,Chair,1/9/2026\n{row}\n"
    with pytest.raises(ValidationError) as caught:
        read_changes(io.StringIO(text))
    assert caught.value.path.endswith(f"line 3.{path}")


def test_a_changes_file_missing_a_column_is_refused() -> None:
    with pytest.raises(ValidationError, match="no column `reason`"):
        read_changes(io.StringIO("employee_id,performance,potential,by,on\n"))


@settings(max_examples=60, deadline=None)
@given(proposals_and_sessions())
def test_applying_the_log_gives_the_calibrated_placements(
    drawn: tuple[Workforce, CalibrationSession],
) -> None:
    proposed, session = drawn
    last = {c.employee_id: c.segment for c in session.changes}
    calibrated = session.apply(proposed)
    assert calibrated.employee_ids == proposed.employee_ids
    for employee_id in proposed.employee_ids:
        expected = last.get(employee_id, proposed.segment_of(employee_id))
        assert calibrated.segment_of(employee_id) is expected
    kept = [(p.assessed_by, dict(p.groups)) for p in proposed.placements()]
    assert [(p.assessed_by, dict(p.groups)) for p in calibrated.placements()] == kept


@settings(max_examples=60, deadline=None)
@given(proposals_and_sessions(), st.lists(calibration_changes(), max_size=3))
def test_a_finalised_session_refuses_changes(
    drawn: tuple[Workforce, CalibrationSession], changes: list[CalibrationChange]
) -> None:
    proposed, session = drawn
    if not session.finalised:
        session = session.finalise(by="Chair")
    with pytest.raises(ValidationError, match="finalised"):
        session.record(changes, proposed)
    with pytest.raises(ValidationError, match="finalised"):
        session.finalise(by="Chair")


@settings(max_examples=60, deadline=None)
@given(proposals_and_sessions())
def test_a_session_round_trips_through_json(drawn: tuple[Workforce, CalibrationSession]) -> None:
    session = drawn[1]
    assert from_json(CalibrationSession, to_json(session)) == session


def test_the_calibrated_csv_keeps_the_layout_and_rewrites_changed_ratings() -> None:
    buffer = io.StringIO()
    write_calibrated_csv(PROPOSED, _record(_change()), buffer)
    lines = buffer.getvalue().splitlines()
    assert lines[0] == PROPOSED.splitlines()[0]
    assert lines[1] == "E1,Policy,A1,Moderate,High"
    assert lines[2:] == PROPOSED.splitlines()[2:]


def test_the_sample_session_gives_the_sample_2026_workforce() -> None:
    proposed_path, changes_path = sample_calibration_paths()
    proposed = read_workforce(proposed_path)
    session = CalibrationSession.start(proposed).record(read_changes(changes_path), proposed)
    calibrated = session.apply(proposed)
    agreed = read_workforce(sample_workforce_path(2026))
    assert len(agreed) == len(calibrated)
    for employee_id in agreed.employee_ids:
        assert calibrated.segment_of(employee_id) is agreed.segment_of(employee_id)


def test_the_sample_flags_the_generous_assessor(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", "--sample", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    effects = document["rater_effects"]  # columns: item i of each is assessor i's
    flagged = [a for a, f in zip(effects["assessor"], effects["flagged"], strict=True) if f]
    assert flagged == ["M117"] == effects["assessor"][:1]  # flagged assessors first
    assert len(effects["performance"]["leniency"]) == len(effects["assessor"]) == 60
    rows = sample_calibration_paths()[1].read_text("utf-8").count("\n") - 1
    assert len(document["changes"]) == rows > 10


def test_the_cli_session_file_locks_after_finalise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposed, changes = tmp_path / "proposed.csv", tmp_path / "changes.csv"
    proposed.write_text(PROPOSED, encoding="utf-8")
    changes.write_text(
        "Employee ID,Performance,Potential,Reason,By,On\nE1,Moderate,High,evidence,Chair,"
        "22/09/2026\n",
        encoding="utf-8",
    )
    session, out = tmp_path / "session.json", tmp_path / "calibrated.csv"
    base = ["calibrate", str(proposed), "--session", str(session)]
    assert main([*base, "--changes", str(changes), "--csv", str(out)]) == 0
    assert "1: E1: Top Talent -> Emerging Potential" in capsys.readouterr().out
    assert read_workforce(out).segment_of("E1") is segment_for(Level.MODERATE, Level.HIGH)
    assert main([*base, "--finalise", "--by", "Chair", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["finalised"] is True
    saved = from_json(CalibrationSession, session.read_text("utf-8"))
    assert saved.finalised and len(saved.changes) == 1
    assert main([*base, "--changes", str(changes)]) == 2
    assert "finalised" in capsys.readouterr().err


def test_from_placements_keeps_rejected_rows_after_calibration() -> None:
    proposed = _proposed()
    calibrated = _record(_change()).apply(proposed)
    assert calibrated.rejected == proposed.rejected
    assert calibrated.rows_read == proposed.rows_read
    assert isinstance(next(calibrated.placements()), Placement)


def test_the_pack_escapes_reasons_and_shows_every_section() -> None:
    from apsperf.segmentation import calibration_pack_html

    hostile = "<script>alert(1)</script>"
    session = _record(_change(reason=hostile))
    page = calibration_pack_html(calibrate(_proposed(), session, fairness_by=["Division"]))
    assert hostile not in page and "&lt;script&gt;" in page
    for heading in ("Moves made", "Rater effects", "by Division", "Files read"):
        assert heading in page
    # The proposals have no aspiration-date column: that is said, not shown as all missing.
    assert "no aspiration conversation date column" in page
    assert "Aspiration conversation first" not in page
    assert page.count("<svg") == 2
    assert "For the talent council only" in page  # the pack names who moved: say who it is for


def test_the_pack_and_history_pages_are_written_by_the_cli(tmp_path: Path) -> None:
    pack, page = tmp_path / "pack.html", tmp_path / "history.html"
    assert main(["calibrate", "--sample", "--html", str(pack)]) == 0
    assert main(["history", "--sample", "--html", str(page)]) == 0
    assert "Talent-pool selection by Gender" in pack.read_text("utf-8")
    assert "fall-from-top-talent" in page.read_text("utf-8")


def test_applied_changes_are_written_as_from_and_to() -> None:
    report = calibrate(_proposed(), _record(_change()))
    document = json.loads(to_json(report))
    entry = document["changes"][0]
    assert (entry["from"], entry["to"]) == ("top-talent", "emerging-potential")
    assert "previous" not in entry and "from_segment" not in entry
    assert from_json(CalibrationReport, to_json(report)) == report
    properties = schema_for("calibrate")["$defs"]["AppliedChange"]["properties"]
    assert {"from", "to"} <= set(properties) and "from_segment" not in properties


def test_a_change_already_in_the_log_is_refused_and_can_be_filtered() -> None:
    proposed = _proposed()
    session = _record(_change(), _change("E2"))
    with pytest.raises(ValidationError, match="already in force") as caught:
        session.record([_change("E4"), _change()], proposed)
    assert caught.value.path == "changes[1]"
    with pytest.raises(ValidationError, match="already in force"):
        _record(_change(), _change())
    # A different reason or day is a new change, not a repeat.
    again = [_change(), _change(reason="new evidence"), _change("E4"), _change("E4")]
    assert session.unrecorded(again) == (_change(reason="new evidence"), _change("E4"))
    assert len(session.record(session.unrecorded(again), proposed).changes) == 4


def test_the_cli_does_not_append_the_same_changes_file_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposed, changes = tmp_path / "proposed.csv", tmp_path / "changes.csv"
    proposed.write_text(PROPOSED, encoding="utf-8")
    changes.write_text(
        "Employee ID,Performance,Potential,Reason,By,On\nE1,Moderate,High,evidence,Chair,"
        "22/09/2026\n",
        encoding="utf-8",
    )
    session = tmp_path / "session.json"
    base = ["calibrate", str(proposed), "--session", str(session), "--changes", str(changes)]
    assert main(base) == 0
    capsys.readouterr()
    assert main(base) == 0
    assert "1 of the 1 changes in changes.csv are already in force in the session's log" in (
        capsys.readouterr().err
    )
    assert len(from_json(CalibrationSession, session.read_text("utf-8")).changes) == 1


def test_the_text_report_names_the_file_not_its_folder_and_reads_its_statistics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["calibrate", "--sample"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Calibration of bundled synthetic sample (open)")
    assert "/" not in out.splitlines()[0]  # no folder, let alone the install path
    assert "Flagged: 1 of 60." in out and "flagged: High Achiever" in out
    assert "screening signal, never a verdict" in out
    proposed = tmp_path / "deep" / "proposed.csv"
    proposed.parent.mkdir()
    proposed.write_text(PROPOSED, encoding="utf-8")
    assert main(["calibrate", str(proposed)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("Calibration of proposed.csv (open)") and "deep" not in first
