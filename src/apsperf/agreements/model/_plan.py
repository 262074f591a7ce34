"""The Tasmanian Senior Executive Performance Management Plan: its details and five sections."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf._display import one_line, quoted
from apsperf.dates import PerformanceCycle
from apsperf.errors import ValidationError, _shown

__all__ = [
    "CareerAspirations",
    "LeadershipBehaviour",
    "LeadershipCapability",
    "LearningFocus",
    "LearningNeed",
    "LearningPriority",
    "PerformanceMeasure",
    "PlanContent",
    "PlanDetails",
    "Signature",
    "WorkOutcome",
    "WorkingRelationship",
]


def _leadership_behaviours(value: Iterable[LeadershipBehaviour]) -> tuple[LeadershipBehaviour, ...]:
    """Converter: a sequence of :class:`LeadershipBehaviour` becomes a tuple."""
    return v.to_tuple(value)


def _learning_needs(value: Iterable[LearningNeed]) -> tuple[LearningNeed, ...]:
    """Converter: a sequence of :class:`LearningNeed` becomes a tuple."""
    return v.to_tuple(value)


def _performance_measures(value: Iterable[PerformanceMeasure]) -> tuple[PerformanceMeasure, ...]:
    """Converter: a sequence of :class:`PerformanceMeasure` becomes a tuple."""
    return v.to_tuple(value)


def _work_outcomes(value: Iterable[WorkOutcome]) -> tuple[WorkOutcome, ...]:
    """Converter: a sequence of :class:`WorkOutcome` becomes a tuple."""
    return v.to_tuple(value)


def _nested(kind: type, *, allow_empty: bool = True) -> v.Validator:
    """A tuple of ``kind`` values; each item was validated when it was built."""
    check = v.items_of(kind)

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check(inst, attribute, value)
        if not allow_empty and not value:
            raise ValidationError("must not be empty", path=attribute.name)

    return validate


_TEXT_OR_NONE: Final = v.optional(v.text)


class LeadershipCapability(enum.Enum):
    """The five capabilities of the Senior Executive Leadership Capability Framework.

    Members are in the order section 2 of the plan lists them; :attr:`label` is the
    template's wording and :attr:`number` its row number.
    """

    SHAPES_STRATEGIC_THINKING = "shapes-strategic-thinking"
    ACHIEVES_RESULTS = "achieves-results"
    CULTIVATES_PRODUCTIVE_WORKING_RELATIONSHIPS = "cultivates-productive-working-relationships"
    EXEMPLIFIES_PERSONAL_DRIVE_AND_INTEGRITY = "exemplifies-personal-drive-and-integrity"
    COMMUNICATES_WITH_INFLUENCE = "communicates-with-influence"

    @property
    def label(self) -> str:
        """The capability as the template writes it, e.g. ``"Achieves results"``."""
        return _CAPABILITY_LABELS[self]

    @property
    def number(self) -> int:
        """The capability's row number in section 2 of the template (1 to 5)."""
        return _CAPABILITY_ORDER.index(self) + 1

    @classmethod
    def parse(cls, value: object, *, field: str = "capability") -> LeadershipCapability:
        """Read a capability from its slug, its label (any case) or its number 1-5."""
        if isinstance(value, LeadershipCapability):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            return _CAPABILITY_ORDER[value - 1]
        if isinstance(value, str):
            key = " ".join(value.strip().replace("-", " ").split()).casefold()
            number = key.lstrip("0")  # "3" or "03"; never int() of thousands of digits
            if key.isascii() and key.isdigit() and len(number) == 1 and number in "12345":
                return _CAPABILITY_ORDER[int(number) - 1]
            for capability in cls:
                if key in (capability.label.casefold(), capability.value.replace("-", " ")):
                    return capability
        choices = ", ".join(c.value for c in cls)
        raise ValidationError(
            f"{_shown(value)} is not a leadership capability; expected one of {choices} or 1-5",
            path=field,
        )


_CAPABILITY_LABELS: Final = {
    LeadershipCapability.SHAPES_STRATEGIC_THINKING: "Shapes strategic thinking",
    LeadershipCapability.ACHIEVES_RESULTS: "Achieves results",
    LeadershipCapability.CULTIVATES_PRODUCTIVE_WORKING_RELATIONSHIPS: (
        "Cultivates productive working relationships"
    ),
    LeadershipCapability.EXEMPLIFIES_PERSONAL_DRIVE_AND_INTEGRITY: (
        "Exemplifies personal drive and integrity"
    ),
    LeadershipCapability.COMMUNICATES_WITH_INFLUENCE: "Communicates with influence",
}
_CAPABILITY_ORDER: Final = tuple(LeadershipCapability)


