"""The Framework's staged implementation: milestones with dates, and an agency's progress."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from apsperf import _validators as v
from apsperf.errors import ValidationError

__all__ = [
    "AGENCY_SURVEY_2024_CLOSES",
    "AGENCY_SURVEY_2024_OPENS",
    "IMPLEMENT_BY",
    "ImplementationRecord",
    "Milestone",
    "MilestoneKind",
    "MilestoneProgress",
    "MilestoneStatus",
    "Timeline",
    "default_timeline",
    "milestone_progress",
]

AGENCY_SURVEY_2024_OPENS: Final = dt.date(2024, 7, 1)
"""The date apsperf assumes the 2024 APS Agency Survey opened (override in default_timeline)."""
AGENCY_SURVEY_2024_CLOSES: Final = dt.date(2024, 8, 30)
"""The date apsperf assumes the 2024 APS Agency Survey closed (override in default_timeline)."""


def _milestones(value: Iterable[Milestone]) -> tuple[Milestone, ...]:
    """Converter: a sequence of :class:`Milestone` becomes a tuple."""
    return v.to_tuple(value)


IMPLEMENT_BY: Final = dt.date(2025, 12, 31)
""""Completely implement the SES framework by 2025", read as by the end of 31 December 2025."""


class MilestoneKind(enum.Enum):
    """The four stages Secretaries Board agreed every APS agency will reach, in order."""

    COMMENCE = "commence"
    SELF_ASSESS = "self-assess"
    REPORT = "report"
    IMPLEMENT = "implement"

    @property
    def label(self) -> str:
        """The stage in the Framework's words."""
        return _KIND_LABELS[self]

    @property
    def record_field(self) -> str:
        """The :class:`ImplementationRecord` field that records when the stage was reached."""
        return _KIND_FIELDS[self]


_KIND_LABELS: Final = {
    MilestoneKind.COMMENCE: "Commence implementation at the earliest opportunity",
    MilestoneKind.SELF_ASSESS: (
        "Complete a self-assessment of current maturity state against the maturity model, "
        "prior to the 2024 Agency Survey"
    ),
    MilestoneKind.REPORT: (
        "Report on maturity state and aggregate ratings in the 2024 Agency Survey"
    ),
    MilestoneKind.IMPLEMENT: "Completely implement the SES framework by 2025",
}
_KIND_FIELDS: Final = {
    MilestoneKind.COMMENCE: "commenced_on",
    MilestoneKind.SELF_ASSESS: "self_assessed_on",
    MilestoneKind.REPORT: "reported_on",
    MilestoneKind.IMPLEMENT: "fully_implemented_on",
}


@attrs.frozen(kw_only=True)
class ImplementationRecord:
    """When an agency reached each stage of implementation; ``None`` where it has not yet."""

    commenced_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    self_assessed_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    reported_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    fully_implemented_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)

    def reached_on(self, kind: MilestoneKind) -> dt.date | None:
        """The date the agency reached the stage ``kind``, or ``None``."""
        found: dt.date | None = getattr(self, kind.record_field)
        return found


@attrs.frozen(kw_only=True)
class Milestone:
    """One stage of the staged implementation and the dates that apply to it.

    ``opens_on`` is the first day the stage can be met (the day a survey opens), ``None``
    when it is open from the start; ``due_on`` is the last day it is on time, ``None`` when
    it has no fixed deadline ("at the earliest opportunity"), in which case it is due until
    met and never overdue.
    """

    kind: MilestoneKind = attrs.field(validator=v.instance_of(MilestoneKind))
    description: str = attrs.field(validator=v.text)
    opens_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    due_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)

    def __attrs_post_init__(self) -> None:
        if self.opens_on is not None and self.due_on is not None and self.due_on < self.opens_on:
            raise ValidationError(
                f"must not be before opens_on ({self.opens_on.isoformat()})", path="due_on"
            )


