"""Writing files safely: atomically, inside their folder, never through a link.

Every file apsperf writes goes through :func:`write_file` (one file the user named, replaced
atomically) or :func:`write_files` (a set of files in a folder, all or none). Both:

- write to a temporary file in the same folder, flush it to disk, then move it into place,
  so a failure never leaves an emptied or half-written file;
- refuse a target that is a symbolic link or a file with other hard links, and a target
  folder that is a symbolic link (the folder itself, or any folder named in a relative
  path), so nothing is written outside the folder through a link;
- give a replaced file the permissions of the file it replaces (a private ``0600`` file
  stays private) and a new file the permissions the user's umask allows;
- turn Ctrl-C, SIGTERM and SIGHUP (as ``timeout``, systemd and CI send them) into a clean
  stop while they work: whatever was written is undone, then the signal takes its usual
  effect (a signal the process ignores stays ignored);
- name paths in errors with :func:`display_path`, which is safe for any file name the
  operating system hands back (even one that is not valid UTF-8).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import IO, Any, Final

from apsperf.errors import ValidationError

__all__ = ["MAX_NAME_BYTES", "display_path", "safe_name_problem", "write_file", "write_files"]

MAX_NAME_BYTES = 255
"""The longest file name (in bytes, as the file system stores it) apsperf writes."""

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_NEW_FILE_MODE = 0o666
"""The mode a new file is created with; the user's umask takes its bits away, as for any
program that creates a file."""
_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def display_path(path: str | os.PathLike[str]) -> str:
    r"""A path as text that can be printed anywhere: undecodable bytes shown as ``\xNN``."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def safe_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file name inside a folder, or ``None`` when it can."""
    if not name or name in (".", ".."):
        return "is not a file name"
    if "/" in name or "\\" in name or "\x00" in name:
        return "must not contain a path separator or NUL"
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        return "is not valid text"
    if size > MAX_NAME_BYTES:
        return f"is {size} bytes long; file names are at most {MAX_NAME_BYTES}"
    return None


class _Stopped(BaseException):
    """A signal arrived while files were being written (raised once, then undone)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum


class _SignalGuard:
    """Signals that arrived while files were written; the first raises unless held."""

    def __init__(self) -> None:
        self.arrived: list[int] = []
        self.raising = True

    def handle(self, signum: int, _frame: FrameType | None) -> None:
        self.arrived.append(signum)
        if self.raising:
            self.raising = False
            raise _Stopped(signum)

    def hold(self) -> None:
        """From now on a signal waits until the block ends (to undo or finish in peace)."""
        self.raising = False


@contextmanager
def _signals_stop_cleanly() -> Iterator[_SignalGuard]:
    """Turn SIGINT (Ctrl-C), SIGTERM and SIGHUP into :class:`_Stopped` while the block runs.

    A signal's default action ends the process at once, without running ``finally``
    blocks, so a half-written set or a temporary file would stay behind. Inside the block
    the first signal raises :class:`_Stopped` (later ones, and any after
    :meth:`_SignalGuard.hold`, wait); the caller undoes its work, and on the way out the
    signal is raised again under its previous handler, so the process still stops (or does
    what it was set to do). When that handler returns, a stopped block is reported as a
    :class:`ValidationError`. Only the main thread can handle signals; elsewhere the block
    runs as it is.
    """
    guard = _SignalGuard()
    if threading.current_thread() is not threading.main_thread():
        yield guard
        return
    previous: dict[int, Any] = {}
    stopped = False
    try:
        for signum in _SIGNALS:
            if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup's SIGHUP stays ignored
                previous[signum] = signal.signal(signum, guard.handle)
        yield guard
    except _Stopped:
        stopped = True
    finally:
        guard.hold()
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if guard.arrived:
            signal.raise_signal(guard.arrived[0])
    if stopped:
        raise ValidationError("stopped by a signal")


def _refuse_link(path: Path, field: str) -> tuple[bool, int]:
    """Raise when ``path`` is a link; return whether a regular file is there, and its mode."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False, 0
    except OSError as error:
        raise ValidationError(_os_message(path, error), path=field) from None
    if stat.S_ISLNK(info.st_mode):
        raise ValidationError(
            f"{display_path(path)} is a symbolic link; apsperf never writes through a link",
            path=field,
        )
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError(f"{display_path(path)} is not a regular file", path=field)
    if info.st_nlink > 1:
        raise ValidationError(
            f"{display_path(path)} has other hard links; apsperf never writes through a link",
            path=field,
        )
    return True, stat.S_IMODE(info.st_mode)


def _refuse_folder_link(folder: Path, field: str) -> None:
    """Raise when ``folder``, or a folder named in it when it is relative, is a symbolic link.

    Folders above an absolute path (``/tmp`` is a link on macOS) are the system's, not the
    user's choice of where to write, and are followed.
    """
    checked = [folder] if folder.is_absolute() else [folder, *folder.parents]
    for part in checked:
        if part == Path() or part.name in ("", "..", "."):
            continue
        try:
            info = os.lstat(part)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise ValidationError(_os_message(part, error), path=field) from None
        if stat.S_ISLNK(info.st_mode):
            raise ValidationError(
                f"the folder {display_path(part)} is a symbolic link; "
                "apsperf never writes through a link",
                path=field,
            )


