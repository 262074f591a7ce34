"""``apsperf segment``: the segment for a performance and a potential level."""

from __future__ import annotations

import argparse

from apsperf._cliutil import add_format_option, print_document
from apsperf.segmentation.analysis._results import SegmentResult
from apsperf.segmentation.model._levels import Level


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``segment`` subcommand."""
    parser = subparsers.add_parser(
        "segment",
        help="name the segment for a performance and a potential level",
        description="Print the Talent Segmentation Model segment for two levels "
        "(low/moderate/high, medium, abbreviations or 1-3).",
    )
    parser.add_argument("--performance", required=True, metavar="LEVEL")
    parser.add_argument("--potential", required=True, metavar="LEVEL")
    add_format_option(parser)
    parser.set_defaults(handler=_segment)


def _segment(args: argparse.Namespace) -> int:
    performance = Level.parse(args.performance, field="--performance")
    potential = Level.parse(args.potential, field="--potential")
    result = SegmentResult.of(performance, potential)
    if args.format == "json":
        print_document(result)
    else:
        print(f"{result.label} ({result.segment.description})")
    return 0
