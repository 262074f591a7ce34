"""Reading maturity scales: TOML text, an agency's own file, and the scale apsperf ships."""

from __future__ import annotations

import functools
from pathlib import Path

from apsperf._arguments import checked
from apsperf._content import packaged_toml, parse_toml, read_toml, structure_content
from apsperf._redaction import redacting
from apsperf.maturity.model._scale import MaturityScale

__all__ = ["default_scale", "load_scale", "scale_from_toml"]

DEFAULT_SCALE_FILE = "default_scale.toml"
"""The bundled scale, in the ``apsperf.maturity`` package folder (not in this layer's)."""


@checked
def scale_from_toml(text: str, *, source: str = "<scale>") -> MaturityScale:
    """Read a maturity scale from TOML text; ``source`` names the file in error messages.

    The text has top-level ``name`` (and optional ``description``, ``basis`` and
    ``wording``), an optional ``[edition]`` table (an :class:`~apsperf.provenance.Edition`:
    title, publisher, source document, licence, fixes) and one ``[[levels]]`` table per
    level, lowest first, each with ``rank``, ``name``, optional ``summary`` and a
    ``[levels.descriptions]`` table keyed by element slug. Every problem found is reported
    at once, each naming the file first: ``my-scale.toml: levels[2].descriptions.development``.
    """
    return structure_content(parse_toml(text, source), MaturityScale, name=source)


def load_scale(path: str | Path, *, redact: bool = False) -> MaturityScale:
    """Read an agency's own maturity scale from a TOML file (see :func:`scale_from_toml`).

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        data, name = read_toml(path)
        return structure_content(data, MaturityScale, name=name)


@functools.cache
def default_scale() -> MaturityScale:
    """The maturity scale apsperf ships: five levels from Awareness to Leader.

    The level names (awareness, general acceptance, defined, managed, leader) are
    apsperf's own choice, attributed to no source. The descriptions of each element at
    each level are apsperf's own wording, not the Framework's published model. Loaded
    from a packaged TOML file on first use.
    """
    data, name = packaged_toml("apsperf.maturity", DEFAULT_SCALE_FILE)
    return structure_content(data, MaturityScale, name=name)
