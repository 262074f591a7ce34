"""Levels and segments of the APS Talent Segmentation Model."""

from __future__ import annotations

import difflib
import enum
import functools
import math
from typing import Final

from apsperf.errors import ValidationError, _shown
from apsperf.segmentation.model._exports import named_in_package

__all__ = [
    "Direction",
    "Level",
    "Segment",
    "direction_of",
    "grid_layout",
    "levels_for",
    "segment_for",
]


@functools.total_ordering
class Level(enum.Enum):
    """A rating on either axis of the Model: performance or potential, lowest first.

    The sources use "Moderate" and "Medium" interchangeably for the middle level.
    Levels are ordered: ``Level.LOW < Level.MODERATE < Level.HIGH``.
    """

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def label(self) -> str:
        """The level as the guides write it: ``"Low"``, ``"Moderate"`` or ``"High"``."""
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        """1 for low, 2 for moderate, 3 for high."""
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def spellings(cls) -> dict[str, Level]:
        """Every spelling :meth:`parse` accepts (compared without case or surrounding space)."""
        return dict(_SPELLINGS)

    @classmethod
    def parse(cls, value: object, *, field: str = "level") -> Level:
        """Read a level from what people type in spreadsheets.

        Accepts a :class:`Level`; the words low/moderate/medium/high and their usual
        abbreviations in any case (see :meth:`spellings`); and the numbers 1, 2 and 3 (also
        written ``"2"`` or ``2.0``). Anything else raises :class:`~apsperf.ValidationError`
        naming ``field`` and listing what is accepted.
        """
        if isinstance(value, Level):
            return value
        if isinstance(value, str):
            found = _SPELLINGS.get(value.strip().casefold())
            if found is not None:
                return found
        elif isinstance(value, int) and not isinstance(value, bool):
            found = _BY_RANK.get(value)
            if found is not None:
                return found
        elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
            found = _BY_RANK.get(int(value))
            if found is not None:
                return found
        raise ValidationError(f"{_shown(value)} is not a level; {ACCEPTED_HINT}", path=field)


_RANK: Final = {Level.LOW: 1, Level.MODERATE: 2, Level.HIGH: 3}
_BY_RANK: Final = {rank: level for level, rank in _RANK.items()}
_SPELLINGS: Final[dict[str, Level]] = {
    **dict.fromkeys(("low", "lo", "l", "1", "1.0"), Level.LOW),
    **dict.fromkeys(("moderate", "mod", "medium", "med", "mid", "m", "2", "2.0"), Level.MODERATE),
    **dict.fromkeys(("high", "hi", "h", "3", "3.0"), Level.HIGH),
}
ACCEPTED_HINT: Final = (
    "expected one of low/moderate/high (also medium, abbreviations such as med, or 1-3)"
)


class Segment(enum.Enum):
    """The nine segments of the APS Talent Segmentation Model (formerly the Nine-Box Grid).

    Each member knows its name as the guide writes it (:attr:`label`) and the performance
    and potential levels that place someone in it. Values are stable lowercase slugs.
    """

    TOP_TALENT = "top-talent"
    HIGH_ACHIEVER = "high-achiever"
    PROVEN_PERFORMER = "proven-performer"
    EMERGING_POTENTIAL = "emerging-potential"
    WELL_PLACED = "well-placed"
    SOLID_CONTRIBUTOR = "solid-contributor"
    UNREALISED_POTENTIAL = "unrealised-potential"
    UNCERTAIN = "uncertain"
    STRONGEST_CONCERN = "strongest-concern"

    @property
    def label(self) -> str:
        """The segment's name in the guide, for example ``"Top Talent"``."""
        return _LABELS[self]

    @property
    def performance(self) -> Level:
        """The performance level of everyone in this segment."""
        return _LEVELS[self][0]

    @property
    def potential(self) -> Level:
        """The potential level of everyone in this segment."""
        return _LEVELS[self][1]

    @property
    def description(self) -> str:
        """The levels as the guide's heading writes them: ``"High Performance, High Potential"``."""
        return f"{self.performance.label} Performance, {self.potential.label} Potential"

    @classmethod
    def parse(cls, value: object, *, field: str = "segment") -> Segment:
        """Read a segment from its slug (``"top-talent"``), label or enum name, in any case."""
        if isinstance(value, Segment):
            return value
        if isinstance(value, str):
            key = " ".join(value.strip().replace("-", " ").replace("_", " ").split()).casefold()
            found = _SEGMENT_NAMES.get(key)
            if found is not None:
                return found
        raise _not_a_segment(value, field)

    @classmethod
    def from_slug(cls, value: object, *, field: str = "segment") -> Segment:
        """Read a segment from its exact slug (``"top-talent"``), as documents write it."""
        if isinstance(value, str):
            found = _BY_SLUG.get(value)
            if found is not None:
                return found
        raise _not_a_segment(value, field)


