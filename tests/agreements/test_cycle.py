from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.agreements import PerformanceCycle, financial_year
from apsperf.agreements._cycle import long_date, parse_date
from apsperf.testing._agreements import performance_cycles


def test_financial_year_runs_first_of_july_to_thirtieth_of_june() -> None:
    cycle = financial_year(2025)
    assert cycle == PerformanceCycle(start=dt.date(2025, 7, 1), end=dt.date(2026, 6, 30))
    assert cycle.describe() == "1 July 2025 – 30 June 2026"
    assert cycle.days == 365
    assert financial_year(2023).days == 366  # 2024 is a leap year


@given(st.integers(min_value=1, max_value=9997))
def test_every_financial_year_is_a_whole_year(year: int) -> None:
    cycle = financial_year(year)
    assert (cycle.start.month, cycle.start.day, cycle.start.year) == (7, 1, year)
    assert (cycle.end.month, cycle.end.day, cycle.end.year) == (6, 30, year + 1)
    assert financial_year(year + 1).start == cycle.end + dt.timedelta(days=1)


@pytest.mark.parametrize("year", [0, -1, 9999, "2025", 2025.0, True, None])
def test_financial_year_rejects_non_years(year: object) -> None:
    with pytest.raises(ValidationError) as info:
        financial_year(year)  # type: ignore[arg-type]
    assert info.value.path == "year"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/07/2025", dt.date(2025, 7, 1)),
        ("1/7/2025", dt.date(2025, 7, 1)),
        ("30/06/2026", dt.date(2026, 6, 30)),
        ("2025-07-01", dt.date(2025, 7, 1)),
        ("1 July 2025", dt.date(2025, 7, 1)),
        (" 12 Mar 2026 ", dt.date(2026, 3, 12)),
        ("01.07.2025", dt.date(2025, 7, 1)),
    ],
)
def test_dates_are_read_day_first(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "July 2025",
        "1 July",
        "31/02/2025",
        "13/13/2025",
        "1/7/25",
        "soon",
        "2025-02-30",
        "01/07/2025 10:30",
    ],
)
def test_incomplete_or_impossible_dates_are_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text, field="meeting")
    assert info.value.path == "meeting"


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_day_first_text_reads_back_as_the_same_date(day: dt.date) -> None:
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year:04d}") == day
    assert parse_date(long_date(day)) == day
    assert parse_date(day.isoformat()) == day


@pytest.mark.parametrize(
    "text",
    [
        "2025-26",
        "FY2025-26",
        "fy 2025-2026",
        "2025/26",
        "01/07/2025 - 30/06/2026",
        "1 July 2025 to 30 June 2026",
        "2025-07-01 – 2026-06-30",
    ],
)
def test_periods_are_parsed(text: str) -> None:
    assert PerformanceCycle.parse(text) == financial_year(2025)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("2025-27", "period"),
        ("next year", "period"),
        ("30/06/2026 - 01/07/2025", "period.end"),
        ("01/07/2025 - 31/02/2026", "period.end"),
        ("soon - 30/06/2026", "period.start"),
    ],
)
def test_bad_periods_name_the_field(text: str, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        PerformanceCycle.parse(text)
    assert info.value.path == path


@pytest.mark.parametrize(
    ("start", "end", "path"),
    [
        (dt.date(2025, 7, 1), dt.date(2025, 7, 1), "end"),
        (dt.date(2025, 7, 1), dt.date(2025, 6, 30), "end"),
        ("2025-07-01", dt.date(2026, 6, 30), "start"),
        (dt.date(2025, 7, 1), dt.datetime(2026, 6, 30), "end"),
    ],
)
def test_period_end_must_follow_start(start: object, end: object, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        PerformanceCycle(start=start, end=end)  # type: ignore[arg-type]
    assert info.value.path == path


@given(performance_cycles(), st.dates())
def test_a_cycle_contains_exactly_the_days_between_its_ends(
    cycle: PerformanceCycle, day: dt.date
) -> None:
    assert (day in cycle) == (cycle.start <= day <= cycle.end)
    assert cycle.days == (cycle.end - cycle.start).days + 1 >= 2
