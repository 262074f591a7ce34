from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.maturity import (
    Element,
    MaturityLevel,
    MaturityScale,
    default_scale,
    load_scale,
    scale_from_toml,
)
from apsperf.serialization import from_json, to_json
from apsperf.testing._maturity import maturity_scales

DEFAULT_LEVELS = ["Awareness", "General acceptance", "Defined", "Managed", "Leader"]


def scale_toml(levels: int = 3, *, skip: tuple[int, Element] | None = None) -> str:
    lines = [
        'name = "Agency scale"',
        "[edition]",
        'title = "Agency scale"',
        'publisher = "Department of Examples"',
        'source_document = "Our maturity model"',
        'licence = "All rights reserved"',
    ]
    for rank in range(1, levels + 1):
        lines += ["[[levels]]", f"rank = {rank}", f'name = "Stage {rank}"', "[levels.descriptions]"]
        lines += [f'{e.value} = "{e.label} at stage {rank}"' for e in Element if skip != (rank, e)]
    return "\n".join(lines) + "\n"


def test_default_scale_has_five_levels_named_by_apsperf() -> None:
    scale = default_scale()
    assert [level.name for level in scale.levels] == DEFAULT_LEVELS
    assert [level.rank for level in scale.levels] == [1, 2, 3, 4, 5]
    assert scale.top == 5
    assert scale.basis is not None and "apsperf's own choice" in scale.basis
    assert scale.edition is not None and "own choice" in scale.edition.source_document


ROOT = Path(__file__).resolve().parents[2]
SHIPPED_TEXT = (".py", ".toml", ".md", ".json", ".txt", ".html", ".css")


def shipped_text_files() -> list[Path]:
    package = ROOT / "src" / "apsperf"
    files = [p for p in package.rglob("*") if p.suffix in SHIPPED_TEXT]
    files += [*(ROOT / "docs").rglob("*.md"), ROOT / "README.md", ROOT / "CHANGELOG.md"]
    return files


def test_no_shipped_text_attributes_the_level_names_to_a_survey() -> None:
    # No source names a five-level maturity model of the State of the Service agency
    # survey, so nothing apsperf ships may credit the default scale's level names to it.
    files = shipped_text_files()
    assert len(files) > 50
    assert ROOT / "src" / "apsperf" / "maturity" / "default_scale.toml" in files
    offending = [
        str(p.relative_to(ROOT))
        for p in files
        if "state of the service" in " ".join(p.read_text("utf-8").split()).casefold()
    ]
    assert offending == []


def test_default_scale_says_the_descriptions_are_apsperfs_own_words() -> None:
    wording = default_scale().wording
    assert wording is not None
    assert "apsperf's own wording" in wording
    assert "not the Framework's published maturity model" in wording


def test_default_scale_describes_every_element_at_every_level_differently() -> None:
    scale = default_scale()
    for element in Element:
        texts = [scale.describe(element, rank) for rank in range(1, scale.top + 1)]
        assert all(t.strip() == t and len(t) > 40 for t in texts)
        assert len(set(texts)) == scale.top


def test_default_scale_is_loaded_once() -> None:
    assert default_scale() is default_scale()


def test_an_agency_loads_its_own_scale(tmp_path: Path) -> None:
    file = tmp_path / "our-scale.toml"
    file.write_text(scale_toml(4), "utf-8")
    scale = load_scale(file)
    assert scale.top == 4
    assert scale.edition is not None
    assert scale.edition.publisher == "Department of Examples"
    assert scale.describe(Element.DEVELOPMENT, 2) == "Development at stage 2"
    assert scale.parse_level("stage 3") == 3
    assert scale.parse_level("4") == 4


def test_missing_description_names_file_level_and_element(tmp_path: Path) -> None:
    file = tmp_path / "our-scale.toml"
    file.write_text(scale_toml(3, skip=(2, Element.REWARD_AND_RECOGNITION)), "utf-8")
    with pytest.raises(ValidationError) as info:
        load_scale(file)
    assert info.value.errors == (
        (
            f"{file}: levels[1].descriptions.reward-and-recognition",
            "no description for 'Reward and recognition'",
        ),
    )
    assert "our-scale.toml" in str(info.value)


