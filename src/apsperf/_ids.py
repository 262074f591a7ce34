"""Identifiers as apsperf stores and matches them, whichever domain reads them."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from apsperf._validators import WHITE_SPACE, text_pattern

__all__ = [
    "EMPLOYEE_ID_OR_EMPTY_PATTERN",
    "EMPLOYEE_ID_PATTERN",
    "changed_by_nfc",
    "is_employee_id",
    "normalise_employee_id",
]

_FORMAT_CHARACTERS: Final = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
"""Unicode's format characters (category Cf): byte-order marks, zero-width spaces and
joiners, direction marks. They are invisible, so two identifiers that differ only by them
look the same to every reader. (The body of a character class, as are the sets below.)"""

_INVISIBLE: Final = re.compile(f"[{_FORMAT_CHARACTERS}]")

_CHANGED_BY_NFC: Final = (
    "\u0300-\u034e\u0350-\u036f\u0374\u037e\u0387\u0483-\u0487\u0591-\u05bd\u05bf\u05c1\u05c2"
    "\u05c4\u05c5\u05c7-\u05c9\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4"
    "\u06e7\u06e8\u06ea-\u06ed\u0711\u0730-\u074a\u07eb-\u07f3\u07fd\u0816-\u0819"
    "\u081b-\u0823\u0825-\u0827\u0829-\u082d\u0859-\u085b\u0897-\u089f\u08ca-\u08e1"
    "\u08e3-\u08ff\u093c\u094d\u0951-\u0954\u0958-\u095f\u09bc\u09be\u09cd\u09d7\u09dc\u09dd"
    "\u09df\u09fe\u0a33\u0a36\u0a3c\u0a4d\u0a59-\u0a5b\u0a5e\u0abc\u0acd\u0b3c\u0b3e\u0b4d"
    "\u0b56\u0b57\u0b5c\u0b5d\u0bbe\u0bcd\u0bd7\u0c3c\u0c4d\u0c55\u0c56\u0cbc\u0cc2\u0ccd"
    "\u0cd5\u0cd6\u0d3b\u0d3c\u0d3e\u0d4d\u0d57\u0dca\u0dcf\u0ddf\u0e38-\u0e3a\u0e48-\u0e4b"
    "\u0eb8-\u0eba\u0ec8-\u0ecb\u0f18\u0f19\u0f35\u0f37\u0f39\u0f43\u0f4d\u0f52\u0f57\u0f5c"
    "\u0f69\u0f71-\u0f76\u0f78\u0f7a-\u0f7d\u0f80-\u0f84\u0f86\u0f87\u0f93\u0f9d\u0fa2\u0fa7"
    "\u0fac\u0fb9\u0fc6\u102e\u1037\u1039\u103a\u108d\u1161-\u1175\u11a8-\u11c2\u135d-\u135f"
    "\u1714\u1715\u1734\u17d2\u17dd\u18a9\u1939-\u193b\u1a17\u1a18\u1a60\u1a75-\u1a7c\u1a7f"
    "\u1ab0-\u1abd\u1abf-\u1af0\u1b34\u1b35\u1b44\u1b6b-\u1b73\u1baa\u1bab\u1be6\u1bf2\u1bf3"
    "\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce0\u1ce2-\u1ce8\u1ced\u1cf4\u1cf8\u1cf9\u1dc0-\u1dff\u1f71"
    "\u1f73\u1f75\u1f77\u1f79\u1f7b\u1f7d\u1fbb\u1fbe\u1fc9\u1fcb\u1fd3\u1fdb\u1fe3\u1feb"
    "\u1fee\u1fef\u1ff9\u1ffb\u1ffd\u2000\u2001\u20d0-\u20dc\u20e1\u20e5-\u20f0\u2126"
    "\u212a\u212b\u2329\u232a\u2adc\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\u302a-\u302f\u3099\u309a"
    "\ua66f\ua674-\ua67d\ua69e\ua69f\ua6f0\ua6f1\ua806\ua82c\ua8c4\ua8e0-\ua8f1\ua92b-\ua92d"
    "\ua953\ua9b3\ua9c0\uaab0\uaab2-\uaab4\uaab7\uaab8\uaabe\uaabf\uaac1\uaaf6\uabed"
    "\uf900-\ufa0d\ufa10\ufa12\ufa15-\ufa1e\ufa20\ufa22\ufa25\ufa26\ufa2a-\ufa6d\ufa70-\ufad9"
    "\ufb1d-\ufb1f\ufb2a-\ufb36\ufb38-\ufb3c\ufb3e\ufb40\ufb41\ufb43\ufb44\ufb46-\ufb4e"
    "\ufe20-\ufe2f\U000101fd\U000102e0\U00010376-\U0001037a\U00010a0d\U00010a0f"
    "\U00010a38-\U00010a3a\U00010a3f\U00010ae5\U00010ae6\U00010d24-\U00010d27"
    "\U00010d69-\U00010d6d\U00010eab\U00010eac\U00010ecb-\U00010ecf\U00010ef0-\U00010efb"
    "\U00010efd-\U00010eff\U00010f46-\U00010f50\U00010f82-\U00010f85\U00011046\U00011070"
    "\U0001107f\U000110b9\U000110ba\U00011100-\U00011102\U00011127\U00011133\U00011134"
    "\U00011173\U000111c0\U000111ca\U00011235\U00011236\U000112e9\U000112ea"
    "\U0001133b\U0001133c\U0001133e\U0001134d\U00011357\U00011366-\U0001136c"
    "\U00011370-\U00011374\U000113b8\U000113bb\U000113c2\U000113c9\U000113ce-\U000113d0"
    "\U00011442\U00011446\U0001145e\U000114b0\U000114ba\U000114bd\U000114c2\U000114c3"
    "\U000115af\U000115bf\U000115c0\U0001163f\U000116b6\U000116b7\U0001172b"
    "\U00011839\U0001183a\U00011930\U0001193d\U0001193e\U00011943\U000119e0\U00011a34"
    "\U00011a47\U00011a99\U00011c3f\U00011d42\U00011d44\U00011d45\U00011d97"
    "\U00011f41\U00011f42\U0001611e-\U00016120\U00016129\U0001612f\U00016af0-\U00016af4"
    "\U00016b30-\U00016b36\U00016d67\U00016ff0\U00016ff1\U0001bc9e\U0001d127\U0001d128"
    "\U0001d15e-\U0001d169\U0001d16d-\U0001d172\U0001d17b-\U0001d182\U0001d185-\U0001d18b"
    "\U0001d1aa-\U0001d1ad\U0001d1bb-\U0001d1c0\U0001d242-\U0001d244\U0001d250-\U0001d252"
    "\U0001d25b\U0001d25c\U0001d25f\U0001d280\U0001d281\U0001e000-\U0001e006"
    "\U0001e008-\U0001e018\U0001e01b-\U0001e021\U0001e023\U0001e024\U0001e026-\U0001e02a"
    "\U0001e08f\U0001e130-\U0001e136\U0001e2ae\U0001e2ec-\U0001e2ef\U0001e4ec-\U0001e4ef"
    "\U0001e5ee\U0001e5ef\U0001e6e3\U0001e6e6\U0001e6ee\U0001e6ef\U0001e6f5"
    "\U0001e8d0-\U0001e8d6\U0001e944-\U0001e94a\U0002f800-\U0002fa1d"
)
"""Characters that Unicode normalisation (NFC) can change in some text, as of Unicode 18.0.

