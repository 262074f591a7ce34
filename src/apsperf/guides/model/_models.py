"""Typed content of the conversation guides: one frozen value per piece of guidance."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, ClassVar, Final

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError, _shown
from apsperf.provenance import Edition, TextFix
from apsperf.segmentation import Segment

__all__ = [
    "AspirationGuide",
    "CareerConversations",
    "CareerGuide",
    "CoachingMindset",
    "ConversationStarters",
    "ConversationStep",
    "ConversationTheme",
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
    "ReflectionPrompt",
    "SelfReflectionTemplate",
    "StepAction",
    "SuggestedOpening",
    "TextFix",
]


def _conversation_steps(value: Iterable[ConversationStep]) -> tuple[ConversationStep, ...]:
    """Converter: a sequence of :class:`ConversationStep` becomes a tuple."""
    return v.to_tuple(value)


def _conversation_themes(value: Iterable[ConversationTheme]) -> tuple[ConversationTheme, ...]:
    """Converter: a sequence of :class:`ConversationTheme` becomes a tuple."""
    return v.to_tuple(value)


def _development_options(value: Iterable[DevelopmentOption]) -> tuple[DevelopmentOption, ...]:
    """Converter: a sequence of :class:`DevelopmentOption` becomes a tuple."""
    return v.to_tuple(value)


def _leader_actions(value: Iterable[LeaderAction]) -> tuple[LeaderAction, ...]:
    """Converter: a sequence of :class:`LeaderAction` becomes a tuple."""
    return v.to_tuple(value)


def _leadership_roles(value: Iterable[LeadershipRole]) -> tuple[LeadershipRole, ...]:
    """Converter: a sequence of :class:`LeadershipRole` becomes a tuple."""
    return v.to_tuple(value)


def _reflection_prompts(value: Iterable[ReflectionPrompt]) -> tuple[ReflectionPrompt, ...]:
    """Converter: a sequence of :class:`ReflectionPrompt` becomes a tuple."""
    return v.to_tuple(value)


def _step_actions(value: Iterable[StepAction]) -> tuple[StepAction, ...]:
    """Converter: a sequence of :class:`StepAction` becomes a tuple."""
    return v.to_tuple(value)


slug: Final = v.matches(
    r"[a-z0-9]+(?:-[a-z0-9]+)*", "is not a key; use lowercase letters, digits and hyphens"
)
"""A lowercase key such as ``career-history``: letters, digits and single hyphens."""


def _tuple_of(kind: type) -> Any:
    return attrs.field(
        factory=tuple, converter=v.to_tuple, validator=[v.items_of(kind), v.distinct]
    )


def _texts(*, required: bool = False) -> Any:
    validators: list[v.Validator] = [v.text_tuple]
    if required:
        validators.append(v.not_empty)
    return attrs.field(factory=tuple, converter=v.to_tuple, validator=validators)


# --- the guide to career conversations ----------------------------------------------------


class LearningMode(enum.Enum):
    """The three ways of learning of the 70:20:10 model, as the guide groups development.

    About 70% of learning happens on the job, 20% from others and 10% in formal learning.
    """

    ON_THE_JOB = "on-the-job"
    FROM_OTHERS = "from-others"
    FORMAL = "formal"

    @property
    def label(self) -> str:
        """The plain name of the mode, for example ``"Learning on the job"``."""
        return _MODE_LABELS[self]


_MODE_LABELS: Final = {
    LearningMode.ON_THE_JOB: "Learning on the job",
    LearningMode.FROM_OTHERS: "Learning from others",
    LearningMode.FORMAL: "Formal learning",
}


@attrs.frozen(kw_only=True)
class DevelopmentOption:
    """One suggested development activity; ``details`` lists the items it introduces.

    For example "… particularly on the job learning through:" has the details
    "Policies and manuals", "Teaching/reference aids" and "Website.".
    """

    text: str = attrs.field(validator=v.text)
    details: tuple[str, ...] = _texts()


@attrs.frozen(kw_only=True)
class DevelopmentGroup:
    """Development options under one 70:20:10 heading, with the heading as the guide words it."""

    mode: LearningMode = attrs.field(validator=v.instance_of(LearningMode))
    heading: str = attrs.field(validator=v.text)
    options: tuple[DevelopmentOption, ...] = attrs.field(
        converter=_development_options,
        validator=[v.items_of(DevelopmentOption), v.distinct, v.not_empty],
    )


def _unique_texts(options: tuple[DevelopmentOption, ...], path: str) -> None:
    seen: set[str] = set()
    for index, option in enumerate(options):
        if option.text in seen:
            raise ValidationError(f"duplicate item {option.text!r}", path=f"{path}[{index}]")
        seen.add(option.text)


@attrs.frozen(kw_only=True)
class DevelopmentFocus:
    """The development focus for a segment.

    Some segments group their options by the 70:20:10 model (``groups``); others list them
    without grouping (``options``). A tailored guide may have both; ungrouped options come first.
    """

    options: tuple[DevelopmentOption, ...] = _tuple_of(DevelopmentOption)
    groups: tuple[DevelopmentGroup, ...] = _tuple_of(DevelopmentGroup)

    __json_schema__: ClassVar[dict[str, object]] = {
        "anyOf": [
            {"required": ["options"], "properties": {"options": {"minItems": 1}}},
            {"required": ["groups"], "properties": {"groups": {"minItems": 1}}},
        ]
    }
    """The schema's statement of "at least one option" (see :mod:`apsperf.schema`)."""

    def __attrs_post_init__(self) -> None:
        if not self.options and not self.groups:
            raise ValidationError("must have at least one development option", path="options")
        _unique_texts(self.options, "options")
        seen: set[LearningMode] = set()
        for index, group in enumerate(self.groups):
            if group.mode in seen:
                raise ValidationError(
                    f"a second {group.mode.value!r} group", path=f"groups[{index}].mode"
                )
            seen.add(group.mode)
            _unique_texts(group.options, f"groups[{index}].options")

    def group(self, mode: LearningMode) -> DevelopmentGroup | None:
        """The group for a way of learning, or ``None`` when the focus has none."""
        return next((g for g in self.groups if g.mode is mode), None)

    def all_options(self) -> tuple[DevelopmentOption, ...]:
        """Every option, ungrouped first and then group by group, in order."""
        return self.options + tuple(o for g in self.groups for o in g.options)


