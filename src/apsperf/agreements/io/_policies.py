"""Reading an agency's weighted-elements policy from TOML, JSON or a dict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apsperf._content import structure_content
from apsperf._redaction import redacting
from apsperf.agreements.io._scales import load_document
from apsperf.agreements.model._policies import WeightedElementsPolicy

__all__ = ["load_weighted_policy"]


def _from_toml(data: dict[str, Any], name: str) -> WeightedElementsPolicy:
    return structure_content(data, WeightedElementsPolicy, name=name)


def load_weighted_policy(
    source: str | Path | dict[str, Any], *, redact: bool = False
) -> WeightedElementsPolicy:
    """An agency's weighted-elements policy (elements, weights, bands) from TOML, JSON or a dict.

    The file has ``[[elements]]`` (``name``, ``kind`` ``"behaviour"`` or ``"outcome"``,
    ``weight``), ``[[bands]]`` (``overall``, ``from_points``) and optionally
    ``unsatisfactory_trigger``; JSON may be a ``ses-weighted-policy`` document. Problems raise
    :class:`~apsperf.ValidationError` naming the file, the entry and the field.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        return load_document(source, WeightedElementsPolicy, _from_toml)
