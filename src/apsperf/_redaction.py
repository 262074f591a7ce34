"""Redaction: errors and reports that name a line and a column, never a cell's value.

A cell can hold anything, including a person's name typed into the wrong column, and error
text ends up in logs. With ``redact=True`` (``--redact``), every value an apsperf message
quotes is replaced by ``<redacted>``: the line, the column and the rule broken stay, so the
row can still be found and fixed in the file, but the message alone no longer tells anyone
what the cell held. The trade-off: the message no longer shows the bad value, so the
reader must open the file to see it.

The convention every message follows, so that redaction is exact: a value that came from
a cell or a document is shown quoted, as :func:`quoted` quotes it (Python's ``repr``,
clipped); apsperf's own words that need quoting (an option, a code snippet) are shown in
backticks, and are never redacted; an apostrophe inside a word (``column's``) opens no
quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from apsperf.errors import ValidationError, _shown

__all__ = ["QUOTED_LIMIT", "REDACTED", "quoted", "redact", "redacted_error", "redacting"]

REDACTED: Final = "<redacted>"
"""What stands in a redacted message where a value was quoted."""

_QUOTED: Final = re.compile(
    r"""(?P<own>`[^`\n]*`)"""  # apsperf's own words: kept
    r"""|(?<!\w)(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|‘[^’\n]*’|“[^”\n]*”)"""
)

QUOTED_LIMIT: Final = 40
"""The most characters of one value a message quotes (longer ones end in "…")."""


def quoted(value: object, limit: int = QUOTED_LIMIT) -> str:
    """``value`` as a message shows a cell's or a document's value: quoted and clipped.

    Redacting mode replaces exactly such quotes, so every value a message shows must be
    shown this way (numbers too: ``quoted(2.5)`` is ``'2.5'``).
    """
    return _shown(value if isinstance(value, str) else str(value), limit)


def _hide(match: re.Match[str]) -> str:
    return match.group("own") or REDACTED


def redact(text: str) -> str:
    """``text`` with every quoted value (as apsperf messages quote them) replaced."""
    return _QUOTED.sub(_hide, text)


def redacted_error(error: ValidationError) -> ValidationError:
    """A copy of ``error`` whose messages quote no value (paths are kept)."""
    problems = tuple((path, redact(message)) for path, message in error.errors)
    if len(problems) == 1:
        return ValidationError(problems[0][1], path=problems[0][0])
    return ValidationError.from_errors(problems)


@contextmanager
def redacting(redact: bool) -> Iterator[None]:
    """Inside the block, with ``redact``, a :class:`ValidationError` leaves quoting no value.

    Every loader that takes ``redact=`` runs its work inside this block, so they all redact
    the same way; ``redact`` must be a bool (anything else is a programming error).
    """
    if not isinstance(redact, bool):
        raise TypeError(f"redact must be a bool, not {type(redact).__name__}")
    if not redact:
        yield
        return
    try:
        yield
    except ValidationError as error:
        raise redacted_error(error) from None
