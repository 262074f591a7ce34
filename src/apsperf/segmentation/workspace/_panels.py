"""The workspace's panels and exports: ``apsperf calibrate``'s own report, on the live session.

Every panel is ``calibrate()``'s report on the session as it stands (computed for each
version by :class:`~._live.LiveReport`, equal to what ``apsperf calibrate`` computes), and shown
through the calibration pack's own row helpers: the same rater effects (flagged assessors
first), fairness checks and aspiration-first counts, under the same disclosure control
(``min_cell``; suppressed cells stay hidden). Each panel is a table as data (``title``,
``note``, ``head``, ``rows`` of text and numbers) that the page shows as text.

The exports are the files ``apsperf calibrate`` writes: the session document (version 2,
which ``apsperf calibrate --session`` reads), the calibrated copy of the proposals in their
own form (``--csv`` / ``--calibrated-xlsx``), the calibration pack (``--html``) and the
calibration workbook (``--xlsx``); and the council's notes on people (CSV or JSON).
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from apsperf._csvsafe import csv_text, with_bom
from apsperf._files import write_files
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._calibration import CalibrationReport
from apsperf.segmentation.io._csv_text import decode_text
from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._session import CalibrationSession
from apsperf.segmentation.model._workforce import Columns
from apsperf.segmentation.render._calibrated import calibrated_workbook, write_calibrated_csv
from apsperf.segmentation.render._calibration_workbook import calibration_workbook
from apsperf.segmentation.render._pack import (
    ASPIRATION_HEAD,
    ASPIRATION_NOTE,
    MOVES_HEAD,
    RATER_NOTE,
    _aspiration_row,
    _selection_row,
    aspiration_cells,
    assessor_aspiration_note,
    calibration_pack_html,
    fairness_note,
    group_label,
    largest_residual,
    leniency_text,
    moves_cells,
    moves_note,
    moves_summary,
)
from apsperf.segmentation.workspace._council import Council
from apsperf.segmentation.workspace._live import LiveReport

__all__ = ["EXPORTS", "NOTES_HEAD", "CopySource", "Exports", "Panels"]

MOST_ROWS: Final = 200
"""Rows a panel lists (rater effects and assessors; flagged and notable ones come first)."""

SELECTION_HEAD: Final = (
    *("Group", "People", "Selected", "Rate", "Impact ratio", "p", "Adjusted p", "Flag", "Note"),
)
"""The columns of a fairness table, as the calibration pack's."""

EXPORTS: Final = ("session", "calibrated", "pack", "workbook", "notes")
"""What the workspace exports, by the name of its download."""
NOTES_HEAD: Final = ("Note", "Employee ID", "Text", "By", "Recorded at (UTC)")
"""The columns of the notes export (CSV)."""


@attrs.frozen(kw_only=True)
class CopySource:
    """What writing the calibrated copy needs: the proposals' bytes and how they were read.

    ``data`` is ``None`` when the proposals were read through one box column (a copy has
    no rating cells to rewrite) or are not a file.
    """

    data: bytes | None
    name: str
    workbook: bool
    columns: Columns
    sheet: str | None = None
    encoding: str | None = None
    level_numbers: Mapping[Level, float] | None = None


class Panels:
    """The panels of ``council``'s session, computed once per version of its log.

    Making one runs ``calibrate()`` on the session at start (see :class:`LiveReport`);
    the tables about the proposals alone (aspiration-first by assessor) are made once.
    """

    def __init__(self, council: Council) -> None:
        self.council = council
        self.live = LiveReport(
            council.proposed,
            council.locked(lambda: council.session),
            fairness_by=council.fairness,
            min_cell=council.min_cell,
            shown=council.shown,
        )
        self._by_assessor = _by_assessor(self.live.first)
        self._lock = threading.Lock()
        self._last: dict[bool, tuple[str, CalibrationReport]] = {}

    def report(self, *, complete: bool = True) -> tuple[int, CalibrationReport, dict[str, int]]:
        """The version, the report of the session as it stands, and people moved by assessor.

        ``complete=False`` leaves the report's ``people_moved`` out (the panels do not show
        it); the exports take the complete report, equal to ``calibrate()``'s.
        """
        council = self.council

        def now() -> tuple[int, Any, dict[str, int]]:
            moved: Counter[str] = Counter()
            for code, count in council.moved_by_assessor.items():
                name = council.roster.assessor_name(code)
                if count and name is not None:
                    moved[name] += count
            return council.version, council.session, dict(moved)

        version, session, moved = council.locked(now)
        with self._lock:  # one computation per version, however many tabs ask
            last = self._last.get(complete)
            if last is None or last[0] != session.head.digest:
                report = self.live.report(session, people=complete, pause=council.make_way)
                last = self._last[complete] = (session.head.digest, report)
            return version, last[1], moved

    def panels(self) -> dict[str, Any]:
        """``GET /api/panels``: the version and the panels (see the module's docstring)."""
        version, report, moved = self.report(complete=False)
        by_assessor = (
            self._by_assessor
            if report.aspiration_by_assessor is self.live.first.aspiration_by_assessor
            else _by_assessor(report)
        )
        return {"version": version, "panels": _panels(report, moved, by_assessor)}


