"""Notebook displays for maturity self-assessments, states, roll-ups and comparisons.

Each display is a summary of bounded size, whatever the input holds: a roll-up of any
number of agencies shows the APS-wide tables and at most :data:`SHOWN` agencies of any list,
with a count of the rest; long text from input (evidence, descriptions, names) is clipped.
Everything from input is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from apsperf._html import Cell, clip, escape, fragment, table
from apsperf.maturity._assessment import MaturityState, SelfAssessment
from apsperf.maturity._compare import RollupComparison
from apsperf.maturity._elements import Element
from apsperf.maturity._rollup import Rollup

__all__ = [
    "assessment_fragment",
    "assessment_repr",
    "comparison_fragment",
    "comparison_repr",
    "rollup_fragment",
    "rollup_repr",
    "state_fragment",
    "state_repr",
]

SHOWN: Final = 20
"""The most entries of any list a notebook display shows (the rest are counted)."""
TEXT: Final = 300
"""The most characters of any one text from input a notebook display shows."""
NAME: Final = 40
"""The most characters of a name a ``repr()`` shows."""


def _name(text: str) -> str:
    return repr(clip(text, NAME))


def _more(shown: int, total: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<p class="muted">The first {shown:,} of {total:,} {escape(what)} are shown.</p>'


def _notices(notices: Sequence[str]) -> str:
    return "".join(
        f'<p class="warning"><strong>Note.</strong> {escape(clip(note, TEXT * 2))}</p>'
        for note in notices[:SHOWN]
    )


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


# -- one agency ---------------------------------------------------------------------------------


def assessment_repr(assessment: SelfAssessment) -> str:
    """A one-line ``repr()`` of a self-assessment."""
    rated = len(assessment.ratings)
    synthetic = ", synthetic" if assessment.synthetic else ""
    return (
        f"<SelfAssessment of {_name(assessment.agency)} on {assessment.assessed_on.isoformat()}: "
        f"{rated} of {len(Element)} elements rated{synthetic}>"
    )


def assessment_fragment(assessment: SelfAssessment) -> str:
    """A self-assessment for a notebook: each element's level, evidence and plans, counted."""
    a = assessment

    def first(texts: tuple[str, ...]) -> str:
        if not texts:
            return "none"
        rest = f" (and {len(texts) - 1:,} more)" if len(texts) > 1 else ""
        return clip(texts[0], TEXT) + rest

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
        f"<p><strong>Self-assessment of {escape(clip(a.agency, TEXT))}</strong> on "
        f"{a.assessed_on.isoformat()}: {escape(state)}.</p>"
        + synthetic
        + table(["Element", "Level", "Evidence", "Planned actions"], rows)
    )


def state_repr(state: MaturityState) -> str:
    """A one-line ``repr()`` of a maturity state."""
    focus = len(state.focus_areas)
    return (
        f"<MaturityState of {_name(state.agency)} on {state.assessed_on.isoformat()}: overall "
        f"{_number(state.aggregate.overall)} ({state.aggregate.rule.label.lower()}), "
        f"{focus} focus area{'' if focus == 1 else 's'}>"
    )


def state_fragment(state: MaturityState) -> str:
    """A maturity state for a notebook: levels, aggregate ratings and focus areas."""
    s, ratings = state, state.aggregate
    parts = [
        f"<p><strong>Maturity of {escape(clip(s.agency, TEXT))}</strong> on "
        f"{s.assessed_on.isoformat()}, on {escape(clip(s.scale_name, TEXT))}: overall "
        f"{_number(ratings.overall)} ({escape(ratings.rule.label.lower())}); weakest "
        f"{ratings.weakest_link}, mean {_number(ratings.mean)}, strongest "
        f"{ratings.strongest}.</p>",
        table(
            ["Element", "Level", "Name", "What it looks like"],
            (
                [e.element.label, e.level, clip(e.level_name, NAME * 2), clip(e.description, TEXT)]
                for e in s.elements[:SHOWN]
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
                        f"{f.target_level} {clip(f.target_name, NAME * 2)}",
                        clip(f.target_description, TEXT),
                    ]
                    for f in s.focus_areas[:SHOWN]
                ),
                caption="Focus areas: the lowest elements and the next level up",
            )
        )
    else:
        parts.append("<p>No focus areas: every element is at the top level.</p>")
    return fragment("".join(parts))


# -- many agencies ------------------------------------------------------------------------------


def rollup_repr(rollup: Rollup) -> str:
    """A one-line ``repr()`` of a roll-up."""
    return (
        f"<Rollup of {rollup.agency_count:,} agencies: "
        f"{len(rollup.below_threshold):,} below level {rollup.threshold} on an element>"
    )


