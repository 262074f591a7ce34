"""A data frame reads as the same table written as CSV does (issue 25).

Each example is a small table of Python values: identifiers (repeated, blank, numbers),
ratings as words or numbers, a grouping column, perhaps an assessment date, and blank rows.
It is read three ways, as a CSV file (each value written as a person would type it), as a
pandas frame and as a polars frame, and the three workforces must agree: the same people
placed, the same rows rejected on the same lines, the same findings and counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import Workforce, read_workforce, workforce_from_dataframe

HEADER = ("employee_id", "performance", "potential", "Division")
DATE = "assessed_on"
NUMERIC = "identifier-numeric"

Cell = object
Table = tuple[tuple[str, ...], list[list[Cell]]]


def _text(cell: Cell) -> str:
    """A cell as a person would type it into a CSV file."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def _blank(row: Sequence[Cell]) -> bool:
    return all(not _text(cell).strip() for cell in row)


def _csv(header: Sequence[str], rows: list[list[Cell]]) -> str:
    """The table as CSV text: a row with no value in any cell is an empty line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        if _blank(row):
            out.write("\n")
        else:
            writer.writerow([_text(cell) for cell in row])
    return out.getvalue()


def _outcome(read: Callable[[], Workforce]) -> tuple[Any, ...]:
    """What a reading gave, to compare: its people, rejections, findings and counts."""
    try:
        workforce = read()
    except ValidationError as error:
        return ("refused", error.message, error.path.removeprefix("DataFrame, "))
    return (
        list(workforce.placements()),
        list(workforce.lines()),
        [(r.line, r.field, r.reason, r.employee_id) for r in workforce.rejected],
        [(f.code, f.severity, f.message, f.path) for f in workforce.findings if f.code != NUMERIC],
        workforce.rows_read,
        workforce.blank_lines,
        workforce.rows_placed,
        dict(workforce.columns),
    )


# -- the tables --------------------------------------------------------------------------

TEXT_IDS = st.sampled_from(["E1", "E2", "E3", "001", "01", " E2 ", "", None])
NUMBER_IDS = st.sampled_from([1, 2, 3, 1001, None])
WORDS = st.sampled_from(["high", "Moderate", "low", "LOW", "superb", "", None])
NUMBERS = st.sampled_from([1, 2, 3, 3.0, 1.0, None])
GROUPS = st.sampled_from(["Corporate", "Policy", " Policy ", "", None])
DATES = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)),
)
DATE_TEXT = st.sampled_from(["01/07/2025", "31/02/2025", "not a date", ""])


@st.composite
def tables(draw: st.DrawFn, *, numeric_ids: bool = False) -> Table:
    """A small table: each rating column all words, all numbers or a mix of the two."""
    dated = draw(st.booleans())
    header: tuple[str, ...] = (*HEADER, DATE) if dated else HEADER
    ratings = {
        name: draw(st.sampled_from([WORDS, NUMBERS, st.one_of(WORDS, NUMBERS)]))
        for name in ("performance", "potential")
    }
    dates = draw(st.sampled_from([DATES, st.one_of(DATES, DATE_TEXT)]))
    ids = NUMBER_IDS if numeric_ids else TEXT_IDS

    def row() -> st.SearchStrategy[list[Cell]]:
        cells = [ids, ratings["performance"], ratings["potential"], GROUPS]
        return st.tuples(*cells, *([dates] if dated else [])).map(list)

    blank = st.lists(st.sampled_from([None, ""]), min_size=len(header), max_size=len(header))
    rows: list[list[Cell]] = draw(st.lists(st.one_of(row(), row(), blank), max_size=8))
    return header, rows


def _pandas_frame(table: Table, *, datetimes: bool, strings: bool) -> Any:
    """The table as a pandas frame (pandas chooses each column's type from its values)."""
    pd = pytest.importorskip("pandas")
    header, rows = table
    frame = pd.DataFrame([list(row) for row in rows], columns=list(header))
    if not rows:
        return frame
    for name in header:
        values = frame[name].tolist()
        present = [v for v in values if v is not None and v == v]
        if datetimes and name == DATE and all(isinstance(v, dt.date) for v in present):
            frame[name] = pd.to_datetime(frame[name])
        elif strings and all(isinstance(v, str) for v in present):
            frame[name] = frame[name].astype("string")
    return frame


def _polars_columns(table: Table) -> tuple[dict[str, list[Cell]], list[list[Cell]]]:
    """Columns polars can hold as they are: a column mixing kinds is its text (as typed)."""
    header, rows = table
    columns: dict[str, list[Cell]] = {}
    for index, name in enumerate(header):
        values = [row[index] for row in rows]
        kinds = {
            "number" if isinstance(v, (int, float)) else type(v).__name__
            for v in values
            if v is not None
        }
        if len(kinds) > 1:
            values = [None if v is None else _text(v) for v in values]
        columns[name] = values
    return columns, [list(cells) for cells in zip(*columns.values(), strict=True)]


# -- parity ------------------------------------------------------------------------------

FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FEW
@given(tables(), st.booleans(), st.booleans())
def test_a_pandas_frame_reads_as_its_csv(table: Table, datetimes: bool, strings: bool) -> None:
    frame = _pandas_frame(table, datetimes=datetimes, strings=strings)
    header, rows = table
    expected = _outcome(lambda: read_workforce(io.StringIO(_csv(header, rows))))
    assert _outcome(lambda: workforce_from_dataframe(frame)) == expected


@FEW
@given(tables(numeric_ids=True))
def test_a_pandas_frame_of_numeric_identifiers_reads_as_its_csv(table: Table) -> None:
    frame = _pandas_frame(table, datetimes=False, strings=False)
    header, rows = table
    expected = _outcome(lambda: read_workforce(io.StringIO(_csv(header, rows))))
    assert _outcome(lambda: workforce_from_dataframe(frame)) == expected


@FEW
@given(st.one_of(tables(), tables(numeric_ids=True)), st.booleans())
def test_a_polars_frame_reads_as_its_csv(table: Table, lazy: bool) -> None:
    pl = pytest.importorskip("polars")
    columns, rows = _polars_columns(table)
    frame = pl.DataFrame(columns, strict=False)
    expected = _outcome(lambda: read_workforce(io.StringIO(_csv(table[0], rows))))
    given_frame = frame.lazy() if lazy else frame
    assert _outcome(lambda: workforce_from_dataframe(given_frame)) == expected


# -- examples ----------------------------------------------------------------------------

ROWS: list[list[Cell]] = [
    ["E1", "high", 3.0, "Corporate"],
    [None, None, None, None],
    ["E2", None, "low", "Policy"],
    ["", "", "", ""],
    ["E1", "low", "low", "Policy"],
    [None, "high", "high", None],
]


def test_blank_rows_are_blank_lines_and_line_numbers_are_the_csvs() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(ROWS, columns=list(HEADER))
    workforce = workforce_from_dataframe(frame)
    assert (workforce.rows_read, workforce.blank_lines, workforce.rows_placed) == (4, 2, 1)
    assert [(r.line, r.field) for r in workforce.rejected] == [
        (4, "performance"),
        (6, "employee_id"),
        (7, "employee_id"),
    ]
    assert list(workforce.lines()) == [2]
    assert workforce.placement(0).potential.value == "high"
    assert _outcome(lambda: workforce) == _outcome(
        lambda: read_workforce(io.StringIO(_csv(HEADER, ROWS)))
    )


def test_missing_values_of_every_kind_are_empty_cells() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "employee_id": pd.array(["E1", "E2", pd.NA, "E4"], dtype="string"),
            "performance": ["high", float("nan"), "low", None],
            "potential": pd.array([3, 1, pd.NA, 2], dtype="Int64"),
            "assessed_on": pd.to_datetime(["2025-07-01", None, None, "2025-07-03"]),
        }
    )
    workforce = workforce_from_dataframe(frame)
    assert list(workforce.employee_ids) == ["E1"]
    assert [(r.line, r.field) for r in workforce.rejected] == [
        (3, "performance"),
        (4, "employee_id"),
        (5, "performance"),
    ]
    assert workforce.placement(0).assessed_on == dt.date(2025, 7, 1)


