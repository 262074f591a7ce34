"""Statistics over cycles (symmetry, rates, pool trend, chance alone) against statsmodels."""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import random
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("statsmodels")  # the test extra's reference implementation
import html

from scipy import stats
from statsmodels.stats.contingency_tables import SquareTable, Table
from statsmodels.stats.proportion import proportion_confint

from apsperf.errors import ValidationError
from apsperf.segmentation import (
    History,
    Pattern,
    Segment,
    TransitionRates,
    Workforce,
    history,
    history_html,
    read_workforce,
    transition_rates,
)
from apsperf.segmentation.analysis._history import _ABSENT, _CHAIN, _patterns_of
from apsperf.segmentation.analysis._trends import (
    Rate,
    axis_table,
    bowker,
    cochran_armitage,
    expected_counts,
    stuart_maxwell,
    wilson_interval,
)
from apsperf.segmentation.render._history_text import history_text, rate_text
from apsperf.segmentation.render._history_workbook import history_workbook
from apsperf.serialization import from_json, to_json

SEEDS = range(40)


def _square(rng: random.Random, k: int = 3) -> list[list[int]]:
    return [[rng.choice([0, 1, 2, 5, 9, 30, 120]) for _ in range(k)] for _ in range(k)]


@pytest.mark.parametrize("seed", SEEDS)
def test_stuart_maxwell_matches_statsmodels(seed: int) -> None:
    table = _square(random.Random(seed))
    statistic, df = stuart_maxwell(table)
    assert df == 2
    with np.errstate(all="ignore"):
        try:
            reference = SquareTable(np.array(table, dtype=float), shift_zeros=False).homogeneity()
        except np.linalg.LinAlgError:
            reference = None
    if statistic is None:
        # Singular covariance: statsmodels fails or returns nothing usable.
        assert (
            reference is None
            or not np.isfinite(reference.statistic)
            or (abs(reference.statistic) > 1e8)
        )
        return
    assert reference is not None
    assert statistic == pytest.approx(reference.statistic, rel=1e-9, abs=1e-9)
    assert reference.df == df


@pytest.mark.parametrize("seed", SEEDS)
def test_bowker_matches_statsmodels(seed: int) -> None:
    table = _square(random.Random(1000 + seed))
    statistic, df = bowker(table)
    reference = SquareTable(np.array(table), shift_zeros=False).symmetry()
    pairs = [(i, j) for i in range(3) for j in range(i + 1, 3) if table[i][j] + table[j][i]]
    assert df == len(pairs)  # statsmodels always counts 3 pairs: a pair nobody moved adds 0
    if statistic is None:
        assert reference.statistic == pytest.approx(0)
        return
    assert statistic == pytest.approx(reference.statistic, rel=1e-9)
    if df == 3:
        assert stats.chi2.sf(statistic, df) == pytest.approx(reference.pvalue, rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_wilson_intervals_match_statsmodels(seed: int) -> None:
    rng = random.Random(seed)
    total = rng.choice([1, 2, 7, 40, 1000])
    count = rng.randint(0, total)
    low, high = proportion_confint(count, total, alpha=0.05, method="wilson")
    assert wilson_interval(count, total) == pytest.approx((low, high), abs=1e-12)
    assert wilson_interval(0, 0) is None


@pytest.mark.parametrize("seed", SEEDS)
def test_cochran_armitage_matches_statsmodels(seed: int) -> None:
    rng = random.Random(seed)
    cycles = rng.randint(2, 6)
    people = [rng.randint(0, 60) for _ in range(cycles)]
    selected = [rng.randint(0, n) for n in people]
    z, p = cochran_armitage(selected, people)
    total = sum(people)
    share = sum(selected) / total if total else 0
    used = [i for i, n in enumerate(people) if n]
    if len(used) < 2 or share in (0, 1):
        assert (z, p) == (None, None)
        return
    assert z is not None and p is not None
    # statsmodels' ordinal association uses the permutation variance (N - 1 in place of N).
    table = np.array([[selected[i], people[i] - selected[i]] for i in used], dtype=float)
    reference = Table(table, shift_zeros=False).test_ordinal_association(
        row_scores=np.array(used, dtype=float), col_scores=np.array([1.0, 0.0])
    )
    assert z * math.sqrt((total - 1) / total) == pytest.approx(reference.zscore, rel=1e-9)
    # The direct formula, as R's prop.trend.test computes it.
    scores = np.array(used, dtype=float)
    n = np.array([people[i] for i in used], dtype=float)
    x = np.array([selected[i] for i in used], dtype=float)
    t = float(np.sum(scores * (x - n * share)))
    variance = share * (1 - share) * float(np.sum(n * scores**2) - np.sum(n * scores) ** 2 / total)
    assert z == pytest.approx(t / math.sqrt(variance), rel=1e-9)
    assert p == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)


