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
