from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from apsperf.cli import main
from apsperf.maturity import (
    Element,
    ElementRating,
    MaturityAssessReport,
    SelfAssessment,
    load_samples,
    sample_files,
)
from apsperf.serialization import from_dict, to_json

COMPLETE = "agency-06.json"  # National Grants Integrity Agency
INCOMPLETE = "agency-05.json"  # rates four elements only


def sample(name: str) -> str:
    return str(next(f for f in sample_files() if f.name == name))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exc:
        status = int(exc.code or 0)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_assess_prints_state_focus_and_milestones(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["maturity", "assess", sample(COMPLETE), "--as-of", "01/09/2024"], capsys)
    assert status == 0
    assert "National Grants Integrity Agency" in out
    assert "Reward and recognition                    2 General acceptance" in out
    assert "Aggregate rating (weakest link): 2" in out
    assert "Reward and recognition: from level 2 to 3 Defined" in out
    assert "Milestones as at 2024-09-01" in out
    assert "[Met] Report on maturity state" in out
    assert "[Due] Completely implement" in out


def test_survey_dates_can_be_given(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["maturity", "assess", sample(COMPLETE), "--as-of", "01/09/2024", "--json"]
    status, out, _ = run(
        [*argv, "--survey-opens", "2/9/2024", "--survey-closes", "27/09/2024"], capsys
    )
    assert status == 0
    assert json.loads(out)["milestones"][2]["late"] is False
    status, out, _ = run(
        [
            *argv,
            "--survey-opens",
            "1 March 2024",
            "--survey-closes",
            "29/03/2024",
            "--implement-by",
            "30/06/2024",
        ],
        capsys,
    )
    milestones = json.loads(out)["milestones"]
    assert milestones[1]["status"] == "met"
    assert milestones[1]["late"] is True
    assert milestones[1]["met_on"] == "2024-03-31"
    assert milestones[3]["status"] == "overdue"
    status, out, _ = run(["maturity", "assess", sample(COMPLETE), "--as-of", "2024-09-01"], capsys)
    assert "(2024 Agency Survey assumed open 2024-07-01 to 2024-08-30;" in out


def test_assess_json_with_another_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        [
            "maturity",
            "assess",
            sample(COMPLETE),
            "--as-of",
            "2026-01-05",
            "--rule",
            "mean",
            "--json",
        ],
        capsys,
    )
    assert status == 0
    doc = json.loads(out)
    assert doc["schema_version"] == 1
    assert doc["missing_elements"] == []
    assert doc["rule"] == "mean"
    assert doc["as_of"] == "2026-01-05"
    assert doc["state"]["aggregate"]["rule"] == "mean"
    assert doc["state"]["aggregate"]["overall"] == pytest.approx(3.0)
    implement = doc["milestones"][3]
    assert implement["milestone"]["kind"] == "implement"
    assert (implement["status"], implement["met_on"], implement["late"]) == (
        "overdue",
        None,
        False,
    )
    report = from_dict(MaturityAssessReport, doc)
    assert report.complete
    assert report.milestones[3].summary == "overdue by 5 days (was due 2025-12-31)"


def test_incomplete_assessment_exits_1_and_says_what_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(
        ["maturity", "assess", sample(INCOMPLETE), "--as-of", "2024-09-01"], capsys
    )
    assert status == 1
    assert "Incomplete: no rating yet for unsatisfactory performance" in out
    status, out, _ = run(["maturity", "assess", sample(INCOMPLETE), "--json"], capsys)
    assert status == 1
    assert json.loads(out)["missing_elements"] == ["unsatisfactory-performance"]


def test_report_runs_on_the_samples_in_one_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["maturity", "report", "--sample"], capsys)
    assert status == 0
    assert out.startswith("# SES performance maturity across agencies")
    assert f"{len(load_samples())} agencies" in out


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "csv", "distribution-csv", "svg"])
def test_report_formats_from_a_folder(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(Path(sample(COMPLETE)).parent)
    status, out, _ = run(["maturity", "report", folder, "--format", fmt, "--below", "4"], capsys)
    assert status == 0
    if fmt == "json":
        assert json.loads(out)["threshold"] == 4
    elif fmt == "svg":
        ET.fromstring(out)
    elif fmt.endswith("csv"):
        assert len(list(csv.reader(io.StringIO(out, newline="")))) > 5
    else:
        assert "Managed" in out


def test_report_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.html"
    status, out, _ = run(
        ["maturity", "report", "--sample", "--format", "html", "-o", str(target)], capsys
    )
    assert status == 0
    assert "wrote html report on 18 agencies" in out
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_scale_prints_the_default_and_an_agency_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["maturity", "scale"], capsys)
    assert status == 0
    assert "3 Defined: The practice is documented and applied across the SES." in out
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "Ours"\n[[levels]]\nname = "One"\n', "utf-8")
    status, _, err = run(["maturity", "scale", "--scale", str(bad)], capsys)
    assert status == 2
    assert "bad.toml: levels[0].descriptions" in err


def write(tmp_path: Path, name: str, assessment: SelfAssessment) -> str:
    path = tmp_path / name
    path.write_text(to_json(assessment), "utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["maturity", "report"], "--sample"),
        (["maturity", "report", "missing-folder"], "missing-folder"),
        (["maturity", "report", "--sample", "--format", "pdf"], "--format"),
        (["maturity", "report", "--sample", "--below", "9"], "below"),
        (["maturity", "report", "--sample", "x.json"], "not both"),
        (["maturity", "assess", "nope.json"], "no such file"),
        (["maturity", "assess", "{sample}", "--as-of", "31/31/2024"], "--as-of"),
        (["maturity", "assess", "{sample}", "--scale", "nope.toml"], "nope.toml"),
        (["maturity", "assess", "{bad}"], "ratings[0].level"),
        (["maturity", "report", "{empty}"], "no self-assessment"),
        (["maturity", "assess"], "FILE"),
        (["maturity", "report", "--sample", "--rule", "max"], "--rule"),
        (["maturity", "assess", "{sample}", "--survey-opens", "soon"], "--survey-opens"),
        (
            [
                "maturity",
                "assess",
                "{sample}",
                "--survey-opens",
                "2024-09-01",
                "--survey-closes",
                "2024-08-01",
            ],
            "survey_closes",
        ),
    ],
)
def test_bad_input_is_one_line_and_exits_2(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = SelfAssessment(
        agency="Office of Examples",
        assessed_on=load_samples()[0].assessed_on,
        ratings=(ElementRating(element=Element.DEVELOPMENT, level=9),),
    )
    (tmp_path / "empty").mkdir()
    values = {
        "{sample}": sample(COMPLETE),
        "{bad}": write(tmp_path, "bad.json", bad),
        "{empty}": str(tmp_path / "empty"),
    }
    status, _, err = run([values.get(a, a) for a in argv], capsys)
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_maturity_without_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["maturity"], capsys)
    assert status == 2
    assert "assess" in out and "report" in out


def test_samples_are_copied_for_editing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "examples"
    status, out, _ = run(["maturity", "samples", str(target)], capsys)
    assert status == 0
    assert sorted(p.name for p in target.iterdir()) == [f.name for f in sample_files()]
    status, out, _ = run(["maturity", "report", str(target), "--format", "json"], capsys)
    assert json.loads(out)["agency_count"] == len(sample_files())
