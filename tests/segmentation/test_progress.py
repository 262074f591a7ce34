"""Progress on a terminal while a slow read runs; nothing in a pipe."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from apsperf._terminal import Progress, SafeStream
from apsperf.cli import main


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_slow_step_shows_its_label_and_seconds_then_clears_the_line() -> None:
    screen = Terminal()
    with Progress("reading people.csv\x1b]0;x\x07", stream=SafeStream(screen), delay=0.01):
        time.sleep(0.2)
    written = screen.getvalue()
    assert written.startswith("\rreading people.csv\\u001b]0;x\\u0007 … 0 s\x1b[K")
    assert written.endswith("\r\x1b[K")


def test_a_quick_step_shows_nothing() -> None:
    screen = Terminal()
    with Progress("reading", stream=screen, delay=5):
        pass
    assert screen.getvalue() == ""


def test_nothing_is_shown_in_a_pipe() -> None:
    pipe = io.StringIO()
    with Progress("reading", stream=pipe, delay=0):
        time.sleep(0.05)
    assert pipe.getvalue() == ""


def test_review_in_a_pipe_prints_no_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Employee ID,Performance,Potential\nE1,high,low\n", encoding="utf-8")
    assert main(["review", str(path), "--format", "json"]) == 0
    assert capsys.readouterr().err == ""
