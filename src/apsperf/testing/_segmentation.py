"""Strategies for the Talent Segmentation Model and the whole-workforce talent review."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from apsperf._ids import is_employee_id
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation import (
    AppliedChange,
    AspirationCompliance,
    AspirationCounts,
    AssessorAspiration,
    AxisEffect,
    AxisEffects,
    AxisMovement,
    Banding,
    CalibrationChange,
    CalibrationCheck,
    CalibrationReport,
    CalibrationSession,
    Columns,
    FairnessCheck,
    GroupBreakdown,
    GroupCounts,
    GroupMoves,
    GroupSelection,
    GroupTrend,
    HiddenGroup,
    History,
    InputSummary,
    Level,
    Movement,
    MovementCounts,
    MovesByGroup,
    PatternMatch,
    PersonMoved,
    Placement,
    PoolTrend,
    Rate,
    RaterEffect,
    RaterEffects,
    RejectedRow,
    RejectionGroup,
    ReviewCheck,
    ReviewReport,
    Segment,
    SegmentCount,
    SegmentResult,
    SessionEntry,
    SessionHead,
    TalentReview,
    Trajectory,
    Transition,
    TransitionRates,
    Workforce,
    aspiration_by_assessor,
    calibrate,
    check_distribution,
    check_independence,
    group_rejections,
    history,
    movement,
    normalise_employee_id,
    rater_effects,
    review,
)

__all__ = [
    "applied_changes",
    "aspiration_compliances",
    "aspiration_counts",
    "assessor_aspirations",
    "axis_effect_columns",
    "axis_effects",
    "axis_movements",
    "bandings",
    "calibration_changes",
    "calibration_checks",
    "calibration_reports",
    "calibration_sessions",
    "column_maps",
    "employee_ids",
    "fairness_checks",
    "group_breakdowns",
    "group_counts",
    "group_moves",
    "group_selections",
    "group_trends",
    "hidden_groups_of",
    "histories",
    "input_summaries",
    "level_spellings",
    "movement_counts",
    "movements",
    "moves_by_groups",
    "pattern_matches",
    "people_moved_of",
    "placements",
    "pool_trends",
    "proposals_and_sessions",
    "rater_effect_tables",
    "rater_effects_of",
    "rates",
    "ratings",
    "rejected_rows",
    "rejection_groups",
    "review_checks",
    "review_reports",
    "segment_counts",
    "segment_results",
    "segment_spellings",
    "session_entries",
    "session_heads",
    "talent_reviews",
    "trajectories",
    "transition_rates_of",
    "transitions",
    "workforces",
]

_WHITESPACE = st.sampled_from(["", " ", "  ", "\t", "\n", " \t"])
_GROUP_NAMES = ("division", "branch", "classification", "location", "team")


@st.composite
def _recased(draw: st.DrawFn, words: st.SearchStrategy[str]) -> str:
    word = draw(words)
    upper = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    cased = "".join(c.upper() if up else c.lower() for c, up in zip(word, upper, strict=True))
    return draw(_WHITESPACE) + cased + draw(_WHITESPACE)


def level_spellings(level: Level | None = None) -> st.SearchStrategy[str]:
    """Text that :meth:`Level.parse` reads as ``level`` (or as any level when ``None``).

    Draws the words, abbreviations and numerals people type in spreadsheets ("Medium",
    "hi", "2") in any mix of case, with surrounding spaces or tabs.
    """
    if level is not None and not isinstance(level, Level):
        raise ValidationError(f"expected Level, got {type(level).__name__}", path="level")
    words = sorted(k for k, v in Level.spellings().items() if level is None or v is level)
    return _recased(st.sampled_from(words))


def segment_spellings(segment: Segment | None = None) -> st.SearchStrategy[str]:
    """Text that :meth:`Segment.parse` reads as ``segment`` (or as any segment when ``None``).

    Draws the slug ("top-talent"), the guide's label ("Top Talent") and the enum name
    ("TOP_TALENT") in any mix of case, with surrounding spaces or tabs.
    """
    if segment is not None and not isinstance(segment, Segment):
        raise ValidationError(f"expected Segment, got {type(segment).__name__}", path="segment")
    chosen = [segment] if segment is not None else list(Segment)
    words = [name for s in chosen for name in (s.value, s.label, s.name)]
    return _recased(st.sampled_from(words))


def employee_ids() -> st.SearchStrategy[str]:
    """Employee identifiers: agency-style codes such as ``"E004213"`` and arbitrary text.

    Every draw is non-blank, normalised text (see :func:`normalise_employee_id`) with no
    combining mark, as :class:`Placement` requires.
    """
    codes = st.from_regex(r"[A-Z]{1,3}[0-9]{3,7}", fullmatch=True)
    anything = st.text(min_size=1, max_size=24).map(normalise_employee_id).filter(is_employee_id)
    return st.one_of(codes, anything)


def _names() -> st.SearchStrategy[str]:
    return st.text(min_size=1, max_size=20).map(str.strip).filter(bool)


def _groups() -> st.SearchStrategy[dict[str, str]]:
    keys = st.one_of(st.sampled_from(_GROUP_NAMES), _names())
    return st.dictionaries(keys, st.text(max_size=20), max_size=4)


@st.composite
def _placement(draw: st.DrawFn, segment: Segment | None) -> Placement:
    chosen = draw(st.sampled_from(Segment)) if segment is None else segment
    return Placement(
        employee_id=draw(employee_ids()),
        performance=chosen.performance,
        potential=chosen.potential,
        assessed_on=draw(st.none() | st.dates()),
        assessed_by=draw(st.none() | _names()),
        groups=draw(_groups()),
        aspiration_conversation_on=draw(st.none() | st.dates()),
    )


def placements(*, segment: Segment | None = None) -> st.SearchStrategy[Placement]:
    """Valid placements, in ``segment`` when it is given.

    Dates are optional and unordered, so some draws have the aspiration conversation after
    the assessment (which :func:`~apsperf.segmentation.check_placement` reports).
    """
    if segment is not None and not isinstance(segment, Segment):
        raise ValidationError(f"expected Segment, got {type(segment).__name__}", path="segment")
    return _placement(segment)


_SCALES = (
    Banding(minimum=1.0, maximum=5.0, moderate_from=3.0, high_from=4.0),
    Banding(minimum=1.0, maximum=4.0, moderate_from=2.0, high_from=3.0),
    Banding(minimum=0.0, maximum=100.0, moderate_from=50.0, high_from=80.0),
)


@st.composite
def _banding(draw: st.DrawFn) -> Banding:
    finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
    bounds = draw(st.lists(finite, min_size=3, max_size=3, unique=True).map(sorted))
    minimum, moderate_from, high_from = bounds
    maximum = draw(st.just(high_from) | st.floats(min_value=high_from, max_value=2e9))
    return Banding(
        minimum=minimum, maximum=maximum, moderate_from=moderate_from, high_from=high_from
    )


def bandings() -> st.SearchStrategy[Banding]:
    """Valid rating bands: common agency scales (1-5, 1-4, 0-100) and arbitrary ones."""
    return st.one_of(st.sampled_from(_SCALES), _banding())


def ratings(banding: Banding, level: Level | None = None) -> st.SearchStrategy[float]:
    """Ratings on ``banding``'s scale, only those it maps to ``level`` when one is given."""
    if not isinstance(banding, Banding):
        raise ValidationError(f"expected Banding, got {type(banding).__name__}", path="banding")
    low, high = banding.minimum, banding.maximum
    exclude_max = False
    if level is Level.LOW:
        high, exclude_max = banding.moderate_from, True
    elif level is Level.MODERATE:
        low, high, exclude_max = banding.moderate_from, banding.high_from, True
    elif level is Level.HIGH:
        low = banding.high_from
    elif level is not None:
        raise ValidationError(f"expected Level, got {type(level).__name__}", path="level")
    return st.floats(min_value=low, max_value=high, exclude_max=exclude_max, allow_nan=False)


