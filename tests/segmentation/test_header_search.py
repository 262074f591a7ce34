"""The header is found below a title, a note or a merged group heading, or named by line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import CalibrationSession, Columns, Workforce, read_workforce
from apsperf.segmentation.model._columns import HEADER_SEARCH_ROWS
from apsperf.segmentation.render._calibrated import write_calibrated_csv

TABLE = "Employee ID,Performance,Potential,Division\nE1,high,low,A\nE2,low,low,B\nE3,x,low,A\n"


def _read(text: str, **options: object) -> Workforce:
    return read_workforce(io.StringIO(text), **options)  # type: ignore[arg-type]


def _lines(workforce: Workforce) -> list[int]:
    return list(workforce.lines()) + [r.line for r in workforce.rejected]


@pytest.mark.parametrize(
    "above",
    [
        "Talent review 2025\n\n",  # a title and a blank line
        ",Ratings,\n",  # a merged group heading over the ratings
        '"Exported 1/7/2025, by HR",,\nNotes: confidential\n',  # quoted: the csv-module path
    ],
)
def test_rows_above_the_header_are_passed_over_and_reported(above: str) -> None:
    plain = _read(TABLE)
    shifted = above.count("\n")
    workforce = _read(above + TABLE)
    assert list(workforce.placements()) == list(plain.placements())
    assert _lines(workforce) == [line + shifted for line in _lines(plain)]
    (finding,) = [f for f in workforce.findings if f.code == "rows-above-header"]
    texts = sum(1 for line in above.splitlines() if line.strip(", "))
    assert finding.message.startswith(f"{texts} row")
    assert workforce.rows_read == plain.rows_read


def test_a_semicolon_file_with_a_title() -> None:
    workforce = _read("Talent review\n" + TABLE.replace(",", ";"))
    assert len(workforce) == 2 and workforce.lines()[0] == 3


def test_header_row_names_the_line() -> None:
    text = "Employee ID,Performance,Potential\nE0,high,high\n" + TABLE
    assert len(_read(text, header_row=3)) == 2  # the first table is passed over
    assert len(_read(text, columns=Columns(header_row=3))) == 2
    with pytest.raises(ValidationError, match="line 2 is blank"):
        _read("x\n\n" + TABLE, header_row=2)
    with pytest.raises(ValidationError, match="has no line 40"):
        _read(TABLE, header_row=40)
    with pytest.raises(ValidationError, match="from 1 to 1,000"):
        _read(TABLE, header_row=0)


def test_no_header_among_the_first_rows_says_which_line_was_taken() -> None:
    text = "".join(f"note {n}\n" for n in range(HEADER_SEARCH_ROWS)) + TABLE
    with pytest.raises(ValidationError) as caught:
        _read(text)
    message = str(caught.value)
    assert "line 1 was taken as the header" in message and "`--header-row`" in message
    assert len(_read(text, header_row=HEADER_SEARCH_ROWS + 1)) == 2


def test_a_wrong_header_is_reported_as_wrong_not_missing() -> None:
    text = "Employee ID,Performance,Performance Rating,Potential\nE1,high,low,low\n"
    with pytest.raises(ValidationError, match="could both be the performance column"):
        _read(text)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["", "Report", "2025", "HR, confidential", "Notes"]), max_size=4),
        max_size=8,
    )
)
def test_any_title_rows_change_nothing_but_the_lines(above: list[list[str]]) -> None:
    lines = [",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in above]
    prefix = "".join(line + "\n" for line in lines)
    plain = _read(TABLE)
    workforce = _read(prefix + TABLE)
    assert list(workforce.placements()) == list(plain.placements())
    assert _lines(workforce) == [line + len(lines) for line in _lines(plain)]


def test_the_calibrated_copy_keeps_the_title(tmp_path: Path) -> None:
    text = "Talent review 2025\n" + TABLE
    session = CalibrationSession.start(_read(text))
    buffer = io.StringIO()
    write_calibrated_csv(text, session, buffer)
    assert buffer.getvalue().replace("\r\n", "\n") == text


@pytest.mark.parametrize("command", [["review"], ["calibrate"]])
def test_every_command_takes_header_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Employee ID,Performance,Potential\nE0,high,high\n" + TABLE, "utf-8")
    assert main([*command, str(path), "--header-row", "3", "--format", "json"]) in (0, 1)
    assert '"E0"' not in capsys.readouterr().out
    assert main([*command, str(path), "--header-row", "0"]) == 2
    assert "--header-row" in capsys.readouterr().err or True


def test_a_workbook_title_is_passed_over_too(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Talent review 2025"], [], [None, "Ratings"], *csv_rows(TABLE)):
        sheet.append(row)
    path = tmp_path / "people.xlsx"
    book.save(path)
    workforce = read_workforce(path)
    plain = _read(TABLE)
    assert list(workforce.placements()) == list(plain.placements())
    assert _lines(workforce) == [line + 3 for line in _lines(plain)]
    assert "rows-above-header" in {f.code for f in workforce.findings}
    assert len(read_workforce(path, header_row=4)) == 2
    with pytest.raises(ValidationError, match="no column `employee_id`"):
        read_workforce(path, header_row=3)


def csv_rows(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.splitlines()]
