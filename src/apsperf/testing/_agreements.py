"""Strategies for performance agreements: plans over their lifecycle and SES assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from apsperf.agreements import (
    AssessmentResult,
    AssessmentScales,
    AssessmentStatus,
    CareerAspirations,
    CriticalElement,
    DetailLabels,
    DevelopmentPlan,
    ElementKind,
    Expectation,
    LeadershipBehaviour,
    LeadershipCapability,
    LearningFocus,
    LearningNeed,
    LearningPriority,
    OutcomeGuidance,
    PerformanceCycle,
    PerformanceManagementPlan,
    PerformanceMeasure,
    PlanCheckReport,
    PlanContent,
    PlanDetails,
    PlanHead,
    PlanStatus,
    PlanTemplate,
    PlanVerification,
    PointsBand,
    Rating,
    RatingLevel,
    RatingScale,
    ReviewNotes,
    Revision,
    RewardDecision,
    SesAssessment,
    Signature,
    TemplatePrompts,
    TemplateSection,
    UnsatisfactoryPerformanceProcess,
    WeightedElementsPolicy,
    WorkingRelationship,
    WorkOutcome,
    assess,
    default_scales,
    shipped_policies,
    verify_continuation,
)
from apsperf.errors import ValidationError, _shown
from apsperf.testing._core import findings

__all__ = [
    "assessment_ratings",
    "assessment_results",
    "assessment_scales",
    "career_aspirations",
    "critical_elements",
    "detail_labels",
    "development_plans",
    "expectations",
    "leadership_behaviours",
    "learning_needs",
    "outcome_guidances",
    "performance_cycles",
    "performance_measures",
    "plan_check_reports",
    "plan_contents",
    "plan_details",
    "plan_heads",
    "plan_revisions",
    "plan_templates",
    "plan_verifications",
    "plans",
    "points_bands",
    "rating_levels",
    "rating_scales",
    "review_notes",
    "reward_decisions",
    "ses_assessments",
    "signatures",
    "template_prompts",
    "template_sections",
    "unsatisfactory_processes",
    "weighted_elements_policies",
    "work_outcomes",
    "working_relationships",
]

_TEXT = st.text(min_size=1, max_size=30).map(str.strip).filter(bool)
_OPTIONAL_TEXT = st.none() | _TEXT
_DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))
_SLUG_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)


@st.composite
def _cycle(draw: st.DrawFn) -> PerformanceCycle:
    start = draw(_DATES)
    length = draw(st.sampled_from([364, 365]) | st.integers(min_value=1, max_value=800))
    return PerformanceCycle(start=start, end=start + dt.timedelta(days=length))


def performance_cycles() -> st.SearchStrategy[PerformanceCycle]:
    """Valid cycles: mostly about a year long (like the financial year), some of any length."""
    return _cycle()


def signatures() -> st.SearchStrategy[Signature]:
    """A name and the date it was signed."""
    return st.builds(Signature, name=_TEXT, signed_on=_DATES)


def plan_details(*, agreed: bool = False) -> st.SearchStrategy[PlanDetails]:
    """Plan details; with ``agreed=True`` both signatures and a meeting date are present."""
    if not isinstance(agreed, bool):
        raise ValidationError(f"expected bool, got {type(agreed).__name__}", path="agreed")
    signed = signatures() if agreed else st.none() | signatures()
    meeting = _DATES if agreed else st.none() | _DATES
    return st.builds(
        PlanDetails,
        officer_name=_TEXT,
        classification_level=_OPTIONAL_TEXT,
        division_branch=_OPTIONAL_TEXT,
        manager_name=_OPTIONAL_TEXT,
        meeting_date=meeting,
        period=performance_cycles(),
        officer_signature=signed,
        manager_signature=signed,
    )


def performance_measures() -> st.SearchStrategy[PerformanceMeasure]:
    """A performance measure with any non-blank description."""
    return st.builds(PerformanceMeasure, description=_TEXT)


def _measure_lists() -> st.SearchStrategy[list[PerformanceMeasure]]:
    return st.lists(performance_measures(), max_size=5)


def _objectives() -> st.SearchStrategy[list[str]]:
    return st.lists(_TEXT, max_size=2, unique=True)


def work_outcomes(*, rank: int | None = None) -> st.SearchStrategy[WorkOutcome]:
    """Work outcomes, ranked ``rank`` when given (otherwise any rank from 1)."""
    if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int) or rank < 1):
        raise ValidationError(f"expected a rank of 1 or more, got {_shown(rank, 20)}", path="rank")
    return st.builds(
        WorkOutcome,
        rank=st.just(rank) if rank is not None else st.integers(min_value=1, max_value=9),
        outcome=_TEXT,
        measures=_measure_lists(),
        agency_objectives=_objectives(),
        division_branch_objectives=_objectives(),
    )


def leadership_behaviours() -> st.SearchStrategy[LeadershipBehaviour]:
    """A leadership capability with its performance measures (possibly none yet)."""
    return st.builds(
        LeadershipBehaviour,
        capability=st.sampled_from(LeadershipCapability),
        measures=_measure_lists(),
    )


@st.composite
def _learning_need(draw: st.DrawFn, ranks: tuple[int, ...]) -> LearningNeed:
    focus = (
        draw(st.sampled_from(LearningFocus)) if ranks else LearningFocus.PROFESSIONAL_DEVELOPMENT
    )
    return LearningNeed(
        priority=draw(st.sampled_from(LearningPriority)),
        need=draw(_TEXT),
        focus=focus,
        outcome_rank=draw(st.sampled_from(ranks)) if focus is LearningFocus.WORK_OUTCOME else None,
        activity=draw(_OPTIONAL_TEXT),
        responsibility=draw(_OPTIONAL_TEXT),
        timing=draw(_OPTIONAL_TEXT),
    )


def learning_needs() -> st.SearchStrategy[LearningNeed]:
    """Learning needs; those relating to a work outcome name one of ranks 1-5."""
    return _learning_need((1, 2, 3, 4, 5))


def career_aspirations() -> st.SearchStrategy[CareerAspirations]:
    """Section 4, filled in, partly filled in or empty."""
    return st.builds(
        CareerAspirations, officer_aspirations=_OPTIONAL_TEXT, manager_comments=_OPTIONAL_TEXT
    )


def working_relationships() -> st.SearchStrategy[WorkingRelationship]:
    """Section 5, filled in, partly filled in or empty."""
    return st.builds(
        WorkingRelationship, manager_seeks=_OPTIONAL_TEXT, officer_seeks=_OPTIONAL_TEXT
    )


@st.composite
def _content(draw: st.DrawFn, agreed: bool) -> PlanContent:
    count = draw(st.integers(min_value=0, max_value=6))
    outcomes = [draw(work_outcomes(rank=rank)) for rank in range(1, count + 1)]
    chosen = draw(st.lists(st.sampled_from(LeadershipCapability), unique=True, max_size=5))
    leadership = [
        LeadershipBehaviour(capability=capability, measures=draw(_measure_lists()))
        for capability in sorted(chosen, key=lambda c: c.number)
    ]
    ranks = tuple(range(1, count + 1))
    learning = draw(st.lists(_learning_need(ranks), max_size=3))
    return PlanContent(
        details=draw(plan_details(agreed=agreed)),
        outcomes=outcomes,
        leadership=leadership,
        learning=learning,
        career=draw(career_aspirations()),
        relationship=draw(working_relationships()),
    )


def plan_contents(*, agreed: bool = False) -> st.SearchStrategy[PlanContent]:
    """Valid plan content: 0-6 ranked outcomes, any capabilities, linked learning needs.

    With ``agreed=True`` the details carry both signatures and a meeting date.
    """
    if not isinstance(agreed, bool):
        raise ValidationError(f"expected bool, got {type(agreed).__name__}", path="agreed")
    return _content(agreed)


def plan_revisions() -> st.SearchStrategy[Revision]:
    """Revisions as they appear in a plan's history, each with its digest."""
    return plans(max_steps=4).flatmap(lambda plan: st.sampled_from(plan.revisions))


