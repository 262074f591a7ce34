"""Pictures and exports of a talent review: SVG nine-box, HTML report, text, CSV and JSON."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from typing import Any, Final, TextIO, TypeVar

from apsperf._arguments import checked
from apsperf._csvsafe import write_rows
from apsperf._html import escape, legend, page
from apsperf._terminal import Piece, plain
from apsperf._text import file_name
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._accounting import InputSummary
from apsperf.segmentation.analysis._movement import (
    Movement,
)
from apsperf.segmentation.analysis._results import ReviewReport
from apsperf.segmentation.analysis._review import (
    CalibrationCheck,
    GroupBreakdown,
    TalentReview,
)
from apsperf.segmentation.analysis._suppression import HIDDEN_GROUPS, MIN_CELL, check_min_cell
from apsperf.segmentation.model._columns import (
    EXPORT_HEADER,
    INPUT_SUFFIX,
    normalise_header,
    suffixed,
)
from apsperf.segmentation.model._levels import Level, Segment, grid_layout
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce
from apsperf.segmentation.render._grid import FLOW_KEY, _pct, grid_svg, segment_table
from apsperf.segmentation.render._inputs_view import input_lines, inputs_html
from apsperf.segmentation.render._views import (
    _GRID_LEGEND,
    _SHORT,
    _STYLE,
    UNSUPPRESSED,
    _breakdown_html,
    _check_html,
    _check_parts,
    _hidden_size,
    _hidden_text,
    _movement_html,
    _overall,
    _shown,
    _suppression_note,
    hidden_segments_note,
    is_independence,
    movement_sentence,
)
from apsperf.segmentation.render._views import check_reading as _check_reading

__all__ = [
    "check_reading",
    "cycle_label",
    "nine_box_svg",
    "review_html",
    "review_text",
    "write_placements_csv",
    "write_placements_json",
]


def _counts(talent_review: TalentReview) -> dict[Segment, int]:
    return {s: talent_review.count(s) for s in Segment}


@checked
def nine_box_svg(
    talent_review: TalentReview, *, title: str = "", moved: Movement | None = None
) -> str:
    """The nine-box grid with each segment's name, count and share, as a standalone SVG.

    With ``moved``, each cell also shows how people came to it since the previous cycle (up,
    down, across, joined) and how many left it (see :data:`FLOW_KEY`).
    """
    flows = None if moved is None else {s: moved.arrivals(s) for s in Segment}
    return grid_svg(_counts(talent_review), talent_review.rows_placed, title=title, flows=flows)


# -- labels -----------------------------------------------------------------------------------


def cycle_label(workforce: Workforce) -> str:
    """A name for a workforce's cycle: the cycle its people were assessed for, or its file name.

    apsperf's rule (the frameworks name none): an assessment assesses the financial year
    (1 July to 30 June) that ends in the assessment's calendar year. An assessment in
    August 2025 closes the 2024-25 cycle; one in May 2025, held before the cycle's end,
    assesses 2024-25 too. ``"2024-25"`` when more than half the people with an assessment
    date were assessed for that cycle; otherwise the file's own name without its folder
    (``"workforce-2025.csv"``); ``""`` when there is neither. Override it with ``label=``
    (``--label`` on the command line).
    """
    if not isinstance(workforce, Workforce):
        raise ValidationError(
            f"expected Workforce, got {type(workforce).__name__}", path="workforce"
        )
    per_year: dict[int, int] = {}
    for day, count in workforce.assessment_dates().items():
        start = day.year - 1  # the financial year that ends in the assessment's year
        per_year[start] = per_year.get(start, 0) + count
    if per_year:
        year, count = max(per_year.items(), key=lambda item: (item[1], item[0]))
        if 2 * count > sum(per_year.values()):
            return f"{year}-{(year + 1) % 100:02d}"
    return file_name(workforce.source)


@checked
def check_reading(
    check: CalibrationCheck, *, column: str | None = None, alpha: float = 0.05
) -> str:
    """One plain-English sentence on what a check's result means (``""`` when it was withheld).

    ``column`` names the grouping column of an independence check (``"Division"``).
    """
    return _check_reading(check, column=column, alpha=alpha)


_FILE_NAME = re.compile(r".+\.[A-Za-z][A-Za-z0-9]{0,4}")
"""A label that is a file's name ("workforce.csv"), as :func:`cycle_label` falls back to."""


