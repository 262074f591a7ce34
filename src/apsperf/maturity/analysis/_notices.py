"""The notes every maturity report carries about its data: one text, used by every renderer."""

from __future__ import annotations

from typing import Final

from apsperf.maturity.model._scale import MaturityScale

__all__ = ["SYNTHETIC_NOTICE", "report_notices", "synthetic_notice"]

SYNTHETIC_NOTICE: Final = (
    "Synthetic data: {agencies} apsperf's invented sample self-assessments "
    "(apsperf maturity samples), not returns from real agencies."
)
"""What a report says when some or all of its agencies are the synthetic sample.

``{agencies}`` becomes "all 18 agencies are", "the agency is" or "3 of 19 agencies are"."""


def synthetic_notice(synthetic: int, total: int) -> str | None:
    """:data:`SYNTHETIC_NOTICE` for ``synthetic`` sample agencies of ``total``; None if none."""
    if synthetic <= 0:
        return None
    if synthetic < total:
        verb = "is" if synthetic == 1 else "are"
        agencies = f"{synthetic} of {total} agencies {verb}"
    else:
        agencies = "the agency is" if total == 1 else f"all {total} agencies are"
    return SYNTHETIC_NOTICE.format(agencies=agencies)


def report_notices(
    *, synthetic: int, total: int, scale: MaturityScale, merges: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The notes for a report on ``total`` agencies, ``synthetic`` of them the sample.

    First the synthetic-data note (when any agency is synthetic), then the ``merges`` (one
    note for each self-assessment left out as an earlier one of the same agency), then the
    scale's own ``wording`` note: for the default scale, that the level descriptions are
    apsperf's own wording.
    """
    notes = [synthetic_notice(synthetic, total), *merges, scale.wording]
    return tuple(" ".join(note.split()) for note in notes if note)
