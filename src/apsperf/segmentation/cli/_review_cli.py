"""``apsperf review``: a talent review of a workforce file."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

from apsperf._cliutil import add_format_option, print_document, write_output
from apsperf._csvsafe import with_bom
from apsperf._terminal import write_styled
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._accounting import InputSummary
from apsperf.segmentation.analysis._movement import (
    movement,
)
from apsperf.segmentation.analysis._results import ReviewCheck, ReviewReport
from apsperf.segmentation.analysis._review import (
    CalibrationCheck,
    check_distribution,
    check_independence,
)
from apsperf.segmentation.analysis._suppression import MIN_CELL, check_min_cell
from apsperf.segmentation.analysis._talent_review import review
from apsperf.segmentation.cli._reading_cli import (
    add_reading_options,
    exit_status,
    read_input,
    reading_options,
)
from apsperf.segmentation.io._samples import sample_workforce_path
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.render._report import (
    cycle_label,
    review_html,
    review_lines,
    write_placements_csv,
)

_SAMPLE = "bundled synthetic sample"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``review`` subcommand."""
    parser = subparsers.add_parser(
        "review",
        help="run a talent review of a workforce file",
        description="Place everyone in a workforce CSV (or .xlsx) on the Talent Segmentation "
        "Model and report the distribution, breakdowns, movement and calibration checks.",
    )
    parser.add_argument("workforce", nargs="?", type=Path, help="the workforce file")
    parser.add_argument(
        "--sample",
        action="store_true",
        help="review the bundled synthetic sample (2025, with 2024 as previous)",
    )
    parser.add_argument(
        "--previous",
        type=Path,
        metavar="FILE",
        help="last cycle's workforce file, for movement between cycles",
    )
    parser.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COLUMN",
        help="break down by a grouping column (repeatable)",
    )
    parser.add_argument(
        "--cross",
        action="append",
        nargs="+",
        default=[],
        metavar="COLUMN",
        help="break down by the combinations of two or more grouping columns, e.g. "
        "--cross Division Classification (repeatable)",
    )
    parser.add_argument(
        "--expected",
        metavar="SHAPE",
        help="expected shape to check against, e.g. "
        "'top-talent=10,high-achiever=15,...' (shares on any scale)",
    )
    parser.add_argument(
        "--label",
        metavar="TEXT",
        help="name this cycle in the report, e.g. 2025 (default: the financial year most "
        "people were assessed in, else the file's name)",
    )
    parser.add_argument(
        "--previous-label",
        metavar="TEXT",
        help="name the previous cycle, e.g. 2024 (default: as for --label)",
    )
    parser.add_argument(
        "--min-cell",
        type=int,
        default=MIN_CELL,
        metavar="N",
        help=f"suppress groups with fewer than N people or 1 to N-1 in a segment (default "
        f"{MIN_CELL}; at least 3)",
    )
    parser.add_argument(
        "--no-suppression",
        action="store_true",
        help="show every group's counts, small ones too, in every output (for restricted "
        "internal use only: each output says so)",
    )
    parser.add_argument("--html", type=Path, metavar="FILE", help="write an HTML report")
    parser.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="write per-person data as CSV: each person's identifier, segment and levels, "
        "then every column the file had (names, dates, assessors, groups); a separate, "
        "explicit export, never part of the summary",
    )
    parser.add_argument(
        "--xlsx",
        type=Path,
        metavar="FILE",
        help="write the review as an Excel workbook: summary, grid, breakdowns, movement and "
        "the rows not placed; no per-person rows (needs apsperf[excel])",
    )
    parser.add_argument(
        "--packs",
        type=Path,
        metavar="FOLDER",
        help="write a manager's brief and an employee's copy (Markdown) for every person placed",
    )
    parser.add_argument(
        "--name-segment",
        action="store_true",
        help="name the segment in the employees' copies (left out unless asked)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace packs already in the --packs folder"
    )
    add_format_option(parser)
    add_reading_options(parser)
    parser.set_defaults(handler=_review)


def _shape(text: str) -> dict[Segment, float]:
    shape: dict[Segment, float] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValidationError(f"expected SEGMENT=SHARE, got {part!r}", path="--expected")
        segment = Segment.parse(name, field="--expected")
        if segment in shape:
            raise ValidationError(f"{segment.label} is given twice", path="--expected")
        try:
            shape[segment] = float(value)
        except ValueError:
            raise ValidationError(
                f"{value!r} is not a number", path=f"--expected {segment.value}"
            ) from None
    return shape


