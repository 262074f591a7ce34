"""The council's state while the workspace runs: the proposals, the session, the notes.

The proposals are read once, before the workspace starts; the session is the library's
:class:`~apsperf.segmentation.model._session.CalibrationSession`, and every change is made
by its own methods (:meth:`~CalibrationSession.record`, :meth:`~CalibrationSession.reverse`,
:meth:`~CalibrationSession.finalise`), then stored (:class:`SessionStore`) before it is
acknowledged. A :class:`Council` is used from the server's threads under one lock.

Where the session places people is kept change by change: a move, confirmation or
reversal places again only the person it names (as :meth:`CalibrationSession.applied`
would), and updates the counts per box and the number of each assessor's people moved.
Nothing reads the proposals or applies the whole log again after the start.

Every change may carry ``expected_version``: the version the client last saw (the number
of entries in the session's log plus the number of notes). When another client changed the
session since, the change is refused (:class:`Refused`, status 409) and nothing is lost: the
client reloads and decides again. A change to a finalised session is refused with status
423.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeVar

from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._suppression import MIN_CELL
from apsperf.segmentation.model._levels import Level, Segment, segment_for
from apsperf.segmentation.model._placement import normalise_employee_id
from apsperf.segmentation.model._session import (
    CalibrationChange,
    CalibrationSession,
    EntryKind,
    SessionEntry,
)
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce
from apsperf.segmentation.workspace._fields import (
    LONGEST_NAME,
    body_object,
    optional_int,
    optional_text,
    required_int,
    required_text,
)
from apsperf.segmentation.workspace._grid import Roster, ViewQuery
from apsperf.segmentation.workspace._store import Note, SessionStore

__all__ = ["STALE", "Council", "Refused"]

STALE: Final = 409
"""The status of a change made on a stale version (another client changed the session)."""
LOCKED: Final = 423
"""The status of a change to a finalised session."""
_CODES: Final = {segment: code for code, segment in enumerate(SEGMENTS)}
T = TypeVar("T")


class Refused(ValidationError):
    """A well-formed change the session's state refuses: ``status`` 409 (stale) or 423."""

    def __init__(self, message: str, *, path: str, status: int) -> None:
        super().__init__(message, path=path)
        self.status = status


