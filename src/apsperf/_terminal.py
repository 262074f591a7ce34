r"""Terminal output that text from a file cannot take over.

Answers, agency names, overlays and plan fields come from outside. Printed raw, an escape
sequence in them could retitle the window, clear the screen or spoof a link (OSC 8). Every
line the CLI prints goes through :func:`neutralise`: control characters (C0 and C1, DEL)
and characters that reorder text on screen (bidirectional overrides and isolates) become a
visible ``\uXXXX`` escape; line breaks and tabs stay; a lone surrogate (from a file name
that is not valid UTF-8) is shown as an escape too, never a crash. JSON output stays valid
JSON, because ``\uXXXX`` is also JSON's own escape for the same character.

Colour is apsperf's own: :func:`write_styled` writes each piece of text neutralised and
wraps it in a colour code only when :func:`colour_enabled` says the stream is a terminal
that wants colour (never a pipe or a file; ``NO_COLOR`` and ``TERM=dumb`` turn it off,
``FORCE_COLOR`` turns it on).
"""

from __future__ import annotations

import io
import os
import re
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Final, TextIO, TypeAlias

__all__ = [
    "STYLES",
    "Piece",
    "Progress",
    "SafeStream",
    "colour_enabled",
    "neutralise",
    "plain",
    "safe_standard_streams",
    "write_styled",
]

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


STYLES: Final = {
    "": "",
    "bold": "1",
    "muted": "2",
    "good": "32",
    "warn": "33",
    "bad": "31",
    "top": "1;32",
    "concern": "35",
}
"""The styles a piece of terminal text may have, as SGR parameters ("" is plain)."""

Piece: TypeAlias = "str | tuple[str, str]"
"""Terminal text: plain, or ``(text, style)`` with a style named in :data:`STYLES`."""


def colour_enabled(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what is written to ``stream`` (default ``sys.stdout``).

    ``NO_COLOR`` (set and not empty) always turns colour off; otherwise ``FORCE_COLOR`` (set,
    not empty and not ``0``) turns it on; otherwise colour is used only when the stream is a
    terminal and ``TERM`` is not ``dumb``. Pipes and files never get colour.
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    target = sys.stdout if stream is None else stream
    try:
        tty = bool(target.isatty())
    except (AttributeError, ValueError, OSError):
        return False
    return tty and env.get("TERM", "") != "dumb"


def plain(pieces: Iterable[Piece]) -> str:
    """The text of ``pieces`` without any style."""
    return "".join(p if isinstance(p, str) else p[0] for p in pieces)


def write_styled(
    lines: Iterable[Iterable[Piece]],
    stream: TextIO | None = None,
    *,
    colour: bool | None = None,
) -> None:
    """Write each line of pieces and a line break: text neutralised, styles as colour codes.

    ``colour`` defaults to :func:`colour_enabled` for the stream. The colour codes are the
    only control characters written; they bypass :class:`SafeStream`, and everything else
    is neutralised.
    """
    target = sys.stdout if stream is None else stream
    use = colour_enabled(target) if colour is None else colour
    raw: TextIO = target._inner if isinstance(target, SafeStream) else target
    for line in lines:
        out = []
        for piece in line:
            text, style = (piece, "") if isinstance(piece, str) else piece
            code = STYLES[style]
            shown = neutralise(text)
            out.append(f"\x1b[{code}m{shown}\x1b[0m" if use and code and shown else shown)
        raw.write("".join(out) + "\n")


class Progress:
    """A slow step's progress on a terminal: its label and the seconds so far, on one line.

    Nothing is shown unless ``stream`` (default ``sys.stderr``) is a terminal and the step
    takes longer than ``delay`` seconds; then the line is redrawn every ``interval`` seconds
    and cleared when the step ends. The label is neutralised (see :func:`neutralise`).
    Use as a context manager around the step.
    """

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        delay: float = 1.0,
        interval: float = 0.5,
    ) -> None:
        self.label = neutralise(label)
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.shown = False
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def _target(self) -> TextIO:
        stream = sys.stderr if self.stream is None else self.stream
        # The line's own control codes (carriage return, erase to the end of the line)
        # go to the stream beneath a SafeStream, which would show them as escapes.
        inner = getattr(stream, "_inner", stream)
        return inner

    def __enter__(self) -> Progress:
        target = self._target()
        try:
            tty = bool(target.isatty())
        except (AttributeError, ValueError, OSError):
            tty = False
        if tty:
            self._thread = threading.Thread(target=self._run, args=(target,), daemon=True)
            self._start = time.monotonic()
            self._thread.start()
        return self

    def _run(self, target: TextIO) -> None:
        if self._done.wait(self.delay):
            return
        while True:
            elapsed = time.monotonic() - self._start
            target.write(f"\r{self.label} … {elapsed:.0f} s\x1b[K")
            target.flush()
            self.shown = True
            if self._done.wait(self.interval):
                return

    def __exit__(self, *_: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
            if self.shown:
                target = self._target()
                target.write("\r\x1b[K")
                target.flush()