def _cell(value: object) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def _table(
    title: str, note: str, head: Sequence[str], rows: Iterable[Sequence[object]]
) -> dict[str, Any]:
    return {
        "title": title,
        "note": note,
        "head": list(head),
        "rows": [[_cell(c) for c in row] for row in rows],
    }


def _by_assessor(report: CalibrationReport) -> dict[str, Any] | None:
    """The table of aspiration-first compliance by assessor (notable assessors), if any."""
    by_assessor = report.aspiration_by_assessor
    if by_assessor is None or not len(by_assessor):
        return None
    notable = [c for c in by_assessor if c.after or c.same_day][:MOST_ROWS]
    return _table(
        "Aspiration conversation first, by assessor",
        assessor_aspiration_note(by_assessor),
        ["Assessor", *ASPIRATION_HEAD],
        ([c.value, *aspiration_cells(c)] for c in notable),
    )


def _panels(
    report: CalibrationReport, moved: Mapping[str, int], by_assessor: dict[str, Any] | None
) -> list[dict[str, Any]]:
    effects = report.rater_effects
    listed = [effects[i] for i in range(min(len(effects), MOST_ROWS))]
    flagged = sum(effects.flagged)
    raters = _table(
        f"Rater effects: {flagged:,} of {len(effects):,} assessors flagged",
        RATER_NOTE
        + " Measured on what each assessor proposed, so moves do not change them; the last "
        "column counts the assessor's people the session has moved so far."
        + (f" The first {MOST_ROWS:,} are listed." if len(effects) > MOST_ROWS else ""),
        [
            "Assessor",
            "People",
            "Performance leniency",
            "Potential leniency",
            "Flag",
            "Segment",
            "Moved in session",
        ],
        (
            [
                e.assessor,
                e.people,
                leniency_text(e.performance),
                leniency_text(e.potential),
                "flagged" if e.flagged else "",
                largest_residual(e, alpha=effects.alpha) if e.flagged else "-",
                moved.get(e.assessor, 0),
            ]
            for e in listed
        ),
    )
    shown = [raters]
    for check in report.fairness:
        shown.append(
            _table(
                f"Talent-pool selection by {check.column}",
                fairness_note(check),
                SELECTION_HEAD,
                (_selection_row(g, check.min_cell) for g in check.groups),
            )
        )
    for moves in report.moves_by:
        shown.append(
            _table(
                f"The council's moves by {moves.column}, before and after",
                f"{moves_summary(moves)} {moves_note(moves)}",
                ["Group", *MOVES_HEAD],
                (
                    [group_label(g.value, g.crossed), *moves_cells(g, moves.min_cell)]
                    for g in moves.groups
                ),
            )
        )
    if report.aspiration is not None:
        rows = [_aspiration_row("Everyone", report.aspiration.overall, report.min_cell)]
        for compliance in report.aspiration_by:
            rows += [
                _aspiration_row(
                    f"{compliance.column}: {g.value or 'not stated (blank)'}", g, report.min_cell
                )
                for g in compliance.groups
            ]
        shown.append(
            _table(
                "Aspiration conversation first", ASPIRATION_NOTE, ["Group", *ASPIRATION_HEAD], rows
            )
        )
    if by_assessor is not None:
        shown.append(by_assessor)
    shown.append(
        _table(
            f"Moves made: {len(report.changes):,} in force, {len(report.reversals):,} undone",
            "Each move in force, in order, with its reason (undone moves are listed in the "
            "session's log, not here).",
            ["Entry", "Person", "From", "To", "Reason", "By", "On"],
            (
                [
                    a.number,
                    a.employee_id,
                    a.from_segment.label,
                    a.to_segment.label,
                    a.reason,
                    a.by or "not recorded",
                    a.on.isoformat(),
                ]
                for a in report.changes
            ),
        )
    )
    if report.findings:
        shown.append(
            _table(
                "Findings",
                "What apsperf calibrate reports about the session.",
                ["Severity", "Code", "Message"],
                ([f.severity.value, f.code, f.message] for f in report.findings),
            )
        )
    return shown