# -- whole-workforce talent reviews ---------------------------------------------------------

_GROUP_VALUES = ("Policy", "Corporate", "Delivery", "APS6", "EL1", "Canberra", "Hobart")


def _counts() -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=10_000)


def segment_counts() -> st.SearchStrategy[SegmentCount]:
    """How many people are in one segment."""
    return st.builds(SegmentCount, segment=st.sampled_from(Segment), count=_counts())


def _nine_counts(max_count: int = 10_000) -> st.SearchStrategy[tuple[SegmentCount, ...]]:
    numbers = st.lists(st.integers(min_value=0, max_value=max_count), min_size=9, max_size=9)
    return numbers.map(
        lambda ns: tuple(SegmentCount(segment=s, count=n) for s, n in zip(Segment, ns, strict=True))
    )


def group_counts() -> st.SearchStrategy[GroupCounts]:
    """The nine segment counts of one value of a grouping column."""
    values = st.one_of(st.sampled_from(_GROUP_VALUES), st.text(max_size=12))
    return st.builds(GroupCounts, value=values, segments=_nine_counts())


def group_breakdowns() -> st.SearchStrategy[GroupBreakdown]:
    """Segment counts for each value of one grouping column."""
    return st.builds(
        GroupBreakdown,
        column=st.one_of(st.sampled_from(_GROUP_NAMES), _names()),
        groups=st.lists(group_counts(), max_size=4).map(tuple),
    )


