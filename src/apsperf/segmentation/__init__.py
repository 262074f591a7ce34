"""The APS Talent Segmentation Model (formerly the APS Nine-Box Grid).

Performance (low / moderate / high) by potential (low / moderate / high) places each
person in one of nine named segments. Whole-workforce talent reviews read a workforce
file (:func:`read_workforce`), summarise it (:func:`review`), compare cycles
(:func:`movement`), run calibration checks and draw the nine-box picture.
"""

from apsperf._public import relabel
from apsperf.segmentation._frames import (
    review_from_dataframe,
    review_to_dataframe,
    workforce_from_dataframe,
    workforce_to_dataframe,
)
from apsperf.segmentation._levels import Level, Segment, grid_layout, levels_for, segment_for
from apsperf.segmentation._placement import Banding, Placement, check_placement
from apsperf.segmentation._plot import plot_nine_box
from apsperf.segmentation._report import (
    nine_box_svg,
    review_html,
    review_summary,
    review_text,
    write_placements_csv,
    write_placements_json,
)
from apsperf.segmentation._review import (
    CalibrationCheck,
    Direction,
    GroupBreakdown,
    GroupCounts,
    Movement,
    SegmentCount,
    TalentReview,
    Transition,
    check_distribution,
    check_independence,
    movement,
    review,
)
from apsperf.segmentation._samples import sample_workforce_path
from apsperf.segmentation._workforce import (
    Columns,
    RejectedRow,
    Workforce,
    read_workforce,
    workforce_from_rows,
)

__all__ = [
    "Banding",
    "CalibrationCheck",
    "Columns",
    "Direction",
    "GroupBreakdown",
    "GroupCounts",
    "Level",
    "Movement",
    "Placement",
    "RejectedRow",
    "Segment",
    "SegmentCount",
    "TalentReview",
    "Transition",
    "Workforce",
    "check_distribution",
    "check_independence",
    "check_placement",
    "grid_layout",
    "levels_for",
    "movement",
    "nine_box_svg",
    "plot_nine_box",
    "read_workforce",
    "review",
    "review_from_dataframe",
    "review_html",
    "review_summary",
    "review_text",
    "review_to_dataframe",
    "sample_workforce_path",
    "segment_for",
    "workforce_from_dataframe",
    "workforce_from_rows",
    "workforce_to_dataframe",
    "write_placements_csv",
    "write_placements_json",
]

relabel(globals(), __all__)
