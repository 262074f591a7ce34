"""Every pattern of apsperf's JSON schemas means the same in ECMA-262 and in Python.

JSON Schema's patterns are ECMA-262 regular expressions (2020-12 builds them with the ``u``
flag), run by form builders in browsers; Python's ``jsonschema`` and apsperf's own checks
run them with :mod:`re`. ``regress`` is an ECMA-262 engine. The employee id's pattern is
also the loader's rule: each accepts exactly what the other does.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
import regress
from hypothesis import example, given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf._ids import (
    _CHANGED_BY_NFC,
    EMPLOYEE_ID_OR_EMPTY_PATTERN,
    EMPLOYEE_ID_PATTERN,
    normalise_employee_id,
)
from apsperf._validators import END, TEXT_PATTERN, WHITE_SPACE
from apsperf.schema import document_types, schema_for
from apsperf.segmentation import Placement
from apsperf.serialization import from_dict


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


PATTERNS = sorted({p for name in document_types() for p in _patterns(schema_for(name))})
"""Every pattern in the schema of every document type."""

ECMA = {pattern: regress.Regex(pattern, "u") for pattern in PATTERNS}
PYTHON = {pattern: re.compile(pattern) for pattern in PATTERNS}


def ecma_matches(pattern: str, text: str) -> bool:
    return ECMA[pattern].find(text) is not None


def python_matches(pattern: str, text: str) -> bool:
    # as jsonschema runs a pattern: found anywhere, not anchored
    return PYTHON[pattern].search(text) is not None


def test_the_schemas_hold_the_patterns_this_module_checks() -> None:
    for pattern in (TEXT_PATTERN, EMPLOYEE_ID_PATTERN, EMPLOYEE_ID_OR_EMPTY_PATTERN):
        assert pattern in PATTERNS
    assert schema_for("placement")["properties"]["employee_id"]["pattern"] == EMPLOYEE_ID_PATTERN
    assert len(PATTERNS) >= 8


@pytest.mark.parametrize("pattern", PATTERNS, ids=range(len(PATTERNS)))
def test_every_pattern_compiles_in_both_dialects(pattern: str) -> None:
    regress.Regex(pattern, "u")
    re.compile(pattern)
    # an HTML form's pattern attribute: anchored, with the stricter v flag
    regress.Regex(f"^(?:{pattern})$", "v")


@pytest.mark.parametrize("pattern", PATTERNS, ids=range(len(PATTERNS)))
def test_no_pattern_uses_what_the_dialects_read_differently(pattern: str) -> None:
    # \s, \d, \w, \b and "." differ (Unicode spaces, digits, line terminators); Python's
    # "$" also matches before a final newline, so a pattern ends with END instead
    assert not re.search(r"\\[sSdDwWbBZAz]", pattern)
    assert "." not in pattern.replace(END, "")
    assert pattern.count("$") == pattern.count(END)


def test_white_space_is_what_str_strip_removes() -> None:
    every = map(chr, range(sys.maxunicode + 1))
    assert "".join(c for c in every if c.isspace()) == WHITE_SPACE


def _changed_by_nfc() -> set[str]:
    """Characters NFC can change in some text, by the running Python's Unicode data."""
    found = set()
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if unicodedata.combining(c) or unicodedata.normalize("NFC", c) != c:
            found.add(c)  # reordered, or replaced wherever it is
            continue
        mapping = unicodedata.decomposition(c)
        if mapping and not mapping.startswith("<"):
            parts = [chr(int(part, 16)) for part in mapping.split()]
            if len(parts) == 2 and unicodedata.normalize("NFC", "".join(parts)) == c:
                found.add(parts[1])  # joined to the character before it
    # Hangul composes by rule, not by mapping: vowel jamo join a leading consonant, final
    # consonant jamo a syllable without one
    vowels, finals = map(chr, range(0x1161, 0x1176)), map(chr, range(0x11A8, 0x11C3))
    found.update(v for v in vowels if unicodedata.normalize("NFC", "\u1100" + v) != "\u1100" + v)
    found.update(f for f in finals if unicodedata.normalize("NFC", "\uac00" + f) != "\uac00" + f)
    return found


