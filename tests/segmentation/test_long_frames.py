"""Long data frames (to_pandas, to_polars) and crossed breakdowns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from apsperf import ValidationError
from apsperf.segmentation import (
    HIDDEN_GROUPS,
    MIN_CELL,
    Direction,
    GroupBreakdown,
    GroupCounts,
    Level,
    Placement,
    RejectedRow,
    Segment,
    SegmentCount,
    Workforce,
    breakdown,
    check_independence,
    movement,
    read_workforce,
    review,
    sample_workforce_path,
    to_pandas,
    to_polars,
)

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

SEGMENT_NAMES = [s.value for s in Segment]


def _person(n: int, perf: Level, pot: Level, division: str, grade: str) -> Placement:
    return Placement(
        employee_id=f"E{n}",
        performance=perf,
        potential=pot,
        groups={"Division": division, "Classification": grade},
    )


@pytest.fixture(scope="module")
def current() -> Workforce:
    return read_workforce(sample_workforce_path(2025))


@pytest.fixture(scope="module")
def previous() -> Workforce:
    return read_workforce(sample_workforce_path(2024))


def _rows(frame: Any) -> list[dict[str, Any]]:
    """Rows of either library's frame as dictionaries, missing values as None."""
    if isinstance(frame, pl.DataFrame):
        return frame.to_dicts()
    return [
        {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in r.items()}
        for r in frame.astype(object).to_dict("records")
    ]


def _kinds(frame: Any) -> dict[str, str]:
    """Each column's type, named the same way for both libraries."""
    if isinstance(frame, pl.DataFrame):
        names = {
            pl.String: "text",
            pl.Int64: "int",
            pl.Float64: "float",
            pl.Boolean: "bool",
        }
        out = {}
        for name, dtype in frame.schema.items():
            if isinstance(dtype, pl.Enum):
                out[name] = "enum:" + ",".join(dtype.categories.to_list())
            else:
                out[name] = names[dtype.base_type()]
        return out
    out = {}
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            assert dtype.ordered
            out[name] = "enum:" + ",".join(dtype.categories)
        elif isinstance(dtype, pd.StringDtype):
            out[name] = "text"
        else:
            out[name] = {
                "int64": "int",
                "Int64": "int",
                "float64": "float",
                "Float64": "float",
                "bool": "bool",
            }[str(dtype)]
    return out


LIBRARIES: list[Callable[..., Any]] = [to_pandas, to_polars]
SEG = "enum:" + ",".join(SEGMENT_NAMES)


@pytest.mark.parametrize("convert", LIBRARIES)
def test_review_frame(convert: Callable[..., Any], current: Workforce) -> None:
    result = review(current)
    frame = convert(result)
    assert _kinds(frame) == {
        "segment": SEG,
        "label": "text",
        "performance": "text",
        "potential": "text",
        "count": "int",
        "share": "float",
    }
    rows = _rows(frame)
    assert [r["segment"] for r in rows] == SEGMENT_NAMES
    assert [r["count"] for r in rows] == [result.count(s) for s in Segment]
    assert sum(r["count"] for r in rows) == result.rows_placed
    assert rows[0]["share"] == pytest.approx(result.share(Segment.TOP_TALENT))
    assert rows[0]["label"] == Segment.TOP_TALENT.label


@pytest.mark.parametrize("convert", LIBRARIES)
def test_breakdown_frame(convert: Callable[..., Any], current: Workforce) -> None:
    by_division = review(current, by="Division", min_cell=None).breakdown("Division")
    frame = convert(by_division)
    assert _kinds(frame) == {
        "Division": "text",
        "group": "text",
        "segment": SEG,
        "count": "int",
        "share": "float",
    }
    if hasattr(frame, "attrs"):  # pandas marks a frame shown whole; polars has no attrs
        assert "NOT SUPPRESSED" in frame.attrs["apsperf_suppression"]
    rows = _rows(frame)
    assert len(rows) == 9 * len(by_division.groups)
    first = by_division.groups[0]
    mine = [r for r in rows if r["Division"] == first.value]
    assert [r["count"] for r in mine] == [first.count(s) for s in Segment]
    assert sum(r["share"] for r in mine) == pytest.approx(1.0)
    assert {r["group"] for r in rows} == {g.value for g in by_division.groups}


