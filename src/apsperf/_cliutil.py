"""What every ``apsperf`` command shares: JSON documents, and output to stdout or a file."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import attrs

PRETTY_LIMIT = 100_000
"""Characters of compact JSON up to which a document is printed indented for people (a few
thousand lines: more than anyone reads in a terminal). Indenting is done in Python, and
costs about a tenth of a second a megabyte; compact JSON is written in C."""


def print_document(value: attrs.AttrsInstance) -> None:
    """Print ``value`` as an apsperf JSON document, ``schema_version`` first.

    Every ``--format json`` output goes through here, so each is a document that
    :func:`apsperf.serialization.from_dict` reads back and that the JSON Schema named
    after its command (``apsperf schema COMMAND``) describes. A document of up to
    :data:`PRETTY_LIMIT` characters is indented for people; a larger one (a calibration's
    rater effects, a history's patterns) is printed compact, on one line, which is many
    times faster (``python -m json.tool`` indents it).
    """
    from apsperf.serialization import _json_text, to_dict

    document = to_dict(value)  # made once, for both layouts
    compact = _json_text(document, indent=None)
    print(_json_text(document) if len(compact) <= PRETTY_LIMIT else compact)


def add_format_option(
    parser: argparse.ArgumentParser,
    choices: Sequence[str] = ("text", "json"),
    *,
    default: str | None = None,
    help: str | None = None,
) -> None:
    """Add ``--format``, what a command prints: one of ``choices`` (the first by default).

    Every command spells its output the same way (``--format text|json|md|...``,
    ``-o/--output FILE``, ``--html/--xlsx/--csv FILE``); ``tests/test_vocabulary.py``
    walks the command tree to hold it.
    """
    chosen = choices[0] if default is None else default
    parser.add_argument(
        "--format",
        choices=tuple(choices),
        default=chosen,
        help=help or f"what to print: {', '.join(choices)} (default {chosen})",
    )


def write_output(text: str, path: str | os.PathLike[str] | None, *, field: str = "-o") -> None:
    """Print ``text``, or write it to the file the user named (replaced atomically).

    ``None`` or ``"-"`` (``-o -``) prints to standard output.

    The file is never written through a link, and a failure leaves any earlier file whole
    (see :func:`apsperf._files.write_file`).
    """
    if path is None or str(path) == "-":
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        return
    from apsperf._files import write_file

    write_file(path, text, replace=True, field=field)