@attrs.frozen(kw_only=True)
class CareerGuide:
    """The career conversation guide for one segment of the Talent Segmentation Model.

    ``descriptors`` describe people in the segment; ``feedback`` are things a manager might
    say to them; ``questions`` are questions to ask; ``development`` is the development focus;
    ``to_note`` are points for the manager to keep in mind (not every segment has them).
    ``description`` is the segment's levels in the guide's own words, as its heading gives
    them ("Medium Performance, Medium Potential"); it defaults to the segment's description.
    """

    segment: Segment = attrs.field(validator=v.instance_of(Segment))
    description: str = attrs.field(
        default=attrs.Factory(lambda self: self.segment.description, takes_self=True),
        validator=v.text,
    )
    descriptors: tuple[str, ...] = _texts(required=True)
    feedback: tuple[str, ...] = _texts(required=True)
    questions: tuple[str, ...] = _texts(required=True)
    development: DevelopmentFocus = attrs.field(validator=v.instance_of(DevelopmentFocus))
    to_note: tuple[str, ...] = _texts()

    @property
    def title(self) -> str:
        """The heading the guide gives the segment: ``"Top Talent"``."""
        return self.segment.label


@attrs.frozen(kw_only=True)
class CoachingMindset:
    """The points to remember when holding a career conversation as a coach."""

    heading: str = attrs.field(validator=v.text)
    introduction: tuple[str, ...] = _texts()
    points: tuple[str, ...] = _texts(required=True)