@pytest.mark.parametrize("convert", LIBRARIES)
def test_crossed_breakdown_frame(convert: Callable[..., Any], current: Workforce) -> None:
    crossed = breakdown(current, ["Division", "Classification"], min_cell=None)
    frame = convert(crossed)
    assert list(_kinds(frame)) == [
        "Division",
        "Classification",
        "group",
        "segment",
        "count",
        "share",
    ]
    rows = _rows(frame)
    assert sum(r["count"] for r in rows) == len(current)
    row = next(r for r in rows if r["count"])
    assert row["group"] == f"{row['Division']} × {row['Classification']}"
    # the crossed counts agree with counting the people directly
    people = [
        p
        for p in current.placements()
        if p.groups["Division"] == row["Division"]
        and p.groups["Classification"] == row["Classification"]
        and p.segment.value == row["segment"]
    ]
    assert len(people) == row["count"]


@pytest.mark.parametrize("convert", LIBRARIES)
def test_movement_frame(
    convert: Callable[..., Any], current: Workforce, previous: Workforce
) -> None:
    moved = movement(previous, current)
    frame = convert(moved)
    direction = "enum:up,down,across,stayed"
    assert _kinds(frame) == {
        "from_segment": SEG,
        "to_segment": SEG,
        "direction": direction,
        "count": "int",
        "share": "float",
    }
    rows = _rows(frame)
    assert len(rows) == 81
    assert sum(r["count"] for r in rows) == moved.common
    stayed = [r for r in rows if r["direction"] == "stayed"]
    assert [r["from_segment"] for r in stayed] == [r["to_segment"] for r in stayed]
    assert sum(r["count"] for r in stayed) == moved.stayed
    up = sum(r["count"] for r in rows if r["direction"] == "up")
    assert up == len(moved.moved(Direction.UP))
    cell = next(r for r in rows if r["from_segment"] == "high-achiever" and r["count"])
    assert cell["count"] == moved.count(Segment.HIGH_ACHIEVER, Segment(cell["to_segment"]))


@pytest.mark.parametrize("convert", LIBRARIES)
def test_rejected_frame(convert: Callable[..., Any], current: Workforce) -> None:
    rows = (*current.rejected, RejectedRow(line=99, reason="no id"))
    frame = convert(rows)
    assert _kinds(frame) == {
        "line": "int",
        "column": "text",
        "reason": "text",
        "employee_id": "text",
    }
    got = _rows(frame)
    assert [r["line"] for r in got] == [r.line for r in rows]
    assert got[-1] == {"line": 99, "column": None, "reason": "no id", "employee_id": None}
    assert got[0]["reason"] == rows[0].reason


@pytest.mark.parametrize("convert", LIBRARIES)
def test_empty_rejected_frame_has_typed_columns(convert: Callable[..., Any]) -> None:
    frame = convert(())
    assert _kinds(frame) == {
        "line": "int",
        "column": "text",
        "reason": "text",
        "employee_id": "text",
    }
    assert len(frame) == 0


@pytest.mark.parametrize("convert", LIBRARIES)
def test_workforce_frame(convert: Callable[..., Any], current: Workforce) -> None:
    frame = convert(current)
    kinds = _kinds(frame)
    assert kinds["segment"] == SEG
    assert kinds["line"] == "int"
    assert kinds["Division"] == "text"
    rows = _rows(frame)
    assert len(rows) == len(current)
    assert rows[0]["employee_id"] == current.employee_ids[0]
    assert rows[0]["segment"] == current.segment_of(current.employee_ids[0]).value  # type: ignore[union-attr]


