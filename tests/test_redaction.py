"""Redacting mode: errors and rejections name the line and column, never the value."""

from __future__ import annotations

import io
from pathlib import Path

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
        ["--redact", "review", str(path), "--json"],
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
