"""What every ``apsperf`` command shares: JSON documents, and output to stdout or a file."""

from __future__ import annotations

import os
import sys

import attrs


def print_document(value: attrs.AttrsInstance) -> None:
    """Print ``value`` as an apsperf JSON document, ``schema_version`` first.

    Every ``--json`` output goes through here, so each is a document that
    :func:`apsperf.serialization.from_dict` reads back and that the JSON Schema named
    after its command (``apsperf schema COMMAND``) describes.
    """
    from apsperf.serialization import to_json

    print(to_json(value))


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
