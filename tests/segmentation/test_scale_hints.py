"""Scale hints follow the data (issue 25): what a refused column holds decides the hint.

A hint never suggests a scale the column's numbers contradict: following one reads every
numeric row. A header that ends in a named scale declares it; an inferred 1-3 reading is
a warning that names the numbers it saw.
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.findings import Severity
from apsperf.segmentation import Banding, Columns, Level, read_workforce
from apsperf.segmentation.io._builder import _start
from apsperf.segmentation.io._ratings import _rating
from apsperf.segmentation.io._scale_hints import header_scale
from apsperf.segmentation.model._placement import SCALE_PRESETS
from apsperf.segmentation.model._workforce import Workforce

HEADER = "Employee ID,Performance,Potential\n"
LABELS = {"Fully effective": "moderate"}
"""A label map: with a declared scale, the words of a mixed column are read through one."""


def read(text: str, header: str = HEADER, **options: object) -> Workforce:
    return read_workforce(io.StringIO(header + text, newline=""), **options)  # type: ignore[arg-type]


def refusal(text: str, header: str = HEADER, **options: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read(text, header, **options)
    assert "\n" not in str(caught.value)
    return caught.value


def rows(values: list[str], potential: str = "high") -> str:
    return "".join(f"E{i:03},{value},{potential}\n" for i, value in enumerate(values))


def performance(workforce: Workforce) -> dict[str, Level]:
    return {p.employee_id: p.performance for p in workforce.placements()}


def high(workforce: Workforce) -> int:
    return list(performance(workforce).values()).count(Level.HIGH)


def scales(message: str, axis: str = "performance") -> list[str]:
    return re.findall(rf"`--{axis}-scale (\S+?)`", message)


def bands(message: str, axis: str = "performance") -> list[Banding]:
    found = re.findall(rf"`--{axis}-bands ([0-9.]+),([0-9.]+),([0-9.]+),([0-9.]+)`", message)
    return [
        Banding(minimum=float(a), moderate_from=float(b), high_from=float(c), maximum=float(d))
        for a, b, c, d in found
    ]


def test_an_averaged_rating_in_a_one_to_three_column_suggests_cut_points() -> None:
    values = ["1", "2", "3", "2.5", "3", "2", "1", "3"]
    error = refusal(rows(values))
    message = str(error)
    assert error.path == "Performance"
    assert "fractions within 1 to 3 ('2.5')" in message and "averaged" in message
    assert scales(message) == []  # not 1-5: on it nobody would be high
    [banding] = bands(message)
    workforce = read(rows(values), performance=banding)
    assert workforce.rows_placed == len(values)
    assert high(workforce) == 4  # the three 3s and the 2.5


def test_a_nine_box_number_column_is_not_read_as_a_rating() -> None:
    values = [str(1 + i % 9) for i in range(49)]
    message = str(refusal(rows(values)))
    assert "nine-box box numbers" in message and "from '1' to '9'" in message
    assert scales(message) == [] and bands(message) == []
    assert "1-9" not in message
    assert "`--performance-bands MIN,MODERATE,HIGH,MAX`" in message


def test_stray_numbers_among_words_are_named_and_no_scale_is_suggested() -> None:
    values = ["7" if i % 5 == 0 else ("High", "Moderate", "low")[i % 3] for i in range(60)]
    message = str(refusal(rows(values)))
    assert "('7' on 12 lines (2, 7, 12, …); numbers seen: '7')" in message
    assert "these numbers are stray (12 rows)" in message and "words (3 spellings)" in message
    assert "fix those cells" in message and "`--labels` maps words, not numbers" in message
    assert scales(message) == [] and "-bands" not in message
    assert "not recorded here" not in message  # the reader names the lines


def test_the_lines_holding_odd_values_are_named_when_the_rejected_rows_are_given() -> None:
    """``check_numbers(rejected)``: the builder's rejected rows give the lines and counts."""
    values = ["7" if i % 5 == 0 else ("High", "Moderate", "low")[i % 3] for i in range(60)]
    builder = _start(
        HEADER.strip().split(","), 0, Columns(), _rating(None, None, ""), None, False, ""
    )
    builder.add_chunk([line.split(",") for line in rows(values).splitlines()], 2)
    with pytest.raises(ValidationError) as caught:
        builder.perf.check_numbers(builder.rejected)
    message = str(caught.value)
    assert "'7' on 12 lines (2, 7, 12, …)" in message
    assert "stray (12 rows)" in message and "not recorded" not in message
    builder = _start(HEADER.strip().split(","), 0, Columns(), None, None, False, "")
    builder.add_chunk([["E1", "4", "low"], ["E2", "2", "low"]], 2)
    with pytest.raises(ValidationError, match=r"\('4' on line 2; numbers seen: '2', '4'\)"):
        builder.perf.check_numbers(builder.rejected)