def _small_breakdown() -> GroupBreakdown:
    people = []
    n = 0
    for division, size in (("Big", 40), ("Also big", 30), ("Middle", 20), ("Tiny", 3)):
        for i in range(size):
            level = (Level.LOW, Level.MODERATE, Level.HIGH)[i % 3]
            people.append(_person(n, level, level, division, "APS 4"))
            n += 1
    return breakdown(Workforce.from_placements(people), "Division", min_cell=None)


@pytest.mark.parametrize("convert", LIBRARIES)
def test_suppressed_breakdown(convert: Callable[..., Any]) -> None:
    table = _small_breakdown()
    frame = convert(table, min_cell=MIN_CELL)
    assert _kinds(frame)["suppressed"] == "bool"
    assert _kinds(frame)["count"] == "int"
    rows = _rows(frame)
    tiny = [r for r in rows if r["Division"] == "Tiny"]
    assert all(r["suppressed"] and r["count"] is None and r["share"] is None for r in tiny)
    # one hidden group would be worked out from the totals, and with one other beside a
    # small group that one's size would be known within a few: two more are hidden
    hidden = {r["Division"] for r in rows if r["suppressed"]}
    assert hidden == {"Tiny", "Middle", "Also big"}
    shown = [r for r in rows if not r["suppressed"]]
    assert shown and all(r["count"] == 0 or r["count"] >= MIN_CELL for r in shown)
    assert all(r["share"] is not None for r in shown)
    # the unsuppressed frame has no such column and no missing counts
    plain = _rows(convert(table))
    assert "suppressed" not in plain[0]
    assert all(r["count"] is not None for r in plain)
    # a breakdown from review() is suppressed already, by default: its frame shows what its
    # other outputs show, whatever min_cell the frame is asked for
    workforce = Workforce.from_placements(
        _person(n, level, level, division, "APS 4")
        for n, (division, level) in enumerate(
            (d, (Level.LOW, Level.MODERATE, Level.HIGH)[i % 3])
            for d, size in (("Big", 40), ("Also big", 30), ("Middle", 20), ("Tiny", 3))
            for i in range(size)
        )
    )
    default = _rows(convert(review(workforce, by="Division").breakdown("Division")))
    assert {r["Division"] for r in default if r["suppressed"]} == hidden
    assert {r["hidden"] for r in default if r["Division"] == "Tiny"} == {"small"}
    assert {r["hidden"] for r in default if r["Division"] == "Middle"} == {"protects-others"}
    assert {r["hidden"] for r in default if not r["suppressed"]} == {None}


@pytest.mark.parametrize("convert", LIBRARIES)
def test_suppressed_movement(
    convert: Callable[..., Any], current: Workforce, previous: Workforce
) -> None:
    moved = movement(previous, current)
    rows = _rows(convert(moved, min_cell=MIN_CELL))
    assert all(r["count"] is None or r["count"] == 0 or r["count"] >= MIN_CELL for r in rows)
    assert any(r["suppressed"] for r in rows)
    assert all((r["count"] is None) == r["suppressed"] == (r["share"] is None) for r in rows)


@pytest.mark.parametrize("convert", LIBRARIES)
def test_min_cell_is_refused_where_nothing_is_suppressed(
    convert: Callable[..., Any], current: Workforce
) -> None:
    with pytest.raises(ValidationError, match="breakdowns and movement only") as info:
        convert(review(current), min_cell=5)
    assert info.value.path == "min_cell"
    with pytest.raises(ValidationError, match="at least 3"):
        convert(_small_breakdown(), min_cell=2)


@pytest.mark.parametrize("convert", LIBRARIES)
def test_other_values_are_refused(convert: Callable[..., Any]) -> None:
    with pytest.raises(ValidationError, match="expected a TalentReview") as info:
        convert({"a": 1})
    assert info.value.path == "value"


