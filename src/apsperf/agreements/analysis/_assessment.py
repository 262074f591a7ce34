"""SES performance assessment: behaviours and outcomes, combined without compensation.

An assessment records the expectations assessed, a rating for behaviours and for outcomes
(with evidence and comments), the result, and what follows from it under the Framework's
other elements: the reward-and-recognition decision, development plans and any
unsatisfactory-performance process.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf._display import display_html, one_line, quoted
from apsperf.agreements.io._scales import default_scales
from apsperf.agreements.model._policies import (
    AssessmentPolicy,
    ElementKind,
    MidpointPolicy,
    NonCompensatoryPolicy,
    WeightedElementsPolicy,
    unsatisfactory_rank,
    verify_policy,
)
from apsperf.agreements.model._scales import AssessmentScales, RatingLevel
from apsperf.dates import PerformanceCycle
from apsperf.errors import ValidationError, _shown
from apsperf.findings import Finding, Severity

__all__ = [
    "AssessmentResult",
    "AssessmentStatus",
    "DevelopmentArea",
    "DevelopmentPlan",
    "Expectation",
    "Rating",
    "RewardDecision",
    "SesAssessment",
    "UnsatisfactoryPerformanceProcess",
    "assess",
    "assess_elements",
    "check_assessment",
]


class DevelopmentArea(enum.Enum):
    """Where an SES leader's development should focus after an assessment."""

    BEHAVIOURS = "behaviours"
    OUTCOMES = "outcomes"
    BEHAVIOURS_AND_OUTCOMES = "behaviours-and-outcomes"
    CONTINUED_GROWTH = "continued-growth"

    @property
    def prompt(self) -> str:
        """A development prompt for the leader and their manager."""
        return _PROMPTS[self]


_PROMPTS: Final = {
    DevelopmentArea.BEHAVIOURS: (
        "Agree a development plan that addresses the behaviours of concern first; strong "
        "outcomes do not offset them."
    ),
    DevelopmentArea.OUTCOMES: (
        "Agree a development plan and the support needed to deliver the outcomes that fell short."
    ),
    DevelopmentArea.BEHAVIOURS_AND_OUTCOMES: (
        "Agree a development plan that addresses both the behaviours of concern and the "
        "outcomes that fell short, behaviours first."
    ),
    DevelopmentArea.CONTINUED_GROWTH: (
        "Discuss development that builds leadership capability and stretches the leader "
        "toward their career aspirations."
    ),
}


