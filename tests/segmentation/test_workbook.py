"""Excel workbooks of a review: write_review_xlsx and apsperf review --xlsx."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import (
    Level,
    Placement,
    Segment,
    Workforce,
    check_independence,
    movement,
    read_workforce,
    review,
    sample_workforce_path,
    workforce_from_rows,
    write_review_xlsx,
)
from apsperf.segmentation.io._excel import unescape_cell
from apsperf.segmentation.render._workbook import MAX_CELL_TEXT, clean_cell_text, review_workbook

openpyxl = pytest.importorskip("openpyxl")


def _load(path: Path) -> Any:
    return openpyxl.load_workbook(path)


def _values(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _no_formulas(book: Any) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Workforce, Any]:
    current = read_workforce(sample_workforce_path(2025))
    previous = read_workforce(sample_workforce_path(2024))
    result = review(current, by=["Division", ("Division", "Classification")])
    moved = movement(previous, current)
    path = tmp_path_factory.mktemp("xlsx") / "review.xlsx"
    written = write_review_xlsx(
        result,
        path,
        workforce=current,
        moved=moved,
        checks=[("Placements by Division", check_independence(result, "Division"))],
        label="2025",
        previous_label="2024",
    )
    assert written == path
    return _load(path), current, (result, moved)


def test_sheets(sample: tuple[Any, Workforce, Any]) -> None:
    book, _, _ = sample
    assert book.sheetnames == [
        "summary",
        "grid",
        "by Division",
        "by Division × Classification",
        "movement",
        "people",
        "not placed",
    ]
    _no_formulas(book)


def test_summary_and_grid(sample: tuple[Any, Workforce, Any]) -> None:
    book, _, (result, _) = sample
    summary = dict((row[0], row[1]) for row in _values(book["summary"]) if row[0])
    assert summary["Source"] == "workforce-2025.csv"
    assert summary["Rows read"] == result.rows_read
    assert summary["Placed"] == result.rows_placed
    assert summary["Not placed"] == len(result.rejected)
    checks = [row for row in _values(book["summary"]) if row[0] == "Placements by Division"]
    assert len(checks) == 1
    assert checks[0][2] == check_independence(result, "Division").degrees_of_freedom
    grid = _values(book["grid"])
    assert grid[0] == ("Segments", "Low performance", "Moderate performance", "High performance")
    assert grid[1] == ("High potential", "Unrealised Potential", "Emerging Potential", "Top Talent")
    counts = grid[grid.index(("People", *grid[0][1:])) + 1 :][:3]
    assert [list(row[1:]) for row in counts] == [list(row) for row in result.grid()]
    shares = book["grid"]["D12"]
    assert shares.number_format == "0.0%"
    assert shares.value == pytest.approx(result.share(Segment.TOP_TALENT))


def review_whole_division(sample: tuple[Any, Workforce, Any]) -> Any:
    """Every division's counts, unsuppressed (for checking what the workbook shows)."""
    return review(sample[1], by="Division", min_cell=None).breakdown("Division").groups


def test_breakdown_sheets_have_shares_totals_and_suppression(
    sample: tuple[Any, Workforce, Any],
) -> None:
    book, _, (result, _) = sample
    rows = _values(book["by Division"])
    header = rows[0]
    assert header[:3] == ("Division", "People", "Top Talent")
    assert header[11] == "Top Talent (share)"
    by_division = result.breakdown("Division")
    total = next(row for row in rows if row[0] == "Total")
    assert total[1] == result.rows_placed
    assert list(total[2:11]) == [result.count(s) for s in Segment]
    names = {h.value for h in by_division.hidden}
    shown = [row for row in rows[1:] if row[0] not in names and row[0] and row[0] != "Total"]
    shown = [row for row in shown if isinstance(row[1], int)]
    for row in shown:
        group = by_division.group(row[0])
        assert list(row[2:11]) == [group.count(s) for s in Segment]
        assert sum(row[11:20]) == pytest.approx(1.0)
        assert all(c == 0 or c >= 5 for c in row[2:11])
    hidden = [row for row in rows[1:] if row[0] in names]
    assert {row[0] for row in hidden} == names
    # a hidden group's headcount is shown where that is safe, and is its true size, and
    # then its counts but in the segments hidden groups all hide
    whole = {g.value: g for g in review_whole_division(sample)}
    gaps = dict(by_division.hidden_segments)
    for row in hidden:
        assert row[1] in ("suppressed", "<5", whole[row[0]].total)
        if isinstance(row[1], int) and gaps:
            true = whole[row[0]]
            assert list(row[2:11]) == ["hidden" if s in gaps else true.count(s) for s in Segment]
            assert all(
                (c == "hidden") == (s in gaps) for c, s in zip(row[11:20], Segment, strict=True)
            )
        else:
            assert all(c is None for c in row[3:])
    crossed = _values(book["by Division × Classification"])
    assert crossed[0][:3] == ("Division", "Classification", "People")
    assert crossed[1][:2] == result.breakdown(("Division", "Classification")).listed()[0].values