def test_group_column_clashing_with_a_result_column_is_named() -> None:
    table = GroupBreakdown(
        column="segment",
        groups=(
            GroupCounts(value="x", segments=[SegmentCount(segment=s, count=1) for s in Segment]),
        ),
    )
    with pytest.raises(ValidationError, match="'segment' clashes"):
        to_pandas(table)


# -- crossed breakdowns --------------------------------------------------------------------


def test_crossed_breakdown_counts_each_combination() -> None:
    people = [
        _person(1, Level.HIGH, Level.HIGH, "A", "APS 4"),
        _person(2, Level.HIGH, Level.HIGH, "A", "APS 5"),
        _person(3, Level.LOW, Level.LOW, "A", "APS 5"),
        _person(4, Level.LOW, Level.LOW, "B", "APS 4"),
    ]
    workforce = Workforce.from_placements(people)
    crossed = breakdown(workforce, ["Division", "Classification"], min_cell=None)
    assert crossed.column == "Division × Classification"
    assert crossed.columns == ("Division", "Classification")
    assert [g.values for g in crossed.groups] == [("A", "APS 4"), ("A", "APS 5"), ("B", "APS 4")]
    assert crossed.groups[1].value == "A × APS 5"
    assert crossed.groups[1].count(Segment.TOP_TALENT) == 1
    assert crossed.groups[1].count(Segment.STRONGEST_CONCERN) == 1
    assert crossed.groups[1].total == 2
    whole = review(workforce, by=["Division", ("Division", "Classification")], min_cell=None)
    assert whole.breakdown(("Division", "Classification")) == crossed
    assert whole.breakdown("Division × Classification") == crossed
    assert whole.breakdown("Division").columns == ("Division",)
    assert breakdown(workforce, "Division", min_cell=None) == whole.breakdown("Division")
    check = check_independence(whole, ["Division", "Classification"], min_cell=None)
    assert check.row_labels == ("A × APS 4", "A × APS 5", "B × APS 4")
    # suppressed (every group here is small), the groups are tested as one hidden row
    result = review(workforce, by=["Division", ("Division", "Classification")])
    assert breakdown(workforce, "Division") == result.breakdown("Division")
    assert [h.values for h in result.breakdown(("Division", "Classification")).hidden] == [
        ("A", "APS 4"),
        ("A", "APS 5"),
        ("B", "APS 4"),
    ]
    hidden = check_independence(result, ["Division", "Classification"])
    assert hidden.row_labels == (HIDDEN_GROUPS,)


def test_crossed_breakdown_refuses_bad_columns() -> None:
    workforce = Workforce.from_placements([_person(1, Level.HIGH, Level.HIGH, "A", "APS 4")])
    with pytest.raises(ValidationError, match="no grouping column 'Nope'"):
        breakdown(workforce, ["Division", "Nope"])
    with pytest.raises(ValidationError, match="crossed with itself"):
        breakdown(workforce, ["Division", "Division"])
    with pytest.raises(ValidationError, match="at least one"):
        breakdown(workforce, [])


def test_crossed_breakdown_model_rules() -> None:
    nine = [SegmentCount(segment=s, count=0) for s in Segment]
    with pytest.raises(ValidationError, match="joined by"):
        GroupBreakdown(column="A and B", crossed=("A", "B"), groups=())
    with pytest.raises(ValidationError, match="at least two"):
        GroupBreakdown(column="A", crossed=("A",), groups=())
    with pytest.raises(ValidationError, match="one for each column") as info:
        GroupBreakdown(
            column="A × B", crossed=("A", "B"), groups=(GroupCounts(value="x", segments=nine),)
        )
    assert info.value.path == "groups[0].crossed"
    with pytest.raises(ValidationError, match="joined by"):
        GroupCounts(value="x", crossed=("x", "y"), segments=nine)