@attrs.frozen(kw_only=True)
class CareerConversations:
    """The Guide to Career Conversations: coaching points and a guide for each segment.

    ``guides`` holds one :class:`CareerGuide` per segment, all nine, in the guide's order.
    """

    metadata: Edition = attrs.field(validator=v.instance_of(Edition))
    title: str = attrs.field(validator=v.text)
    introduction: tuple[str, ...] = _texts()
    footnote: str | None = attrs.field(default=None, validator=v.optional(v.text))
    coaching: CoachingMindset = attrs.field(validator=v.instance_of(CoachingMindset))
    further_reading: tuple[str, ...] = _texts()
    note: str | None = attrs.field(default=None, validator=v.optional(v.text))
    guides: tuple[CareerGuide, ...] = _tuple_of(CareerGuide)

    def __attrs_post_init__(self) -> None:
        seen: set[Segment] = set()
        for index, guide in enumerate(self.guides):
            if guide.segment in seen:
                raise ValidationError(
                    f"a second guide for {guide.segment.value!r}",
                    path=f"guides[{index}].segment",
                )
            seen.add(guide.segment)
        missing = [s.value for s in Segment if s not in seen]
        if missing:
            raise ValidationError(
                f"every segment needs a guide; missing: {', '.join(missing)}", path="guides"
            )

    def guide(self, segment: Segment | str) -> CareerGuide:
        """The guide for ``segment`` (a :class:`~apsperf.segmentation.Segment` or its slug)."""
        wanted = Segment.parse(segment)
        return next(g for g in self.guides if g.segment is wanted)


# --- the aspiration career conversation guide ---------------------------------------------


@attrs.frozen(kw_only=True)
class StepAction:
    """One line of a step's actions; ``details`` are the bullets the guide puts under it."""

    text: str = attrs.field(validator=v.text)
    details: tuple[str, ...] = _texts()


@attrs.frozen(kw_only=True)
class ConversationStep:
    """One of the steps of an aspiration conversation (prepare, schedule, have, follow up).

    ``questions`` are questions the manager considers beforehand, introduced by
    ``questions_lead``; ``notes`` are the step's notes.
    """

    number: int = attrs.field(validator=v.instance_of(int))
    title: str = attrs.field(validator=v.text)
    actions: tuple[StepAction, ...] = attrs.field(
        converter=_step_actions, validator=[v.items_of(StepAction), v.distinct, v.not_empty]
    )
    questions_lead: str | None = attrs.field(default=None, validator=v.optional(v.text))
    questions: tuple[str, ...] = _texts()
    notes: tuple[str, ...] = _texts()

    def __attrs_post_init__(self) -> None:
        if self.number < 1:
            raise ValidationError("must be 1 or more", path="number")
        if self.questions and self.questions_lead is None:
            raise ValidationError("questions need a lead-in", path="questions_lead")


@attrs.frozen(kw_only=True)
class SuggestedOpening:
    """How a manager might open the conversation: ``lead`` then the suggested ``words``."""

    lead: str = attrs.field(validator=v.text)
    words: str = attrs.field(validator=v.text)


@attrs.frozen(kw_only=True)
class ConversationTheme:
    """Conversation starters on one theme, such as career history or motivation.

    ``condition`` says when the theme applies, where the guide limits it (leadership
    aspiration is for people who aspire to manage).
    """

    key: str = attrs.field(validator=slug)
    title: str = attrs.field(validator=v.text)
    condition: str | None = attrs.field(default=None, validator=v.optional(v.text))
    starters: tuple[str, ...] = _texts(required=True)


