"""Reading the plan template's wording: the shipped edition and an agency's own."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Final

import attrs

from apsperf._content import packaged_toml, read_toml, structure_content
from apsperf._redaction import redacting
from apsperf.agreements.model._template import PlanTemplate
from apsperf.provenance import Edition

__all__ = ["load_plan_template", "plan_template", "template_edition"]

TEMPLATE_FILE: Final = "tas-senior-executive-performance-management-plan.toml"
"""The shipped wording, in the ``apsperf.agreements`` package's ``content/`` folder."""


@attrs.frozen(kw_only=True)
class _TemplateFile:
    edition: Edition
    plan: PlanTemplate


def _read(data: dict[str, Any], name: str) -> tuple[Edition, PlanTemplate]:
    loaded = structure_content(data, _TemplateFile, name=name)
    return loaded.edition, loaded.plan


@functools.cache
def _packaged() -> tuple[Edition, PlanTemplate]:
    return _read(*packaged_toml("apsperf.agreements", "content", TEMPLATE_FILE))


def plan_template() -> PlanTemplate:
    """The Tasmanian template's wording as shipped (loaded on first use, then cached)."""
    return _packaged()[1]


def template_edition() -> Edition:
    """Source, publisher, licence and typo fixes of the shipped template wording."""
    return _packaged()[0]


def load_plan_template(path: str | Path, *, redact: bool = False) -> tuple[Edition, PlanTemplate]:
    """Read an agency's own edition of the template wording from a TOML file.

    The file has the shape of the shipped one (see ``content/`` in the package) and is
    validated the same way; problems raise :class:`~apsperf.ValidationError` naming the file,
    the entry and the field.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        return _read(*read_toml(path))
