"""Every per-person export reads back as the workforce it came from.

``to_pandas(workforce)`` read by ``workforce_from_dataframe``, ``write_placements_csv`` and
the review workbook's people sheet read by ``read_workforce``: the same people with the
same ratings, assessors, dates and grouping columns, whatever the grouping columns are
called (``segment``, ``LINE`` and ``segment_label`` included). What a read-back does not
keep: the source file's line numbers (the ``line`` column records them; the read-back's
own lines count its rows) and the rows the first read rejected (exported apart). A CSV
export is for spreadsheets: text a spreadsheet would run as a formula (``=x``, ``-x``) is
written with a leading apostrophe, and reads back with it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsperf.segmentation import (
    Workforce,
    read_workforce,
    review,
    to_pandas,
    workforce_from_dataframe,
    workforce_from_rows,
    write_placements_csv,
    write_review_xlsx,
)

pd = pytest.importorskip("pandas")
pytest.importorskip("openpyxl")

GROUP_NAMES = st.sampled_from(
    ["Division", "segment", "LINE", "Segment_Label", "Manager", "line (from file)", "Band"]
)
LEVELS = st.sampled_from(["low", "moderate", "high"])
DATES = st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()), st.just("not a date"))
TEXT = st.text(alphabet="abcXYZ _-=é", min_size=1, max_size=6).filter(lambda t: t.strip() == t)


@st.composite
def workforces(draw: st.DrawFn, formulas: bool = True) -> Workforce:
    groups = draw(st.lists(GROUP_NAMES, max_size=3, unique_by=str.casefold))
    optional = draw(
        st.lists(
            st.sampled_from(["Assessor", "Assessed on", "Aspiration conversation on"]), unique=True
        )
    )
    header = ["Employee ID", "Performance", "Potential", *optional, *groups]
    text = TEXT if formulas else TEXT.filter(lambda t: t[0] not in "=-")
    rows = []
    for number in range(draw(st.integers(1, 6))):
        row = [f"E{number}", draw(LEVELS), draw(LEVELS)]
        for name in optional:
            row.append(draw(text) if name == "Assessor" else draw(DATES))
        row += [draw(text) for _ in groups]
        rows.append(row)
    return workforce_from_rows(rows, header=header)


def _same_people(again: Workforce, workforce: Workforce) -> None:
    assert not again.rejected
    assert again.group_names == workforce.group_names
    assert list(again.placements()) == list(workforce.placements())
    assert "export-read-back" in {f.code for f in again.findings}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workforces())
def test_a_data_frame_reads_back(workforce: Workforce) -> None:
    _same_people(workforce_from_dataframe(to_pandas(workforce)), workforce)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workforces(formulas=False))
def test_the_people_csv_reads_back(workforce: Workforce) -> None:
    buffer = io.StringIO()
    write_placements_csv(workforce, buffer)
    _same_people(read_workforce(io.StringIO(buffer.getvalue())), workforce)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workforces())
def test_the_people_sheet_reads_back(workforce: Workforce) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = write_review_xlsx(review(workforce), Path(folder) / "r.xlsx", workforce=workforce)
        _same_people(read_workforce(path, sheet="people"), workforce)


def test_a_file_that_only_looks_like_an_export_keeps_its_columns() -> None:
    # without all three computed columns, a column named segment is a grouping column
    workforce = workforce_from_rows(
        [["E1", "high", "low", "x"]], header=["Employee ID", "Performance", "Potential", "segment"]
    )
    assert workforce.group_names == ("segment",)
    assert "export-read-back" not in {f.code for f in workforce.findings}


def test_a_formula_in_the_people_csv_reads_back_as_text() -> None:
    workforce = workforce_from_rows(
        [["E1", "high", "low", "=1+1"]], header=["Employee ID", "Performance", "Potential", "Team"]
    )
    buffer = io.StringIO()
    write_placements_csv(workforce, buffer)
    (person,) = read_workforce(io.StringIO(buffer.getvalue())).placements()
    assert person.groups == {"Team": "'=1+1"}
