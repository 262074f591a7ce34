from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from apsperf._csvsafe import safe_cell

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@given(st.sampled_from(DANGEROUS), st.text(max_size=20))
def test_text_that_a_spreadsheet_would_run_is_neutralised(start: str, rest: str) -> None:
    assert safe_cell(start + rest) == "'" + start + rest


@given(st.text(max_size=20).filter(lambda t: not t.startswith(DANGEROUS)))
def test_other_text_is_unchanged(text: str) -> None:
    assert safe_cell(text) == text


def test_numbers_stay_numbers() -> None:
    assert safe_cell(-3) == "-3"
    assert safe_cell(2.5) == "2.5"
    assert safe_cell(None) == ""
    assert safe_cell(True) == "true"
