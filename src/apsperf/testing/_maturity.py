"""Strategies for the SES Performance Leadership Framework maturity model."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from apsperf.errors import ValidationError, _shown
from apsperf.maturity import (
    AgencyBelow,
    AgencyChange,
    AgencySummary,
    AggregateRatings,
    Aggregation,
    Element,
    ElementChange,
    ElementDistribution,
    ElementMovement,
    ElementRating,
    ElementState,
    ElementSummary,
    FocusArea,
    ImplementationRecord,
    MaturityAssessReport,
    MaturityLevel,
    MaturityScale,
    MaturityState,
    Milestone,
    MilestoneKind,
    MilestoneProgress,
    Rollup,
    RollupComparison,
    SelfAssessment,
    Timeline,
    aggregate,
    assess_maturity,
    compare_rollups,
    default_scale,
    maturity_state,
    milestone_progress,
    rollup,
)
from apsperf.testing._guides import editions

__all__ = [
    "agencies_below",
    "agency_changes",
    "agency_names",
    "agency_summaries",
    "aggregate_ratings",
    "element_changes",
    "element_distributions",
    "element_movements",
    "element_ratings",
    "element_states",
    "element_summaries",
    "focus_areas",
    "implementation_records",
    "maturity_assess_reports",
    "maturity_levels",
    "maturity_scales",
    "maturity_states",
    "milestone_progresses",
    "milestones",
    "rollup_comparisons",
    "rollups",
    "self_assessments",
    "timelines",
]

_TEXT = st.text(min_size=1, max_size=30).map(str.strip).filter(bool)
_DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


def agency_names() -> st.SearchStrategy[str]:
    """Agency names: plausible ones ("Department of Coastal Affairs") and arbitrary text.

    Every draw is non-blank text without surrounding white space.
    """
    plausible = st.builds(
        "{} of {}".format,
        st.sampled_from(["Department", "Office", "Bureau", "Agency", "Commission"]),
        st.sampled_from(
            [
                "Coastal Affairs",
                "Regional Futures",
                "Data & Insight",
                "Skills, Jobs and Training",
                "Heritage",
            ]
        ),
    )
    return st.one_of(plausible, _TEXT)


def _levels_in(max_level: int, name: str = "max_level") -> st.SearchStrategy[int]:
    if isinstance(max_level, bool) or not isinstance(max_level, int) or max_level < 1:
        raise ValidationError(f"expected a level of 1 or more, got {_shown(max_level)}", path=name)
    return st.integers(min_value=1, max_value=max_level)


def maturity_levels(rank: int | None = None) -> st.SearchStrategy[MaturityLevel]:
    """A maturity level (of rank ``rank``, or 1 to 7) describing every element."""
    ranks = st.integers(min_value=1, max_value=7) if rank is None else st.just(rank)
    if rank is not None:
        _levels_in(rank, "rank")
    return st.builds(
        MaturityLevel,
        rank=ranks,
        name=_TEXT,
        summary=st.none() | _TEXT,
        descriptions=st.fixed_dictionaries({e: _TEXT for e in Element}),
    )


@st.composite
def _scales(draw: st.DrawFn, min_levels: int, max_levels: int) -> MaturityScale:
    count = draw(st.integers(min_value=min_levels, max_value=max_levels))
    names = draw(st.lists(_TEXT, min_size=count, max_size=count, unique_by=str.casefold))
    levels = tuple(
        MaturityLevel(
            rank=rank,
            name=name,
            summary=draw(st.none() | _TEXT),
            descriptions={e: draw(_TEXT) for e in Element},
        )
        for rank, name in enumerate(names, start=1)
    )
    return MaturityScale(
        name=draw(_TEXT),
        levels=levels,
        description=draw(st.none() | _TEXT),
        basis=draw(st.none() | _TEXT),
        wording=draw(st.none() | _TEXT),
        edition=draw(st.none() | editions()),
    )


def maturity_scales(min_levels: int = 2, max_levels: int = 7) -> st.SearchStrategy[MaturityScale]:
    """Valid maturity scales of ``min_levels`` to ``max_levels`` levels (at least two)."""
    _levels_in(min_levels, "min_levels")
    _levels_in(max_levels, "max_levels")
    if min_levels < 2 or max_levels < min_levels:
        raise ValidationError("need 2 <= min_levels <= max_levels", path="min_levels")
    return _scales(min_levels, max_levels)


def element_ratings(
    element: Element | None = None, *, max_level: int = 5
) -> st.SearchStrategy[ElementRating]:
    """A rating of ``element`` (or any element) at a level from 1 to ``max_level``."""
    if element is not None and not isinstance(element, Element):
        raise ValidationError(f"expected Element, got {type(element).__name__}", path="element")
    return st.builds(
        ElementRating,
        element=st.sampled_from(Element) if element is None else st.just(element),
        level=_levels_in(max_level),
        evidence=st.lists(_TEXT, max_size=2, unique=True).map(tuple),
        planned_actions=st.lists(_TEXT, max_size=2, unique=True).map(tuple),
    )


def implementation_records() -> st.SearchStrategy[ImplementationRecord]:
    """Implementation records with any mix of recorded and missing dates."""
    maybe = st.none() | _DATES
    return st.builds(
        ImplementationRecord,
        commenced_on=maybe,
        self_assessed_on=maybe,
        reported_on=maybe,
        fully_implemented_on=maybe,
    )


@st.composite
def _assessments(
    draw: st.DrawFn,
    complete: bool | None,
    per_element: dict[Element, st.SearchStrategy[ElementRating]],
) -> SelfAssessment:
    if complete is True:
        chosen = list(Element)
    else:
        chosen = draw(_ELEMENT_SUBSETS if complete is None else _PARTIAL_SUBSETS)
    return SelfAssessment(
        agency=draw(agency_names()),
        assessed_on=draw(_DATES),
        ratings=tuple(draw(per_element[e]) for e in chosen),
        implementation=draw(st.none() | implementation_records()),
        synthetic=draw(st.booleans()),
    )


_ELEMENT_SUBSETS = st.lists(st.sampled_from(Element), unique=True, max_size=5)
_PARTIAL_SUBSETS = st.lists(st.sampled_from(Element), unique=True, max_size=4)


def self_assessments(
    *, complete: bool | None = None, max_level: int = 5
) -> st.SearchStrategy[SelfAssessment]:
    """Self-assessments with levels 1 to ``max_level`` (5 fits the default scale).

    ``complete=True`` rates all five elements, ``False`` leaves at least one out, ``None``
    (the default) draws either.
    """
    if complete not in (None, True, False):
        raise ValidationError(
            f"expected True, False or None, got {_shown(complete)}", path="complete"
        )
    _levels_in(max_level)
    return _assessments(complete, {e: element_ratings(e, max_level=max_level) for e in Element})


def aggregate_ratings() -> st.SearchStrategy[AggregateRatings]:
    """Aggregate ratings of one to five levels under any rule."""
    levels = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=5)
    return st.builds(aggregate, levels, st.sampled_from(Aggregation))


def maturity_states() -> st.SearchStrategy[MaturityState]:
    """Maturity states of complete self-assessments on the default scale."""
    return st.builds(
        lambda assessment, rule: maturity_state(assessment, rule=rule),
        self_assessments(complete=True, max_level=default_scale().top),
        st.sampled_from(Aggregation),
    )


def element_states() -> st.SearchStrategy[ElementState]:
    """One element's state taken from a maturity state."""
    return maturity_states().flatmap(lambda state: st.sampled_from(state.elements))


