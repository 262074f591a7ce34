from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import (
    Banding,
    Columns,
    Level,
    Segment,
    Workforce,
    read_workforce,
    segment_for,
    workforce_from_rows,
)
from apsperf.segmentation.io import _builder

HEADER = "employee_id,performance,potential,division\n"


def read(text: str, **options: object) -> Workforce:
    return read_workforce(io.StringIO(text), **options)  # type: ignore[arg-type]


@pytest.fixture(params=[512, 2], ids=["default-chunks", "tiny-chunks"])
def chunk_size(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setattr(_builder._Builder, "chunk_rows", request.param)
    yield request.param


def test_reads_a_simple_file(chunk_size: int) -> None:
    workforce = read(HEADER + "E1,High,Moderate,Policy\nE2,low,LOW,Corporate\n")
    assert len(workforce) == 2 and workforce.rows_read == 2 and not workforce.rejected
    assert workforce.segment_of("E1") is Segment.HIGH_ACHIEVER
    assert workforce.segment_of("E2") is Segment.STRONGEST_CONCERN
    assert workforce.segment_of("E3") is None
    assert workforce.group_names == ("division",)
    first = next(workforce.placements())
    assert first.groups == {"division": "Policy"}
    assert workforce.lines() == (2, 3)


@pytest.mark.parametrize(
    "header",
    [
        "Employee ID,Performance,Potential",
        "EMPLOYEE_ID,PERFORMANCE,POTENTIAL",
        " employee  id , performance rating ,Potential",
        "EmployeeID,Perf,potential-rating",
        "\ufeffemployee_id,performance,potential",
    ],
)
def test_obvious_headers_in_any_case_or_spacing(header: str) -> None:
    workforce = read(f"{header}\nE1,high,high\n")
    assert workforce.segment_of("E1") is Segment.TOP_TALENT


def test_configured_column_names() -> None:
    text = "Staff No,Perf 2025,Pot 2025,Branch\nA7,3,1,North\n"
    workforce = read(
        text,
        columns=Columns(
            employee_id="staff no", performance="Perf 2025", potential="pot 2025", groups=["Branch"]
        ),
    )
    assert workforce.segment_of("A7") is Segment.PROVEN_PERFORMER
    assert workforce.group_names == ("Branch",)


def test_missing_column_is_a_clear_error() -> None:
    with pytest.raises(
        ValidationError, match=r"no column `potential`.*'employee_id', 'performance'"
    ):
        read("employee_id,performance\nE1,high\n")


def test_duplicate_header_is_an_error() -> None:
    with pytest.raises(ValidationError, match="both"):
        read("employee_id,performance,potential,Performance\n")


def test_empty_file_is_an_error() -> None:
    with pytest.raises(ValidationError, match="empty"):
        read("")
    with pytest.raises(ValidationError, match="empty"):
        read("\n\n")


def test_bad_rows_are_reported_with_line_and_reason(chunk_size: int) -> None:
    text = (
        HEADER
        + "E1,High,Moderate,Policy\n"
        + "\n"
        + "E2,Superb,Low,Policy\n"
        + ",High,High,Policy\n"
        + "E1,Low,Low,Policy\n"
        + "E3,Low,Low\n"
        + 'E4,Low,Low,"Policy, Strategy\nand Evaluation"\n'
        + "E5,2,3,Corporate\n"
    )
    workforce = read(text)
    reasons = {r.line: r for r in workforce.rejected}
    assert sorted(reasons) == [4, 5, 6]
    assert reasons[4].field == "performance" and "'Superb' is not a level" in reasons[4].reason
    assert reasons[5].reason == "employee id is empty"
    assert "duplicate employee id 'E1' (placed from line 2)" in reasons[6].reason
    # a row whose trailing empty cells were left out is read as a spreadsheet's row is
    assert workforce.line_of("E3") == 7
    (e3,) = [p for p in workforce.placements() if p.employee_id == "E3"]
    assert list(e3.groups.values()) == [""]
    assert workforce.rows_read == 7 == workforce.rows_placed + len(workforce.rejected)
    assert workforce.blank_lines == 1
    assert workforce.line_of("E4") == 8
    assert workforce.line_of("E5") == 10
    assert workforce.segment_of("E5") is Segment.EMERGING_POTENTIAL


def test_strict_mode_fails_on_the_first_bad_row() -> None:
    with pytest.raises(ValidationError) as info:
        read(HEADER + "E1,High,High,A\nE2,Superb,Low,A\nE3,bad,bad,A\n", strict=True)
    assert info.value.path == "line 3, performance"


def test_strict_mode_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "E1,High,High,A\nE1,High,High,A\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"people\.csv, line 3"):
        read_workforce(path, strict=True)


def test_day_first_dates() -> None:
    text = (
        "employee_id,performance,potential,assessed on,aspiration conversation date\n"
        "E1,high,high,01/07/2025,15/06/2025\nE2,high,high,2025-07-02,\n"
        "E3,high,high,31/06/2025,\n"
    )
    workforce = read(text)
    people = {p.employee_id: p for p in workforce.placements()}
    assert people["E1"].assessed_on == dt.date(2025, 7, 1)
    assert people["E1"].aspiration_conversation_on == dt.date(2025, 6, 15)
    assert people["E2"].assessed_on == dt.date(2025, 7, 2)
    assert people["E2"].aspiration_conversation_on is None
    assert people["E3"].assessed_on is None  # not a date: a finding, never a rejection
    assert workforce.rejected == ()
    assert [(f.code, f.path) for f in workforce.findings] == [
        ("dates-read-day-first", "assessed on"),  # 01/07/2025 reads either way
        ("date-unreadable", "line 4, assessed on"),
    ]
    assert workforce.group_names == ()


def test_banding_reads_numeric_scales() -> None:
    five = Banding(minimum=1, maximum=5, moderate_from=3, high_from=4)
    workforce = read("employee_id,performance,potential\nE1,4.5,2\nE2,7,1\n", performance=five)
    assert workforce.segment_of("E1") is Segment.HIGH_ACHIEVER
    assert "outside the scale 1-5" in workforce.rejected[0].reason


def test_malformed_csv_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="malformed CSV"):
        read(HEADER + 'E1,High,"High"x,A\n')


