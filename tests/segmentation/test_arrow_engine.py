"""The Arrow engine reads every file exactly as the Python engine does."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import Banding, _reader, read_workforce

pytest.importorskip("pyarrow")


def outcome(path: Path, engine: str, **options: Any) -> tuple[Any, ...]:
    """Everything a read gives: the workforce's results, or the error it raised."""
    try:
        workforce = read_workforce(path, engine=engine, **options)
    except ValidationError as error:
        return ("error", str(error))
    assert workforce.rows_read == workforce.rows_placed + len(workforce.rejected)
    return (
        list(workforce.placements()),
        workforce.rejected,
        workforce.findings,
        workforce.rows_read,
        workforce.blank_lines,
        tuple(workforce.lines()),
        workforce.group_names,
    )


def both(data: bytes, **options: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_bytes(data)
        return outcome(path, "python", **options), outcome(path, "arrow", **options)


HEADERS = [
    ["Employee ID", "Performance", "Potential"],
    ["Employee ID", "Division", "Performance", "Potential", "Assessed on"],
    ["Division", "Performance", "Potential", "Assessed on", "Assessor", "Employee ID"],
]
CELLS = {
    "Division": st.sampled_from(["Policy", " Policy", "Corp, Services", "", "D\u00e9v"]),
    "Performance": st.sampled_from(["low", "Moderate", "HIGH", "2", "3", "7", "bad", ""]),
    "Potential": st.sampled_from(["low", "high", "1", "med", "x", ""]),
    "Assessed on": st.sampled_from(["01/07/2025", "07/31/2025", "2025-07-01", "31/02/2025", ""]),
    "Assessor": st.sampled_from(["M1", "M2 ", ""]),
}
NOISE = ['"', '""', "\n", "\r\n", "\r", ",", ";", "", " ", "x"]


IDS = st.sampled_from(["E{}", " E{}", "E{} ", "\u00c9{}", "e{}"])


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """Mostly well-formed files (so the Arrow engine reads many itself), some spoilt."""
    header = draw(st.sampled_from(HEADERS))
    quote_all = draw(st.booleans())
    line_end = draw(st.sampled_from(["\n", "\r\n"]))
    delimiter = draw(st.sampled_from([",", ",", ";"]))

    def cell(text: str) -> str:
        if quote_all or any(c in text for c in delimiter + '"\r\n'):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(cell(h) for h in header)]
    for number in range(draw(st.integers(0, 12))):
        row = [draw(CELLS[name]) if name in CELLS else "" for name in header]
        row[header.index("Employee ID")] = draw(IDS).format(number)
        if draw(st.integers(0, 49)) == 0:  # a repeated or empty identifier
            row[header.index("Employee ID")] = draw(st.sampled_from(["E0", "", " "]))
        if draw(st.integers(0, 49)) == 0:  # a row of the wrong width, or with empties after
            row = row[: draw(st.integers(0, len(row)))]
            row += draw(st.sampled_from([[], ["", ""], ["z"]]))
        lines.append(delimiter.join(cell(c) for c in row))
    text = line_end.join(lines) + draw(st.sampled_from([line_end, ""]))
    # Then spoil it in places: stray quotes, line breaks, commas, blank lines.
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(NOISE)) + text[at:]
    bom = draw(st.sampled_from([b"", b"", b"", b"\xef\xbb\xbf"]))
    return bom + text.encode("utf-8")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=files(), strict=st.booleans(), declared=st.booleans())
def test_both_engines_read_every_file_alike(data: bytes, strict: bool, declared: bool) -> None:
    options: dict[str, Any] = {"strict": strict}
    if declared:
        options["performance"] = Banding.preset("1-5")
    python, arrow = both(data, **options)
    assert arrow == python


@settings(max_examples=100, deadline=None)
@given(data=files(), keep=st.sampled_from([(), ("Division",), ("Assessor", "Division")]))
def test_both_engines_keep_the_same_columns(data: bytes, keep: tuple[str, ...]) -> None:
    python, arrow = both(data, keep=keep)
    assert arrow == python


CLEAN = (
    '"Employee Number","Division","Performance","Potential","Assessment Date","Assessor"\r\n'
    + "".join(
        f'"{n:05d}","D{n % 4}","{["Low", "Moderate", "High", "Top"][n % 4]}",'
        f'"{["low", "high"][n % 2]}",'
        f'"{["01/07/2025", "13/07/2025", "30/02/2025"][n % 3]}","M{n % 7}"\r\n'
        for n in range(200)
    )
).encode()


def test_a_clean_export_is_read_by_arrow_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(CLEAN)
    python = outcome(path, "python")

    def refuse(*_: object) -> None:
        raise AssertionError("handed to the Python engine")

    monkeypatch.setattr(_reader, "_read_text", refuse)
    arrow = outcome(path, "arrow")
    assert arrow == python
    assert len(python[1]) == 50  # the rows rated Top, rejected with their lines
    assert python[1][0].line == 5
    assert any(f.code == "date-unreadable" for f in python[2])


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: b"\xef\xbb\xbf" + d,  # a byte-order mark
        lambda d: d.replace(b'"D1"', b'"D\r\n1"', 1),  # a quoted line break
        lambda d: d.replace(b'"D1"', b'"D1"x', 1),  # text after a closing quote
        lambda d: d.replace(b"\r\n", b"\r\n\r\n", 3),  # a blank line
        lambda d: d.replace(b'"M1"\r\n', b'"M1",""\r\n', 1),  # a trailing empty cell
        lambda d: d.replace(b'"00002"', b'"00001"', 1),  # a repeated identifier
        lambda d: d.replace(b'"D1"', b'"D\xe91"', 1),  # not UTF-8
        lambda d: d.replace(b'"D1"', b'"D\r1"', 1),  # a lone carriage return
        lambda d: b'""\n' + d,  # a line of empty cells before the header
    ],
)
def test_files_the_arrow_engine_hands_over_read_alike(tmp_path: Path, spoil: Any) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(spoil(CLEAN))
    assert outcome(path, "arrow") == outcome(path, "python")


def test_auto_picks_arrow_only_for_large_files() -> None:
    assert _reader._use_arrow("auto", 1 << 20, threshold=1 << 20)
    assert not _reader._use_arrow("auto", (1 << 20) - 1, threshold=1 << 20)
    assert not _reader._use_arrow("auto", 1 << 40, threshold=None)
    assert not _reader._use_arrow("python", 1 << 40, threshold=1)
    assert _reader._use_arrow("arrow", 1)
    # measured slower than the Python engine at every size (docs/review.md): never, for now
    assert _reader.ARROW_FROM_BYTES is None
    assert not _reader._use_arrow("auto", 1 << 40)


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(CLEAN)
    with pytest.raises(ValidationError, match="'fast' is not an engine"):
        read_workforce(path, engine="fast")
