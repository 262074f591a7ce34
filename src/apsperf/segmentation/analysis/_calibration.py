"""A calibration session applied to its proposals: the report a council reads.

The session itself (its hash-chained log of moves, confirmations, reversals and the
finalisation) is :mod:`apsperf.segmentation.model._session`; changes files are read by
:mod:`apsperf.segmentation.io._changes`. :func:`calibrate` applies a session to the
proposals and gathers what the council reads: the nine-box before and after, each move,
rater effects, fairness and aspiration-first compliance.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from apsperf import _validators as v
from apsperf._display import display_html, one_line, quoted
from apsperf._redaction import quoted as cell_quoted
from apsperf._text import file_name
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.analysis._accounting import InputSummary, input_summaries
from apsperf.segmentation.analysis._assessor_aspiration import (
    AssessorAspiration,
    aspiration_by_assessor,
)
from apsperf.segmentation.analysis._fairness import (
    TALENT_POOL,
    AspirationCompliance,
    FairnessCheck,
    aspiration_compliance,
    fairness,
    joint_hidden,
    selection_rows,
    timing_rows,
)
from apsperf.segmentation.analysis._raters import RaterEffects, rater_effects
from apsperf.segmentation.analysis._review import (
    SegmentCount,
    _counts,
    _nine_segments,
    _segment_counts,
)
from apsperf.segmentation.analysis._suppression import MIN_CELL
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._session import (
    AppliedChange,
    CalibrationSession,
    EntryKind,
    SessionEntry,
    proposals_digest,
)
from apsperf.segmentation.model._workforce import Workforce

__all__ = ["CalibrationReport", "calibrate"]


def _applied(value: Iterable[AppliedChange]) -> tuple[AppliedChange, ...]:
    return v.to_tuple(value)


def _reversals(value: Iterable[SessionEntry]) -> tuple[SessionEntry, ...]:
    return v.to_tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return v.to_tuple(value)


def _fairness_checks(value: Iterable[FairnessCheck]) -> tuple[FairnessCheck, ...]:
    return v.to_tuple(value)


def _compliances(value: Iterable[AspirationCompliance]) -> tuple[AspirationCompliance, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class CalibrationReport:
    """What a calibration session did: ``apsperf calibrate --format json`` prints it.

    ``before`` and ``after`` are the segment counts of the proposed and calibrated
    placements; ``changes`` each move in force, in order, and ``confirmations`` each
    change that kept someone where they were; ``reversals`` the entries that undid an
    earlier one. ``session_head`` is the session's head digest (record it in the minutes:
    a later copy of the session with another head is not this one), ``entries`` the
    length of its log, and ``finalised_by`` and ``finalised_at`` who finalised it and
    when. ``findings`` are about the session: a change dated in the future, proposals
    other than the session's own. ``rater_effects`` each
    assessor's proposals against everyone else's (:class:`RaterEffects`, flagged assessors
    first); ``fairness`` the talent-pool selection of the calibrated placements by each
    sensitive column;
    ``aspiration`` aspiration-first compliance overall and ``aspiration_by`` by each
    sensitive column; ``aspiration_by_assessor`` by assessor. Breakdowns by sensitive
    columns are suppressed (``min_cell``); rater effects and the counts by assessor are
    for the council and are not.
    """

    source: str = attrs.field(default="", validator=v.instance_of(str))
    finalised: bool = attrs.field(default=False, validator=v.instance_of(bool))
    finalised_by: str | None = attrs.field(default=None, validator=v.optional(v.text))
    finalised_at: dt.datetime | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(dt.datetime))
    )
    session_head: str = attrs.field(default="", validator=v.instance_of(str))
    entries: int = attrs.field(default=0, validator=v.at_least(0))
    before: tuple[SegmentCount, ...] = attrs.field(
        converter=_segment_counts, validator=_nine_segments
    )
    after: tuple[SegmentCount, ...] = attrs.field(
        converter=_segment_counts, validator=_nine_segments
    )
    changes: tuple[AppliedChange, ...] = attrs.field(
        default=(), converter=_applied, validator=v.items_of(AppliedChange)
    )
    confirmations: tuple[AppliedChange, ...] = attrs.field(
        default=(), converter=_applied, validator=v.items_of(AppliedChange)
    )
    reversals: tuple[SessionEntry, ...] = attrs.field(
        default=(), converter=_reversals, validator=v.items_of(SessionEntry)
    )
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=_findings, validator=v.items_of(Finding)
    )
    rater_effects: RaterEffects = attrs.field(
        factory=RaterEffects, validator=v.instance_of(RaterEffects)
    )
    fairness: tuple[FairnessCheck, ...] = attrs.field(
        default=(), converter=_fairness_checks, validator=v.items_of(FairnessCheck)
    )
    aspiration: AspirationCompliance | None = None
    aspiration_by: tuple[AspirationCompliance, ...] = attrs.field(
        default=(), converter=_compliances, validator=v.items_of(AspirationCompliance)
    )
    aspiration_by_assessor: AssessorAspiration | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(AssessorAspiration))
    )
    """Aspiration-first compliance per assessor (:class:`AssessorAspiration`), assessors
    with a conversation after the assessment first; ``None`` without an assessor or an
    aspiration-date column."""
    min_cell: int = MIN_CELL
    inputs: tuple[InputSummary, ...] = attrs.field(
        default=(), converter=input_summaries, validator=v.items_of(InputSummary)
    )
    """The proposals as read: rows read, placed and not placed (with why), the columns used,
    and findings such as a missing assessor or aspiration-date column."""

    def __repr__(self) -> str:
        return _report_repr(self)

    def _repr_html_(self) -> str:
        return display_html(self)


def calibrate(
    proposed: Workforce,
    session: CalibrationSession,
    *,
    assessor_by: str | None = None,
    fairness_by: Sequence[str] = (),
    pool: Sequence[Segment] = TALENT_POOL,
    min_cell: int = MIN_CELL,
    allow_other_proposals: bool = False,
    today: dt.date | None = None,
    compare_with: str = "highest",
) -> CalibrationReport:
    """The report of ``session`` applied to ``proposed``: before, after, moves, checks.

    Rater effects are measured on the proposals (what each assessor proposed), by the
    assessor column or, when named, the grouping column ``assessor_by``. Fairness checks
    (selection into ``pool``) run on the calibrated placements for each column of
    ``fairness_by``, suppressed below ``min_cell``, each group against the highest-rate
    group's or, with ``compare_with="rest"``, against everyone else's. The fairness and
    aspiration tables of a column hide the same groups, decided from both together, so
    neither can be set beside the other to work out what it hides.

    A session bound to other proposals (:meth:`CalibrationSession.check_proposals`) is
    refused unless ``allow_other_proposals=True``, which the report then records as a
    warning. A change dated after ``today`` (default: the date today) is a warning.
    """
    columns = (fairness_by,) if isinstance(fairness_by, str) else tuple(fairness_by)
    if not isinstance(session, CalibrationSession):
        raise ValidationError(
            f"expected CalibrationSession, got {type(session).__name__}", path="session"
        )
    session.check_proposals(proposed, allow_other=allow_other_proposals)
    applied = session.applied(proposed)
    calibrated = session.apply(proposed)
    findings = list(_session_findings(session, proposed, today or dt.date.today()))
    if assessor_by is None:
        findings += _assessor_merges(proposed)
    uses = ["assessed_on", "aspiration_conversation_on"]
    if assessor_by is None:
        uses.insert(0, "assessed_by")
    summary = InputSummary.of(proposed, "proposed", uses=uses)
    # A column the file does not have is reported missing (a finding), not as empty results.
    missing = {f.path.rpartition(".")[2] for f in summary.findings if f.code == "column-missing"}
    has_aspiration = "aspiration_conversation_on" not in missing
    # Every table the report shows about a column hides the same groups (joint_hidden).
    chosen = tuple(Segment.parse(s, field="pool") for s in pool)
    hidden = {
        c: joint_hidden(
            [selection_rows(calibrated, c, chosen)]
            + ([timing_rows(proposed, c)] if has_aspiration else []),
            min_cell=min_cell,
        )
        for c in columns
    }
    aspiration: AspirationCompliance | None = None
    aspiration_by: tuple[AspirationCompliance, ...] = ()
    if has_aspiration:
        aspiration_by = tuple(
            aspiration_compliance(proposed, by=c, min_cell=min_cell, hidden=hidden[c])
            for c in columns
        )
        # The overall counts are the same in each breakdown: counted once, not again.
        aspiration = (
            AspirationCompliance(overall=aspiration_by[0].overall)
            if aspiration_by
            else aspiration_compliance(proposed)
        )
    by_assessor: AssessorAspiration | None = None
    if has_aspiration and "assessed_by" not in missing:
        by_assessor = aspiration_by_assessor(proposed, by=assessor_by)
    final = session.finalisation
    return CalibrationReport(
        source=proposed.source,
        finalised=session.finalised,
        finalised_by=final.by if final is not None else None,
        finalised_at=final.recorded_at if final is not None else None,
        session_head=session.head.digest,
        entries=len(session.entries),
        before=_counts(proposed.segment_counts()),
        after=_counts(calibrated.segment_counts()),
        changes=[a for a in applied if a.kind is EntryKind.MOVE],
        confirmations=[a for a in applied if a.kind is EntryKind.CONFIRMATION],
        reversals=[e for e in session.entries if e.kind is EntryKind.REVERSAL],
        findings=findings,
        rater_effects=RaterEffects()
        if "assessed_by" in missing
        else rater_effects(proposed, by=assessor_by),
        fairness=tuple(
            fairness(
                calibrated,
                c,
                pool=pool,
                min_cell=min_cell,
                compare_with=compare_with,
                hidden=hidden[c],
            )
            for c in columns
        ),
        aspiration=aspiration,
        aspiration_by=aspiration_by,
        aspiration_by_assessor=by_assessor,
        min_cell=min_cell,
        inputs=(summary,),
    )


def _session_findings(
    session: CalibrationSession, proposed: Workforce, today: dt.date
) -> Iterable[Finding]:
    future = [e for e in session.entries if e.on is not None and e.on > today]
    if future:
        first = future[0]
        yield Finding(
            code="change-in-future",
            severity=Severity.WARNING,
            message=f"{len(future):,} entries of the session are dated after today, the first "
            f"entry {first.number} ({first.employee_id}, {first.on}): check the changes "
            "file's dates",
            path=f"entries[{first.number - 1}].on",
        )
    if session.proposed_digest and proposals_digest(proposed) != session.proposed_digest:
        yield Finding(
            code="other-proposals",
            severity=Severity.WARNING,
            message="the session was applied to proposals other than the ones it was started "
            "on, as asked: the council did not take its decisions on these placements",
            path="proposed",
        )


def _assessor_merges(proposed: Workforce) -> list[Finding]:
    """A finding when assessor cells written in more than one way were read as one assessor.

    The reader normalises assessors as employee identifiers (NFC, invisible characters
    removed, white space trimmed) and gives each spelling its own code: two codes with one
    name are a merge.
    """
    names, _codes = proposed.assessor_codes()
    spellings = Counter(name for name in names if name)
    merged = [name for name, count in spellings.items() if count > 1]
    if not merged:
        return []
    return [
        Finding(
            code="assessor-merged",
            severity=Severity.INFO,
            message=f"{len(merged):,} assessors are written in more than one way in the "
            "proposals (differing only in surrounding spaces, Unicode form or invisible "
            f"characters) and each is counted as one assessor, the first {cell_quoted(merged[0])}",
            path="proposed.assessed_by",
        )
    ]


# -- repr(): one short line whatever the input --


def _source(source: str) -> str:
    shown = file_name(source)
    return f" of {quoted(shown)}" if shown else ""


def _report_repr(report: CalibrationReport) -> str:
    """A one-line ``repr()`` of a calibration report."""
    state = "finalised" if report.finalised else "open"
    flagged = sum(report.rater_effects.flagged)
    return one_line(
        f"<CalibrationReport{_source(report.source)}: {len(report.changes):,} changes, {state}; "
        f"{len(report.rater_effects):,} assessors ({flagged:,} flagged), "
        f"{len(report.fairness):,} fairness checks>"
    )
