"""Notebook displays for SES assessments and performance management plans.

Each display is a summary of bounded size, whatever the input holds: long text (evidence,
reasons, outcomes) is clipped, and long lists (expectations, revisions, work outcomes) show
their first entries and a count of the rest. Everything from input is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from apsperf._html import Cell, clip, escape, fragment, table
from apsperf.agreements._assessment import (
    AssessmentResult,
    Rating,
    SesAssessment,
    check_assessment,
)
from apsperf.agreements._lifecycle import PerformanceManagementPlan, Revision
from apsperf.agreements._plan import PlanContent, Signature

__all__ = [
    "assessment_fragment",
    "content_repr",
    "plan_fragment",
    "plan_repr",
    "result_fragment",
    "result_repr",
    "revision_repr",
    "ses_assessment_repr",
]

SHOWN: Final = 20
"""The most entries of any list a notebook display shows (the rest are counted)."""
TEXT: Final = 300
"""The most characters of any one text from input a notebook display shows."""
NAME: Final = 40
"""The most characters of a name or level a ``repr()`` shows."""


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _name(text: str) -> str:
    return repr(clip(text, NAME))


def _more(shown: int, total: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<p class="muted">The first {shown:,} of {total:,} {escape(what)} are shown.</p>'


def _text(value: str | None) -> str:
    return "" if value is None else clip(value, TEXT)


# -- the result of an assessment ----------------------------------------------------------------


def result_repr(result: AssessmentResult) -> str:
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
    return (
        f"<AssessmentResult {_name(result.overall)} (behaviours {_name(result.behaviours)}, "
        f"outcomes {_name(result.outcomes)}{points}): {concern}, "
        f"reward {'eligible' if result.reward_eligible else 'not eligible'}>"
    )


def _result_rows(result: AssessmentResult) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        ["Behaviours", result.behaviours],
        ["Outcomes", result.outcomes],
        ["Overall", result.overall],
    ]
    if result.points is not None:
        rows.append(["Points (weighted)", result.points])
    rows += [
        ["Behaviour concern", _yes(result.behaviour_concern)],
        ["Outcome concern", _yes(result.outcome_concern)],
        ["Eligible for reward and recognition", _yes(result.reward_eligible)],
        ["Unsatisfactory-performance process applies", _yes(result.unsatisfactory_performance)],
        ["Development focus", result.development_area.value.replace("-", " ")],
        ["Policy", result.policy],
    ]
    return [[head, clip(v, NAME * 2) if isinstance(v, str) else v] for head, v in rows]


def result_fragment(result: AssessmentResult) -> str:
    """An assessment result for a notebook: the ratings, concerns and what follows."""
    return fragment(
        "<p><strong>SES assessment result</strong></p>"
        + table(["", "Result"], _result_rows(result))
        + f"<p>{escape(result.development_prompt)}</p>"
    )


# -- an assessment ------------------------------------------------------------------------------


def ses_assessment_repr(assessment: SesAssessment) -> str:
    """A one-line ``repr()`` of an SES assessment."""
    result = assessment.result
    state = "draft" if result is None else f"final, overall {_name(result.overall)}"
    plans = len(assessment.development_plans)
    return (
        f"<SesAssessment of {_name(assessment.leader)} for "
        f"{assessment.period.start.isoformat()} to {assessment.period.end.isoformat()}: "
        f"{state}; {len(assessment.expectations):,} expectations, {plans:,} development "
        f"plan{'' if plans == 1 else 's'}>"
    )


def _rating_row(name: str, rating: Rating | None) -> list[Cell]:
    if rating is None:
        return [name, "not yet rated", "", ""]
    return [name, clip(rating.level, NAME * 2), _text(rating.evidence), _text(rating.comments)]


def assessment_fragment(assessment: SesAssessment) -> str:
    """An SES assessment for a notebook: ratings, result, what follows and what is missing."""
    a = assessment
    status = a.status.value + (
        f", finalised on {a.finalised_on.isoformat()}" if a.finalised_on else ""
    )
    assessor = f"; assessor {escape(clip(a.assessor, NAME * 2))}" if a.assessor else ""
    parts = [
        f"<p><strong>SES assessment of {escape(clip(a.leader, NAME * 2))}</strong>: "
        f"{escape(a.period.describe())}; {escape(status)}{assessor}.</p>",
        table(
            ["Rating", "Level", "Evidence", "Comments"],
            [_rating_row("Behaviours", a.behaviours), _rating_row("Outcomes", a.outcomes)],
        ),
    ]
    if a.result is not None:
        parts.append(table(["", "Result"], _result_rows(a.result), caption="Result"))
    if a.expectations:
        shown = a.expectations[:SHOWN]
        parts.append(
            table(
                ["Kind", "Expectation"],
                ([e.kind.label, _text(e.description)] for e in shown),
                caption=f"Expectations assessed ({len(a.expectations):,})",
            )
            + _more(len(shown), len(a.expectations), "expectations")
        )
    follows: list[list[Cell]] = []
    if a.reward is not None:
        granted = "granted" if a.reward.granted else "not granted"
        follows.append(["Reward and recognition", f"{granted}: {_text(a.reward.reason)}"])
    if a.development_plans:
        plans = a.development_plans
        actions = sum(len(p.actions) for p in plans)
        follows.append(["Development plans", f"{len(plans):,} ({actions:,} actions)"])
    if a.unsatisfactory_process is not None:
        process = a.unsatisfactory_process
        state = "concluded" if process.concluded_on else "under way"
        follows.append(
            [
                "Unsatisfactory-performance process",
                f"started {process.started_on.isoformat()}, {state}: {_text(process.reason)}",
            ]
        )
    if follows:
        parts.append(table(["", "Recorded"], follows, caption="What follows from the result"))
    findings = check_assessment(a)
    if findings:
        items = "".join(
            f'<li class="{escape(f.severity.value)}">{escape(clip(f.message, TEXT))}</li>'
            for f in findings[:SHOWN]
        )
        parts.append(f"<p>Still to record:</p><ul>{items}</ul>")
    return fragment("".join(parts))


# -- a plan and its history ---------------------------------------------------------------------


def content_repr(content: PlanContent) -> str:
    """A one-line ``repr()`` of a plan's content."""
    return (
        f"<PlanContent for {_name(content.details.officer_name)}: "
        f"{len(content.outcomes):,} work outcomes, {len(content.leadership):,} leadership "
        f"rows, {len(content.learning):,} learning needs>"
    )


