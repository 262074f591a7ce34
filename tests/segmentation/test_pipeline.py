"""One pipeline: every command reads with the same options and accounts for every row.

``review``, ``calibrate`` and ``history`` read workforce files through one set of reading
options, put one summary per file in their report (rows read, placed and not placed, the
columns used, findings), say so in text, HTML and JSON, and exit 1 when a file has no row
that could be placed. The workforce they share is immutable and counted on its columns.
"""

from __future__ import annotations

import argparse
import io
import json
from collections import Counter
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import build_parser, main
from apsperf.segmentation import (
    CalibrationSession,
    Columns,
    InputSummary,
    RejectedRow,
    Segment,
    Workforce,
    aspiration_compliance,
    calibrate,
    group_rejections,
    rater_effects,
    read_workforce,
)
from apsperf.testing import workforces

COMMANDS = ("review", "calibrate", "history")

AGENCY = (
    "Staff No;Perf Rating;Pot Rating;Reviewer;Division\n"
    "001;Fully effective;Ready now;M1;Policy\n"
    "002;Exceeds;Ready later;M1;Policy\n"
    "003;Does not meet;Ready later;M2;Corporate\n"
    "004;Exceeds;Ready now;M2;Corporate\n"
)
LABELS = (
    '[performance]\n"Fully effective" = "moderate"\n"Exceeds" = "high"\n'
    '"Does not meet" = "low"\n'
    '[potential]\n"Ready now" = "high"\n"Ready later" = "moderate"\n'
)
OPTIONS = [
    "--employee-id-column",
    "Staff No",
    "--performance-column",
    "Perf Rating",
    "--potential-column",
    "Pot Rating",
    "--assessor-column",
    "Reviewer",
    "--delimiter",
    ";",
    "--encoding",
    "cp1252",
]


def _arguments(command: str, path: Path) -> list[str]:
    """The command's arguments for one file (history reads it as two cycles)."""
    return [command, str(path)] + ([str(path)] if command == "history" else [])


def _reading_options(command: str) -> set[str]:
    parser = build_parser(command)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[
        command
    ]
    group = next(g for g in sub._action_groups if g.title == "reading workforce files")
    return {option for action in group._group_actions for option in action.option_strings}