def hidden_groups_of() -> st.SearchStrategy[HiddenGroup]:
    """A group a drawn breakdown hides, suppressed as :func:`review` suppresses it."""
    return (
        talent_reviews()
        .map(lambda r: tuple(h for b in r.breakdowns for h in b.hidden))
        .filter(bool)
        .flatmap(st.sampled_from)
    )


def rejected_rows() -> st.SearchStrategy[RejectedRow]:
    """Rows of a workforce file that could not be placed, with the line and the reason."""
    return st.builds(
        RejectedRow,
        line=st.integers(min_value=2, max_value=1_000_000),
        reason=_names(),
        field=st.just("") | st.sampled_from(("performance", "potential", "employee_id")),
        employee_id=st.just("") | employee_ids(),
    )


def column_maps() -> st.SearchStrategy[Columns]:
    """Column choices for reading a workforce file: each header given or left to be found."""
    header = st.none() | _names()
    return st.builds(
        Columns,
        employee_id=header,
        performance=header,
        potential=header,
        assessed_on=header,
        assessed_by=header,
        aspiration_conversation_on=header,
        groups=st.none() | st.lists(_names(), max_size=3, unique=True).map(tuple),
    )


@st.composite
def _workforce(draw: st.DrawFn, max_size: int) -> Workforce:
    names = draw(st.lists(st.sampled_from(_GROUP_NAMES), max_size=3, unique=True))
    values = st.sampled_from(_GROUP_VALUES[: draw(st.integers(1, len(_GROUP_VALUES)))])
    ids = draw(st.lists(employee_ids(), max_size=max_size, unique=True))
    people = []
    for employee_id in ids:
        segment = draw(st.sampled_from(Segment))
        people.append(
            Placement(
                employee_id=employee_id,
                performance=segment.performance,
                potential=segment.potential,
                assessed_on=draw(st.none() | st.dates()),
                assessed_by=draw(st.none() | _names()),
                groups={name: draw(values) for name in names},
            )
        )
    return Workforce.from_placements(people, source=draw(st.just("") | st.just("staff.csv")))


