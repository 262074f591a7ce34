"""Conversation guides: the frameworks' guide content as typed, versioned data with renderers.

Content loads on first use from packaged TOML files, one per source document.
"""

from apsperf._public import relabel
from apsperf.guides._content import (
    aspiration_guide,
    career_conversations,
    career_guide,
    default_guidebook,
    leadership_guide,
    load_aspiration,
    load_career_conversations,
    load_guidebook,
    load_leadership,
    self_reflection_template,
)
from apsperf.guides._document import OutputFormat
from apsperf.guides._models import (
    AspirationGuide,
    CareerConversations,
    CareerGuide,
    CoachingMindset,
    ConversationStarters,
    ConversationStep,
    ConversationTheme,
    DevelopmentFocus,
    DevelopmentGroup,
    DevelopmentOption,
    Edition,
    Guidebook,
    IdentityField,
    IdentityPrompt,
    LeaderAction,
    LeadershipGuide,
    LeadershipRole,
    LearningMode,
    ReflectionPrompt,
    SelfReflectionTemplate,
    StepAction,
    SuggestedOpening,
    TextFix,
)
from apsperf.guides._overlay import (
    DevelopmentAdditions,
    Overlay,
    SegmentOverlay,
    ThemeOverlay,
    load_overlay,
    load_tailored,
    tailor,
)
from apsperf.guides._pack import ConversationPack, conversation_pack
from apsperf.guides._reflection import ReflectionAnswer, SelfReflection, check_self_reflection
from apsperf.guides._render import Renderable, render

__all__ = [
    "AspirationGuide",
    "CareerConversations",
    "CareerGuide",
    "CoachingMindset",
    "ConversationPack",
    "ConversationStarters",
    "ConversationStep",
    "ConversationTheme",
    "DevelopmentAdditions",
    "DevelopmentFocus",
    "DevelopmentGroup",
    "DevelopmentOption",
    "Edition",
    "Guidebook",
    "IdentityField",
    "IdentityPrompt",
    "LeaderAction",
    "LeadershipGuide",
    "LeadershipRole",
    "LearningMode",
    "OutputFormat",
    "Overlay",
    "ReflectionAnswer",
    "ReflectionPrompt",
    "Renderable",
    "SegmentOverlay",
    "SelfReflection",
    "SelfReflectionTemplate",
    "StepAction",
    "SuggestedOpening",
    "TextFix",
    "ThemeOverlay",
    "aspiration_guide",
    "career_conversations",
    "career_guide",
    "check_self_reflection",
    "conversation_pack",
    "default_guidebook",
    "leadership_guide",
    "load_aspiration",
    "load_career_conversations",
    "load_guidebook",
    "load_leadership",
    "load_overlay",
    "load_tailored",
    "render",
    "self_reflection_template",
    "tailor",
]

relabel(globals(), __all__)