def test_a_one_to_five_rating_of_only_twos_and_threes_is_a_warning_naming_them() -> None:
    values = ["2", "3"] * 10
    workforce = read(rows(values))
    assert high(workforce) == 10  # read on 1-3: the 3s are high
    [finding] = workforce.findings
    assert (finding.code, finding.severity, finding.path) == (
        "numeric-scale-assumed",
        Severity.WARNING,
        "Performance",
    )
    assert "('2', '3')" in finding.message and "1-5 rating of only 2s and 3s" in finding.message
    assert "`--performance-scale 1-5`" in finding.message and "\n" not in finding.message


def test_a_scale_named_in_the_header_is_declared() -> None:
    values = ["2", "3"] * 10
    workforce = read(rows(values), "Employee ID,Performance Rating (1-5),Potential\n")
    assert workforce.findings == ()
    assert high(workforce) == 0  # 3 on 1-5 is moderate
    assert list(performance(workforce).values()).count(Level.MODERATE) == 10
    assert workforce.columns["performance"] == "Performance Rating (1-5)"
    # other spellings; words are still read beside the header's scale
    workforce = read("E1,5,1\nE2,high,3\n", "Employee ID,Perf (1 to 5),Potential [1–3]\n")
    assert workforce.rows_placed == 2 and workforce.findings == ()
    assert performance(workforce) == {"E1": Level.HIGH, "E2": Level.HIGH}
    # a reversed scale: 1 is best
    workforce = read("E1,1,low\nE2,5,low\n", "Employee ID,Performance (5-1),Potential\n")
    assert performance(workforce) == {"E1": Level.HIGH, "E2": Level.LOW}


@pytest.mark.parametrize(
    ("header", "scale"),
    [
        ("Performance Rating (1-5)", "1-5"),
        ("Potential [1–3]", "1-3"),
        ("Perf (1 to 5)", "1-5"),
        ("Performance (5-1)", "5-1"),
        ("Performance (0-100)", "0-100"),
        ("Performance (2024-25)", None),
        ("Performance (1-5) FY24", None),
        ("Performance", None),
        ("Performance (1-" + "9" * 5000 + ")", None),  # never reaches int()
        ("Rating (0 – 10)", "0-10"),
    ],
)
def test_header_scales(header: str, scale: str | None) -> None:
    assert header_scale(header) == scale


def test_a_number_outside_the_header_scale_refuses_naming_the_header_and_value() -> None:
    header = "Employee ID,Performance Rating (1-5),Potential\n"
    error = refusal("E1,3,low\nE2,7,low\n", header)
    assert error.path == "Performance Rating (1-5)"
    message = str(error)
    assert "its header 'Performance Rating (1-5)' names the scale" in message
    assert "numbers outside it ('7' on line 3; numbers seen: '3', '7')" in message
    assert scales(message) == []  # no named scale reaches 7
    with pytest.raises(ValidationError, match="'7' is outside the scale its header") as caught:
        read("E1,3,low\nE2,7,low\n", header, strict=True)
    assert caught.value.path == "line 3, Performance Rating (1-5)"
    # an explicit scale overrides the header
    workforce = read("E1,3,low\nE2,7,low\n", header, performance=Banding.preset("1-3"))
    assert [r.line for r in workforce.rejected] == [3]


