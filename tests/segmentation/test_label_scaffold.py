"""`apsperf labels scaffold` (issue 25): a label file to fill in, from a file's own values."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.segmentation import Columns, Segment, read_label_maps, read_workforce
from apsperf.segmentation.io._scaffold import label_scaffold, toml_string

EXPORT = (
    "Talent calibration export 2025\n"
    "Employee ID,Performance Rating,Potential Rating,Org\n"
    "W1,Fully effective,Ready now,A\n"
    "W2,Exceeds,Ready now,A\n"
    "W3,fully  EFFECTIVE,High,B\n"
    "W4,High,Not yet,B\n"
    "W5,4,Ready in 1-2 years,A\n"
    "W6,,Not yet,A\n"
    "W7,Fully effective,Ready now,B\n"
    "Total,7,7,\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def filled(text: str, levels: dict[str, str]) -> str:
    """The scaffold with each listed value's empty level filled in from ``levels``."""
    lines = []
    for line in text.splitlines():
        for value, level in levels.items():
            if line.startswith(f'{toml_string(value)} = ""') or line.startswith(f'{value} = ""'):
                line = line.replace('= ""', f"= {toml_string(level)}", 1)
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_the_scaffold_lists_each_unread_value_with_its_rows(tmp_path: Path) -> None:
    scaffold = label_scaffold(write(tmp_path, "export.csv", EXPORT))
    tables = tomllib.loads(scaffold.text)
    # case and spacing variants are one label, first spelling kept, most frequent first
    assert list(tables["performance"]) == ["Fully effective", "Exceeds"]
    assert list(tables["potential"]) == ["Ready now", "Not yet", "Ready in 1-2 years"]
    assert set(tables["performance"].values()) == {""}
    assert '"Fully effective" = ""  # 3 rows' in scaffold.text
    assert '"Exceeds" = ""  # 1 row\n' in scaffold.text
    assert '# column "Performance Rating"' in scaffold.text
    # a number is no label: named in a comment with the option that reads it
    assert '"4" (1 row)' in scaffold.text and "`--performance-scale`" in scaffold.text
    assert "or fix the cells" in scaffold.text
    assert scaffold.values == {"performance": 2, "potential": 3}
    assert scaffold.rows == 4 + 6  # the totals row is not a person


def test_filled_in_it_reads_back_and_places_everyone(tmp_path: Path) -> None:
    source = write(tmp_path, "export.csv", EXPORT)
    scaffold = label_scaffold(source)
    levels = {
        "Fully effective": "moderate",
        "Exceeds": "high",
        "Ready now": "high",
        "Not yet": "low",
        "Ready in 1-2 years": "moderate",
    }
    labels = write(tmp_path, "labels.toml", filled(scaffold.text, levels))
    maps = read_label_maps(labels)
    options = {"performance_labels": maps.performance, "potential_labels": maps.potential}
    with pytest.raises(ValidationError, match="these numbers are stray"):
        read_workforce(source, **options)  # the stray 4 is to be fixed in the file
    fixed = write(tmp_path, "fixed.csv", EXPORT.replace("W5,4,", "W5,Exceeds,"))
    workforce = read_workforce(fixed, **options)
    assert workforce.segment_of("W1") is Segment.EMERGING_POTENTIAL
    assert workforce.segment_of("W3") is Segment.EMERGING_POTENTIAL
    assert workforce.segment_of("W5") is Segment.HIGH_ACHIEVER
    # left unread: the blank rating and the totals row
    assert {r.line for r in workforce.rejected} == {8, 10}
    again = label_scaffold(
        source, performance_labels=maps.performance, potential_labels=maps.potential
    )
    assert again.values == {"performance": 0}  # only the note on the number is left


