"""Talent council calibration sessions: proposed placements, the council's changes, the result.

A session is an ordered, append-only log of :class:`CalibrationChange` values. Applying it
to the proposed placements (a workforce file, usually with an assessor column) gives the
calibrated placements; a finalised session refuses further changes. The session is a JSON
document of its own (``apsperf schema calibration-session``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

import attrs

from apsperf import _validators as v
from apsperf._arguments import checked
from apsperf._csvsafe import write_rows
from apsperf._display import display_html
from apsperf._redaction import redacting
from apsperf._text import NOTEBOOK_NAME, clip, file_name
from apsperf.dates import parse_date
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._accounting import InputSummary, input_summaries
from apsperf.segmentation.analysis._fairness import (
    TALENT_POOL,
    AspirationCompliance,
    FairnessCheck,
    aspiration_compliance,
    fairness,
)
from apsperf.segmentation.analysis._raters import RaterEffects, rater_effects
from apsperf.segmentation.analysis._review import (
    SegmentCount,
    _counts,
    _nine_segments,
    _segment_counts,
)
from apsperf.segmentation.analysis._suppression import MIN_CELL
from apsperf.segmentation.io._csv_text import MAX_BYTES, _read_bytes, decode_text, sniff_delimiter
from apsperf.segmentation.model._columns import _ALIASES, Columns, normalise_header
from apsperf.segmentation.model._levels import Level, Segment, segment_for
from apsperf.segmentation.model._placement import _normalised_id, normalise_employee_id
from apsperf.segmentation.model._workforce import Workforce
from apsperf.serialization import JSON_KEY

__all__ = [
    "AppliedChange",
    "CalibrationChange",
    "CalibrationReport",
    "CalibrationSession",
    "calibrate",
    "read_changes",
    "write_calibrated_csv",
]

_CHANGE_COLUMNS = {
    "employee_id": _ALIASES["employee_id"],
    "performance": _ALIASES["performance"],
    "potential": _ALIASES["potential"],
    "reason": ("reason", "rationale", "note", "notes", "why"),
    "by": ("by", "changed_by", "made_by", "moved_by"),
    "on": ("on", "changed_on", "date", "made_on"),
}
"""A changes file's columns and the headers each is found by (matched as a workforce's are)."""


@attrs.frozen(kw_only=True)
class CalibrationChange:
    """One move the council agreed: a person's new performance and potential, and why.

    ``reason`` is required: a move with no recorded reason is not an audit trail. ``by`` is
    who made the change (the council chair, a delegate) and ``on`` the day.
    """

    employee_id: str = attrs.field(validator=_normalised_id)
    performance: Level = attrs.field(validator=v.instance_of(Level))
    potential: Level = attrs.field(validator=v.instance_of(Level))
    reason: str = attrs.field(validator=v.text)
    by: str = attrs.field(validator=v.text)
    on: dt.date = attrs.field(validator=v.instance_of(dt.date))

    @property
    def segment(self) -> Segment:
        """The segment the change moves the person to."""
        return segment_for(self.performance, self.potential)


def _changes(value: Iterable[CalibrationChange]) -> tuple[CalibrationChange, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class AppliedChange:
    """One change as applied: the person's segment before it and after it.

    In documents the two segments are ``"from"`` and ``"to"``; in Python, where ``from`` is a
    keyword, they are ``from_segment`` and ``to_segment``.
    """

    employee_id: str = attrs.field(validator=v.text)
    from_segment: Segment = attrs.field(
        validator=v.instance_of(Segment), metadata={JSON_KEY: "from"}
    )
    to_segment: Segment = attrs.field(validator=v.instance_of(Segment), metadata={JSON_KEY: "to"})
    reason: str = attrs.field(validator=v.text)
    by: str = attrs.field(validator=v.text)
    on: dt.date = attrs.field(validator=v.instance_of(dt.date))


@attrs.frozen(kw_only=True)
class CalibrationSession:
    """A talent council's calibration session: its ordered log of changes.

    ``proposed`` names the proposals the session calibrates (a file name, for the reader).
    The log only grows: :meth:`record` returns a new session with changes appended, and
    once :meth:`finalise` has been called every further change is refused.
    """

    proposed: str = attrs.field(default="", validator=v.instance_of(str))
    changes: tuple[CalibrationChange, ...] = attrs.field(
        default=(), converter=_changes, validator=v.items_of(CalibrationChange)
    )
    finalised: bool = attrs.field(default=False, validator=v.instance_of(bool))

    def __repr__(self) -> str:
        return _session_repr(self)

    def record(self, changes: Iterable[CalibrationChange]) -> CalibrationSession:
        """A new session: this one with ``changes`` appended to the log, in order.

        A change identical to one already in the log (same person, levels, reason, maker and
        day), or given twice, is refused with :class:`~apsperf.ValidationError` naming it:
        applying the same changes file twice would otherwise double the audit trail. Use
        :meth:`unrecorded` to drop such changes first.
        """
        if self.finalised:
            raise ValidationError(
                "the session is finalised; its placements are locked and no change can be added",
                path="changes",
            )
        added = tuple(changes)
        seen = {change: index for index, change in enumerate(self.changes)}
        for offset, change in enumerate(added):
            index = len(self.changes) + offset
            if change in seen:
                raise ValidationError(
                    f"the change to {change.employee_id!r} is already in the log as "
                    f"changes[{seen[change]}] (was the same changes file applied twice?)",
                    path=f"changes[{index}]",
                )
            seen[change] = index
        return attrs.evolve(self, changes=(*self.changes, *added))

    def unrecorded(self, changes: Iterable[CalibrationChange]) -> tuple[CalibrationChange, ...]:
        """``changes`` without those already in the log and without repeats, in order."""
        seen = set(self.changes)
        result = []
        for change in changes:
            if change not in seen:
                seen.add(change)
                result.append(change)
        return tuple(result)

    def finalise(self) -> CalibrationSession:
        """A new session: this one finalised, so the calibrated placements are locked."""
        return attrs.evolve(self, finalised=True)

    def applied(self, proposed: Workforce) -> tuple[AppliedChange, ...]:
        """Each change of the log applied in order to ``proposed``, with where it moved from.

        A change to someone not in the file, or whose proposed row was rejected, is a
        :class:`~apsperf.ValidationError` naming the change (``changes[3]``).
        """
        if not isinstance(proposed, Workforce):
            raise ValidationError(
                f"expected Workforce, got {type(proposed).__name__}", path="proposed"
            )
        rejected = {normalise_employee_id(r.employee_id) for r in proposed.rejected}
        current: dict[str, Segment] = {}
        result = []
        for index, change in enumerate(self.changes):
            before = current.get(change.employee_id) or proposed.segment_of(change.employee_id)
            if before is None:
                why = (
                    "has a proposed row that was rejected, so no placement to change"
                    if change.employee_id in rejected
                    else "is not in the proposed placements"
                )
                raise ValidationError(
                    f"{change.employee_id!r} {why}", path=f"changes[{index}].employee_id"
                )
            current[change.employee_id] = change.segment
            result.append(
                AppliedChange(
                    employee_id=change.employee_id,
                    from_segment=before,
                    to_segment=change.segment,
                    reason=change.reason,
                    by=change.by,
                    on=change.on,
                )
            )
        return tuple(result)

    def apply(self, proposed: Workforce) -> Workforce:
        """The calibrated placements: ``proposed`` with every change of the log applied.

        Everything but the changed levels is kept (groups, dates, assessors, rejected rows).
        """
        self.applied(proposed)  # refuses a change to someone not placed
        moved = {
            proposed.position_of(change.employee_id): change.segment for change in self.changes
        }
        return proposed.recoded({k: s for k, s in moved.items() if k is not None})


def _locate_changes(header: list[str], source: str) -> dict[str, int]:
    seen = {normalise_header(h): i for i, h in enumerate(header)}
    found = {}
    for name, aliases in _CHANGE_COLUMNS.items():
        hits = [seen[a] for a in aliases if a in seen]
        if not hits:
            raise ValidationError(
                f"no column {name!r}; the header has: {', '.join(header)}",
                path=f"{source}.header",
            )
        found[name] = hits[0]
    return found


@checked
def read_changes(
    source: str | Path | TextIO,
    *,
    max_bytes: int = MAX_BYTES,
    redact: bool = False,
) -> tuple[CalibrationChange, ...]:
    """Read a changes file: the council's moves, one a row, in the order they were made.

    The columns are ``employee_id``, ``performance``, ``potential``, ``reason``, ``by`` and
    ``on`` (headers matched ignoring case, spacing, ``_`` and ``-``; "Employee ID" and
    "Changed on" also match). Levels read as a workforce's do, dates by
    :func:`apsperf.dates.parse_date`. A bad row raises :class:`~apsperf.ValidationError`
    naming its line and column: a change is never silently dropped.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        if isinstance(source, (str, Path)):
            name = str(source)
            text = decode_text(_read_bytes(Path(source), max_bytes), source=name)
        elif callable(getattr(source, "read", None)):
            name, text = getattr(source, "name", "changes"), source.read(max_bytes + 1)
            if not isinstance(text, str):
                raise TypeError("source must be opened in text mode (open(path, newline=''))")
            if len(text) > max_bytes:
                raise ValidationError(
                    f"larger than the limit of {max_bytes:,} characters (max_bytes=)", path=name
                )
        else:
            raise ValidationError(
                f"expected a path or an open text file, got {type(source).__name__}",
                path="source",
            )
        lines = text.splitlines()
        if not lines:
            raise ValidationError("the changes file is empty", path=name)
        rows = list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(lines[0])))
        where = _locate_changes([h.strip() for h in rows[0]], name)
        changes = []
        for line, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = {k: row[i].strip() if i < len(row) else "" for k, i in where.items()}
            try:
                changes.append(
                    CalibrationChange(
                        employee_id=normalise_employee_id(cells["employee_id"]),
                        performance=Level.parse(cells["performance"], field="performance"),
                        potential=Level.parse(cells["potential"], field="potential"),
                        reason=cells["reason"],
                        by=cells["by"],
                        on=parse_date(cells["on"], field="on"),
                    )
                )
            except ValidationError as error:
                raise error.within(f"{name} line {line}") from None
        return tuple(changes)


