"""The one error family users catch: everything apsperf rejects is an :class:`ApsperfError`."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType

__all__ = ["ApsperfError", "MissingDependencyError", "ValidationError", "require"]


def _shown(value: object, width: int = 40) -> str:
    """``value`` as an error message quotes it: its ``repr``, of at most ``width`` characters.

    Text is clipped *before* it is quoted (``'JaneJaneJa…'``), so the quote always closes:
    redacting mode (:mod:`apsperf._redaction`) finds and replaces exactly such quotes. Never
    a crash: a whole number too long to write out (``10**5000``; Python refuses to convert
    one of over 4,300 digits) is described by its size, and a ``repr`` that fails by its
    type.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    if isinstance(value, str):
        shown = repr(value)
        keep = len(value)
        while len(shown) > width and keep > 0:  # escapes make a repr longer than its text
            keep = min(keep - 1, max(width - 3, 1) if keep > width else keep - 1)
            shown = repr(value[:keep] + "\u2026")
        return shown
    try:
        return f"{value!r:.{width}}"
    except Exception:  # a value's own repr may fail in any way
        return f"a {type(value).__name__} value"


class ApsperfError(Exception):
    """Base class of every error apsperf raises on purpose."""


class ValidationError(ApsperfError, ValueError):
    """Input was rejected; the message names the offending field path, row or file.

    ``errors`` holds one ``(path, message)`` pair per problem found, so a caller can show
    every problem at once rather than one per attempt. ``path`` is the first problem's path.
    """

    errors: tuple[tuple[str, str], ...]

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        errors: Iterable[tuple[str, str]] = (),
    ) -> None:
        collected = tuple(errors) or ((path, message),)
        self.errors = collected
        self.path = path or collected[0][0]
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)

    @classmethod
    def from_errors(
        cls, errors: Iterable[tuple[str, str]], *, summary: str = ""
    ) -> ValidationError:
        """Build one error reporting several ``(path, message)`` problems."""
        collected = tuple(errors)
        if not collected:
            raise ValueError("from_errors needs at least one problem")
        if len(collected) == 1 and not summary:
            path, message = collected[0]
            return cls(message, path=path)
        lines = "; ".join(f"{p}: {m}" if p else m for p, m in collected)
        text = f"{summary}: {lines}" if summary else lines
        error = cls(text, errors=collected)
        error.path = ""
        error.args = (text,)
        return error

    def within(self, prefix: str) -> ValidationError:
        """Return a copy whose paths are nested under ``prefix`` (a field name or ``[3]``)."""

        def join(path: str) -> str:
            if not path:
                return prefix
            return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"

        nested = tuple((join(p), m) for p, m in self.errors)
        if len(nested) == 1:
            return ValidationError(self.message, path=join(self.path))
        return ValidationError.from_errors(nested)


class MissingDependencyError(ApsperfError, ImportError):
    """An optional dependency is not installed; the message gives the ``pip`` command.

    It is an :class:`ImportError`, never a :class:`ValueError`, so ``except ValueError``
    around bad input does not hide a missing install. ``extra`` names the apsperf extra.
    """

    def __init__(self, module: str, *, extra: str, purpose: str = "") -> None:
        self.module = module
        self.extra = extra
        package = module.partition(".")[0]
        needs = f"{purpose} needs {package}" if purpose else f"{package} is not installed"
        super().__init__(f"{needs}: pip install 'apsperf[{extra}]'", name=package)


def require(module: str, *, extra: str, purpose: str = "") -> ModuleType:
    """Import an optional dependency, or raise :class:`MissingDependencyError`.

    ``require("pandas", extra="pandas")`` returns the module; when it is missing, the
    error says ``pip install 'apsperf[pandas]'``. Every optional import goes through here.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(module, extra=extra, purpose=purpose) from None
