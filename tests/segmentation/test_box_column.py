"""One nine-box column (issue 25): a declared box numbering or box names read as both levels."""

from __future__ import annotations

import csv
import inspect
import io
from pathlib import Path
from typing import Any

import pytest

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import (
    BoxMap,
    Columns,
    Level,
    Segment,
    Workforce,
    box_map,
    read_label_maps,
    read_workforce,
    workforce_from_dataframe,
    workforce_from_rows,
)

PEER = {
    1: "low/low",
    2: "moderate/low",
    3: "high/low",
    4: "low/moderate",
    5: "moderate/moderate",
    6: "high/moderate",
    7: "low/high",
    8: "moderate/high",
    9: "high/high",
}
"""A peer product's numbering: 1 low/low, 3 high performance and low potential, 7 the
reverse, 9 high/high (declared: apsperf has no default)."""
DOWN = {n: PEER[10 - n] for n in PEER}
"""Another product's numbering, counting down from 1 = high/high."""
NAMES = {
    "Core Talent [M,M]": "moderate/moderate",
    "Future Star [L,H]": "low/high",
    "Star [H,H]": ("high", Level.HIGH),
    "Workhorse [H,L]": "H/L",
}
HEADER = ["Employee ID", "Talent Box", "Division"]
ROWS = [
    ["E1", "9", "Policy"],
    ["E2", "3", "Policy"],
    ["E3", "7", "Delivery"],
    ["E4", "1", "Delivery"],
    ["E5", "5", "Policy"],
    ["E6", "12", "Policy"],
    ["E7", "", "Delivery"],
    ["E8", "Core Talent [M,M]", "Policy"],
]
EXPECTED = {
    "E1": Segment.TOP_TALENT,
    "E2": Segment.PROVEN_PERFORMER,
    "E3": Segment.UNREALISED_POTENTIAL,
    "E4": Segment.STRONGEST_CONCERN,
    "E5": Segment.WELL_PLACED,
}


def csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue()


def read(text: str, **options: Any) -> Workforce:
    return read_workforce(io.StringIO(text, newline=""), **options)


def segments(workforce: Workforce) -> dict[str, Segment]:
    return {p.employee_id: p.segment for p in workforce.placements()}


def reasons(workforce: Workforce) -> dict[int, str]:
    return {r.line: r.reason for r in workforce.rejected}


def test_a_declared_numbering_reads_the_box_column_for_both_axes() -> None:
    workforce = read(csv_text(HEADER, ROWS), box=PEER)
    assert segments(workforce) == EXPECTED
    assert workforce.columns["performance"] == workforce.columns["potential"] == "Talent Box"
    assert workforce.group_names == ("Division",)
    assert workforce.findings == ()  # a box number is no rating: no scale is assumed
    found = reasons(workforce)
    assert found[7] == (
        "'12' is not a box of the declared box numbering; add it to the label file's "
        "[box.numbers] table (`box=`)"
    )
    assert found[8] == "the box is blank"
    assert "'Core Talent [M,M]' is not a box of the declared box names" in found[9]
    assert "[box.names]" in found[9]
    assert {r.field for r in workforce.rejected} == {"Talent Box"}
    assert workforce.rows_read == workforce.rows_placed + len(workforce.rejected)


def test_the_numbering_is_the_one_declared() -> None:
    workforce = read(csv_text(HEADER, ROWS[:5]), box=DOWN)
    assert segments(workforce)["E1"] is Segment.STRONGEST_CONCERN  # 9 is low/low here
    assert segments(workforce)["E4"] is Segment.TOP_TALENT


def test_box_names_are_matched_as_labels_are() -> None:
    rows = [
        ["E1", "core talent  [m,m]", "A"],
        ["E2", " FUTURE STAR [L,H]", "A"],
        ["E3", "Star [H,H]", "A"],
        ["E4", "Workhorse [H,L]", "A"],
        ["E5", "Rising", "A"],
    ]
    workforce = read(csv_text(HEADER, rows), box=NAMES)
    assert segments(workforce) == {
        "E1": Segment.WELL_PLACED,
        "E2": Segment.UNREALISED_POTENTIAL,
        "E3": Segment.TOP_TALENT,
        "E4": Segment.PROVEN_PERFORMER,
    }
    (row,) = workforce.rejected
    assert row.reason.startswith("'Rising' is not a box of the declared box names")


