from __future__ import annotations

import csv
import io
import json
import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import Severity, ValidationError
from apsperf.cli import main
from apsperf.segmentation import (
    CalibrationCheck,
    Direction,
    Level,
    Placement,
    ReviewReport,
    Segment,
    TalentReview,
    Workforce,
    check_distribution,
    check_independence,
    grid_layout,
    movement,
    nine_box_svg,
    read_workforce,
    review,
    review_html,
    sample_workforce_path,
    write_placements_csv,
)
from apsperf.segmentation.analysis._stats import chi_square_sf
from apsperf.serialization import from_dict, from_json, to_json

from ..paths import load_script

ROOT = Path(__file__).resolve().parents[2]

people = st.lists(
    st.tuples(st.sampled_from(Level), st.sampled_from(Level), st.sampled_from("ABC")),
    max_size=60,
)


def workforce_of(rows: list[tuple[Level, Level, str]], prefix: str = "E") -> Workforce:
    return Workforce.from_placements(
        Placement(employee_id=f"{prefix}{n}", performance=p, potential=q, groups={"g": g})
        for n, (p, q, g) in enumerate(rows)
    )


@given(people)
def test_counts_sum_to_rows_placed(rows: list[tuple[Level, Level, str]]) -> None:
    result = review(workforce_of(rows), by="g" if rows else ())
    whole = review(workforce_of(rows), by="g" if rows else (), min_cell=None)
    assert sum(c.count for c in result.segments) == result.rows_placed == len(rows)
    assert sum(map(sum, result.grid())) == len(rows)
    if rows:
        assert sum(g.total for g in whole.breakdown("g").groups) == len(rows)
        # Suppressed, the groups shown and the hidden groups combined still add up.
        shown = result.breakdown("g")
        hidden = sum(c.count for c in shown.hidden_counts or ())
        assert sum(g.total for g in shown.groups) + hidden == shown.total == len(rows)
        assert shown.group_count == whole.breakdown("g").group_count
    if rows:
        assert sum(result.share(s) for s in Segment) == pytest.approx(1.0)


@given(people, st.randoms())
def test_review_of_a_shuffled_file_equals_the_original(
    rows: list[tuple[Level, Level, str]], rng: random.Random
) -> None:
    header = "employee_id,performance,potential,g\n"
    lines = [f"E{n},{p.value},{q.value},{g}" for n, (p, q, g) in enumerate(rows)]
    original = read_workforce(io.StringIO(header + "\n".join(lines) + "\n"))
    rng.shuffle(lines)
    shuffled = read_workforce(io.StringIO(header + "\n".join(lines) + "\n"))
    by = "g" if rows else ()
    assert review(original, by=by) == review(shuffled, by=by)


@given(people, people, st.integers(0, 30))
def test_movement_matrix_sums_to_the_common_population(
    before: list[tuple[Level, Level, str]], after: list[tuple[Level, Level, str]], shift: int
) -> None:
    previous = workforce_of(before)
    current = Workforce.from_placements(
        Placement(employee_id=f"E{n + shift}", performance=p, potential=q)
        for n, (p, q, _) in enumerate(after)
    )
    moved = movement(previous, current)
    common = set(previous.employee_ids) & set(current.employee_ids)
    assert moved.common == len(common)
    for i, segment in enumerate(Segment):
        assert sum(moved.matrix[i]) == sum(1 for e in common if previous.segment_of(e) is segment)
        assert sum(row[i] for row in moved.matrix) == sum(
            1 for e in common if current.segment_of(e) is segment
        )
    assert len(moved.joiners) + moved.common == len(current)
    assert len(moved.leavers) + moved.common == len(previous)
    assert moved.stayed + len(moved.transitions) == moved.common
    assert all(t.direction is not Direction.STAYED for t in moved.transitions)


def test_directions() -> None:
    from apsperf.segmentation.model._levels import (
        direction_of,
    )

    assert direction_of(Segment.WELL_PLACED, Segment.TOP_TALENT) is Direction.UP
    assert direction_of(Segment.WELL_PLACED, Segment.HIGH_ACHIEVER) is Direction.UP
    assert direction_of(Segment.WELL_PLACED, Segment.UNCERTAIN) is Direction.DOWN
    assert direction_of(Segment.PROVEN_PERFORMER, Segment.EMERGING_POTENTIAL) is Direction.ACROSS
    assert direction_of(Segment.UNCERTAIN, Segment.UNCERTAIN) is Direction.STAYED


