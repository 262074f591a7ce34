"""Maturity scales: ordered levels, each describing every element, loaded from TOML."""

from __future__ import annotations

import functools
import types
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.maturity._elements import Element

__all__ = ["MaturityLevel", "MaturityScale", "default_scale", "load_scale", "scale_from_toml"]


def _maturity_levels(value: Iterable[MaturityLevel]) -> tuple[MaturityLevel, ...]:
    """Converter: a sequence of :class:`MaturityLevel` becomes a tuple."""
    return v.to_tuple(value)


DEFAULT_SCALE_FILE = "default_scale.toml"


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
            problems.append((attribute.name, f"{key!r:.40} is not an Element"))
        elif not isinstance(text, str) or not text.strip():
            problems.append((f"{attribute.name}.{key.value}", "must be non-empty text"))
    for element in Element:
        if element not in value:
            problems.append(
                (f"{attribute.name}.{element.value}", f"no description for {element.label!r}")
            )
    if problems:
        raise ValidationError.from_errors(problems)


def _positive(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.instance_of(int)(_inst, attribute, value)
    if value < 1:
        raise ValidationError("must be 1 or more", path=attribute.name)


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

    The metadata says where the scale comes from: ``basis`` (what the levels are modelled
    on), ``wording`` (whose words the descriptions are), ``publisher`` and ``licence``, and
    ``fixes`` lists any corrections made to a published text. Construction fails unless the
    levels are ranked 1..n in order and every level describes every element.
    """

    name: str = attrs.field(validator=v.text)
    levels: tuple[MaturityLevel, ...] = attrs.field(
        converter=_maturity_levels, validator=_check_levels
    )
    description: str | None = attrs.field(default=None, validator=v.optional(v.text))
    basis: str | None = attrs.field(default=None, validator=v.optional(v.text))
    wording: str | None = attrs.field(default=None, validator=v.optional(v.text))
    publisher: str | None = attrs.field(default=None, validator=v.optional(v.text))
    licence: str | None = attrs.field(default=None, validator=v.optional(v.text))
    fixes: tuple[str, ...] = attrs.field(default=(), converter=v.texts, validator=v.text_tuple)

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
                f"{rank} is not a level on {self.name!r}; expected 1 to {self.top}", path=field
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
                f"{value!r:.40} is not a level; expected one of {names}", path=field
            )
        return self.check_rank(value, field=field)


def _text_field(
    data: Mapping[str, Any], key: str, problems: list[tuple[str, str]], path: str, *, required: bool
) -> Any:
    if key not in data:
        if required:
            problems.append((f"{path}{key}", "required field missing"))
        return None
    value = data[key]
    if not isinstance(value, str):
        problems.append((f"{path}{key}", f"expected text, got {type(value).__name__}"))
        return None
    return value.strip()


_LEVEL_KEYS = frozenset({"rank", "name", "summary", "descriptions"})
_SCALE_KEYS = frozenset(
    {"name", "levels", "description", "basis", "wording", "publisher", "licence", "fixes"}
)


def _level_from_data(data: Any, index: int) -> MaturityLevel | list[tuple[str, str]]:
    built = _build_level(data, index)
    if isinstance(built, MaturityLevel):
        return built
    name = data.get("name") if isinstance(data, Mapping) else None
    which = f"level {index + 1}" + (f" ({name})" if isinstance(name, str) else "")
    return [(path, f"{which}: {message}") for path, message in built]


def _build_level(data: Any, index: int) -> MaturityLevel | list[tuple[str, str]]:
    path = f"levels[{index}]"
    if not isinstance(data, Mapping):
        return [(path, f"expected a table, got {type(data).__name__}")]
    problems: list[tuple[str, str]] = [
        (f"{path}.{key}", "unknown field") for key in sorted(set(data) - _LEVEL_KEYS)
    ]
    name = _text_field(data, "name", problems, f"{path}.", required=True)
    summary = _text_field(data, "summary", problems, f"{path}.", required=False)
    rank = data.get("rank", index + 1)
    raw = data.get("descriptions")
    descriptions: dict[Element, str] = {}
    if not isinstance(raw, Mapping):
        problems.append((f"{path}.descriptions", "required table of element descriptions"))
    else:
        for key, text in raw.items():
            try:
                element = Element.parse(key, field=f"{path}.descriptions.{key}")
            except ValidationError as error:
                problems.extend(error.errors)
                continue
            if not isinstance(text, str):
                problems.append(
                    (f"{path}.descriptions.{key}", f"expected text, got {type(text).__name__}")
                )
                continue
            descriptions[element] = text.strip()
    if problems:
        problems.extend(
            (f"{path}.descriptions.{e.value}", f"no description for {e.label!r}")
            for e in Element
            if isinstance(raw, Mapping) and e not in descriptions
        )
        return problems
    try:
        return MaturityLevel(
            rank=rank, name=name, summary=summary or None, descriptions=descriptions
        )
    except ValidationError as error:
        return list(error.within(path).errors)


def scale_from_toml(text: str, *, source: str = "<scale>") -> MaturityScale:
    """Read a maturity scale from TOML text; ``source`` names the file in error messages.

    The text has top-level ``name`` (and optional ``description``, ``basis``, ``wording``,
    ``publisher``, ``licence`` and ``fixes``) and one ``[[levels]]`` table per level, lowest
    first, each with ``rank``, ``name``, optional ``summary`` and a ``[levels.descriptions]``
    table keyed by element slug. Every problem found is reported at once, each path starting
    with ``source``: ``my-scale.toml:levels[2].descriptions.development``.
    """
    import tomllib

    def fail(problems: list[tuple[str, str]]) -> ValidationError:
        located = [(f"{source}:{path}", message) for path, message in problems]
        return ValidationError.from_errors(located, summary=f"invalid maturity scale {source}")

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise fail([("", f"not valid TOML: {error}")]) from None
    problems: list[tuple[str, str]] = [
        (key, "unknown field") for key in sorted(set(data) - _SCALE_KEYS)
    ]
    metadata = {
        key: _text_field(data, key, problems, "", required=key == "name")
        for key in ("name", "description", "basis", "wording", "publisher", "licence")
    }
    fixes = data.get("fixes", [])
    if not isinstance(fixes, list) or not all(isinstance(f, str) for f in fixes):
        problems.append(("fixes", "expected a list of text"))
        fixes = []
    raw_levels = data.get("levels")
    levels: list[MaturityLevel] = []
    if not isinstance(raw_levels, list):
        problems.append(("levels", "required: one [[levels]] table per level, lowest first"))
    else:
        for index, raw in enumerate(raw_levels):
            built = _level_from_data(raw, index)
            if isinstance(built, MaturityLevel):
                levels.append(built)
            else:
                problems.extend(built)
    if problems:
        raise fail(problems)
    try:
        return MaturityScale(
            name=metadata["name"],
            levels=tuple(levels),
            fixes=tuple(f.strip() for f in fixes),
            description=metadata["description"] or None,
            basis=metadata["basis"] or None,
            wording=metadata["wording"] or None,
            publisher=metadata["publisher"] or None,
            licence=metadata["licence"] or None,
        )
    except ValidationError as error:
        raise fail(list(error.errors)) from None


def load_scale(path: str | Path) -> MaturityScale:
    """Read an agency's own maturity scale from a TOML file (see :func:`scale_from_toml`)."""
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except FileNotFoundError:
        raise ValidationError("no such file", path=str(file)) from None
    except UnicodeDecodeError:
        raise ValidationError("not valid UTF-8 text", path=str(file)) from None
    except OSError as error:
        raise ValidationError(f"cannot read: {error.strerror}", path=str(file)) from None
    return scale_from_toml(text, source=str(file))


@functools.cache
def default_scale() -> MaturityScale:
    """The maturity scale apsperf ships: five levels from Awareness to Leader.

    The level names follow the five-level maturity model of the APS State of the Service
    agency survey (awareness, general acceptance, defined, managed, leader/excellence).
    The descriptions of each element at each level are apsperf's own wording, not the
    Framework's published model. Loaded from a packaged TOML file on first use.
    """
    text = resources.files("apsperf.maturity").joinpath(DEFAULT_SCALE_FILE).read_text("utf-8")
    return scale_from_toml(text, source=DEFAULT_SCALE_FILE)