def _review(args: argparse.Namespace) -> int:
    if args.sample == (args.workforce is not None):
        raise ValidationError("give a workforce file or --sample (one of them)", path="review")
    try:
        check_min_cell(args.min_cell)
    except ValidationError as error:
        raise ValidationError(error.message, path="--min-cell") from None
    current_path = sample_workforce_path(2025) if args.sample else args.workforce
    previous_path = args.previous or (sample_workforce_path(2024) if args.sample else None)
    options = reading_options(args)
    # Only the grouping columns the command uses: the --by columns (the identifier, ratings,
    # dates and assessor are fields, always read); --csv writes every column, so keeps all.
    keep = None if args.csv else list(dict.fromkeys([*args.by, *_flat(args.cross)]))
    current = read_input(current_path, options, keep=keep)
    previous = read_input(previous_path, options, keep=keep) if previous_path else None
    inputs = [InputSummary.of(current, "workforce", matched_with=previous)]
    if previous is not None:
        inputs.append(InputSummary.of(previous, "previous"))
    # Columns are named as forgivingly as headers are matched: --by division finds Division.
    args.by = [current.group_name(name) for name in args.by]
    args.cross = [[current.group_name(name) for name in group] for group in args.cross]
    crossed = _crossed(args.cross)
    min_cell = None if args.no_suppression else args.min_cell
    result = review(current, by=[*args.by, *crossed], min_cell=min_cell)
    moved = movement(previous, current) if previous is not None else None
    checks: list[tuple[str, CalibrationCheck]] = [
        (f"Placements by {column}", check_independence(result, column, min_cell=min_cell))
        for column in args.by
    ]
    checks += [
        (
            f"Placements by {' × '.join(columns)}",
            check_independence(result, columns, min_cell=min_cell),
        )
        for columns in crossed
    ]
    if args.expected:
        checks.insert(
            0,
            (
                "Distribution against the expected shape",
                check_distribution(result, _shape(args.expected)),
            ),
        )
    label = args.label or ("2025" if args.sample else cycle_label(current))
    previous_label = args.previous_label or (
        ("2024" if args.sample else cycle_label(previous)) if previous is not None else ""
    )
    shown: dict[str, Any] = {
        "label": label,
        "previous_label": previous_label,
        "source": _SAMPLE if args.sample else None,
        "min_cell": min_cell,
    }
    # The one report value of the command: every output below renders it.
    report = ReviewReport(
        review=result,
        movement=moved,
        checks=tuple(ReviewCheck(heading=h, check=c) for h, c in checks),
        inputs=inputs,
    )
    if args.html:
        write_output(review_html(report, **shown), args.html, field="--html")
    if args.csv:
        buffer = io.StringIO(newline="")
        write_placements_csv(current, buffer)
        write_output(with_bom(buffer.getvalue()), args.csv, field="--csv")
    if args.xlsx:
        _write_xlsx(args.xlsx, report, shown)
    if args.packs:
        from apsperf.guides import write_conversation_packs

        packs = write_conversation_packs(
            current.placements(), args.packs, name_segment=args.name_segment, force=args.force
        )
        print(
            f"wrote {len(packs) // 2:,} conversation packs (a manager's brief and an "
            f"employee's copy each) to {args.packs}",
            file=sys.stderr,
        )
    if args.format == "json":
        print_document(report)
    else:
        write_styled(review_lines(report, **shown))
    if args.html:
        print(f"wrote {args.html}", file=sys.stderr)
    if args.csv:
        print(f"wrote {args.csv}", file=sys.stderr)
    if args.xlsx:
        print(f"wrote {args.xlsx}", file=sys.stderr)
    return exit_status(inputs)


def _write_xlsx(path: Path, report: ReviewReport, shown: Any) -> None:
    """``--xlsx FILE``: the review as a workbook (no per-person rows: ``--csv`` has them)."""
    from apsperf.segmentation.render._workbook import write_review_xlsx

    try:
        write_review_xlsx(
            report,
            path,
            label=shown["label"],
            previous_label=shown["previous_label"],
            min_cell=shown["min_cell"],
        )
    except ValidationError as error:
        raise ValidationError(error.message, path="--xlsx") from None


def _flat(groups: list[list[str]]) -> list[str]:
    return [column for group in groups for column in group]


def _crossed(groups: list[list[str]]) -> list[tuple[str, ...]]:
    """Each ``--cross`` as a tuple of columns; fewer than two is a bad argument."""
    for group in groups:
        if len(group) < 2:
            raise ValidationError(
                f"needs two or more columns, got {len(group)}: {' '.join(group)}",
                path="--cross",
            )
    return [tuple(group) for group in groups]
