"""Hypothesis strategies for every public apsperf model, for property-testing integrations.

An HR system that stores placements, a notebook that summarises a talent review or a tool
that exchanges apsperf documents can let Hypothesis (https://hypothesis.readthedocs.io)
generate the values instead of hand-writing fixtures. Every strategy draws only values the
library accepts, including awkward ones (non-ASCII names, missing optional dates, the
earliest and latest calendar dates), so a property test finds what an example test misses::

    from hypothesis import given

    from apsperf import testing
    from apsperf.serialization import from_dict, to_dict

    @given(testing.placements())
    def test_our_store_keeps_every_placement(placement):
        saved = our_store.save(to_dict(placement))
        assert from_dict(type(placement), our_store.load(saved)) == placement

Strategies take keyword refinements where a test needs a narrower draw, for example
``testing.placements(segment=Segment.TOP_TALENT)`` or
``testing.ratings(banding, Level.HIGH)``. Importing this module also registers each model's
strategy with Hypothesis, so ``st.from_type(Placement)`` and ``st.builds`` with inferred
arguments draw valid values too; :func:`strategy_for` looks one up by model class.

This module needs Hypothesis (install ``apsperf[test]``); ``import apsperf`` never imports
it.
"""

from __future__ import annotations

import enum
import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from apsperf.errors import ValidationError
from apsperf.testing._agreements import (
    assessment_ratings,
    assessment_results,
    assessment_scales,
    assessment_statuses,
    career_aspirations,
    critical_elements,
    detail_labels,
    development_areas,
    development_plans,
    element_kinds,
    expectations,
    leadership_behaviours,
    leadership_capabilities,
    learning_focuses,
    learning_needs,
    learning_priorities,
    outcome_guidances,
    performance_cycles,
    performance_measures,
    plan_check_reports,
    plan_contents,
    plan_details,
    plan_events,
    plan_heads,
    plan_revisions,
    plan_statuses,
    plan_templates,
    plan_verifications,
    plans,
    points_bands,
    rating_levels,
    rating_scales,
    review_notes,
    reward_decisions,
    ses_assessments,
    signatures,
    template_prompts,
    template_sections,
    unsatisfactory_processes,
    weighted_elements_policies,
    work_outcomes,
    working_relationships,
)
from apsperf.testing._core import findings, severities
from apsperf.testing._guides import (
    aspiration_guides,
    aspiration_pre_reads,
    career_conversations_guides,
    career_guides,
    coaching_mindsets,
    conversation_starters,
    conversation_steps,
    conversation_themes,
    development_additions,
    development_focuses,
    development_groups,
    development_options,
    editions,
    employee_copies,
    guide_keys,
    guide_texts,
    guidebooks,
    identity_fields,
    identity_prompts,
    leader_actions,
    leadership_guides,
    leadership_roles,
    learning_modes,
    manager_briefs,
    output_formats,
    overlays,
    reflection_answers,
    reflection_prompts,
    segment_overlays,
    self_reflection_templates,
    self_reflections,
    step_actions,
    suggested_openings,
    text_fixes,
    theme_overlays,
)
from apsperf.testing._maturity import (
    agencies_below,
    agency_names,
    agency_summaries,
    aggregate_ratings,
    aggregations,
    element_distributions,
    element_ratings,
    element_states,
    elements,
    focus_areas,
    implementation_records,
    maturity_assess_reports,
    maturity_levels,
    maturity_scales,
    maturity_states,
    milestone_kinds,
    milestone_progresses,
    milestone_statuses,
    milestones,
    report_formats,
    rollups,
    self_assessments,
    timelines,
)
from apsperf.testing._segmentation import (
    applied_changes,
    aspiration_compliances,
    aspiration_counts,
    aspiration_timings,
    axis_effects,
    bandings,
    calibration_changes,
    calibration_checks,
    calibration_reports,
    calibration_sessions,
    column_maps,
    directions,
    employee_ids,
    fairness_checks,
    group_breakdowns,
    group_counts,
    group_selections,
    histories,
    level_spellings,
    levels,
    movements,
    pattern_matches,
    patterns,
    placements,
    proposals_and_sessions,
    rater_effects_of,
    ratings,
    rejected_rows,
    review_checks,
    review_reports,
    segment_counts,
    segment_results,
    segment_spellings,
    segments,
    talent_reviews,
    trajectories,
    transitions,
    workforces,
)

