"""``apsperf calibrate``'s report on a live session, without redoing the proposals' part.

:func:`~apsperf.segmentation.analysis._calibration.calibrate` measures two kinds of thing.
Rater effects, aspiration-first timings (overall and by assessor), the counts before, the
selection before the session and the input summary are measured on the *proposals*,
which never change while the workspace runs. The counts after, the moves (in force, by
group, person by person), the findings about the session and the fairness of the
calibrated placements depend on the *session*, and so does which small groups every table
about a column hides (decided from all of them together). :class:`LiveReport` runs
``calibrate()`` once, keeps its report, and for each later version of the session
computes only the second kind, with the library functions ``calibrate()`` calls, on the
same arguments; what depends on the proposals and the hidden groups alone is kept per set
of hidden groups.

The report it gives is equal to ``calibrate()``'s (a test checks this after moves,
confirmations and reversals). Should ``calibrate()``'s report gain a field this module
does not know, or its result for the session at start differ from this module's, every
version is computed by ``calibrate()`` itself: slower, never different.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Final

import attrs

from apsperf.segmentation.analysis._calibration import (
    CalibrationReport,
    _assessor_merges,
    _fairness_keys,
    _session_findings,
    calibrate,
    hidden_sets,
    unmarked,
)
from apsperf.segmentation.analysis._fairness import (
    TALENT_POOL,
    AspirationCompliance,
    FairnessCheck,
    aspiration_compliance,
    fairness,
    selection_rows,
    timing_rows,
)
from apsperf.segmentation.analysis._moves import (
    moves_by_group,
    moves_rows,
    people_moved,
)
from apsperf.segmentation.analysis._review import SegmentCount
from apsperf.segmentation.model._session import CalibrationSession, EntryKind
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce

__all__ = ["OF_THE_PROPOSALS", "OF_THE_SESSION", "LiveReport"]

OF_THE_PROPOSALS: Final = frozenset(
    {
        "source",
        "before",
        "rater_effects",
        "aspiration",
        "aspiration_by_assessor",
        "min_cell",
        "inputs",
        "people_columns",
    }
)
"""The report's fields measured on the proposals alone: kept from the first report."""
OF_THE_SESSION: Final = frozenset(
    {
        "finalised",
        "finalised_by",
        "finalised_at",
        "session_head",
        "entries",
        "after",
        "changes",
        "confirmations",
        "reversals",
        "findings",
        "fairness",
        "moves_by",
        "aspiration_by",
        "people_moved",
    }
)
"""The report's fields that depend on the session: computed again for each version."""


def _nothing() -> None:
    """No pause."""


Key = tuple[str, ...]
"""A fairness check's columns (one, or several crossed), as ``calibrate()`` keys them."""