def focus_areas() -> st.SearchStrategy[FocusArea]:
    """A focus area taken from a maturity state that has one."""
    return (
        maturity_states()
        .filter(lambda state: bool(state.focus_areas))
        .flatmap(lambda state: st.sampled_from(state.focus_areas))
    )


@st.composite
def _milestone(draw: st.DrawFn, kind: MilestoneKind) -> Milestone:
    opens = draw(st.none() | _DATES)
    due = draw(
        st.none()
        | (_DATES if opens is None else st.dates(min_value=opens, max_value=dt.date(2100, 12, 31)))
    )
    return Milestone(
        kind=kind, description=draw(st.just(kind.label) | _TEXT), opens_on=opens, due_on=due
    )


def milestones(kind: MilestoneKind | None = None) -> st.SearchStrategy[Milestone]:
    """A milestone of ``kind`` (or any kind) whose due date, if any, is not before it opens."""
    if kind is not None and not isinstance(kind, MilestoneKind):
        raise ValidationError(f"expected MilestoneKind, got {type(kind).__name__}", path="kind")
    return (st.sampled_from(MilestoneKind) if kind is None else st.just(kind)).flatmap(_milestone)


def timelines() -> st.SearchStrategy[Timeline]:
    """Timelines with one milestone of each kind, in any order, with or without a note."""
    every = st.tuples(*(milestones(kind) for kind in MilestoneKind))
    return st.builds(
        Timeline, milestones=every.flatmap(st.permutations).map(tuple), note=st.none() | _TEXT
    )


