"""Reading guide content from TOML files: the packaged default and an agency's own files.

Each content file holds one source document: a ``[metadata]`` table (the :class:`Edition`)
and the document's content (``[guide]``, plus ``[template]`` for the aspiration guide).
Files are read on first use only and validated on load.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Final, TypeVar

from apsperf._content import PathLike, content_converter, packaged_toml
from apsperf._content import file_error as file_error  # re-exported for the guides CLI
from apsperf._content import read_toml as read_toml  # re-exported for the guides CLI
from apsperf._redaction import redacting
from apsperf.errors import ValidationError
from apsperf.guides.model._models import (
    AspirationGuide,
    CareerConversations,
    CareerGuide,
    Guidebook,
    LeadershipGuide,
    SelfReflectionTemplate,
)
from apsperf.segmentation import Segment
from apsperf.serialization import structure

__all__ = [
    "CAREER_CONVERSATIONS_FILE",
    "LEADERSHIP_FILE",
    "aspiration_guide",
    "career_conversations",
    "career_guide",
    "default_guidebook",
    "leadership_guide",
    "load_aspiration",
    "load_career_conversations",
    "load_guidebook",
    "load_leadership",
    "self_reflection_template",
]


T = TypeVar("T")

CAREER_CONVERSATIONS_FILE: Final = "aps-guide-to-career-conversations.toml"
ASPIRATION_FILE: Final = "aps-aspiration-career-conversation-guide.toml"
LEADERSHIP_FILE: Final = "actps-leading-performance-and-development.toml"


def _packaged(file_name: str) -> tuple[dict[str, Any], str]:
    return packaged_toml("apsperf.guides", "content", file_name)


_INDEX: Final = re.compile(r"^(?P<list>guides|steps|themes|prompts|roles)\[(?P<index>\d+)\]")


def _name_entries(path: str, table: Mapping[str, Any]) -> str:
    """Add the entry's key to list indices: ``guides[2]`` becomes ``guides[2:high-achiever]``."""
    found = _INDEX.match(path)
    if found is None:
        return path
    items = table.get(found["list"])
    index = int(found["index"])
    if not isinstance(items, list) or index >= len(items) or not isinstance(items[index], dict):
        return path
    label = items[index].get("segment", items[index].get("key"))
    if not isinstance(label, str):
        return path
    return f"{found['list']}[{index}:{label}]{path[found.end() :]}"


def _section(data: Mapping[str, Any], key: str, cls: type[T], *, name: str, metadata: Any) -> T:
    table = data.get(key)
    if not isinstance(table, dict):
        problem = "required table missing" if table is None else "expected a table"
        raise file_error(name, ((key, problem),))
    try:
        return structure({**table, "metadata": metadata}, cls, using=content_converter())
    except ValidationError as exc:
        problems = []
        for path, message in exc.errors:
            if path == "metadata" or path.startswith(("metadata.", "metadata[")):
                problems.append((path, message))
            elif path in ("", "$"):
                problems.append((key, message))
            else:
                problems.append((f"{key}.{_name_entries(path, table)}", message))
        raise file_error(name, tuple(problems)) from None


def _check_tables(data: Mapping[str, Any], expected: tuple[str, ...], name: str) -> None:
    unknown = sorted(set(data) - set(expected))
    if unknown:
        raise file_error(
            name,
            tuple((key, f"unknown table; expected {', '.join(expected)}") for key in unknown),
        )
    if not isinstance(data.get("metadata"), dict):
        raise file_error(name, (("metadata", "required table missing"),))


def _career_conversations(data: Mapping[str, Any], name: str) -> CareerConversations:
    _check_tables(data, ("metadata", "guide"), name)
    return _section(data, "guide", CareerConversations, name=name, metadata=data["metadata"])


def _aspiration(
    data: Mapping[str, Any], name: str
) -> tuple[AspirationGuide, SelfReflectionTemplate]:
    _check_tables(data, ("metadata", "guide", "template"), name)
    guide = _section(data, "guide", AspirationGuide, name=name, metadata=data["metadata"])
    template = _section(
        data, "template", SelfReflectionTemplate, name=name, metadata=data["metadata"]
    )
    return guide, template


def _leadership(data: Mapping[str, Any], name: str) -> LeadershipGuide:
    _check_tables(data, ("metadata", "guide"), name)
    return _section(data, "guide", LeadershipGuide, name=name, metadata=data["metadata"])


def load_career_conversations(path: PathLike, *, redact: bool = False) -> CareerConversations:
    """Read a Guide to Career Conversations from an agency's own TOML file.

    The file has the layout of the packaged ``aps-guide-to-career-conversations.toml``; it
    is validated the same way (all nine segments, no empty or repeated items). Problems
    raise :class:`~apsperf.ValidationError` naming the file, the entry and the field.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        return _career_conversations(*read_toml(path))


def load_aspiration(
    path: PathLike, *, redact: bool = False
) -> tuple[AspirationGuide, SelfReflectionTemplate]:
    """Read an aspiration guide and its self-reflection template from a TOML file.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        return _aspiration(*read_toml(path))


def load_leadership(path: PathLike, *, redact: bool = False) -> LeadershipGuide:
    """Read a leadership guide for executives from a TOML file.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        return _leadership(*read_toml(path))


@functools.cache
def _default_career_conversations() -> CareerConversations:
    return _career_conversations(*_packaged(CAREER_CONVERSATIONS_FILE))


@functools.cache
def _default_aspiration() -> tuple[AspirationGuide, SelfReflectionTemplate]:
    return _aspiration(*_packaged(ASPIRATION_FILE))


@functools.cache
def _default_leadership() -> LeadershipGuide:
    return _leadership(*_packaged(LEADERSHIP_FILE))


def load_guidebook(
    *,
    career_conversations: PathLike | None = None,
    aspiration: PathLike | None = None,
    leadership: PathLike | None = None,
    redact: bool = False,
) -> Guidebook:
    """A guidebook from an agency's own content files; any file not given is the default.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        conversations = (
            _default_career_conversations()
            if career_conversations is None
            else load_career_conversations(career_conversations)
        )
        guide, template = (
            _default_aspiration() if aspiration is None else load_aspiration(aspiration)
        )
        executive = _default_leadership() if leadership is None else load_leadership(leadership)
        return Guidebook(
            career_conversations=conversations,
            aspiration=guide,
            self_reflection=template,
            leadership=executive,
        )


@functools.cache
def default_guidebook() -> Guidebook:
    """The packaged edition of every guide, read and validated on first use."""
    return load_guidebook()


def career_conversations() -> CareerConversations:
    """The packaged Guide to Career Conversations: coaching points and all nine guides."""
    return default_guidebook().career_conversations


def career_guide(segment: Segment | str) -> CareerGuide:
    """The packaged career conversation guide for a segment (a Segment, slug or label)."""
    return default_guidebook().career_guide(segment)


def aspiration_guide() -> AspirationGuide:
    """The packaged Aspiration Career Conversation Guide."""
    return default_guidebook().aspiration


def self_reflection_template() -> SelfReflectionTemplate:
    """The packaged Career Self-Reflection Template."""
    return default_guidebook().self_reflection


def leadership_guide() -> LeadershipGuide:
    """The packaged ACTPS guide, Leading Performance and Development."""
    return default_guidebook().leadership
