"""The converters: made by factories, never changed by an import, strict about what they read."""

from __future__ import annotations

import codecs
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from apsperf import ValidationError, serialization
from apsperf._content import make_content_converter, parse_toml, read_toml
from apsperf.guides import CareerConversations, CareerGuide, DevelopmentOption, career_conversations
from apsperf.maturity import scale_from_toml
from apsperf.provenance import Edition
from apsperf.schema import schema_for
from apsperf.serialization import from_dict, from_json, loads, to_dict, to_json

ROOT = Path(__file__).resolve().parents[1]
SUBPACKAGES = ("apsperf.guides", "apsperf.agreements", "apsperf.maturity", "apsperf.segmentation")

_PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from apsperf.serialization import from_dict, to_dict
from apsperf.guides import CareerGuide, career_guide
guide = to_dict(career_guide("top-talent"))
results = [guide == to_dict(from_dict(CareerGuide, guide))]
shorthand = json.loads(json.dumps(guide))
shorthand["development"]["groups"][0]["options"][0] = "Plain text"
try:
    from_dict(CareerGuide, shorthand)
    results.append("accepted")
except ValueError as error:
    results.append(str(error))
print(json.dumps([guide, results]))
"""


def _probe(order: tuple[str, ...]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *order],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    return result.stdout


def test_import_order_never_changes_what_from_dict_and_to_dict_give() -> None:
    outputs = {order: _probe(order) for order in itertools.permutations(SUBPACKAGES)}
    assert len(set(outputs.values())) == 1, outputs
    _, results = json.loads(next(iter(outputs.values())))
    assert results[0] is True
    assert results[1] != "accepted"


def test_nothing_registers_hooks_on_the_json_converter() -> None:
    assert not hasattr(serialization, "register_hooks")
    fresh = serialization.make_converter()
    guide = to_dict(career_conversations().guides[0])
    del guide["schema_version"]
    assert fresh.unstructure(fresh.structure(guide, CareerGuide)) == guide


def _shorthand_guide() -> dict[str, Any]:
    document = to_dict(career_conversations().guides[0])
    focus = document["development"]
    options = focus["options"] if focus["options"] else focus["groups"][0]["options"]
    options[0] = options[0]["text"]
    return document


def test_a_guide_the_schema_rejects_is_rejected_by_from_dict() -> None:
    document = _shorthand_guide()
    assert not Draft202012Validator(schema_for("guide")).is_valid(document)
    with pytest.raises(ValidationError, match="development"):
        from_dict(CareerGuide, document)


def test_content_files_alone_may_write_an_option_as_its_text() -> None:
    conv = make_content_converter()
    assert conv.structure("Website.", DevelopmentOption) == DevelopmentOption(text="Website.")
    assert conv is not make_content_converter()
    with pytest.raises(ValidationError):
        from_dict(DevelopmentOption, {"schema_version": 1, "text": 7})


def test_to_dict_and_from_dict_refuse_what_is_not_a_model() -> None:
    with pytest.raises(TypeError, match="to_dict needs an apsperf model value, got a int"):
        to_dict(42)

    class NotAModel:
        pass

    with pytest.raises(TypeError, match="from_dict needs an apsperf model class, got NotAModel"):
        from_dict(NotAModel, {"schema_version": 1})
    with pytest.raises(TypeError, match="got a str value"):
        from_dict("CareerGuide", {"schema_version": 1})  # type: ignore[call-overload]


def test_duplicate_json_keys_are_rejected_naming_the_key() -> None:
    with pytest.raises(ValidationError, match="duplicate key 'text'"):
        loads('{"schema_version": 1, "text": "a", "text": "b"}')
    with pytest.raises(ValidationError, match="duplicate key"):
        from_json(DevelopmentOption, '{"schema_version": 1, "text": "a", "text": "a"}')


@pytest.mark.parametrize("field", ["title", "publisher", "fixes[0].original"])
def test_lone_surrogates_are_rejected_naming_the_field(field: str) -> None:
    document: dict[str, Any] = {
        "schema_version": 1,
        "title": "t",
        "publisher": "p",
        "source_document": "s",
        "licence": "l",
        "fixes": [{"original": "a", "corrected": "b", "where": "w"}],
    }
    if field.startswith("fixes"):
        document["fixes"][0]["original"] = "\ud800"
    else:
        document[field] = "x\ud800"
    with pytest.raises(ValidationError, match="lone surrogate") as info:
        from_dict(Edition, document)
    assert info.value.errors[0][0] == field
    text = json.dumps(document)  # "\\ud800" escapes, as a hostile file would carry them
    with pytest.raises(ValidationError, match="lone surrogate"):
        from_json(Edition, text)


def test_huge_integers_are_validation_errors() -> None:
    digits = "9" * 5000
    with pytest.raises(ValidationError, match="not valid JSON"):
        from_json(DevelopmentOption, '{"schema_version": ' + digits + "}")
    with pytest.raises(ValidationError, match=r"s\.toml"):
        parse_toml(f"x = {digits}\n", "s.toml")
    with pytest.raises(ValidationError, match=r"s\.toml"):
        scale_from_toml(f"name = {digits}\n", source="s.toml")


def test_deeply_nested_toml_is_a_validation_error(tmp_path: Path) -> None:
    deep = "x = " + "[" * 50_000 + "]" * 50_000 + "\n"  # beyond any recursion limit
    with pytest.raises(ValidationError, match=r"s\.toml"):
        parse_toml(deep, "s.toml")
    file = tmp_path / "deep.toml"
    file.write_text(deep, "utf-8")
    with pytest.raises(ValidationError, match=r"deep\.toml"):
        read_toml(file)


def test_oversized_content_files_are_refused(tmp_path: Path) -> None:
    file = tmp_path / "big.toml"
    file.write_text("".join(f"x{n} = 1\n" for n in range(100)), "utf-8")
    with pytest.raises(ValidationError, match="larger than the limit of 100 bytes"):
        read_toml(file, limit=100)
    assert len(read_toml(file)[0]) == 100


def test_toml_content_must_be_utf8(tmp_path: Path) -> None:
    file = tmp_path / "latin1.toml"
    file.write_bytes('name = "José"\n'.encode("latin-1"))
    with pytest.raises(ValidationError, match="not valid UTF-8"):
        read_toml(file)


@pytest.mark.parametrize(
    ("encoded", "accepted"),
    [
        (lambda t: t.encode("utf-8"), True),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), True),
        (lambda t: t.encode("utf-16"), True),  # with a byte order mark
        (lambda t: t.encode("utf-16-le"), False),  # no mark
        (lambda t: t.encode("utf-32"), False),
        (lambda t: t.encode("latin-1"), False),
    ],
)
def test_json_bytes_follow_the_stated_encoding_policy(
    encoded: Callable[[str], bytes], accepted: bool
) -> None:
    text = '{"schema_version": 1, "text": "Café"}'
    if accepted:
        assert from_json(DevelopmentOption, encoded(text)) == DevelopmentOption(text="Café")
    else:
        with pytest.raises(ValidationError):
            from_json(DevelopmentOption, encoded(text))


def _best_of(repeats: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def _big_book(copies: int) -> str:
    document = to_dict(career_conversations())
    for guide in document["guides"]:
        for name in ("descriptors", "feedback", "questions"):
            guide[name] = [f"{text} ({n})" for n in range(copies) for text in guide[name]]
    return json.dumps(document)


def test_checking_for_repeated_items_grows_linearly() -> None:
    small, large = _big_book(25), _big_book(100)
    assert from_json(CareerConversations, small)
    small_time = _best_of(3, lambda: from_json(CareerConversations, small))
    large_time = _best_of(3, lambda: from_json(CareerConversations, large))
    assert large_time < 10 * small_time, (small_time, large_time)


def test_to_json_writes_what_from_json_reads() -> None:
    book = career_conversations()
    assert from_json(CareerConversations, to_json(book)) == book


def _overlay(tmp_path: Path, count: int) -> Path:
    options = ", ".join(f'"Our agency option number {n}."' for n in range(count))
    file = tmp_path / f"overlay-{count}.toml"
    file.write_text(
        f"[overlay]\nname = 'x'\n[segments.top-talent.add_development]\nformal = [{options}]\n",
        "utf-8",
    )
    return file


def test_tailoring_with_a_large_overlay_grows_linearly(tmp_path: Path) -> None:
    from apsperf.guides import load_tailored

    small, large = _overlay(tmp_path, 1500), _overlay(tmp_path, 6000)
    load_tailored(small)
    small_time = _best_of(3, lambda: load_tailored(small))
    large_time = _best_of(3, lambda: load_tailored(large))
    assert large_time < 10 * small_time, (small_time, large_time)


def test_whole_numbers_a_float_cannot_hold_are_refused_not_rounded() -> None:
    from apsperf.maturity import AggregateRatings

    document = {
        "schema_version": 1,
        "rule": "weakest-link",
        "overall": 1,
        "weakest_link": 1,
        "mean": 1.0,
        "strongest": 1,
    }
    assert from_dict(AggregateRatings, document).overall == 1.0
    for exact in (2**53 + 1, 10**400, -(2**60) - 1):
        with pytest.raises(ValidationError, match="overall"):
            from_dict(AggregateRatings, {**document, "overall": exact})
