"""Workbooks as real exports and hostile files store them (issue 25).

Identifiers formatted ``000000``, rows and cells stored out of order, size bombs (blank
styled cells at column XFD, shared strings no cell uses, white space), formulas with no
saved value, entity tricks. Shapes openpyxl will not write are zipped from raw XML.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import movement, read_workforce
from apsperf.segmentation.io import _sheet_xml, _xml_parts
from apsperf.segmentation.io._excel import read_xlsx_rows

openpyxl = pytest.importorskip("openpyxl")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ["Employee ID", "Performance", "Potential", "Division"]


# -- workbooks from raw XML ---------------------------------------------------------------


def cell(ref: str, value: object, kind: str | None = None, style: int | None = None) -> str:
    t = f' t="{kind}"' if kind else ""
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}"{t}{s}><v>{value}</v></c>'


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def header_row() -> str:
    return row(1, *(text(f"{c}1", name) for c, name in zip("ABCD", HEADER, strict=True)))


def person(number: int, ident: str, performance: str, potential: str, division: str) -> str:
    values = (ident, performance, potential, division)
    return row(number, *(text(f"{c}{number}", v) for c, v in zip("ABCD", values, strict=True)))


def sheet_xml(rows: str, *, head: str = "", root: str = "worksheet") -> str:
    return f'<{root} xmlns="{MAIN}">{head}<sheetData>{rows}</sheetData></{root}>'


def styles_xml(formats: dict[int, str], xfs: list[int]) -> str:
    codes = "".join(f'<numFmt numFmtId="{i}" formatCode="{c}"/>' for i, c in formats.items())
    cells = "".join(f'<xf numFmtId="{i}"/>' for i in xfs)
    body = f"<numFmts>{codes}</numFmts><cellXfs>{cells}</cellXfs>"
    return f'<styleSheet xmlns="{MAIN}">{body}</styleSheet>'


def sst(*strings: str) -> str:
    return f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>"


def raw_book(
    path: Path,
    sheet: str,
    *,
    strings: str | bytes | None = None,
    styles: str | None = None,
    book_head: str = "",
    book: str | None = None,
) -> Path:
    """A minimal package around ``sheet``, as a spreadsheet program lays one out."""
    overrides = [
        ("xl/workbook.xml", "sheet.main"),
        ("xl/worksheets/sheet1.xml", "worksheet"),
    ]
    links = [(f"{REL}/worksheet", "worksheets/sheet1.xml")]
    members: dict[str, str | bytes] = {"xl/worksheets/sheet1.xml": sheet}
    if strings is not None:
        members["xl/sharedStrings.xml"] = strings
        overrides.append(("xl/sharedStrings.xml", "sharedStrings"))
        links.append((f"{REL}/sharedStrings", "sharedStrings.xml"))
    if styles is not None:
        members["xl/styles.xml"] = styles
        links.append((f"{REL}/styles", "styles.xml"))
    kinds = "".join(
        f'<Override PartName="/{p}" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.{k}+xml"/>'
        for p, k in overrides
    )
    members["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f"{kinds}</Types>"
    )
    members["_rels/.rels"] = (
        f'<Relationships xmlns="{PACKAGE}"><Relationship Id="r1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    members["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{PACKAGE}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{t}" Target="{target}"/>'
            for n, (t, target) in enumerate(links, 1)
        )
        + "</Relationships>"
    )
    members["xl/workbook.xml"] = book or (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{book_head}'
        '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def rewrite(path: Path, name: str, change: Any) -> Path:
    with zipfile.ZipFile(path) as archive:
        members = {member: archive.read(member) for member in archive.namelist()}
    members[name] = change(members[name])
    out = path.with_name("changed-" + path.name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return out


def placed(path: Path | io.BytesIO) -> list[tuple[str, str, str, str]]:
    workforce = read_workforce(path)
    return [
        (p.employee_id, p.performance.name, p.potential.name, p.groups.get("Division", ""))
        for p in workforce.placements()
    ]


def one_line(error: pytest.ExceptionInfo[ValidationError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


# -- 1. identifiers stored as numbers formatted 000000 -------------------------------------


def test_zero_padded_identifiers_read_as_shown_and_match_the_csv_cycle(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for number in (123, 4567, 7):
        sheet.append([number, "High", "Low", "Policy"])
        sheet.cell(row=sheet.max_row, column=1).number_format = "000000"
    path = tmp_path / "2025.xlsx"
    book.save(path)
    current = read_workforce(path)
    assert list(current.employee_ids) == ["000123", "004567", "000007"]
    previous = tmp_path / "2024.csv"
    previous.write_text(
        "Employee ID,Performance,Potential,Division\n"
        "000123,Low,Low,Policy\n004567,High,High,Policy\n000007,Low,High,Policy\n",
        encoding="utf-8",
    )
    moved = movement(read_workforce(previous), current)
    assert moved.common == 3 and not moved.joiners


@pytest.mark.parametrize(
    ("stored", "code", "shown"),
    [
        ("123", "000000", "000123"),
        ("123", "0000", "0123"),
        ("1234567", "0000", "1234567"),  # wider than the format: every digit
        ("41.6", "000000", "000042"),  # rounded as it is shown
        ("1.23E2", "000000", "000123"),
        ("123", "@", "123"),  # text format: a number still reads as one
        ("123.0", None, "123"),  # General: no ".0"
        ("123", "0", "123"),
    ],
)
def test_identifiers_read_as_their_number_format_shows_them(
    tmp_path: Path, stored: str, code: str | None, shown: str
) -> None:
    styles = styles_xml({164: code} if code else {}, [0, 164 if code else 0])
    data = row(2, cell("A2", stored, style=1), text("B2", "High"), text("C2", "Low"))
    path = raw_book(tmp_path / "ids.xlsx", sheet_xml(header_row() + data), styles=styles)
    assert [p[0] for p in placed(path)] == [shown]


@pytest.mark.parametrize(
    ("head", "day"),
    [("", dt.date(2020, 1, 1)), ('<workbookPr date1904="1"/>', dt.date(2024, 1, 2))],
)
def test_dates_stay_dates_in_either_calendar(tmp_path: Path, head: str, day: dt.date) -> None:
    styles = styles_xml({164: "yyyy-mm-dd"}, [0, 164])
    rows = row(1, text("A1", "Employee ID"), text("B1", "Assessed on"))
    rows += row(2, text("A2", "E1"), cell("B2", 43831, style=1))
    path = raw_book(tmp_path / "dates.xlsx", sheet_xml(rows), styles=styles, book_head=head)
    found = read_xlsx_rows(path, sheet=None, max_bytes=1 << 20, max_rows=10)
    assert list(found.rows) == [["E1", dt.datetime.combine(day, dt.time())]]


# -- 2. rows and cells stored out of order ---------------------------------------------------


def test_rows_and_cells_out_of_order_are_all_read_in_row_order(tmp_path: Path) -> None:
    rows = (
        header_row()
        + person(5, "E5", "High", "High", "D5")
        + row(3, text("C3", "Low"), text("A3", "E3"), text("D3", "D3"), text("B3", "High"))
        + person(4, "E4", "Low", "Low", "D4")
        + row(2, text("D2", "D2"), text("B2", "Moderate"), text("A2", "E2"), text("C2", "High"))
    )
    path = raw_book(tmp_path / "shuffled.xlsx", sheet_xml(rows))
    workforce = read_workforce(path)
    assert [(p[0], p[3]) for p in placed(path)] == [
        ("E2", "D2"),
        ("E3", "D3"),
        ("E4", "D4"),
        ("E5", "D5"),
    ]
    assert [workforce.line_of(f"E{n}") for n in range(2, 6)] == [2, 3, 4, 5]
    assert placed(path)[1] == ("E3", "HIGH", "LOW", "D3")


def test_a_row_stored_twice_is_merged_and_a_cell_stored_twice_refused(tmp_path: Path) -> None:
    split = (
        header_row()
        + row(2, text("A2", "E2"), text("B2", "High"))
        + row(2, text("C2", "Low"), text("D2", "Policy"))
    )
    assert placed(raw_book(tmp_path / "split.xlsx", sheet_xml(split))) == [
        ("E2", "HIGH", "LOW", "Policy")
    ]
    twice = header_row() + person(2, "E2", "High", "Low", "P") + row(2, text("B2", "Low"))
    with pytest.raises(ValidationError) as error:
        read_workforce(raw_book(tmp_path / "twice.xlsx", sheet_xml(twice)))
    assert "sheet 'People'" in one_line(error) and "cell B2 is stored twice" in str(error.value)


def test_rows_and_cells_without_references_follow_the_previous_one(tmp_path: Path) -> None:
    rows = (
        header_row()
        + '<row><c t="inlineStr"><is><t>E2</t></is></c><c t="inlineStr"><is><t>High</t></is></c>'
        '<c t="inlineStr"><is><t>Low</t></is></c></row>'
        + '<row r="4"><c r="B4" t="inlineStr"><is><t>Low</t></is></c>'
        '<c t="inlineStr"><is><t>Low</t></is></c>'
        '<c r="A4" t="inlineStr"><is><t>E4</t></is></c></row>'
    )
    workforce = read_workforce(raw_book(tmp_path / "bare.xlsx", sheet_xml(rows)))
    assert (workforce.line_of("E2"), workforce.line_of("E4")) == (2, 4)
    assert workforce.rows_placed == 2 and workforce.blank_lines == 1


# -- 3. size bombs -----------------------------------------------------------------------------


def _export(path: Path, rows: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append([f"E{n}", ["Low", "Moderate", "High"][n % 3], "High", f"D{n % 7}"])
    sheet["A2"].number_format = "0.00"  # a style to pad with
    book.save(path)
    return path


def _pad_xfd(xml: bytes) -> bytes:
    return re.sub(
        rb'<row r="(\d+)"(.*?)</row>',
        lambda m: b'<row r="' + m[1] + b'"' + m[2] + b'<c r="XFD' + m[1] + b'" s="1"/></row>',
        xml,
        flags=re.S,
    )


def _held(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets, for each sheet read, how many cell slots its rows hold."""
    held: list[int] = []
    real = _sheet_xml.read_sheet

    def counting(*args: Any, **kwargs: Any) -> _sheet_xml.SheetCells:
        cells = real(*args, **kwargs)
        held.append(cells.held())
        return cells

    monkeypatch.setattr(_sheet_xml, "read_sheet", counting)
    return held


