"""JSON Schema for every public document type, generated from the models.

An HR system that stores or exchanges apsperf documents can build its forms, its API
contracts (OpenAPI 3.1 uses the same dialect) and its own validation from these schemas.
Each schema describes exactly what :func:`apsperf.serialization.to_dict` writes and
:func:`apsperf.serialization.from_dict` reads: field names, the JSON type of every value,
enumerations as their slug values, ISO 8601 dates, which fields are required, that no other
fields are allowed, and the ``schema_version`` every document carries.

A schema checks the shape of a document; the library checks the rest. A document that is
valid against its schema can still be rejected by :func:`~apsperf.serialization.from_dict`
when it breaks a rule the models enforce (an empty employee id, a date that is not in the
calendar, a plan that ends before it starts).

>>> from apsperf.schema import document_types, schema_for
>>> "placement" in document_types()
True
>>> schema_for("placement")["required"][:2]
['schema_version', 'employee_id']
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import inspect
import json
import re
import types
import typing
from collections.abc import Mapping, MutableMapping, MutableSequence, Sequence
from typing import Any, Final

import attrs

from apsperf._validators import END, constraints_of, merge_constraints
from apsperf.errors import ValidationError, _shown
from apsperf.serialization import JSON_KEY

__all__ = [
    "CLASS_SCHEMA_ATTRIBUTE",
    "DIALECT",
    "METADATA_KEY",
    "document_class",
    "document_types",
    "json_schema",
    "schema_for",
]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every generated schema (draft 2020-12)."""

CLASS_SCHEMA_ATTRIBUTE: Final = "__json_schema__"
"""A model class attribute whose dict is merged into the class's generated schema.

For rules between fields that a schema can state, such as "``options`` or ``groups`` has
an item" (``anyOf`` of two ``required``/``minItems`` branches). Rules no schema can state
(a value unique across items' fields) stay in the model's checks alone.
"""

METADATA_KEY: Final = "json_schema"
"""attrs field metadata key whose dict is merged into that field's generated schema.

A model can refine its schema where the type alone says too little, for example
``attrs.field(metadata={"json_schema": {"description": "..."}})``. Constraints on values
(non-blank text, bounds, unique items) are better stated by the field's validator, as an
``apsperf._validators.Constrained`` one, so that the check, the schema and the strategies
of :mod:`apsperf.testing` all come from the one statement.
"""

_DOCUMENT_TYPES: Final[dict[str, str]] = {
    "placement": "apsperf.segmentation:Placement",
    "talent-review": "apsperf.segmentation:TalentReview",
    "guide": "apsperf.guides:CareerGuide",
    "plan": "apsperf.agreements:PerformanceManagementPlan",
    "assessment": "apsperf.agreements:SesAssessment",
    "self-assessment": "apsperf.maturity:SelfAssessment",
    # What each command prints with --format json, named after the command.
    "segment": "apsperf.segmentation:SegmentResult",
    "review": "apsperf.segmentation:ReviewReport",
    "calibration-session": "apsperf.segmentation:CalibrationSession",
    "calibrate": "apsperf.segmentation:CalibrationReport",
    "history": "apsperf.segmentation:History",
    "guide-aspiration": "apsperf.guides:AspirationGuide",
    "guide-leadership": "apsperf.guides:LeadershipGuide",
    "guide-all": "apsperf.guides:CareerConversations",
    "template": "apsperf.guides:SelfReflectionTemplate",
    "template-answers": "apsperf.guides:SelfReflection",
    "ses-scale": "apsperf.agreements:AssessmentScales",
    "ses-assess": "apsperf.agreements:AssessmentResult",
    "ses-assess-elements": "apsperf.agreements:AssessmentResult",
    "ses-weighted-policy": "apsperf.agreements:WeightedElementsPolicy",
    "plan-check": "apsperf.agreements:PlanCheckReport",
    "plan-verify": "apsperf.agreements:PlanVerification",
    "maturity-assess": "apsperf.maturity:MaturityAssessReport",
    "maturity-report": "apsperf.maturity:Rollup",
    "maturity-compare": "apsperf.maturity:RollupComparison",
}
"""Document type name -> ``"module:Class"``; classes are imported only when asked for."""

_WHOLE_LIMIT: Final = 2**63 - 1
"""The largest whole number a document may hold (63 bits, as the converter reads)."""
_DATE_PATTERN: Final = f"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{END}"
_DATETIME_PATTERN: Final = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"
_ROLE: Final = re.compile(r":(?:py:)?[a-z]+:`~?([^`]+)`")
_SEQUENCES: Final = (list, Sequence, MutableSequence)
_MAPPINGS: Final = (dict, Mapping, MutableMapping)


def document_types() -> tuple[str, ...]:
    """The names of the document types that have a schema, for example ``"placement"``."""
    return tuple(_DOCUMENT_TYPES)


