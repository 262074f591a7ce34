"""Strategies for the conversation guides: guide text, overlays and filled-in templates."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from apsperf.errors import ValidationError
from apsperf.guides import (
    AspirationGuide,
    AspirationPreRead,
    CareerConversations,
    CareerGuide,
    CoachingMindset,
    ConversationStarters,
    ConversationStep,
    ConversationTheme,
    DevelopmentAdditions,
    DevelopmentFocus,
    DevelopmentGroup,
    DevelopmentOption,
    Edition,
    EmployeeCopy,
    Guidebook,
    IdentityField,
    IdentityPrompt,
    LeaderAction,
    LeadershipGuide,
    LeadershipRole,
    LearningMode,
    ManagerBrief,
    Overlay,
    ReflectionAnswer,
    ReflectionPrompt,
    SegmentOverlay,
    SelfReflection,
    SelfReflectionTemplate,
    StepAction,
    SuggestedOpening,
    TextFix,
    ThemeOverlay,
)
from apsperf.segmentation import Segment
from apsperf.testing._segmentation import placements

__all__ = [
    "aspiration_guides",
    "aspiration_pre_reads",
    "career_conversations_guides",
    "career_guides",
    "coaching_mindsets",
    "conversation_starters",
    "conversation_steps",
    "conversation_themes",
    "development_additions",
    "development_focuses",
    "development_groups",
    "development_options",
    "editions",
    "employee_copies",
    "guide_keys",
    "guide_texts",
    "guidebooks",
    "identity_prompts",
    "leader_actions",
    "leadership_guides",
    "leadership_roles",
    "manager_briefs",
    "overlays",
    "reflection_answers",
    "reflection_prompts",
    "segment_overlays",
    "self_reflection_templates",
    "self_reflections",
    "step_actions",
    "suggested_openings",
    "text_fixes",
    "theme_overlays",
]

_HOSTILE = (
    "<script>alert('x')</script>",
    "Tom & Jerry",
    "\"quoted\" and 'single'",
    "<b>bold</b> *stars* _under_ [link](http://example.com)",
    "# not a heading",
    "1. not a list",
    "&amp; &lt;",
    "</li></ul><h1>escape</h1>",
    "Ngā mihi — résumé ✓",
)
_KEY_WORDS = ("career", "goals", "team", "next", "step", "values", "learning", "my", "role")
_THEME_KEYS = ("career-history", "motivation", "career-aspiration", "leadership-aspiration")


def guide_texts() -> st.SearchStrategy[str]:
    """Text a guide item may hold: non-blank, no surrounding space, often hostile to markup.

    Draws ordinary Unicode text as well as text full of HTML and Markdown syntax
    (``<script>``, ``&``, ``*``, ``#`` at the start), so renderers must escape it.
    """
    plain = (
        st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60)
        .map(str.strip)
        .filter(bool)
    )
    mixed = st.tuples(st.sampled_from(_HOSTILE), plain).map(" ".join)
    return st.one_of(plain, st.sampled_from(_HOSTILE), mixed)


@functools.cache
def _text_lists(max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(guide_texts(), max_size=max_size, unique=True).map(tuple)


def development_additions() -> st.SearchStrategy[DevelopmentAdditions]:
    """Development options an overlay might add, by group."""
    return st.builds(
        DevelopmentAdditions,
        on_the_job=_text_lists(),
        from_others=_text_lists(),
        formal=_text_lists(),
        general=_text_lists(),
    )


def segment_overlays(segment: Segment | None = None) -> st.SearchStrategy[SegmentOverlay]:
    """Changes to one segment's guide (of ``segment`` when given).

    Replacement lists, when present, are never empty, so the tailored guide keeps at least
    one item in each required list.
    """
    replacement = st.none() | st.lists(guide_texts(), min_size=1, max_size=3, unique=True).map(
        tuple
    )
    return st.builds(
        SegmentOverlay,
        segment=st.sampled_from(Segment) if segment is None else st.just(segment),
        replace_descriptors=replacement,
        add_descriptors=_text_lists(),
        replace_feedback=replacement,
        add_feedback=_text_lists(),
        replace_questions=replacement,
        add_questions=_text_lists(),
        replace_to_note=st.none() | _text_lists(),
        add_to_note=_text_lists(),
        add_development=development_additions(),
    )


def theme_overlays() -> st.SearchStrategy[ThemeOverlay]:
    """Conversation starters added to one of the aspiration guide's themes."""
    return st.builds(ThemeOverlay, theme=st.sampled_from(_THEME_KEYS), add_starters=_text_lists())


def overlays() -> st.SearchStrategy[Overlay]:
    """Overlays on the default guides: a few segments and themes, each changed once."""
    return st.builds(
        Overlay,
        name=guide_texts(),
        description=st.none() | guide_texts(),
        segments=st.lists(segment_overlays(), max_size=3, unique_by=lambda s: s.segment).map(tuple),
        themes=st.lists(theme_overlays(), max_size=2, unique_by=lambda t: t.theme).map(tuple),
    )


def reflection_answers(prompt: str | None = None) -> st.SearchStrategy[ReflectionAnswer]:
    """An answer to a prompt (to ``prompt`` when given); responses may be blank or multi-line."""
    key = (
        st.lists(st.sampled_from(_KEY_WORDS), min_size=1, max_size=3).map("-".join)
        if prompt is None
        else st.just(prompt)
    )
    response = st.one_of(st.just(""), guide_texts(), st.text(max_size=200))
    return st.builds(ReflectionAnswer, prompt=key, response=response)


def self_reflections(
    template: SelfReflectionTemplate | None = None,
) -> st.SearchStrategy[SelfReflection]:
    """Filled-in or partly filled-in self-reflections (to ``template``'s prompts when given)."""
    identity = st.none() | st.just("") | guide_texts()
    if template is None:
        answers = st.lists(reflection_answers(), max_size=4, unique_by=lambda a: a.prompt)
    else:
        keys = [p.key for p in template.prompts]
        answers = st.lists(
            st.sampled_from(keys).flatmap(reflection_answers),
            max_size=len(keys),
            unique_by=lambda a: a.prompt,
        )
    return st.builds(
        SelfReflection,
        name=identity,
        position_title=identity,
        team=identity,
        department=identity,
        answers=answers.map(tuple),
        completed_on=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    )


# --- guide content ------------------------------------------------------------------------


@functools.cache
def _shared(factory: Callable[..., st.SearchStrategy[Any]], *args: Any) -> st.SearchStrategy[Any]:
    """One strategy per factory and arguments, so composite draws do not rebuild strategies."""
    return factory(*args)


def _mode_lists() -> st.SearchStrategy[list[LearningMode]]:
    return st.lists(st.sampled_from(LearningMode), unique=True, max_size=3)


def _step_action_lists() -> st.SearchStrategy[list[StepAction]]:
    return st.lists(step_actions(), min_size=1, max_size=3, unique_by=lambda a: a.text)


def _step_counts() -> st.SearchStrategy[int]:
    return st.integers(1, 4)


def _segment_orders() -> st.SearchStrategy[list[Segment]]:
    return st.permutations(list(Segment))


_PHRASES = (
    "What motivates you?",
    "Learning on the job",
    "Provide regular feedback.",
    "Ngā mihi — résumé ✓",
    "Tom & Jerry <b>",
)


@functools.cache
def _content_texts() -> st.SearchStrategy[str]:
    """Cheaper guide text for whole guides: known phrases, hostile text and short words."""
    phrase = st.sampled_from(_PHRASES + _HOSTILE)
    return st.builds(_numbered, phrase, st.integers(0, 20))


def _numbered(phrase: str, number: int) -> str:
    return f"{phrase} ({number})" if number else phrase


@functools.cache
def _content_lists(max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(_content_texts(), max_size=max_size, unique=True).map(tuple)


@functools.cache
def _required_texts(max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(_content_texts(), min_size=1, max_size=max_size, unique=True).map(tuple)


@functools.cache
def _maybe_text() -> st.SearchStrategy[str | None]:
    return st.none() | _content_texts()


def guide_keys() -> st.SearchStrategy[str]:
    """Keys of themes, prompts and roles: lowercase words joined by hyphens."""
    return st.lists(st.sampled_from(_KEY_WORDS), min_size=1, max_size=3).map("-".join)


def text_fixes() -> st.SearchStrategy[TextFix]:
    """Records of a misspelling corrected in the content."""
    return st.builds(
        TextFix, original=_content_texts(), corrected=_content_texts(), where=_content_texts()
    )


def editions() -> st.SearchStrategy[Edition]:
    """Edition metadata: publisher, source, licence, fixes and tailoring history."""
    return st.builds(
        Edition,
        title=_content_texts(),
        publisher=_content_texts(),
        source_document=_content_texts(),
        licence=_content_texts(),
        attribution=_content_texts(),
        version=_content_texts(),
        fixes=st.lists(text_fixes(), max_size=1).map(tuple),
        normalisations=_content_lists(1),
        tailored_by=_content_lists(1),
    )


def development_options() -> st.SearchStrategy[DevelopmentOption]:
    """A development option, sometimes with nested details."""
    return st.builds(DevelopmentOption, text=_content_texts(), details=_content_lists(2))


@functools.cache
def _options(min_size: int) -> st.SearchStrategy[tuple[DevelopmentOption, ...]]:
    return st.lists(
        development_options(), min_size=min_size, max_size=3, unique_by=lambda o: o.text
    ).map(tuple)


def development_groups(mode: LearningMode | None = None) -> st.SearchStrategy[DevelopmentGroup]:
    """Development options under one 70:20:10 heading (of ``mode`` when given)."""
    if mode is not None and not isinstance(mode, LearningMode):
        raise ValidationError(f"expected LearningMode, got {type(mode).__name__}", path="mode")
    return st.builds(
        DevelopmentGroup,
        mode=st.sampled_from(LearningMode) if mode is None else st.just(mode),
        heading=_content_texts(),
        options=_options(1),
    )


@st.composite
def _focus(draw: st.DrawFn) -> DevelopmentFocus:
    modes = draw(_shared(_mode_lists))
    groups = tuple(draw(_shared(development_groups, m)) for m in modes)
    options = draw(_options(0 if groups else 1))
    return DevelopmentFocus(options=options, groups=groups)


def development_focuses() -> st.SearchStrategy[DevelopmentFocus]:
    """A development focus: ungrouped options, 70:20:10 groups, or both."""
    return _focus()


def career_guides(segment: Segment | None = None) -> st.SearchStrategy[CareerGuide]:
    """A career conversation guide for a segment (for ``segment`` when given)."""
    if segment is not None and not isinstance(segment, Segment):
        raise ValidationError(f"expected Segment, got {type(segment).__name__}", path="segment")
    return st.builds(
        CareerGuide,
        segment=st.sampled_from(Segment) if segment is None else st.just(segment),
        descriptors=_required_texts(),
        feedback=_required_texts(),
        questions=_required_texts(),
        development=development_focuses(),
        to_note=_content_lists(2),
    )


def coaching_mindsets() -> st.SearchStrategy[CoachingMindset]:
    """Points to remember in a coaching conversation."""
    return st.builds(
        CoachingMindset,
        heading=_content_texts(),
        introduction=_content_lists(2),
        points=_required_texts(),
    )


@st.composite
def _compact_guide(draw: st.DrawFn, segment: Segment) -> CareerGuide:
    """A small guide, so that a draw of all nine stays quick."""
    option = DevelopmentOption(text=draw(_content_texts()))
    grouped = draw(_shared(st.booleans))
    development = (
        DevelopmentFocus(
            groups=(
                DevelopmentGroup(
                    mode=draw(st.sampled_from(LearningMode)),
                    heading=draw(_content_texts()),
                    options=(option,),
                ),
            )
        )
        if grouped
        else DevelopmentFocus(options=(option,))
    )
    return CareerGuide(
        segment=segment,
        descriptors=(draw(_content_texts()),),
        feedback=(draw(_content_texts()),),
        questions=(draw(_content_texts()),),
        development=development,
        to_note=draw(_content_lists(1)),
    )


@st.composite
def _career_conversations(draw: st.DrawFn) -> CareerConversations:
    order = draw(_shared(_segment_orders))
    return CareerConversations(
        metadata=draw(_shared(editions)),
        title=draw(_content_texts()),
        introduction=draw(_content_lists(2)),
        footnote=draw(_maybe_text()),
        coaching=draw(_shared(coaching_mindsets)),
        further_reading=draw(_content_lists(1)),
        note=draw(_maybe_text()),
        guides=tuple(draw(_shared(_compact_guide, segment)) for segment in order),
    )


def career_conversations_guides() -> st.SearchStrategy[CareerConversations]:
    """A whole Guide to Career Conversations: one guide for each of the nine segments."""
    return _career_conversations()


def step_actions() -> st.SearchStrategy[StepAction]:
    """An action in a step of the aspiration conversation, sometimes with details."""
    return st.builds(StepAction, text=_content_texts(), details=_content_lists(2))


@st.composite
def _step(draw: st.DrawFn, number: int) -> ConversationStep:
    questions = draw(_content_lists(2))
    lead = draw(_content_texts()) if questions else draw(_maybe_text())
    return ConversationStep(
        number=number,
        title=draw(_content_texts()),
        actions=tuple(draw(_shared(_step_action_lists))),
        questions_lead=lead,
        questions=questions,
        notes=draw(_content_lists(1)),
    )


def conversation_steps(number: int = 1) -> st.SearchStrategy[ConversationStep]:
    """A step of the aspiration conversation, numbered ``number``."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValidationError("expected a whole number of 1 or more", path="number")
    return _step(number)


def suggested_openings() -> st.SearchStrategy[SuggestedOpening]:
    """A suggested way of opening the conversation."""
    return st.builds(SuggestedOpening, lead=_content_texts(), words=_content_texts())


def conversation_themes() -> st.SearchStrategy[ConversationTheme]:
    """Conversation starters on one theme."""
    return st.builds(
        ConversationTheme,
        key=guide_keys(),
        title=_content_texts(),
        condition=_maybe_text(),
        starters=_required_texts(),
    )


def conversation_starters() -> st.SearchStrategy[ConversationStarters]:
    """The conversation starters: an opening, themes and a closing check."""
    return st.builds(
        ConversationStarters,
        introduction=_content_lists(1),
        opening=suggested_openings(),
        themes=st.lists(
            conversation_themes(), min_size=1, max_size=3, unique_by=lambda t: t.key
        ).map(tuple),
        closing_check=_content_texts(),
    )


@st.composite
def _aspiration(draw: st.DrawFn) -> AspirationGuide:
    count = draw(_shared(_step_counts))
    return AspirationGuide(
        metadata=draw(_shared(editions)),
        title=draw(_content_texts()),
        purpose=draw(_required_texts(2)),
        users=draw(_required_texts(1)),
        timing=draw(_required_texts(1)),
        note=draw(_maybe_text()),
        coaching=draw(_shared(coaching_mindsets)),
        steps=tuple(draw(_shared(_step, n)) for n in range(1, count + 1)),
        starters=draw(_shared(conversation_starters)),
    )


def aspiration_guides() -> st.SearchStrategy[AspirationGuide]:
    """An aspiration career conversation guide with numbered steps and starters."""
    return _aspiration()


def identity_prompts() -> st.SearchStrategy[IdentityPrompt]:
    """A labelled identity box of the self-reflection template."""
    return st.builds(IdentityPrompt, field=st.sampled_from(IdentityField), label=_content_texts())


def reflection_prompts() -> st.SearchStrategy[ReflectionPrompt]:
    """A prompt of the self-reflection questionnaire, with or without a hint."""
    return st.builds(
        ReflectionPrompt, key=guide_keys(), prompt=_content_texts(), hint=_maybe_text()
    )


def self_reflection_templates() -> st.SearchStrategy[SelfReflectionTemplate]:
    """A self-reflection template: identity boxes and prompts."""
    return st.builds(
        SelfReflectionTemplate,
        metadata=editions(),
        title=_content_texts(),
        purpose=_content_texts(),
        note=_maybe_text(),
        identity=st.lists(identity_prompts(), max_size=4, unique_by=lambda i: i.field).map(tuple),
        questionnaire_title=_content_texts(),
        prompts=st.lists(
            reflection_prompts(), min_size=1, max_size=4, unique_by=lambda p: p.key
        ).map(tuple),
    )


def leader_actions() -> st.SearchStrategy[LeaderAction]:
    """An executive's action, sometimes with sub-actions."""
    return st.builds(LeaderAction, text=_content_texts(), sub_actions=_content_lists(2))


def leadership_roles() -> st.SearchStrategy[LeadershipRole]:
    """A leadership role with its actions."""
    return st.builds(
        LeadershipRole,
        key=guide_keys(),
        summary=_content_texts(),
        title=_content_texts(),
        actions=st.lists(leader_actions(), min_size=1, max_size=3, unique_by=lambda a: a.text).map(
            tuple
        ),
    )


def leadership_guides() -> st.SearchStrategy[LeadershipGuide]:
    """A leadership guide for executives."""
    return st.builds(
        LeadershipGuide,
        metadata=editions(),
        framework=_content_texts(),
        title=_content_texts(),
        role_question=_content_texts(),
        introduction=_content_lists(1),
        roles_lead=_content_texts(),
        actions_question=_content_texts(),
        roles=st.lists(leadership_roles(), min_size=1, max_size=3, unique_by=lambda r: r.key).map(
            tuple
        ),
    )


def guidebooks() -> st.SearchStrategy[Guidebook]:
    """A whole edition of guide content."""
    return st.builds(
        Guidebook,
        career_conversations=career_conversations_guides(),
        aspiration=aspiration_guides(),
        self_reflection=self_reflection_templates(),
        leadership=leadership_guides(),
    )


@st.composite
def _brief(draw: st.DrawFn) -> ManagerBrief:
    placement = draw(_shared(placements))
    template = draw(_shared(self_reflection_templates))
    return ManagerBrief(
        placement=placement,
        guide=draw(_shared(career_guides, placement.segment)),
        template=template,
        reflection=draw(st.none() | self_reflections(template)),
        credits=draw(_content_lists(2)),
    )


def manager_briefs() -> st.SearchStrategy[ManagerBrief]:
    """A manager's brief: a placement with the guide for its segment."""
    return _brief()


@st.composite
def _copy(draw: st.DrawFn) -> EmployeeCopy:
    placement = draw(_shared(placements))
    template = draw(_shared(self_reflection_templates))
    return EmployeeCopy(
        employee_id=placement.employee_id,
        template=template,
        development=draw(_shared(development_focuses)),
        segment=draw(st.none() | st.just(placement.segment)),
        reflection=draw(st.none() | self_reflections(template)),
        credits=draw(_content_lists(2)),
    )


def employee_copies() -> st.SearchStrategy[EmployeeCopy]:
    """An employee's copy: a template and development options, the segment sometimes named."""
    return _copy()


@st.composite
def _pre_read(draw: st.DrawFn) -> AspirationPreRead:
    template = draw(_shared(self_reflection_templates))
    placement = draw(st.none() | _shared(placements))
    return AspirationPreRead(
        template=template,
        starters=draw(_shared(conversation_starters)),
        employee_id=None if placement is None else placement.employee_id,
        reflection=draw(st.none() | self_reflections(template)),
        credits=draw(_content_lists(2)),
    )


def aspiration_pre_reads() -> st.SearchStrategy[AspirationPreRead]:
    """An employee's aspiration pre-read: a template and conversation starters."""
    return _pre_read()