def _points(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance_of(int)(_inst, attribute, value)
    if value < 0:
        raise ValidationError("must not be negative", path=attribute.name)


@attrs.frozen(kw_only=True)
class AssessmentResult:
    """The outcome of combining a behaviours rating and an outcomes rating.

    It tells the Framework's other elements what they need to know: whether there is a
    behavioural concern (for unsatisfactory performance and development), whether the
    leader is eligible for reward and recognition, whether the unsatisfactory-performance
    process applies (under the policy's trigger), and where development should focus.
    Ratings are level slugs; for a weighted-elements assessment they are the lowest
    behaviour and outcome element ratings, and ``points`` is the weighted total.
    """

    behaviours: str = attrs.field(validator=v.text)
    outcomes: str = attrs.field(validator=v.text)
    overall: str = attrs.field(validator=v.text)
    behaviour_concern: bool = attrs.field(validator=v.instance_of(bool))
    outcome_concern: bool = attrs.field(validator=v.instance_of(bool))
    reward_eligible: bool = attrs.field(validator=v.instance_of(bool))
    unsatisfactory_performance: bool = attrs.field(validator=v.instance_of(bool))
    development_area: DevelopmentArea = attrs.field(validator=v.instance_of(DevelopmentArea))
    policy: str = attrs.field(validator=v.text)
    points: int | None = attrs.field(default=None, validator=v.optional(_points))

    def __attrs_post_init__(self) -> None:
        if self.reward_eligible and (self.behaviour_concern or self.outcome_concern):
            raise ValidationError(
                "a leader with a concern is not eligible for reward", path="reward_eligible"
            )
        expected = _focus(self.behaviour_concern, self.outcome_concern)
        if self.development_area is not expected:
            raise ValidationError(
                f"must be {expected.value} for these concerns", path="development_area"
            )

    @property
    def has_concern(self) -> bool:
        """True when either rating is a concern level."""
        return self.behaviour_concern or self.outcome_concern

    @property
    def development_prompt(self) -> str:
        """The development prompt for this result."""
        return self.development_area.prompt

    def __repr__(self) -> str:
        return _result_repr(self)

    def _repr_html_(self) -> str:
        return display_html(self)


def _focus(behaviour_concern: bool, outcome_concern: bool) -> DevelopmentArea:
    if behaviour_concern and outcome_concern:
        return DevelopmentArea.BEHAVIOURS_AND_OUTCOMES
    if behaviour_concern:
        return DevelopmentArea.BEHAVIOURS
    if outcome_concern:
        return DevelopmentArea.OUTCOMES
    return DevelopmentArea.CONTINUED_GROWTH


def _setting(
    scales: AssessmentScales | None, policy: AssessmentPolicy | None
) -> tuple[AssessmentScales, AssessmentPolicy]:
    scales = default_scales() if scales is None else scales
    policy = NonCompensatoryPolicy() if policy is None else policy
    if not isinstance(scales, AssessmentScales):
        raise ValidationError(
            f"expected AssessmentScales, got {type(scales).__name__}", path="scales"
        )
    if not isinstance(policy, AssessmentPolicy):
        raise ValidationError(
            f"expected an AssessmentPolicy (name, unsatisfactory_trigger and overall_rank), "
            f"got {type(policy).__name__}",
            path="policy",
        )
    verify_policy(policy, scales)
    return scales, policy


def _result(
    levels: tuple[RatingLevel, RatingLevel],
    overall: int,
    *,
    scales: AssessmentScales,
    policy: AssessmentPolicy,
    points: int | None = None,
) -> AssessmentResult:
    b_level, o_level = levels
    b, o = scales.behaviours.levels.index(b_level), scales.outcomes.levels.index(o_level)
    for rank, what in ((b, "behaviours"), (o, "outcomes")):
        cap = scales.overall_rank_for(rank)
        if scales.is_concern(rank) and overall > cap:
            raise ValidationError(
                f"policy {policy.name!r} rates the overall result above what a {what} "
                f"concern allows ({scales.overall.levels[cap].slug}); excellence in one "
                "cannot offset a concern in the other",
                path="policy",
            )
    concern = b_level.concern or o_level.concern
    trigger = unsatisfactory_rank(policy, scales)
    return AssessmentResult(
        behaviours=b_level.slug,
        outcomes=o_level.slug,
        overall=scales.overall.levels[overall].slug,
        behaviour_concern=b_level.concern,
        outcome_concern=o_level.concern,
        reward_eligible=not concern and overall >= scales.reward_rank,
        unsatisfactory_performance=min(b, o) <= trigger,
        development_area=_focus(b_level.concern, o_level.concern),
        policy=policy.name,
        points=points,
    )


def assess(
    behaviours: object,
    outcomes: object,
    *,
    scales: AssessmentScales | None = None,
    policy: AssessmentPolicy | None = None,
) -> AssessmentResult:
    """Combine a behaviours rating and an outcomes rating into the overall result.

    Ratings may be :class:`RatingLevel` values, slugs, labels or numbers counting from 1 at
    the lowest (see :meth:`RatingScale.level`). ``scales`` defaults to
    :func:`default_scales` and ``policy`` to :class:`NonCompensatoryPolicy`.

    The rules follow the SES Performance Leadership Framework: a behaviours rating at a
    concern level is a behavioural concern whatever the outcomes; the overall result can
    never be above the level that corresponds to a concern rating; reward and recognition
    need no concern in either rating and an overall result at or above
    ``scales.reward_from``; the unsatisfactory-performance process applies when either
    rating is at or below the policy's ``unsatisfactory_trigger`` (by default the lowest
    level). A policy that does not treat behaviours at least as strictly as outcomes is
    refused (see :func:`~apsperf.agreements.verify_policy`).
    """
    scales, policy = _setting(scales, policy)
    b_level = scales.behaviours.level(behaviours, field="behaviours")
    o_level = scales.outcomes.level(outcomes, field="outcomes")
    b, o = scales.behaviours.levels.index(b_level), scales.outcomes.levels.index(o_level)
    overall = policy.overall_rank(b, o, scales)
    return _result((b_level, o_level), overall, scales=scales, policy=policy)


def assess_elements(
    ratings: Mapping[str, object],
    *,
    policy: WeightedElementsPolicy,
    scales: AssessmentScales | None = None,
) -> AssessmentResult:
    """Combine one rating per weighted element into the overall result.

    ``ratings`` maps each element's name to its level (slug, label or number from 1) on the
    behaviours or outcomes scale, by the element's kind. The result records the weighted
    ``points``, the lowest behaviour and outcome element ratings as ``behaviours`` and
    ``outcomes`` (so a concern in any behaviour element is a behavioural concern), and the
    overall level from the policy's bands, capped by any concern.
    """
    if not isinstance(policy, WeightedElementsPolicy):
        raise ValidationError(
            f"expected a WeightedElementsPolicy, got {type(policy).__name__}", path="policy"
        )
    if not isinstance(ratings, Mapping):
        raise ValidationError(
            f"expected a mapping of element names to ratings, got {type(ratings).__name__}",
            path="ratings",
        )
    scales, _ = _setting(scales, policy)
    names = {e.name for e in policy.elements}
    for name in ratings:
        if name not in names:
            raise ValidationError(
                f"{_shown(name)} is not an element of the policy; expected one of "
                f"{', '.join(sorted(names))}",
                path="ratings",
            )
    levels: list[RatingLevel] = []
    for element in policy.elements:
        if element.name not in ratings:
            raise ValidationError("every element must be rated", path=f"ratings.{element.name}")
        scale = scales.behaviours if element.kind is ElementKind.BEHAVIOUR else scales.outcomes
        levels.append(scale.level(ratings[element.name], field=f"ratings.{element.name}"))
    ranks = [
        (scales.behaviours if e.kind is ElementKind.BEHAVIOUR else scales.outcomes).levels.index(
            level
        )
        for e, level in zip(policy.elements, levels, strict=True)
    ]

    def lowest(kind: ElementKind) -> RatingLevel:
        pairs = [
            (r, lv)
            for e, r, lv in zip(policy.elements, ranks, levels, strict=True)
            if e.kind is kind
        ]
        return min(pairs, key=lambda pair: pair[0])[1]

    overall = policy.overall_for_elements(ranks, scales)
    return _result(
        (lowest(ElementKind.BEHAVIOUR), lowest(ElementKind.OUTCOME)),
        overall,
        scales=scales,
        policy=policy,
        points=policy.points(ranks),
    )


_TWO_RATING: Final[Mapping[str, AssessmentPolicy]] = {
    NonCompensatoryPolicy.name: NonCompensatoryPolicy(),
    MidpointPolicy.name: MidpointPolicy(),
}
"""The shipped two-rating policies by name: a result recorded under one is what it gives."""


def _stored_result_problem(
    result: AssessmentResult, scales: AssessmentScales | None
) -> tuple[str, str] | None:
    """Why a stored result breaks the rules of :func:`assess` on ``scales``: (path, message).

    ``None`` when it keeps them. ``scales`` of ``None`` are :func:`default_scales`. The rules
    every policy keeps: the ratings and the overall result are levels of the scales, the
    concern flags are the levels' own, the overall result is never above the level a
    concern rating allows (behaviour concerns are never offset by outcomes, nor outcome
    concerns by behaviours), reward eligibility follows from the concerns and the reward
    threshold, and the unsatisfactory-performance process applies at the lowest level and
    only from a concern level (the policy's trigger is not stored). A result recorded under
    a shipped two-rating policy's name must also be what that policy gives, and one under
    ``weighted-elements`` is the lowest level when a rating is.
    """
    default = scales is None
    scales = default_scales() if scales is None else scales
    ranks: list[int] = []
    for name, scale in (("behaviours", scales.behaviours), ("outcomes", scales.outcomes)):
        slug = getattr(result, name)
        if slug not in {level.slug for level in scale.levels}:
            if default:
                return "scales", (
                    f"the result's {name} rating {_shown(slug)} is not a level of apsperf's "
                    "default scales; record the scales the result was worked out on"
                )
            return f"result.{name}", f"{_shown(slug)} is not a level of the {scale.name} scale"
        ranks.append(scale.rank(slug))
    b, o = ranks
    overall_scale = scales.overall
    if result.overall not in {level.slug for level in overall_scale.levels}:
        return "result.overall", (
            f"{_shown(result.overall)} is not a level of the {overall_scale.name} scale"
        )
    overall = overall_scale.rank(result.overall)
    for what, rank, flag in (
        ("behaviour", b, result.behaviour_concern),
        ("outcome", o, result.outcome_concern),
    ):
        concern = scales.is_concern(rank)
        if flag is not concern:
            return f"result.{what}_concern", (
                f"must be {str(concern).lower()}: the {what}s rating "
                f"{'is' if concern else 'is not'} a concern level"
            )
        cap = scales.overall_rank_for(rank)
        if concern and overall > cap:
            return "result.overall", (
                f"{_shown(result.overall)} is above what the {what}s concern allows "
                f"({_shown(overall_scale.levels[cap].slug)}); excellence elsewhere never "
                f"offsets a {what} concern, whatever the policy"
            )
    policy = _TWO_RATING.get(result.policy)
    expected = None if policy is None else policy.overall_rank(b, o, scales)
    if result.policy == WeightedElementsPolicy.name and min(b, o) == 0:
        expected = 0  # any element at the lowest level makes the result the lowest
    if expected is not None and overall != expected:
        return "result.overall", (
            f"policy {_shown(result.policy)} gives {_shown(overall_scale.levels[expected].slug)} "
            f"for behaviours {_shown(result.behaviours)} and outcomes "
            f"{_shown(result.outcomes)}, not {_shown(result.overall)}"
        )
    if policy is not None and result.points is not None:
        return "result.points", f"policy {_shown(result.policy)} gives no points"
    eligible = not result.has_concern and overall >= scales.reward_rank
    if result.reward_eligible is not eligible:
        return "result.reward_eligible", (
            f"must be {str(eligible).lower()}: reward needs no concern and an overall result "
            f"at or above {_shown(scales.reward_from)}"
        )
    low = min(b, o)
    if low == 0 and not result.unsatisfactory_performance:
        return "result.unsatisfactory_performance", (
            "must be true: a rating at the lowest level starts the unsatisfactory-performance "
            "process"
        )
    if not scales.is_concern(low) and result.unsatisfactory_performance:
        return "result.unsatisfactory_performance", (
            "must be false: the unsatisfactory-performance process starts only from a concern"
        )
    return None


@attrs.frozen(kw_only=True)
class Rating:
    """One assessed rating (a level slug) with the evidence and the assessor's comments."""

    level: str = attrs.field(validator=v.text)
    evidence: str | None = attrs.field(default=None, validator=v.optional(v.text))
    comments: str | None = attrs.field(default=None, validator=v.optional(v.text))


@attrs.frozen(kw_only=True)
class Expectation:
    """One expectation for the period, of behaviour or of outcomes, that was assessed."""

    kind: ElementKind = attrs.field(validator=v.instance_of(ElementKind))
    description: str = attrs.field(validator=v.text)


@attrs.frozen(kw_only=True)
class RewardDecision:
    """The reward-and-recognition decision for the period, with the reason for it.

    ``recognition`` says what was given when ``granted``; a leader with a concern, or below
    the scales' reward threshold, cannot be granted reward.
    """

    granted: bool = attrs.field(validator=v.instance_of(bool))
    reason: str = attrs.field(validator=v.text)
    recognition: str | None = attrs.field(default=None, validator=v.optional(v.text))
    decided_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    decided_by: str | None = attrs.field(default=None, validator=v.optional(v.text))


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return v.texts(value)


@attrs.frozen(kw_only=True)
class DevelopmentPlan:
    """A development plan agreed after the assessment, and the concern it addresses.

    ``addresses`` links the plan to the behavioural (``BEHAVIOUR``) or outcomes
    (``OUTCOME``) concern it responds to; ``None`` is development for continued growth.
    """

    actions: tuple[str, ...] = attrs.field(converter=_texts, validator=v.text_tuple)
    addresses: ElementKind | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ElementKind))
    )
    agreed_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    review_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)

    def __attrs_post_init__(self) -> None:
        if not self.actions:
            raise ValidationError("a development plan needs at least one action", path="actions")
        if self.agreed_on and self.review_on and self.review_on < self.agreed_on:
            raise ValidationError("must not be before agreed_on", path="review_on")


