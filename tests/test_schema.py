from __future__ import annotations

import datetime as dt
import doctest
import enum
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

import apsperf.schema
from apsperf import ValidationError
from apsperf.cli import main
from apsperf.schema import (
    DIALECT,
    document_class,
    document_types,
    json_schema,
    schema_for,
)
from apsperf.serialization import SCHEMA_VERSION, converter, from_dict, structure, to_dict
from apsperf.testing import strategy_for
from tests.test_testing import MODELS as PUBLIC_MODELS

TYPES = document_types()
WHOLE = {"type": "integer", "minimum": -(2**63 - 1), "maximum": 2**63 - 1}
"""A whole number: the converter reads 63 bits at most."""


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rpartition("/")[2]]
    return schema


def with_defaults(
    document: Any, schema: dict[str, Any], root: dict[str, Any], written: Any = None
) -> Any:
    """The document as the library writes it back: absent fields take their schema default.

    An optional field with no default in the schema is derived from other fields (a guide's
    ``description`` from its segment); where the library wrote one, it is taken from
    ``written``, and the caller checks that the written document loads to the same value.
    """
    schema = resolve(schema, root)
    if "anyOf" in schema and "properties" not in schema:  # a union, not an object's rule
        for option in schema["anyOf"]:
            if validator({"$defs": root.get("$defs", {}), **resolve(option, root)}).is_valid(
                document
            ):
                return with_defaults(document, option, root, written)
        raise AssertionError(f"no option of {schema} matches {document!r}")
    if isinstance(document, dict) and "properties" in schema:
        filled = {}
        out = written if isinstance(written, dict) else {}
        for name, field in schema["properties"].items():
            if name in document:
                filled[name] = with_defaults(document[name], field, root, out.get(name))
            elif "default" in field:
                filled[name] = field["default"]
            elif name in out:
                filled[name] = out[name]
        return filled
    if isinstance(document, dict) and isinstance(schema.get("additionalProperties"), dict):
        item = schema["additionalProperties"]
        out = written if isinstance(written, dict) else {}
        return {
            key: with_defaults(value, item, root, out.get(key)) for key, value in document.items()
        }
    if isinstance(document, list) and isinstance(schema.get("items"), dict):
        out = written if isinstance(written, list) else []
        return [
            with_defaults(value, schema["items"], root, out[i] if i < len(out) else None)
            for i, value in enumerate(document)
        ]
    return document


# --- every registered document type ---------------------------------------------------------


def test_every_document_type_of_the_frameworks_is_registered() -> None:
    assert set(TYPES) >= {
        "placement",
        "talent-review",
        "review",
        "guide",
        "plan",
        "assessment",
        "self-assessment",
    }
    assert document_class("placement").__name__ == "Placement"
    assert all(attrs.has(document_class(name)) for name in TYPES)


@pytest.mark.parametrize("name", TYPES)
def test_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = schema_for(name)
    assert schema["$schema"] == DIALECT
    Draft202012Validator.check_schema(schema)
    assert schema["required"][0] == "schema_version"
    assert schema["additionalProperties"] is False
    json.dumps(schema)