def test_numbers_and_names_together_and_number_spellings() -> None:
    rows = [["E1", "9.0", "A"], ["E2", " 03 ", "A"], ["E3", "Star [H,H]", "A"], ["E4", "2.5", "A"]]
    workforce = read(csv_text(HEADER, rows), box={**PEER, **NAMES})
    assert segments(workforce) == {
        "E1": Segment.TOP_TALENT,
        "E2": Segment.PROVEN_PERFORMER,
        "E3": Segment.TOP_TALENT,
    }
    assert "'2.5' is not a box of the declared box numbering" in workforce.rejected[0].reason


def test_rows_frames_csv_and_workbooks_agree(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    mixed = {**PEER, **NAMES}
    from_csv = read(csv_text(HEADER, ROWS), box=mixed)
    typed = [[e, int(b) if b.isdigit() else (b or None), d] for e, b, d in ROWS]
    from_rows = workforce_from_rows(typed, header=HEADER, box=mixed)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Talent review 2025"])  # a title row above the header
    sheet.append(HEADER)
    for row in typed:
        sheet.append(row)
    path = tmp_path / "boxes.xlsx"
    book.save(path)
    from_xlsx = read_workforce(path, box=mixed)
    for workforce in (from_rows, from_xlsx):
        assert segments(workforce) == segments(from_csv)
        assert [r.reason for r in workforce.rejected] == [r.reason for r in from_csv.rejected]
    assert segments(from_csv)["E8"] is Segment.WELL_PLACED
    assert [r.line for r in from_xlsx.rejected] == [8, 9]  # sheet rows, under the title


def test_data_frames_take_a_box() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"Staff ID": ["S1", "S2", "S3"], "9 Box": [9, 7, None]})
    workforce = workforce_from_dataframe(frame, box=PEER)
    assert segments(workforce) == {"S1": Segment.TOP_TALENT, "S2": Segment.UNREALISED_POTENTIAL}
    assert workforce.rejected[0].reason == "the box is blank"


def test_polars_frames_and_the_polars_engine_take_a_box() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"Staff ID": ["S1", "S2"], "Box": ["Star [H,H]", "3"]})
    workforce = workforce_from_dataframe(frame, box={**PEER, **NAMES})
    assert segments(workforce) == {"S1": Segment.TOP_TALENT, "S2": Segment.PROVEN_PERFORMER}
    if "engine" in inspect.signature(read_workforce).parameters:  # the polars CSV engine
        text = csv_text(HEADER, ROWS)
        by_polars = read(text, box={**PEER, **NAMES}, engine="polars")
        assert segments(by_polars) == segments(read(text, box={**PEER, **NAMES}))
        assert by_polars.rejected == read(text, box={**PEER, **NAMES}).rejected


def test_the_box_column_is_found_by_its_usual_headers_or_named() -> None:
    for header in ("Box", "Nine Box", "9-Box", "talent_box", "9 Box Position"):
        workforce = read(f"Employee ID,{header}\nE1,9\n", box=PEER)
        assert segments(workforce) == {"E1": Segment.TOP_TALENT}, header
    text = "Employee ID,Grid,Other\nE1,9,1\n"
    named = read(text, box=PEER, columns=Columns(box="grid"))
    assert segments(named) == {"E1": Segment.TOP_TALENT}
    declared = read(text, box=box_map(PEER, column="Grid"))
    assert segments(declared) == {"E1": Segment.TOP_TALENT}
    # Columns(box=) wins over the column declared with the boxes
    chosen = read(text, box=box_map(PEER, column="Grid"), columns=Columns(box="Other"))
    assert segments(chosen) == {"E1": Segment.STRONGEST_CONCERN}
    with pytest.raises(ValidationError) as info:
        read(text, box=PEER)
    assert info.value.message.startswith("no column `box` (looked for box, nine_box")
    assert "`--box-column` (`Columns(box=...)`)" in info.value.message


