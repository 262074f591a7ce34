"""One person's mapping on the Talent Segmentation Model, and rating bands."""

from __future__ import annotations

import datetime as dt
import math
import types
from collections.abc import Mapping
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf._arguments import checked
from apsperf._ids import EMPLOYEE_ID_PATTERN, changed_by_nfc, is_employee_id
from apsperf._ids import normalise_employee_id as normalise_employee_id
from apsperf.errors import ValidationError
from apsperf.errors import _shown as shown_value
from apsperf.findings import Finding, Severity
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._levels import Level, Segment, segment_for

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


def _check_normalised_id(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An identifier as documents hold it: its schema's pattern, ``EMPLOYEE_ID_PATTERN``.

    Each refusal says why: white space, a form other than the reader's normalisation
    writes, or a character normalisation could change (see :mod:`apsperf._ids`).
    """
    v.text(inst, attribute, value)
    if normalise_employee_id(value) != value:
        raise ValidationError(
            "must be written in Unicode NFC without invisible characters, as "
            f"{normalise_employee_id(value)[:40]!r} (see normalise_employee_id; readers "
            "normalise identifiers themselves)",
            path=attribute.name,
        )
    if not is_employee_id(value):  # what is left: a character NFC could change
        raise ValidationError(
            f"must not hold {changed_by_nfc(value) or 'that character'}: identifiers hold no "
            "combining marks, nor other characters Unicode normalisation can change",
            path=attribute.name,
        )


_normalised_id = v.Constrained(
    _check_normalised_id, {"minLength": 1, "pattern": EMPLOYEE_ID_PATTERN}
)


@attrs.frozen(kw_only=True)
class Placement:
    """One person's placement on the Model in one assessment cycle.

    ``performance`` and ``potential`` are the assessed levels; :attr:`segment` follows from
    them. ``groups`` holds grouping attributes such as division, classification or location.
    ``aspiration_conversation_on`` is the date of the aspiration career conversation that
    informed the potential assessment, where known: the guide has it come *before* the
    assessment (see :func:`check_placement`).
    """

    employee_id: str = attrs.field(validator=_normalised_id)
    performance: Level = attrs.field(validator=v.instance_of(Level))
    potential: Level = attrs.field(validator=v.instance_of(Level))
    assessed_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    assessed_by: str | None = attrs.field(default=None, validator=v.optional(v.text))
    groups: Mapping[str, str] = attrs.field(
        factory=dict, converter=_freeze_groups, validator=_check_groups, hash=False
    )
    aspiration_conversation_on: dt.date | None = attrs.field(
        default=None, validator=v.optional_date
    )

    @property
    def segment(self) -> Segment:
        """The segment this placement falls in."""
        return segment_for(self.performance, self.potential)


@checked
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
    try:
        finite = math.isfinite(value) and math.isfinite(float(value))
    except OverflowError:
        finite = False
    if not finite:
        raise ValidationError("must be a finite number", path=attribute.name)


_PRESETS: Final = {
    "1-3": (1, 3, 2, 3),
    "1-4": (1, 4, 2, 4),
    "1-5": (1, 5, 3, 4),
}
SCALE_PRESETS: Final = (*_PRESETS, *("-".join(reversed(name.split("-"))) for name in _PRESETS))
"""The named rating scales :meth:`Banding.preset` knows: ``1-3``, ``1-4``, ``1-5`` (higher
is better) and ``3-1``, ``4-1``, ``5-1`` (1 is best). These bandings are apsperf's own
defaults, not taken from the frameworks."""


def _shown(value: object) -> str:
    """A value as an error message quotes it: at most 40 characters, never a crash."""
    return shown_value(value)


@attrs.frozen(kw_only=True)
class Banding:
    """Maps a numeric rating on an agency's own scale to a :class:`Level`.

    A rating below ``moderate_from`` is low, below ``high_from`` is moderate, and from
    ``high_from`` up is high. Ratings outside ``minimum``..``maximum`` are rejected. For a
    1-5 scale where 3 is "fully effective" and 4-5 is "exceeds":
    ``Banding(minimum=1, maximum=5, moderate_from=3, high_from=4)``, also
    ``Banding.preset("1-5")``. On a ``descending`` scale a lower number is better: a rating
    is first mirrored (``minimum + maximum - rating``, so 1 on a 5-1 scale counts as 5) and
    the thresholds apply to the mirrored number.
    """

    minimum: float = attrs.field(validator=_finite_number)
    maximum: float = attrs.field(validator=_finite_number)
    moderate_from: float = attrs.field(validator=_finite_number)
    high_from: float = attrs.field(validator=_finite_number)
    descending: bool = attrs.field(default=False, validator=v.instance_of(bool))

    @classmethod
    def preset(cls, name: str, *, field: str = "scale") -> Banding:
        """A named scale (apsperf's own defaults, not the frameworks').

        ``1-5``: 1-2 low, 3 moderate, 4-5 high. ``1-4``: 1 low, 2-3 moderate, 4 high.
        ``1-3``: 1 low, 2 moderate, 3 high. Each reversed (``5-1``, ``4-1``, ``3-1``) reads
        1 as the best rating.
        """
        if not isinstance(name, str):
            raise TypeError(f"a scale name must be str, not {type(name).__name__}")
        key = name.strip().replace("–", "-").replace(" ", "")
        low, _, high = key.partition("-")
        descending = key not in _PRESETS and f"{high}-{low}" in _PRESETS
        values = _PRESETS.get(f"{high}-{low}" if descending else key)
        if values is None:
            raise ValidationError(
                f"{name[:20]!r} is not a known scale; expected one of {', '.join(SCALE_PRESETS)}"
                " (or give band thresholds)",
                path=field,
            )
        minimum, maximum, moderate_from, high_from = values
        return cls(
            minimum=minimum,
            maximum=maximum,
            moderate_from=moderate_from,
            high_from=high_from,
            descending=descending,
        )

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
        shown = _shown(rating)
        if isinstance(rating, (int, float)):
            try:
                number = float(rating)
            except OverflowError:
                number = math.inf
        elif isinstance(rating, str):
            try:
                number = float(rating.strip())
            except ValueError:
                raise ValidationError(f"{shown} is not a number", path=field) from None
        else:
            raise ValidationError(f"expected a number, got {type(rating).__name__}", path=field)
        if not math.isfinite(number) or not self.minimum <= number <= self.maximum:
            ends = (self.maximum, self.minimum) if self.descending else (self.minimum, self.maximum)
            raise ValidationError(
                f"{shown} is outside the scale {ends[0]:g}-{ends[1]:g}", path=field
            )
        if self.descending:
            number = self.minimum + self.maximum - number
        if number >= self.high_from:
            return Level.HIGH
        if number >= self.moderate_from:
            return Level.MODERATE
        return Level.LOW


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
