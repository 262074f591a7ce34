from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf._files import MAX_NAME_BYTES, display_path, safe_name_problem, write_file, write_files


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".apsperf-tmp"))


def test_named_file_is_written_and_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    write_file(target, "first")
    write_file(target, "second")
    assert target.read_text("utf-8") == "second"
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("kept", "utf-8")

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(ValidationError, match="No space left"):
        write_file(target, "x" * 10_000)
    assert target.read_text("utf-8") == "kept"
    assert leftovers(tmp_path) == []


def test_symbolic_links_are_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "E1.md").symlink_to(victim)
    for replace in (True, False):
        with pytest.raises(ValidationError, match="symbolic link"):
            write_file(folder / "E1.md", "overwritten", replace=replace)
    with pytest.raises(ValidationError, match="symbolic link"):
        write_files(folder, {"E1.md": "overwritten"}, force=True)
    (folder / "dangling.md").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(ValidationError, match="symbolic link"):
        write_file(folder / "dangling.md", "x")
    assert victim.read_text("utf-8") == "precious"
    assert not (tmp_path / "nowhere.txt").exists()


def test_hard_links_are_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    os.link(victim, tmp_path / "alias.txt")
    with pytest.raises(ValidationError, match="hard links"):
        write_file(tmp_path / "alias.txt", "overwritten")
    assert victim.read_text("utf-8") == "precious"


def test_folder_writes_never_replace_without_force(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("old", "utf-8")
    with pytest.raises(ValidationError, match=r"already exist.*--force"):
        write_files(tmp_path, {"a.md": "new a", "b.md": "new b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.md"]
    assert (tmp_path / "b.md").read_text("utf-8") == "old"
    write_files(tmp_path, {"a.md": "new a", "b.md": "new b"}, force=True)
    assert (tmp_path / "b.md").read_text("utf-8") == "new b"


def test_a_bad_name_writes_nothing(tmp_path: Path) -> None:
    files = {"E1.md": "1", "E2.md": "2", "x" * 300 + ".md": "3"}
    with pytest.raises(ValidationError, match="at most 255"):
        write_files(tmp_path / "packs", files)
    assert not (tmp_path / "packs").exists() or list((tmp_path / "packs").iterdir()) == []


def test_a_failure_part_way_removes_what_this_call_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link
    calls = []

    def failing_third(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real_link(source, target)

    monkeypatch.setattr(os, "link", failing_third)
    with pytest.raises(ValidationError, match=r"nothing was written \(2 new"):
        write_files(tmp_path, {f"E{n}.md": str(n) for n in range(7)})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["", ".", "..", "a/b", "a\\b", "a\x00b", "é" * 128, "\ud800.md"]
)  # outside-path: hostile input
def test_unsafe_names_are_named(name: str) -> None:
    assert safe_name_problem(name) is not None


@given(st.text(min_size=1, max_size=60).filter(lambda s: "/" not in s and "\\" not in s))
def test_accepted_names_stay_inside_the_folder(name: str) -> None:
    problem = safe_name_problem(name)
    if problem is None:
        assert Path(name).name == name and name not in (".", "..")
        assert len(name.encode("utf-8")) <= MAX_NAME_BYTES


def test_undecodable_file_names_are_shown_safely(tmp_path: Path) -> None:
    name = os.fsdecode(b"report-\xff.html")
    shown = display_path(tmp_path / name)
    assert shown.endswith("report-\\xff.html")
    shown.encode("utf-8")
    target = write_file(tmp_path / name, "ok")
    assert target.read_text("utf-8") == "ok"


def test_wrong_data_type_is_a_type_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        write_file(tmp_path / "x", 42)  # type: ignore[arg-type]


def test_text_with_lone_surrogates_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not valid Unicode"):
        write_file(tmp_path / "x.md", "bad \ud800 text")
    assert list(tmp_path.iterdir()) == []