def workforces(*, max_size: int = 40) -> st.SearchStrategy[Workforce]:
    """One cycle's workforce of up to ``max_size`` people with unique employee ids.

    Everyone has the same grouping columns (none to three of division, branch,
    classification, location and team), with values from a small pool so that groups
    have several members.
    """
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 0:
        raise ValidationError(f"expected a whole number >= 0, got {max_size!r}", path="max_size")
    return _workforce(max_size)


@st.composite
def _review(draw: st.DrawFn) -> TalentReview:
    workforce = draw(workforces(max_size=25))
    by = draw(
        st.lists(st.sampled_from(workforce.group_names), unique=True)
        if workforce.group_names
        else st.just([])
    )
    result = review(workforce, by=by)
    rejected = tuple(draw(st.lists(rejected_rows(), max_size=3)))
    if not rejected:
        return result
    return TalentReview(
        source=result.source,
        rows_read=result.rows_read + len(rejected),
        segments=result.segments,
        breakdowns=result.breakdowns,
        rejected=result.rejected + rejected,
        min_cell=result.min_cell,
    )


def talent_reviews() -> st.SearchStrategy[TalentReview]:
    """Talent reviews of drawn workforces, broken down by some of their grouping columns.

    Some reviews also list rejected rows, as a review of a file with bad rows does.
    """
    return _review()


def transitions() -> st.SearchStrategy[Transition]:
    """One person who changed segment between two cycles."""
    pairs = st.tuples(st.sampled_from(Segment), st.sampled_from(Segment)).filter(
        lambda pair: pair[0] is not pair[1]
    )
    return st.builds(
        lambda employee_id, pair: Transition(
            employee_id=employee_id, previous=pair[0], current=pair[1]
        ),
        employee_ids(),
        pairs,
    )


@st.composite
def _movement(draw: st.DrawFn) -> Movement:
    ids = draw(st.lists(employee_ids(), max_size=25, unique=True))

    def cycle() -> Workforce:
        chosen = [i for i in ids if draw(st.booleans())]
        people = []
        for employee_id in chosen:
            segment = draw(st.sampled_from(Segment))
            people.append(
                Placement(
                    employee_id=employee_id,
                    performance=segment.performance,
                    potential=segment.potential,
                )
            )
        return Workforce.from_placements(people)

    return movement(cycle(), cycle())


def movements() -> st.SearchStrategy[Movement]:
    """Movement between two drawn cycles whose people partly overlap."""
    return _movement()


def movement_counts() -> st.SearchStrategy[MovementCounts]:
    """Movement between two drawn cycles, as counts."""
    return _movement().map(lambda moved: moved.counts)


def rejection_groups() -> st.SearchStrategy[RejectionGroup]:
    """Rows not placed for one reason, grouped, from drawn rejected rows."""
    return st.lists(rejected_rows(), min_size=1, max_size=6).map(
        lambda rows: group_rejections(rows)[0]
    )


_MISSING_ASSESSOR = Finding(
    code="column-missing",
    severity=Severity.WARNING,
    message="no assessor column; name it with --assessor-column",
    path="proposed.assessed_by",
)


@st.composite
def _input_summary(draw: st.DrawFn) -> InputSummary:
    workforce = draw(workforces(max_size=10))
    rejected = tuple(draw(st.lists(rejected_rows(), max_size=3)))
    return InputSummary(
        role=draw(st.sampled_from(["workforce", "previous", "proposed", "2025"])),
        source=workforce.source,
        sheet=draw(st.none() | st.just("Sheet1")),
        columns=draw(st.sampled_from([{}, {"employee_id": "Employee ID"}])),
        rows_read=workforce.rows_placed + len(rejected),
        rows_placed=workforce.rows_placed,
        rejected=rejected,
        findings=draw(st.lists(st.just(_MISSING_ASSESSOR), max_size=1)),
    )


def input_summaries() -> st.SearchStrategy[InputSummary]:
    """What a command read from one drawn file: rows read, placed and not placed."""
    return _input_summary()


