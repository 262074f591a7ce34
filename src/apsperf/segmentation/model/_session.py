"""A talent council's calibration session (version 2): an append-only, hash-chained log.

Each entry of the log is one thing the council did: a **move** (a person's new
performance and potential, with the reason), a **confirmation** (a change that keeps the
person where they already are), a **reversal** (undoing an earlier move or confirmation,
which stays in the log), or the **finalisation** (after which nothing can be added).
Every entry records who, the council's day (``on``) and when apsperf recorded it
(``recorded_at``, UTC).

Each entry carries a SHA-256 digest over its content and the digest before it; the first
entry's "before" is the digest of the session's header (the proposals' name and content
digest). The session records its head (how many entries, the last digest), so an entry
edited, removed, reordered or added without recomputing the chain, or a finalisation
removed, is refused when the document is read. The chain is unkeyed: it shows that a
document is not what it was when its head was written down (in a council's minutes, say),
not who wrote it. See docs/calibration.md, "Trusting a session document".
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf._chain import DIGEST, chain_digest, check_digest
from apsperf._display import display_html, one_line, quoted
from apsperf._ids import EMPLOYEE_ID_OR_EMPTY_PATTERN
from apsperf._text import file_name
from apsperf.errors import ValidationError
from apsperf.schema import METADATA_KEY
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Level, Segment, segment_for
from apsperf.segmentation.model._placement import _normalised_id, normalise_employee_id
from apsperf.segmentation.model._workforce import Workforce
from apsperf.serialization import JSON_KEY

__all__ = [
    "SESSION_VERSION",
    "AppliedChange",
    "CalibrationChange",
    "CalibrationSession",
    "EntryKind",
    "SessionEntry",
    "SessionHead",
    "proposals_digest",
]

SESSION_VERSION: Final = 2
"""The version of the session document this release writes (it reads 1 and 2)."""

CHAIN: Final = "apsperf-calibration-entry/1"
"""Names the canonical form hashed for each entry (see :mod:`apsperf._chain`)."""

_DIGEST_SCHEMA: Final = {
    METADATA_KEY: {"pattern": f"^{DIGEST.pattern}{v.END}", "description": "SHA-256, lowercase hex"}
}
_EMPLOYEE_ID_OR_NONE_SCHEMA: Final = {
    # "" in a finalisation, else an identifier as _check_entry checks it with _normalised_id
    METADATA_KEY: {"pattern": EMPLOYEE_ID_OR_EMPTY_PATTERN}
}


def proposals_digest(proposed: Workforce) -> str:
    """The SHA-256 of the placements a session calibrates, as 64 lowercase hex digits.

    Computed over each placed person's identifier and segment, in file order (not the
    file's bytes): the same placements read from a .csv and from an .xlsx give the same
    digest; a person added, removed or placed elsewhere gives another.
    """
    if not isinstance(proposed, Workforce):
        raise ValidationError(f"expected Workforce, got {type(proposed).__name__}", path="proposed")
    return proposed.placements_digest()


class EntryKind(enum.Enum):
    """What one entry of a session's log records."""

    MOVE = "move"
    """A person placed elsewhere than they were."""
    CONFIRMATION = "confirmation"
    """A change that keeps the person where they already were: recorded, not a move."""
    REVERSAL = "reversal"
    """An earlier move or confirmation undone (it stays in the log)."""
    FINALISATION = "finalisation"
    """The session locked: nothing can be added after it."""


_DECISIONS: Final = (EntryKind.MOVE, EntryKind.CONFIRMATION)


@attrs.frozen(kw_only=True)
class CalibrationChange:
    """One change the council agreed: a person's performance and potential, and why.

    ``reason`` is required: a move with no recorded reason is not an audit trail. ``by`` is
    who made the change (the council chair, a delegate), ``on`` the council's day and
    ``notes`` anything more the council wants kept with it. ``line`` is where it was read
    from (a changes file's line), for messages; it is not part of the change.
    """

    employee_id: str = attrs.field(validator=_normalised_id)
    performance: Level = attrs.field(validator=v.instance_of(Level))
    potential: Level = attrs.field(validator=v.instance_of(Level))
    reason: str = attrs.field(validator=v.text)
    by: str = attrs.field(validator=v.text)
    on: dt.date = attrs.field(validator=v.instance_of(dt.date))
    notes: str = attrs.field(default="", validator=v.instance_of(str))
    line: int | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def segment(self) -> Segment:
        """The segment the change places the person in."""
        return segment_for(self.performance, self.potential)

    def _key(self) -> tuple[object, ...]:
        return (self.employee_id, self.performance, self.potential, self.reason, self.by, self.on)