def test_a_header_scale_without_a_preset_refuses_its_numbers() -> None:
    error = refusal("E1,2,low\nE2,3,low\n", "Employee ID,Performance (1-7),Potential\n")
    assert "names a scale with no preset" in str(error) and "('2', '3')" in str(error)
    assert scales(str(error)) == [] and "`--performance-bands MIN" in str(error)
    words = read("E1,high,low\n", "Employee ID,Performance (1-7),Potential\n")
    assert words.rows_placed == 1
    year = read("E1,2,low\n", "Employee ID,Performance (2024-25),Potential\n")
    assert [f.code for f in year.findings] == ["numeric-scale-assumed"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "2", "4"], ["1-4", "1-5"]),
        (["1", "5", "3"], ["1-5"]),
        (["3.5", "5", "2"], ["1-5"]),
        (["03", "2"], ["1-3", "1-4", "1-5"]),
        (["0", "3"], []),
        (["1", "7"], []),
        (["10", "50", "100"], []),
    ],
)
def test_only_named_scales_that_cover_the_numbers_are_suggested(
    values: list[str], expected: list[str]
) -> None:
    message = str(refusal(rows(values)))
    assert scales(message) == expected
    if not expected:
        assert "no named scale" in message and "`--performance-bands MIN" in message


def test_a_mixed_column_names_the_label_map_beside_the_scale() -> None:
    values = ["1", "2", "3", "4", "5", "high"]
    message = str(refusal(rows(values)))
    assert scales(message) == ["1-5"] and "`--labels FILE`" in message
    workforce = read(rows(values), performance=Banding.preset("1-5"), performance_labels=LABELS)
    assert workforce.rows_placed == len(values)


def test_hints_are_redacted_but_keep_their_own_words() -> None:
    header = "Employee ID,Performance Rating (1-5),Potential\n"
    message = str(refusal("E1,3,low\nE2,7,low\n", header, redact=True))
    assert "'7'" not in message and "'Performance Rating (1-5)'" not in message
    assert "`--performance-bands MIN,MODERATE,HIGH,MAX`" in message
    message = str(refusal(rows(["2.5", "3"]), redact=True))
    assert "2.5'" not in message and "`--performance-bands 1,1.5,2.5,3`" in message
    [finding] = read(rows(["2", "3"]), redact=True).findings
    assert "'2'" not in finding.message and "`--performance-scale 1-5`" in finding.message


@st.composite
def _numbers(draw: st.DrawFn) -> list[str]:
    """A column's numbers: whole numbers within some range, now and then a fraction or an
    unusual spelling."""
    low, top = draw(st.sampled_from([(1, 3), (1, 4), (1, 5), (1, 9), (0, 10), (1, 7), (0, 100)]))
    whole = st.integers(low, top).map(str)
    odd = st.sampled_from(["1.5", "2.5", "2.75", "3.5", "4.5", "0.5", "03", "+2"])
    return draw(st.lists(st.one_of(whole, whole, whole, odd), min_size=1, max_size=12))


_WORDS = st.sampled_from(["high", "Low", "moderate", "Med", "HIGH "])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _numbers(),
    st.lists(_WORDS, max_size=12),
    st.randoms(use_true_random=False),
)
def test_following_a_hint_reads_every_numeric_row(
    numbers: list[str], words: list[str], shuffle: object
) -> None:
    values = numbers + words
    shuffle.shuffle(values)  # type: ignore[attr-defined]
    text = rows(values)
    try:
        workforce = read(text)
    except ValidationError as error:
        message = str(error)
    else:  # read on the 1-3 model: only when every number is 1, 2 or 3
        assert {float(n) for n in numbers} <= {1, 2, 3}
        assert workforce.rows_placed == len(values)
        assert [f.severity for f in workforce.findings] == [Severity.WARNING]
        return
    assert "\n" not in message
    seen = [float(n) for n in numbers]
    followed = [Banding.preset(name) for name in scales(message)] + bands(message)
    for name in scales(message):
        assert name in SCALE_PRESETS
    for banding in followed:
        # no suggested range excludes a value seen
        assert all(banding.minimum <= n <= banding.maximum for n in seen)
        labels = LABELS if "`--labels FILE`" in message else None
        again = read(text, performance=banding, performance_labels=labels)
        rejected = {r.line for r in again.rejected}
        numeric_lines = {i + 2 for i, v in enumerate(values) if re.fullmatch(r"[+\d.]+", v)}
        assert not rejected & numeric_lines  # every numeric row placed
        if labels is not None or not words:
            assert again.rows_placed == len(values)
    if words and len(set(numbers)) <= len({w.strip().casefold() for w in words}):
        assert "stray" in message and not followed