def test_every_command_that_reads_a_workforce_takes_the_same_reading_options() -> None:
    options = [_reading_options(command) for command in COMMANDS]
    assert options[0] == options[1] == options[2]
    assert {"--labels", "--sheet", "--encoding", "--delimiter", "--strict"} <= options[0]
    assert {"--assessor-column", "--aspiration-column", "--assessed-on-column"} <= options[0]
    assert {"--performance-scale", "--potential-bands", "--max-bytes"} <= options[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_agency_export_reads_the_same_in_every_command(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "agency.csv"
    path.write_bytes(AGENCY.encode("cp1252"))
    labels = tmp_path / "labels.toml"
    labels.write_text(LABELS, encoding="utf-8")
    status = main(
        [*_arguments(command, path), *OPTIONS, "--labels", str(labels), "--format", "json"]
    )
    assert status == 0, capsys.readouterr().err
    document = json.loads(capsys.readouterr().out)
    inputs = document["inputs"]
    assert inputs and all(i["rows_read"] == 4 and i["rows_placed"] == 4 for i in inputs)
    assert inputs[0]["columns"]["performance"] == "Perf Rating"
    assert inputs[0]["columns"]["assessed_by"] == "Reviewer"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_with_no_row_placed_is_reported_and_exits_1(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "agency.csv"
    path.write_bytes(AGENCY.encode("cp1252"))
    assert main([*_arguments(command, path), *OPTIONS]) == 1
    out = capsys.readouterr().out
    assert "4 rows read, 0 placed, 4 not placed" in out
    # Grouped by distinct value and column: three values of Perf Rating, one line each.
    assert "×2 [Perf Rating]: 'Exceeds' is not a level" in out
    assert "error: no row of the" in out and "could be placed" in out
    assert main([*_arguments(command, path), *OPTIONS, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    codes = [f["code"] for f in document["inputs"][0]["findings"]]
    assert "no-rows-placed" in codes


@pytest.mark.parametrize("command", COMMANDS)
def test_html_accounts_for_every_row(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "Employee ID,Performance,Potential,Assessed by\n"
        "E1,High,High,A1\nE2,Superb,Low,A1\nE3,Low,Low,A2\nE3,Low,Low,A2\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    assert main([*_arguments(command, path), "--html", str(page)]) == 0
    capsys.readouterr()
    html = page.read_text(encoding="utf-8")
    assert "Files read" in html and "Rows not placed in people.csv (2)" in html
    assert "&#x27;Superb&#x27; is not a level" in html or "'Superb' is not a level" in html
    assert "duplicate employee id" in html


def test_history_names_cycles_with_their_own_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Employee ID,Performance,Potential\nE1,High,High\n", encoding="utf-8")
    assert main(["history", str(path), str(path), "--cycle-names", "2024, 2025"]) == 0
    assert "History over 2 cycles: 2024, 2025" in capsys.readouterr().out
    assert main(["history", str(path), str(path), "--cycle-names", "2024"]) == 2
    assert "--cycle-names: 1 names for 2 cycles" in capsys.readouterr().err
    # --labels is the label file, as in every other command
    assert main(["history", str(path), str(path), "--labels", "2024,2025"]) == 2


def test_a_missing_assessor_column_is_reported_not_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Employee ID,Performance,Potential\nE1,High,High\nE2,Low,Low\n")
    assert main(["calibrate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "no assessor column; looked for 'assessed_by'" in out
    assert "name it with --assessor-column" in out
    assert "no aspiration conversation date column" in out
    assert "Aspiration conversation first" not in out  # not "everyone missing"


def test_an_unreadable_date_is_counted_as_unreadable_never_missing() -> None:
    text = (
        "Employee ID,Performance,Potential,Assessed on,Aspiration conversation on\n"
        "E1,High,High,01/08/2025,01/07/2025\n"
        "E2,High,Low,01/08/2025,31/02/2025\n"
        "E3,Low,Low,01/08/2025,n/a\n"
        "E4,Low,Low,01/08/2025,\n"
        "E5,Low,High,,01/07/2025\n"
    )
    workforce = read_workforce(io.StringIO(text))
    overall = aspiration_compliance(workforce).overall
    assert (overall.before, overall.missing, overall.unreadable, overall.unknown) == (1, 1, 2, 1)


# -- the workforce: immutable, counted on its columns -------------------------------------


@given(workforces(max_size=30))
def test_a_workforce_is_immutable(workforce: Workforce) -> None:
    for name in ("rows_read", "rejected", "findings", "source", "columns", "_people"):
        with pytest.raises(AttributeError, match="immutable"):
            setattr(workforce, name, None)


@given(workforces(max_size=30), st.data())
def test_recoded_moves_only_the_people_named(workforce: Workforce, data: st.DataObject) -> None:
    before = list(workforce.placements())
    moves = data.draw(
        st.dictionaries(st.integers(0, max(0, len(workforce) - 1)), st.sampled_from(Segment))
        if len(workforce)
        else st.just({})
    )
    moved = workforce.recoded(moves)
    assert list(workforce.placements()) == before  # the original is untouched
    expected = [
        attrs.evolve(p, performance=moves[i].performance, potential=moves[i].potential)
        if i in moves
        else p
        for i, p in enumerate(before)
    ]
    assert list(moved.placements()) == expected
    assert moved.rows_read == workforce.rows_read and moved.rejected == workforce.rejected


@given(workforces(max_size=40))
def test_column_counts_agree_with_counting_placements(workforce: Workforce) -> None:
    fields = ["segment", "assessed_on", "assessed_by"]
    counted = workforce.counts(fields, groups=workforce.group_names)
    expected = Counter(
        (p.segment, p.assessed_on, p.assessed_by, *(p.groups[n] for n in workforce.group_names))
        for p in workforce.placements()
    )
    assert counted == dict(expected)
    assert sum(workforce.counts().values()) == len(workforce)


@given(workforces(max_size=40))
def test_rater_effects_count_each_assessors_people(workforce: Workforce) -> None:
    per = Counter(p.assessed_by for p in workforce.placements() if p.assessed_by)
    effects = rater_effects(workforce)
    flagged = sorted(e.assessor for e in effects if e.flagged)
    rest = sorted(assessor for assessor in per if assessor not in flagged)
    assert [e.assessor for e in effects] == flagged + rest  # flagged assessors first
    assert {e.assessor: e.people for e in effects} == dict(per)


def test_unknown_count_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="not a field"):
        Workforce.from_placements([]).counts(["division"])


@given(
    st.lists(st.tuples(st.sampled_from(["", "Performance"]), st.sampled_from("abc")), max_size=30)
)
def test_grouped_rejections_account_for_every_row(rows: list[tuple[str, str]]) -> None:
    rejected = [
        RejectedRow(line=n + 2, reason=f"{value!r} is not a level", field=field)
        for n, (field, value) in enumerate(rows)
    ]
    groups = group_rejections(rejected)
    assert sum(g.count for g in groups) == len(rejected)
    assert len(groups) == len(set(rows))
    assert [g.count for g in groups] == sorted((g.count for g in groups), reverse=True)


def test_a_summary_accounts_for_every_row() -> None:
    with pytest.raises(ValidationError, match="rows_placed plus"):
        InputSummary(role="workforce", rows_read=3, rows_placed=1)
    summary = InputSummary.of(Workforce.from_placements([]), "proposed")
    assert summary.failed and summary.sentence() == "0 rows read, 0 placed, 0 not placed"


def test_calibration_reports_its_proposals() -> None:
    proposed = read_workforce(
        io.StringIO("Employee ID,Performance,Potential,Assessor\nE1,High,High,A\nE2,Bad,Low,A\n")
    )
    report = calibrate(proposed, CalibrationSession())
    (summary,) = report.inputs
    assert (summary.rows_read, summary.rows_placed, summary.rows_not_placed) == (2, 1, 1)
    assert summary.columns["assessed_by"] == "Assessor"


def test_optional_fields_left_out_are_not_read() -> None:
    text = "Employee ID,Performance,Potential,Assessed by,Assessed on\nE1,High,Low,A1,31/02/2025\n"
    everything = read_workforce(io.StringIO(text))
    assert set(everything.columns) >= {"assessed_by", "assessed_on"}
    assert everything.findings  # the date that is not a date
    only = read_workforce(io.StringIO(text), columns=Columns(optional=()), keep=[])
    assert set(only.columns) == {"employee_id", "performance", "potential"}
    assert only.findings == () and only.segment_counts() == everything.segment_counts()
    named = read_workforce(
        io.StringIO(text), columns=Columns(optional=(), assessed_by="Assessed by"), keep=[]
    )
    assert set(named.columns) == {"employee_id", "performance", "potential", "assessed_by"}
    with pytest.raises(ValidationError, match="not an optional field: 'division'"):
        Columns(optional=("division",))


def test_every_review_renderer_takes_the_one_report_value() -> None:
    from apsperf.segmentation import (
        ReviewCheck,
        ReviewReport,
        check_independence,
        movement,
        review,
        review_html,
        review_text,
        sample_workforce_path,
    )
    from apsperf.segmentation.render._workbook import review_workbook

    before = read_workforce(sample_workforce_path(2024), keep=["Division"])
    now = read_workforce(sample_workforce_path(2025), keep=["Division"])
    result = review(now, by="Division")
    moved = movement(before, now)
    check = check_independence(result, "Division")
    inputs = (InputSummary.of(now, "workforce"), InputSummary.of(before, "previous"))
    report = ReviewReport(
        review=result,
        movement=moved,
        checks=(ReviewCheck(heading="By division", check=check),),
        inputs=inputs,
    )
    loose = {"moved": moved, "checks": [("By division", check)], "inputs": inputs}
    assert review_text(report) == review_text(result, **loose)  # type: ignore[arg-type]
    assert review_html(report) == review_html(result, **loose)  # type: ignore[arg-type]
    assert "previous" in review_text(report) and "Movement since" in review_text(report)
    assert review_workbook(report)[:2] == b"PK"
    with pytest.raises(TypeError, match="holds its movement"):
        review_text(report, moved=moved)


def test_two_candidate_columns_are_refused_naming_both_and_the_option() -> None:
    text = "Employee ID,Performance,Performance Rating,Potential\nE1,High,Low,Low\n"
    with pytest.raises(ValidationError) as info:
        read_workforce(io.StringIO(text))
    message = info.value.message
    assert "'Performance' and 'Performance Rating'" in message
    assert "--performance-column" in message and "Columns(performance=...)" in message
    chosen = read_workforce(io.StringIO(text), columns=Columns(performance="Performance Rating"))
    assert chosen.columns["performance"] == "Performance Rating"
    assert [p.performance.value for p in chosen.placements()] == ["low"]


@pytest.mark.parametrize(
    ("header", "field", "option"),
    [
        ("Employee ID,Staff ID,Performance,Potential", "employee_id", "--employee-id-column"),
        ("Employee ID,Potential,Potential Rating,Performance", "potential", "--potential-column"),
        (
            "Employee ID,Performance,Potential,Assessor,Assessed by",
            "assessed_by",
            "--assessor-column",
        ),
        (
            "Employee ID,Performance,Potential,Assessed on,Assessment date",
            "assessed_on",
            "--assessed-on-column",
        ),
    ],
)
def test_two_candidates_for_any_field_are_refused(header: str, field: str, option: str) -> None:
    cells = ",".join(["E1", "High", "Low", "x", "y"][: header.count(",") + 1])
    with pytest.raises(ValidationError) as info:
        read_workforce(io.StringIO(f"{header}\n{cells}\n"))
    assert f"be the {field} column" in info.value.message and option in info.value.message


@pytest.mark.parametrize(
    "command",
    [
        ["review", "--sample", "--csv", "{out}"],
        ["calibrate", "--sample", "--csv", "{out}"],
        ["calibrate", "--sample", "--fairness-csv", "{out}"],
        ["history", "--sample", "--csv", "{out}"],
    ],
    ids=["review-csv", "calibrate-out", "fairness-csv", "history-csv"],
)
def test_every_csv_file_a_command_writes_starts_with_a_byte_order_mark(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main([part.replace("{out}", str(out)) for part in command]) == 0
    capsys.readouterr()
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    assert "\ufeff" not in data[3:].decode("utf-8")
