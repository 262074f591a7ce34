"""Plain-text helpers that every layer may use: bounded text from input, a file's own name.

Nothing here renders: ``repr()`` of model values and report headings use these, and the
HTML base (:mod:`apsperf._html`) re-exports them for notebook displays.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Final

__all__ = ["NOTEBOOK_NAME", "NOTEBOOK_SHOWN", "NOTEBOOK_TEXT", "clip", "file_name"]

NOTEBOOK_SHOWN: Final = 20
"""The most entries of any list a notebook display shows (the rest are counted)."""
NOTEBOOK_TEXT: Final = 300
"""The most characters of any one text from input a notebook display shows."""
NOTEBOOK_NAME: Final = 40
"""The most characters of a name or level a ``repr()`` or a list of names shows."""


def clip(text: str, limit: int = 200) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when it was cut.

    Notebook displays and ``repr()`` use it on text from input (names, reasons, evidence),
    so that their size is bounded whatever the input holds.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def file_name(source: str) -> str:
    """The last part of a path (``"workforce-2025.csv"``), never the folders it sits in."""
    return PurePath(source.replace("\\", "/")).name if source else ""
