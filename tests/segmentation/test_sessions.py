"""Calibration sessions, version 2: a log a council can trust.

Tamper evidence (the hash chain and head), binding to the proposals, compare-and-swap
writes, reversals, confirmations, strict changes files and version-1 migration.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from pathlib import Path

import pytest

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import (
    Banding,
    CalibrationChange,
    CalibrationSession,
    EntryKind,
    Level,
    calibrate,
    load_session,
    proposals_digest,
    read_changes,
    read_workforce,
    save_session,
)
from apsperf.serialization import from_json, to_json

PROPOSED = (
    "Employee ID,Performance,Potential,Assessed by\n"
    "E1,High,High,M1\nE2,Moderate,Moderate,M1\nE3,Low,Low,M2\nE4,High,Moderate,M2\n"
)
AT = dt.datetime(2026, 9, 22, 10, 15, tzinfo=dt.UTC)


def _change(
    employee_id: str, performance: str, potential: str, reason: str = "evidence"
) -> CalibrationChange:
    return CalibrationChange(
        employee_id=employee_id,
        performance=Level.parse(performance),
        potential=Level.parse(potential),
        reason=reason,
        by="Chair",
        on=dt.date(2026, 9, 22),
    )


@pytest.fixture
def proposed_file(tmp_path: Path) -> Path:
    path = tmp_path / "proposed.csv"
    path.write_text(PROPOSED, encoding="utf-8")
    return path


def _session(proposed_file: Path) -> CalibrationSession:
    proposed = read_workforce(proposed_file)
    session = CalibrationSession.start(proposed)
    return session.record(
        [_change("E2", "High", "Moderate"), _change("E3", "Low", "Low", "confirmed")],
        proposed,
        at=AT,
    )


def test_moves_and_confirmations_are_told_apart_and_timestamped(proposed_file: Path) -> None:
    session = _session(proposed_file)
    assert [e.kind for e in session.entries] == [EntryKind.MOVE, EntryKind.CONFIRMATION]
    assert all(e.recorded_at == AT and e.by == "Chair" for e in session.entries)
    report = calibrate(read_workforce(proposed_file), session)
    assert [c.employee_id for c in report.changes] == ["E2"]
    assert [c.employee_id for c in report.confirmations] == ["E3"]
    assert report.session_head == session.head.digest and report.entries == 2


def test_a_document_round_trips_and_its_chain_is_checked(proposed_file: Path) -> None:
    session = _session(proposed_file).finalise(by="Chair", at=AT)
    assert from_json(CalibrationSession, to_json(session)) == session
    document = json.loads(to_json(session))
    tampered = json.loads(json.dumps(document))
    tampered["entries"][0]["performance"] = "low"
    with pytest.raises(ValidationError, match=r"entries\[0\]\.digest.*entry 1 does not match"):
        from_json(CalibrationSession, json.dumps(tampered))
    reopened = json.loads(json.dumps(document))
    reopened["entries"].pop()
    with pytest.raises(ValidationError, match=r"head\.entries"):
        from_json(CalibrationSession, json.dumps(reopened))
    reordered = json.loads(json.dumps(document))
    reordered["entries"][0], reordered["entries"][1] = (
        reordered["entries"][1],
        reordered["entries"][0],
    )
    with pytest.raises(ValidationError, match=r"entries\[0\]"):
        from_json(CalibrationSession, json.dumps(reordered))
    rebound = json.loads(json.dumps(document))
    rebound["proposed_digest"] = "0" * 64
    with pytest.raises(ValidationError, match=r"entries\[0\]\.digest.*header"):
        from_json(CalibrationSession, json.dumps(rebound))


def test_a_finalised_session_refuses_everything_and_says_who(proposed_file: Path) -> None:
    proposed = read_workforce(proposed_file)
    locked = _session(proposed_file).finalise(by="Chair", at=AT)
    assert locked.finalised and locked.finalisation is not None
    assert (locked.finalisation.by, locked.finalisation.recorded_at) == ("Chair", AT)
    for attempt in (
        lambda: locked.record([_change("E1", "Low", "Low")], proposed),
        lambda: locked.reverse(1, reason="no", by="Chair"),
        lambda: locked.finalise(by="Chair"),
    ):
        with pytest.raises(ValidationError, match="finalised by Chair"):
            attempt()
    report = calibrate(proposed, locked)
    assert (report.finalised_by, report.finalised_at) == ("Chair", AT)


def test_undo_is_a_recorded_reversal_and_redo_is_allowed(proposed_file: Path) -> None:
    proposed = read_workforce(proposed_file)
    session = _session(proposed_file)
    undone = session.reverse(1, reason="new evidence", by="Chair", at=AT)
    assert len(undone.entries) == 3 and undone.entries[2].undoes == 1
    assert undone.apply(proposed).segment_of("E2") is proposed.segment_of("E2")
    with pytest.raises(ValidationError, match="already undone"):
        undone.reverse(1, reason="again", by="Chair")
    with pytest.raises(ValidationError, match="not a move or confirmation"):
        undone.reverse(3, reason="undo the undo", by="Chair")
    redone = undone.record([_change("E2", "High", "Moderate")], proposed, at=AT)
    assert redone.apply(proposed).segment_of("E2") is redone.entries[-1].segment
    report = calibrate(proposed, redone)
    assert [e.number for e in report.reversals] == [3]
    assert [c.number for c in report.changes] == [4]


def test_a_change_already_in_force_is_refused(proposed_file: Path) -> None:
    proposed = read_workforce(proposed_file)
    session = _session(proposed_file)
    with pytest.raises(ValidationError, match="already in force"):
        session.record([_change("E2", "High", "Moderate")], proposed)
    assert session.unrecorded([_change("E2", "High", "Moderate")]) == ()


def test_a_session_is_bound_to_its_proposals(proposed_file: Path, tmp_path: Path) -> None:
    session = _session(proposed_file)
    other_file = tmp_path / "other.csv"
    other_file.write_text(PROPOSED.replace("E4,High,Moderate", "E4,Low,Moderate"), "utf-8")
    other = read_workforce(other_file)
    assert proposals_digest(other) != session.proposed_digest
    with pytest.raises(ValidationError, match="not the ones the session was started on"):
        calibrate(other, session)
    report = calibrate(other, session, allow_other_proposals=True)
    assert [f.code for f in report.findings] == ["other-proposals"]
    # The same placements in another file (another order of columns) are the same proposals.
    same = tmp_path / "same.csv"
    same.write_text(
        "Assessed by,Potential,Performance,Employee ID\n"
        "M1,High,High,E1\nM1,Moderate,Moderate,E2\nM2,Low,Low,E3\nM2,Moderate,High,E4\n",
        "utf-8",
    )
    assert proposals_digest(read_workforce(same)) == session.proposed_digest


def test_a_stale_writer_is_refused_and_nothing_is_lost(proposed_file: Path, tmp_path: Path) -> None:
    proposed = read_workforce(proposed_file)
    path = tmp_path / "session.json"
    save_session(CalibrationSession.start(proposed), path, expected_head=None)
    read_by_a = load_session(path)
    read_by_b = load_session(path)
    a = read_by_a.record([_change("E1", "Low", "High")], proposed)
    b = read_by_b.record([_change("E4", "Moderate", "Moderate")], proposed)
    save_session(a, path, expected_head=read_by_a.head.digest)
    with pytest.raises(ValidationError, match="changed since it was read"):
        save_session(b, path, expected_head=read_by_b.head.digest)
    assert load_session(path) == a
    with pytest.raises(ValidationError, match="changed since it was read"):
        save_session(b, path, expected_head=None)  # a new session never replaces one


def _writer(arguments: tuple[str, str, str]) -> int:
    return main(["calibrate", arguments[0], "--session", arguments[1], "--changes", arguments[2]])


@pytest.mark.slow
def test_concurrent_command_line_writers_lose_nothing(proposed_file: Path, tmp_path: Path) -> None:
    session = tmp_path / "session.json"
    assert main(["calibrate", str(proposed_file), "--session", str(session)]) == 0
    jobs = []
    for n, (person, levels) in enumerate(
        [("E1", "Low,Low"), ("E2", "High,High"), ("E3", "High,Low"), ("E4", "Low,High")]
    ):
        changes = tmp_path / f"changes{n}.csv"
        changes.write_text(
            f"employee_id,performance,potential,reason,by,on\n{person},{levels},r{n},Chair,"
            "22/09/2026\n",
            "utf-8",
        )
        jobs.append((str(proposed_file), str(session), str(changes)))
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_writer, jobs)
    assert set(results) <= {0, 2} and 0 in results
    recorded = {e.employee_id for e in load_session(session).entries}
    expected = {f"E{n + 1}" for n, status in enumerate(results) if status == 0}
    assert recorded == expected  # every run that said it wrote, wrote; none was merged away


def test_version_1_documents_are_migrated(proposed_file: Path) -> None:
    document = {
        "schema_version": 1,
        "proposed": "proposed.csv",
        "changes": [
            {
                "employee_id": "E2",
                "performance": "high",
                "potential": "moderate",
                "reason": "evidence",
                "by": "Chair",
                "on": "2026-09-22",
            }
        ],
        "finalised": True,
    }
    session = from_json(CalibrationSession, json.dumps(document))
    assert session.finalised and session.version == 2
    assert [e.kind for e in session.entries] == [EntryKind.MOVE, EntryKind.FINALISATION]
    assert session.entries[0].recorded_at is None and session.finalisation is not None
    assert session.finalisation.by is None
    report = calibrate(read_workforce(proposed_file), session)
    assert [c.employee_id for c in report.changes] == ["E2"]
    document["changes"][0]["performance"] = "sky-high"
    with pytest.raises(ValidationError, match=r"changes\[0\]"):
        from_json(CalibrationSession, json.dumps(document))


def test_changes_files_are_read_strictly(tmp_path: Path) -> None:
    changes = tmp_path / "changes.csv"
    header = "employee_id,performance,potential,reason,by,on"
    changes.write_text(
        f"{header}\nE1,High,High,Clear evidence, and more,Chair,22/09/2026\n", "utf-8"
    )
    with pytest.raises(ValidationError, match=r"changes.csv line 2.*7 cells but the header has 6"):
        read_changes(changes)
    changes.write_text(
        f"{header}\rE1,High,High,Why,Chair,22/09/2026\rE2,Low,Low,Why,Chair,1/1/2026\r"
    )
    assert [(c.employee_id, c.line) for c in read_changes(changes)] == [("E1", 2), ("E2", 3)]
    changes.write_text(
        f"{header}\nE1,High,High,Why,Chair,22/09/2026\nE2,Sky,Low,Why,Chair,1/1/2026\n"
    )
    with pytest.raises(ValidationError, match=r"changes.csv line 3\.performance"):
        read_changes(changes)
    changes.write_text(f"{header},notes\nE1,High,High,Why,Chair,22/09/2026,met twice\n")
    assert read_changes(changes)[0].notes == "met twice"
    changes.write_text("employee_id,performance,potential,reason,notes,by,on,rationale\n")
    with pytest.raises(ValidationError, match="two columns could be `reason`"):
        read_changes(changes)


def test_errors_name_the_changes_file_and_line(proposed_file: Path, tmp_path: Path) -> None:
    changes = tmp_path / "changes.csv"
    changes.write_text(
        "employee_id,performance,potential,reason,by,on\n"
        "E1,High,High,Why,Chair,22/09/2026\nE9,Low,Low,Why,Chair,22/09/2026\n",
        "utf-8",
    )
    session = CalibrationSession.start(read_workforce(proposed_file))
    with pytest.raises(ValidationError, match=r"changes.csv line 3.*'E9' is not in the proposed"):
        session.record(read_changes(changes), read_workforce(proposed_file), source="changes.csv")


def test_a_change_dated_in_the_future_is_a_warning(proposed_file: Path) -> None:
    proposed = read_workforce(proposed_file)
    future = CalibrationChange(
        employee_id="E1",
        performance=Level.LOW,
        potential=Level.LOW,
        reason="typo in the year",
        by="Chair",
        on=dt.date(2035, 9, 22),
    )
    session = CalibrationSession.start(proposed).record([future], proposed)
    report = calibrate(proposed, session, today=dt.date(2026, 9, 23))
    (finding,) = report.findings
    assert finding.code == "change-in-future" and "2035-09-22" in finding.message


def test_the_command_line_finalises_with_who_and_refuses_a_foreign_session(
    proposed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = tmp_path / "session.json"
    assert main(["calibrate", str(proposed_file), "--session", str(session), "--finalise"]) == 2
    assert "--finalise needs --by" in capsys.readouterr().err
    args = ["calibrate", str(proposed_file), "--session", str(session)]
    assert main([*args, "--finalise", "--by", "Chair"]) == 0
    out = capsys.readouterr().out
    head = load_session(session).head.digest
    assert "finalised by Chair" in out and f"Session head: {head}" in out
    other = tmp_path / "other.csv"
    other.write_text(PROPOSED.replace("E1,High,High", "E1,Low,Low"), "utf-8")
    assert main(["calibrate", str(other), "--session", str(session)]) == 2
    assert "not the ones the session was started on" in capsys.readouterr().err
    assert (
        main(["calibrate", str(other), "--session", str(session), "--allow-other-proposals"]) == 0
    )
    assert "other than the ones it was started on" in capsys.readouterr().out


NUMERIC = (
    "Employee ID,Name,Performance,Potential,Assessed by\n"
    '-0042,=Ann,5,5,M1\nE2,Bo,3,3,M1\nE3,Cy,1,1,M2\nE4,"Di, Jr",5,3,M2\n'
)
NUMERIC_CHANGES = (
    "employee_id,performance,potential,reason,by,on\n"
    "-0042,Moderate,High,evidence,Chair,22/09/2026\nE3,High,Low,evidence,Chair,22/09/2026\n"
)
SCALES = ["--performance-scale", "1-5", "--potential-scale", "1-5"]


def test_a_numeric_file_is_written_back_with_declared_numbers_only(tmp_path: Path) -> None:
    proposed, changes = tmp_path / "proposed.csv", tmp_path / "changes.csv"
    proposed.write_text(NUMERIC, encoding="utf-8")
    changes.write_text(NUMERIC_CHANGES, encoding="utf-8")
    session, out = tmp_path / "session.json", tmp_path / "calibrated.csv"
    base = ["calibrate", str(proposed), *SCALES, "--changes", str(changes), "--csv", str(out)]
    assert main([*base, "--session", str(session)]) == 2  # no numbers declared: refused
    assert not session.exists() and not out.exists()  # and nothing was written
    assert (
        main([*base, "--session", str(session), "--level-numbers", "high=5,moderate=3,low=1"]) == 0
    )
    rows = out.read_text("utf-8-sig").splitlines()
    assert rows[0] == NUMERIC.splitlines()[0]
    assert rows[1] == "-0042,=Ann,3,5,M1"  # untouched cells exactly as they were
    assert rows[2:] == ["E2,Bo,3,3,M1", "E3,Cy,5,1,M2", 'E4,"Di, Jr",5,3,M2']
    five = Banding.preset("1-5")
    again = read_workforce(out, performance=five, potential=five)
    assert again.rows_placed == 4 and not again.rejected
    calibrated = load_session(session).apply(
        read_workforce(proposed, performance=five, potential=five)
    )
    assert [again.segment_of(i) for i in again.employee_ids] == [
        calibrated.segment_of(i) for i in calibrated.employee_ids
    ]


def test_an_xlsx_file_is_written_back_as_a_workbook_with_its_formats(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Proposals"
    sheet.append(["Employee ID", "Performance", "Potential", "Assessed by", "Note"])
    for row in (["E1", "High", "High", "M1", "=1+1"], ["E2", "Low", "Low", "M1", "x"]):
        sheet.append(row)
    sheet["B2"].font = Font(bold=True)
    book.create_sheet("Other")["A1"] = "kept"
    proposed = tmp_path / "proposed.xlsx"
    book.save(proposed)
    changes = tmp_path / "changes.csv"
    changes.write_text(
        "employee_id,performance,potential,reason,by,on\nE1,Low,Moderate,why,Chair,22/09/2026\n",
        encoding="utf-8",
    )
    out = tmp_path / "calibrated.xlsx"
    args = ["calibrate", str(proposed), "--changes", str(changes)]
    assert main([*args, "--csv", str(tmp_path / "c.csv")]) == 2  # a workbook is written as one
    assert main([*args, "--calibrated-xlsx", str(out)]) == 0
    written = openpyxl.load_workbook(out)
    assert written.sheetnames == ["Proposals", "Other"] and written["Other"]["A1"].value == "kept"
    cells = written["Proposals"]
    assert (cells["B2"].value, cells["C2"].value, cells["B2"].font.bold) == (
        "Low",
        "Moderate",
        True,
    )
    assert cells["E2"].value == "=1+1" and cells["B3"].value == "Low"  # untouched as they were
    again = read_workforce(out)
    assert again.rows_placed == 2 and str(again.segment_of("E1").value) == "uncertain"


def test_level_numbers_are_checked() -> None:
    from apsperf.segmentation import parse_level_numbers

    assert parse_level_numbers("high=5, moderate=3, low=1")[Level.HIGH] == 5
    for bad, message in (
        ("high=5,moderate=3", "no number for low"),
        ("high=1,moderate=3,low=5", "higher levels need higher numbers"),
        ("high=5,high=4,low=1", "twice"),
        ("high=five,moderate=3,low=1", "not a number"),
        ("high", "LEVEL=NUMBER"),
    ):
        with pytest.raises(ValidationError, match=message):
            parse_level_numbers(bad)


def _opens_of(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that grows by one each time anything opens ``path`` (pathlib and zipfile alike)."""
    import io as io_module

    opened: list[str] = []
    real = io_module.open

    def counting(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, (str, Path)) and Path(file).resolve() == path.resolve():
            opened.append(str(file))
        return real(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(io_module, "open", counting)
    return opened


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_run_that_writes_a_copy_reads_the_proposals_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The report and the calibrated copy come from one read: the file cannot change between."""
    rows = [["Employee ID", "Performance", "Potential"], ["E1", "High", "High"]]
    rows += [["E2", "Low", "Low"]]
    proposed = tmp_path / f"proposed.{kind}"
    if kind == "csv":
        proposed.write_text("\n".join(map(",".join, rows)) + "\n", encoding="utf-8")
    else:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(proposed)
    changes = tmp_path / "changes.csv"
    changes.write_text(
        "employee_id,performance,potential,reason,by,on\nE1,Low,Moderate,why,Chair,22/09/2026\n",
        encoding="utf-8",
    )
    out = tmp_path / f"calibrated.{kind}"
    written = "--csv" if kind == "csv" else "--calibrated-xlsx"
    opened = _opens_of(proposed, monkeypatch)
    assert main(["calibrate", str(proposed), "--changes", str(changes), written, str(out)]) == 0
    assert len(opened) == 1
    monkeypatch.undo()
    again = read_workforce(out)
    assert again.rows_placed == 2 and str(again.segment_of("E1").value) == "uncertain"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_binary_stream_reads_as_its_file_does(tmp_path: Path, kind: str) -> None:
    import io

    rows = [["Employee ID", "Performance", "Potential", "Division"], ["E1", "High", "Low", "A"]]
    rows += [["E2", "Moderate", "High", "B"], ["", "High", "High", "C"]]
    path = tmp_path / f"people.{kind}"
    if kind == "csv":
        path.write_bytes(("\n".join(map(",".join, rows)) + "\n").encode("utf-16"))
    else:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    from_file = read_workforce(path)
    stream = io.BytesIO(path.read_bytes())
    from_stream = read_workforce(stream)
    assert list(from_stream.placements()) == list(from_file.placements())
    assert [r.line for r in from_stream.rejected] == [r.line for r in from_file.rejected]
    with pytest.raises(ValidationError, match="larger than the limit"):
        read_workforce(io.BytesIO(path.read_bytes()), max_bytes=10)
