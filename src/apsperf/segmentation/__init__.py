"""The APS Talent Segmentation Model (formerly the APS Nine-Box Grid).

Performance (low / moderate / high) by potential (low / moderate / high) places each
person in one of nine named segments. Whole-workforce talent reviews read a workforce
file (:func:`read_workforce`), summarise it (:func:`review`), compare cycles
(:func:`movement`), run calibration checks and draw the nine-box picture.
"""

import importlib
from typing import TYPE_CHECKING, Any

from apsperf._display import register_display_module
from apsperf.segmentation.model._exports import EXPORTS

if TYPE_CHECKING:
    from apsperf.segmentation.analysis._accounting import (
        InputSummary,
        RejectionGroup,
        group_rejections,
    )
    from apsperf.segmentation.analysis._assessor_aspiration import (
        AssessorAspiration,
        aspiration_by_assessor,
    )
    from apsperf.segmentation.analysis._calibration import (
        CalibrationReport,
        calibrate,
    )
    from apsperf.segmentation.analysis._fairness import (
        TALENT_POOL,
        AspirationCompliance,
        AspirationCounts,
        AspirationTiming,
        FairnessCheck,
        GroupSelection,
        aspiration_compliance,
        fairness,
        write_fairness_csv,
    )
    from apsperf.segmentation.analysis._history import (
        NOT_PLACED,
        History,
        Pattern,
        PatternMatch,
        Trajectory,
        history,
        write_trajectories_csv,
    )
    from apsperf.segmentation.analysis._movement import (
        Movement,
        Transition,
        movement,
    )
    from apsperf.segmentation.analysis._moves import (
        GroupMoves,
        MovesByGroup,
        PersonMoved,
    )
    from apsperf.segmentation.analysis._raters import (
        AxisEffect,
        AxisEffects,
        RaterEffect,
        RaterEffects,
        rater_effects,
    )
    from apsperf.segmentation.analysis._results import (
        ReviewCheck,
        ReviewReport,
        SegmentResult,
    )
    from apsperf.segmentation.analysis._review import (
        CalibrationCheck,
        GroupBreakdown,
        GroupCounts,
        HiddenGroup,
        SegmentCount,
        TalentReview,
        check_distribution,
        check_independence,
    )
    from apsperf.segmentation.analysis._suppression import (
        HIDDEN_GROUPS,
        MIN_CELL,
    )
    from apsperf.segmentation.analysis._talent_review import (
        breakdown,
        review,
        review_hidden,
    )
    from apsperf.segmentation.analysis._trends import (
        AxisMovement,
        GroupTrend,
        PoolTrend,
        Rate,
        TransitionRates,
        transition_rates,
    )
    from apsperf.segmentation.io._changes import (
        read_changes,
    )
    from apsperf.segmentation.io._frames import (
        workforce_from_dataframe,
    )
    from apsperf.segmentation.io._labels import (
        BoxMap,
        LabelMaps,
        box_map,
        label_map,
        read_label_maps,
    )
    from apsperf.segmentation.io._reader import (
        read_workforce,
        workforce_from_rows,
    )
    from apsperf.segmentation.io._samples import (
        sample_calibration_paths,
        sample_workforce_path,
    )
    from apsperf.segmentation.io._sessions import (
        load_session,
        save_session,
    )
    from apsperf.segmentation.model._columns import (
        Columns,
    )
    from apsperf.segmentation.model._flows import (
        MovementCounts,
    )
    from apsperf.segmentation.model._levels import (
        Direction,
        Level,
        Segment,
        grid_layout,
        levels_for,
        segment_for,
    )
    from apsperf.segmentation.model._placement import (
        Banding,
        Placement,
        check_placement,
        normalise_employee_id,
    )
    from apsperf.segmentation.model._session import (
        SESSION_VERSION,
        AppliedChange,
        CalibrationChange,
        CalibrationSession,
        EntryKind,
        SessionEntry,
        SessionHead,
        proposals_digest,
    )
    from apsperf.segmentation.model._workforce import (
        RejectedRow,
        Workforce,
    )
    from apsperf.segmentation.render._calibrated import (
        parse_level_numbers,
        write_calibrated_csv,
        write_calibrated_xlsx,
    )
    from apsperf.segmentation.render._calibration_workbook import (
        write_calibration_xlsx,
    )
    from apsperf.segmentation.render._formats import (
        render_report,
    )
    from apsperf.segmentation.render._frames import (
        review_from_dataframe,
        to_pandas,
        to_polars,
    )
    from apsperf.segmentation.render._history_html import (
        history_html,
    )
    from apsperf.segmentation.render._history_workbook import (
        write_history_xlsx,
    )
    from apsperf.segmentation.render._pack import (
        calibration_pack_html,
    )
    from apsperf.segmentation.render._plot import (
        plot_nine_box,
    )
    from apsperf.segmentation.render._report import (
        check_reading,
        cycle_label,
        nine_box_svg,
        review_html,
        review_text,
        write_placements_csv,
        write_placements_json,
    )
    from apsperf.segmentation.render._text import (
        calibration_text,
        history_text,
    )
    from apsperf.segmentation.render._workbook import (
        write_review_xlsx,
    )

