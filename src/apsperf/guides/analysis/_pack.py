"""Conversation packs by audience: what a manager reads, and what the employee is given.

There are two conversations. Before assessment, the aspiration conversation: the employee
gets an :class:`AspirationPreRead` (the self-reflection template and the conversation
starters, naming no segment). After placement, the career conversation: the manager gets a
:class:`ManagerBrief` (the whole guide for the person's segment) and the employee an
:class:`EmployeeCopy` (the template and the segment's development options only).
"""

from __future__ import annotations

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.guides.analysis._reflection import SelfReflection
from apsperf.guides.model._models import (
    CareerGuide,
    ConversationStarters,
    DevelopmentFocus,
    Edition,
    Guidebook,
    SelfReflectionTemplate,
)
from apsperf.segmentation import Placement, Segment

__all__ = [
    "AspirationPreRead",
    "EmployeeCopy",
    "ManagerBrief",
    "aspiration_pre_read",
    "employee_copy",
    "manager_brief",
]


@attrs.frozen(kw_only=True)
class ManagerBrief:
    """The manager's brief for one person's career conversation, after placement.

    That is the person's placement and the guide for their segment: descriptors, feedback,
    questions, development focus and points to note. ``reflection``, when given, is the
    person's filled-in self-reflection, shown on ``template`` for the manager to read.
    """

    placement: Placement = attrs.field(validator=v.instance_of(Placement))
    guide: CareerGuide = attrs.field(validator=v.instance_of(CareerGuide))
    template: SelfReflectionTemplate = attrs.field(validator=v.instance_of(SelfReflectionTemplate))
    reflection: SelfReflection | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(SelfReflection))
    )
    credits: tuple[str, ...] = attrs.field(factory=tuple, converter=v.texts, validator=v.text_tuple)

    def __attrs_post_init__(self) -> None:
        if self.guide.segment is not self.placement.segment:
            raise ValidationError(
                f"the guide is for {self.guide.segment.label} but the placement is in "
                f"{self.placement.segment.label}",
                path="guide.segment",
            )


@attrs.frozen(kw_only=True)
class EmployeeCopy:
    """The employee's copy for their career conversation, after placement.

    It holds the self-reflection ``template`` (filled in with ``reflection`` when given) and
    the ``development`` options of the person's segment in the guide's words; nothing that
    describes them. ``segment`` is ``None`` unless the agency chose to name the segment.
    """

    employee_id: str = attrs.field(validator=v.text)
    template: SelfReflectionTemplate = attrs.field(validator=v.instance_of(SelfReflectionTemplate))
    development: DevelopmentFocus = attrs.field(validator=v.instance_of(DevelopmentFocus))
    segment: Segment | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Segment))
    )
    reflection: SelfReflection | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(SelfReflection))
    )
    credits: tuple[str, ...] = attrs.field(factory=tuple, converter=v.texts, validator=v.text_tuple)


@attrs.frozen(kw_only=True)
class AspirationPreRead:
    """The employee's pre-read for the aspiration conversation, before any assessment.

    It holds the self-reflection ``template`` (to complete in advance, or as completed when
    ``reflection`` is given) and the aspiration guide's conversation ``starters``. It names
    no segment: the person has not been placed. ``employee_id`` is whom it is for, if anyone.
    """

    template: SelfReflectionTemplate = attrs.field(validator=v.instance_of(SelfReflectionTemplate))
    starters: ConversationStarters = attrs.field(validator=v.instance_of(ConversationStarters))
    employee_id: str | None = attrs.field(default=None, validator=v.optional(v.text))
    reflection: SelfReflection | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(SelfReflection))
    )
    credits: tuple[str, ...] = attrs.field(factory=tuple, converter=v.texts, validator=v.text_tuple)


def _book(guidebook: Guidebook | None) -> Guidebook:
    if guidebook is None:
        from apsperf.guides.io._content import default_guidebook

        return default_guidebook()
    if not isinstance(guidebook, Guidebook):
        raise ValidationError(
            f"expected Guidebook, got {type(guidebook).__name__}", path="guidebook"
        )
    return guidebook


def _placement(placement: object) -> Placement:
    if not isinstance(placement, Placement):
        raise ValidationError(
            f"expected Placement, got {type(placement).__name__}", path="placement"
        )
    return placement


def _credits(*editions: Edition) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.attribution for e in editions if e.attribution))


def manager_brief(
    placement: Placement,
    *,
    reflection: SelfReflection | None = None,
    guidebook: Guidebook | None = None,
) -> ManagerBrief:
    """The manager's brief for one person's career conversation.

    Uses the packaged guides unless ``guidebook`` (for example a tailored one) is given.
    """
    person, book = _placement(placement), _book(guidebook)
    return ManagerBrief(
        placement=person,
        guide=book.career_guide(person.segment),
        template=book.self_reflection,
        reflection=reflection,
        credits=_credits(book.career_conversations.metadata, book.self_reflection.metadata),
    )


def employee_copy(
    placement: Placement,
    *,
    name_segment: bool = False,
    reflection: SelfReflection | None = None,
    guidebook: Guidebook | None = None,
) -> EmployeeCopy:
    """The employee's copy for one person's career conversation.

    It names the person's segment only when ``name_segment`` is true (an agency's choice).
    """
    if not isinstance(name_segment, bool):
        raise TypeError(f"name_segment must be True or False, not {type(name_segment).__name__}")
    person, book = _placement(placement), _book(guidebook)
    return EmployeeCopy(
        employee_id=person.employee_id,
        template=book.self_reflection,
        development=book.career_guide(person.segment).development,
        segment=person.segment if name_segment else None,
        reflection=reflection,
        credits=_credits(book.self_reflection.metadata, book.career_conversations.metadata),
    )


def aspiration_pre_read(
    employee_id: str | None = None,
    *,
    reflection: SelfReflection | None = None,
    guidebook: Guidebook | None = None,
) -> AspirationPreRead:
    """The employee's pre-read for the aspiration conversation, for ``employee_id`` if given."""
    book = _book(guidebook)
    return AspirationPreRead(
        template=book.self_reflection,
        starters=book.aspiration.starters,
        employee_id=employee_id,
        reflection=reflection,
        credits=_credits(book.aspiration.metadata),
    )
