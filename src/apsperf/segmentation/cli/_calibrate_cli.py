"""``apsperf calibrate``: a talent council's calibration session over a proposed workforce file."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from apsperf._cliutil import add_format_option, print_document, write_output
from apsperf._csvsafe import with_bom
from apsperf._files import write_file
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._calibration import calibrate
from apsperf.segmentation.analysis._fairness import write_fairness_csv
from apsperf.segmentation.analysis._suppression import MIN_CELL
from apsperf.segmentation.cli._reading_cli import (
    add_reading_options,
    exit_status,
    read_input,
    reading_options,
)
from apsperf.segmentation.io._changes import read_changes
from apsperf.segmentation.io._csv_text import _read_bytes, decode_text
from apsperf.segmentation.io._samples import sample_calibration_paths
from apsperf.segmentation.io._sessions import load_session, save_session
from apsperf.segmentation.model._session import CalibrationSession


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``calibrate`` subcommand."""
    parser = subparsers.add_parser(
        "calibrate",
        help="apply a talent council's changes to proposed placements and check raters",
        description="Apply a calibration session's changes (a changes CSV, a session JSON "
        "or both) to a proposed workforce file, and report the nine-box before and after, "
        "each move and its reason, and each assessor's rater effects.",
    )
    parser.add_argument("proposed", nargs="?", type=Path, help="the proposed placements")
    parser.add_argument(
        "--sample",
        action="store_true",
        help="calibrate the bundled synthetic sample (proposals and, for a new session, the "
        "council's changes)",
    )
    parser.add_argument(
        "--changes", type=Path, metavar="FILE", help="a changes CSV to append to the session"
    )
    parser.add_argument(
        "--session",
        type=Path,
        metavar="FILE",
        help="the session document (JSON): read if it exists, then written back",
    )
    parser.add_argument(
        "--finalise",
        action="store_true",
        help="finalise the session (with --by): its placements are locked",
    )
    parser.add_argument(
        "--undo",
        type=int,
        metavar="N",
        help="undo entry N of the session's log (with --reason and --by); it stays in the log",
    )
    parser.add_argument("--reason", metavar="TEXT", help="why (for --undo)")
    parser.add_argument(
        "--by", metavar="NAME", help="who finalises or undoes (for --finalise and --undo)"
    )
    parser.add_argument(
        "--allow-other-proposals",
        action="store_true",
        help="apply the session to proposals other than the ones it was started on (the "
        "council did not decide on them; the report says so)",
    )
    parser.add_argument(
        "--fairness",
        action="append",
        default=[],
        metavar="COLUMN",
        help="check talent-pool selection, and the council's moves, by this sensitive column "
        "(repeatable; suppressed; never listed beside a person)",
    )
    parser.add_argument(
        "--fairness-cross",
        action="append",
        nargs="+",
        default=[],
        metavar="COLUMN",
        help="check by the combinations of two or more sensitive columns, e.g. "
        "--fairness-cross Gender Location (repeatable; suppressed with the single columns "
        "it crosses)",
    )
    parser.add_argument(
        "--show",
        action="append",
        metavar="COLUMN",
        help="a column listed beside each person in the moves (repeatable; default: every "
        "column the file carries but the --fairness ones)",
    )
    parser.add_argument(
        "--fairness-compare",
        choices=("highest", "rest"),
        default="highest",
        help="compare each --fairness group with the highest-rate group (default) or with "
        "the rest of the workforce",
    )
    parser.add_argument(
        "--min-cell",
        type=int,
        default=MIN_CELL,
        metavar="N",
        help=f"suppress counts below N in breakdowns by sensitive columns (default {MIN_CELL})",
    )
    parser.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="write the calibrated placements as CSV (the proposals' layout, changed ratings)",
    )
    parser.add_argument(
        "--calibrated-xlsx",
        type=Path,
        metavar="FILE",
        help="write the calibrated placements as a copy of the proposals' .xlsx workbook "
        "(formats and other cells kept)",
    )
    parser.add_argument(
        "--level-numbers",
        metavar="MAP",
        help="the number each level is written as where the proposals hold numbers, for "
        "--csv and --calibrated-xlsx (e.g. high=5,moderate=3,low=1)",
    )
    parser.add_argument(
        "--fairness-csv",
        type=Path,
        metavar="FILE",
        help="write the --fairness checks as CSV (suppressed as in every other format)",
    )
    parser.add_argument(
        "--html", type=Path, metavar="FILE", help="write the calibration pack (HTML)"
    )
    parser.add_argument(
        "--xlsx",
        type=Path,
        metavar="FILE",
        help="write the calibration workbook (.xlsx): the pack's content as sheets, "
        "suppressed as the pack is",
    )
    add_format_option(parser)
    add_reading_options(parser)
    parser.set_defaults(handler=_calibrate)


