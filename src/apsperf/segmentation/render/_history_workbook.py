"""The history's per-person export as an Excel workbook (the ``excel`` extra).

``apsperf history --xlsx FILE``: what the workbook holds is said on its first sheet. Built
on the review workbook's writer (:mod:`._workbook`): write-only, every cell under the same
text rule (never a formula, characters an ``.xlsx`` cannot hold escaped).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from apsperf._arguments import checked
from apsperf._files import write_file
from apsperf.segmentation.analysis._history import History, person_header, person_rows
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.render._history_text import CHANCE_NOTE, PATTERN_NOTE, p_text
from apsperf.segmentation.render._workbook import MAX_SHEET_ROWS, new_workbook, workbook_bytes

__all__ = ["history_workbook", "write_history_xlsx"]


@checked
def history_workbook(result: History, *, max_sheet_rows: int = MAX_SHEET_ROWS) -> bytes:
    """The per-person export as ``.xlsx`` bytes (see :func:`write_history_xlsx`)."""
    # A history without its people is refused before a workbook is begun.
    header = person_header(result)
    rows = person_rows(result)
    book, sheet = new_workbook()
    about = sheet("about")
    about.heading("Talent history: per-person export")
    about.row(["Cycles", ", ".join(result.cycles)])
    about.row(["People", result.people])
    about.row(
        [
            "Contains",
            "Each person's identifier and segment in each cycle (empty: not in that cycle's "
            "file; Not placed: the row was rejected), then the columns of the latest cycle's "
            "file shown beside them: " + (", ".join(result.detail_columns) or "none") + ". "
            "Per-person data: share it only with those who may see it.",
        ]
    )
    if result.pool_trend is not None:
        about.row(
            [
                "Left out",
                f"{result.pool_trend.column} (the pool trend's grouping column is never "
                "shown beside a person)",
            ]
        )
    about.row([])
    about.heading("Pattern", "Slug", "People", "Expected by chance alone", "Definition")
    for match in result.patterns:
        about.row(
            [
                match.pattern.label,
                match.pattern.value,
                len(match.employee_ids),
                match.expected,
                match.pattern.definition,
            ]
        )
    about.row([PATTERN_NOTE])
    about.row([CHANCE_NOTE])
    if result.axes:
        about.row([])
        about.heading("From", "To", "Axis", "Up", "Stayed", "Down", "Stuart-Maxwell p", "Bowker p")
        for axis in result.axes:
            about.row(
                [
                    axis.earlier,
                    axis.later,
                    axis.axis,
                    axis.up.count,
                    axis.stayed.count,
                    axis.down.count,
                    p_text(axis.homogeneity_p_value),
                    p_text(axis.symmetry_p_value),
                ]
            )
    if result.transitions:
        about.row([])
        about.heading(
            "From",
            "To",
            "Segment in the earlier cycle",
            "Segment in the later cycle",
            "People",
            "Of",
            "Share",
            "95% interval, low",
            "95% interval, high",
        )
        for transitions in result.transitions:
            for before, rated in zip(Segment, transitions.rates, strict=True):
                for after, rate in zip(Segment, rated, strict=True):
                    about.row(
                        [
                            transitions.earlier,
                            transitions.later,
                            before.label,
                            after.label,
                            rate.count,
                            rate.people,
                            rate.share,
                            rate.low,
                            rate.high,
                        ]
                    )
    number = 1
    while True:
        chunk = list(itertools.islice(rows, max(1, max_sheet_rows - 1)))
        if not chunk and number > 1:
            break
        people = sheet("people" if number == 1 else f"people {number}")
        people.heading(*header)
        for row in chunk:
            people.row(row)
        number += 1
        if len(chunk) < max(1, max_sheet_rows - 1):
            break
    return workbook_bytes(book)


@checked
def write_history_xlsx(
    result: History, path: str | os.PathLike[str], *, replace: bool = True
) -> Path:
    """Write the history's per-person export as an Excel workbook; return its path.

    Sheets: *about* (what the workbook holds, each pattern with its observed and expected
    counts, the movement on each axis) and *people* (one row a person: identifier, segment
    in each cycle, the latest file's detail columns; continued on *people 2*... past a
    sheet's rows). Needs the ``excel`` extra. A history read from a document holds no
    per-person data and is refused. Written atomically; a link is refused.
    """
    return write_file(path, history_workbook(result), replace=replace, field="path")