def _os_message(path: Path, error: OSError) -> str:
    reason = error.strerror or type(error).__name__
    return f"cannot write {display_path(path)}: {reason}"


def _write_new(path: Path, data: bytes, mode: int | None) -> None:
    """Create ``path`` (never an existing one), write ``data`` and flush it to disk.

    ``mode`` is the replaced file's permissions, or ``None`` for the umask's. A file that
    will get a replaced file's mode is created private and then given it, so it is never
    more open than that file was.
    """
    handle = os.open(path, _FLAGS, _NEW_FILE_MODE if mode is None else 0o600)
    try:
        if mode is not None and hasattr(os, "fchmod"):  # POSIX permissions
            os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            handle = -1
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        if handle >= 0:
            os.close(handle)
        with suppress(OSError):
            os.unlink(path)
        raise


def _unique_beside(folder: Path, suffix: str, make: Callable[[Path], None]) -> Path:
    """A new entry named ``.PID-N<suffix>`` in ``folder``, made by ``make``."""
    for attempt in range(100):
        candidate = folder / f".{os.getpid()}-{attempt}{suffix}"
        try:
            make(candidate)
        except FileExistsError:
            continue
        return candidate
    raise ValidationError(  # pragma: no cover - a hundred stale temporary entries
        f"cannot create a temporary file in {display_path(folder)}"
    )


@contextmanager
def _temporary_beside(target: Path, data: bytes, mode: int | None) -> Iterator[Path]:
    """A fully written temporary file in ``target``'s folder, removed unless moved away."""
    temporary = _unique_beside(
        target.parent, ".apsperf-tmp", lambda path: _write_new(path, data, mode)
    )
    try:
        yield temporary
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk (best effort: not every system allows it)."""
    with suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _encoded(data: str | bytes) -> bytes:
    if isinstance(data, bytes):
        return data
    if not isinstance(data, str):
        raise TypeError(f"data must be str or bytes, not {type(data).__name__}")
    try:
        return data.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("the text has characters that are not valid Unicode") from None


def write_file(
    path: str | os.PathLike[str], data: str | bytes, *, replace: bool = True, field: str = "path"
) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` atomically and return the path.

    An existing regular file is replaced in one step when ``replace`` is true and refused
    otherwise, and the new file keeps its permissions; a new file gets the umask's. A link
    (symbolic, or a file with other hard links) is always refused, and so is a target
    folder that is a symbolic link.
    """
    target = Path(path)
    payload = _encoded(data)
    _refuse_folder_link(target.parent, field)
    exists, mode = _refuse_link(target, field)
    if exists and not replace:
        raise ValidationError(
            f"{display_path(target)} already exists; pass --force (force=True) to replace it",
            path=field,
        )
    try:
        with (
            _signals_stop_cleanly() as guard,
            _temporary_beside(target, payload, mode if exists else None) as temporary,
        ):
            if replace:
                os.replace(temporary, target)
            else:
                os.link(temporary, target)
            guard.hold()  # done: a signal now waits until the temporary file is gone
    except FileExistsError:
        raise ValidationError(f"{display_path(target)} already exists", path=field) from None
    except OSError as error:
        raise ValidationError(_os_message(target, error), path=field) from None
    _fsync_folder(target.parent)
    return target


def write_files(
    folder: str | os.PathLike[str],
    files: Mapping[str, str | bytes | Callable[[], str | bytes]],
    *,
    force: bool = False,
    field: str = "folder",
) -> tuple[Path, ...]:
    """Write a set of files into ``folder`` (made if missing): the whole set or nothing.

    A value may be a function that makes the file's data, called only when that file is
    written, so a large set need not be held in memory at once.
    Each name must be a plain file name (see :func:`safe_name_problem`). Existing files are
    refused unless ``force``; links are always refused, and so is a folder that is a
    symbolic link. Every name is checked before anything is written.

    The set is written into a temporary folder inside ``folder`` first. Only when every
    file is complete are the files it replaces moved aside (into a second temporary
    folder), the new ones moved in, and the old ones deleted. An error or a signal at any
    step undoes the steps before it: the new files are removed and the replaced ones put
    back, so the folder holds either the complete new set or the previous files untouched,
    and the error says which. (Only a crash or SIGKILL mid-swap can leave the previous
    files in a ``.PID-N.apsperf-old`` folder inside ``folder``, which the error of the
    next attempt does not hide.)
    """
    base = Path(folder)
    for name in files:
        problem = safe_name_problem(name)
        if problem:
            raise ValidationError(f"{name[:80]!r} {problem}", path=field)
    _refuse_folder_link(base, field)
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValidationError(_os_message(base, error), path=field) from None
    _refuse_folder_link(base, field)
    if not base.is_dir():
        raise ValidationError(f"{display_path(base)} is not a folder", path=field)
    modes: dict[str, int] = {}
    for name in files:
        exists, mode = _refuse_link(base / name, field)
        if exists:
            modes[name] = mode
    if modes and not force:
        clashes = list(modes)
        shown = ", ".join(clashes[:5]) + (" …" if len(clashes) > 5 else "")
        raise ValidationError(
            f"{len(clashes)} file(s) already exist in {display_path(base)} ({shown}); "
            "pass --force (force=True) to replace them",
            path=field,
        )
    swap = _Swap(base, field)
    try:
        with _signals_stop_cleanly() as guard:
            try:
                swap.stage(files, modes)
                swap.move_aside(modes)
                swap.move_in(files)
            except BaseException:
                guard.hold()
                swap.undo()
                raise
            guard.hold()  # the new set is in place: a signal now waits for the tidying
            swap.finish()
    except OSError as error:
        raise swap.failed(_os_message(base, error)) from None
    except ValidationError as error:
        raise swap.failed(error.message) from None
    return tuple(base / name for name in files)