def test_the_axis_tables_add_up_the_segment_matrix() -> None:
    rng = random.Random(7)
    matrix = [[rng.randint(0, 9) for _ in range(9)] for _ in range(9)]
    for axis in ("performance", "potential"):
        table = axis_table(matrix, axis)
        assert sum(map(sum, table)) == sum(map(sum, matrix))
        level = [getattr(s, axis).rank - 1 for s in Segment]
        for i, j in itertools.product(range(3), repeat=2):
            assert table[i][j] == sum(
                matrix[a][b] for a in range(9) for b in range(9) if (level[a], level[b]) == (i, j)
            )


@pytest.mark.parametrize("seed", range(12))
def test_chance_alone_matches_enumerating_every_trajectory(seed: int) -> None:
    rng = random.Random(seed)
    states = _ABSENT + 1
    cycles = rng.choice([2, 3, 4])
    first = [rng.choice([0, 0, 1, 3, 8]) for _ in range(states)]
    first[rng.randrange(9)] += 5
    transitions = [
        [[rng.choice([0, 0, 1, 2, 6]) for _ in range(states)] for _ in range(states)]
        for _ in range(cycles - 1)
    ]
    found = expected_counts(first, transitions, {p.value: _CHAIN[p] for p in Pattern})
    people = sum(first)
    brute = dict.fromkeys(Pattern, 0.0)
    rates = [[[c / sum(row) if sum(row) else 0.0 for c in row] for row in m] for m in transitions]
    for path in itertools.product(range(states), repeat=cycles):
        chance = first[path[0]] / people
        for t, (a, b) in enumerate(itertools.pairwise(path)):
            chance *= rates[t][a][b]
        if chance:
            for pattern in _patterns_of(bytes(path)):
                brute[pattern] += people * chance
    for pattern in Pattern:
        value = found[pattern.value]
        if pattern is Pattern.UP_EVERY_CYCLE and cycles < 3:
            assert brute[pattern] == 0  # the pattern itself needs three cycles
            continue
        assert value == pytest.approx(brute[pattern], rel=1e-9, abs=1e-12)


HEADER = "Employee ID,Performance,Potential,Gender\n"


def _cycle(rows: list[tuple[str, str, str, str]]) -> Workforce:
    return read_workforce(io.StringIO(HEADER + "".join(",".join(r) + "\n" for r in rows)))


def _random_cycles(seed: int, cycles: int = 4, people: int = 300) -> list[Workforce]:
    rng = random.Random(seed)
    levels = ("Low", "Moderate", "High")
    out = []
    for _ in range(cycles):
        rows = []
        for person in range(people):
            if rng.random() < 0.9:
                gender = "X" if person < 3 else rng.choice(["W", "M"])
                rows.append((f"E{person}", rng.choice(levels), rng.choice(levels), gender))
        out.append(_cycle(rows))
    return out