def _cycles(label: str, previous_label: str) -> str:
    """``"2025 cycle, compared with 2024"`` (either part may be missing).

    A label that is a file's name is shown as it is, not called a cycle:
    ``"workforce.csv, compared with old.csv"``.
    """
    here = (label if _FILE_NAME.fullmatch(label) else f"{label} cycle") if label else ""
    then = f"compared with {previous_label}" if previous_label else ""
    return ", ".join(part for part in (here, then) if part)


def _column_of(check: CalibrationCheck, talent_review: TalentReview) -> str | None:
    """The breakdown an independence check was run on, found from its group labels."""
    if not is_independence(check):
        return None
    labels = tuple(label for label in check.row_labels if label != HIDDEN_GROUPS)
    combined = len(labels) < len(check.row_labels)  # hidden groups tested as one row
    for breakdown in talent_review.breakdowns:
        values = tuple(g.value for g in breakdown.groups if g.total)
        if labels == values or (combined and labels == tuple(v for v in values if v in labels)):
            return breakdown.column
    return None


_T = TypeVar("_T")


def _described(
    talent_review: TalentReview, inputs: Sequence[InputSummary], source: str | None
) -> str:
    """How a report names its file (``source`` when given).

    Otherwise the file's own name and, for a workbook, the sheet read
    (``"people.xlsx, sheet '2025'"``).
    """
    if source is not None:
        return source
    name = file_name(talent_review.source)
    sheet = inputs[0].sheet if inputs else None
    return f"{name}, sheet {sheet!r}" if name and sheet else name


def _inputs(talent_review: TalentReview, inputs: Sequence[InputSummary]) -> list[InputSummary]:
    """The files read, or the review's own file when the caller names none."""
    if inputs:
        return list(inputs)
    r = talent_review
    return [
        InputSummary(
            role="workforce",
            source=r.source,
            rows_read=r.rows_read,
            rows_placed=r.rows_placed,
            rejected=r.rejected,
            findings=r.findings,
        )
    ]


def unpack_report(
    value: ReviewReport | TalentReview,
    moved: Movement | None,
    checks: Sequence[tuple[str, CalibrationCheck]],
    inputs: Sequence[InputSummary] = (),
) -> tuple[TalentReview, Movement | None, list[tuple[str, CalibrationCheck]], list[InputSummary]]:
    """The review, movement, checks and files read that every review renderer shows.

    From a :class:`ReviewReport` (``apsperf review``'s one report value), or from a bare
    :class:`TalentReview` and the parts given beside it.
    """
    if isinstance(value, ReviewReport):
        if moved is not None or checks or inputs:
            raise TypeError(
                "a ReviewReport holds its movement, checks and inputs: give them in it, "
                "not beside it"
            )
        checked = [(c.heading, c.check) for c in value.checks]
        return value.review, value.movement, checked, list(value.inputs)
    if isinstance(value, TalentReview):
        return value, moved, list(checks), list(inputs)
    raise ValidationError(
        f"expected ReviewReport or TalentReview, got {type(value).__name__}", path="report"
    )


