"""Tailoring: an agency's overlay on the default guides, and applying it.

An overlay file is TOML::

    [overlay]
    name = "Department of Examples, 2025-26 cycle"

    [segments.top-talent]
    add_questions = ["Which stretch assignment would you choose next?"]
    replace_feedback = ["..."]

    [segments.top-talent.add_development]
    formal = ["Our agency's emerging leaders program."]

    [themes.motivation]
    add_starters = ["What would make next year your best yet?"]

For each list of a segment's guide there is ``replace_<list>`` (use these items instead)
and ``add_<list>`` (append these items, after any replacement), for the lists
``descriptors``, ``feedback``, ``questions`` and ``to_note``. ``add_development`` appends
development options to the 70:20:10 groups ``on-the-job``, ``from-others`` and ``formal``
(a group the segment lacks is created with the plain heading) or, under ``general``, to the
ungrouped options. ``themes.<key>.add_starters`` appends conversation starters to a theme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf._content import PathLike, content_converter, file_error, read_toml
from apsperf._redaction import redacting
from apsperf.errors import ValidationError, _shown
from apsperf.guides.io._content import default_guidebook
from apsperf.guides.model._models import (
    CareerGuide,
    DevelopmentFocus,
    DevelopmentGroup,
    DevelopmentOption,
    Edition,
    Guidebook,
    LearningMode,
    slug,
)
from apsperf.segmentation import Segment
from apsperf.serialization import structure

__all__ = [
    "DevelopmentAdditions",
    "Overlay",
    "SegmentOverlay",
    "ThemeOverlay",
    "load_overlay",
    "load_tailored",
    "tailor",
]


def _segment_overlays(value: Iterable[SegmentOverlay]) -> tuple[SegmentOverlay, ...]:
    """Converter: a sequence of :class:`SegmentOverlay` becomes a tuple."""
    return v.to_tuple(value)


def _theme_overlays(value: Iterable[ThemeOverlay]) -> tuple[ThemeOverlay, ...]:
    """Converter: a sequence of :class:`ThemeOverlay` becomes a tuple."""
    return v.to_tuple(value)


def _texts() -> Any:
    return attrs.field(factory=tuple, converter=v.to_tuple, validator=v.text_tuple)


def _optional_texts() -> Any:
    return attrs.field(
        default=None,
        converter=lambda x: None if x is None else v.to_tuple(x),
        validator=v.optional(v.text_tuple),
    )


@attrs.frozen(kw_only=True)
class DevelopmentAdditions:
    """Development options to append to a segment's guide, by 70:20:10 group.

    ``general`` options go to the ungrouped list.
    """

    on_the_job: tuple[str, ...] = _texts()
    from_others: tuple[str, ...] = _texts()
    formal: tuple[str, ...] = _texts()
    general: tuple[str, ...] = _texts()

    def by_mode(self) -> tuple[tuple[LearningMode, tuple[str, ...]], ...]:
        """The grouped additions, one pair per way of learning, in 70:20:10 order."""
        return (
            (LearningMode.ON_THE_JOB, self.on_the_job),
            (LearningMode.FROM_OTHERS, self.from_others),
            (LearningMode.FORMAL, self.formal),
        )


@attrs.frozen(kw_only=True)
class SegmentOverlay:
    """Changes to one segment's guide. ``replace_*`` lists replace, ``add_*`` lists append."""

    segment: Segment = attrs.field(validator=v.instance_of(Segment))
    replace_descriptors: tuple[str, ...] | None = _optional_texts()
    add_descriptors: tuple[str, ...] = _texts()
    replace_feedback: tuple[str, ...] | None = _optional_texts()
    add_feedback: tuple[str, ...] = _texts()
    replace_questions: tuple[str, ...] | None = _optional_texts()
    add_questions: tuple[str, ...] = _texts()
    replace_to_note: tuple[str, ...] | None = _optional_texts()
    add_to_note: tuple[str, ...] = _texts()
    add_development: DevelopmentAdditions = attrs.field(
        factory=DevelopmentAdditions, validator=v.instance_of(DevelopmentAdditions)
    )


@attrs.frozen(kw_only=True)
class ThemeOverlay:
    """Conversation starters to append to one theme of the aspiration guide."""

    theme: str = attrs.field(validator=slug)
    add_starters: tuple[str, ...] = _texts()


