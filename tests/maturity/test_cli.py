from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
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
    argv = ["maturity", "assess", sample(COMPLETE), "--as-of", "01/09/2024", "--format", "json"]
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
            "--format",
            "json",
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
    status, out, _ = run(["maturity", "assess", sample(INCOMPLETE), "--format", "json"], capsys)
    assert status == 1
    assert json.loads(out)["missing_elements"] == ["unsatisfactory-performance"]


def test_report_runs_on_the_samples_in_one_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["maturity", "report", "--sample"], capsys)
    assert status == 0
    assert out.startswith("# SES performance maturity across agencies")
    assert f"{len(load_samples())} agencies" in out


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv", "distribution-csv", "svg"])
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


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--sample", "--format", "csv"],
        ["report", "--sample", "--format", "distribution-csv"],
        ["compare", "{folder}", "{folder}", "--format", "csv"],
    ],
)
def test_csv_files_start_with_a_byte_order_mark_and_printed_csv_does_not(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(Path(sample(COMPLETE)).parent)
    argv = ["maturity", *(folder if a == "{folder}" else a for a in argv)]
    target = tmp_path / "report.csv"
    assert run([*argv, "-o", str(target)], capsys)[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw.startswith(b"\xef\xbb\xbf" * 2)
    status, out, _ = run(argv, capsys)
    assert status == 0 and not out.startswith("\ufeff")
    assert raw.decode("utf-8-sig") == out


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
        (["maturity", "compare", "{folder}", "missing-folder"], "missing-folder"),
        (["maturity", "compare", "{empty}", "{folder}"], "OLD_DIR"),
        (["maturity", "compare", "{folder}", "{empty}"], "NEW_DIR"),
        (["maturity", "compare", "{folder}", "{broken}"], "not valid JSON"),
        (["maturity", "compare", "{folder}", "{bad}"], "ratings[0].level"),
        (["maturity", "compare", "{folder}", "{folder}", "--format", "pdf"], "--format"),
        (
            ["maturity", "compare", "{folder}", "{folder}", "--format", "distribution-csv"],
            "invalid choice: 'distribution-csv'",
        ),
        (["maturity", "compare", "{folder}"], "NEW_DIR"),
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
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "agency.json").write_text('{"agency": ', "utf-8")
    values = {
        "{sample}": sample(COMPLETE),
        "{bad}": write(tmp_path, "bad.json", bad),
        "{empty}": str(tmp_path / "empty"),
        "{broken}": str(tmp_path / "broken"),
        "{folder}": str(Path(sample(COMPLETE)).parent),
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


def two_years(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "2024", tmp_path / "2025"
    old.mkdir()
    new.mkdir()
    for file in sample_files():
        (old / file.name).write_bytes(file.read_bytes())
    samples = load_samples()
    lifted = samples[0].with_rating(
        ElementRating(element=Element.EXPECTATIONS, level=5, evidence=("Audit",))
    )
    renamed = attrs.evolve(samples[1], agency=samples[1].agency.upper())
    for index, item in enumerate((lifted, renamed, *samples[3:])):
        moved = attrs.evolve(item, assessed_on=item.assessed_on.replace(year=2025))
        write(new, f"agency-{index:02d}.json", moved)
    return str(old), str(new)


def test_compare_two_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = two_years(tmp_path)
    status, out, _ = run(["maturity", "compare", old, new], capsys)
    assert status == 0
    assert out.startswith("SES performance maturity, year on year")
    assert "Synthetic data: all 18 agencies are apsperf's invented sample" in out
    assert "Department of Coastal Affairs: expectations for behaviours and outcomes 4→5" in out
    assert "Only in 2024\n  Bureau of Settlement Statistics\n" in out
    assert "17 in both" in out  # DEPARTMENT OF REGIONAL FUTURES matched by name


@pytest.mark.parametrize("fmt", ["text", "md", "html", "csv", "svg", "json"])
def test_compare_formats(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = two_years(tmp_path)
    status, out, _ = run(["maturity", "compare", old, new, "--format", fmt], capsys)
    assert status == 0
    if fmt == "json":
        doc = json.loads(out)
        assert doc["only_in_old"] == ["Bureau of Settlement Statistics"]
        assert "Synthetic data" in doc["notices"][0]
    elif fmt == "svg":
        ET.fromstring(out)
        assert "moved up" in out
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert rows[0][0].startswith("# ") and "Synthetic data" in rows[0][0]
        assert ["Department of Coastal Affairs", "expectations", "4", "5", "up"] in rows
    else:
        assert "Department of Coastal Affairs" in out and "Synthetic data" in out


def test_compare_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = two_years(tmp_path)
    target = tmp_path / "compare.html"
    status, out, _ = run(
        ["maturity", "compare", old, new, "--format", "html", "-o", str(target)], capsys
    )
    assert status == 0
    assert out == f"wrote html comparison of 2024 and 2025 to {target}\n"
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("fmt", ["text", "md", "html", "csv", "distribution-csv", "svg"])
def test_report_on_the_samples_says_so_in_every_format(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["maturity", "report", "--sample", "--format", fmt], capsys)
    assert status == 0
    assert "Synthetic data: all 18 agencies are apsperf" in out
    assert "apsperf&#x27;s own wording" in out or "apsperf's own wording" in out


def test_assess_says_when_the_self_assessment_is_synthetic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["maturity", "assess", sample(COMPLETE), "--as-of", "2024-09-01"], capsys)
    assert status == 0
    assert "Synthetic data: the agency is apsperf's invented sample" in out
    assert "apsperf's own wording" in out
    status, out, _ = run(["maturity", "assess", sample(COMPLETE), "--format", "json"], capsys)
    assert "Synthetic data" in json.loads(out)["notices"][0]
    real = attrs.evolve(load_samples()[5], synthetic=False)
    status, out, _ = run(["maturity", "assess", write(tmp_path, "real.json", real)], capsys)
    assert status == 0
    assert "Synthetic" not in out and "apsperf's own wording" in out
