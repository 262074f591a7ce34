"""apsperf.dates: the one date parser, the financial year and the performance cycle."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import apsperf.agreements
from apsperf import ValidationError, dates
from apsperf.agreements import PerformanceManagementPlan
from apsperf.cli import main
from apsperf.dates import (
    MAX_DATE_LENGTH,
    MAX_PERIOD_LENGTH,
    PerformanceCycle,
    financial_year,
    financial_year_of,
    long_date,
    parse_date,
)
from apsperf.maturity import sample_files
from apsperf.serialization import from_json
from apsperf.testing._agreements import performance_cycles

JULY_1: dt.date = dt.date(2025, 7, 1)


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


# --- one parser, one financial year ---------------------------------------------------------


def test_agreements_re_exports_the_core_objects() -> None:
    assert apsperf.agreements.financial_year is dates.financial_year
    assert apsperf.agreements.PerformanceCycle is dates.PerformanceCycle
    assert PerformanceCycle.__module__ == "apsperf.dates"


def test_financial_year_runs_first_of_july_to_thirtieth_of_june() -> None:
    cycle = financial_year(2025)
    assert isinstance(cycle, PerformanceCycle)
    assert cycle == PerformanceCycle(start=JULY_1, end=dt.date(2026, 6, 30))
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


@given(st.dates(min_value=dt.date(1, 7, 1), max_value=dt.date(9999, 6, 30)))
def test_financial_year_of_is_the_cycle_containing_the_day(day: dt.date) -> None:
    cycle = financial_year_of(day)
    assert isinstance(cycle, PerformanceCycle)
    assert day in cycle
    assert cycle == financial_year(cycle.start.year)


@pytest.mark.parametrize(
    "day", [dt.date(1, 6, 30), dt.date(9999, 7, 1), dt.datetime(2025, 7, 1), "2025-07-01"]
)
def test_financial_year_of_rejects_what_it_cannot_place(day: object) -> None:
    with pytest.raises(ValidationError) as info:
        financial_year_of(day)  # type: ignore[arg-type]
    assert info.value.path == "day"


# --- reading dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/07/2025", JULY_1),
        ("1/7/2025", JULY_1),
        ("01-07-2025", JULY_1),
        ("01.07.2025", JULY_1),
        ("30/06/2026", dt.date(2026, 6, 30)),
        ("2025-07-01", JULY_1),
        ("2025/07/01", JULY_1),
        ("2025.07.01", JULY_1),
        ("2025-7-1", JULY_1),
        ("2025/7/1", JULY_1),
        ("1 July 2025", JULY_1),
        ("1st Jul 2025", JULY_1),
        ("1 July, 2025", JULY_1),
        (" 12 Mar  2026 ", dt.date(2026, 3, 12)),
        ("1 Sept 2025", dt.date(2025, 9, 1)),
        ("22nd SEPTEMBER 2025", dt.date(2025, 9, 22)),
        ("11th Nov 2025", dt.date(2025, 11, 11)),
        ("1 January 0099", dt.date(99, 1, 1)),
        (dt.datetime(2025, 7, 1, 10, 30), JULY_1),
        (JULY_1, JULY_1),
    ],
)
def test_year_first_is_year_first_and_the_rest_is_day_first(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "July 2025",
        "1 July",
        "2025",
        "07/2025",
        "2025-07",
        "31/02/2025",
        "13/13/2025",
        "2025/13/01",
        "2025-02-30",
        "0000-01-01",
        "1/7/25",
        "25/7/1",
        "2025/07-01",
        "01/07.2025",
        "1 Mon 2025",
        "1nd July 2025",
        "31 June 2025",
        "July 1 2025",
        "1 UTC 2025",
        "soon",
        "01/07/2025 10:30",
        "2025-07-01T00:00",
        "20250701",
        "١/٧/٢٠٢٥",  # digits other than 0-9
        "2025-07-01\x00",
        "\ud800",
        "9" * 5000,
        "1/7/" + "2" * 5000,
        "x" * (MAX_DATE_LENGTH + 1),
    ],
)
def test_partial_ambiguous_or_impossible_dates_name_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text, field="meeting")
    assert info.value.path == "meeting"


@pytest.mark.parametrize("value", [42, None, 2025.0, b"2025-07-01", ["2025-07-01"]])
def test_values_that_are_not_text_or_dates_are_validation_errors(value: object) -> None:
    with pytest.raises(ValidationError, match="expected a date"):
        parse_date(value, field="meeting")


@given(st.dates())
def test_iso_and_long_dates_read_back(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(long_date(day)) == day


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_numeric_dates_read_back_either_way_round(day: dt.date) -> None:
    # Years before 1000 have fewer than four digits written plainly, and are refused.
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}") == day
    assert parse_date(f"{day.year}/{day.month:02}/{day.day:02}") == day
    assert parse_date(f"{day.year}.{day.month}.{day.day}") == day


@given(st.text(max_size=120) | st.text(alphabet="0123456789/.- JulyFY", max_size=40))
def test_any_text_is_a_date_or_a_validation_error(text: str) -> None:
    try:
        result = parse_date(text, field="f")
    except ValidationError as error:
        assert error.path == "f"
    else:
        assert type(result) is dt.date


@given(st.text(max_size=240) | st.text(alphabet="0123456789/.- toFY–", max_size=60))
def test_any_text_is_a_period_or_a_validation_error(text: str) -> None:
    try:
        result = PerformanceCycle.parse(text)
    except ValidationError as error:
        assert error.path.startswith("period")
    else:
        assert isinstance(result, PerformanceCycle)


# --- the performance cycle -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2025-26",
        "FY2025-26",
        "fy 2025-2026",
        "2025/26",
        "2025–26",
        "01/07/2025 - 30/06/2026",
        "2025/07/01 - 2026/06/30",
        "2025.07.01 to 2026.6.30",
        "1 July 2025 to 30 June 2026",
        "1/7/2025 until 30/6/2026",
        "2025-07-01 – 2026-06-30",
        "2025-07-01—2026-06-30",
    ],
)
def test_periods_are_parsed(text: str) -> None:
    assert PerformanceCycle.parse(text) == financial_year(2025)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("2025-27", "period"),
        ("0000-01", "period"),
        ("9999-00", "period"),
        ("next year", "period"),
        ("01/07/2025 - 30/06/2026 - 30/06/2027", "period"),
        ("30/06/2026 - 01/07/2025", "period.end"),
        ("01/07/2025 - 31/02/2026", "period.end"),
        ("soon - 30/06/2026", "period.start"),
        ("1" + " " * 40000 + "x", "period"),
        ("1 " * MAX_PERIOD_LENGTH, "period"),
    ],
)
def test_bad_periods_name_the_field(text: str, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        PerformanceCycle.parse(text)
    assert info.value.path == path


def test_a_period_that_is_not_text_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="expected text"):
        PerformanceCycle.parse(2025)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "path"),
    [
        (JULY_1, JULY_1, "end"),
        (JULY_1, dt.date(2025, 6, 30), "end"),
        ("2025-07-01", dt.date(2026, 6, 30), "start"),
        (JULY_1, dt.datetime(2026, 6, 30), "end"),
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


def test_a_datetime_is_never_in_a_cycle() -> None:
    assert dt.datetime(2025, 8, 1) not in financial_year(2025)
    assert "2025-08-01" not in financial_year(2025)


# --- time grows no faster than the text ------------------------------------------------------


def _slowest_ratio(parse: Callable[[str], object], make: Callable[[int], str], n: int) -> float:
    """How much longer text four times as long takes (the best of several runs of each)."""

    def best(text: str) -> float:
        times = []
        for _ in range(5):
            began = time.perf_counter()
            for _ in range(20):
                with contextlib.suppress(ValidationError):
                    parse(text)
            times.append(time.perf_counter() - began)
        return min(times)

    small, large = make(n), make(4 * n)
    best(small)  # warm up (dateutil's first import, regular expression caches)
    return best(large) / best(small)


ADVERSARIAL = {
    "spaces before text": lambda n: "1" + " " * n + "x",
    "space dash runs": lambda n: "1" + " -" * n + "x",
    "dashes": lambda n: "1" + "–" * n + "x",
    "digits": lambda n: "9" * n,
    "separators and digits": lambda n: "1/" * n + "2025",
    "words": lambda n: "1 July " * n + "2025",
}


@pytest.mark.parametrize("make", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
@pytest.mark.parametrize("n", [40, 10_000])
def test_period_parsing_scales_linearly(make: Callable[[int], str], n: int) -> None:
    assert _slowest_ratio(PerformanceCycle.parse, make, n) < 10


@pytest.mark.parametrize("make", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
@pytest.mark.parametrize("n", [20, 10_000])
def test_date_parsing_scales_linearly(make: Callable[[int], str], n: int) -> None:
    assert _slowest_ratio(parse_date, make, n) < 10


@pytest.mark.parametrize("make", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_the_patterns_themselves_are_linear_beyond_the_length_limit(
    make: Callable[[int], str],
) -> None:
    # The length limit keeps parsing constant-time; the patterns must not need it.
    patterns = [
        dates._YEAR_FIRST.fullmatch,
        dates._DAY_FIRST.fullmatch,
        dates._WORDS.fullmatch,
        dates._FOUR_DIGIT_YEAR.search,
        dates._FINANCIAL_YEAR.fullmatch,
        dates._RANGE_SEPARATOR.split,
    ]

    def every_pattern(text: str) -> None:
        collapsed = " ".join(text.split())
        for pattern in patterns:
            pattern(collapsed)

    assert _slowest_ratio(every_pattern, make, 5_000) < 10


# --- the commands read dates the same way ----------------------------------------------------


def test_plan_new_reads_year_first_dates_year_first(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    argv = ["plan", "new", "--officer", "Alex Chen", "--by", "Sam Lee", "-o", str(path)]
    assert run([*argv, "--period", "2025/07/01 - 2026/06/30", "--on", "2025/07/01"]) == 0
    plan = from_json(PerformanceManagementPlan, path.read_text("utf-8"))
    assert plan.current.recorded_on == JULY_1
    assert plan.details.period == financial_year(2025)
    assert plan.details.period.start == JULY_1


def test_plan_new_refuses_a_partial_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["plan", "new", "--officer", "A", "--by", "B", "-o", str(tmp_path / "plan.json")]
    assert run([*argv, "--period", "2025-26", "--on", "1/7/25"]) == 2
    assert "--on" in capsys.readouterr().err
    assert not (tmp_path / "plan.json").exists()


@pytest.mark.parametrize("as_of", ["2025/07/01", "2025.07.01", "2025-7-1", "1/7/2025"])
def test_maturity_assess_accepts_the_same_dates(
    as_of: str, capsys: pytest.CaptureFixture[str]
) -> None:
    complete = next(str(f) for f in sample_files() if f.name == "agency-06.json")
    assert run(["maturity", "assess", complete, "--as-of", as_of]) == 0
    assert "Milestones as at 2025-07-01" in capsys.readouterr().out


def test_month_first_reads_numeric_text_month_first() -> None:
    assert parse_date("07/31/2025", month_first=True) == dt.date(2025, 7, 31)
    assert parse_date("7.1.2025", month_first=True) == dt.date(2025, 7, 1)
    assert parse_date("7.1.2025") == dt.date(2025, 1, 7)
    # year-first text and months in words read the same either way
    assert parse_date("2025-07-01", month_first=True) == dt.date(2025, 7, 1)
    assert parse_date("1 July 2025", month_first=True) == dt.date(2025, 7, 1)
    with pytest.raises(ValidationError, match="not a calendar date"):
        parse_date("31/07/2025", month_first=True)
    with pytest.raises(TypeError, match="month_first must be a bool"):
        parse_date("1/7/2025", month_first="yes")  # type: ignore[arg-type]
