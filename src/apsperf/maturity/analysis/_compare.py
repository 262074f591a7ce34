"""Year on year: two roll-ups compared, agency by agency and element by element."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence

import attrs

from apsperf._display import display_html, one_line, quoted
from apsperf.errors import ValidationError
from apsperf.maturity.analysis._rollup import AgencySummary, Rollup, agency_key
from apsperf.maturity.model._elements import Element

__all__ = [
    "AgencyChange",
    "ElementChange",
    "ElementMovement",
    "LevelMovement",
    "RollupComparison",
    "compare_rollups",
]


class LevelMovement(enum.Enum):
    """How one agency's level on one element changed from the earlier roll-up to the later."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEWLY_RATED = "newly-rated"
    NO_LONGER_RATED = "no-longer-rated"
    NOT_RATED = "not-rated"

    @classmethod
    def between(cls, old: int | None, new: int | None) -> LevelMovement:
        """The movement from level ``old`` to level ``new`` (``None``: not rated)."""
        if old is None:
            return cls.NOT_RATED if new is None else cls.NEWLY_RATED
        if new is None:
            return cls.NO_LONGER_RATED
        return cls.UP if new > old else cls.DOWN if new < old else cls.SAME

    @property
    def label(self) -> str:
        """The movement in words: ``"newly rated"``."""
        return self.value.replace("-", " ")


@attrs.frozen(kw_only=True)
class ElementChange:
    """One agency's level on one element in each year (``None``: not rated that year)."""

    element: Element
    old_level: int | None
    new_level: int | None
    movement: LevelMovement

    def __attrs_post_init__(self) -> None:
        if self.movement is not LevelMovement.between(self.old_level, self.new_level):
            raise ValidationError(
                f"does not match the levels {self.old_level} and {self.new_level}",
                path="movement",
            )


@attrs.frozen(kw_only=True)
class AgencyChange:
    """An agency found in both roll-ups, with every element's level in each year.

    ``agency`` is its name in the later roll-up and ``old_agency`` in the earlier one (the
    two match after normalisation, see :func:`~apsperf.maturity.agency_key`, but may be
    written differently); ``elements`` has one :class:`ElementChange` per element, in the
    Framework's order.
    """

    agency: str
    old_agency: str
    old_assessed_on: dt.date
    new_assessed_on: dt.date
    old_overall: float | None
    new_overall: float | None
    elements: tuple[ElementChange, ...]

    @property
    def moved_up(self) -> tuple[Element, ...]:
        """The elements rated higher than the year before."""
        return tuple(c.element for c in self.elements if c.movement is LevelMovement.UP)

    @property
    def moved_down(self) -> tuple[Element, ...]:
        """The elements rated lower than the year before."""
        return tuple(c.element for c in self.elements if c.movement is LevelMovement.DOWN)


@attrs.frozen(kw_only=True)
class ElementMovement:
    """For one element, how many agencies in both roll-ups moved up, down or stayed.

    Agencies that rated the element in only one of the years, or in neither, are counted in
    none of the three.
    """

    element: Element
    up: int
    down: int
    same: int


@attrs.frozen(kw_only=True)
class RollupComparison:
    """Two roll-ups compared, the earlier (``old``) against the later (``new``).

    ``old_label`` and ``new_label`` name the two (the years of their self-assessments by
    default); ``agencies`` holds every agency in both, sorted by name; ``elements`` counts
    the movement on each element; ``only_in_old`` and ``only_in_new`` name the agencies in
    one roll-up only. ``notices`` are what the two roll-ups' reports say about their data,
    a note that only one of them carries naming it.
    """

    scale_name: str
    level_names: tuple[str, ...]
    old_label: str
    new_label: str
    old_agency_count: int
    new_agency_count: int
    agencies: tuple[AgencyChange, ...]
    elements: tuple[ElementMovement, ...]
    only_in_old: tuple[str, ...]
    only_in_new: tuple[str, ...]
    notices: tuple[str, ...] = ()

    @property
    def moved_up(self) -> tuple[AgencyChange, ...]:
        """The agencies with any element rated higher than the year before."""
        return tuple(a for a in self.agencies if a.moved_up)

    @property
    def moved_down(self) -> tuple[AgencyChange, ...]:
        """The agencies with any element rated lower than the year before."""
        return tuple(a for a in self.agencies if a.moved_down)

    def __repr__(self) -> str:
        return _comparison_repr(self)

    def _repr_html_(self) -> str:
        return display_html(self)