def review_html(
    report: ReviewReport | TalentReview,
    *,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    title: str = "Talent review",
    label: str = "",
    previous_label: str = "",
    source: str | None = None,
    min_cell: int | None = MIN_CELL,
    inputs: Sequence[InputSummary] = (),
) -> str:
    """A self-contained HTML report: summary, nine-box picture, tables, movement, checks.

    ``report`` is ``apsperf review``'s one report value (a :class:`ReviewReport`, holding
    the movement, checks and files read), or a bare :class:`TalentReview` with ``moved``,
    ``checks`` and ``inputs`` given beside it.

    ``label`` and ``previous_label`` name the cycles in the heading ("2025 cycle, compared
    with 2024"; see :func:`cycle_label`); without ``label`` the heading names the file.
    ``source`` is how the file is described (default: its own name, never its folder).
    Breakdowns suppress small cells (``min_cell``). Rows not placed and the findings on
    reading (:attr:`TalentReview.findings`) come last, for each file in ``inputs`` (by
    default the review's own file), rows not placed grouped by reason. Every value that came
    from the input (group names, file names, reasons) is escaped.
    """
    if min_cell is not None:
        check_min_cell(min_cell)
    r, moved, checks, inputs = unpack_report(report, moved, checks, inputs)
    shown_source = _described(r, inputs, source)
    cycles = _cycles(label, previous_label if moved is not None else "")
    heading = (
        f"{title}: {cycles}" if cycles else (f"{title}: {shown_source}" if shown_source else title)
    )
    of = f"Source: {escape(shown_source)}. " if shown_source else ""
    parts = [
        f"<h1>{escape(heading)}</h1>",
        f'<p class="subtitle">{of}{r.rows_read:,} rows read, {r.rows_placed:,} placed, '
        f"{len(r.rejected):,} not placed.</p>",
        f'<p class="warning"><strong>{escape(UNSUPPRESSED)}</strong></p>'
        if _unsuppressed(r, min_cell)
        else "",
        '<div class="figure-row"><figure class="keep">',
        nine_box_svg(r, moved=moved),
        f'<p class="muted">{escape(FLOW_KEY)}</p>' if moved is not None else "",
        "</figure><div>",
        legend(_GRID_LEGEND, title="Grid colours"),
        segment_table(_counts(r), r.rows_placed),
        "</div></div>",
        *(_breakdown_html(b, r.rows_placed, min_cell) for b in r.breakdowns),
        _movement_html(moved, label, previous_label) if moved is not None else "",
        *(_check_html(c, h, _column_of(c, r)) for h, c in checks),
        inputs_html(_inputs(r, inputs)),
    ]
    return page(heading, "".join(parts))


# -- text -------------------------------------------------------------------------------------

_CELL = 22
"""Inside width of a grid cell in the terminal (the longest segment name is 20)."""
_MARGIN = 10


def _axis_header() -> str:
    names = "".join(f" {level.label + ' performance':^{_CELL}}" for level in _ACROSS)
    return (" " * _MARGIN + names).rstrip()


def _grid_lines(talent_review: TalentReview) -> list[list[Piece]]:
    r = talent_review
    rule = " " * _MARGIN + ("+" + "-" * _CELL) * 3 + "+"
    lines: list[list[Piece]] = [
        [(f"Nine-box grid, {r.rows_placed:,} placed", "bold")],
        ["Potential runs down the side (high to low), performance across (low to high)."],
        [_axis_header()],
        [rule],
    ]
    for level, row in zip(_DOWN, grid_layout(), strict=True):
        names: list[Piece] = [f"{level.label:<{_MARGIN}}"]
        counts: list[Piece] = [f"{'potential':<{_MARGIN}}"]
        for segment in row:
            count = r.count(segment)
            names += [
                "| ",
                (segment.label, _STYLE.get(segment, "bold")),
                " " * (_CELL - 1 - len(segment.label)),
            ]
            figure = f"{count:,}  {_pct(count, r.rows_placed)}"
            counts += [f"| {figure:<{_CELL - 1}}"]
        lines += [[*names, "|"], [*counts, "|"], [rule]]
    return lines


_WIDTH = 88
"""Prose in the terminal report is wrapped to this width."""


def _wrap(text: str, style: str = "", indent: str = "") -> list[list[Piece]]:
    """``text`` wrapped to :data:`_WIDTH`, one line of pieces per line.

    A word longer than a line (a file's path) is kept whole, so it can be copied.
    """
    width = _WIDTH - len(indent)
    wrapped = textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [""]
    return [[indent, (line, style)] for line in wrapped]


_DOWN = (Level.HIGH, Level.MODERATE, Level.LOW)
_ACROSS = (Level.LOW, Level.MODERATE, Level.HIGH)


def _unsuppressed(r: TalentReview, min_cell: int | None) -> bool:
    """Whether an output of ``r`` shows some breakdown without suppression."""
    return min_cell is None and any(b.min_cell is None for b in r.breakdowns)


