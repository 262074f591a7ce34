"""``apsperf history``: people's placements over several cycles, and patterns to act on."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import attrs

from apsperf._cliutil import add_format_option, print_document, write_output
from apsperf._csvsafe import with_bom
from apsperf._files import write_file
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._history import history, write_trajectories_csv
from apsperf.segmentation.analysis._suppression import MIN_CELL, check_min_cell
from apsperf.segmentation.cli._reading_cli import (
    add_reading_options,
    exit_status,
    read_input,
    reading_options,
)
from apsperf.segmentation.io._samples import SAMPLE_CYCLES, sample_workforce_path
from apsperf.segmentation.model._columns import normalise_header
from apsperf.segmentation.render._history_html import PEOPLE_SHOWN
from apsperf.segmentation.render._text import history_text

_SHOWN_IDS = 10


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``history`` subcommand."""
    parser = subparsers.add_parser(
        "history",
        help="follow people's placements over several cycles",
        description="Read two or more cycles' workforce files (oldest first) and report each "
        "person's trajectory, the movement between cycles and named patterns (Strongest "
        "Concern twice running, a fall from Top Talent, three cycles Uncertain, up every cycle).",
    )
    parser.add_argument("cycles", nargs="*", type=Path, help="workforce files, oldest first")
    parser.add_argument(
        "--sample", action="store_true", help="the bundled sample's three cycles (2024-2026)"
    )
    parser.add_argument(
        "--cycle-names",
        metavar="A,B,C",
        help="name the cycles, oldest first, comma-separated (default: 1, 2, 3...)",
    )
    parser.add_argument(
        "--by",
        metavar="COLUMN",
        help="the talent-pool share per group of this column in each cycle, with a trend test "
        "(every cycle's file must have it; small groups are hidden in every cycle alike)",
    )
    parser.add_argument(
        "--min-cell",
        type=int,
        default=MIN_CELL,
        metavar="N",
        help=f"with --by: hide groups with fewer than N people or 1 to N-1 in or out of the "
        f"pool in any cycle (default {MIN_CELL}; at least 3)",
    )
    parser.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="write an HTML report: each pattern with its people (at most "
        f"{PEOPLE_SHOWN} each), the movement between cycles and its tests",
    )
    parser.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="write each person's trajectory as CSV (per-person data: one row a person, one "
        "column a cycle, then the latest file's other columns but --by's)",
    )
    parser.add_argument(
        "--xlsx",
        type=Path,
        metavar="FILE",
        help="write the same per-person table as an Excel workbook, with a sheet saying what "
        "it holds (needs the excel extra)",
    )
    parser.add_argument(
        "--people-columns",
        metavar="A,B",
        help="the latest file's columns shown beside each person in --html, --csv and --xlsx "
        "(default: every column it has but the ratings, the identifier and --by's)",
    )
    add_format_option(parser)
    add_reading_options(parser)
    parser.set_defaults(handler=_history)


def _history(args: argparse.Namespace) -> int:
    if args.sample == bool(args.cycles):
        raise ValidationError("give two or more workforce files or --sample", path="history")
    paths = [sample_workforce_path(c) for c in SAMPLE_CYCLES] if args.sample else args.cycles
    if len(paths) < 2:
        raise ValidationError("give at least two cycles, oldest first", path="cycles")
    labels = args.cycle_names.split(",") if args.cycle_names else None
    if labels is None and args.sample:
        labels = [str(c) for c in SAMPLE_CYCLES]
    if labels is not None and len(labels) != len(paths):
        raise ValidationError(f"{len(labels)} names for {len(paths)} cycles", path="--cycle-names")
    try:
        check_min_cell(args.min_cell)
    except ValidationError as error:
        raise ValidationError(error.message, path="--min-cell") from None
    options = reading_options(args)
    # A history uses identifiers and segments (and the --by column); only a per-person
    # output reads the latest file's other columns. No dates or assessors are read.
    options["columns"] = attrs.evolve(options["columns"], optional=())
    by = [args.by] if args.by else []
    chosen = _people_columns(args.people_columns, args.by)
    people = bool(args.html or args.csv or args.xlsx)
    latest: list[str] | None = [*by, *(chosen or [])] if chosen is not None or not people else None
    cycles = [
        read_input(path, options, keep=latest if index == len(paths) - 1 else by)
        for index, path in enumerate(paths)
    ]
    result = history(
        cycles,
        labels=[s.strip() for s in labels or []] or None,
        by=args.by,
        min_cell=args.min_cell,
        details=chosen if people else [],
    )
    if args.html:
        from apsperf.segmentation.render._history_html import history_html

        write_output(history_html(result), args.html, field="--html")
    if args.csv:
        buffer = io.StringIO(newline="")
        write_trajectories_csv(result, buffer)
        write_output(with_bom(buffer.getvalue()), args.csv, field="--csv")
    if args.xlsx:
        from apsperf.segmentation.render._history_workbook import history_workbook

        write_file(args.xlsx, history_workbook(result), field="--xlsx")
    if args.format == "json":
        print_document(result)
    else:
        sys.stdout.write(history_text(result))
    for written in (args.html, args.csv, args.xlsx):
        if written:
            print(f"wrote {written}", file=sys.stderr)
    return exit_status(result.inputs)


def _people_columns(given: str | None, by: str | None) -> list[str] | None:
    """``--people-columns A,B`` as a list of names (``None``: not given)."""
    if given is None:
        return None
    names = list(dict.fromkeys(c.strip() for c in given.split(",") if c.strip()))
    if by is not None and any(normalise_header(n) == normalise_header(by) for n in names):
        raise ValidationError(
            f"{by!r} is the --by column: a sensitive column is never shown beside a person",
            path="--people-columns",
        )
    return names