class LearningPriority(enum.Enum):
    """How pressing a learning need is, as recorded in the "Priority" column of section 3.

    The template has a "Priority" column but names no values: High, Medium and Low are
    apsperf's own choice, not the template's words.
    """

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        """``"High"``, ``"Medium"`` or ``"Low"``."""
        return self.value.capitalize()


class LearningFocus(enum.Enum):
    """What a learning need relates to: a business/work outcome or professional development.

    This is the section 3 column "Relates to business, work outcome or professional
    development".
    """

    WORK_OUTCOME = "work-outcome"
    PROFESSIONAL_DEVELOPMENT = "professional-development"

    @property
    def label(self) -> str:
        """``"Business/work outcome"`` or ``"Professional development"``."""
        return (
            "Business/work outcome"
            if self is LearningFocus.WORK_OUTCOME
            else ("Professional development")
        )


@attrs.frozen(kw_only=True)
class Signature:
    """A signature on the plan: who signed and the date they signed."""

    name: str = attrs.field(validator=v.text)
    signed_on: dt.date = attrs.field(validator=v.check_date)


@attrs.frozen(kw_only=True)
class PlanDetails:
    """The details at the head of the plan: who it is for, who manages them, and when.

    Anything not yet filled in is ``None``. Both signatures and the meeting date are needed
    before a plan can be agreed.
    """

    officer_name: str = attrs.field(validator=v.text)
    classification_level: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)
    division_branch: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)
    manager_name: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)
    meeting_date: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    period: PerformanceCycle = attrs.field(validator=v.instance_of(PerformanceCycle))
    officer_signature: Signature | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Signature))
    )
    manager_signature: Signature | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Signature))
    )

    def missing_for_agreement(self) -> tuple[str, ...]:
        """The detail fields still empty that an agreed plan must have (in template order)."""
        wanted = ("officer_signature", "manager_signature", "meeting_date")
        return tuple(name for name in wanted if getattr(self, name) is None)


@attrs.frozen(kw_only=True)
class PerformanceMeasure:
    """One performance measure: what would show the outcome or behaviour has been achieved."""

    description: str = attrs.field(validator=v.text)


@attrs.frozen(kw_only=True)
class WorkOutcome:
    """One business (work) outcome of section 1: what the officer expects to achieve.

    ``rank`` is its place in order of importance (1 is the most important). The links say
    which agency strategic objectives and division/branch objectives it serves, as
    appropriate.
    """

    rank: int = attrs.field(validator=v.instance_of(int))
    outcome: str = attrs.field(validator=v.text)
    measures: tuple[PerformanceMeasure, ...] = attrs.field(
        default=(), converter=_performance_measures, validator=_nested(PerformanceMeasure)
    )
    agency_objectives: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_tuple
    )
    division_branch_objectives: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_tuple
    )


@attrs.frozen(kw_only=True)
class LeadershipBehaviour:
    """One row of section 2: a leadership capability and the measures of how it is shown."""

    capability: LeadershipCapability = attrs.field(validator=v.instance_of(LeadershipCapability))
    measures: tuple[PerformanceMeasure, ...] = attrs.field(
        default=(), converter=_performance_measures, validator=_nested(PerformanceMeasure)
    )


@attrs.frozen(kw_only=True)
class LearningNeed:
    """One row of the learning and development plan (section 3).

    ``focus`` says whether the need relates to a business/work outcome (then
    ``outcome_rank`` names which one) or to professional development. ``activity`` answers
    "How will my learning needs be met?"; ``responsibility`` and ``timing`` say who makes it
    happen and when.
    """

    priority: LearningPriority = attrs.field(validator=v.instance_of(LearningPriority))
    need: str = attrs.field(validator=v.text)
    focus: LearningFocus = attrs.field(validator=v.instance_of(LearningFocus))
    outcome_rank: int | None = attrs.field(default=None, validator=v.optional(v.instance_of(int)))
    activity: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)
    responsibility: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)
    timing: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)

    def __attrs_post_init__(self) -> None:
        if self.focus is LearningFocus.WORK_OUTCOME and self.outcome_rank is None:
            raise ValidationError(
                "a need that relates to a work outcome must say which one (its rank)",
                path="outcome_rank",
            )
        if self.focus is LearningFocus.PROFESSIONAL_DEVELOPMENT and self.outcome_rank is not None:
            raise ValidationError(
                "a professional development need does not relate to a work outcome; "
                "leave it empty or set focus to work-outcome",
                path="outcome_rank",
            )


