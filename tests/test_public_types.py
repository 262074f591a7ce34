"""A user's ``mypy --strict`` sees precise public signatures: no ``Any`` leaks through."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api

SRC = Path(__file__).resolve().parents[1] / "src"

SNIPPET = """
import datetime as dt

from apsperf.agreements import WorkingRelationship
from apsperf.maturity import SelfAssessment
from apsperf.segmentation import (
    Movement,
    Segment,
    check_distribution,
    read_workforce,
    review,
    sample_workforce_path,
)

result = review(read_workforce(sample_workforce_path(2025)))
check_distribution(result, {"top-talent": 10, "well-placed": 25})  # documented: fine
check_distribution(result, {Segment.TOP_TALENT: 10.0, Segment.UNCERTAIN: 2})  # fine
SelfAssessment(agency="x", assessed_on=dt.date(2024, 1, 1), ratings=[])  # fine
SelfAssessment(agency="x", assessed_on=dt.date(2024, 1, 1), ratings=42)  # BAD ratings
Movement(matrix="no", joiners=[], leavers=[], transitions=[])  # BAD matrix
Movement(matrix=[], joiners=[1], leavers=[], transitions=[])  # BAD joiners
WorkingRelationship(manager_seeks=3)  # BAD manager_seeks
"""


def _errors(tmp_path: Path) -> dict[int, str]:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(textwrap.dedent(SNIPPET), encoding="utf-8")
    stdout, stderr, _ = api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            str(snippet),
        ]
    )
    assert not stderr, stderr
    errors: dict[int, str] = {}
    for line in stdout.splitlines():
        prefix = f"{snippet}:"
        if line.startswith(prefix) and ": error:" in line:
            number = int(line[len(prefix) :].split(":", 1)[0])
            errors[number] = errors.get(number, "") + line
    return errors


def test_mypy_rejects_wrong_types_and_accepts_the_documented_calls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MYPYPATH", str(SRC))  # this checkout, not an installed copy
    errors = _errors(tmp_path)
    lines = textwrap.dedent(SNIPPET).splitlines()
    bad = {n for n, text in enumerate(lines, start=1) if "# BAD" in text}
    good = {
        n for n, text in enumerate(lines, start=1) if "# documented" in text or "# fine" in text
    }
    assert bad <= set(errors), (bad - set(errors), errors)
    assert not good & set(errors), {n: errors[n] for n in good & set(errors)}
    assert set(errors) <= bad, errors
