"""apsperf's default SES rating scales (content file) checked against what the docs promise."""

from __future__ import annotations

from pathlib import Path

from apsperf.agreements import AssessmentScales, default_scales, load_scales
from apsperf.agreements.io._scales import SCALES_FILE
from tests.paths import SOURCES

CONTENT = Path(__file__).resolve().parents[2] / "src" / "apsperf" / "agreements" / "content"

SLUGS = ["unacceptable", "needs-improvement", "effective", "strong", "outstanding"]


def test_each_scale_has_the_documented_levels_lowest_first() -> None:
    scales = default_scales()
    for scale in (scales.behaviours, scales.outcomes, scales.overall):
        assert [level.slug for level in scale.levels] == SLUGS
        assert [level.label for level in scale.levels] == [
            "Unacceptable",
            "Needs improvement",
            "Effective",
            "Strong",
            "Outstanding",
        ]
        assert [level.concern for level in scale.levels] == [True, True, False, False, False]
    assert [s.name for s in (scales.behaviours, scales.outcomes, scales.overall)] == [
        "Behaviours",
        "Outcomes",
        "Overall",
    ]


def test_reward_starts_at_strong_and_mapping_is_one_to_one() -> None:
    scales = default_scales()
    assert scales.reward_from == "strong"
    assert scales.overall_mapping == ()
    assert [scales.overall_rank_for(r) for r in range(5)] == [0, 1, 2, 3, 4]


def test_behaviour_and_outcome_levels_are_described() -> None:
    scales = default_scales()
    for level in (*scales.behaviours.levels, *scales.outcomes.levels):
        assert level.description


def test_file_loads_like_an_agency_file() -> None:
    assert load_scales(CONTENT / SCALES_FILE) == default_scales()
    assert isinstance(default_scales(), AssessmentScales)
    assert default_scales() is default_scales()


def test_the_principle_it_encodes_is_the_frameworks() -> None:
    text = (SOURCES / "aps-ses-performance-leadership-framework.txt").read_text("utf-8")
    assert "behaviours are as important as outcomes" in text
    assert "cannot be used to offset or minimise behavioural concerns" in text
    header = (CONTENT / SCALES_FILE).read_text("utf-8").split("[edition]")[0]
    assert "does not prescribe rating labels" in header
