"""Performance cycles (the period a plan or an assessment covers) and day-first dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

import attrs
from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from apsperf.errors import ValidationError

__all__ = ["PerformanceCycle", "financial_year", "parse_date"]


def check_date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: a calendar date (a datetime is not a date here)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(f"expected a date, got {type(value).__name__}", path=attribute.name)


_ISO: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_FINANCIAL_YEAR: Final = re.compile(r"(?:FY\s*)?(\d{4})\s*[-/–]\s*(\d{2}|\d{4})", re.IGNORECASE)
_RANGE_SEPARATORS: Final = re.compile(r"\s+(?:to|until|-|–|—)\s+|\s*[–—]\s*", re.IGNORECASE)
_FOUR_DIGIT_YEAR: Final = re.compile(r"(?<!\d)\d{4}(?!\d)")
_SENTINELS: Final = (dt.datetime(1904, 2, 29), dt.datetime(1911, 11, 11))


def parse_date(text: str, *, field: str = "date") -> dt.date:
    """Read a date as Australians write it: day first (``01/07/2025`` is 1 July 2025).

    ISO dates (``2025-07-01``) and written months (``1 July 2025``, ``1 Jul 2025``) are also
    accepted. Text that is not a complete date (day, month and year) raises
    :class:`~apsperf.ValidationError` naming ``field``.
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        raise ValidationError(f"expected a date as text, got {type(text).__name__}", path=field)
    cleaned = text.strip()
    if _ISO.fullmatch(cleaned):
        try:
            return dt.date.fromisoformat(cleaned)
        except ValueError:
            raise ValidationError(f"{cleaned!r} is not a calendar date", path=field) from None
    if not _FOUR_DIGIT_YEAR.search(cleaned):
        raise ValidationError(
            f"{cleaned[:40]!r} needs a four-digit year, e.g. 01/07/2025", path=field
        )
    readings = set()
    for default in _SENTINELS:
        try:
            readings.add(date_parser.parse(cleaned, dayfirst=True, default=default))
        except (ValueError, OverflowError, TypeError):
            raise ValidationError(
                f"{cleaned[:40]!r} is not a date; write it day first, e.g. 01/07/2025",
                path=field,
            ) from None
    if len(readings) != 1:
        raise ValidationError(
            f"{cleaned[:40]!r} is not a complete date (day, month and year)", path=field
        )
    reading = readings.pop()
    if reading.time() != dt.time():
        raise ValidationError(f"{cleaned[:40]!r} has a time of day; give a date only", path=field)
    return reading.date()


@attrs.frozen(kw_only=True)
class PerformanceCycle:
    """The period a plan or an assessment covers, from ``start`` to ``end`` inclusive.

    The end must fall after the start. APS and Tasmanian performance cycles usually run on
    the financial year, 1 July to 30 June: see :func:`financial_year`.
    """

    start: dt.date = attrs.field(validator=check_date)
    end: dt.date = attrs.field(validator=check_date)

    def __attrs_post_init__(self) -> None:
        if not self.end > self.start:
            raise ValidationError(f"must be after the start ({self.start.isoformat()})", path="end")

    def __contains__(self, day: object) -> bool:
        """True when ``day`` falls within the cycle (both ends included)."""
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            return False
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        """How many days the cycle covers, counting both ends."""
        return (self.end - self.start).days + 1

    def describe(self) -> str:
        """The cycle as a reader expects it: ``"1 July 2025 – 30 June 2026"``."""
        return f"{long_date(self.start)} – {long_date(self.end)}"

    @classmethod
    def parse(cls, text: str, *, field: str = "period") -> PerformanceCycle:
        """Read a cycle from text.

        Accepts a financial year (``"2025-26"``, ``"FY2025-26"``, ``"2025/2026"``) or two
        day-first dates joined by ``to`` or a dash (``"01/07/2025 - 30/06/2026"``).
        """
        if not isinstance(text, str):
            raise ValidationError(f"expected text, got {type(text).__name__}", path=field)
        cleaned = text.strip()
        year = _FINANCIAL_YEAR.fullmatch(cleaned)
        if year:
            first, second = year.group(1), year.group(2)
            following = int(first) + 1
            if second not in (str(following)[-2:], str(following)):
                raise ValidationError(
                    f"{cleaned!r} is not a financial year; the second year must follow the "
                    "first, e.g. 2025-26",
                    path=field,
                )
            return financial_year(int(first))
        parts = _RANGE_SEPARATORS.split(cleaned)
        if len(parts) != 2:
            raise ValidationError(
                f"{cleaned[:40]!r} is not a period; write e.g. 2025-26 or 01/07/2025 - 30/06/2026",
                path=field,
            )
        start = parse_date(parts[0], field=f"{field}.start")
        end = parse_date(parts[1], field=f"{field}.end")
        try:
            return cls(start=start, end=end)
        except ValidationError as error:
            raise error.within(field) from None


def financial_year(year: int) -> PerformanceCycle:
    """The financial year that starts on 1 July of ``year``: 1 July ``year`` – 30 June next year.

    ``financial_year(2025)`` is the 2025-26 cycle, 1 July 2025 to 30 June 2026.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError(f"expected a year, got {type(year).__name__}", path="year")
    if not 1 <= year < 9999:
        raise ValidationError(f"{year} is not a supported year", path="year")
    start = dt.date(year, 7, 1)
    return PerformanceCycle(start=start, end=start + relativedelta(years=1, days=-1))


def long_date(day: dt.date) -> str:
    """A date written out the Australian way: ``"1 July 2025"``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