def test_pandas_dates_read_as_their_year_first_text() -> None:
    pd = pytest.importorskip("pandas")
    rows: list[list[Cell]] = [
        ["E1", "high", "low", "A", dt.date(2025, 2, 3)],
        ["E2", "low", "low", "A", None],
    ]
    header = [*HEADER, DATE]
    frame = pd.DataFrame(rows, columns=header)
    frame[DATE] = pd.to_datetime(frame[DATE])
    workforce = workforce_from_dataframe(frame)
    assert list(workforce.dates(DATE)) == [dt.date(2025, 2, 3), None]
    assert _outcome(lambda: workforce) == _outcome(
        lambda: read_workforce(io.StringIO(_csv(header, rows)))
    )


def test_a_polars_frame_is_read_without_pandas_values() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(
        {
            "employee_id": ["E1", None, "E3"],
            "performance": ["high", None, "superb"],
            "potential": [3, None, 1],
            "assessed_on": [dt.date(2025, 7, 1), None, None],
        }
    )
    workforce = workforce_from_dataframe(frame)
    assert list(workforce.employee_ids) == ["E1"]
    assert (workforce.rows_read, workforce.blank_lines) == (2, 1)
    assert [(r.line, r.field) for r in workforce.rejected] == [(4, "performance")]
    assert workforce.placement(0).assessed_on == dt.date(2025, 7, 1)
    assert workforce.source == "DataFrame"


