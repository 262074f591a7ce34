"""A Matplotlib picture of the nine-box grid (the ``plot`` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from apsperf._arguments import checked
from apsperf.errors import require
from apsperf.segmentation.analysis._review import TalentReview
from apsperf.segmentation.model._levels import Level, grid_layout
from apsperf.segmentation.render._grid import _DARK, _FILL

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


@checked
def plot_nine_box(
    talent_review: TalentReview, *, ax: Axes | None = None, title: str = ""
) -> Figure:
    """Draw the nine-box grid with each segment's name, count and share.

    Draws on ``ax`` when given, else on a new figure; returns the figure. Needs
    Matplotlib: ``pip install 'apsperf[plot]'``.

    A new figure is made without pyplot, so it is not left open in pyplot's list of
    figures: as a notebook cell's last line it is shown once (by its own display), not a
    second time by the inline backend. Save it with ``figure.savefig(...)``.
    """
    figures: Any = require("matplotlib.figure", extra="plot", purpose="plotting")
    Rectangle = require("matplotlib.patches", extra="plot", purpose="plotting").Rectangle
    if ax is None:
        ax = figures.Figure(figsize=(7, 7)).subplots()
    figure: Any = ax.figure
    total = talent_review.rows_placed
    for row, segments in enumerate(grid_layout()):
        for column, segment in enumerate(segments):
            y = 2 - row
            ax.add_patch(
                Rectangle((column, y), 1, 1, facecolor=_FILL[segment], edgecolor="#444444")
            )
            count = talent_review.count(segment)
            share = f"{100 * count / total:.1f}%" if total else "0.0%"
            ink = "white" if segment in _DARK else "#222222"
            ax.text(
                column + 0.5,
                y + 0.75,
                segment.label,
                ha="center",
                va="center",
                fontsize=10,
                fontweight="bold",
                color=ink,
            )
            ax.text(
                column + 0.5,
                y + 0.45,
                f"{count:,}",
                ha="center",
                va="center",
                fontsize=18,
                color=ink,
            )
            ax.text(column + 0.5, y + 0.2, share, ha="center", va="center", fontsize=10, color=ink)
    labels = [level.label for level in (Level.LOW, Level.MODERATE, Level.HIGH)]
    ax.set_xlim(0, 3)
    ax.set_ylim(0, 3)
    ax.set_xticks([0.5, 1.5, 2.5], labels)
    ax.set_yticks([0.5, 1.5, 2.5], labels)
    ax.set_xlabel("Performance")
    ax.set_ylabel("Potential")
    ax.set_aspect("equal")
    ax.set_title(title or "Talent Segmentation Model")
    return cast("Figure", figure)
