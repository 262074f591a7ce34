"""Rating scales for SES performance assessments: data, because agencies' scales differ.

Reading them (the shipped scales, an agency's own file) is :mod:`apsperf.agreements.io._scales`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError, _shown

__all__ = ["AssessmentScales", "RatingLevel", "RatingScale"]


def _rating_levels(value: Iterable[RatingLevel]) -> tuple[RatingLevel, ...]:
    """Converter: a sequence of :class:`RatingLevel` becomes a tuple."""
    return v.to_tuple(value)


_slug = v.matches(
    r"[a-z0-9]+(?:-[a-z0-9]+)*", "is not a slug (lowercase letters and digits joined by hyphens)"
)


@attrs.frozen(kw_only=True)
class RatingLevel:
    """One level of a rating scale.

    ``slug`` is the stable value stored in records; ``label`` is what people read.
    ``concern`` marks a level that signals a performance concern (for behaviours, a
    behavioural concern that outcomes can never offset).
    """

    slug: str = attrs.field(validator=_slug)
    label: str = attrs.field(validator=v.text)
    concern: bool = attrs.field(validator=v.instance_of(bool))
    description: str | None = attrs.field(default=None, validator=v.optional(v.text))


def _key(text: str) -> str:
    return " ".join(text.strip().replace("-", " ").replace("_", " ").split()).casefold()


def _check_levels(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(RatingLevel)(_inst, attribute, value)
    if len(value) < 2:
        raise ValidationError("a scale needs at least two levels", path=attribute.name)
    seen: dict[str, int] = {}
    for index, level in enumerate(value):
        for key in {_key(level.slug), _key(level.label)}:
            if key in seen and seen[key] != index:
                raise ValidationError(
                    f"{level.label!r} clashes with level {seen[key] + 1}; slugs and labels "
                    "must identify one level each",
                    path=f"{attribute.name}[{index}]",
                )
            seen[key] = index
    if not value[0].concern:
        raise ValidationError("the lowest level must be a concern", path=f"{attribute.name}[0]")
    if value[-1].concern:
        raise ValidationError(
            "the highest level must not be a concern", path=f"{attribute.name}[{len(value) - 1}]"
        )
    for index in range(1, len(value)):
        if value[index].concern and not value[index - 1].concern:
            raise ValidationError(
                "concern levels must all sit below the levels that are not concerns",
                path=f"{attribute.name}[{index}].concern",
            )


@attrs.frozen(kw_only=True)
class RatingScale:
    """An ordered rating scale, lowest level first.

    Structural rules: at least two levels; slugs and labels unique; the concern levels are
    the lowest ones, with at least one concern and at least one level that is not.
    """

    name: str = attrs.field(validator=v.text)
    levels: tuple[RatingLevel, ...] = attrs.field(converter=_rating_levels, validator=_check_levels)

    def __len__(self) -> int:
        return len(self.levels)

    @property
    def concern_count(self) -> int:
        """How many of the lowest levels are concerns."""
        return sum(1 for level in self.levels if level.concern)

    def rank(self, slug: str) -> int:
        """The position of the level with ``slug``, counting from 0 at the lowest."""
        for index, level in enumerate(self.levels):
            if level.slug == slug:
                return index
        raise ValidationError(
            f"{_shown(slug)} is not a level of the {self.name} scale; expected one of "
            f"{', '.join(level.slug for level in self.levels)}",
            path="slug",
        )

    def level(self, value: object, *, field: str = "rating") -> RatingLevel:
        """Read a level from its slug, its label or its number counting from 1 at the lowest.

        Slugs and labels match in any case, with spaces or hyphens (``"Needs improvement"``,
        ``"needs-improvement"``); numbers may be given as ``2`` or ``"2"``.
        """
        if isinstance(value, RatingLevel) and value in self.levels:
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= len(self):
            return self.levels[value - 1]
        if isinstance(value, str):
            key = _key(value)
            number = int(key) if key.isascii() and key.isdigit() and len(key) <= 6 else 0
            if 1 <= number <= len(self):
                return self.levels[number - 1]
            for level in self.levels:
                if key in (_key(level.slug), _key(level.label)):
                    return level
        raise ValidationError(
            f"{_shown(value)} is not a level of the {self.name} scale; expected one of "
            f"{', '.join(level.slug for level in self.levels)} or 1-{len(self)}",
            path=field,
        )


@attrs.frozen(kw_only=True)
class AssessmentScales:
    """The scales an SES assessment uses: behaviours, outcomes and the overall result.

    Behaviours and outcomes are equally important, so their scales are parallel: the same
    number of levels with the same levels marked as concerns (labels may differ). A
    behaviours or outcomes rating of rank *r* corresponds to the overall level
    ``overall_mapping[r]`` (by default the overall level of the same rank, which needs an
    overall scale of the same length). The mapping must not go down, and must send concern
    levels to overall concern levels and the rest to levels that are not concerns.
    ``reward_from`` is the lowest overall level at which a leader with no concern is
    eligible for reward and recognition.
    """

    behaviours: RatingScale = attrs.field(validator=v.instance_of(RatingScale))
    outcomes: RatingScale = attrs.field(validator=v.instance_of(RatingScale))
    overall: RatingScale = attrs.field(validator=v.instance_of(RatingScale))
    reward_from: str = attrs.field(validator=_slug)
    overall_mapping: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.items_of(str)
    )

    def __attrs_post_init__(self) -> None:
        b, o = self.behaviours, self.outcomes
        if len(b) != len(o):
            raise ValidationError(
                f"behaviours and outcomes are equally important, so their scales must have "
                f"the same number of levels ({len(b)} and {len(o)})",
                path="outcomes.levels",
            )
        for index, (x, y) in enumerate(zip(b.levels, o.levels, strict=True)):
            if x.concern != y.concern:
                raise ValidationError(
                    f"level {index + 1} is a concern on one scale but not the other; "
                    "behaviours and outcomes must mark the same levels as concerns",
                    path=f"outcomes.levels[{index}].concern",
                )
        if not self.overall_mapping and len(self.overall) != len(b):
            raise ValidationError(
                f"the overall scale has {len(self.overall)} levels but the ratings have "
                f"{len(b)}; give overall_mapping (one overall level for each rating level)",
                path="overall_mapping",
            )
        if self.overall_mapping and len(self.overall_mapping) != len(b):
            raise ValidationError(
                f"must name one overall level for each of the {len(b)} rating levels",
                path="overall_mapping",
            )
        previous = -1
        for index, rank in enumerate(self._mapped_ranks()):
            where = f"overall_mapping[{index}]" if self.overall_mapping else "overall.levels"
            if rank < previous:
                raise ValidationError("must not go down as the rating goes up", path=where)
            if self.overall.levels[rank].concern != b.levels[index].concern:
                raise ValidationError(
                    "concern levels must map to overall concern levels, and the rest to "
                    "overall levels that are not concerns",
                    path=where,
                )
            previous = rank
        try:
            reward = self.overall.rank(self.reward_from)
        except ValidationError as error:
            raise ValidationError(error.message, path="reward_from") from None
        if self.overall.levels[reward].concern:
            raise ValidationError("a concern level cannot earn reward", path="reward_from")

    def _mapped_ranks(self) -> tuple[int, ...]:
        if not self.overall_mapping:
            return tuple(range(len(self.overall)))
        ranks = []
        for index, slug in enumerate(self.overall_mapping):
            try:
                ranks.append(self.overall.rank(slug))
            except ValidationError as error:
                raise ValidationError(error.message, path=f"overall_mapping[{index}]") from None
        return tuple(ranks)

    @property
    def size(self) -> int:
        """How many levels the behaviours and outcomes scales each have."""
        return len(self.behaviours)

    def _check_rank(self, rank: object) -> int:
        if isinstance(rank, bool) or not isinstance(rank, int) or not 0 <= rank < self.size:
            raise ValidationError(
                f"expected a rank 0-{self.size - 1} (0 is the lowest level), "
                f"got {_shown(rank, 20)}",
                path="rank",
            )
        return rank

    def overall_rank_for(self, rank: int) -> int:
        """The overall rank that corresponds to a behaviours or outcomes rank (0 = lowest)."""
        return self._mapped_ranks()[self._check_rank(rank)]

    @property
    def reward_rank(self) -> int:
        """The rank on the overall scale from which reward and recognition are possible."""
        return self.overall.rank(self.reward_from)

    def is_concern(self, rank: int) -> bool:
        """True when a behaviours or outcomes rating of ``rank`` (0 = lowest) is a concern."""
        return self.behaviours.levels[self._check_rank(rank)].concern