_SECTIONS = ("outcomes", "leadership", "learning", "career", "relationship")


@st.composite
def _plan(draw: st.DrawFn, status: PlanStatus | None, max_steps: int) -> PerformanceManagementPlan:
    day = draw(_DATES)
    plan = PerformanceManagementPlan.draft(
        draw(plan_contents()), by=draw(_TEXT), on=day, reason=draw(_OPTIONAL_TEXT)
    )
    allowed = {
        None: {"amend", "agree", "review", "close"},
        PlanStatus.DRAFT: {"amend"},
        PlanStatus.AGREED: {"amend", "agree"},
        PlanStatus.REVIEWED: {"amend", "agree", "review"},
        PlanStatus.AMENDED: {"amend", "agree", "review"},
        PlanStatus.CLOSED: {"amend", "agree", "review", "close"},
    }[status]
    steps = [draw(st.sampled_from(sorted(allowed))) for _ in range(draw(st.integers(0, max_steps)))]
    finish = {
        None: [],
        PlanStatus.DRAFT: [],
        PlanStatus.AGREED: ["agree"],
        PlanStatus.REVIEWED: ["agree", "review"],
        PlanStatus.AMENDED: ["agree", "amend"],
        PlanStatus.CLOSED: ["agree", "close"],
    }[status]
    for step in [*steps, *finish]:
        possible = {
            PlanStatus.DRAFT: {"amend", "agree"},
            PlanStatus.AGREED: {"amend", "review", "close"},
            PlanStatus.REVIEWED: {"amend", "review", "close"},
            PlanStatus.AMENDED: {"amend", "agree"},
            PlanStatus.CLOSED: set(),
        }[plan.status]
        if step not in possible:
            continue
        day = min(day + dt.timedelta(days=draw(st.integers(0, 60))), dt.date(2099, 12, 31))
        by, reason = draw(_TEXT), draw(_OPTIONAL_TEXT)
        if step == "agree":
            again = plan.status is PlanStatus.AMENDED  # both sign again, on or after the change
            officer, manager = draw(signatures()), draw(signatures())
            if again:
                officer = Signature(name=officer.name, signed_on=day)
                manager = Signature(name=manager.name, signed_on=day)
            plan = plan.agree(
                by=by,
                on=day,
                reason=reason,
                officer_signature=officer,
                manager_signature=manager,
                meeting_date=draw(_DATES),
            )
        elif step == "review":
            plan = plan.review(by=by, on=day, reason=reason, notes=draw(review_notes()))
        elif step == "close":
            plan = plan.close(by=by, on=day, reason=reason)
        else:
            plan = plan.amend(by=by, on=day, reason=reason, **draw(_amendment(plan)))
    return plan