def test_movement_sheet(sample: tuple[Any, Workforce, Any]) -> None:
    book, _, (_, moved) = sample
    rows = _values(book["movement"])
    assert rows[0][0] == "2024 (rows) → 2025 (columns)"
    assert [list(row[1:10]) for row in rows[1:10]] == [list(r) for r in moved.matrix]
    assert [row[10] for row in rows[1:10]] == [sum(r) for r in moved.matrix]
    assert rows[10][0] == "Total" and rows[10][10] == moved.common
    facts = {row[0]: row[1] for row in rows[11:] if row and row[0]}
    assert facts["Stayed"] == moved.stayed
    assert facts["Joined"] == len(moved.joiners)


def test_people_and_not_placed(sample: tuple[Any, Workforce, Any]) -> None:
    book, current, (result, _) = sample
    people = _values(book["people"])
    assert people[0][:6] == (
        "employee_id",
        "segment",
        "segment_label",
        "performance",
        "potential",
        "line",
    )
    assert len(people) == len(current) + 1
    first = current.employee_ids[0]
    assert people[1][0] == first
    assert people[1][1] == current.segment_of(first).value  # type: ignore[union-attr]
    rejected = _values(book["not placed"])
    assert rejected[0] == ("Line", "Column", "Reason", "Employee ID")
    assert [row[0] for row in rejected[1:]] == [r.line for r in result.rejected]


HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "＝1+1",
    "bell\x07and\x00nul",
    "lone \ud800 surrogate",
]


def _hostile_workforce() -> Workforce:
    people = [
        Placement(
            employee_id=f"=E{n}" if n % 2 else f"E{n}",
            performance=Level.HIGH,
            potential=Level.HIGH,
            groups={"=Division": value},
        )
        for n, value in enumerate(HOSTILE)
    ]
    return Workforce.from_placements(people, source="=evil().csv")


def test_hostile_cells_are_text_never_formulas(tmp_path: Path) -> None:
    workforce = _hostile_workforce()
    result = review(workforce, by="=Division")
    path = write_review_xlsx(result, tmp_path / "h.xlsx", workforce=workforce, min_cell=3)
    book = _load(path)
    _no_formulas(book)
    people = _values(book["people"])
    assert people[0][6] == "=Division"
    assert book["people"]["G1"].data_type == "s"
    values = [row[6] for row in people[1:]]
    assert values[0] == '=HYPERLINK("http://x","y")'
    # characters XML cannot hold are written as Excel's own _xHHHH_ escapes, and decoded
    assert values[5] == "_x000D_CR" and unescape_cell(values[5]) == "\rCR"
    assert values[7] == "bell_x0007_and_x0000_nul"
    assert values[8] == "lone _xD800_ surrogate"
    assert book["people"]["G1"].quotePrefix  # headings are held to the rule too
    assert people[2][0] == "=E1"
    # text a spreadsheet would run when the cell is edited is marked quote-prefixed
    for row in book["people"].iter_rows(min_row=2, min_col=7, max_col=7):
        cell = row[0]
        assert cell.quotePrefix == str(cell.value).startswith(
            ("=", "+", "-", "@", "\t", "\n", "＝")
        )
    assert book["summary"]["B2"].value == "=evil().csv"
    assert book.sheetnames[2] == "by =Division"


def test_clean_cell_text_rule() -> None:
    assert (
        clean_cell_text("a\x01b\x0bc\x1f\td\ne\rf\r\ng")
        == "a_x0001_b_x000B_c_x001F_\td\ne_x000D_f_x000D_\ng"
    )
    assert clean_cell_text("_x0041_") == "_x005F_x0041_"  # never read back as "A"
    long = clean_cell_text("x" * (MAX_CELL_TEXT + 10))
    assert len(long) == MAX_CELL_TEXT and long.endswith("…")
    assert clean_cell_text("plain") == "plain"


