"""Every notebook display and ``repr()`` stays under its documented bound, whatever the input.

The bounds are those of :mod:`apsperf._display`: a display (``_repr_html_``) is at most
``MAX_DISPLAY_BYTES`` in UTF-8, a ``repr()`` one line of at most ``MAX_REPR_CHARS``
characters. Each value below is built from hostile input (long text, markup, quotes, control
characters) at a size ``n``; ten times the input gives a display of the same size (only the
counts it reports grow by a digit), and the display names what it left out.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import re
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import agreements as ag
from apsperf import maturity as mt
from apsperf import segmentation as sg
from apsperf._display import (
    MAX_DISPLAY_BYTES,
    MAX_REPR_CHARS,
    display_html,
    more,
    names,
    one_line,
    quoted,
    register_display,
)
from apsperf.segmentation import Level, Placement, Segment
from tests.agreements.conftest import agreed_plan

HOSTILE = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>\x1b[31m\x00\u2028"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
GROWTH = 100
"""How much longer a display or ``repr()`` of ten times the input may be: the digits of the
counts it reports, never more of the input."""


def _text(n: int, length: int, tag: object = "") -> str:
    """Hostile text from input: markup, quotes, control characters, then ``length * n`` more."""
    return f"{HOSTILE}{tag}" + "x" * (length * n)


def _placement(n: int, groups: dict[str, str], assessor: str | None = None) -> Placement:
    segment = list(Segment)[n % 9]
    return Placement(
        employee_id=f"E{n:06d}",
        performance=segment.performance,
        potential=segment.potential,
        assessed_by=assessor,
        groups=groups,
    )


def _segmentation(n: int) -> dict[str, object]:
    """Workforces, reviews, checks, calibration and history, from hostile input of size ``n``."""
    column = _text(n, 500, "column")  # a 5 KB column name at n = 10
    wide = sg.Workforce.from_placements(
        [_placement(0, {_text(1, 40, f"c{i}"): "x" for i in range(1_000 * n)})],
        source=_text(n, 500, "/dir/") + ".csv",  # outside-path: hostile input
    )
    values = [_text(n, 10_000, f"v{i}") for i in range(40)]  # 100 KB group values at n = 10
    fairness = [f"{column}{k}" for k in range(8 * n)]
    people = sg.Workforce.from_placements(
        [
            _placement(
                p,
                {
                    column: values[p % 40],
                    **{f: values[(p + k) % 40] for k, f in enumerate(fairness)},
                },
                assessor=_text(n, 100, p % 30),
            )
            for p in range(300)
        ],
        source=_text(n, 500) + ".csv",
    )
    groups = sg.Workforce.from_placements(
        [_placement(p, {column: _text(1, 10, p)}) for p in range(100 * n)]
    )
    header = ["Employee ID", "Performance", "Potential", column]
    rows = [[f"E{r}", _text(n, 1_000), "High", "x"] for r in range(100 * n)]
    rejected = sg.workforce_from_rows(rows, header=header, source=_text(n, 500))
    crossed = sg.review(people, by=[column, *fairness[:5], (column, fairness[0])])
    check = sg.check_independence(crossed, column)
    check = attrs.evolve(check, findings=check.findings * (100 * n))
    changes = [
        sg.CalibrationChange(
            employee_id=employee_id,
            performance=Level.HIGH,
            potential=Level.HIGH,
            reason=_text(n, 1_000, employee_id),
            by=_text(n, 500),
            on=dt.date(2025, 8, 1),
        )
        for employee_id in people.employee_ids[:100]
    ]
    session = sg.CalibrationSession.start(people).record(changes, people)
    report = sg.calibrate(people, session, fairness_by=fairness)
    cycles = [people, groups, wide] * (7 * n)
    past = sg.history(cycles, labels=[_text(n, 100, c) for c in range(len(cycles))])
    return {
        "Workforce (many columns)": wide,
        "Workforce (many rows not placed)": rejected,
        "TalentReview": crossed,
        "TalentReview (many rows not placed)": sg.review(rejected),
        "GroupBreakdown (long values)": crossed.breakdown(column),
        "GroupBreakdown (many groups)": sg.review(groups, by=column).breakdown(column),
        "Movement": sg.movement(people, groups),
        "CalibrationCheck": check,
        "CalibrationSession": session,
        "CalibrationReport": report,
        "RaterEffects": report.rater_effects,
        "History": past,
        "PatternMatch": past.patterns[0],
        "ReviewReport": sg.ReviewReport(
            review=crossed,
            checks=[sg.ReviewCheck(heading=_text(n, 500, h), check=check) for h in range(10 * n)],
        ),
    }


def _maturity(n: int) -> dict[str, object]:
    """Roll-ups with duplicated distributions and many levels, and long agency texts."""
    agencies = [
        mt.SelfAssessment(
            agency=_text(n, 500, a),
            assessed_on=dt.date(2025, 6, 30),
            ratings=[
                mt.ElementRating(
                    element=element,
                    level=1 + (a + i) % 5,
                    evidence=[_text(n, 500, e) for e in range(30 * n)],
                    planned_actions=[_text(n, 500)],
                )
                for i, element in enumerate(mt.Element)
            ],
        )
        for a in range(40)
    ]
    whole = mt.rollup(agencies)
    duplicated = attrs.evolve(
        whole,
        distributions=whole.distributions * (50 * n),  # 500 distributions at n = 2
        summary=whole.summary * (50 * n),
        level_names=tuple(_text(n, 100, level) for level in range(25 * n)),
        notices=tuple(_text(n, 1_000, k) for k in range(25 * n)),
    )
    compared = mt.compare_rollups(
        whole, mt.rollup(agencies[10:]), old_label=_text(n, 500), new_label=_text(n, 500)
    )
    compared = attrs.evolve(
        compared,
        elements=compared.elements * (10 * n),
        notices=tuple(_text(n, 1_000, k) for k in range(25 * n)),
    )
    return {
        "Rollup": whole,
        "Rollup (duplicate distributions)": duplicated,
        "RollupComparison": compared,
        "SelfAssessment": agencies[0],
        "MaturityState": mt.maturity_state(agencies[0]),
    }


def _agreements(n: int) -> dict[str, object]:
    """Plans with many revisions and outcomes, and SES assessments with many expectations."""
    plan = agreed_plan()
    outcomes = [ag.WorkOutcome(rank=r, outcome=_text(n, 500, r)) for r in range(1, 101)]
    for step in range(25):
        plan = plan.amend(
            by=_text(n, 500),
            on=dt.date(2025, 8, 1),
            reason=_text(n, 1_000, step),
            outcomes=outcomes[: 1 + (step % 2) * 99],
            learning=(),
        )
    assessment = ag.SesAssessment(
        leader=_text(n, 500),
        period=ag.financial_year(2024),
        assessor=_text(n, 500),
        behaviours=ag.Rating(level="needs-improvement", evidence=_text(n, 10_000)),
        expectations=[
            ag.Expectation(kind=ag.ElementKind.OUTCOME, description=_text(n, 500, e))
            for e in range(100 * n)
        ],
    )
    controls = ag.SesAssessment(  # each control character is four characters once quoted
        leader="\x00" * (100 * n),
        period=ag.financial_year(2024),
        assessor="\x1b" * (100 * n),
        behaviours=ag.Rating(level="needs-improvement", evidence="e"),
        expectations=[],
    )
    return {
        "SesAssessment of control characters": controls,
        "PerformanceManagementPlan": plan,
        "Revision": plan.revisions[-1],
        "PlanContent": plan.content,
        "AssessmentResult": ag.assess("needs-improvement", "outstanding"),
        "SesAssessment": assessment,
        "NonCompensatoryPolicy": ag.NonCompensatoryPolicy(unsatisfactory_trigger=_text(n, 500)),
        "MidpointPolicy": ag.MidpointPolicy(unsatisfactory_trigger=10 ** (500 * n)),
    }


BUILDERS: dict[str, Callable[[int], dict[str, object]]] = {
    "segmentation": _segmentation,
    "maturity": _maturity,
    "agreements": _agreements,
}


@functools.cache
def _values(domain: str, n: int) -> dict[str, object]:
    return BUILDERS[domain](n)


def _sizes(value: object) -> tuple[int, int]:
    """The display's UTF-8 size (0 without one) and the ``repr()``'s length, both checked."""
    text = repr(value)
    assert len(text) <= MAX_REPR_CHARS, text[:300]
    assert "\n" not in text and not CONTROL.search(text), text
    if not hasattr(value, "_repr_html_"):
        return 0, len(text)
    page = value._repr_html_()
    assert len(page.encode()) <= MAX_DISPLAY_BYTES, (len(page), page[:300])
    assert "<script" not in page and "<img" not in page, page[:500]
    assert not CONTROL.search(page)
    assert "would be" not in page, "the display gave way to its repr()"
    return len(page.encode()), len(text)


NAMES = {
    "segmentation": (
        "Workforce (many columns)",
        "Workforce (many rows not placed)",
        "TalentReview",
        "TalentReview (many rows not placed)",
        "GroupBreakdown (long values)",
        "GroupBreakdown (many groups)",
        "Movement",
        "CalibrationCheck",
        "CalibrationSession",
        "CalibrationReport",
        "RaterEffects",
        "History",
        "PatternMatch",
        "ReviewReport",
    ),
    "maturity": (
        "Rollup",
        "Rollup (duplicate distributions)",
        "RollupComparison",
        "SelfAssessment",
        "MaturityState",
    ),
    "agreements": (
        "PerformanceManagementPlan",
        "Revision",
        "PlanContent",
        "AssessmentResult",
        "SesAssessment",
        "SesAssessment of control characters",
        "NonCompensatoryPolicy",
        "MidpointPolicy",
    ),
}
CASES = [(domain, name) for domain, shown in NAMES.items() for name in shown]


def test_every_value_built_is_checked() -> None:
    assert set(_values("agreements", 1)) == set(NAMES["agreements"])
    assert set(_values("maturity", 1)) == set(NAMES["maturity"])
    assert set(_values("segmentation", 1)) == set(NAMES["segmentation"])


@pytest.mark.parametrize(("domain", "name"), CASES, ids=[name for _, name in CASES])
def test_a_display_and_repr_stay_bounded_and_do_not_grow_with_the_input(
    domain: str, name: str
) -> None:
    small = _sizes(_values(domain, 1)[name])
    large = _sizes(_values(domain, 10)[name])
    assert large[0] <= small[0] + GROWTH, (name, small, large)
    assert large[1] <= small[1] + GROWTH, (name, small, large)


def test_each_display_names_what_it_left_out() -> None:
    seg, mat = _values("segmentation", 10), _values("maturity", 10)
    wide = seg["Workforce (many columns)"]._repr_html_()  # type: ignore[attr-defined]
    assert "… and 9,980 more columns." in wide
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in wide  # escaped, as before
    many = seg["GroupBreakdown (many groups)"]._repr_html_()  # type: ignore[attr-defined]
    assert "The 30 largest of 1,000 groups are listed" in many
    long_values = seg["GroupBreakdown (long values)"]._repr_html_()  # type: ignore[attr-defined]
    assert "x\u2026</th>" in long_values  # each value clipped, and says so
    assert "… and 5 more breakdowns>" in repr(seg["TalentReview"])
    check = seg["CalibrationCheck"]
    assert isinstance(check, sg.CalibrationCheck) and len(check.findings) >= 1_000
    assert f"… and {len(check.findings) - 20:,} more findings" in check._repr_html_()
    report = seg["CalibrationReport"]
    assert isinstance(report, sg.CalibrationReport) and len(report.changes) > 20
    page = report._repr_html_()
    assert "… and 75 more talent-pool selection checks." in page
    assert f"The first 20 of {len(report.changes):,} moves are shown." in page
    history = seg["History"]._repr_html_()  # type: ignore[attr-defined]
    assert "The first 20 of 210 cycles are shown." in history
    assert "… and 189 more pairs of cycles" in history
    rolled = mat["Rollup (duplicate distributions)"]._repr_html_()  # type: ignore[attr-defined]
    assert "The first 20 of 2,500 distributions are shown." in rolled
    assert "The first 20 of 2,500 element summaries are shown." in rolled
    assert "… and 230 more levels" in rolled
    compared = mat["RollupComparison"]._repr_html_()  # type: ignore[attr-defined]
    assert "The first 20 of 500 elements are shown." in compared


def test_a_display_too_large_gives_way_to_its_repr() -> None:
    class Huge:
        def __repr__(self) -> str:
            return "<Huge: " + "\x1b" * 10_000 + ">"

    register_display(Huge, lambda value: "<p>" + "x" * MAX_DISPLAY_BYTES + "</p>")
    page = display_html(Huge())
    assert len(page.encode()) <= 2_000
    assert "The full display would be 50,007 bytes, more than the 50,000" in page
    assert "<pre>&lt;Huge: \ufffd" in page and page.count("\ufffd") < MAX_REPR_CHARS


def test_quotes_that_escaping_lengthens_keep_every_display_within_bounds() -> None:
    """Text of quotes is six times longer escaped: the bound still holds, display or not."""
    bomb = '"' * 5_000
    people = sg.Workforce.from_placements(
        [_placement(p, {bomb: bomb + str(p % 40)}, assessor=bomb) for p in range(100)],
        source=bomb,
    )
    changes = [
        sg.CalibrationChange(
            employee_id=employee_id,
            performance=Level.HIGH,
            potential=Level.HIGH,
            reason=bomb + employee_id,
            by=bomb,
            on=dt.date(2025, 8, 1),
        )
        for employee_id in people.employee_ids[:40]
    ]
    session = sg.CalibrationSession.start(people).record(changes, people)
    for value in (
        people,
        sg.review(people, by=bomb),
        sg.review(people, by=bomb).breakdown(bomb),
        sg.calibrate(people, session, fairness_by=[bomb]),
    ):
        page = value._repr_html_()
        assert len(page.encode()) <= MAX_DISPLAY_BYTES
        assert len(repr(value)) <= MAX_REPR_CHARS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2_000), st.integers(1, 80))
def test_quoted_is_a_bounded_repr_of_the_text(text: str, limit: int) -> None:
    shown = quoted(text, limit)
    assert len(shown) <= limit + 2
    value = ast.literal_eval(shown)
    assert isinstance(value, str)
    assert value == text or (value.endswith("…") and text.startswith(value[:-1]))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=5_000))
def test_one_line_is_short_single_and_keeps_its_closing_bracket(text: str) -> None:
    shown = one_line(f"<Value {text}>")
    assert len(shown) <= MAX_REPR_CHARS and shown.endswith(">")
    assert not CONTROL.search(shown) and "\n" not in shown and "\r" not in shown


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=500), max_size=300), st.integers(0, 30))
def test_names_shows_the_first_and_counts_the_rest(items: list[str], shown: int) -> None:
    text = names(items, "columns", shown=shown)
    assert len(text) <= shown * 42 + 40
    hidden = len(items) - min(shown, len(items))
    assert text.endswith(more(hidden, "columns"))
    if hidden:
        assert text.endswith(f" … and {hidden:,} more columns")


@settings(max_examples=25, deadline=None)
@given(
    st.dictionaries(st.text(min_size=1, max_size=3_000), st.text(max_size=3_000), max_size=60),
    st.text(max_size=3_000),
)
def test_any_grouping_columns_display_within_bounds(groups: dict[str, str], source: str) -> None:
    try:
        workforce = sg.Workforce.from_placements([_placement(0, groups)], source=source)
    except ValueError:
        return  # refused input (a blank column name): nothing to display
    _sizes(workforce)
    for column in workforce.group_names[:3]:
        try:
            result = sg.review(workforce, by=column)
        except ValueError:
            continue  # a column name a review refuses (white space around it)
        _sizes(result)
        _sizes(result.breakdown(column))


@pytest.mark.slow
def test_the_reported_inputs_display_within_bounds() -> None:
    """The inputs of issue 27: 100,000 columns, 1 MB values, 5 KB names, 500 distributions."""
    wide = sg.Workforce.from_placements(
        [_placement(0, {f"{HOSTILE}column {i}": "x" for i in range(100_000)})]
    )
    page = wide._repr_html_()
    assert len(page.encode()) < 10_000 and "… and 99,980 more columns." in page
    value = "v" * 1_000_000
    people = sg.Workforce.from_placements(
        [_placement(p, {"Division": f"{value}{p % 50}"}) for p in range(500)]
    )
    breakdown = sg.review(people, by="Division").breakdown("Division")
    assert len(breakdown._repr_html_().encode()) < 20_000
    names_5kb = [f"{c}" + "n" * 5_000 for c in "abc"]
    three = sg.Workforce.from_placements(
        [_placement(p, dict.fromkeys(names_5kb, str(p % 3))) for p in range(30)]
    )
    assert len(repr(sg.review(three, by=names_5kb))) <= MAX_REPR_CHARS
    rolled = _values("maturity", 10)["Rollup (duplicate distributions)"]
    assert len(rolled._repr_html_().encode()) < MAX_DISPLAY_BYTES  # type: ignore[attr-defined]