def test_every_problem_is_reported_at_once() -> None:
    text = (
        scale_toml(3, skip=(1, Element.DEVELOPMENT))
        .replace('name = "Stage 3"', 'name = ""')
        .replace("rank = 2", "rank = 5")
    )
    with pytest.raises(ValidationError) as info:
        scale_from_toml(text, source="s.toml")
    paths = [path for path, _ in info.value.errors]
    assert "s.toml: levels[0].descriptions.development" in paths
    assert any(p.startswith("s.toml: levels[2].name") for p in paths)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("name = \n", "s.toml"),
        ('name = "x"\n', "s.toml: levels"),
        ("levels = []\n", "s.toml: name"),
        ('name = "x"\ncolour = "red"\n[[levels]]\nname="a"\n', "s.toml"),
        (scale_toml(1), "s.toml: levels"),
        (scale_toml(2).replace("rank = 2", "rank = 3"), "s.toml: levels[1].rank"),
        (scale_toml(2).replace('name = "Stage 2"', 'name = "stage 1"'), "s.toml: levels[1].name"),
        (scale_toml(2).replace("development =", "growth ="), "s.toml: levels[0].descriptions"),
        (
            scale_toml(2).replace('development = "Development at stage 1"', "development = 7"),
            "s.toml: levels[0].descriptions['development']",
        ),
        (scale_toml(2).replace('name = "Stage 1"', "name = 1"), "s.toml: levels[0].name"),
    ],
)
def test_bad_scale_files_name_the_place(text: str, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        scale_from_toml(text, source="s.toml")
    assert any(p.startswith(path) for p, _ in info.value.errors), info.value.errors


def test_missing_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no such file"):
        load_scale(tmp_path / "nope.toml")


def test_a_level_must_describe_every_element() -> None:
    with pytest.raises(ValidationError) as info:
        MaturityLevel(rank=1, name="One", descriptions={Element.DEVELOPMENT: "x"})
    assert {p for p, _ in info.value.errors} == {
        f"descriptions.{e.value}" for e in Element if e is not Element.DEVELOPMENT
    }


def test_descriptions_cannot_be_changed_after_construction() -> None:
    source = {e: "text" for e in Element}
    level = MaturityLevel(rank=1, name="One", descriptions=source)
    source[Element.DEVELOPMENT] = "changed"
    assert level.descriptions[Element.DEVELOPMENT] == "text"
    with pytest.raises(TypeError):
        level.descriptions[Element.DEVELOPMENT] = "x"  # type: ignore[index]


@pytest.mark.parametrize("rank", [0, 6, -1, True, "3", 2.0])
def test_ranks_off_the_scale_are_rejected(rank: object) -> None:
    with pytest.raises(ValidationError) as info:
        default_scale().check_rank(rank, field="ratings[1].level")
    assert info.value.path == "ratings[1].level"


def test_parse_level_reads_names_and_titles() -> None:
    scale = default_scale()
    assert scale.parse_level("General Acceptance") == 2
    assert scale.parse_level("3 Defined") == 3
    assert scale.parse_level(5) == 5
    with pytest.raises(ValidationError, match="Awareness"):
        scale.parse_level("excellent")


@given(maturity_scales())
def test_scale_json_round_trip_is_identity(scale: MaturityScale) -> None:
    text = to_json(scale)
    again = from_json(MaturityScale, text)
    assert again == scale
    assert to_json(again) == text


@given(maturity_scales(max_levels=4))
def test_every_valid_scale_describes_every_element_at_every_level(scale: MaturityScale) -> None:
    for rank in range(1, scale.top + 1):
        for element in Element:
            assert scale.describe(element, rank)


def test_importing_the_package_loads_no_content() -> None:
    code = (
        "import sys, apsperf.maturity as m;"
        "print('tomllib' in sys.modules, m.default_scale.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "0"]


@given(st.text(max_size=200))
def test_any_text_is_a_scale_or_a_validation_error(text: str) -> None:
    try:
        scale_from_toml(text, source="s.toml")
    except ValidationError as error:
        assert all(path.startswith("s.toml") for path, _ in error.errors)


@given(
    st.sampled_from(
        [
            "rank = 1",
            'name = "Stage 1"',
            "[levels.descriptions]",
            'development = "Development at stage 1"',
        ]
    ),
    st.sampled_from(
        [
            "",
            'rank = "one"',
            "name = []",
            "descriptions = 3",
            "x = 1",
            "[levels.other]",
            "rank = 0",
            "levels = 4",
        ]
    ),
)
def test_edited_scale_files_load_or_raise_validation_error(line: str, replacement: str) -> None:
    with contextlib.suppress(ValidationError):
        scale_from_toml(scale_toml(2).replace(line, replacement, 1), source="s.toml")
