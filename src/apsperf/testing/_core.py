"""Strategies for the models shared by every domain: findings and their severities."""

from __future__ import annotations

from hypothesis import strategies as st

from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity

__all__ = ["findings", "severities"]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def severities() -> st.SearchStrategy[Severity]:
    """Any finding severity: info, warning or error."""
    return st.sampled_from(Severity)


def findings(severity: Severity | None = None) -> st.SearchStrategy[Finding]:
    """Findings with a slug code, a message and a field path, of ``severity`` when given."""
    if severity is not None and not isinstance(severity, Severity):
        raise ValidationError(f"expected Severity, got {type(severity).__name__}", path="severity")
    word = st.text(alphabet=_LETTERS, min_size=1, max_size=10)
    field = st.text(alphabet=_LETTERS + "_", min_size=1, max_size=12)
    return st.builds(
        Finding,
        code=st.lists(word, min_size=1, max_size=4).map("-".join),
        severity=severities() if severity is None else st.just(severity),
        message=st.text(min_size=1, max_size=80).map(str.strip).filter(bool),
        path=st.just("") | st.lists(field, min_size=1, max_size=3).map(".".join),
    )
