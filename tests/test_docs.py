"""Every code example in README.md and docs/ runs.

```python blocks of one page run in order in one namespace, in a scratch folder; lines of
```console blocks that start with ``$ apsperf`` run through the command line and must exit 0
(or the status given by a trailing ``# exit N`` comment).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from apsperf.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(page: Path, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(page.read_text("utf-8")) if lang == language]


def _commands(page: Path) -> list[tuple[list[str], int]]:
    commands = []
    for body in _blocks(page, "console"):
        for line in body.splitlines():
            if line.startswith("$ apsperf "):
                command, _, comment = line[2:].partition(" # exit ")
                status = int(comment) if comment else 0
                commands.append((shlex.split(command)[1:], status))
    return commands


def test_pages_are_found() -> None:
    assert ROOT / "README.md" in PAGES


@pytest.mark.parametrize(
    "page", [p for p in PAGES if _blocks(p, "python")], ids=lambda p: str(p.relative_to(ROOT))
)
def test_python_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for index, block in enumerate(_blocks(page, "python")):
        code = compile(block, f"{page.name}[python block {index + 1}]", "exec")
        exec(code, namespace)


@pytest.mark.parametrize(
    "page", [p for p in PAGES if _commands(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_console_examples_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for argv, expected in _commands(page):
        try:
            status = main(argv)
        except SystemExit as exc:
            status = int(exc.code or 0)
        out = capsys.readouterr()
        assert status == expected, f"apsperf {shlex.join(argv)}: {out.err}"


def _quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Quick start", 1)[1]
    block = FENCE.search(section)
    assert block is not None, "the quick start has no command block"
    return [line for line in block.group(2).splitlines() if line.strip()]


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && apsperf ")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert commands[1] in ci.splitlines()


def test_quick_start_main_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(_quick_start()[0].split("&&", 1)[1])[1:]
    assert main(argv) == 0
    capsys.readouterr()
    written = [a for a in argv if a.endswith(".html")]
    for name in written:
        assert (tmp_path / name).read_text("utf-8").startswith("<!DOCTYPE html>")


def fence_problems(text: str) -> list[str]:
    """Code fences that do not balance: a closing fence with text after it, or one left open.

    Markdown renders everything after such a fence as code, and ``mkdocs build --strict``
    does not notice.
    """
    problems = []
    opened: int | None = None
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"^\s*(`{3,}|~{3,})(.*)$", line)
        if match is None:
            continue
        if opened is None:
            opened = number
        elif match.group(2).strip():
            problems.append(f"line {number}: a closing fence with text after it")
            opened = None
        else:
            opened = None
    if opened is not None:
        problems.append(f"line {opened}: a fence that is never closed")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_code_fences_balance(page: Path) -> None:
    assert fence_problems(page.read_text("utf-8")) == []


def test_an_unbalanced_fence_is_caught() -> None:
    assert fence_problems("```python\nx = 1\n``` text after\n") == [
        "line 3: a closing fence with text after it"
    ]
    assert fence_problems("```console\n$ apsperf\n") == ["line 1: a fence that is never closed"]
