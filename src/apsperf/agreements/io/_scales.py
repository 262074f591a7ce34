"""Reading SES rating scales: the scales apsperf ships and an agency's own, from TOML or JSON."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

from apsperf._content import file_error, packaged_toml, read_bytes, read_toml, structure_content
from apsperf._redaction import redacting
from apsperf.agreements.model._scales import AssessmentScales
from apsperf.errors import ValidationError
from apsperf.provenance import Edition

__all__ = ["default_scales", "load_document", "load_scales"]

T = TypeVar("T")

SCALES_FILE: Final = "ses-default-rating-scales.toml"
"""The shipped scales, in the ``apsperf.agreements`` package's ``content/`` folder."""


@functools.cache
def _packaged() -> AssessmentScales:
    return _read(*packaged_toml("apsperf.agreements", "content", SCALES_FILE))


def _read(data: dict[str, Any], name: str) -> AssessmentScales:
    if "edition" in data:
        data = dict(data)
        structure_content(data.pop("edition"), Edition, name=name, prefix="edition")
    return structure_content(data, AssessmentScales, name=name)


def default_scales() -> AssessmentScales:
    """The default SES scales that apsperf ships (the Framework does not prescribe labels).

    Behaviours and outcomes are each rated unacceptable < needs improvement < effective <
    strong < outstanding, the two lowest being concerns; the overall result uses the same
    five levels, and reward and recognition start at strong.
    """
    return _packaged()


def load_scales(source: str | Path | dict[str, Any], *, redact: bool = False) -> AssessmentScales:
    """An agency's own scales from a TOML or JSON file, or from a dict.

    A JSON file may be what ``apsperf ses scale --format json`` prints (with ``schema_version``).
    A TOML file may carry an ``[edition]`` table (an :class:`~apsperf.provenance.Edition`).
    Problems raise :class:`~apsperf.ValidationError` naming the file, the entry and the field.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        return load_document(source, AssessmentScales, _read)


def load_document(
    source: str | Path | dict[str, Any],
    cls: type[T],
    from_toml: Callable[[dict[str, Any], str], T],
    *,
    redact: bool = False,
) -> T:
    """A ``cls`` document from a dict, a JSON file or a TOML file (read by ``from_toml``).

    JSON may carry ``schema_version``; problems name the file, the entry and the field.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        from apsperf.serialization import from_dict, loads, structure

        if isinstance(source, dict):
            data = dict(source)
            if "schema_version" in data:
                return from_dict(cls, data)
            return structure(data, cls)
        if Path(source).suffix.lower() != ".json":
            return from_toml(*read_toml(source))
        raw, name = read_bytes(source)
        try:
            data = loads(raw)
            if isinstance(data, dict) and "schema_version" in data:
                return from_dict(cls, data)
            return structure(data, cls)
        except ValidationError as error:
            raise file_error(name, error.errors) from None
