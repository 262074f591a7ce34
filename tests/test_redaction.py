"""Redacting mode: errors and rejections name the line and column, never the value."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf._redaction import REDACTED, redact
from apsperf.cli import main
from apsperf.maturity import SelfAssessment
from apsperf.segmentation import read_workforce, workforce_from_rows
from apsperf.serialization import from_json

NAME = "Jane Citizen"
TEXT = f"Employee ID,Performance,Potential,Assessed on\nE1,{NAME},high,\nE2,low,low,{NAME}\n"


def test_rejected_rows_name_line_and_column_only() -> None:
    plain = read_workforce(io.StringIO(TEXT, newline=""))
    assert any(NAME in r.reason for r in plain.rejected)
    redacted = read_workforce(io.StringIO(TEXT, newline=""), redact=True)
    assert [(r.line, r.field) for r in redacted.rejected] == [
        (r.line, r.field) for r in plain.rejected
    ]
    for row in redacted.rejected:
        assert NAME not in row.reason and REDACTED in row.reason and row.employee_id == ""
    rows = [["E1", NAME, "high", None]]
    header = ["Employee ID", "Performance", "Potential", "Assessed on"]
    (row,) = workforce_from_rows(rows, header=header, redact=True).rejected
    assert NAME not in row.reason


def test_strict_errors_are_redacted() -> None:
    with pytest.raises(ValidationError) as caught:
        read_workforce(io.StringIO(TEXT, newline=""), strict=True, redact=True)
    assert NAME not in str(caught.value) and "line 2" in str(caught.value)
    assert caught.value.path.endswith("Performance")


def test_document_loaders_redact() -> None:
    document = '{"schema_version": 1, "agency": "A", "assessed_on": "Jane Citizen"}'
    with pytest.raises(ValidationError) as plain:
        from_json(SelfAssessment, document)
    assert NAME in str(plain.value)
    with pytest.raises(ValidationError) as caught:
        from_json(SelfAssessment, document, redact=True)
    assert NAME not in str(caught.value) and "assessed_on" in str(caught.value)


def test_the_cli_redacts_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wf.csv"
    path.write_text(TEXT, "utf-8")
    for argv in (
        ["review", str(path), "--redact"],
        ["--redact", "review", str(path), "--format", "json"],
        ["review", str(path), "--strict", "--redact"],
    ):
        main(argv)
        captured = capsys.readouterr()
        assert NAME not in captured.out + captured.err, argv
        assert "line 2" in captured.out + captured.err or '"line": 2' in captured.out
    main(["review", str(path)])
    assert NAME in capsys.readouterr().out


@given(st.text(max_size=30))
def test_no_quoted_value_survives(value: str) -> None:
    for message in (f"{value!r} is not a level", f"duplicate employee id {value!r} (line 3)"):
        shown = redact(message)
        if value and len(value) > 3 and "'" not in value and '"' not in value:
            assert value not in shown


# --- every loader takes redact= -----------------------------------------------------------


def _loaders() -> list[tuple[str, Callable[..., object]]]:
    """Every public ``load_*``/``read_*`` function of the domain subpackages."""
    import importlib

    found = []
    for package in ("segmentation", "guides", "agreements", "maturity"):
        module = importlib.import_module(f"apsperf.{package}")
        for name in module.__all__:
            if name.startswith(("load_", "read_")) or name.endswith("_from_rows"):
                found.append((f"{package}.{name}", getattr(module, name)))
    return found


def test_every_loader_takes_redact() -> None:
    import inspect

    loaders = _loaders()
    assert len(loaders) >= 12
    for name, loader in loaders:
        if name == "maturity.load_samples":  # reads only the packaged sample: nothing to hide
            continue
        parameter = inspect.signature(loader).parameters.get("redact")
        assert parameter is not None, name
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is False


def _weighted_policy(path: Path) -> str:
    path.write_text(f'[[elements]]\nname = "X"\nkind = "{NAME}"\nweight = 1\n', "utf-8")
    return NAME


def _tailored(path: Path) -> str:
    """An overlay adding a question the guide already has: the message quotes it."""
    from apsperf.guides import default_guidebook

    question = default_guidebook().career_guide("top-talent").questions[0]
    assert '"' not in question
    text = f'[overlay]\nname = "Draft"\n\n[segments.top-talent]\nadd_questions = ["{question}"]\n'
    path.write_text(text, "utf-8")
    return question


def _scale(path: Path) -> str:
    """The default scale with two levels of the same name: the message quotes the name."""
    from apsperf import maturity

    text = (Path(maturity.__file__).parent / "default_scale.toml").read_text("utf-8")
    names = [
        line for line in text.splitlines() if line.startswith('name = "') and "levels" not in line
    ]
    levels = text.split("[[levels]]")
    renamed = [levels[0]] + [
        part.replace(next(n for n in names if n in part), f'name = "{NAME}"', 1) if i < 2 else part
        for i, part in enumerate(levels[1:])
    ]
    path.write_text("[[levels]]".join(renamed), "utf-8")
    return NAME


def _self_assessment(path: Path) -> str:
    path.write_text(json.dumps({"schema_version": 1, "agency": "A", "assessed_on": NAME}), "utf-8")
    return NAME


def _changes(path: Path) -> str:
    text = f"employee_id,performance,potential,reason,by,on\nE1,{NAME},high,r,b,2025-01-01\n"
    path.write_text(text, "utf-8")
    return NAME


def _error(call: Callable[[], object]) -> ValidationError:
    try:
        call()
    except ValidationError as error:
        return error
    raise AssertionError("no ValidationError")


@pytest.mark.parametrize(
    ("loader", "write", "suffix"),
    [
        ("agreements.load_weighted_policy", _weighted_policy, ".toml"),
        ("guides.load_tailored", _tailored, ".toml"),
        ("maturity.load_scale", _scale, ".toml"),
        ("maturity.load_self_assessment", _self_assessment, ".json"),
        ("maturity.load_self_assessments", _self_assessment, ".json"),
        ("segmentation.read_changes", _changes, ".csv"),
    ],
)
def test_loaders_redact_quoted_values(
    tmp_path: Path, loader: str, write: Callable[[Path], str], suffix: str
) -> None:
    function: Any = dict(_loaders())[loader]
    path = tmp_path / f"document{suffix}"
    secret = write(path)
    argument: object = [path] if loader.endswith("assessments") else path
    plain = _error(lambda: function(argument))
    assert secret in str(plain), plain
    redacted = _error(lambda: function(argument, redact=True))
    assert secret not in str(redacted) and REDACTED in str(redacted)
    assert [p for p, _ in redacted.errors] == [p for p, _ in plain.errors]
    with pytest.raises(TypeError, match="redact must be a bool"):
        function(argument, redact="yes")
