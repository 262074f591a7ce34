"""Redacting mode hides every value that came from a cell, whatever the file's layout.

A file may have no header row (its first person is read as the header), numbers where words
belong, words where numbers belong, very long cells, or an identifier in any column. With
``redact=True`` no cell's text reaches an error, a rejected row or a finding, every message
stays one short line, and apsperf's own hints (``--performance-scale 1-5``) survive whole.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import read_changes, read_workforce, workforce_from_rows

# cell values nobody's message text could hold by chance: a planted secret is found by
# substring, so each is at least six characters of letters or digits
SECRET_WORDS = st.from_regex(r"[QXZJ][a-z]{5,8}( [QXZJ][a-z]{4,8})?", fullmatch=True)
SECRET_NUMBERS = st.one_of(
    st.integers(100_000, 10**12).map(str),
    st.integers(100_000, 10**8).map(lambda n: f"{n}.5"),
    st.integers(100_000, 10**8).map(lambda n: f"-{n}"),
)
SECRETS = st.one_of(SECRET_WORDS, SECRET_NUMBERS, SECRET_WORDS.map(lambda w: w * 3000))
FINE = st.sampled_from(["high", "low", "moderate", "1", "2", "3", ""])
ROLES = ["Employee ID", "Performance", "Potential", "Assessor", "Division", "Assessed on"]


@st.composite
def files(draw: st.DrawFn) -> tuple[list[str], list[list[str]], set[str]]:
    header = draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=6, unique=True))
    secrets: set[str] = set()
    if draw(st.booleans()):  # no header row: the first person stands where the header would
        header = [draw(SECRETS) for _ in header]
        secrets.update(header)
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row = []
        for _ in header:
            cell = draw(st.one_of(FINE, SECRETS))
            row.append(cell)
            if cell not in {"high", "low", "moderate", "1", "2", "3", ""}:
                secrets.add(cell)
        rows.append(row)
    return header, rows, secrets


def _messages(read: object) -> list[str]:
    """Everything a read says: the error, or each rejected row's reason and each finding."""
    try:
        workforce = read()  # type: ignore[operator]
    except ValidationError as error:
        return [str(error), *(message for _, message in error.errors)]
    if isinstance(workforce, tuple):  # a changes file: the changes, nothing said
        return []
    return [r.reason for r in workforce.rejected] + [f.message for f in workforce.findings]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(",".join(cells) for cells in [header, *rows]) + "\n"


def _check(messages: list[str], secrets: set[str]) -> None:
    for message in messages:
        assert "\n" not in message and len(message) <= 1_000, message[:300]
        for secret in secrets:
            assert secret not in message, (secret, message)
            for part in secret.split(" "):  # never part of a cell either
                assert len(part) < 6 or part not in message, (part, message)


@settings(max_examples=150, deadline=None)
@given(files(), st.booleans())
def test_no_cell_value_reaches_a_message(
    drawn: tuple[list[str], list[list[str]], set[str]], strict: bool
) -> None:
    header, rows, secrets = drawn
    text = _csv(header, rows)
    _check(
        _messages(lambda: read_workforce(io.StringIO(text), redact=True, strict=strict)), secrets
    )
    _check(
        _messages(lambda: workforce_from_rows(rows, header=header, redact=True, strict=strict)),
        secrets,
    )
    changes = _csv(["employee_id", "performance", "potential", "reason", "by", "on"], rows)
    _check(_messages(lambda: read_changes(io.StringIO(changes), redact=True)), secrets)


def _hints(message: str) -> set[str]:
    return set(re.findall(r"--[a-z][a-z-]+(?: [0-9]-[0-9])?", message))


@settings(max_examples=100, deadline=None)
@given(files())
def test_redaction_keeps_apsperfs_own_words(
    drawn: tuple[list[str], list[list[str]], set[str]],
) -> None:
    header, rows, _ = drawn
    text = _csv(header, rows)
    plain = _messages(lambda: read_workforce(io.StringIO(text)))
    redacted = _messages(lambda: read_workforce(io.StringIO(text), redact=True))
    assert len(plain) == len(redacted)
    for shown, hidden in zip(plain, redacted, strict=True):
        assert _hints(shown) == _hints(hidden), (shown, hidden)


@pytest.mark.parametrize(
    "text",
    [
        "E1,Jane Citizen,high,low\nE2,Bob,low,low\n",
        "Employee ID,Performance,Potential\nE1,12345678,high\n",
        "Employee ID,Performance,Potential\nE1,2.25,high\nE2,1,1\n",
    ],
)
def test_the_cli_redacts_every_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = tmp_path / "wf.csv"
    path.write_text(text, "utf-8")
    status = main(["--redact", "review", str(path)])
    captured = capsys.readouterr()
    assert status in (1, 2)
    for secret in ("Jane Citizen", "12345678", "2.25"):
        assert secret not in captured.err, captured.err
