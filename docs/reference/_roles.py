"""Griffe extension: render the Sphinx roles in apsperf docstrings as linked inline code.

apsperf docstrings are plain prose that name other objects with Sphinx roles such as
``:class:`~apsperf.ValidationError```. MkDocs renders Markdown, so before a docstring is
rendered this turns each role into inline code that links to the object's entry in the API
reference where there is one (an optional cross-reference: no link, and no warning, where
there is not), each reStructuredText literal (````x````) into Markdown code, and each doctest
example into a fenced block.
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?[a-z]+:`(~?)([^`<]+?)(?:\s*<[^>]*>)?`")


def _resolved(obj: griffe.Object, target: str) -> str | None:
    """The full path ``target`` names as seen from ``obj``, or None when it is unknown."""
    if target.startswith("apsperf."):
        return target
    first, dot, rest = target.partition(".")
    try:
        path = obj.resolve(first)
    except (griffe.NameResolutionError, KeyError, ValueError):
        return None
    return path + dot + rest


def _fence_examples(text: str) -> str:
    """Put doctest examples (``>>>`` lines and their output) in fenced ``pycon`` blocks."""
    lines: list[str] = []
    in_example = False
    for line in text.splitlines():
        starts = line.lstrip().startswith(">>>")
        if starts and not in_example:
            lines.append("```pycon")
            in_example = True
        elif in_example and not line.strip():
            lines.append("```")
            in_example = False
        lines.append(line)
    if in_example:
        lines.append("```")
    return "\n".join(lines)


def markdown(text: str, obj: griffe.Object) -> str:
    """The docstring of ``obj`` as Markdown.

    A reStructuredText literal block (a paragraph ending in ``::`` followed by an indented
    block) is already a Markdown indented code block once the ``::`` becomes ``:``.
    """

    def role(match: re.Match[str]) -> str:
        tilde, target = match.groups()
        shown = f"<code>{html.escape(target.rpartition('.')[2] if tilde else target)}</code>"
        path = _resolved(obj, target)
        if path is None:
            return shown
        return f'<autoref identifier="{html.escape(path)}" optional>{shown}</autoref>'

    text = re.sub(r"::$", ":", text, flags=re.MULTILINE)
    return _fence_examples(ROLE.sub(role, text).replace("``", "`"))


class SphinxRoles(griffe.Extension):
    """Rewrite every docstring of every loaded object once, after the package is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._rewrite(pkg, set())

    def _rewrite(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value, obj)
        for member in obj.members.values():
            if not member.is_alias:
                self._rewrite(member, seen)  # type: ignore[arg-type]
