from __future__ import annotations

import json
from pathlib import Path

import pytest

from apsperf.agreements import AssessmentResult, PerformanceManagementPlan, PlanStatus
from apsperf.cli import main
from apsperf.serialization import from_dict, from_json, to_json

from .conftest import agreed_plan


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def test_ses_scale_lists_levels_lowest_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ses", "scale"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Behaviours (lowest first):"
    assert out[1] == "  1. Unacceptable (unacceptable) [concern]"
    assert out[5] == "  5. Outstanding (outstanding)"
    assert "Outcomes (lowest first):" in out and "Overall (lowest first):" in out
    assert "  4. Strong (strong) [reward eligible]" in out


def test_ses_scale_json_loads_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(["ses", "scale", "--format", "json"]) == 0
    text = capsys.readouterr().out
    doc = json.loads(text)
    for part in ("behaviours", "outcomes", "overall"):
        assert [lv["slug"] for lv in doc[part]["levels"]] == [
            "unacceptable",
            "needs-improvement",
            "effective",
            "strong",
            "outstanding",
        ]
    custom = tmp_path / "agency.json"
    doc["overall"]["levels"][4]["label"] = "Exceptional"
    custom.write_text(json.dumps(doc), "utf-8")
    assert run(["ses", "scale", "--scales", str(custom)]) == 0
    assert "  5. Exceptional (outstanding)" in capsys.readouterr().out
    assert (
        run(["ses", "assess", "--behaviours", "5", "--outcomes", "5", "--scales", str(custom)]) == 0
    )
    assert capsys.readouterr().out.startswith("Overall: Exceptional")


def test_ses_assess_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            [
                "ses",
                "assess",
                "--behaviours",
                "needs improvement",
                "--outcomes",
                "outstanding",
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["overall"] == "needs-improvement"
    assert out["behaviour_concern"] is True
    assert out["reward_eligible"] is False
    assert out["unsatisfactory_performance"] is False
    assert out["development_area"] == "behaviours"
    assert out["policy"] == "non-compensatory"
    assert out["schema_version"] == 1
    assert "development_prompt" not in out  # it follows from development_area:
    assert "offset" in from_dict(AssessmentResult, out).development_prompt


def test_ses_assess_text_and_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            [
                "ses",
                "assess",
                "--behaviours",
                "effective",
                "--outcomes",
                "outstanding",
                "--policy",
                "midpoint",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Overall: Strong"
    assert "Eligible for reward and recognition: yes" in out
    assert "(midpoint policy)" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["ses", "assess", "--behaviours", "great", "--outcomes", "strong"],
        ["ses", "assess", "--behaviours", "strong"],
        ["ses", "assess", "--behaviours", "1", "--outcomes", "1", "--policy", "lenient"],
        ["ses", "scale", "--scales", "missing.toml"],
        ["plan", "check", "missing.json"],
        ["plan", "new", "--officer", "A", "--period", "2025-27", "--by", "B"],
        ["plan", "new", "--officer", "A", "--period", "2025-26", "--by", "B", "--on", "soon"],
        ["ses"],
        ["plan"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(argv) == 2
    err = capsys.readouterr().err
    if argv not in (["ses"], ["plan"]):
        assert len(err.strip().splitlines()) == 1
        assert "error" in err


def test_plan_new_then_check_and_render(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    assert (
        run(
            [
                "plan",
                "new",
                "--officer",
                "Alex Chen",
                "--manager",
                "Sam Lee",
                "--period",
                "01/07/2025 - 30/06/2026",
                "--by",
                "Sam Lee",
                "--on",
                "03/07/2025",
                "-o",
                str(path),
            ]
        )
        == 0
    )
    plan = from_json(PerformanceManagementPlan, path.read_text("utf-8"))
    assert plan.status is PlanStatus.DRAFT
    assert plan.details.manager_name == "Sam Lee"
    assert plan.current.recorded_on.isoformat() == "2025-07-03"
    capsys.readouterr()
    assert run(["plan", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("error: section 1 records no business/work outcomes")
    assert run(["plan", "check", str(path), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert findings[0]["severity"] == "error"
    assert run(["plan", "render", str(path)]) == 0
    rendered = capsys.readouterr().out
    assert "## Section 5:" in rendered
    assert "*How will my learning needs be met?*" in rendered  # the template's guidance
    assert "*Typically, performance agreements should contain 4-5 work outcomes" in rendered
    assert "*Senior Executive - Performance Management Plan (Stage 1), Tasmanian Government.*" in (
        rendered
    )
    html_path = tmp_path / "plan.html"
    assert run(["plan", "render", str(path), "--format", "html", "-o", str(html_path)]) == 0
    page = html_path.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "What I expect to achieve over this performance cycle" in page
    assert "<footer>" in page


def test_plan_check_passes_a_plan_without_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "plan.json"
    plan = agreed_plan()
    path.write_text(to_json(plan), "utf-8")
    assert run(["plan", "check", str(path)]) == 0
    assert capsys.readouterr().out.startswith("No findings")
    assert run(["plan", "render", str(path), "--revision", "1"]) == 0
    assert "Status: Draft (revision 1)" in capsys.readouterr().out
    assert run(["plan", "render", str(path), "--revision", "3"]) == 2


@pytest.mark.parametrize(
    "text", ["{", "[]", '{"schema_version": 1}', '{"schema_version": 1, "revisions": [1]}']
)
def test_plan_check_rejects_bad_json_with_exit_2(
    text: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, "utf-8")
    assert run(["plan", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("apsperf: error: plan.json:")
    assert len(err.strip().splitlines()) == 1


POLICY = """
[[elements]]
name = "Leading people"
kind = "behaviour"
weight = 40
[[elements]]
name = "Results driven"
kind = "outcome"
weight = 60
[[bands]]
overall = "unacceptable"
from_points = 0
[[bands]]
overall = "needs-improvement"
from_points = 190
[[bands]]
overall = "effective"
from_points = 285
[[bands]]
overall = "strong"
from_points = 375
[[bands]]
overall = "outstanding"
from_points = 465
"""


def test_ses_assess_elements(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, "utf-8")
    base = ["ses", "assess-elements", "--policy-file", str(policy)]
    assert run([*base, "--rate", "Leading people=4", "--rate", "Results driven=4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Overall: Strong\n")
    assert "  points: 400\n" in out
    assert (
        run([*base, "--rate", "Leading people=2", "--rate", "Results driven=5", "--format", "json"])
        == 0
    )
    result = from_json(AssessmentResult, capsys.readouterr().out)
    assert (result.points, result.overall) == (380, "needs-improvement")  # capped by the concern
    assert run([*base, "--rate", "Leading people=4"]) == 2
    assert "ratings.Results driven" in capsys.readouterr().err
    assert run([*base, "--rate", "Leading people"]) == 2
    assert "ELEMENT=RATING" in capsys.readouterr().err
    assert run([*base, "--rate", "Leading people=4", "--rate", "Leading people=3"]) == 2
    assert "rated twice" in capsys.readouterr().err


def test_ses_assess_unsatisfactory_trigger(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["ses", "assess", "--behaviours", "needs improvement", "--outcomes", "strong"]
    assert run(argv) == 0
    assert "Unsatisfactory performance process applies: no" in capsys.readouterr().out
    assert run([*argv, "--unsatisfactory-trigger", "needs-improvement"]) == 0
    assert "Unsatisfactory performance process applies: yes" in capsys.readouterr().out
    assert run([*argv, "--unsatisfactory-trigger", "effective", "--policy", "midpoint"]) == 2
    assert "not a concern level" in capsys.readouterr().err
