"""How an SES assessment's ratings combine: policies, and the check that each one is fair.

"Behaviours are as important as outcomes": whatever an agency's policy, apsperf checks,
exhaustively and once for each pair of scales it meets, that it never lets outcomes offset
a concern and never treats behaviours more leniently than outcomes (see :func:`verify_policy`).
An agency's weighted-elements policy is read by :mod:`apsperf.agreements.io._policies`.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

import attrs

from apsperf import _validators as v
from apsperf._arguments import checked
from apsperf._display import one_line, quoted
from apsperf.agreements.model._scales import AssessmentScales
from apsperf.errors import ValidationError, _shown

__all__ = [
    "AssessmentPolicy",
    "CriticalElement",
    "ElementKind",
    "MidpointPolicy",
    "NonCompensatoryPolicy",
    "PointsBand",
    "WeightedElementsPolicy",
    "shipped_policies",
    "unsatisfactory_rank",
    "verify_policy",
]


@runtime_checkable
class AssessmentPolicy(Protocol):
    """How a behaviours rating and an outcomes rating combine into the overall result.

    A policy sees ranks (0 is the lowest level) and returns a rank on the overall scale.
    ``unsatisfactory_trigger`` is the highest rating level (a slug, label or number of the
    behaviours or outcomes scale) at which the unsatisfactory-performance process applies;
    ``None`` means the lowest level. :func:`~apsperf.agreements.assess` refuses a policy
    that lets outcomes offset a concern or treats behaviours more leniently than outcomes.
    """

    @property
    def name(self) -> str:
        """A short slug naming the policy, recorded in every result."""
        ...

    @property
    def unsatisfactory_trigger(self) -> str | int | None:
        """The highest level at which the unsatisfactory-performance process applies."""
        ...

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        """The overall rank for a behaviours rank and an outcomes rank."""
        ...


class _Policy:
    """Shared behaviour of the two-rating policies: equal by type and trigger."""

    __slots__ = ("_trigger",)
    name: ClassVar[str] = ""

    def __init__(self, *, unsatisfactory_trigger: str | int | None = None) -> None:
        if unsatisfactory_trigger is not None and (
            isinstance(unsatisfactory_trigger, bool)
            or not isinstance(unsatisfactory_trigger, str | int)
        ):
            raise TypeError(
                "unsatisfactory_trigger must be a level slug, label or number, not "
                f"{type(unsatisfactory_trigger).__name__}"
            )
        self._trigger = unsatisfactory_trigger

    @property
    def unsatisfactory_trigger(self) -> str | int | None:
        """The highest level at which the unsatisfactory-performance process applies."""
        return self._trigger

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Policy)
            and type(other) is type(self)
            and other._trigger == self._trigger
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._trigger))

    def __repr__(self) -> str:
        t = self._trigger
        shown = quoted(t) if isinstance(t, str) else _shown(t)
        trigger = "" if t is None else f"unsatisfactory_trigger={shown}"
        return one_line(f"{type(self).__name__}({trigger})")


class NonCompensatoryPolicy(_Policy):
    """The default: the overall result is the lower of the two ratings.

    The Framework says: "Excellence in delivering outcomes cannot be used to offset or
    minimise behavioural concerns." Taking the lower rating honours that sentence, and is
    also strict the other way: excellent behaviours do not offset an outcomes shortfall
    either (an apsperf choice the Framework does not spell out).
    """

    __slots__ = ()
    name = "non-compensatory"

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        """The overall level corresponding to the lower of the two ranks."""
        return scales.overall_rank_for(min(behaviours, outcomes))


class MidpointPolicy(_Policy):
    """An alternative: the midpoint of the two ratings, capped by any concern.

    The overall result is the midpoint (rounded down) when neither rating is a concern and
    the lower of the two when either is. Behaviours and outcomes still weigh the same, and a
    concern in either still caps the result; above the concern line a strong rating in one
    can lift a merely effective one.
    """

    __slots__ = ()
    name = "midpoint"

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        """The overall level corresponding to the midpoint (or the lower rank on a concern)."""
        if scales.is_concern(behaviours) or scales.is_concern(outcomes):
            return scales.overall_rank_for(min(behaviours, outcomes))
        return scales.overall_rank_for((behaviours + outcomes) // 2)


def shipped_policies() -> tuple[AssessmentPolicy, ...]:
    """Every two-rating policy apsperf ships, the default (non-compensatory) first."""
    return (NonCompensatoryPolicy(), MidpointPolicy())


# --- weighted elements --------------------------------------------------------------------


class ElementKind(enum.Enum):
    """Whether an expectation or appraisal element is about behaviours or outcomes."""

    BEHAVIOUR = "behaviour"
    OUTCOME = "outcome"

    @property
    def label(self) -> str:
        """``"Behaviour"`` or ``"Outcome"``."""
        return self.value.capitalize()


def _positive(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance_of(int)(_inst, attribute, value)
    if value < 1 or value > 10**6:
        raise ValidationError("must be a whole number from 1 to 1000000", path=attribute.name)


def _points(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance_of(int)(_inst, attribute, value)
    if value < 0 or value > 10**9:
        raise ValidationError("must be a whole number from 0 to 1000000000", path=attribute.name)


@attrs.frozen(kw_only=True)
class CriticalElement:
    """One weighted element of a multi-element appraisal, about behaviours or outcomes.

    Each element is rated on the behaviours or outcomes scale (by ``kind``) and earns
    ``weight`` points for each level, counting from 1 at the lowest.
    """

    name: str = attrs.field(validator=v.text)
    kind: ElementKind = attrs.field(validator=v.instance_of(ElementKind))
    weight: int = attrs.field(validator=_positive)


@attrs.frozen(kw_only=True)
class PointsBand:
    """The overall level a total of ``from_points`` points or more reaches (up to the next band)."""

    overall: str = attrs.field(validator=v.text)
    from_points: int = attrs.field(validator=_points)


def _elements(value: Iterable[CriticalElement]) -> tuple[CriticalElement, ...]:
    return v.to_tuple(value)


def _bands(value: Iterable[PointsBand]) -> tuple[PointsBand, ...]:
    return v.to_tuple(value)


def _check_elements(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(CriticalElement)(_inst, attribute, value)
    seen: set[str] = set()
    for index, element in enumerate(value):
        key = element.name.casefold()
        if key in seen:
            raise ValidationError(
                f"{_shown(element.name)} is named twice", path=f"{attribute.name}[{index}].name"
            )
        seen.add(key)
    for kind in ElementKind:
        if not any(element.kind is kind for element in value):
            raise ValidationError(
                f"needs at least one {kind.value} element: both behaviours and outcomes "
                "must be assessed",
                path=attribute.name,
            )


def _check_bands(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(PointsBand)(_inst, attribute, value)
    if not value or value[0].from_points != 0:
        raise ValidationError("the lowest band must start at 0 points", path=attribute.name)
    for index in range(1, len(value)):
        if value[index].from_points <= value[index - 1].from_points:
            raise ValidationError(
                "bands must start at more points than the band before",
                path=f"{attribute.name}[{index}].from_points",
            )


@attrs.frozen(kw_only=True)
class WeightedElementsPolicy:
    """Weighted elements summed into points bands, without letting outcomes offset behaviours.

    In the style of multi-element appraisals such as the US Office of Personnel Management's
    Basic SES Appraisal System (a comparison, not a source): each element is rated, weighted
    and summed into points, and ``bands`` (supplied by the agency, lowest first) turn the
    points into an overall level. Any element at the lowest level makes the overall result
    the lowest. On top of that, a behaviour element at a concern level caps the overall
    result at the level that concern corresponds to, as does an outcome element at a
    concern level: excellence elsewhere cannot offset or minimise it.

    As a two-rating policy (:meth:`overall_rank`), every behaviour element takes the
    behaviours rating and every outcome element the outcomes rating; that is how
    :func:`verify_policy` checks the bands and weights treat behaviours at least as strictly.
    """

    name: ClassVar[str] = "weighted-elements"

    elements: tuple[CriticalElement, ...] = attrs.field(
        converter=_elements, validator=_check_elements
    )
    bands: tuple[PointsBand, ...] = attrs.field(converter=_bands, validator=_check_bands)
    unsatisfactory_trigger: str | None = attrs.field(default=None, validator=v.optional(v.text))

    def points(self, ranks: Sequence[int]) -> int:
        """The points for one rank per element (0 = lowest, worth one point per weight)."""
        return sum(e.weight * (rank + 1) for e, rank in zip(self.elements, ranks, strict=True))

    def _band_ranks(self, scales: AssessmentScales) -> list[int]:
        ranks = []
        for index, band in enumerate(self.bands):
            try:
                ranks.append(scales.overall.rank(band.overall))
            except ValidationError as error:
                raise ValidationError(
                    error.message, path=f"policy.bands[{index}].overall"
                ) from None
            if index and ranks[-1] <= ranks[-2]:
                raise ValidationError(
                    "each band must reach a higher overall level than the band before",
                    path=f"policy.bands[{index}].overall",
                )
        return ranks

    def overall_for_elements(self, ranks: Sequence[int], scales: AssessmentScales) -> int:
        """The overall rank for one behaviours- or outcomes-scale rank per element."""
        if len(ranks) != len(self.elements):
            raise ValidationError(
                f"expected {len(self.elements)} element ratings, got {len(ranks)}", path="ranks"
            )
        band_ranks = self._band_ranks(scales)
        if min(ranks) == 0:
            return 0
        total = self.points(ranks)
        overall = next(
            rank
            for band, rank in zip(reversed(self.bands), reversed(band_ranks), strict=True)
            if total >= band.from_points
        )
        for kind in ElementKind:
            lowest = min(r for e, r in zip(self.elements, ranks, strict=True) if e.kind is kind)
            if scales.is_concern(lowest):
                overall = min(overall, scales.overall_rank_for(lowest))
        return overall

    def overall_rank(self, behaviours: int, outcomes: int, scales: AssessmentScales) -> int:
        """The overall rank with every behaviour element at one rank, every outcome at another."""
        ranks = [behaviours if e.kind is ElementKind.BEHAVIOUR else outcomes for e in self.elements]
        return self.overall_for_elements(ranks, scales)


# --- the check ----------------------------------------------------------------------------


def unsatisfactory_rank(policy: AssessmentPolicy, scales: AssessmentScales) -> int:
    """The highest rank (0 = lowest) at which the policy's unsatisfactory process applies."""
    trigger = policy.unsatisfactory_trigger
    if trigger is None:
        return 0
    for scale in (scales.behaviours, scales.outcomes):
        try:
            rank = scale.levels.index(scale.level(trigger))
        except ValidationError:
            continue
        if not scales.is_concern(rank):
            raise ValidationError(
                f"{_shown(trigger)} is not a concern level; the unsatisfactory-performance "
                "process starts only from a concern",
                path="policy.unsatisfactory_trigger",
            )
        return rank
    raise ValidationError(
        f"{_shown(trigger)} is not a level of the behaviours or outcomes scale",
        path="policy.unsatisfactory_trigger",
    )


