"""Does a newer copy of a plan continue an older one? (``apsperf plan verify``)."""

from __future__ import annotations

from apsperf.agreements.analysis._results import PlanVerification
from apsperf.agreements.model._lifecycle import PerformanceManagementPlan

__all__ = ["verify_continuation"]


def verify_continuation(
    new: PerformanceManagementPlan, old: PerformanceManagementPlan
) -> PlanVerification:
    """Whether every revision of ``old`` is unchanged at the start of ``new``.

    Each copy's own chain was checked when it was built or loaded, so comparing digests
    compares content: a revision of ``old`` is unchanged in ``new`` exactly when ``new``
    holds a revision with the same number and digest. This catches a newer copy that was
    rewritten, regenerated or cut back; it cannot say whether ``old`` itself is genuine.
    """
    for name, plan in (("new", new), ("old", old)):
        if not isinstance(plan, PerformanceManagementPlan):
            raise TypeError(
                f"{name} must be a PerformanceManagementPlan, got {type(plan).__name__}"
            )
    differs_at: int | None = None
    for number, revision in enumerate(old.revisions, start=1):
        if number > len(new.revisions) or new.revisions[number - 1].digest != revision.digest:
            differs_at = number
            break
    size = len(old.revisions)
    if differs_at is None:
        added = len(new.revisions) - size
        explanation = (
            f"the newer copy continues the older one: its first {size} revision(s) are "
            f"unchanged and it adds {added}"
        )
    elif differs_at > len(new.revisions):
        explanation = (
            f"the newer copy does not continue the older one: it holds {len(new.revisions)} "
            f"revision(s) and lacks revision {differs_at} of the older copy's {size}"
        )
    else:
        explanation = (
            f"the newer copy does not continue the older one: its revision {differs_at} "
            "differs from the older copy's"
        )
    return PlanVerification(
        continues=differs_at is None,
        older=old.head,
        newer=new.head,
        differs_at=differs_at,
        explanation=explanation,
    )
