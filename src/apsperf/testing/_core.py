"""Strategies for the models shared by every domain: findings and their severities."""

from __future__ import annotations

from hypothesis import strategies as st

from apsperf.errors import ValidationError
from apsperf.findings import FINDING_CODES, Finding, Severity

__all__ = ["findings"]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def findings(severity: Severity | None = None) -> st.SearchStrategy[Finding]:
    """Findings with a registered code, a message and a field path, of ``severity`` if given."""
    if severity is not None and not isinstance(severity, Severity):
        raise ValidationError(f"expected Severity, got {type(severity).__name__}", path="severity")
    field = st.text(alphabet=_LETTERS + "_", min_size=1, max_size=12)
    codes = [c for c in FINDING_CODES.values() if severity is None or c.severity is severity]
    return st.builds(
        lambda entry, message, path: Finding(
            code=entry.code, severity=entry.severity, message=message, path=path
        ),
        st.sampled_from(codes),
        st.text(min_size=1, max_size=80).map(str.strip).filter(bool),
        st.just("") | st.lists(field, min_size=1, max_size=3).map(".".join),
    )
