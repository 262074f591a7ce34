from __future__ import annotations

import enum
import importlib
import pkgutil
import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import apsperf
from apsperf import ValidationError, testing
from apsperf.agreements import PlanStatus
from apsperf.segmentation import Placement, Segment, Workforce
from apsperf.serialization import from_json, to_json

SWEEP = settings(max_examples=max(10, settings.default.max_examples // 10))
"""Per-model sweeps run a tenth of the profile's examples: there are many models."""


def public_models() -> list[type]:
    """The attrs classes and enumerations in ``__all__`` of apsperf and its public modules."""
    found: dict[type, None] = {}
    names = ["apsperf"] + [
        m.name
        for m in pkgutil.walk_packages(apsperf.__path__, "apsperf.")
        if not any(part.startswith("_") for part in m.name.split("."))
        and m.name not in ("apsperf.testing", "apsperf.cli")
    ]
    for name in names:
        module = importlib.import_module(name)
        for export in getattr(module, "__all__", ()):
            obj = getattr(module, export)
            if isinstance(obj, type) and (attrs.has(obj) or issubclass(obj, enum.Enum)):
                found.setdefault(obj)
    return list(found)


MODELS = public_models()


def run_python(code: str) -> str:
    """What a fresh interpreter running ``code`` prints, stripped."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_public_surface_is_small() -> None:
    surface = "model_classes placements plans register register_type_strategies strategy_for"
    assert set(testing.__all__) == {*surface.split(), "workforces"}
    for name in testing.__all__:
        assert getattr(testing, name).__doc__, name


def test_every_public_model_is_found() -> None:
    assert len(MODELS) > 80
    assert {Placement, Segment, apsperf.Finding, apsperf.Severity} <= set(MODELS)
    assert Workforce in testing.model_classes()


def test_import_apsperf_does_not_import_hypothesis() -> None:
    code = (
        "import sys, apsperf, apsperf.segmentation, apsperf.serialization, apsperf.schema,"
        " apsperf.cli; apsperf.schema.schema_for('placement'); apsperf.cli.build_parser();"
        "print([m for m in ('hypothesis', 'jsonschema', 'apsperf.testing')"
        " if m in sys.modules])"
    )
    assert run_python(code) == "[]"


def test_without_hypothesis_the_import_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "from apsperf import MissingDependencyError\n"
        "try:\n    import apsperf.testing\n"
        "except MissingDependencyError as error:\n    print(error.extra, '|', error)\n"
    )
    printed = run_python(code)
    assert printed.startswith("testing |")
    assert "pip install 'apsperf[testing]'" in printed


def test_importing_registers_nothing_with_hypothesis() -> None:
    code = (
        "from hypothesis import strategies as st\n"
        "from hypothesis.strategies._internal import types\n"
        "import apsperf.testing\n"
        "from apsperf.segmentation import Placement\n"
        "print(Placement in types._global_type_lookup)\n"
    )
    assert run_python(code) == "False"


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_model_strategies_draw_valid_values_that_round_trip(cls: type) -> None:
    @SWEEP
    @given(testing.strategy_for(cls))
    def round_trips(value: Any) -> None:
        assert type(value) is cls
        if issubclass(cls, enum.Enum):
            assert cls(value.value) is value
            return
        text = to_json(value)
        again = from_json(cls, text)
        assert again == value
        assert to_json(again) == text

    round_trips()


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_registered_strategies_serve_from_type(cls: type) -> None:
    testing.register_type_strategies()

    @settings(max_examples=3)
    @given(st.from_type(cls))
    def drawn_from_type(value: Any) -> None:
        assert type(value) is cls

    drawn_from_type()


@attrs.frozen(kw_only=True)
class _Visit:
    """A class of a user's own, built from apsperf's constrained validators."""

    who: str = attrs.field(validator=apsperf._validators.text)
    count: int = attrs.field(validator=apsperf._validators.at_least(0))
    notes: tuple[str, ...] = attrs.field(validator=apsperf._validators.text_tuple)
    segment: Segment


@SWEEP
@given(testing.strategy_for(_Visit))
def test_strategies_derive_from_the_field_constraints(visit: _Visit) -> None:
    attrs.validate(visit)
    assert visit.count >= 0
    assert visit.who == visit.who.strip() != ""


def test_registering_a_strategy_narrows_nested_draws() -> None:
    testing.register(Segment, st.just(Segment.UNCERTAIN))
    try:

        @settings(max_examples=10)
        @given(testing.strategy_for(_Visit))
        def nested(visit: _Visit) -> None:
            assert visit.segment is Segment.UNCERTAIN

        nested()
    finally:
        testing._registry._REGISTERED.pop(Segment)


@pytest.mark.parametrize(("cls", "strategy"), [(3, st.none()), (Segment, None)])
def test_register_refuses_wrong_arguments(cls: Any, strategy: Any) -> None:
    with pytest.raises(TypeError):
        testing.register(cls, strategy)


@pytest.mark.parametrize("cls", [int, str, ValidationError, None])
def test_strategy_for_unknown_class_names_the_known_ones(cls: Any) -> None:
    with pytest.raises(ValidationError, match="Placement"):
        testing.strategy_for(cls)


# --- the refinements ------------------------------------------------------------------------


@given(st.data())
def test_placements_in_a_segment_are_in_that_segment(data: st.DataObject) -> None:
    segment = data.draw(st.sampled_from(Segment))
    placement = data.draw(testing.placements(segment=segment))
    assert placement.segment is segment


@SWEEP
@given(testing.workforces(max_size=5))
def test_workforces_keep_their_size(workforce: Workforce) -> None:
    assert len(workforce) <= 5


@SWEEP
@given(st.data())
def test_plans_of_a_status_have_it(data: st.DataObject) -> None:
    status = data.draw(st.sampled_from(PlanStatus))
    assert data.draw(testing.plans(status=status, max_steps=3)).status is status


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: testing.placements(segment="top-talent"), "segment"),
        (lambda: testing.workforces(max_size=-1), "max_size"),
        (lambda: testing.plans(status="draft"), "status"),
    ],
)
def test_bad_refinements_raise_validation_error(make: Any, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        make()
    assert info.value.path == path