def _unique_keys(values: tuple[Any, ...], path: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value.key in seen:
            raise ValidationError(f"duplicate key {value.key!r}", path=f"{path}[{index}].key")
        seen.add(value.key)


@attrs.frozen(kw_only=True)
class ConversationStarters:
    """Suggested starting points for an aspiration-focused career conversation, by theme.

    They are not a script: ``introduction`` explains how to use them, ``opening`` suggests
    how to begin and ``closing_check`` what to confirm at the end.
    """

    introduction: tuple[str, ...] = _texts()
    opening: SuggestedOpening = attrs.field(validator=v.instance_of(SuggestedOpening))
    themes: tuple[ConversationTheme, ...] = attrs.field(
        converter=_conversation_themes,
        validator=[v.items_of(ConversationTheme), v.distinct, v.not_empty],
    )
    closing_check: str = attrs.field(validator=v.text)

    def __attrs_post_init__(self) -> None:
        _unique_keys(self.themes, "themes")

    def theme(self, key: str) -> ConversationTheme:
        """The theme with ``key`` (for example ``"motivation"``)."""
        for theme in self.themes:
            if theme.key == key:
                return theme
        keys = ", ".join(t.key for t in self.themes)
        raise ValidationError(f"{_shown(key)} is not a theme; expected one of {keys}", path="theme")


@attrs.frozen(kw_only=True)
class AspirationGuide:
    """The Aspiration Career Conversation Guide, used before performance and potential are assessed.

    ``purpose``, ``users`` (who uses it) and ``timing`` (when) introduce it; ``coaching`` is
    the coaching mindset; ``steps`` are the four steps, laid out in the guide as a table whose
    columns are headed ``steps_heading`` and ``actions_heading``; ``starters`` the conversation
    starters.
    """

    metadata: Edition = attrs.field(validator=v.instance_of(Edition))
    title: str = attrs.field(validator=v.text)
    purpose: tuple[str, ...] = _texts(required=True)
    users: tuple[str, ...] = _texts(required=True)
    timing: tuple[str, ...] = _texts(required=True)
    note: str | None = attrs.field(default=None, validator=v.optional(v.text))
    coaching: CoachingMindset = attrs.field(validator=v.instance_of(CoachingMindset))
    steps_heading: str = attrs.field(default="STEPS", validator=v.text)
    actions_heading: str = attrs.field(default="ACTIONS", validator=v.text)
    steps: tuple[ConversationStep, ...] = attrs.field(
        converter=_conversation_steps,
        validator=[v.items_of(ConversationStep), v.distinct, v.not_empty],
    )
    starters: ConversationStarters = attrs.field(validator=v.instance_of(ConversationStarters))

    def __attrs_post_init__(self) -> None:
        for index, step in enumerate(self.steps):
            if step.number != index + 1:
                raise ValidationError(
                    f"steps are numbered from 1 in order; expected {index + 1}",
                    path=f"steps[{index}].number",
                )


# --- the career self-reflection template --------------------------------------------------


class IdentityField(enum.Enum):
    """The details that identify whose self-reflection a completed template is."""

    NAME = "name"
    POSITION_TITLE = "position-title"
    TEAM = "team"
    DEPARTMENT = "department"

    @property
    def attribute(self) -> str:
        """The attribute of :class:`~apsperf.guides.SelfReflection` that holds this detail."""
        return self.value.replace("-", "_")


@attrs.frozen(kw_only=True)
class IdentityPrompt:
    """A labelled box at the top of the template, such as "Position Title"."""

    field: IdentityField = attrs.field(validator=v.instance_of(IdentityField))
    label: str = attrs.field(validator=v.text)


@attrs.frozen(kw_only=True)
class ReflectionPrompt:
    """A sentence for the individual to complete, with the hint printed under it, if any."""

    key: str = attrs.field(validator=slug)
    prompt: str = attrs.field(validator=v.text)
    hint: str | None = attrs.field(default=None, validator=v.optional(v.text))


@attrs.frozen(kw_only=True)
class SelfReflectionTemplate:
    """The Career Self-Reflection Template an individual completes before the conversation.

    ``identity`` lists the details asked for at the top; ``prompts`` the questionnaire items.
    A filled-in template is a :class:`~apsperf.guides.SelfReflection`.
    """

    metadata: Edition = attrs.field(validator=v.instance_of(Edition))
    title: str = attrs.field(validator=v.text)
    purpose: str = attrs.field(validator=v.text)
    note: str | None = attrs.field(default=None, validator=v.optional(v.text))
    identity: tuple[IdentityPrompt, ...] = _tuple_of(IdentityPrompt)
    questionnaire_title: str = attrs.field(validator=v.text)
    prompts: tuple[ReflectionPrompt, ...] = attrs.field(
        converter=_reflection_prompts,
        validator=[v.items_of(ReflectionPrompt), v.distinct, v.not_empty],
    )

    def __attrs_post_init__(self) -> None:
        _unique_keys(self.prompts, "prompts")
        seen: set[IdentityField] = set()
        for index, item in enumerate(self.identity):
            if item.field in seen:
                raise ValidationError(
                    f"a second {item.field.value!r} box", path=f"identity[{index}].field"
                )
            seen.add(item.field)

    def prompt(self, key: str) -> ReflectionPrompt:
        """The prompt with ``key`` (for example ``"overarching-career-goals"``)."""
        for prompt in self.prompts:
            if prompt.key == key:
                return prompt
        keys = ", ".join(p.key for p in self.prompts)
        raise ValidationError(
            f"{_shown(key)} is not a prompt of this template; expected one of {keys}",
            path="prompt",
        )


# --- the ACTPS executive guide ------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LeaderAction:
    """One action by which an executive "walks the talk"; ``sub_actions`` spell it out."""

    text: str = attrs.field(validator=v.text)
    sub_actions: tuple[str, ...] = _texts()


@attrs.frozen(kw_only=True)
class LeadershipRole:
    """One of the roles leaders play in building a performance culture.

    ``summary`` is how the guide lists the role ("communicating high level objectives and
    strategy"), ``title`` the heading over its actions.
    """

    key: str = attrs.field(validator=slug)
    summary: str = attrs.field(validator=v.text)
    title: str = attrs.field(validator=v.text)
    actions: tuple[LeaderAction, ...] = attrs.field(
        converter=_leader_actions, validator=[v.items_of(LeaderAction), v.distinct, v.not_empty]
    )


@attrs.frozen(kw_only=True)
class LeadershipGuide:
    """Leading Performance and Development: the ACTPS guide for executives.

    ``roles`` are the leadership roles, each with the actions that "walk the talk".
    """

    metadata: Edition = attrs.field(validator=v.instance_of(Edition))
    framework: str = attrs.field(validator=v.text)
    title: str = attrs.field(validator=v.text)
    role_question: str = attrs.field(validator=v.text)
    introduction: tuple[str, ...] = _texts()
    roles_lead: str = attrs.field(validator=v.text)
    actions_question: str = attrs.field(validator=v.text)
    roles: tuple[LeadershipRole, ...] = attrs.field(
        converter=_leadership_roles, validator=[v.items_of(LeadershipRole), v.distinct, v.not_empty]
    )

    def __attrs_post_init__(self) -> None:
        _unique_keys(self.roles, "roles")

    def role(self, key: str) -> LeadershipRole:
        """The role with ``key`` (for example ``"create-a-learning-environment"``)."""
        for role in self.roles:
            if role.key == key:
                return role
        keys = ", ".join(r.key for r in self.roles)
        raise ValidationError(f"{_shown(key)} is not a role; expected one of {keys}", path="role")


# --- the whole edition --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Guidebook:
    """A whole edition of guide content: every guide and template, default or tailored."""

    career_conversations: CareerConversations = attrs.field(
        validator=v.instance_of(CareerConversations)
    )
    aspiration: AspirationGuide = attrs.field(validator=v.instance_of(AspirationGuide))
    self_reflection: SelfReflectionTemplate = attrs.field(
        validator=v.instance_of(SelfReflectionTemplate)
    )
    leadership: LeadershipGuide = attrs.field(validator=v.instance_of(LeadershipGuide))

    def career_guide(self, segment: Segment | str) -> CareerGuide:
        """The career conversation guide for ``segment`` (a Segment, slug or label)."""
        return self.career_conversations.guide(Segment.parse(segment))
