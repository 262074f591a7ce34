"""keep=: reading only the grouping columns a caller needs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import Columns, read_workforce, review, workforce_from_rows

TEXT = (
    "Employee ID,Division,Location,Performance,Potential,Assessed on,Assessor\n"
    "E1,Policy,Canberra,high,high,01/07/2025,M1\n"
    "E2,Policy,Sydney,low,moderate,02/07/2025,M1\n"
    "E3,Corporate,Canberra,bad,high,03/07/2025,M2\n"
)


def read(**options: object):
    return read_workforce(io.StringIO(TEXT), **options)  # type: ignore[arg-type]


def test_every_column_is_kept_by_default() -> None:
    assert read().group_names == ("Division", "Location")


def test_keep_names_the_grouping_columns_kept() -> None:
    workforce = read(keep=["location"])
    assert workforce.group_names == ("Location",)
    everything = read()
    assert review(workforce, by="Location") == review(everything, by="Location")
    assert [p.assessed_by for p in workforce.placements()] == ["M1", "M1"]
    assert workforce.rejected == everything.rejected
    assert workforce.findings == everything.findings
    with pytest.raises(ValidationError, match="no grouping column 'Division'"):
        review(workforce, by="Division")


def test_keep_nothing_keeps_the_fields() -> None:
    workforce = read(keep=())
    assert workforce.group_names == ()
    placement = next(workforce.placements())
    assert placement.groups == {}
    assert str(placement.assessed_on) == "2025-07-01"


def test_a_field_named_in_keep_is_a_grouping_column_too() -> None:
    workforce = read(keep=["Assessor", "Division"])
    assert workforce.group_names == ("Assessor", "Division")
    assert [p.assessed_by for p in workforce.placements()] == ["M1", "M1"]


def test_unknown_names_are_named_with_the_header() -> None:
    with pytest.raises(ValidationError) as caught:
        read(keep=["Region", "Division", "Band"])
    message = str(caught.value)
    assert "`Region`, `Band`" in message
    assert "the header has: 'Employee ID', 'Division', 'Location'" in message


def test_keep_and_columns_groups_together_are_refused() -> None:
    with pytest.raises(ValidationError, match="not both"):
        read(keep=["Division"], columns=Columns(groups=("Location",)))


def test_keep_must_be_names() -> None:
    with pytest.raises(TypeError, match="sequence of column names"):
        read(keep="Division")
    with pytest.raises(TypeError, match="column names"):
        read(keep=[1])


def test_workforce_from_rows_keeps_too() -> None:
    rows = [["E1", "D1", "L1", "high", "low"], ["E2", "D2", "L2", "low", "low"]]
    header = ["Employee ID", "Division", "Location", "Performance", "Potential"]
    workforce = workforce_from_rows(rows, header=header, keep=["Division"])
    assert workforce.group_names == ("Division",)
    assert list(workforce.group_values("Division")) == ["D1", "D2"]
    with pytest.raises(ValidationError, match="`Grade`"):
        workforce_from_rows(rows, header=header, keep=["Grade"])


def test_quoted_rows_with_many_columns_keep_the_same_placements() -> None:
    """The csv path keys rows by the kept columns only; rejections stay the same."""
    lines = [TEXT.splitlines()[0]]
    for n in range(1500):
        rating = ["low", "moderate", "high", "nope"][n % 4]
        lines.append(f'"E{n}","D{n % 3}","L{n}","{rating}","high","0{1 + n % 9}/07/2025","M{n}"')
    lines.append('"E5","D1","L1","high","high","01/07/2025","M1"')  # a duplicate
    text = "\n".join(lines) + "\n"
    kept = read_workforce(io.StringIO(text), keep=["Division"])
    every = read_workforce(io.StringIO(text))
    assert kept.rejected == every.rejected
    assert len(kept.rejected) == 376
    assert kept.findings == every.findings
    assert [
        (p.employee_id, p.segment, p.groups["Division"], p.assessed_on, p.assessed_by)
        for p in kept.placements()
    ] == [
        (p.employee_id, p.segment, p.groups["Division"], p.assessed_on, p.assessed_by)
        for p in every.placements()
    ]
    assert kept.lines() == every.lines()


def test_review_reads_only_the_by_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.csv"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["review", str(path), "--by", "Division", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [b["column"] for b in document["review"]["breakdowns"]] == ["Division"]
    out = tmp_path / "people.csv"
    assert main(["review", str(path), "--csv", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0].count("Location") == 1
