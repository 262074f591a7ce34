"""One person's mapping on the Talent Segmentation Model, and rating bands."""

from __future__ import annotations

import datetime as dt
import math
import types
from collections.abc import Mapping
from typing import Any

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation._levels import Level, Segment, segment_for

__all__ = ["Banding", "Placement", "check_placement"]


def _freeze_groups(value: Mapping[str, str]) -> Mapping[str, str]:
    if isinstance(value, Mapping):
        return types.MappingProxyType(dict(value))
    return value  # not a mapping: the validator names it


def _check_groups(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"expected a mapping of names to values, got {type(value).__name__}",
            path=attribute.name,
        )
    for key, item in value.items():
        if not isinstance(key, str) or not key.strip():
            raise ValidationError("group names must be non-empty text", path=attribute.name)
        if not isinstance(item, str):
            raise ValidationError(
                f"expected str, got {type(item).__name__}", path=f"{attribute.name}.{key}"
            )


def _check_date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(f"expected a date, got {type(value).__name__}", path=attribute.name)


@attrs.frozen(kw_only=True)
class Placement:
    """One person's placement on the Model in one assessment cycle.

    ``performance`` and ``potential`` are the assessed levels; :attr:`segment` follows from
    them. ``groups`` holds grouping attributes such as division, classification or location.
    ``aspiration_conversation_on`` is the date of the aspiration career conversation that
    informed the potential assessment, where known: the guide has it come *before* the
    assessment (see :func:`check_placement`).
    """

    employee_id: str = attrs.field(validator=v.text)
    performance: Level = attrs.field(validator=v.instance_of(Level))
    potential: Level = attrs.field(validator=v.instance_of(Level))
    assessed_on: dt.date | None = attrs.field(default=None, validator=v.optional(_check_date))
    assessed_by: str | None = attrs.field(default=None, validator=v.optional(v.text))
    groups: Mapping[str, str] = attrs.field(
        factory=dict, converter=_freeze_groups, validator=_check_groups, hash=False
    )
    aspiration_conversation_on: dt.date | None = attrs.field(
        default=None, validator=v.optional(_check_date)
    )

    @property
    def segment(self) -> Segment:
        """The segment this placement falls in."""
        return segment_for(self.performance, self.potential)


def check_placement(placement: Placement) -> tuple[Finding, ...]:
    """Findings about a placement that is valid but may not follow the guides.

    The aspiration guide has the conversation happen before performance and potential are
    assessed and before someone is mapped on the Model, so its insights can inform the
    potential assessment: a conversation dated after the assessment is a warning.
    """
    findings: list[Finding] = []
    conversation, assessed = placement.aspiration_conversation_on, placement.assessed_on
    if conversation is not None and assessed is not None and conversation > assessed:
        findings.append(
            Finding(
                code="conversation-after-assessment",
                severity=Severity.WARNING,
                message=(
                    f"the aspiration conversation ({conversation.isoformat()}) is dated after "
                    f"the assessment ({assessed.isoformat()}); it should come first so that "
                    "it can inform the potential assessment"
                ),
                path="aspiration_conversation_on",
            )
        )
    if assessed is None:
        findings.append(
            Finding(
                code="assessment-undated",
                severity=Severity.INFO,
                message="the assessment date is not recorded",
                path="assessed_on",
            )
        )
    return tuple(findings)


def _finite_number(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance_of((int, float))(_inst, attribute, value)
    if not math.isfinite(value):
        raise ValidationError("must be a finite number", path=attribute.name)


@attrs.frozen(kw_only=True)
class Banding:
    """Maps a numeric rating on an agency's own scale to a :class:`Level`.

    A rating below ``moderate_from`` is low, below ``high_from`` is moderate, and from
    ``high_from`` up is high. Ratings outside ``minimum``..``maximum`` are rejected. For a
    1-5 scale where 3 is "fully effective" and 4-5 is "exceeds":
    ``Banding(minimum=1, maximum=5, moderate_from=3, high_from=4)``.
    """

    minimum: float = attrs.field(validator=_finite_number)
    maximum: float = attrs.field(validator=_finite_number)
    moderate_from: float = attrs.field(validator=_finite_number)
    high_from: float = attrs.field(validator=_finite_number)

    def __attrs_post_init__(self) -> None:
        if not self.minimum < self.moderate_from:
            raise ValidationError(f"must be above minimum ({self.minimum})", path="moderate_from")
        if not self.moderate_from < self.high_from:
            raise ValidationError(
                f"must be above moderate_from ({self.moderate_from})", path="high_from"
            )
        if not self.high_from <= self.maximum:
            raise ValidationError(
                f"must be at or above high_from ({self.high_from})", path="maximum"
            )

    def level_for(self, rating: object, *, field: str = "rating") -> Level:
        """The level for a rating given as a number or as numeric text (``"4"``, ``"3.5"``)."""
        number: float
        if isinstance(rating, bool):
            raise ValidationError("expected a number, got bool", path=field)
        if isinstance(rating, (int, float)):
            number = float(rating)
        elif isinstance(rating, str):
            try:
                number = float(rating.strip())
            except ValueError:
                raise ValidationError(f"{rating!r} is not a number", path=field) from None
        else:
            raise ValidationError(f"expected a number, got {type(rating).__name__}", path=field)
        if not math.isfinite(number) or not self.minimum <= number <= self.maximum:
            raise ValidationError(
                f"{rating!r} is outside the scale {self.minimum:g}-{self.maximum:g}", path=field
            )
        if number >= self.high_from:
            return Level.HIGH
        if number >= self.moderate_from:
            return Level.MODERATE
        return Level.LOW
