"""``apsperf schema``: print the JSON Schema of a document type."""

from __future__ import annotations

import argparse
import json

from apsperf.errors import ValidationError
from apsperf.schema import document_class, document_types, schema_for


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` subcommand."""
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of a document type",
        description="Print the JSON Schema (draft 2020-12) of an apsperf document type, "
        "for building forms, API contracts and validation in other systems.",
    )
    parser.add_argument("type", nargs="?", metavar="TYPE", help="a document type, e.g. placement")
    parser.add_argument(
        "--list", action="store_true", help="list the document types and what they hold"
    )
    parser.add_argument("--compact", action="store_true", help="print the schema on one line")
    parser.set_defaults(handler=_schema)


def _summary(name: str) -> str:
    doc = document_class(name).__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def _schema(args: argparse.Namespace) -> int:
    if args.list:
        if args.type is not None:
            raise ValidationError("give either a document type or --list, not both", path="TYPE")
        width = max(map(len, document_types()))
        for name in document_types():
            print(f"{name:<{width}}  {_summary(name)}".rstrip())
        return 0
    if args.type is None:
        known = ", ".join(document_types())
        raise ValidationError(f"name a document type ({known}) or use --list", path="TYPE")
    schema = schema_for(args.type)
    print(json.dumps(schema, indent=None if args.compact else 2, ensure_ascii=False))
    return 0
