"""Dates as Australian users write them, and the APS performance cycle.

Australians write dates day first: ``01/07/2025`` is 1 July 2025. python-dateutil does the
parsing and the calendar arithmetic (imported on first use).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from apsperf.errors import ValidationError

__all__ = ["financial_year", "financial_year_of", "parse_date"]

_HAS_YEAR: Final = re.compile(r"(?<!\d)\d{4}(?!\d)")
_ISO: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMERIC: Final = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}")
_WORDS: Final = re.compile(r"\d{1,2}(st|nd|rd|th)? [A-Za-z]{3,9},? \d{4}")
_DEFAULT: Final = dt.datetime(1900, 1, 1)


def parse_date(value: object, *, field: str = "date") -> dt.date:
    """Read a calendar date the way Australian users write it.

    Accepts a :class:`datetime.date` (a datetime keeps its date), ISO ``2025-07-01``,
    day-first numeric ``1/7/2025``, ``01-07-2025`` or ``1.7.2025``, and words such as
    ``1 July 2025`` or ``1 Jul 2025``. The year must have four digits, so nothing is
    guessed. Anything else raises :class:`~apsperf.ValidationError` naming ``field``.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValidationError(f"expected a date, got {type(value).__name__}", path=field)
    text = " ".join(value.split())
    if _ISO.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(f"{value!r} is not a calendar date", path=field) from None
    if not (_NUMERIC.fullmatch(text) or _WORDS.fullmatch(text)) or not _HAS_YEAR.search(text):
        raise ValidationError(
            f"{value!r:.40} is not a date; write it day first (31/12/2025) or as ISO (2025-12-31)",
            path=field,
        )
    from dateutil import parser

    try:
        return parser.parse(text, dayfirst=True, default=_DEFAULT).date()
    except (ValueError, OverflowError):
        raise ValidationError(f"{value!r} is not a calendar date", path=field) from None


def financial_year(starting: int) -> tuple[dt.date, dt.date]:
    """The Australian financial year that starts on 1 July of ``starting``.

    ``financial_year(2025)`` is 1 July 2025 to 30 June 2026, the usual APS performance cycle.
    """
    if isinstance(starting, bool) or not isinstance(starting, int) or not 1 <= starting < 9999:
        raise ValidationError(f"expected a year, got {starting!r}", path="starting")
    from dateutil.relativedelta import relativedelta

    start = dt.date(starting, 7, 1)
    return start, start + relativedelta(years=1, days=-1)


def financial_year_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The financial year (1 July to 30 June) that contains ``day``."""
    return financial_year(day.year if day.month >= 7 else day.year - 1)