def _applied(value: Iterable[AppliedChange]) -> tuple[AppliedChange, ...]:
    return v.to_tuple(value)


def _fairness_checks(value: Iterable[FairnessCheck]) -> tuple[FairnessCheck, ...]:
    return v.to_tuple(value)


def _compliances(value: Iterable[AspirationCompliance]) -> tuple[AspirationCompliance, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class CalibrationReport:
    """What a calibration session did: ``apsperf calibrate --json`` prints it.

    ``before`` and ``after`` are the segment counts of the proposed and calibrated
    placements; ``changes`` each change applied, in order; ``rater_effects`` each
    assessor's proposals against everyone else's (:class:`RaterEffects`, flagged assessors
    first); ``fairness`` the talent-pool selection of the calibrated placements by each
    sensitive column;
    ``aspiration`` aspiration-first compliance overall and ``aspiration_by`` by each
    sensitive column. Breakdowns by sensitive columns are suppressed (``min_cell``);
    rater effects are for the council and are not.
    """

    source: str = attrs.field(default="", validator=v.instance_of(str))
    finalised: bool = attrs.field(default=False, validator=v.instance_of(bool))
    before: tuple[SegmentCount, ...] = attrs.field(
        converter=_segment_counts, validator=_nine_segments
    )
    after: tuple[SegmentCount, ...] = attrs.field(
        converter=_segment_counts, validator=_nine_segments
    )
    changes: tuple[AppliedChange, ...] = attrs.field(
        default=(), converter=_applied, validator=v.items_of(AppliedChange)
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
) -> CalibrationReport:
    """The report of ``session`` applied to ``proposed``: before, after, moves, checks.

    Rater effects are measured on the proposals (what each assessor proposed), by the
    assessor column or, when named, the grouping column ``assessor_by``. Fairness checks
    (selection into ``pool``) run on the calibrated placements for each column of
    ``fairness_by``, suppressed below ``min_cell``.
    """
    columns = (fairness_by,) if isinstance(fairness_by, str) else tuple(fairness_by)
    if not isinstance(session, CalibrationSession):
        raise ValidationError(
            f"expected CalibrationSession, got {type(session).__name__}", path="session"
        )
    applied = session.applied(proposed)
    calibrated = session.apply(proposed)
    uses = ["assessed_on", "aspiration_conversation_on"]
    if assessor_by is None:
        uses.insert(0, "assessed_by")
    summary = InputSummary.of(proposed, "proposed", uses=uses)
    # A column the file does not have is reported missing (a finding), not as empty results.
    missing = {f.path.rpartition(".")[2] for f in summary.findings if f.code == "column-missing"}
    has_aspiration = "aspiration_conversation_on" not in missing
    return CalibrationReport(
        source=proposed.source,
        finalised=session.finalised,
        before=_counts(proposed.segment_counts()),
        after=_counts(calibrated.segment_counts()),
        changes=applied,
        rater_effects=RaterEffects()
        if "assessed_by" in missing
        else rater_effects(proposed, by=assessor_by),
        fairness=tuple(fairness(calibrated, c, pool=pool, min_cell=min_cell) for c in columns),
        aspiration=aspiration_compliance(proposed) if has_aspiration else None,
        aspiration_by=tuple(
            aspiration_compliance(proposed, by=c, min_cell=min_cell) for c in columns
        )
        if has_aspiration
        else (),
        min_cell=min_cell,
        inputs=(summary,),
    )


@checked
def write_calibrated_csv(
    proposed_text: str,
    session: CalibrationSession,
    stream: TextIO,
    *,
    columns: Columns | None = None,
) -> None:
    """Write the proposed file's rows with each changed person's calibrated ratings.

    Every column and row of the proposals is kept, in order (rejected rows too); only
    the performance and potential cells of people the session changed are rewritten, as
    level labels ("High"). Cells are written formula-safe (:mod:`apsperf._csvsafe`).
    """
    lines = proposed_text.splitlines()
    if not lines:
        raise ValidationError("the proposed file is empty", path="proposed")
    rows = list(csv.reader(io.StringIO(proposed_text), delimiter=sniff_delimiter(lines[0])))
    where = (columns or Columns()).locate(rows[0])
    final: Mapping[str, CalibrationChange] = {c.employee_id: c for c in session.changes}
    out = []
    for row in rows[1:]:
        row = list(row)
        position = where["employee_id"]
        change = final.get(normalise_employee_id(row[position])) if position < len(row) else None
        if change is not None:
            for field in ("performance", "potential"):
                while len(row) <= where[field]:
                    row.append("")
                row[where[field]] = getattr(change, field).label
        out.append(row)
    write_rows(stream, rows[0], out)


# -- repr(): one short line whatever the input --


def _source(source: str) -> str:
    shown = file_name(source)
    return f" of {clip(shown, NOTEBOOK_NAME)!r}" if shown else ""


def _session_repr(session: CalibrationSession) -> str:
    """A one-line ``repr()`` of a calibration session."""
    state = "finalised" if session.finalised else "open"
    changes = len(session.changes)
    return f"<CalibrationSession{_source(session.proposed)}: {changes:,} changes, {state}>"


def _report_repr(report: CalibrationReport) -> str:
    """A one-line ``repr()`` of a calibration report."""
    state = "finalised" if report.finalised else "open"
    flagged = sum(report.rater_effects.flagged)
    return (
        f"<CalibrationReport{_source(report.source)}: {len(report.changes):,} changes, {state}; "
        f"{len(report.rater_effects):,} assessors ({flagged:,} flagged), "
        f"{len(report.fairness):,} fairness checks>"
    )