@given(people)
def test_review_json_round_trip_is_identity(rows: list[tuple[Level, Level, str]]) -> None:
    result = review(workforce_of(rows), by=["g"] if rows else [])
    assert from_json(TalentReview, to_json(result)) == result


def test_review_keeps_rejected_rows_and_the_invariant() -> None:
    workforce = read_workforce(sample_workforce_path(2025))
    result = review(workforce)
    assert result.rows_read == result.rows_placed + len(result.rejected)
    assert [r.line for r in result.rejected] == [42, 202, 613]
    # A bad date is a finding on its row; the person is placed and stays in the review.
    assert [(f.code, f.path) for f in result.findings] == [
        ("date-unreadable", "line 907, Assessed on")
    ]
    assert workforce.segment_of("E01003") is Segment.HIGH_ACHIEVER
    with pytest.raises(ValidationError, match="rows read"):
        TalentReview(
            rows_read=result.rows_read + 1, segments=result.segments, rejected=result.rejected
        )


def test_unknown_breakdown_column_is_named() -> None:
    with pytest.raises(ValidationError, match="no grouping column 'Region'"):
        review(read_workforce(sample_workforce_path(2025)), by="Region")


# --- calibration ----------------------------------------------------------------------------


def test_distribution_check_matches_a_hand_computation() -> None:
    rows = [(Level.HIGH, Level.HIGH, "A")] * 30 + [(Level.LOW, Level.LOW, "A")] * 70
    result = review(workforce_of(rows))
    check = check_distribution(result, {Segment.TOP_TALENT: 50, Segment.STRONGEST_CONCERN: 50})
    assert check.statistic == pytest.approx((30 - 50) ** 2 / 50 * 2)
    assert check.degrees_of_freedom == 1
    assert check.p_value == pytest.approx(chi_square_sf(16.0, 1))
    assert check.significant()


def test_distribution_check_flags_people_where_none_are_expected() -> None:
    rows = [(Level.HIGH, Level.HIGH, "A")] * 30 + [(Level.MODERATE, Level.LOW, "A")]
    check = check_distribution(review(workforce_of(rows)), {"top-talent": 1, "uncertain": 1})
    codes = {f.code: f for f in check.findings}
    assert codes["unexpected-segment"].severity is Severity.ERROR
    assert check.statistic is None and check.p_value is None and check.effect_size is None
    assert not check.significant()
    assert from_json(CalibrationCheck, to_json(check)) == check