def _unique_entries(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.items_of(SegmentOverlay if attribute.name == "segments" else ThemeOverlay)(
        _inst, attribute, value
    )
    seen: set[object] = set()
    for index, entry in enumerate(value):
        key = entry.segment if isinstance(entry, SegmentOverlay) else entry.theme
        if key in seen:
            raise ValidationError(
                "a second entry for the same key", path=f"{attribute.name}[{index}]"
            )
        seen.add(key)


@attrs.frozen(kw_only=True)
class Overlay:
    """An agency's tailoring of the default guides.

    ``name`` is recorded in the ``tailored_by`` of each edition the overlay changes.
    """

    name: str = attrs.field(validator=v.text)
    description: str | None = attrs.field(default=None, validator=v.optional(v.text))
    segments: tuple[SegmentOverlay, ...] = attrs.field(
        factory=tuple, converter=_segment_overlays, validator=_unique_entries
    )
    themes: tuple[ThemeOverlay, ...] = attrs.field(
        factory=tuple, converter=_theme_overlays, validator=_unique_entries
    )


# --- reading an overlay file --------------------------------------------------------------

_LISTS: Final = ("descriptors", "feedback", "questions", "to_note")
_DEVELOPMENT_KEYS: Final = {
    "on-the-job": "on_the_job",
    "from-others": "from_others",
    "formal": "formal",
    "general": "general",
}


def _table(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(f"expected a table, got {type(value).__name__}", path=path)
    return value


def _known(table: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
    for key in table:
        if key not in allowed:
            raise ValidationError(
                f"unknown field {key!r}; expected one of {', '.join(allowed)}",
                path=f"{path}.{key}" if path else key,
            )


def _entry_table(value: Any, path: str, own_key: str) -> dict[str, Any]:
    table = _table(value, path)
    if own_key in table:  # the entry's key is the table's name, never a field
        raise ValidationError("unknown field", path=f"{path}.{own_key}")
    return table


def _segment_entry(key: str, value: Any) -> dict[str, Any]:
    path = f"segments.{key}"
    Segment.from_slug(key, field=path)
    entry = {**_entry_table(value, path, "segment"), "segment": key}
    if "add_development" in entry:
        development = _table(entry["add_development"], f"{path}.add_development")
        _known(development, tuple(_DEVELOPMENT_KEYS), f"{path}.add_development")
        entry["add_development"] = {_DEVELOPMENT_KEYS[k]: item for k, item in development.items()}
    return entry


def _model_tables(data: Mapping[str, Any]) -> dict[str, Any]:
    """The tables of an overlay file in the shape of :class:`Overlay`."""
    _known(data, ("overlay", "segments", "themes"), "")
    if "overlay" not in data:
        raise ValidationError("required table missing", path="overlay")
    head = _table(data["overlay"], "overlay")
    _known(head, ("name", "description"), "overlay")
    segments = _table(data.get("segments", {}), "segments")
    themes = _table(data.get("themes", {}), "themes")
    return {
        **head,
        "segments": [_segment_entry(key, value) for key, value in segments.items()],
        "themes": [
            {**_entry_table(value, f"themes.{key}", "theme"), "theme": key}
            for key, value in themes.items()
        ],
    }


_ENTRY: Final = re.compile(r"^(?P<list>segments|themes)\[(?P<index>\d+)\](?P<rest>.*)$")
_TO_TOML: Final = {name: key for key, name in _DEVELOPMENT_KEYS.items()}


def _file_path(path: str, tables: Mapping[str, Any]) -> str:
    """Where a problem in the structured overlay sits in the file: ``segments.top-talent``."""
    found = _ENTRY.match(path)
    if found is None:
        return f"overlay.{path}" if path and path != "$" else "overlay"
    entry = tables[found["list"]][int(found["index"])]
    key = entry["segment" if found["list"] == "segments" else "theme"]
    rest = found["rest"]
    if rest in (".segment", ".theme"):
        rest = ""
    prefix = ".add_development."
    if rest.startswith(prefix):
        name, bracket, tail = rest[len(prefix) :].partition("[")
        rest = f"{prefix}{_TO_TOML.get(name, name)}{bracket}{tail}"
    return f"{found['list']}.{key}{rest}"


def overlay_from_tables(data: Mapping[str, Any]) -> Overlay:
    """An overlay from the tables of an overlay file; errors name the entry and the field."""
    tables = _model_tables(data)
    try:
        return structure(tables, Overlay, using=content_converter())
    except ValidationError as exc:
        problems = [(_file_path(path, tables), message) for path, message in exc.errors]
        raise ValidationError.from_errors(problems) from None


def load_overlay(path: PathLike, *, redact: bool = False) -> Overlay:
    """Read an overlay file; problems raise ValidationError naming the file, entry and field.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        data, name = read_toml(path)
        try:
            return overlay_from_tables(data)
        except ValidationError as exc:
            raise file_error(name, exc.errors) from None


# --- applying an overlay ------------------------------------------------------------------


def _extend(items: tuple[str, ...], added: tuple[str, ...], path: str) -> tuple[str, ...]:
    present = set(items)
    for index, text in enumerate(added):
        if text in present:
            raise ValidationError(
                f"{_shown(text, 60)} is already in the guide", path=f"{path}[{index}]"
            )
    return items + added


def _extend_options(
    options: tuple[DevelopmentOption, ...], added: tuple[str, ...], path: str
) -> tuple[DevelopmentOption, ...]:
    texts = _extend(tuple(o.text for o in options), added, path)
    return options + tuple(DevelopmentOption(text=t) for t in texts[len(options) :])


def _tailor_development(focus: DevelopmentFocus, added: DevelopmentAdditions, path: str) -> Any:
    options = _extend_options(focus.options, added.general, f"{path}.general")
    groups = list(focus.groups)
    for mode, texts in added.by_mode():
        if not texts:
            continue
        where = f"{path}.{mode.value}"
        existing = focus.group(mode)
        if existing is None:
            new = DevelopmentGroup(
                mode=mode,
                heading=mode.label,
                options=tuple(DevelopmentOption(text=t) for t in texts),
            )
            order = [m for m, _ in added.by_mode()]
            position = sum(1 for g in groups if order.index(g.mode) < order.index(mode))
            groups.insert(position, new)
        else:
            extended = _extend_options(existing.options, texts, where)
            groups[groups.index(existing)] = attrs.evolve(existing, options=extended)
    return DevelopmentFocus(options=options, groups=tuple(groups))


def _tailor_guide(guide: CareerGuide, change: SegmentOverlay) -> CareerGuide:
    path = f"segments.{change.segment.value}"
    fields: dict[str, Any] = {}
    for name in _LISTS:
        replaced: tuple[str, ...] | None = getattr(change, f"replace_{name}")
        items = getattr(guide, name) if replaced is None else replaced
        fields[name] = _extend(items, getattr(change, f"add_{name}"), f"{path}.add_{name}")
    development = _tailor_development(
        guide.development, change.add_development, f"{path}.add_development"
    )
    try:
        return CareerGuide(
            segment=guide.segment,
            description=guide.description,
            development=development,
            **fields,
        )
    except ValidationError as exc:
        name, _, rest = exc.path.partition("[")
        verb = "replace" if getattr(change, f"replace_{name}", None) is not None else "add"
        field = f"{verb}_{name}" if name in _LISTS else name
        where = f"{path}.{field}" + (f"[{rest}" if rest else "")
        raise ValidationError(exc.message, path=where) from None


def _stamp(edition: Edition, overlay: Overlay) -> Edition:
    return attrs.evolve(edition, tailored_by=(*edition.tailored_by, overlay.name))


def tailor(guidebook: Guidebook, overlay: Overlay) -> Guidebook:
    """A copy of ``guidebook`` with ``overlay`` applied and validated the same way as content.

    Each edition the overlay changes records the overlay's name in ``tailored_by``. Adding an
    item that is already there, or emptying a list that must have items, raises
    :class:`~apsperf.ValidationError` naming the overlay entry and field.
    """
    if not isinstance(guidebook, Guidebook):
        raise ValidationError(
            f"expected Guidebook, got {type(guidebook).__name__}", path="guidebook"
        )
    if not isinstance(overlay, Overlay):
        raise ValidationError(f"expected Overlay, got {type(overlay).__name__}", path="overlay")
    result = guidebook
    if overlay.segments:
        book = guidebook.career_conversations
        changes = {c.segment: c for c in overlay.segments}
        guides = tuple(
            _tailor_guide(g, changes[g.segment]) if g.segment in changes else g for g in book.guides
        )
        result = attrs.evolve(
            result,
            career_conversations=attrs.evolve(
                book, guides=guides, metadata=_stamp(book.metadata, overlay)
            ),
        )
    if overlay.themes:
        aspiration = guidebook.aspiration
        known = {t.key for t in aspiration.starters.themes}
        changes_by_theme = {c.theme: c for c in overlay.themes}
        for change in overlay.themes:
            if change.theme not in known:
                raise ValidationError(
                    f"{_shown(change.theme)} is not a theme; "
                    f"expected one of {', '.join(sorted(known))}",
                    path=f"themes.{change.theme}",
                )
        themes = tuple(
            attrs.evolve(
                t,
                starters=_extend(
                    t.starters, changes_by_theme[t.key].add_starters, f"themes.{t.key}.add_starters"
                ),
            )
            if t.key in changes_by_theme
            else t
            for t in aspiration.starters.themes
        )
        result = attrs.evolve(
            result,
            aspiration=attrs.evolve(
                aspiration,
                starters=attrs.evolve(aspiration.starters, themes=themes),
                metadata=_stamp(aspiration.metadata, overlay),
            ),
        )
    return result


def load_tailored(
    path: PathLike, *, base: Guidebook | None = None, redact: bool = False
) -> Guidebook:
    """The default guidebook (or ``base``) tailored by the overlay file at ``path``.

    Any problem, in the file or in the tailored result, raises
    :class:`~apsperf.ValidationError` naming the file, the entry and the field.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        data, name = read_toml(path)
        try:
            return tailor(default_guidebook() if base is None else base, overlay_from_tables(data))
        except ValidationError as exc:
            raise file_error(name, exc.errors) from None
