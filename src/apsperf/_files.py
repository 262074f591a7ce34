"""Writing files safely: atomically, inside their folder, never through a link.

Every file apsperf writes goes through :func:`write_file` (one file the user named, replaced
atomically) or :func:`write_files` (a set of new files in a folder, all or none). Both:

- write to a temporary file in the same folder, flush it to disk, then move it into place,
  so a failure never leaves an emptied or half-written file;
- refuse a target that is a symbolic link or a file with other hard links, so nothing is
  written outside the folder through a link;
- name paths in errors with :func:`display_path`, which is safe for any file name the
  operating system hands back (even one that is not valid UTF-8).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from apsperf.errors import ValidationError

__all__ = ["MAX_NAME_BYTES", "display_path", "safe_name_problem", "write_file", "write_files"]

MAX_NAME_BYTES = 255
"""The longest file name (in bytes, as the file system stores it) apsperf writes."""

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


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


def _refuse_link(path: Path, field: str) -> bool:
    """Raise when ``path`` is a link; return whether a regular file is already there."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
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
    return True


def _os_message(path: Path, error: OSError) -> str:
    reason = error.strerror or type(error).__name__
    return f"cannot write {display_path(path)}: {reason}"


@contextmanager
def _temporary_beside(target: Path, data: bytes) -> Iterator[Path]:
    """A fully written temporary file in ``target``'s folder, removed unless moved away."""
    folder = target.parent
    for attempt in range(100):
        temporary = folder / f".{os.getpid()}-{attempt}.apsperf-tmp"
        try:
            handle = os.open(temporary, _FLAGS, 0o644)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - a hundred stale temporary files
        raise ValidationError(f"cannot create a temporary file in {display_path(folder)}")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        yield temporary
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


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
    otherwise; a link (symbolic, or a file with other hard links) is always refused.
    """
    target = Path(path)
    payload = _encoded(data)
    exists = _refuse_link(target, field)
    if exists and not replace:
        raise ValidationError(
            f"{display_path(target)} already exists; pass --force (force=True) to replace it",
            path=field,
        )
    try:
        with _temporary_beside(target, payload) as temporary:
            if replace:
                os.replace(temporary, target)
            else:
                os.link(temporary, target)
    except FileExistsError:
        raise ValidationError(f"{display_path(target)} already exists", path=field) from None
    except OSError as error:
        raise ValidationError(_os_message(target, error), path=field) from None
    return target


def write_files(
    folder: str | os.PathLike[str],
    files: Mapping[str, str | bytes | Callable[[], str | bytes]],
    *,
    force: bool = False,
    field: str = "folder",
) -> tuple[Path, ...]:
    """Write a set of new files into ``folder`` (made if missing): all of them or none.

    A value may be a function that makes the file's data, called only when that file is
    written, so a large set need not be held in memory at once.
    Each name must be a plain file name (see :func:`safe_name_problem`). Existing files are
    refused unless ``force``; links are always refused. Every name is checked before
    anything is written, and if writing fails part way the files this call created are
    removed again, so the error never hides a partial set.
    """
    base = Path(folder)
    for name in files:
        problem = safe_name_problem(name)
        if problem:
            raise ValidationError(f"{name[:80]!r} {problem}", path=field)
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValidationError(_os_message(base, error), path=field) from None
    if not base.is_dir():
        raise ValidationError(f"{display_path(base)} is not a folder", path=field)
    clashes = [name for name in files if _refuse_link(base / name, field)]
    if clashes and not force:
        shown = ", ".join(clashes[:5]) + (" …" if len(clashes) > 5 else "")
        raise ValidationError(
            f"{len(clashes)} file(s) already exist in {display_path(base)} ({shown}); "
            "pass --force (force=True) to replace them",
            path=field,
        )
    written: list[Path] = []
    replaced = set(clashes)
    try:
        for name, data in files.items():
            payload = data() if callable(data) else data
            written.append(write_file(base / name, payload, replace=name in replaced, field=field))
    except BaseException as error:
        for path in written:
            if path.name not in replaced:
                path.unlink(missing_ok=True)
        if isinstance(error, ValidationError):
            raise ValidationError(
                f"{error.message}; nothing was written ({len(written)} new file(s) removed)",
                path=field,
            ) from None
        raise
    return tuple(written)
