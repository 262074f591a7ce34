"""What ``apsperf plan check`` and ``plan verify`` print with ``--format json``, as documents."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from apsperf import _validators as v
from apsperf.agreements.model._lifecycle import PlanHead
from apsperf.findings import Finding, has_errors

__all__ = ["PlanCheckReport", "PlanVerification"]


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class PlanCheckReport:
    """The findings of checking one plan against the template's guidance.

    ``findings`` are what :func:`check_plan` returns, in its order; the plan fails the
    check (``apsperf plan check`` exits 1) when any of them is an error.
    """

    findings: tuple[Finding, ...] = attrs.field(converter=_findings, validator=v.items_of(Finding))

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error."""
        return has_errors(self.findings)


@attrs.frozen(kw_only=True)
class PlanVerification:
    """Whether a newer copy of a plan continues an older one (``apsperf plan verify``).

    ``continues`` is true when every revision of the older copy is unchanged at the start
    of the newer one; ``differs_at`` is then ``None``, otherwise the number of the first
    revision of the older copy that the newer one lacks or holds changed. ``explanation``
    says the same in a sentence. The heads are each copy's revision count and last digest.
    """

    continues: bool = attrs.field(validator=v.instance_of(bool))
    older: PlanHead = attrs.field(validator=v.instance_of(PlanHead))
    newer: PlanHead = attrs.field(validator=v.instance_of(PlanHead))
    differs_at: int | None = attrs.field(validator=v.optional(v.instance_of(int)))
    explanation: str = attrs.field(validator=v.text)
