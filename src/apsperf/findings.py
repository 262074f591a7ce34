"""Advice is not an error: guidance from the frameworks comes back as findings."""

from __future__ import annotations

import enum
import functools
import types
from collections.abc import Mapping
from typing import Any, Final

import attrs

from apsperf.errors import ValidationError

__all__ = ["FINDING_CODES", "Finding", "FindingCode", "Severity", "has_errors"]


@functools.total_ordering
class Severity(enum.Enum):
    """How much a finding matters, lowest first; severities order totally by :attr:`rank`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _SEVERITY_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@attrs.frozen(kw_only=True)
class FindingCode:
    """A registered finding code: the slug, the severity it always has and what it means."""

    code: str
    severity: Severity
    meaning: str
    """One sentence saying what the finding tells the reader."""
    area: str
    """The part of the library that reports it: the function a reader would call."""


def _codes(area: str, *entries: tuple[str, Severity, str]) -> tuple[FindingCode, ...]:
    return tuple(FindingCode(code=c, severity=s, meaning=m, area=area) for c, s, m in entries)


_I, _W, _E = Severity.INFO, Severity.WARNING, Severity.ERROR
_REGISTERED: Final = (
    *_codes(
        "apsperf.segmentation.calibrate (CalibrationReport.findings)",
        (
            "change-in-future",
            _W,
            "An entry of the session is dated after today: check the changes file's dates.",
        ),
        (
            "other-proposals",
            _W,
            "The session was applied, as asked, to proposals other than the ones it was "
            "started on; the council did not decide on these placements.",
        ),
        (
            "assessor-merged",
            _I,
            "Assessor cells written in more than one way (surrounding spaces, Unicode form, "
            "invisible characters) were read as one assessor, as employee identifiers are.",
        ),
    ),
    *_codes(
        "apsperf.segmentation.check_placement",
        (
            "conversation-after-assessment",
            _W,
            "The aspiration conversation is dated after the assessment, so it could not "
            "inform the potential assessment.",
        ),
        ("assessment-undated", _I, "The placement does not record when it was assessed."),
    ),
    *_codes(
        "apsperf.segmentation.read_workforce (Workforce.findings)",
        (
            "numeric-scale-assumed",
            _W,
            "A ratings column that declares no scale (no option, no scale ending its header) "
            "held only the numbers 1, 2 and 3, so they were read on the 1-3 model, which "
            "misreads a rating on another scale that holds only those numbers (a 1-5 rating of "
            "2s and 3s); declare the scale if the file uses another.",
        ),
        (
            "dates-read-month-first",
            _W,
            "A date column's dates only make sense month first (07/31/2025), so the whole "
            "column was read month first rather than the Australian day first.",
        ),
        (
            "dates-read-day-first",
            _I,
            "A date column's dates read either way (no day or month above 12), so the column "
            "was read day first, as Australians write dates.",
        ),
        (
            "column-repeated",
            _W,
            "Two or more columns share a header that no field or named grouping column is "
            "read from: the first is kept and the others are not read.",
        ),
        (
            "rows-above-header",
            _I,
            "Rows with text above the header (a title, a note, a merged group heading) were "
            "passed over and not read: the header is the first of the first 20 rows with text "
            "that holds the identifier and both ratings, or the line `--header-row` names.",
        ),
        (
            "identifiers-differ",
            _W,
            "Two cycles share few identifiers exactly but many more if case and leading zeros "
            "are ignored: the identifier column is probably formatted differently in one "
            "file, and people are still matched exactly.",
        ),
        (
            "column-unnamed",
            _I,
            "A column with no header holds values: it is read as a grouping column named for "
            "its place, '(unnamed column N)' (a column with no header and no value is not read).",
        ),
        (
            "value-beyond-table",
            _W,
            "A workbook row holds a value right of the table, in a column with no header (a "
            "note typed beside it): the row is placed and that cell is not read.",
        ),
        (
            "export-read-back",
            _I,
            "The file is an apsperf per-person export (its header begins employee_id, "
            "segment, segment_label, performance, potential, line): the computed columns are "
            "not read as grouping columns, each person is placed again from the ratings, and "
            "a 'NAME (from file)' column is read as NAME.",
        ),
        (
            "date-unreadable",
            _W,
            "A row's date is not a date in the column's format; the person is placed and "
            "stays in the review, without that date.",
        ),
    ),
    *_codes(
        "apsperf.segmentation.workforce_from_dataframe (Workforce.findings)",
        (
            "identifier-numeric",
            _W,
            "The data frame's identifier column holds numbers, so identifiers such as 001 "
            "lost their leading zeros when the file was read; read it with dtype=str "
            "(pandas) or infer_schema=False (polars).",
        ),
    ),
    *_codes(
        "apsperf.segmentation.InputSummary (every command that reads a workforce)",
        (
            "no-rows-placed",
            _E,
            "No row of an input file could be placed, so everything reported about it is "
            "empty; the rows not placed say why (often a rating word to map with --labels).",
        ),
        (
            "column-missing",
            _W,
            "An optional column that the command uses (the assessor, the assessment date, the "
            "aspiration conversation date) is not in the file, so what needs it is not reported.",
        ),
    ),
    *_codes(
        "apsperf.segmentation.check_distribution / check_independence",
        (
            "unexpected-segment",
            _E,
            "People are placed in a segment the expected shape leaves empty, so no "
            "statistic or p-value is reported.",
        ),
        (
            "small-expected-counts",
            _W,
            "Too many cells expect fewer than five people for the chi-square p-value to be "
            "reliable, so none is reported.",
        ),
        ("empty-review", _W, "Nobody is placed, so there is nothing to test."),
        (
            "too-few-categories",
            _W,
            "The independence test needs at least two groups and two segments with people; "
            "no statistic is reported.",
        ),
    ),
    *_codes(
        "apsperf.guides.check_self_reflection",
        ("unanswered", _I, "An identity box or a prompt of the self-reflection is blank."),
        (
            "unknown-prompt",
            _W,
            "An answer is to a prompt the template does not have, so it will not be shown.",
        ),
    ),
    *_codes(
        "apsperf.agreements.check_plan",
        ("no-work-outcomes", _E, "Section 1 records no business/work outcomes."),
        ("few-work-outcomes", _W, "Section 1 records fewer work outcomes than is typical."),
        ("many-work-outcomes", _W, "Section 1 records more work outcomes than is typical."),
        ("outcome-without-measures", _E, "A work outcome has no performance measures."),
        ("few-measures", _W, "A work outcome has fewer performance measures than is typical."),
        ("many-measures", _W, "A work outcome has more performance measures than is typical."),
        (
            "outcome-not-linked",
            _I,
            "A work outcome is linked to no agency strategic or division/branch objective.",
        ),
        (
            "no-leadership-measures",
            _W,
            "Section 2 has no performance measures for any leadership capability.",
        ),
        (
            "capability-without-measures",
            _W,
            "One of the five leadership capabilities has no performance measures.",
        ),
        ("no-learning-plan", _W, "Section 3 records no learning needs."),
        ("learning-without-activity", _W, "A learning need has no learning activity."),
        ("learning-without-timing", _I, "A learning need has neither responsibility nor timing."),
        (
            "learning-not-tied-to-outcomes",
            _I,
            "No learning need relates to a business/work outcome.",
        ),
        (
            "career-aspirations-missing",
            _I,
            "Section 4 does not yet outline the officer's career aspirations and goals.",
        ),
        ("manager-comments-missing", _I, "Section 4 has no manager's comments."),
        (
            "relationship-expectation-missing",
            _I,
            "Section 5 does not yet say what the manager or the officer seeks in the working "
            "relationship.",
        ),
        (
            "detail-missing",
            _I,
            "The plan details lack the classification level, division/branch or manager.",
        ),
        (
            "signature-name-differs",
            _W,
            "A signature's name differs from the name the plan gives for that person.",
        ),
        ("meeting-after-period", _W, "The meeting is dated after the plan's period ends."),
        ("not-ready-to-agree", _I, "A draft plan still lacks details needed to agree it."),
        (
            "amended-not-signed",
            _I,
            "The plan changed after it was agreed; officer and manager have not both signed "
            "it again.",
        ),
        (
            "signature-before-plan",
            _W,
            "A signature is dated before the plan's first revision was recorded.",
        ),
        (
            "signature-after-revision",
            _W,
            "A signature is dated after the revision that records it.",
        ),
        (
            "signature-outside-period",
            _W,
            "A signature is dated more than 90 days before the plan's period starts or after "
            "it ends.",
        ),
        (
            "amended-after-period",
            _W,
            "A change to the plan was recorded after the plan's period had ended.",
        ),
        (
            "closed-early-without-review",
            _W,
            "The plan was closed before half its period had passed, with no review recorded.",
        ),
    ),
    *_codes(
        "apsperf.agreements.check_assessment",
        (
            "behaviour-concern-without-plan",
            _W,
            "A final SES assessment has a behavioural concern and no development plan linked "
            "to it.",
        ),
        (
            "unsatisfactory-process-not-recorded",
            _W,
            "An SES assessment's result starts the unsatisfactory-performance process and no "
            "process is recorded.",
        ),
        (
            "expectations-not-recorded",
            _I,
            "An SES assessment records no expectation of behaviours, or none of outcomes, as "
            "assessed.",
        ),
        (
            "reward-decision-not-recorded",
            _I,
            "A final SES assessment has no reward-and-recognition decision with its reason.",
        ),
    ),
    *_codes(
        "apsperf.maturity.check_self_assessment",
        ("element-missing", _E, "A self-assessment has no rating for one of the five elements."),
        ("level-off-scale", _E, "A rating's level is above the top of the maturity scale."),
        ("evidence-missing", _W, "A rating gives no evidence for its level."),
        (
            "actions-missing",
            _W,
            "A rating below the top level has no planned actions to lift it.",
        ),
        (
            "reported-before-self-assessment",
            _E,
            "The record says the maturity state was reported in the Agency Survey before the "
            "self-assessment was completed, or while the self-assessment it names is incomplete.",
        ),
        (
            "implemented-with-level-1",
            _E,
            "The record claims full implementation on or before the self-assessment's date, yet "
            "the self-assessment rates an element at level 1.",
        ),
    ),
)

FINDING_CODES: Final[Mapping[str, FindingCode]] = types.MappingProxyType(
    {entry.code: entry for entry in _REGISTERED}
)
"""Every finding code apsperf reports, each declared once with its severity and meaning."""


def _registered(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    entry = FINDING_CODES.get(value) if isinstance(value, str) else None
    if entry is None:
        raise ValidationError(
            f"{value!r:.60} is not a registered finding code (see apsperf.findings.FINDING_CODES)",
            path=attribute.name,
        )
    severity = getattr(instance, "severity", None)
    if severity is not entry.severity:
        raise ValidationError(
            f"{entry.code!r} findings are {entry.severity.value}, not {severity!r}",
            path="severity",
        )


@attrs.frozen(kw_only=True)
class Finding:
    """One observation about a value that is structurally valid but may not follow guidance.

    ``code`` is a stable slug a program can match on, one of :data:`FINDING_CODES` (with the
    severity registered for it); ``path`` names the field it concerns.
    """

    code: str = attrs.field(validator=_registered)
    severity: Severity
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        return f"{self.severity.value}: {self.message}{where} ({self.code})"


def has_errors(findings: tuple[Finding, ...] | list[Finding]) -> bool:
    """True when any finding is of :attr:`Severity.ERROR`."""
    from apsperf._arguments import items_of

    return any(f.severity is Severity.ERROR for f in items_of(findings, Finding, "findings"))