def test_the_sample_with_a_zero_share_reports_no_statistic(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = review(read_workforce(sample_workforce_path(2025)))
    shares: dict[Segment | str, float] = {s: 10.0 for s in Segment}
    shares[Segment.TOP_TALENT] = 0
    check = check_distribution(result, shares)
    assert [f.code for f in check.findings] == ["unexpected-segment"]
    assert (check.statistic, check.p_value, check.effect_size) == (None, None, None)
    html = review_html(result, checks=[("Distribution", check)])
    assert "No test was run" in html and "Chi-square" not in html
    expected = ",".join(f"{s.value}={0 if s is Segment.TOP_TALENT else 10}" for s in Segment)
    assert main(["review", "--sample", "--expected", expected]) == 0
    out = capsys.readouterr().out
    assert "No test was run" in out and "6.25e-83" not in out
    assert main(["review", "--sample", "--expected", expected, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (entry,) = data["checks"]
    assert entry["check"]["statistic"] is None and entry["check"]["p_value"] is None


def test_too_few_categories_report_no_statistic() -> None:
    result = review(workforce_of([(Level.HIGH, Level.HIGH, "A")] * 3), by="g")
    check = check_independence(result, "g")
    assert [f.code for f in check.findings] == ["too-few-categories"]
    assert (check.statistic, check.p_value, check.effect_size) == (None, None, None)


def test_an_empty_review_reports_no_statistic() -> None:
    check = check_distribution(review(workforce_of([])), {Segment.TOP_TALENT: 1})
    assert [f.code for f in check.findings] == ["empty-review"]
    assert (check.statistic, check.p_value, check.effect_size) == (None, None, None)


def test_small_cells_are_flagged_not_tested() -> None:
    rows = [
        (Level.HIGH, Level.HIGH, "A"),
        (Level.LOW, Level.LOW, "B"),
        (Level.LOW, Level.HIGH, "C"),
    ] * 2
    whole = review(workforce_of(rows), by="g", min_cell=None)
    check = check_independence(whole, "g", min_cell=None)
    assert check.p_value is None
    assert [f.code for f in check.findings] == ["small-expected-counts"]


def test_independence_on_the_sample_matches_scipy() -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    result = review(read_workforce(sample_workforce_path(2025)), by="Location")
    check = check_independence(result, "Location")
    chi2, p, dof, _ = scipy_stats.chi2_contingency(check.observed, correction=False)
    assert check.statistic == pytest.approx(chi2)
    assert check.degrees_of_freedom == dof
    if check.p_value is not None:
        assert check.p_value == pytest.approx(p)


@given(st.floats(0, 500), st.integers(1, 100))
def test_chi_square_p_values_match_scipy(statistic: float, df: int) -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    assert chi_square_sf(statistic, df) == pytest.approx(
        scipy_stats.chi2.sf(statistic, df), rel=1e-9, abs=1e-12
    )


def test_bad_expected_shape_is_rejected() -> None:
    result = review(workforce_of([(Level.HIGH, Level.HIGH, "A")]))
    with pytest.raises(ValidationError, match="not a segment"):
        check_distribution(result, {"superstars": 1.0})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="non-negative"):
        check_distribution(result, {Segment.TOP_TALENT: -1})
    with pytest.raises(ValidationError, match="positive"):
        check_distribution(result, {Segment.TOP_TALENT: 0})


# --- pictures and exports -------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script>'


def test_html_report_escapes_input_and_is_self_contained() -> None:
    rows = [(Level.HIGH, Level.HIGH, HOSTILE), (Level.LOW, Level.LOW, "B&B")]
    result = review(workforce_of(rows), by="g")
    page = review_html(result, checks=[("By g", check_independence(result, "g"))], title=HOSTILE)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "B&amp;B" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page


def test_svg_shows_every_segment_in_grid_order() -> None:
    result = review(read_workforce(sample_workforce_path(2025)))
    svg = nine_box_svg(result)
    positions = [svg.index(f">{s.label}<") for row in grid_layout() for s in row]
    assert positions == sorted(positions)
    for s in Segment:
        assert f">{result.count(s):,}<" in svg
    assert result._repr_html_().count("<svg") == 1


def test_csv_export_neutralises_formulas() -> None:
    workforce = Workforce.from_placements(
        [
            Placement(
                employee_id='=HYPERLINK("x")',
                performance=Level.HIGH,
                potential=Level.LOW,
                groups={"division": "+SUM(A1)"},
            ),
            Placement(
                employee_id="E2",
                performance=Level.LOW,
                potential=Level.LOW,
                groups={"division": "@cmd"},
            ),
        ]
    )
    buffer = io.StringIO()
    write_placements_csv(workforce, buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[0][:3] == ["employee_id", "segment", "segment_label"]
    assert rows[1][0] == '\'=HYPERLINK("x")' and rows[1][-1] == "'+SUM(A1)"
    assert rows[2][-1] == "'@cmd"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


# --- command line ----------------------------------------------------------------------------


def test_cli_review_of_the_sample_writes_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.html"
    assert main(["review", "--sample", "--by", "Division", "--html", str(report)]) == 0
    out = capsys.readouterr().out
    assert "1,829 rows read, 1,826 placed, 3 not placed" in out
    assert "×1 [Performance]: 'Exceeds' is not a level" in out and "(line 42)" in out
    assert "previous   workforce-2024.csv: 1,800 rows read, 1,800 placed, 0 not placed" in out
    assert "Movement since 2024" in out
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_review_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = sample_workforce_path(2025)
    assert (
        main(
            [
                "review",
                str(path),
                "--previous",
                str(sample_workforce_path(2024)),
                "--format",
                "json",
                "--by",
                "Location",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    talent = data["review"]
    assert talent["rows_read"] == sum(s["count"] for s in talent["segments"]) + len(
        talent["rejected"]
    )
    assert [b["column"] for b in talent["breakdowns"]] == ["Location"]
    assert [c["heading"] for c in data["checks"]] == ["Placements by Location"]
    report = from_dict(ReviewReport, data)
    assert report.movement is not None and report.movement.common > 0
    assert report.review == review(read_workforce(path), by="Location")


@pytest.mark.parametrize(
    "argv",
    [
        ["review"],
        ["review", "--sample", "x.csv"],
        ["review", "missing.csv"],
        ["review", "--sample", "--by", "Region"],
        ["review", "--sample", "--performance-bands", "1,2"],
        ["review", "--sample", "--expected", "top-talent"],
    ],
)
def test_cli_review_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_committed_sample_matches_its_generator() -> None:
    module = load_script("make_sample_workforce")
    for name, text in module.generate().items():
        committed = ROOT / "src" / "apsperf" / "segmentation" / "samples" / name
        assert committed.read_text(encoding="utf-8") == text, name


@settings(max_examples=25)
@given(people)
def test_movement_between_identical_cycles_is_all_stayed(
    rows: list[tuple[Level, Level, str]],
) -> None:
    workforce = workforce_of(rows)
    moved = movement(workforce, workforce)
    assert moved.stayed == len(rows) and not moved.transitions
    assert not moved.joiners and not moved.leavers


def test_a_vanishing_expected_share_is_left_out_not_infinite() -> None:
    result = review(read_workforce(sample_workforce_path(2025)))
    shares = {segment: 10.0 for segment in Segment}
    shares[Segment.TOP_TALENT] = 5e-324  # the smallest float: its chi-square term overflows
    check = check_distribution(result, shares)
    assert check.statistic is None and check.effect_size is None and check.p_value is None
    assert check.degrees_of_freedom == 7
    assert [f.path for f in check.findings if f.code == "unexpected-segment"] == ["top-talent"]
    assert from_json(CalibrationCheck, to_json(check)) == check


def test_non_finite_numbers_are_not_written_as_json() -> None:
    check = CalibrationCheck(
        test="goodness-of-fit",
        statistic=math.inf,
        degrees_of_freedom=1,
        p_value=None,
        effect_size=0.0,
        observed=((1,),),
        expected=((1.0,),),
        row_labels=("all",),
        column_labels=("x",),
    )
    with pytest.raises(ValidationError, match="cannot be written as JSON"):
        to_json(check)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["review", "--sample", "--expected", "top-talnt=10"],
            "--expected: 'top-talnt' is not a segment (did you mean 'top-talent'?); "
            "expected one of " + ", ".join(s.value for s in Segment),
        ),
        (
            ["review", "--sample", "--expected", "top-talent=ten"],
            "--expected top-talent: 'ten' is not a number",
        ),
    ],
)
def test_cli_expected_names_the_bad_part(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_every_segment_reader_names_the_unknown_segment() -> None:
    result = review(workforce_of([(Level.HIGH, Level.HIGH, "A")]))
    for read in (
        lambda: Segment.parse("top-talnt"),
        lambda: Segment.from_slug("top-talnt"),
        lambda: check_distribution(result, {"top-talnt": 1.0}),
    ):
        with pytest.raises(ValidationError, match=r"'top-talnt' is not a segment.*top-talent, "):
            read()


def test_a_rejected_row_is_not_placed_not_a_leaver_or_joiner() -> None:
    before = read_workforce(sample_workforce_path(2024))
    now = read_workforce(sample_workforce_path(2025))
    rejected_now = {r.employee_id for r in now.rejected if r.employee_id}
    moved = movement(before, now)
    assert moved.not_placed_current == ("E00044",)
    assert not set(moved.leavers) & rejected_now
    assert len(moved.leavers) == 163
    back = movement(now, before)
    assert back.not_placed_previous == ("E00044",)
    assert not set(back.joiners) & rejected_now
    assert from_json(type(moved), to_json(moved)) == moved
    html = review_html(review(now), moved=moved)
    assert "1 placed last cycle was not placed this cycle" in html


def test_cli_review_reports_not_placed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "--sample"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # prose is wrapped for the terminal
    assert "163 left. 1 placed last cycle was not placed this cycle" in out
    assert main(["review", "--sample", "--format", "json"]) == 0
    moved = json.loads(capsys.readouterr().out)["movement"]
    assert (len(moved["leavers"]), len(moved["not_placed_current"])) == (163, 1)
    assert moved["not_placed_current"] == ["E00044"]