@attrs.frozen(kw_only=True)
class UnsatisfactoryPerformanceProcess:
    """The unsatisfactory-performance process started after the assessment.

    It may start only when the result says the process applies (a rating at or below the
    policy's trigger); ``steps`` records what was done, in order.
    """

    started_on: dt.date = attrs.field(validator=v.check_date)
    reason: str = attrs.field(validator=v.text)
    steps: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=v.text_tuple)
    concluded_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    outcome: str | None = attrs.field(default=None, validator=v.optional(v.text))

    def __attrs_post_init__(self) -> None:
        if self.concluded_on is not None and self.concluded_on < self.started_on:
            raise ValidationError("must not be before started_on", path="concluded_on")
        if self.outcome is not None and self.concluded_on is None:
            raise ValidationError("a process with an outcome has concluded", path="concluded_on")


def _expectations(value: Iterable[Expectation]) -> tuple[Expectation, ...]:
    return v.to_tuple(value)


def _plans(value: Iterable[DevelopmentPlan]) -> tuple[DevelopmentPlan, ...]:
    return v.to_tuple(value)


class AssessmentStatus(enum.Enum):
    """Whether an assessment is still a draft or has been finalised."""

    DRAFT = "draft"
    FINAL = "final"


@attrs.frozen(kw_only=True)
class SesAssessment:
    """An SES leader's performance assessment for a period: behaviours and outcomes.

    A draft may hold one rating or none; :meth:`finalise` needs both and records the
    result. A finalised assessment always has both ratings and a result that matches them.
    ``expectations`` are those assessed. What follows from the result is recorded on the
    final assessment: the ``reward`` decision, ``development_plans`` and any
    ``unsatisfactory_process``; each must be consistent with the result.
    :func:`check_assessment` reports what is still missing.

    ``scales`` are the scales the result was worked out on (``None``: apsperf's
    :func:`default_scales`; :meth:`finalise` records any others). However it is built or
    loaded, a final assessment's result is checked against them by the rules of
    :func:`assess`: never above what a concern allows, whatever the policy, and exactly what
    a shipped policy gives; a result that breaks them is refused naming the field
    (``result.overall`` for an overall result that offsets a concern).
    """

    leader: str = attrs.field(validator=v.text)
    period: PerformanceCycle = attrs.field(validator=v.instance_of(PerformanceCycle))
    assessor: str | None = attrs.field(default=None, validator=v.optional(v.text))
    behaviours: Rating | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Rating))
    )
    outcomes: Rating | None = attrs.field(default=None, validator=v.optional(v.instance_of(Rating)))
    finalised_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    result: AssessmentResult | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(AssessmentResult))
    )
    expectations: tuple[Expectation, ...] = attrs.field(
        default=(), converter=_expectations, validator=v.items_of(Expectation)
    )
    reward: RewardDecision | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(RewardDecision))
    )
    development_plans: tuple[DevelopmentPlan, ...] = attrs.field(
        default=(), converter=_plans, validator=v.items_of(DevelopmentPlan)
    )
    unsatisfactory_process: UnsatisfactoryPerformanceProcess | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(UnsatisfactoryPerformanceProcess))
    )
    scales: AssessmentScales | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(AssessmentScales))
    )

    def __attrs_post_init__(self) -> None:
        self._check_result()
        self._check_consequences()

    def __repr__(self) -> str:
        return _ses_assessment_repr(self)

    def _repr_html_(self) -> str:
        return display_html(self)

    def _check_consequences(self) -> None:
        result = self.result
        if result is None:
            for name in ("reward", "development_plans", "unsatisfactory_process"):
                if getattr(self, name):
                    raise ValidationError(
                        "follows from the result: record it once the assessment is final",
                        path=name,
                    )
            return
        if self.reward is not None and self.reward.granted and not result.reward_eligible:
            raise ValidationError(
                "the result does not make the leader eligible for reward and recognition",
                path="reward.granted",
            )
        concerns = {
            ElementKind.BEHAVIOUR: result.behaviour_concern,
            ElementKind.OUTCOME: result.outcome_concern,
        }
        for index, plan in enumerate(self.development_plans):
            if plan.addresses is not None and not concerns[plan.addresses]:
                raise ValidationError(
                    f"the result has no {plan.addresses.value} concern for the plan to address",
                    path=f"development_plans[{index}].addresses",
                )
        if self.unsatisfactory_process is not None and not result.unsatisfactory_performance:
            raise ValidationError(
                "the result does not start the unsatisfactory-performance process",
                path="unsatisfactory_process",
            )

    def _check_result(self) -> None:
        if (self.result is None) != (self.finalised_on is None):
            missing = "result" if self.result is None else "finalised_on"
            raise ValidationError(
                "a finalised assessment has both a result and a date", path=missing
            )
        if self.result is not None:
            for name in ("behaviours", "outcomes"):
                rating: Rating | None = getattr(self, name)
                if rating is None:
                    raise ValidationError("a finalised assessment needs both ratings", path=name)
                if getattr(self.result, name) != rating.level:
                    raise ValidationError(
                        f"the result was worked out from {getattr(self.result, name)!r}, "
                        f"not {rating.level!r}",
                        path=f"result.{name}",
                    )
            problem = _stored_result_problem(self.result, self.scales)
            if problem is not None:
                raise ValidationError(problem[1], path=problem[0])

    @property
    def status(self) -> AssessmentStatus:
        """Draft until :meth:`finalise` records the result."""
        return AssessmentStatus.DRAFT if self.result is None else AssessmentStatus.FINAL

    def record(
        self,
        *,
        reward: RewardDecision | None = None,
        development_plans: Iterable[DevelopmentPlan] | None = None,
        unsatisfactory_process: UnsatisfactoryPerformanceProcess | None = None,
    ) -> SesAssessment:
        """A copy of this final assessment with what follows from it recorded.

        Each argument given replaces what was recorded; each must be consistent with the
        result (no reward with a concern, a plan linked only to a concern there is, the
        unsatisfactory-performance process only when it applies).
        """
        if self.result is None:
            raise ValidationError(
                "finalise the assessment before recording what follows from it", path="status"
            )
        changes: dict[str, Any] = {}
        if reward is not None:
            changes["reward"] = reward
        if development_plans is not None:
            changes["development_plans"] = development_plans
        if unsatisfactory_process is not None:
            changes["unsatisfactory_process"] = unsatisfactory_process
        return attrs.evolve(self, **changes)

    def rate(
        self, *, behaviours: Rating | None = None, outcomes: Rating | None = None
    ) -> SesAssessment:
        """A copy of this draft with the ratings given replaced."""
        if self.result is not None:
            raise ValidationError("the assessment is final and cannot be re-rated", path="status")
        changes: dict[str, Any] = {}
        if behaviours is not None:
            changes["behaviours"] = behaviours
        if outcomes is not None:
            changes["outcomes"] = outcomes
        return attrs.evolve(self, **changes)

    def finalise(
        self,
        *,
        on: dt.date,
        scales: AssessmentScales | None = None,
        policy: AssessmentPolicy | None = None,
    ) -> SesAssessment:
        """The assessment finalised on ``on`` with its result worked out by :func:`assess`.

        Both ratings must be present (behaviours and outcomes must both be assessed) and be
        levels of ``scales``; otherwise :class:`~apsperf.ValidationError` names the field.
        ``scales`` defaults to the assessment's own, else :func:`default_scales`; others are
        recorded in ``scales``, so the stored result is checked against them on every load.
        """
        if self.result is not None:
            raise ValidationError("the assessment is already final", path="status")
        behaviours, outcomes = self.behaviours, self.outcomes
        if behaviours is None or outcomes is None:
            missing = [n for n in ("behaviours", "outcomes") if getattr(self, n) is None]
            raise ValidationError(
                f"both behaviours and outcomes must be assessed; {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} missing",
                path=missing[0],
            )
        scales = self.scales if scales is None else scales
        try:
            result = assess(behaviours.level, outcomes.level, scales=scales, policy=policy)
        except ValidationError as error:
            if error.path in ("behaviours", "outcomes"):
                raise ValidationError(error.message, path=f"{error.path}.level") from None
            raise
        used = None if scales is None or scales == default_scales() else scales
        return attrs.evolve(
            self,
            behaviours=attrs.evolve(behaviours, level=result.behaviours),
            outcomes=attrs.evolve(outcomes, level=result.outcomes),
            finalised_on=on,
            result=result,
            scales=used,
        )