def revision_repr(revision: Revision) -> str:
    """A one-line ``repr()`` of one revision of a plan."""
    changes = len(revision.changes)
    return (
        f"<Revision {revision.number:,}: {revision.event.value} by {_name(revision.recorded_by)} "
        f"on {revision.recorded_on.isoformat()}, {changes:,} "
        f"field{'' if changes == 1 else 's'} changed>"
    )


def plan_repr(plan: PerformanceManagementPlan) -> str:
    """A one-line ``repr()`` of a performance management plan."""
    details = plan.details
    return (
        f"<PerformanceManagementPlan for {_name(details.officer_name)}, "
        f"{details.period.start.isoformat()} to {details.period.end.isoformat()}: "
        f"{plan.status.value}, {len(plan.revisions):,} revisions, "
        f"{len(plan.content.outcomes):,} work outcomes>"
    )


def _details_rows(plan: PerformanceManagementPlan) -> list[list[Cell]]:
    d = plan.details

    def signed(name: str, signature: Signature | None) -> list[Cell]:
        if signature is None:
            return [name, "not signed"]
        return [name, f"{clip(signature.name, NAME * 2)}, {signature.signed_on.isoformat()}"]

    return [
        ["Officer", clip(d.officer_name, NAME * 2)],
        ["Classification", _text(d.classification_level)],
        ["Division or branch", _text(d.division_branch)],
        ["Manager", _text(d.manager_name)],
        ["Period", d.period.describe()],
        ["Meeting", d.meeting_date.isoformat() if d.meeting_date else "not yet held"],
        signed("Officer's signature", d.officer_signature),
        signed("Manager's signature", d.manager_signature),
    ]


def _revision_row(revision: Revision) -> list[Cell]:
    changes = ", ".join(revision.changes[:5]) + (
        f" and {len(revision.changes) - 5:,} more" if len(revision.changes) > 5 else ""
    )
    return [
        revision.number,
        revision.event.label,
        clip(revision.recorded_by, NAME * 2),
        revision.recorded_on.isoformat(),
        _text(revision.reason),
        clip(changes, TEXT),
    ]


def _last(revisions: Sequence[Revision]) -> Sequence[Revision]:
    return revisions[-SHOWN:]


def plan_fragment(plan: PerformanceManagementPlan) -> str:
    """A plan for a notebook: its details, status, sections counted and its latest revisions."""
    content = plan.content
    outcomes = content.outcomes[:SHOWN]
    parts = [
        f"<p><strong>Performance management plan</strong>: {escape(plan.status.label)}; "
        f"{len(plan.revisions):,} revisions; {len(content.outcomes):,} work outcomes, "
        f"{len(content.leadership):,} leadership capabilities, {len(content.learning):,} "
        "learning needs.</p>",
        table(["", "Details"], _details_rows(plan), caption="Plan details"),
    ]
    if outcomes:
        parts.append(
            table(
                ["Rank", "Work outcome", "Measures"],
                ([o.rank, _text(o.outcome), len(o.measures)] for o in outcomes),
                caption="Work outcomes, in order of importance",
            )
            + _more(len(outcomes), len(content.outcomes), "work outcomes")
        )
    latest = _last(plan.revisions)
    parts.append(
        table(
            ["Revision", "Event", "By", "On", "Reason", "Fields changed"],
            (_revision_row(r) for r in reversed(latest)),
            caption="Revisions, latest first",
        )
        + (
            f'<p class="muted">The latest {len(latest):,} of {len(plan.revisions):,} '
            "revisions are shown.</p>"
            if len(latest) < len(plan.revisions)
            else ""
        )
    )
    return fragment("".join(parts))
