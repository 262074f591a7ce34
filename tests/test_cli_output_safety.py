"""What the CLI writes and prints cannot be turned against the user."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from apsperf.cli import main


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def new_plan(path: Path, officer: str = "Alex Chen") -> None:
    argv = ["plan", "new", "--officer", officer, "--manager", "Sam Lee", "--period", "2025-26"]
    assert run([*argv, "--by", "Sam Lee", "--on", "03/07/2025", "-o", str(path)]) == 0


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text("precious", "utf-8")
    return path


def test_named_outputs_never_follow_a_link(
    tmp_path: Path, victim: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.json"
    new_plan(plan)
    link = tmp_path / "out.html"
    link.symlink_to(victim)
    commands = [
        ["review", "--sample", "--html", str(link)],
        ["review", "--sample", "--csv", str(link)],
        ["plan", "render", str(plan), "-o", str(link)],
        ["maturity", "report", "--sample", "--format", "html", "-o", str(link)],
        ["guide", "top-talent", "-o", str(link)],
    ]
    for argv in commands:
        assert run(argv) == 2, argv
        assert "symbolic link" in capsys.readouterr().err
    assert victim.read_text("utf-8") == "precious"


def test_a_named_output_is_replaced_whole(tmp_path: Path) -> None:
    report = tmp_path / "review.html"
    report.write_text("old", "utf-8")
    assert run(["review", "--sample", "--html", str(report)]) == 0
    assert report.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]  # no temporary file left


def test_a_crash_while_rendering_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.json"
    new_plan(plan)
    report = tmp_path / "report.md"
    report.write_text("last week's report", "utf-8")
    import apsperf.agreements.cli._cli as plan_cli

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(plan_cli, "render_markdown", broken, raising=False)
    monkeypatch.setattr(plan_cli, "render_html", broken, raising=False)
    assert run(["plan", "render", str(plan), "-o", str(report)]) in (2, 3)
    assert report.read_text("utf-8") == "last week's report"


def test_folder_outputs_never_replace_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "samples"
    assert run(["maturity", "samples", str(folder)]) == 0
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert run(["maturity", "samples", str(folder)]) == 2
    assert "--force" in capsys.readouterr().err
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    assert run(["maturity", "samples", str(folder), "--force"]) == 0


def test_sample_folders_never_write_through_links(
    tmp_path: Path, victim: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "samples"
    assert run(["maturity", "samples", str(folder)]) == 0
    target = sorted(folder.iterdir())[0]
    target.unlink()
    target.symlink_to(victim)
    assert run(["maturity", "samples", str(folder), "--force"]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert victim.read_text("utf-8") == "precious"
    hard = sorted(folder.iterdir())[1]
    hard.unlink()
    os.link(victim, hard)
    target.unlink()
    assert run(["maturity", "samples", str(folder), "--force"]) == 2
    assert victim.read_text("utf-8") == "precious"


def test_review_packs_refuse_existing_files_then_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "packs"
    assert run(["review", "--sample", "--packs", str(folder)]) == 0
    assert run(["review", "--sample", "--packs", str(folder)]) == 2
    assert "--force" in capsys.readouterr().err
    assert run(["review", "--sample", "--packs", str(folder), "--force"]) == 0


ESCAPES = [
    "\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\",
    "\x1b]0;owned\x07",
    "\x1b[2J",
    "\x9b1m",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_escape_sequences_from_files_never_reach_the_terminal(
    tmp_path: Path, escape: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.json"
    new_plan(plan, officer=f"Alex{escape}Chen")
    capsys.readouterr()
    for argv in (["plan", "render", str(plan)], ["plan", "check", str(plan)]):
        run(argv)
        captured = capsys.readouterr()
        for stream in (captured.out, captured.err):
            assert "\x1b" not in stream and "\x9b" not in stream and "\x07" not in stream
    workforce = tmp_path / "wf.csv"
    workforce.write_text(
        f"Employee ID,Performance,Potential,Division\nE1,{escape},high,x\n", "utf-8"
    )
    run(["review", str(workforce), "--strict"])
    captured = capsys.readouterr()
    assert "\x1b" not in captured.err + captured.out and "\x9b" not in captured.err + captured.out


def test_undecodable_output_names_are_shown_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = os.fsdecode(b"review-\xff.html")
    assert run(["review", "--sample", "--html", str(tmp_path / name)]) == 0
    captured = capsys.readouterr()
    (captured.out + captured.err).encode("utf-8")
    assert (tmp_path / name).exists()
