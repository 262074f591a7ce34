"""The ``apsperf`` command: a thin layer over the public API.

Each domain contributes its subcommands from a private ``_cli`` module with a
``register(subparsers)`` function; this module only wires them together and decides the
exit status. Bad input (:class:`apsperf.ValidationError`, a file that cannot be read or
written) is a one-line error with status 2; a command whose result has error findings
returns 1; anything unexpected is one line asking for a report, with status 3, never a
traceback. Ctrl-C exits quietly with 130, and output cut short by a closed pipe
(``apsperf review --sample --format json | head``) exits quietly.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from apsperf import __version__
from apsperf.errors import ApsperfError

__all__ = ["ArgumentParser", "main"]

_COMMANDS = {
    "segment": "apsperf.segmentation.cli._cli",
    "review": "apsperf.segmentation.cli._review_cli",
    "calibrate": "apsperf.segmentation.cli._calibrate_cli",
    "council": "apsperf.segmentation.cli._council_cli",
    "history": "apsperf.segmentation.cli._history_cli",
    "labels": "apsperf.segmentation.cli._labels_cli",
    "guide": "apsperf.guides.cli._cli",
    "template": "apsperf.guides.cli._cli",
    "pack": "apsperf.guides.cli._cli",
    "ses": "apsperf.agreements.cli._cli",
    "plan": "apsperf.agreements.cli._cli",
    "maturity": "apsperf.maturity.cli._cli",
    "schema": "apsperf._schema_cli",
}
"""Each subcommand and the module that adds it, in the order of ``apsperf --help``."""

REDACT_OPTION = "--redact"
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``apsperf: error: MESSAGE`` (one line) and exit with status 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> ArgumentParser:
    """The ``apsperf`` argument parser with every domain's subcommands.

    With a known ``command``, only the module that adds it is imported (a quicker start:
    importing every domain takes as long as reading a large file's first 50,000 rows).
    """
    parser = ArgumentParser(
        prog="apsperf",
        description="Australian public-sector performance and talent frameworks.",
    )
    parser.add_argument("--version", action="version", version=f"apsperf {__version__}")
    parser.add_argument(
        REDACT_OPTION,
        action="store_true",
        help="errors, rejected rows and findings name the line and column but never quote a "
        "cell's value (accepted before or after any command)",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=ArgumentParser
    )
    modules = [_COMMANDS[command]] if command in _COMMANDS else dict.fromkeys(_COMMANDS.values())
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Everything printed goes through :func:`apsperf._terminal.neutralise`, so text from a
    file (an answer, an agency name, a plan field) can never act on the terminal.
    """
    from apsperf._terminal import safe_standard_streams

    # polars (the engine behind the extra) allocates with jemalloc, which keeps freed pages
    # for about ten seconds: a command frees its polars frames within a second, so its peak
    # held them all. Returning freed pages at once keeps a review of 190,000 rows at 165 MiB,
    # not 203 (1,000,000 rows: 524 MiB, not 650 to 700), in about the same time. jemalloc
    # reads this when polars is first imported; a value already set is kept, and the
    # caller's environment is as it was once the command is done.
    tuned = _ALLOCATOR not in os.environ
    if tuned:
        os.environ[_ALLOCATOR] = "dirty_decay_ms:0,muzzy_decay_ms:0"
    try:
        with safe_standard_streams():
            return _run(argv)
    finally:
        if tuned:
            os.environ.pop(_ALLOCATOR, None)


_ALLOCATOR = "_RJEM_MALLOC_CONF"
"""The environment variable polars' jemalloc reads its settings from (Linux builds)."""


def _run(argv: Sequence[str] | None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    redact = REDACT_OPTION in given  # accepted anywhere: before or after the command
    given = [a for a in given if a != REDACT_OPTION]
    # The first argument that is not an option names the command (apsperf's own options
    # take no value).
    command = next((a for a in given if not a.startswith("-")), None)
    parser = build_parser(command)
    args = parser.parse_args(given)
    args.redact = redact
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    # A command makes many small lists and tuples that live until it prints (a calibration's
    # columns per assessor): the cyclic collector runs once per 200,000 new containers, not
    # per 700, as mypy's command does (a calibration of 190,000 people: no collection, not
    # 330 costing about 0.06 s). Restored afterwards for a caller's own process.
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        status: int = handler(args)
        sys.stdout.flush()
    except ApsperfError as exc:
        if redact:
            from apsperf._redaction import redact as redacted

            return _error(redacted(str(exc)))
        return _error(str(exc))
    except BrokenPipeError:  # output closed early, e.g. piped to head
        _silence_stdout()
        return 0
    except OSError as exc:  # a file named on the command line cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(f"{where}{exc.strerror or exc}")
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last resort: a bug, reported on one line
        message = _one_line(f"{type(exc).__name__}: {exc}"[:_LONGEST])
        print(f"apsperf: internal error: {message}; please report this", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        # What a command kept out of the cyclic collector's sight while it ran (the
        # workforces it read: see read_input) is the collector's again once it is done.
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    return status


_LONGEST = 500
"""Characters of an unexpected exception's text that are shown."""


def _one_line(text: str) -> str:
    """``text`` on one line, with control characters shown as escapes, not sent raw."""
    words = " ".join(text.split())
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in words)


def _error(message: str) -> int:
    print(f"apsperf: error: {_one_line(message)}", file=sys.stderr)
    return EXIT_USAGE


def _silence_stdout() -> None:
    """Send what is left of standard output nowhere, so exiting does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout (tests capture it)
        pass