def test_a_box_column_beside_rating_columns_must_be_named() -> None:
    text = "Employee ID,Performance,Potential,Box\nE1,low,low,9\n"
    with pytest.raises(ValidationError) as info:
        read(text, box=PEER)
    message = info.value.message
    assert "a box column 'Box' and rating columns ('Performance', 'Potential')" in message
    assert "`--box-column`" in message and "leave out the box numbering" in message
    named = read(text, box=PEER, columns=Columns(box="Box"))
    assert segments(named) == {"E1": Segment.TOP_TALENT}
    assert named.group_names == ("Performance", "Potential")  # kept as grouping columns
    assert segments(read(text)) == {"E1": Segment.STRONGEST_CONCERN}  # no box: the ratings


def test_two_box_columns_are_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="'Box' and '9 Box' could both be the box column"):
        read("Employee ID,Box,9 Box\nE1,9,9\n", box=PEER)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"columns": Columns(box="Box")}, "apsperf has none by default"),
        ({"box": PEER, "performance_labels": {"Exceeds": "high"}}, "`performance_labels=`"),
        ({"box": PEER, "columns": Columns(performance="Box")}, "not both"),
        ({"box": PEER, "columns": Columns(box="Box", potential="Box")}, "not both"),
    ],
    ids=["no-numbering", "labels-too", "rating-column-too", "both-named"],
)
def test_a_box_is_declared_alone(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read("Employee ID,Box\nE1,9\n", **options)


def test_the_same_column_for_both_axes_is_refused_pointing_to_the_box_table() -> None:
    """The old way round (one column named as both axes, two label tables) is retired."""
    with pytest.raises(ValidationError) as info:
        read(
            "Employee ID,Box\nE1,Star\n",
            columns=Columns(performance="Box", potential="Box"),
            performance_labels={"Star": "high"},
            potential_labels={"Star": "high"},
        )
    assert "named as both the performance and the potential column" in info.value.message
    assert "a `[box]` table in the label file" in info.value.message


def test_a_missing_rating_column_points_to_a_box_column() -> None:
    with pytest.raises(ValidationError) as info:
        read("Employee ID,9-Box\nE1,9\n")
    assert "'9-Box' looks like a nine-box column" in info.value.message
    assert "apsperf labels scaffold FILE --box-column NAME" in info.value.message


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        ({1: "high"}, "expected the box's levels as performance/potential"),
        ({1: ""}, "fill in the box's levels"),
        ({1: "high/superb"}, "'superb' is not a level"),
        ({1: "a/b/c"}, "expected the box's levels"),
        ({1: ("high",)}, "got tuple"),
        ({1: 3}, "got int"),
        ({1: ("high", 3)}, "expected a level name"),
        ({100: "high/high"}, "a whole number from 0 to 99"),
        ({-1: "high/high"}, "a whole number from 0 to 99"),
        ({"2.5": "high/high"}, "a whole number from 0 to 99"),
        ({"1" * 500: "high/high"}, "a whole number from 0 to 99"),
        ({1: "high/high", "01": "low/low"}, "given twice, as high/high and as low/low"),
        ({"Star": "high/high", " STAR ": "low/high"}, "given twice"),
        ({"   ": "high/high"}, "a box name must not be blank"),
        ({"x" * 201: "high/high"}, "at most 200 characters"),
        ({True: "high/high"}, "a box is a number or a name, not bool"),
        ({n: "low/low" for n in range(1_001)}, "at most 1,000 are read"),
    ],
)
def test_bad_box_maps_name_the_box(boxes: dict[Any, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        box_map(boxes)


def test_box_map_gives_the_levels() -> None:
    boxes = box_map({**PEER, **NAMES}, column="Talent Box")
    assert boxes.numbers[3] == (Level.HIGH, Level.LOW)
    assert boxes.names["workhorse [h,l]"] == (Level.HIGH, Level.LOW)
    assert boxes.column == "Talent Box"
    assert box_map({1: "low/low", "1": "L/L"}).numbers == {1: (Level.LOW, Level.LOW)}
    with pytest.raises(ValidationError, match="expected a table of box"):
        box_map("9=high/high")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="the box column is a header"):
        box_map(PEER, column=" ")
    assert BoxMap._fields == ("numbers", "names", "column")


BOX_FILE = """\
[box]
column = "Talent Box"

[box.numbers]
1 = "low/low"
3 = "high/low"
5 = "moderate/moderate"
7 = "low/high"
9 = "high/high"

[box.names]
"Core Talent [M,M]" = "moderate/moderate"
"""


def label_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "labels.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_label_files_declare_boxes(tmp_path: Path) -> None:
    maps = read_label_maps(label_file(tmp_path, BOX_FILE))
    assert maps.performance == maps.potential == {}
    assert maps.box is not None and maps.box.column == "Talent Box"
    assert maps.box.numbers[7] == (Level.LOW, Level.HIGH)
    workforce = read(csv_text(HEADER, ROWS), box=maps.box)
    assert segments(workforce) == {**EXPECTED, "E8": Segment.WELL_PLACED}
    assert read_label_maps(label_file(tmp_path, '[potential]\n"Now" = "high"\n')).box is None


@pytest.mark.parametrize(
    ("text", "message", "path"),
    [
        ('[box]\n1 = "low/low"\n', "unknown entry '1' in [box]; box numbers go in", "box"),
        ('[box]\ncolumn = "Box"\n', "declares no box", "box"),
        ('[box.numbers]\nCore = "low/low"\n', "'Core' is not a box number", "box.numbers['Core']"),
        ('[box.names]\n9 = "low/low"\n', "'9' is not a box name", "box.names['9']"),
        ('[box.numbers]\n9 = ""\n', "fill in the box's levels", "box.numbers['9']"),
        ('[box.names]\n"Star" = "top/high"\n', "'top' is not a level", "box.names['Star']"),
        ('[box.numbers]\n100 = "high/high"\n', "from 0 to 99", "box.numbers['100']"),
        ("[box]\nnumbers = 3\n", "expected a [box.numbers] table, got int", "box.numbers"),
        ("box = 3\n", "expected a [box] table", "box"),
        ('[box]\ncolumn = 3\n[box.numbers]\n9 = "high/high"\n', "a header (text)", "column"),
    ],
)
def test_bad_box_tables_name_the_file_and_entry(
    tmp_path: Path, text: str, message: str, path: str
) -> None:
    with pytest.raises(ValidationError) as info:
        read_label_maps(label_file(tmp_path, text))
    assert message in info.value.message
    assert info.value.path.startswith(str(tmp_path / "labels.toml"))
    assert info.value.path.endswith(path)


def test_cli_reads_a_box_column_through_the_label_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = label_file(tmp_path, BOX_FILE)
    people = tmp_path / "people.csv"
    people.write_text(csv_text(HEADER, ROWS), encoding="utf-8")
    assert main(["review", str(people), "--labels", str(labels), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"rows_placed": 6' in out
    assert '"performance": "Talent Box"' in out and '"potential": "Talent Box"' in out
    assert main(["review", str(people), "--labels", str(labels)]) == 0
    out = capsys.readouterr().out
    assert "8 rows read, 6 placed, 2 not placed" in out
    assert "'12' is not a box of the declared box numbering" in out
    # --box-column overrides the file's column; the file's numbering still reads it
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(csv_text(["Employee ID", "Grid"], [["E1", "9"]]), encoding="utf-8")
    assert main(["review", str(renamed), "--labels", str(labels), "--box-column", "Grid"]) == 0
    assert "1 rows read, 1 placed, 0 not placed" in capsys.readouterr().out
    # without a numbering a box column is refused, saying what to declare
    assert main(["review", str(renamed), "--box-column", "Grid"]) == 2
    assert "apsperf has none by default" in capsys.readouterr().err


def test_redacted_box_rejections_quote_no_value(tmp_path: Path) -> None:
    workforce = read(csv_text(HEADER, ROWS), box=PEER, redact=True)
    assert all("12" not in r.reason and "Core" not in r.reason for r in workforce.rejected)
    assert "[box.numbers]" in reasons(workforce)[7]


def test_a_calibrated_copy_of_a_box_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = label_file(tmp_path, BOX_FILE)
    people = tmp_path / "people.csv"
    people.write_text(csv_text(HEADER, ROWS), encoding="utf-8")
    out = tmp_path / "calibrated.csv"
    argv = ["calibrate", str(people), "--labels", str(labels), "--csv", str(out)]
    assert main(argv) == 2
    assert "a file read through one box column has none" in capsys.readouterr().err
    assert not out.exists()
