from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import (
    Level,
    Placement,
    Segment,
    Workforce,
    plot_nine_box,
    read_workforce,
    review,
    review_from_dataframe,
    sample_workforce_path,
    to_pandas,
    workforce_from_dataframe,
)

pd = pytest.importorskip("pandas")


def test_workforce_frame_round_trip() -> None:
    workforce = read_workforce(sample_workforce_path(2025))
    frame = to_pandas(workforce)
    assert len(frame) == len(workforce)
    assert list(frame.columns[:6]) == [
        "employee_id",
        "segment",
        "segment_label",
        "performance",
        "potential",
        "line",
    ]
    again = workforce_from_dataframe(
        frame[["employee_id", "performance", "potential", "Division", "Location"]]
    )
    assert list(again.employee_ids) == list(workforce.employee_ids)
    assert again.segment_codes() == workforce.segment_codes()
    assert review(again, by="Division", min_cell=None) == review(workforce).__class__(
        source="DataFrame",
        rows_read=len(workforce),
        segments=review(workforce).segments,
        breakdowns=review(workforce, by="Division", min_cell=None).breakdowns,
    )


def test_frame_with_missing_values_reports_rows() -> None:
    frame = pd.DataFrame(
        {
            "employee_id": ["E1", "E2", None],
            "performance": ["High", None, 1],
            "potential": [3, 2, 1],
        }
    )
    workforce = workforce_from_dataframe(frame)
    assert list(workforce.employee_ids) == ["E1"]
    assert [(r.line, r.field) for r in workforce.rejected] == [
        (3, "performance"),
        (4, "employee_id"),
    ]


def test_not_a_frame_is_rejected() -> None:
    with pytest.raises(ValidationError, match="DataFrame"):
        workforce_from_dataframe([["E1", "High", "High"]])  # type: ignore[arg-type]


@settings(max_examples=30)
@given(st.lists(st.tuples(st.sampled_from(Level), st.sampled_from(Level)), max_size=30))
def test_review_frame_round_trip(levels: list[tuple[Level, Level]]) -> None:
    workforce = Workforce.from_placements(
        Placement(employee_id=f"E{n}", performance=p, potential=q)
        for n, (p, q) in enumerate(levels)
    )
    result = review(workforce)
    frame = to_pandas(result)
    assert frame["count"].sum() == len(levels)
    assert review_from_dataframe(frame) == result


def test_review_frame_rejects_bad_counts() -> None:
    frame = pd.DataFrame({"segment": ["top-talent", "top-talent"], "count": [1, 2]})
    with pytest.raises(ValidationError, match="twice"):
        review_from_dataframe(frame)
    with pytest.raises(ValidationError, match="count"):
        review_from_dataframe(pd.DataFrame({"segment": ["uncertain"], "count": [-1]}))


def test_the_deprecated_wide_and_person_frames_are_gone() -> None:
    import apsperf.segmentation as segmentation

    for name in ("review_to_dataframe", "workforce_to_dataframe"):
        assert not hasattr(segmentation, name) and name not in segmentation.__all__


def test_plot_draws_every_segment() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    result = review(read_workforce(sample_workforce_path(2025)))
    figure = plot_nine_box(result, title="Sample")
    texts = {t.get_text() for t in figure.axes[0].texts}
    assert {s.label for s in Segment} <= texts
    assert f"{result.count(Segment.WELL_PLACED):,}" in texts


def test_import_apsperf_does_not_import_pandas() -> None:
    code = "import sys, apsperf.segmentation; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
