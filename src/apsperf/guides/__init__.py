"""Conversation guides: the frameworks' guide content as typed, versioned data with renderers.

Content loads on first use from packaged TOML files, one per source document.
"""

from apsperf._public import relabel
from apsperf.guides.analysis._pack import (
    AspirationPreRead,
    EmployeeCopy,
    ManagerBrief,
    aspiration_pre_read,
    employee_copy,
    manager_brief,
)
from apsperf.guides.analysis._reflection import (
    ReflectionAnswer,
    SelfReflection,
    check_self_reflection,
)
from apsperf.guides.io._content import (
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
from apsperf.guides.io._overlay import (
    DevelopmentAdditions,
    Overlay,
    SegmentOverlay,
    ThemeOverlay,
    load_overlay,
    load_tailored,
    tailor,
)
from apsperf.guides.model._models import (
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
from apsperf.guides.render._document import OutputFormat

# The function ``render`` takes the package attribute of the same name from the layer folder
# ``render/``: reach the layer's modules with ``from apsperf.guides.render import _render``.
from apsperf.guides.render._render import Renderable, render, write_conversation_packs

__all__ = [
    "AspirationGuide",
    "AspirationPreRead",
    "CareerConversations",
    "CareerGuide",
    "CoachingMindset",
    "ConversationStarters",
    "ConversationStep",
    "ConversationTheme",
    "DevelopmentAdditions",
    "DevelopmentFocus",
    "DevelopmentGroup",
    "DevelopmentOption",
    "Edition",
    "EmployeeCopy",
    "Guidebook",
    "IdentityField",
    "IdentityPrompt",
    "LeaderAction",
    "LeadershipGuide",
    "LeadershipRole",
    "LearningMode",
    "ManagerBrief",
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
    "aspiration_pre_read",
    "career_conversations",
    "career_guide",
    "check_self_reflection",
    "default_guidebook",
    "employee_copy",
    "leadership_guide",
    "load_aspiration",
    "load_career_conversations",
    "load_guidebook",
    "load_leadership",
    "load_overlay",
    "load_tailored",
    "manager_brief",
    "render",
    "self_reflection_template",
    "tailor",
    "write_conversation_packs",
]

relabel(globals(), __all__)
