"""Optional text is ``None`` or real text: a round trip never changes a value, blank is refused."""

from __future__ import annotations

import importlib
import types
import typing

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsperf import ValidationError, testing
from apsperf.agreements import WorkingRelationship
from apsperf.guides import SelfReflection
from apsperf.serialization import from_dict, to_dict

PACKAGES = (
    "apsperf",
    "apsperf.segmentation",
    "apsperf.guides",
    "apsperf.agreements",
    "apsperf.maturity",
)


def _is_optional_text(kind: object) -> bool:
    if isinstance(kind, str):
        return kind.replace(" ", "") in ("str|None", "None|str", "Optional[str]")
    return typing.get_origin(kind) in (typing.Union, types.UnionType) and set(
        typing.get_args(kind)
    ) == {str, type(None)}


def _optional_text_fields(cls: type) -> list[str]:
    return [f.name for f in attrs.fields(cls) if f.init and _is_optional_text(f.type)]


def _models() -> list[tuple[type, str]]:
    found: dict[str, tuple[type, str]] = {}
    for name in PACKAGES:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if isinstance(obj, type) and attrs.has(obj):
                for field in _optional_text_fields(obj):
                    found[f"{obj.__qualname__}.{field}"] = (obj, field)
    return [found[k] for k in sorted(found)]


MODELS = _models()
# A blank self-reflection is a form to fill in (``apsperf guide template --blank``): its
# identity boxes keep blank text as written, so a round trip keeps it too.
KEEPS_BLANK = {(SelfReflection, f) for f in ("name", "position_title", "team", "department")}


def test_the_models_are_found() -> None:
    assert (WorkingRelationship, "manager_seeks") in MODELS
    assert len(MODELS) >= 10


def test_the_reproducer_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(
            WorkingRelationship, {"schema_version": 1, "manager_seeks": "", "officer_seeks": None}
        )
    assert info.value.errors == (("manager_seeks", "must not be empty"),)
    with pytest.raises(ValidationError, match="manager_seeks"):
        WorkingRelationship(manager_seeks=" ")


@pytest.mark.parametrize(("cls", "field"), MODELS, ids=lambda x: getattr(x, "__name__", x))
@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), blank=st.sampled_from(["", " ", "\t\n"]))
def test_round_trip_keeps_optional_text_and_blank_is_refused(
    cls: type, field: str, data: st.DataObject, blank: str
) -> None:
    value = data.draw(testing.strategy_for(cls))
    document = to_dict(value)
    assert from_dict(cls, document) == value
    document[field] = blank
    if (cls, field) in KEEPS_BLANK:
        kept = from_dict(cls, document)
        assert getattr(kept, field) == blank
        assert from_dict(cls, to_dict(kept)) == kept
        return
    with pytest.raises(ValidationError) as info:
        from_dict(cls, document)
    assert field in str(info.value)
    with pytest.raises(ValidationError) as info:
        attrs.evolve(value, **{field: blank})
    assert field in str(info.value)
