"""An agency's self-assessment against a maturity scale, and how element levels aggregate."""

from __future__ import annotations

import datetime as dt
import enum
import statistics
from collections.abc import Iterable
from typing import Any

import attrs

from apsperf import _validators as v
from apsperf._display import display_html, one_line, quoted
from apsperf.errors import ValidationError, _shown
from apsperf.maturity.model._elements import Element
from apsperf.maturity.model._milestones import ImplementationRecord
from apsperf.maturity.model._scale import MAX_LEVELS

__all__ = [
    "AggregateRatings",
    "Aggregation",
    "ElementRating",
    "SelfAssessment",
    "aggregate",
]


def _level(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance_of(int)(_inst, attribute, value)
    if value < 1:
        raise ValidationError("must be 1 or more (levels are ranked from 1)", path=attribute.name)


@attrs.frozen(kw_only=True)
class ElementRating:
    """The level an agency places itself at on one element, with its reasons and plans.

    ``level`` is a rank on the maturity scale (1 is the least mature); ``evidence`` lists
    what supports that placement and ``planned_actions`` what the agency will do next.
    """

    element: Element = attrs.field(validator=v.instance_of(Element))
    level: int = attrs.field(validator=_level)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=v.texts, validator=v.text_tuple)
    planned_actions: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_tuple
    )


def _ratings(given: Iterable[ElementRating]) -> tuple[ElementRating, ...]:
    return v.to_tuple(given)


def _each_element_once(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(ElementRating)(_inst, attribute, value)
    seen: set[Element] = set()
    for index, rating in enumerate(value):
        if rating.element in seen:
            raise ValidationError(
                f"{rating.element.label!r} is rated more than once",
                path=f"ratings[{index}].element",
            )
        seen.add(rating.element)


@attrs.frozen(kw_only=True)
class SelfAssessment:
    """An agency's self-assessment of its SES performance maturity on one date.

    ``ratings`` holds at most one :class:`ElementRating` per element, in the order given
    (:attr:`in_framework_order` puts them in the Framework's order). A draft may leave
    elements out; it is complete only when all five are rated (see
    :attr:`missing_elements`). ``implementation`` optionally records when the agency
    reached each stage of the staged implementation. ``synthetic`` is true for the invented
    sample agencies apsperf ships (:func:`~apsperf.maturity.load_samples`, ``apsperf maturity
    samples``); it travels with the JSON, so every report on them says so.
    """

    agency: str = attrs.field(validator=v.text)
    assessed_on: dt.date = attrs.field(validator=v.check_date)
    ratings: tuple[ElementRating, ...] = attrs.field(
        default=(), converter=_ratings, validator=_each_element_once
    )
    implementation: ImplementationRecord | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ImplementationRecord))
    )
    synthetic: bool = attrs.field(default=False, validator=v.instance_of(bool))

    def __repr__(self) -> str:
        return _assessment_repr(self)

    def _repr_html_(self) -> str:
        return display_html(self)

    def rating(self, element: Element) -> ElementRating | None:
        """The rating for ``element``, or ``None`` if it is not rated yet."""
        return next((r for r in self.ratings if r.element is element), None)

    @property
    def missing_elements(self) -> tuple[Element, ...]:
        """The elements not yet rated, in the Framework's order."""
        rated = {r.element for r in self.ratings}
        return tuple(e for e in Element if e not in rated)

    @property
    def is_complete(self) -> bool:
        """True when every one of the five elements is rated."""
        return not self.missing_elements

    @property
    def record(self) -> ImplementationRecord:
        """The implementation record, with the self-assessment date filled in if not given."""
        record = self.implementation or ImplementationRecord()
        if record.self_assessed_on is None:
            record = attrs.evolve(record, self_assessed_on=self.assessed_on)
        return record

    def with_rating(self, rating: ElementRating) -> SelfAssessment:
        """A copy with ``rating`` in place of any earlier rating of the same element.

        A new element's rating goes before the first rating of a later element, so ratings
        given in the Framework's order stay in it.
        """
        if not isinstance(rating, ElementRating):
            raise ValidationError(
                f"expected ElementRating, got {type(rating).__name__}", path="rating"
            )
        ratings = list(self.ratings)
        for index, existing in enumerate(ratings):
            if existing.element is rating.element:
                ratings[index] = rating
                break
            if existing.element.position > rating.element.position:
                ratings.insert(index, rating)
                break
        else:
            ratings.append(rating)
        return attrs.evolve(self, ratings=tuple(ratings))

    @property
    def in_framework_order(self) -> tuple[ElementRating, ...]:
        """The ratings in the Framework's order of its elements."""
        return tuple(sorted(self.ratings, key=lambda r: r.element.position))


