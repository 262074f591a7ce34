"""What the council itself did (issue 26): its moves by group before and after, crossed
columns, and who it moved.

Planted sessions that move one group only, or close a gap, or widen one; fairness by the
combinations of two columns, counted against a count by hand and suppressed with the
single columns beside it; the list of people moved in every format, with hostile text;
and the interval attacker over everything a report shows, the new tables included.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf.cli import main
from apsperf.errors import ValidationError
from apsperf.segmentation import (
    CalibrationChange,
    CalibrationSession,
    Level,
    Placement,
    Segment,
    Workforce,
    aspiration_compliance,
    calibrate,
    fairness,
)
from apsperf.segmentation.analysis._fairness import joint_hidden, selection_rows, timing_rows
from apsperf.segmentation.analysis._moves import moves_rows, output_hidden
from apsperf.segmentation.analysis._suppression import hidden_groups
from apsperf.segmentation.render._calibration_workbook import calibration_workbook
from apsperf.segmentation.render._pack import calibration_pack_html
from apsperf.segmentation.render._text import calibration_text
from apsperf.serialization import to_json

H, M, L = Level.HIGH, Level.MODERATE, Level.LOW
ASSESSED = dt.date(2026, 8, 1)
DAY = dt.date(2026, 9, 22)


def _person(employee_id: str, performance: Level, potential: Level, **groups: str) -> Placement:
    return Placement(
        employee_id=employee_id,
        performance=performance,
        potential=potential,
        assessed_on=ASSESSED,
        assessed_by="A1",
        aspiration_conversation_on=ASSESSED - dt.timedelta(days=30),
        groups=groups,
    )


def _two_groups(a_selected: int, b_selected: int, size: int = 60) -> Workforce:
    """Groups A and B of ``size`` people: the first ``*_selected`` of each High Achiever (in
    the talent pool), the rest Well Placed (one level lower in performance, not in it)."""
    people = []
    for group, selected in (("A", a_selected), ("B", b_selected)):
        for n in range(size):
            levels = (H, M) if n < selected else (M, M)
            people.append(_person(f"{group}{n:03d}", *levels, Group=group, Name=f"{group} {n}"))
    return Workforce.from_placements(people)


def _moving(
    proposed: Workforce, ids: list[str], performance: Level, potential: Level
) -> CalibrationSession:
    changes = [
        CalibrationChange(
            employee_id=i,
            performance=performance,
            potential=potential,
            reason="evidence",
            by="Chair",
            on=DAY,
        )
        for i in ids
    ]
    return CalibrationSession.start(proposed).record(changes, proposed)


def _groups(report: object) -> dict[str, object]:
    (moves,) = report.moves_by  # type: ignore[attr-defined]
    return {g.value: g for g in moves.groups}


# -- moves by group, before and after -----------------------------------------------------


def test_a_session_that_moves_one_group_up_shows_it_by_group() -> None:
    proposed = _two_groups(30, 30)
    # Ten of B, Well Placed, moved up to High Achiever (into the pool); nobody of A moved.
    session = _moving(proposed, [f"B{n:03d}" for n in range(50, 60)], H, M)
    report = calibrate(proposed, session, fairness_by=["Group"])
    a, b = _groups(report)["A"], _groups(report)["B"]
    assert (a.up, a.down, a.across, a.unchanged) == (0, 0, 0, 60)
    assert (b.up, b.down, b.across, b.unchanged) == (10, 0, 0, 50)
    assert (a.selected_before, a.selected_after) == (30, 30)
    assert (b.selected_before, b.selected_after) == (30, 40)
    # Before, the groups were level; after, B leads and A's ratio fell: a gap opened.
    assert a.ratio_before == b.ratio_before == 1.0
    assert b.reference_after and a.ratio_after == pytest.approx(0.75)
    assert a.gap == "widened" and b.gap == "unchanged"
    # The report's fairness table is the "after" one.
    (check,) = report.fairness
    assert {g.value: g.selected for g in check.groups} == {"A": 30, "B": 40}


def test_a_session_that_closes_a_gap_reads_differently_from_one_that_widens_it() -> None:
    proposed = _two_groups(40, 20)  # B's ratio 0.5 before the session
    closing = calibrate(
        proposed,
        _moving(proposed, [f"B{n:03d}" for n in range(40, 55)], H, M),
        fairness_by=["Group"],
    )
    widening = calibrate(
        proposed,
        _moving(proposed, [f"B{n:03d}" for n in range(0, 10)], M, M),
        fairness_by=["Group"],
    )
    closed, widened = _groups(closing)["B"], _groups(widening)["B"]
    assert closed.ratio_before == widened.ratio_before == pytest.approx(0.5)
    assert closed.up == 15 and closed.ratio_after == pytest.approx(35 / 40)
    assert widened.down == 10 and widened.ratio_after == pytest.approx(10 / 40)
    assert (closed.gap, widened.gap) == ("narrowed", "widened")
    closing_text, widening_text = calibration_text(closing), calibration_text(widening)
    assert "B: 60 people: 15 moved up, 0 down, 0 across, 45 unchanged" in closing_text
    assert "impact ratio 0.500 (flagged) -> 0.875 (gap narrowed)" in closing_text
    assert "impact ratio 0.500 (flagged) -> 0.250 (flagged) (gap widened)" in widening_text
    assert "narrowed the gap for 1" in closing_text
    page = calibration_pack_html(closing)
    section = page.split("moves by Group, before and after</h2>")[1]
    assert "narrowed" in section and "0.875" in section
    document = json.loads(to_json(closing))
    (moves,) = document["moves_by"]
    b = next(g for g in moves["groups"] if g["value"] == "B")
    assert (b["up"], b["ratio_before"], b["suppressed"]) == (15, 0.5, False)


def test_moves_by_group_count_the_net_move_of_a_person_moved_twice_or_back() -> None:
    proposed = _two_groups(30, 30)
    session = _moving(proposed, ["B050", "B051"], H, M)  # up
    session = session.record(
        [
            CalibrationChange(
                employee_id="B050", performance=M, potential=M, reason="back", by="C", on=DAY
            )
        ],
        proposed,
    )  # B050 moved back: unchanged
    moved = moves_rows(
        proposed, session.apply(proposed), [c.employee_id for c in session.changes], ("Group",)
    )
    assert moved == (["A", "B"], [[0, 0, 0, 60], [1, 0, 0, 59]])


def test_every_table_about_the_column_hides_the_same_groups_moves_included() -> None:
    """A group whose only small count is in the moves is hidden in every table."""
    proposed = _two_groups(30, 30, size=60)
    people = list(proposed.placements()) + [
        _person(f"C{n:03d}", H, M if n < 30 else L, Group="C") for n in range(60)
    ]
    proposed = Workforce.from_placements(people)
    session = _moving(proposed, ["A050", "A051"], H, M)  # two of A move up: a count of 2
    report = calibrate(proposed, session, fairness_by=["Group"])
    hidden = {g.value for g in report.fairness[0].groups if g.suppressed}
    assert "A" in hidden and len(hidden) >= 2
    for table in (report.fairness[0], report.moves_by[0], report.aspiration_by[0]):
        assert {g.value for g in table.groups if g.suppressed} == hidden


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(st.one_of(st.integers(1, 4), st.integers(5, 40)), min_size=2, max_size=6),
    share=st.sampled_from([0.0, 0.05, 0.3]),
    seed=st.integers(0, 10_000),
)
def test_a_calibration_hides_every_group_the_review_of_its_proposals_hides(
    sizes: list[int], share: float, seed: int
) -> None:
    from apsperf.segmentation import review

    proposed = _random_workforce(seed, {(f"g{i}", "s"): n for i, n in enumerate(sizes)})
    report = calibrate(
        proposed,
        _random_session(proposed, seed, share),
        fairness_by=["Gender", ("Gender", "Site")],
    )
    reviewed = review(proposed, by=["Gender", ("Gender", "Site")])
    for check, column in zip(report.fairness, ("Gender", ("Gender", "Site")), strict=True):
        hidden = {g.value for g in check.groups if g.suppressed}
        assert {h.value for h in reviewed.breakdown(column).hidden} <= hidden


# -- crossed columns ---------------------------------------------------------------------


def _crossed_workforce(sizes: dict[tuple[str, str], int], seed: int = 0) -> Workforce:
    rng = random.Random(seed)
    people = []
    for (gender, site), size in sizes.items():
        for n in range(size):
            people.append(
                _person(
                    f"{gender}{site}{n:03d}",
                    rng.choice(list(Level)),
                    rng.choice(list(Level)),
                    Gender=gender,
                    Site=site,
                )
            )
    return Workforce.from_placements(people)


def test_fairness_by_crossed_columns_counts_each_combination() -> None:
    sizes = {("F", "X"): 60, ("F", "Y"): 45, ("M", "X"): 50, ("M", "Y"): 2, ("", "X"): 30}
    workforce = _crossed_workforce(sizes)
    check = fairness(workforce, ["Gender", "Site"], min_cell=5)
    assert check.column == "Gender × Site" and check.crossed == ("Gender", "Site")
    assert check.columns == ("Gender", "Site")
    pool = set(check.pool)
    by_hand: Counter[tuple[str, str]] = Counter()
    selected: Counter[tuple[str, str]] = Counter()
    for p in workforce.placements():
        key = (p.groups["Gender"], p.groups["Site"])
        by_hand[key] += 1
        selected[key] += p.segment in pool
    assert [g.crossed for g in check.groups] == sorted(by_hand)
    for g in check.groups:
        assert g.value == " × ".join(g.crossed)
        if not g.suppressed:
            assert (g.people, g.selected) == (by_hand[g.crossed], selected[g.crossed])
    small = next(g for g in check.groups if g.crossed == ("M", "Y"))
    assert small.suppressed and small.small
    # A combination with a blank value is "not stated" and never the reference.
    assert not any(g.reference and "" in g.crossed for g in check.groups)
    timings = aspiration_compliance(workforce, by=["Gender", "Site"])
    assert [g.crossed for g in timings.groups] == sorted(by_hand)
    assert timings.crossed == ("Gender", "Site")


@pytest.mark.parametrize(
    "by", [["Gender", "Nowhere"], ("Nowhere", "Site"), ["Gender", "Gender"], [], [1, 2]]
)
def test_crossed_columns_refuse_an_unknown_or_repeated_column_naming_it(by: object) -> None:
    workforce = _crossed_workforce({("F", "X"): 10, ("M", "Y"): 10})
    with pytest.raises(ValidationError) as caught:
        fairness(workforce, by)  # type: ignore[arg-type]
    if "Nowhere" in list(by):  # type: ignore[arg-type]
        assert "Nowhere" in str(caught.value)
    session = CalibrationSession.start(workforce)
    with pytest.raises(ValidationError):
        calibrate(workforce, session, fairness_by=[by])  # type: ignore[list-item]


def test_crossed_columns_that_overlap_without_nesting_are_refused() -> None:
    people = [_person(f"E{n}", H, H, Gender="F", Site="X", Band="1") for n in range(10)]
    workforce = Workforce.from_placements(people)
    session = CalibrationSession.start(workforce)
    with pytest.raises(ValidationError, match="nested"):
        calibrate(workforce, session, fairness_by=[("Gender", "Site"), ("Site", "Band")])
    # Nested (and disjoint) columns are fine; the same columns in another order are one check.
    report = calibrate(
        workforce, session, fairness_by=["Gender", ("Gender", "Site"), ("Site", "Gender"), "Band"]
    )
    assert [c.column for c in report.fairness] == ["Gender", "Gender × Site", "Band"]


# A crossed group hidden alone inside a group the single column shows: suppressed on its own,
# the crossed table hides (F, Y), small, with the smallest other groups, (M, X) and (M, Y);
# (F, X) is shown, and so is F by Gender, so (F, Y) would be F less (F, X).
LEAKY = {("F", "X"): 40, ("F", "Y"): 3, ("M", "X"): 20, ("M", "Y"): 30}


def _leaky() -> Workforce:
    """:data:`LEAKY`, every other person High Achiever (in the pool), the rest Well Placed."""
    return Workforce.from_placements(
        _person(f"{g}{s}{n:03d}", H if n % 2 == 0 else M, M, Gender=g, Site=s)
        for (g, s), size in LEAKY.items()
        for n in range(size)
    )


def test_crossed_and_single_columns_shown_together_hide_within_each_other() -> None:
    workforce = _leaky()
    report = calibrate(
        workforce, CalibrationSession.start(workforce), fairness_by=["Gender", ("Gender", "Site")]
    )
    single, crossed = report.fairness
    shown_single = {g.value for g in single.groups if not g.suppressed}
    assert "F" in shown_single
    hidden = [g.crossed for g in crossed.groups if g.suppressed]
    assert ("F", "Y") in hidden
    # Within each gender shown, no crossed group is hidden alone.
    for gender in shown_single:
        assert sum(1 for h in hidden if h[0] == gender) != 1
    # Alone, the crossed table would have hidden (F, Y) alone among F's groups.
    names, rows = selection_rows(workforce, ("Gender", "Site"), single.pool)
    alone = joint_hidden([(names, rows), timing_rows(workforce, ("Gender", "Site"))], min_cell=5)
    assert sum(1 for h in alone if h[0] == "F") == 1


# -- who moved -----------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> & =HYPERLINK("http://x")'


def _named_workforce() -> Workforce:
    people = []
    for n in range(40):
        people.append(
            Placement(
                employee_id=f"E{n:02d}",
                performance=M,
                potential=M,
                assessed_on=ASSESSED,
                assessed_by=f"Manager {n % 3}",
                groups={
                    "Name": HOSTILE if n == 1 else f"Person {n}",
                    "Division": "=1+1" if n == 2 else "Policy",
                    "Gender": "Woman" if n % 2 else "Man",
                    "Reason": "a column called Reason",
                },
            )
        )
    return Workforce.from_placements(people)


def _moved_session(proposed: Workforce) -> CalibrationSession:
    changes = [
        CalibrationChange(
            employee_id=i, performance=H, potential=H, reason=HOSTILE, by="=Chair", on=DAY
        )
        for i in ("E01", "E02", "E03")
    ]
    session = CalibrationSession.start(proposed).record(changes, proposed)
    return session.reverse(3, reason="undone <b>on reflection</b>", by="Chair")


def test_the_moves_list_who_moved_with_their_columns_never_the_sensitive_ones() -> None:
    proposed = _named_workforce()
    report = calibrate(proposed, _moved_session(proposed), fairness_by=["Gender"])
    assert report.people_columns == ("Name", "Division", "Reason")  # names first, no Gender
    first, _second, third = report.people_moved
    assert (first.employee_id, first.details, first.assessor) == (
        "E01",
        (HOSTILE, "Policy", "a column called Reason"),
        "Manager 1",
    )
    assert (first.from_segment, first.to_segment, first.direction.value) == (
        Segment.WELL_PLACED,
        Segment.TOP_TALENT,
        "up",
    )
    assert third.undone_by == 4 and not third.in_force and "reflection" in third.undo_reason
    assert [c.employee_id for c in report.changes] == ["E01", "E02"]  # in force only
    document = json.loads(to_json(report))
    assert document["people_columns"] == ["Name", "Division", "Reason"]
    assert document["people_moved"][0]["from"] == "well-placed"
    assert "Gender" not in json.dumps(document["people_moved"])
    text = calibration_text(report)
    assert "undone by entry 4: undone <b>on reflection</b>" in text
    listed = [line for line in text.splitlines() if "assessed by Manager" in line]
    assert len(listed) == 3 and "Person 3, Policy" in listed[2]
    assert not any("Woman" in line or "Man;" in line for line in listed)


def test_the_pack_escapes_the_moves_and_shows_reversals_as_such() -> None:
    proposed = _named_workforce()
    report = calibrate(proposed, _moved_session(proposed), fairness_by=["Gender"])
    page = calibration_pack_html(report)
    assert "<script>" not in page and "<b>on reflection" not in page
    assert "&lt;script&gt;" in page and "undone by entry 4" in page
    moves = page.split("<h2>Moves made</h2>")[1].split("<h2>")[0]
    assert "Reason (from file)" in moves and "Manager 1" in moves and "Person 3" in moves
    assert "Gender" not in moves and "Woman" not in moves and ">Man<" not in moves


def test_the_workbook_lists_the_moves_with_formulas_neutralised() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import io

    proposed = _named_workforce()
    report = calibrate(proposed, _moved_session(proposed), fairness_by=["Gender"])
    book = openpyxl.load_workbook(io.BytesIO(calibration_workbook(report)))
    assert "moves by Gender" in book.sheetnames
    rows = list(book["moves"].iter_rows(values_only=True))
    head = rows[1]
    assert head[:5] == ("Entry", "Employee", "Name", "Division", "Reason (from file)")
    assert "Gender" not in head
    cells = [c for row in rows[2:] for c in row if isinstance(c, str)]
    assert "=1+1" in cells and "=Chair" in cells and any("HYPERLINK" in c for c in cells)
    assert any(c.startswith("undone by entry 4") for c in cells)
    for row in book["moves"].iter_rows():
        for cell in row:  # formula-like text is text, never a formula
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value.startswith("="):
                assert cell.data_type == "s" and cell.quotePrefix


def test_the_cli_crosses_columns_and_lists_the_columns_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposed = tmp_path / "proposed.csv"
    rows = ["Employee ID,Name,Gender,Site,Performance,Potential"]
    rows += [
        f"E{n:03d},Person {n},{'FM'[n % 2]},{'XY'[n % 3 == 0]},Moderate,Moderate" for n in range(80)
    ]
    proposed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    changes = tmp_path / "changes.csv"
    changes.write_text(
        "Employee ID,Performance,Potential,Reason,By,On\n"
        "E001,High,High,evidence,Chair,22/09/2026\n",
        encoding="utf-8",
    )
    page = tmp_path / "pack.html"
    argv = ["calibrate", str(proposed), "--changes", str(changes), "--fairness", "gender"]
    assert (
        main([*argv, "--fairness-cross", "Gender", "Site", "--html", str(page), "--format", "json"])
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert [c["column"] for c in document["fairness"]] == ["Gender", "Gender × Site"]
    assert document["people_columns"] == ["Name"]  # Site is crossed: sensitive too
    assert document["people_moved"][0]["details"] == ["Person 1"]
    assert main([*argv, "--show", "Name", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["people_columns"] == ["Name"]
    assert main([*argv, "--show", "Gender"]) == 2
    assert "--show" in capsys.readouterr().err
    assert main([*argv, "--fairness-cross", "Gender"]) == 2
    assert main([*argv, "--fairness-cross", "Gender", "Nowhere"]) == 2
    assert "Nowhere" in capsys.readouterr().err


# -- the interval attacker over everything a report shows ----------------------------------


def _attacker() -> tuple[Any, Any]:
    """The attacker's ``calibration_output`` and ``pinned`` (SciPy, in the test extra)."""
    pytest.importorskip("scipy")
    from tests.segmentation.disclosure_attacker import calibration_output, pinned

    return calibration_output, pinned


