from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.agreements import (
    PerformanceManagementPlan,
    PlanContent,
    PlanEvent,
    PlanStatus,
    ReviewNotes,
    WorkOutcome,
    changed_paths,
)
from apsperf.serialization import from_json, to_dict, to_json
from apsperf.testing._agreements import performance_measures, plans

from .conftest import full_content, measures, notes, rechain, signed

DAY = dt.date(2025, 7, 3)


def test_a_plan_starts_as_a_draft(content: PlanContent) -> None:
    plan = PerformanceManagementPlan.draft(content, by="Sam Lee", on=DAY)
    assert plan.status is PlanStatus.DRAFT
    assert [r.event for r in plan.revisions] == [PlanEvent.DRAFTED]
    assert plan.current.number == 1
    assert plan.content is content


def test_full_lifecycle(agreed: PerformanceManagementPlan) -> None:
    assert agreed.status is PlanStatus.AGREED
    assert agreed.current.changes == (
        "details.meeting_date",
        "details.officer_signature",
        "details.manager_signature",
    )
    new_outcome = WorkOutcome(
        rank=5,
        outcome="Stand up the new unit",
        measures=measures("Unit staffed by March", "Budget met"),
    )
    amended = agreed.amend(
        by="Sam Lee",
        on=dt.date(2025, 10, 1),
        reason="new priority",
        outcomes=(*agreed.content.outcomes, new_outcome),
    )
    assert amended.status is PlanStatus.AMENDED  # changed under the old signatures
    assert amended.current.changes == ("outcomes",)
    assert amended.current.reason == "new priority"
    resigned = amended.agree(
        by="Sam Lee",
        on=dt.date(2025, 10, 2),
        officer_signature=signed("Alex Chen", dt.date(2025, 10, 2)),
        manager_signature=signed("Sam Lee", dt.date(2025, 10, 2)),
    )
    assert resigned.status is PlanStatus.AGREED
    reviewed = resigned.review(
        by="Sam Lee", on=dt.date(2026, 1, 15), notes=notes(), reason="mid-cycle review"
    )
    assert reviewed.status is PlanStatus.REVIEWED
    assert reviewed.current.changes == ()
    assert reviewed.current.notes == notes()
    changed = reviewed.review(
        by="Sam Lee",
        on=dt.date(2026, 1, 15),
        notes=notes("The new unit's name"),
        outcomes=(
            *reviewed.content.outcomes[:4],
            attrs.evolve(new_outcome, outcome="Stand up the new branch"),
        ),
    )
    assert changed.current.changes == ("outcomes[4].outcome",)
    assert changed.status is PlanStatus.AMENDED  # a review that changes the plan amends it
    again = changed.agree(
        by="Sam Lee",
        on=dt.date(2026, 1, 16),
        officer_signature=signed("Alex Chen", dt.date(2026, 1, 16)),
        manager_signature=signed("Sam Lee", dt.date(2026, 1, 16)),
    )
    closed = again.close(by="Sam Lee", on=dt.date(2026, 6, 30))
    assert closed.status is PlanStatus.CLOSED
    assert [r.number for r in closed.revisions] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [r.event for r in closed.revisions] == [
        PlanEvent.DRAFTED,
        PlanEvent.AGREED,
        PlanEvent.AMENDED,
        PlanEvent.AGREED,
        PlanEvent.REVIEWED,
        PlanEvent.REVIEWED,
        PlanEvent.AGREED,
        PlanEvent.CLOSED,
    ]
    # nothing earlier was touched
    assert agreed.status is PlanStatus.AGREED and len(agreed.revisions) == 2