@st.composite
def _amendment(draw: st.DrawFn, plan: PerformanceManagementPlan) -> dict[str, Any]:
    fresh = draw(plan_contents(agreed=plan.status is not PlanStatus.DRAFT))
    section = draw(st.sampled_from(_SECTIONS))
    changes: dict[str, Any] = {section: getattr(fresh, section)}
    if section in ("outcomes", "learning") or draw(st.booleans()):
        changes["outcomes"] = fresh.outcomes
        changes["learning"] = fresh.learning
    if draw(st.booleans()):
        changes["details"] = fresh.details
    if all(getattr(plan.content, k) == v for k, v in changes.items()):
        career = plan.content.career
        aspiration = f"{career.officer_aspirations or 'Grow'} (amended)"
        changes = {"career": CareerAspirations(officer_aspirations=aspiration)}
    return changes


def review_notes() -> st.SearchStrategy[ReviewNotes]:
    """Notes of a review: what was discussed and one to three people who took part."""
    return st.builds(
        ReviewNotes,
        discussed=_TEXT,
        participants=st.lists(_TEXT, min_size=1, max_size=3, unique=True).map(tuple),
    )


def plan_heads() -> st.SearchStrategy[PlanHead]:
    """The head of a plan drawn through its lifecycle."""
    return plans(max_steps=3).map(lambda plan: plan.head)


def plan_verifications() -> st.SearchStrategy[PlanVerification]:
    """What ``plan verify --format json`` prints: an honest continuation or a cut-back copy."""
    return plans(max_steps=4).flatmap(
        lambda plan: st.integers(1, len(plan.revisions)).flatmap(
            lambda n: st.sampled_from(
                [verify_continuation(plan, plan.as_of(n)), verify_continuation(plan.as_of(n), plan)]
            )
        )
    )


def plans(
    *, status: PlanStatus | None = None, max_steps: int = 6
) -> st.SearchStrategy[PerformanceManagementPlan]:
    """Plans built through their lifecycle, one revision at a time.

    Each is drafted, then goes through up to ``max_steps`` amendments, agreement, reviews
    and closure, with dates that never go backwards. With ``status`` every plan drawn ends
    in that status.
    """
    if status is not None and not isinstance(status, PlanStatus):
        raise ValidationError(f"expected PlanStatus, got {type(status).__name__}", path="status")
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 0:
        raise ValidationError(
            f"expected a whole number of 0 or more, got {_shown(max_steps, 20)}", path="max_steps"
        )
    return _plan(status, max_steps)