class Council:
    """A calibration session held live over ``proposed``.

    ``store`` holds the log and the notes (see :class:`SessionStore`); ``imported`` is a
    session document to start from. ``fairness`` are the sensitive columns (checked in the
    panels, never shown); ``shown`` the grouping columns cards show and filters offer
    (default: every other grouping column). ``chair`` is who changes are recorded as when a
    request names nobody. ``min_cell`` is the panels' disclosure control, as ``apsperf
    calibrate --min-cell``.
    """

    def __init__(
        self,
        proposed: Workforce,
        *,
        store: SessionStore,
        name: str,
        fairness: Sequence[str] = (),
        shown: Sequence[str] | None = None,
        imported: CalibrationSession | None = None,
        chair: str | None = None,
        min_cell: int = MIN_CELL,
    ) -> None:
        self.proposed = proposed
        self.name = name
        self.fairness = tuple(proposed.group_name(c) for c in fairness)
        columns = proposed.group_names if shown is None else [proposed.group_name(c) for c in shown]
        self.shown = tuple(c for c in columns if c not in self.fairness)
        self.chair = chair
        self.min_cell = min_cell
        self.store = store
        fresh = CalibrationSession.start(proposed, name=name)
        self.session, notes = store.load(fresh, imported=imported)
        self.session.applied(proposed)  # a session about other people is refused at start
        self.notes: list[Note] = list(notes)
        self.note_counts: Counter[str] = Counter(n.employee_id for n in self.notes)
        self.roster = Roster(proposed, self.shown)
        self.excluded: set[int] = set()
        self._lock = threading.RLock()
        # Where the session places people, kept up to date change by change (never by
        # applying the whole log again): position to box for each person it moved, the
        # count in each box, and how many of each assessor's people it moved.
        self.calibrated: dict[int, int] = {}
        self.counts = list(self.roster.counts)
        self.moved_by_assessor: Counter[int] = Counter()
        self._decisions: dict[str, list[int]] = {}
        self._undone: set[int] = set()
        self._follow(self.session.entries)
        self._arriving = 0
        self._counting = threading.Lock()

    # -- reading --

    @property
    def version(self) -> int:
        """How many changes the session and notes hold: it increases with every change."""
        return len(self.session.entries) + len(self.notes)

    @contextlib.contextmanager
    def arriving(self) -> Iterator[None]:
        """Mark a change under way, from its request's arrival to its answer.

        Long computations (the checks) step aside between their steps while one is (see
        :meth:`make_way`), so a change is acknowledged at once, not after them.
        """
        with self._counting:
            self._arriving += 1
        try:
            yield
        finally:
            with self._counting:
                self._arriving -= 1

    def make_way(self, *, longest: float = 2.0) -> None:
        """Wait while a change is under way (at most ``longest`` seconds)."""
        deadline = time.monotonic() + longest
        while self._arriving and time.monotonic() < deadline:
            time.sleep(0.002)

    def locked(self, read: Callable[[], T]) -> T:
        """``read()`` under the council's lock (a consistent view of the session)."""
        with self._lock:
            return read()

    def _follow(self, added: Sequence[SessionEntry]) -> None:
        """Update where people are placed after the log's entries ``added``.

        Only the people the entries name are placed again: each where the last move or
        confirmation about them still in force puts them (as
        :meth:`CalibrationSession.applied` does), else where they were proposed.
        """
        touched = set()
        for entry in added:
            if entry.kind in (EntryKind.MOVE, EntryKind.CONFIRMATION):
                self._decisions.setdefault(entry.employee_id, []).append(entry.number)
            elif entry.kind is EntryKind.REVERSAL and entry.undoes is not None:
                self._undone.add(entry.undoes)
            else:
                continue
            touched.add(entry.employee_id)
        entries = self.session.entries
        for identifier in touched:
            position = self.proposed.position_of(identifier)
            if position is None:  # the session is checked against the proposals at start
                continue
            box = self.roster.proposed[position]
            for number in reversed(self._decisions.get(identifier, ())):
                segment = entries[number - 1].segment
                if number not in self._undone and segment is not None:
                    box = _CODES[segment]
                    break
            self._place(position, box)

    def _place(self, position: int, box: int) -> None:
        proposed = self.roster.proposed[position]
        was = self.calibrated.get(position, proposed)
        if was == box:
            return
        self.counts[was] -= 1
        self.counts[box] += 1
        assessor = self.roster.assessor_code(position)
        if box == proposed:
            del self.calibrated[position]
            self.moved_by_assessor[assessor] -= 1
        else:
            if position not in self.calibrated:
                self.moved_by_assessor[assessor] += 1
            self.calibrated[position] = box

    def session_document(self) -> dict[str, Any]:
        """``GET /api/session``: the version, the session's state, counts and changes."""
        with self._lock:
            return self._session_document()

    def _session_document(self) -> dict[str, Any]:
        proposed = self.proposed
        session = self.session
        final = session.finalisation
        undone = self._undone
        return {
            "version": self.version,
            "proposed": self.name,
            "finalised": session.finalised,
            "finalised_by": None if final is None else final.by,
            "finalised_at": None
            if final is None or final.recorded_at is None
            else final.recorded_at.isoformat(),
            "head": {"entries": session.head.entries, "digest": session.head.digest},
            "rows_read": proposed.rows_read,
            "rows_placed": proposed.rows_placed,
            "rows_not_placed": len(proposed.rejected),
            "segments": [
                {
                    "segment": s.value,
                    "label": s.label,
                    "performance": s.performance.value,
                    "potential": s.potential.value,
                    "proposed": self.roster.counts[code],
                    "calibrated": self.counts[code],
                }
                for code, s in enumerate(SEGMENTS)
            ],
            "changes": [
                {
                    "entry": e.number,
                    "kind": e.kind.value,
                    "employee_id": e.employee_id or None,
                    "to": None if e.segment is None else e.segment.value,
                    "undoes": e.undoes,
                    "undone": e.number in undone,
                    "reason": e.reason or None,
                    "notes": e.notes or None,
                    "by": e.by,
                    "on": None if e.on is None else e.on.isoformat(),
                    "at": None if e.recorded_at is None else e.recorded_at.isoformat(),
                }
                for e in session.entries
            ],
            "notes": len(self.notes),
        }

    def state(self) -> dict[str, Any]:
        """``GET /api/state``: the session document and what the page needs to show it."""
        with self._lock:
            return {
                **self._session_document(),
                "sheet": self.proposed.sheet,
                "columns": dict(self.proposed.columns),
                "shown_columns": list(self.shown),
                "filters": self.roster.filters(),
                "chair": self.chair,
                "excluded": len(self.excluded),
                "store": "memory" if self.store.path is None else "file",
            }

    def grid(self, query: ViewQuery) -> dict[str, Any]:
        """The nine boxes for ``query`` (see :meth:`Roster.grid`), with the version."""
        with self._lock:
            shown = self.roster.grid(
                query, self.calibrated, excluded=self.excluded, notes=self.note_counts
            )
            return {"version": self.version, **shown}

    def people(self, query: ViewQuery) -> dict[str, Any]:
        """A page of people for ``query`` (see :meth:`Roster.people`), with the version."""
        with self._lock:
            found = self.roster.people(query, self.calibrated, notes=self.note_counts)
            return {"version": self.version, **found}

    def person_notes(self, employee_id: str) -> list[dict[str, Any]]:
        """The notes on one person, oldest first."""
        identifier = self._person(employee_id)
        with self._lock:
            return [
                {"number": n.number, "text": n.text, "by": n.by, "at": n.recorded_at.isoformat()}
                for n in self.notes
                if n.employee_id == identifier
            ]

    # -- changing (each stored before it returns) --

    def _person(self, given: str) -> str:
        identifier = normalise_employee_id(given)
        if self.proposed.position_of(identifier) is None:
            rejected = {normalise_employee_id(r.employee_id) for r in self.proposed.rejected}
            why = (
                "has a proposed row that was not placed, so there is no placement to change"
                if identifier in rejected
                else "is not in the proposed placements"
            )
            raise ValidationError(f"{identifier[:80]!r} {why}", path="employee_id")
        return identifier

    def _who(self, body: Mapping[str, Any]) -> str:
        who = optional_text(body, "by", longest=LONGEST_NAME) or self.chair
        if who is None:
            raise ValidationError(
                "required: who makes the change (the workspace was started without --chair)",
                path="by",
            )
        return who

    def _check_open(self, body: Mapping[str, Any], path: str) -> None:
        expected = optional_int(body, "expected_version")
        if self.session.finalised:
            final = self.session.finalisation
            who = f" by {final.by}" if final is not None and final.by else ""
            raise Refused(
                f"the session is finalised{who}: its placements are locked and nothing can be "
                "added",
                path=path,
                status=LOCKED,
            )
        if expected is not None and expected != self.version:
            raise Refused(
                f"the session changed since version {expected} (it is at {self.version}): "
                "another chair or tab changed it first; reload and decide again",
                path="expected_version",
                status=STALE,
            )

    def _commit(self, session: CalibrationSession) -> None:
        added = session.entries[len(self.session.entries) :]
        self.store.append(session, added)  # durable before the change is acknowledged
        self.session = session
        self._follow(added)

    def move(self, data: Any, *, on: dt.date | None = None) -> dict[str, Any]:
        """Record a move (or confirmation) from a request body; the entry and new version.

        The body names ``employee_id``, where to (``to``, a segment, or ``performance`` and
        ``potential``), the ``reason``, and optionally ``by``, ``notes`` and
        ``expected_version``.
        """
        fields = (
            "employee_id",
            "to",
            "performance",
            "potential",
            "reason",
            "by",
            "notes",
            "expected_version",
        )
        body = body_object(data, fields)
        identifier = self._person(
            required_text(body, "employee_id", "whom to move", longest=LONGEST_NAME)
        )
        target = _target(body)
        reason = required_text(body, "reason", "every move needs a reason")
        who = self._who(body)
        notes = optional_text(body, "notes") or ""
        with self._lock:
            self._check_open(body, "employee_id")
            change = CalibrationChange(
                employee_id=identifier,
                performance=target.performance,
                potential=target.potential,
                reason=reason,
                by=who,
                on=on or dt.date.today(),
                notes=notes,
            )
            try:
                session = self.session.record([change], self.proposed)
            except ValidationError as error:
                raise ValidationError(error.message, path="employee_id") from None
            self._commit(session)
            entry = session.entries[-1]
            return {"version": self.version, "entry": entry.number, "kind": entry.kind.value}

    def reverse(self, data: Any, *, number: int | None = None) -> dict[str, Any]:
        """Undo an entry (``entry``, or ``number`` from the address) with a ``reason``."""
        body = body_object(data, ("entry", "reason", "by", "expected_version"))
        entry = number if number is not None else required_int(body, "entry", "the entry to undo")
        reason = required_text(body, "reason", "every undo needs a reason")
        who = self._who(body)
        with self._lock:
            self._check_open(body, "entry")
            target = (
                self.session.entries[entry - 1] if 1 <= entry <= len(self.session.entries) else None
            )
            if target is None or target.kind not in (EntryKind.MOVE, EntryKind.CONFIRMATION):
                raise ValidationError(
                    f"entry {entry} is not a move or confirmation of this session", path="entry"
                )
            if entry in self.session.undone():
                raise ValidationError(f"entry {entry} is already undone", path="entry")
            try:
                session = self.session.reverse(entry, reason=reason, by=who)
            except ValidationError as error:
                raise ValidationError(error.message, path="entry") from None
            self._commit(session)
            return {"version": self.version, "entry": session.entries[-1].number}

    def note(self, data: Any) -> dict[str, Any]:
        """Keep a note (``text``) on a person (``employee_id``); the note and new version."""
        body = body_object(data, ("employee_id", "text", "by", "expected_version"))
        identifier = self._person(
            required_text(body, "employee_id", "whom the note is about", longest=LONGEST_NAME)
        )
        text = required_text(body, "text", "the note's text")
        who = self._who(body)
        with self._lock:
            self._check_open(body, "text")
            note = Note(
                number=len(self.notes) + 1,
                employee_id=identifier,
                text=text,
                by=who,
                recorded_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            )
            self.store.add_note(note)
            self.notes.append(note)
            self.note_counts[identifier] += 1
            return {"version": self.version, "note": note.number}

    def finalise(self, data: Any) -> dict[str, Any]:
        """Finalise the session (``by``): its placements are locked from now on."""
        body = body_object(data, ("by", "expected_version"))
        who = self._who(body)
        with self._lock:
            self._check_open(body, "by")
            self._commit(self.session.finalise(by=who))
            return self._session_document()

    def exclude(self, data: Any) -> dict[str, Any]:
        """Hide people from the view (``excluded`` true) or show them again; not the session.

        ``employee_ids`` lists them; ``{"clear": true}`` shows everyone again.
        """
        body = body_object(data, ("employee_ids", "excluded", "clear"))
        with self._lock:
            if body.get("clear") is True:
                self.excluded.clear()
                return {"excluded": 0}
            given = body.get("employee_ids")
            if not isinstance(given, list) or not given or len(given) > 10_000:
                raise ValidationError(
                    "expected a list of 1 to 10,000 identifiers", path="employee_ids"
                )
            excluded = body.get("excluded", True)
            if not isinstance(excluded, bool):
                raise ValidationError("expected true or false", path="excluded")
            positions = []
            for index, identifier in enumerate(given):
                if not isinstance(identifier, str):
                    raise ValidationError("expected text", path=f"employee_ids[{index}]")
                try:
                    positions.append(self.proposed.position_of(self._person(identifier)))
                except ValidationError as error:
                    raise ValidationError(error.message, path=f"employee_ids[{index}]") from None
            for position in positions:
                if position is not None:
                    (self.excluded.add if excluded else self.excluded.discard)(position)
            return {"excluded": len(self.excluded)}


def _target(body: Mapping[str, Any]) -> Segment:
    """Where a move places the person: ``to`` (a segment) or both levels."""
    to = body.get("to")
    levels = [body.get("performance"), body.get("potential")]
    if to is not None:
        if any(level is not None for level in levels):
            raise ValidationError("give to, or performance and potential, not both", path="to")
        if not isinstance(to, str):
            raise ValidationError("expected a segment's name, e.g. top-talent", path="to")
        return Segment.parse(to[:80], field="to")
    if levels[0] is None and levels[1] is None:
        raise ValidationError(
            "required: where to (a segment, or performance and potential)", path="to"
        )
    parsed = []
    for field, level in zip(("performance", "potential"), levels, strict=True):
        if not isinstance(level, str):
            raise ValidationError("expected a level: low, moderate or high", path=field)
        parsed.append(Level.parse(level[:40], field=field))
    return segment_for(parsed[0], parsed[1])
