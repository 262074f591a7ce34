"""Council statistics say what they are: named tests, bias-corrected effect sizes (issue 26)."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.stats import chi2_contingency
from scipy.stats.contingency import association

from apsperf import Severity, ValidationError
from apsperf.cli import main
from apsperf.segmentation import (
    AspirationCounts,
    AxisEffect,
    CalibrationCheck,
    CalibrationReport,
    CalibrationSession,
    Level,
    Placement,
    RaterEffect,
    Segment,
    Workforce,
    aspiration_compliance,
    calibrate,
    fairness,
    read_workforce,
    sample_calibration_paths,
)
from apsperf.segmentation.analysis._assessor_aspiration import aspiration_by_assessor
from apsperf.segmentation.analysis._fairness import _detectable, two_proportion_p
from apsperf.segmentation.analysis._raters import residual_threshold
from apsperf.segmentation.analysis._stats import bias_corrected_cramers_v, cramers_v
from apsperf.segmentation.render._calibration_workbook import write_calibration_xlsx
from apsperf.segmentation.render._pack import (
    calibration_pack_html,
    fairness_note,
    group_label,
    largest_residual,
)
from apsperf.segmentation.render._text import calibration_text, selection_sentence
from apsperf.segmentation.render._views import check_reading, check_sentence
from apsperf.serialization import from_json, to_json


def _bergsma(table: list[list[int]]) -> float:
    """Bergsma (2013)'s bias-corrected Cramér's V, written out from the paper's formulas."""
    n = sum(map(sum, table))
    r, k = len(table), len(table[0])
    chi2 = chi2_contingency(table, correction=False)[0]
    phi2 = chi2 / n
    phi2_tilde = max(0.0, phi2 - (k - 1) * (r - 1) / (n - 1))
    r_tilde = r - (r - 1) ** 2 / (n - 1)
    k_tilde = k - (k - 1) ** 2 / (n - 1)
    return min(1.0, math.sqrt(phi2_tilde / min(k_tilde - 1, r_tilde - 1)))


_TABLES = st.integers(2, 5).flatmap(
    lambda rows: st.integers(2, 9).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(1, 60), min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=200, deadline=None)
@given(_TABLES)
def test_the_bias_corrected_v_is_bergsmas(table: list[list[int]]) -> None:
    n = sum(map(sum, table))
    chi2 = chi2_contingency(table, correction=False)[0]
    rows, columns = len(table), len(table[0])
    assert cramers_v(chi2, n, rows, columns) == pytest.approx(
        association(table, method="cramer", correction=False), abs=1e-12
    )
    assert bias_corrected_cramers_v(chi2, n, rows, columns) == pytest.approx(
        _bergsma(table), abs=1e-12
    )


def test_with_no_effect_the_corrected_v_is_near_zero_for_a_small_group() -> None:
    # Five people among thirty, placed exactly as everyone else: no effect at all.
    table = [[1, 2, 1, 1], [5, 10, 5, 5]]
    chi2 = chi2_contingency(table, correction=False)[0]
    assert bias_corrected_cramers_v(chi2, 30, 2, 4) == 0.0


def _check(test: str) -> CalibrationCheck:
    return CalibrationCheck(
        test=test,
        statistic=12.5,
        degrees_of_freedom=8,
        p_value=0.01,
        effect_size=0.21,
        observed=((1, 2), (3, 4)),
        expected=((1.0, 2.0), (3.0, 4.0)),
        row_labels=("a", "b"),
        column_labels=("x", "y"),
    )


def test_an_exact_test_is_named_as_an_exact_test_of_independence() -> None:
    sentence = check_sentence(_check("exact"))
    reading = check_reading(_check("exact"), column="Assessor")
    assert sentence.startswith("Exact test of independence (Freeman-Halton): 12.50")
    assert "Bias-corrected Cramér's V (Bergsma 2013), the effect size: 0.210." in sentence
    for wrong in ("goodness-of-fit", "Cohen", "expected shape"):
        assert wrong not in sentence and wrong not in reading
    assert reading.startswith("Placements differ by assessor more than chance")


def test_a_goodness_of_fit_check_keeps_its_own_words() -> None:
    sentence = check_sentence(_check("goodness-of-fit"))
    assert sentence.startswith("Chi-square goodness-of-fit test: 12.50")
    assert "Cohen's w, the effect size: 0.210." in sentence
    assert "expected shape" in check_reading(_check("goodness-of-fit"))
    assert check_reading(_check("something else")) == ""
    assert "goodness" not in check_sentence(_check("something else"))