def _table(policy: AssessmentPolicy, scales: AssessmentScales) -> list[list[int]]:
    n, top = scales.size, len(scales.overall) - 1
    table = []
    for b in range(n):
        row = []
        for o in range(n):
            overall = policy.overall_rank(b, o, scales)
            if isinstance(overall, bool) or not isinstance(overall, int) or not 0 <= overall <= top:
                raise ValidationError(
                    f"policy {policy.name!r} returned {_shown(overall, 20)}, "
                    f"not an overall rank 0-{top}",
                    path="policy",
                )
            row.append(overall)
        table.append(row)
    return table


def _check(policy: AssessmentPolicy, scales: AssessmentScales) -> None:
    table = _table(policy, scales)
    unsatisfactory_rank(policy, scales)
    b_scale, o_scale, overall = scales.behaviours, scales.outcomes, scales.overall
    for b, row in enumerate(table):
        for o, result in enumerate(row):
            for rank, scale in ((b, b_scale), (o, o_scale)):
                cap = scales.overall_rank_for(rank)
                if scales.is_concern(rank) and result > cap:
                    raise ValidationError(
                        f"policy {policy.name!r} rates behaviours {b_scale.levels[b].slug} "
                        f"with outcomes {o_scale.levels[o].slug} as {overall.levels[result].slug}"
                        f", above what the {scale.name} concern allows "
                        f"({overall.levels[cap].slug}); excellence in one cannot offset a "
                        "concern in the other",
                        path="policy",
                    )
            if b < o and result > table[o][b]:
                raise ValidationError(
                    f"policy {policy.name!r} treats behaviours more leniently than outcomes: "
                    f"behaviours {b_scale.levels[b].slug} with outcomes "
                    f"{o_scale.levels[o].slug} gives {overall.levels[result].slug}, better "
                    f"than the other way round ({overall.levels[table[o][b]].slug}); "
                    "behaviours are as important as outcomes",
                    path="policy",
                )


@functools.lru_cache(maxsize=256)
def _cached(policy: AssessmentPolicy, scales: AssessmentScales) -> ValidationError | None:
    try:
        _check(policy, scales)
    except ValidationError as error:
        return error
    return None


@checked
def verify_policy(policy: AssessmentPolicy, scales: AssessmentScales) -> None:
    """Refuse a policy that does not treat behaviours at least as strictly as outcomes.

    For every pair of levels, the policy must return an overall rank on the scale; a
    concern in either rating must cap the result at the level that concern corresponds to;
    and rating behaviours lower and outcomes higher must never give a better result than
    the same two levels the other way round. Every pair is checked the first time a policy
    meets a set of scales and the verdict is cached; a failing policy raises
    :class:`~apsperf.ValidationError` (path ``policy``) naming a pair that fails.
    """
    if not isinstance(policy, Hashable):  # an unhashable policy cannot be cached
        _check(policy, scales)
        return
    try:
        error = _cached(policy, scales)
    except TypeError:  # hashable by type, but holding something that is not
        _check(policy, scales)
        return
    if error is not None:
        raise ValidationError(error.message, path=error.path)
