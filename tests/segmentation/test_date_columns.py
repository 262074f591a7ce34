"""One date format per column, and no date problem ever drops a person (issue 13, item 5).

A date column is read in one format judged from all its dates: day first (Australian)
unless its dates only make sense month first; year-first text reads the same either way.
A date that is not one is a finding on its row; the person is placed without it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError, dates
from apsperf.cli import main
from apsperf.segmentation import (
    Columns,
    Segment,
    Workforce,
    read_workforce,
    review,
    review_html,
    workforce_from_rows,
)
from apsperf.segmentation.io import _builder, _csv_text, _date_columns

HEADER = "Employee ID,Performance,Potential,Assessed on\n"


def read(text: str, **options: Any) -> Workforce:
    return read_workforce(io.StringIO(text, newline=""), **options)


def assessed(workforce: Workforce) -> dict[str, dt.date | None]:
    return {p.employee_id: p.assessed_on for p in workforce.placements()}


def codes(workforce: Workforce) -> list[tuple[str, str]]:
    return [(f.code, f.path) for f in workforce.findings]


def test_the_issue_file_places_everyone() -> None:
    """Before: E1 and E2 rejected. A bad date and a month-first file drop nobody."""
    workforce = read(
        HEADER + "E1,high,high,31/02/2025\nE2,low,low,07/31/2025\nE3,high,low,01/02/2025\n"
    )
    assert workforce.rows_read == workforce.rows_placed == 3
    assert workforce.rejected == ()
    assert assessed(workforce) == {
        "E1": None,
        "E2": dt.date(2025, 7, 31),
        "E3": dt.date(2025, 1, 2),  # the column is month first, so 01/02 is 2 January
    }
    assert codes(workforce) == [
        ("dates-read-month-first", "Assessed on"),
        ("date-unreadable", "line 2, Assessed on"),
    ]
    month_first, bad = workforce.findings
    assert month_first.severity.value == "warning" and "'07/31/2025'" in month_first.message
    assert "'31/02/2025' is not a calendar date" in bad.message
    assert workforce.segment_of("E1") is Segment.TOP_TALENT


def test_day_first_is_the_default() -> None:
    workforce = read(HEADER + "E1,high,high,13/01/2025\nE2,low,low,01/02/2025\n")
    assert assessed(workforce) == {"E1": dt.date(2025, 1, 13), "E2": dt.date(2025, 2, 1)}
    assert workforce.findings == ()


def test_a_column_that_reads_either_way_is_day_first_with_an_info() -> None:
    workforce = read(HEADER + "E1,high,high,01/02/2025\nE2,low,low,12/11/2025\n")
    assert assessed(workforce) == {"E1": dt.date(2025, 2, 1), "E2": dt.date(2025, 11, 12)}
    (finding,) = workforce.findings
    assert (finding.code, finding.severity.value, finding.path) == (
        "dates-read-day-first",
        "info",
        "Assessed on",
    )
    assert "read day first" in finding.message


@pytest.mark.parametrize(
    "cells",
    [["2025-07-31", "2025-01-02"], ["1 July 2025", "2025/7/1"], ["05/05/2025", "2025-05-05"]],
    ids=["iso", "words", "same-either-way"],
)
def test_year_first_and_words_need_no_finding(cells: list[str]) -> None:
    rows = "".join(f"E{n},high,high,{cell}\n" for n, cell in enumerate(cells))
    workforce = read(HEADER + rows)
    assert workforce.findings == ()
    assert None not in assessed(workforce).values()


def test_year_first_text_does_not_stop_a_month_first_column() -> None:
    workforce = read(
        HEADER + "E1,high,high,2025-03-04\nE2,low,low,07/31/2025\nE3,low,low,03/04/2025\n"
    )
    assert assessed(workforce) == {
        "E1": dt.date(2025, 3, 4),
        "E2": dt.date(2025, 7, 31),
        "E3": dt.date(2025, 3, 4),
    }
    assert codes(workforce) == [("dates-read-month-first", "Assessed on")]


def test_a_column_mixing_both_orders_is_day_first_and_names_the_odd_rows() -> None:
    workforce = read(
        HEADER + "E1,high,high,13/01/2025\nE2,low,low,01/13/2025\nE3,low,low,02/03/2025\n"
    )
    assert assessed(workforce) == {
        "E1": dt.date(2025, 1, 13),
        "E2": None,
        "E3": dt.date(2025, 3, 2),
    }
    assert codes(workforce) == [("date-unreadable", "line 3, Assessed on")]
    assert "only makes sense month first" in workforce.findings[0].message


def test_each_date_column_has_its_own_format() -> None:
    text = (
        "Employee ID,Performance,Potential,Assessed on,Aspiration conversation date\n"
        "E1,high,high,07/31/2025,13/06/2025\nE2,low,low,01/02/2025,01/02/2025\n"
    )
    people = {p.employee_id: p for p in read(text).placements()}
    assert people["E2"].assessed_on == dt.date(2025, 1, 2)
    assert people["E2"].aspiration_conversation_on == dt.date(2025, 2, 1)


@pytest.mark.parametrize("strict", [False, True])
def test_no_date_problem_rejects_a_row_even_when_strict(strict: bool) -> None:
    bad = ["31/02/2025", "July", "x" * 500, "2025-13-45", "  ", "1/1/25", "=1+1", "\x00"]
    rows = "".join(f"E{n},high,low,{cell}\n" for n, cell in enumerate(bad))
    workforce = read(HEADER + rows, strict=strict)
    assert workforce.rows_placed == workforce.rows_read == len(bad)
    assert set(assessed(workforce).values()) == {None}
    lines = [f.path for f in workforce.findings]
    # every bad date but the blank one (an undated row, not an error) names its line
    assert lines == [f"line {n}, Assessed on" for n in (2, 3, 4, 5, 7, 8, 9)]


def test_rows_are_rejected_only_for_what_placement_needs() -> None:
    text = HEADER + "E1,high,high,31/02/2025\n,high,high,1/1/2025\nE3,superb,high,07/31/2025\n"
    workforce = read(text)
    assert [(r.line, r.field) for r in workforce.rejected] == [
        (3, "Employee ID"),
        (4, "Performance"),
    ]
    assert workforce.rows_read == workforce.rows_placed + len(workforce.rejected)
    # a rejected row's date is never read, so it cannot turn the column month first
    assert codes(workforce) == [("date-unreadable", "line 2, Assessed on")]


def test_bad_date_findings_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_date_columns, "MAX_DATE_FINDINGS", 5)
    rows = "".join(f"E{n:03d},high,high,{n}/40/2025\n" for n in range(12))
    workforce = read(HEADER + rows)
    assert workforce.rows_placed == 12
    assert [f.path for f in workforce.findings[:5]] == [
        f"line {n}, Assessed on" for n in range(2, 7)
    ]
    (summary,) = workforce.findings[5:]
    assert summary.path == "Assessed on"
    assert "and 7 more rows" in summary.message and "12 in all" in summary.message


def test_each_spelling_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = dates.parse_date

    def counting(value: object, **options: Any) -> dt.date:
        calls.append(str(value))
        return original(value, **options)

    monkeypatch.setattr(_date_columns, "parse_date", counting)
    spellings = [f"{day}/07/2025" for day in range(1, 29)] + ["31/02/2025", "2025-07-01"]
    rows = "".join(f"E{n:05d},high,high,{spellings[n % 30]}\n" for n in range(6000))
    workforce = read(HEADER + rows)
    assert workforce.rows_placed == 6000
    assert sorted(set(calls)) == sorted(spellings)
    assert len(calls) == 2 * len(spellings)  # day first and month first, once each


def _rows_of(text: str) -> tuple[list[str], list[list[str]]]:
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    return header, rows


DATE_CELLS = [
    "1/7/2025",
    "01/07/2025",
    "13/1/2025",
    "7/31/2025",
    "07/31/2025",
    "12/11/2025",
    "2025-07-01",
    "31/2/2025",
    "1 July 2025",
    "July",
    "",
    " 2/3/2025 ",
]


@given(
    cells=st.lists(
        st.tuples(
            st.sampled_from(["E1", "E2", "E3", "E4", "", "E5", "E6", "E7"]),
            st.sampled_from(["high", "low", "2", "superb"]),
            st.sampled_from(DATE_CELLS),
            st.sampled_from(DATE_CELLS),
        ),
        max_size=25,
    ),
    columnar=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_csv_and_rows_give_the_same_findings_and_placements(
    cells: list[tuple[str, str, str, str]], columnar: bool
) -> None:
    text = "Employee ID,Performance,Potential,Assessed on,Conversation date\n" + "".join(
        f"{i},{p},{p},{a},{c}\n" for i, p, a, c in cells
    )
    header, rows = _rows_of(text)
    original = _builder._MAX_PROFILES
    if columnar:  # check column by column, as for files whose rows hardly repeat
        _builder._MAX_PROFILES = -1  # type: ignore[misc]
    try:
        from_text = read(text)
        from_rows = workforce_from_rows(rows, header=header)
        with_csv = _csv_text._read_csv_rows(
            io.StringIO(text, newline=""), Columns(), None, None, False, ""
        )
    finally:
        _builder._MAX_PROFILES = original  # type: ignore[misc]
    plain = read(text)
    for other in (from_rows, with_csv, plain):
        assert list(other.placements()) == list(from_text.placements())
        assert other.findings == from_text.findings
        assert other.rejected == from_text.rejected
        assert other.lines() == from_text.lines()
    assert from_text.rows_read == from_text.rows_placed + len(from_text.rejected)


def test_sheet_dates_and_text_dates_share_one_column() -> None:
    """A spreadsheet's real dates are year first: they never decide the column's format."""
    rows: list[list[object]] = [
        ["E1", "high", "high", dt.datetime(2025, 3, 4, 9, 30)],
        ["E2", "low", "low", "07/31/2025"],
        ["E3", "low", "low", dt.date(2025, 1, 2)],
    ]
    workforce = workforce_from_rows(
        rows, header=["Employee ID", "Performance", "Potential", "Assessed on"]
    )
    assert assessed(workforce) == {
        "E1": dt.date(2025, 3, 4),
        "E2": dt.date(2025, 7, 31),
        "E3": dt.date(2025, 1, 2),
    }
    as_text = read(
        HEADER + "E1,high,high,2025-03-04\nE2,low,low,07/31/2025\nE3,low,low,2025-01-02\n"
    )
    assert workforce.findings == as_text.findings


def test_xlsx_bad_dates_are_findings(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Performance", "Potential", "Assessed on"])
    sheet.append(["E1", "High", "High", dt.datetime(2025, 7, 1)])
    sheet.append(["E2", "Low", "Low", "31/02/2025"])
    sheet.append(["E3", "Low", "Low", "07/31/2025"])
    path = tmp_path / "people.xlsx"
    book.save(path)
    workforce = read_workforce(path)
    assert workforce.rows_placed == 3
    assert assessed(workforce)["E3"] == dt.date(2025, 7, 31)
    assert codes(workforce) == [
        ("dates-read-month-first", "Assessed on"),
        ("date-unreadable", "line 3, Assessed on"),
    ]


def test_redacted_findings_quote_no_value() -> None:
    workforce = read(HEADER + "E1,high,high,31/02/2025\nE2,low,low,07/31/2025\n", redact=True)
    assert [f.path for f in workforce.findings] == ["Assessed on", "line 2, Assessed on"]
    for finding in workforce.findings:
        assert "31/02" not in finding.message and "07/31/2025'" not in finding.message
        assert "<redacted>" in finding.message


def test_the_review_reports_findings_in_text_html_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    rows = "".join(f"E{n:02d},high,low,{n + 1}/40/2025\n" for n in range(25))
    path.write_text(HEADER + rows + "E99,low,low,07/31/2025\n", encoding="utf-8")
    page = tmp_path / "review.html"
    assert main(["review", str(path), "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert "26 rows read, 26 placed, 0 not placed" in out
    assert "Findings on reading people.csv (26):" in out
    assert "[line 2, Assessed on] (date-unreadable)" in out
    assert out.count("(date-unreadable)") == 19  # 20 shown, the month-first one first
    assert "... and 6 more (see --format json or --html)" in out
    html = page.read_text(encoding="utf-8")
    assert "Findings on reading people.csv (26)" in html and "line 26, Assessed on" in html
    assert main(["review", str(path), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    findings = document["review"]["findings"]
    assert len(findings) == 26
    assert findings[0]["code"] == "dates-read-month-first"
    assert {"code": "date-unreadable", "severity": "warning"}.items() <= findings[1].items()
    result = review(read_workforce(path))
    assert len(result.findings) == 26
    assert "date-unreadable" not in review_html(review(read(HEADER + "E1,low,low,1/7/2025\n")))


def test_month_first_never_applies_to_a_rejected_file_error() -> None:
    """A header problem still refuses the file: dates never do."""
    with pytest.raises(ValidationError, match="no column `employee_id`"):
        read("Who,Performance,Potential,Assessed on\nE1,high,high,31/02/2025\n")