# -- residuals: named only past the nine-cell threshold -----------------------------------


def test_a_residual_is_named_only_past_bonferronis_threshold_for_nine_cells() -> None:
    assert residual_threshold() == pytest.approx(stats.norm.isf(0.05 / 18), abs=1e-12)
    performance = AxisEffect(axis="performance", counts=(0, 0, 1))
    potential = AxisEffect(axis="potential", counts=(0, 0, 1))

    def effect(residuals: tuple[float, ...]) -> RaterEffect:
        return RaterEffect(
            assessor="M1",
            people=1,
            segments=(1,) + (0,) * 8,
            performance=performance,
            potential=potential,
            flagged=True,
            residuals=residuals,
        )

    assert largest_residual(effect((2.5,) + (0.0,) * 8)) == "no one segment beyond ±2.77"
    assert largest_residual(effect((0.0, -3.1) + (0.0,) * 7)) == "High Achiever (-3.1)"
    assert largest_residual(effect(())) == "-"


# -- the four-fifths screen ----------------------------------------------------------------


def _workforce(groups: dict[str, tuple[int, int]]) -> Workforce:
    """Each group's (selected into the pool, not selected) people."""
    people = []
    for name, (chosen, other) in groups.items():
        people += [(name, Segment.TOP_TALENT)] * chosen + [(name, Segment.WELL_PLACED)] * other
    return Workforce.from_placements(
        Placement(
            employee_id=f"E{n}",
            performance=s.performance,
            potential=s.potential,
            groups={"Gender": g},
        )
        for n, (g, s) in enumerate(people)
    )


_GROUPS = st.dictionaries(
    st.sampled_from(["A", "B", "C", "D", "E", ""]),
    st.tuples(st.integers(0, 40), st.integers(0, 40)).filter(lambda t: sum(t) >= 5),
    min_size=2,
)


@settings(max_examples=60, deadline=None)
@given(_GROUPS, st.sampled_from(["highest", "rest"]))
def test_the_screen_is_holm_adjusted_and_matches_scipy_and_statsmodels(
    groups: dict[str, tuple[int, int]], compare_with: str
) -> None:
    multipletests = pytest.importorskip("statsmodels.stats.multitest").multipletests
    check = fairness(_workforce(groups), "Gender", min_cell=3, compare_with=compare_with)
    assert check.comparison == compare_with
    everyone = sum(map(sum, groups.values()))
    chosen = sum(a for a, _ in groups.values())
    reference = [g for g in check.groups if g.reference]
    assert all(g.value != "" for g in reference)  # the blank group is never the reference
    compared = [g for g in check.groups if g.adjusted_p_value is not None]
    for g in compared:
        a, n1 = groups[g.value][0], sum(groups[g.value])
        if compare_with == "rest":
            c, n2 = chosen - a, everyone - n1
        else:
            (ref,) = reference
            c, n2 = groups[ref.value][0], sum(groups[ref.value])
        table = [[a, n1 - a], [c, n2 - c]]
        if g.test == "exact":
            expected = stats.fisher_exact(table).pvalue
        elif g.test == "chi-square":
            expected = stats.chi2_contingency(table, correction=False).pvalue
        else:
            expected = 1.0
        assert g.p_value == pytest.approx(expected, rel=1e-6, abs=1e-12)
        assert (
            g.flagged == (Fraction(a * n2, n1 * c) < Fraction(4, 5) if c else False)
            and (g.adjusted_p_value < 0.05)
        ) or not g.flagged
    if compared:
        holm = multipletests([g.p_value for g in compared], method="holm")[1]
        got = [g.adjusted_p_value for g in compared]
        assert got == pytest.approx(list(holm), rel=1e-9, abs=1e-12)
    assert check.compared == len(compared)
    for g in check.groups:
        if g.suppressed or g.flagged or g.reference:
            assert g.detectable_ratio is None and not g.undetectable


