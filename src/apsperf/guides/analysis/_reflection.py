"""A Career Self-Reflection Template as one person filled it in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from apsperf import _validators as v
from apsperf._arguments import checked
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.guides.model._models import IdentityField, SelfReflectionTemplate, slug

__all__ = ["ReflectionAnswer", "SelfReflection", "check_self_reflection"]


def _reflection_answers(value: Iterable[ReflectionAnswer]) -> tuple[ReflectionAnswer, ...]:
    """Converter: a sequence of :class:`ReflectionAnswer` becomes a tuple."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class ReflectionAnswer:
    """What the individual wrote for one prompt; ``prompt`` is the prompt's key."""

    prompt: str = attrs.field(validator=slug)
    response: str = attrs.field(validator=v.instance_of(str))


def _unique_prompts(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(ReflectionAnswer)(_inst, attribute, value)
    seen: set[str] = set()
    for index, answer in enumerate(value):
        if answer.prompt in seen:
            raise ValidationError(
                f"a second answer to {answer.prompt!r}", path=f"{attribute.name}[{index}].prompt"
            )
        seen.add(answer.prompt)


def _answered(text: str | None) -> bool:
    return text is not None and bool(text.strip())


def _default_template() -> SelfReflectionTemplate:
    from apsperf.guides.io._content import self_reflection_template

    return self_reflection_template()


@attrs.frozen(kw_only=True)
class SelfReflection:
    """A completed, or partly completed, Career Self-Reflection Template.

    The identity details are those at the top of the template; ``answers`` holds what the
    individual wrote for each prompt, keyed by the prompt's key. Anything may be left blank:
    :meth:`missing` says what is still to be answered. Save and load it with
    :func:`apsperf.serialization.to_json` and :func:`~apsperf.serialization.from_json`.
    """

    name: str | None = attrs.field(default=None, validator=v.optional(v.instance_of(str)))
    position_title: str | None = attrs.field(default=None, validator=v.optional(v.instance_of(str)))
    team: str | None = attrs.field(default=None, validator=v.optional(v.instance_of(str)))
    department: str | None = attrs.field(default=None, validator=v.optional(v.instance_of(str)))
    answers: tuple[ReflectionAnswer, ...] = attrs.field(
        factory=tuple, converter=_reflection_answers, validator=_unique_prompts
    )
    completed_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)

    def response(self, prompt: str) -> str | None:
        """What was written for the prompt with key ``prompt``, or ``None``."""
        return next((a.response for a in self.answers if a.prompt == prompt), None)

    def answer(self, prompt: str, response: str) -> SelfReflection:
        """A copy with ``response`` recorded for ``prompt`` (replacing any earlier answer)."""
        new = ReflectionAnswer(prompt=prompt, response=response)
        kept = tuple(a for a in self.answers if a.prompt != prompt)
        return attrs.evolve(self, answers=(*kept, new))

    def identity(self, field: IdentityField) -> str | None:
        """The identity detail for ``field``, for example the name."""
        value: str | None = getattr(self, field.attribute)
        return value

    def missing(self, template: SelfReflectionTemplate | None = None) -> tuple[str, ...]:
        """What is still blank, in the template's order.

        Identity boxes are named by their field (``"position-title"``), prompts by their
        key (``"overarching-career-goals"``). The default template is used when none is given.
        """
        form = _default_template() if template is None else template
        blank = [i.field.value for i in form.identity if not _answered(self.identity(i.field))]
        blank += [p.key for p in form.prompts if not _answered(self.response(p.key))]
        return tuple(blank)

    def is_complete(self, template: SelfReflectionTemplate | None = None) -> bool:
        """True when every identity box and every prompt of the template has an answer."""
        return not self.missing(template)


@checked
def check_self_reflection(
    reflection: SelfReflection, template: SelfReflectionTemplate | None = None
) -> tuple[Finding, ...]:
    """Findings about a filled-in template: blank boxes and answers to prompts it lacks.

    A blank box is for information only (an incomplete template is allowed); an answer to a
    prompt the template does not have is a warning, as it will not be shown.
    """
    form = _default_template() if template is None else template
    findings: list[Finding] = []
    for item in form.identity:
        if not _answered(reflection.identity(item.field)):
            findings.append(
                Finding(
                    code="unanswered",
                    severity=Severity.INFO,
                    message=f"{item.label} is blank",
                    path=item.field.attribute,
                )
            )
    for prompt in form.prompts:
        if not _answered(reflection.response(prompt.key)):
            findings.append(
                Finding(
                    code="unanswered",
                    severity=Severity.INFO,
                    message=f"no answer yet to {prompt.prompt!r}",
                    path=f"answers.{prompt.key}",
                )
            )
    known = {p.key for p in form.prompts}
    for index, answer in enumerate(reflection.answers):
        if answer.prompt not in known:
            findings.append(
                Finding(
                    code="unknown-prompt",
                    severity=Severity.WARNING,
                    message=f"the template has no prompt {answer.prompt!r}",
                    path=f"answers[{index}].prompt",
                )
            )
    return tuple(findings)