def milestone_progresses() -> st.SearchStrategy[MilestoneProgress]:
    """One milestone's progress for some record, date and timeline."""
    progress = st.builds(milestone_progress, implementation_records(), _DATES, timelines())
    return progress.flatmap(st.sampled_from)


def rollups() -> st.SearchStrategy[Rollup]:
    """Roll-ups of up to eight agencies (distinct names) on the default scale."""
    assessments = st.lists(self_assessments(), max_size=8, unique_by=lambda a: a.agency.casefold())
    below = st.integers(min_value=1, max_value=default_scale().top)
    return st.builds(
        lambda items, level, rule: rollup(items, below=level, rule=rule),
        assessments,
        below,
        st.sampled_from(Aggregation),
    )


def element_distributions() -> st.SearchStrategy[ElementDistribution]:
    """One element's distribution of levels from a roll-up."""
    return rollups().flatmap(lambda r: st.sampled_from(r.distributions))


def agency_summaries() -> st.SearchStrategy[AgencySummary]:
    """One agency's line from a roll-up of at least one agency."""
    return (
        rollups().filter(lambda r: bool(r.agencies)).flatmap(lambda r: st.sampled_from(r.agencies))
    )


def agencies_below() -> st.SearchStrategy[AgencyBelow]:
    """An agency below the threshold in a roll-up."""
    assessment = self_assessments(complete=True).filter(
        lambda a: any(r.level < default_scale().top for r in a.ratings)
    )
    return assessment.map(lambda a: rollup([a], below=default_scale().top).below_threshold[0])


def maturity_assess_reports() -> st.SearchStrategy[MaturityAssessReport]:
    """What ``maturity assess --format json`` prints, complete or not, on the default scale."""
    return st.builds(
        lambda assessment, rule, as_of: assess_maturity(assessment, as_of=as_of, rule=rule),
        self_assessments(max_level=default_scale().top),
        st.sampled_from(Aggregation),
        _DATES,
    )


def element_summaries() -> st.SearchStrategy[ElementSummary]:
    """One element's APS-wide summary from a roll-up."""
    return rollups().flatmap(lambda r: st.sampled_from(r.summary))


@st.composite
def _comparisons(draw: st.DrawFn) -> RollupComparison:
    old = draw(st.lists(self_assessments(), max_size=6))
    # Many later agencies are earlier ones again, some renamed in another case.
    again = [
        a if draw(st.booleans()) else attrs.evolve(a, agency=a.agency.swapcase())
        for a in old
        if draw(st.booleans())
    ]
    new = again + draw(st.lists(self_assessments(), max_size=4))
    return compare_rollups(rollup(_distinct(old)), rollup(_distinct(new)))


def _distinct(items: list[SelfAssessment]) -> list[SelfAssessment]:
    from apsperf.maturity import agency_key

    seen: dict[str, SelfAssessment] = {}
    for item in items:
        seen.setdefault(agency_key(item.agency), item)
    return list(seen.values())


def rollup_comparisons() -> st.SearchStrategy[RollupComparison]:
    """Comparisons of two roll-ups on the default scale, with agencies in both."""
    return _comparisons()


def agency_changes() -> st.SearchStrategy[AgencyChange]:
    """One agency's changes from a comparison that has an agency in both roll-ups."""
    return (
        rollup_comparisons()
        .filter(lambda c: bool(c.agencies))
        .flatmap(lambda c: st.sampled_from(c.agencies))
    )


def element_changes() -> st.SearchStrategy[ElementChange]:
    """One element's change for one agency; the movement always matches the levels."""
    return agency_changes().flatmap(lambda a: st.sampled_from(a.elements))


def element_movements() -> st.SearchStrategy[ElementMovement]:
    """One element's movement counts from a comparison."""
    return rollup_comparisons().flatmap(lambda c: st.sampled_from(c.elements))
