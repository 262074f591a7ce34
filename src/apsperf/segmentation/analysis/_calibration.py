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
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

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
    GroupName,
    aspiration_compliance,
    column_key,
    fairness,
    selection_rows,
    timing_rows,
)
from apsperf.segmentation.analysis._moves import (
    MovesByGroup,
    PersonMoved,
    moves_by_group,
    moves_rows,
    output_hidden,
    people_moved,
    shown_columns,
    unflagged,
)
from apsperf.segmentation.analysis._raters import RaterEffects, rater_effects
from apsperf.segmentation.analysis._review import (
    SegmentCount,
    _counts,
    _nine_segments,
    _segment_counts,
)
from apsperf.segmentation.analysis._suppression import MIN_CELL
from apsperf.segmentation.analysis._talent_review import review_hidden
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._session import (
    AppliedChange,
    CalibrationSession,
    EntryKind,
    SessionEntry,
    proposals_digest,
    recoded_by,
)
from apsperf.segmentation.model._workforce import Workforce

__all__ = ["CalibrationReport", "calibrate", "hidden_sets", "unmarked"]


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


def _moves_by(value: Iterable[MovesByGroup]) -> tuple[MovesByGroup, ...]:
    return v.to_tuple(value)


def _people(value: Iterable[PersonMoved]) -> tuple[PersonMoved, ...]:
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
    sensitive column (or crossed columns); ``moves_by`` the council's own moves by the same
    groups (up, down, across, unchanged) with each group's selection rate and impact ratio
    before the session and after it; ``aspiration`` aspiration-first compliance overall and
    ``aspiration_by`` by each sensitive column; ``aspiration_by_assessor`` by assessor.
    Breakdowns by sensitive columns are suppressed (``min_cell``), every table by one
    column hiding the same groups; rater effects and the counts by assessor are for the
    council and are not. ``people_moved`` lists each move and confirmation of the log
    with who the person is (their ``people_columns``, never a sensitive column, and their
    assessor), undone ones marked.
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
    moves_by: tuple[MovesByGroup, ...] = attrs.field(
        default=(), converter=_moves_by, validator=v.items_of(MovesByGroup)
    )
    """The council's moves by the groups of each sensitive column, with selection before and
    after the session (:class:`MovesByGroup`), one per fairness check, suppressed with it."""
    people_columns: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_tuple
    )
    """The columns of the proposals listed beside each person moved (``PersonMoved.details``):
    never a sensitive (``fairness_by``) column."""
    people_moved: tuple[PersonMoved, ...] = attrs.field(
        default=(), converter=_people, validator=v.items_of(PersonMoved)
    )
    """Every move and confirmation of the session's log, in order, with who the person is,
    from and to, the reason, who and when; an undone one names the reversal."""

    def __repr__(self) -> str:
        return _report_repr(self)

    def _repr_html_(self) -> str:
        return display_html(self)


def calibrate(
    proposed: Workforce,
    session: CalibrationSession,
    *,
    assessor_by: str | None = None,
    fairness_by: Sequence[str | Sequence[str]] | str = (),
    pool: Sequence[Segment] = TALENT_POOL,
    min_cell: int = MIN_CELL,
    allow_other_proposals: bool = False,
    today: dt.date | None = None,
    compare_with: str = "highest",
    shown: Sequence[str] | None = None,
) -> CalibrationReport:
    """The report of ``session`` applied to ``proposed``: before, after, moves, checks.

    Rater effects are measured on the proposals (what each assessor proposed), by the
    assessor column or, when named, the grouping column ``assessor_by``. Fairness checks
    (selection into ``pool``) run on the calibrated placements for each column of
    ``fairness_by``, suppressed below ``min_cell``, each group against the highest-rate
    group's or, with ``compare_with="rest"``, against everyone else's. An item of
    ``fairness_by`` that is itself a sequence of columns, such as ``("Gender",
    "Location")``, checks each combination of their values (crossed, as :func:`breakdown`
    crosses columns). Beside each check, the council's moves by the same groups
    (:class:`MovesByGroup`): up, down, across and unchanged, and the selection rate and
    impact ratio before the session and after it. Every table of the report about a
    column (selection before and after, moves, aspiration) hides the same groups,
    decided from all of them together, so none can be set beside another to work out
    what it hides; crossed columns are decided within the groups of the columns they
    cross that the report also shows (see :func:`output_hidden`).

    ``shown`` names the proposals' columns listed beside each person in the moves
    (``people_moved``; default: every grouping column the proposals carry but the
    ``fairness_by`` ones); a ``fairness_by`` column named there is refused.

    A session bound to other proposals (:meth:`CalibrationSession.check_proposals`) is
    refused unless ``allow_other_proposals=True``, which the report then records as a
    warning. A change dated after ``today`` (default: the date today) is a warning.
    """
    if not isinstance(session, CalibrationSession):
        raise ValidationError(
            f"expected CalibrationSession, got {type(session).__name__}", path="session"
        )
    columns = _fairness_keys(proposed, fairness_by)
    sensitive = {c for key in columns for c in key}
    listed = shown_columns(proposed, shown, sensitive)
    session.check_proposals(proposed, allow_other=allow_other_proposals)
    applied = session.applied(proposed)
    calibrated = recoded_by(proposed, applied)
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
    # Every table the report shows about a column hides the same groups (output_hidden).
    chosen = tuple(Segment.parse(s, field="pool") for s in pool)
    moved = [a.employee_id for a in applied if a.kind is EntryKind.MOVE]
    moves = {c: moves_rows(proposed, calibrated, moved, c) for c in columns}
    hidden, quiet = hidden_sets(
        proposed,
        {
            c: [
                selection_rows(calibrated, c, chosen),
                selection_rows(proposed, c, chosen),
                moves[c],
                *([timing_rows(proposed, c)] if has_aspiration else []),
            ]
            for c in columns
        },
        min_cell=min_cell,
    )
    checks = {
        (c, state): unmarked(
            fairness(
                workforce,
                c,
                pool=chosen,
                min_cell=min_cell,
                compare_with=compare_with,
                hidden=hidden[c],
            ),
            quiet[c],
        )
        for c in columns
        for state, workforce in (("after", calibrated), ("before", proposed))
    }
    aspiration: AspirationCompliance | None = None
    aspiration_by: tuple[AspirationCompliance, ...] = ()
    if has_aspiration:
        aspiration_by = tuple(
            unmarked(
                aspiration_compliance(proposed, by=c, min_cell=min_cell, hidden=hidden[c]),
                quiet[c],
            )
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
        fairness=tuple(checks[c, "after"] for c in columns),
        moves_by=tuple(
            unmarked(
                moves_by_group(moves[c], checks[c, "before"], checks[c, "after"], hidden=hidden[c]),
                quiet[c],
            )
            for c in columns
        ),
        aspiration=aspiration,
        aspiration_by=aspiration_by,
        aspiration_by_assessor=by_assessor,
        min_cell=min_cell,
        inputs=(summary,),
        people_columns=listed,
        people_moved=people_moved(proposed, session, listed),
    )


