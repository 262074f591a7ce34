"""Redaction: errors and reports that name a line and a column, never a cell's value.

A cell can hold anything, including a person's name typed into the wrong column, and error
text ends up in logs. With ``redact=True`` (``--redact``), every value an apsperf message
quotes is replaced by ``<redacted>``: the line, the column and the rule broken stay, so the
row can still be found and fixed in the file, but the message alone no longer tells anyone
what the cell held. The trade-off: the message no longer shows the bad value, so the
reader must open the file to see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from apsperf.errors import ValidationError

__all__ = ["REDACTED", "redact", "redacted_error", "redacting"]

REDACTED: Final = "<redacted>"
"""What stands in a redacted message where a value was quoted."""

_QUOTED: Final = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|‘[^’\n]*’|“[^”\n]*”""")


def redact(text: str) -> str:
    """``text`` with every quoted value (as apsperf messages quote them) replaced."""
    return _QUOTED.sub(REDACTED, text)


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