@settings(max_examples=60, deadline=None)
@given(st.integers(5, 60), st.integers(1, 60), st.integers(5, 120), st.integers(1, 6))
def test_the_detectable_ratio_is_the_highest_ratio_that_would_be_flagged(
    people: int, top: int, top_people: int, tests: int
) -> None:
    top = min(top, top_people)
    level = 0.05 / tests
    found = _detectable(people, top, top_people, level)
    flagged = [
        count
        for count in range(people + 1)
        if 5 * count * top_people < 4 * top * people
        and two_proportion_p(count, people, top, top_people)[1] < level
    ]
    most = max((c for c in range(people + 1) if 5 * c * top_people < 4 * top * people), default=-1)
    if not flagged:
        assert found == "none"
    elif max(flagged) == most:
        assert found == "large"
    else:
        assert found == pytest.approx((max(flagged) / people) / (top / top_people))


def test_a_small_unflagged_group_says_what_it_could_show_and_a_hidden_one_says_nothing() -> None:
    check = fairness(
        _workforce(
            {"A": (60, 40), "B": (5, 7), "C": (1, 2), "D": (30, 30), "E": (5, 5), "F": (1, 1)}
        ),
        "Gender",
    )
    by = {g.value: g for g in check.groups}
    assert by["A"].reference
    assert not by["B"].flagged and by["B"].detectable_ratio is not None
    assert by["B"].detectable_ratio < 0.8
    assert by["C"].suppressed and by["C"].detectable_ratio is None
    text = selection_sentence(by["B"], check.min_cell)
    assert f"only a ratio of {by['B'].detectable_ratio:.3f} or less could be flagged" in text
    assert "could be flagged" not in selection_sentence(by["C"], check.min_cell)


def test_the_comparison_is_chosen_and_checked() -> None:
    workforce = _workforce({"A": (60, 40), "B": (20, 80), "C": (55, 45)})
    rest = fairness(workforce, "Gender", compare_with="rest")
    assert not any(g.reference for g in rest.groups)
    b = next(g for g in rest.groups if g.value == "B")
    assert b.impact_ratio == pytest.approx(0.2 / (115 / 200))
    with pytest.raises(ValidationError) as raised:
        fairness(workforce, "Gender", compare_with="lowest")
    assert raised.value.path == "compare_with"


def test_a_blank_group_is_not_stated_and_never_the_reference() -> None:
    check = fairness(_workforce({"": (40, 0), "A": (20, 20), "B": (10, 30)}), "Gender")
    by = {g.value: g for g in check.groups}
    assert by["A"].reference and not by[""].reference
    assert group_label("") == "not stated (blank)"
    assert "never the blank group" in fairness_note(check)
    aspiration = aspiration_compliance(_workforce({"": (3, 3), "A": (5, 5)}), by="Gender")
    assert [g.value for g in aspiration.groups] == ["", "A"]


