"""Date columns as read: one format per column, judged from all its dates.

Day first, as Australians write dates, unless no date reads day first and some read only
month first; each distinct spelling is read once, at the end.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Sequence
from itertools import compress
from typing import Any, Final, NamedTuple

from apsperf.dates import parse_date
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.model._storage import _Coded

MAX_DATE_FINDINGS: Final = 1_000
"""At most this many rows of each date column get a finding of their own for a date that is
not one; one more finding counts the rest."""


class _DateReader:
    """Keeps each distinct spelling of a date column, and reads them all at the end.

    A column's format (day first or month first) can only be told from all its dates, so
    while the file is read each person keeps a code for the cell's text as written (one per
    distinct spelling, in :attr:`texts`), and :meth:`resolve` reads each spelling once,
    after the last row. No date ever rejects a row.
    """

    def __init__(self, field: str) -> None:
        self.field = field
        self.codes: dict[str, int] = {"": 0}
        """Each distinct spelling to its code (its index in :attr:`texts`)."""
        self.texts: list[str] = [""]
        """Each code's spelling."""

    def learn(self, raw: Iterable[str]) -> None:
        """Give every spelling in ``raw`` not seen before its code."""
        codes, texts = self.codes, self.texts
        for text in set(raw).difference(codes):
            codes[text] = len(texts)
            texts.append(text)

    def code(self, raw: str) -> int:
        """The code of ``raw``, adding it when it is new."""
        found = self.codes.get(raw)
        if found is None:
            found = self.codes[raw] = len(self.texts)
            self.texts.append(raw)
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


def read_dates(
    builder: Any, columns: Sequence[array[int]]
) -> tuple[dict[str, _Coded], list[Finding]]:
    """Read every date column of ``builder``'s rows in its one format (see :class:`_DateReader`).

    ``columns`` holds, for each of the builder's date fields, each placed person's code.
    The format is judged from the dates of the people placed (a rejected row's date is
    never read), whichever path placed them; a date that is not one in the column's
    format is a finding on its row (the first :data:`MAX_DATE_FINDINGS` of each column),
    and the person keeps no date. Returns each field's column of dates as read (a date;
    the text as written where it is not one; ``None`` where blank), and the findings.
    """
    dates: dict[str, _Coded] = {}
    findings: list[Finding] = []
    for field, codes in zip(builder.date_fields, columns, strict=True):
        reader = builder.date_readers[field]
        texts = reader.texts
        used = set(codes)
        column = reader.resolve(texts[code] for code in used)
        read = [
            day if (day := column.dates.get(text)) is not None or not text.strip() else text
            for text in texts
        ]
        dates[field] = _Coded(read, codes).deduplicated()
        if column.finding is not None:
            findings.append(column.finding)
        if column.problems:
            bad = {code for code in used if texts[code] in column.problems}
            findings += _date_problems(builder, codes, texts, bad, reader.field, column.problems)
    return dates, findings


def _date_problems(
    builder: Any,
    codes: array[int],
    texts: list[str],
    bad: set[int],
    field: str,
    problems: dict[str, str],
) -> list[Finding]:
    """A finding for each row (the first :data:`MAX_DATE_FINDINGS`) whose date is bad."""
    rows = list(compress(range(len(codes)), map(bad.__contains__, codes)))
    findings = [
        Finding(
            code="date-unreadable",
            severity=Severity.WARNING,
            message=f"{problems[texts[codes[row]]]}; the person is placed, without this date",
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
