"""The nine-box figure: drawn once, never left open in pyplot (so a notebook shows it once)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from apsperf.segmentation import (
    Placement,
    Segment,
    TalentReview,
    Workforce,
    plot_nine_box,
    review,
)


def _review() -> TalentReview:
    return review(
        Workforce.from_placements(
            Placement(
                employee_id=f"E{n}",
                performance=segment.performance,
                potential=segment.potential,
            )
            for n, segment in enumerate(list(Segment) * 3)
        )
    )


def test_a_new_figure_is_not_left_open_in_pyplot() -> None:
    plt.close("all")
    figure = plot_nine_box(_review(), title="Sample")
    assert isinstance(figure, Figure)
    assert plt.get_fignums() == []  # the inline backend has nothing to show a second time
    (ax,) = figure.axes
    assert ax.get_title() == "Sample"
    assert sum(text.get_text() == "3" for text in ax.texts) == 9
    assert figure.get_size_inches().tolist() == [7.0, 7.0]


def test_drawing_on_given_axes_returns_their_figure() -> None:
    plt.close("all")
    mine, ax = plt.subplots()
    try:
        assert plot_nine_box(_review(), ax=ax) is mine
        assert plt.get_fignums() == [mine.number]  # the caller's figure, still theirs
    finally:
        plt.close(mine)