PER_TYPE = max(10, settings.default.max_examples // 4)
"""Examples per document type for the sweeps over every type (scaled by the profile)."""
FROM_SCHEMA = max(5, settings.default.max_examples // 20)
"""Schema-drawn documents per type: drawing from a large schema is slow."""


@pytest.mark.parametrize("name", TYPES)
def test_every_value_the_library_writes_validates(name: str) -> None:
    cls = document_class(name)
    check = validator(schema_for(name))

    @settings(max_examples=PER_TYPE)
    @given(strategy_for(cls))
    def written_documents_validate(value: Any) -> None:
        check.validate(to_dict(value))

    written_documents_validate()


def load_schema_documents(name: str, examples: int) -> list[bool]:
    """Load documents drawn from the schema; whether each one was accepted."""
    cls = document_class(name)
    schema = schema_for(name)
    loaded: list[bool] = []

    @settings(max_examples=examples, suppress_health_check=list(HealthCheck))
    @given(from_schema(schema_for(name)))
    def documents_load_losslessly(document: dict[str, Any]) -> None:
        try:
            value = from_dict(cls, document)
        except ValidationError:
            loaded.append(False)
            return
        loaded.append(True)
        written = to_dict(value)
        assert written == with_defaults(document, schema, schema, written)
        assert from_dict(cls, written) == value

    documents_load_losslessly()
    return loaded


@pytest.mark.parametrize("name", TYPES)
def test_schema_valid_documents_load_or_raise_validation_error(name: str) -> None:
    load_schema_documents(name, examples=FROM_SCHEMA)


def test_most_schema_valid_placements_load() -> None:
    loaded = load_schema_documents("placement", examples=50)
    assert loaded.count(True) > len(loaded) // 4


@pytest.mark.parametrize("name", TYPES)
def test_schema_and_converter_both_reject_unknown_and_missing_fields(name: str) -> None:
    cls = document_class(name)
    schema = schema_for(name)
    check = validator(schema)

    @settings(max_examples=PER_TYPE)
    @given(strategy_for(cls), st.data())
    def both_reject(value: Any, data: st.DataObject) -> None:
        document = to_dict(value)
        extra = {**document, "not_a_field": 1}
        assert not check.is_valid(extra)
        with pytest.raises(ValidationError):
            from_dict(cls, extra)
        missing = data.draw(st.sampled_from(schema["required"]))
        partial = {k: v for k, v in document.items() if k != missing}
        assert not check.is_valid(partial)
        with pytest.raises(ValidationError):
            from_dict(cls, partial)

    both_reject()


@pytest.mark.parametrize(
    "cls", [c for c in PUBLIC_MODELS if attrs.has(c)], ids=lambda c: c.__name__
)
def test_every_model_value_validates_against_its_generated_schema(cls: type) -> None:
    check = validator(json_schema(cls))

    @settings(max_examples=FROM_SCHEMA)
    @given(strategy_for(cls))
    def written_values_validate(value: Any) -> None:
        document = to_dict(value)
        check.validate(document)
        assert from_dict(cls, document) == value

    written_values_validate()


def test_schema_version_is_bounded_by_what_this_release_reads() -> None:
    version = schema_for("placement")["properties"]["schema_version"]
    assert version == {
        "description": "The apsperf schema version the document was written with.",
        "type": "integer",
        "minimum": 1,
        "maximum": SCHEMA_VERSION,
        "default": SCHEMA_VERSION,
    }


def test_placement_schema_details() -> None:
    schema = schema_for("placement")
    assert schema["title"] == "Placement"
    assert schema["description"].startswith("One person's placement")
    assert ":class:" not in schema["description"]
    assert schema["required"] == ["schema_version", "employee_id", "performance", "potential"]
    assert schema["properties"]["performance"] == {"$ref": "#/$defs/Level"}
    assert schema["$defs"]["Level"]["enum"] == ["low", "moderate", "high"]
    assert schema["properties"]["groups"] == {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "default": {},
    }
    dated = schema["properties"]["assessed_on"]
    assert dated["anyOf"][1] == {"type": "null"}
    assert dated["anyOf"][0]["format"] == "date"
    assert dated["default"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("performance", "medium"),
        ("performance", None),
        ("assessed_on", "01/07/2025"),
        ("assessed_on", "2025-02-30"),
        ("employee_id", 7),
        ("groups", {"division": 3}),
        ("groups", ["Policy"]),
    ],
)
def test_placement_schema_rejects_what_the_converter_rejects(field: str, value: Any) -> None:
    document = {
        "schema_version": 1,
        "employee_id": "E1",
        "performance": "high",
        "potential": "low",
        field: value,
    }
    assert not validator(schema_for("placement")).is_valid(document)
    with pytest.raises(ValidationError):
        from_dict(document_class("placement"), document)


def test_schema_is_a_fresh_copy() -> None:
    first = schema_for("placement")
    first["properties"].clear()
    assert schema_for("placement")["properties"]


@pytest.mark.parametrize("name", ["", "Placement", "plans", None, 3])
def test_unknown_type_lists_the_known_ones(name: Any) -> None:
    with pytest.raises(ValidationError) as info:
        schema_for(name)
    assert info.value.path == "document_type"
    assert "placement" in str(info.value)


def test_importing_schema_does_not_import_the_domains() -> None:
    code = "import sys, apsperf.schema; print('apsperf.segmentation' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_module_examples() -> None:
    assert doctest.testmod(apsperf.schema).failed == 0


# --- the generator on small synthetic models ------------------------------------------------


class Colour(enum.Enum):
    """A colour on the chart."""

    RED = "red"
    AMBER = "amber"


@attrs.frozen
class Point:
    """A point."""

    x: int
    y: float


@attrs.frozen(kw_only=True)
class Everything:
    name: str
    flag: bool
    count: int
    score: float
    colour: Colour
    day: dt.date
    moment: dt.datetime
    origin: Point
    points: tuple[Point, ...] = ()
    pair: tuple[int, str] = (1, "a")
    tags: Sequence[str] = ()
    counts: Mapping[str, int] = attrs.field(factory=dict)
    by_colour: Mapping[Colour, int] = attrs.field(factory=dict)
    note: str | None = None
    kind: Literal["a", "b"] = "a"
    loose: Any = None
    since: dt.date | None = attrs.field(default=None, metadata={"json_schema": {"title": "S"}})
    hidden: int = attrs.field(default=0, init=False)


def test_synthetic_scalars() -> None:
    props = json_schema(Everything)["properties"]
    assert props["name"] == {"type": "string"}
    assert props["flag"] == {"type": "boolean"}
    assert props["count"] == WHOLE
    assert props["score"] == {"type": "number"}
    assert props["day"] == {
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(?!\\n)$",
    }
    assert props["moment"]["type"] == "string"
    assert props["loose"] == {"default": None}
    assert props["kind"] == {"type": "string", "enum": ["a", "b"], "default": "a"}


def test_synthetic_enum_and_nested_class_are_shared_definitions() -> None:
    schema = json_schema(Everything)
    assert schema["properties"]["colour"] == {"$ref": "#/$defs/Colour"}
    assert schema["$defs"]["Colour"] == {
        "title": "Colour",
        "description": "A colour on the chart.",
        "type": "string",
        "enum": ["red", "amber"],
    }
    assert schema["properties"]["origin"] == {"$ref": "#/$defs/Point"}
    assert schema["$defs"]["Point"] == {
        "title": "Point",
        "description": "A point.",
        "type": "object",
        "properties": {"x": WHOLE, "y": {"type": "number"}},
        "required": ["x", "y"],
        "additionalProperties": False,
    }
    assert "description" not in schema


def test_synthetic_collections() -> None:
    props = json_schema(Everything)["properties"]
    assert props["points"] == {"type": "array", "items": {"$ref": "#/$defs/Point"}, "default": []}
    assert props["pair"] == {
        "type": "array",
        "prefixItems": [WHOLE, {"type": "string"}],
        "items": False,
        "minItems": 2,
        "maxItems": 2,
        "default": [1, "a"],
    }
    assert props["tags"] == {"type": "array", "items": {"type": "string"}, "default": []}
    assert props["counts"] == {
        "type": "object",
        "additionalProperties": WHOLE,
        "default": {},
    }
    assert props["by_colour"]["propertyNames"] == {"$ref": "#/$defs/Colour"}


def test_synthetic_optional_defaults_and_metadata() -> None:
    schema = json_schema(Everything)
    assert schema["properties"]["note"] == {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "default": None,
    }
    assert schema["properties"]["since"]["title"] == "S"
    assert "hidden" not in schema["properties"]
    assert schema["required"] == [
        "schema_version",
        "name",
        "flag",
        "count",
        "score",
        "colour",
        "day",
        "moment",
        "origin",
    ]


EVERYTHING = Everything(
    name="n",
    flag=True,
    count=3,
    score=0.5,
    colour=Colour.AMBER,
    day=dt.date(2025, 7, 1),
    moment=dt.datetime(2025, 7, 1, 9, 30),
    origin=Point(1, 2.5),
    points=(Point(0, 0.0),),
    pair=(2, "b"),
    tags=("x",),
    counts={"a": 1},
    by_colour={Colour.RED: 2},
    note="hi",
    kind="b",
    since=dt.date(2024, 1, 1),
)


def test_synthetic_value_validates_and_bools_are_not_numbers() -> None:
    schema = json_schema(Everything)
    document = to_dict(EVERYTHING)
    validator(schema).validate(document)
    assert from_dict(Everything, document) == EVERYTHING
    for field in ("count", "score"):
        assert not validator(schema).is_valid({**document, field: True})
    assert not validator(schema).is_valid({**document, "by_colour": {"blue": 1}})
    assert not validator(schema).is_valid({**document, "pair": [1, "a", 2]})


@attrs.frozen
class Branch:
    label: str
    children: tuple[Branch, ...] = ()


@attrs.frozen
class Pets:
    names: frozenset[str]


def test_plain_value_schema_has_no_schema_version() -> None:
    schema = json_schema(Everything, document=False)
    assert "schema_version" not in schema["properties"]
    assert schema["required"][0] == "name"
    plain = converter.unstructure(EVERYTHING)
    validator(schema).validate(plain)
    assert not validator(schema).is_valid(to_dict(EVERYTHING))
    assert structure(plain, Everything) == EVERYTHING


def test_recursive_classes_refer_to_themselves() -> None:
    schema = json_schema(Branch)
    assert schema["properties"]["children"]["items"] == {"$ref": "#/$defs/Branch"}
    assert schema["$defs"]["Branch"]["properties"]["children"]["items"] == {
        "$ref": "#/$defs/Branch"
    }
    tree = Branch("root", (Branch("leaf"),))
    validator(schema).validate(to_dict(tree))


def test_unsupported_types_name_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        json_schema(Pets)
    assert info.value.path == "Pets.names"


@pytest.mark.parametrize("cls", [Colour, int, "Placement", None])
def test_only_model_classes_have_document_schemas(cls: Any) -> None:
    with pytest.raises(ValidationError):
        json_schema(cls)


@settings(max_examples=60, suppress_health_check=list(HealthCheck))
@given(from_schema(json_schema(Point)))
def test_synthetic_schema_documents_load_or_raise_validation_error(document: Any) -> None:
    try:
        value = from_dict(Point, document)
    except ValidationError:
        return
    assert to_dict(value) == document


# --- command line ---------------------------------------------------------------------------


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "placement"]) == 0
    assert json.loads(capsys.readouterr().out) == schema_for("placement")


