"""Date columns as read: one format per column, judged from all its dates.

Day first, as Australians write dates, unless no date reads day first and some read only
month first; each distinct spelling is read once, at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import compress
from typing import Any, Final, NamedTuple

from apsperf.dates import parse_date
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity

MAX_DATE_FINDINGS: Final = 1_000
"""At most this many rows of each date column get a finding of their own for a date that is
not one; one more finding counts the rest."""


class _DateReader:
    """Keeps each distinct spelling of a date column, and reads them all at the end.

    A column's format (day first or month first) can only be told from all its dates, so
    while the file is read a profile holds the cell's text as written (one shared string
    per distinct spelling, from :attr:`spellings`), and :meth:`resolve` reads each spelling
    once, after the last row. No date ever rejects a row.
    """

    def __init__(self, field: str) -> None:
        self.field = field
        self.spellings: dict[str, str] = {"": ""}
        """Each distinct spelling to the one string kept for it (so profiles share it)."""

    def learn(self, raw: Iterable[str]) -> None:
        """Keep every spelling in ``raw`` not seen before."""
        spellings = self.spellings
        for text in set(raw).difference(spellings):
            spellings[text] = text

    def spelling(self, raw: str) -> str:
        """The string kept for ``raw``."""
        found = self.spellings.get(raw)
        if found is None:
            found = self.spellings[raw] = raw
        return found

    def resolve(self, used: Iterable[str]) -> _DateColumn:
        """Read the spellings ``used`` (by the people placed) in the column's one format.

        Day first unless no date reads day first and some read only month first; year-first
        text and months in words read the same either way. Each spelling is read once.
        """
        dates: dict[str, dt.date | None] = {}
        day_only: list[str] = []
        month_only: list[str] = []
        either: list[str] = []
        problems: dict[str, str] = {}
        field = self.field
        for text in used:
            if not text.strip():
                dates[text] = None
                continue
            try:
                day: dt.date | None = parse_date(text, field=field)
            except ValidationError as exc:
                day, reason = None, exc.message
            try:
                month: dt.date | None = parse_date(text, field=field, month_first=True)
            except ValidationError:
                month = None
            if day is None and month is None:
                problems[text] = reason
            elif month is None:
                day_only.append(text)
            elif day is None:
                month_only.append(text)
            elif day != month:
                either.append(text)
            dates[text] = day
        month_first = bool(month_only) and not day_only
        finding = None
        if month_first:
            for text in (*month_only, *either):
                dates[text] = parse_date(text, field=field, month_first=True)
            finding = Finding(
                code="dates-read-month-first",
                severity=Severity.WARNING,
                message=f"the dates in {field!r} only make sense month first (for example "
                f"{_example(month_only)!r}), so the whole column was read month first: "
                "07/31/2025 is 31 July 2025; check the export's date format",
                path=field,
            )
        else:
            for text in month_only:
                dates[text] = None
                problems[text] = (
                    f"{text.strip()[:40]!r} only makes sense month first, but the column's "
                    "other dates are day first"
                )
            if either and not day_only:
                finding = Finding(
                    code="dates-read-day-first",
                    severity=Severity.INFO,
                    message=f"every date in {field!r} reads day first or month first (no day "
                    f"or month above 12, for example {_example(either)!r}), so the column was "
                    "read day first, as Australians write dates; write dates year first "
                    "(2025-07-31) to leave no doubt",
                    path=field,
                )
        return _DateColumn(dates, finding, problems)


class _DateColumn(NamedTuple):
    """A date column as :meth:`_DateReader.resolve` read it."""

    dates: dict[str, dt.date | None]
    """Each spelling's date (``None``: blank, or not a date in the column's format)."""
    finding: Finding | None
    """What was assumed about the column's format, if anything was."""
    problems: dict[str, str]
    """Why each spelling that is not a date in the column's format is not one."""


def _example(spellings: list[str]) -> str:
    """One of ``spellings`` (the least, so the choice does not depend on reading order)."""
    return min(spellings).strip()[:40]


def read_dates(builder: Any) -> list[Finding]:
    """Read every date column of ``builder``'s rows in its one format (see :class:`_DateReader`).

    The format is judged from the dates of the people placed (a rejected row's date is
    never read), whichever path placed them; a date that is not one in the column's
    format is a finding on its row (the first :data:`MAX_DATE_FINDINGS` of each column),
    and the person keeps no date.
    """
    if not builder.date_fields:
        return []
    keys = builder.profiles.keys
    used = [keys[number] for number in set(builder.people)]
    findings: list[Finding] = []
    maps = []
    first = 1 + len(builder.group_getters)
    for position, field in enumerate(builder.date_fields, first):
        reader = builder.date_readers[field]
        column = reader.resolve({key[position] for key in used})
        maps.append(column.dates)
        if column.finding is not None:
            findings.append(column.finding)
        if column.problems:
            findings += _date_problems(builder, position, reader.field, column.problems)
    builder.profiles.date_maps = tuple(maps)
    return findings


def _date_problems(
    builder: Any, position: int, field: str, problems: dict[str, str]
) -> list[Finding]:
    """A finding for each row (the first :data:`MAX_DATE_FINDINGS`) whose date is bad."""
    keys = builder.profiles.keys
    bad = {n for n, key in enumerate(keys) if key[position] in problems}
    people = builder.people
    rows = list(compress(range(len(people)), map(bad.__contains__, people)))
    findings = [
        Finding(
            code="date-unreadable",
            severity=Severity.WARNING,
            message=f"{problems[keys[people[row]][position]]}; the person is placed, "
            "without this date",
            path=f"line {builder.lines.at(row)}, {field}",
        )
        for row in rows[:MAX_DATE_FINDINGS]
    ]
    if len(rows) > MAX_DATE_FINDINGS:
        findings.append(
            Finding(
                code="date-unreadable",
                severity=Severity.WARNING,
                message=f"and {len(rows) - MAX_DATE_FINDINGS:,} more rows whose {field!r} "
                f"is not a date ({len(rows):,} in all; the first {MAX_DATE_FINDINGS:,} "
                "are listed); those people are placed, without this date",
                path=field,
            )
        )
    return findings
