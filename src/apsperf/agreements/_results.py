"""What ``apsperf plan check --json`` prints, as a document."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from apsperf import _validators as v
from apsperf.findings import Finding, has_errors

__all__ = ["PlanCheckReport"]


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
