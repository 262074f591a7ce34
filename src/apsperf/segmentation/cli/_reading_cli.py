"""The reading options of every command that reads a workforce, defined once.

``review``, ``calibrate`` and ``history`` (and every file each reads: the workforce, the
previous cycle, the proposals, each cycle) take exactly these options, with the same
meaning, and read through :func:`read_input`.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from apsperf._files import NamedBytes
from apsperf._terminal import Progress
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._accounting import InputSummary
from apsperf.segmentation.io._csv_text import MAX_BYTES
from apsperf.segmentation.io._labels import read_label_maps
from apsperf.segmentation.io._polars_csv import ENGINES
from apsperf.segmentation.io._reader import read_workforce
from apsperf.segmentation.model._columns import FIELD_OPTIONS
from apsperf.segmentation.model._placement import Banding
from apsperf.segmentation.model._workforce import Columns, Workforce

__all__ = ["add_reading_options", "exit_status", "read_input", "reading_options"]

_COLUMN_HELP = {
    "employee_id": "the column of employee identifiers",
    "performance": "the column of performance ratings",
    "potential": "the column of potential ratings",
    "assessed_by": "the column naming each person's assessor",
    "assessed_on": "the column of assessment dates",
    "aspiration_conversation_on": "the column of aspiration conversation dates",
    "box": "a nine-box column, read for both axes through the [box] table of the --labels file",
}


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """Add the reading options to a command's parser, as one group in its ``--help``."""
    group = parser.add_argument_group(
        "reading workforce files",
        "How every workforce file the command reads is read. Columns are found by their "
        "usual headers (case, spaces, _ and - ignored) unless named here.",
    )
    for field, option in FIELD_OPTIONS.items():
        group.add_argument(
            option, metavar="NAME", help=f"{_COLUMN_HELP[field]} (default: found by header)"
        )
    for axis in ("performance", "potential"):
        group.add_argument(
            f"--{axis}-scale",
            metavar="SCALE",
            help=f"read numeric {axis} ratings on a named scale: 1-5 (1-2 low, 3 moderate, "
            "4-5 high), 1-4 (1 low, 2-3 moderate, 4 high), 1-3, or reversed (5-1, 4-1, 3-1: "
            "1 is best); apsperf's own bandings",
        )
        group.add_argument(
            f"--{axis}-bands",
            metavar="MIN,MODERATE,HIGH,MAX",
            help=f"read numeric {axis} ratings with these band thresholds",
        )
    group.add_argument(
        "--labels",
        type=Path,
        metavar="FILE",
        help="read an agency's own rating words through a TOML label file: [performance] "
        'and [potential] tables of "label" = "level", e.g. "Fully effective" = "moderate"; '
        'or a nine-box column through a [box] table: [box.numbers] 9 = "high/high" '
        "(performance/potential) or [box.names]",
    )
    group.add_argument(
        "--sheet", metavar="NAME", help="the .xlsx sheet to read (default: the first)"
    )
    group.add_argument(
        "--header-row",
        type=int,
        metavar="N",
        help="the line (sheet row) the header is on (default: the first of the first 20 rows "
        "with text that holds the identifier and both ratings)",
    )
    group.add_argument(
        "--delimiter",
        metavar="CHAR",
        help="the CSV delimiter: ',', ';', 'tab' or '|' (default: sniffed from the header)",
    )
    group.add_argument(
        "--encoding",
        metavar="NAME",
        help="the CSV text encoding, e.g. cp1252 (default: UTF-8, or UTF-16 with a BOM)",
    )
    group.add_argument(
        "--max-bytes",
        type=int,
        metavar="N",
        default=MAX_BYTES,
        help=f"refuse files larger than this (default {MAX_BYTES:,})",
    )
    group.add_argument(
        "--strict", action="store_true", help="fail on the first row that cannot be placed"
    )
    group.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="how CSV is split: the csv module (python), polars (needs the polars extra), or "
        "auto: polars for files of a few MB when installed (default); the result is the same",
    )


