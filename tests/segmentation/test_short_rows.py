"""A CSV row whose trailing empty cells were left out reads as the full row would.

Spreadsheets pad a row to the header's width; CSV writers often leave empty trailing cells
out (or add extra ones). Either way the row is the same row, on every reading path.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf.segmentation import Workforce, read_workforce

HEADER = "Employee ID,Performance,Potential,Division,Assessor"
CELLS = st.sampled_from(["", "high", "low", "A", "B", "2"])


def _read(lines: list[str]) -> Workforce:
    return read_workforce(io.StringIO(HEADER + "\n" + "\n".join(lines) + "\n"))


def _summary(workforce: Workforce) -> object:
    return (
        list(workforce.placements()),
        [(r.line, r.field) for r in workforce.rejected],
        workforce.blank_lines,
        workforce.rows_read,
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=2, max_size=2), min_size=1, max_size=40), st.data())
def test_trailing_empty_cells_left_out_or_added_change_nothing(
    extras: list[list[str]], data: st.DataObject
) -> None:
    full, short = [], []
    for number, (division, assessor) in enumerate(extras):
        level = data.draw(st.sampled_from(["high", "low", "moderate"]))
        cells = [f"E{number}", level, "low", division, assessor]
        full.append(",".join(cells))
        while len(cells) > 3 and cells[-1] == "":
            cells.pop()
        cells += [""] * data.draw(st.integers(0, 2))  # or extra empty cells after the last
        short.append(",".join(cells))
    assert _summary(_read(short)) == _summary(_read(full))


def test_a_row_with_a_value_beyond_the_header_is_still_refused() -> None:
    (row,) = _read(["E1,high,low,A,B,extra"]).rejected
    assert row.reason == "expected 5 fields, found 6"
