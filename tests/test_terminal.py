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
