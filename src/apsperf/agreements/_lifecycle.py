"""A plan over the performance cycle: drafted, agreed, reviewed and amended, then closed.

Every change is a new revision holding the whole plan as it then stood, with who recorded
it, when, why and which fields changed. Nothing is edited in place and no revision is lost.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf.agreements._plan import PlanContent, PlanDetails, Signature
from apsperf.errors import ValidationError

__all__ = ["PerformanceManagementPlan", "PlanEvent", "PlanStatus", "Revision", "changed_paths"]


def _revisions(value: Iterable[Revision]) -> tuple[Revision, ...]:
    """Converter: a sequence of :class:`Revision` becomes a tuple."""
    return v.to_tuple(value)


class PlanStatus(enum.Enum):
    """Where a plan stands in the performance cycle."""

    DRAFT = "draft"
    AGREED = "agreed"
    REVIEWED = "reviewed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """``"Draft"``, ``"Agreed"``, ``"Reviewed"`` or ``"Closed"``."""
        return self.value.capitalize()


class PlanEvent(enum.Enum):
    """What a revision records happening to the plan."""

    DRAFTED = "drafted"
    AMENDED = "amended"
    AGREED = "agreed"
    REVIEWED = "reviewed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """``"Drafted"``, ``"Amended"`` and so on."""
        return self.value.capitalize()


_IN_FORCE: Final = frozenset({PlanStatus.AGREED, PlanStatus.REVIEWED})
_ALLOWED_FROM: Final[dict[PlanEvent, frozenset[PlanStatus]]] = {
    PlanEvent.AMENDED: frozenset({PlanStatus.DRAFT, PlanStatus.AGREED, PlanStatus.REVIEWED}),
    PlanEvent.AGREED: frozenset({PlanStatus.DRAFT}),
    PlanEvent.REVIEWED: _IN_FORCE,
    PlanEvent.CLOSED: _IN_FORCE,
}


def _status_after(status: PlanStatus, event: PlanEvent) -> PlanStatus:
    if event is PlanEvent.AMENDED:
        return status
    return {
        PlanEvent.DRAFTED: PlanStatus.DRAFT,
        PlanEvent.AGREED: PlanStatus.AGREED,
        PlanEvent.REVIEWED: PlanStatus.REVIEWED,
        PlanEvent.CLOSED: PlanStatus.CLOSED,
    }[event]


def changed_paths(before: object, after: object, path: str = "") -> tuple[str, ...]:
    """The field paths where two plan values differ, e.g. ``("outcomes[1].measures",)``.

    A list that grew or shrank is reported once, by its own path.
    """
    if before == after:
        return ()
    kind = type(before)
    if attrs.has(kind) and type(after) is kind:
        found: list[str] = []
        for field in attrs.fields(kind):
            inner = f"{path}.{field.name}" if path else field.name
            found.extend(
                changed_paths(getattr(before, field.name), getattr(after, field.name), inner)
            )
        return tuple(found)
    if isinstance(before, tuple) and isinstance(after, tuple) and len(before) == len(after):
        found = []
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            found.extend(changed_paths(old, new, f"{path}[{index}]"))
        return tuple(found)
    return (path or "$",)


@attrs.frozen(kw_only=True)
class Revision:
    """One revision of a plan: the whole plan as it stood, and how it came to be so.

    ``number`` counts from 1. ``recorded_by`` and ``recorded_on`` say who made the change and
    when; ``reason`` is their note; ``changes`` lists the field paths that differ from the
    previous revision (empty for the first).
    """

    number: int = attrs.field(validator=v.instance_of(int))
    event: PlanEvent = attrs.field(validator=v.instance_of(PlanEvent))
    recorded_by: str = attrs.field(validator=v.text)
    recorded_on: dt.date = attrs.field(validator=v.check_date)
    reason: str | None = attrs.field(default=None, validator=v.optional(v.text))
    changes: tuple[str, ...] = attrs.field(default=(), converter=v.texts, validator=v.text_tuple)
    content: PlanContent = attrs.field(validator=v.instance_of(PlanContent))


def _check_revisions(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(Revision)(_inst, attribute, value)
    if not value:
        raise ValidationError(
            "a plan has at least its first (drafted) revision", path=attribute.name
        )
    status = PlanStatus.DRAFT
    previous: Revision | None = None
    for index, revision in enumerate(value):
        where = f"{attribute.name}[{index}]"
        if revision.number != index + 1:
            raise ValidationError(
                f"must be {index + 1}, not {revision.number}", path=f"{where}.number"
            )
        if previous is None:
            if revision.event is not PlanEvent.DRAFTED:
                raise ValidationError(
                    "the first revision must be the drafted plan", path=f"{where}.event"
                )
            if revision.changes:
                raise ValidationError(
                    "the first revision has no earlier one to differ from", path=f"{where}.changes"
                )
        else:
            if revision.event is PlanEvent.DRAFTED:
                raise ValidationError(
                    "only the first revision can be the drafted plan", path=f"{where}.event"
                )
            if status not in _ALLOWED_FROM[revision.event]:
                raise ValidationError(
                    f"a plan that is {status.value} cannot be {revision.event.value}",
                    path=f"{where}.event",
                )
            if revision.recorded_on < previous.recorded_on:
                raise ValidationError(
                    f"must not be before the previous revision "
                    f"({previous.recorded_on.isoformat()})",
                    path=f"{where}.recorded_on",
                )
            expected = changed_paths(previous.content, revision.content)
            if revision.changes != expected:
                raise ValidationError(
                    f"must list the fields that differ from revision {previous.number}: "
                    f"{list(expected)}",
                    path=f"{where}.changes",
                )
            if revision.event is PlanEvent.AMENDED and not expected:
                raise ValidationError("an amendment must change something", path=f"{where}.content")
            if revision.event is PlanEvent.CLOSED and expected:
                raise ValidationError(
                    "closing a plan does not change it; amend it first", path=f"{where}.content"
                )
        status = _status_after(status, revision.event)
        if status in _IN_FORCE:
            missing = revision.content.details.missing_for_agreement()
            if missing:
                raise ValidationError(
                    "an agreed plan needs both signatures and the date of the meeting",
                    path=f"{where}.content.details.{missing[0]}",
                )
        previous = revision


_CONTENT_FIELDS: Final = tuple(field.name for field in attrs.fields(PlanContent))


@attrs.frozen(kw_only=True)
class PerformanceManagementPlan:
    """A Senior Executive Performance Management Plan over its performance cycle.

    The plan is the whole list of its revisions, oldest first; the last one is the plan as
    it now stands. Lifecycle methods (:meth:`amend`, :meth:`agree`, :meth:`review`,
    :meth:`close`) return a new plan with one more revision and leave this one unchanged,
    so every earlier revision stays recoverable (:meth:`as_of`).

    The lifecycle is: drafted, amended freely while a draft, agreed (both signatures and the
    meeting date), then reviewed and amended during the cycle, and finally closed. Nothing
    can change a closed plan.
    """

    revisions: tuple[Revision, ...] = attrs.field(converter=_revisions, validator=_check_revisions)

    @classmethod
    def draft(
        cls, content: PlanContent, *, by: str, on: dt.date, reason: str | None = None
    ) -> PerformanceManagementPlan:
        """Start a plan: its first revision, a draft of ``content`` recorded by ``by`` on ``on``."""
        return cls(revisions=(_revision(1, PlanEvent.DRAFTED, by, on, reason, (), content),))

    @property
    def current(self) -> Revision:
        """The latest revision: the plan as it now stands."""
        return self.revisions[-1]

    @property
    def content(self) -> PlanContent:
        """The plan's details and sections as they now stand."""
        return self.current.content

    @property
    def details(self) -> PlanDetails:
        """The plan details (names, dates, signatures) as they now stand."""
        return self.current.content.details

    @property
    def status(self) -> PlanStatus:
        """Where the plan stands now: draft, agreed, reviewed or closed."""
        status = PlanStatus.DRAFT
        for revision in self.revisions:
            status = _status_after(status, revision.event)
        return status

    def as_of(self, number: int) -> PerformanceManagementPlan:
        """The plan exactly as it was when revision ``number`` was recorded.

        Its JSON is byte for byte the JSON the plan had then.
        """
        if (
            isinstance(number, bool)
            or not isinstance(number, int)
            or not (1 <= number <= len(self.revisions))
        ):
            raise ValidationError(
                f"there is no revision {number!r}; revisions run 1-{len(self.revisions)}",
                path="number",
            )
        return PerformanceManagementPlan(revisions=self.revisions[:number])

    def as_on(self, day: dt.date) -> PerformanceManagementPlan | None:
        """The plan as it stood at the end of ``day``, or ``None`` if not yet drafted then."""
        kept = tuple(r for r in self.revisions if r.recorded_on <= day)
        return PerformanceManagementPlan(revisions=kept) if kept else None

    def amend(
        self, *, by: str, on: dt.date, reason: str | None = None, **changes: Any
    ) -> PerformanceManagementPlan:
        """A new revision with some sections or details replaced.

        Keyword arguments name :class:`PlanContent` fields (``details``, ``outcomes``,
        ``leadership``, ``learning``, ``career``, ``relationship``) and give their new values.
        A closed plan cannot be amended; an agreed plan cannot lose its signatures.
        """
        self._require(PlanEvent.AMENDED)
        return self._record(PlanEvent.AMENDED, by, on, reason, self._changed(changes))

    def agree(
        self,
        *,
        by: str,
        on: dt.date,
        officer_signature: Signature | None = None,
        manager_signature: Signature | None = None,
        meeting_date: dt.date | None = None,
        reason: str | None = None,
    ) -> PerformanceManagementPlan:
        """A new revision recording that officer and manager agreed the plan.

        Signatures and the meeting date given here are written into the plan details; the
        resulting plan must have both signatures and a meeting date.
        """
        self._require(PlanEvent.AGREED)
        details = self.details
        updates: dict[str, Any] = {
            name: value
            for name, value in (
                ("officer_signature", officer_signature),
                ("manager_signature", manager_signature),
                ("meeting_date", meeting_date),
            )
            if value is not None
        }
        try:
            details = attrs.evolve(details, **updates)
        except ValidationError as error:
            raise error.within("details") from None
        return self._record(PlanEvent.AGREED, by, on, reason, self._changed({"details": details}))

    def review(
        self, *, by: str, on: dt.date, reason: str | None = None, **changes: Any
    ) -> PerformanceManagementPlan:
        """A new revision recording a review during the cycle (changes are optional)."""
        self._require(PlanEvent.REVIEWED)
        return self._record(PlanEvent.REVIEWED, by, on, reason, self._changed(changes))

    def close(
        self, *, by: str, on: dt.date, reason: str | None = None
    ) -> PerformanceManagementPlan:
        """A new revision closing the plan at the end of the cycle; nothing changes after."""
        self._require(PlanEvent.CLOSED)
        return self._record(PlanEvent.CLOSED, by, on, reason, self.content)

    def _require(self, event: PlanEvent) -> None:
        status = self.status
        if status not in _ALLOWED_FROM[event]:
            raise ValidationError(
                f"a plan that is {status.value} cannot be {event.value}", path="status"
            )

    def _changed(self, changes: dict[str, Any]) -> PlanContent:
        for name in changes:
            if name not in _CONTENT_FIELDS:
                raise ValidationError(
                    f"not a part of the plan; expected one of {', '.join(_CONTENT_FIELDS)}",
                    path=name,
                )
        return attrs.evolve(self.content, **changes)

    def _record(
        self, event: PlanEvent, by: str, on: dt.date, reason: str | None, content: PlanContent
    ) -> PerformanceManagementPlan:
        number = len(self.revisions) + 1
        revision = _revision(
            number, event, by, on, reason, changed_paths(self.content, content), content
        )
        try:
            return PerformanceManagementPlan(revisions=(*self.revisions, revision))
        except ValidationError as error:
            prefix = f"revisions[{number - 1}]"
            if error.path.startswith(prefix):
                inner = error.path.removeprefix(prefix).lstrip(".").removeprefix("content.")
                error = ValidationError(error.message, path=inner)
            raise error from None


def _revision(
    number: int,
    event: PlanEvent,
    by: str,
    on: dt.date,
    reason: str | None,
    changes: tuple[str, ...],
    content: PlanContent,
) -> Revision:
    return Revision(
        number=number,
        event=event,
        recorded_by=by,
        recorded_on=on,
        reason=reason,
        changes=changes,
        content=content,
    )
