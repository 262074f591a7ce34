"""``apsperf council``: a talent council's calibration session, held live in a browser.

Registering the command imports nothing of the web stack: the workspace (the ``council``
extra) is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from apsperf.errors import ValidationError, require
from apsperf.segmentation.analysis._suppression import MIN_CELL
from apsperf.segmentation.cli._reading_cli import add_reading_options, read_input, reading_options
from apsperf.segmentation.io._csv_text import _read_bytes
from apsperf.segmentation.io._samples import sample_calibration_paths
from apsperf.segmentation.io._sessions import load_session
from apsperf.segmentation.render._calibrated import parse_level_numbers

if TYPE_CHECKING:  # the workspace needs the council extra: imported when the command runs
    from apsperf.segmentation.workspace._council import Council


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``council`` subcommand."""
    parser = subparsers.add_parser(
        "council",
        help="hold a calibration session live in a browser: move people, watch the checks",
        description="Start the council workspace on a proposed workforce file: a local web "
        "page with the nine boxes, moves with reasons, undo, notes, rater effects, fairness "
        "and aspiration-first panels, finalise and export. Prints its address (with an "
        "access token) as the first line. Needs the council extra: pip install "
        "'apsperf[council]'.",
    )
    parser.add_argument("proposed", nargs="?", type=Path, help="the proposed placements")
    parser.add_argument(
        "--sample", action="store_true", help="open the bundled synthetic sample's proposals"
    )
    parser.add_argument(
        "--fairness",
        action="append",
        default=[],
        metavar="COLUMN",
        help="a sensitive column: checked in the fairness panel (suppressed), never shown on "
        "cards or offered as a filter (repeatable)",
    )
    parser.add_argument(
        "--show",
        action="append",
        metavar="COLUMN",
        help="a column cards show and filters offer (repeatable; default: every grouping "
        "column but the --fairness ones)",
    )
    parser.add_argument("--chair", metavar="NAME", help="who changes are recorded as by default")
    parser.add_argument(
        "--store",
        type=Path,
        metavar="FILE",
        help="the SQLite file the session is kept in, resumed if it exists (default: "
        "PROPOSED's name with .council.sqlite, beside it; with --sample, in memory)",
    )
    parser.add_argument(
        "--in-memory",
        action="store_true",
        help="keep the session in memory only: it is lost when the workspace stops (export "
        "it first)",
    )
    parser.add_argument(
        "--session",
        type=Path,
        metavar="FILE",
        help="start from this session document (as apsperf calibrate --session reads)",
    )
    parser.add_argument(
        "--export-dir",
        type=Path,
        metavar="FOLDER",
        help="the folder the Export button writes into (default: downloads only)",
    )
    parser.add_argument(
        "--level-numbers",
        metavar="MAP",
        help="the number each level is written as where the proposals hold numbers, for the "
        "calibrated copy (e.g. high=5,moderate=3,low=1)",
    )
    parser.add_argument(
        "--min-cell",
        type=int,
        default=MIN_CELL,
        metavar="N",
        help=f"suppress counts below N in breakdowns by sensitive columns (default {MIN_CELL})",
    )
    parser.add_argument("--port", type=int, default=0, metavar="N", help="0: a free port")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="HOST",
        help="where to listen (default 127.0.0.1: this machine only); another host needs "
        "--tls-cert and --tls-key, or --remote-in-clear",
    )
    parser.add_argument("--tls-cert", type=Path, metavar="FILE", help="TLS certificate (PEM)")
    parser.add_argument("--tls-key", type=Path, metavar="FILE", help="TLS private key (PEM)")
    parser.add_argument(
        "--remote-in-clear",
        action="store_true",
        help="allow a non-loopback --host without TLS: the token and every name travel in "
        "clear on the network",
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    add_reading_options(parser)
    parser.set_defaults(handler=_council)


def _check_host(args: argparse.Namespace) -> bool:
    """Whether TLS is used; refuse a remote host without TLS or the explicit option."""
    from apsperf.segmentation.workspace._serve import is_loopback, is_wildcard

    tls = args.tls_cert is not None or args.tls_key is not None
    if tls and (args.tls_cert is None or args.tls_key is None):
        raise ValidationError("TLS needs both --tls-cert and --tls-key", path="--tls-cert")
    if is_wildcard(args.host):
        raise ValidationError(
            f"{args.host!r} listens everywhere, so no address is known to check each request's "
            "Host against: give the address or name the council's browsers will use",
            path="--host",
        )
    if not is_loopback(args.host) and not tls and not args.remote_in_clear:
        raise ValidationError(
            f"{args.host!r} is not this machine only: give --tls-cert and --tls-key, or "
            "--remote-in-clear to send the token in clear",
            path="--host",
        )
    return tls


def _council(args: argparse.Namespace) -> int:
    require("starlette", extra="council", purpose="the council workspace")
    require("uvicorn", extra="council", purpose="the council workspace")
    if args.sample == (args.proposed is not None):
        raise ValidationError("give a proposed workforce file or --sample (one of them)", path="")
    tls = _check_host(args)
    from apsperf.segmentation.workspace._app import create_app
    from apsperf.segmentation.workspace._council import Council
    from apsperf.segmentation.workspace._panels import CopySource, Exports, Panels
    from apsperf.segmentation.workspace._serve import Address, bind, serve
    from apsperf.segmentation.workspace._store import SessionStore

    path = sample_calibration_paths()[0] if args.sample else args.proposed
    fairness = args.fairness or (["Gender"] if args.sample else [])
    options = reading_options(args)
    numbers = None if args.level_numbers is None else parse_level_numbers(args.level_numbers)
    data = _read_bytes(path, args.max_bytes)  # the proposals are read once, here
    proposed = read_input(path, options, keep=None, data=data)
    for column in fairness:
        try:
            proposed.group_name(column)
        except ValidationError as error:
            raise ValidationError(error.message, path="--fairness") from None
    imported = None
    if args.session is not None:
        imported = load_session(args.session, max_bytes=args.max_bytes, redact=options["redact"])
    kept = _store_path(args, path)
    store = SessionStore.open(kept)
    try:
        council = Council(
            proposed,
            store=store,
            name=path.name,
            fairness=fairness,
            shown=args.show,
            imported=imported,
            chair=(args.chair or "").strip() or None,
            min_cell=args.min_cell,
        )
        copy = CopySource(
            data=None if options.get("box") is not None else data,
            name=path.name,
            workbook=path.suffix.lower() == ".xlsx",
            columns=options["columns"],
            sheet=options.get("sheet"),
            encoding=options.get("encoding"),
            level_numbers=numbers,
        )
        sock = bind(args.host, args.port)
        address = Address(args.host, sock.getsockname()[1], tls=tls)
        token = secrets.token_urlsafe(32)
        app = create_app(
            council,
            Exports(council, copy, Panels(council)),
            token=token,
            hosts=address.hosts,
            origins=address.origins,
            cookie=f"apsperf-council-{address.port}",
            secure=tls,
            export_root=args.export_dir,
        )
        # The proposals and their indexes live as long as the workspace: kept out of the
        # garbage collector's full passes, which would otherwise walk them while a move waits.
        gc.freeze()
        print(f"Council workspace: {address.url}?token={token}", flush=True)
        for line in _describe(council, kept):
            print(line)
        print("Press Ctrl-C to stop.", flush=True)
        if not args.no_browser:
            import webbrowser

            webbrowser.open(f"{address.url}?token={token}")
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: uvicorn has stopped cleanly
            serve(
                app,
                sock,
                certfile=None if args.tls_cert is None else str(args.tls_cert),
                keyfile=None if args.tls_key is None else str(args.tls_key),
            )
        print("Council workspace stopped; every acknowledged change is stored.", file=sys.stderr)
    finally:
        store.close()
    return 0


def _store_path(args: argparse.Namespace, proposed: Path) -> Path | None:
    """Where the session is kept: ``--store``, else beside the proposals (``None``: memory)."""
    if args.in_memory:
        if args.store is not None:
            raise ValidationError("give --store or --in-memory, not both", path="--in-memory")
        return None
    if args.store is not None:
        return Path(args.store)
    if args.sample:
        return None  # the sample is the package's own file: nothing is written beside it
    return proposed.with_name(f"{proposed.stem}.council.sqlite")


def _describe(council: Council, store: Path | None) -> list[str]:
    """The lines printed after the address: the proposals read and where the session is kept."""
    session = council.session
    state = ", finalised" if session.finalised else ""
    where = (
        "in memory only: nothing is kept when the workspace stops (export the session, or "
        "give --store FILE)"
        if store is None
        else f"{store} ({len(session.entries):,} entries{state})"
    )
    proposed = council.proposed
    return [
        f"Proposals: {council.name}: {proposed.rows_placed:,} placed of {proposed.rows_read:,} "
        f"rows read",
        f"Session store: {where}",
    ]