def test_an_unfilled_level_is_named_when_read(tmp_path: Path) -> None:
    scaffold = label_scaffold(write(tmp_path, "export.csv", EXPORT))
    with pytest.raises(Exception, match="fill in a level") as info:
        read_label_maps(write(tmp_path, "labels.toml", scaffold.text))
    assert "performance['Fully effective']" in str(info.value)


def test_a_declared_scale_and_labels_leave_out_what_they_read(tmp_path: Path) -> None:
    from apsperf.segmentation import Banding

    source = write(tmp_path, "export.csv", EXPORT)
    scaffold = label_scaffold(
        source, performance=Banding.preset("1-5"), potential_labels={"Ready now": "high"}
    )
    tables = tomllib.loads(scaffold.text)
    assert "# not listed, numbers" not in scaffold.text  # 4 reads on the 1-5 scale
    assert list(tables["potential"]) == ["Not yet", "Ready in 1-2 years"]


def test_workbooks_are_scaffolded_from_the_sheet_read(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["not this sheet"])
    sheet = book.create_sheet("People")
    for line in EXPORT.splitlines():
        sheet.append([int(c) if c.isdigit() else (c or None) for c in line.split(",")])
    path = tmp_path / "export.xlsx"
    book.save(path)
    scaffold = label_scaffold(path, sheet="People")
    from_csv = label_scaffold(write(tmp_path, "export.csv", EXPORT))
    assert tomllib.loads(scaffold.text) == tomllib.loads(from_csv.text)
    assert scaffold.values == from_csv.values and scaffold.rows == from_csv.rows


BOXES = (
    "Staff ID,9-Box,Division\n"
    'S1,9,A\nS2,3,A\nS3,3.0,B\nS4,"Core Talent [M,M]",B\nS5,12,A\nS6,2.5,A\nS7,,B\n'
    'S8,"core talent [m,m]",A\n'
)


def test_a_box_column_is_scaffolded_as_a_box_table(tmp_path: Path) -> None:
    source = write(tmp_path, "boxes.csv", BOXES)
    scaffold = label_scaffold(source, columns=Columns(box="9-Box"))
    tables = tomllib.loads(scaffold.text)
    assert tables["box"]["column"] == "9-Box"
    assert list(tables["box"]["numbers"]) == ["3", "9", "12"]  # in box order
    assert list(tables["box"]["names"]) == ["Core Talent [M,M]"]
    assert '3 = ""  # 2 rows' in scaffold.text
    assert "box numbers are whole numbers from 0 to 99" in scaffold.text  # the 2.5
    assert "performance/potential" in scaffold.text
    levels = {"3": "high/low", "9": "high/high", "12": "low/low"}
    levels["Core Talent [M,M]"] = "moderate/moderate"
    maps = read_label_maps(write(tmp_path, "labels.toml", filled(scaffold.text, levels)))
    workforce = read_workforce(source, box=maps.box)
    assert workforce.segment_of("S2") is Segment.PROVEN_PERFORMER
    assert workforce.segment_of("S8") is Segment.WELL_PLACED
    assert {r.line for r in workforce.rejected} == {7, 8}  # the 2.5 and the blank
    # declared boxes are not listed again
    assert label_scaffold(source, box=maps.box).values == {"box.numbers": 0}