def test_a_history_carries_the_statistics_over_cycles() -> None:
    workforces = _random_cycles(3)
    result = history(workforces, by="gender")
    assert [(a.axis, a.earlier, a.later) for a in result.axes] == [
        (axis, str(i), str(i + 1)) for i in range(1, 4) for axis in ("performance", "potential")
    ]
    for axis, moved in zip(result.axes, [m for m in result.movements for _ in (0, 1)], strict=True):
        assert sum(map(sum, axis.table)) == moved.common
        assert axis.up.count + axis.stayed.count + axis.down.count == moved.common
        assert axis.up.people == moved.common
        low, high = proportion_confint(axis.up.count, moved.common, method="wilson")
        assert (axis.up.low, axis.up.high) == pytest.approx((low, high), abs=1e-12)
        reference = SquareTable(np.array(axis.table), shift_zeros=False).homogeneity()
        assert axis.homogeneity == pytest.approx(reference.statistic, rel=1e-9)
        assert axis.homogeneity_p_value == pytest.approx(reference.pvalue, rel=1e-6, abs=1e-12)
    for match in result.patterns:
        assert match.expected is not None and match.expected >= 0
    # The group of three is hidden in every cycle's table alike, with no trend statistic.
    trend = result.pool_trend
    assert trend is not None and trend.column == "Gender"
    hidden = [g for g in trend.groups if g.suppressed]
    assert [g.value for g in hidden] == ["X"] or {g.value for g in hidden} >= {"X"}
    for group in hidden:
        assert set(group.people) == set(group.selected) == set(group.shares) == {None}
        assert group.z is group.p_value is group.adjusted_p_value is None
    for group in trend.groups:
        if group.suppressed:
            continue
        selected = [s or 0 for s in group.selected]
        people = [n or 0 for n in group.people]
        z, _ = cochran_armitage(selected, people)
        assert group.z == z
        pool = {Segment.TOP_TALENT, Segment.HIGH_ACHIEVER, Segment.EMERGING_POTENTIAL}
        for cycle, workforce in enumerate(workforces):
            per = workforce.segment_counts_by("Gender")[group.value]
            assert people[cycle] == sum(per.values())
            assert selected[cycle] == sum(n for s, n in per.items() if s in pool)


def test_a_pool_trend_needs_the_column_in_every_cycle() -> None:
    from apsperf import ValidationError

    with pytest.raises(ValidationError, match="no grouping column"):
        history(_random_cycles(1, cycles=2, people=20), by="Division")


def test_stuart_maxwell_says_when_there_is_too_little_movement() -> None:
    assert stuart_maxwell([[5, 0, 0], [0, 7, 0], [0, 0, 9]]) == (None, 2)
    assert bowker([[5, 0, 0], [0, 7, 0], [0, 0, 9]]) == (None, 0)


HOSTILE_HEADER = "Employee ID,Name,Performance,Potential,Gender\n"


def _hostile_cycle(rows: list[tuple[str, str, str, str, str]]) -> Workforce:
    text = "".join(",".join(f'"{c}"' for c in row) + "\n" for row in rows)
    return read_workforce(io.StringIO(HOSTILE_HEADER + text))


def _concern_twice(people: int) -> list[Workforce]:
    rows = [
        (f"E{n}", f"=HYPERLINK({n}) <b>Person {n}</b>", "Low", "Low", "<i>W</i>")
        for n in range(1, people + 1)
    ]
    return [_hostile_cycle(rows), _hostile_cycle(rows)]


