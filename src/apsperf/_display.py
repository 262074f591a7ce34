"""The link from a value's ``_repr_html_`` to its notebook display, without importing it.

Each domain's rendering layer registers one display function per class (its
``render/_notebook.py``, imported by the domain's package facade); a value's ``_repr_html_``
returns :func:`display_html` of itself. So models and analyses never import rendering, and
a notebook still shows each value as a small HTML summary. Shared by every domain: it
imports none.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["display_html", "register_display"]

T = TypeVar("T")

_DISPLAYS: dict[type, Callable[[Any], str]] = {}


def register_display(cls: type[T], display: Callable[[T], str]) -> None:
    """Show values of ``cls`` in a notebook as ``display(value)`` (HTML it escaped)."""
    _DISPLAYS[cls] = display


def display_html(value: object) -> str:
    """The notebook display of ``value``: its registered display, or its ``repr()`` escaped."""
    display = _DISPLAYS.get(type(value))
    if display is None:
        return f"<pre>{html.escape(repr(value))}</pre>"
    return display(value)