def test_blank_styled_cells_at_column_xfd_hold_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _export(tmp_path / "plain.xlsx", 2_000)
    padded = rewrite(plain, "xl/worksheets/sheet1.xml", _pad_xfd)
    with zipfile.ZipFile(padded) as archive:
        assert archive.read("xl/worksheets/sheet1.xml").count(b"XFD") == 2_001
    held = _held(monkeypatch)
    assert placed(padded) == placed(plain)
    assert held[0] == held[1] == 4 * 2_001  # the data cells, nothing for column XFD


def test_a_value_far_to_the_right_is_kept_sparse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = header_row() + row(2, text("A2", "E2"), text("B2", "High"), text("C2", "Low"))
    rows += row(3, text("A3", "E3"), text("B3", "High"), text("C3", "Low"), text("XFD3", "x"))
    held = _held(monkeypatch)
    workforce = read_workforce(raw_book(tmp_path / "far.xlsx", sheet_xml(rows)))
    assert held == [4 + 3 + 4]  # a dict of four values, not 16,384 slots
    assert not workforce.rejected and len(workforce) == 2  # a note beside the table
    (note,) = [f for f in workforce.findings if f.code == "value-beyond-table"]
    assert "cell XFD3" in note.message


def test_a_note_at_column_xfd_on_every_row_costs_its_cells_not_the_width(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No row under the header is laid out wider than the header (it was 16,384 slots)."""
    rows = header_row()
    for n in range(2, 202):
        rows += row(n, text(f"A{n}", f"E{n}"), text(f"B{n}", "High"), text(f"C{n}", "Low"))
        rows = rows[: -len("</row>")] + text(f"XFD{n}", "note") + "</row>"
    widths: list[int] = []
    real = _sheet_xml.dense

    def measured(found: Any, width: int | None = None) -> list[object]:
        laid = real(found, width)
        widths.append(len(laid))
        return laid

    monkeypatch.setattr(_sheet_xml, "dense", measured)
    workforce = read_workforce(raw_book(tmp_path / "notes.xlsx", sheet_xml(rows)))
    assert len(workforce) == 200 and not workforce.rejected
    assert max(widths[1:]) <= 4  # the header's width, never column XFD's
    (note,) = [f for f in workforce.findings if f.code == "value-beyond-table"]
    assert "200 rows hold values" in note.message and "cell XFD2" in note.message


def test_shared_strings_after_the_last_one_used_are_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = [*HEADER, "E1", "High", "Low", "Policy"]
    unused = "".join(f"<si><t>unused {n}</t></si>" for n in range(200_000))
    strings = sst(*used)[: -len("</sst>")] + unused + "<si><broken"  # never reached
    rows = row(1, *(cell(f"{c}1", n, "s") for n, c in enumerate("ABCD")))
    rows += row(2, *(cell(f"{c}2", n + 4, "s") for n, c in enumerate("ABCD")))
    read: list[int] = []
    real = _xml_parts.read_strings

    def counting(*args: Any, **kwargs: Any) -> dict[int, str]:
        texts = real(*args, **kwargs)
        read.append(len(texts))
        return texts

    monkeypatch.setattr(_xml_parts, "read_strings", counting)
    path = raw_book(tmp_path / "sst.xlsx", sheet_xml(rows), strings=strings)
    assert placed(path) == [("E1", "HIGH", "LOW", "Policy")]
    assert read == [8]


def test_unused_shared_strings_before_the_used_ones_are_skipped_or_refused(tmp_path: Path) -> None:
    def book(skipped: int) -> Path:
        junk = "".join(f"<si><t>unused {n}</t></si>" for n in range(skipped))
        strings = (
            f'<sst xmlns="{MAIN}">{junk}'
            + sst(*HEADER, "E1", "High", "Low")[len(f'<sst xmlns="{MAIN}">') :]
        )
        rows = row(1, *(cell(f"{c}1", skipped + n, "s") for n, c in enumerate("ABCD")))
        rows += row(2, *(cell(f"{c}2", skipped + n + 4, "s") for n, c in enumerate("ABC")))
        return raw_book(tmp_path / f"front-{skipped}.xlsx", sheet_xml(rows), strings=strings)

    assert placed(book(1_000)) == [("E1", "HIGH", "LOW", "")]
    with pytest.raises(ValidationError) as error:
        read_workforce(book(70_000))  # more strings than a sheet this small could use
    assert "cell C2 refers to shared string 70,006" in one_line(error)  # the last one used
    assert "save it" in str(error.value)


def test_a_shared_string_the_workbook_lacks_names_the_cell(tmp_path: Path) -> None:
    rows = header_row() + row(2, text("A2", "E1"), cell("B2", 9, "s"), text("C2", "Low"))
    with pytest.raises(ValidationError) as error:
        read_workforce(raw_book(tmp_path / "gap.xlsx", sheet_xml(rows), strings=sst("High")))
    assert "cell B2 refers to shared string 9" in one_line(error)


def test_white_space_in_the_sheet_costs_no_memory(tmp_path: Path) -> None:
    rows = header_row() + person(2, "E1", "High", "Low", "Policy")
    clean = raw_book(tmp_path / "clean.xlsx", sheet_xml(rows))
    spaced = raw_book(
        tmp_path / "spaced.xlsx",
        sheet_xml(
            rows.replace("<row", " \n\t" * 3_500_000 + "<row").replace(
                "</c>", "</c>" + " " * 200_000
            )
        ),
    )
    assert zipfile.ZipFile(spaced).getinfo("xl/worksheets/sheet1.xml").file_size > 20_000_000
    assert spaced.stat().st_size < 200_000

    def peak(path: Path) -> int:
        tracemalloc.start()
        try:
            assert placed(path) == [("E1", "HIGH", "LOW", "Policy")]
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    placed(clean)  # imports done
    assert peak(spaced) < peak(clean) + 2_000_000  # chunks of the stream, never the whole


# a part name, not a path on this machine
OVERRIDE = b'<Override PartName="/x" ContentType="application/xml"/>'  # outside-path: hostile input


@pytest.mark.parametrize(
    ("name", "pad"),
    [
        ("[Content_Types].xml", OVERRIDE),
        ("xl/_rels/workbook.xml.rels", b'<Relationship Id="x" Type="t" Target="x"/>'),
        ("xl/styles.xml", b'<numFmt numFmtId="7" formatCode="0"/>'),
    ],
    ids=["content-types", "relationships", "styles"],
)
def test_padded_package_parts_cost_no_memory(tmp_path: Path, name: str, pad: bytes) -> None:
    rows = header_row() + person(2, "E1", "High", "Low", "Policy")
    path = raw_book(tmp_path / "book.xlsx", sheet_xml(rows), styles=styles_xml({}, [0]))
    padded = rewrite(
        path,
        name,
        lambda xml: re.sub(
            rb"(<[A-Za-z]+ xmlns=\"[^\"]*\">)", lambda m: m[1] + pad * 100_000, xml, count=1
        ),
    )
    assert zipfile.ZipFile(padded).getinfo(name).file_size > 3_000_000
    placed(path)  # imports done
    tracemalloc.start()
    try:
        assert placed(padded) == [("E1", "HIGH", "LOW", "Policy")]
        assert tracemalloc.get_traced_memory()[1] < 3_000_000
    finally:
        tracemalloc.stop()


def test_a_workbook_listing_too_many_sheets_is_refused(tmp_path: Path) -> None:
    sheets = "".join(f'<sheet name="S{n}" sheetId="{n}" r:id="rId1"/>' for n in range(10_001))
    book = f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>'
    path = raw_book(tmp_path / "many.xlsx", sheet_xml(header_row()), book=book)
    with pytest.raises(ValidationError, match="lists more than 10,000 sheets"):
        read_workforce(path)


@pytest.mark.parametrize(
    ("where", "damage"),
    [
        ("sheet", lambda xml: '<!DOCTYPE w [<!ENTITY a "aaaa">]>' + xml.replace("E1", "&a;")),
        (
            "sheet",
            lambda xml: (
                '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
                + xml.replace("E1", "&x;")
            ),
        ),
        ("sheet", lambda xml: xml.replace("E1", "&undefined;")),
        ("strings", lambda xml: '<!DOCTYPE s [<!ENTITY a "b">]>' + xml),
        ("book", lambda xml: '<!DOCTYPE w [<!ENTITY a "b">]>' + xml),
    ],
    ids=["entity", "external-entity", "undefined-entity", "dtd-in-strings", "dtd-in-workbook"],
)
def test_document_type_declarations_and_entities_are_refused(
    tmp_path: Path, where: str, damage: Any
) -> None:
    rows = header_row() + row(2, text("A2", "E1"), cell("B2", 0, "s"), text("C2", "Low"))
    sheet, strings = sheet_xml(rows), sst("High")
    book = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    if where == "sheet":
        sheet = damage(sheet)
    elif where == "strings":
        strings = damage(strings)
    else:
        book = damage(book)
    path = raw_book(tmp_path / "dtd.xlsx", sheet, strings=strings, book=book)
    with pytest.raises(ValidationError) as error:
        read_workforce(path)
    message = one_line(error)
    assert str(path) in message
    assert "document type declaration" in message or "undefined entity" in message


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (row(2, "<c r='A2'>" + "<x>" * 200 + "</x>" * 200 + "</c>"), "nests deeper than 100"),
        ("<skipped>" + "<x>" * 200 + "</x>" * 200 + "</skipped>", "nests deeper than 100"),
        (row(2, text("A2", "x" * 140_000)), "cell A2 holds more than 131,072 characters"),
        (row(2, text("XFE2", "x")), "cell XFE2 is beyond column XFD"),
        (row(2, text("2", "x")), "'2' is not a cell reference"),
        (row(2_000_000, text("A2000000", "x")), "row 2,000,000 is beyond row 1,048,576"),
        ("<row r='x'/>", "'x' is not a row number"),
        (row(2, cell("A2", "12abc")), "cell A2 holds '12abc', not a number"),
        (row(2, cell("A2", "7", "b")), "cell A2 holds '7', not true or false"),
        (row(2, '<c r="A2"><is>' + "<r/>" * 5_000 + "</is></c>"), "more than 4,096 XML"),
        (row(2, *(f'<c r="A2" s="{n}"/>' for n in range(16_385))), "more than 16,384 cells"),
    ],
    ids=[
        "deep",
        "deep-and-skipped",
        "long-text",
        "beyond-xfd",
        "no-column",
        "beyond-last-row",
        "bad-row",
        "bad-number",
        "bad-boolean",
        "many-elements",
        "many-cells",
    ],
)
def test_crafted_cells_are_refused_in_one_line_naming_the_sheet(
    tmp_path: Path, rows: str, expected: str
) -> None:
    path = raw_book(tmp_path / "crafted.xlsx", sheet_xml(header_row() + rows))
    with pytest.raises(ValidationError) as error:
        read_workforce(path)
    message = one_line(error)
    assert expected in message and "sheet 'People'" in message, message


# -- 4. formulas with no saved value ---------------------------------------------------------


def _formula_book(path: Path, ratings: list[object], header: str = "Performance") -> Path:
    book = openpyxl.Workbook()  # openpyxl stores a formula with no value, as such libraries do
    sheet = book.active
    sheet.title = "People"
    sheet.append(["Employee ID", header, "Potential"])
    for n, rating in enumerate(ratings):
        sheet.append([f"E{n}", rating, "High"])
    book.save(path)
    return path


def test_a_column_of_formulas_with_no_saved_value_refuses_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _formula_book(tmp_path / "computed.xlsx", ['="High"', '=IF(1,"Low","High")'])
    with pytest.raises(ValidationError) as error:
        read_workforce(path)
    assert one_line(error) == (
        f"{path}, sheet 'People': cell B2 holds a formula with no saved value, and column B "
        "holds no other value: open the workbook in a spreadsheet program and save it"
    )
    assert main(["review", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "cell B2 holds a formula" in err


def test_a_heading_that_is_a_formula_with_no_saved_value_refuses_the_file(tmp_path: Path) -> None:
    path = _formula_book(tmp_path / "heading.xlsx", ["High"], header='="Perf"&"ormance"')
    with pytest.raises(ValidationError, match="cell B1 holds a formula with no saved value: open"):
        read_workforce(path)


def test_a_lone_formula_with_no_saved_value_among_values_is_an_empty_cell(tmp_path: Path) -> None:
    path = _formula_book(tmp_path / "one.xlsx", ["High", '="Low"', "Low"])
    workforce = read_workforce(path)
    assert workforce.rows_placed == 2 and [r.line for r in workforce.rejected] == [3]


def test_saved_formula_values_are_read(tmp_path: Path) -> None:
    rows = header_row() + row(
        2,
        text("A2", "E1"),
        '<c r="B2" t="str"><f>"Hi"&amp;"gh"</f><v>High</v></c>',
        '<c r="C2" t="s"><f>X1</f><v>0</v></c>',
        '<c r="D2" t="str"><f>""</f><v></v></c>',  # a formula whose saved text is empty
    )
    path = raw_book(tmp_path / "saved.xlsx", sheet_xml(rows), strings=sst("Low"))
    assert placed(path) == [("E1", "HIGH", "LOW", "")]


# -- what stays as it was ----------------------------------------------------------------------


def test_every_kind_of_text_cell_is_unescaped_and_read_as_shown(tmp_path: Path) -> None:
    strings = (
        f'<sst xmlns="{MAIN}"><si><t>Hi</t><r><t>gh</t></r><rPh><t>ハイ</t></rPh></si>'
        "<si><t>D_x0031_</t></si></sst>"
    )
    rows = header_row() + row(
        2,
        '<c r="A2" t="inlineStr"><is><r><t xml:space="preserve">E_x0031_</t></r>'
        "<rPh><t>x</t></rPh></is></c>",
        cell("B2", 0, "s"),
        cell("C2", "Low", "str"),
        cell("D2", 1, "s"),
    )
    rows += row(3, text("A3", "E2"), text("B3", "Low"), text("C3", "Low"), cell("D3", "#N/A", "e"))
    path = raw_book(tmp_path / "texts.xlsx", sheet_xml(rows), strings=strings)
    assert placed(path) == [("E1", "HIGH", "LOW", "D1"), ("E2", "LOW", "LOW", "#N/A")]


def test_prefixed_elements_streams_and_absolute_targets_are_read(tmp_path: Path) -> None:
    rows = header_row() + person(2, "E1", "High", "Low", "Policy")
    prefixed = re.sub(r"<(/?)(\w+)", r"<\1x:\2", sheet_xml(rows)).replace(
        f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"'
    )
    path = raw_book(tmp_path / "prefixed.xlsx", prefixed)
    path = rewrite(
        path,
        "xl/_rels/workbook.xml.rels",
        lambda x: x.replace(b'"worksheets/', b'"/' + b"xl/worksheets/"),
    )
    assert placed(path) == [("E1", "HIGH", "LOW", "Policy")]
    assert placed(io.BytesIO(path.read_bytes())) == [("E1", "HIGH", "LOW", "Policy")]


def test_a_large_export_reads_as_a_csv_of_it_does(tmp_path: Path) -> None:
    path = _export(tmp_path / "export.xlsx", 3_000)
    text_file = tmp_path / "export.csv"
    lines = [",".join(HEADER)] + [
        f"E{n},{['Low', 'Moderate', 'High'][n % 3]},High,D{n % 7}" for n in range(3_000)
    ]
    text_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert placed(path) == placed(text_file)


@pytest.mark.slow
def test_xfd_padding_costs_little_time(tmp_path: Path) -> None:
    """A generous ratio, the least of three runs each: never a wall-clock limit."""
    plain = _export(tmp_path / "plain.xlsx", 20_000)
    padded = rewrite(plain, "xl/worksheets/sheet1.xml", _pad_xfd)

    def seconds(path: Path) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            read_workforce(path)
            best = min(best, time.process_time() - start)
        return best

    assert seconds(padded) < 3 * seconds(plain)
