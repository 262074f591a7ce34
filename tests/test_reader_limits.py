"""Readers outside segmentation refuse oversized files in one line; huge numbers are input."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import apsperf._content
from apsperf import ValidationError
from apsperf.cli import main

HUGE = (10**5000, -(10**5000), "7" * 6000, "0" * 6000 + "3", 2**129)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        status = main(argv)
    except SystemExit as exc:
        status = int(exc.code or 0)
    return status, capsys.readouterr().err


COMMANDS = [
    ["template", "self-reflection", "--answers", "{file}"],
    [
        "pack",
        "--employee",
        "E1",
        "--performance",
        "low",
        "--potential",
        "low",
        "--answers",
        "{file}",
    ],
    ["plan", "render", "{file}"],
    ["plan", "check", "{file}"],
    ["plan", "verify", "{file}", "--against", "{file}"],
    ["maturity", "assess", "{file}"],
    ["maturity", "report", "{file}"],
]


@pytest.mark.parametrize("argv", COMMANDS)
def test_a_document_over_the_limit_is_refused_in_one_line(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(apsperf._content, "MAX_DOCUMENT_BYTES", 1_000)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"padding": "x" * 1_000}), "utf-8")
    status, err = run([str(big) if a == "{file}" else a for a in argv], capsys)
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1
    assert "larger than the limit of 1,000 bytes" in err and "big.json" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("argv", [COMMANDS[0], COMMANDS[2]])
def test_an_endless_file_stops_at_the_real_limit(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = run(["/dev/zero" if a == "{file}" else a for a in argv], capsys)
    assert status == 2
    assert f"larger than the limit of {apsperf._content.MAX_DOCUMENT_BYTES:,} bytes" in err


def test_the_limit_is_sixteen_mebibytes() -> None:
    assert apsperf._content.MAX_DOCUMENT_BYTES == 16 * 1024 * 1024


def _parsers() -> list[Callable[[object], object]]:
    from apsperf.agreements import LeadershipCapability, default_scales
    from apsperf.dates import parse_date
    from apsperf.guides import OutputFormat
    from apsperf.maturity import Aggregation, ReportFormat, aggregate, default_scale

    scales = default_scales()
    return [
        LeadershipCapability.parse,
        lambda v: aggregate([3, v]),  # type: ignore[list-item]
        lambda v: Aggregation.MEAN.combine([v]),  # type: ignore[list-item]
        lambda v: Aggregation.MEDIAN.combine([2, v, 4]),  # type: ignore[list-item]
        default_scale().parse_level,
        lambda v: default_scale().level(v),  # type: ignore[arg-type]
        scales.behaviours.level,
        OutputFormat.parse,
        ReportFormat.parse,
        parse_date,
    ]


@pytest.mark.parametrize(
    "value", HUGE, ids=["10**5000", "-10**5000", "7*6000", "0*6000+3", "2**129"]
)
def test_huge_numbers_are_validation_errors(value: object) -> None:
    for parse in _parsers():
        try:
            parse(value)
        except ValidationError as error:
            assert len(str(error)) < 400
        # "0" * 6000 + "3" may be read as 3; anything else must be refused above


@given(st.integers(min_value=-(10**6000), max_value=10**6000) | st.sampled_from(HUGE))
def test_shown_never_fails(value: object) -> None:
    from apsperf.errors import _shown

    assert len(_shown(value)) <= 45


_SMALL_ADDRESS_SPACE = """
import resource, sys
limit = 900 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from apsperf.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["review", "{csv}"],
        ["calibrate", "{csv}", "--changes", "{changes}", "--csv", "{out}"],
        ["history", "{csv}", "{csv}"],
        ["maturity", "assess", "{json}"],
    ],
)
def test_a_small_file_reads_in_a_small_address_space(tmp_path: Path, argv: list[str]) -> None:
    """Memory follows the file, never the size limit: no read reserves the whole limit."""
    import subprocess
    import sys

    files = {
        "csv": tmp_path / "people.csv",
        "changes": tmp_path / "changes.csv",
        "out": tmp_path / "out.csv",
        "json": tmp_path / "self.json",
    }
    files["csv"].write_text(
        "Employee ID,Performance,Potential\nE1,High,High\nE2,Low,Low\nE3,Moderate,High\n",
        encoding="utf-8",
    )
    files["changes"].write_text(
        "employee_id,performance,potential,reason,by,on\nE1,Low,Low,why,Chair,22/09/2026\n",
        encoding="utf-8",
    )
    files["json"].write_text("{}", encoding="utf-8")
    arguments = [a.format(**{k: str(v) for k, v in files.items()}) for a in argv]
    done = subprocess.run(
        [sys.executable, "-c", _SMALL_ADDRESS_SPACE, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1, 2), done.stderr
    assert "MemoryError" not in done.stderr and "internal error" not in done.stderr, done.stderr


def _long_cell_readers() -> list[Callable[[str], object]]:
    from apsperf.segmentation import CalibrationSession, read_changes, read_workforce
    from apsperf.segmentation.render._calibrated import write_calibrated_csv

    def proposals(text: str) -> object:
        session = CalibrationSession.start(
            read_workforce(io.StringIO("employee_id,performance,potential\n"))
        )
        return write_calibrated_csv(text, session, io.StringIO())

    return [
        lambda text: read_workforce(io.StringIO(text)),
        lambda t: read_changes(io.StringIO(t)),
        proposals,
    ]


@pytest.mark.parametrize("reader", range(3), ids=["workforce", "changes", "proposals"])
@pytest.mark.parametrize("quoted", [False, True])
def test_every_csv_reader_states_the_cell_limit(reader: int, quoted: bool) -> None:
    """One cell over csv.field_size_limit() (128 KiB) refuses the file, saying so in one line."""
    import csv

    limit = csv.field_size_limit()
    header = "employee_id,performance,potential,reason,by,on\n"
    cell = "x" * (limit + 1)
    cell = f'"{cell}"' if quoted else cell
    text = header + f"E1,high,high,{cell},Chair,1/9/2026\n"
    with pytest.raises(ValidationError) as caught:
        _long_cell_readers()[reader](text)
    message = str(caught.value)
    assert f"longer than {limit:,} characters" in message and "\n" not in message
    assert len(message) < 300
