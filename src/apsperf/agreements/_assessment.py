"""SES performance assessment: behaviours and outcomes, combined without compensation."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Final, Protocol, runtime_checkable

import attrs

from apsperf import _validators as v
from apsperf.agreements._scales import AssessmentScales, default_scales
from apsperf.dates import PerformanceCycle
from apsperf.errors import ValidationError

__all__ = [
    "AssessmentPolicy",
    "AssessmentResult",
    "AssessmentStatus",
    "DevelopmentArea",
    "MidpointPolicy",
    "NonCompensatoryPolicy",
    "Rating",
    "SesAssessment",
    "assess",
    "shipped_policies",
]


@runtime_checkable
class AssessmentPolicy(Protocol):
    """How a behaviours rating and an outcomes rating combine into the overall result.

    A policy sees ranks (0 is the lowest level) and returns a rank on the overall scale.
    Whatever the policy, :func:`assess` refuses a result that lets outcomes lift the
    overall result above what a behavioural concern allows.
    """

    @property
    def name(self) -> str:
        """A short slug naming the policy, recorded in every result."""
        ...

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        """The overall rank for a behaviours rank and an outcomes rank."""
        ...


class _Policy:
    """Shared behaviour of the shipped policies: they hold no data, so equal by type."""

    __slots__ = ()
    name: str = ""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class NonCompensatoryPolicy(_Policy):
    """The default: the overall result is the lower of the two ratings.

    Behaviours are as important as outcomes, and excellence in one can never offset or
    minimise a shortfall in the other.
    """

    __slots__ = ()
    name = "non-compensatory"

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        """The overall level corresponding to the lower of the two ranks."""
        return scales.overall_rank_for(min(behaviours, outcomes))


class MidpointPolicy(_Policy):
    """An alternative: the midpoint of the two ratings, capped by any concern.

    The overall result is the midpoint (rounded down) when neither rating is a concern and
    the lower of the two when either is. Behaviours and outcomes still weigh the same, and a
    concern in either still caps the result; above the concern line a strong rating in one
    can lift a merely effective one.
    """

    __slots__ = ()
    name = "midpoint"

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        """The overall level corresponding to the midpoint (or the lower rank on a concern)."""
        if scales.is_concern(behaviours) or scales.is_concern(outcomes):
            return scales.overall_rank_for(min(behaviours, outcomes))
        return scales.overall_rank_for((behaviours + outcomes) // 2)


def shipped_policies() -> tuple[AssessmentPolicy, ...]:
    """Every policy apsperf ships, the default (non-compensatory) first."""
    return (NonCompensatoryPolicy(), MidpointPolicy())


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


@attrs.frozen(kw_only=True)
class AssessmentResult:
    """The outcome of combining a behaviours rating and an outcomes rating.

    It tells the Framework's other elements what they need to know: whether there is a
    behavioural concern (for unsatisfactory performance and development), whether the
    leader is eligible for reward and recognition, whether the unsatisfactory-performance
    process applies, and where development should focus. Ratings are level slugs.
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


def _focus(behaviour_concern: bool, outcome_concern: bool) -> DevelopmentArea:
    if behaviour_concern and outcome_concern:
        return DevelopmentArea.BEHAVIOURS_AND_OUTCOMES
    if behaviour_concern:
        return DevelopmentArea.BEHAVIOURS
    if outcome_concern:
        return DevelopmentArea.OUTCOMES
    return DevelopmentArea.CONTINUED_GROWTH


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
    rating is the lowest level of its scale.
    """
    scales = default_scales() if scales is None else scales
    policy = NonCompensatoryPolicy() if policy is None else policy
    if not isinstance(scales, AssessmentScales):
        raise ValidationError(
            f"expected AssessmentScales, got {type(scales).__name__}", path="scales"
        )
    if not isinstance(policy, AssessmentPolicy):
        raise ValidationError(
            f"expected an AssessmentPolicy, got {type(policy).__name__}", path="policy"
        )
    b_level = scales.behaviours.level(behaviours, field="behaviours")
    o_level = scales.outcomes.level(outcomes, field="outcomes")
    b, o = scales.behaviours.levels.index(b_level), scales.outcomes.levels.index(o_level)
    overall = policy.overall_rank(b, o, scales)
    if (
        isinstance(overall, bool)
        or not isinstance(overall, int)
        or not (0 <= overall < len(scales.overall))
    ):
        raise ValidationError(
            f"policy {policy.name!r} returned {overall!r}, not an overall "
            f"rank 0-{len(scales.overall) - 1}",
            path="policy",
        )
    behaviour_concern, outcome_concern = b_level.concern, o_level.concern
    for concerned, rank, what in (
        (behaviour_concern, b, "behaviours"),
        (outcome_concern, o, "outcomes"),
    ):
        cap = scales.overall_rank_for(rank)
        if concerned and overall > cap:
            raise ValidationError(
                f"policy {policy.name!r} rates the overall result above what a {what} "
                f"concern allows ({scales.overall.levels[cap].slug}); excellence in one "
                "cannot offset a concern in the other",
                path="policy",
            )
    concern = behaviour_concern or outcome_concern
    return AssessmentResult(
        behaviours=b_level.slug,
        outcomes=o_level.slug,
        overall=scales.overall.levels[overall].slug,
        behaviour_concern=behaviour_concern,
        outcome_concern=outcome_concern,
        reward_eligible=not concern and overall >= scales.reward_rank,
        unsatisfactory_performance=b == 0 or o == 0,
        development_area=_focus(behaviour_concern, outcome_concern),
        policy=policy.name,
    )


@attrs.frozen(kw_only=True)
class Rating:
    """One assessed rating (a level slug) with the evidence and comments behind it."""

    level: str = attrs.field(validator=v.text)
    evidence: str | None = attrs.field(default=None, validator=v.optional(v.text))


class AssessmentStatus(enum.Enum):
    """Whether an assessment is still a draft or has been finalised."""

    DRAFT = "draft"
    FINAL = "final"


@attrs.frozen(kw_only=True)
class SesAssessment:
    """An SES leader's performance assessment for a period: behaviours and outcomes.

    A draft may hold one rating or none; :meth:`finalise` needs both and records the
    result. A finalised assessment always has both ratings and a result that matches them.
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

    def __attrs_post_init__(self) -> None:
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

    @property
    def status(self) -> AssessmentStatus:
        """Draft until :meth:`finalise` records the result."""
        return AssessmentStatus.DRAFT if self.result is None else AssessmentStatus.FINAL

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
        try:
            result = assess(behaviours.level, outcomes.level, scales=scales, policy=policy)
        except ValidationError as error:
            if error.path in ("behaviours", "outcomes"):
                raise ValidationError(error.message, path=f"{error.path}.level") from None
            raise
        return attrs.evolve(
            self,
            behaviours=attrs.evolve(behaviours, level=result.behaviours),
            outcomes=attrs.evolve(outcomes, level=result.outcomes),
            finalised_on=on,
            result=result,
        )
