"""An agency's maturity state from its self-assessment, and findings about a draft."""

from __future__ import annotations

import datetime as dt

import attrs

from apsperf._display import display_html, one_line, quoted
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.maturity.io._scale_files import default_scale
from apsperf.maturity.model._assessment import (
    AggregateRatings,
    Aggregation,
    SelfAssessment,
    aggregate,
)
from apsperf.maturity.model._elements import Element
from apsperf.maturity.model._scale import MaturityScale

__all__ = [
    "ElementState",
    "FocusArea",
    "MaturityState",
    "check_self_assessment",
    "maturity_state",
]


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
        return display_html(self)


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


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _state_repr(state: MaturityState) -> str:
    """A one-line ``repr()`` of a maturity state."""
    focus = len(state.focus_areas)
    return one_line(
        f"<MaturityState of {quoted(state.agency)} on "
        f"{state.assessed_on.isoformat()}: overall "
        f"{_number(state.aggregate.overall)} ({state.aggregate.rule.label.lower()}), "
        f"{focus} focus area{'' if focus == 1 else 's'}>"
    )
