from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.maturity import (
    AGENCY_SURVEY_2024_CLOSES,
    AGENCY_SURVEY_2024_OPENS,
    IMPLEMENT_BY,
    ImplementationRecord,
    Milestone,
    MilestoneKind,
    MilestoneProgress,
    MilestoneStatus,
    Timeline,
    default_timeline,
    milestone_progress,
)
from apsperf.serialization import from_json, to_json
from apsperf.testing._maturity import implementation_records, milestone_progresses, timelines

D = dt.date


def statuses(
    record: ImplementationRecord, as_of: dt.date, timeline: Timeline | None = None
) -> dict[str, str]:
    return {
        p.milestone.kind.value: p.status.value for p in milestone_progress(record, as_of, timeline)
    }


def test_default_timeline_follows_the_framework() -> None:
    timeline = default_timeline()
    assert [m.kind for m in timeline.milestones] == list(MilestoneKind)
    commence = timeline.milestone(MilestoneKind.COMMENCE)
    assert (commence.opens_on, commence.due_on) == (None, None)
    assert timeline.milestone(MilestoneKind.SELF_ASSESS).due_on == D(2024, 6, 30)
    report = timeline.milestone(MilestoneKind.REPORT)
    assert (report.opens_on, report.due_on) == (AGENCY_SURVEY_2024_OPENS, AGENCY_SURVEY_2024_CLOSES)
    assert timeline.milestone(MilestoneKind.IMPLEMENT).due_on == IMPLEMENT_BY == D(2025, 12, 31)
    assert "prior to the 2024 Agency Survey" in MilestoneKind.SELF_ASSESS.label


def test_survey_dates_can_be_overridden() -> None:
    timeline = default_timeline(
        survey_opens=D(2024, 8, 5), survey_closes=D(2024, 9, 13), implement_by=D(2025, 6, 30)
    )
    assert timeline.milestone(MilestoneKind.SELF_ASSESS).due_on == D(2024, 8, 4)
    assert timeline.milestone(MilestoneKind.REPORT).due_on == D(2024, 9, 13)
    assert timeline.milestone(MilestoneKind.IMPLEMENT).due_on == D(2025, 6, 30)
    with pytest.raises(ValidationError) as info:
        default_timeline(survey_opens=D(2024, 9, 1), survey_closes=D(2024, 8, 1))
    assert info.value.path == "survey_closes"
    with pytest.raises(ValidationError) as info:
        default_timeline(implement_by="2025-12-31")  # type: ignore[arg-type]
    assert info.value.path == "implement_by"


def test_nothing_done_in_early_2024() -> None:
    assert statuses(ImplementationRecord(), D(2024, 3, 1)) == {
        "commence": "due",
        "self-assess": "due",
        "report": "not-yet-due",
        "implement": "due",
    }


def test_nothing_done_in_2026_is_overdue_except_commencing() -> None:
    assert statuses(ImplementationRecord(), D(2026, 1, 1)) == {
        "commence": "due",
        "self-assess": "overdue",
        "report": "overdue",
        "implement": "overdue",
    }


def test_an_agency_on_track() -> None:
    record = ImplementationRecord(
        commenced_on=D(2023, 11, 1), self_assessed_on=D(2024, 5, 1), reported_on=D(2024, 7, 15)
    )
    progress = milestone_progress(record, D(2024, 9, 2))
    assert [p.status for p in progress] == [MilestoneStatus.MET] * 3 + [MilestoneStatus.DUE]
    assert not any(p.late for p in progress)
    assert progress[2].met_on == D(2024, 7, 15)
    assert progress[3].summary == "due by 2025-12-31 (1 year, 3 months and 29 days left)"


def test_meeting_a_milestone_late_is_met_and_late() -> None:
    record = ImplementationRecord(self_assessed_on=D(2024, 7, 10))
    progress = milestone_progress(record, D(2024, 8, 1))[1]
    assert progress.status is MilestoneStatus.MET
    assert progress.late
    assert progress.summary == "met on 2024-07-10, 10 days after it was due (2024-06-30)"


