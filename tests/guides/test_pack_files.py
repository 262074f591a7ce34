from __future__ import annotations

from pathlib import Path

import pytest

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.guides import write_conversation_packs
from apsperf.segmentation import Level, Placement, read_workforce, sample_workforce_path


def person(employee_id: str) -> Placement:
    return Placement(employee_id=employee_id, performance=Level.HIGH, potential=Level.LOW)


def test_one_pack_per_person_with_safe_distinct_names(tmp_path: Path) -> None:
    people = [
        person("E1"),
        person("../../etc/passwd"),  # outside-path: hostile input
        person("a/b"),
        person("a?b"),
        person("A?B"),
    ]  # outside-path: hostile input
    paths = write_conversation_packs(people, tmp_path / "packs")
    assert len(paths) == len(set(paths)) == 5
    assert all(p.parent == tmp_path / "packs" for p in paths)
    assert [p.name for p in paths] == ["E1.md", "etc_passwd.md", "a_b.md", "a_b-2.md", "A_B-3.md"]
    assert "Proven Performer" in paths[0].read_text(encoding="utf-8")


def test_html_packs_escape_the_identifier(tmp_path: Path) -> None:
    (path,) = write_conversation_packs([person("<b>x</b>")], tmp_path, output="html")
    assert path.suffix == ".html"
    assert "<b>x</b>" not in path.read_text(encoding="utf-8")


def test_bad_format_and_values_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not a pack format"):
        write_conversation_packs([person("E1")], tmp_path, output="pdf")
    with pytest.raises(ValidationError, match=r"\[0\]"):
        write_conversation_packs(["E1"], tmp_path)  # type: ignore[list-item]


def test_review_command_writes_a_pack_for_everyone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "packs"
    assert main(["review", "--sample", "--packs", str(folder)]) == 0
    placed = read_workforce(sample_workforce_path(2025)).rows_placed
    assert len(list(folder.glob("*.md"))) == placed
    assert f"wrote {placed:,} conversation packs" in capsys.readouterr().err
