"""Every row accounted for, in text and HTML: the files a command read and what became of them.

One rendering of :class:`~apsperf.segmentation.analysis._accounting.InputSummary` values, shared by
the review, the calibration and the history reports.
"""

from __future__ import annotations

from collections.abc import Sequence

from apsperf._html import escape, table
from apsperf._terminal import Piece
from apsperf._text import file_name
from apsperf.segmentation.analysis._accounting import InputSummary, group_rejections

__all__ = ["input_lines", "inputs_html"]

SHOWN_GROUPS = 10
"""Groups of rows not placed shown in text (HTML shows up to 200)."""
SHOWN_FINDINGS = 20
"""Findings shown per file in text (HTML shows up to 200)."""


def _name(summary: InputSummary) -> str:
    name = file_name(summary.source) or summary.role
    return f"{name}, sheet {summary.sheet!r}" if summary.sheet else name


def input_lines(
    inputs: Sequence[InputSummary],
    *,
    listed: bool = True,
    shown_groups: int = SHOWN_GROUPS,
    shown_findings: int = SHOWN_FINDINGS,
) -> list[list[Piece]]:
    """The files read (when ``listed``), then each file's rows not placed and findings.

    Rows not placed are grouped by column and reason (one line per distinct value, with
    its count and first lines), largest group first.
    """
    lines: list[list[Piece]] = []
    if listed and inputs:
        lines += [[], [("Files read", "bold")]]
        width = max(len(s.role) for s in inputs)
        lines += [[f"  {s.role:<{width}}  {_name(s)}: {s.sentence()}"] for s in inputs]
    for summary in inputs:
        groups = group_rejections(summary.rejected)
        if groups:
            lines += [
                [],
                [
                    (
                        f"Rows not placed in {_name(summary)} ({summary.rows_not_placed:,}), "
                        "by reason:",
                        "bold",
                    )
                ],
            ]
            lines += [[f"  {group}"] for group in groups[:shown_groups]]
            if len(groups) > shown_groups:
                lines.append(
                    [
                        f"  ... and {len(groups) - shown_groups:,} other reasons "
                        "(see --format json or --html)"
                    ]
                )
        findings = summary.findings
        if findings:
            lines += [[], [(f"Findings on reading {_name(summary)} ({len(findings):,}):", "bold")]]
            for finding in findings[:shown_findings]:
                style = "bold" if finding.severity.value == "error" else ""
                lines.append([("  " + str(finding), style)])
            if len(findings) > shown_findings:
                more = len(findings) - shown_findings
                lines.append([f"  ... and {more:,} more (see --format json or --html)"])
    return lines


def inputs_html(inputs: Sequence[InputSummary], *, limit: int = 200) -> str:
    """The files read as a table, then each file's rows not placed (grouped) and findings."""
    if not inputs:
        return ""
    parts = [
        "<h2>Files read</h2>",
        table(
            ["Role", "File", "Sheet", "Rows read", "Placed", "Not placed"],
            (
                [
                    s.role,
                    file_name(s.source),
                    s.sheet or "",
                    s.rows_read,
                    s.rows_placed,
                    s.rows_not_placed,
                ]
                for s in inputs
            ),
            row_headers=False,
        ),
    ]
    for summary in inputs:
        groups = group_rejections(summary.rejected)
        name = escape(_name(summary))
        if groups:
            parts.append(
                f"<h3>Rows not placed in {name} ({summary.rows_not_placed:,})</h3>"
                + table(
                    ["Rows", "Column", "Reason", "First lines"],
                    (
                        [g.count, g.field, g.reason, ", ".join(map(str, g.lines))]
                        for g in groups[:limit]
                    ),
                    row_headers=False,
                )
                + (
                    f"<p>and {len(groups) - limit:,} other reasons.</p>"
                    if len(groups) > limit
                    else ""
                )
            )
        if summary.findings:
            parts.append(
                f"<h3>Findings on reading {name} ({len(summary.findings):,})</h3>"
                + table(
                    ["Severity", "Where", "Finding"],
                    ([f.severity.value, f.path, f.message] for f in summary.findings[:limit]),
                    row_headers=False,
                )
                + (
                    f"<p>and {len(summary.findings) - limit:,} more (see the JSON).</p>"
                    if len(summary.findings) > limit
                    else ""
                )
            )
    return "".join(parts)
