"""JSON Schemas (draft 2020-12) of the workspace API's request and response documents.

:data:`SCHEMAS` maps each document's name to its schema; :data:`CALLS` says which call
takes or answers which document. ``GET /api/schemas`` answers them all, and
docs/council-api.md is generated from them (``scripts/make_council_api_page.py``); the
tests check real answers against them. A schema states a document's shape; the
workspace checks the rest (a person it knows, a version that is not stale), answering
422, 409 or 423 as :mod:`._council` says.
"""

from __future__ import annotations

from typing import Any, Final

from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._session import EntryKind
from apsperf.segmentation.model._workforce import SEGMENTS
from apsperf.segmentation.workspace._fields import LONGEST_NAME, LONGEST_TEXT
from apsperf.segmentation.workspace._grid import LARGEST_LIMIT, LARGEST_PAGE

__all__ = ["CALLS", "DIALECT", "SCHEMAS"]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_SEGMENT: Final = {"enum": [s.value for s in SEGMENTS], "description": "a segment's name"}
_LEVEL: Final = {"enum": [level.value for level in Level]}
_COUNT: Final = {"type": "integer", "minimum": 0}
_VERSION: Final = {
    "type": "integer",
    "minimum": 0,
    "description": "the session's version: its entries and notes; it grows with every change",
}
_TEXT: Final = {"type": "string", "minLength": 1, "maxLength": LONGEST_TEXT, "pattern": "\\S"}
_NAME: Final = {"type": "string", "minLength": 1, "maxLength": LONGEST_NAME, "pattern": "\\S"}
_MOMENT: Final = {"type": "string", "format": "date-time"}
_DAY: Final = {"type": "string", "format": "date"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(
    properties: dict[str, Any], *, optional: tuple[str, ...] = (), description: str = ""
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _document(title: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DIALECT, "title": title, **schema}


_PERSON: Final = _object(
    {
        "employee_id": {"type": "string"},
        "fields": {
            "type": "array",
            "description": "each shown column's [name, value], never a --fairness column",
            "items": {
                "type": "array",
                "prefixItems": [{"type": "string"}, {"type": "string"}],
                "items": False,
                "minItems": 2,
            },
        },
        "assessor": {"type": ["string", "null"]},
        "proposed": _SEGMENT,
        "calibrated": _SEGMENT,
        "moved": {"type": "boolean"},
        "notes": _COUNT,
    },
    description="a person as a card shows them",
)
_SEGMENT_COUNTS: Final = _object(
    {
        "segment": _SEGMENT,
        "label": {"type": "string"},
        "performance": _LEVEL,
        "potential": _LEVEL,
        "proposed": _COUNT,
        "calibrated": _COUNT,
    }
)
_ENTRY: Final = _object(
    {
        "entry": {"type": "integer", "minimum": 1},
        "kind": {"enum": [kind.value for kind in EntryKind]},
        "employee_id": {"type": ["string", "null"]},
        "to": _nullable(_SEGMENT),
        "undoes": {"type": ["integer", "null"], "minimum": 1},
        "undone": {"type": "boolean"},
        "reason": {"type": ["string", "null"]},
        "notes": {"type": ["string", "null"]},
        "by": {"type": ["string", "null"]},
        "on": _nullable(_DAY),
        "at": _nullable(_MOMENT),
    },
    description="one entry of the session's log, in order",
)
_SESSION_PROPERTIES: Final = {
    "version": _VERSION,
    "proposed": {"type": "string", "description": "the proposals' file name"},
    "finalised": {"type": "boolean"},
    "finalised_by": {"type": ["string", "null"]},
    "finalised_at": _nullable(_MOMENT),
    "head": _object(
        {"entries": _COUNT, "digest": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
        description="the session's head: record it in the minutes",
    ),
    "rows_read": _COUNT,
    "rows_placed": _COUNT,
    "rows_not_placed": _COUNT,
    "segments": {"type": "array", "items": _SEGMENT_COUNTS, "minItems": 9, "maxItems": 9},
    "changes": {"type": "array", "items": _ENTRY},
    "notes": {**_COUNT, "description": "how many notes the council kept"},
}
_BOX: Final = _object(
    {
        "segment": _SEGMENT,
        "label": {"type": "string"},
        "performance": _LEVEL,
        "potential": _LEVEL,
        "count": _COUNT,
        "share": {"type": "number", "minimum": 0, "maximum": 1},
        "page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "cards": {"type": "array", "items": _PERSON, "maxItems": LARGEST_PAGE},
    }
)
_CELL: Final = {"type": ["string", "number"]}
_PANEL: Final = _object(
    {
        "title": {"type": "string"},
        "note": {"type": "string"},
        "head": {"type": "array", "items": {"type": "string"}},
        "rows": {"type": "array", "items": {"type": "array", "items": _CELL}},
    }
)
_EXPECTED: Final = {
    **_VERSION,
    "description": "the version the client last saw: a stale one is refused with 409",
}
_BY: Final = {**_NAME, "description": "who (default: --chair); self-declared"}

SCHEMAS: Final[dict[str, dict[str, Any]]] = {
    # -- answers --
    "error": _document(
        "A refusal (every 4xx and 5xx answer)",
        _object(
            {"error": {"type": "string"}, "field": {"type": "string"}},
            optional=("field",),
        ),
    ),
    "session": _document("The session (GET session)", _object(_SESSION_PROPERTIES)),
    "state": _document(
        "The session and what the page shows with it (GET state)",
        _object(
            {
                **_SESSION_PROPERTIES,
                "sheet": {"type": ["string", "null"]},
                "columns": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
                "shown_columns": {"type": "array", "items": {"type": "string"}},
                "filters": _object(
                    {
                        "columns": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        },
                        "assessors": {"type": "array", "items": {"type": "string"}},
                        "assessors_total": _COUNT,
                    }
                ),
                "chair": {"type": ["string", "null"]},
                "excluded": _COUNT,
                "store": {"enum": ["memory", "file"]},
            }
        ),
    ),
    "grid": _document(
        "The nine boxes (GET grid)",
        _object(
            {
                "version": _VERSION,
                "view": {"enum": ["proposed", "calibrated"]},
                "total": _COUNT,
                "excluded": _COUNT,
                "boxes": {"type": "array", "items": _BOX, "minItems": 9, "maxItems": 9},
            }
        ),
    ),
    "people": _document(
        "A page of people (GET people)",
        _object(
            {
                "version": _VERSION,
                "view": {"enum": ["proposed", "calibrated"]},
                "segment": _nullable(_SEGMENT),
                "total": _COUNT,
                "offset": _COUNT,
                "limit": {"type": "integer", "minimum": 1, "maximum": LARGEST_LIMIT},
                "people": {"type": "array", "items": _PERSON, "maxItems": LARGEST_LIMIT},
            }
        ),
    ),
    "panels": _document(
        "The checks: apsperf calibrate's tables on the session (GET panels)",
        _object({"version": _VERSION, "panels": {"type": "array", "items": _PANEL}}),
    ),
    "notes": _document(
        "The notes on one person (GET notes)",
        _object(
            {
                "version": _VERSION,
                "notes": {
                    "type": "array",
                    "items": _object(
                        {
                            "number": {"type": "integer", "minimum": 1},
                            "text": {"type": "string"},
                            "by": {"type": "string"},
                            "at": _MOMENT,
                        }
                    ),
                },
            }
        ),
    ),
    "notes-export": _document(
        "Every note (GET export/notes?format=json)",
        _object(
            {
                "proposed": {"type": "string"},
                "notes": {
                    "type": "array",
                    "items": _object(
                        {
                            "note": {"type": "integer", "minimum": 1},
                            "employee_id": {"type": "string"},
                            "text": {"type": "string"},
                            "by": {"type": "string"},
                            "at": _MOMENT,
                        }
                    ),
                },
            }
        ),
    ),
    "change-made": _document(
        "A move or confirmation recorded (POST changes)",
        _object(
            {
                "version": _VERSION,
                "entry": {"type": "integer", "minimum": 1},
                "kind": {"enum": ["move", "confirmation"]},
            }
        ),
    ),
    "reversal-made": _document(
        "An undo recorded (POST reversals)",
        _object({"version": _VERSION, "entry": {"type": "integer", "minimum": 1}}),
    ),
    "note-kept": _document(
        "A note kept (POST notes)",
        _object({"version": _VERSION, "note": {"type": "integer", "minimum": 1}}),
    ),
    "exclusions-made": _document(
        "People hidden from view (POST exclusions)", _object({"excluded": _COUNT})
    ),
    "export-written": _document(
        "Files written (POST export)",
        _object({"written": {"type": "array", "items": {"type": "string"}}}),
    ),
    # -- requests --
    "change": _document(
        "A move (POST changes): where to, as a segment or as both levels",
        {
            **_object(
                {
                    "employee_id": _NAME,
                    "to": _SEGMENT,
                    "performance": _LEVEL,
                    "potential": _LEVEL,
                    "reason": {**_TEXT, "description": "required: every move has a reason"},
                    "by": _BY,
                    "notes": {"type": "string", "maxLength": LONGEST_TEXT},
                    "expected_version": _EXPECTED,
                },
                optional=("to", "performance", "potential", "by", "notes", "expected_version"),
            ),
            "oneOf": [
                {
                    "required": ["to"],
                    "not": {"anyOf": [{"required": ["performance"]}, {"required": ["potential"]}]},
                },
                {"required": ["performance", "potential"], "not": {"required": ["to"]}},
            ],
        },
    ),
    "reversal": _document(
        "An undo (POST reversals; POST changes/ENTRY/reverse takes it without entry)",
        _object(
            {
                "entry": {"type": "integer", "minimum": 1},
                "reason": _TEXT,
                "by": _BY,
                "expected_version": _EXPECTED,
            },
            optional=("entry", "by", "expected_version"),
        ),
    ),
    "note": _document(
        "A note on a person (POST notes)",
        _object(
            {"employee_id": _NAME, "text": _TEXT, "by": _BY, "expected_version": _EXPECTED},
            optional=("by", "expected_version"),
        ),
    ),
    "finalise": _document(
        "Finalise the session (POST finalise); the answer is the session",
        _object({"by": _BY, "expected_version": _EXPECTED}, optional=("by", "expected_version")),
    ),
    "exclusions": _document(
        "Hide people from view, or show them again (POST exclusions)",
        {
            **_object(
                {
                    "employee_ids": {
                        "type": "array",
                        "items": _NAME,
                        "minItems": 1,
                        "maxItems": 10_000,
                    },
                    "excluded": {"type": "boolean"},
                    "clear": {"const": True},
                },
                optional=("employee_ids", "excluded", "clear"),
            ),
            "oneOf": [{"required": ["employee_ids"]}, {"required": ["clear"]}],
        },
    ),
    "export": _document(
        "Write every export into a folder inside --export-dir (POST export)",
        _object(
            {"folder": {"type": "string", "pattern": "^[^./\\\\][^/\\\\]*$", "maxLength": 120}},
            optional=("folder",),
        ),
    ),
}
"""Each request and answer document of the API, by name."""

CALLS: Final[tuple[tuple[str, str, str | None, str], ...]] = (
    ("GET", "session", None, "session"),
    ("GET", "state", None, "state"),
    ("GET", "people", None, "people"),
    ("GET", "grid", None, "grid"),
    ("GET", "panels", None, "panels"),
    ("GET", "notes", None, "notes"),
    ("POST", "changes", "change", "change-made"),
    ("POST", "moves", "change", "change-made"),
    ("POST", "reversals", "reversal", "reversal-made"),
    ("POST", "changes/{entry}/reverse", "reversal", "reversal-made"),
    ("POST", "notes", "note", "note-kept"),
    ("POST", "exclusions", "exclusions", "exclusions-made"),
    ("POST", "finalise", "finalise", "session"),
    ("POST", "export", "export", "export-written"),
    ("GET", "export/notes", None, "notes-export"),
)
"""``(method, address under /api/, request schema, answer schema)`` of each JSON call."""
