"""The plan template's own wording (headings, prompts, guidance).

The shipped wording and an agency's own edition are read by
:mod:`apsperf.agreements.io._template`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError

__all__ = [
    "DetailLabels",
    "OutcomeGuidance",
    "PlanTemplate",
    "TemplatePrompts",
    "TemplateSection",
]


def _template_sections(value: Iterable[TemplateSection]) -> tuple[TemplateSection, ...]:
    """Converter: a sequence of :class:`TemplateSection` becomes a tuple."""
    return v.to_tuple(value)


_positive = v.at_least(1)


@attrs.frozen(kw_only=True)
class DetailLabels:
    """The labels of the plan details table, as the template prints them."""

    officer_name: str = attrs.field(validator=v.text)
    classification_level: str = attrs.field(validator=v.text)
    division_branch: str = attrs.field(validator=v.text)
    manager_name: str = attrs.field(validator=v.text)
    officer_signature: str = attrs.field(validator=v.text)
    manager_signature: str = attrs.field(validator=v.text)
    meeting_date: str = attrs.field(validator=v.text)
    period: str = attrs.field(validator=v.text)


@attrs.frozen(kw_only=True)
class OutcomeGuidance:
    """How many work outcomes, and measures for each, the template says a plan typically has."""

    outcomes_min: int = attrs.field(validator=_positive)
    outcomes_max: int = attrs.field(validator=_positive)
    measures_min: int = attrs.field(validator=_positive)
    measures_max: int = attrs.field(validator=_positive)

    def __attrs_post_init__(self) -> None:
        if self.outcomes_max < self.outcomes_min:
            raise ValidationError("must not be below outcomes_min", path="outcomes_max")
        if self.measures_max < self.measures_min:
            raise ValidationError("must not be below measures_min", path="measures_max")


@attrs.frozen(kw_only=True)
class TemplateSection:
    """One of the plan's five sections: its heading, opening text and column titles."""

    number: int = attrs.field(validator=_positive)
    heading: str = attrs.field(validator=v.text)
    introduction: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_tuple
    )
    columns: tuple[str, ...] = attrs.field(converter=v.texts, validator=v.text_tuple)


@attrs.frozen(kw_only=True)
class TemplatePrompts:
    """The template's guidance text for filling the plan in.

    ``measure_questions`` are the questions manager and officer discuss when choosing
    performance measures; ``manager_role`` is what the manager should do in the career
    aspirations discussion (section 4); ``own_responsibility`` reminds the officer that
    their learning is primarily their own responsibility.
    """

    outcome: str = attrs.field(validator=v.text)
    typical: str = attrs.field(validator=v.text)
    measures: str = attrs.field(validator=v.text)
    measure_questions: tuple[str, ...] = attrs.field(converter=v.texts, validator=v.text_tuple)
    learning_activity: str = attrs.field(validator=v.text)
    manager_role: tuple[str, ...] = attrs.field(converter=v.texts, validator=v.text_tuple)
    own_responsibility: str = attrs.field(validator=v.text)


def _five_sections(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(TemplateSection)(_inst, attribute, value)
    numbers = [section.number for section in value]
    if numbers != [1, 2, 3, 4, 5]:
        raise ValidationError(f"must be sections 1-5 in order, got {numbers}", path=attribute.name)
    widths = (3, 2, 5, 2, 2)
    for index, (section, width) in enumerate(zip(value, widths, strict=True)):
        if len(section.columns) != width:
            raise ValidationError(
                f"section {section.number} has {width} columns, got {len(section.columns)}",
                path=f"{attribute.name}[{index}].columns",
            )


@attrs.frozen(kw_only=True)
class PlanTemplate:
    """The paper template's wording.

    Its title, purpose, detail labels, the five sections and the guidance for filling them
    in. Renderers lay a plan out with it and
    :func:`~apsperf.agreements.check_plan` takes its numbers from ``guidance``.
    """

    title: str = attrs.field(validator=v.text)
    stage: str = attrs.field(validator=v.text)
    purpose: str = attrs.field(validator=v.text)
    detail_labels: DetailLabels = attrs.field(validator=v.instance_of(DetailLabels))
    guidance: OutcomeGuidance = attrs.field(validator=v.instance_of(OutcomeGuidance))
    sections: tuple[TemplateSection, ...] = attrs.field(
        converter=_template_sections, validator=_five_sections
    )
    prompts: TemplatePrompts = attrs.field(validator=v.instance_of(TemplatePrompts))

    def section(self, number: int) -> TemplateSection:
        """Section ``number`` (1 to 5)."""
        for section in self.sections:
            if section.number == number:
                return section
        raise ValidationError(f"there is no section {number!r}; sections run 1-5", path="number")