def test_refused_characters_are_what_this_pythons_unicode_says_nfc_changes() -> None:
    # the set is of a later Unicode: it may hold characters this Python's does not assign
    changed = _changed_by_nfc()
    refused = re.compile(f"[{_CHANGED_BY_NFC}]")
    missing = sorted(c for c in changed if not refused.match(c))
    assert not missing, [f"U+{ord(c):04X}" for c in missing]
    every = map(chr, range(sys.maxunicode + 1))
    extra = [c for c in filter(refused.match, every) if c not in changed]
    assert all(unicodedata.category(c) == "Cn" for c in extra), extra[:5]
    assert len(changed) > 2000


# --- the same meaning in both engines -----------------------------------------------------

TRICKY = (
    " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u2001\u2007\u200a\u2028\u2029\u202f\u205f"
    "\u3000\ufeff\u200b\u200d\u200e\u202e\u2060\u180e\xad\x00\x7f"
    "\u0301\u0300\u0323\u0308\u094d\u093c\u0bbe\u1161\u11a8\u212b\u2126\uf900\u0344"
    "\U0001d173\U000e0020\U0001f600\U0002f800"
    "Ee1é-aA09:T"
)
"""White space of either dialect, format characters, combining marks, characters NFC
changes, control and astral characters, and a few ordinary ones."""

VALUES = (
    "E1",
    "José",
    "Jose\u0301",
    "2025-07-01",
    "2025-07-01T09:30",
    "0" * 64,
    "ses-band-1",
    "a b",
)
"""Text that some pattern accepts, for the drawn text to surround."""

texts = st.text(st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=8)
around = st.builds(
    lambda before, value, after: before + value + after,
    texts | st.just(""),
    st.sampled_from(VALUES),
    texts | st.just(""),
)


@given(st.one_of(texts, around))
@example("E1\n")
@example("2025-07-01\n")
@example("\ufeffE1")
@example("E1\x85")
def test_every_pattern_means_the_same_in_ecma_262_and_python(text: str) -> None:
    for pattern in PATTERNS:
        assert ecma_matches(pattern, text) == python_matches(pattern, text), (pattern, text)


def loads(employee_id: str) -> bool:
    """Whether the document loader accepts a placement with this employee id."""
    document = {"schema_version": 1, "performance": "high", "potential": "low"}
    try:
        from_dict(Placement, {**document, "employee_id": employee_id})
    except ValidationError as error:
        assert [path for path, _ in error.errors] == ["employee_id"], error
        return False
    return True


@pytest.mark.parametrize(
    ("employee_id", "accepted"),
    [
        ("E1", True),
        ("José", True),  # precomposed é
        ("Ærøskøbing 7", True),
        ("E\u200b1", False),  # zero-width space
        ("\ufeffE1", False),  # byte-order mark: white space to ECMA-262, invisible to apsperf
        ("Jose\u0301", False),  # decomposed é
        ("q\u0300", False),  # in NFC, but a combining mark
        ("E1\n", False),
        ("E1\x85", False),  # NEXT LINE: white space to Python, not to ECMA-262
        ("E\u20001", False),  # EN QUAD, which NFC writes as EN SPACE
        ("E\u00a01", True),  # white space inside is kept
        ("", False),
    ],
)
def test_employee_id_examples(employee_id: str, accepted: bool) -> None:
    assert loads(employee_id) is accepted
    assert python_matches(EMPLOYEE_ID_PATTERN, employee_id) is accepted
    assert ecma_matches(EMPLOYEE_ID_PATTERN, employee_id) is accepted


@given(st.one_of(texts, around, texts.map(normalise_employee_id)))
def test_the_loader_and_the_schema_accept_the_same_employee_ids(employee_id: str) -> None:
    accepted = loads(employee_id)
    assert python_matches(EMPLOYEE_ID_PATTERN, employee_id) is accepted
    assert ecma_matches(EMPLOYEE_ID_PATTERN, employee_id) is accepted
    if accepted:  # what the pattern accepts is what normalisation writes
        assert normalise_employee_id(employee_id) == employee_id
    # a session entry's employee id: "" (a finalisation) or an identifier
    either = accepted or employee_id == ""
    assert python_matches(EMPLOYEE_ID_OR_EMPTY_PATTERN, employee_id) is either
    assert ecma_matches(EMPLOYEE_ID_OR_EMPTY_PATTERN, employee_id) is either