def test_cli_compact_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "placement", "--compact"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out) == schema_for("placement")


@pytest.mark.parametrize("argv", [["schema"], ["schema", "--list"]])
def test_cli_lists_every_type(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(TYPES)
    assert "placement" in lines[TYPES.index("placement")]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["schema", "nonsense", "--list"], "not both"),
        (["schema", "nonsense"], "placement"),
        (["schema", "placement", "--list"], "not both"),
    ],
)
def test_cli_bad_requests_exit_2(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("apsperf: error:")
    assert says in err


def _draft7(node: Any) -> Any:
    """The schema in draft 7's words for tuples, the dialect hypothesis-jsonschema draws from."""
    if isinstance(node, dict):
        node = {key: _draft7(value) for key, value in node.items() if key != "$schema"}
        if "prefixItems" in node:
            node["additionalItems"] = node.pop("items", True)
            node["items"] = node.pop("prefixItems")
        return node
    if isinstance(node, list):
        return [_draft7(value) for value in node]
    return node


# Measured over 60 draws with sixteen random seeds: guide 20 to 51 load (rules between fields
# that no schema states refuse the rest: one group per learning mode, distinct option texts;
# "options or groups has an item" is in the schema, as DevelopmentFocus.__json_schema__).
# Before that rule was in the schema, 2 to 23 loaded, which a pinned seed had hidden. Review
# and plan documents are not asserted: their rules between fields (rows read = placed +
# rejected; ranks 1..n; a period ending after its start; the revision hash chain) are ones
# no field constraint can state, so almost no drawn document satisfies them.
SCHEMA_LOAD_SHARE = {"guide": 0.15}


@pytest.mark.parametrize("name", sorted(SCHEMA_LOAD_SHARE))
def test_a_fair_share_of_schema_drawn_documents_load(name: str) -> None:
    cls = document_class(name)
    loaded: list[bool] = []

    # 60 draws whatever the profile (random or derandomized, as the profile says); the
    # measured share sits far enough above the bound that a random seed does not fail it.
    @settings(max_examples=60, suppress_health_check=list(HealthCheck), database=None)
    @given(from_schema(_draft7(schema_for(name))))
    def load(document: dict[str, Any]) -> None:
        try:
            from_dict(cls, document)
        except ValidationError:
            loaded.append(False)
        else:
            loaded.append(True)

    load()
    print(f"{name}: {loaded.count(True)} of {len(loaded)} schema-drawn documents load")
    assert loaded.count(True) >= SCHEMA_LOAD_SHARE[name] * len(loaded)
