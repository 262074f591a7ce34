"""The one content loader: TOML content files, packaged or an agency's own, into models.

Every content file (guides, overlays, the plan template, the SES rating scales, maturity
scales) is read the same way: the bytes, up to :data:`MAX_CONTENT_BYTES`; strict UTF-8, as
the TOML specification requires; ``tomllib``; then the content converter. Every problem is
a :class:`~apsperf.ValidationError` whose paths name the file, the entry and the field:
``guide.toml: guide.guides[3:top-talent].questions[2]: must not be empty``.

The content converter (:func:`make_content_converter`) is the JSON converter plus one
shorthand that only content files have: an entry whose only required field is ``text``
(a development option, a step action, a leader action) may be written as the text alone.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from apsperf import serialization
from apsperf._files import read_limited
from apsperf.errors import ValidationError

__all__ = [
    "MAX_CONTENT_BYTES",
    "MAX_DOCUMENT_BYTES",
    "PathLike",
    "content_converter",
    "file_error",
    "make_content_converter",
    "packaged_toml",
    "parse_toml",
    "read_bytes",
    "read_toml",
    "structure_content",
]

T = TypeVar("T")
PathLike = str | os.PathLike[str]

MAX_CONTENT_BYTES: Final = 16 * 1024 * 1024
"""The largest content file read (16 MiB); the packaged files are well under 100 KiB."""

MAX_DOCUMENT_BYTES: Final = 16 * 1024 * 1024
"""The largest JSON document read from a file (16 MiB): self-reflection answers
(``apsperf template --answers``, ``apsperf pack --answers``), a plan (``apsperf plan ...``)
and a maturity self-assessment. A larger file is refused before it is parsed."""


def _text_only(cls: type) -> bool:
    if not isinstance(cls, type) or not attrs.has(cls):
        return False
    required = [a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING]
    return required == ["text"]


def _text_or_table(cls: type, conv: cattrs.Converter) -> Any:
    table: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, conv)

    def structure(value: Any, kind: type) -> Any:
        if isinstance(value, str):
            return cls(text=serialization.check_text(value))
        return table(value, kind)

    return structure


def make_content_converter() -> cattrs.Converter:
    """A new converter for TOML content files: the JSON converter plus the text shorthand.

    An entry of a class whose only required field is ``text`` may be written as plain text
    (``"Website."`` for ``{text = "Website."}``). JSON documents never take this shorthand.
    """
    conv = serialization.make_converter()
    conv.register_structure_hook_factory(_text_only, _text_or_table)
    return conv


@functools.cache
def content_converter() -> cattrs.Converter:
    """The content converter, made on first use and never changed."""
    return make_content_converter()


def file_error(name: str, problems: Iterable[tuple[str, str]]) -> ValidationError:
    """One error naming the file and the place in it of every problem (``file: path``)."""
    located = tuple(
        (f"{name}: {path}" if path and path != "$" else name, message) for path, message in problems
    )
    return ValidationError.from_errors(located)


def read_bytes(path: PathLike, *, limit: int = MAX_CONTENT_BYTES) -> tuple[bytes, str]:
    """The bytes of a file and its name, at most ``limit`` bytes, or ValidationError."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = read_limited(handle, limit)
    except FileNotFoundError:
        raise ValidationError("cannot read the file: no such file", path=name) from None
    except OSError as exc:
        raise ValidationError(f"cannot read the file ({exc.strerror})", path=name) from None
    if len(data) > limit:
        raise ValidationError(f"larger than the limit of {limit:,} bytes", path=name)
    return data, name


def parse_toml(data: bytes | str, name: str) -> dict[str, Any]:
    """The tables of TOML content (UTF-8 bytes or text), or ValidationError naming ``name``."""
    import tomllib  # deferred: nothing reads TOML until content is first needed

    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"not valid UTF-8 text (byte {exc.start})", path=name) from None
    try:
        return tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"not valid TOML: {exc}", path=name) from None
    except RecursionError:
        raise ValidationError("not valid TOML: nested too deeply", path=name) from None
    except ValueError as exc:  # an integer with more digits than Python converts
        raise ValidationError(f"not valid TOML: {exc}", path=name) from None


def read_toml(path: PathLike, *, limit: int = MAX_CONTENT_BYTES) -> tuple[dict[str, Any], str]:
    """The tables of a TOML file and its name, or a ValidationError naming the file."""
    data, name = read_bytes(path, limit=limit)
    return parse_toml(data, name), name


def packaged_toml(package: str, *parts: str) -> tuple[dict[str, Any], str]:
    """The tables of a TOML file shipped in ``package`` and the file's name."""
    data = resources.files(package).joinpath(*parts).read_bytes()
    return parse_toml(data, parts[-1]), parts[-1]


def structure_content(
    data: Mapping[str, Any] | Any,
    cls: type[T],
    *,
    name: str,
    prefix: str = "",
) -> T:
    """Structure content tables into ``cls`` with the content converter.

    Problems raise ValidationError naming the file ``name``; ``prefix`` is the table the
    data came from (``"guide"``), put before each path.
    """
    try:
        return serialization.structure(data, cls, using=content_converter())
    except ValidationError as exc:
        problems = [(_under(prefix, path), message) for path, message in exc.errors]
        raise file_error(name, problems) from None


def _under(prefix: str, path: str) -> str:
    if path in ("", "$"):
        return prefix
    if not prefix:
        return path
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"