def _by_key(result: Rollup, field: str) -> dict[str, AgencySummary]:
    found: dict[str, AgencySummary] = {}
    for index, summary in enumerate(result.agencies):
        key = agency_key(summary.agency)
        if key in found:
            raise ValidationError(
                f"{summary.agency!r} is the same agency as {found[key].agency!r} once names "
                "are normalised; a roll-up lists each agency once",
                path=f"{field}.agencies[{index}]",
            )
        found[key] = summary
    return found


def _label(dates: Iterable[dt.date], fallback: str) -> str:
    years = sorted({d.year for d in dates})
    if not years:
        return fallback
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _notices(old: Rollup, new: Rollup, old_label: str, new_label: str) -> tuple[str, ...]:
    """Both roll-ups' notices: a note only one of them carries starts with its label."""
    notes = [note if note in new.notices else f"{old_label}: {note}" for note in old.notices]
    notes += [f"{new_label}: {note}" for note in new.notices if note not in old.notices]
    return tuple(notes)


def _rollup(value: object, field: str) -> Rollup:
    if not isinstance(value, Rollup):
        raise ValidationError(f"expected Rollup, got {type(value).__name__}", path=field)
    return value


def compare_rollups(
    old: Rollup,
    new: Rollup,
    *,
    old_label: str | None = None,
    new_label: str | None = None,
) -> RollupComparison:
    """Compare an earlier roll-up (``old``) with a later one (``new``), agency by agency.

    Agencies are matched by name after normalisation (:func:`~apsperf.maturity.agency_key`:
    Unicode NFC, invisible format characters and surrounding white space removed, case
    folded), so "Office of Examples" typed with a zero-width space or a different case is
    the same agency. Both roll-ups must use the same levels; otherwise, and for an agency
    listed twice, ValidationError. The labels default to the years of each roll-up's
    self-assessments ("2024", or "2024–2025" when they span years).
    """
    old, new = _rollup(old, "old"), _rollup(new, "new")
    if old.level_names != new.level_names:
        raise ValidationError(
            f"the roll-ups use different scales ({old.scale_name!r} with levels "
            f"{', '.join(old.level_names)}; {new.scale_name!r} with levels "
            f"{', '.join(new.level_names)})",
            path="new.level_names",
        )
    before, after = _by_key(old, "old"), _by_key(new, "new")
    labels = (
        old_label or _label((a.assessed_on for a in old.agencies), "earlier"),
        new_label or _label((a.assessed_on for a in new.agencies), "later"),
    )
    if labels[0] == labels[1]:
        labels = (f"{labels[0]} (earlier)", f"{labels[1]} (later)")
    changes: list[AgencyChange] = []
    for key, later in after.items():
        earlier = before.get(key)
        if earlier is None:
            continue
        changes.append(
            AgencyChange(
                agency=later.agency,
                old_agency=earlier.agency,
                old_assessed_on=earlier.assessed_on,
                new_assessed_on=later.assessed_on,
                old_overall=earlier.overall,
                new_overall=later.overall,
                elements=tuple(
                    ElementChange(
                        element=e, old_level=o, new_level=n, movement=LevelMovement.between(o, n)
                    )
                    for e, o, n in zip(Element, earlier.levels, later.levels, strict=True)
                ),
            )
        )
    return RollupComparison(
        scale_name=new.scale_name,
        level_names=new.level_names,
        old_label=labels[0],
        new_label=labels[1],
        old_agency_count=old.agency_count,
        new_agency_count=new.agency_count,
        agencies=tuple(sorted(changes, key=lambda c: agency_key(c.agency))),
        elements=_movements(changes),
        only_in_old=tuple(s.agency for k, s in before.items() if k not in after),
        only_in_new=tuple(s.agency for k, s in after.items() if k not in before),
        notices=_notices(old, new, *labels),
    )


def _movements(changes: Sequence[AgencyChange]) -> tuple[ElementMovement, ...]:
    def count(element: Element, movement: LevelMovement) -> int:
        return sum(
            1
            for a in changes
            for c in a.elements
            if c.element is element and c.movement is movement
        )

    return tuple(
        ElementMovement(
            element=e,
            up=count(e, LevelMovement.UP),
            down=count(e, LevelMovement.DOWN),
            same=count(e, LevelMovement.SAME),
        )
        for e in Element
    )


def _comparison_repr(comparison: RollupComparison) -> str:
    """A one-line ``repr()`` of a comparison of two roll-ups."""
    c = comparison
    return one_line(
        f"<RollupComparison {quoted(c.old_label)} with {quoted(c.new_label)}: "
        f"{len(c.agencies):,} agencies in both, {len(c.moved_up):,} moved up, "
        f"{len(c.moved_down):,} moved down>"
    )
