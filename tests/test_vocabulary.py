"""One output vocabulary: ``--format``, ``-o/--output``, ``--html/--xlsx/--csv FILE``.

A command prints what ``--format`` says (``text`` by default, ``json``, ``md`` where it
applies: one spelling each), writes its one document with ``-o/--output FILE`` (``-o -``:
standard output), and names each file of a run that writes several with ``--html FILE``,
``--xlsx FILE`` or ``--csv FILE`` (``--NAME-csv`` when one run writes two of a kind). This
test walks the whole command tree, so a command that adds another spelling fails it.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from apsperf.cli import build_parser, main

OLD_SPELLINGS = {"--json", "--out", "--markdown", "--md", "--text", "--output-file", "--outfile"}
"""Spellings removed in 0.x (see the migration table in CHANGELOG.md and docs/index.md)."""

SAMPLE = resources.files("apsperf.maturity") / "samples" / "agency-01.json"

FORMATS = {"text", "json", "md", "html", "csv", "svg", "distribution-csv"}
"""The values ``--format`` may take, across commands (each command takes those it can print)."""

FILE_OPTION = re.compile(r"--(?:[a-z]+-)?(?:html|xlsx|csv)")
"""A file a run writes beside others: ``--html FILE``, ``--xlsx FILE``, ``--csv FILE``,
``--fairness-csv FILE``."""


def _commands() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    def walk(
        parser: argparse.ArgumentParser, path: str
    ) -> Iterator[tuple[str, argparse.ArgumentParser]]:
        yield path, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, f"{path} {name}".strip())

    yield from walk(build_parser(), "")


COMMANDS = [(path, parser) for path, parser in _commands() if path]


@pytest.mark.parametrize(("path", "parser"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_each_command_speaks_the_one_vocabulary(path: str, parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        spellings = set(action.option_strings)
        assert not spellings & OLD_SPELLINGS, f"{path}: {sorted(spellings & OLD_SPELLINGS)}"
        if "-o" in spellings or "--output" in spellings:
            assert spellings == {"-o", "--output"}, f"{path}: {action.option_strings}"
        if "--format" in spellings:
            assert action.choices is not None, f"{path}: --format lists its choices"
            assert set(action.choices) <= FORMATS, f"{path}: {sorted(action.choices)}"
            assert "markdown" not in action.choices
        for spelling in spellings:
            if spelling.endswith(("html", "xlsx", "csv")):
                assert FILE_OPTION.fullmatch(spelling), f"{path}: {spelling}"
                assert action.nargs is None and action.metavar in ("FILE", "DIR"), (
                    f"{path}: {spelling} names a file"
                )


def test_a_command_prints_json_with_format_json(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (
        ["segment", "--performance", "high", "--potential", "high"],
        ["review", "--sample"],
        ["calibrate", "--sample"],
        ["history", "--sample"],
        ["ses", "scale"],
        ["maturity", "assess", str(SAMPLE)],
    ):
        assert main([*command, "--format", "json"]) == 0, command
        assert capsys.readouterr().out.lstrip().startswith("{"), command
        with pytest.raises(SystemExit) as refused:
            main([*command, "--json"])
        assert refused.value.code == 2, command
        assert "unrecognized arguments: --json" in capsys.readouterr().err


def test_dash_writes_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "top-talent", "-o", "-"]) == 0
    printed = capsys.readouterr().out
    assert main(["guide", "top-talent", "-o", str(tmp_path / "guide.md")]) == 0
    assert (tmp_path / "guide.md").read_text("utf-8").strip() == printed.strip()
    assert not (tmp_path / "-").exists()


def test_each_document_has_one_schema_name() -> None:
    from apsperf import schema

    commands = {path.replace(" ", "-") for path, _ in COMMANDS}
    by_class: dict[str, list[str]] = {}
    for name, target in schema._DOCUMENT_TYPES.items():
        by_class.setdefault(target, []).append(name)
    for target, names in by_class.items():
        if len(names) > 1:  # only two commands printing the same document share a type
            assert set(names) <= commands, f"{target} has names {names}"
    assert "calibration" not in schema._DOCUMENT_TYPES