def _calibrate(args: argparse.Namespace) -> int:
    if args.sample == (args.proposed is not None):
        raise ValidationError("give a proposed workforce file or --sample (one of them)", path="")
    for flag, needs in (("finalise", "--finalise"), ("undo", "--undo")):
        if getattr(args, flag) not in (None, False) and not (args.by or "").strip():
            raise ValidationError(f"{needs} needs --by NAME: who does it", path="--by")
    if args.undo is not None and not (args.reason or "").strip():
        raise ValidationError("--undo needs --reason TEXT: why", path="--reason")
    proposed_path, sample_changes = (
        sample_calibration_paths() if args.sample else (args.proposed, None)
    )
    options = reading_options(args)
    if options.get("box") is not None and (args.csv or args.calibrated_xlsx):
        raise ValidationError(
            "a calibrated copy rewrites the performance and potential cells of each person "
            "moved, and a file read through one box column has none: leave out the copy (the "
            "report, --xlsx and --html name who moved)",
            path="--csv" if args.csv is not None else "--calibrated-xlsx",
        )
    fairness_by = args.fairness or ([] if args.fairness_cross or not args.sample else ["Gender"])
    for group in args.fairness_cross:
        if len(group) < 2:
            raise ValidationError(
                f"needs two or more columns, got {len(group)}: {' '.join(group)}",
                path="--fairness-cross",
            )
    sensitive = [*fairness_by, *(c for group in args.fairness_cross for c in group)]
    # A run that writes a copy of the proposals reads the file once, for both.
    data = None
    if args.csv is not None or args.calibrated_xlsx is not None:
        data = _read_bytes(proposed_path, args.max_bytes)
    # The moves list every column but the sensitive ones unless --show names them.
    keep = None if args.show is None else list(dict.fromkeys([*sensitive, *args.show]))
    proposed = read_input(proposed_path, options, keep=keep, data=data)
    # Columns are named as forgivingly as headers are matched: --fairness gender finds Gender.
    keys: list[str | tuple[str, ...]] = [proposed.group_name(name) for name in fairness_by]
    keys += [tuple(proposed.group_name(c) for c in group) for group in args.fairness_cross]
    starting = args.session is None or not args.session.exists()
    if starting:
        session = CalibrationSession.start(proposed, name=proposed_path.name)
        expected_head = None
    else:
        session = load_session(args.session, max_bytes=args.max_bytes, redact=options["redact"])
        expected_head = session.head.digest
    session.check_proposals(proposed, allow_other=args.allow_other_proposals)
    # The sample's changes start a new session; they are not appended to one again.
    changes_path = args.changes or (sample_changes if starting else None)
    if changes_path is not None:
        if session.finalised:
            raise ValidationError(
                "the session is finalised: its placements are locked, so --changes is refused",
                path="--changes",
            )
        read = read_changes(changes_path, max_bytes=args.max_bytes, redact=options["redact"])
        fresh = session.unrecorded(read)
        if len(fresh) < len(read):
            print(
                f"{len(read) - len(fresh):,} of the {len(read):,} changes in {changes_path.name} "
                "are already in force in the session's log (or repeated) and were not added "
                "again",
                file=sys.stderr,
            )
        session = session.record(fresh, proposed, source=changes_path.name)
    if args.undo is not None:
        session = session.reverse(args.undo, reason=args.reason.strip(), by=args.by.strip())
    if args.finalise:
        session = session.finalise(by=args.by.strip())
    try:
        report = calibrate(
            proposed,
            session,
            fairness_by=keys,
            min_cell=args.min_cell,
            compare_with=args.fairness_compare,
            allow_other_proposals=args.allow_other_proposals,
            shown=args.show,
        )
    except ValidationError as error:
        if error.path in ("shown", "fairness_by"):
            option = "--show" if error.path == "shown" else "--fairness-cross"
            raise ValidationError(error.message, path=option) from None
        raise
    # Every output is made before anything is written: a refusal leaves the session as it was.
    # Each renderer is loaded where its output is asked for (a JSON run loads none of them).
    numbers = None
    if args.level_numbers is not None:
        from apsperf.segmentation.render._calibrated import parse_level_numbers

        numbers = parse_level_numbers(args.level_numbers)
    calibrated_csv: str | None = None
    calibrated_xlsx: bytes | None = None
    if args.csv is not None:
        if proposed_path.suffix.lower() == ".xlsx":
            raise ValidationError(
                "the proposals are a workbook: write the calibrated placements with "
                "--calibrated-xlsx FILE, in the workbook's own form",
                path="--csv",
            )
        from apsperf.segmentation.render._calibrated import write_calibrated_csv

        buffer = io.StringIO(newline="")
        assert data is not None
        text = decode_text(data, encoding=args.encoding, source=str(proposed_path))
        write_calibrated_csv(
            text, session, buffer, columns=options["columns"], level_numbers=numbers
        )
        calibrated_csv = with_bom(buffer.getvalue())
    if args.calibrated_xlsx is not None:
        if proposed_path.suffix.lower() != ".xlsx":
            raise ValidationError(
                "the proposals are not a workbook: write the calibrated placements with --csv",
                path="--calibrated-xlsx",
            )
        from apsperf.segmentation.render._calibrated import calibrated_workbook

        assert data is not None
        calibrated_xlsx = calibrated_workbook(
            io.BytesIO(data),
            session,
            sheet=options.get("sheet"),
            columns=options["columns"],
            level_numbers=numbers,
        )
    workbook = None
    if args.xlsx is not None:
        from apsperf.segmentation.render._calibration_workbook import calibration_workbook

        workbook = calibration_workbook(report)
    if args.session is not None:
        save_session(session, args.session, expected_head=expected_head, max_bytes=args.max_bytes)
    if calibrated_csv is not None:
        write_output(calibrated_csv, args.csv, field="--csv")
    if calibrated_xlsx is not None:
        write_file(args.calibrated_xlsx, calibrated_xlsx, replace=True, field="--calibrated-xlsx")
    if args.fairness_csv is not None:
        buffer = io.StringIO(newline="")
        write_fairness_csv(report.fairness, buffer)
        write_output(with_bom(buffer.getvalue()), args.fairness_csv, field="--fairness-csv")
    if args.html is not None:
        from apsperf.segmentation.render._pack import calibration_pack_html

        write_output(calibration_pack_html(report), args.html, field="--html")
    if workbook is not None:
        write_file(args.xlsx, workbook, replace=True, field="--xlsx")
    if args.format == "json":
        print_document(report)
    else:
        shown = "bundled synthetic sample" if args.sample else None
        from apsperf.segmentation.render._text import calibration_text

        sys.stdout.write(calibration_text(report, source=shown))
    written_files = (
        args.session,
        args.csv,
        args.calibrated_xlsx,
        args.fairness_csv,
        args.html,
        args.xlsx,
    )
    for written in written_files:
        if written is not None:
            print(f"wrote {written}", file=sys.stderr)
    return exit_status(report.inputs)
