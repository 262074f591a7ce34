"""What every ``apsperf`` command shares: printing a model value as a JSON document."""

from __future__ import annotations

import attrs


def print_document(value: attrs.AttrsInstance) -> None:
    """Print ``value`` as an apsperf JSON document, ``schema_version`` first.

    Every ``--json`` output goes through here, so each is a document that
    :func:`apsperf.serialization.from_dict` reads back and that the JSON Schema named
    after its command (``apsperf schema COMMAND``) describes.
    """
    from apsperf.serialization import to_json

    print(to_json(value))
