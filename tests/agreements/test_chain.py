"""The plan's hash chain and head, and checking that a newer copy continues an older one."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.agreements import PerformanceManagementPlan, PlanHead, verify_continuation
from apsperf.cli import main
from apsperf.serialization import from_json, loads, to_dict, to_json
from apsperf.testing._agreements import plans

from .conftest import agreed_plan, notes, rechain, signed

AMENDED_ON = dt.date(2025, 10, 1)


def history() -> PerformanceManagementPlan:
    """Drafted, agreed, amended (outcome 1 changed), agreed again, reviewed."""
    agreed = agreed_plan()
    first = agreed.content.outcomes[0]
    outcomes = (
        type(first)(rank=1, outcome="Deliver the new strategy", measures=first.measures),
        *agreed.content.outcomes[1:],
    )
    amended = agreed.amend(by="Sam Lee", on=AMENDED_ON, outcomes=outcomes)
    again = amended.agree(
        by="Sam Lee",
        on=AMENDED_ON,
        officer_signature=signed("Alex Chen", AMENDED_ON),
        manager_signature=signed("Sam Lee", AMENDED_ON),
    )
    return again.review(by="Sam Lee", on=dt.date(2026, 1, 20), notes=notes())


def load(doc: dict[str, Any]) -> PerformanceManagementPlan:
    return from_json(PerformanceManagementPlan, json.dumps(doc))


def error_paths(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load(doc)
    return [path for path, _ in info.value.errors]


# --- the three rewrites of the issue: each loaded before the chain, none loads now ---------


def test_a_truncated_history_is_refused() -> None:
    doc = to_dict(history())
    del doc["revisions"][-1]  # consistent on its own: the plan as agreed again
    assert error_paths(doc) == ["head.revisions"]


def test_an_erased_amendment_is_refused() -> None:
    doc = to_dict(history())
    # Erase the amendment (revision 3) and the agreement after it, then renumber and make
    # the remaining history consistent: a review of the plan as first agreed.
    erased = [doc["revisions"][0], doc["revisions"][1], doc["revisions"][4]]
    erased[2]["number"] = 3
    erased[2]["content"] = copy.deepcopy(erased[1]["content"])
    doc["revisions"] = erased
    doc["head"]["revisions"] = 3
    assert error_paths(doc) == ["revisions[2].digest"]


def test_the_agreed_content_cannot_be_replaced_under_the_signatures() -> None:
    doc = to_dict(agreed_plan())
    for revision in doc["revisions"]:  # replace outcome 1 everywhere, consistently
        revision["content"]["outcomes"][0]["outcome"] = "Something the officer never agreed"
    paths = error_paths(doc)
    assert paths == ["revisions[0].digest"]
    with pytest.raises(ValidationError, match="revision 1 does not match its digest"):
        load(doc)


def test_the_head_must_match_the_last_revision() -> None:
    doc = to_dict(history())
    doc["head"]["digest"] = "0" * 64
    assert error_paths(doc) == ["head.digest"]
    for bad in ("0" * 63, "A" * 64, 7):
        doc = to_dict(history())
        doc["revisions"][2]["digest"] = bad
        assert error_paths(doc) == ["revisions[2].digest"]


@pytest.mark.parametrize("part", [("head",), ("revisions", 0, "digest")])
def test_documents_without_the_chain_are_refused(part: tuple[Any, ...]) -> None:
    doc = to_dict(history())
    target: Any = doc
    for key in part[:-1]:
        target = target[key]
    del target[part[-1]]
    assert error_paths(doc) == [".".join(map(str, part)).replace(".0.", "[0].")]


def test_the_digest_is_sha256_of_the_documented_canonical_form() -> None:
    doc = json.loads(to_json(history()))
    previous = None
    for revision in doc["revisions"]:
        body = {key: value for key, value in revision.items() if key != "digest"}
        canonical = json.dumps(
            {"chain": "apsperf-plan-revision/1", "previous": previous, "revision": body},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=True,
        )
        assert revision["digest"] == hashlib.sha256(canonical.encode("ascii")).hexdigest()
        previous = revision["digest"]
    assert doc["head"] == {"revisions": 5, "digest": previous}


def test_a_regenerated_chain_loads_and_only_verify_catches_it() -> None:
    # What the chain cannot do: someone who rewrites and re-hashes everything is not stopped.
    honest = history()
    doc = to_dict(honest)
    doc["revisions"][1]["recorded_by"] = "Someone else"
    forged = load(rechain(doc))
    result = verify_continuation(forged, honest.as_of(2))
    assert not result.continues and result.differs_at == 2
    assert "revision 2 differs" in result.explanation


def test_verify_accepts_a_continuation_and_rejects_a_cut_back_copy() -> None:
    plan = history()
    ok = verify_continuation(plan, plan.as_of(3))
    assert ok.continues and ok.differs_at is None
    assert ok.older == PlanHead(revisions=3, digest=plan.revisions[2].digest)
    assert ok.newer == plan.head
    assert "first 3 revision(s) are unchanged and it adds 2" in ok.explanation
    cut = verify_continuation(plan.as_of(3), plan)
    assert not cut.continues and cut.differs_at == 4
    assert "lacks revision 4" in cut.explanation
    assert verify_continuation(plan, plan).continues
    with pytest.raises(TypeError, match="old must be a PerformanceManagementPlan"):
        verify_continuation(plan, None)  # type: ignore[arg-type]


# --- the command line ----------------------------------------------------------------------


def test_plan_check_and_verify_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = history()
    old, new, cut, bad = (tmp_path / f"{name}.json" for name in ("old", "new", "cut", "bad"))
    old.write_text(to_json(plan.as_of(2)), "utf-8")
    new.write_text(to_json(plan), "utf-8")
    cut.write_text(to_json(plan.as_of(1)), "utf-8")
    doc = to_dict(plan)
    doc["revisions"][1]["content"]["details"]["meeting_date"] = "2025-07-11"
    bad.write_text(json.dumps(doc), "utf-8")

    assert main(["plan", "verify", str(new), "--against", str(old)]) == 0
    assert capsys.readouterr().out.startswith("ok: the newer copy continues the older one")
    assert main(["plan", "verify", str(cut), "--against", str(old)]) == 1
    assert capsys.readouterr().out.startswith("FAILED: the newer copy does not continue")
    assert main(["plan", "verify", str(new), "--against", str(old), "--format", "json"]) == 0
    printed = loads(capsys.readouterr().out)
    assert printed["continues"] is True and printed["older"]["revisions"] == 2

    assert main(["plan", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "revisions[1].digest" in err and "revision 2 does not match its digest" in err
    assert main(["plan", "verify", str(bad), "--against", str(old)]) == 2


# --- properties ----------------------------------------------------------------------------

_SLOW = settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)


@_SLOW
@given(plans(max_steps=5), st.data())
def test_any_single_byte_edit_inside_the_history_is_detected(
    plan: PerformanceManagementPlan, data: st.DataObject
) -> None:
    text = to_json(plan).encode("utf-8")
    start = text.index(b'"revisions"')
    position = data.draw(st.integers(start, len(text) - 1))
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != text[position]))
    edited = text[:position] + bytes([byte]) + text[position + 1 :]
    try:
        again = from_json(PerformanceManagementPlan, edited)
    except ValidationError:
        return
    assert again == plan  # only an edit that changes nothing (white space) may load
    assert to_json(again).encode("utf-8") == text


def _leaves(doc: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(doc, dict):
        return [p for k, v in doc.items() for p in [(*path, k), *_leaves(v, (*path, k))]]
    if isinstance(doc, list):
        return [p for i, v in enumerate(doc) for p in [(*path, i), *_leaves(v, (*path, i))]]
    return []


_VALUES = st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=6) | st.just([])


@_SLOW
@given(plans(max_steps=5), st.data())
def test_any_field_edit_inside_the_history_is_detected(
    plan: PerformanceManagementPlan, data: st.DataObject
) -> None:
    doc = to_dict(plan)
    path = data.draw(st.sampled_from(_leaves({"revisions": doc["revisions"]})))
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    if isinstance(target, dict) and data.draw(st.booleans()):
        del target[path[-1]]
    else:
        old = target[path[-1]]
        target[path[-1]] = data.draw(_VALUES.filter(lambda value: value != old))
    try:
        again = load(doc)
    except ValidationError:
        return
    # Only an edit with no meaning loads: dropping an optional key that held its default.
    assert to_json(again) == to_json(plan)


@_SLOW
@given(plans(max_steps=6), st.data())
def test_verify_accepts_every_honest_continuation(
    plan: PerformanceManagementPlan, data: st.DataObject
) -> None:
    older = data.draw(st.integers(1, len(plan.revisions)))
    reread = from_json(PerformanceManagementPlan, to_json(plan))
    old = from_json(PerformanceManagementPlan, to_json(plan.as_of(older)))
    result = verify_continuation(reread, old)
    assert result.continues and result.differs_at is None
    if older < len(plan.revisions):
        assert verify_continuation(old, reread).differs_at == older + 1


@_SLOW
@given(plans(max_steps=6), st.data())
def test_verify_rejects_every_changed_prefix(
    plan: PerformanceManagementPlan, data: st.DataObject
) -> None:
    older = data.draw(st.integers(1, len(plan.revisions)))
    edited = data.draw(st.integers(0, older - 1))
    doc = to_dict(plan)
    field = data.draw(st.sampled_from(["recorded_by", "reason"]))
    current = doc["revisions"][edited][field]
    doc["revisions"][edited][field] = data.draw(
        st.text("abcdefgh", min_size=1, max_size=5).filter(lambda text: text != current)
    )
    forged = load(rechain(doc))  # a forger can regenerate the chain and the head ...
    result = verify_continuation(forged, plan.as_of(older))
    assert not result.continues  # ... but not pass for a continuation of an older copy
    assert result.differs_at == edited + 1


def test_plan_review_from_the_command_line_keeps_the_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(to_json(agreed_plan()), "utf-8")
    argv = ["plan", "review", str(old), "--by", "Sam Lee", "--on", "20/01/2026"]
    argv += ["--discussed", "Progress", "--participant", "Alex Chen", "--participant", "Sam Lee"]
    assert main([*argv, "-o", str(new)]) == 0
    reviewed = from_json(PerformanceManagementPlan, new.read_text("utf-8"))
    assert reviewed.current.notes == notes("Progress")
    assert reviewed.current.recorded_on == dt.date(2026, 1, 20)
    assert main(["plan", "verify", str(new), "--against", str(old)]) == 0
    capsys.readouterr()
    draft = tmp_path / "draft.json"
    draft.write_text(to_json(agreed_plan().as_of(1)), "utf-8")
    assert main(["plan", "review", str(draft), *argv[3:]]) == 2
    assert "a plan that is draft cannot be reviewed" in capsys.readouterr().err