class _Swap:
    """The steps of :func:`write_files`, each of which :meth:`undo` can take back."""

    def __init__(self, base: Path, field: str) -> None:
        self.base = base
        self.field = field
        self.staging: Path | None = None
        self.aside: Path | None = None
        self.moved_aside: list[str] = []
        self.moved_in: list[str] = []
        self.stranded: list[str] = []

    def stage(
        self, files: Mapping[str, str | bytes | Callable[[], str | bytes]], modes: dict[str, int]
    ) -> None:
        """Write every file, complete and flushed, into a private temporary folder."""
        self.staging = _unique_beside(self.base, ".apsperf-new", lambda p: p.mkdir(0o700))
        for name, data in files.items():
            payload = _encoded(data() if callable(data) else data)
            try:
                _write_new(self.staging / name, payload, modes.get(name))
            except OSError as error:
                raise ValidationError(_os_message(self.base / name, error)) from None

    def move_aside(self, modes: dict[str, int]) -> None:
        """Move the files the set replaces into a second temporary folder."""
        if not modes:
            return
        self.aside = _unique_beside(self.base, ".apsperf-old", lambda p: p.mkdir(0o700))
        for name in modes:
            _refuse_link(self.base / name, self.field)  # unchanged since it was checked
            os.rename(self.base / name, self.aside / name)
            self.moved_aside.append(name)

    def move_in(self, files: Mapping[str, object]) -> None:
        """Put each new file in place; a name someone else took meanwhile is refused."""
        assert self.staging is not None
        for name in files:
            try:
                os.link(self.staging / name, self.base / name)
            except FileExistsError:
                raise ValidationError(
                    f"{display_path(self.base / name)} appeared while the set was written"
                ) from None
            self.moved_in.append(name)
        _fsync_folder(self.base)

    def undo(self) -> None:
        """Remove the new files moved in and put back the ones moved aside."""
        for name in reversed(self.moved_in):
            with suppress(FileNotFoundError):
                os.unlink(self.base / name)
        for name in reversed(self.moved_aside):
            assert self.aside is not None
            try:
                os.rename(self.aside / name, self.base / name)
            except OSError:
                self.stranded.append(name)
        if not self.stranded:
            self._remove(self.aside)
        self._remove(self.staging)

    def failed(self, reason: str) -> ValidationError:
        """The error saying what is on disk after :meth:`undo`."""
        if self.stranded:
            assert self.aside is not None
            return ValidationError(
                f"{reason}; {len(self.stranded)} replaced file(s) could not be put back and "
                f"are in {display_path(self.aside)}; the new set was removed",
                path=self.field,
            )
        undone = [
            f"{n} {what}"
            for n, what in (
                (len(self.moved_in), "new file(s) removed"),
                (len(self.moved_aside), "replaced file(s) put back"),
            )
            if n
        ]
        done = f" ({', '.join(undone)})" if undone else ""
        return ValidationError(
            f"{reason}; nothing was written{done}: the folder is as it was", path=self.field
        )

    def finish(self) -> None:
        """Delete the replaced files and the temporary folders once the set is in place."""
        self._remove(self.aside)
        self._remove(self.staging)
        _fsync_folder(self.base)

    @staticmethod
    def _remove(folder: Path | None) -> None:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


_CHUNK: Final = 1 << 20
"""Bytes read at a time: memory follows the file's size, never the limit's."""


def read_limited(stream: IO[bytes], max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of ``stream``, read a chunk at a time.

    One ``read(max_bytes + 1)`` would reserve the whole limit (1 GiB by default) up front,
    whatever the file's size; a file whose size is known is read in one piece of that size.
    """
    chunks: list[bytes] = []
    left = max_bytes + 1
    try:  # a file's size is known: read it in one piece (a stream that grows reads on)
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        size = 0
    if 0 < size < left:
        chunks.append(stream.read(size))
        left -= len(chunks[0])
    while left > 0:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class NamedBytes(io.BytesIO):
    """A file's bytes, read once, named as the file is (a stream's ``name`` names it in errors)."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name
