"""Guidance from the plan template, reported as findings rather than errors."""

from __future__ import annotations

from apsperf.agreements._lifecycle import PerformanceManagementPlan, PlanStatus
from apsperf.agreements._plan import LeadershipCapability, LearningFocus, PlanContent
from apsperf.agreements._template import PlanTemplate, plan_template
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity

__all__ = ["check_plan"]


def check_plan(
    plan: PerformanceManagementPlan | PlanContent, *, template: PlanTemplate | None = None
) -> tuple[Finding, ...]:
    """Findings about a plan that is structurally valid but may not yet follow the template.

    Errors mean a section the plan cannot work without is missing (no work outcomes, an
    outcome with no performance measures); warnings mean the plan departs from the template's
    guidance (typically 4-5 work outcomes with 2-4 measures each, all five leadership
    capabilities, a learning activity for each need); info notes parts not yet filled in.
    ``template`` supplies the numbers (default: the shipped Tasmanian template).
    """
    if isinstance(plan, PerformanceManagementPlan):
        content, status = plan.content, plan.status
    elif isinstance(plan, PlanContent):
        content, status = plan, None
    else:
        raise ValidationError(
            f"expected a PerformanceManagementPlan or PlanContent, got {type(plan).__name__}",
            path="plan",
        )
    guide = (plan_template() if template is None else template).guidance
    findings: list[Finding] = []

    def add(code: str, severity: Severity, message: str, path: str) -> None:
        findings.append(Finding(code=code, severity=severity, message=message, path=path))

    count = len(content.outcomes)
    typical = f"typically {guide.outcomes_min}-{guide.outcomes_max}"
    if count == 0:
        add(
            "no-work-outcomes",
            Severity.ERROR,
            f"section 1 records no business/work outcomes ({typical})",
            "outcomes",
        )
    elif count < guide.outcomes_min:
        add(
            "few-work-outcomes",
            Severity.WARNING,
            f"{count} work outcome(s) recorded; {typical}",
            "outcomes",
        )
    elif count > guide.outcomes_max:
        add(
            "many-work-outcomes",
            Severity.WARNING,
            f"{count} work outcomes recorded; {typical}",
            "outcomes",
        )
    span = f"typically {guide.measures_min}-{guide.measures_max}"
    for index, outcome in enumerate(content.outcomes):
        path = f"outcomes[{index}]"
        measures = len(outcome.measures)
        if measures == 0:
            add(
                "outcome-without-measures",
                Severity.ERROR,
                f"work outcome {outcome.rank} has no performance measures ({span}); ask "
                "what would indicate it has been achieved to the required standard",
                f"{path}.measures",
            )
        elif measures < guide.measures_min:
            add(
                "few-measures",
                Severity.WARNING,
                f"work outcome {outcome.rank} has {measures} performance measure(s); {span}",
                f"{path}.measures",
            )
        elif measures > guide.measures_max:
            add(
                "many-measures",
                Severity.WARNING,
                f"work outcome {outcome.rank} has {measures} performance measures; {span}",
                f"{path}.measures",
            )
        if not outcome.agency_objectives and not outcome.division_branch_objectives:
            add(
                "outcome-not-linked",
                Severity.INFO,
                f"work outcome {outcome.rank} is not linked to agency strategic or "
                "division/branch objectives",
                path,
            )

    any_measures = any(row.measures for row in content.leadership)
    if not any_measures:
        add(
            "no-leadership-measures",
            Severity.WARNING,
            "section 2 has no performance measures for any of the five leadership capabilities",
            "leadership",
        )
    for capability in LeadershipCapability if any_measures else ():
        row = content.behaviour(capability)
        if row is None or not row.measures:
            where = (
                "leadership"
                if row is None
                else (f"leadership[{content.leadership.index(row)}].measures")
            )
            add(
                "capability-without-measures",
                Severity.WARNING,
                f"leadership capability {capability.number}, {capability.label!r}, has no "
                "performance measures",
                where,
            )

    if not content.learning:
        add("no-learning-plan", Severity.WARNING, "section 3 records no learning needs", "learning")
    for index, need in enumerate(content.learning):
        if need.activity is None:
            add(
                "learning-without-activity",
                Severity.WARNING,
                f"learning need {need.need!r} has no learning activity: how will it be met?",
                f"learning[{index}].activity",
            )
        if need.responsibility is None and need.timing is None:
            add(
                "learning-without-timing",
                Severity.INFO,
                f"learning need {need.need!r} has no responsibility or timing",
                f"learning[{index}]",
            )
    if (
        content.outcomes
        and content.learning
        and not any(need.focus is LearningFocus.WORK_OUTCOME for need in content.learning)
    ):
        add(
            "learning-not-tied-to-outcomes",
            Severity.INFO,
            "no learning need relates to a business/work outcome",
            "learning",
        )

    if content.career.officer_aspirations is None:
        add(
            "career-aspirations-missing",
            Severity.INFO,
            "section 4 does not yet outline the officer's career aspirations and goals",
            "career.officer_aspirations",
        )
    if content.career.manager_comments is None:
        add(
            "manager-comments-missing",
            Severity.INFO,
            "section 4 has no manager's comments",
            "career.manager_comments",
        )
    for side, label in (("manager_seeks", "manager"), ("officer_seeks", "officer")):
        if getattr(content.relationship, side) is None:
            add(
                "relationship-expectation-missing",
                Severity.INFO,
                f"section 5 does not yet say what the {label} is seeking in the working "
                "relationship",
                f"relationship.{side}",
            )

    details = content.details
    for name in ("classification_level", "division_branch", "manager_name"):
        if getattr(details, name) is None:
            add("detail-missing", Severity.INFO, f"the plan details lack {name}", f"details.{name}")
    for field, expected in (
        ("officer_signature", details.officer_name),
        ("manager_signature", details.manager_name),
    ):
        signature = getattr(details, field)
        if signature is not None and expected is not None and signature.name != expected:
            add(
                "signature-name-differs",
                Severity.WARNING,
                f"signed by {signature.name!r}, but the plan names {expected!r}",
                f"details.{field}.name",
            )
    if details.meeting_date is not None and details.meeting_date > details.period.end:
        add(
            "meeting-after-period",
            Severity.WARNING,
            "the meeting is dated after the period of the plan ends",
            "details.meeting_date",
        )
    if status is PlanStatus.DRAFT:
        missing = details.missing_for_agreement()
        if missing:
            add(
                "not-ready-to-agree",
                Severity.INFO,
                f"to agree the plan it still needs: {', '.join(missing)}",
                f"details.{missing[0]}",
            )
    return tuple(findings)