# Every name loads on first use, from the module that defines it (model/_exports.py), so a
# command imports only what it runs: ``apsperf review`` never loads the calibration.
_LAZY = {name: module for module, names in EXPORTS.items() for name in names}

# The notebook displays of models and results are rendering's: registered by name, loaded
# the first time a value is displayed (models never import rendering).
register_display_module("apsperf.segmentation.render._notebook")

__all__ = [
    "HIDDEN_GROUPS",
    "MIN_CELL",
    "NOT_PLACED",
    "SESSION_VERSION",
    "TALENT_POOL",
    "AppliedChange",
    "AspirationCompliance",
    "AspirationCounts",
    "AspirationTiming",
    "AssessorAspiration",
    "AxisEffect",
    "AxisEffects",
    "AxisMovement",
    "Banding",
    "BoxMap",
    "CalibrationChange",
    "CalibrationCheck",
    "CalibrationReport",
    "CalibrationSession",
    "Columns",
    "Direction",
    "EntryKind",
    "FairnessCheck",
    "GroupBreakdown",
    "GroupCounts",
    "GroupMoves",
    "GroupSelection",
    "GroupTrend",
    "HiddenGroup",
    "History",
    "InputSummary",
    "LabelMaps",
    "Level",
    "Movement",
    "MovementCounts",
    "MovesByGroup",
    "Pattern",
    "PatternMatch",
    "PersonMoved",
    "Placement",
    "PoolTrend",
    "Rate",
    "RaterEffect",
    "RaterEffects",
    "RejectedRow",
    "RejectionGroup",
    "ReviewCheck",
    "ReviewReport",
    "Segment",
    "SegmentCount",
    "SegmentResult",
    "SessionEntry",
    "SessionHead",
    "TalentReview",
    "Trajectory",
    "Transition",
    "TransitionRates",
    "Workforce",
    "aspiration_by_assessor",
    "aspiration_compliance",
    "box_map",
    "breakdown",
    "calibrate",
    "calibration_pack_html",
    "calibration_text",
    "check_distribution",
    "check_independence",
    "check_placement",
    "check_reading",
    "cycle_label",
    "fairness",
    "grid_layout",
    "group_rejections",
    "history",
    "history_html",
    "history_text",
    "label_map",
    "levels_for",
    "load_session",
    "movement",
    "nine_box_svg",
    "normalise_employee_id",
    "parse_level_numbers",
    "plot_nine_box",
    "proposals_digest",
    "rater_effects",
    "read_changes",
    "read_label_maps",
    "read_workforce",
    "render_report",
    "review",
    "review_from_dataframe",
    "review_hidden",
    "review_html",
    "review_text",
    "sample_calibration_paths",
    "sample_workforce_path",
    "save_session",
    "segment_for",
    "to_pandas",
    "to_polars",
    "transition_rates",
    "workforce_from_dataframe",
    "workforce_from_rows",
    "write_calibrated_csv",
    "write_calibrated_xlsx",
    "write_calibration_xlsx",
    "write_fairness_csv",
    "write_history_xlsx",
    "write_placements_csv",
    "write_placements_json",
    "write_review_xlsx",
    "write_trajectories_csv",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