def _random_workforce(seed: int, sizes: dict[tuple[str, str], int]) -> Workforce:
    rng = random.Random(seed)
    people = []
    for (gender, site), size in sizes.items():
        for n in range(size):
            people.append(
                Placement(
                    employee_id=f"{gender}{site}-{n}",
                    performance=rng.choice(list(Level)),
                    potential=rng.choice(list(Level)),
                    assessed_on=ASSESSED,
                    aspiration_conversation_on=rng.choice(
                        [None, ASSESSED, ASSESSED - dt.timedelta(days=9)]
                    ),
                    groups={"Gender": gender, "Site": site},
                )
            )
    return Workforce.from_placements(people)


def _random_session(proposed: Workforce, seed: int, share: float) -> CalibrationSession:
    rng = random.Random(seed)
    ids = list(proposed.employee_ids)
    changes = [
        CalibrationChange(
            employee_id=i,
            performance=rng.choice(list(Level)),
            potential=rng.choice(list(Level)),
            reason="evidence",
            by="Chair",
            on=DAY,
        )
        for i in rng.sample(ids, int(len(ids) * share))
    ]
    return CalibrationSession.start(proposed).record(changes, proposed)


_SIZE = st.one_of(st.integers(1, 4), st.integers(5, 15), st.integers(30, 150))


