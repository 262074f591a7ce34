"""The plain-line reader gives exactly what the csv module gives, for any text.

``read_workforce`` splits stretches of text without quotes on commas and line breaks in C
and looks each row's profile up once; everything else goes through ``csv.reader``. These
tests read arbitrary texts both ways and compare every observable result.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import Columns, Workforce, read_workforce
from apsperf.segmentation.io import _builder, _csv_text

LAYOUTS = {
    "id first": ["employee_id", "performance", "potential", "division"],
    "id last": ["division", "performance", "potential", "employee_id"],
    "id between": ["performance", "employee_id", "potential"],
    "dates and assessor": [
        "employee_id",
        "performance",
        "potential",
        "assessed_on",
        "assessed_by",
        "location",
    ],
    "two columns": ["employee_id", "performance"],
}
CELLS = {
    "employee_id": ["E1", "E2", "E3", " E4 ", "E1", "", "  ", "E5\u00a0", "=E6"],
    "performance": ["High", "low", " MED ", "2", "superb", "", "3.0"],
    "potential": ["high", "Moderate", "L", "1", "n/a", ""],
    "division": ["Policy", " Policy ", "Corporate", "", "=1+1", "Zoë"],
    "location": ["Canberra", "Hobart", ""],
    "assessed_on": ["1/7/2025", "2025-07-01", "", "31/2/2025", "July", "7/31/2025", "13/1/2025"],
    "assessed_by": ["A. Lee", "", " B. Ng "],
}
ODD = ["\r", "\r\n", '"', '"x,y"', "\n\n", "\x00", ",", " "]


def _outcome(read: Any) -> dict[str, Any] | tuple[str, str]:
    """Everything observable about a read: the workforce, or the error it raised."""
    try:
        workforce: Workforce = read()
    except ValidationError as exc:
        return ("error", str(exc))
    groups = {
        name: (workforce.group_codes(name), workforce.group_values(name))
        for name in workforce.group_names
    }
    return {
        "placements": list(workforce.placements()),
        "lines": workforce.lines(),
        "codes": workforce.segment_codes(),
        "groups": groups,
        "counts": workforce.segment_counts(),
        "rejected": workforce.rejected,
        "findings": workforce.findings,
        "rows_read": workforce.rows_read,
        "blank_lines": workforce.blank_lines,
        "lines_of": [workforce.line_of(e) for e in workforce.employee_ids],
    }


def _both(text: str, **options: Any) -> tuple[Any, Any]:
    columns = Columns(groups=options.pop("groups", None))
    plain = _outcome(
        lambda: read_workforce(io.StringIO(text, newline=""), columns=columns, **options)
    )
    with_csv = _outcome(
        lambda: _csv_text._read_csv_rows(
            io.StringIO(text, newline=""),
            columns,
            options.get("performance"),
            options.get("potential"),
            options.get("strict", False),
            "",
        )
    )
    return plain, with_csv


@st.composite
def workforce_texts(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from(sorted(LAYOUTS)))
    names = LAYOUTS[header]
    ascending = draw(st.booleans())  # identifiers mostly in order, as many exports are
    lines = [",".join(names)]
    for number in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(["row"] * 8 + ["blank", "short", "long", "odd"]))
        if kind == "blank":
            lines.append("")
            continue
        row = [draw(st.sampled_from(CELLS[name])) for name in names]
        if ascending and draw(st.integers(0, 9)):
            row[names.index("employee_id")] = f"A{number:02d}"
        if kind == "short":
            row = row[:-1]
        elif kind == "long":
            row.append("extra")
        elif kind == "odd":
            cell = draw(st.integers(0, len(row) - 1))
            row[cell] += draw(st.sampled_from(ODD))
        lines.append(",".join(row))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines)
    return text + draw(st.sampled_from(["", ending, ending * 2]))


BLOCKS = pytest.mark.parametrize(
    "block_chars", [1 << 17, 40, 7], ids=["default-blocks", "small-blocks", "tiny-blocks"]
)


@contextmanager
def _blocks(chars: int) -> Iterator[None]:
    original = _csv_text._BLOCK_CHARS
    _csv_text._BLOCK_CHARS = chars  # type: ignore[misc]
    try:
        yield
    finally:
        _csv_text._BLOCK_CHARS = original  # type: ignore[misc]


@BLOCKS
@given(text=workforce_texts(), strict=st.booleans(), groups=st.sampled_from([None, ()]))
@settings(max_examples=300, deadline=None)
def test_plain_reader_matches_the_csv_module(
    block_chars: int, text: str, strict: bool, groups: tuple[str, ...] | None
) -> None:
    with _blocks(block_chars):
        plain, with_csv = _both(text, strict=strict, groups=groups)
    assert plain == with_csv


@given(text=workforce_texts(), strict=st.booleans())
@settings(max_examples=150, deadline=None)
def test_column_by_column_checks_match(text: str, strict: bool) -> None:
    """Files whose rows hardly repeat are checked column by column: same results."""
    columns = Columns()
    plain = _outcome(lambda: read_workforce(io.StringIO(text, newline=""), strict=strict))
    original = _builder._MAX_PROFILES
    _builder._MAX_PROFILES = -1  # type: ignore[misc]
    try:
        by_column = _outcome(
            lambda: _csv_text._read_csv_rows(
                io.StringIO(text, newline=""), columns, None, None, strict, ""
            )
        )
    finally:
        _builder._MAX_PROFILES = original  # type: ignore[misc]
    assert plain == by_column


@pytest.mark.parametrize(
    "text",
    [
        "employee_id,performance,potential\r\nE1,high,high\r\nE2,low,low\r\n",
        "employee_id,performance,potential\nE1,high,high\rE2,low,low\n",
        'employee_id,performance,potential\nE1,high,high\nE2,"low",low\nE3,low,low\n',
        "employee_id,performance,potential\nE1,high,high\r\r\nE2,low,low\n",
        "\n,,\nemployee_id,performance,potential\n\nE1,high,high\n\n",
        "employee_id,performance,potential\nE1,high,high\nE1,low,low\n,high,high\nE2,x,y",
    ],
    ids=["crlf", "lone-cr", "late-quote", "cr-cr-lf", "blank-lines", "bad-rows"],
)
@BLOCKS
def test_awkward_texts_match_the_csv_module(block_chars: int, text: str) -> None:
    with _blocks(block_chars):
        plain, with_csv = _both(text)
    assert plain == with_csv


def test_over_long_line_matches_the_csv_module() -> None:
    import csv

    limit = csv.field_size_limit()
    text = "employee_id,performance,potential\nE1,high,high\nE2,low," + "x" * (limit + 1) + "\n"
    plain, with_csv = _both(text)
    assert plain == with_csv
    assert plain[0] == "error" and "longer than 131,072 characters" in plain[1]


@given(
    text=st.text(alphabet=st.sampled_from(list('ab,"\r\n\x0b\x0c\x85\u2028 ')), max_size=60),
    start=st.integers(0, 10),
    chars=st.sampled_from([1, 3, 1 << 17]),
)
def test_csv_lines_are_the_lines_of_a_file(text: str, start: int, chars: int) -> None:
    with _blocks(chars):
        lines = list(_csv_text._csv_lines(text, start))
    assert lines == list(io.StringIO(text[start:], newline=""))


@pytest.mark.parametrize(
    "columns",
    [Columns(groups=["employee_id"]), Columns(assessed_by="employee_id")],
    ids=["as-group", "as-assessor"],
)
def test_identifier_column_read_twice(columns: Columns) -> None:
    text = "employee_id,performance,potential\nE1,high,high\nE2,low,low\n"
    workforce = read_workforce(io.StringIO(text, newline=""), columns=columns)
    people = list(workforce.placements())
    seen = [p.assessed_by or p.groups.get("employee_id") for p in people]
    assert seen == ["E1", "E2"]
