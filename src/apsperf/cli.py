"""The ``apsperf`` command: a thin layer over the public API.

Each domain contributes its subcommands from a private ``_cli`` module with a
``register(subparsers)`` function; this module only wires them together and turns
:class:`apsperf.ValidationError` into a one-line error with exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from apsperf import __version__
from apsperf.errors import ApsperfError

__all__ = ["ArgumentParser", "main"]

_COMMAND_MODULES = (
    "apsperf.segmentation._cli",
    "apsperf.segmentation._review_cli",
    "apsperf.guides._cli",
    "apsperf.agreements._cli",
    "apsperf.maturity._cli",
    "apsperf._schema_cli",
)
"""Modules that add subcommands, in the order they appear in ``apsperf --help``."""

EXIT_USAGE = 2


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``apsperf: error: MESSAGE`` (one line) and exit with status 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> ArgumentParser:
    """The full ``apsperf`` argument parser with every domain's subcommands."""
    parser = ArgumentParser(
        prog="apsperf",
        description="Australian public-sector performance and talent frameworks.",
    )
    parser.add_argument("--version", action="version", version=f"apsperf {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=ArgumentParser
    )
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        status: int = handler(args)
    except ApsperfError as exc:
        message = " ".join(str(exc).split())
        print(f"apsperf: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - output closed early, e.g. piped to head
        return 0
    except OSError as exc:  # a file named on the command line cannot be read or written
        where = f" {exc.filename}" if exc.filename else ""
        print(f"apsperf: error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return status
