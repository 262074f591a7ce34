"""``apsperf labels scaffold``: a label file to fill in, from a workforce file's own values."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from apsperf._files import display_path
from apsperf.errors import ValidationError
from apsperf.segmentation.cli._reading_cli import add_reading_options, reading_options


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``labels`` with its ``scaffold`` subcommand."""
    parser = subparsers.add_parser(
        "labels",
        help="write a label file to fill in for a workforce file",
        description="Label files read an agency's own rating words and nine-box columns "
        "(--labels FILE). `labels scaffold` writes one to fill in.",
    )
    commands = parser.add_subparsers(
        dest="labels_command", metavar="SUBCOMMAND", parser_class=type(parser)
    )
    parser.set_defaults(handler=lambda _args: _usage(parser))
    scaffold = commands.add_parser(
        "scaffold",
        help="list the rating values a workforce file holds that apsperf does not read yet",
        description="Read a workforce file as review reads it (with the same reading options) "
        "and write a TOML label file listing each value of each rating column that is not "
        "read as a level, with the rows that hold it and an empty level to fill in. With "
        "--box-column (or a --labels file with a [box] table), list the nine-box column's "
        "undeclared boxes instead. Filled in, the file is read with --labels FILE.",
    )
    scaffold.add_argument("workforce", type=Path, help="the workforce file")
    scaffold.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the label file to FILE (default: print it); an existing FILE is kept "
        "unless --force",
    )
    scaffold.add_argument(
        "--force", action="store_true", help="replace the --output file if it exists"
    )
    add_reading_options(scaffold)
    scaffold.set_defaults(handler=_scaffold)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _scaffold(args: argparse.Namespace) -> int:
    from apsperf.segmentation.io._scaffold import label_scaffold

    options = reading_options(args)
    scaffold = label_scaffold(
        args.workforce,
        columns=options["columns"],
        performance=options["performance"],
        potential=options["potential"],
        performance_labels=options.get("performance_labels"),
        potential_labels=options.get("potential_labels"),
        box=options.get("box"),
        sheet=options["sheet"],
        delimiter=options["delimiter"],
        encoding=options["encoding"],
        max_bytes=options["max_bytes"],
    )
    name = display_path(args.workforce)
    if not any(scaffold.values.values()):
        print(f"{name}: every rating value is read already; no label file is needed")
        return 0
    if args.output is None or args.output == "-":
        if options["redact"]:
            raise ValidationError(
                "a label scaffold lists the file's values, which --redact keeps off the "
                "screen: write it to a file with -o FILE",
                path="--output",
            )
        sys.stdout.write(scaffold.text)
        return 0
    from apsperf._files import write_file

    write_file(args.output, scaffold.text, replace=args.force, field="--output")
    listed = ", ".join(f"{count:,} in [{table}]" for table, count in scaffold.values.items())
    print(
        f"wrote {display_path(args.output)}: {listed} to fill in ({scaffold.rows:,} rows); "
        f"then read {name} with --labels {display_path(args.output)}"
    )
    return 0