def test_cli_writes_the_scaffold_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "export.csv", EXPORT)
    out = tmp_path / "labels.toml"
    assert main(["labels", "scaffold", str(source), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2 in [performance], 3 in [potential] to fill in (10 rows)" in said
    assert f"--labels {out}" in said
    assert tomllib.loads(out.read_text("utf-8"))["performance"]["Exceeds"] == ""
    out.write_text("# mine\n", encoding="utf-8")
    assert main(["labels", "scaffold", str(source), "-o", str(out)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert out.read_text("utf-8") == "# mine\n"
    assert main(["labels", "scaffold", str(source), "-o", str(out), "--force"]) == 0
    assert "[performance]" in out.read_text("utf-8")
    capsys.readouterr()
    assert main(["labels", "scaffold", str(source)]) == 0  # printed
    assert capsys.readouterr().out.startswith("# apsperf label file for")


def test_cli_never_writes_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "export.csv", EXPORT)
    target = write(tmp_path, "elsewhere.toml", "# keep\n")
    link = tmp_path / "labels.toml"
    link.symlink_to(target)
    assert main(["labels", "scaffold", str(source), "-o", str(link), "--force"]) == 2
    assert "link" in capsys.readouterr().err
    assert target.read_text("utf-8") == "# keep\n"


def test_cli_with_nothing_to_fill_in_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "plain.csv", "Employee ID,Performance,Potential\nE1,high,low\n")
    out = tmp_path / "labels.toml"
    assert main(["labels", "scaffold", str(source), "-o", str(out)]) == 0
    assert "every rating value is read already" in capsys.readouterr().out
    assert not out.exists()


def test_cli_box_scaffold_and_reading_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "boxes.csv", BOXES)
    out = tmp_path / "boxes.toml"
    argv = ["labels", "scaffold", str(source), "--box-column", "9-box", "-o", str(out)]
    assert main(argv) == 0
    assert "3 in [box.numbers], 1 in [box.names]" in capsys.readouterr().out
    assert tomllib.loads(out.read_text("utf-8"))["box"]["column"] == "9-Box"
    # one column named as a box and as a rating is refused
    assert main([*argv[:5], "--performance-column", "9-Box", "-o", "-"]) == 2
    assert "not both" in capsys.readouterr().err


def test_cli_redact_keeps_values_off_the_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "export.csv", EXPORT)
    assert main(["--redact", "labels", "scaffold", str(source)]) == 2
    assert "write it to a file with -o FILE" in capsys.readouterr().err
    out = tmp_path / "labels.toml"
    assert main(["--redact", "labels", "scaffold", str(source), "-o", str(out)]) == 0
    assert "Exceeds" not in capsys.readouterr().out and out.exists()


def test_labels_alone_prints_its_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["labels"]) == 2
    assert "scaffold" in capsys.readouterr().out


def test_streams_are_read_twice_from_the_start() -> None:
    scaffold = label_scaffold(io.StringIO(EXPORT, newline=""))
    assert scaffold.values == {"performance": 2, "potential": 3}


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@given(value=_TEXT)
def test_any_value_is_written_as_toml_that_reads_back_as_it_was(value: str) -> None:
    key = toml_string(value)
    assert "\n" not in key and "\r" not in key
    assert tomllib.loads(f"{key} = 1  # {key}\n") == {value: 1}
    assert tomllib.loads(f"[performance]\n{key} = {toml_string(value)}\n")["performance"] == {
        value: value
    }


def test_hostile_values_stay_inside_their_key(tmp_path: Path) -> None:
    value = 'Ex"ceeds\\ ]\n[potential]\n"x" = "high" # \x1b[31m \u202e'
    text = f'Employee ID,Performance,Potential\nE1,"{value.replace(chr(34), chr(34) * 2)}",high\n'
    scaffold = label_scaffold(write(tmp_path, "hostile.csv", text))
    tables = tomllib.loads(scaffold.text)
    assert list(tables) == ["performance"] and list(tables["performance"]) == [value]
    assert "\x1b" not in scaffold.text and "\u202e" not in scaffold.text


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_scaffold_opens_the_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Both passes read the bytes of one open: the file cannot change between them."""
    from tests.segmentation.test_sessions import _opens_of

    rows = [["Employee ID", "Performance", "Potential"], ["E1", "Meets", "High"]]
    path = tmp_path / f"people.{kind}"
    if kind == "csv":
        path.write_text("\n".join(map(",".join, rows)) + "\n", encoding="utf-8")
    else:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    opened = _opens_of(path, monkeypatch)
    found = label_scaffold(path)
    assert len(opened) == 1
    assert "Meets" in found.text