def test_the_page_shows_each_pattern_readably_escaped_and_paged() -> None:
    from apsperf.segmentation import history_html

    result = history(_concern_twice(12), labels=["<script>2025</script>", "2026"], by="Gender")
    page = history_html(result, rows_per_pattern=5)
    assert "<script>" not in page and "&lt;script&gt;2025&lt;/script&gt;" in page
    assert "<b>Person" not in page and "&lt;b&gt;Person 1&lt;/b&gt;" in page
    for pattern in Pattern:
        assert pattern.label in page and pattern.definition in page
    # Sorted as people read identifiers, at most 5 rows, the rest pointed to the export.
    people = page.split('id="strongest-concern-consecutive"')[1].split("</section>")[0]
    shown = [f"<th>E{n}</th>" for n in (1, 2, 3, 4, 5)]
    assert all(cell in people for cell in shown)
    assert [people.index(cell) for cell in shown] == sorted(people.index(c) for c in shown)
    assert "<th>E10</th>" not in people and "<th>E6</th>" not in people
    assert "7 more are not shown" in people and "--csv FILE or --xlsx FILE" in people
    assert "Strongest Concern" in people and ">Name<" in people
    # The --by column never sits beside a person.
    assert ">Gender<" not in people and "&lt;i&gt;W&lt;/i&gt;" not in people
    assert "12</strong> people show it" in people