@attrs.frozen(kw_only=True)
class AppliedChange:
    """One move or confirmation as applied: the person's segment before it and after it.

    ``number`` is its entry in the session's log. A confirmation has ``from_segment`` equal
    to ``to_segment``. In documents the two segments are ``"from"`` and ``"to"``; in Python,
    where ``from`` is a keyword, they are ``from_segment`` and ``to_segment``.
    """

    number: int = attrs.field(validator=v.at_least(1))
    kind: EntryKind = attrs.field(validator=v.instance_of(EntryKind))
    employee_id: str = attrs.field(validator=v.text)
    from_segment: Segment = attrs.field(
        validator=v.instance_of(Segment), metadata={JSON_KEY: "from"}
    )
    to_segment: Segment = attrs.field(validator=v.instance_of(Segment), metadata={JSON_KEY: "to"})
    reason: str = attrs.field(validator=v.text)
    by: str | None = attrs.field(validator=v.optional(v.text))
    on: dt.date = attrs.field(validator=v.instance_of(dt.date))
    notes: str = attrs.field(default="", validator=v.instance_of(str))


def _check_aware(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise ValidationError(
            "expected a date and time with its offset from UTC (2026-09-22T10:15:00+00:00)",
            path=attribute.name,
        )


def _check_entry_digest(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_digest(value, attribute.name)


@attrs.frozen(kw_only=True, cache_hash=True)
class SessionEntry:
    """One entry of a session's log.

    ``number`` counts from 1. A move or confirmation names the person, their new levels,
    the reason, who (``by``) and the council's day (``on``), with optional ``notes``. A
    reversal names the entry it ``undoes``, with its own reason, who and day. A
    finalisation names who finalised. ``recorded_at`` is when apsperf recorded the entry
    (UTC); it and ``by`` are ``None`` only in entries migrated from a version-1 session,
    which did not record them. ``digest`` binds the entry to its content and to the entry
    before it.
    """

    number: int = attrs.field(validator=v.at_least(1))
    kind: EntryKind = attrs.field(validator=v.instance_of(EntryKind))
    employee_id: str = attrs.field(
        default="", validator=v.instance_of(str), metadata=_EMPLOYEE_ID_OR_NONE_SCHEMA
    )
    performance: Level | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Level))
    )
    potential: Level | None = attrs.field(default=None, validator=v.optional(v.instance_of(Level)))
    reason: str = attrs.field(default="", validator=v.instance_of(str))
    notes: str = attrs.field(default="", validator=v.instance_of(str))
    by: str | None = attrs.field(default=None, validator=v.optional(v.text))
    on: dt.date | None = attrs.field(default=None, validator=v.optional(v.instance_of(dt.date)))
    recorded_at: dt.datetime | None = attrs.field(default=None, validator=_check_aware)
    undoes: int | None = attrs.field(default=None, validator=v.optional(v.at_least(1)))
    digest: str = attrs.field(validator=_check_entry_digest, metadata=_DIGEST_SCHEMA)

    @property
    def segment(self) -> Segment | None:
        """The segment a move or confirmation places the person in (else ``None``)."""
        if self.performance is None or self.potential is None:
            return None
        return segment_for(self.performance, self.potential)

    def expected_digest(self, previous: str) -> str:
        """The digest this entry must carry after an entry (or header) digested ``previous``."""
        return _entry_digest(self, previous)


_DIGESTS: dict[tuple[SessionEntry, str], str] = {}
"""Chain digests already computed, by entry (its whole value) and predecessor's digest."""
_DIGESTS_KEPT: Final = 1 << 16


