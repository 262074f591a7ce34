from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf._files import safe_name_problem
from apsperf.cli import main
from apsperf.guides import write_conversation_packs
from apsperf.guides.render._render import INDEX_FILE, pack_file_stems
from apsperf.segmentation import Level, Placement, read_workforce, sample_workforce_path


def person(employee_id: str) -> Placement:
    return Placement(employee_id=employee_id, performance=Level.HIGH, potential=Level.LOW)


def test_one_pack_per_person_with_safe_distinct_names(tmp_path: Path) -> None:
    ids = [
        "E1",
        "../../etc/passwd",  # outside-path: hostile input
        "a/b",
        "a_b",
        "a?b",
        "A?B",
        "e9",
        "E9",
        "x" * 300,
    ]  # outside-path: hostile input
    paths = write_conversation_packs([person(i) for i in ids], tmp_path / "packs")
    assert len(paths) == len({p.name.casefold() for p in paths}) == 2 * len(ids)
    assert all(p.parent == tmp_path / "packs" for p in paths)
    names = [p.name for p in paths]
    briefs, copies = names[0::2], names[1::2]
    assert all(n.endswith(".manager-brief.md") for n in briefs)
    assert all(n.endswith(".employee-copy.md") for n in copies)
    stems = [n.removesuffix(".manager-brief.md") for n in briefs]
    assert stems == [n.removesuffix(".employee-copy.md") for n in copies]
    assert stems[0] == "E1" and stems[3] == "a_b"  # plain identifiers keep their name
    assert stems[2] != "a_b" and stems[2].startswith("a_b-")  # a/b never takes a_b's
    assert all(len(name.encode()) <= 120 for name in names)
    assert "Proven Performer" in paths[0].read_text(encoding="utf-8")
    assert "Proven Performer" not in paths[1].read_text(encoding="utf-8")
    raw = (tmp_path / "packs" / INDEX_FILE).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark, for spreadsheets
    index = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert index[0] == ["employee_id", "manager_brief", "employee_copy"]
    assert [row[1:] for row in index[1:]] == [
        list(pair) for pair in zip(briefs, copies, strict=True)
    ]
    assert [row[0] for row in index[1:]] == ids


def test_the_segment_is_named_in_employee_copies_only_when_asked(tmp_path: Path) -> None:
    unnamed = write_conversation_packs([person("E1")], tmp_path / "a")
    named = write_conversation_packs([person("E1")], tmp_path / "b", name_segment=True)
    assert "Proven Performer" not in unnamed[1].read_text("utf-8")
    assert "Proven Performer" in named[1].read_text("utf-8")
    with pytest.raises(TypeError, match="name_segment"):
        write_conversation_packs([person("E1")], tmp_path / "c", name_segment=1)  # type: ignore[arg-type]


@given(st.lists(st.text(min_size=1, max_size=12), unique=True, max_size=12))
def test_file_stems_are_distinct_whatever_the_case(ids: list[str]) -> None:
    stems = pack_file_stems(ids)
    assert len({stem.casefold() for stem in stems.values()}) == len(ids)
    assert all(safe_name_problem(stem + ".html") is None for stem in stems.values())


@given(
    st.lists(st.text(min_size=1, max_size=12), unique=True, min_size=1, max_size=8),
    st.data(),
)
def test_no_identifier_can_be_crafted_to_take_anothers_file(
    ids: list[str], data: st.DataObject
) -> None:
    # an identifier spelled as another's hashed stem (``a_b-`` and 16 hex digits), in any
    # case, is hashed itself: the whole set still gets one file per person
    honest = pack_file_stems(ids)
    hashed = [stem for i, stem in honest.items() if stem != i]
    crafted = [data.draw(st.sampled_from([s, s.upper(), s.lower()])) for s in hashed]
    crafted = [c for c in dict.fromkeys(crafted) if c.casefold() not in {i.casefold() for i in ids}]
    stems = pack_file_stems(ids + crafted)
    assert len({stem.casefold() for stem in stems.values()}) == len(ids) + len(crafted)
    assert all(stems[i] == honest[i] for i in ids)  # a newcomer never renames anyone


def test_a_crafted_identifier_does_not_refuse_the_whole_set(tmp_path: Path) -> None:
    (victim,) = pack_file_stems(["a/b"]).values()
    assert victim.startswith("a_b-")
    paths = write_conversation_packs([person("a/b"), person(victim)], tmp_path / "packs")
    stems = [p.name.removesuffix(".manager-brief.md") for p in paths[0::2]]
    assert stems[0] == victim and stems[1] != victim  # a/b keeps its name; the copy is hashed
    assert len({p.name for p in paths}) == 4


def test_packs_never_replace_or_write_through_links(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    (folder / "E1.manager-brief.md").symlink_to(victim)
    with pytest.raises(ValidationError, match="symbolic link"):
        write_conversation_packs([person("E1"), person("E2")], folder)
    assert victim.read_text("utf-8") == "precious"
    assert sorted(p.name for p in folder.iterdir()) == ["E1.manager-brief.md"]
    (folder / "E1.manager-brief.md").unlink()
    write_conversation_packs([person("E1")], folder)
    with pytest.raises(ValidationError, match=r"already exist.*--force"):
        write_conversation_packs([person("E1")], folder)
    write_conversation_packs([person("E1")], folder, force=True)


def test_a_failed_set_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ``apsperf.guides.render`` is the public function, so reach the layer's module with
    # ``from ... import`` (``import apsperf.guides.render._render`` finds the function).
    from apsperf.guides.render import _render as rendering  # packs are rendered there

    calls = {"n": 0}
    real = rendering.render

    def failing(*args: object, **kwargs: object) -> str:
        calls["n"] += 1
        if calls["n"] == 7:
            raise ValidationError("the disk is full", path="x")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rendering, "render", failing)
    with pytest.raises(ValidationError, match="nothing was written: the folder is as it was"):
        write_conversation_packs([person(f"E{n}") for n in range(7)], tmp_path / "packs")
    assert list((tmp_path / "packs").iterdir()) == []


def test_html_packs_escape_the_identifier(tmp_path: Path) -> None:
    paths = write_conversation_packs([person("<b>x</b>")], tmp_path, output="html")
    assert [p.suffix for p in paths] == [".html", ".html"]
    assert all("<b>x</b>" not in p.read_text(encoding="utf-8") for p in paths)


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
    assert len(list(folder.glob("*.manager-brief.md"))) == placed
    assert len(list(folder.glob("*.employee-copy.md"))) == placed
    assert f"wrote {placed:,} conversation packs" in capsys.readouterr().err
    assert main(["review", "--sample", "--packs", str(folder), "--name-segment", "--force"]) == 0
    copies = " ".join(p.read_text("utf-8") for p in folder.glob("*.employee-copy.md"))
    assert "Segment:" in copies
