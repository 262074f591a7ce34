"""A plan over the performance cycle: drafted, agreed, reviewed and amended, then closed.

Every change is a new revision holding the whole plan as it then stood, with who recorded
it, when, why and which fields changed. Nothing is edited in place and no revision is lost.
Each revision carries a digest that binds it to its content and to the revision before it,
and the plan records its head (how many revisions, the last digest), so an edit inside a
stored history is refused on load (see :mod:`apsperf.agreements.model._chain`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf._chain import DIGEST, chain_digest, check_digest
from apsperf._display import display_html, one_line, quoted
from apsperf.agreements.model._plan import PlanContent, PlanDetails, Signature
from apsperf.errors import ValidationError
from apsperf.schema import METADATA_KEY

__all__ = [
    "PerformanceManagementPlan",
    "PlanEvent",
    "PlanHead",
    "PlanStatus",
    "ReviewNotes",
    "Revision",
    "changed_paths",
]


def _revisions(value: Iterable[Revision]) -> tuple[Revision, ...]:
    """Converter: a sequence of :class:`Revision` becomes a tuple."""
    return v.to_tuple(value)


class PlanStatus(enum.Enum):
    """Where a plan stands in the performance cycle.

    ``AMENDED`` is apsperf's reading of the template's "reviewed and amended": the content of
    an agreed or reviewed plan changed, and officer and manager have not yet both signed
    the changed plan.
    """

    DRAFT = "draft"
    AGREED = "agreed"
    REVIEWED = "reviewed"
    AMENDED = "amended"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """``"Draft"``, ``"Agreed"``, ``"Reviewed"``, ``"Amended"`` or ``"Closed"``."""
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
_SIGNED: Final = _IN_FORCE | {PlanStatus.AMENDED}
_ALLOWED_FROM: Final[dict[PlanEvent, frozenset[PlanStatus]]] = {
    PlanEvent.AMENDED: frozenset({PlanStatus.DRAFT, *_SIGNED}),
    PlanEvent.AGREED: frozenset({PlanStatus.DRAFT, PlanStatus.AMENDED}),
    PlanEvent.REVIEWED: _IN_FORCE,
    PlanEvent.CLOSED: _IN_FORCE,
}
_HINTS: Final = {
    PlanStatus.AMENDED: "; officer and manager must both sign the amended plan again (agree it)",
}


def _status_after(status: PlanStatus, event: PlanEvent, changed: bool) -> PlanStatus:
    """The status after a revision recording ``event`` (``changed``: its content changed)."""
    if event is PlanEvent.DRAFTED or (status is PlanStatus.DRAFT and event is PlanEvent.AMENDED):
        return PlanStatus.DRAFT
    if event in (PlanEvent.AMENDED, PlanEvent.REVIEWED) and changed:
        return PlanStatus.AMENDED  # any change to a signed plan waits for both signatures
    return {
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


def _participants(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.text_tuple(_inst, attribute, value)
    if not value:
        raise ValidationError("name at least one person who took part", path=attribute.name)


@attrs.frozen(kw_only=True)
class ReviewNotes:
    """The record of a review meeting: what was discussed and who took part."""

    discussed: str = attrs.field(validator=v.text)
    participants: tuple[str, ...] = attrs.field(converter=v.texts, validator=_participants)


_DIGEST_SCHEMA: Final = {
    METADATA_KEY: {"pattern": f"^{DIGEST.pattern}{v.END}", "description": "SHA-256, lowercase hex"}
}


def _check_revision_digest(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_digest(value, attribute.name)


@attrs.frozen(kw_only=True)
class Revision:
    """One revision of a plan: the whole plan as it stood, and how it came to be so.

    ``number`` counts from 1. ``recorded_by`` and ``recorded_on`` say who made the change and
    when; ``reason`` is their note; a review also carries its ``notes``; ``changes`` lists
    the field paths that differ from the previous revision (empty for the first).
    ``digest`` is the SHA-256 that binds this revision to its content and to the revision
    before it (see :meth:`expected_digest`).
    """

    number: int = attrs.field(validator=v.instance_of(int))
    event: PlanEvent = attrs.field(validator=v.instance_of(PlanEvent))
    recorded_by: str = attrs.field(validator=v.text)
    recorded_on: dt.date = attrs.field(validator=v.check_date)
    reason: str | None = attrs.field(default=None, validator=v.optional(v.text))
    notes: ReviewNotes | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ReviewNotes))
    )
    changes: tuple[str, ...] = attrs.field(default=(), converter=v.texts, validator=v.text_tuple)
    content: PlanContent = attrs.field(validator=v.instance_of(PlanContent))
    digest: str = attrs.field(validator=_check_revision_digest, metadata=_DIGEST_SCHEMA)

    def expected_digest(self, previous: str | None) -> str:
        """The digest this revision must carry when it follows a revision digested ``previous``.

        It is the SHA-256 of the canonical JSON of the revision as the document writes it
        (without ``digest``) and ``previous`` (``None`` for revision 1).
        """
        from apsperf.serialization import converter

        body = converter.unstructure(self)
        del body["digest"]
        return chain_digest(body, previous)

    def __repr__(self) -> str:
        return _revision_repr(self)


@attrs.frozen(kw_only=True)
class PlanHead:
    """The end of a plan's history: how many revisions it holds and the last one's digest.

    A history cut short, or lengthened, no longer matches its head.
    """

    revisions: int = attrs.field(validator=v.instance_of(int))
    digest: str = attrs.field(validator=_check_revision_digest, metadata=_DIGEST_SCHEMA)


def _check_chain(revisions: tuple[Revision, ...], name: str) -> None:
    previous: str | None = None
    for index, revision in enumerate(revisions):
        if revision.digest != revision.expected_digest(previous):
            link = "" if previous is None else f", or its link to revision {index},"
            raise ValidationError(
                f"revision {index + 1} does not match its digest: its content{link} was "
                "changed after it was recorded",
                path=f"{name}[{index}].digest",
            )
        previous = revision.digest


def _check_revisions(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(Revision)(_inst, attribute, value)
    if not value:
        raise ValidationError(
            "a plan has at least its first (drafted) revision", path=attribute.name
        )
    _check_chain(value, attribute.name)
    status = PlanStatus.DRAFT
    previous: Revision | None = None
    last_change: dt.date | None = None
    for index, revision in enumerate(value):
        where = f"{attribute.name}[{index}]"
        if (revision.event is PlanEvent.REVIEWED) != (revision.notes is not None):
            raise ValidationError(
                "a review records its notes (what was discussed, who took part)"
                if revision.notes is None
                else "only a review carries review notes",
                path=f"{where}.notes",
            )
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
                    f"a plan that is {status.value} cannot be {revision.event.value}"
                    f"{_HINTS.get(status, '')}",
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
        if status is PlanStatus.AMENDED and revision.event is PlanEvent.AGREED:
            _check_signed_again(revision, last_change, where)
        status = _status_after(status, revision.event, bool(revision.changes))
        if status in _SIGNED:
            missing = revision.content.details.missing_for_agreement()
            if missing:
                raise ValidationError(
                    "an agreed plan needs both signatures and the date of the meeting",
                    path=f"{where}.content.details.{missing[0]}",
                )
        if revision.changes:
            last_change = revision.recorded_on
        previous = revision


def _check_signed_again(revision: Revision, last_change: dt.date | None, where: str) -> None:
    """An amended plan is agreed again only when both sign on or after its last change."""
    details = revision.content.details
    for name in ("officer_signature", "manager_signature"):
        signature: Signature | None = getattr(details, name)
        if signature is not None and last_change is not None and signature.signed_on < last_change:
            raise ValidationError(
                f"officer and manager both sign an amended plan again: this signature is "
                f"dated {signature.signed_on.isoformat()}, before the plan last changed "
                f"({last_change.isoformat()})",
                path=f"{where}.content.details.{name}.signed_on",
            )


def _check_head(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance_of(PlanHead)(inst, attribute, value)
    revisions: tuple[Revision, ...] = inst.revisions
    if value.revisions != len(revisions):
        raise ValidationError(
            f"the head records {value.revisions} revision(s) but the history holds "
            f"{len(revisions)}: revisions were removed from or added to its end",
            path=f"{attribute.name}.revisions",
        )
    if value.digest != revisions[-1].digest:
        raise ValidationError(
            f"does not match the digest of the last revision ({len(revisions)}): the "
            "history was changed after its head was recorded",
            path=f"{attribute.name}.digest",
        )


def _head_of(revisions: tuple[Revision, ...]) -> PlanHead:
    return PlanHead(revisions=len(revisions), digest=revisions[-1].digest)


def _plan_of(revisions: tuple[Revision, ...]) -> PerformanceManagementPlan:
    return PerformanceManagementPlan(revisions=revisions, head=_head_of(revisions))


_CONTENT_FIELDS: Final = tuple(field.name for field in attrs.fields(PlanContent))


@attrs.frozen(kw_only=True)
class PerformanceManagementPlan:
    """A Senior Executive Performance Management Plan over its performance cycle.

    The plan is the whole list of its revisions, oldest first; the last one is the plan as
    it now stands. Lifecycle methods (:meth:`amend`, :meth:`agree`, :meth:`review`,
    :meth:`close`) return a new plan with one more revision and leave this one unchanged,
    so every earlier revision stays recoverable (:meth:`as_of`).

    The lifecycle is: drafted, amended freely while a draft, agreed (both signatures and the
    meeting date), then reviewed and amended during the cycle, and finally closed. Any change
    to the content of an agreed or reviewed plan makes it ``amended`` until officer and
    manager both sign it again (:meth:`agree`). Nothing can change a closed plan.

    ``head`` records how many revisions the history holds and the digest of the last; with
    each revision's digest it makes an edit inside a stored history fail to load.
    """

    revisions: tuple[Revision, ...] = attrs.field(converter=_revisions, validator=_check_revisions)
    head: PlanHead = attrs.field(validator=_check_head)

    @classmethod
    def draft(
        cls, content: PlanContent, *, by: str, on: dt.date, reason: str | None = None
    ) -> PerformanceManagementPlan:
        """Start a plan: its first revision, a draft of ``content`` recorded by ``by`` on ``on``."""
        first = _revision(1, PlanEvent.DRAFTED, by, on, reason, None, (), content, None)
        return _plan_of((first,))

    def __repr__(self) -> str:
        return _plan_repr(self)

    def _repr_html_(self) -> str:
        return display_html(self)

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
        """Where the plan stands now: draft, agreed, reviewed, amended or closed."""
        status = PlanStatus.DRAFT
        for revision in self.revisions:
            status = _status_after(status, revision.event, bool(revision.changes))
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
        return _plan_of(self.revisions[:number])

    def as_on(self, day: dt.date) -> PerformanceManagementPlan | None:
        """The plan as it stood at the end of ``day``, or ``None`` if not yet drafted then."""
        kept = tuple(r for r in self.revisions if r.recorded_on <= day)
        return _plan_of(kept) if kept else None

    def amend(
        self, *, by: str, on: dt.date, reason: str | None = None, **changes: Any
    ) -> PerformanceManagementPlan:
        """A new revision with some sections or details replaced.

        Keyword arguments name :class:`PlanContent` fields (``details``, ``outcomes``,
        ``leadership``, ``learning``, ``career``, ``relationship``) and give their new values.
        A closed plan cannot be amended; an agreed plan cannot lose its signatures, and
        amending it makes it ``amended`` until both sign again.
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
        resulting plan must have both signatures and a meeting date. An ``amended`` plan is
        agreed again when both signatures are dated on or after its last change.
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
        self,
        *,
        by: str,
        on: dt.date,
        notes: ReviewNotes,
        reason: str | None = None,
        **changes: Any,
    ) -> PerformanceManagementPlan:
        """A new revision recording a review during the cycle, with its ``notes``.

        Changes are optional; a review that changes the plan makes it ``amended`` until
        officer and manager both sign again.
        """
        self._require(PlanEvent.REVIEWED)
        if not isinstance(notes, ReviewNotes):
            raise TypeError(f"notes must be ReviewNotes, got {type(notes).__name__}")
        content = self._changed(changes)
        return self._record(PlanEvent.REVIEWED, by, on, reason, content, notes)

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
                f"a plan that is {status.value} cannot be {event.value}{_HINTS.get(status, '')}",
                path="status",
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
        self,
        event: PlanEvent,
        by: str,
        on: dt.date,
        reason: str | None,
        content: PlanContent,
        notes: ReviewNotes | None = None,
    ) -> PerformanceManagementPlan:
        number = len(self.revisions) + 1
        changes = changed_paths(self.content, content)
        revision = _revision(
            number, event, by, on, reason, notes, changes, content, self.current.digest
        )
        try:
            return _plan_of((*self.revisions, revision))
        except ValidationError as error:
            prefix = f"revisions[{number - 1}]"
            if error.path.startswith(prefix):
                inner = error.path.removeprefix(prefix).lstrip(".").removeprefix("content.")
                error = ValidationError(error.message, path=inner)
            raise error from None