def test_agreement_needs_both_signatures_and_a_meeting_date(content: PlanContent) -> None:
    draft = PerformanceManagementPlan.draft(content, by="Sam Lee", on=DAY)
    with pytest.raises(ValidationError) as info:
        draft.agree(by="Sam Lee", on=DAY, officer_signature=signed("Alex Chen"), meeting_date=DAY)
    assert info.value.path == "details.manager_signature"
    with pytest.raises(ValidationError) as info:
        draft.agree(
            by="Sam Lee",
            on=DAY,
            officer_signature=signed("Alex Chen"),
            manager_signature=signed("Sam Lee"),
        )
    assert info.value.path == "details.meeting_date"


def test_signatures_recorded_while_drafting_count(content: PlanContent) -> None:
    draft = PerformanceManagementPlan.draft(content, by="Sam Lee", on=DAY)
    details = attrs.evolve(
        content.details,
        officer_signature=signed("Alex Chen"),
        manager_signature=signed("Sam Lee"),
        meeting_date=DAY,
    )
    signed_draft = draft.amend(by="Sam Lee", on=DAY, details=details)
    assert signed_draft.status is PlanStatus.DRAFT
    agreed = signed_draft.agree(by="Sam Lee", on=DAY)
    assert agreed.status is PlanStatus.AGREED
    assert agreed.current.changes == ()


def test_an_agreed_plan_cannot_lose_its_signatures(agreed: PerformanceManagementPlan) -> None:
    unsigned = attrs.evolve(agreed.details, manager_signature=None)
    with pytest.raises(ValidationError) as info:
        agreed.amend(by="Sam Lee", on=dt.date(2025, 8, 1), details=unsigned)
    assert info.value.path == "details.manager_signature"


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (lambda p: p.agree(by="x", on=dt.date(2025, 8, 1)), "agreed cannot be agreed"),
        (
            lambda p: p.close(by="x", on=dt.date(2025, 8, 1)).amend(
                by="x", on=dt.date(2025, 8, 2), learning=()
            ),
            "closed cannot be amended",
        ),
        (
            lambda p: p.close(by="x", on=dt.date(2025, 8, 1)).review(
                by="x", on=dt.date(2025, 8, 2), notes=notes()
            ),
            "closed cannot be reviewed",
        ),
        (
            lambda p: p.close(by="x", on=dt.date(2025, 8, 1)).close(by="x", on=dt.date(2025, 8, 2)),
            "closed cannot be closed",
        ),
        (lambda p: p.amend(by="x", on=dt.date(2025, 8, 1)), "must change something"),
        (lambda p: p.amend(by="x", on=dt.date(2025, 7, 1), learning=()), "recorded_on"),
        (lambda p: p.amend(by="", on=dt.date(2025, 8, 1), learning=()), "recorded_by"),
        (lambda p: p.amend(by="x", on=dt.date(2025, 8, 1), outcomes=()), "outcome_rank"),
        (lambda p: p.amend(by="x", on=dt.date(2025, 8, 1), objectives=()), "objectives"),
        (lambda p: p.amend(by="x", on=dt.date(2025, 8, 1), outcomes=[1]), "outcomes[0]"),
    ],
)
def test_invalid_changes_are_validation_errors(
    agreed: PerformanceManagementPlan, act: object, message: str
) -> None:
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        act(agreed)  # type: ignore[operator]


def test_draft_cannot_be_reviewed_or_closed(content: PlanContent) -> None:
    draft = PerformanceManagementPlan.draft(content, by="Sam Lee", on=DAY)
    with pytest.raises(ValidationError) as info:
        draft.review(by="Sam Lee", on=DAY, notes=notes())
    assert info.value.path == "status"
    with pytest.raises(ValidationError) as info:
        draft.close(by="Sam Lee", on=DAY)
    assert info.value.path == "status"


def test_earlier_revisions_are_recoverable(agreed: PerformanceManagementPlan) -> None:
    later = agreed.amend(by="Sam Lee", on=dt.date(2025, 9, 1), outcomes=agreed.content.outcomes[:3])
    assert later.as_of(2) == agreed
    assert later.as_of(1).status is PlanStatus.DRAFT
    assert later.as_on(dt.date(2025, 7, 5)) == later.as_of(1)
    assert later.as_on(dt.date(2025, 7, 2)) is None
    assert later.as_on(dt.date(2030, 1, 1)) == later
    for bad in (0, 4, True, "1"):
        with pytest.raises(ValidationError):
            later.as_of(bad)  # type: ignore[arg-type]