def test_sheet_names_are_valid_and_unique(tmp_path: Path) -> None:
    people = [
        Placement(
            employee_id="E1",
            performance=Level.LOW,
            potential=Level.LOW,
            groups={"a/b:c*d?[e]" + "x" * 40: "1", "A/B:C*D?[E]" + "X" * 40: "2"},
        )
    ]
    workforce = Workforce.from_placements(people)
    result = review(workforce, by=list(workforce.group_names))
    book = _load(write_review_xlsx(result, tmp_path / "n.xlsx"))
    names = book.sheetnames[2:4]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.casefold() for n in names}) == 2


def test_people_sheet_streams_from_compact_storage(monkeypatch: pytest.MonkeyPatch) -> None:
    levels = ["low", "moderate", "high"]
    workforce = workforce_from_rows(
        ((f"E{i}", levels[i % 3], levels[i // 3 % 3], f"D{i % 4}") for i in range(2_500)),
        header=["employee_id", "performance", "potential", "Division"],
    )

    def refuse(*_: object) -> None:
        raise AssertionError("built a Placement per person")

    monkeypatch.setattr(Workforce, "placement", refuse)
    monkeypatch.setattr(Workforce, "placements", refuse)
    data = review_workbook(review(workforce), workforce=workforce, max_sheet_rows=1_000)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames[2:5] == ["people", "people 2", "people 3"]
    sizes = [sum(1 for _ in book[n].iter_rows()) for n in ("people", "people 2", "people 3")]
    assert sizes == [1_000, 1_000, 2_500 - 2 * 999 + 1]
    assert next(book["people 2"].iter_rows(values_only=True))[0] == "employee_id"


def test_bad_arguments_are_named(tmp_path: Path) -> None:
    workforce = _hostile_workforce()
    with pytest.raises(ValidationError) as info:
        write_review_xlsx(review(workforce), tmp_path / "x.xlsx", min_cell=2)
    assert info.value.path == "min_cell"
    with pytest.raises(ValidationError) as info:
        write_review_xlsx(workforce, tmp_path / "x.xlsx")  # type: ignore[arg-type]
    assert info.value.path == "report"
    assert not (tmp_path / "x.xlsx").exists()


def test_replace_rules(tmp_path: Path) -> None:
    result = review(_hostile_workforce())
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(ValidationError, match="already exists"):
        write_review_xlsx(result, target, replace=False)
    assert target.read_bytes() == b"old"
    write_review_xlsx(result, target)
    assert target.read_bytes()[:2] == b"PK"


# -- the CLI -------------------------------------------------------------------------------


def test_cli_writes_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "review.xlsx"
    assert main(["review", "--sample", "--by", "Division", "--xlsx", str(target)]) == 0
    assert f"wrote {target}" in capsys.readouterr().err
    book = _load(target)
    assert book.sheetnames == [
        "summary",
        "grid",
        "by Division",
        "movement",
        "not placed",
    ]  # no per-person rows in the summary workbook: --csv is the per-person export
    assert book["summary"]["B3"].value == "2025"
    _no_formulas(book)
    # a regular file is replaced in one step, as --html and --csv replace theirs
    assert main(["review", "--sample", "--xlsx", str(target)]) == 0
    assert _load(target).sheetnames[2] == "movement"


@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
def test_cli_never_writes_through_a_link(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"keep me")
    link = tmp_path / "link.xlsx"
    if kind == "symlink":
        link.symlink_to(real)
    else:
        os.link(real, link)
    assert main(["review", "--sample", "--xlsx", str(link)]) == 2
    err = capsys.readouterr().err
    assert "--xlsx" in err and "link" in err
    assert real.read_bytes() == b"keep me"


@given(st.text(max_size=40), st.text(max_size=40))
def test_cell_text_is_never_merged_and_reads_back(first: str, second: str) -> None:
    """Two different texts are two different cells, and apsperf's reader decodes each."""
    assert unescape_cell(clean_cell_text(first)) == first
    if first != second:
        assert clean_cell_text(first) != clean_cell_text(second)


def test_identifiers_with_control_characters_stay_apart_in_the_people_sheet(
    tmp_path: Path,
) -> None:
    ids = ["E1\x01", "E1\x02", "_x0041_", "A", "E\r1", "E\n1"]
    workforce = workforce_from_rows(
        [[i, "high", "low"] for i in ids], header=["Employee ID", "Performance", "Potential"]
    )
    path = write_review_xlsx(review(workforce), tmp_path / "r.xlsx", workforce=workforce)
    again = read_workforce(path, sheet="people")
    assert [p.employee_id for p in again.placements()] == ids and not again.rejected