Those with a canonical combining class other than 0 (combining marks, which NFC puts in
canonical order), those NFC always replaces (``NFC_Quick_Check=No``: the Ångström sign,
CJK compatibility ideographs, U+2000 EN QUAD) and those NFC can join to the character
before (``NFC_Quick_Check=Maybe``: combining accents, Hangul vowel and final jamo). Text
that holds none of them is in NFC (Unicode's NFC quick check answers YES for it).

Whether other text is in NFC depends on which characters stand next to which, a rule no
regular expression of readable size states. That none of these characters is present is a
rule one does, so it is the rule of an identifier in the schema and in the loader alike.
tests/test_schema_ecma.py checks that the set holds every such character the running
Python's :mod:`unicodedata` knows.
"""

EMPLOYEE_ID_PATTERN: Final = text_pattern(_FORMAT_CHARACTERS + _CHANGED_BY_NFC)
"""The identifiers a document holds: the pattern of its JSON Schema, which the loader applies.

Non-blank text with no surrounding :data:`~apsperf._validators.WHITE_SPACE`, no format
character and no character of :data:`_CHANGED_BY_NFC`. Every such identifier is one
:func:`normalise_employee_id` leaves unchanged. Identifiers with combining marks (``q``
with U+0300 COMBINING GRAVE ACCENT, Devanagari with a virama) are refused even when they
are in NFC, by the schema and by the loader alike; precomposed letters (``é``, ``ñ``,
``Å``) are accepted, and a reader writes a decomposed ``é`` precomposed. The pattern means
the same in ECMA-262 (with the ``u`` flag) and in Python.
"""

EMPLOYEE_ID_OR_EMPTY_PATTERN: Final = text_pattern(
    _FORMAT_CHARACTERS + _CHANGED_BY_NFC, or_empty=True
)
"""An identifier as :data:`EMPLOYEE_ID_PATTERN` has it, or ``""`` (a field that names nobody)."""

_EMPLOYEE_ID: Final = re.compile(EMPLOYEE_ID_PATTERN)
_NFC_CHANGES: Final = re.compile(f"[{_CHANGED_BY_NFC}]")


def is_employee_id(value: str) -> bool:
    """True when ``value`` is an identifier a document may hold (see :data:`EMPLOYEE_ID_PATTERN`).

    ASCII text holds no format character and none that NFC changes, so only its white
    space is checked.
    """
    if value.isascii():
        return bool(value) and value == value.strip(WHITE_SPACE)
    return _EMPLOYEE_ID.search(value) is not None


def changed_by_nfc(value: str) -> str | None:
    """The first character of ``value`` NFC can change in some text, as a message names it.

    For example ``"U+0300 COMBINING GRAVE ACCENT"``; ``None`` when there is none.
    """
    found = _NFC_CHANGES.search(value)
    if found is None:
        return None
    mark = found.group()
    return f"U+{ord(mark):04X} {unicodedata.name(mark, '')}".rstrip()


def id_problem(value: str) -> str | None:
    """Why a normalised identifier may not be held (blank, say), or ``None`` if it may."""
    if is_employee_id(value):
        return None
    if not value:
        return "employee id is empty"
    held = changed_by_nfc(value) or "a character"
    return (
        f"employee id holds {held}: identifiers hold no combining marks, nor other "
        "characters Unicode normalisation can change"
    )


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
        return value.strip(WHITE_SPACE)
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", value)).strip(WHITE_SPACE)
