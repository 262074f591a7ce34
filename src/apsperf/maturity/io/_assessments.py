"""Reading self-assessments: one JSON file, or many files and folders of them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from apsperf._redaction import redacting
from apsperf.errors import ValidationError
from apsperf.maturity.model._assessment import SelfAssessment

__all__ = ["load_self_assessment", "load_self_assessments", "self_assessment_files"]


def load_self_assessment(path: str | Path, *, redact: bool = False) -> SelfAssessment:
    """Read one self-assessment JSON file; errors name the file and the field path.

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        from apsperf._content import MAX_DOCUMENT_BYTES
        from apsperf._files import read_limited
        from apsperf.serialization import from_json

        file = Path(path)
        try:
            with open(file, "rb") as handle:
                data = read_limited(handle, MAX_DOCUMENT_BYTES)
        except FileNotFoundError:
            raise ValidationError("no such file", path=str(file)) from None
        except OSError as error:
            raise ValidationError(f"cannot read: {error.strerror}", path=str(file)) from None
        if len(data) > MAX_DOCUMENT_BYTES:
            raise ValidationError(
                f"larger than the limit of {MAX_DOCUMENT_BYTES:,} bytes", path=str(file)
            )
        try:
            return from_json(SelfAssessment, data)
        except ValidationError as error:
            located = [(f"{file}:{p}" if p else str(file), m) for p, m in error.errors]
            raise ValidationError.from_errors(located) from None


def load_self_assessments(
    paths: Iterable[str | Path], *, redact: bool = False
) -> tuple[SelfAssessment, ...]:
    """Read self-assessments from JSON files and folders (every ``*.json`` in a folder, sorted).

    With ``redact=True``, errors name the file, entry and field but quote no value from it.
    """
    with redacting(redact):
        return tuple(load_self_assessment(f) for f in self_assessment_files(paths))


def self_assessment_files(paths: Iterable[str | Path]) -> tuple[Path, ...]:
    """The files :func:`load_self_assessments` reads, in the order it reads them.

    Each file given, and every ``*.json`` in each folder given (sorted by name).
    """
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix == ".json"))
        else:
            files.append(path)
    return tuple(files)