def detail_labels() -> st.SearchStrategy[DetailLabels]:
    """Labels for the plan details table."""
    return st.builds(
        DetailLabels,
        **{
            name: _TEXT
            for name in (
                "officer_name",
                "classification_level",
                "division_branch",
                "manager_name",
                "officer_signature",
                "manager_signature",
                "meeting_date",
                "period",
            )
        },
    )


@st.composite
def _guidance(draw: st.DrawFn) -> OutcomeGuidance:
    outcomes = sorted(draw(st.lists(st.integers(1, 10), min_size=2, max_size=2)))
    measures = sorted(draw(st.lists(st.integers(1, 10), min_size=2, max_size=2)))
    return OutcomeGuidance(
        outcomes_min=outcomes[0],
        outcomes_max=outcomes[1],
        measures_min=measures[0],
        measures_max=measures[1],
    )


def outcome_guidances() -> st.SearchStrategy[OutcomeGuidance]:
    """Typical numbers of work outcomes and measures (minimum never above maximum)."""
    return _guidance()


_WIDTHS = (3, 2, 5, 2, 2)


def template_sections(*, number: int | None = None) -> st.SearchStrategy[TemplateSection]:
    """A template section, numbered ``number`` (1-5) with that section's column count."""
    if number is not None and number not in (1, 2, 3, 4, 5):
        raise ValidationError(
            f"expected a section number 1-5, got {_shown(number, 20)}", path="number"
        )
    numbers = st.just(number) if number is not None else st.integers(1, 5)
    return numbers.flatmap(
        lambda n: st.builds(
            TemplateSection,
            number=st.just(n),
            heading=_TEXT,
            introduction=st.lists(_TEXT, unique=True, max_size=2),
            columns=st.lists(_TEXT, unique=True, min_size=_WIDTHS[n - 1], max_size=_WIDTHS[n - 1]),
        )
    )


def template_prompts() -> st.SearchStrategy[TemplatePrompts]:
    """The template's guidance prompts."""
    return st.builds(
        TemplatePrompts,
        outcome=_TEXT,
        typical=_TEXT,
        measures=_TEXT,
        measure_questions=st.lists(_TEXT, unique=True, min_size=1, max_size=4),
        learning_activity=_TEXT,
        manager_role=st.lists(_TEXT, unique=True, min_size=1, max_size=4),
        own_responsibility=_TEXT,
    )


def plan_templates() -> st.SearchStrategy[PlanTemplate]:
    """Tailored editions of the plan template's wording, with all five sections."""
    return st.builds(
        PlanTemplate,
        title=_TEXT,
        stage=_TEXT,
        purpose=_TEXT,
        detail_labels=detail_labels(),
        guidance=outcome_guidances(),
        sections=st.tuples(*(template_sections(number=n) for n in range(1, 6))),
        prompts=template_prompts(),
    )


def rating_levels() -> st.SearchStrategy[RatingLevel]:
    """A single rating level (slug, label, concern flag, optional description)."""
    return st.builds(
        RatingLevel,
        slug=st.lists(_SLUG_WORD, min_size=1, max_size=3).map("-".join),
        label=_TEXT,
        concern=st.booleans(),
        description=_OPTIONAL_TEXT,
    )


@st.composite
def _levels(draw: st.DrawFn, size: int, concerns: int, prefix: str) -> tuple[RatingLevel, ...]:
    return tuple(
        RatingLevel(
            slug=f"{prefix}{draw(_SLUG_WORD)}-{index + 1}",
            label=f"{draw(_TEXT)} ({index + 1})",
            concern=index < concerns,
            description=draw(_OPTIONAL_TEXT),
        )
        for index in range(size)
    )


@st.composite
def _scale(draw: st.DrawFn, size: int | None, concerns: int | None, name: str) -> RatingScale:
    size = draw(st.integers(2, 8)) if size is None else size
    concerns = draw(st.integers(1, size - 1)) if concerns is None else concerns
    return RatingScale(name=name, levels=draw(_levels(size, concerns, "")))


def rating_scales() -> st.SearchStrategy[RatingScale]:
    """Valid rating scales of 2-8 levels, concern levels lowest, at least one of each kind."""
    return _TEXT.flatmap(lambda name: _scale(None, None, name))