def test_changed_paths_name_what_changed() -> None:
    content = full_content()
    outcomes = list(content.outcomes)
    outcomes[1] = attrs.evolve(
        outcomes[1], measures=(*outcomes[1].measures[:1], *measures("Revised"))
    )
    after = attrs.evolve(
        content,
        outcomes=tuple(outcomes),
        career=attrs.evolve(content.career, manager_comments=None),
    )
    assert changed_paths(content, after) == (
        "outcomes[1].measures[1].description",
        "career.manager_comments",
    )
    assert changed_paths(content, content) == ()
    assert changed_paths(content, attrs.evolve(content, learning=())) == ("learning",)


def test_plan_document_shape(agreed: PerformanceManagementPlan) -> None:
    doc = to_dict(agreed)
    assert list(doc) == ["schema_version", "revisions", "head"]
    assert doc["head"] == {"revisions": 2, "digest": doc["revisions"][1]["digest"]}
    assert doc["revisions"][1]["event"] == "agreed"
    assert doc["revisions"][1]["recorded_on"] == "2025-07-10"


@pytest.mark.parametrize(
    ("tamper", "path"),
    [
        (lambda d: d["revisions"][1].update(changes=[]), "revisions[1].changes"),
        (lambda d: d["revisions"][1].update(number=3), "revisions[1].number"),
        (lambda d: d["revisions"][1].update(event="closed"), "revisions[1].event"),
        (lambda d: d["revisions"][0].update(event="amended"), "revisions[0].event"),
        (lambda d: d["revisions"][1].update(recorded_on="2025-07-01"), "revisions[1].recorded_on"),
        (
            lambda d: d["revisions"][1]["content"]["details"].update(meeting_date=None),
            "revisions[1]",
        ),
        (lambda d: d.update(revisions=[]), "revisions"),
        (
            lambda d: d["revisions"][0]["content"]["outcomes"][0].update(rank=2),
            "revisions[0].content.outcomes[0].rank",
        ),
    ],
)
@pytest.mark.parametrize("rechained", [False, True], ids=["as-edited", "chain-regenerated"])
def test_tampered_history_is_rejected(
    agreed: PerformanceManagementPlan, tamper: object, path: str, rechained: bool
) -> None:
    doc = to_dict(agreed)
    tamper(doc)  # type: ignore[operator]
    expected = [path]
    if rechained:  # even a forger who regenerates the chain must keep the history consistent
        rechain(doc)
    elif path != "revisions" and ".content." not in path:  # (content that cannot be built
        # fails before the chain is checked) an edit inside the history breaks the digest
        expected = [path[: len("revisions[1]")] + ".digest"]
    with pytest.raises(ValidationError) as info:
        from_json(PerformanceManagementPlan, json.dumps(doc))
    assert any(p.startswith(tuple(expected)) for p, _ in info.value.errors), info.value.errors


@settings(max_examples=40)
@given(plans())
def test_plan_json_round_trip_is_identity(plan: PerformanceManagementPlan) -> None:
    text = to_json(plan)
    again = from_json(PerformanceManagementPlan, text)
    assert again == plan
    assert to_json(again) == text


