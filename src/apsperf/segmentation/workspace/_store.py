"""The workspace's store: a SQLite file holding a session's log and the notes, append-only.

While the workspace runs, the store is authoritative: every entry of the session's log
(:class:`~apsperf.segmentation.model._session.SessionEntry`, as its document form) and
every note is committed (``synchronous=FULL``) before the change is acknowledged, so a
workspace killed at any moment loses nothing it acknowledged. Triggers refuse to update
or delete a row: the store only grows.

The store records the proposals it was made for (their name and content digest) and the
session's head (how many entries, the last digest), updated in the same transaction as
the entries. Opening it again rebuilds the session through the library's own checks (the
hash chain, the head), so an entry edited, removed or added behind the workspace's back is
refused, and so is a store made for other proposals. Without a file the store is held in
memory and is lost when the workspace stops.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import attrs

from apsperf import _validators as v
from apsperf._files import display_path
from apsperf.errors import ValidationError
from apsperf.segmentation.model._session import CalibrationSession, SessionEntry

__all__ = ["FORMAT", "Note", "SessionStore"]

FORMAT: Final = "apsperf-council-store/1"
"""Names the layout of the store's tables (``meta``, ``entries``, ``notes``)."""

_SCHEMA: Final = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS entries (number INTEGER PRIMARY KEY, document TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS notes (number INTEGER PRIMARY KEY, employee_id TEXT NOT NULL,"
    " text TEXT NOT NULL, by TEXT NOT NULL, recorded_at TEXT NOT NULL)",
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_{verb}_refused BEFORE {verb.upper()} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'the council store is append-only'); END"
        for table in ("entries", "notes")
        for verb in ("update", "delete")
    ),
)


@attrs.frozen(kw_only=True)
class Note:
    """A note the council kept on one person: the text, who wrote it and when (UTC)."""

    number: int = attrs.field(validator=v.at_least(1))
    employee_id: str = attrs.field(validator=v.text)
    text: str = attrs.field(validator=v.text)
    by: str = attrs.field(validator=v.text)
    recorded_at: dt.datetime = attrs.field(validator=v.instance_of(dt.datetime))


class SessionStore:
    """A council's session log and notes in SQLite (``path``), or in memory (``None``).

    Open it with :meth:`open`, then :meth:`load` the session it holds (or start it).
    Methods are not thread-safe: the workspace calls them under its own lock.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None) -> SessionStore:
        """The store at ``path`` (made if missing; never through a link), or one in memory."""
        target = None if path is None else Path(path)
        if target is not None:
            if target.is_symlink():
                raise ValidationError(
                    f"{display_path(target)} is a link; give the store's own path", path="--store"
                )
            if target.exists() and not target.is_file():
                raise ValidationError(f"{display_path(target)} is not a file", path="--store")
        try:
            connection = sqlite3.connect(
                ":memory:" if target is None else str(target),
                isolation_level=None,  # transactions are explicit (BEGIN IMMEDIATE)
                check_same_thread=False,  # used from the server's threads, under its lock
            )
            connection.execute("PRAGMA synchronous=FULL")
            for statement in _SCHEMA:
                connection.execute(statement)
        except sqlite3.Error as error:
            where = "the store" if target is None else display_path(target)
            raise ValidationError(
                f"{where} is not a council store apsperf can open ({error})", path="--store"
            ) from None
        return cls(connection, target)

    def close(self) -> None:
        """Close the database (everything acknowledged is already committed)."""
        self._db.close()

    # -- reading --

    def _meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    def load(
        self, fresh: CalibrationSession, *, imported: CalibrationSession | None = None
    ) -> tuple[CalibrationSession, tuple[Note, ...]]:
        """The session and notes the store holds, or ``imported`` (else ``fresh``) stored.

        ``fresh`` is a new session on the proposals the workspace read: a store made for
        other proposals (another digest) is refused. A store already holding a session
        refuses an ``imported`` one with another head (the store is authoritative).
        """
        meta = self._meta()
        if not meta:
            session = imported if imported is not None else fresh
            if session.proposed_digest and session.proposed_digest != fresh.proposed_digest:
                raise ValidationError(
                    "the session document was started on other proposals (their placements "
                    "differ): the council's decisions were not taken on these",
                    path="--session",
                )
            self._begin(session)
            return session, ()
        if meta.get("format") != FORMAT:
            raise ValidationError(
                f"not a council store of this release (format {meta.get('format')!r})",
                path="--store",
            )
        if meta.get("proposed_digest") != fresh.proposed_digest:
            raise ValidationError(
                "this store was made for other proposals (their placements differ): give the "
                "proposals it was made for, or another --store",
                path="--store",
            )
        session = self._session(meta)
        if imported is not None and imported.head != session.head:
            raise ValidationError(
                "the store already holds a session with another head: start from the store "
                "alone (leave out --session), or give another --store",
                path="--session",
            )
        return session, self._notes()

    def _session(self, meta: dict[str, str]) -> CalibrationSession:
        from apsperf.serialization import loads, structure

        rows = self._db.execute("SELECT number, document FROM entries ORDER BY number").fetchall()
        document = {
            "version": int(meta.get("version", "0")),
            "proposed": meta.get("proposed", ""),
            "proposed_digest": meta.get("proposed_digest", ""),
            "entries": [loads(text) for _number, text in rows],
            "head": {"entries": int(meta.get("head_entries", "-1")), "digest": meta.get("head")},
        }
        try:
            return structure(document, CalibrationSession)
        except ValidationError as error:
            where = "the store" if self.path is None else display_path(self.path)
            raise ValidationError(
                f"{where} does not hold an intact session, so it is refused: {error}",
                path="--store",
            ) from None

    def _notes(self) -> tuple[Note, ...]:
        rows = self._db.execute(
            "SELECT number, employee_id, text, by, recorded_at FROM notes ORDER BY number"
        ).fetchall()
        return tuple(
            Note(
                number=number,
                employee_id=employee_id,
                text=text,
                by=by,
                recorded_at=dt.datetime.fromisoformat(recorded_at),
            )
            for number, employee_id, text, by, recorded_at in rows
        )

    # -- writing (each one transaction, committed before it returns) --

    def _begin(self, session: CalibrationSession) -> None:
        meta = {
            "format": FORMAT,
            "version": str(session.version),
            "proposed": session.proposed,
            "proposed_digest": session.proposed_digest,
        }
        with self._transaction():
            self._db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            self._write(session, session.entries)

    def append(self, session: CalibrationSession, added: Sequence[SessionEntry]) -> None:
        """Store ``added``, the last entries of ``session``, and its new head."""
        with self._transaction():
            self._write(session, added)

    def _write(self, session: CalibrationSession, added: Sequence[SessionEntry]) -> None:
        from apsperf.serialization import converter

        self._db.executemany(
            "INSERT INTO entries VALUES (?, ?)",
            [(e.number, json.dumps(converter.unstructure(e), ensure_ascii=False)) for e in added],
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("head_entries", str(session.head.entries)), ("head", session.head.digest)],
        )

    def add_note(self, note: Note) -> None:
        """Store ``note``."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO notes VALUES (?, ?, ?, ?, ?)",
                (note.number, note.employee_id, note.text, note.by, note.recorded_at.isoformat()),
            )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any error (then re-raised)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, _trace: object) -> None:
        if kind is None:
            try:
                self._db.execute("COMMIT")
                return
            except sqlite3.Error as failed:
                error = failed
        self._db.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            raise ValidationError(
                f"the change could not be stored, so it was not made ({error})", path="--store"
            ) from None
