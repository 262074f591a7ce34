"""What every ``apsperf`` command shares: JSON documents, and output to stdout or a file."""

from __future__ import annotations

import os
import sys

import attrs

PRETTY_LIMIT = 1_000_000
"""Characters of compact JSON up to which a document is printed indented for people."""


def print_document(value: attrs.AttrsInstance) -> None:
    """Print ``value`` as an apsperf JSON document, ``schema_version`` first.

    Every ``--json`` output goes through here, so each is a document that
    :func:`apsperf.serialization.from_dict` reads back and that the JSON Schema named
    after its command (``apsperf schema COMMAND``) describes. A document of up to
    :data:`PRETTY_LIMIT` characters is indented for people; a larger one (a whole
    agency's rater effects) is printed compact, on one line, which is many times faster.
    """
    from apsperf.serialization import to_json

    compact = to_json(value, indent=None)
    print(to_json(value) if len(compact) <= PRETTY_LIMIT else compact)


def write_output(text: str, path: str | os.PathLike[str] | None, *, field: str = "-o") -> None:
    """Print ``text``, or write it to the file the user named (replaced atomically).

    The file is never written through a link, and a failure leaves any earlier file whole
    (see :func:`apsperf._files.write_file`).
    """
    if path is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        return
    from apsperf._files import write_file

    write_file(path, text, replace=True, field=field)
