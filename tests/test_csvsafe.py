from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf._csvsafe import BOM, ROW_BREAKS, csv_text, safe_cell, with_bom, write_rows

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


# --- whole rows: quoting, row breaks, the byte-order mark -----------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Text leaning on what breaks CSV: every row-break character, quotes, commas, formula starts.
_HOSTILE_CHARS = st.sampled_from([*ROW_BREAKS, '"', ",", "'", " ", "\x00", *FORMULA_START])
_CELL = st.one_of(
    st.text(max_size=12),
    st.lists(st.one_of(_HOSTILE_CHARS, st.text(max_size=3)), max_size=8).map("".join),
)
_TABLE = st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(_CELL, min_size=width, max_size=width), min_size=1, max_size=5)
)


def written(table: list[list[str]], *, bom: bool = False) -> str:
    buffer = io.StringIO(newline="")
    write_rows(buffer, table[0], table[1:], bom=bom)
    return buffer.getvalue()


@given(_TABLE)
def test_every_cell_reads_back_whole_on_a_row_of_its_own(table: list[list[str]]) -> None:
    back = list(csv.reader(io.StringIO(written(table), newline="")))
    assert len(back) == len(table)
    for row, original in zip(back, table, strict=True):
        assert row == [safe_cell(c) for c in original]
        for cell, before in zip(row, original, strict=True):
            assert cell == before or cell == "'" + before  # only a guard apostrophe is added
            assert not cell.startswith(FORMULA_START), cell


def records_splitting_on_every_break(text: str) -> int:
    """Rows as a reader that ends a row at any ROW_BREAKS character outside quotes sees them."""
    records, quoted, previous = 0, False, ""
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in ROW_BREAKS and not quoted and not (previous == "\r" and char == "\n"):
            records += 1
        previous = char
    return records


@given(_TABLE)
def test_no_reader_that_respects_quotes_splits_a_row(table: list[list[str]]) -> None:
    assert records_splitting_on_every_break(written(table)) == len(table)


@settings(max_examples=40, deadline=None)
@given(_TABLE.filter(lambda t: all(not any("\x00" in c for c in r) for r in t)))
def test_pandas_reads_the_same_rows(table: list[list[str]]) -> None:
    pandas = pytest.importorskip("pandas")
    text = written(table, bom=True)
    frame = pandas.read_csv(
        io.BytesIO(text.encode("utf-8")),
        header=None,
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
        encoding="utf-8",
        engine="c",  # the default; the python engine misreads a BOM before a quote
    )
    assert len(frame) == len(table)
    assert frame.values.tolist() == [[safe_cell(c) for c in r] for r in table]


@pytest.mark.parametrize("brk", list(ROW_BREAKS))
def test_a_lone_row_break_never_starts_a_live_row(brk: str) -> None:
    text = written([["team", "note"], [f"Corp{brk}=1+41", "ok"]])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["team", "note"], [f"Corp{brk}=1+41", "ok"]]
    assert text.splitlines()[0] == "team,note"


def test_the_byte_order_mark_is_optional_and_readers_accept_it() -> None:
    with_mark = csv_text(["name"], [["José"]])
    assert with_mark.startswith(BOM) and with_mark.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert csv_text(["name"], [["José"]], bom=False) == "name\nJosé\n"
    assert with_bom(with_mark) == with_mark and with_bom("a\n") == BOM + "a\n"
    assert list(csv.reader(io.StringIO(with_mark.encode("utf-8").decode("utf-8-sig")))) == [
        ["name"],
        ["José"],
    ]


def test_non_finite_floats_are_text_and_guarded() -> None:
    assert safe_cell(float("-inf")) == "'-inf"
    assert safe_cell(float("inf")) == "inf"
    assert safe_cell(float("nan")) == "nan"