def _breakdown_lines(
    breakdown: GroupBreakdown, total: int, min_cell: int | None
) -> list[list[Piece]]:
    shown, threshold = _shown(breakdown, min_cell)
    name_width = max([len(breakdown.column), len("Total"), *(len(g.value) for g in shown)])
    cell = 6
    head = f"{breakdown.column:<{name_width}}  {'People':>7}" + "".join(
        f" {_SHORT[s]:>{cell}}" for s in Segment
    )
    lines: list[list[Piece]] = [
        [(f"By {breakdown.column}: each group's share of its people in each segment", "bold")],
        [(head, "bold")],
    ]
    for group in shown:
        if group.counts is None:
            size = _hidden_size(group, threshold)
            lines.append(
                [
                    f"{group.value:<{name_width}}  {size:>7} ",
                    (_hidden_text(group, threshold), "muted"),
                ]
            )
            continue
        whole = group.size or 0
        lines.append(
            [
                f"{group.value:<{name_width}}  {whole:>7,}"
                + "".join(f" {'-' if c is None else _pct(c, whole):>{cell}}" for c in group.counts)
            ]
        )
    lines.append(
        [
            (
                f"{'Total':<{name_width}}  {total:>7,}"
                + "".join(f" {_pct(c, total):>{cell}}" for c in _overall(breakdown)),
                "bold",
            )
        ]
    )
    key = ", ".join(f"{_SHORT[s]} {s.label}" for s in Segment)
    note = " ".join(
        filter(None, [_suppression_note(threshold), hidden_segments_note(breakdown, threshold)])
    )
    return lines + _wrap(f"Key: {key}.", "muted") + _wrap(note, "muted")


def _check_lines(heading: str, check: CalibrationCheck, column: str | None) -> list[list[Piece]]:
    lines: list[list[Piece]] = [[(heading, "bold")]]
    for part in _check_parts(check):
        lines += _wrap(part, "", "  ")
    meaning = check_reading(check, column=column)
    if meaning:
        lines += _wrap(meaning, "warn" if check.significant() else "good", "  ")
    for finding in check.findings:
        lines += _wrap(str(finding), "warn" if finding.severity.value != "info" else "", "  ")
    return lines


def review_lines(
    report: ReviewReport | TalentReview,
    *,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    label: str = "",
    previous_label: str = "",
    source: str | None = None,
    min_cell: int | None = MIN_CELL,
    shown_rejections: int = 10,
    shown_findings: int = 20,
    inputs: Sequence[InputSummary] = (),
) -> list[list[Piece]]:
    """The text report as lines of styled pieces (see :func:`apsperf._terminal.write_styled`).

    ``report`` is a :class:`ReviewReport` or a :class:`TalentReview`, as for
    :func:`review_html`.

    The files read come last (listed when there are several: ``inputs``, by default the
    review's own file), each with its rows not placed grouped by column and reason (the
    first ``shown_rejections`` groups) and its findings on reading (the first
    ``shown_findings``), with a count of the rest.
    """
    if min_cell is not None:
        check_min_cell(min_cell)
    r, moved, checks, inputs = unpack_report(report, moved, checks, inputs)
    shown_source = _described(r, inputs, source)
    cycles = _cycles(label, previous_label if moved is not None else "")
    lines: list[list[Piece]] = [
        [
            (
                "Talent review"
                + (f" of {shown_source}" if shown_source else "")
                + (
                    f" ({cycles})"
                    if cycles and cycles not in (shown_source, file_name(r.source))
                    else ""
                ),
                "bold",
            ),
            f": {r.rows_read:,} rows read, {r.rows_placed:,} placed, "
            f"{len(r.rejected):,} not placed",
        ],
        [],
        *_grid_lines(r),
    ]
    if _unsuppressed(r, min_cell):
        lines[1:1] = _wrap(UNSUPPRESSED, "bold")
    for breakdown in r.breakdowns:
        lines += [[], *_breakdown_lines(breakdown, r.rows_placed, min_cell)]
    if moved is not None:
        then = previous_label or "the previous cycle"
        lines += [[], [(f"Movement since {then}", "bold")], *_wrap(movement_sentence(moved.counts))]
    for heading, check in checks:
        lines += [[], *_check_lines(heading, check, _column_of(check, r))]
    files = _inputs(r, inputs)
    lines += input_lines(
        files,
        listed=len(files) > 1,
        shown_groups=shown_rejections,
        shown_findings=shown_findings,
    )
    return lines


