"""A missing column's error says what to do: the option, the argument, the likely headers."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import Columns, read_workforce
from apsperf.segmentation.model._columns import normalise_header


def _error(text: str, **options: object) -> str:
    with pytest.raises(ValidationError) as caught:
        read_workforce(io.StringIO(text), **options)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("header", "field", "option", "suggested"),
    [
        (
            "Employee ID,Aug 2025 Talent Assessment Performance,Potential",
            "performance",
            "--performance-column",
            "Aug 2025 Talent Assessment Performance",
        ),
        (
            "Staff Number,Performance,Potential",
            "employee_id",
            "--employee-id-column",
            "Staff Number",
        ),
        (
            "Employee ID,Performance,Pot. (manager view)",
            "potential",
            "--potential-column",
            "Pot. (manager view)",
        ),
    ],
)
def test_a_missing_column_names_the_option_and_the_likely_header(
    header: str, field: str, option: str, suggested: str
) -> None:
    message = _error(f"{header}\nE1,high,low\n")
    assert f"no column `{field}`" in message
    assert f"`{option}`" in message and f"`Columns({field}=...)`" in message
    assert f"perhaps '{suggested}'" in message


def test_a_column_named_wrongly_suggests_the_closest() -> None:
    message = _error(
        "Employee ID,Performance,Potential\nE1,high,low\n",
        columns=Columns(performance="Perfomance"),
    )
    assert "no column `Perfomance`" in message and "perhaps 'Performance'" in message


def test_no_suggestion_when_nothing_resembles() -> None:
    message = _error("Code,Name,Team\nE1,Jane,A\n")
    assert "perhaps" not in message


def test_redaction_keeps_the_option_and_hides_the_headers() -> None:
    message = _error("Jane Citizen,Perf Score X,Potential\nE1,high,low\n", redact=True)
    assert "Jane" not in message and "`--employee-id-column`" in message


@pytest.mark.parametrize(
    "header", ["Performance Rating (1-5)", "Performance [1–3]", "performance (1 to 5)"]
)
def test_a_scale_named_in_the_header_does_not_hide_the_column(header: str) -> None:
    workforce = read_workforce(io.StringIO(f"Employee ID,{header},Potential\nE1,high,low\n"))
    assert workforce.columns["performance"] == header


@given(st.text(max_size=30))
def test_header_matching_is_total_and_idempotent(name: str) -> None:
    once = normalise_header(name)
    assert normalise_header(once) == once