@pytest.mark.slow
@settings(max_examples=12, deadline=None)
@given(
    sizes=st.lists(_SIZE, min_size=2, max_size=6),
    share=st.sampled_from([0.02, 0.2, 0.4]),
    seed=st.integers(0, 10_000),
)
def test_no_hidden_value_is_pinned_with_the_moves_by_group(
    sizes: list[int], share: float, seed: int
) -> None:
    calibration_output, pinned = _attacker()
    proposed = _random_workforce(seed, {(f"g{i}", "s"): n for i, n in enumerate(sizes)})
    report = calibrate(proposed, _random_session(proposed, seed, share), fairness_by=["Gender"])
    assert pinned(calibration_output(report, 0), 5) == []


@pytest.mark.slow
@settings(max_examples=6, deadline=None)
@given(
    genders=st.integers(2, 3),
    sites=st.integers(2, 3),
    sizes=st.lists(_SIZE, min_size=9, max_size=9),
    share=st.sampled_from([0.0, 0.0, 0.2]),
    seed=st.integers(0, 10_000),
)
def test_no_hidden_value_is_pinned_by_crossed_and_single_columns_together(
    genders: int, sites: int, sizes: list[int], share: float, seed: int
) -> None:
    calibration_output, pinned = _attacker()
    cells = [(g, s) for g in "FMX"[:genders] for s in "pqr"[:sites]]
    proposed = _random_workforce(seed, dict(zip(cells, sizes, strict=False)))
    report = calibrate(
        proposed,
        _random_session(proposed, seed, share),
        fairness_by=["Gender", ("Gender", "Site"), "Site"],
    )
    assert pinned(calibration_output(report, 1, coarser=[0, 2]), 5) == []
    assert pinned(calibration_output(report, 0), 5) == []
    assert pinned(calibration_output(report, 2), 5) == []