class Aggregation(enum.Enum):
    """The rule that turns five element levels into one aggregate rating.

    ``WEAKEST_LINK`` (the default) takes the lowest level: a practice is only as mature as
    its weakest element. ``MEAN`` is the average level and ``MEDIAN`` the middle one. Every
    rule lies between the lowest and highest element and never falls when an element rises.
    """

    WEAKEST_LINK = "weakest-link"
    MEAN = "mean"
    MEDIAN = "median"

    @property
    def label(self) -> str:
        """The rule's name in words."""
        return self.value.replace("-", " ").capitalize()

    def combine(self, levels: Iterable[int]) -> float:
        """The aggregate of ``levels`` under this rule; at least one level is needed.

        Each level is a whole number from 1 to :data:`MAX_LEVELS`; anything else (a huge
        number too) is a :class:`~apsperf.ValidationError` naming it.
        """
        values = tuple(levels)
        if not values:
            raise ValidationError("no levels to aggregate", path="levels")
        for index, value in enumerate(values):
            _check_level(value, f"levels[{index}]")
        if self is Aggregation.WEAKEST_LINK:
            return float(min(values))
        if self is Aggregation.MEAN:
            return sum(values) / len(values)
        return float(statistics.median(values))


@attrs.frozen(kw_only=True)
class AggregateRatings:
    """An agency's aggregate maturity ratings across the five elements.

    ``overall`` is the headline figure under ``rule``; ``weakest_link`` (the lowest element),
    ``mean`` (the average) and ``strongest`` (the highest) are always reported alongside.
    """

    rule: Aggregation
    overall: float
    weakest_link: int
    mean: float
    strongest: int


def _check_level(value: object, path: str) -> None:
    """Refuse anything but a whole number from 1 to :data:`MAX_LEVELS`, naming it briefly."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"expected a level of 1 or more, got {_shown(value)}", path=path)
    if value > MAX_LEVELS:
        raise ValidationError(
            f"expected a level of at most {MAX_LEVELS:,} (the most levels a scale has), "
            f"got {_shown(value)}",
            path=path,
        )


def aggregate(
    levels: Iterable[int], rule: Aggregation = Aggregation.WEAKEST_LINK
) -> AggregateRatings:
    """Aggregate ratings for a set of element levels under ``rule``."""
    if not isinstance(rule, Aggregation):
        raise ValidationError(f"expected Aggregation, got {type(rule).__name__}", path="rule")
    values = tuple(levels)
    for index, value in enumerate(values):
        _check_level(value, f"levels[{index}]")
    overall = rule.combine(values)
    return AggregateRatings(
        rule=rule,
        overall=overall,
        weakest_link=min(values),
        mean=Aggregation.MEAN.combine(values),
        strongest=max(values),
    )


def _assessment_repr(assessment: SelfAssessment) -> str:
    """A one-line ``repr()`` of a self-assessment."""
    rated = len(assessment.ratings)
    synthetic = ", synthetic" if assessment.synthetic else ""
    return one_line(
        f"<SelfAssessment of {quoted(assessment.agency)} on "
        f"{assessment.assessed_on.isoformat()}: "
        f"{rated} of {len(Element)} elements rated{synthetic}>"
    )
