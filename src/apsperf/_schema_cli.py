"""``apsperf schema``: list the document types, or print the JSON Schema of one.

Every document a command prints with ``--format json`` (or ``--format json``) has a schema named
after the command: ``apsperf schema review``, ``apsperf schema ses-assess`` and so on.
"""

from __future__ import annotations

import argparse
import json

from apsperf.errors import ValidationError
from apsperf.schema import document_class, document_types, schema_for


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` subcommand."""
    parser = subparsers.add_parser(
        "schema",
        help="list the document types, or print the JSON Schema of one",
        description="Print the JSON Schema (draft 2020-12) of an apsperf document type, "
        "for building forms, API contracts and validation in other systems. Without TYPE, "
        "list the types: the JSON each command prints has the type named after the command "
        "(review, segment, ses-assess, maturity-report, ...).",
    )
    parser.add_argument(
        "type", nargs="?", metavar="TYPE", help="a document type, e.g. placement or review"
    )
    parser.add_argument(
        "--list", action="store_true", help="list the document types and what they hold"
    )
    parser.add_argument("--compact", action="store_true", help="print the schema on one line")
    parser.set_defaults(handler=_schema)


def _summary(name: str) -> str:
    doc = document_class(name).__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def _schema(args: argparse.Namespace) -> int:
    if args.list and args.type is not None:
        raise ValidationError("give either a document type or --list, not both", path="TYPE")
    if args.type is None:
        width = max(map(len, document_types()))
        for name in document_types():
            print(f"{name:<{width}}  {_summary(name)}".rstrip())
        return 0
    schema = schema_for(args.type)
    print(json.dumps(schema, indent=None if args.compact else 2, ensure_ascii=False))
    return 0