def _entry_digest(entry: SessionEntry, previous: str) -> str:
    """The chain digest of ``entry`` after ``previous``, remembered by the entry's whole value.

    Appending to a long log checks the whole chain again; each entry already digested (same
    content, digest and predecessor) is not hashed twice, nor is an entry just made by
    :meth:`CalibrationSession._entry`. A changed entry is another key.
    """
    digest = _DIGESTS.get((entry, previous))
    if digest is None:
        digest = _remember(entry, previous, _body_digest(entry, previous))
    return digest


def _remember(entry: SessionEntry, previous: str, digest: str) -> str:
    if len(_DIGESTS) >= _DIGESTS_KEPT:
        _DIGESTS.clear()
    _DIGESTS[entry, previous] = digest
    return digest


def _body_digest(entry: SessionEntry, previous: str) -> str:
    """The chain digest of ``entry``'s document form without its ``digest``, after ``previous``."""
    from apsperf.serialization import converter

    body = converter.unstructure(entry)
    del body["digest"]
    return chain_digest(body, previous, chain=CHAIN)


@attrs.frozen(kw_only=True)
class SessionHead:
    """The end of a session's log: how many entries it holds and the last digest.

    With no entries, ``digest`` is the header's (see :meth:`CalibrationSession.header_digest`).
    """

    entries: int = attrs.field(validator=v.at_least(0))
    digest: str = attrs.field(validator=_check_entry_digest, metadata=_DIGEST_SCHEMA)