def rollup_fragment(rollup: Rollup) -> str:
    """A roll-up for a notebook: the APS-wide summary, levels by element, agencies below.

    Never a row per agency beyond the first :data:`SHOWN` below the threshold.
    """
    r = rollup
    names = tuple(clip(n, NAME) for n in r.level_names)
    threshold = names[r.threshold - 1] if r.threshold <= len(names) else str(r.threshold)
    summary = table(
        ["Element", "Rated", f"At or above level {r.threshold} ({threshold})", "Share", "Median"],
        (
            [
                s.element.label,
                s.rated,
                s.at_or_above,
                "—" if s.share is None else f"{s.share:.0%}",
                _number(s.median),
            ]
            for s in r.summary
        ),
        caption="APS-wide summary (share: of the agencies that rated the element)",
    )
    levels = table(
        ["Element", *(f"{rank} {name}" for rank, name in enumerate(names, 1)), "Not rated"],
        ([d.element.label, *d.counts, d.not_rated] for d in r.distributions),
        caption="Agencies at each level, by element",
    )
    below = r.below_threshold[:SHOWN]
    flagged = (
        table(
            ["Agency", "Elements below", "Lowest level"],
            (
                [clip(b.agency, NAME * 2), ", ".join(e.label.lower() for e in b.elements), b.lowest]
                for b in below
            ),
            caption=(
                f"Agencies below level {r.threshold} on any element ({len(r.below_threshold):,})"
            ),
        )
        + _more(len(below), len(r.below_threshold), "agencies below the threshold")
        if below
        else f"<p>No agency is below level {r.threshold} on any element.</p>"
    )
    synthetic = r.synthetic_count
    return fragment(
        f"<p><strong>SES performance maturity across {r.agency_count:,} agencies</strong> "
        f"on {escape(clip(r.scale_name, TEXT))}; aggregate rule: "
        f"{escape(r.rule.label.lower())}"
        + (f"; {synthetic:,} synthetic sample agencies" if synthetic else "")
        + ".</p>"
        + _notices(r.notices)
        + summary
        + levels
        + flagged
    )


def comparison_repr(comparison: RollupComparison) -> str:
    """A one-line ``repr()`` of a comparison of two roll-ups."""
    c = comparison
    return (
        f"<RollupComparison {_name(c.old_label)} with {_name(c.new_label)}: "
        f"{len(c.agencies):,} agencies in both, {len(c.moved_up):,} moved up, "
        f"{len(c.moved_down):,} moved down>"
    )


def comparison_fragment(comparison: RollupComparison) -> str:
    """A comparison for a notebook: movement by element, and who moved, counted."""
    c = comparison
    old, new = clip(c.old_label, NAME), clip(c.new_label, NAME)
    parts = [
        f"<p><strong>{escape(old)} ({c.old_agency_count:,} agencies) compared with "
        f"{escape(new)} ({c.new_agency_count:,} agencies)</strong>: {len(c.agencies):,} in "
        f"both; scale: {escape(clip(c.scale_name, TEXT))}.</p>",
        _notices(c.notices),
        table(
            ["Element", "Moved up", "Moved down", "Same"],
            ([m.element.label, m.up, m.down, m.same] for m in c.elements),
            caption="Agencies in both roll-ups moving, by element",
        ),
    ]
    for title, chosen in (("Moved up", c.moved_up), ("Moved down", c.moved_down)):
        shown = chosen[:SHOWN]
        if not shown:
            parts.append(f"<p>{title}: none.</p>")
            continue
        rows = [
            [
                clip(a.agency, NAME * 2),
                "; ".join(
                    f"{e.element.label.lower()} {e.old_level}\u2192{e.new_level}"
                    for e in a.elements
                    if e.old_level != e.new_level
                    and e.old_level is not None
                    and e.new_level is not None
                ),
            ]
            for a in shown
        ]
        parts.append(
            table(["Agency", "Elements"], rows, caption=f"{title} ({len(chosen):,})")
            + _more(len(shown), len(chosen), "agencies")
        )
    for label, only in ((old, c.only_in_old), (new, c.only_in_new)):
        names = ", ".join(clip(name, NAME) for name in only[:SHOWN])
        rest = f" and {len(only) - SHOWN:,} more" if len(only) > SHOWN else ""
        parts.append(
            f"<p>Only in {escape(label)} ({len(only):,}): {escape(names or 'none')}{rest}.</p>"
        )
    return fragment("".join(parts))