def test_a_date_after_as_of_does_not_count_yet() -> None:
    record = ImplementationRecord(fully_implemented_on=D(2025, 6, 1))
    assert statuses(record, D(2025, 1, 1))["implement"] == "due"
    assert statuses(record, D(2025, 6, 1))["implement"] == "met"


def test_summaries_say_what_to_do() -> None:
    early = milestone_progress(ImplementationRecord(), D(2024, 6, 1))
    assert early[0].summary.startswith("due now")
    assert early[2].summary == "not yet due: opens 2024-07-01, in 1 month"
    late = milestone_progress(ImplementationRecord(), D(2026, 3, 2))
    assert late[3].summary == "overdue by 2 months and 2 days (was due 2025-12-31)"
    assert MilestoneStatus.NOT_YET_DUE.label == "Not yet due"


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (({}, D(2024, 1, 1)), "record"),
        ((ImplementationRecord(), "2024-01-01"), "as_of"),
        ((ImplementationRecord(), dt.datetime(2024, 1, 1)), "as_of"),
    ],
)
def test_bad_arguments_are_named(args: tuple[object, object], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        milestone_progress(*args)  # type: ignore[arg-type]
    assert info.value.path == path


def test_a_timeline_needs_each_milestone_once() -> None:
    milestones = default_timeline().milestones
    with pytest.raises(ValidationError) as info:
        Timeline(milestones=milestones[:3])
    assert "implement" in str(info.value)
    with pytest.raises(ValidationError) as info:
        Timeline(milestones=(*milestones, milestones[0]))
    assert info.value.path == "milestones[4].kind"


def test_a_milestone_cannot_be_due_before_it_opens() -> None:
    with pytest.raises(ValidationError) as info:
        Milestone(
            kind=MilestoneKind.REPORT,
            description="Report",
            opens_on=D(2024, 7, 1),
            due_on=D(2024, 6, 1),
        )
    assert info.value.path == "due_on"


@given(implementation_records(), st.dates(), timelines())
def test_status_follows_the_record_and_the_dates(
    record: ImplementationRecord, as_of: dt.date, timeline: Timeline
) -> None:
    for progress in milestone_progress(record, as_of, timeline):
        milestone, reached = progress.milestone, record.reached_on(progress.milestone.kind)
        met = reached is not None and reached <= as_of
        assert (progress.status is MilestoneStatus.MET) == met
        if progress.status is MilestoneStatus.OVERDUE:
            assert milestone.due_on is not None and as_of > milestone.due_on
        if progress.status is MilestoneStatus.NOT_YET_DUE:
            assert milestone.opens_on is not None and as_of < milestone.opens_on
        if progress.late:
            assert met and milestone.due_on is not None and reached > milestone.due_on  # type: ignore[operator]
        assert progress.summary


@given(implementation_records(), st.dates(), st.dates(), timelines())
def test_a_milestone_once_overdue_never_becomes_due_again(
    record: ImplementationRecord, first: dt.date, second: dt.date, timeline: Timeline
) -> None:
    early, late = sorted((first, second))
    for before, after in zip(
        milestone_progress(record, early, timeline),
        milestone_progress(record, late, timeline),
        strict=True,
    ):
        if before.status is MilestoneStatus.OVERDUE:
            assert after.status in (MilestoneStatus.OVERDUE, MilestoneStatus.MET)
        if before.status is MilestoneStatus.MET:
            assert after.status is MilestoneStatus.MET


@given(timelines())
def test_timeline_json_round_trip_is_identity(timeline: Timeline) -> None:
    assert from_json(Timeline, to_json(timeline)) == timeline


@given(milestone_progresses())
def test_progress_json_round_trip_is_identity(progress: MilestoneProgress) -> None:
    assert from_json(MilestoneProgress, to_json(progress)) == progress