def reading_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of :func:`read_workforce` that the reading options give.

    ``keep`` is left to the command: it knows which grouping columns it uses.
    """
    redact = bool(getattr(args, "redact", False))
    columns = Columns(
        **{
            field: getattr(args, option[2:].replace("-", "_"))
            for field, option in FIELD_OPTIONS.items()
        },
        header_row=args.header_row,
    )
    return {
        "columns": columns,
        "performance": _scale(args, "performance"),
        "potential": _scale(args, "potential"),
        **_labels(args.labels, redact),
        "strict": args.strict,
        "sheet": args.sheet,
        "delimiter": "\t" if args.delimiter == "tab" else args.delimiter,
        "encoding": args.encoding,
        "max_bytes": args.max_bytes,
        "redact": redact,
        "engine": args.engine,
    }


def read_input(
    path: Path, options: dict[str, Any], *, keep: Sequence[str] | None, data: bytes | None = None
) -> Workforce:
    """Read one workforce file, showing progress on a terminal once it takes over a second.

    ``keep`` names the grouping columns the command uses (``None``: every column). ``data``
    is the file's bytes when the command has read them already (to write a copy of the
    file as well): they are read from there, and the file is not opened a second time.
    """
    try:
        if data is not None:
            with Progress(f"reading {path.name} ({len(data) / 1e6:,.1f} MB)"):
                workforce = read_workforce(NamedBytes(data, str(path)), keep=keep, **options)
        else:
            try:
                size = f" ({path.stat().st_size / 1e6:,.1f} MB)"
            except OSError:
                size = ""  # read_workforce says why
            with Progress(f"reading {path.name}{size}"):
                workforce = read_workforce(path, keep=keep, **options)
    except ValidationError as error:
        raise in_file(error, path) from None
    # A workforce lives until the command ends and holds no reference cycles: out of the
    # cyclic collector's sight, its hundreds of thousands of objects are not walked again
    # at every collection the analysis triggers (measured: benchmarks/council.py).
    gc.freeze()
    return workforce


def in_file(error: ValidationError, path: Path) -> ValidationError:
    """``error`` with each problem's path led by the file's: a command may read several."""
    name = str(path)
    if all(p == name or p.startswith(f"{name}:") for p, _ in error.errors):
        return error
    errors = [(f"{name}: {p}" if p else name, m) for p, m in error.errors]
    if len(errors) == 1:
        return ValidationError(error.message, path=errors[0][0])
    return ValidationError.from_errors(errors)


def exit_status(inputs: Sequence[InputSummary]) -> int:
    """The one exit-status policy for what a command read.

    A file of which no row could be placed makes the command exit 1 (the CLI's "error
    findings" status), after printing its report with the ``no-rows-placed`` error. A
    file placed in part is reported (rows read, placed and not placed, and why) and the
    command exits 0; ``--strict`` refuses such a file instead, with status 2.
    """
    return 1 if any(summary.failed for summary in inputs) else 0


def _scale(args: argparse.Namespace, axis: str) -> Banding | None:
    bands = getattr(args, f"{axis}_bands")
    named = getattr(args, f"{axis}_scale")
    if bands is not None and named is not None:
        raise ValidationError(
            f"give --{axis}-bands or --{axis}-scale, not both", path=f"--{axis}-scale"
        )
    if named is not None:
        return Banding.preset(named, field=f"--{axis}-scale")
    return _banding(bands, f"--{axis}-bands")


def _labels(path: Path | None, redact: bool) -> dict[str, Any]:
    """The label-map options of ``read_workforce`` for ``--labels FILE`` (none without)."""
    if path is None:
        return {}
    maps = read_label_maps(path, redact=redact)
    return {
        "performance_labels": maps.performance or None,
        "potential_labels": maps.potential or None,
        "box": maps.box,
    }


def _banding(text: str | None, option: str) -> Banding | None:
    if text is None:
        return None
    try:
        minimum, moderate, high, maximum = (float(part) for part in text.split(","))
    except ValueError:
        raise ValidationError("expected four numbers MIN,MODERATE,HIGH,MAX", path=option) from None
    try:
        return Banding(minimum=minimum, maximum=maximum, moderate_from=moderate, high_from=high)
    except ValidationError as exc:
        raise exc.within(option) from None
