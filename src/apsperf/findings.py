"""Advice is not an error: guidance from the frameworks comes back as findings."""

from __future__ import annotations

import enum

import attrs

__all__ = ["Finding", "Severity", "has_errors"]


class Severity(enum.Enum):
    """How much a finding matters, lowest first."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _SEVERITY_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@attrs.frozen(kw_only=True)
class Finding:
    """One observation about a value that is structurally valid but may not follow guidance.

    ``code`` is a stable slug a program can match on; ``path`` names the field it concerns.
    """

    code: str
    severity: Severity
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        return f"{self.severity.value}: {self.message}{where} ({self.code})"


def has_errors(findings: tuple[Finding, ...] | list[Finding]) -> bool:
    """True when any finding is of :attr:`Severity.ERROR`."""
    return any(f.severity is Severity.ERROR for f in findings)