def _check_proposals_digest(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value != "":
        check_digest(value, attribute.name)


def _entries(value: Iterable[SessionEntry]) -> tuple[SessionEntry, ...]:
    return v.to_tuple(value)


def _header_digest(proposed: str, proposals: str) -> str:
    return chain_digest(
        {"proposed": proposed, "proposed_digest": proposals, "version": SESSION_VERSION},
        None,
        chain=CHAIN,
    )


def _check_entries(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(SessionEntry)(inst, attribute, value)
    if inst is None:  # checked alone (a schema's constraints): the chain needs its session
        return
    previous = _header_digest(inst.proposed, inst.proposed_digest)
    decided: dict[int, SessionEntry] = {}
    undone: set[int] = set()
    for index, entry in enumerate(value):
        where = f"{attribute.name}[{index}]"
        if entry.number != index + 1:
            raise ValidationError(
                f"must be {index + 1}, not {entry.number}", path=f"{where}.number"
            )
        if entry.digest != entry.expected_digest(previous):
            link = "the session's header" if index == 0 else f"entry {index}"
            raise ValidationError(
                f"entry {index + 1} does not match its digest: it, or its link to {link}, was "
                "changed after it was recorded",
                path=f"{where}.digest",
            )
        previous = entry.digest
        if index and value[index - 1].kind is EntryKind.FINALISATION:
            raise ValidationError(
                "the session was finalised by the entry before: nothing can follow it",
                path=f"{where}.kind",
            )
        _check_entry_fields(entry, where, decided, undone)
        if entry.kind in _DECISIONS:
            decided[entry.number] = entry
        elif entry.kind is EntryKind.REVERSAL and entry.undoes is not None:
            undone.add(entry.undoes)


def _check_entry_fields(
    entry: SessionEntry, where: str, decided: Mapping[int, SessionEntry], undone: set[int]
) -> None:
    migrated = entry.recorded_at is None
    if entry.by is None and not migrated:
        raise ValidationError("who recorded the entry is required", path=f"{where}.by")
    is_decision = entry.kind in _DECISIONS
    if is_decision != (entry.performance is not None and entry.potential is not None):
        raise ValidationError(
            "a move or confirmation gives both levels; other entries give none",
            path=f"{where}.performance",
        )
    if (entry.kind is EntryKind.REVERSAL) != (entry.undoes is not None):
        raise ValidationError(
            "a reversal names the entry it undoes; other entries name none", path=f"{where}.undoes"
        )
    if entry.kind is EntryKind.FINALISATION:
        if entry.employee_id:
            raise ValidationError("a finalisation names no person", path=f"{where}.employee_id")
        return
    if not entry.employee_id:
        raise ValidationError("required", path=f"{where}.employee_id")
    _normalised_id(None, attrs.fields(SessionEntry).employee_id, entry.employee_id)
    if not entry.reason.strip():
        raise ValidationError("every change and reversal needs a reason", path=f"{where}.reason")
    if entry.on is None:
        raise ValidationError("the council's day is required", path=f"{where}.on")
    if entry.kind is EntryKind.REVERSAL:
        target = decided.get(entry.undoes or 0)
        if target is None:
            raise ValidationError(
                f"entry {entry.undoes} is not an earlier move or confirmation",
                path=f"{where}.undoes",
            )
        if entry.undoes in undone:
            raise ValidationError(f"entry {entry.undoes} is already undone", path=f"{where}.undoes")
        if target.employee_id != entry.employee_id:
            raise ValidationError(
                f"entry {entry.undoes} is about {target.employee_id!r}, not this person",
                path=f"{where}.employee_id",
            )


def _default_head(session: CalibrationSession | None) -> SessionHead:
    if session is None:  # asked for the default with no session (a schema's "default")
        return _head_of("", "", ())
    return _head_of(session.proposed, session.proposed_digest, session.entries)


def _head_of(proposed: str, proposals: str, entries: Sequence[SessionEntry]) -> SessionHead:
    digest = entries[-1].digest if entries else _header_digest(proposed, proposals)
    return SessionHead(entries=len(entries), digest=digest)


def _check_head(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance_of(SessionHead)(inst, attribute, value)
    if inst is None:  # checked alone (a schema's constraints)
        return
    expected = _head_of(inst.proposed, inst.proposed_digest, inst.entries)
    if value.entries != expected.entries:
        raise ValidationError(
            f"the head records {value.entries:,} entries but the log holds "
            f"{expected.entries:,}: entries were removed from or added to its end "
            "(a finalisation removed reopens a session)",
            path=f"{attribute.name}.entries",
        )
    if value.digest != expected.digest:
        raise ValidationError(
            "does not match the digest of the last entry: the log was changed after its head "
            "was recorded",
            path=f"{attribute.name}.digest",
        )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _check_version(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value != SESSION_VERSION:
        raise ValidationError(
            f"must be {SESSION_VERSION} (version-1 documents are migrated when read)",
            path=attribute.name,
        )


@attrs.frozen(kw_only=True)
class CalibrationSession:
    """A talent council's calibration session: its hash-chained, append-only log.

    ``proposed`` names the proposals the session calibrates (a file name, for the reader)
    and ``proposed_digest`` binds it to their content (:func:`proposals_digest`; empty
    when the session was started without them or migrated from version 1). Every method
    returns a new session: :meth:`record` appends changes, :meth:`reverse` undoes one,
    :meth:`finalise` locks the session. Nothing is ever erased.
    """

    version: int = attrs.field(default=SESSION_VERSION, validator=_check_version)
    proposed: str = attrs.field(default="", validator=v.instance_of(str))
    proposed_digest: str = attrs.field(default="", validator=_check_proposals_digest)
    entries: tuple[SessionEntry, ...] = attrs.field(
        default=(), converter=_entries, validator=_check_entries
    )
    head: SessionHead = attrs.field(
        default=attrs.Factory(_default_head, takes_self=True), validator=_check_head
    )

    @classmethod
    def start(cls, proposed: Workforce, *, name: str | None = None) -> CalibrationSession:
        """A new session bound to ``proposed`` (named ``name``, else by its file name)."""
        if not isinstance(proposed, Workforce):
            raise ValidationError(
                f"expected Workforce, got {type(proposed).__name__}", path="proposed"
            )
        shown = file_name(proposed.source) if name is None else name
        return cls(proposed=shown, proposed_digest=proposals_digest(proposed))

    @classmethod
    def _migrate_document(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        """A version-1 document (``proposed``, ``changes``, ``finalised``) as version 2.

        Its changes become moves and its finalisation an entry, with no ``recorded_at`` or
        finaliser (version 1 recorded neither); the chain is computed as it stands.
        """
        if "entries" in data or "changes" not in data:
            return data
        extra = sorted(set(data) - {"proposed", "changes", "finalised"})
        if extra:
            raise ValidationError("unknown field in a version-1 session", path=extra[0])
        from apsperf.serialization import converter

        proposed = data.get("proposed", "")
        if not isinstance(proposed, str):
            raise ValidationError("expected text", path="proposed")
        changes = data["changes"]
        if not isinstance(changes, list):
            raise ValidationError("expected a list", path="changes")
        finalised = data.get("finalised", False)
        if not isinstance(finalised, bool):
            raise ValidationError("expected true or false", path="finalised")
        session = cls(proposed=proposed)
        entries: list[SessionEntry] = []
        for index, change in enumerate(changes):
            try:
                decided = converter.structure(change, CalibrationChange)
            except ValidationError as error:
                raise error.within(f"changes[{index}]") from None
            except Exception as error:  # cattrs' own errors: a wrong type or a missing key
                raise ValidationError(
                    f"not a version-1 change: {error}", path=f"changes[{index}]"
                ) from None
            entry = session._entry(
                entries,
                kind=EntryKind.MOVE,
                employee_id=decided.employee_id,
                performance=decided.performance,
                potential=decided.potential,
                reason=decided.reason,
                by=decided.by,
                on=decided.on,
                recorded_at=None,
            )
            entries.append(entry)
        if finalised:
            entries.append(
                session._entry(entries, kind=EntryKind.FINALISATION, by=None, recorded_at=None)
            )
        migrated: dict[str, Any] = converter.unstructure(session._extended(entries))
        return migrated

    def __repr__(self) -> str:
        state = "finalised" if self.finalised else "open"
        shown = file_name(self.proposed)
        where = f" of {quoted(shown)}" if shown else ""
        return one_line(f"<CalibrationSession{where}: {len(self.entries):,} entries, {state}>")

    def _repr_html_(self) -> str:
        return display_html(self)

    # -- reading the log --

    @property
    def finalised(self) -> bool:
        """Whether the session is finalised (its last entry is the finalisation)."""
        return bool(self.entries) and self.entries[-1].kind is EntryKind.FINALISATION

    @property
    def finalisation(self) -> SessionEntry | None:
        """The finalisation entry (who and when), or ``None`` while the session is open."""
        return self.entries[-1] if self.finalised else None

    def undone(self) -> frozenset[int]:
        """The numbers of the entries a later reversal undid."""
        return frozenset(
            e.undoes for e in self.entries if e.kind is EntryKind.REVERSAL and e.undoes
        )

    def _in_force(self) -> list[SessionEntry]:
        """The moves and confirmations in force (not undone), in order, as entries."""
        undone = self.undone()
        return [
            e
            for e in self.entries
            if e.kind in _DECISIONS
            and e.number not in undone
            and e.performance is not None
            and e.potential is not None
            and e.on is not None
        ]

    @property
    def changes(self) -> tuple[CalibrationChange, ...]:
        """The moves and confirmations in force (not undone), in order, as changes."""
        return tuple(
            CalibrationChange(
                employee_id=e.employee_id,
                performance=e.performance,
                potential=e.potential,
                reason=e.reason,
                by=e.by or "not recorded",
                on=e.on,
                notes=e.notes,
            )
            for e in self._in_force()
            if e.performance is not None and e.potential is not None and e.on is not None
        )

    # -- adding to the log --

    def _append(self, **fields: Any) -> CalibrationSession:
        return self._extended([self._entry(self.entries, **fields)])

    def _entry(
        self,
        before: Sequence[SessionEntry],
        *,
        kind: EntryKind,
        recorded_at: dt.datetime | None,
        **fields: Any,
    ) -> SessionEntry:
        """The entry that follows ``before`` (this session's entries and any drafted since)."""
        previous = before[-1].digest if before else self.head.digest
        draft = SessionEntry(
            number=len(before) + 1, kind=kind, recorded_at=recorded_at, digest="0" * 64, **fields
        )
        # The draft's fields are checked; the entry differs only by its digest, which the
        # session's check of its chain then finds already computed.
        digest = _body_digest(draft, previous)
        entry = attrs.evolve(draft, digest=digest)
        _remember(entry, previous, digest)
        return entry

    def _extended(self, added: Sequence[SessionEntry]) -> CalibrationSession:
        entries = (*self.entries, *added)
        last = entries[-1].digest if entries else self.head.digest
        head = SessionHead(entries=len(entries), digest=last)
        return attrs.evolve(self, entries=entries, head=head)

    def _refuse_if_finalised(self, path: str) -> None:
        if self.finalised:
            final = self.finalisation
            who = f" by {final.by}" if final is not None and final.by else ""
            raise ValidationError(
                f"the session is finalised{who}; its placements are locked and nothing can "
                "be added",
                path=path,
            )

    def record(
        self,
        changes: Iterable[CalibrationChange],
        proposed: Workforce,
        *,
        at: dt.datetime | None = None,
        source: str = "",
    ) -> CalibrationSession:
        """A new session: this one with ``changes`` appended, in order.

        Each change is checked against ``proposed``: the person must be placed there, and a
        change that keeps them where they already are is recorded as a confirmation, not a
        move. A change identical to one in force (same person, levels, reason, maker and
        day), or given twice, is refused naming it (use :meth:`unrecorded` to drop such
        changes first); redoing an undone change is allowed. ``at`` is when they are
        recorded (default: now, UTC). Errors name ``source`` and the change's line when it
        has one, else its position (``changes[3]``).
        """
        self._refuse_if_finalised("changes")
        if not isinstance(proposed, Workforce):
            raise ValidationError(
                f"expected Workforce, got {type(proposed).__name__}", path="proposed"
            )
        when = _now() if at is None else at
        # Where the log places each person so far (the changes in force, in order), read
        # from the entries themselves: appending to a long log stays cheap.
        in_force_entries = self._in_force()
        current = {e.employee_id: e.segment for e in in_force_entries}
        in_force = {_change_key(e) for e in in_force_entries}
        entries = list(self.entries)
        for index, change in enumerate(changes):
            if not isinstance(change, CalibrationChange):
                raise ValidationError(
                    f"expected CalibrationChange, got {type(change).__name__}",
                    path=f"changes[{index}]",
                )
            where = _where(change, index, source)
            if change._key() in in_force:
                raise ValidationError(
                    f"the change to {change.employee_id!r} is already in force in the log "
                    "(was the same changes file applied twice?)",
                    path=where,
                )
            before = current.get(change.employee_id) or proposed.segment_of(change.employee_id)
            if before is None:
                rejected = {normalise_employee_id(r.employee_id) for r in proposed.rejected}
                why = (
                    "has a proposed row that was rejected, so no placement to change"
                    if change.employee_id in rejected
                    else "is not in the proposed placements"
                )
                raise ValidationError(f"{change.employee_id!r} {why}", path=where)
            kind = EntryKind.CONFIRMATION if before is change.segment else EntryKind.MOVE
            entry = self._entry(
                entries,
                kind=kind,
                employee_id=change.employee_id,
                performance=change.performance,
                potential=change.potential,
                reason=change.reason,
                notes=change.notes,
                by=change.by,
                on=change.on,
                recorded_at=when,
            )
            entries.append(entry)
            current[change.employee_id] = change.segment
            in_force.add(change._key())
        return self._extended(entries[len(self.entries) :])

    def unrecorded(self, changes: Iterable[CalibrationChange]) -> tuple[CalibrationChange, ...]:
        """``changes`` without those identical to one in force and without repeats, in order."""
        seen = {c._key() for c in self.changes}
        result = []
        for change in changes:
            if change._key() not in seen:
                seen.add(change._key())
                result.append(change)
        return tuple(result)

    def reverse(
        self,
        number: int,
        *,
        reason: str,
        by: str,
        on: dt.date | None = None,
        at: dt.datetime | None = None,
    ) -> CalibrationSession:
        """A new session: this one with entry ``number`` (a move or confirmation) undone.

        The reversal is an entry of its own, with its reason, who and day (default: the
        day of ``at``); the entry it undoes stays in the log. Undoing an entry twice, or
        an entry that is not a move or confirmation, is refused.
        """
        self._refuse_if_finalised("undoes")
        if isinstance(number, bool) or not isinstance(number, int):
            raise ValidationError("expected an entry number", path="undoes")
        target = self.entries[number - 1] if 1 <= number <= len(self.entries) else None
        if target is None or target.kind not in _DECISIONS:
            raise ValidationError(
                f"entry {number} is not a move or confirmation of this session", path="undoes"
            )
        when = _now() if at is None else at
        return self._append(
            kind=EntryKind.REVERSAL,
            employee_id=target.employee_id,
            reason=reason,
            by=by,
            on=when.date() if on is None else on,
            recorded_at=when,
            undoes=number,
        )

    def finalise(self, *, by: str, at: dt.datetime | None = None) -> CalibrationSession:
        """A new session: this one finalised by ``by`` (at ``at``, default now), so locked."""
        self._refuse_if_finalised("finalise")
        return self._append(
            kind=EntryKind.FINALISATION, by=by, recorded_at=_now() if at is None else at
        )

    # -- applying the log --

    def check_proposals(self, proposed: Workforce, *, allow_other: bool = False) -> None:
        """Refuse ``proposed`` unless it holds the placements the session was started on.

        A session started without proposals (or migrated from version 1) is bound to none.
        ``allow_other=True`` applies the session anyway: its changes were decided on other
        placements, so the result is not what the council saw.
        """
        if not self.proposed_digest or allow_other:
            return
        if proposals_digest(proposed) != self.proposed_digest:
            raise ValidationError(
                "these proposals are not the ones the session was started on (their "
                "placements differ); applying it would record decisions the council did not "
                "take on them. Give the session's own proposals, or allow other proposals "
                "explicitly",
                path="proposed",
            )

    def applied(self, proposed: Workforce) -> tuple[AppliedChange, ...]:
        """Each move and confirmation in force, applied in order to ``proposed``.

        Each gives where the person was before it. A change to someone not placed in
        ``proposed`` is a :class:`~apsperf.ValidationError` naming the entry.
        """
        if not isinstance(proposed, Workforce):
            raise ValidationError(
                f"expected Workforce, got {type(proposed).__name__}", path="proposed"
            )
        undone = self.undone()
        current: dict[str, Segment] = {}
        result = []
        for index, entry in enumerate(self.entries):
            target = entry.segment
            if entry.kind not in _DECISIONS or entry.number in undone or target is None:
                continue
            before = current.get(entry.employee_id) or proposed.segment_of(entry.employee_id)
            if before is None:
                raise ValidationError(
                    f"{entry.employee_id!r} is not placed in the proposals",
                    path=f"entries[{index}].employee_id",
                )
            current[entry.employee_id] = target
            result.append(
                AppliedChange(
                    number=entry.number,
                    kind=EntryKind.CONFIRMATION if before is target else EntryKind.MOVE,
                    employee_id=entry.employee_id,
                    from_segment=before,
                    to_segment=target,
                    reason=entry.reason,
                    by=entry.by,
                    on=entry.on or dt.date.min,
                    notes=entry.notes,
                )
            )
        return tuple(result)

    def apply(self, proposed: Workforce) -> Workforce:
        """The calibrated placements: ``proposed`` with every change in force applied.

        Everything but the changed levels is kept (groups, dates, assessors, rejected rows).
        """
        return recoded_by(proposed, self.applied(proposed))  # refuses someone not placed


def recoded_by(proposed: Workforce, applied: Iterable[AppliedChange]) -> Workforce:
    """``proposed`` with the changes ``applied`` (:meth:`CalibrationSession.applied`) made."""
    moved = {proposed.position_of(a.employee_id): a.to_segment for a in applied}
    return proposed.recoded({k: s for k, s in moved.items() if k is not None})


def _change_key(entry: SessionEntry) -> tuple[object, ...]:
    """:meth:`CalibrationChange._key` of the change a move or confirmation entry records."""
    return (
        entry.employee_id,
        entry.performance,
        entry.potential,
        entry.reason,
        entry.by or "not recorded",
        entry.on,
    )


def _where(change: CalibrationChange, index: int, source: str) -> str:
    if change.line is not None:
        return f"{source} line {change.line}" if source else f"line {change.line}"
    return f"{source} changes[{index}]" if source else f"changes[{index}]"


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
