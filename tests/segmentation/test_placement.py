from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import Severity, ValidationError
from apsperf._ids import is_employee_id
from apsperf.segmentation import (
    Banding,
    Level,
    Placement,
    Segment,
    check_placement,
    normalise_employee_id,
)
from apsperf.serialization import from_json, to_dict, to_json

LEVELS = st.sampled_from(Level)


def make(**changes: object) -> Placement:
    fields: dict[str, object] = {
        "employee_id": "E001",
        "performance": Level.HIGH,
        "potential": Level.MODERATE,
        "assessed_on": dt.date(2025, 8, 1),
        "assessed_by": "M. Nguyen",
    }
    fields.update(changes)
    return Placement(**fields)  # type: ignore[arg-type]


def test_segment_follows_from_the_levels() -> None:
    assert make().segment is Segment.HIGH_ACHIEVER


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("employee_id", ""),
        ("employee_id", "  "),
        ("employee_id", 42),
        ("performance", "high"),
        ("potential", 3),
        ("assessed_on", "2025-08-01"),
        ("assessed_on", dt.datetime(2025, 8, 1)),
        ("assessed_by", ""),
        ("groups", {"division": 7}),
        ("groups", ["division"]),
    ],
)
def test_invalid_fields_are_named(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as info:
        make(**{field: value})
    assert info.value.path.startswith(field)


def test_groups_cannot_be_changed_after_construction() -> None:
    source = {"division": "Policy"}
    placement = make(groups=source)
    source["division"] = "Corporate"
    assert placement.groups["division"] == "Policy"
    with pytest.raises(TypeError):
        placement.groups["division"] = "Corporate"  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        placement.performance = Level.LOW  # type: ignore[misc]


def test_conversation_after_assessment_is_reported() -> None:
    late = make(aspiration_conversation_on=dt.date(2025, 9, 1))
    findings = check_placement(late)
    assert [f.code for f in findings] == ["conversation-after-assessment"]
    assert findings[0].severity is Severity.WARNING
    assert findings[0].path == "aspiration_conversation_on"


def test_conversation_before_or_on_assessment_is_fine() -> None:
    assert check_placement(make(aspiration_conversation_on=dt.date(2025, 6, 1))) == ()
    assert check_placement(make(aspiration_conversation_on=dt.date(2025, 8, 1))) == ()


def test_undated_assessment_is_noted() -> None:
    assert [f.code for f in check_placement(make(assessed_on=None))] == ["assessment-undated"]


@given(st.dates(), st.dates())
def test_conversation_order_rule(conversation: dt.date, assessed: dt.date) -> None:
    codes = {
        f.code
        for f in check_placement(
            make(assessed_on=assessed, aspiration_conversation_on=conversation)
        )
    }
    assert ("conversation-after-assessment" in codes) == (conversation > assessed)


# --- serialization --------------------------------------------------------------------------

ids = st.text(min_size=1, max_size=20).map(str.strip).filter(bool)
placements = st.builds(
    Placement,
    # normalised as a reader does, and kept only where a reader keeps it (is_employee_id)
    employee_id=ids.map(normalise_employee_id).filter(is_employee_id),
    performance=LEVELS,
    potential=LEVELS,
    assessed_on=st.none() | st.dates(),
    assessed_by=st.none() | ids,
    groups=st.dictionaries(ids, st.text(max_size=10), max_size=3),
    aspiration_conversation_on=st.none() | st.dates(),
)


@given(placements)
def test_json_round_trip_is_identity(placement: Placement) -> None:
    text = to_json(placement)
    again = from_json(Placement, text)
    assert again == placement
    assert dict(again.groups) == dict(placement.groups)
    assert to_json(again) == text


def test_document_carries_schema_version_and_slugs() -> None:
    doc = to_dict(make())
    assert doc["schema_version"] == 1
    assert doc["performance"] == "high"
    assert doc["assessed_on"] == "2025-08-01"


def test_bad_document_names_the_path() -> None:
    with pytest.raises(ValidationError) as info:
        from_json(
            Placement,
            '{"schema_version": 1, "employee_id": "E1", '
            '"performance": "great", "potential": "low"}',
        )
    assert info.value.errors[0][0] == "performance"
    assert "low, moderate, high" in str(info.value)


# --- banding --------------------------------------------------------------------------------

FIVE_POINT = Banding(minimum=1, maximum=5, moderate_from=3, high_from=4)


@pytest.mark.parametrize(
    ("rating", "level"),
    [
        (1, Level.LOW),
        (2.9, Level.LOW),
        (3, Level.MODERATE),
        ("3.5", Level.MODERATE),
        (4, Level.HIGH),
        ("5", Level.HIGH),
    ],
)
def test_banding_maps_ratings(rating: object, level: Level) -> None:
    assert FIVE_POINT.level_for(rating) is level


@pytest.mark.parametrize("rating", [0, 5.5, "x", "", True, None, float("nan"), "inf"])
def test_banding_rejects_out_of_scale(rating: object) -> None:
    with pytest.raises(ValidationError, match="rating"):
        FIVE_POINT.level_for(rating)


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"minimum": 1, "maximum": 5, "moderate_from": 1, "high_from": 4}, "moderate_from"),
        ({"minimum": 1, "maximum": 5, "moderate_from": 4, "high_from": 4}, "high_from"),
        ({"minimum": 1, "maximum": 3, "moderate_from": 2, "high_from": 4}, "maximum"),
        ({"minimum": "1", "maximum": 5, "moderate_from": 2, "high_from": 4}, "minimum"),
        ({"minimum": 1, "maximum": float("inf"), "moderate_from": 2, "high_from": 4}, "maximum"),
    ],
)
def test_banding_thresholds_are_validated(fields: dict[str, object], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        Banding(**fields)  # type: ignore[arg-type]
    assert info.value.path == path


@given(st.floats(1, 5), st.floats(1, 5))
def test_banding_is_monotone(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert FIVE_POINT.level_for(low) <= FIVE_POINT.level_for(high)
