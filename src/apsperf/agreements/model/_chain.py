"""The hash chain that binds each plan revision to its content and to the revision before it.

A revision's digest is the SHA-256 of its canonical form, written as 64 lowercase hex digits.
The canonical form is the UTF-8 (in fact pure ASCII) bytes of::

    json.dumps({"chain": CHAIN, "previous": P, "revision": R},
               sort_keys=True, separators=(",", ":"), ensure_ascii=True)

where ``R`` is the revision exactly as the plan document writes it, without its ``digest``
key, and ``P`` is the digest of the revision before it (``null`` for revision 1). Anyone can
recompute a digest from the JSON document alone, without apsperf.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, Final

from apsperf.errors import ValidationError

CHAIN: Final = "apsperf-plan-revision/1"
"""Names the canonical form, so a digest of one kind of record never passes for another."""

DIGEST: Final = re.compile(r"[0-9a-f]{64}")
"""A SHA-256 digest as written in a plan document: 64 lowercase hex digits."""


def canonical_form(revision: Mapping[str, Any], previous: str | None) -> bytes:
    """The bytes hashed for ``revision`` (its document form, without ``digest``)."""
    body = {"chain": CHAIN, "previous": previous, "revision": dict(revision)}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.encode("ascii")


def chain_digest(revision: Mapping[str, Any], previous: str | None) -> str:
    """The digest a revision with document form ``revision`` carries after ``previous``."""
    return hashlib.sha256(canonical_form(revision, previous)).hexdigest()


def check_digest(value: object, path: str) -> None:
    """ValidationError at ``path`` unless ``value`` is written as a SHA-256 digest."""
    if not isinstance(value, str) or not DIGEST.fullmatch(value):
        raise ValidationError("expected a SHA-256 digest: 64 lowercase hex digits", path=path)