def test_the_attacker_finds_the_moves_when_suppressed_apart_from_the_other_tables() -> None:
    """Suppressed on its own, the moves table hides A and B only; the selection before and
    after, shown for both, say how many of each entered the pool, which pins the moves."""
    calibration_output, pinned = _attacker()
    people = []
    for group in "ABC":
        people += [_person(f"{group}{n:02d}", H, M, Group=group) for n in range(20)]
        people += [_person(f"{group}{n:02d}", M, M, Group=group) for n in range(20, 40)]
    proposed = Workforce.from_placements(people)
    session = _moving(proposed, ["A20", "A21", "B20", "B21", "B22"], H, M)  # up, into the pool
    report = calibrate(proposed, session, fairness_by=["Group"])
    joint = calibration_output(report, 0)
    assert pinned(joint, 5) == []
    assert all(row is None for row in joint.tables[0][:2])  # A and B hidden everywhere
    calibrated = session.apply(proposed)
    pool = report.fairness[0].pool
    moved = moves_rows(proposed, calibrated, ["A20", "A21", "B20", "B21", "B22"], ("Group",))
    others = [
        selection_rows(calibrated, ("Group",), pool),
        selection_rows(proposed, ("Group",), pool),
        timing_rows(proposed, ("Group",)),
    ]
    hide_others = {"ABC".index(g) for g in joint_hidden(others, min_cell=5)}
    hide_moves = hidden_groups([moved[1]], min_cell=5)
    assert hide_others == set() and hide_moves == {0, 1}
    raw = [others[0][1], others[1][1], moved[1], others[2][1]]
    tables = [
        [
            None if g in (hide_moves if t == 2 else hide_others) else row
            for g, row in enumerate(rows)
        ]
        for t, rows in enumerate(raw)
    ]
    apart = joint._replace(tables=tables, small=[False, False, False])
    assert pinned(apart, 5)  # A's and B's moves up are worked out exactly


