"""The five elements of the SES Performance Leadership Framework."""

from __future__ import annotations

import enum
from typing import Final

from apsperf.errors import ValidationError

__all__ = ["REPORTING_AND_EVALUATION", "Element"]


class Element(enum.Enum):
    """One of the five elements every agency must include in its SES performance practices.

    Members are in the Framework's order; values are stable slugs and :attr:`label` is the
    Framework's wording (with a capital first letter). The Framework's mechanism for
    reporting and evaluation is deliberately *not* a member: it is how agencies report on
    these five elements, not a sixth practice they assess (see
    :data:`REPORTING_AND_EVALUATION`).
    """

    EXPECTATIONS = "expectations"
    PERFORMANCE_ASSESSMENTS = "performance-assessments"
    REWARD_AND_RECOGNITION = "reward-and-recognition"
    DEVELOPMENT = "development"
    UNSATISFACTORY_PERFORMANCE = "unsatisfactory-performance"

    @property
    def label(self) -> str:
        """The element as the Framework names it: ``"Reward and recognition"``."""
        return _LABELS[self]

    @property
    def position(self) -> int:
        """1 to 5: where the element stands in the Framework's list."""
        return _ORDER[self]

    @classmethod
    def parse(cls, value: object, *, field: str = "element") -> Element:
        """Read an element from its slug, its label or its enum name, in any case.

        Anything else raises :class:`~apsperf.ValidationError` naming ``field`` and listing
        the slugs.
        """
        if isinstance(value, Element):
            return value
        if isinstance(value, str):
            found = _NAMES.get(_key(value))
            if found is not None:
                return found
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        choices = ", ".join(e.value for e in Element)
        raise ValidationError(f"{shown} is not an element; expected one of {choices}", path=field)


def _key(text: str) -> str:
    return " ".join(text.strip().replace("-", " ").replace("_", " ").split()).casefold()


_LABELS: Final = {
    Element.EXPECTATIONS: "Expectations for behaviours and outcomes",
    Element.PERFORMANCE_ASSESSMENTS: "Performance assessments",
    Element.REWARD_AND_RECOGNITION: "Reward and recognition",
    Element.DEVELOPMENT: "Development",
    Element.UNSATISFACTORY_PERFORMANCE: "Unsatisfactory performance",
}
_ORDER: Final = {element: index for index, element in enumerate(Element, start=1)}
_NAMES: Final = {
    key: element
    for element in Element
    for key in (_key(element.value), _key(element.label), _key(element.name))
}

REPORTING_AND_EVALUATION: Final = (
    "The Framework also includes a mechanism for reporting and evaluation: agencies report "
    "their maturity state and aggregate ratings (first in the 2024 Agency Survey) and the "
    "Australian Public Service Commission coordinates reporting to Secretaries Board for "
    "oversight of performance maturity across the APS."
)
"""What the Framework's reporting-and-evaluation mechanism is, and how apsperf treats it.

It is not an :class:`Element`: apsperf models it as the implementation milestones
(:func:`apsperf.maturity.milestone_progress`) and the APS-wide roll-up
(:func:`apsperf.maturity.rollup`)."""