@st.composite
def _assessment_scales(draw: st.DrawFn) -> AssessmentScales:
    size = draw(st.integers(2, 7))
    concerns = draw(st.integers(1, size - 1))
    behaviours = draw(_scale(size, concerns, "Behaviours"))
    outcomes = draw(_scale(size, concerns, "Outcomes"))
    if draw(st.booleans()):
        overall = draw(_scale(size, concerns, "Overall"))
        mapping: tuple[str, ...] = ()
    else:
        overall = draw(_scale(None, None, "Overall"))
        k, m = overall.concern_count, len(overall)
        low = sorted(draw(st.lists(st.integers(0, k - 1), min_size=concerns, max_size=concerns)))
        high = sorted(
            draw(
                st.lists(st.integers(k, m - 1), min_size=size - concerns, max_size=size - concerns)
            )
        )
        mapping = tuple(overall.levels[rank].slug for rank in (*low, *high))
    reward = draw(st.sampled_from([lvl.slug for lvl in overall.levels if not lvl.concern]))
    return AssessmentScales(
        behaviours=behaviours,
        outcomes=outcomes,
        overall=overall,
        reward_from=reward,
        overall_mapping=mapping,
    )


def assessment_scales() -> st.SearchStrategy[AssessmentScales]:
    """Valid SES scales: apsperf's default and arbitrary ones.

    Arbitrary draws have parallel behaviours and outcomes scales of 2-7 levels and an
    overall scale of the same or another length mapped onto them.
    """
    return st.one_of(st.just(default_scales()), _assessment_scales())


@st.composite
def _result(draw: st.DrawFn) -> AssessmentResult:
    scales = draw(assessment_scales())
    policy = draw(st.sampled_from(shipped_policies()))
    b = draw(st.integers(1, scales.size))
    o = draw(st.integers(1, scales.size))
    return assess(b, o, scales=scales, policy=policy)


def assessment_results() -> st.SearchStrategy[AssessmentResult]:
    """Results worked out by :func:`~apsperf.agreements.assess` with a shipped policy."""
    return _result()


def assessment_ratings() -> st.SearchStrategy[Rating]:
    """A rating (a level slug of the default scales) with optional evidence and comments."""
    slugs = [level.slug for level in default_scales().behaviours.levels]
    return st.builds(
        Rating, level=st.sampled_from(slugs), evidence=_OPTIONAL_TEXT, comments=_OPTIONAL_TEXT
    )


def expectations() -> st.SearchStrategy[Expectation]:
    """An expectation of behaviour or of outcomes."""
    return st.builds(Expectation, kind=st.sampled_from(ElementKind), description=_TEXT)


def reward_decisions() -> st.SearchStrategy[RewardDecision]:
    """A reward-and-recognition decision with its reason (granted or not)."""
    return st.builds(
        RewardDecision,
        granted=st.booleans(),
        reason=_TEXT,
        recognition=_OPTIONAL_TEXT,
        decided_on=st.none() | _DATES,
        decided_by=_OPTIONAL_TEXT,
    )


@st.composite
def _development_plan(
    draw: st.DrawFn, addresses: tuple[ElementKind | None, ...]
) -> DevelopmentPlan:
    agreed = draw(st.none() | _DATES)
    review = None if agreed is None else agreed + dt.timedelta(days=draw(st.integers(0, 365)))
    return DevelopmentPlan(
        actions=draw(st.lists(_TEXT, min_size=1, max_size=3, unique=True)),
        addresses=draw(st.sampled_from(addresses)),
        agreed_on=agreed,
        review_on=draw(st.none() | st.just(review)) if review else None,
    )


def development_plans() -> st.SearchStrategy[DevelopmentPlan]:
    """A development plan with 1-3 actions, linked to a concern or to continued growth."""
    return _development_plan((None, *ElementKind))


@st.composite
def _process(draw: st.DrawFn) -> UnsatisfactoryPerformanceProcess:
    started = draw(_DATES)
    concluded = draw(st.none() | st.integers(0, 365))
    end = None if concluded is None else started + dt.timedelta(days=concluded)
    return UnsatisfactoryPerformanceProcess(
        started_on=started,
        reason=draw(_TEXT),
        steps=draw(st.lists(_TEXT, max_size=3, unique=True)),
        concluded_on=end,
        outcome=None if end is None else draw(_OPTIONAL_TEXT),
    )


def unsatisfactory_processes() -> st.SearchStrategy[UnsatisfactoryPerformanceProcess]:
    """An unsatisfactory-performance process, under way or concluded."""
    return _process()


def critical_elements() -> st.SearchStrategy[CriticalElement]:
    """A weighted appraisal element about behaviours or outcomes."""
    return st.builds(
        CriticalElement, name=_TEXT, kind=st.sampled_from(ElementKind), weight=st.integers(1, 100)
    )