def test_the_attacker_finds_a_crossed_table_suppressed_apart_from_its_single_column() -> None:
    calibration_output, pinned = _attacker()
    workforce = _leaky()
    report = calibrate(
        workforce, CalibrationSession.start(workforce), fairness_by=["Gender", ("Gender", "Site")]
    )
    joint = calibration_output(report, 1, coarser=[0])
    assert pinned(joint, 5) == []
    # The crossed tables suppressed on their own, beside the same single-column tables.
    decided = output_hidden({("Gender", "Site"): _raw(workforce, ("Gender", "Site"), report)})
    names = sorted(LEAKY)
    alone = {names.index(n) for n in decided["Gender", "Site"]}
    raw = _raw(workforce, ("Gender", "Site"), report)
    apart_tables = [
        [None if g in alone else list(row) for g, row in enumerate(rows)] for _, rows in raw
    ]
    assert apart_tables[0][names.index(("F", "X"))] is not None
    apart = joint._replace(
        tables=apart_tables, small=[sum(raw[0][1][g]) < 5 for g in range(len(names))]
    )
    assert pinned(apart, 5)  # (F, Y) is F's counts less (F, X)'s


def _raw(
    workforce: Workforce, key: tuple[str, ...], report: object
) -> list[tuple[list[object], list[list[int]]]]:
    pool = report.fairness[0].pool  # type: ignore[attr-defined]
    return [
        selection_rows(workforce, key, pool),
        selection_rows(workforce, key, pool),
        moves_rows(workforce, workforce, [], key),
        timing_rows(workforce, key),
    ]
