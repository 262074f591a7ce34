"""Session documents on disk: read (migrating version 1), and written by compare-and-swap.

Two council members' ``apsperf calibrate --session`` runs on one document must never lose
one's changes. A writer says which head it read (:attr:`SessionHead.digest`, or ``None``
for a document that did not exist); :func:`save_session` takes an exclusive lock beside the
document, reads the document again, and writes only if its head is still that one. A
stale writer gets a :class:`~apsperf.ValidationError` and nothing is written: it reads the
document again and re-applies its changes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from apsperf._files import write_file
from apsperf._redaction import redacting
from apsperf.errors import ValidationError
from apsperf.segmentation.io._csv_text import MAX_BYTES, _read_bytes, decode_text
from apsperf.segmentation.model._session import CalibrationSession

__all__ = ["load_session", "save_session"]

LOCK_WAIT_SECONDS = 30.0
"""How long :func:`save_session` waits for another writer's lock before giving up."""


def load_session(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, redact: bool = False
) -> CalibrationSession:
    """The session document at ``path``, its chain checked (version 1 is migrated).

    A document whose log was edited, cut short, reordered or reopened without recomputing
    its chain is refused with :class:`~apsperf.ValidationError` naming the entry. With
    ``redact=True`` errors name the entry and field but quote no value.
    """
    from apsperf.serialization import from_json

    source = Path(path)
    with redacting(redact):
        text = decode_text(_read_bytes(source, max_bytes), source=str(source))
        try:
            return from_json(CalibrationSession, text)
        except ValidationError as error:
            raise error.within(str(source)) from None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``'s lock file (``NAME.lock`` beside it)."""
    lock = path.with_name(path.name + ".lock")
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(lock, flags, 0o600)
    except OSError as error:
        raise ValidationError(
            f"cannot open the lock file {lock.name}: {error.strerror}", path=str(path)
        ) from None
    try:
        _acquire(handle, path)
        yield
    finally:
        os.close(handle)  # releases the lock


def _acquire(handle: int, path: Path) -> None:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            if os.name == "nt":  # pragma: no cover - exercised on Windows only
                import msvcrt

                msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
            else:
                import fcntl

                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise ValidationError(
                    f"another writer has held the session's lock for over "
                    f"{LOCK_WAIT_SECONDS:.0f} s",
                    path=str(path),
                ) from None
            time.sleep(0.05)


def save_session(
    session: CalibrationSession,
    path: str | os.PathLike[str],
    *,
    expected_head: str | None,
    max_bytes: int = MAX_BYTES,
) -> None:
    """Write ``session`` to ``path`` if the document there still has head ``expected_head``.

    ``expected_head`` is the head digest of the document as it was read, or ``None`` when
    there was none (then a document written meanwhile by someone else is not replaced).
    Compared and written under an exclusive lock beside the document (``NAME.lock``), and
    replaced atomically: a refused or failed write leaves the earlier document whole.
    """
    from apsperf.serialization import to_json

    if not isinstance(session, CalibrationSession):
        raise ValidationError(
            f"expected CalibrationSession, got {type(session).__name__}", path="session"
        )
    target = Path(path)
    with _locked(target):
        found: str | None = None
        if target.exists() or target.is_symlink():
            found = load_session(target, max_bytes=max_bytes).head.digest
        if found != expected_head:
            raise ValidationError(
                "the session document changed since it was read (another council member's "
                "run?): nothing was written; run again to apply your changes to the "
                "document as it is now",
                path=str(target),
            )
        write_file(target, to_json(session) + "\n", replace=True, field=str(target))
