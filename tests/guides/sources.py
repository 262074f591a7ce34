"""Reading the published source documents, independently of the shipped content.

The content tests parse the source text themselves and compare item lists and order with
the packaged content, after applying the fixes the content records, so a slip fails.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from apsperf.guides import Edition
from tests.paths import SOURCES

_ARTEFACT = re.compile(r"\[(?:bookmark|image|footnoteRef)[^\]]*\]")


def source_text(name: str, edition: Edition) -> str:
    """The source document with the edition's fixes applied; fails when the file is missing."""
    path = SOURCES / name
    if not path.is_file():
        pytest.fail(f"source document {path} is missing; the content tests need it")
    text = path.read_text("utf-8")
    for fix in edition.fixes:
        assert text.count(fix.original) == 1, f"fix {fix.original!r} must match exactly once"
        text = text.replace(fix.original, fix.corrected)
    return text


def clean(line: str) -> str:
    """A source line without extraction artefacts, tabs, repeated spaces or its bullet."""
    line = _ARTEFACT.sub("", line).replace("\t", " ")
    line = " ".join(line.split())
    return line.removeprefix("· ").removeprefix("·").strip()


def is_bullet(line: str) -> bool:
    """True when the source line starts with a bullet."""
    return _ARTEFACT.sub("", line).replace("\t", "").lstrip().startswith("·")


def lines_of(text: str) -> list[str]:
    """Non-blank lines of the text, raw (bullets and tabs kept)."""
    return [line for line in text.splitlines() if clean(line)]


def between(lines: list[str], start: str, end: str | None) -> list[str]:
    """The lines after the first line reading ``start`` and before the next reading ``end``."""
    cleaned = [clean(line) for line in lines]
    first = cleaned.index(start) + 1
    last = cleaned.index(end, first) if end is not None else len(lines)
    return lines[first:last]


def resolve(value: Any, where: str) -> Any:
    """The content at a fix's ``where`` path, such as ``guides.top-talent.feedback[5]``."""
    parts = where.split(".")
    current = value
    while parts:
        name, _, position = parts.pop(0).partition("[")
        current = getattr(current, name)
        if name in ("guides", "roles", "themes", "prompts"):
            key = parts.pop(0)
            current = next(
                item
                for item in current
                if getattr(getattr(item, "segment", None), "value", None) == key
                or getattr(item, "key", None) == key
            )
        elif position:
            current = current[int(position.rstrip("]"))]
    return current