def review_text(
    report: ReviewReport | TalentReview,
    *,
    moved: Movement | None = None,
    checks: Sequence[tuple[str, CalibrationCheck]] = (),
    label: str = "",
    previous_label: str = "",
    source: str | None = None,
    min_cell: int | None = MIN_CELL,
    inputs: Sequence[InputSummary] = (),
) -> str:
    """The review as plain text for a terminal: labelled grid, breakdowns, movement, checks.

    ``report`` is a :class:`ReviewReport` or a :class:`TalentReview`, as for
    :func:`review_html`.

    The same report as :func:`review_html`, with the same options; breakdowns show each
    group's shares and a total row, with small cells suppressed (``min_cell``).
    """
    lines = review_lines(
        report,
        moved=moved,
        checks=checks,
        label=label,
        previous_label=previous_label,
        source=source,
        min_cell=min_cell,
        inputs=inputs,
    )
    return "\n".join(plain(line).rstrip() for line in lines)


PERSON_FIELDS: Final = EXPORT_HEADER
"""The columns apsperf computes for each person in its per-person exports, first."""


RECORDED_FIELDS: Final = ("assessed_by", "assessed_on", "aspiration_conversation_on")
"""The per-person fields an export carries after :data:`PERSON_FIELDS` when the file had them."""


def recorded_fields(workforce: Workforce) -> tuple[str, ...]:
    """The :data:`RECORDED_FIELDS` the workforce's file had a column for."""
    return tuple(field for field in RECORDED_FIELDS if field in workforce.columns)


def person_header(group_names: Sequence[str], fields: Sequence[str] = ()) -> list[str]:
    """The per-person exports' columns: :data:`PERSON_FIELDS`, ``fields``, the grouping columns.

    Computed values and the file's columns never collide: a grouping column whose name
    matches a computed column's (or an earlier column's) as headers are matched (``Segment``,
    ``LINE``, ``segment_label``) is written as ``NAME (from file)`` (numbered if that is
    taken too), so each export keeps both values and reads back without a repeated header.
    """
    header = [*PERSON_FIELDS, *fields]
    taken = {normalise_header(name) for name in header}
    for name in group_names:
        shown, number = name, 1
        if suffixed(name):  # so that reading back, which strips one suffix, gives ``name``
            shown, number = f"{name}{INPUT_SUFFIX}", 2
        while normalise_header(shown) in taken:
            number += 1
            shown = f"{name}{INPUT_SUFFIX}" if number == 2 else f"{name} (from file {number - 1})"
        taken.add(normalise_header(shown))
        header.append(shown)
    return header


def recorded_columns(workforce: Workforce) -> list[Sequence[str | None]]:
    """Each of :func:`recorded_fields`' values per person: text, dates in ISO 8601."""
    columns: list[Sequence[str | None]] = []
    for field in recorded_fields(workforce):
        values = workforce.assessors() if field == "assessed_by" else workforce.dates(field)
        columns.append([v if v is None or isinstance(v, str) else v.isoformat() for v in values])
    return columns


def _person_rows(workforce: Workforce) -> tuple[list[str], Any]:
    groups = list(workforce.group_names)
    header = person_header(groups, recorded_fields(workforce))
    codes = workforce.segment_codes()
    columns = [*recorded_columns(workforce), *(workforce.group_values(g) for g in groups)]
    lines = workforce.lines()

    def rows() -> Any:
        for index, employee_id in enumerate(workforce.employee_ids):
            segment = SEGMENTS[codes[index]]
            yield [
                employee_id,
                segment.value,
                segment.label,
                segment.performance.value,
                segment.potential.value,
                lines[index],
                *(c[index] for c in columns),
            ]

    return header, rows()


@checked
def write_placements_csv(workforce: Workforce, stream: TextIO) -> None:
    """Write one CSV row per person placed, with spreadsheet formulas neutralised."""
    header, rows = _person_rows(workforce)
    write_rows(stream, header, rows)


@checked
def write_placements_json(workforce: Workforce, stream: TextIO) -> None:
    """Write one JSON object per person placed, in a document with a schema version."""
    header, rows = _person_rows(workforce)
    from apsperf.serialization import SCHEMA_VERSION

    people = [dict(zip(header, row, strict=True)) for row in rows]
    json.dump(
        {"schema_version": SCHEMA_VERSION, "placements": people},
        stream,
        ensure_ascii=False,
        indent=1,
    )