@st.composite
def _calibration(draw: st.DrawFn) -> CalibrationCheck:
    result = draw(talent_reviews())
    independence = draw(st.booleans())
    if result.breakdowns and independence:
        breakdown = draw(st.sampled_from(result.breakdowns))
        return check_independence(result, breakdown.column)
    shares = draw(st.dictionaries(st.sampled_from(Segment), st.floats(0, 100), min_size=1))
    if sum(shares.values()) <= 0:
        shares[draw(st.sampled_from(Segment))] = 1.0
    return check_distribution(result, shares)


def calibration_checks() -> st.SearchStrategy[CalibrationCheck]:
    """Chi-square calibration checks of drawn reviews: independence and goodness of fit."""
    return _calibration()


def segment_results() -> st.SearchStrategy[SegmentResult]:
    """What ``apsperf segment --format json`` prints, for any two levels."""
    return st.builds(SegmentResult.of, st.sampled_from(Level), st.sampled_from(Level))


def review_checks() -> st.SearchStrategy[ReviewCheck]:
    """Calibration checks with a heading, as a review report lists them."""
    heading = st.text(min_size=1, max_size=40).map(str.strip).filter(bool)
    return st.builds(ReviewCheck, heading=heading, check=calibration_checks())


def review_reports() -> st.SearchStrategy[ReviewReport]:
    """What ``apsperf review --format json`` prints: a review, perhaps movement, some checks."""
    return st.builds(
        ReviewReport,
        review=talent_reviews(),
        movement=st.none() | movements(),
        checks=st.lists(review_checks(), max_size=2).map(tuple),
    )


# -- calibration sessions ------------------------------------------------------------------

_TEXT = st.text(min_size=1, max_size=30).map(str.strip).filter(bool)
_ASSESSORS = ("A1", "A2", "A3")


def _changes_for(ids: list[str]) -> st.SearchStrategy[CalibrationChange]:
    return st.builds(
        CalibrationChange,
        employee_id=st.sampled_from(ids),
        performance=st.sampled_from(Level),
        potential=st.sampled_from(Level),
        reason=_TEXT,
        by=_TEXT,
        on=st.dates(),
    )


@st.composite
def _proposals(draw: st.DrawFn) -> tuple[Workforce, CalibrationSession]:
    base = draw(workforces(max_size=30))
    people = [
        type(p)(
            employee_id=p.employee_id,
            performance=p.performance,
            potential=p.potential,
            assessed_by=draw(st.sampled_from(_ASSESSORS)),
            groups=p.groups,
        )
        for p in base.placements()
    ]
    proposed = Workforce.from_placements(people, source=base.source)
    ids = list(proposed.employee_ids)
    changes = draw(st.lists(_changes_for(ids), max_size=8)) if ids else []
    at = draw(st.datetimes(timezones=st.just(dt.UTC))).replace(microsecond=0)
    session = CalibrationSession.start(proposed)
    session = session.record(session.unrecorded(changes), proposed, at=at)
    numbers = [e.number for e in session.entries]
    undo: bool = draw(st.booleans())
    if numbers and undo:
        number: int = draw(st.sampled_from(numbers))
        session = session.reverse(number, reason="undone", by="Chair", at=at)
    finalise: bool = draw(st.booleans())
    return proposed, session.finalise(by="Chair", at=at) if finalise else session


def session_entries() -> st.SearchStrategy[SessionEntry]:
    """One entry of a drawn session's log (a move, confirmation, reversal or finalisation)."""
    return _proposals().map(lambda drawn: drawn[1].entries).filter(bool).flatmap(st.sampled_from)


def session_heads() -> st.SearchStrategy[SessionHead]:
    """The head of a drawn session."""
    return _proposals().map(lambda drawn: drawn[1].head)


def proposals_and_sessions() -> st.SearchStrategy[tuple[Workforce, CalibrationSession]]:
    """Proposed placements (three assessors) with a session whose changes all apply."""
    return _proposals()