def _not_a_segment(value: object, field: str) -> ValidationError:
    """The one message for an unknown segment: what was given, the closest slug, every slug."""
    slugs = [s.value for s in Segment]
    hint = ""
    if isinstance(value, str):
        close = difflib.get_close_matches(value.strip().casefold(), slugs, 1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
    return ValidationError(
        f"{_shown(value, 60)} is not a segment{hint}; expected one of {', '.join(slugs)}",
        path=field,
    )


_LABELS: Final = {
    Segment.TOP_TALENT: "Top Talent",
    Segment.HIGH_ACHIEVER: "High Achiever",
    Segment.PROVEN_PERFORMER: "Proven Performer",
    Segment.EMERGING_POTENTIAL: "Emerging Potential",
    Segment.WELL_PLACED: "Well Placed",
    Segment.SOLID_CONTRIBUTOR: "Solid Contributor",
    Segment.UNREALISED_POTENTIAL: "Unrealised Potential",
    Segment.UNCERTAIN: "Uncertain",
    Segment.STRONGEST_CONCERN: "Strongest Concern",
}
# (performance, potential) for each segment, as the guide's headings give them.
_LEVELS: Final = {
    Segment.TOP_TALENT: (Level.HIGH, Level.HIGH),
    Segment.HIGH_ACHIEVER: (Level.HIGH, Level.MODERATE),
    Segment.PROVEN_PERFORMER: (Level.HIGH, Level.LOW),
    Segment.EMERGING_POTENTIAL: (Level.MODERATE, Level.HIGH),
    Segment.WELL_PLACED: (Level.MODERATE, Level.MODERATE),
    Segment.SOLID_CONTRIBUTOR: (Level.MODERATE, Level.LOW),
    Segment.UNREALISED_POTENTIAL: (Level.LOW, Level.HIGH),
    Segment.UNCERTAIN: (Level.LOW, Level.MODERATE),
    Segment.STRONGEST_CONCERN: (Level.LOW, Level.LOW),
}
_BY_LEVELS: Final = {levels: segment for segment, levels in _LEVELS.items()}
_BY_SLUG: Final = {segment.value: segment for segment in Segment}
_SEGMENT_NAMES: Final = {
    key: segment
    for segment in Segment
    for key in (segment.value.replace("-", " "), segment.label.casefold())
}


def segment_for(performance: Level, potential: Level) -> Segment:
    """The segment for a performance level and a potential level.

    Both arguments must already be :class:`Level` values; use :meth:`Level.parse` to read
    text or numbers.
    """
    if not isinstance(performance, Level):
        raise ValidationError(
            f"expected Level, got {type(performance).__name__}; use Level.parse",
            path="performance",
        )
    if not isinstance(potential, Level):
        raise ValidationError(
            f"expected Level, got {type(potential).__name__}; use Level.parse", path="potential"
        )
    return _BY_LEVELS[(performance, potential)]


def levels_for(segment: Segment) -> tuple[Level, Level]:
    """The inverse of :func:`segment_for`: ``(performance, potential)`` for a segment."""
    if not isinstance(segment, Segment):
        raise ValidationError(f"expected Segment, got {type(segment).__name__}", path="segment")
    return _LEVELS[segment]


def grid_layout() -> tuple[tuple[Segment, ...], ...]:
    """The nine-box grid as it is drawn, top row first.

    Rows run by potential from high to low, columns by performance from low to high, so
    ``grid_layout()[0][2]`` is Top Talent (top right).
    """
    rows_top_down = (Level.HIGH, Level.MODERATE, Level.LOW)
    columns_left_right = (Level.LOW, Level.MODERATE, Level.HIGH)
    return tuple(
        tuple(_BY_LEVELS[(performance, potential)] for performance in columns_left_right)
        for potential in rows_top_down
    )


class Direction(enum.Enum):
    """Which way someone moved on the grid between two cycles."""

    UP = "up"
    """Performance and potential both at least as high, one of them higher."""
    DOWN = "down"
    """Performance and potential both at most as high, one of them lower."""
    ACROSS = "across"
    """One level rose and the other fell."""
    STAYED = "stayed"
    """The same segment in both cycles."""


def direction_of(previous: Segment, current: Segment) -> Direction:
    """Which way a move from ``previous`` to ``current`` goes."""
    perf = current.performance.rank - previous.performance.rank
    pot = current.potential.rank - previous.potential.rank
    if perf == pot == 0:
        return Direction.STAYED
    if perf >= 0 and pot >= 0:
        return Direction.UP
    if perf <= 0 and pot <= 0:
        return Direction.DOWN
    return Direction.ACROSS


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)
