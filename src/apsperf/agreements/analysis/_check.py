"""Guidance from the plan template, reported as findings rather than errors."""

from __future__ import annotations

import datetime as dt
from typing import Final

from apsperf.agreements.io._template import plan_template
from apsperf.agreements.model._lifecycle import PerformanceManagementPlan, PlanEvent, PlanStatus
from apsperf.agreements.model._plan import (
    LeadershipCapability,
    LearningFocus,
    PlanContent,
    Signature,
)
from apsperf.agreements.model._template import PlanTemplate
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity

__all__ = ["EARLY_CLOSE_SHARE", "SIGNATURE_TOLERANCE", "check_plan"]

SIGNATURE_TOLERANCE: Final = dt.timedelta(days=90)
"""How far before its period starts, or after it ends, a plan may be signed without a finding.

apsperf's choice: a quarter of a year covers a plan agreed before the cycle begins and one
closed after it ends; a signature further out is more likely a wrong date.
"""

EARLY_CLOSE_SHARE: Final = 0.5
"""A plan closed before this share of its period has passed, with no review, gets a finding.

apsperf's choice: a plan closed before the middle of its cycle has missed the mid-cycle
review the template's "reviewed and amended" implies.
"""


def check_plan(
    plan: PerformanceManagementPlan | PlanContent, *, template: PlanTemplate | None = None
) -> tuple[Finding, ...]:
    """Findings about a plan that is structurally valid but may not yet follow the template.

    Errors mean a section the plan cannot work without is missing (no work outcomes, an
    outcome with no performance measures); warnings mean the plan departs from the template's
    guidance (typically 4-5 work outcomes with 2-4 measures each, all five leadership
    capabilities, a learning activity for each need); info notes parts not yet filled in.
    ``template`` supplies the numbers (default: the shipped Tasmanian template).

    Given a whole plan, the history is checked too (warnings): a signature dated before the
    plan was drafted, after the revision that records it, or more than
    :data:`SIGNATURE_TOLERANCE` outside the period; a change recorded after the period
    ended; a plan closed before :data:`EARLY_CLOSE_SHARE` of its period with no review. An
    ``amended`` plan gets a note that both must sign it again.
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
    if isinstance(plan, PerformanceManagementPlan):
        findings.extend(_history_findings(plan))
    if status is PlanStatus.AMENDED:
        add(
            "amended-not-signed",
            Severity.INFO,
            "the plan was changed after it was agreed; officer and manager both sign it again "
            "to agree it",
            "status",
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


def _history_findings(plan: PerformanceManagementPlan) -> list[Finding]:
    """Findings about when things were recorded: signatures, late amendments, early closing."""
    found: list[Finding] = []
    first_day = plan.revisions[0].recorded_on
    previous: PlanContent | None = None
    for index, revision in enumerate(plan.revisions):
        details = revision.content.details
        period = details.period
        for field in ("officer_signature", "manager_signature"):
            signature: Signature | None = getattr(details, field)
            if signature is None or (
                previous is not None and getattr(previous.details, field) == signature
            ):
                continue
            path = f"revisions[{index}].content.details.{field}.signed_on"
            day = signature.signed_on.isoformat()
            if signature.signed_on < first_day:
                found.append(
                    _finding(
                        "signature-before-plan",
                        f"signed on {day}, before the plan was first drafted "
                        f"({first_day.isoformat()})",
                        path,
                    )
                )
            if signature.signed_on > revision.recorded_on:
                found.append(
                    _finding(
                        "signature-after-revision",
                        f"signed on {day}, after revision {revision.number} that records it "
                        f"({revision.recorded_on.isoformat()})",
                        path,
                    )
                )
            low, high = period.start - SIGNATURE_TOLERANCE, period.end + SIGNATURE_TOLERANCE
            if not low <= signature.signed_on <= high:
                found.append(
                    _finding(
                        "signature-outside-period",
                        f"signed on {day}, more than {SIGNATURE_TOLERANCE.days} days outside "
                        f"the plan's period ({period.describe()})",
                        path,
                    )
                )
        if previous is not None and revision.changes:
            ended = previous.details.period.end
            if revision.recorded_on > ended:
                found.append(
                    _finding(
                        "amended-after-period",
                        f"revision {revision.number} changes the plan on "
                        f"{revision.recorded_on.isoformat()}, after its period ended "
                        f"({ended.isoformat()})",
                        f"revisions[{index}].recorded_on",
                    )
                )
        previous = revision.content
    closing = plan.current
    if closing.event is PlanEvent.CLOSED and not any(
        revision.event is PlanEvent.REVIEWED for revision in plan.revisions
    ):
        period = closing.content.details.period
        share = (closing.recorded_on - period.start) / (period.end - period.start)
        if share < EARLY_CLOSE_SHARE:
            found.append(
                _finding(
                    "closed-early-without-review",
                    f"closed on {closing.recorded_on.isoformat()}, before {EARLY_CLOSE_SHARE:.0%} "
                    "of its period had passed, with no review recorded",
                    f"revisions[{len(plan.revisions) - 1}]",
                )
            )
    return found


def _finding(code: str, message: str, path: str) -> Finding:
    return Finding(code=code, severity=Severity.WARNING, message=message, path=path)
