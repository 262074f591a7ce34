"""The APS Talent Segmentation Model (formerly the APS Nine-Box Grid).

Performance (low / moderate / high) by potential (low / moderate / high) places each
person in one of nine named segments.
"""

from apsperf._public import relabel
from apsperf.segmentation._levels import Level, Segment, grid_layout, levels_for, segment_for
from apsperf.segmentation._placement import Banding, Placement, check_placement

__all__ = [
    "Banding",
    "Level",
    "Placement",
    "Segment",
    "check_placement",
    "grid_layout",
    "levels_for",
    "segment_for",
]

relabel(globals(), __all__)