class LiveReport:
    """The calibration report of each version of a session on ``proposed``.

    ``fairness_by``, ``min_cell`` and ``shown`` are ``calibrate()``'s (the workspace's
    ``--fairness``, ``--min-cell`` and the columns its cards show); ``session`` is the
    session at start.
    """

    def __init__(
        self,
        proposed: Workforce,
        session: CalibrationSession,
        *,
        fairness_by: Sequence[str],
        min_cell: int,
        shown: Sequence[str] | None = None,
    ) -> None:
        self.proposed = proposed
        self.fairness_by = tuple(fairness_by)
        self.min_cell = min_cell
        self.shown = None if shown is None else tuple(shown)
        self.first = self._calibrate(session)
        self.keys: tuple[Key, ...] = _fairness_keys(proposed, self.fairness_by)
        self._timed = self.first.aspiration is not None
        self._before = {c: selection_rows(proposed, c, TALENT_POOL) for c in self.keys}
        self._timings = {c: timing_rows(proposed, c) for c in self.keys} if self._timed else {}
        self._merges = tuple(_assessor_merges(proposed))
        # Computed on the proposals for one set of hidden groups, which changes seldom.
        self._checks: dict[tuple[Key, frozenset[Any]], FairnessCheck] = {}
        self._compliance: dict[tuple[Key, frozenset[Any]], AspirationCompliance] = {}
        known = {field.name for field in attrs.fields(CalibrationReport)}
        self.incremental = known == OF_THE_PROPOSALS | OF_THE_SESSION
        if self.incremental:
            self.incremental = self._report(session) == self.first

    def _calibrate(self, session: CalibrationSession) -> CalibrationReport:
        return calibrate(
            self.proposed,
            session,
            fairness_by=self.fairness_by,
            min_cell=self.min_cell,
            shown=self.shown,
        )

    def report(
        self,
        session: CalibrationSession,
        *,
        people: bool = True,
        pause: Callable[[], None] = _nothing,
    ) -> CalibrationReport:
        """``calibrate()``'s report on ``session``, its proposals' part not computed again.

        ``people=False`` leaves ``people_moved`` empty, for a reader that does not show it
        (the workspace's panels): the list is built anew for every version. ``pause`` is
        called between the steps (the workspace lets a change through there).
        """
        if not self.incremental:
            return self._calibrate(session)
        return self._report(session, people=people, pause=pause)

    def _remembered(self, key: Key, hidden: frozenset[Any]) -> tuple[Any, Any]:
        """The fairness of the proposals and the aspiration compliance, hiding ``hidden``."""
        if len(self._checks) > 64:
            self._checks.clear()
            self._compliance.clear()
        index = (key, hidden)
        check = self._checks.get(index)
        if check is None:
            check = self._checks[index] = fairness(
                self.proposed, key, pool=TALENT_POOL, min_cell=self.min_cell, hidden=hidden
            )
        compliance = self._compliance.get(index)
        if compliance is None and self._timed:
            compliance = self._compliance[index] = aspiration_compliance(
                self.proposed, by=key, min_cell=self.min_cell, hidden=hidden
            )
        return check, compliance

    def _report(
        self,
        session: CalibrationSession,
        *,
        people: bool = True,
        pause: Callable[[], None] = _nothing,
    ) -> CalibrationReport:
        """As ``calibrate()`` computes the fields of :data:`OF_THE_SESSION`."""
        proposed, keys, min_cell = self.proposed, self.keys, self.min_cell
        applied = session.applied(proposed)
        moved_to = {proposed.position_of(a.employee_id): a.to_segment for a in applied}
        calibrated = proposed.recoded({k: s for k, s in moved_to.items() if k is not None})
        moved = [a.employee_id for a in applied if a.kind is EntryKind.MOVE]
        pause()
        moves = {c: moves_rows(proposed, calibrated, moved, c) for c in keys}
        pause()
        selected = {c: selection_rows(calibrated, c, TALENT_POOL) for c in keys}
        pause()
        # As calibrate() decides them (with the review's hidden groups, and "<5" marks
        # withheld inside a hidden coarser group).
        hidden, quiet = hidden_sets(
            proposed,
            {
                c: [
                    selected[c],
                    self._before[c],
                    moves[c],
                    *([self._timings[c]] if self._timed else []),
                ]
                for c in keys
            },
            min_cell=min_cell,
        )
        after = {}
        for c in keys:
            pause()
            after[c] = unmarked(
                fairness(calibrated, c, pool=TALENT_POOL, min_cell=min_cell, hidden=hidden[c]),
                quiet[c],
            )
        remembered: dict[Key, tuple[Any, Any]] = {}
        for c in keys:
            pause()
            check, compliance = self._remembered(c, frozenset(hidden[c]))
            remembered[c] = (
                unmarked(check, quiet[c]),
                None if compliance is None else unmarked(compliance, quiet[c]),
            )
        pause()
        counts = calibrated.segment_counts()
        final = session.finalisation
        return attrs.evolve(
            self.first,
            finalised=session.finalised,
            finalised_by=final.by if final is not None else None,
            finalised_at=final.recorded_at if final is not None else None,
            session_head=session.head.digest,
            entries=len(session.entries),
            after=tuple(SegmentCount(segment=s, count=counts.get(s, 0)) for s in SEGMENTS),
            changes=[a for a in applied if a.kind is EntryKind.MOVE],
            confirmations=[a for a in applied if a.kind is EntryKind.CONFIRMATION],
            reversals=[e for e in session.entries if e.kind is EntryKind.REVERSAL],
            findings=[*_session_findings(session, proposed, dt.date.today()), *self._merges],
            fairness=tuple(after[c] for c in keys),
            moves_by=tuple(
                unmarked(
                    moves_by_group(moves[c], remembered[c][0], after[c], hidden=hidden[c]),
                    quiet[c],
                )
                for c in keys
            ),
            aspiration_by=tuple(remembered[c][1] for c in keys) if self._timed else (),
            people_moved=people_moved(proposed, session, self.first.people_columns)
            if people
            else (),
        )
