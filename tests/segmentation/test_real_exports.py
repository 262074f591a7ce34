"""Files as agencies have them: other delimiters and encodings, spreadsheet habits, .xlsx."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import read_workforce, workforce_from_rows
from apsperf.segmentation.io._csv_text import sniff_delimiter

ROWS = [[f"E{n}", "high", "low", f"D{n % 3}"] for n in range(10)]
HEADER = ["Employee ID", "Performance", "Potential", "Division"]


def csv_text(delimiter: str = ",", rows: list[list[str]] = ROWS) -> str:
    return "\n".join(delimiter.join(r) for r in [HEADER, *rows]) + "\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_usual_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(csv_text(delimiter), "utf-8")
    workforce = read_workforce(path)
    assert workforce.rows_placed == 10 and not workforce.rejected
    assert {p.groups["Division"] for p in workforce.placements()} == {"D0", "D1", "D2"}


def test_a_named_delimiter_overrides_the_sniff(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(csv_text(";"), "utf-8")
    with pytest.raises(ValidationError, match="no column"):
        read_workforce(path, delimiter=",")
    with pytest.raises(ValidationError, match="not a supported delimiter"):
        read_workforce(path, delimiter=":")


def test_sniffing_ignores_delimiters_inside_quotes() -> None:
    assert sniff_delimiter('"a;b;c";"d"\n1;2\n') == ";"
    assert sniff_delimiter('"Surname, given";Performance;Potential\n') == ";"
    assert sniff_delimiter("\n\n  \nA|B|C\n") == "|"
    assert sniff_delimiter("single\n") == ","


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.csv"
        bom = "\ufeff" if encoding != "utf-16" else ""
        path.write_bytes((bom + csv_text("\t")).encode(encoding))
        assert read_workforce(path).rows_placed == 10, encoding


def test_utf8_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text().encode("utf-8"))
    assert read_workforce(path).rows_placed == 10


def test_windows_1252_names_the_byte_and_the_option(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        csv_text(rows=[["E1", "high", "low", "Ng\u0101\u2019s"[:2] + "’"]]).encode("cp1252")
    )
    with pytest.raises(ValidationError, match=r"line 2, byte \d+: 0x92.*--encoding cp1252"):
        read_workforce(path)
    (person,) = read_workforce(path, encoding="cp1252").placements()
    assert person.groups["Division"] == "Ng’"
    with pytest.raises(ValidationError, match="unknown encoding"):
        read_workforce(path, encoding="no-such-codec")


def test_trailing_empty_cells_are_empty_not_extra(tmp_path: Path) -> None:
    path = tmp_path / "excel-made.csv"
    text = "Employee ID,Performance,Potential,,\nE1,high,high,,\nE2,low,low, ,\nE3,low,low,,x\n"
    path.write_text(text, "utf-8")
    workforce = read_workforce(path)
    assert [p.employee_id for p in workforce.placements()] == ["E1", "E2"]
    (bad,) = workforce.rejected
    assert (bad.line, bad.reason) == (4, "expected 3 fields, found 5")
    plain = tmp_path / "plain.csv"
    plain.write_text("Employee ID,Performance,Potential\nE1,high,high,,\nE2,low,low\n", "utf-8")
    assert read_workforce(plain).rows_placed == 2


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(csv_text(), "utf-8")
    with pytest.raises(ValidationError, match="larger than the limit of 100 bytes"):
        read_workforce(path, max_bytes=100)
    with pytest.raises(ValidationError, match="at least 1"):
        read_workforce(path, max_bytes=0)
    with pytest.raises(TypeError, match="max_bytes must be an int"):
        read_workforce(path, max_bytes="big")  # type: ignore[arg-type]


def test_an_endless_file_stops_at_the_limit() -> None:
    with pytest.raises(ValidationError, match="larger than the limit"):
        read_workforce("/dev/zero", max_bytes=1 << 20)


def test_rows_of_the_wrong_type_are_type_errors() -> None:
    with pytest.raises(TypeError, match="rows must be an iterable"):
        workforce_from_rows(None, header=HEADER)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="header must be a sequence"):
        workforce_from_rows([], header="Employee ID")
    with pytest.raises(TypeError, match=r"row 2: a cell must be text.*bytes"):
        workforce_from_rows([[b"E1", "high", "low", "D"]], header=HEADER)
    with pytest.raises(TypeError, match="row 3 must be a sequence"):
        workforce_from_rows([["E1", "high", "low", "D"], 42], header=HEADER)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="first_line: must be at least 1"):
        workforce_from_rows([], header=HEADER, first_line=-1)
    with pytest.raises(ValidationError, match=r"line 2: a number too long"):
        workforce_from_rows([[10**5000, "high", "low", "D"]], header=HEADER)


def test_missing_numbers_from_a_frame_are_empty_cells() -> None:
    workforce = workforce_from_rows(
        [["E1", "high", "low", float("nan")], ["E2", 3.0, 1, None]], header=HEADER
    )
    assert [p.groups["Division"] for p in workforce.placements()] == ["", ""]


# -- .xlsx ---------------------------------------------------------------------------------


def workbook(path: Path, rows: list[list[object]], *, sheets: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    for row in rows:
        sheet.append(row)
    for name in sheets:
        book.create_sheet(name)
    book.save(path)
    return path


def rewrite_sheet(path: Path, change: object) -> Path:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    members[name] = change(members[name].decode("utf-8")).encode("utf-8")  # type: ignore[operator]
    out = path.with_name("changed-" + path.name)
    with zipfile.ZipFile(out, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return out


def test_a_stale_dimension_record_hides_no_row_or_column(tmp_path: Path) -> None:
    path = workbook(tmp_path / "wf.xlsx", [HEADER, *ROWS])
    for stale in ("A1:D3", "A1:C11", "A1:A1"):
        changed = rewrite_sheet(
            path,
            lambda xml, ref=stale: re.sub(
                r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml
            ),
        )
        workforce = read_workforce(changed)
        assert (workforce.rows_read, workforce.rows_placed) == (10, 10), stale
        assert {p.groups["Division"] for p in workforce.placements()} == {"D0", "D1", "D2"}


def test_a_cell_beyond_the_header_is_a_note_in_a_workbook_and_refuses_a_csv_row(
    tmp_path: Path,
) -> None:
    """A workbook's cells are placed by column, so a note typed beside the table is only a
    cell with no header (the row is placed, the cell reported); a CSV row with more fields
    than the header may have lost a quote, so which field is which is unknown (refused)."""
    rows: list[list[object]] = [
        HEADER,
        ["E1", "high", "low", "D"],
        ["E2", "high", "low", "D", None, "x"],
    ]
    sheet = read_workforce(workbook(tmp_path / "wf.xlsx", rows))
    text = tmp_path / "wf.csv"
    text.write_text(
        "\n".join(",".join("" if c is None else str(c) for c in r) for r in rows), "utf-8"
    )
    csv = read_workforce(text)
    assert sheet.rows_placed == 2 and not sheet.rejected
    assert "cell F3" in next(f.message for f in sheet.findings if f.code == "value-beyond-table")
    assert [r.line for r in csv.rejected] == [3] and csv.rows_placed == 1


def test_sheet_row_numbers_and_blank_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [],
        [],
        HEADER,
        ["E1", "high", "low", "D"],
        [],
        ["E2", "bad", "low", "D"],
    ]
    book = openpyxl.Workbook()
    sheet = book.active
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            sheet.cell(row=number, column=column, value=value)
    path = tmp_path / "gaps.xlsx"
    book.save(path)
    workforce = read_workforce(path)
    assert workforce.line_of("E1") == 4
    assert [(r.line, r.employee_id) for r in workforce.rejected] == [(6, "E2")]
    assert workforce.rows_read == 2 and workforce.blank_lines == 3


def test_short_rows_in_a_sheet_have_empty_cells(tmp_path: Path) -> None:
    path = workbook(tmp_path / "short.xlsx", [HEADER, ["E1", "high", "low"]])
    (person,) = read_workforce(path).placements()
    assert person.groups["Division"] == ""


def test_a_sheet_is_chosen_by_name_and_a_missing_column_lists_the_others(tmp_path: Path) -> None:
    path = workbook(tmp_path / "book.xlsx", [["Name", "Role"], ["A", "B"]], sheets=("Summary",))
    with pytest.raises(ValidationError, match=r"other sheets are: Summary.*--sheet"):
        read_workforce(path)
    with pytest.raises(
        ValidationError, match=r"no sheet 'Nope'; the workbook has: People, Summary"
    ):
        read_workforce(path, sheet="Nope")


@pytest.mark.parametrize(
    "damage",
    [
        lambda xml: xml[: len(xml) // 2],  # truncated
        lambda xml: xml.replace("<sheetData>", "<sheetData><row r='x'><c><v>1</v></c>", 1),
        lambda xml: (
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            + xml.split("?>", 1)[-1].replace("Division", "&c;")
        ),
        lambda xml: (
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            # outside-path: hostile input (the line above names a system file on purpose)
            + xml.split("?>", 1)[-1].replace("Division", "&x;")
        ),
    ],
    ids=["truncated", "bad-row-number", "entity-bomb", "external-entity"],
)
def test_broken_sheet_xml_is_a_validation_error(tmp_path: Path, damage: object) -> None:
    path = rewrite_sheet(workbook(tmp_path / "wf.xlsx", [HEADER, *ROWS]), damage)
    try:
        workforce = read_workforce(path)
    except ValidationError as error:
        assert str(path) in str(error)
        return
    # a parser that ignores the entity reads the rows, but never the file it names
    assert "root:" not in repr(list(workforce.placements()))


def test_a_workbook_that_unpacks_too_large_is_refused_before_parsing(tmp_path: Path) -> None:
    path = workbook(tmp_path / "wf.xlsx", [HEADER, *ROWS])
    with pytest.raises(ValidationError, match=r"unpacks to .* over the limit"):
        read_workforce(path, max_bytes=1000)


def test_a_sheet_longer_than_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "wf.xlsx", [HEADER, *ROWS])
    with pytest.raises(ValidationError, match="more than 5 rows"):
        read_workforce(path, max_rows=5)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["E1", "E2", "E3", ""]),
            st.sampled_from(["high", "low", "bad", ""]),
            st.lists(st.sampled_from(["", " ", "x"]), max_size=3),
        ),
        max_size=8,
    )
)
def test_trailing_cells_agree_between_text_and_rows(rows: list[tuple[str, str, list[str]]]) -> None:
    header = ["Employee ID", "Performance", "Potential"]
    cells = [[e, p, "low", *extra] for e, p, extra in rows]
    text = ",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in cells)
    import io

    from_text = read_workforce(io.StringIO(text, newline=""))
    from_rows = workforce_from_rows(cells, header=header)
    assert from_text.rejected == from_rows.rejected
    assert list(from_text.placements()) == list(from_rows.placements())
    assert from_text.rows_read == from_text.rows_placed + len(from_text.rejected)


def _peak_bytes_reading_distinct_bad_ratings(rows: int) -> int:
    import io
    import tracemalloc

    text = "Employee ID,Performance,Potential\n" + "".join(
        f"E{n:07d},bad{n},high\n" for n in range(rows)
    )
    tracemalloc.start()
    try:
        workforce = read_workforce(io.StringIO(text, newline=""))
        assert len(workforce.rejected) == rows
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_rejections_stay_compact_and_grow_linearly() -> None:
    small = _peak_bytes_reading_distinct_bad_ratings(4_000)
    large = _peak_bytes_reading_distinct_bad_ratings(16_000)
    assert large < 6 * small  # four times the rows: at most six times the memory
    assert large / 16_000 < 2_000  # bytes per rejected row (an exception kept ~2.8 KB)


def test_the_first_worksheet_is_read_whichever_sheet_was_active(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.Workbook()
    current = book.active
    current.title = "2025"
    for row in (["Employee ID", "Performance", "Potential"], ["E1", "High", "High"]):
        current.append(row)
    draft = book.create_sheet("Draft")
    for row in (
        ["Employee ID", "Performance", "Potential"],
        ["E1", "Low", "Low"],
        ["E2", "Low", "Low"],
    ):
        draft.append(row)
    book.active = 1  # saved with the draft open
    path = tmp_path / "saved-on-draft.xlsx"
    book.save(path)
    workforce = read_workforce(path)
    assert workforce.sheet == "2025" and len(workforce) == 1
    assert read_workforce(path, sheet="Draft").sheet == "Draft"
    assert main(["review", str(path), "--format", "json"]) == 0
    (read,) = json.loads(capsys.readouterr().out)["inputs"]
    assert read["sheet"] == "2025" and read["rows_read"] == 1


def test_a_chart_sheet_is_skipped_by_default_and_refused_by_name(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart

    book = openpyxl.Workbook()
    data = book.active
    data.title = "People"
    for row in (["Employee ID", "Performance", "Potential"], ["E1", "High", "Low"]):
        data.append(row)
    chart = book.create_chartsheet("Chart", 0)  # the first sheet of the book
    chart.add_chart(BarChart())
    book.active = 0
    path = tmp_path / "chart-first.xlsx"
    book.save(path)
    assert read_workforce(path).sheet == "People"
    with pytest.raises(ValidationError, match="'Chart' is a chart sheet"):
        read_workforce(path, sheet="Chart")


# -- footers and encodings --------------------------------------------------------------------

FOOTER_TABLE = [
    ["Employee ID", "Performance", "Potential", "Division"],
    ["E1", "High", "High", "Policy"],
    ["E2", "Low", "Moderate", "Policy"],
]


@pytest.mark.parametrize(
    "footer", ["Total", "TOTAL", "Grand total", "Grand Total:", "Count", "Average", "subtotal"]
)
@pytest.mark.parametrize("rows", [10, 3_000])  # one row at a time, and in chunks
def test_a_totals_row_under_the_table_is_never_a_person(
    tmp_path: Path, footer: str, rows: int
) -> None:
    lines = ["Employee ID,Performance,Potential,Division"]
    lines += [f"E{n},High,Moderate,Policy" for n in range(rows)]
    lines += [f"{footer},{rows},2,2", ",,,", "Count,3,3,3"]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workforce = read_workforce(path)
    assert workforce.rows_placed == rows
    footers = [r for r in workforce.rejected if "looks like a footer" in r.reason]
    assert [r.line for r in footers] == [rows + 2, rows + 4]
    assert footer.rstrip(":") in footers[0].reason or footer in footers[0].reason


def test_a_totals_row_in_a_workbook_is_refused_as_in_a_csv(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in [*FOOTER_TABLE, ["Total", 2, 1, None]]:
        book.active.append(row)
    path = tmp_path / "export.xlsx"
    book.save(path)
    workforce = read_workforce(path)
    assert workforce.rows_placed == 2
    (footer,) = workforce.rejected
    assert "looks like a footer" in footer.reason and footer.line == 4


@pytest.mark.parametrize("encoding", ["punycode", "undefined", "idna", "hex", "base64", "rot13"])
def test_a_codec_that_is_no_file_encoding_is_refused_in_one_line(
    tmp_path: Path, encoding: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Employee ID,Performance,Potential\nE1,High,High\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="not a text encoding files are written in"):
        read_workforce(path, encoding=encoding)
    assert main(["review", str(path), "--encoding", encoding]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "encoding" in err


def test_grouping_columns_are_named_as_forgivingly_as_headers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["review", "--sample", "--by", "division", "--cross", "location", "DIVISION"]) == 0
    out = capsys.readouterr().out
    assert "By Division:" in out and "Placements by Location × Division" in out
    assert main(["calibrate", "--sample", "--fairness", "gender"]) == 0
    assert "Talent-pool selection by Gender" in capsys.readouterr().out
    workforce = read_workforce(
        io.StringIO("Employee ID,Performance,Potential,Pay Grade\nE1,High,High,EL1\n")
    )
    assert workforce.group_name("pay_grade") == "Pay Grade"
    with pytest.raises(ValidationError, match="no grouping column 'grade'"):
        workforce.group_name("grade")


@pytest.mark.parametrize("suffix", [".xls", ".csv", ".txt", ""])
def test_a_workbook_is_recognised_by_its_content_whatever_its_name(
    tmp_path: Path, suffix: str
) -> None:
    saved = workbook(tmp_path / "book.xlsx", [HEADER, *ROWS])
    renamed = saved.rename(tmp_path / f"export{suffix}")
    people = read_workforce(renamed)
    assert people.rows_placed == len(ROWS) and people.sheet == "People"
    assert main(["review", str(renamed)]) == 0


def test_an_excel_97_workbook_is_refused_saying_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    legacy = tmp_path / "export.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(ValidationError, match=r"Excel 97-2003.*save it as an Excel Workbook"):
        read_workforce(legacy)
    with pytest.raises(ValidationError, match=r"\.xls"):
        read_workforce(io.BytesIO(legacy.read_bytes()))
    assert main(["review", str(legacy)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "(.xlsx)" in err


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_repeated_header_refuses_only_when_it_is_read(tmp_path: Path, kind: str) -> None:
    """A peer's export repeats history columns: kept once with a warning, unless needed."""

    def write(header: list[str], rows: list[list[str]]) -> Path:
        path = tmp_path / f"people.{kind}"
        if kind == "csv":
            path.write_text(csv_text(rows=rows).replace(",".join(HEADER), ",".join(header), 1))
            return path
        return workbook(path, [header, *rows])

    rows = [[*row, "2023: Top Talent", "2024: Core"] for row in ROWS]
    header = [*HEADER, "History", "history "]
    people = read_workforce(write(header, rows))
    assert people.rows_placed == len(ROWS) and people.group_names == ("Division", "History")
    (finding,) = [f for f in people.findings if f.code == "column-repeated"]
    assert "columns 5 and 6 are both 'History'" in finding.message
    assert people.group_values("History")[0] == "2023: Top Talent"  # the first is kept
    with pytest.raises(ValidationError, match="read as a grouping column"):
        read_workforce(write(header, rows), keep=["History"])
    with pytest.raises(ValidationError, match=r"columns 2 and 5 are both 'Performance'.*rename"):
        read_workforce(write([*HEADER, "Performance", "x"], rows))
