"""One entry point that renders a command's report value in a chosen format.

``render_report(report, "html")`` gives what ``apsperf review|calibrate|history --format``
or ``--html``/``--xlsx`` would write for the same report, without a command line.
"""

from __future__ import annotations

from typing import Final, Literal, overload

from apsperf._arguments import checked
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._calibration import CalibrationReport
from apsperf.segmentation.analysis._history import History
from apsperf.segmentation.analysis._results import ReviewReport
from apsperf.segmentation.render._calibration_workbook import calibration_workbook
from apsperf.segmentation.render._history_html import history_html
from apsperf.segmentation.render._pack import calibration_pack_html
from apsperf.segmentation.render._report import review_html, review_text
from apsperf.segmentation.render._text import calibration_text, history_text
from apsperf.segmentation.render._workbook import review_workbook
from apsperf.serialization import to_json

__all__ = ["REPORT_FORMATS", "render_report"]

Report = ReviewReport | CalibrationReport | History
"""A report value of ``review``, ``calibrate`` or ``history``."""

REPORT_FORMATS: Final = {
    "ReviewReport": ("text", "html", "json", "xlsx"),
    "CalibrationReport": ("text", "html", "json", "xlsx"),
    "History": ("text", "html", "json", "xlsx"),
}
"""The formats each kind of report renders in (``xlsx`` gives bytes, the others text)."""


@overload
def render_report(report: Report, format: Literal["xlsx"]) -> bytes: ...


@overload
def render_report(report: Report, format: Literal["text", "html", "json"] = "text") -> str: ...


@checked
def render_report(report: Report, format: str = "text") -> str | bytes:
    """``report`` rendered as ``format``: ``"text"``, ``"html"``, ``"json"`` or ``"xlsx"``.

    A :class:`ReviewReport` renders as :func:`review_text`, :func:`review_html`, its JSON
    document or :func:`write_review_xlsx`'s workbook; a :class:`CalibrationReport` as the
    command's text, :func:`calibration_pack_html`, JSON or
    :func:`write_calibration_xlsx`'s workbook; a :class:`History` as text,
    :func:`history_html`, JSON or :func:`write_history_xlsx`'s per-person workbook. Text
    formats give ``str``; ``"xlsx"`` gives the workbook's bytes (needs the ``excel``
    extra). A format the report does not render in raises :class:`~apsperf.ValidationError`
    listing those it does.
    """
    kind = type(report).__name__
    formats = REPORT_FORMATS[kind]
    if format not in formats:
        raise ValidationError(
            f"a {kind} renders as {', '.join(formats)}, not {format!r}", path="format"
        )
    if format == "json":
        return to_json(report)
    if isinstance(report, ReviewReport):
        return _review(report, format)
    if isinstance(report, CalibrationReport):
        return _calibration(report, format)
    return _history(report, format)


def _review(report: ReviewReport, format: str) -> str | bytes:
    if format == "xlsx":
        return review_workbook(report)
    return review_html(report) if format == "html" else review_text(report)


def _calibration(report: CalibrationReport, format: str) -> str | bytes:
    if format == "xlsx":
        return calibration_workbook(report)
    if format == "html":
        return calibration_pack_html(report)
    return calibration_text(report)


def _history(report: History, format: str) -> str | bytes:
    if format == "xlsx":
        from apsperf.segmentation.render._history_workbook import history_workbook

        return history_workbook(report)
    if format == "html":
        return history_html(report)
    return history_text(report)
