"""A conversation pack: everything a manager needs for one person's career conversation."""

from __future__ import annotations

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.guides._models import (
    CareerGuide,
    ConversationStarters,
    Guidebook,
    SelfReflectionTemplate,
)
from apsperf.guides._reflection import SelfReflection
from apsperf.segmentation import Placement

__all__ = ["ConversationPack", "conversation_pack"]


@attrs.frozen(kw_only=True)
class ConversationPack:
    """Everything a manager needs for one person's career conversation.

    That is the person's placement, the guide for their segment, the aspiration conversation
    starters and the self-reflection template (filled in, when ``reflection`` is given).
    The person's details appear only in what the pack renders to.
    """

    placement: Placement = attrs.field(validator=v.instance_of(Placement))
    guide: CareerGuide = attrs.field(validator=v.instance_of(CareerGuide))
    starters: ConversationStarters = attrs.field(validator=v.instance_of(ConversationStarters))
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


def conversation_pack(
    placement: Placement,
    *,
    reflection: SelfReflection | None = None,
    guidebook: Guidebook | None = None,
) -> ConversationPack:
    """The conversation pack for one person's placement, ready to render for their manager.

    Uses the packaged guides unless ``guidebook`` (for example a tailored one) is given.
    """
    if not isinstance(placement, Placement):
        raise ValidationError(
            f"expected Placement, got {type(placement).__name__}", path="placement"
        )
    if guidebook is None:
        from apsperf.guides._content import default_guidebook

        guidebook = default_guidebook()
    editions = (guidebook.career_conversations.metadata, guidebook.aspiration.metadata)
    return ConversationPack(
        placement=placement,
        guide=guidebook.career_guide(placement.segment),
        starters=guidebook.aspiration.starters,
        template=guidebook.self_reflection,
        reflection=reflection,
        credits=tuple(dict.fromkeys(e.attribution for e in editions if e.attribution)),
    )