def test_the_per_person_exports_carry_the_latest_files_columns(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from apsperf.segmentation import write_history_xlsx, write_trajectories_csv

    result = history(_concern_twice(3), labels=["Name", "2026"])
    buffer = io.StringIO()
    write_trajectories_csv(result, buffer)
    lines = buffer.getvalue().splitlines()
    # A file column named like a computed one is renamed, never mixed up with it.
    assert lines[0] == "employee_id,Name,2026,Name (latest file),Gender"
    first = next(csv.reader([lines[1]]))
    assert first[:3] == ["E1", "Strongest Concern", "Strongest Concern"]
    assert first[3].endswith("=HYPERLINK(1) <b>Person 1</b>") and first[3][0] != "="
    assert first[4] == "<i>W</i>"
    path = write_history_xlsx(result, tmp_path / "people.xlsx")
    book = openpyxl.load_workbook(path)
    rows = list(book["people"].iter_rows(values_only=True))
    assert rows[0] == ("employee_id", "Name", "2026", "Name (latest file)", "Gender")
    assert rows[1][3] == "=HYPERLINK(1) <b>Person 1</b>"
    assert book["people"]["D2"].data_type == "s"
    assert len(rows) == 4
    about = [r[0] for r in book["about"].iter_rows(values_only=True)]
    assert "Contains" in about


def test_history_by_a_column_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from apsperf.cli import main

    files = []
    for index, workforce_cycle in enumerate(_random_cycles(5, cycles=3, people=120)):
        path = tmp_path / f"cycle{index}.csv"
        rows = [HEADER.strip()] + [
            f"{p.employee_id},{p.performance.label},{p.potential.label},{g}"
            for p, g in zip(
                workforce_cycle.placements(), workforce_cycle.group_values("Gender"), strict=True
            )
        ]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        files.append(str(path))
    page, book = tmp_path / "h.html", tmp_path / "h.xlsx"
    written = ["--html", str(page), "--xlsx", str(book)]
    assert main(["history", *files, "--by", "gender", *written]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "Talent-pool share by Gender" in printed and "Cochran-Armitage" in printed
    assert "apsperf's default pool" in printed and "Stuart-Maxwell" in printed
    text = page.read_text("utf-8")
    assert "Talent-pool share by Gender" in text and "Wilson" in text
    assert book.stat().st_size > 0
    assert main(["history", *files, "--by", "gender", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    groups = {g["value"]: g for g in document["pool_trend"]["groups"]}
    assert groups["X"]["suppressed"] and groups["X"]["people"] == [None, None, None]
    assert groups["X"]["z"] is None
    assert len(document["axes"]) == 4 and document["patterns"][0]["expected"] is not None
    # A column that is not in every file is refused, naming it and the file without it.
    assert main(["history", *files, "--by", "Division"]) == 2
    error = capsys.readouterr().err
    assert "Division" in error and f"error: {files[0]}: header: " in error
    lacking = tmp_path / "lacking.csv"
    lacking.write_text(Path(files[0]).read_text("utf-8").replace(",Gender", ",Sex"), "utf-8")
    assert main(["history", files[0], str(lacking), files[2], "--by", "gender"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"error: {lacking}: header: " in error
    assert main(["history", *files, "--by", "Gender", "--people-columns", "gender"]) == 2
    assert "--people-columns" in capsys.readouterr().err
    assert main(["history", *files, "--min-cell", "2"]) == 2


def test_a_small_group_is_hidden_in_every_cycles_table_alike() -> None:
    # Three people in group "S" in every cycle; in the second cycle one more: 4 < 5 still.
    cycles = []
    for extra in (0, 1, 0):
        rows = [(f"S{n}", "High", "High", "S") for n in range(3 + extra)]
        rows += [(f"B{n}", "Low" if n % 3 else "High", "High", "B") for n in range(40)]
        rows += [(f"C{n}", "Moderate", "High" if n % 2 else "Low", "C") for n in range(30)]
        rows += [(f"D{n}", "High", "Moderate" if n % 4 else "Low", "D") for n in range(25)]
        cycles.append(_cycle(rows))
    result = history(cycles, by="Gender")
    trend = result.pool_trend
    assert trend is not None
    hidden = {g.value for g in trend.groups if g.suppressed}
    assert "S" in hidden and len(hidden) >= 2  # one hidden group alone would be worked out
    for group in trend.groups:
        if group.value in hidden:
            assert group.people == group.selected == group.shares == (None, None, None)
            assert group.z is None and group.p_value is None
        else:
            assert None not in group.people and group.z is not None
    from apsperf.segmentation import history_html
    from apsperf.serialization import from_json, to_json

    assert from_json(type(result), to_json(result)) == result
    page = history_html(result)
    shown = page.split("Talent-pool share by Gender")[1]
    for value in hidden:
        row = shown.split(f"<th>{value}</th>")[1].split("</tr>")[0]
        assert "%" not in row and "hidden" in row


@pytest.mark.slow  # integer programming: about a second a seed
@pytest.mark.parametrize("seed", range(20))
def test_no_cycles_table_pins_a_hidden_group(seed: int) -> None:
    """An interval attacker (integer programming over each cycle's shown table and overall
    counts) finds no hidden size or count pinned more closely than the threshold allows."""
    from tests.segmentation.disclosure_attacker import Output, pinned

    rng = random.Random(seed)
    min_cell = 5
    kinds = [rng.choice(["small", "big", "big"]) for _ in range(rng.randint(2, 5))]
    counts = []
    for _ in range(3):
        cycle = {}
        for g, kind in enumerate(kinds):
            people = rng.randint(1, 4) if kind == "small" else rng.randint(5, 40)
            cycle[f"G{g}"] = (rng.randint(0, people), people)
        counts.append(cycle)
    from apsperf.segmentation.analysis._trends import pool_trend

    trend = pool_trend("Group", counts, (Segment.TOP_TALENT,), min_cell=min_cell)
    order = [group.value for group in trend.groups]
    for t, cycle in enumerate(counts):
        tables = [
            [
                None
                if group.suppressed
                else [group.selected[t], group.people[t] - group.selected[t]]
                for group in trend.groups
            ]
        ]
        totals = [[sum(cycle[v][0] for v in order), sum(cycle[v][1] - cycle[v][0] for v in order)]]
        output = Output(tables=tables, totals=totals, small=[g.small for g in trend.groups])
        assert pinned(output, min_cell) == [], (seed, t)


@pytest.mark.parametrize("seed", range(8))
def test_transition_rates_are_each_rows_shares_with_wilson_intervals(seed: int) -> None:
    result = history(_random_cycles(seed, cycles=2 + seed % 3))
    assert [(t.earlier, t.later) for t in result.transitions] == list(
        itertools.pairwise(result.cycles)
    )
    for transitions, moved in zip(result.transitions, result.movements, strict=True):
        for i, row in enumerate(transitions.rates):
            people = sum(moved.matrix[i])
            assert transitions.row(list(Segment)[i]) == row
            for j, rate in enumerate(row):
                assert (rate.count, rate.people) == (moved.matrix[i][j], people)
                if not people:
                    assert rate.share is rate.low is rate.high is None
                    continue
                low, high = proportion_confint(rate.count, people, alpha=0.05, method="wilson")
                assert (rate.low, rate.high) == pytest.approx((low, high), abs=1e-12)
                assert rate.share == pytest.approx(moved.matrix[i][j] / people, abs=1e-15)
            if people:
                assert math.fsum(r.share or 0.0 for r in row) == pytest.approx(1.0)


def test_transition_rates_refuse_rows_that_do_not_add_up() -> None:
    good = transition_rates([[1] * 9 for _ in range(9)], earlier="a", later="b")
    rows = [list(row) for row in good.rates]
    rows[2][3] = Rate.of(5, 9)
    with pytest.raises(ValidationError, match="adding up"):
        TransitionRates(earlier="a", later="b", rates=rows)
    with pytest.raises(ValidationError, match="9 rows"):
        TransitionRates(earlier="a", later="b", rates=good.rates[:8])


def test_transition_rates_reach_every_format(tmp_path: Path) -> None:
    result = history(_random_cycles(3))
    first = result.transitions[0]
    top = first.row(Segment.TOP_TALENT)[0]
    assert top.people, "the random cycles have somebody in Top Talent"
    text = history_text(result)
    assert f"Top Talent ({top.people:,}): {rate_text(top)}" in text
    page = history_html(result)
    assert "Transition rates" in page and html.escape(rate_text(top)) in page
    document = json.loads(to_json(result))
    assert document["transitions"][0]["rates"][0][0]["count"] == top.count
    assert from_json(History, to_json(result)).transitions == result.transitions
    pytest.importorskip("openpyxl")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(history_workbook(result)))
    rows = [tuple(r)[:9] for r in book["about"].iter_rows(values_only=True)]
    found = [r for r in rows if r[:4] == (first.earlier, first.later, "Top Talent", "Top Talent")]
    assert len(found) == 1
    assert found[0][4:6] == (top.count, top.people)
    assert found[0][6:] == pytest.approx((top.share, top.low, top.high), rel=1e-12)


def test_a_group_a_review_shows_but_for_a_pool_count_is_hidden_in_the_trend() -> None:
    """Its share of the pool less the pool counts the review shows would be the hidden one."""
    from apsperf.segmentation import Placement, review

    def cycle(top_talent_in_a: int) -> Workforce:
        people = []
        for group in "ABC":
            counts = {s: 20 for s in Segment}
            counts[Segment.STRONGEST_CONCERN] = 8  # the fewest: the column that protects
            if group == "A":
                counts[Segment.TOP_TALENT] = top_talent_in_a
            for segment, count in counts.items():
                for n in range(count):
                    people.append(
                        Placement(
                            employee_id=f"{group}-{segment.value}-{n}",
                            performance=segment.performance,
                            potential=segment.potential,
                            groups={"Gender": group},
                        )
                    )
        return Workforce.from_placements(people)

    cycles = [cycle(20), cycle(2)]
    reviewed = review(cycles[1], by="Gender").breakdown("Gender")
    shown_a = next(h for h in reviewed.hidden if h.value == "A")
    assert shown_a.size is not None and shown_a.count(Segment.TOP_TALENT) is None
    assert shown_a.count(Segment.STRONGEST_CONCERN) is None  # hidden beside it
    assert shown_a.count(Segment.HIGH_ACHIEVER) == shown_a.count(Segment.EMERGING_POTENTIAL) == 20
    # A's share of the pool would be 2 + 20 + 20 of 162: Top Talent would be pinned at 2.
    trend = history(cycles, by="Gender").pool_trend
    assert trend is not None
    group_a = next(g for g in trend.groups if g.value == "A")
    assert group_a.suppressed and group_a.selected == (None, None)
    # and a group hidden with it, so that A's trend is not the rest's less the shown
    assert sum(g.suppressed for g in trend.groups) >= 2
