"""Agency label maps (issue 13, item 4): an agency's own rating words read as levels."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import (
    Banding,
    Level,
    Segment,
    Workforce,
    label_map,
    read_label_maps,
    read_workforce,
    segment_for,
    workforce_from_rows,
)
from apsperf.segmentation.io._labels import MAX_LABEL_FILE_BYTES, MAX_LABELS, label_key

HEADER = "Employee ID,Performance,Potential\n"
AGENCY = {"Fully effective": "moderate", "Exceeds": Level.HIGH, "Does not meet": "low"}


def read(text: str, **options: Any) -> Workforce:
    return read_workforce(io.StringIO(text, newline=""), **options)


def test_labels_extend_the_built_in_spellings() -> None:
    text = (
        HEADER + "E1,Fully effective,high\nE2,  EXCEEDS ,low\nE3,does  not   meet,Med\nE4,High,M\n"
    )
    workforce = read(text, performance_labels=AGENCY)
    assert workforce.rejected == ()
    assert [workforce.segment_of(f"E{n}") for n in range(1, 5)] == [
        Segment.EMERGING_POTENTIAL,
        Segment.PROVEN_PERFORMER,
        Segment.UNCERTAIN,
        Segment.HIGH_ACHIEVER,
    ]


def test_without_a_label_map_the_error_names_the_option() -> None:
    workforce = read(HEADER + "E1,Fully effective,high\n")
    (row,) = workforce.rejected
    assert row.field == "Performance"
    assert "'Fully effective' is not a level" in row.reason
    assert "--labels FILE (performance_labels=)" in row.reason


def test_an_unknown_label_is_named() -> None:
    workforce = read(HEADER + "E1,Superb,Ready now\n", potential_labels={"Ready now": "high"})
    (row,) = workforce.rejected
    assert "'Superb' is not a level" in row.reason
    workforce = read(HEADER + "E1,high,Later\n", potential_labels={"Ready now": "high"})
    assert (
        "'Later' is not a level or a label of the potential label map"
        in workforce.rejected[0].reason
    )


def test_labels_are_per_axis() -> None:
    workforce = read(HEADER + "E1,high,Exceeds\n", performance_labels=AGENCY)
    assert [r.field for r in workforce.rejected] == ["Potential"]


def test_labels_and_a_banding_read_text_and_numbers() -> None:
    text = (
        HEADER
        + "E1,Exceeds,1\nE2,4,high\nE3,3,low\nE4,Fully effective,2\nE5,7,low\nE6,Superb,low\n"
    )
    workforce = read(text, performance=Banding.preset("1-5"), performance_labels=AGENCY)
    assert workforce.segment_of("E1") is Segment.PROVEN_PERFORMER
    assert workforce.segment_of("E2") is Segment.TOP_TALENT  # 4 on 1-5 is high
    assert workforce.segment_of("E3") is Segment.SOLID_CONTRIBUTOR
    assert workforce.segment_of("E4") is Segment.WELL_PLACED
    reasons = {r.line: r.reason for r in workforce.rejected}
    assert "outside the scale 1-5" in reasons[6]
    assert "numbers are read on the declared scale" in reasons[7]
    # the declared performance scale assumes nothing; potential's 1 and 2 are assumed 1-3
    assert [(f.code, f.path) for f in workforce.findings] == [
        ("numeric-scale-assumed", "Potential")
    ]


def test_numbers_keep_their_1_3_meaning_beside_labels() -> None:
    workforce = read(HEADER + "E1,Exceeds,1\nE2,3,2\n", performance_labels=AGENCY)
    assert workforce.segment_of("E2") is Segment.HIGH_ACHIEVER
    assert [f.code for f in workforce.findings] == ["numeric-scale-assumed"] * 2
    with pytest.raises(ValidationError, match="not on the 1-3 model"):
        read(HEADER + "E1,Exceeds,1\nE2,5,2\n", performance_labels=AGENCY)


def test_rows_and_frames_take_label_maps() -> None:
    workforce = workforce_from_rows(
        [["E1", "Fully effective", 3], ["E2", "nope", "high"]],
        header=["Employee ID", "Performance", "Potential"],
        performance_labels=AGENCY,
    )
    assert workforce.segment_of("E1") is Segment.EMERGING_POTENTIAL
    assert [r.line for r in workforce.rejected] == [3]


def test_frames_take_label_maps() -> None:
    pd = pytest.importorskip("pandas")
    from apsperf.segmentation import workforce_from_dataframe

    frame = pd.DataFrame({"Employee ID": ["E1"], "Performance": ["Exceeds"], "Potential": ["low"]})
    workforce = workforce_from_dataframe(frame, performance_labels=AGENCY)
    assert workforce.segment_of("E1") is Segment.PROVEN_PERFORMER


@pytest.mark.parametrize(
    ("labels", "message", "path"),
    [
        ({"High": "low"}, "'High' already means high, not low", "performance_labels['High']"),
        (
            {" med ": "high"},
            "' med ' already means moderate, not high",
            "performance_labels[' med ']",
        ),
        (
            {"Exceeds": "high", "exceeds ": "moderate"},
            "'exceeds ' is given twice, as high (as 'Exceeds') and as moderate",
            "performance_labels['exceeds ']",
        ),
        ({"Superb": "excellent"}, "'excellent' is not a level", "performance_labels['Superb']"),
        ({"Superb": 3}, "expected a level name (low, moderate or high), got int", None),
        ({"Superb": None}, "got NoneType", None),
        ({"Superb": ["high"]}, "got list", None),
        ({7: "high"}, "a label must be text, not int", "performance_labels"),
        ({"   ": "high"}, "a label must not be blank", None),
        ({"4": "high"}, "a number is not a label; declare a numeric scale", None),
        ({"x" * 201: "high"}, "a label is at most 200 characters", None),
    ],
    ids=[
        "clash",
        "clash-abbreviation",
        "twice",
        "unknown-level",
        "int-level",
        "none-level",
        "list-level",
        "int-label",
        "blank",
        "number",
        "long",
    ],
)
def test_bad_label_maps_name_the_label(
    labels: dict[Any, Any], message: str, path: str | None
) -> None:
    with pytest.raises(ValidationError) as info:
        read(HEADER + "E1,high,high\n", performance_labels=labels)
    assert message in info.value.message
    if path is not None:
        assert info.value.path == path


def test_a_label_that_repeats_a_built_in_meaning_is_fine() -> None:
    assert label_map({"HIGH": "high", "Top": Level.HIGH}) == {"high": Level.HIGH, "top": Level.HIGH}


def test_huge_label_maps_are_refused() -> None:
    with pytest.raises(ValidationError, match=f"at most {MAX_LABELS:,} are read"):
        label_map({f"label {n}": "low" for n in range(MAX_LABELS + 1)})
    with pytest.raises(ValidationError, match="expected a table of label = level, got str"):
        label_map("Exceeds=high")  # type: ignore[arg-type]


@given(
    label=st.text(st.characters(codec="utf-8"), min_size=1, max_size=30),
    level=st.sampled_from(Level),
)
def test_any_label_is_matched_or_refused_by_name(label: str, level: Level) -> None:
    try:
        found = label_map({label: level})
    except ValidationError as error:
        assert error.path.startswith("labels")
        return
    assert found == {label_key(label): level}
    spelt = f"  {label.upper()} "  # matched as the built-in spellings are
    workforce = workforce_from_rows(
        [["E1", spelt, "high"]],
        header=["Employee ID", "Performance", "Potential"],
        performance_labels={label: level},
    )
    if label_key(spelt) == label_key(label):  # upper() can change a label's length
        assert workforce.segment_of("E1") is segment_for(level, Level.HIGH)


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "labels.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


LABELS = (
    '[performance]\n"Fully effective" = "moderate"\n"Exceeds" = "high"\n'
    '[potential]\n"Ready now" = "high"\n'
)


def test_label_files_are_read(tmp_path: Path) -> None:
    maps = read_label_maps(write(tmp_path, LABELS))
    assert maps.performance == {"fully effective": Level.MODERATE, "exceeds": Level.HIGH}
    assert maps.potential == {"ready now": Level.HIGH}
    only = read_label_maps(write(tmp_path, '[potential]\n"Ready now" = "high"\n'))
    assert only.performance == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[performance]\n"High" = "low"\n', "labels.toml: performance['High']"),
        ("[performance]\nExceeds = 3\n", "got int"),
        ('[performance]\nExceeds = "superb"\n', "'superb' is not a level"),
        ('[ratings]\n"Exceeds" = "high"\n', "unknown table 'ratings'"),
        ('"Exceeds" = "high"\n', "unknown table 'Exceeds'"),
        ("", "holds no [performance], [potential] or [box] table"),
        ('performance = "high"\n', "expected a table of label = level, got str"),
        ("[performance\n", "not valid TOML"),
        (b'[performance]\n"\xff" = "high"\n', "not valid UTF-8"),
    ],
    ids=[
        "clash",
        "int",
        "unknown-level",
        "unknown-table",
        "no-table",
        "empty",
        "not-a-table",
        "toml",
        "utf8",
    ],
)
def test_bad_label_files_name_the_file_and_entry(
    tmp_path: Path, text: str | bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        read_label_maps(write(tmp_path, text))
    assert message in str(info.value)
    assert "labels.toml" in str(info.value)


def test_huge_label_files_are_refused_unread(tmp_path: Path) -> None:
    path = write(tmp_path, "[performance]\n" + "# padding\n" * (MAX_LABEL_FILE_BYTES // 10 + 1))
    with pytest.raises(ValidationError, match="larger than the limit"):
        read_label_maps(path)
    many = "[performance]\n" + "".join(f'"label {n}" = "low"\n' for n in range(MAX_LABELS + 1))
    with pytest.raises(ValidationError, match="at most 1,000 are read"):
        read_label_maps(write(tmp_path, many))
    with pytest.raises(ValidationError, match="no such file"):
        read_label_maps(tmp_path / "missing.toml")


def test_cli_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = write(tmp_path, LABELS)
    people = tmp_path / "people.csv"
    people.write_text(HEADER + "E1,Fully effective,Ready now\nE2,Exceeds,4\n", encoding="utf-8")
    assert main(["review", str(people), "--labels", str(labels), "--potential-scale", "1-5"]) == 0
    assert "2 rows read, 2 placed, 0 not placed" in capsys.readouterr().out
    unmapped = tmp_path / "unmapped.csv"
    unmapped.write_text(HEADER + "E1,Fully effective,high\n", encoding="utf-8")
    # No row placed: the report is printed, with an error finding, and the status is 1.
    assert main(["review", str(unmapped)]) == 1
    out = capsys.readouterr().out
    assert "--labels FILE" in out
    assert "×1 [performance]: 'Fully effective' is not a level" in out.replace(
        "Performance", "performance"
    )
    assert "error: no row of the workforce file could be placed" in out
    clash = write(tmp_path, '[performance]\n"High" = "low"\n')
    assert main(["review", str(people), "--labels", str(clash)]) == 2
    assert "'High' already means high, not low" in capsys.readouterr().err


def test_redacted_label_file_errors_quote_no_value(tmp_path: Path) -> None:
    path = write(tmp_path, '[performance]\n"Exceeds" = "superb"\n')
    with pytest.raises(ValidationError) as info:
        read_label_maps(path, redact=True)
    # the path still names the file and the label (as it names a line and column)
    assert info.value.path == f"{path}: performance['Exceeds']"
    assert "superb" not in info.value.message and "<redacted>" in info.value.message
