"""A column with no header: a spacer is not read; one holding values is kept and reported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import Workforce, read_workforce, review, workforce_from_rows


def _read(text: str) -> Workforce:
    return read_workforce(io.StringIO(text))


def test_an_empty_spacer_column_is_not_read() -> None:
    spaced = _read(
        "Employee ID,,Performance,Potential,,Division\nE1,,high,low,,A\nE2,, low,low,,B\n"
    )
    plain = _read("Employee ID,Performance,Potential,Division\nE1,high,low,A\nE2, low,low,B\n")
    assert list(spaced.placements()) == list(plain.placements())
    assert spaced.group_names == ("Division",) and not spaced.findings


def test_a_column_with_no_header_that_holds_values_is_kept_and_reported() -> None:
    workforce = _read("Employee ID,,Performance,Potential\nE1,note,high,low\nE2,,low,low\n")
    assert workforce.group_names == ("(unnamed column 2)",)
    assert workforce.group_values("(unnamed column 2)") == ("note", "")
    assert [f.code for f in workforce.findings] == ["column-unnamed"]
    assert review(workforce, by="(unnamed column 2)").breakdowns


def test_the_rows_api_drops_spacers_too() -> None:
    workforce = workforce_from_rows(
        [["E1", None, "high", "low"]], header=["Employee ID", "", "Performance", "Potential"]
    )
    assert workforce.group_names == () and len(workforce) == 1


@given(
    st.lists(st.sampled_from(["A", "B", "", "C"]), min_size=1, max_size=30),
    st.lists(st.sampled_from(["x", "y"]), min_size=1, max_size=30),
)
def test_without_groups_keeps_everyone_and_every_other_column(
    divisions: list[str], teams: list[str]
) -> None:
    rows = [
        [f"E{n}", "high" if n % 2 else "low", "low", d, t]
        for n, (d, t) in enumerate(zip(divisions, teams, strict=False))
    ]
    header = ["Employee ID", "Performance", "Potential", "Division", "Team"]
    workforce = workforce_from_rows(rows, header=header)
    slim = workforce.without_groups(["division"])  # matched as headers are
    assert slim.group_names == ("Team",)
    assert [(p.employee_id, p.segment, p.groups["Team"]) for p in slim.placements()] == [
        (p.employee_id, p.segment, p.groups["Team"]) for p in workforce.placements()
    ]
    assert slim.rejected == workforce.rejected and slim.rows_read == workforce.rows_read
    assert workforce.without_groups([]) is workforce
    with pytest.raises(ValidationError):
        workforce.without_groups(["Region"])
    with pytest.raises(TypeError):
        workforce.without_groups("Team")


@given(st.lists(st.tuples(st.integers(0, 3), st.booleans()), min_size=1, max_size=12))
def test_a_note_right_of_a_workbook_table_keeps_its_row_placed(
    tmp_path_factory: pytest.TempPathFactory, notes: list[tuple[int, bool]]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Performance", "Potential"])
    for number, (gap, noted) in enumerate(notes):
        sheet.append([f"E{number}", "high", "low", *([None] * gap), "note" if noted else None])
    path = tmp_path_factory.mktemp("notes") / "people.xlsx"
    book.save(path)
    workforce = read_workforce(path)
    assert len(workforce) == len(notes) and not workforce.rejected  # nobody dropped
    found = [f for f in workforce.findings if f.code == "value-beyond-table"]
    noted = [n for n, (_, has) in enumerate(notes) if has]
    assert len(found) == (1 if noted else 0)
    if noted:
        first = noted[0]
        column = "DEFG"[notes[first][0]]
        assert f"{len(noted):,} row" in found[0].message
        assert f"cell {column}{first + 2}" in found[0].message


def test_a_zero_right_of_a_workbook_table_is_a_value_too(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["Employee ID", "Performance", "Potential"])
    book.active.append(["E1", "high", "low", None, 0])
    path = tmp_path / "people.xlsx"
    book.save(path)
    (note,) = [f for f in read_workforce(path).findings if f.code == "value-beyond-table"]
    assert "cell E2" in note.message