def document_class(name: str) -> type:
    """The model class of the document type ``name`` (imported on first use).

    An unknown name raises :class:`~apsperf.ValidationError` listing the known names.
    """
    target = _DOCUMENT_TYPES.get(name) if isinstance(name, str) else None
    if target is None:
        known = ", ".join(_DOCUMENT_TYPES)
        raise ValidationError(
            f"unknown document type {_shown(name)}; known types: {known}", path="document_type"
        )
    module_name, _, class_name = target.partition(":")
    cls: type = getattr(importlib.import_module(module_name), class_name)
    return cls


def schema_for(name: str) -> dict[str, Any]:
    """The JSON Schema of the document type ``name`` (see :func:`document_types`).

    The result is a new dict each time, safe to change. An unknown name raises
    :class:`~apsperf.ValidationError` listing the known names.
    """
    return json_schema(document_class(name))


def json_schema(cls: type, *, document: bool = True) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the documents written for values of ``cls``.

    ``cls`` is an attrs model class. The schema follows the model's resolved field types
    the way apsperf's converter does: text, whole numbers, numbers and true/false map to
    ``string``, ``integer``, ``number`` and ``boolean`` (a boolean is never a number);
    dates are ``YYYY-MM-DD`` strings; enumerations list their slug values; tuples and
    sequences are arrays; mappings with text keys are objects; ``X | None`` also allows
    ``null``; nested model classes and enumerations are shared under ``$defs``. Fields
    without a default are required, and no other fields are allowed. A document (what
    :func:`~apsperf.serialization.to_dict` writes) also requires ``schema_version``; with
    ``document=False`` the schema is of the plain value, as
    :func:`~apsperf.serialization.structure` reads it and as it appears nested in other
    documents. Types the converter cannot write as JSON raise
    :class:`~apsperf.ValidationError` naming the field.
    """
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise ValidationError(f"expected an attrs model class, got {_shown(cls, 60)}", path="cls")
    from apsperf.serialization import SCHEMA_VERSION

    builder = _Builder()
    body = builder.object_schema(cls, cls.__name__)
    result: dict[str, Any] = {"$schema": DIALECT, **body}
    if document:
        version = {
            "description": "The apsperf schema version the document was written with.",
            "type": "integer",
            "minimum": 1,
            "maximum": SCHEMA_VERSION,
            "default": SCHEMA_VERSION,
        }
        result["properties"] = {"schema_version": version, **body["properties"]}
        result["required"] = ["schema_version", *body["required"]]
    if builder.defs:
        result["$defs"] = builder.defs
    return result


def _description(cls: type) -> str | None:
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str) or not doc.strip():
        return None
    text = _ROLE.sub(lambda m: f"`{m.group(1).rpartition('.')[2]}`", inspect.cleandoc(doc))
    return text.replace("``", "`")


def _default_is_valid(field: attrs.Attribute[Any]) -> bool:
    """Whether the field's own validator accepts its default (else a document must say)."""
    value: Any = field.default
    if field.validator is None or (
        isinstance(value, attrs.Factory)  # type: ignore[arg-type]
        and value.takes_self
    ):
        return True
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        value = value.factory()
    try:
        field.validator(None, field, value)
    except ValidationError:
        return False
    return True


def _json_default(value: Any) -> tuple[bool, Any]:
    """Whether a field default can be shown in the schema, and its JSON form."""
    from apsperf.serialization import converter

    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        if value.takes_self:
            return False, None
        value = value.factory()
    try:
        plain = converter.unstructure(value)
        json.dumps(plain, allow_nan=False)
    except (TypeError, ValueError):
        return False, None
    return True, plain


