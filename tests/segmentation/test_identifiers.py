"""Look-alike identifiers are one person: NFC, no invisible characters, trimmed."""

from __future__ import annotations

import io
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf._ids import _INVISIBLE
from apsperf.segmentation import (
    Level,
    Placement,
    movement,
    normalise_employee_id,
    read_workforce,
)

HEADER = "Employee ID,Performance,Potential\n"
LOOK_ALIKES = [
    ("Jos\u00e9", "Jose\u0301"),  # NFC and NFD
    ("E7", "\ufeffE7"),  # byte-order mark
    ("E8", "E8\u200b"),  # zero-width space
    ("E9", "\u00a0E9\u00a0"),  # non-breaking spaces
    ("E10", "E\u200d10\u200e"),  # zero-width joiner, left-to-right mark
]


@pytest.mark.parametrize(("plain", "other"), LOOK_ALIKES)
def test_look_alikes_are_one_person_and_the_merge_is_reported(plain: str, other: str) -> None:
    text = HEADER + f"{plain},high,high\n{other},low,low\n"
    workforce = read_workforce(io.StringIO(text, newline=""))
    assert workforce.employee_ids == (plain,) or list(workforce.employee_ids) == [plain]
    (duplicate,) = workforce.rejected
    assert duplicate.line == 3 and "duplicate employee id" in duplicate.reason
    if plain != other.strip():  # more than surrounding white space told them apart
        assert "normalised" in duplicate.reason


def test_case_and_compatibility_forms_stay_distinct() -> None:
    text = HEADER + "E1,high,high\ne1,low,low\n\uff25\uff11,low,low\n"  # fullwidth E1 is kept
    workforce = read_workforce(io.StringIO(text, newline=""))
    assert workforce.rows_placed == 3 and not workforce.rejected


def test_cycles_match_across_spellings() -> None:
    before = read_workforce(io.StringIO(HEADER + "Jose\u0301,high,high\n\ufeffE7,low,low\n"))
    after = read_workforce(io.StringIO(HEADER + "Jos\u00e9,high,high\nE7,high,low\n"))
    moved = movement(before, after)
    assert not moved.joiners and not moved.leavers


def test_placements_refuse_identifiers_that_are_not_normalised() -> None:
    with pytest.raises(ValidationError, match=r"employee_id: must be written in Unicode NFC"):
        Placement(employee_id="Jose\u0301", performance=Level.HIGH, potential=Level.LOW)
    assert Placement(employee_id="José", performance=Level.HIGH, potential=Level.LOW)


def test_every_format_character_is_removed() -> None:
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) == "Cf":
            assert _INVISIBLE.fullmatch(chr(code)), hex(code)


@given(st.text(max_size=20))
def test_normalising_is_idempotent_and_keeps_nothing_invisible(raw: str) -> None:
    once = normalise_employee_id(raw)
    assert normalise_employee_id(once) == once
    assert (
        unicodedata.is_normalized("NFC", once)
        or _INVISIBLE.search(unicodedata.normalize("NFC", once)) is None
    )
    assert once == once.strip()
    assert not any(unicodedata.category(c) == "Cf" for c in once)
