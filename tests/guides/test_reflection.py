"""The filled-in self-reflection template: incomplete allowed, missing reported, lossless JSON."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from apsperf import Severity, ValidationError
from apsperf.guides import (
    IdentityField,
    ReflectionAnswer,
    SelfReflection,
    check_self_reflection,
    self_reflection_template,
)
from apsperf.serialization import from_dict, from_json, to_dict, to_json
from apsperf.testing._guides import self_reflections

TEMPLATE = self_reflection_template()
KEYS = tuple(p.key for p in TEMPLATE.prompts)


def complete() -> SelfReflection:
    reflection = SelfReflection(
        name="Sam Lee", position_title="Policy Officer", team="Workforce", department="Examples"
    )
    for key in KEYS:
        reflection = reflection.answer(key, f"My answer to {key}.")
    return reflection


def test_a_blank_form_is_allowed_and_everything_is_missing() -> None:
    blank = SelfReflection()
    assert blank.missing() == (*(f.value for f in IdentityField), *KEYS)
    assert not blank.is_complete()


def test_a_complete_form_misses_nothing() -> None:
    done = complete()
    assert done.missing() == ()
    assert done.is_complete(TEMPLATE)
    assert check_self_reflection(done) == ()


def test_blank_answers_count_as_missing() -> None:
    form = complete().answer("leadership", "   \n").answer("top-achievements", "")
    assert form.missing() == ("top-achievements", "leadership")
    findings = check_self_reflection(form)
    assert [f.path for f in findings] == ["answers.top-achievements", "answers.leadership"]
    assert {f.severity for f in findings} == {Severity.INFO}


def test_answering_again_replaces_the_answer() -> None:
    form = SelfReflection().answer("leadership", "first").answer("leadership", "second")
    assert form.response("leadership") == "second"
    assert len(form.answers) == 1


def test_answers_to_unknown_prompts_are_warned_about() -> None:
    form = complete().answer("favourite-colour", "blue")
    (finding,) = check_self_reflection(form)
    assert finding.code == "unknown-prompt"
    assert finding.severity is Severity.WARNING
    assert finding.path == f"answers[{len(KEYS)}].prompt"


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"name": 7}, "name"),
        (
            {
                "answers": (
                    ReflectionAnswer(prompt="a", response="x"),
                    ReflectionAnswer(prompt="a", response="y"),
                )
            },
            "answers[1].prompt",
        ),
        ({"answers": ("text",)}, "answers[0]"),
        ({"completed_on": "2025-07-01"}, "completed_on"),
    ],
)
def test_invalid_fields_are_named(fields: dict[str, object], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        SelfReflection(**fields)  # type: ignore[arg-type]
    assert info.value.path == path


def test_bad_prompt_key_is_named() -> None:
    with pytest.raises(ValidationError) as info:
        ReflectionAnswer(prompt="Not A Key", response="x")
    assert info.value.path == "prompt"


def test_saved_form_loads_and_bad_json_is_a_validation_error() -> None:
    answered = complete().answer("leadership", "A leader who listens.\nAnd acts.")
    form = SelfReflection(
        name=answered.name, answers=answered.answers, completed_on=dt.date(2025, 7, 1)
    )
    assert to_dict(form)["completed_on"] == "2025-07-01"
    assert from_json(SelfReflection, to_json(form)) == form
    with pytest.raises(ValidationError) as info:
        from_dict(SelfReflection, {"schema_version": 1, "answers": [{"prompt": "x"}]})
    assert "answers[0].response" in str(info.value)


@given(self_reflections())
def test_json_round_trip_is_lossless(reflection: SelfReflection) -> None:
    assert from_json(SelfReflection, to_json(reflection)) == reflection


@given(self_reflections(TEMPLATE))
def test_missing_is_exactly_the_blank_boxes_in_template_order(reflection: SelfReflection) -> None:
    missing = reflection.missing(TEMPLATE)
    order = [*(f.value for f in IdentityField), *KEYS]
    assert list(missing) == [key for key in order if key in missing]
    for key in KEYS:
        response = reflection.response(key)
        assert (key in missing) == (response is None or not response.strip())
    assert reflection.is_complete(TEMPLATE) == (missing == ())


def _text_render_seconds(size: int) -> float:
    import time

    from apsperf.guides import render

    form = SelfReflection().answer(KEYS[0], "x" * size)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        text = render(form, "text")
        best = min(best, time.perf_counter() - start)
    assert max(map(len, text.splitlines())) <= 88
    return best


def test_a_one_word_answer_renders_in_linear_time() -> None:
    small, large = _text_render_seconds(200_000), _text_render_seconds(800_000)
    assert large < 10 * max(small, 1e-3)  # four times the text: under ten times the time
