"""Dates as Australian users write them, and the performance cycle a plan or assessment covers.

:func:`parse_date` is the one place apsperf reads a date from text. Text that starts with a
four-digit year is read year first (``2025-07-01``, ``2025/07/01``, ``2025.7.1``); other
numeric text is read day first, as Australians write it (``1/7/2025`` is 1 July 2025); and
the month may be written out (``1 July 2025``, ``1 Jul 2025``). The year always has four
digits, so nothing is guessed.

:class:`PerformanceCycle` is the period a plan or an assessment covers; APS and Tasmanian
cycles usually run on the financial year, 1 July to 30 June (:func:`financial_year`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

import attrs

from apsperf import _validators as v
from apsperf._arguments import checked
from apsperf.errors import ValidationError, _shown

__all__ = [
    "MAX_DATE_LENGTH",
    "MAX_PERIOD_LENGTH",
    "PerformanceCycle",
    "financial_year",
    "financial_year_of",
    "long_date",
    "parse_date",
]

MAX_DATE_LENGTH: Final = 100
"""The longest text :func:`parse_date` reads; longer text is refused without being read."""
MAX_PERIOD_LENGTH: Final = 200
"""The longest text :meth:`PerformanceCycle.parse` reads; longer text is refused unread."""

# Every pattern below matches text whose white space has been collapsed to single spaces,
# and none nests or overlaps quantifiers, so each runs in time linear in the text's length.
_FLAGS: Final = re.ASCII | re.IGNORECASE
_YEAR_FIRST: Final = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})", _FLAGS)
_DAY_FIRST: Final = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", _FLAGS)
_WORDS: Final = re.compile(r"(\d{1,2})(st|nd|rd|th)? ([a-z]{3,9}),? (\d{4})", _FLAGS)
_FOUR_DIGIT_YEAR: Final = re.compile(r"(?<!\d)\d{4}(?!\d)", _FLAGS)
_FINANCIAL_YEAR: Final = re.compile(r"(?:FY ?)?(\d{4}) ?[-/–] ?(\d{2}|\d{4})", _FLAGS)
_RANGE_SEPARATOR: Final = re.compile(r" (?:to|until|-) | ?[–—] ?", _FLAGS)
_HINT: Final = "write it day first (31/12/2025), year first (2025-12-31) or as 31 December 2025"


def _collapsed(value: str, *, limit: int, what: str, field: str) -> str:
    """``value`` with surrounding white space removed and inner runs made one space."""
    if len(value) > limit:
        raise ValidationError(
            f"is too long to be {what} ({len(value)} characters; at most {limit})", path=field
        )
    return " ".join(value.split())


def parse_date(value: object, *, field: str = "date", month_first: bool = False) -> dt.date:
    """Read a calendar date the way Australian users write it.

    Accepts a :class:`datetime.date` (a datetime keeps its date); year-first numeric text
    such as ``2025-07-01``, ``2025/07/01``, ``2025.07.01`` or ``2025-7-1``; day-first numeric
    text such as ``1/7/2025``, ``01-07-2025`` or ``1.7.2025``; and the month in words, as in
    ``1 July 2025``, ``1st Jul 2025`` or ``1 July, 2025``. The year must have four digits and
    the same mark must separate all three numbers. Anything else, including text longer than
    :data:`MAX_DATE_LENGTH` characters, raises :class:`~apsperf.ValidationError` naming
    ``field``.

    With ``month_first=True``, numeric text that does not start with the year is read month
    first, as in the United States (``07/31/2025`` is 31 July 2025); year-first text and
    months in words read the same either way. The workforce reader chooses this for a
    column whose dates only make sense month first.
    """
    if not isinstance(month_first, bool):
        raise TypeError(f"month_first must be a bool, not {type(month_first).__name__}")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValidationError(f"expected a date, got {type(value).__name__}", path=field)
    text = _collapsed(value, limit=MAX_DATE_LENGTH, what="a date", field=field)
    if not text:
        raise ValidationError(f"is empty; {_HINT}", path=field)
    numbers = _YEAR_FIRST.fullmatch(text)
    if numbers:
        year, _, month, day = numbers.groups()
        return _calendar_date(int(year), int(month), int(day), value, field)
    numbers = _DAY_FIRST.fullmatch(text)
    if numbers:
        day, _, month, year = numbers.groups()
        if month_first:
            day, month = month, day
        return _calendar_date(int(year), int(month), int(day), value, field)
    if not _FOUR_DIGIT_YEAR.search(text):
        raise ValidationError(
            f"{_shown(value)} is not a complete date with a four-digit year; {_HINT}", path=field
        )
    words = _WORDS.fullmatch(text)
    month = _MONTH_NUMBERS.get(words.group(3).lower()) if words else None
    if words is None or month is None:
        raise ValidationError(f"{_shown(value)} is not a date; {_HINT}", path=field)
    day_text, suffix, _, year = words.groups()
    if suffix is not None and suffix.lower() != _ordinal_suffix(int(day_text)):
        raise ValidationError(f"{_shown(value)} is not a date; {_HINT}", path=field)
    return _calendar_date(int(year), month, int(day_text), value, field)


def _calendar_date(year: int, month: int, day: int, value: str, field: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(f"{_shown(value)} is not a calendar date", path=field) from None


def _ordinal_suffix(day: int) -> str:
    """The letters written after a day of the month: 1st, 2nd, 3rd, 4th, 11th, 22nd."""
    if day % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


@attrs.frozen(kw_only=True)
class PerformanceCycle:
    """The period a plan or an assessment covers, from ``start`` to ``end`` inclusive.

    The end must fall after the start. APS and Tasmanian performance cycles usually run on
    the financial year, 1 July to 30 June: see :func:`financial_year`.
    """

    start: dt.date = attrs.field(validator=v.check_date)
    end: dt.date = attrs.field(validator=v.check_date)

    def __attrs_post_init__(self) -> None:
        if not self.end > self.start:
            raise ValidationError(f"must be after the start ({self.start.isoformat()})", path="end")

    def __contains__(self, day: object) -> bool:
        """True when ``day`` falls within the cycle (both ends included)."""
        return v.is_date(day) and self.start <= day <= self.end

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
        dates, each as :func:`parse_date` reads them, joined by ``to``, ``until`` or a dash
        (``"01/07/2025 - 30/06/2026"``, ``"2025/07/01 - 2026/06/30"``). Text longer than
        :data:`MAX_PERIOD_LENGTH` characters is refused with :class:`~apsperf.ValidationError`.
        """
        if not isinstance(text, str):
            raise ValidationError(f"expected text, got {type(text).__name__}", path=field)
        cleaned = _collapsed(text, limit=MAX_PERIOD_LENGTH, what="a period", field=field)
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
            try:
                return financial_year(int(first))
            except ValidationError as error:
                raise ValidationError(error.message, path=field) from None
        parts = _RANGE_SEPARATOR.split(cleaned)
        if len(parts) != 2:
            raise ValidationError(
                f"{_shown(cleaned)} is not a period; write e.g. 2025-26 or 01/07/2025 - 30/06/2026",
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

    ``financial_year(2025)`` is the 2025-26 cycle, 1 July 2025 to 30 June 2026, the usual APS
    performance cycle.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError(f"expected a year, got {type(year).__name__}", path="year")
    if not 1 <= year < 9999:
        raise ValidationError(f"{year} is not a supported year", path="year")
    return PerformanceCycle(start=dt.date(year, 7, 1), end=dt.date(year + 1, 6, 30))


def financial_year_of(day: dt.date) -> PerformanceCycle:
    """The financial year (1 July to 30 June) that contains ``day``."""
    day = v.require_date(day, "day")
    try:
        return financial_year(day.year if day.month >= 7 else day.year - 1)
    except ValidationError:
        raise ValidationError(
            f"{day.isoformat()} falls outside the financial years apsperf supports", path="day"
        ) from None


@checked
def long_date(day: dt.date) -> str:
    """A date written out the Australian way: ``"1 July 2025"`` (the year in four digits)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year:04d}"


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
_MONTH_NUMBERS: Final = {
    **{name.lower(): number for number, name in enumerate(_MONTHS, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(_MONTHS, start=1)},
    "sept": 9,
}
"""Month names as :func:`parse_date` reads them: in full or their first three letters."""