def check_assessment(assessment: SesAssessment) -> tuple[Finding, ...]:
    """Findings about what an assessment has not yet recorded, most serious first.

    A final assessment with a behavioural concern and no development plan linked to it is
    a warning, as is one whose result starts the unsatisfactory-performance process with no
    process recorded; expectations of behaviour or outcomes not recorded, and a final
    assessment with no reward-and-recognition decision, are noted.
    """
    if not isinstance(assessment, SesAssessment):
        raise TypeError(f"expected an SesAssessment, got {type(assessment).__name__}")
    findings: list[Finding] = []

    def note(code: str, severity: Severity, message: str, path: str) -> None:
        findings.append(Finding(code=code, severity=severity, message=message, path=path))

    result = assessment.result
    linked = any(p.addresses is ElementKind.BEHAVIOUR for p in assessment.development_plans)
    if result is not None and result.behaviour_concern and not linked:
        note(
            "behaviour-concern-without-plan",
            Severity.WARNING,
            "the behavioural concern has no development plan linked to it; strong outcomes "
            "do not offset it",
            "development_plans",
        )
    process = assessment.unsatisfactory_process
    if result is not None and result.unsatisfactory_performance and process is None:
        note(
            "unsatisfactory-process-not-recorded",
            Severity.WARNING,
            "the result starts the unsatisfactory-performance process, but no process is recorded",
            "unsatisfactory_process",
        )
    kinds = {e.kind for e in assessment.expectations}
    for kind in ElementKind:
        if kind not in kinds:
            note(
                "expectations-not-recorded",
                Severity.INFO,
                f"no expectation of {kind.value}s is recorded as assessed; both behaviours "
                "and outcomes must be assessed",
                "expectations",
            )
    if result is not None and assessment.reward is None:
        note(
            "reward-decision-not-recorded",
            Severity.INFO,
            "no reward-and-recognition decision is recorded, with its reason",
            "reward",
        )
    return tuple(findings)


