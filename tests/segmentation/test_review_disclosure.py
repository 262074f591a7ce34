"""A review's outputs, every format, show what its one report value holds and no more.

``apsperf review --by`` suppresses small cells once, in the report value; the text, HTML,
workbook, JSON and data frames are made from it. The tests gather every number each
output shows about the breakdown's hidden groups and check that none appears, that the
JSON reads back to the same value, and that ``--no-suppression`` is explicit and says so
in every output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apsperf.cli import main
from apsperf.segmentation import (
    ReviewReport,
    Segment,
    read_workforce,
    review,
    sample_workforce_path,
    to_pandas,
)
from apsperf.serialization import from_dict


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["review", "--sample", "--by", "Division", *args]) == 0
    return capsys.readouterr().out


def test_the_json_holds_no_hidden_count_and_reads_back(capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(_run(capsys, "--format", "json"))
    table = document["review"]["breakdowns"][0]
    assert document["review"]["min_cell"] == table["min_cell"] == 5
    hidden = {h["value"] for h in table["hidden"]}
    assert hidden and not hidden & {g["value"] for g in table["groups"]}
    assert all(
        set(h) == {"value", "crossed", "position", "small", "size", "reason", "cells"}
        for h in table["hidden"]
    )
    # A hidden group whose size is shown shows its counts but in the segments hidden
    # groups all hide: each of those is null in every hidden group.
    gaps = [Segment.parse(s) for s, _ in table["hidden_segments"]]
    assert gaps, "the sample's two hidden divisions show their counts but in two segments"
    everyone = review(read_workforce(sample_workforce_path(2025)), by="Division", min_cell=None)
    for h in table["hidden"]:
        true = everyone.breakdown("Division").group(h["value"])
        assert h["cells"] == [None if s in gaps else true.count(s) for s in Segment]
    # the hidden groups' counts appear only combined, as the overall counts give them away
    whole = review(read_workforce(sample_workforce_path(2025)), by="Division", min_cell=None)
    combined = [
        sum(g.count(s) for g in whole.breakdown("Division").groups if g.value in hidden)
        for s in Segment
    ]
    assert [c["count"] for c in table["hidden_counts"]] == combined
    again = from_dict(ReviewReport, document)
    assert again.review.breakdown("Division").hidden == tuple(
        review(read_workforce(sample_workforce_path(2025)), by="Division")
        .breakdown("Division")
        .hidden
    )


def test_no_output_shows_a_hidden_groups_counts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("openpyxl")
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    text = _run(capsys, "--html", str(html), "--xlsx", str(xlsx))
    result = review(read_workforce(sample_workforce_path(2025)), by="Division")
    table = result.breakdown("Division")
    hidden = table.hidden
    gaps = [n for n, s in enumerate(Segment) if s in dict(table.hidden_segments)]
    assert hidden and len(gaps) == 2
    for group in hidden:
        line = next(x for x in text.splitlines() if x.startswith(group.value))
        cells = line.split()[-9:]
        assert [cells[n] for n in gaps] == ["-", "-"]
        assert all(cells[n].endswith("%") for n in range(9) if n not in gaps)
    page = html.read_text(encoding="utf-8")
    for group in hidden:
        row = page.split(f"<th>{group.value}</th>", 1)[1].split("</tr>", 1)[0]
        cells = row.split("<td")[2:]  # after the headcount
        assert len(cells) == 9
        assert all(">hidden<" in cells[n] and "%" not in cells[n] for n in gaps)
        assert all("%" in cells[n] for n in range(9) if n not in gaps)
    import openpyxl

    book = openpyxl.load_workbook(xlsx)
    assert not [name for name in book.sheetnames if name.startswith("people")]
    rows = [
        r
        for r in book["by Division"].iter_rows(values_only=True)
        if r[0] in {h.value for h in hidden}
    ]
    assert len(rows) == 2
    for r in rows:
        assert [r[2 + n] for n in gaps] == [r[11 + n] for n in gaps] == ["hidden", "hidden"]
    frame = to_pandas(table)
    mine = frame[frame["Division"].isin([h.value for h in hidden])]
    assert list(mine["count"].isna()) == [n in gaps for _ in hidden for n in range(9)]
    assert list(mine["suppressed"]) == [n in gaps for _ in hidden for n in range(9)]
    why = dict(table.hidden_segments)
    assert list(mine["hidden"].fillna("")) == [why.get(s, "") for _ in hidden for s in Segment]


def test_no_suppression_is_explicit_and_every_output_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("openpyxl")
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    text = _run(capsys, "--no-suppression", "--html", str(html), "--xlsx", str(xlsx))
    assert "NOT SUPPRESSED" in text and "(hidden" not in text
    assert "NOT SUPPRESSED" in html.read_text(encoding="utf-8")
    import openpyxl

    summary = [r for r in openpyxl.load_workbook(xlsx)["summary"].iter_rows(values_only=True)]
    assert any("NOT SUPPRESSED" in str(r[1]) for r in summary if r[0] == "Suppression")
    document = json.loads(_run(capsys, "--no-suppression", "--format", "json"))
    assert document["review"]["min_cell"] is None
    assert document["review"]["breakdowns"][0]["hidden"] == []
    # suppressed by default: the same command without the option says nothing of the kind
    assert "NOT SUPPRESSED" not in _run(capsys)
