"""The workspace's panels and exports: ``apsperf calibrate``'s own report, on the live session.

Every panel is computed by :func:`~apsperf.segmentation.analysis._calibration.calibrate`
on the session as it stands, exactly as ``apsperf calibrate`` computes it, and shown
through the calibration pack's own row helpers: the same rater effects (flagged assessors
first), fairness checks and aspiration-first counts, under the same disclosure control
(``min_cell``; suppressed cells stay hidden). Each panel is a table as data (``title``,
``note``, ``head``, ``rows`` of text and numbers) that the page shows as text.

The exports are the files ``apsperf calibrate`` writes: the session document (version 2,
which ``apsperf calibrate --session`` reads), the calibrated copy of the proposals in their
own form (``--csv`` / ``--calibrated-xlsx``), the calibration pack (``--html``) and the
calibration workbook (``--xlsx``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from apsperf._csvsafe import with_bom
from apsperf._files import write_files
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._calibration import CalibrationReport, calibrate
from apsperf.segmentation.io._csv_text import decode_text
from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._session import CalibrationSession
from apsperf.segmentation.model._workforce import Columns
from apsperf.segmentation.render._calibrated import calibrated_workbook, write_calibrated_csv
from apsperf.segmentation.render._calibration_workbook import calibration_workbook
from apsperf.segmentation.render._pack import (
    ASPIRATION_HEAD,
    ASPIRATION_NOTE,
    RATER_NOTE,
    _aspiration_row,
    _selection_row,
    aspiration_cells,
    assessor_aspiration_note,
    calibration_pack_html,
    fairness_note,
    largest_residual,
    leniency_text,
)
from apsperf.segmentation.workspace._council import Council

__all__ = ["EXPORTS", "CopySource", "Exports", "panels"]

MOST_ROWS: Final = 200
"""Rows a panel lists (rater effects and assessors; flagged and notable ones come first)."""

SELECTION_HEAD: Final = (
    *("Group", "People", "Selected", "Rate", "Impact ratio", "p", "Adjusted p", "Flag", "Note"),
)
"""The columns of a fairness table, as the calibration pack's."""

EXPORTS: Final = ("session", "calibrated", "pack", "workbook")
"""What the workspace exports, by the name of its download."""


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


def _report(council: Council) -> tuple[int, CalibrationReport]:
    session, version = council.locked(lambda: (council.session, council.version))
    return version, calibrate(
        council.proposed, session, fairness_by=council.fairness, min_cell=council.min_cell
    )


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


def panels(council: Council) -> dict[str, Any]:
    """The panels for the session as it stands (see the module's docstring)."""
    version, report = _report(council)
    return {"version": version, "panels": _panels(report)}


def _panels(report: CalibrationReport) -> list[dict[str, Any]]:
    effects = report.rater_effects
    listed = [effects[i] for i in range(min(len(effects), MOST_ROWS))]
    flagged = sum(effects.flagged)
    raters = _table(
        f"Rater effects: {flagged:,} of {len(effects):,} assessors flagged",
        RATER_NOTE + (f" The first {MOST_ROWS:,} are listed." if len(effects) > MOST_ROWS else ""),
        ["Assessor", "People", "Performance leniency", "Potential leniency", "Flag", "Segment"],
        (
            [
                e.assessor,
                e.people,
                leniency_text(e.performance),
                leniency_text(e.potential),
                "flagged" if e.flagged else "",
                largest_residual(e, alpha=effects.alpha) if e.flagged else "-",
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
    by_assessor = report.aspiration_by_assessor
    if by_assessor is not None and len(by_assessor):
        notable = [c for c in by_assessor if c.after or c.same_day][:MOST_ROWS]
        shown.append(
            _table(
                "Aspiration conversation first, by assessor",
                assessor_aspiration_note(by_assessor),
                ["Assessor", *ASPIRATION_HEAD],
                ([c.value, *aspiration_cells(c)] for c in notable),
            )
        )
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

    def __init__(self, council: Council, copy: CopySource) -> None:
        self.council = council
        self.copy = copy

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
        }

    def make(self, kind: str) -> tuple[str, bytes, str]:
        """``(file name, bytes, media type)`` of one export (``kind`` of :data:`EXPORTS`)."""
        makers: dict[str, Callable[[], tuple[bytes, str]]] = {
            "session": self._session,
            "calibrated": self._calibrated,
            "pack": self._pack,
            "workbook": self._workbook,
        }
        if kind not in makers:
            raise ValidationError(f"expected one of {', '.join(EXPORTS)}", path="kind")
        data, media = makers[kind]()
        return self.names()[kind], data, media

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
        _version, report = _report(self.council)
        return calibration_pack_html(report).encode("utf-8"), "text/html; charset=utf-8"

    def _workbook(self) -> tuple[bytes, str]:
        _version, report = _report(self.council)
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