def calibration_changes() -> st.SearchStrategy[CalibrationChange]:
    """One council change to a drawn identifier, with a reason, who and when."""
    return _changes_for(["E00001", "E00002", "x y"])


def calibration_sessions() -> st.SearchStrategy[CalibrationSession]:
    """Sessions with up to eight changes, some finalised."""
    return _proposals().map(lambda drawn: drawn[1])


def calibration_reports() -> st.SearchStrategy[CalibrationReport]:
    """What ``apsperf calibrate --format json`` prints, for drawn proposals and sessions."""
    return _proposals().flatmap(
        lambda drawn: st.integers(3, 6).map(
            lambda k: calibrate(*drawn, fairness_by=drawn[0].group_names, min_cell=k)
        )
    )


def applied_changes() -> st.SearchStrategy[AppliedChange]:
    """Changes as applied, from drawn calibration reports that made some."""
    return calibration_reports().filter(lambda r: bool(r.changes)).map(lambda r: r.changes[0])


def rater_effects_of() -> st.SearchStrategy[RaterEffect]:
    """One assessor's rater effects in a drawn workforce."""
    return (
        _proposals()
        .map(lambda drawn: tuple(rater_effects(drawn[0])))
        .filter(bool)
        .flatmap(st.sampled_from)
    )


def rater_effect_tables() -> st.SearchStrategy[RaterEffects]:
    """Every assessor's rater effects (as columns) in a drawn workforce."""
    return _proposals().map(lambda drawn: rater_effects(drawn[0]))


def axis_effect_columns() -> st.SearchStrategy[AxisEffects]:
    """One axis of every assessor's rater effects (as columns) in a drawn workforce."""
    return rater_effect_tables().flatmap(
        lambda table: st.sampled_from((table.performance, table.potential))
    )


def axis_effects() -> st.SearchStrategy[AxisEffect]:
    """One axis of a drawn assessor's rater effects."""
    return rater_effects_of().flatmap(lambda e: st.sampled_from((e.performance, e.potential)))


# -- history over cycles -------------------------------------------------------------------


@st.composite
def _history(draw: st.DrawFn) -> History:
    pool = draw(st.lists(employee_ids(), min_size=1, max_size=12, unique=True))
    cycles = []
    for _ in range(draw(st.integers(1, 4))):
        chosen = draw(st.lists(st.sampled_from(pool), max_size=len(pool), unique=True))
        people = [
            Placement(
                employee_id=employee_id,
                performance=(segment := draw(st.sampled_from(Segment))).performance,
                potential=segment.potential,
            )
            for employee_id in chosen
        ]
        cycles.append(Workforce.from_placements(people))
    return history(cycles)


def histories() -> st.SearchStrategy[History]:
    """Histories of one to four drawn cycles over a small pool of people."""
    return _history()


@st.composite
def _history_by(draw: st.DrawFn) -> History:
    """A history of two to four cycles whose people carry a grouping column ``g``."""
    pool = draw(st.lists(employee_ids(), min_size=2, max_size=30, unique=True))
    group_of = {e: draw(st.sampled_from(("a", "b", "c"))) for e in pool}
    cycles = []
    for _ in range(draw(st.integers(2, 4))):
        chosen = draw(st.lists(st.sampled_from(pool), min_size=1, unique=True))
        people = [
            Placement(
                employee_id=employee_id,
                performance=(segment := draw(st.sampled_from(Segment))).performance,
                potential=segment.potential,
                groups={"g": group_of[employee_id]},
            )
            for employee_id in chosen
        ]
        cycles.append(Workforce.from_placements(people))
    return history(cycles, by="g", min_cell=3)


def axis_movements() -> st.SearchStrategy[AxisMovement]:
    """Movement on one axis between two consecutive cycles of a drawn history."""
    return _history_by().flatmap(lambda h: st.sampled_from(h.axes))


