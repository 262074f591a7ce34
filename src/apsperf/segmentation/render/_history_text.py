"""The history over cycles as plain text, and the wording every history format shares.

The notes say what each statistic tests and which numbers are apsperf's own choices; the
HTML page (:mod:`._history_html`) uses the same sentences.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from apsperf._arguments import checked
from apsperf._terminal import plain
from apsperf.segmentation.analysis._history import NOT_PLACED, History
from apsperf.segmentation.analysis._trends import AxisMovement, PoolTrend, Rate
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.render._inputs_view import input_lines
from apsperf.segmentation.render._pack import group_label, pool_note

__all__ = [
    "BALANCE_NOTE",
    "CHANCE_NOTE",
    "PATTERN_NOTE",
    "balance_text",
    "history_text",
    "p_text",
    "rate_text",
    "state_label",
    "trend_note",
]

_SHOWN_IDS = 10
"""Identifiers listed per pattern in text before "..."."""

BALANCE_NOTE = (
    "Are up and down moves balanced? Among the people placed in both cycles, Stuart-Maxwell's "
    "test asks whether each level's share is the same in both cycles (moves into each level "
    "balance moves out of it), and Bowker's test whether, for every pair of levels, as many "
    "moved one way as the other. A small p-value says the moves lean one way; it does not say "
    "any placement is wrong. Shares up, the same and down carry 95% Wilson score intervals "
    "(apsperf's choice of interval)."
)
CHANCE_NOTE = (
    "Expected by chance alone: how many people would show the pattern if each person's "
    "placement in one cycle depended only on their placement in the cycle before, at the "
    "cohort's own rates between those two cycles (a first-order Markov chain over everyone "
    "seen, with absent and not placed as states of their own; apsperf's own yardstick). Many "
    "more observed than expected means the pattern persists beyond what movement from one "
    "cycle to the next explains. A pattern within two consecutive cycles (Strongest Concern "
    "twice running, a fall from Top Talent) has the observed rates built in, so its two "
    "numbers differ only through people who show it more than once: the comparison speaks "
    "for the patterns over three cycles or more."
)
PATTERN_NOTE = (
    "The patterns are apsperf's own prompts for a talent council; no source document defines "
    "them. A person absent from a cycle's file, or whose row was not placed, breaks a run."
)


def trend_note(trend: PoolTrend) -> str:
    """What the pool-trend table shows, whose choices its numbers are, and what is hidden."""
    return (
        f"{pool_note(trend.pool)} The trend is the Cochran-Armitage test for a linear trend in "
        "a group's share across the cycles (cycles equally spaced, two-sided; z above 0: the "
        "share rises), with p-values adjusted by Holm's method across the groups tested "
        f"(apsperf's choice). A group with fewer than {trend.min_cell} people, or a count from "
        f"1 to {trend.min_cell - 1}, in any cycle is hidden in every cycle, with no trend; other "
        "groups may be hidden too so that a hidden one cannot be worked out."
    )


def p_text(value: float | None) -> str:
    """A p-value as reports print it."""
    if value is None:
        return "not computed"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def rate_text(rate: Rate) -> str:
    """A share with its interval: ``"21.3% (19.5-23.2%)"``."""
    if rate.share is None or rate.low is None or rate.high is None:
        return "-"
    return f"{rate.share:.1%} ({rate.low * 100:.1f}-{rate.high * 100:.1f}%)"


def balance_text(axis: AxisMovement) -> str:
    """The two symmetry tests of one axis in one line."""
    parts = []
    for name, statistic, df, p in (
        ("Stuart-Maxwell", axis.homogeneity, axis.homogeneity_df, axis.homogeneity_p_value),
        ("Bowker", axis.symmetry, axis.symmetry_df, axis.symmetry_p_value),
    ):
        if statistic is None:
            parts.append(f"{name} not computed (too little movement)")
        else:
            parts.append(f"{name} {statistic:.2f} (df {df}, p {p_text(p)})")
    return ", ".join(parts)


def state_label(value: str | None) -> str:
    """A trajectory's entry as people read it: a segment's name, "not placed" or "-"."""
    if value is None:
        return "-"
    return "not placed" if value == NOT_PLACED else Segment(value).label


def _trend_lines(trend: PoolTrend, cycles: Sequence[str]) -> list[str]:
    out = [f"Talent-pool share by {trend.column} ({', '.join(cycles)}):"]
    for group in trend.groups:
        name = group_label(group.value)
        if group.suppressed:
            size = f" (fewer than {trend.min_cell} people)" if group.small else ""
            out.append(f"  {name}: hidden{size}")
            continue
        shares = ", ".join(
            "-" if s is None else f"{s:.1%} of {n:,}"
            for s, n in zip(group.shares, group.people, strict=True)
        )
        test = (
            "no trend test (nothing to compare)"
            if group.z is None
            else f"trend z {group.z:+.2f}, p {p_text(group.p_value)}, "
            f"Holm {p_text(group.adjusted_p_value)}"
        )
        out.append(f"  {name}: {shares}; {test}")
    out.extend("  " + line for line in _wrap(trend_note(trend)))
    return out


def _wrap(text: str) -> list[str]:
    """``text`` in lines of 88 columns; a longer word (a file's path) is kept whole."""
    return textwrap.wrap(text, 88, break_on_hyphens=False, break_long_words=False)


@checked
def history_text(result: History) -> str:
    """The history as plain text, as ``apsperf history`` prints it."""
    out: list[str] = []
    out.append(f"History over {len(result.cycles)} cycles: {', '.join(result.cycles)}")
    out.append(f"{result.people:,} people seen in any cycle")
    for line in input_lines(result.inputs):
        out.append(plain(line).rstrip())
    out.append("")
    for label, moved in zip(result.cycles[1:], result.movements, strict=True):
        out.append(
            f"  to {label}: {moved.common:,} in both cycles, {moved.common - moved.stayed:,} "
            f"moved, {moved.joined:,} joined, {moved.left:,} left"
        )
    if result.axes:
        out.append("")
        out.append("Movement on each axis (people placed in both cycles):")
        for axis in result.axes:
            out.append(
                f"  {axis.earlier} -> {axis.later}, {axis.axis}: up {rate_text(axis.up)}, "
                f"same {rate_text(axis.stayed)}, down {rate_text(axis.down)}"
            )
            out.append(f"    balance: {balance_text(axis)}")
        out.extend("  " + line for line in _wrap(BALANCE_NOTE))
    if result.transitions:
        out.append("")
        out.append(
            "Staying in a segment (of the people in it in the earlier cycle, 95% intervals):"
        )
        for transitions in result.transitions:
            out.append(f"  {transitions.earlier} -> {transitions.later}:")
            for i, segment in enumerate(Segment):
                stayed = transitions.rates[i][i]
                if stayed.people:
                    out.append(f"    {segment.label} ({stayed.people:,}): {rate_text(stayed)}")
        out.append("  (every rate between each pair of segments: --html or --xlsx)")
    out.append("")
    out.append("Patterns (observed, and expected by chance alone):")
    for match in result.patterns:
        ids = match.employee_ids
        expected = "" if match.expected is None else f", expected {match.expected:,.1f}"
        out.append(f"  {match.pattern.label} [{match.pattern.value}]: {len(ids):,}{expected}")
        out.extend("    " + line for line in _wrap(match.pattern.definition))
        if ids:
            shown = ", ".join(ids[:_SHOWN_IDS]) + (" ..." if len(ids) > _SHOWN_IDS else "")
            out.append(f"    {shown}")
    out.extend("  " + line for line in _wrap(f"{PATTERN_NOTE} {CHANCE_NOTE}"))
    if result.pool_trend is not None:
        out.append("")
        out.extend(_trend_lines(result.pool_trend, result.cycles))
    return "\n".join(out) + "\n"
