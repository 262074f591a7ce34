"""Identifiers as apsperf stores and matches them, whichever domain reads them."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["normalise_employee_id"]

_INVISIBLE: Final = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
"""Unicode's format characters (category Cf): byte-order marks, zero-width spaces and
joiners, direction marks. They are invisible, so two identifiers that differ only by them
look the same to every reader."""


def normalise_employee_id(value: str) -> str:
    """An identifier as apsperf stores and matches it.

    Unicode NFC (so ``José`` typed either way is one person), format characters removed
    (byte-order marks, zero-width spaces, direction marks) and surrounding white space,
    non-breaking spaces included, trimmed. Case and compatibility forms (NFKC) are kept:
    ``E1`` and ``e1`` may be different people. Anything but text is returned unchanged,
    for the field's validator to refuse.
    """
    if not isinstance(value, str):
        return value
    if value.isascii():
        return value.strip()
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", value)).strip()