def points_bands() -> st.SearchStrategy[PointsBand]:
    """A points band reaching an overall level (a slug) from some number of points."""
    return st.builds(
        PointsBand,
        overall=st.lists(_SLUG_WORD, min_size=1, max_size=2).map("-".join),
        from_points=st.integers(0, 5000),
    )


@st.composite
def _weighted(draw: st.DrawFn, scales: AssessmentScales) -> WeightedElementsPolicy:
    kinds = [ElementKind.BEHAVIOUR, ElementKind.OUTCOME]
    kinds += draw(st.lists(st.sampled_from(ElementKind), max_size=4))
    elements = [
        CriticalElement(name=f"Element {n + 1}", kind=kind, weight=draw(st.integers(1, 60)))
        for n, kind in enumerate(draw(st.permutations(kinds)))
    ]
    top = sum(e.weight for e in elements) * scales.size
    count = draw(st.integers(1, len(scales.overall)))
    ranks = sorted(
        draw(
            st.lists(
                st.integers(0, len(scales.overall) - 1), min_size=count, max_size=count, unique=True
            )
        )
    )
    starts = sorted(
        draw(st.lists(st.integers(1, top), min_size=count - 1, max_size=count - 1, unique=True))
    )
    bands = [
        PointsBand(overall=scales.overall.levels[rank].slug, from_points=start)
        for rank, start in zip(ranks, [0, *starts], strict=True)
    ]
    trigger = draw(
        st.none() | st.sampled_from([lv.slug for lv in scales.behaviours.levels if lv.concern])
    )
    return WeightedElementsPolicy(elements=elements, bands=bands, unsatisfactory_trigger=trigger)


def weighted_elements_policies(
    *, scales: AssessmentScales | None = None
) -> st.SearchStrategy[WeightedElementsPolicy]:
    """Weighted-elements policies whose bands name levels of ``scales`` (default scales).

    Each has at least one behaviour and one outcome element; many are refused by
    :func:`~apsperf.agreements.verify_policy` because their weights and bands let outcomes
    count for more than behaviours.
    """
    if scales is not None and not isinstance(scales, AssessmentScales):
        raise ValidationError(
            f"expected AssessmentScales, got {type(scales).__name__}", path="scales"
        )
    return _weighted(default_scales() if scales is None else scales)


@st.composite
def _assessment(draw: st.DrawFn, status: AssessmentStatus | None) -> SesAssessment:
    final = draw(st.booleans()) if status is None else status is AssessmentStatus.FINAL
    draft = SesAssessment(
        leader=draw(_TEXT),
        period=draw(performance_cycles()),
        assessor=draw(_OPTIONAL_TEXT),
        behaviours=draw(assessment_ratings()) if final else draw(st.none() | assessment_ratings()),
        outcomes=draw(assessment_ratings()) if final else draw(st.none() | assessment_ratings()),
        expectations=draw(st.lists(expectations(), max_size=3)),
    )
    if not final:
        return draft
    policy = draw(st.sampled_from(shipped_policies()))
    final_assessment = draft.finalise(on=draw(_DATES), policy=policy)
    result = final_assessment.result
    assert result is not None
    reward = draw(st.none() | reward_decisions())
    if reward is not None and not result.reward_eligible:
        reward = RewardDecision(granted=False, reason=reward.reason)
    addresses: list[ElementKind | None] = [None]
    addresses += [ElementKind.BEHAVIOUR] if result.behaviour_concern else []
    addresses += [ElementKind.OUTCOME] if result.outcome_concern else []
    process = draw(st.none() | unsatisfactory_processes())
    return final_assessment.record(
        reward=reward,
        development_plans=draw(st.lists(_development_plan(tuple(addresses)), max_size=2)),
        unsatisfactory_process=process if result.unsatisfactory_performance else None,
    )


def ses_assessments(*, status: AssessmentStatus | None = None) -> st.SearchStrategy[SesAssessment]:
    """SES assessments on the default scales, only of ``status`` when given.

    Drafts may be missing either rating; final ones have both and their result, and may
    record a reward decision, development plans and an unsatisfactory-performance process
    consistent with it.
    """
    if status is not None and not isinstance(status, AssessmentStatus):
        raise ValidationError(
            f"expected AssessmentStatus, got {type(status).__name__}", path="status"
        )
    return _assessment(status)


def plan_check_reports() -> st.SearchStrategy[PlanCheckReport]:
    """What ``apsperf plan check --format json`` prints: none or some findings."""
    return st.builds(PlanCheckReport, findings=st.lists(findings(), max_size=4).map(tuple))