def _check_milestones(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(Milestone)(_inst, attribute, value)
    kinds = [m.kind for m in value]
    for index, kind in enumerate(kinds):
        if kind in kinds[:index]:
            raise ValidationError(
                f"duplicate milestone {kind.value!r}", path=f"{attribute.name}[{index}].kind"
            )
    missing = [k.value for k in MilestoneKind if k not in kinds]
    if missing:
        raise ValidationError(f"missing milestone(s): {', '.join(missing)}", path=attribute.name)


@attrs.frozen(kw_only=True)
class Timeline:
    """The dated milestones of the staged implementation, one per :class:`MilestoneKind`.

    Progress is reported in the order the milestones are given here.
    """

    milestones: tuple[Milestone, ...] = attrs.field(
        converter=_milestones, validator=_check_milestones
    )
    note: str | None = attrs.field(default=None, validator=v.optional(v.text))

    def milestone(self, kind: MilestoneKind) -> Milestone:
        """The milestone for the stage ``kind``."""
        return next(m for m in self.milestones if m.kind is kind)


def default_timeline(
    *,
    survey_opens: dt.date = AGENCY_SURVEY_2024_OPENS,
    survey_closes: dt.date = AGENCY_SURVEY_2024_CLOSES,
    implement_by: dt.date = IMPLEMENT_BY,
) -> Timeline:
    """The staged implementation with apsperf's assumed dates; pass the real ones if known.

    Commencing has no deadline ("at the earliest opportunity"). The self-assessment is due
    the day before the 2024 Agency Survey opens; reporting opens and closes with that survey;
    full implementation is due by ``implement_by`` (31 December 2025 for "by 2025").
    """
    for name, value in (
        ("survey_opens", survey_opens),
        ("survey_closes", survey_closes),
        ("implement_by", implement_by),
    ):
        v.require_date(value, name)
    if survey_opens == dt.date.min:
        raise ValidationError("must be after the first calendar day", path="survey_opens")
    if survey_closes < survey_opens:
        raise ValidationError("must not be before survey_opens", path="survey_closes")
    return Timeline(
        milestones=(
            Milestone(kind=MilestoneKind.COMMENCE, description=MilestoneKind.COMMENCE.label),
            Milestone(
                kind=MilestoneKind.SELF_ASSESS,
                description=MilestoneKind.SELF_ASSESS.label,
                due_on=survey_opens - dt.timedelta(days=1),
            ),
            Milestone(
                kind=MilestoneKind.REPORT,
                description=MilestoneKind.REPORT.label,
                opens_on=survey_opens,
                due_on=survey_closes,
            ),
            Milestone(
                kind=MilestoneKind.IMPLEMENT,
                description=MilestoneKind.IMPLEMENT.label,
                due_on=implement_by,
            ),
        ),
        note=(
            f"2024 Agency Survey assumed open {survey_opens.isoformat()} to "
            f"{survey_closes.isoformat()}; full implementation due by "
            f"{implement_by.isoformat()}."
        ),
    )


class MilestoneStatus(enum.Enum):
    """Where an agency stands on one milestone on a given date."""

    MET = "met"
    DUE = "due"
    OVERDUE = "overdue"
    NOT_YET_DUE = "not-yet-due"

    @property
    def label(self) -> str:
        """The status in words: ``"Met"``, ``"Due"``, ``"Overdue"`` or ``"Not yet due"``."""
        return self.value.replace("-", " ").capitalize()


def _span(start: dt.date, end: dt.date) -> str:
    gap = relativedelta(end, start)
    parts = [(gap.years, "year"), (gap.months, "month"), (gap.days, "day")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    if not words:
        return "0 days"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@attrs.frozen(kw_only=True)
class MilestoneProgress:
    """An agency's standing on one milestone as at ``as_of``.

    ``met_on`` is when it was met (``None`` if not met by ``as_of``) and ``late`` says it was
    met after its due date.
    """

    milestone: Milestone
    status: MilestoneStatus
    as_of: dt.date
    met_on: dt.date | None = None
    late: bool = False

    @property
    def summary(self) -> str:
        """One line for a person: what the status means, with the dates that matter."""
        due = self.milestone.due_on
        if self.status is MilestoneStatus.MET:
            assert self.met_on is not None
            text = f"met on {self.met_on.isoformat()}"
            if self.late and due is not None:
                text += f", {_span(due, self.met_on)} after it was due ({due.isoformat()})"
            return text
        if self.status is MilestoneStatus.OVERDUE:
            assert due is not None
            return f"overdue by {_span(due, self.as_of)} (was due {due.isoformat()})"
        if self.status is MilestoneStatus.NOT_YET_DUE:
            opens = self.milestone.opens_on
            assert opens is not None
            return f"not yet due: opens {opens.isoformat()}, in {_span(self.as_of, opens)}"
        if due is None:
            return "due now (no fixed deadline: at the earliest opportunity)"
        return f"due by {due.isoformat()} ({_span(self.as_of, due)} left)"


def milestone_progress(
    record: ImplementationRecord, as_of: dt.date, timeline: Timeline | None = None
) -> tuple[MilestoneProgress, ...]:
    """Which milestones an agency has met, and which are due, overdue or not yet due.

    A milestone is *met* when the record dates it on or before ``as_of`` (and *late* if that
    is after its due date). Otherwise it is *not yet due* before it opens, *overdue* after
    its due date, and *due* in between. ``timeline`` defaults to :func:`default_timeline`.
    """
    if not isinstance(record, ImplementationRecord):
        raise ValidationError(
            f"expected ImplementationRecord, got {type(record).__name__}", path="record"
        )
    v.require_date(as_of, "as_of")
    timeline = default_timeline() if timeline is None else timeline
    progress: list[MilestoneProgress] = []
    for milestone in timeline.milestones:
        reached = record.reached_on(milestone.kind)
        due = milestone.due_on
        if reached is not None and reached <= as_of:
            progress.append(
                MilestoneProgress(
                    milestone=milestone,
                    status=MilestoneStatus.MET,
                    as_of=as_of,
                    met_on=reached,
                    late=due is not None and reached > due,
                )
            )
            continue
        if milestone.opens_on is not None and as_of < milestone.opens_on:
            status = MilestoneStatus.NOT_YET_DUE
        elif due is None or as_of <= due:
            status = MilestoneStatus.DUE
        else:
            status = MilestoneStatus.OVERDUE
        progress.append(MilestoneProgress(milestone=milestone, status=status, as_of=as_of))
    return tuple(progress)