__all__ = [
    "agencies_below",
    "agency_names",
    "agency_summaries",
    "aggregate_ratings",
    "aggregations",
    "applied_changes",
    "aspiration_compliances",
    "aspiration_counts",
    "aspiration_guides",
    "aspiration_pre_reads",
    "aspiration_timings",
    "assessment_ratings",
    "assessment_results",
    "assessment_scales",
    "assessment_statuses",
    "axis_effects",
    "bandings",
    "calibration_changes",
    "calibration_checks",
    "calibration_reports",
    "calibration_sessions",
    "career_aspirations",
    "career_conversations_guides",
    "career_guides",
    "coaching_mindsets",
    "column_maps",
    "conversation_starters",
    "conversation_steps",
    "conversation_themes",
    "critical_elements",
    "detail_labels",
    "development_additions",
    "development_areas",
    "development_focuses",
    "development_groups",
    "development_options",
    "development_plans",
    "directions",
    "editions",
    "element_distributions",
    "element_kinds",
    "element_ratings",
    "element_states",
    "elements",
    "employee_copies",
    "employee_ids",
    "expectations",
    "fairness_checks",
    "findings",
    "focus_areas",
    "group_breakdowns",
    "group_counts",
    "group_selections",
    "guide_keys",
    "guide_texts",
    "guidebooks",
    "histories",
    "identity_fields",
    "identity_prompts",
    "implementation_records",
    "leader_actions",
    "leadership_behaviours",
    "leadership_capabilities",
    "leadership_guides",
    "leadership_roles",
    "learning_focuses",
    "learning_modes",
    "learning_needs",
    "learning_priorities",
    "level_spellings",
    "levels",
    "manager_briefs",
    "maturity_assess_reports",
    "maturity_levels",
    "maturity_scales",
    "maturity_states",
    "milestone_kinds",
    "milestone_progresses",
    "milestone_statuses",
    "milestones",
    "model_classes",
    "movements",
    "outcome_guidances",
    "output_formats",
    "overlays",
    "pattern_matches",
    "patterns",
    "performance_cycles",
    "performance_measures",
    "placements",
    "plan_check_reports",
    "plan_contents",
    "plan_details",
    "plan_events",
    "plan_heads",
    "plan_revisions",
    "plan_statuses",
    "plan_templates",
    "plan_verifications",
    "plans",
    "points_bands",
    "proposals_and_sessions",
    "rater_effects_of",
    "rating_levels",
    "rating_scales",
    "ratings",
    "reflection_answers",
    "reflection_prompts",
    "rejected_rows",
    "report_formats",
    "review_checks",
    "review_notes",
    "review_reports",
    "reward_decisions",
    "rollups",
    "segment_counts",
    "segment_overlays",
    "segment_results",
    "segment_spellings",
    "segments",
    "self_assessments",
    "self_reflection_templates",
    "self_reflections",
    "ses_assessments",
    "severities",
    "signatures",
    "step_actions",
    "strategy_for",
    "suggested_openings",
    "talent_reviews",
    "template_prompts",
    "template_sections",
    "text_fixes",
    "theme_overlays",
    "timelines",
    "trajectories",
    "transitions",
    "unsatisfactory_processes",
    "weighted_elements_policies",
    "work_outcomes",
    "workforces",
    "working_relationships",
]

T = TypeVar("T")


def _drawn_model(function: Callable[..., Any]) -> type | None:
    """The model class a strategy function draws when called without arguments, if any."""
    parameters = inspect.signature(function).parameters.values()
    if any(p.default is p.empty for p in parameters):
        return None
    returned = typing.get_type_hints(function).get("return")
    if typing.get_origin(returned) is not st.SearchStrategy:
        return None
    (drawn,) = typing.get_args(returned)
    if isinstance(drawn, type) and (attrs.has(drawn) or issubclass(drawn, enum.Enum)):
        return drawn
    return None


@functools.cache
def _by_model() -> dict[type, Callable[[], st.SearchStrategy[Any]]]:
    found: dict[type, Callable[[], st.SearchStrategy[Any]]] = {}
    for name in __all__:
        function = globals()[name]
        if function in (strategy_for, model_classes):
            continue
        drawn = _drawn_model(function)
        if drawn is not None:
            found.setdefault(drawn, function)
    return found


def model_classes() -> tuple[type, ...]:
    """Every model class (attrs class or enumeration) that has a strategy here."""
    return tuple(_by_model())


def strategy_for(cls: type[T]) -> st.SearchStrategy[T]:
    """The strategy for the model class ``cls``, for example ``strategy_for(Placement)``.

    A class without a strategy raises :class:`~apsperf.ValidationError` listing those with
    one.
    """
    function = _by_model().get(cls)
    if function is None:
        known = ", ".join(sorted(c.__name__ for c in _by_model()))
        raise ValidationError(
            f"no strategy for {getattr(cls, '__name__', cls)!r:.60}; strategies exist for: {known}",
            path="cls",
        )
    strategy: st.SearchStrategy[T] = function()
    return strategy


def _register_with_hypothesis() -> None:
    for model, function in _by_model().items():
        st.register_type_strategy(model, st.deferred(function))


_register_with_hypothesis()
