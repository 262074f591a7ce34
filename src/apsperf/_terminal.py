r"""Terminal output that text from a file cannot take over.

Answers, agency names, overlays and plan fields come from outside. Printed raw, an escape
sequence in them could retitle the window, clear the screen or spoof a link (OSC 8). Every
line the CLI prints goes through :func:`neutralise`: control characters (C0 and C1, DEL)
and characters that reorder text on screen (bidirectional overrides and isolates) become a
visible ``\uXXXX`` escape; line breaks and tabs stay; a lone surrogate (from a file name
that is not valid UTF-8) is shown as an escape too, never a crash. JSON output stays valid
JSON, because ``\uXXXX`` is also JSON's own escape for the same character.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final, TextIO

__all__ = ["SafeStream", "neutralise", "safe_standard_streams"]

_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def neutralise(text: str) -> str:
    r"""``text`` with every character that could act on a terminal shown as ``\uXXXX``."""
    return _UNSAFE.sub(_escape, text)


class SafeStream(io.TextIOBase):
    """A text stream that neutralises what it is given before passing it on."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        """Write ``text`` neutralised; returns the length of ``text`` as given."""
        self._inner.write(neutralise(text))
        return len(text)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self._inner.flush()

    def fileno(self) -> int:
        """The file descriptor of the stream underneath."""
        return self._inner.fileno()

    def isatty(self) -> bool:
        """Whether the stream underneath is a terminal."""
        return self._inner.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The encoding of the stream underneath."""
        return getattr(self._inner, "encoding", "utf-8") or "utf-8"


@contextmanager
def safe_standard_streams() -> Iterator[None]:
    """Neutralise everything written to ``sys.stdout`` and ``sys.stderr`` within the block.

    Characters the terminal's encoding cannot show are written as backslash escapes.
    """
    saved = sys.stdout, sys.stderr
    for stream in saved:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    sys.stdout, sys.stderr = SafeStream(saved[0]), SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
