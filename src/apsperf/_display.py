"""Notebook displays and ``repr()``: the link to each display, and the bounds every one keeps.

Each domain's rendering layer registers one display function per class (its
``render/_notebook.py``, imported by the domain's package facade); a value's ``_repr_html_``
returns :func:`display_html` of itself. So models and analyses never import rendering, and
a notebook still shows each value as a small HTML summary. Shared by every domain: it
imports none.

The bounds, the same for every value whatever its input holds:

- each text from input is clipped (:func:`~apsperf._text.clip`: :data:`NOTEBOOK_NAME`
  characters for a name, :data:`NOTEBOOK_TEXT` for a reason or evidence) and each list
  shows its first :data:`NOTEBOOK_SHOWN` entries, naming what it left out (:func:`more`,
  :func:`names`: "… and 99,997 more columns");
- a whole display is at most :data:`MAX_DISPLAY_BYTES` (:func:`display_html` checks it, and
  shows the value's ``repr()`` instead of a display that would be larger);
- a ``repr()`` is one line of at most :data:`MAX_REPR_CHARS` characters (:func:`one_line`;
  :func:`quoted` puts a name from input in it).
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from apsperf._text import NOTEBOOK_NAME, NOTEBOOK_SHOWN, NOTEBOOK_TEXT, clip

__all__ = [
    "MAX_DISPLAY_BYTES",
    "MAX_REPR_CHARS",
    "NOTEBOOK_NAME",
    "NOTEBOOK_SHOWN",
    "NOTEBOOK_TEXT",
    "clip",
    "display_html",
    "more",
    "names",
    "one_line",
    "quoted",
    "register_display",
    "register_display_module",
]

T = TypeVar("T")

MAX_DISPLAY_BYTES: Final = 50_000
"""The most a notebook display (``_repr_html_``) holds, in UTF-8 bytes (so in characters too)."""
MAX_REPR_CHARS: Final = 200
"""The most characters of a ``repr()``, always one line."""

_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""A character no display shows: a control character (but tab and line breaks), a line or
paragraph separator, a lone surrogate. It becomes U+FFFD, the replacement character."""
_LINE_BREAK: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")

_DISPLAYS: dict[type, Callable[[Any], str]] = {}


def register_display(cls: type[T], display: Callable[[T], str]) -> None:
    """Show values of ``cls`` in a notebook as ``display(value)`` (HTML it escaped)."""
    _DISPLAYS[cls] = display


_PENDING: list[str] = []
"""Modules that register displays, imported the first time anything is displayed."""


def register_display_module(module: str) -> None:
    """Have ``module`` (which calls :func:`register_display`) imported before a display.

    A package facade names its rendering module here, so that importing the package does
    not import rendering, and the models never import it at all.
    """
    if module not in _PENDING:
        _PENDING.append(module)


def display_html(value: object) -> str:
    """The notebook display of ``value``: its registered display, or its ``repr()`` escaped.

    Never more than :data:`MAX_DISPLAY_BYTES`: a display that would be larger (text from
    input made of characters that escaping lengthens, such as quotes) gives way to the
    ``repr()`` and a note saying so. Control characters become U+FFFD.
    """
    while _PENDING:
        importlib.import_module(_PENDING.pop(0))
    display = _DISPLAYS.get(type(value))
    page = "" if display is None else _CONTROL.sub("\ufffd", display(value))
    size = len(page.encode())
    if display is not None and size <= MAX_DISPLAY_BYTES:
        return page
    shown = f"<pre>{html.escape(one_line(repr(value)))}</pre>"
    if display is None:
        return shown
    return (
        f'<div class="apsperf">{shown}<p>The full display would be {size:,} bytes, more than '
        f"the {MAX_DISPLAY_BYTES:,} a notebook display may hold: print or export the value "
        "to see all of it.</p></div>"
    )


def more(hidden: int, what: str) -> str:
    """``" … and 99,997 more columns"``: what a clipped list left out (``""`` if nothing).

    Plain text; the caller escapes it.
    """
    return f" \u2026 and {hidden:,} more {what}" if hidden > 0 else ""


def names(
    items: Sequence[str], what: str, *, shown: int = NOTEBOOK_SHOWN, limit: int = NOTEBOOK_NAME
) -> str:
    """The first ``shown`` of ``items``, each clipped to ``limit``, then what was left out.

    ``"Division, Location … and 99,998 more columns"``; ``""`` for no items. Plain text,
    joined with commas; the caller escapes it.
    """
    first = ", ".join(clip(item, limit) for item in items[:shown])
    return first + more(len(items) - min(shown, len(items)), what)


def quoted(text: str, limit: int = NOTEBOOK_NAME) -> str:
    r"""``repr()`` of ``text``, clipped so that it has at most ``limit`` characters in quotes.

    The quoted form is what is counted, so a name of control characters (each ``'\x1b'``
    four characters long once quoted) is clipped as much as a name of letters.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    whole = repr(text[: limit + 1])
    if len(text) <= limit and len(whole) <= limit + 2:
        return whole
    keep = min(len(text), limit) - 1
    while keep > 0 and len(repr(text[:keep] + "\u2026")) > limit + 2:
        keep -= 1
    return repr(text[:keep] + "\u2026")


def one_line(text: str) -> str:
    """``text`` as a ``repr()``: one line of at most :data:`MAX_REPR_CHARS` characters.

    Tabs, line breaks and other control characters become U+FFFD; a longer text keeps its
    closing ``">"`` and ends in "…>".
    """
    text = _LINE_BREAK.sub("\ufffd", text[: MAX_REPR_CHARS * 2])
    if len(text) <= MAX_REPR_CHARS:
        return text
    closing = ">" if text.startswith("<") else ""
    return clip(text, MAX_REPR_CHARS - len(closing)) + closing