def hidden_sets(
    proposed: Workforce,
    tables: Mapping[tuple[str, ...], Sequence[tuple[Sequence[GroupName], list[list[int]]]]],
    *,
    min_cell: int,
) -> tuple[
    dict[tuple[str, ...], frozenset[GroupName]], dict[tuple[str, ...], frozenset[GroupName]]
]:
    """``(hidden, unmarked)``: the groups each column's tables hide, as :func:`calibrate` decides.

    ``tables`` maps each fairness key (its columns) to every table the report shows by it
    (selection after, selection before, the moves, the aspiration timings). The groups
    hidden are decided over all of them (:func:`output_hidden`), starting from those
    ``apsperf review --by`` hides by the key on ``proposed``; ``unmarked`` are the hidden
    groups shown without their "<5" mark (:func:`unflagged`; apply it with
    :func:`unmarked`). For a live reader of the session that must hide what the report
    hides (the council workspace).
    """
    hidden = output_hidden(
        tables,
        min_cell=min_cell,
        also={key: review_hidden(proposed, key, min_cell=min_cell) for key in tables},
    )
    return hidden, unflagged(hidden)


_Table = TypeVar("_Table", FairnessCheck, AspirationCompliance, MovesByGroup)


def unmarked(table: _Table, names: frozenset[object]) -> _Table:
    """``table`` with the groups ``names`` shown as suppressed rather than "<5".

    See :func:`~apsperf.segmentation.analysis._moves.unflagged`.
    """
    if not names:
        return table
    groups = tuple(
        attrs.evolve(g, small=False) if (g.crossed or g.value) in names else g for g in table.groups
    )
    return attrs.evolve(table, groups=groups)


def _fairness_keys(
    proposed: Workforce, fairness_by: Sequence[str | Sequence[str]] | str
) -> tuple[tuple[str, ...], ...]:
    """Each item of ``fairness_by`` as a tuple of the proposals' column names, each once.

    A column is named as the file spells it (matched as headers are); an unknown one is a
    :class:`~apsperf.ValidationError` naming it. The same columns given twice (in any
    order) are checked once.
    """
    if isinstance(fairness_by, str):
        fairness_by = [fairness_by]
    if not isinstance(fairness_by, Sequence):
        raise ValidationError(
            f"expected a sequence of column names, got {type(fairness_by).__name__}",
            path="fairness_by",
        )
    keys: dict[frozenset[str], tuple[str, ...]] = {}
    for item in fairness_by:
        try:
            key = tuple(proposed.group_name(c) for c in column_key(item))
        except ValidationError as error:
            raise ValidationError(error.message, path="fairness_by") from None
        if len(set(key)) != len(key):
            raise ValidationError(
                f"a column is crossed with itself: {' × '.join(key)!r}", path="fairness_by"
            )
        keys.setdefault(frozenset(key), key)
    return tuple(keys.values())


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


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