def test_every_format_says_where_the_pool_and_the_rule_come_from(tmp_path: Path) -> None:
    report = _report(fairness_by=["Gender"])
    text = " ".join(calibration_text(report).split())
    page = calibration_pack_html(report)
    for shown in (text, " ".join(html.unescape(page).split())):
        assert "apsperf's default pool; no source document defines one" in shown
        assert "29 CFR 1607.4(D)" in shown and "not from any APS source document" in shown
        assert "Holm's method" in shown
    openpyxl = pytest.importorskip("openpyxl")
    path = write_calibration_xlsx(report, tmp_path / "c.xlsx")
    cells = [
        str(c)
        for sheet in openpyxl.load_workbook(path).worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    joined = " ".join(cells)
    assert "no source document defines one" in joined and "29 CFR 1607.4(D)" in joined
    assert "same day" in joined.lower()


# -- aspiration first: the same day apart, and by assessor --------------------------------


def _report(**options: Any) -> CalibrationReport:
    proposed = read_workforce(sample_calibration_paths()[0])
    return calibrate(proposed, CalibrationSession.start(proposed), **options)


def _dated(rows: list[tuple[str, dt.date | None, dt.date | None]]) -> Workforce:
    return Workforce.from_placements(
        Placement(
            employee_id=f"E{n}",
            performance=Level.HIGH,
            potential=Level.HIGH,
            assessed_by=assessor,
            aspiration_conversation_on=conversation,
            assessed_on=assessed,
        )
        for n, (assessor, conversation, assessed) in enumerate(rows)
    )


def test_same_day_conversations_are_counted_apart_everywhere() -> None:
    day = dt.date(2026, 8, 1)
    early, late = day - dt.timedelta(days=2), day + dt.timedelta(days=2)
    workforce = _dated(
        [("M1", early, day), ("M1", day, day), ("M2", late, day), ("M2", late, day)]
        + [("M3", early, day)] * 3
    )
    overall = aspiration_compliance(workforce).overall
    assert (overall.before, overall.same_day, overall.after) == (4, 1, 2)
    by_assessor = aspiration_by_assessor(workforce)
    assert list(by_assessor.assessor) == ["M2", "M1", "M3"]  # after the assessment first
    assert by_assessor.find("M1") == AspirationCounts(
        value="M1", people=2, before=1, same_day=1, after=0, missing=0, unknown=0
    )
    assert by_assessor.holding_after == 1
    report = calibrate(workforce, CalibrationSession.start(workforce))
    assert report.aspiration_by_assessor == by_assessor
    text = " ".join(calibration_text(report).split())
    assert "4 before the assessment day, 1 on the day itself" in text
    assert "M2: 2 of 2 after the assessment" in text
    page = calibration_pack_html(report)
    assert "Same day" in page and "By assessor" in page
    assert from_json(CalibrationReport, to_json(report)) == report


_WHEN = st.one_of(st.none(), st.dates(dt.date(2026, 7, 1), dt.date(2026, 7, 8)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            # Assessors written more than one way read as one (NFC, invisible characters).
            st.sampled_from(["M1", "M2", "Jos\u00e9", "Jose\u0301", "\ufeffJos\u00e9", ""]),
            _WHEN,
            _WHEN,
        ),
        max_size=40,
    )
)
def test_aspiration_by_assessor_counts_each_person_once_by_assessor_read(
    rows: list[tuple[str, dt.date | None, dt.date | None]],
) -> None:
    text = "Employee ID,Performance,Potential,Assessed by,Assessment date,"
    text += "Aspiration conversation date\n"
    text += "".join(
        f"E{n},High,Low,{who},{on or ''},{talk or ''}\n" for n, (who, talk, on) in enumerate(rows)
    )
    workforce = read_workforce(io.StringIO(text))
    expected: dict[str, list[int]] = {}
    for placement in workforce.placements():
        if not placement.assessed_by:
            continue  # people with no assessor are left out
        talk, on = placement.aspiration_conversation_on, placement.assessed_on
        timing = (
            "missing"
            if talk is None
            else "unknown"
            if on is None
            else "same_day"
            if talk == on
            else "before"
            if talk < on
            else "after"
        )
        counts = expected.setdefault(placement.assessed_by, [0] * 5)
        counts[["before", "same_day", "after", "missing", "unknown"].index(timing)] += 1
    found = aspiration_by_assessor(workforce)
    assert {
        a.value: [a.before, a.same_day, a.after, a.missing, a.unknown] for a in found
    } == expected
    assert len(found) == len(expected)  # each assessor once, however it was written
    afters = [a.after for a in found]
    assert afters == sorted(afters, reverse=True)  # conversations after the assessment first


def test_assessors_are_normalised_as_identifiers_and_the_merge_reported() -> None:
    proposed = read_workforce(
        io.StringIO(
            "Employee ID,Performance,Potential,Assessed by\n"
            "E1,High,High,Jos\u00e9\nE2,Low,Low,Jose\u0301\nE3,Low,High,\ufeffJos\u00e9 \n"
            "E4,High,Low,M2\n"
        )
    )
    report = calibrate(proposed, CalibrationSession.start(proposed))
    assert list(report.rater_effects.assessor) == ["José", "M2"] or set(
        report.rater_effects.assessor
    ) == {"José", "M2"}
    assert report.rater_effects.find("José").people == 3  # type: ignore[union-attr]
    (merged,) = [f for f in report.findings if f.code == "assessor-merged"]
    assert "1 assessors are written in more than one way" in merged.message
    assert merged.severity is Severity.INFO


def test_calibrate_compares_with_the_rest_of_the_workforce_on_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["calibrate", "--sample", "--fairness-compare", "rest", "--format", "json"]
    assert main(argv) == 0
    document = json.loads(capsys.readouterr().out)
    (check,) = document["fairness"]
    assert check["comparison"] == "rest" and not any(g["reference"] for g in check["groups"])
    assert document["aspiration_by_assessor"]["assessor"]
    with pytest.raises(SystemExit) as refused:
        main(["calibrate", "--sample", "--fairness-compare", "lowest"])
    assert refused.value.code == 2
