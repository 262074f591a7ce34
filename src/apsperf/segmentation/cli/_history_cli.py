"""``apsperf history``: people's placements over several cycles, and patterns to act on."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import attrs

from apsperf._cliutil import add_format_option, print_document, write_output
from apsperf._csvsafe import with_bom
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._history import history, write_trajectories_csv
from apsperf.segmentation.cli._reading_cli import (
    add_reading_options,
    exit_status,
    read_input,
    reading_options,
)
from apsperf.segmentation.io._samples import SAMPLE_CYCLES, sample_workforce_path
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
    parser.add_argument("--html", type=Path, metavar="FILE", help="write an HTML report")
    parser.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="write each person's trajectory as CSV (per-person data: one row a person, one "
        "column a cycle)",
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
    options = reading_options(args)
    # A history uses identifiers and segments only: no dates or assessors are read.
    options["columns"] = attrs.evolve(options["columns"], optional=())
    cycles = [read_input(path, options, keep=[]) for path in paths]
    result = history(cycles, labels=[s.strip() for s in labels or []] or None)
    if args.html:
        from apsperf.segmentation.render._pack import history_html

        write_output(history_html(result), args.html, field="--html")
    if args.csv:
        buffer = io.StringIO(newline="")
        write_trajectories_csv(result, buffer)
        write_output(with_bom(buffer.getvalue()), args.csv, field="--csv")
    if args.format == "json":
        print_document(result)
    else:
        sys.stdout.write(history_text(result))
    for written in (args.html, args.csv):
        if written:
            print(f"wrote {written}", file=sys.stderr)
    return exit_status(result.inputs)
