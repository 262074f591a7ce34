"""Aspiration-first compliance by assessor: which managers hold the conversation after.

The guide has the aspiration conversation "prior to making an assessment of performance
and potential". :func:`aspiration_by_assessor` counts, for each assessor, their people
whose conversation came before the assessment day, on it, after it, or is missing, so a
council sees which managers hold the conversation after the assessment. Assessors are
named to the council, as in the rater effects; the counts are not suppressed (they name
no sensitive column).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat
from operator import neg, truediv
from typing import cast

import attrs

from apsperf import _validators as v
from apsperf._display import one_line
from apsperf.errors import ValidationError
from apsperf.segmentation.analysis._fairness import (
    _TIMING_ORDER,
    AspirationCounts,
    AspirationTiming,
    timing_counts,
)
from apsperf.segmentation.analysis._raters import _assessor_codes, _column, _merged
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._workforce import Workforce

__all__ = ["AssessorAspiration", "aspiration_by_assessor"]


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return v.to_tuple(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return v.texts(value)


@attrs.frozen(kw_only=True)
class AssessorAspiration:
    """Each assessor's aspiration-first counts, as columns: item ``i`` is assessor ``i``'s.

    Assessors with a conversation after the assessment come first (most such people
    first, then the larger share of their people), then the rest, each by name.
    ``before`` counts conversations dated before the assessment day, ``same_day`` on it,
    ``after`` after it; ``missing`` people with no conversation date, ``unknown`` those
    with no assessment date and ``unreadable`` those with a date that is not a date.
    Iterate (or index) for one :class:`AspirationCounts` per assessor (its ``value`` the
    assessor). Kept as columns, as :class:`RaterEffects` is, so that tens of thousands of
    assessors cost a few lists in memory and in JSON.
    """

    assessor: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_column(str))
    people: tuple[int, ...] = attrs.field(default=(), converter=_ints, validator=_column(int))
    before: tuple[int, ...] = attrs.field(default=(), converter=_ints, validator=_column(int))
    same_day: tuple[int, ...] = attrs.field(default=(), converter=_ints, validator=_column(int))
    after: tuple[int, ...] = attrs.field(default=(), converter=_ints, validator=_column(int))
    missing: tuple[int, ...] = attrs.field(default=(), converter=_ints, validator=_column(int))
    unknown: tuple[int, ...] = attrs.field(default=(), converter=_ints, validator=_column(int))
    unreadable: tuple[int, ...] = attrs.field(default=(), converter=_ints, validator=_column(int))

    def __attrs_post_init__(self) -> None:
        n = len(self.assessor)
        for field in attrs.fields(type(self))[1:]:
            column = getattr(self, field.name)
            if len(column) != n:
                raise ValidationError(
                    f"has {len(column):,} items for {n:,} assessors", path=field.name
                )
            if min(column, default=0) < 0:
                raise ValidationError("expected whole numbers, none negative", path=field.name)

    def __len__(self) -> int:
        return len(self.assessor)

    def __iter__(self) -> Iterator[AspirationCounts]:
        return map(self.__getitem__, range(len(self.assessor)))

    def __getitem__(self, index: int) -> AspirationCounts:
        """Assessor ``index``'s counts (its ``value`` is the assessor)."""
        return AspirationCounts(
            value=self.assessor[index],
            people=self.people[index],
            before=self.before[index],
            same_day=self.same_day[index],
            after=self.after[index],
            missing=self.missing[index],
            unknown=self.unknown[index],
            unreadable=self.unreadable[index],
        )

    @property
    def holding_after(self) -> int:
        """How many assessors held at least one conversation after the assessment."""
        return sum(1 for after in self.after if after)

    def find(self, assessor: str) -> AspirationCounts | None:
        """The counts of the assessor named ``assessor`` (``None`` if they have none)."""
        try:
            return self[self.assessor.index(assessor)]
        except ValueError:
            return None

    def __repr__(self) -> str:
        return one_line(
            f"<AssessorAspiration: {len(self):,} assessors, {self.holding_after:,} with a "
            "conversation after the assessment>"
        )


def aspiration_by_assessor(workforce: Workforce, *, by: str | None = None) -> AssessorAspiration:
    """Each assessor's people by when their aspiration conversation happened.

    The assessor is each person's ``assessed_by`` (the file's assessor column), or the
    grouping column ``by`` when named; people with no assessor are left out. Timings are
    those of :func:`aspiration_compliance`: a conversation on the assessment day is
    ``same_day``, neither before nor after. Assessors with a conversation after the
    assessment come first (see :class:`AssessorAspiration`).
    """
    if not isinstance(workforce, Workforce):
        raise ValidationError(
            f"expected Workforce, got {type(workforce).__name__}", path="workforce"
        )
    names, codes = _assessor_codes(workforce, by)
    # Counted as one flat list (code * 6 + timing), read as columns by stride, in C.
    width = len(_TIMING_ORDER)
    names, flat = _merged(names, timing_counts(workforce, codes, len(names)), width)
    columns = [flat[t::width] for t in range(width)]
    people = list(map(sum, zip(*columns, strict=True)))
    after = columns[_TIMING_ORDER.index(AspirationTiming.AFTER)]
    # Most conversations after the assessment first, then the largest share of them; people
    # with no assessor are left out.
    shares = map(truediv, after, map(max, people, repeat(1)))  # 0 people: left out below
    keys = list(zip(map(neg, after), map(neg, shares), names, strict=True))
    order = sorted((i for i, name in enumerate(names) if name and people[i]), key=keys.__getitem__)
    picked = ([column[i] for i in order] for column in columns)
    shown = dict(zip(_TIMING_ORDER, picked, strict=True))
    return AssessorAspiration(
        assessor=[cast(str, names[i]) for i in order],  # none is empty (left out above)
        people=[people[i] for i in order],
        before=shown[AspirationTiming.BEFORE],
        same_day=shown[AspirationTiming.SAME_DAY],
        after=shown[AspirationTiming.AFTER],
        missing=shown[AspirationTiming.MISSING],
        unknown=shown[AspirationTiming.UNKNOWN],
        unreadable=shown[AspirationTiming.UNREADABLE],
    )


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