@attrs.frozen(kw_only=True)
class CareerAspirations:
    """Section 4: the officer's career aspirations and goals and the manager's comments."""

    officer_aspirations: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)
    manager_comments: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)


@attrs.frozen(kw_only=True)
class WorkingRelationship:
    """Section 5: what the manager and what the officer seek in their working relationship."""

    manager_seeks: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)
    officer_seeks: str | None = attrs.field(default=None, validator=_TEXT_OR_NONE)


def _check_outcomes(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _nested(WorkOutcome)(_inst, attribute, value)
    for index, outcome in enumerate(value):
        if outcome.rank != index + 1:
            raise ValidationError(
                f"outcomes are recorded in order of importance, so this one must be ranked "
                f"{index + 1}, not {outcome.rank}",
                path=f"{attribute.name}[{index}].rank",
            )


def _check_leadership(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _nested(LeadershipBehaviour)(_inst, attribute, value)
    previous = 0
    for index, row in enumerate(value):
        number = row.capability.number
        if number <= previous:
            what = "appears twice" if number == previous else "is out of the template's order"
            raise ValidationError(
                f"{row.capability.label!r} {what}; list each capability at most once, in the "
                "order 1-5 of section 2",
                path=f"{attribute.name}[{index}].capability",
            )
        previous = number


@attrs.frozen(kw_only=True)
class PlanContent:
    """Everything written on the plan: its details and its five sections.

    Structural rules hold for every value: work outcomes are ranked 1..n in order of
    importance, each leadership capability appears at most once and in the template's
    order, and a learning need that relates to a work outcome names one that exists.
    """

    details: PlanDetails = attrs.field(validator=v.instance_of(PlanDetails))
    outcomes: tuple[WorkOutcome, ...] = attrs.field(
        default=(), converter=_work_outcomes, validator=_check_outcomes
    )
    leadership: tuple[LeadershipBehaviour, ...] = attrs.field(
        default=(), converter=_leadership_behaviours, validator=_check_leadership
    )
    learning: tuple[LearningNeed, ...] = attrs.field(
        default=(), converter=_learning_needs, validator=_nested(LearningNeed)
    )
    career: CareerAspirations = attrs.field(
        factory=CareerAspirations, validator=v.instance_of(CareerAspirations)
    )
    relationship: WorkingRelationship = attrs.field(
        factory=WorkingRelationship, validator=v.instance_of(WorkingRelationship)
    )

    def __attrs_post_init__(self) -> None:
        ranks = {outcome.rank for outcome in self.outcomes}
        for index, need in enumerate(self.learning):
            if need.outcome_rank is not None and need.outcome_rank not in ranks:
                raise ValidationError(
                    f"there is no work outcome ranked {need.outcome_rank}",
                    path=f"learning[{index}].outcome_rank",
                )

    def outcome(self, rank: int) -> WorkOutcome:
        """The work outcome ranked ``rank`` (1 is the most important)."""
        for outcome in self.outcomes:
            if outcome.rank == rank:
                return outcome
        raise ValidationError(f"there is no work outcome ranked {rank!r}", path="rank")

    def behaviour(self, capability: LeadershipCapability) -> LeadershipBehaviour | None:
        """The section 2 row for ``capability``, or ``None`` when it is not filled in."""
        for row in self.leadership:
            if row.capability is capability:
                return row
        return None

    def __repr__(self) -> str:
        return _content_repr(self)


def _content_repr(content: PlanContent) -> str:
    """A one-line ``repr()`` of a plan's content."""
    return one_line(
        f"<PlanContent for {quoted(content.details.officer_name)}: "
        f"{len(content.outcomes):,} work outcomes, {len(content.leadership):,} leadership "
        f"rows, {len(content.learning):,} learning needs>"
    )
