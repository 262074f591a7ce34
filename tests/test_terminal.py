from __future__ import annotations

import io
import json
import sys

from hypothesis import given
from hypothesis import strategies as st

from apsperf._terminal import _UNSAFE, SafeStream, neutralise, safe_standard_streams

ATTACKS = [
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 link spoofing
    "\x1b]0;owned\x07",  # window title
    "\x1b[2J\x1b[H",  # clear screen
    "\x9b31m",  # C1 CSI
    "safe\rOVERWRITTEN",
    "abc\u202edcba",  # right-to-left override
    "name\ud800",  # lone surrogate from a file name
]


def test_each_attack_is_shown_not_obeyed() -> None:
    for attack in ATTACKS:
        shown = neutralise(attack)
        assert not _UNSAFE.search(shown), attack
        assert "\\u" in shown


def test_line_breaks_tabs_and_ordinary_text_stay() -> None:
    text = "Top Talent\tJosé Ngā\nsecond line ‘quoted’ – 中文"
    assert neutralise(text) == text


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    assert not _UNSAFE.search(neutralise(text))


@given(st.text())
def test_neutralised_json_is_the_same_json(text: str) -> None:
    document = json.dumps({"answer": text}, ensure_ascii=False)
    assert json.loads(neutralise(document)) == {"answer": text}


def test_standard_streams_are_neutralised_within_the_block() -> None:
    captured = io.StringIO()
    saved = sys.stdout
    sys.stdout = captured
    try:
        with safe_standard_streams():
            print("\x1b[2Jhello")
        print("\x1b")
    finally:
        sys.stdout = saved
    assert captured.getvalue() == "\\u001b[2Jhello\n\x1b\n"


def test_safe_stream_reports_what_it_was_given() -> None:
    inner = io.StringIO()
    stream = SafeStream(inner)
    assert stream.write("\x07") == 1
    assert inner.getvalue() == "\\u0007"


# --- colour -----------------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_that_wants_it() -> None:
    from apsperf._terminal import colour_enabled

    tty, pipe = _Tty(), io.StringIO()
    assert colour_enabled(tty, {"TERM": "xterm-256color"})
    assert not colour_enabled(pipe, {"TERM": "xterm-256color"})
    assert not colour_enabled(tty, {"TERM": "dumb"})
    assert not colour_enabled(tty, {"TERM": "xterm", "NO_COLOR": "1"})
    assert colour_enabled(tty, {"TERM": "xterm", "NO_COLOR": ""})  # empty means unset
    assert colour_enabled(pipe, {"FORCE_COLOR": "1"})
    assert not colour_enabled(pipe, {"FORCE_COLOR": "0"})
    assert not colour_enabled(tty, {"FORCE_COLOR": "1", "NO_COLOR": "1"})


def _run_review(env: dict[str, str], *, tty: bool) -> str:
    """``apsperf review --sample`` in a child process, its stdout a terminal or a pipe."""
    import os
    import subprocess

    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    command = [sys.executable, "-m", "apsperf", "review", "--sample", "--by", "Division"]
    if not tty:
        done = subprocess.run(
            command, env={**base, **env}, capture_output=True, text=True, check=True
        )
        return done.stdout
    import pty

    leader, follower = pty.openpty()
    child = subprocess.Popen(
        command, env={**base, **env}, stdout=follower, stderr=subprocess.DEVNULL
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert child.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_the_review_is_coloured_on_a_terminal_and_never_in_a_pipe() -> None:
    on_terminal = _run_review({"TERM": "xterm-256color"}, tty=True)
    assert "\x1b[1;32mTop Talent\x1b[0m" in on_terminal
    assert "Top Talent" in _run_review({"TERM": "xterm-256color"}, tty=False)
    assert "\x1b" not in _run_review({"TERM": "xterm-256color"}, tty=False)
    assert "\x1b" not in _run_review({"TERM": "xterm-256color", "NO_COLOR": "1"}, tty=True)
    assert "\x1b" not in _run_review({"TERM": "dumb"}, tty=True)
    assert "\x1b[" in _run_review({"FORCE_COLOR": "1"}, tty=False)