def rates() -> st.SearchStrategy[Rate]:
    """A share moved up, stayed or down, with its interval, from drawn movement."""
    return axis_movements().flatmap(lambda a: st.sampled_from((a.up, a.stayed, a.down)))


def transition_rates_of() -> st.SearchStrategy[TransitionRates]:
    """The transition rates between two consecutive cycles of a drawn history."""
    return _history_by().flatmap(lambda h: st.sampled_from(h.transitions))


def pool_trends() -> st.SearchStrategy[PoolTrend]:
    """The talent-pool share by group over the cycles of a drawn history."""
    return _history_by().map(lambda h: h.pool_trend).filter(lambda t: t is not None)  # type: ignore[return-value]


def group_trends() -> st.SearchStrategy[GroupTrend]:
    """One group's talent-pool share over the cycles (some hidden), from drawn trends."""
    return (
        pool_trends().filter(lambda t: bool(t.groups)).flatmap(lambda t: st.sampled_from(t.groups))
    )


def trajectories() -> st.SearchStrategy[Trajectory]:
    """One person's trajectory from a drawn history."""
    return (
        histories()
        .filter(lambda h: bool(h.trajectories))
        .flatmap(lambda h: st.sampled_from(h.trajectories))
    )


def pattern_matches() -> st.SearchStrategy[PatternMatch]:
    """One pattern and who shows it, from a drawn history."""
    return histories().flatmap(lambda h: st.sampled_from(h.patterns))


# -- fair-process checks -------------------------------------------------------------------


def _compliances_of(report: CalibrationReport) -> tuple[AspirationCompliance, ...]:
    overall = () if report.aspiration is None else (report.aspiration,)
    return (*overall, *report.aspiration_by)


def aspiration_compliances() -> st.SearchStrategy[AspirationCompliance]:
    """Aspiration-first compliance of drawn calibration reports, overall or by a column."""
    return calibration_reports().flatmap(lambda r: st.sampled_from(_compliances_of(r)))


def aspiration_counts() -> st.SearchStrategy[AspirationCounts]:
    """One group's aspiration counts (some suppressed), from drawn reports."""
    return aspiration_compliances().flatmap(lambda c: st.sampled_from((c.overall, *c.groups)))


def assessor_aspirations() -> st.SearchStrategy[AssessorAspiration]:
    """Aspiration-first counts by assessor in a drawn workforce."""
    return _proposals().map(lambda drawn: aspiration_by_assessor(drawn[0]))


def fairness_checks() -> st.SearchStrategy[FairnessCheck]:
    """Talent-pool selection checks of drawn reports with a grouping column."""
    return (
        calibration_reports()
        .filter(lambda r: bool(r.fairness))
        .flatmap(lambda r: st.sampled_from(r.fairness))
    )


def group_selections() -> st.SearchStrategy[GroupSelection]:
    """One group's selection (some suppressed, one the reference), from drawn checks."""
    return (
        fairness_checks()
        .filter(lambda c: bool(c.groups))
        .flatmap(lambda c: st.sampled_from(c.groups))
    )


def moves_by_groups() -> st.SearchStrategy[MovesByGroup]:
    """The council's moves by the groups of a column, from drawn reports with a column."""
    return (
        calibration_reports()
        .filter(lambda r: bool(r.moves_by))
        .flatmap(lambda r: st.sampled_from(r.moves_by))
    )


def group_moves() -> st.SearchStrategy[GroupMoves]:
    """One group's moves and selection before and after, from drawn tables."""
    return (
        moves_by_groups()
        .filter(lambda m: bool(m.groups))
        .flatmap(lambda m: st.sampled_from(m.groups))
    )


def people_moved_of() -> st.SearchStrategy[PersonMoved]:
    """One move or confirmation of a drawn report's list of people moved."""
    return (
        calibration_reports()
        .filter(lambda r: bool(r.people_moved))
        .flatmap(lambda r: st.sampled_from(r.people_moved))
    )
