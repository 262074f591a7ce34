"""What ``apsperf maturity assess --format json`` prints, as a document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.findings import Finding
from apsperf.maturity.analysis._notices import report_notices
from apsperf.maturity.analysis._state import MaturityState, check_self_assessment, maturity_state
from apsperf.maturity.io._scale_files import default_scale
from apsperf.maturity.model._assessment import Aggregation, SelfAssessment
from apsperf.maturity.model._elements import Element
from apsperf.maturity.model._milestones import MilestoneProgress, Timeline, milestone_progress
from apsperf.maturity.model._scale import MaturityScale

__all__ = ["MaturityAssessReport", "assess_maturity"]


def _elements(value: Iterable[Element]) -> tuple[Element, ...]:
    return v.to_tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return v.to_tuple(value)


def _milestones(value: Iterable[MilestoneProgress]) -> tuple[MilestoneProgress, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class MaturityAssessReport:
    """One agency's self-assessment assessed: state, findings and milestones.

    ``missing_elements`` lists the elements not yet rated; ``state`` is the maturity state on
    ``scale_name`` under ``rule``, given exactly when no element is missing. ``findings`` are
    those of :func:`check_self_assessment` and ``milestones`` the implementation milestones
    as at ``as_of``. ``notices`` say what every roll-up report says about its data: that the
    self-assessment is the synthetic sample, when it is, and whose wording the scale is.
    """

    agency: str = attrs.field(validator=v.text)
    assessed_on: dt.date = attrs.field(validator=v.check_date)
    scale_name: str = attrs.field(validator=v.text)
    rule: Aggregation = attrs.field(validator=v.instance_of(Aggregation))
    as_of: dt.date = attrs.field(validator=v.check_date)
    missing_elements: tuple[Element, ...] = attrs.field(
        converter=_elements, validator=v.items_of(Element, unique=True)
    )
    state: MaturityState | None = attrs.field(validator=v.optional(v.instance_of(MaturityState)))
    findings: tuple[Finding, ...] = attrs.field(converter=_findings, validator=v.items_of(Finding))
    milestones: tuple[MilestoneProgress, ...] = attrs.field(
        converter=_milestones, validator=v.items_of(MilestoneProgress)
    )
    notices: tuple[str, ...] = attrs.field(default=(), converter=v.texts, validator=v.text_tuple)

    def __attrs_post_init__(self) -> None:
        if (self.state is None) != bool(self.missing_elements):
            raise ValidationError("must be given exactly when every element is rated", path="state")

    @property
    def complete(self) -> bool:
        """True when every one of the five elements is rated."""
        return not self.missing_elements


def assess_maturity(
    assessment: SelfAssessment,
    *,
    as_of: dt.date,
    scale: MaturityScale | None = None,
    rule: Aggregation = Aggregation.WEAKEST_LINK,
    timeline: Timeline | None = None,
) -> MaturityAssessReport:
    """Assess one self-assessment on ``scale`` (default :func:`default_scale`) as at ``as_of``.

    The state is worked out only when the self-assessment is complete; ``timeline`` gives
    the milestone dates (default: :func:`default_timeline`).
    """
    if not isinstance(assessment, SelfAssessment):
        raise ValidationError(
            f"expected SelfAssessment, got {type(assessment).__name__}", path="assessment"
        )
    chosen = default_scale() if scale is None else scale
    complete = assessment.is_complete
    return MaturityAssessReport(
        agency=assessment.agency,
        assessed_on=assessment.assessed_on,
        scale_name=chosen.name,
        rule=rule,
        as_of=as_of,
        missing_elements=assessment.missing_elements,
        state=maturity_state(assessment, scale=chosen, rule=rule) if complete else None,
        findings=check_self_assessment(assessment, scale=chosen),
        milestones=milestone_progress(assessment.record, as_of, timeline),
        notices=report_notices(synthetic=int(assessment.synthetic), total=1, scale=chosen),
    )
