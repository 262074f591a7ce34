"""Notebook displays: each value's ``_repr_html_``, registered from the rendering side.

Model and analysis values never import rendering: their ``_repr_html_`` asks
:mod:`apsperf._display`, and this module (imported by the package facade)
registers one display per class. Each display is a summary of bounded size (counts and the
first entries of any list, long text clipped) with everything from input escaped.
"""

from __future__ import annotations

from apsperf._display import register_display
from apsperf._html import (
    NOTEBOOK_NAME,
    NOTEBOOK_SHOWN,
    NOTEBOOK_TEXT,
    Cell,
    clip,
    escape,
    first_of,
    fragment,
    listing,
    table,
)
from apsperf.agreements.analysis._assessment import (
    AssessmentResult,
    Rating,
    SesAssessment,
    check_assessment,
)
from apsperf.agreements.model._lifecycle import PerformanceManagementPlan, Revision
from apsperf.agreements.model._plan import Signature

__all__ = ["assessment_fragment", "plan_fragment", "result_fragment"]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _text(value: str | None) -> str:
    return "" if value is None else clip(value, NOTEBOOK_TEXT)


# -- SES assessments --


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
    return [[head, clip(v, NOTEBOOK_NAME * 2) if isinstance(v, str) else v] for head, v in rows]


def result_fragment(result: AssessmentResult) -> str:
    """An assessment result for a notebook: the ratings, concerns and what follows."""
    return fragment(
        "<p><strong>SES assessment result</strong></p>"
        + table(["", "Result"], _result_rows(result))
        + f"<p>{escape(result.development_prompt)}</p>"
    )


def _rating_row(name: str, rating: Rating | None) -> list[Cell]:
    if rating is None:
        return [name, "not yet rated", "", ""]
    return [
        name,
        clip(rating.level, NOTEBOOK_NAME * 2),
        _text(rating.evidence),
        _text(rating.comments),
    ]


def assessment_fragment(assessment: SesAssessment) -> str:
    """An SES assessment for a notebook: ratings, result, what follows and what is missing."""
    a = assessment
    status = a.status.value + (
        f", finalised on {a.finalised_on.isoformat()}" if a.finalised_on else ""
    )
    assessor = f"; assessor {escape(clip(a.assessor, NOTEBOOK_NAME * 2))}" if a.assessor else ""
    parts = [
        f"<p><strong>SES assessment of {escape(clip(a.leader, NOTEBOOK_NAME * 2))}</strong>: "
        f"{escape(a.period.describe())}; {escape(status)}{assessor}.</p>",
        table(
            ["Rating", "Level", "Evidence", "Comments"],
            [_rating_row("Behaviours", a.behaviours), _rating_row("Outcomes", a.outcomes)],
        ),
    ]
    if a.result is not None:
        parts.append(table(["", "Result"], _result_rows(a.result), caption="Result"))
    if a.expectations:
        shown = a.expectations[:NOTEBOOK_SHOWN]
        parts.append(
            table(
                ["Kind", "Expectation"],
                ([e.kind.label, _text(e.description)] for e in shown),
                caption=f"Expectations assessed ({len(a.expectations):,})",
            )
            + first_of(len(shown), len(a.expectations), "expectations")
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
            f'<li class="{escape(f.severity.value)}">{escape(clip(f.message, NOTEBOOK_TEXT))}</li>'
            for f in findings[:NOTEBOOK_SHOWN]
        )
        parts.append(f"<p>Still to record:</p><ul>{items}</ul>")
    return fragment("".join(parts))


# -- plans --


def _details_rows(plan: PerformanceManagementPlan) -> list[list[Cell]]:
    d = plan.details

    def signed(name: str, signature: Signature | None) -> list[Cell]:
        if signature is None:
            return [name, "not signed"]
        return [
            name,
            f"{clip(signature.name, NOTEBOOK_NAME * 2)}, {signature.signed_on.isoformat()}",
        ]

    return [
        ["Officer", clip(d.officer_name, NOTEBOOK_NAME * 2)],
        ["Classification", _text(d.classification_level)],
        ["Division or branch", _text(d.division_branch)],
        ["Manager", _text(d.manager_name)],
        ["Period", d.period.describe()],
        ["Meeting", d.meeting_date.isoformat() if d.meeting_date else "not yet held"],
        signed("Officer's signature", d.officer_signature),
        signed("Manager's signature", d.manager_signature),
    ]


def _revision_row(revision: Revision) -> list[Cell]:
    changes = listing(revision.changes, shown=5, limit=None)
    return [
        revision.number,
        revision.event.label,
        clip(revision.recorded_by, NOTEBOOK_NAME * 2),
        revision.recorded_on.isoformat(),
        _text(revision.reason),
        clip(changes, NOTEBOOK_TEXT),
    ]


def _last(revisions: tuple[Revision, ...]) -> tuple[Revision, ...]:
    return revisions[-NOTEBOOK_SHOWN:]


def plan_fragment(plan: PerformanceManagementPlan) -> str:
    """A plan for a notebook: its details, status, sections counted and its latest revisions."""
    content = plan.content
    outcomes = content.outcomes[:NOTEBOOK_SHOWN]
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
            + first_of(len(outcomes), len(content.outcomes), "work outcomes")
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


register_display(AssessmentResult, result_fragment)
register_display(SesAssessment, assessment_fragment)
register_display(PerformanceManagementPlan, plan_fragment)
