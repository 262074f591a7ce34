"""One entry point renders each command's report value in each format (issue 24), and the
calibration workbook (``calibrate --xlsx``) shows what the pack shows, suppressed alike."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import (
    CalibrationReport,
    CalibrationSession,
    History,
    ReviewReport,
    calibrate,
    calibration_pack_html,
    calibration_text,
    history,
    history_html,
    history_text,
    read_changes,
    read_workforce,
    render_report,
    review,
    review_html,
    review_text,
    sample_calibration_paths,
    sample_workforce_path,
    write_calibration_xlsx,
)
from apsperf.serialization import from_json, to_json


def _printed(arguments: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(arguments) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def calibration() -> CalibrationReport:
    proposed_path, changes_path = sample_calibration_paths()
    proposed = read_workforce(proposed_path, keep=["Gender"])
    session = CalibrationSession.start(proposed, name=proposed_path.name)
    session = session.record(read_changes(changes_path), proposed)
    return calibrate(proposed, session, fairness_by=["Gender"])


def test_each_report_renders_as_its_own_functions_do(calibration: CalibrationReport) -> None:
    placed = read_workforce(sample_workforce_path(2025))
    report = ReviewReport(review=review(placed))
    assert render_report(report) == review_text(report)
    assert render_report(report, "html") == review_html(report)
    assert from_json(ReviewReport, render_report(report, "json")) == report
    assert render_report(calibration, "text") == calibration_text(calibration)
    assert render_report(calibration, "html") == calibration_pack_html(calibration)
    assert render_report(calibration, "json") == to_json(calibration)
    cycles = [read_workforce(sample_workforce_path(year)) for year in (2024, 2025)]
    result = history(cycles, labels=["2023-24", "2024-25"])
    assert render_report(result, "text") == history_text(result)
    assert render_report(result, "html") == history_html(result)
    assert from_json(History, render_report(result, "json")).people == result.people


def test_the_text_is_what_the_command_prints() -> None:
    proposed_path, changes_path = sample_calibration_paths()
    printed = _printed(["calibrate", str(proposed_path), "--changes", str(changes_path)])
    proposed = read_workforce(proposed_path)  # every column: the moves list them
    session = CalibrationSession.start(proposed, name=proposed_path.name)
    report = calibrate(proposed, session.record(read_changes(changes_path), proposed))
    # The session head differs (each run records its own time); the rest is the same text.
    assert printed.splitlines()[2:] == render_report(report).splitlines()[2:]
    assert printed.splitlines()[0] == render_report(report).splitlines()[0]


def test_a_format_a_report_has_not_is_refused(calibration: CalibrationReport) -> None:
    cycles = [read_workforce(sample_workforce_path(year)) for year in (2024, 2025)]
    with pytest.raises(ValidationError, match="renders as text, html, json, xlsx, not 'pdf'"):
        render_report(history(cycles), "pdf")  # type: ignore[call-overload]
    # A history's workbook is its per-person export: one read from a document has none.
    with pytest.raises(ValidationError, match="no per-person data"):
        render_report(from_json(History, to_json(history(cycles))), "xlsx")
    with pytest.raises(ValidationError, match="not 'pdf'"):
        render_report(calibration, "pdf")  # type: ignore[call-overload]
    with pytest.raises(ValidationError):
        render_report("a report", "text")  # type: ignore[call-overload]


def test_the_calibration_workbook_shows_the_pack_suppressed_alike(
    calibration: CalibrationReport, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = write_calibration_xlsx(calibration, tmp_path / "calibration.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "summary",
        "moves",
        "rater effects",
        "selection by Gender",
        "moves by Gender",
        "aspiration first",
        "aspiration by assessor",
        "not placed",
    ]
    summary = {row[0]: row[1] for row in book["summary"].iter_rows(values_only=True)}
    assert summary["Session head"] == calibration.session_head
    assert summary["Moves"] == len(calibration.changes)
    moves = list(book["moves"].iter_rows(values_only=True))[2:]  # after the note and heading
    listed = [p for p in calibration.people_moved if p.kind.value == "move"]
    assert [m[1] for m in moves] == [p.employee_id for p in listed]
    assert {p.employee_id for p in listed if p.in_force} == {
        c.employee_id for c in calibration.changes
    }
    raters = list(book["rater effects"].iter_rows(values_only=True))[2:]
    effects = calibration.rater_effects
    assert [r[0] for r in raters] == list(effects.assessor)
    assert [r[3] for r in raters] == pytest.approx(list(effects.performance.leniency), rel=1e-15)
    selection = list(book["selection by Gender"].iter_rows(values_only=True))[2:]
    for row, group in zip(selection, calibration.fairness[0].groups, strict=True):
        assert row[0] == group.value
        if group.suppressed:  # nothing of a hidden group is shown, not even its size
            assert all(cell is None for cell in row[2:]) and row[1] in ("<5", "suppressed")
        else:
            assert row[1:3] == (group.people, group.selected)
    aspiration = list(book["aspiration first"].iter_rows(values_only=True))[2:]
    shown = [calibration.aspiration.overall] if calibration.aspiration else []
    shown += [g for c in calibration.aspiration_by for g in c.groups]
    for row, counts in zip(aspiration, shown, strict=True):
        if counts.suppressed:
            assert all(cell is None for cell in row[2:])
        else:
            assert row[1] == counts.people
    with pytest.raises(ValidationError, match="exists"):
        write_calibration_xlsx(calibration, path, replace=False)


def test_calibrate_writes_the_workbook_with_formula_text_neutralised(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    proposed = tmp_path / "proposed.csv"
    proposed.write_text(
        "Employee ID,Performance,Potential,Assessed by\n"
        "E1,High,High,=HYPERLINK(1)\nE2,Low,Low,M2\nE3,Moderate,High,M2\n",
        encoding="utf-8",
    )
    changes = tmp_path / "changes.csv"
    changes.write_text(
        "employee_id,performance,potential,reason,by,on\n"
        "E2,Moderate,Moderate,=1+1 evidence,@Chair,22/09/2026\n",
        encoding="utf-8",
    )
    out = tmp_path / "calibration.xlsx"
    printed = _printed(
        [
            "calibrate",
            str(proposed),
            "--changes",
            str(changes),
            "--xlsx",
            str(out),
            "--format",
            "json",
        ]
    )
    assert json.loads(printed)["changes"][0]["employee_id"] == "E2"
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    moves = list(book["moves"].iter_rows(values_only=True))
    head = moves[1]
    reason, by = moves[2][head.index("Reason")], moves[2][head.index("By")]
    assert reason == "=1+1 evidence" and by == "@Chair"  # text, shown as typed
    assert moves[2][head.index("Assessor")] == "M2"
