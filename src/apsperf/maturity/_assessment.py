"""An agency's self-assessment against a maturity scale, and what follows from it."""

from __future__ import annotations

import datetime as dt
import enum
import statistics
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from apsperf import _validators as v
from apsperf._html import (
    NOTEBOOK_NAME,
    NOTEBOOK_SHOWN,
    NOTEBOOK_TEXT,
    Cell,
    clip,
    escape,
    fragment,
    quoted,
    table,
)
from apsperf._redaction import redacting
from apsperf.errors import ValidationError, _shown
from apsperf.findings import Finding, Severity
from apsperf.maturity._elements import Element
from apsperf.maturity._milestones import ImplementationRecord
from apsperf.maturity._scale import MAX_LEVELS, MaturityScale, default_scale

__all__ = [
    "AggregateRatings",
    "Aggregation",
    "ElementRating",
    "ElementState",
    "FocusArea",
    "MaturityState",
    "SelfAssessment",
    "aggregate",
    "check_self_assessment",
    "load_self_assessment",
    "load_self_assessments",
    "maturity_state",
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
        return _assessment_fragment(self)

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


@attrs.frozen(kw_only=True)
class ElementState:
    """Where an agency stands on one element: its level and what that level looks like."""

    element: Element
    level: int
    level_name: str
    description: str


@attrs.frozen(kw_only=True)
class FocusArea:
    """An element to focus future effort on, and the next level as the target to reach."""

    element: Element
    level: int
    target_level: int
    target_name: str
    target_description: str


@attrs.frozen(kw_only=True)
class MaturityState:
    """An agency's maturity state from a complete self-assessment.

    ``elements`` gives each element's level and its description on ``scale_name``;
    ``aggregate`` the aggregate ratings; ``focus_areas`` the lowest-rated elements with the
    next level up as their target (empty when every element is at the top level).
    """

    agency: str
    assessed_on: dt.date
    scale_name: str
    elements: tuple[ElementState, ...]
    aggregate: AggregateRatings
    focus_areas: tuple[FocusArea, ...]

    def __repr__(self) -> str:
        return _state_repr(self)

    def _repr_html_(self) -> str:
        return _state_fragment(self)


def _scale_or_default(scale: object) -> MaturityScale:
    if scale is None:
        return default_scale()
    if not isinstance(scale, MaturityScale):
        raise ValidationError(f"expected MaturityScale, got {type(scale).__name__}", path="scale")
    return scale


def _is_assessment(assessment: object) -> SelfAssessment:
    if not isinstance(assessment, SelfAssessment):
        raise ValidationError(
            f"expected SelfAssessment, got {type(assessment).__name__}", path="assessment"
        )
    return assessment


def _checked_levels(assessment: SelfAssessment, scale: MaturityScale) -> None:
    problems: list[tuple[str, str]] = []
    if assessment.missing_elements:
        names = ", ".join(e.value for e in assessment.missing_elements)
        problems.append(("ratings", f"incomplete self-assessment: no rating for {names}"))
    for index, rating in enumerate(assessment.ratings):
        try:
            scale.check_rank(rating.level, field=f"ratings[{index}].level")
        except ValidationError as error:
            problems.extend(error.errors)
    if problems:
        raise ValidationError.from_errors(problems)


def maturity_state(
    assessment: SelfAssessment,
    *,
    scale: MaturityScale | None = None,
    rule: Aggregation = Aggregation.WEAKEST_LINK,
) -> MaturityState:
    """The maturity state, aggregate ratings and focus areas of a complete self-assessment.

    ``scale`` defaults to :func:`default_scale`. An incomplete assessment, or a level that is
    not on the scale, raises :class:`~apsperf.ValidationError` naming what is missing or
    wrong; use :func:`check_self_assessment` to list the problems of a draft instead.
    """
    assessment = _is_assessment(assessment)
    scale = _scale_or_default(scale)
    if not isinstance(rule, Aggregation):
        raise ValidationError(f"expected Aggregation, got {type(rule).__name__}", path="rule")
    _checked_levels(assessment, scale)
    elements = tuple(
        ElementState(
            element=r.element,
            level=r.level,
            level_name=scale.level(r.level).name,
            description=scale.describe(r.element, r.level),
        )
        for r in assessment.in_framework_order
    )
    ratings = aggregate((r.level for r in assessment.ratings), rule)
    lowest = ratings.weakest_link
    focus = tuple(
        FocusArea(
            element=r.element,
            level=r.level,
            target_level=r.level + 1,
            target_name=scale.level(r.level + 1).name,
            target_description=scale.describe(r.element, r.level + 1),
        )
        for r in assessment.in_framework_order
        if r.level == lowest and r.level < scale.top
    )
    return MaturityState(
        agency=assessment.agency,
        assessed_on=assessment.assessed_on,
        scale_name=scale.name,
        elements=elements,
        aggregate=ratings,
        focus_areas=focus,
    )


def check_self_assessment(
    assessment: SelfAssessment, *, scale: MaturityScale | None = None
) -> tuple[Finding, ...]:
    """Findings about a self-assessment that is valid but not yet complete or well supported.

    Errors: an element not rated (the assessment is incomplete) or a level that is not on
    ``scale``. Warnings: a rating with no evidence, or below the top level with no planned
    actions. Errors for a record that contradicts itself (see :func:`_record_findings`):
    reporting in the Agency Survey before completing the self-assessment
    (``reported-before-self-assessment``), and claiming full implementation while an element
    is at level 1 (``implemented-with-level-1``).
    """
    assessment = _is_assessment(assessment)
    scale = _scale_or_default(scale)
    findings = [
        Finding(
            code="element-missing",
            severity=Severity.ERROR,
            path="ratings",
            message=f"no rating for {e.label!r}: a complete self-assessment covers all five "
            "elements",
        )
        for e in assessment.missing_elements
    ]
    for index, rating in enumerate(assessment.ratings):
        where = f"ratings[{index}]"
        if rating.level > scale.top:
            findings.append(
                Finding(
                    code="level-off-scale",
                    severity=Severity.ERROR,
                    path=f"{where}.level",
                    message=f"level {rating.level} is not on {scale.name!r} (1 to {scale.top})",
                )
            )
        if not rating.evidence:
            findings.append(
                Finding(
                    code="evidence-missing",
                    severity=Severity.WARNING,
                    path=f"{where}.evidence",
                    message=f"no evidence given for the level of {rating.element.label!r}",
                )
            )
        if rating.level < scale.top and not rating.planned_actions:
            findings.append(
                Finding(
                    code="actions-missing",
                    severity=Severity.WARNING,
                    path=f"{where}.planned_actions",
                    message=f"no planned actions to lift {rating.element.label!r} from level "
                    f"{rating.level}",
                )
            )
    findings.extend(_record_findings(assessment, scale))
    return tuple(findings)


def _record_findings(assessment: SelfAssessment, scale: MaturityScale) -> list[Finding]:
    """Errors where the implementation record contradicts itself or the ratings.

    The self-assessment is complete on ``record.self_assessed_on`` (this assessment's date
    unless the record names an earlier one). Reporting on the same day is in order; a day
    before is not, and neither is a report resting on this self-assessment while it leaves
    an element unrated. Full implementation claimed on or before this assessment's date
    contradicts any element at level 1; claimed later, it may have followed the assessment.
    """
    record = assessment.record
    found: list[Finding] = []
    reported, completed = record.reported_on, record.self_assessed_on
    if reported is not None and completed is not None and reported < completed:
        found.append(
            Finding(
                code="reported-before-self-assessment",
                severity=Severity.ERROR,
                path="implementation.reported_on",
                message=f"reported in the Agency Survey on {reported.isoformat()}, before the "
                f"self-assessment was completed on {completed.isoformat()}",
            )
        )
    elif (
        reported is not None and completed == assessment.assessed_on and not assessment.is_complete
    ):
        found.append(
            Finding(
                code="reported-before-self-assessment",
                severity=Severity.ERROR,
                path="implementation.reported_on",
                message=f"reported in the Agency Survey on {reported.isoformat()}, but this "
                "self-assessment is not complete (give implementation.self_assessed_on if an "
                "earlier one was reported)",
            )
        )
    implemented = record.fully_implemented_on
    lowest = [r.element.label.lower() for r in assessment.in_framework_order if r.level == 1]
    if implemented is not None and implemented <= assessment.assessed_on and lowest:
        found.append(
            Finding(
                code="implemented-with-level-1",
                severity=Severity.ERROR,
                path="implementation.fully_implemented_on",
                message=f"full implementation claimed on {implemented.isoformat()}, yet this "
                f"self-assessment of {assessment.assessed_on.isoformat()} rates "
                f"{', '.join(lowest)} at level 1 ({scale.level(1).name})",
            )
        )
    return found


def load_self_assessment(path: str | Path, *, redact: bool = False) -> SelfAssessment:
    """Read one self-assessment JSON file; errors name the file and the field path.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        from apsperf._content import MAX_DOCUMENT_BYTES
        from apsperf.serialization import from_json

        file = Path(path)
        try:
            with open(file, "rb") as handle:
                data = handle.read(MAX_DOCUMENT_BYTES + 1)
        except FileNotFoundError:
            raise ValidationError("no such file", path=str(file)) from None
        except OSError as error:
            raise ValidationError(f"cannot read: {error.strerror}", path=str(file)) from None
        if len(data) > MAX_DOCUMENT_BYTES:
            raise ValidationError(
                f"larger than the limit of {MAX_DOCUMENT_BYTES:,} bytes", path=str(file)
            )
        try:
            return from_json(SelfAssessment, data)
        except ValidationError as error:
            located = [(f"{file}:{p}" if p else str(file), m) for p, m in error.errors]
            raise ValidationError.from_errors(located) from None


def load_self_assessments(
    paths: Iterable[str | Path], *, redact: bool = False
) -> tuple[SelfAssessment, ...]:
    """Read self-assessments from JSON files and folders (every ``*.json`` in a folder, sorted).

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        files: list[Path] = []
        for item in paths:
            path = Path(item)
            if path.is_dir():
                files.extend(sorted(p for p in path.iterdir() if p.suffix == ".json"))
            else:
                files.append(path)
        return tuple(load_self_assessment(f) for f in files)


# -- notebook displays: a summary of bounded size, everything from input escaped --


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _assessment_repr(assessment: SelfAssessment) -> str:
    """A one-line ``repr()`` of a self-assessment."""
    rated = len(assessment.ratings)
    synthetic = ", synthetic" if assessment.synthetic else ""
    return (
        f"<SelfAssessment of {quoted(assessment.agency)} on {assessment.assessed_on.isoformat()}: "
        f"{rated} of {len(Element)} elements rated{synthetic}>"
    )


def _assessment_fragment(assessment: SelfAssessment) -> str:
    """A self-assessment for a notebook: each element's level, evidence and plans, counted."""
    a = assessment

    def first(texts: tuple[str, ...]) -> str:
        if not texts:
            return "none"
        rest = f" (and {len(texts) - 1:,} more)" if len(texts) > 1 else ""
        return clip(texts[0], NOTEBOOK_TEXT) + rest

    rows: list[list[Cell]] = []
    for element in Element:
        rating = a.rating(element)
        if rating is None:
            rows.append([element.label, "not rated", "", ""])
        else:
            rows.append(
                [element.label, rating.level, first(rating.evidence), first(rating.planned_actions)]
            )
    missing = ", ".join(e.label.lower() for e in a.missing_elements)
    state = "complete" if a.is_complete else f"incomplete: {missing} not yet rated"
    synthetic = (
        '<p class="warning"><strong>Note.</strong> A synthetic sample agency, invented by '
        "apsperf.</p>"
        if a.synthetic
        else ""
    )
    return fragment(
        f"<p><strong>Self-assessment of {escape(clip(a.agency, NOTEBOOK_TEXT))}</strong> on "
        f"{a.assessed_on.isoformat()}: {escape(state)}.</p>"
        + synthetic
        + table(["Element", "Level", "Evidence", "Planned actions"], rows)
    )


def _state_repr(state: MaturityState) -> str:
    """A one-line ``repr()`` of a maturity state."""
    focus = len(state.focus_areas)
    return (
        f"<MaturityState of {quoted(state.agency)} on {state.assessed_on.isoformat()}: overall "
        f"{_number(state.aggregate.overall)} ({state.aggregate.rule.label.lower()}), "
        f"{focus} focus area{'' if focus == 1 else 's'}>"
    )


def _state_fragment(state: MaturityState) -> str:
    """A maturity state for a notebook: levels, aggregate ratings and focus areas."""
    s, ratings = state, state.aggregate
    parts = [
        f"<p><strong>Maturity of {escape(clip(s.agency, NOTEBOOK_TEXT))}</strong> on "
        f"{s.assessed_on.isoformat()}, on {escape(clip(s.scale_name, NOTEBOOK_TEXT))}: overall "
        f"{_number(ratings.overall)} ({escape(ratings.rule.label.lower())}); weakest "
        f"{ratings.weakest_link}, mean {_number(ratings.mean)}, strongest "
        f"{ratings.strongest}.</p>",
        table(
            ["Element", "Level", "Name", "What it looks like"],
            (
                [
                    e.element.label,
                    e.level,
                    clip(e.level_name, NOTEBOOK_NAME * 2),
                    clip(e.description, NOTEBOOK_TEXT),
                ]
                for e in s.elements[:NOTEBOOK_SHOWN]
            ),
        ),
    ]
    if s.focus_areas:
        parts.append(
            table(
                ["Focus on", "Now", "Target", "What the target looks like"],
                (
                    [
                        f.element.label,
                        f.level,
                        f"{f.target_level} {clip(f.target_name, NOTEBOOK_NAME * 2)}",
                        clip(f.target_description, NOTEBOOK_TEXT),
                    ]
                    for f in s.focus_areas[:NOTEBOOK_SHOWN]
                ),
                caption="Focus areas: the lowest elements and the next level up",
            )
        )
    else:
        parts.append("<p>No focus areas: every element is at the top level.</p>")
    return fragment("".join(parts))
