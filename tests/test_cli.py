from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap

import attrs
import pytest

import apsperf
from apsperf import _cliutil
from apsperf.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"apsperf {apsperf.__version__}"


def test_segment_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", "--performance", "high", "--potential", "moderate"]) == 0
    assert capsys.readouterr().out.strip() == "High Achiever (High Performance, Moderate Potential)"


def test_segment_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", "--performance", "Medium", "--potential", "3", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["segment"] == "emerging-potential"
    assert out["label"] == "Emerging Potential"


@pytest.mark.parametrize(
    "argv",
    [
        ["segment", "--performance", "superb", "--potential", "high"],
        ["segment", "--performance", "high"],
        ["segment", "--bogus"],
        ["no-such-command"],
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        status = main(argv)
    except SystemExit as exc:
        status = int(exc.code or 0)
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "error" in err


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "apsperf", "segment", "--performance", "low", "--potential", "low"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Strongest Concern")


def test_each_command_alone_builds_the_parser_it_has_among_all() -> None:
    """A command's parser is built from its own module alone, and is the same as in the whole."""
    import argparse

    from apsperf import cli

    def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return dict(action.choices)

    every = commands(cli.build_parser())
    assert list(every) == list(cli._COMMANDS)  # the map names every command, in help order
    for name, module in cli._COMMANDS.items():
        alone = commands(cli.build_parser(name))
        assert name in alone
        assert set(alone) == {c for c, m in cli._COMMANDS.items() if m == module}
        assert alone[name].format_help() == every[name].format_help()


def _printed_by(code: str) -> str:
    """What ``code`` prints when run in a fresh interpreter (which must exit 0)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout


def test_review_does_not_import_the_other_domains() -> None:
    """``apsperf review`` starts without importing guides, agreements or maturity."""
    code = (
        "import sys; from apsperf.cli import build_parser; build_parser('review');"
        " print(sorted(m for m in sys.modules if m.startswith(('apsperf.guides',"
        " 'apsperf.agreements', 'apsperf.maturity'))))"
    )
    assert _printed_by(code).strip() == "[]"


def test_review_does_not_import_the_calibration_or_the_history() -> None:
    """The segmentation package loads each name on first use: a review runs without them."""
    code = (
        "import sys; from apsperf.cli import build_parser; build_parser('review');"
        " import apsperf.segmentation.cli._review_cli;"
        " print(sorted(m for m in sys.modules if m.endswith(('._calibration', '._history',"
        " '._moves', '._raters', '._session'))))"
    )
    assert _printed_by(code).strip() == "[]"


def test_a_json_calibration_loads_no_renderer() -> None:
    """Text, workbook and calibrated-copy renderers load when their output is asked for."""
    code = textwrap.dedent(
        """
        import contextlib, io, sys
        from apsperf.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            status = main(["calibrate", "--sample", "--format", "json"])
        names = ("._text", "._calibrated", "._calibration_workbook", "._history_text", "._pack")
        renderers = [m for m in sys.modules if m.startswith("apsperf.segmentation.render.")]
        print(status, sorted(m for m in renderers if m.endswith(names)))
        """
    )
    assert _printed_by(code).strip() == "0 []"


def test_a_command_leaves_the_collector_and_the_allocator_as_it_found_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI collects less often and has polars return memory at once while a command runs,
    and restores the caller's settings."""
    import apsperf.segmentation.cli._review_cli as review_cli

    during: list[tuple[int, int, int]] = []

    allocator: list[str | None] = []

    def print_document(value: attrs.AttrsInstance) -> None:
        during.append(gc.get_threshold())
        allocator.append(os.environ.get("_RJEM_MALLOC_CONF"))
        _cliutil.print_document(value)

    monkeypatch.setattr(review_cli, "print_document", print_document)
    monkeypatch.delenv("_RJEM_MALLOC_CONF", raising=False)
    before = gc.get_threshold()
    gc.set_threshold(512, 7, 9)
    try:
        assert main(["review", "--sample", "--format", "json"]) == 0
        assert during == [(200_000, 30, 30)]
        assert gc.get_threshold() == (512, 7, 9)
        # polars' allocator returns freed pages at once while the command runs (unless the
        # user says otherwise), and the caller's environment is left as it was.
        assert allocator == ["dirty_decay_ms:0,muzzy_decay_ms:0"]
        assert "_RJEM_MALLOC_CONF" not in os.environ
        monkeypatch.setenv("_RJEM_MALLOC_CONF", "narenas:1")
        assert main(["review", "--sample", "--format", "json"]) == 0
        assert allocator[-1] == "narenas:1" == os.environ["_RJEM_MALLOC_CONF"]
        assert gc.get_freeze_count() == 0
        assert main(["review", "no-such-file.csv"]) == 2
        assert gc.get_threshold() == (512, 7, 9)
    finally:
        gc.set_threshold(*before)
    capsys.readouterr()


def test_each_exported_class_is_named_as_the_package_however_it_is_imported() -> None:
    """A class's module name never depends on what was imported before it.

    Each module is imported directly, in a fresh interpreter, without going through the
    package's names: its classes must already be ``apsperf.segmentation``'s.
    """
    code = (
        "import importlib\n"
        "from apsperf.segmentation.model._exports import EXPORTS\n"
        "for module, names in EXPORTS.items():\n"
        "    found = importlib.import_module('apsperf.segmentation.' + module)\n"
        "    for name in names:\n"
        "        value = getattr(found, name)\n"
        "        if isinstance(value, type) and value.__module__ != 'apsperf.segmentation':\n"
        "            print(module, name, value.__module__)\n"
    )
    assert _printed_by(code) == ""


def test_the_package_names_one_list_three_ways() -> None:
    """``__all__``, the type checker's imports and ``model/_exports.py`` name the same."""
    import ast
    from pathlib import Path

    import apsperf.segmentation as package
    from apsperf.segmentation.model._exports import EXPORTS

    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    checked = {
        alias.name: node.module.removeprefix("apsperf.segmentation.")
        for block in tree.body
        if isinstance(block, ast.If)
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    exported = {name: module for module, names in EXPORTS.items() for name in names}
    assert checked == exported
    assert sorted(package.__all__) == sorted(exported)
