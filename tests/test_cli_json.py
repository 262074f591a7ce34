"""Every JSON document the command line prints is described by the schema of its command."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from apsperf.cli import build_parser, main
from apsperf.maturity import sample_files
from apsperf.schema import document_class, document_types, schema_for
from apsperf.serialization import SCHEMA_VERSION, from_dict

ROOT = Path(__file__).resolve().parents[1]


def _subcommands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*path, name), child
                yield from _subcommands(child, (*path, name))


def _prints_json(parser: argparse.ArgumentParser) -> bool:
    for action in parser._actions:
        if "--format" in action.option_strings and "json" in (action.choices or ()):
            return True
    return False


JSON_COMMANDS = sorted(
    "-".join(path) for path, parser in _subcommands(build_parser()) if _prints_json(parser)
)


def test_the_walk_finds_the_json_commands() -> None:
    assert set(JSON_COMMANDS) >= {
        "review",
        "segment",
        "ses-assess",
        "ses-scale",
        "maturity-assess",
        "maturity-report",
        "maturity-compare",
        "plan-check",
        "plan-verify",
        "guide",
        "template",
    }
    assert "pack" not in JSON_COMMANDS  # a pack is a page to read, never JSON


@pytest.mark.parametrize("command", JSON_COMMANDS)
def test_every_json_command_has_a_schema_of_its_name(command: str) -> None:
    assert command in document_types()
    Draft202012Validator.check_schema(schema_for(command))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("inputs")
    plan = folder / "plan.json"
    assert (
        main(
            [
                "plan",
                "new",
                "--officer",
                "A. Officer",
                "--period",
                "2025-26",
                "--by",
                "HR",
                "--on",
                "2025-07-01",
                "-o",
                str(plan),
            ]
        )
        == 0
    )
    complete = sample_files()[0]
    partial = folder / "partial.json"
    document = json.loads(complete.read_text("utf-8"))
    document["ratings"] = document["ratings"][:2]
    partial.write_text(json.dumps(document), "utf-8")
    later = folder / "later"
    later.mkdir()
    (later / "partial.json").write_text(json.dumps(document), "utf-8")
    policy = folder / "policy.toml"
    policy.write_text(
        '[[elements]]\nname = "Leading people"\nkind = "behaviour"\nweight = 50\n'
        '[[elements]]\nname = "Results"\nkind = "outcome"\nweight = 50\n'
        '[[bands]]\noverall = "unacceptable"\nfrom_points = 0\n'
        '[[bands]]\noverall = "effective"\nfrom_points = 250\n',
        "utf-8",
    )
    return {
        "plan": str(plan),
        "complete": str(complete),
        "partial": str(partial),
        "policy": str(policy),
        "samples": str(complete.parent),
        "later": str(later),
    }


RUNS: list[tuple[str, list[str], int]] = [
    ("segment", ["segment", "--performance", "3", "--potential", "2", "--format", "json"], 0),
    ("review", ["review", "--sample", "--format", "json"], 0),
    (
        "review",
        [
            "review",
            "--sample",
            "--by",
            "Division",
            "--expected",
            "top-talent=10,high-achiever=15,well-placed=50,strongest-concern=2",
            "--format",
            "json",
        ],
        0,
    ),
    ("calibrate", ["calibrate", "--sample", "--format", "json"], 0),
    ("history", ["history", "--sample", "--format", "json"], 0),
    ("ses-scale", ["ses", "scale", "--format", "json"], 0),
    (
        "ses-assess",
        ["ses", "assess", "--behaviours", "strong", "--outcomes", "1", "--format", "json"],
        0,
    ),
    (
        "ses-assess",
        [
            "ses",
            "assess",
            "--behaviours",
            "2",
            "--outcomes",
            "5",
            "--unsatisfactory-trigger",
            "needs-improvement",
            "--format",
            "json",
        ],
        0,
    ),
    (
        "ses-assess-elements",
        [
            "ses",
            "assess-elements",
            "--policy-file",
            "{policy}",
            "--rate",
            "Leading people=3",
            "--rate",
            "Results=4",
            "--format",
            "json",
        ],
        0,
    ),
    ("plan-check", ["plan", "check", "{plan}", "--format", "json"], 1),
    ("plan", ["plan", "new", "--officer", "B", "--period", "2025-26", "--by", "HR"], 0),
    ("plan-verify", ["plan", "verify", "{plan}", "--against", "{plan}", "--format", "json"], 0),
    (
        "maturity-assess",
        ["maturity", "assess", "{complete}", "--as-of", "2025-07-01", "--format", "json"],
        0,
    ),
    (
        "maturity-assess",
        ["maturity", "assess", "{partial}", "--as-of", "2025-07-01", "--format", "json"],
        1,
    ),
    ("maturity-report", ["maturity", "report", "--sample", "--format", "json"], 0),
    (
        "maturity-compare",
        ["maturity", "compare", "{samples}", "{later}", "--format", "json"],
        0,
    ),
    ("guide", ["guide", "top-talent", "--format", "json"], 0),
    ("guide-aspiration", ["guide", "aspiration", "--format", "json"], 0),
    ("guide-leadership", ["guide", "leadership", "--format", "json"], 0),
    ("guide-all", ["guide", "all", "--format", "json"], 0),
    ("template", ["template", "self-reflection", "--format", "json"], 0),
    ("template-answers", ["template", "self-reflection", "--blank"], 0),
]


def test_every_json_command_is_run_below() -> None:
    assert set(JSON_COMMANDS) <= {name for name, _, _ in RUNS}


@pytest.mark.parametrize(("name", "argv", "status"), RUNS, ids=[" ".join(r[1]) for r in RUNS])
def test_json_output_validates_and_loads(
    name: str,
    argv: list[str],
    status: int,
    files: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    assert main([arg.format(**files) for arg in argv]) == status
    captured = capsys.readouterr()
    document: dict[str, Any] = json.loads(captured.out)
    assert next(iter(document)) == "schema_version"
    assert document["schema_version"] == SCHEMA_VERSION
    checker = Draft202012Validator(
        schema_for(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert [e.message for e in checker.iter_errors(document)] == []
    from_dict(document_class(name), document)


def test_segment_json_is_what_the_readme_shows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", "--performance", "3", "--potential", "2", "--format", "json"]) == 0
    printed = capsys.readouterr().out
    assert printed in (ROOT / "README.md").read_text("utf-8")


# --- the last resort ------------------------------------------------------------------------


def _boom(exception: BaseException) -> Any:
    def handler(_args: argparse.Namespace) -> int:
        raise exception

    return handler


def _run_with(
    exception: BaseException, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    import apsperf.segmentation.cli._cli as segment_cli

    monkeypatch.setattr(segment_cli, "_segment", _boom(exception))
    status = main(["segment", "--performance", "1", "--potential", "1"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    "exception",
    [
        RuntimeError("something broke\nover two lines"),
        KeyError("x"),
        AttributeError("'NoneType' object has no attribute 'y'"),
        ValueError("bare value error \x1b]0;title\x07"),
        ZeroDivisionError("division by zero"),
    ],
)
def test_an_unexpected_exception_is_one_line_and_exit_3(
    exception: Exception, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run_with(exception, monkeypatch, capsys)
    assert status == 3
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"apsperf: internal error: {type(exception).__name__}: ")
    assert err.endswith("; please report this\n")
    assert "\x1b" not in err and "\x07" not in err
    assert "Traceback" not in err


def test_keyboard_interrupt_exits_130_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_with(KeyboardInterrupt(), monkeypatch, capsys) == (130, "", "")


def test_validation_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", "--performance", "superb", "--potential", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("apsperf: error: --performance:")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["ses", "assess", "--behaviours", "9" * 5000, "--outcomes", "strong"],
        ["ses", "assess", "--behaviours", "strong", "--outcomes", "9" * 5000, "--format", "json"],
        ["segment", "--performance", "9" * 5000, "--potential", "1"],
        ["maturity", "report", "--sample", "--below", "9" * 5000],
    ],
    ids=["behaviours", "outcomes", "segment", "below"],
)
def test_huge_integer_arguments_are_bad_input(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own type errors
        status = int(exc.code or 0)
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert "Traceback" not in err and "internal error" not in err


def test_huge_integer_through_the_real_command_line() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "apsperf",
            "ses",
            "assess",
            "--behaviours",
            "9" * 5000,
            "--outcomes",
            "strong",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("apsperf: error: behaviours:")


def test_output_piped_to_head_exits_quietly() -> None:
    command = (
        f"{sys.executable} -m apsperf guide all --format json | head -c 10 >/dev/null; "
        "echo status=${PIPESTATUS[0]}"
    )
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.stdout.strip() == "status=0"
    assert result.stderr == ""
