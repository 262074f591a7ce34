"""Hash chains: each record of a log bound to its content and to the record before it.

Shared by plan histories (:mod:`apsperf.agreements`) and calibration sessions
(:mod:`apsperf.segmentation`); it imports no domain. A record's digest is the SHA-256 of
its canonical form, written as 64 lowercase hex digits. The canonical form is the UTF-8
(in fact pure ASCII) bytes of::

    json.dumps({"chain": CHAIN, "previous": P, "revision": R},
               sort_keys=True, separators=(",", ":"), ensure_ascii=True)

where ``CHAIN`` names the kind of record (so a digest of one kind never passes for
another), ``R`` is the record exactly as its document writes it, without its ``digest``
key, and ``P`` is the digest of the record before it (``null`` for a plan's first
revision; a session's first entry follows its header's digest). Anyone can recompute a
digest from the JSON document alone, without apsperf.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, Final

from apsperf.errors import ValidationError

CHAIN: Final = "apsperf-plan-revision/1"
"""The plan revisions' chain name (the default)."""

DIGEST: Final = re.compile(r"[0-9a-f]{64}")
"""A SHA-256 digest as written in a document: 64 lowercase hex digits."""


def canonical_form(
    revision: Mapping[str, Any], previous: str | None, *, chain: str = CHAIN
) -> bytes:
    """The bytes hashed for ``revision`` (its document form, without ``digest``)."""
    body = {"chain": chain, "previous": previous, "revision": dict(revision)}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.encode("ascii")


def chain_digest(revision: Mapping[str, Any], previous: str | None, *, chain: str = CHAIN) -> str:
    """The digest a record with document form ``revision`` carries after ``previous``."""
    return hashlib.sha256(canonical_form(revision, previous, chain=chain)).hexdigest()


def check_digest(value: object, path: str) -> None:
    """ValidationError at ``path`` unless ``value`` is written as a SHA-256 digest."""
    if not isinstance(value, str) or not DIGEST.fullmatch(value):
        raise ValidationError("expected a SHA-256 digest: 64 lowercase hex digits", path=path)
