"""The polars engine gives exactly the workforce the Python engine gives, for any file.

Files are generated with everything that makes reading hard (quoted cells, doubled and stray
quotes, line breaks in cells, blank lines, short and long rows, titles above the header,
footers in any case, repeated, blank and non-ASCII identifiers, unreadable ratings and
dates, other delimiters, a byte-order mark, CRLF). Each is read by both engines and every
observable result is compared; where polars hands a file back to the csv module, the test
says how often, so a change that makes the engine decline everything cannot pass unseen.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.segmentation import Columns, read_workforce
from apsperf.segmentation.io import _builder, _polars_csv
from tests.segmentation.test_plain_lines import _outcome

pytest.importorskip("polars")

LAYOUTS = {
    "id first": ["Employee ID", "Performance", "Potential", "Division"],
    "id last": ["Division", "performance", "potential", "employee_id"],
    "dates and assessor": [
        "employee_id",
        "performance",
        "potential",
        "assessed_on",
        "assessed_by",
        "Location",
    ],
    "aspiration": ["employee_id", "performance", "potential", "aspiration_conversation_on"],
}
CELLS = {
    "employee_id": ["E1", "E2", " E3 ", "E1", "", "  ", "Zoë", "e\u0301", "\u200bE9", "=E6"],
    "performance": ["High", "low", " MED ", "2", "superb", "", "3.0", "7", "2.5", "Meets"],
    "potential": ["high", "Moderate", "L", "1", "n/a", "", "3"],
    "division": ["Policy", " Policy ", "Corporate", "", "Zoë", 'The "A" team', "a,b"],
    "location": ["Canberra", "Hobart", "", "Line\nbreak"],
    "assessed_on": ["1/7/2025", "2025-07-01", "", "31/2/2025", "July", "7/31/2025"],
    "aspiration_conversation_on": ["1/6/2025", "", "n/a", "2025-06-30"],
    "assessed_by": ["A. Lee", "", " B. Ng ", "a. lee", "Zoë"],
}
FOOTERS = ["Total", "TOTAL:", " total ", "Grand Total", "tOtAl", "Count", "ſum", "All staff"]
ODD = ["\r", '"', '"x', 'x"', "\n", "\x00", " "]


def _cell(value: str, quoting: str, draw: st.DrawFn) -> str:
    needs = any(c in value for c in ',"\r\n;\t|')
    if quoting == "all" or (needs and quoting != "broken") or draw(st.integers(0, 9)) == 0:
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def workforce_files(draw: st.DrawFn) -> bytes:
    names = LAYOUTS[draw(st.sampled_from(sorted(LAYOUTS)))]
    delimiter = draw(st.sampled_from([",", ",", ",", ";", "\t", "|"]))
    quoting = draw(st.sampled_from(["minimal", "all", "broken"]))
    ascending = draw(st.booleans())
    # Half the files have only what the polars engine reads itself (footers, short rows,
    # bad values); the rest also what makes it hand the file back.
    kinds = ["row"] * 10 + ["short", "footer"]
    kinds += ["blank", "long", "odd"] if draw(st.booleans()) else []
    lines = []
    for _ in range(draw(st.integers(0, 2))):  # a title or a blank line above the header
        lines.append(draw(st.sampled_from(["Talent review 2025", "", "Exported by HR,,"])))
    lines.append(delimiter.join(_cell(name, quoting, draw) for name in names))
    for number in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(kinds))
        if kind == "blank":
            lines.append("")
            continue
        row = [draw(st.sampled_from(CELLS[name.casefold().replace(" ", "_")])) for name in names]
        where = [n.casefold().replace(" ", "_") for n in names].index("employee_id")
        if ascending and draw(st.integers(0, 9)):
            row[where] = f"A{number:03d}"
        if kind == "footer":
            row[where] = draw(st.sampled_from(FOOTERS))
        cells = [_cell(value, quoting, draw) for value in row]
        if kind == "short":
            cells = cells[: draw(st.integers(1, len(cells) - 1))]
        elif kind == "long":
            cells.append(draw(st.sampled_from(["extra", ""])))
        elif kind == "odd":
            at = draw(st.integers(0, len(cells) - 1))
            cells[at] += draw(st.sampled_from(ODD))
        lines.append(delimiter.join(cells))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + draw(st.sampled_from(["", ending, ending * 2]))
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if draw(st.integers(0, 4)) == 0 else data


def _read(data: bytes, engine: str, **options: Any) -> Any:
    return _outcome(lambda: read_workforce(io.BytesIO(data), engine=engine, **options))  # type: ignore[arg-type]


@given(
    data=workforce_files(),
    strict=st.booleans(),
    keep=st.sampled_from([None, (), ("Division",)]),
)
@settings(max_examples=400, deadline=None)
def test_the_engines_read_every_file_alike(
    data: bytes, strict: bool, keep: tuple[str, ...] | None
) -> None:
    python = _read(data, "python", strict=strict, keep=keep)
    assert _read(data, "polars", strict=strict, keep=keep) == python


def _taken(data: bytes, keep: tuple[str, ...] | None) -> bool:
    """Whether the polars engine read ``data`` itself (rather than hand it back)."""
    columns = Columns() if keep is None else Columns(groups=keep)
    try:
        found = _polars_csv.read_with_polars(
            data.removeprefix(b"\xef\xbb\xbf"), columns, None, None, False, "", None
        )
    except ValidationError:
        return True
    return found is not None


def test_the_engine_takes_most_generated_files() -> None:
    """A guard on the property test above: the polars engine is really exercised."""
    declined = [seed for seed in range(200) if not _taken(_clean_file(seed), None)]
    assert not declined, f"polars declined plain files {declined}"


def _clean_file(seed: int) -> bytes:
    """A plain export: quoted or not, CRLF or not, with rows the builder must look at."""
    out = io.StringIO()
    writer = csv.writer(
        out,
        quoting=csv.QUOTE_ALL if seed % 2 else csv.QUOTE_MINIMAL,
        lineterminator="\r\n" if seed % 3 else "\n",
    )
    writer.writerow(["Employee ID", "Performance", "Potential", "Division", "Assessed by"])
    for n in range(seed % 40):
        performance = ["Low", "Moderate", "High", "superb"][(n * seed) % 4]
        employee = f"E{n % 30:03d}" if n % 7 else ""
        writer.writerow([employee, performance, "High", f"D{n % 3}", f"M{n % 5}"])
    if seed % 5 == 0:
        writer.writerow(["Total", "6", "2", "", ""])
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        b"employee_id,performance,potential\r\nE1,high,high\r\nE2,low,low\r\n",
        b"employee_id,performance,potential\nE1,high,high\rE2,low,low\n",
        b'employee_id,performance,potential\nE1,high,high\nE2,"lo\nw",low\nE3,low,low\n',
        b"employee_id,performance,potential\nE1,high,high\n\nE2,low,low\n",
        b"employee_id,performance,potential\nE1,high,high\n,,\nE2,low,low\n",
        b"employee_id,performance,potential\nE1,high,high,\nE2,low,low\n",
        b"employee_id,performance,potential\nE1,high\nE2,low\n",
        b'employee_id,performance,potential\nE1,"high"x,high\n',
        b"employee_id,performance,potential\nE1,high,high\nE1,low,low\n,high,high\nE2,x,y",
        b"employee_id,performance,potential\nE1,high,high\n \xe9,low,low\n",
        b"employee_id,performance,potential\nTotal,6,2\n",
        b"employee_id,performance,potential\n",
        b"Title\n\nemployee_id,performance,potential\nE1,high,high\n",
        b'"employee_id","performance","potential","date"\n"E1"","High","high","1/6/2025"',
        b'employee_id,performance,potential\nE1,"hi""gh,high\nE2,low,low\n',
    ],
    ids=[
        "crlf",
        "lone-cr",
        "break-in-quotes",
        "blank-line",
        "empty-row",
        "trailing-empty-cell",
        "every-row-short",
        "text-after-quote",
        "bad-rows",
        "not-utf-8",
        "footer-only",
        "header-only",
        "title-above",
        "odd-quotes-after-an-escaped-one",
        "odd-quotes-unclosed",
    ],
)
def test_awkward_files_read_alike(data: bytes) -> None:
    assert _read(data, "polars") == _read(data, "python")


_UNREAD = b"employee_id,performance,potential,note,site\n"
"""A header with two columns a review that keeps no grouping column never reads."""


@pytest.mark.parametrize(
    "rows",
    [
        b"E1,high,high,a,b\nE2,low,low,a,b,extra\nE3,low,low,a,b\n",
        b"E1,high,high,a,b\nE2,low,low,a,b,\nE3,low,low,a,b\n",
        b"E1,high,high,a,b,c,d\nE2,low,low,a,b\n",
        b"E1,high,high,a,b\n,,,note only,b\nE2,low,low,a,b\n",
        b"E1,high,high\nE2,low,low,a,b\nE3,low\n",
        b'"E1","high","high","a, quoted","b"\r\n"E1","low","low","x","y"\r\n"E2","x","y","",""\r\n',
        b"E1,high,high,a,b\nTotal,6,2,,\n",
        b"E1,high,high,a,b\nE2,low,low,a,b\nE1,high,low,c,d\nE3,superb,low,e,f\nE4,low,low,g,h\n",
    ],
    ids=[
        "cells-after-the-last-column",
        "an-empty-cell-after-the-last-column",
        "the-first-row-longer",
        "only-unread-cells",
        "short-rows",
        "quoted-with-bad-rows",
        "footer",
        "rows-to-look-at-in-the-middle",
    ],
)
@pytest.mark.parametrize("keep", [(), None], ids=["columns-unread", "every-column"])
def test_columns_not_read_leave_every_row_as_the_python_engine_reads_it(
    rows: bytes, keep: tuple[str, ...] | None
) -> None:
    """The polars engine splits only the columns a workforce keeps (and one past the last)."""
    data = _UNREAD + rows
    assert _read(data, "polars", keep=keep) == _read(data, "python", keep=keep)


def test_rows_to_look_at_are_taken_whole_from_their_lines() -> None:
    """The rows a closer look rejects keep every cell, and the engine does not give up."""
    data = _UNREAD + b"".join(b"E%d,high,low,note %d,site\n" % (n % 40, n) for n in range(60))
    assert _taken(data, ())
    outcome = _read(data, "polars", keep=())
    assert outcome == _read(data, "python", keep=())


@pytest.mark.parametrize("keep", [(), None], ids=["columns-unread", "every-column"])
def test_a_long_cell_is_refused_alike(keep: tuple[str, ...] | None) -> None:
    limit = csv.field_size_limit()
    data = b"employee_id,performance,potential,note\nE1,high,high," + b"x" * (limit + 1) + b"\n"
    outcome = _read(data, "polars", keep=keep)
    assert outcome == _read(data, "python", keep=keep)
    assert outcome[0] == "error" and "longer than 131,072 characters" in outcome[1]


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValidationError, match="not a reading engine") as error:
        read_workforce(io.StringIO("employee_id,performance,potential\n"), engine="fast")  # type: ignore[arg-type]
    assert error.value.path == "engine"


@pytest.mark.parametrize("bad_rows", [False, True])
def test_a_file_whose_rows_never_repeat_reads_alike_however_early_it_switches(
    monkeypatch: pytest.MonkeyPatch, bad_rows: bool
) -> None:
    """Rows that each bring a new key (a date per person) are checked column by column
    once 4,096 rows have shown it; the workforce read is the same either way."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Employee ID", "Performance", "Potential", "Division", "Assessed on"])
    levels = ["Low", "Moderate", "High"]
    for n in range(9_000):
        performance = "superb" if bad_rows and n % 997 == 5 else levels[n % 3]
        day = f"{1 + n % 28:02d}/{1 + (n // 28) % 12:02d}/{2000 + n // 336}"
        employee = f"E{n:05d}" if not (bad_rows and n % 1_999 == 7) else f"E{n - 1:05d}"
        writer.writerow([employee, performance, levels[(n // 3) % 3], f"D{n % 4}", day])
    data = out.getvalue().encode("utf-8")
    by_columns = _builder._Builder._add_columns
    chunks: list[int] = []

    def counted(self: Any, rows: list[list[str]], first_line: int) -> None:
        chunks.append(first_line)
        by_columns(self, rows, first_line)

    monkeypatch.setattr(_builder._Builder, "_add_columns", counted)
    early = _read(data, "python")
    assert chunks, "the rows were never checked column by column"
    monkeypatch.setattr(_builder, "_UNIQUE_AFTER", 10**9)
    chunks.clear()
    assert _read(data, "python") == early
    assert not chunks  # 9,000 keys: under _NOVEL_PROFILES, so never by columns
    assert _read(data, "polars") == early
    assert isinstance(early, dict), early  # read, not refused
