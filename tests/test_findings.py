"""One registry of finding codes: each documented on a generated page and each triggered here."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from apsperf import Finding, Severity, ValidationError
from apsperf.agreements import (
    CareerAspirations,
    ElementKind,
    Expectation,
    LearningFocus,
    PerformanceManagementPlan,
    PlanDetails,
    Rating,
    SesAssessment,
    WorkingRelationship,
    WorkOutcome,
    check_assessment,
    check_plan,
    financial_year,
)
from apsperf.findings import FINDING_CODES
from apsperf.guides import ReflectionAnswer, SelfReflection, check_self_reflection
from apsperf.maturity import (
    Element,
    ElementRating,
    ImplementationRecord,
    SelfAssessment,
    check_self_assessment,
)
from apsperf.segmentation import (
    CalibrationChange,
    CalibrationSession,
    InputSummary,
    Level,
    Placement,
    Segment,
    Workforce,
    calibrate,
    check_distribution,
    check_independence,
    check_placement,
    history,
    read_workforce,
    review,
    workforce_from_dataframe,
)

from .agreements.conftest import agreed_plan, full_content, measures, signed
from .paths import ROOT, load_script

Findings = tuple[Finding, ...]
DATED = "Employee ID,Performance,Potential,Assessed on\n"


def _beyond_the_table() -> Findings:
    import tempfile

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["Employee ID", "Performance", "Potential"])
    book.active.append(["E1", "low", "low", "a note"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.xlsx"
        book.save(path)
        return read_workforce(path).findings


def _workforce(*rows: tuple[Level, Level, str]) -> Workforce:
    return Workforce.from_placements(
        Placement(employee_id=f"E{n}", performance=p, potential=q, groups={"g": g})
        for n, (p, q, g) in enumerate(rows)
    )


def _placement(**changes: object) -> Findings:
    base = Placement(
        employee_id="E1",
        performance=Level.HIGH,
        potential=Level.HIGH,
        assessed_on=dt.date(2025, 7, 1),
        aspiration_conversation_on=dt.date(2025, 6, 1),
    )
    return check_placement(attrs.evolve(base, **changes))


def _plan(**changes: object) -> Findings:
    return check_plan(attrs.evolve(full_content(), **changes))


def _outcome(**changes: object) -> Findings:
    content = full_content()
    first = attrs.evolve(content.outcomes[0], **changes)
    return check_plan(attrs.evolve(content, outcomes=(first, *content.outcomes[1:])))


def _outcomes(count: int) -> tuple[WorkOutcome, ...]:
    return tuple(
        WorkOutcome(
            rank=rank,
            outcome=f"Outcome {rank}",
            measures=measures(f"Measure {rank}a", f"Measure {rank}b"),
            agency_objectives=("Goal",),
        )
        for rank in range(1, count + 1)
    )


def _learning(**changes: object) -> Findings:
    content = full_content()
    need = attrs.evolve(content.learning[0], **changes)
    return check_plan(attrs.evolve(content, learning=(need,)))


def _details(**changes: object) -> Findings:
    content = full_content()
    return check_plan(attrs.evolve(content, details=attrs.evolve(content.details, **changes)))


def _draft_missing_manager() -> Findings:
    content = full_content()
    details: PlanDetails = attrs.evolve(content.details, manager_name=None)
    draft = PerformanceManagementPlan.draft(
        attrs.evolve(content, details=details), by="Alex Chen", on=dt.date(2025, 7, 3)
    )
    return check_plan(draft)


def _agreed_with(day: dt.date, signed_on: dt.date) -> Findings:
    draft = PerformanceManagementPlan.draft(full_content(), by="Sam Lee", on=day)
    agreed = draft.agree(
        by="Sam Lee",
        on=day,
        officer_signature=signed("Alex Chen", signed_on),
        manager_signature=signed("Sam Lee", signed_on),
        meeting_date=day,
    )
    return check_plan(agreed)


def _assessment(implementation: ImplementationRecord | None = None, **changes: object) -> Findings:
    ratings = [
        ElementRating(element=e, level=3, evidence=("Policy",), planned_actions=("Review",))
        for e in Element
    ]
    ratings[0] = attrs.evolve(ratings[0], **changes)
    return check_self_assessment(
        SelfAssessment(
            agency="Agency",
            assessed_on=dt.date(2025, 1, 1),
            ratings=ratings,
            implementation=implementation,
        )
    )


def _reflection(**changes: object) -> Findings:
    return check_self_reflection(attrs.evolve(SelfReflection(), **changes))


def _ses(behaviours: str, outcomes: str, **changes: object) -> Findings:
    draft = SesAssessment(
        leader="Jordan Smith",
        period=financial_year(2024),
        behaviours=Rating(level=behaviours),
        outcomes=Rating(level=outcomes),
        expectations=(Expectation(kind=ElementKind.BEHAVIOUR, description="Acts with integrity"),),
    )
    return check_assessment(attrs.evolve(draft, **changes).finalise(on=dt.date(2025, 7, 20)))


TRIGGERS: dict[str, Callable[[], Findings]] = {
    "numeric-scale-assumed": lambda: (
        read_workforce(io.StringIO("Employee ID,Performance,Potential\nE1,1,3\n")).findings
    ),
    "dates-read-month-first": lambda: (
        read_workforce(io.StringIO(DATED + "E1,low,low,07/31/2025\n")).findings
    ),
    "dates-read-day-first": lambda: (
        read_workforce(io.StringIO(DATED + "E1,low,low,07/06/2025\n")).findings
    ),
    "column-repeated": lambda: (
        (
            read_workforce(
                io.StringIO("Employee ID,Performance,Potential,Note,Note\nE1,low,low,a,b\n")
            )
        ).findings
    ),
    "rows-above-header": lambda: (
        (
            read_workforce(
                io.StringIO("Talent review\nEmployee ID,Performance,Potential\nE1,low,low\n")
            )
        ).findings
    ),
    "identifiers-differ": lambda: (
        history(
            [
                Workforce.from_placements(
                    [
                        Placement(
                            employee_id=f"{n:04d}", performance=Level.LOW, potential=Level.LOW
                        )
                        for n in range(9)
                    ]
                ),
                Workforce.from_placements(
                    [
                        Placement(employee_id=str(n), performance=Level.LOW, potential=Level.LOW)
                        for n in range(9)
                    ]
                ),
            ]
        )
        .inputs[1]
        .findings
    ),
    "identifier-numeric": lambda: (
        workforce_from_dataframe(
            pytest.importorskip("pandas").DataFrame(
                {"employee_id": [1, 2], "performance": ["high", "low"], "potential": ["low", "low"]}
            )
        ).findings
    ),
    "column-unnamed": lambda: (
        (
            read_workforce(io.StringIO("Employee ID,,Performance,Potential\nE1,note,low,low\n"))
        ).findings
    ),
    "value-beyond-table": lambda: _beyond_the_table(),
    "export-read-back": lambda: (
        read_workforce(
            io.StringIO(
                "employee_id,segment,segment_label,performance,potential,line\n"
                "E1,top-talent,Top Talent,high,high,2\n"
            )
        ).findings
    ),
    "date-unreadable": lambda: (
        read_workforce(io.StringIO(DATED + "E1,low,low,31/02/2025\n")).findings
    ),
    "no-rows-placed": lambda: (
        (
            InputSummary.of(read_workforce(io.StringIO(DATED + "E1,superb,low,\n")), "workforce")
        ).findings
    ),
    "column-missing": lambda: (
        (calibrate(read_workforce(io.StringIO(DATED + "E1,low,low,\n")), CalibrationSession()))
        .inputs[0]
        .findings
    ),
    "conversation-after-assessment": lambda: _placement(
        aspiration_conversation_on=dt.date(2025, 8, 1)
    ),
    "assessment-undated": lambda: _placement(assessed_on=None, aspiration_conversation_on=None),
    "unexpected-segment": lambda: (
        check_distribution(
            review(_workforce((Level.LOW, Level.LOW, "A"))), {Segment.TOP_TALENT: 1}
        ).findings
    ),
    "small-expected-counts": lambda: (
        check_distribution(
            review(_workforce((Level.LOW, Level.LOW, "A"), (Level.HIGH, Level.HIGH, "A"))),
            {Segment.TOP_TALENT: 1, Segment.STRONGEST_CONCERN: 1},
        ).findings
    ),
    "empty-review": lambda: (
        check_distribution(review(_workforce()), {Segment.TOP_TALENT: 1}).findings
    ),
    "too-few-categories": lambda: (
        check_independence(review(_workforce((Level.LOW, Level.LOW, "A")), by="g"), "g").findings
    ),
    "change-in-future": lambda: _calibrated_findings(future=True),
    "other-proposals": lambda: _calibrated_findings(future=False),
    "assessor-merged": lambda: _assessor_merged(),
    "unanswered": lambda: _reflection(),
    "unknown-prompt": lambda: _reflection(
        answers=(ReflectionAnswer(prompt="no-such-prompt", response="Yes"),)
    ),
    "no-work-outcomes": lambda: _plan(outcomes=(), learning=()),
    "few-work-outcomes": lambda: _plan(outcomes=_outcomes(1), learning=()),
    "many-work-outcomes": lambda: _plan(outcomes=_outcomes(9)),
    "outcome-without-measures": lambda: _outcome(measures=()),
    "few-measures": lambda: _outcome(measures=measures("Only one")),
    "many-measures": lambda: _outcome(measures=measures(*"abcdefgh")),
    "outcome-not-linked": lambda: _outcome(agency_objectives=(), division_branch_objectives=()),
    "no-leadership-measures": lambda: _plan(leadership=()),
    "capability-without-measures": lambda: _plan(leadership=full_content().leadership[1:]),
    "no-learning-plan": lambda: _plan(learning=()),
    "learning-without-activity": lambda: _learning(activity=None),
    "learning-without-timing": lambda: _learning(responsibility=None, timing=None),
    "learning-not-tied-to-outcomes": lambda: _learning(
        focus=LearningFocus.PROFESSIONAL_DEVELOPMENT, outcome_rank=None
    ),
    "career-aspirations-missing": lambda: _plan(career=CareerAspirations()),
    "manager-comments-missing": lambda: _plan(
        career=CareerAspirations(officer_aspirations="Deputy secretary")
    ),
    "relationship-expectation-missing": lambda: _plan(relationship=WorkingRelationship()),
    "detail-missing": lambda: _details(division_branch=None),
    "signature-name-differs": lambda: _details(officer_signature=signed("Someone Else")),
    "meeting-after-period": lambda: _details(meeting_date=dt.date(2030, 1, 1)),
    "not-ready-to-agree": _draft_missing_manager,
    "amended-not-signed": lambda: check_plan(
        agreed_plan().amend(by="Sam Lee", on=dt.date(2025, 10, 1), learning=())
    ),
    "signature-before-plan": lambda: _agreed_with(dt.date(2025, 7, 3), dt.date(2025, 7, 1)),
    "signature-after-revision": lambda: _agreed_with(dt.date(2025, 7, 3), dt.date(2025, 7, 20)),
    "signature-outside-period": lambda: _agreed_with(dt.date(2025, 3, 1), dt.date(2025, 3, 1)),
    "amended-after-period": lambda: check_plan(
        agreed_plan().amend(by="Sam Lee", on=dt.date(2026, 7, 15), learning=())
    ),
    "closed-early-without-review": lambda: check_plan(
        agreed_plan().close(by="Sam Lee", on=dt.date(2025, 7, 12))
    ),
    "behaviour-concern-without-plan": lambda: _ses("needs improvement", "outstanding"),
    "unsatisfactory-process-not-recorded": lambda: _ses("unacceptable", "strong"),
    "expectations-not-recorded": lambda: _ses("strong", "strong", expectations=()),
    "reward-decision-not-recorded": lambda: _ses("strong", "strong"),
    "element-missing": lambda: check_self_assessment(
        SelfAssessment(agency="Agency", assessed_on=dt.date(2025, 1, 1))
    ),
    "level-off-scale": lambda: _assessment(level=9),
    "evidence-missing": lambda: _assessment(evidence=()),
    "actions-missing": lambda: _assessment(planned_actions=()),
    "reported-before-self-assessment": lambda: _assessment(
        ImplementationRecord(reported_on=dt.date(2024, 12, 31))
    ),
    "implemented-with-level-1": lambda: _assessment(
        ImplementationRecord(fully_implemented_on=dt.date(2025, 1, 1)), level=1
    ),
}


@pytest.mark.parametrize("code", sorted(FINDING_CODES))
def test_every_registered_code_is_reported_through_the_public_api(code: str) -> None:
    assert code in TRIGGERS, f"no test triggers the registered finding code {code!r}"
    findings = [f for f in TRIGGERS[code]() if f.code == code]
    assert findings, f"the trigger for {code!r} did not report it"
    assert all(f.severity is FINDING_CODES[code].severity for f in findings)


def test_every_trigger_is_registered() -> None:
    assert set(TRIGGERS) == set(FINDING_CODES)


def test_each_code_has_a_one_sentence_meaning() -> None:
    for entry in FINDING_CODES.values():
        assert entry.meaning.endswith(".") and entry.meaning.count(". ") == 0, entry.code
        assert entry.code == entry.code.lower() and " " not in entry.code


def test_an_unregistered_code_or_another_severity_is_refused() -> None:
    with pytest.raises(ValidationError, match="not a registered finding code"):
        Finding(code="made-up", severity=Severity.INFO, message="m")
    with pytest.raises(ValidationError, match="'unanswered' findings are info"):
        Finding(code="unanswered", severity=Severity.ERROR, message="m")


def test_the_committed_findings_page_is_generated_from_the_registry() -> None:
    module = load_script("make_findings_page")
    committed = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert committed == module.generate(), (
        "run: PYTHONPATH=src python scripts/make_findings_page.py"
    )
    for code in FINDING_CODES:
        assert f"`{code}`" in committed


def _assessor_merged() -> tuple[Finding, ...]:
    # M1 written twice: once with a zero-width space, which no reader can see.
    proposed = read_workforce(
        io.StringIO(
            "Employee ID,Performance,Potential,Assessed by\nE1,High,High,M1\nE2,Low,Low,M1\u200b\n"
        )
    )
    return calibrate(proposed, CalibrationSession.start(proposed)).findings


def _calibrated_findings(*, future: bool) -> tuple[Finding, ...]:
    started = Workforce.from_placements(
        [Placement(employee_id="E1", performance=Level.LOW, potential=Level.LOW)]
    )
    other = Workforce.from_placements(
        [Placement(employee_id="E1", performance=Level.HIGH, potential=Level.LOW)]
    )
    change = CalibrationChange(
        employee_id="E1",
        performance=Level.HIGH,
        potential=Level.HIGH,
        reason="evidence",
        by="Chair",
        on=dt.date.today() + dt.timedelta(days=400 if future else 0),
    )
    session = CalibrationSession.start(started).record([change], started)
    if future:
        return calibrate(started, session).findings
    return calibrate(other, session, allow_other_proposals=True).findings