_UNSET: Final = "0" * 64


def _revision(
    number: int,
    event: PlanEvent,
    by: str,
    on: dt.date,
    reason: str | None,
    notes: ReviewNotes | None,
    changes: tuple[str, ...],
    content: PlanContent,
    previous: str | None,
) -> Revision:
    """A new revision carrying its digest after the revision digested ``previous``."""
    undigested = Revision(
        number=number,
        event=event,
        recorded_by=by,
        recorded_on=on,
        reason=reason,
        notes=notes,
        changes=changes,
        content=content,
        digest=_UNSET,
    )
    return attrs.evolve(undigested, digest=undigested.expected_digest(previous))


# -- repr(): one short line, text from input clipped --


def _revision_repr(revision: Revision) -> str:
    """A one-line ``repr()`` of one revision of a plan."""
    changes = len(revision.changes)
    return one_line(
        f"<Revision {revision.number:,}: {revision.event.value} by {quoted(revision.recorded_by)} "
        f"on {revision.recorded_on.isoformat()}, {changes:,} "
        f"field{'' if changes == 1 else 's'} changed>"
    )


def _plan_repr(plan: PerformanceManagementPlan) -> str:
    """A one-line ``repr()`` of a performance management plan."""
    details = plan.details
    return one_line(
        f"<PerformanceManagementPlan for {quoted(details.officer_name)}, "
        f"{details.period.start.isoformat()} to {details.period.end.isoformat()}: "
        f"{plan.status.value}, {len(plan.revisions):,} revisions, "
        f"{len(plan.content.outcomes):,} work outcomes>"
    )