def test_anything_but_a_frame_is_refused() -> None:
    for value in ([["E1", "high", "high"]], {"employee_id": ["E1"]}, "people.csv"):
        with pytest.raises(ValidationError, match="expected a pandas or polars DataFrame") as info:
            workforce_from_dataframe(cast(Any, value))
        assert info.value.path == "frame"


def test_a_cell_that_is_not_a_value_is_refused_naming_its_line_and_column() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "employee_id": ["E1", "E2"],
            "performance": ["high", "low"],
            "potential": ["low", "low"],
            "Tenure": [None, pd.Timedelta(days=3)],
        }
    )
    with pytest.raises(ValidationError, match="Timedelta") as info:
        workforce_from_dataframe(frame)
    assert info.value.path == "DataFrame, line 3, Tenure"
    with pytest.raises(ValidationError) as hidden:
        workforce_from_dataframe(frame, redact=True)
    assert "'Tenure'" not in hidden.value.message


def test_numpy_values_in_an_object_column_are_read_as_python_values() -> None:
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    frame = pd.DataFrame(
        {
            "employee_id": pd.Series(["E1", np.str_("E2")], dtype=object),
            "performance": pd.Series([np.int64(3), np.float64(1.0)], dtype=object),
            "potential": pd.Series([np.int32(2), np.int8(1)], dtype=object),
            "assessed_on": pd.Series(
                [np.datetime64("2025-07-01T09:30:00.000000000"), np.datetime64("2025-07-02")],
                dtype=object,
            ),
        }
    )
    workforce = workforce_from_dataframe(frame)
    assert [p.performance.value for p in workforce.placements()] == ["high", "low"]
    assert list(workforce.dates("assessed_on")) == [dt.date(2025, 7, 1), dt.date(2025, 7, 2)]


# -- the numeric identifier warning ------------------------------------------------------


def _numeric_findings(workforce: Workforce) -> list[str]:
    return [f.message for f in workforce.findings if f.code == NUMERIC]


@pytest.mark.parametrize(
    "ids",
    [[1, 2], [1.0, None], ["001", "002"], ["E1", None]],
    ids=["int", "float", "text", "text-with-missing"],
)
def test_numeric_pandas_identifiers_are_warned_about(ids: list[Cell]) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"Employee ID": ids, "performance": ["high"] * 2, "potential": [1, 2]})
    found = _numeric_findings(workforce_from_dataframe(frame))
    if isinstance(ids[0], str):
        assert found == []
    else:
        (message,) = found
        assert "'Employee ID'" in message and "`dtype=str`" in message
        assert "leading zeros" in message


def test_the_warning_follows_the_identifier_column_named_in_columns() -> None:
    pd = pytest.importorskip("pandas")
    from apsperf.segmentation import Columns

    frame = pd.DataFrame(
        {"Staff": [7, 8], "employee_id": ["a", "b"], "performance": [1, 2], "potential": [1, 2]}
    )
    assert _numeric_findings(workforce_from_dataframe(frame)) == []
    chosen = workforce_from_dataframe(frame, columns=Columns(employee_id="Staff"))
    assert len(_numeric_findings(chosen)) == 1
    assert list(chosen.employee_ids) == ["7", "8"]


def test_numeric_polars_identifiers_are_warned_about() -> None:
    pl = pytest.importorskip("polars")
    numbers = pl.DataFrame({"employee_id": [1, 2], "performance": [1, 2], "potential": [3, 3]})
    (finding,) = [f for f in workforce_from_dataframe(numbers).findings if f.code == NUMERIC]
    assert finding.severity.value == "warning" and finding.path == "employee_id"
    assert "`infer_schema=False`" in finding.message
    text = numbers.with_columns(pl.col("employee_id").cast(pl.String))
    assert _numeric_findings(workforce_from_dataframe(text)) == []


def test_the_warning_quotes_no_header_when_redacting() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"employee_id": [1, 2], "performance": [1, 2], "potential": [3, 3]})
    (message,) = _numeric_findings(workforce_from_dataframe(frame, redact=True))
    assert "'employee_id'" not in message and "<redacted>" in message
    assert "`dtype=str`" in message
