"""``apsperf guide``, ``apsperf template`` and ``apsperf pack``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apsperf.cli import main
from apsperf.guides import SelfReflection, career_guide, render
from apsperf.serialization import from_json, to_json


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exc:
        status = int(exc.code or 0)
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.mark.parametrize("output", ["md", "html", "text"])
def test_guide_for_a_segment(output: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["guide", "top-talent", "--format", output], capsys)
    assert status == 0
    assert out == render(career_guide("top-talent"), output)


def test_guide_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["guide", "Well Placed", "--format", "json"], capsys)
    assert status == 0
    data = json.loads(out)
    assert data["segment"] == "well-placed"
    assert data["questions"] == list(career_guide("well-placed").questions)


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("aspiration", "Conversation starters"),
        ("leadership", "walk the talk"),
        ("all", "Strongest Concern"),
    ],
)
def test_other_guides(topic: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["guide", topic], capsys)
    assert status == 0
    assert expected in out


def test_template(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["template", "self-reflection", "--format", "md"], capsys)
    assert status == 0
    assert out.startswith("# Career Self-Reflection Template")


def test_blank_form_can_be_filled_and_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["template", "self-reflection", "--blank"], capsys)
    assert status == 0
    form = from_json(SelfReflection, out)
    filled = form.answer("leadership", "A leader who <listens>.")
    path = tmp_path / "answers.json"
    path.write_text(to_json(filled), "utf-8")
    status, out, _ = run(
        ["template", "self-reflection", "--answers", str(path), "--format", "html"], capsys
    )
    assert status == 0
    assert "A leader who &lt;listens&gt;." in out


def test_pack(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["pack", "--employee", "E042", "--performance", "high", "--potential", "low"], capsys
    )
    assert status == 0
    assert out.startswith("<!DOCTYPE html>")
    assert "E042" in out and "Proven Performer" in out and "Manager&#x27;s brief" in out


def test_pack_for_the_employee_names_the_segment_only_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["pack", "--employee", "E042", "--performance", "high", "--potential", "low"]
    status, out, _ = run([*argv, "--for", "employee", "--format", "text"], capsys)
    assert status == 0
    assert "Employee's copy" in out and "Proven Performer" not in out
    assert "Descriptors" not in out and "To note" not in out
    status, out, _ = run([*argv, "--for", "employee", "--name-segment", "--format", "md"], capsys)
    assert status == 0
    assert "Proven Performer" in out


def test_pack_aspiration_is_a_pre_read_naming_no_segment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(["pack", "--aspiration", "--employee", "E042", "--format", "text"], capsys)
    assert status == 0
    assert "Employee's pre-read: aspiration conversation for E042" in out
    assert "Why have you chosen a career in the public service?" in out
    assert "Segment" not in out
    status, out, _ = run(["pack", "--aspiration"], capsys)
    assert status == 0 and out.startswith("<!DOCTYPE html>")


def test_overlay_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    overlay = tmp_path / "agency.toml"
    overlay.write_text(
        '[overlay]\nname = "Agency"\n[segments.uncertain]\n'
        'add_questions = ["What would help most this month?"]\n',
        "utf-8",
    )
    status, out, _ = run(["guide", "uncertain", "--overlay", str(overlay)], capsys)
    assert status == 0
    assert "What would help most this month?" in out


PLACED = ["pack", "--employee", "E1", "--performance", "low", "--potential", "low"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["guide", "top-talnt"], "not a segment"),
        (["guide", "uncertain", "--overlay", "absent.toml"], "absent.toml"),
        (["guide", "uncertain", "--format", "pdf"], "invalid choice"),
        (["template", "self-reflection", "--answers", "absent.json"], "absent.json"),
        (
            ["pack", "--employee", "E1", "--performance", "superb", "--potential", "low"],
            "--performance",
        ),
        ([*PLACED, "--format", "json"], "--format"),
        (["pack", "--employee", " ", "--performance", "low", "--potential", "low"], "--employee"),
        (["pack", "--employee", "E1", "--potential", "low"], "--performance"),
        (["pack", "--aspiration", "--performance", "low"], "before assessment"),
        (["pack", "--aspiration", "--for", "employee"], "--for"),
        (["pack", "--aspiration", "--employee", " "], "--employee"),
        ([*PLACED, "--name-segment"], "--name-segment"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(argv, capsys)
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_bad_answers_file_names_the_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"schema_version": 1, "answers": [{"prompt": "x"}]}', "utf-8")
    status, _, err = run(["template", "self-reflection", "--answers", str(path)], capsys)
    assert status == 2
    assert f"{path}: answers[0].response" in err
