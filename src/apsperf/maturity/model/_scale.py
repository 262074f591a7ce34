"""Maturity scales: ordered levels, each describing every element."""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError, _shown
from apsperf.maturity.model._elements import Element
from apsperf.provenance import Edition

__all__ = ["MAX_LEVELS", "MaturityLevel", "MaturityScale"]


def _maturity_levels(value: Iterable[MaturityLevel]) -> tuple[MaturityLevel, ...]:
    """Converter: a sequence of :class:`MaturityLevel` becomes a tuple."""
    return v.to_tuple(value)


MAX_LEVELS = 1_000
"""The most levels a maturity scale has, and so the highest level :func:`aggregate` takes."""


def _freeze_descriptions(value: Mapping[Element, str]) -> Mapping[Element, str]:
    if isinstance(value, Mapping):
        return types.MappingProxyType(dict(value))
    return value  # not a mapping: the validator names it


def _check_descriptions(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"expected a mapping of elements to text, got {type(value).__name__}",
            path=attribute.name,
        )
    problems: list[tuple[str, str]] = []
    for key, text in value.items():
        if not isinstance(key, Element):
            problems.append((attribute.name, f"{_shown(key)} is not an Element"))
        elif not isinstance(text, str) or not text.strip():
            problems.append((f"{attribute.name}.{key.value}", "must be non-empty text"))
    for element in Element:
        if element not in value:
            problems.append(
                (f"{attribute.name}.{element.value}", f"no description for {element.label!r}")
            )
    if problems:
        raise ValidationError.from_errors(problems)


_positive = v.at_least(1)


@attrs.frozen(kw_only=True)
class MaturityLevel:
    """One level of a maturity scale and what each element looks like at that level.

    ``rank`` is the level's number, 1 for the least mature; ``name`` is its short name
    ("Defined"); ``summary`` says in a sentence what the level means across all elements;
    ``descriptions`` says, for every :class:`Element`, what practice at this level looks like.
    """

    rank: int = attrs.field(validator=_positive)
    name: str = attrs.field(validator=v.text)
    summary: str | None = attrs.field(default=None, validator=v.optional(v.text))
    descriptions: Mapping[Element, str] = attrs.field(
        converter=_freeze_descriptions, validator=_check_descriptions, hash=False
    )

    @property
    def title(self) -> str:
        """The level's number and name, as reports show it: ``"3 Defined"``."""
        return f"{self.rank} {self.name}"


def _check_levels(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(MaturityLevel)(_inst, attribute, value)
    if len(value) < 2:
        raise ValidationError("a scale needs at least two levels", path=attribute.name)
    if len(value) > MAX_LEVELS:
        raise ValidationError(f"a scale has at most {MAX_LEVELS:,} levels", path=attribute.name)
    problems: list[tuple[str, str]] = []
    names: set[str] = set()
    for index, level in enumerate(value):
        if level.rank != index + 1:
            problems.append(
                (
                    f"{attribute.name}[{index}].rank",
                    f"expected {index + 1}: ranks run 1, 2, 3 ... lowest first, got {level.rank}",
                )
            )
        if level.name.casefold() in names:
            problems.append((f"{attribute.name}[{index}].name", f"duplicate name {level.name!r}"))
        names.add(level.name.casefold())
    if problems:
        raise ValidationError.from_errors(problems)


@attrs.frozen(kw_only=True)
class MaturityScale:
    """An ordered maturity scale: the levels an agency places each element on, lowest first.

    ``basis`` says what the levels are modelled on and ``wording`` whose words the
    descriptions are; ``edition``, when given, records where the scale comes from (source
    document, publisher, licence and any corrections made to a published text), as every
    content file does. Construction fails unless the levels are ranked 1..n in order and
    every level describes every element.
    """

    name: str = attrs.field(validator=v.text)
    levels: tuple[MaturityLevel, ...] = attrs.field(
        converter=_maturity_levels, validator=_check_levels
    )
    description: str | None = attrs.field(default=None, validator=v.optional(v.text))
    basis: str | None = attrs.field(default=None, validator=v.optional(v.text))
    wording: str | None = attrs.field(default=None, validator=v.optional(v.text))
    edition: Edition | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Edition))
    )

    @property
    def top(self) -> int:
        """The rank of the most mature level (5 on the default scale)."""
        return len(self.levels)

    def level(self, rank: int, *, field: str = "level") -> MaturityLevel:
        """The level with this rank; a rank off the scale raises ValidationError at ``field``."""
        self.check_rank(rank, field=field)
        return self.levels[rank - 1]

    def check_rank(self, rank: object, *, field: str = "level") -> int:
        """``rank`` itself if it is a level on this scale, else ValidationError at ``field``."""
        if isinstance(rank, bool) or not isinstance(rank, int):
            raise ValidationError(f"expected a whole number, got {type(rank).__name__}", path=field)
        if not 1 <= rank <= self.top:
            raise ValidationError(
                f"{_shown(rank)} is not a level on {self.name!r}; expected 1 to {self.top}",
                path=field,
            )
        return rank

    def describe(self, element: Element, rank: int) -> str:
        """What practice in ``element`` looks like at level ``rank``."""
        return self.level(rank).descriptions[Element.parse(element)]

    def parse_level(self, value: object, *, field: str = "level") -> int:
        """Read a level from its rank (``3`` or ``"3"``) or its name (``"defined"``, any case)."""
        if isinstance(value, str):
            key = " ".join(value.split()).casefold()
            for level in self.levels:
                if key in (str(level.rank), level.name.casefold(), level.title.casefold()):
                    return level.rank
            names = ", ".join(level.title for level in self.levels)
            raise ValidationError(
                f"{_shown(value)} is not a level; expected one of {names}", path=field
            )
        return self.check_rank(value, field=field)
