"""Scales are declared, never guessed: a 1-5 file is refused whole, never half-read."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import Banding, Level, read_workforce, workforce_from_rows
from apsperf.segmentation.model._placement import SCALE_PRESETS

HEADER = "Employee ID,Performance,Potential\n"


def read(text: str, **options: object) -> object:
    return read_workforce(io.StringIO(HEADER + text, newline=""), **options)  # type: ignore[arg-type]


def test_a_one_to_five_file_is_refused_whole_naming_values_and_option() -> None:
    with pytest.raises(ValidationError) as caught:
        read("E1,4,5\nE2,2,3\n")
    message = str(caught.value)
    assert caught.value.path == "Performance"
    assert "('4' on line 2; numbers seen: '2', '4')" in message
    # the numbers run to 4: both named scales that cover them, tightest first
    assert "`--performance-scale 1-4` or `--performance-scale 1-5`" in message
    assert "Banding.preset('1-4')" in message


def test_the_same_file_is_refused_from_rows_and_in_strict_mode() -> None:
    with pytest.raises(ValidationError, match="not on the 1-3 model"):
        workforce_from_rows([["E1", 2, 4]], header=HEADER.strip().split(","))
    # strict stops at the first such row, before the column's other numbers are read: its
    # reason names the options but suggests no range the rest of the column could contradict
    with pytest.raises(ValidationError, match=r"'4' is not on the 1-3 model.*-scale` or") as e:
        read("E1,2,3\nE2,4,1\n", strict=True)
    assert e.value.path == "line 3, Performance" and "1-5" not in str(e.value)


def test_numbers_all_on_one_to_three_are_read_with_a_finding() -> None:
    workforce = read("E1,1,3\nE2,2,high\n")
    assert workforce.rows_placed == 2  # type: ignore[attr-defined]
    codes = [(f.code, f.path) for f in workforce.findings]  # type: ignore[attr-defined]
    assert codes == [
        ("numeric-scale-assumed", "Performance"),
        ("numeric-scale-assumed", "Potential"),
    ]
    words = read("E1,low,high\n")
    assert words.findings == ()  # type: ignore[attr-defined]


def test_text_that_is_not_a_number_stays_a_rejected_row() -> None:
    workforce = read("E1,superb,high\nE2,2,3\n")
    assert [r.employee_id for r in workforce.rejected] == ["E1"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("1-5", ["low", "low", "moderate", "high", "high"]),
        ("1-4", ["low", "moderate", "moderate", "high"]),
        ("1-3", ["low", "moderate", "high"]),
        ("5-1", ["high", "high", "moderate", "low", "low"]),
        ("4-1", ["high", "moderate", "moderate", "low"]),
        ("3-1", ["high", "moderate", "low"]),
    ],
)
def test_each_named_scale(name: str, expected: list[str]) -> None:
    banding = Banding.preset(name)
    assert [banding.level_for(n).value for n in range(1, len(expected) + 1)] == expected
    with pytest.raises(ValidationError, match="outside the scale"):
        banding.level_for(len(expected) + 1)


def test_unknown_scales_list_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="1-3, 1-4, 1-5, 3-1, 4-1, 5-1"):
        Banding.preset("1-7")
    assert set(SCALE_PRESETS) == {"1-3", "1-4", "1-5", "3-1", "4-1", "5-1"}


@given(st.sampled_from(["1-3", "1-4", "1-5"]), st.integers(1, 5), st.integers(1, 5))
def test_reversed_scales_mirror_the_forward_ones(name: str, a: int, b: int) -> None:
    forward = Banding.preset(name)
    backward = Banding.preset("-".join(reversed(name.split("-"))))
    top = int(forward.maximum)
    if a <= top:
        assert backward.level_for(top + 1 - a) is forward.level_for(a)
    if a <= top and b <= top and a <= b:
        assert forward.level_for(a).rank <= forward.level_for(b).rank
        assert backward.level_for(a).rank >= backward.level_for(b).rank


def test_level_parse_keeps_its_documented_one_to_three_meaning() -> None:
    assert Level.parse("3") is Level.HIGH
    with pytest.raises(ValidationError):
        Level.parse("4")


def test_the_cli_reads_a_declared_scale(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "five.csv"
    path.write_text(HEADER + "E1,4,5\nE2,2,3\n", "utf-8")
    assert main(["review", str(path)]) == 2
    assert "--performance-scale 1-5" in capsys.readouterr().err
    status = main(["review", str(path), "--performance-scale", "1-5", "--potential-scale", "1-5"])
    assert status in (0, 1)
    assert "2" in capsys.readouterr().out
    assert (
        main(["review", str(path), "--performance-scale", "1-5", "--performance-bands", "1,2,3,4"])
        == 2
    )
    assert "not both" in capsys.readouterr().err


def test_huge_numbers_never_escape_as_overflow() -> None:
    with pytest.raises(ValidationError, match="finite"):
        Banding(minimum=10**5000, maximum=10**5001, moderate_from=1, high_from=2)
    with pytest.raises(ValidationError, match="outside the scale"):
        Banding.preset("1-5").level_for(10**5000)