@settings(max_examples=40)
@given(plans(max_steps=8), st.data())
def test_every_earlier_revision_is_recoverable_byte_for_byte(
    plan: PerformanceManagementPlan, data: st.DataObject
) -> None:
    # Rebuild the plan one lifecycle step at a time, keeping the JSON at each step.
    texts = [to_json(plan.as_of(n)) for n in range(1, len(plan.revisions) + 1)]
    final = from_json(PerformanceManagementPlan, texts[-1])
    for number, text in enumerate(texts, start=1):
        assert to_json(final.as_of(number)) == text
        assert from_json(PerformanceManagementPlan, text).revisions == plan.revisions[:number]
    # amending keeps the whole earlier history, byte for byte
    measure = data.draw(performance_measures())
    if plan.status is not PlanStatus.CLOSED:
        outcomes = (
            *plan.content.outcomes,
            WorkOutcome(rank=len(plan.content.outcomes) + 1, outcome="Extra", measures=(measure,)),
        )
        amended = plan.amend(by="Auditor", on=plan.current.recorded_on, outcomes=outcomes)
        reread = from_json(PerformanceManagementPlan, to_json(amended))
        assert to_json(reread.as_of(len(plan.revisions))) == texts[-1]
        assert reread.current.changes == ("outcomes",)


@settings(max_examples=30)
@given(plans())
def test_status_follows_the_events(plan: PerformanceManagementPlan) -> None:
    events = [r.event for r in plan.revisions]
    agreed_at = max((i for i, e in enumerate(events) if e is PlanEvent.AGREED), default=None)
    since = plan.revisions[agreed_at + 1 :] if agreed_at is not None else ()
    if PlanEvent.CLOSED in events:
        assert plan.status is PlanStatus.CLOSED and events[-1] is PlanEvent.CLOSED
    elif agreed_at is None:
        assert plan.status is PlanStatus.DRAFT
    elif any(r.changes for r in since):  # changed since it was last signed
        assert plan.status is PlanStatus.AMENDED
    elif any(r.event is PlanEvent.REVIEWED for r in since):
        assert plan.status is PlanStatus.REVIEWED
    else:
        assert plan.status is PlanStatus.AGREED
    if plan.status is not PlanStatus.DRAFT:
        assert plan.details.missing_for_agreement() == ()
    dates = [r.recorded_on for r in plan.revisions]
    assert dates == sorted(dates)


