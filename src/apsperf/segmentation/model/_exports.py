"""What ``apsperf.segmentation`` exports, and from which module: one table, two readers.

The package facade loads each name on first use from the module named here, so that a
command imports only the modules it runs (``apsperf review`` never loads the calibration's).
Each module here that defines a class calls :func:`named_in_package` as it finishes
loading, so its classes carry the package's name (``apsperf.segmentation.Level``) however
they were first imported: a class's name never depends on what was imported before it.
"""

from __future__ import annotations

from typing import Any, Final

from apsperf._public import relabel

PACKAGE: Final = "apsperf.segmentation"

EXPORTS: Final[dict[str, tuple[str, ...]]] = {
    "model._columns": ("Columns",),
    "model._flows": ("MovementCounts",),
    "model._levels": (
        "Direction",
        "Level",
        "Segment",
        "grid_layout",
        "levels_for",
        "segment_for",
    ),
    "model._placement": (
        "Banding",
        "Placement",
        "check_placement",
        "normalise_employee_id",
    ),
    "model._session": (
        "AppliedChange",
        "CalibrationChange",
        "CalibrationSession",
        "EntryKind",
        "SESSION_VERSION",
        "SessionEntry",
        "SessionHead",
        "proposals_digest",
    ),
    "model._workforce": (
        "RejectedRow",
        "Workforce",
    ),
    "io._changes": ("read_changes",),
    "io._frames": ("workforce_from_dataframe",),
    "io._labels": (
        "BoxMap",
        "LabelMaps",
        "box_map",
        "label_map",
        "read_label_maps",
    ),
    "io._reader": (
        "read_workforce",
        "workforce_from_rows",
    ),
    "io._samples": (
        "sample_calibration_paths",
        "sample_workforce_path",
    ),
    "io._sessions": (
        "load_session",
        "save_session",
    ),
    "analysis._accounting": (
        "InputSummary",
        "RejectionGroup",
        "group_rejections",
    ),
    "analysis._assessor_aspiration": (
        "AssessorAspiration",
        "aspiration_by_assessor",
    ),
    "analysis._calibration": (
        "CalibrationReport",
        "calibrate",
    ),
    "analysis._fairness": (
        "AspirationCompliance",
        "AspirationCounts",
        "AspirationTiming",
        "FairnessCheck",
        "GroupSelection",
        "TALENT_POOL",
        "aspiration_compliance",
        "fairness",
        "write_fairness_csv",
    ),
    "analysis._history": (
        "History",
        "NOT_PLACED",
        "Pattern",
        "PatternMatch",
        "Trajectory",
        "history",
        "write_trajectories_csv",
    ),
    "analysis._movement": (
        "Movement",
        "Transition",
        "movement",
    ),
    "analysis._moves": (
        "GroupMoves",
        "MovesByGroup",
        "PersonMoved",
    ),
    "analysis._raters": (
        "AxisEffect",
        "AxisEffects",
        "RaterEffect",
        "RaterEffects",
        "rater_effects",
    ),
    "analysis._results": (
        "ReviewCheck",
        "ReviewReport",
        "SegmentResult",
    ),
    "analysis._review": (
        "CalibrationCheck",
        "GroupBreakdown",
        "GroupCounts",
        "HiddenGroup",
        "SegmentCount",
        "TalentReview",
        "check_distribution",
        "check_independence",
    ),
    "analysis._suppression": (
        "HIDDEN_GROUPS",
        "MIN_CELL",
    ),
    "analysis._talent_review": (
        "breakdown",
        "review",
        "review_hidden",
    ),
    "analysis._trends": (
        "AxisMovement",
        "GroupTrend",
        "PoolTrend",
        "Rate",
        "TransitionRates",
        "transition_rates",
    ),
    "render._calibrated": (
        "parse_level_numbers",
        "write_calibrated_csv",
        "write_calibrated_xlsx",
    ),
    "render._calibration_workbook": ("write_calibration_xlsx",),
    "render._formats": ("render_report",),
    "render._frames": (
        "review_from_dataframe",
        "to_pandas",
        "to_polars",
    ),
    "render._history_html": ("history_html",),
    "render._history_workbook": ("write_history_xlsx",),
    "render._pack": ("calibration_pack_html",),
    "render._plot": ("plot_nine_box",),
    "render._report": (
        "check_reading",
        "cycle_label",
        "nine_box_svg",
        "review_html",
        "review_text",
        "write_placements_csv",
        "write_placements_json",
    ),
    "render._text": (
        "calibration_text",
        "history_text",
    ),
    "render._workbook": ("write_review_xlsx",),
}
"""Each module (under ``apsperf.segmentation``) and the public names it defines."""


def named_in_package(namespace: dict[str, Any]) -> None:
    """Give the classes a module exports (its ``namespace``) the package's module name."""
    module = namespace["__name__"].removeprefix(PACKAGE + ".")
    relabel(namespace, EXPORTS[module], module=PACKAGE)
