from __future__ import annotations

import enum
import importlib
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import Finding, Severity, ValidationError, testing
from apsperf.segmentation import Banding, Level, Placement, Segment
from apsperf.serialization import from_json, to_json

MODELS = testing.model_classes()
SWEEP = settings(max_examples=max(10, settings.default.max_examples // 10))
"""Per-model sweeps run a tenth of the profile's examples: there are many models."""
TESTING_DIR = Path(testing.__file__).parent


def covered_packages() -> list[str]:
    """Public packages whose strategies module exists in apsperf.testing."""
    names = ["apsperf"]
    for module in sorted(TESTING_DIR.glob("_*.py")):
        if module.stem not in ("__init__", "_core"):
            names.append(f"apsperf.{module.stem[1:]}")
    return names


def public_models(package: str) -> list[type]:
    module = importlib.import_module(package)
    found = []
    for name in module.__all__:
        obj = getattr(module, name)
        if isinstance(obj, type) and (attrs.has(obj) or issubclass(obj, enum.Enum)):
            found.append(obj)
    return found


def test_import_apsperf_does_not_import_hypothesis() -> None:
    code = (
        "import sys, apsperf, apsperf.segmentation, apsperf.serialization, apsperf.schema,"
        " apsperf.cli; apsperf.schema.schema_for('placement'); apsperf.cli.build_parser();"
        "print([m for m in ('hypothesis', 'jsonschema', 'apsperf.testing')"
        " if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("package", covered_packages())
def test_every_public_model_has_a_strategy(package: str) -> None:
    missing = [cls.__name__ for cls in public_models(package) if cls not in MODELS]
    assert missing == []


def test_core_models_are_covered() -> None:
    assert {Finding, Severity, Level, Segment, Placement, Banding} <= set(MODELS)


def test_every_export_is_a_documented_strategy_function() -> None:
    for name in testing.__all__:
        function = getattr(testing, name)
        assert inspect.isfunction(function), name
        assert function.__doc__, name
    assert "hypothesis" not in " ".join(testing.__all__)


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
def test_strategies_are_registered_with_hypothesis(cls: type) -> None:
    @settings(max_examples=3)
    @given(st.from_type(cls))
    def drawn_from_type(value: Any) -> None:
        assert type(value) is cls

    drawn_from_type()


@pytest.mark.parametrize("cls", [int, str, ValidationError, None])
def test_strategy_for_unknown_class_names_the_known_ones(cls: Any) -> None:
    with pytest.raises(ValidationError, match="Placement"):
        testing.strategy_for(cls)


# --- the refinements ------------------------------------------------------------------------


@given(st.data())
def test_placements_in_a_segment_are_in_that_segment(data: st.DataObject) -> None:
    segment = data.draw(testing.segments())
    placement = data.draw(testing.placements(segment=segment))
    assert placement.segment is segment


@given(st.data())
def test_level_spellings_parse_to_their_level(data: st.DataObject) -> None:
    level = data.draw(testing.levels())
    assert Level.parse(data.draw(testing.level_spellings(level))) is level
    assert isinstance(Level.parse(data.draw(testing.level_spellings())), Level)


@given(st.data())
def test_segment_spellings_parse_to_their_segment(data: st.DataObject) -> None:
    segment = data.draw(testing.segments())
    assert Segment.parse(data.draw(testing.segment_spellings(segment))) is segment


@given(testing.bandings(), st.data())
def test_ratings_for_a_level_are_banded_to_that_level(
    banding: Banding, data: st.DataObject
) -> None:
    level = data.draw(testing.levels())
    rating = data.draw(testing.ratings(banding, level))
    assert banding.level_for(rating) is level
    assert banding.minimum <= data.draw(testing.ratings(banding)) <= banding.maximum


@given(testing.employee_ids())
def test_employee_ids_are_accepted(employee_id: str) -> None:
    Placement(employee_id=employee_id, performance=Level.LOW, potential=Level.LOW)


@given(st.data())
def test_findings_of_a_severity_have_it(data: st.DataObject) -> None:
    severity = data.draw(testing.severities())
    assert data.draw(testing.findings(severity)).severity is severity


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: testing.placements(segment="top-talent"), "segment"),  # type: ignore[arg-type]
        (lambda: testing.level_spellings("high"), "level"),  # type: ignore[arg-type]
        (lambda: testing.segment_spellings(3), "segment"),  # type: ignore[arg-type]
        (lambda: testing.ratings(None, Level.LOW), "banding"),  # type: ignore[arg-type]
        (
            lambda: testing.ratings(
                Banding(minimum=1, maximum=5, moderate_from=3, high_from=4), "high"
            ),
            "level",
        ),  # type: ignore[arg-type]
        (lambda: testing.findings("error"), "severity"),  # type: ignore[arg-type]
    ],
)
def test_bad_refinements_raise_validation_error(make: Any, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        make()
    assert info.value.path == path