@pytest.mark.parametrize("status", list(PlanStatus))
def test_plans_strategy_reaches_every_status(status: PlanStatus) -> None:
    @settings(max_examples=10)
    @given(plans(status=status))
    def check(plan: PerformanceManagementPlan) -> None:
        assert plan.status is status

    check()


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(["2025-07-01", "draft", "agreed", "amended", "high", "work-outcome"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _leaves(doc: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(doc, dict):
        return [path] + [p for k, v in doc.items() for p in _leaves(v, (*path, k))]
    if isinstance(doc, list):
        return [path] + [p for i, v in enumerate(doc) for p in _leaves(v, (*path, i))]
    return [path]


@settings(max_examples=40)
@given(st.data())
def test_malformed_plan_documents_raise_validation_error_only(data: st.DataObject) -> None:
    from .conftest import agreed_plan

    doc = to_dict(agreed_plan().review(by="Sam Lee", on=dt.date(2025, 9, 1), notes=notes()))
    path = data.draw(st.sampled_from(_leaves(doc)[1:]))
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    if data.draw(st.booleans()) and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = data.draw(JSON_VALUES)
    try:
        plan = from_json(PerformanceManagementPlan, json.dumps(doc))
    except ValidationError as error:
        assert error.errors
    else:
        assert isinstance(plan, PerformanceManagementPlan)


# --- amended: a change to a signed plan waits for both signatures ---------------------------


def _amend(plan: PerformanceManagementPlan, on: dt.date = dt.date(2025, 10, 1)) -> Any:
    return plan.amend(by="Sam Lee", on=on, outcomes=plan.content.outcomes[:3], learning=())


def test_amending_an_agreed_plan_makes_it_amended_until_both_sign_again(
    agreed: PerformanceManagementPlan,
) -> None:
    amended = _amend(agreed)
    assert amended.status is PlanStatus.AMENDED  # before: still "agreed" under old signatures
    # the old signatures (10 July) predate the change (1 October): agreeing needs new ones
    with pytest.raises(ValidationError) as info:
        amended.agree(by="Sam Lee", on=dt.date(2025, 10, 2))
    assert info.value.path == "details.officer_signature.signed_on"
    with pytest.raises(ValidationError) as info:
        amended.agree(
            by="Sam Lee", on=dt.date(2025, 10, 2), officer_signature=signed("Alex Chen", OCT_2)
        )
    assert info.value.path == "details.manager_signature.signed_on"
    again = amended.agree(
        by="Sam Lee",
        on=OCT_2,
        officer_signature=signed("Alex Chen", OCT_2),
        manager_signature=signed("Sam Lee", OCT_2),
    )
    assert again.status is PlanStatus.AGREED
    assert from_json(PerformanceManagementPlan, to_json(again)) == again


OCT_2 = dt.date(2025, 10, 2)


def test_an_amended_plan_is_neither_reviewed_nor_closed_before_it_is_signed(
    agreed: PerformanceManagementPlan,
) -> None:
    amended = _amend(agreed)
    for act in (
        lambda: amended.review(by="Sam Lee", on=OCT_2, notes=notes()),
        lambda: amended.close(by="Sam Lee", on=OCT_2),
    ):
        with pytest.raises(ValidationError, match="must both sign the amended plan again"):
            act()
    still = amended.amend(by="Sam Lee", on=OCT_2, learning=agreed.content.learning)
    assert still.status is PlanStatus.AMENDED  # even back to the agreed wording


def test_a_review_that_changes_the_plan_amends_it(agreed: PerformanceManagementPlan) -> None:
    reviewed = agreed.review(
        by="Sam Lee", on=OCT_2, notes=notes(), outcomes=agreed.content.outcomes[:3], learning=()
    )
    assert reviewed.status is PlanStatus.AMENDED
    assert agreed.review(by="Sam Lee", on=OCT_2, notes=notes()).status is PlanStatus.REVIEWED


def test_a_document_that_agrees_an_amendment_with_the_old_signatures_is_refused(
    agreed: PerformanceManagementPlan,
) -> None:
    doc = to_dict(_amend(agreed))
    doc["revisions"].append(
        {**doc["revisions"][-1], "number": 4, "event": "agreed", "changes": [], "digest": "0" * 64}
    )
    rechain(doc)
    with pytest.raises(ValidationError) as info:
        from_json(PerformanceManagementPlan, json.dumps(doc))
    assert info.value.errors[0][0] == "revisions[3].content.details.officer_signature.signed_on"


def test_reviews_carry_notes(agreed: PerformanceManagementPlan) -> None:
    reviewed = agreed.review(by="Sam Lee", on=OCT_2, notes=notes("Budget pressures"))
    doc = to_dict(reviewed)
    assert doc["revisions"][-1]["notes"] == {
        "discussed": "Budget pressures",
        "participants": ["Alex Chen", "Sam Lee"],
    }
    assert doc["revisions"][0]["notes"] is None
    with pytest.raises(ValidationError, match="at least one person") as info:
        ReviewNotes(discussed="x", participants=())
    assert info.value.path == "participants"
    with pytest.raises(ValidationError):
        ReviewNotes(discussed="", participants=("A",))
    with pytest.raises(TypeError, match="notes must be ReviewNotes"):
        agreed.review(by="Sam Lee", on=OCT_2, notes="we talked")  # type: ignore[arg-type]
    missing = copy.deepcopy(doc)
    missing["revisions"][-1]["notes"] = None
    with pytest.raises(ValidationError) as info:
        from_json(PerformanceManagementPlan, json.dumps(rechain(missing)))
    assert info.value.errors[0][0] == "revisions[2].notes"
    extra = copy.deepcopy(doc)
    extra["revisions"][1]["notes"] = doc["revisions"][-1]["notes"]
    with pytest.raises(ValidationError, match="only a review carries"):
        from_json(PerformanceManagementPlan, json.dumps(rechain(extra)))
