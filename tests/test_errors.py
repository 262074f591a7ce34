from __future__ import annotations

import pytest

from apsperf import ApsperfError, ValidationError


def test_validation_error_is_a_value_error_with_a_path() -> None:
    error = ValidationError("must not be empty", path="employee_id")
    assert isinstance(error, ValueError)
    assert isinstance(error, ApsperfError)
    assert str(error) == "employee_id: must not be empty"
    assert error.errors == (("employee_id", "must not be empty"),)


def test_within_nests_paths() -> None:
    error = ValidationError("bad", path="performance").within("placements[2]")
    assert error.path == "placements[2].performance"
    assert ValidationError("bad", path="[1]").within("rows").path == "rows[1]"


def test_from_errors_keeps_every_problem() -> None:
    error = ValidationError.from_errors([("a", "x"), ("b", "y")], summary="invalid thing")
    assert error.errors == (("a", "x"), ("b", "y"))
    assert str(error) == "invalid thing: a: x; b: y"
    with pytest.raises(ValueError, match="at least one"):
        ValidationError.from_errors([])