class Exports:
    """The workspace's exports of ``council`` (``copy``: the proposals' bytes, if any)."""

    def __init__(self, council: Council, copy: CopySource, panels: Panels) -> None:
        self.council = council
        self.copy = copy
        self.panels = panels

    def _stem(self) -> str:
        stem = self.copy.name.rsplit(".", 1)[0] if "." in self.copy.name else self.copy.name
        return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-")[:80] or "proposals"

    def names(self) -> dict[str, str]:
        """The file name of each export."""
        stem = self._stem()
        copy = "xlsx" if self.copy.workbook else "csv"
        return {
            "session": f"{stem}.session.json",
            "calibrated": f"{stem}.calibrated.{copy}",
            "pack": f"{stem}.calibration-pack.html",
            "workbook": f"{stem}.calibration.xlsx",
            "notes": f"{stem}.notes.csv",
            "notes.json": f"{stem}.notes.json",
        }

    def make(self, kind: str, *, form: str = "csv") -> tuple[str, bytes, str]:
        """``(file name, bytes, media type)`` of one export (``kind`` of :data:`EXPORTS`).

        ``form`` is the notes' form, ``"csv"`` or ``"json"``.
        """
        makers: dict[str, Callable[[], tuple[bytes, str]]] = {
            "session": self._session,
            "calibrated": self._calibrated,
            "pack": self._pack,
            "workbook": self._workbook,
            "notes": self._notes_csv,
        }
        if kind not in makers:
            raise ValidationError(f"expected one of {', '.join(EXPORTS)}", path="kind")
        if form not in ("csv", "json") or (form == "json" and kind != "notes"):
            raise ValidationError("the notes are exported as csv or json", path="format")
        if form == "json":
            return self.names()["notes.json"], self._notes_json(), "application/json"
        data, media = makers[kind]()
        return self.names()[kind], data, media

    def _notes(self) -> list[dict[str, Any]]:
        return self.council.locked(
            lambda: [
                {
                    "note": n.number,
                    "employee_id": n.employee_id,
                    "text": n.text,
                    "by": n.by,
                    "at": n.recorded_at.isoformat(),
                }
                for n in self.council.notes
            ]
        )

    def _notes_csv(self) -> tuple[bytes, str]:
        rows = ([n["note"], n["employee_id"], n["text"], n["by"], n["at"]] for n in self._notes())
        return csv_text(NOTES_HEAD, rows).encode("utf-8"), "text/csv; charset=utf-8"

    def _notes_json(self) -> bytes:
        document = {"proposed": self.council.name, "notes": self._notes()}
        return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def _session_now(self) -> CalibrationSession:
        return self.council.locked(lambda: self.council.session)

    def _session(self) -> tuple[bytes, str]:
        from apsperf.serialization import to_json

        return (to_json(self._session_now()) + "\n").encode("utf-8"), "application/json"

    def _calibrated(self) -> tuple[bytes, str]:
        copy = self.copy
        if copy.data is None:
            raise ValidationError(
                "a calibrated copy rewrites each moved person's performance and potential "
                "cells; these proposals were read through one box column, which has none",
                path="kind",
            )
        session = self._session_now()
        if copy.workbook:
            data = calibrated_workbook(
                io.BytesIO(copy.data),
                session,
                sheet=copy.sheet,
                columns=copy.columns,
                level_numbers=copy.level_numbers,
            )
            return data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        text = decode_text(copy.data, encoding=copy.encoding, source=copy.name)
        buffer = io.StringIO(newline="")
        write_calibrated_csv(
            text, session, buffer, columns=copy.columns, level_numbers=copy.level_numbers
        )
        return with_bom(buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"

    def _pack(self) -> tuple[bytes, str]:
        _version, report, _moved = self.panels.report()
        return calibration_pack_html(report).encode("utf-8"), "text/html; charset=utf-8"

    def _workbook(self) -> tuple[bytes, str]:
        _version, report, _moved = self.panels.report()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return calibration_workbook(report), media

    def write(self, folder: str, *, kinds: Sequence[str] = EXPORTS) -> list[str]:
        """Write the exports into ``folder``, all or none, never over an existing file."""
        files = {}
        for kind in kinds:
            name, data, _media = self.make(kind)
            files[name] = data
        written = write_files(folder, files, force=False, field="folder")
        return [str(path) for path in written]
