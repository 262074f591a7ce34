"""Notebook displays: every maturity value's ``_repr_html_``, registered from the rendering side.

Model and analysis values never import rendering: their ``_repr_html_`` asks
:mod:`apsperf._display`, and this module (imported by the package facade)
registers one display per class. Each display is a summary of bounded size (counts and the
first entries of any list, never a row per agency beyond those, long text clipped) with
everything from input escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from apsperf._display import more, register_display
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
from apsperf.maturity.analysis._compare import RollupComparison
from apsperf.maturity.analysis._rollup import Rollup
from apsperf.maturity.analysis._state import MaturityState
from apsperf.maturity.model._assessment import SelfAssessment
from apsperf.maturity.model._elements import Element

__all__ = ["assessment_fragment", "comparison_fragment", "rollup_fragment", "state_fragment"]


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _notes_html(notices: Sequence[str]) -> str:
    return "".join(
        f'<p class="warning"><strong>Note.</strong> {escape(clip(note, NOTEBOOK_TEXT * 2))}</p>'
        for note in notices[:NOTEBOOK_SHOWN]
    )


def assessment_fragment(assessment: SelfAssessment) -> str:
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


def state_fragment(state: MaturityState) -> str:
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


def rollup_fragment(rollup: Rollup) -> str:
    """A roll-up for a notebook: the APS-wide summary, levels by element, agencies below.

    Never a row per agency beyond the first :data:`NOTEBOOK_SHOWN` below the threshold.
    """
    r = rollup
    names = tuple(clip(n, NOTEBOOK_NAME) for n in r.level_names[:NOTEBOOK_SHOWN])
    levels_hidden = len(r.level_names) - len(names)
    threshold = (
        clip(r.level_names[r.threshold - 1], NOTEBOOK_NAME)
        if 1 <= r.threshold <= len(r.level_names)
        else str(r.threshold)
    )
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
            for s in r.summary[:NOTEBOOK_SHOWN]
        ),
        caption="APS-wide summary (share: of the agencies that rated the element)",
    ) + first_of(min(NOTEBOOK_SHOWN, len(r.summary)), len(r.summary), "element summaries")
    levels = table(
        ["Element", *(f"{rank} {name}" for rank, name in enumerate(names, 1)), "Not rated"],
        (
            [d.element.label, *d.counts[: len(names)], d.not_rated]
            for d in r.distributions[:NOTEBOOK_SHOWN]
        ),
        caption="Agencies at each level, by element" + more(levels_hidden, "levels"),
    ) + first_of(min(NOTEBOOK_SHOWN, len(r.distributions)), len(r.distributions), "distributions")
    below = r.below_threshold[:NOTEBOOK_SHOWN]
    flagged = (
        table(
            ["Agency", "Elements below", "Lowest level"],
            (
                [
                    clip(b.agency, NOTEBOOK_NAME * 2),
                    ", ".join(e.label.lower() for e in b.elements),
                    b.lowest,
                ]
                for b in below
            ),
            caption=(
                f"Agencies below level {r.threshold} on any element ({len(r.below_threshold):,})"
            ),
        )
        + first_of(len(below), len(r.below_threshold), "agencies below the threshold")
        if below
        else f"<p>No agency is below level {r.threshold} on any element.</p>"
    )
    synthetic = r.synthetic_count
    return fragment(
        f"<p><strong>SES performance maturity across {r.agency_count:,} agencies</strong> "
        f"on {escape(clip(r.scale_name, NOTEBOOK_TEXT))}; aggregate rule: "
        f"{escape(r.rule.label.lower())}"
        + (f"; {synthetic:,} synthetic sample agencies" if synthetic else "")
        + ".</p>"
        + _notes_html(r.notices)
        + summary
        + levels
        + flagged
    )


def comparison_fragment(comparison: RollupComparison) -> str:
    """A comparison for a notebook: movement by element, and who moved, counted."""
    c = comparison
    old, new = clip(c.old_label, NOTEBOOK_NAME), clip(c.new_label, NOTEBOOK_NAME)
    parts = [
        f"<p><strong>{escape(old)} ({c.old_agency_count:,} agencies) compared with "
        f"{escape(new)} ({c.new_agency_count:,} agencies)</strong>: {len(c.agencies):,} in "
        f"both; scale: {escape(clip(c.scale_name, NOTEBOOK_TEXT))}.</p>",
        _notes_html(c.notices),
        table(
            ["Element", "Moved up", "Moved down", "Same"],
            ([m.element.label, m.up, m.down, m.same] for m in c.elements[:NOTEBOOK_SHOWN]),
            caption="Agencies in both roll-ups moving, by element",
        )
        + first_of(min(NOTEBOOK_SHOWN, len(c.elements)), len(c.elements), "elements"),
    ]
    for title, chosen in (("Moved up", c.moved_up), ("Moved down", c.moved_down)):
        shown = chosen[:NOTEBOOK_SHOWN]
        if not shown:
            parts.append(f"<p>{title}: none.</p>")
            continue
        rows = [
            [
                clip(a.agency, NOTEBOOK_NAME * 2),
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
            + first_of(len(shown), len(chosen), "agencies")
        )
    for label, only in ((old, c.only_in_old), (new, c.only_in_new)):
        parts.append(
            f"<p>Only in {escape(label)} ({len(only):,}): {escape(listing(only) or 'none')}.</p>"
        )
    return fragment("".join(parts))


register_display(SelfAssessment, assessment_fragment)
register_display(MaturityState, state_fragment)
register_display(Rollup, rollup_fragment)
register_display(RollupComparison, comparison_fragment)
