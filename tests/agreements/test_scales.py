from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from apsperf import ValidationError
from apsperf.agreements import (
    AssessmentScales,
    RatingLevel,
    RatingScale,
    default_scales,
    load_scales,
)
from apsperf.serialization import converter, from_json, to_dict, to_json
from apsperf.testing._agreements import assessment_scales, rating_scales


def level(slug: str, concern: bool, label: str | None = None) -> RatingLevel:
    return RatingLevel(
        slug=slug, label=label or slug.replace("-", " ").capitalize(), concern=concern
    )


def scale(*levels: RatingLevel, name: str = "Scale") -> RatingScale:
    return RatingScale(name=name, levels=levels)


THREE = scale(level("poor", True), level("good", False), level("great", False))


@pytest.mark.parametrize(
    ("levels", "path"),
    [
        ((level("poor", True),), "levels"),
        ((level("poor", True), level("poor", False)), "levels[1]"),
        ((level("poor", True), level("bad", False, label="POOR")), "levels[1]"),
        ((level("good", False), level("great", False)), "levels[0]"),
        ((level("poor", True), level("bad", True)), "levels[1]"),
        (
            (level("poor", True), level("ok", False), level("bad", True), level("top", False)),
            "levels[2].concern",
        ),
        (("poor", "good"), "levels[0]"),
    ],
)
def test_scale_rules(levels: tuple[Any, ...], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        RatingScale(name="Scale", levels=levels)
    assert info.value.path == path


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"slug": "Needs Improvement", "label": "x", "concern": True}, "slug"),
        ({"slug": "ok", "label": "", "concern": True}, "label"),
        ({"slug": "ok", "label": "Ok", "concern": "yes"}, "concern"),
    ],
)
def test_level_rules(fields: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        RatingLevel(**fields)
    assert info.value.path == path


def test_levels_are_read_from_what_people_type() -> None:
    scales = default_scales()
    b = scales.behaviours
    assert b.level("Needs improvement").slug == "needs-improvement"
    assert b.level(" NEEDS-IMPROVEMENT ").slug == "needs-improvement"
    assert b.level("5").slug == "outstanding"
    assert b.level(1).slug == "unacceptable"
    assert b.level(b.levels[2]) is b.levels[2]
    for bad in ("great", 0, 6, "6", None, True, 2.0):
        with pytest.raises(ValidationError) as info:
            b.level(bad, field="--behaviours")
        assert info.value.path == "--behaviours"
    assert b.rank("strong") == 3
    with pytest.raises(ValidationError):
        b.rank("Strong")


def make(**changes: Any) -> AssessmentScales:
    fields: dict[str, Any] = {
        "behaviours": THREE,
        "outcomes": THREE,
        "overall": THREE,
        "reward_from": "great",
    }
    fields.update(changes)
    return AssessmentScales(**fields)


def test_parallel_scales_with_other_labels_are_fine() -> None:
    outcomes = scale(level("missed", True), level("met", False), level("exceeded", False))
    scales = make(outcomes=outcomes)
    assert scales.size == 3 and scales.reward_rank == 2


TWO_OVERALL = scale(level("unsatisfactory", True), level("satisfactory", False))


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"outcomes": scale(level("poor", True), level("good", False))}, "outcomes.levels"),
        (
            {"outcomes": scale(level("poor", True), level("fair", True), level("good", False))},
            "outcomes.levels[1].concern",
        ),
        ({"overall": TWO_OVERALL}, "overall_mapping"),
        (
            {"overall": TWO_OVERALL, "overall_mapping": ("unsatisfactory", "satisfactory")},
            "overall_mapping",
        ),
        (
            {
                "overall": TWO_OVERALL,
                "reward_from": "satisfactory",
                "overall_mapping": ("unsatisfactory", "satisfactory", "excellent"),
            },
            "overall_mapping[2]",
        ),
        (
            {
                "overall": TWO_OVERALL,
                "reward_from": "satisfactory",
                "overall_mapping": ("satisfactory", "satisfactory", "satisfactory"),
            },
            "overall_mapping[0]",
        ),
        (
            {
                "overall": scale(level("u", True), level("s", False), level("e", False)),
                "reward_from": "s",
                "overall_mapping": ("u", "e", "s"),
            },
            "overall_mapping[2]",
        ),
        ({"reward_from": "poor"}, "reward_from"),
        ({"reward_from": "superb"}, "reward_from"),
    ],
)
def test_assessment_scale_rules(changes: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        make(**changes)
    assert info.value.path == path


def test_a_shorter_overall_scale_maps_ratings_onto_it() -> None:
    scales = make(
        overall=TWO_OVERALL,
        reward_from="satisfactory",
        overall_mapping=("unsatisfactory", "satisfactory", "satisfactory"),
    )
    assert [scales.overall_rank_for(r) for r in range(3)] == [0, 1, 1]
    assert [scales.is_concern(r) for r in range(3)] == [True, False, False]
    for bad in (-1, 3, True, "1"):
        with pytest.raises(ValidationError) as info:
            scales.overall_rank_for(bad)  # type: ignore[arg-type]
        assert info.value.path == "rank"


def test_load_scales_from_dict_json_and_toml(tmp_path: Path) -> None:
    scales = make()
    plain = converter.unstructure(scales)
    assert load_scales(plain) == scales
    assert load_scales(to_dict(scales)) == scales
    json_file = tmp_path / "agency.json"
    json_file.write_text(to_json(scales), "utf-8")
    assert load_scales(json_file) == scales
    toml_file = tmp_path / "agency.toml"
    toml_file.write_text(
        'reward_from = "great"\n'
        + "".join(
            f'[{part}]\nname = "{part.title()}"\n'
            + "".join(
                f'[[{part}.levels]]\nslug = "{lv.slug}"\nlabel = "{lv.label}"\n'
                f"concern = {str(lv.concern).lower()}\n"
                for lv in THREE.levels
            )
            for part in ("behaviours", "outcomes", "overall")
        ),
        "utf-8",
    )
    loaded = load_scales(toml_file)
    assert [lv.slug for lv in loaded.overall.levels] == ["poor", "good", "great"]


def test_bad_scale_files_name_file_and_field(tmp_path: Path) -> None:
    doc = converter.unstructure(make())
    doc["behaviours"]["levels"][0]["concern"] = False
    bad = tmp_path / "agency.json"
    bad.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ValidationError) as info:
        load_scales(bad)
    assert info.value.path == f"{bad}: behaviours.levels[0]"
    broken = tmp_path / "agency.toml"
    broken.write_text("reward_from = ", "utf-8")
    with pytest.raises(ValidationError, match="TOML"):
        load_scales(broken)
    with pytest.raises(ValidationError):
        load_scales(tmp_path / "missing.toml")
    with pytest.raises(ValidationError) as info:
        load_scales({"behaviours": 3})
    assert info.value.errors


@given(rating_scales())
def test_rating_scale_round_trip_is_identity(value: RatingScale) -> None:
    text = to_json(value)
    assert from_json(RatingScale, text) == value


@given(assessment_scales())
def test_assessment_scales_round_trip_and_reload(scales: AssessmentScales) -> None:
    text = to_json(scales)
    again = from_json(AssessmentScales, text)
    assert again == scales
    assert load_scales(json.loads(text)) == scales


@given(assessment_scales())
def test_every_level_can_be_read_by_slug_label_and_number(scales: AssessmentScales) -> None:
    for scale_ in (scales.behaviours, scales.outcomes, scales.overall):
        for number, lvl in enumerate(scale_.levels, start=1):
            assert scale_.level(lvl.slug) is lvl
            assert scale_.level(lvl.label) is lvl
            assert scale_.level(number) is lvl