class _Builder:
    """Walks model types, collecting shared definitions under ``$defs``."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.names: dict[type, str] = {}

    def object_schema(self, cls: type, path: str) -> dict[str, Any]:
        try:
            attrs.resolve_types(cls)
        except NameError as exc:
            raise ValidationError(f"cannot resolve field types: {exc}", path=path) from None
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            where = f"{path}.{field.name}"
            if field.type is None or isinstance(field.type, str):
                raise ValidationError("field has no resolvable type annotation", path=where)
            schema = self.schema(field.type, where)
            key = field.metadata.get(JSON_KEY, field.name)
            if field.default is attrs.NOTHING or not _default_is_valid(field):
                required.append(key)
            else:
                shown, default = _json_default(field.default)
                if shown:
                    schema = {**schema, "default": default}
            schema = merge_constraints(schema, constraints_of(field.validator))
            extra = field.metadata.get(METADATA_KEY)
            if isinstance(extra, Mapping):
                schema = {**schema, **extra}
            properties[key] = schema
        result: dict[str, Any] = {"title": cls.__name__}
        description = _description(cls)
        if description:
            result["description"] = description
        result.update(
            type="object",
            properties=properties,
            required=required,
            additionalProperties=False,
        )
        rules = getattr(cls, CLASS_SCHEMA_ATTRIBUTE, None)
        if isinstance(rules, Mapping):
            result.update(rules)
        return result

    def reference(self, cls: type, path: str) -> dict[str, Any]:
        name = self.names.get(cls)
        if name is None:
            name = cls.__name__
            if name in self.defs:
                name = f"{cls.__module__}.{cls.__qualname__}"
            self.names[cls] = name
            self.defs[name] = {}
            if issubclass(cls, enum.Enum):
                self.defs[name] = self.enum_schema(cls, path)
            else:
                self.defs[name] = self.object_schema(cls, path)
        return {"$ref": f"#/$defs/{name}"}

    def enum_schema(self, cls: type[enum.Enum], path: str) -> dict[str, Any]:
        result: dict[str, Any] = {"title": cls.__name__}
        description = _description(cls)
        if description:
            result["description"] = description
        result.update(self.choices([member.value for member in cls], path))
        return result

    def choices(self, values: list[Any], path: str) -> dict[str, Any]:
        values = [v.value if isinstance(v, enum.Enum) else v for v in values]
        kinds = {_json_type(v) for v in values}
        if None in kinds:
            raise ValidationError(f"no JSON Schema for the choices {_shown(values, 60)}", path=path)
        result: dict[str, Any] = {}
        if len(kinds) == 1:
            result["type"] = kinds.pop()
        result["enum"] = values
        return result

    def schema(self, kind: Any, path: str) -> dict[str, Any]:
        origin = typing.get_origin(kind)
        args = typing.get_args(kind)
        if kind is Any:
            return {}
        if kind is None or kind is type(None):
            return {"type": "null"}
        if origin is typing.Annotated:
            return self.schema(args[0], path)
        if hasattr(kind, "__supertype__"):
            return self.schema(kind.__supertype__, path)
        if origin is typing.Literal:
            return self.choices(list(args), path)
        if origin is typing.Union or origin is types.UnionType:
            options = [self.schema(arg, path) for arg in args]
            return options[0] if len(options) == 1 else {"anyOf": options}
        if isinstance(kind, type) and origin is None:
            return self.plain(kind, path)
        if origin is tuple:
            return self.tuple_schema(args, path)
        if origin in _SEQUENCES:
            item = self.schema(args[0], f"{path}[]") if args else {}
            return {"type": "array", "items": item}
        if origin in _MAPPINGS:
            return self.mapping_schema(args, path)
        raise ValidationError(f"no JSON Schema for the type {_shown(kind, 60)}", path=path)

    def plain(self, kind: type, path: str) -> dict[str, Any]:
        if kind is bool:
            return {"type": "boolean"}
        if kind is int:
            return {"type": "integer", "minimum": -_WHOLE_LIMIT, "maximum": _WHOLE_LIMIT}
        if kind is float:
            return {"type": "number"}
        if kind is str:
            return {"type": "string"}
        if kind is dt.datetime:
            return {"type": "string", "pattern": _DATETIME_PATTERN}
        if kind is dt.date:
            return {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
        if issubclass(kind, enum.Enum) or attrs.has(kind):
            return self.reference(kind, path)
        if kind is tuple:
            return {"type": "array"}
        if kind in _SEQUENCES:
            return {"type": "array"}
        if kind in _MAPPINGS:
            return {"type": "object"}
        raise ValidationError(f"no JSON Schema for the type {kind.__name__}", path=path)

    def tuple_schema(self, args: tuple[Any, ...], path: str) -> dict[str, Any]:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.schema(args[0], f"{path}[]")}
        if args == ((),) or not args:
            return {"type": "array", "maxItems": 0}
        items = [self.schema(arg, f"{path}[{i}]") for i, arg in enumerate(args)]
        return {
            "type": "array",
            "prefixItems": items,
            "items": False,
            "minItems": len(items),
            "maxItems": len(items),
        }

    def mapping_schema(self, args: tuple[Any, ...], path: str) -> dict[str, Any]:
        key, value = args if len(args) == 2 else (str, Any)
        result: dict[str, Any] = {"type": "object"}
        if key is not str:
            names = self.schema(key, f"{path}{{}}")
            target = self.defs.get(names.get("$ref", "").rpartition("/")[2], names)
            if target.get("type") != "string" or "enum" not in target:
                raise ValidationError(
                    f"no JSON Schema for mappings keyed by {_shown(key, 60)}", path=path
                )
            result["propertyNames"] = names
        result["additionalProperties"] = self.schema(value, f"{path}{{}}")
        return result


def _json_type(value: Any) -> str | None:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return None