# -- repr(): one short line, text from input clipped --


def _result_repr(result: AssessmentResult) -> str:
    """A one-line ``repr()`` of an assessment result."""
    points = "" if result.points is None else f", {result.points:,} points"
    concern = (
        "behaviour and outcome concerns"
        if result.behaviour_concern and result.outcome_concern
        else "behaviour concern"
        if result.behaviour_concern
        else "outcome concern"
        if result.outcome_concern
        else "no concern"
    )
    overall, behaviours, outcomes = map(
        quoted, (result.overall, result.behaviours, result.outcomes)
    )
    return one_line(
        f"<AssessmentResult {overall} (behaviours {behaviours}, "
        f"outcomes {outcomes}{points}): {concern}, "
        f"reward {'eligible' if result.reward_eligible else 'not eligible'}>"
    )


def _ses_assessment_repr(assessment: SesAssessment) -> str:
    """A one-line ``repr()`` of an SES assessment."""
    result = assessment.result
    state = "draft" if result is None else f"final, overall {quoted(result.overall)}"
    plans = len(assessment.development_plans)
    return one_line(
        f"<SesAssessment of {quoted(assessment.leader)} for "
        f"{assessment.period.start.isoformat()} to {assessment.period.end.isoformat()}: "
        f"{state}; {len(assessment.expectations):,} expectations, {plans:,} development "
        f"plan{'' if plans == 1 else 's'}>"
    )