def test_non_utf8_file_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "E1,High,High,Zo\xeb\n").encode("latin-1"))
    with pytest.raises(
        ValidationError, match=r"not UTF-8 text \(line 2, byte 59: 0xeb\).*--encoding cp1252"
    ):
        read_workforce(path)
    (person,) = read_workforce(path, encoding="cp1252").placements()
    assert person.groups["division"] == "Zoë"


def test_missing_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no such file"):
        read_workforce(tmp_path / "nope.csv")
    with pytest.raises(ValidationError, match="folder"):
        read_workforce(tmp_path)
    with pytest.raises(ValidationError, match="folder"):
        read_workforce("")


def test_rows_from_other_sources() -> None:
    workforce = workforce_from_rows(
        [["E1", 3, 2.0, None], ["E2", "x", 1, dt.date(2025, 1, 2)]],
        header=["employee_id", "performance", "potential", "assessed_on"],
    )
    assert workforce.segment_of("E1") is Segment.HIGH_ACHIEVER
    assert [r.line for r in workforce.rejected] == [3]


def test_xlsx_files_are_read(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Performance", "Potential", "Assessed on", "Division"])
    sheet.append(["E1", "High", "Medium", dt.datetime(2025, 7, 1), "Policy"])
    sheet.append(["E2", 1, 3, "02/07/2025", "Corporate"])
    sheet.append(["E3", "great", 3, None, "Corporate"])
    path = tmp_path / "workforce.xlsx"
    book.save(path)
    workforce = read_workforce(path)
    people = {p.employee_id: p for p in workforce.placements()}
    assert people["E1"].segment is Segment.HIGH_ACHIEVER
    assert people["E1"].assessed_on == dt.date(2025, 7, 1)
    assert people["E2"].segment is Segment.UNREALISED_POTENTIAL
    assert people["E2"].assessed_on == dt.date(2025, 7, 2)
    assert [(r.line, r.field) for r in workforce.rejected] == [(4, "Performance")]
    with pytest.raises(ValidationError, match="no sheet"):
        read_workforce(path, sheet="Missing")


def test_from_placements_round_trip() -> None:
    workforce = read(HEADER + "E1,High,Moderate,Policy\nE2,low,LOW,Corporate\n")
    again = Workforce.from_placements(workforce.placements())
    assert list(again.placements()) == list(workforce.placements())
    with pytest.raises(ValidationError, match="duplicate"):
        Workforce.from_placements([*workforce.placements(), next(workforce.placements())])


# --- properties against a simple reference reader ----------------------------------------

GOOD_SPELLINGS = ["High", "high", "MED", "Medium", "moderate", "low", "L", "1", "2", "3"]
# Numbers off the 1-3 model refuse the whole column (see test_declared_scales.py), so the
# spellings that reject one row are words.
BAD_SPELLINGS = ["", "superb", "4 stars", "zero", "n/a", "=1+1"]


def _reference(text: str) -> tuple[dict[str, Segment], list[int], int]:
    """Row by row with csv.DictReader-like logic: placed people, rejected lines, rows read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    placed: dict[str, Segment] = {}
    rejected: list[int] = []
    rows = 0
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not row:
            continue
        rows += 1
        if len(row) != len(header):
            rejected.append(start)
            continue
        eid = row[0].strip()
        try:
            perf, pot = Level.parse(row[1]), Level.parse(row[2])
        except ValidationError:
            rejected.append(start)
            continue
        if not eid or eid in placed:
            rejected.append(start)
            continue
        placed[eid] = segment_for(perf, pot)
    return placed, rejected, rows


row_kinds = st.lists(
    st.tuples(
        st.sampled_from(
            ["good", "good", "good", "bad-level", "no-id", "dup", "short", "blank", "quoted"]
        ),
        st.sampled_from(GOOD_SPELLINGS),
        st.sampled_from(GOOD_SPELLINGS),
        st.sampled_from(BAD_SPELLINGS),
    ),
    max_size=40,
)


def _file(kinds: list[tuple[str, str, str, str]]) -> str:
    lines = [HEADER.strip()]
    for n, (kind, perf, pot, bad) in enumerate(kinds):
        eid = f"E{n}"
        if kind == "good":
            lines.append(f"{eid},{perf},{pot},G{n % 3}")
        elif kind == "bad-level":
            lines.append(f"{eid},{bad},{pot},G{n % 3}")
        elif kind == "no-id":
            lines.append(f" ,{perf},{pot},G{n % 3}")
        elif kind == "dup":
            lines.append(f"E0,{perf},{pot},G{n % 3}")
        elif kind == "short":
            lines.append(f"{eid},{perf}")
        elif kind == "blank":
            lines.append("")
        else:
            lines.append(f'{eid},{perf},{pot},"G\n{n}, quoted"')
    return "\n".join(lines) + "\n"


@given(row_kinds, st.sampled_from([1, 2, 3, 512]))
@settings(max_examples=150)
def test_rows_read_equal_placed_plus_rejected(
    kinds: list[tuple[str, str, str, str]], chunk: int
) -> None:
    text = _file(kinds)
    original = _builder._Builder.chunk_rows
    _builder._Builder.chunk_rows = chunk
    try:
        workforce = read(text)
    finally:
        _builder._Builder.chunk_rows = original
    placed, rejected, rows = _reference(text)
    assert workforce.rows_read == rows == workforce.rows_placed + len(workforce.rejected)
    assert {e: workforce.segment_of(e) for e in workforce.employee_ids} == placed
    assert [r.line for r in workforce.rejected] == rejected
    assert workforce.blank_lines == sum(1 for k in kinds if k[0] == "blank")


def test_large_file_matches_the_reference_reader() -> None:
    rng = random.Random(7)
    kinds = [
        (
            rng.choice(["good"] * 30 + ["bad-level", "no-id", "dup", "short", "blank", "quoted"]),
            rng.choice(GOOD_SPELLINGS),
            rng.choice(GOOD_SPELLINGS),
            rng.choice(BAD_SPELLINGS),
        )
        for _ in range(3000)
    ]
    text = _file(kinds)
    workforce = read(text)
    placed, rejected, rows = _reference(text)
    assert workforce.rows_read == rows
    assert (
        dict(
            zip(
                workforce.employee_ids,
                map(workforce.segment_of, workforce.employee_ids),
                strict=True,
            )
        )
        == placed
    )
    assert [r.line for r in workforce.rejected] == rejected


def test_field_codes_index_each_person_by_a_combination_counted_once() -> None:
    import datetime as dt

    from apsperf import ValidationError
    from apsperf.segmentation import Level, Placement, Workforce

    day = dt.date(2026, 8, 1)
    people = [
        Placement(
            employee_id=f"E{n}",
            performance=Level.HIGH,
            potential=Level.LOW if n % 2 else Level.HIGH,
            assessed_on=day if n % 3 else None,
            groups={"Division": f"D{n % 4}"},
        )
        for n in range(24)
    ]
    workforce = Workforce.from_placements(people)
    keys, codes = workforce.field_codes(["segment", "assessed_on"])
    assert len(codes) == len(workforce) and len(set(keys)) == len(keys)
    from collections import Counter

    counted = Counter(keys[code] for code in codes)
    assert dict(counted) == workforce.counts(["segment", "assessed_on"])
    # Every field is a column: the assessor too, crossed with a segment and a date.
    fields = ["assessed_by", "segment", "aspiration_conversation_on"]
    keys, codes = workforce.field_codes(fields)
    assert dict(Counter(keys[code] for code in codes)) == workforce.counts(fields)
    with pytest.raises(ValidationError) as raised:
        workforce.field_codes(["Division"])
    assert raised.value.path == "fields"


def test_an_assessor_written_two_ways_is_one_combination() -> None:
    """Assessor cells that normalise alike keep two codes; counts and combinations merge them."""
    from collections import Counter

    from apsperf.segmentation import workforce_from_rows

    rows = [
        ["E1", "high", "high", "M1"],
        ["E2", "high", "high", " M1"],
        ["E3", "low", "high", "M1\u200b"],
        ["E4", "low", "high", "M2"],
    ]
    workforce = workforce_from_rows(
        rows, header=["Employee ID", "Performance", "Potential", "Assessed by"]
    )
    for fields in (["assessed_by"], ["segment", "assessed_by"]):
        keys, codes = workforce.field_codes(fields)
        assert len(set(keys)) == len(keys)
        assert dict(Counter(keys[code] for code in codes)) == workforce.counts(fields)
    assert workforce.counts(["assessed_by"]) == {("M1",): 3, ("M2",): 1}


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.sampled_from(["Policy", "Corporate", " Policy ", "", "Zoë"]), min_size=1),
    st.data(),
)
def test_group_values_at_reads_the_people_asked_for(
    divisions: list[str], data: st.DataObject
) -> None:
    rows = "".join(f"E{i},high,low,{d}\n" for i, d in enumerate(divisions))
    workforce = read(HEADER + rows)
    every = workforce.group_values("Division")  # named as forgivingly as headers are
    positions = data.draw(st.lists(st.integers(0, len(workforce) - 1), max_size=20))
    assert workforce.group_values_at("division", positions) == [every[p] for p in positions]
    assert workforce.group_values_at("division", range(len(workforce))) == list(every)
    with pytest.raises(ValidationError, match="location"):
        workforce.group_values_at("location", [0])
