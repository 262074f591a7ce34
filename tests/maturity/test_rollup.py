from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import xml.etree.ElementTree as ET

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf._csvsafe import ROW_BREAKS
from apsperf.maturity import (
    Aggregation,
    Element,
    ElementRating,
    MaturityLevel,
    MaturityScale,
    ReportFormat,
    Rollup,
    SelfAssessment,
    default_scale,
    load_samples,
    render_agencies_csv,
    render_chart_svg,
    render_distribution_csv,
    render_html,
    render_markdown,
    render_report,
    rollup,
)
from apsperf.maturity.analysis._notices import synthetic_notice
from apsperf.serialization import from_json, to_json
from apsperf.testing._maturity import rollups, self_assessments

D = dt.date
MAY = D(2024, 5, 1)
AGENCY_LISTS = st.lists(self_assessments(), max_size=6, unique_by=lambda a: a.agency.casefold())


def agency(name: str, levels: tuple[int, ...], on: dt.date = MAY) -> SelfAssessment:
    return SelfAssessment(
        agency=name,
        assessed_on=on,
        ratings=tuple(
            ElementRating(element=e, level=level) for e, level in zip(Element, levels, strict=False)
        ),
    )


AGENCIES = (
    agency("Office of Examples", (3, 3, 4, 3, 3)),
    agency("Bureau of Samples", (1, 2, 3, 4, 5)),
    agency("Department of Drafts", (4, 4, 2)),
)


def test_distribution_per_element() -> None:
    result = rollup(AGENCIES)
    assert result.agency_count == 3
    assert result.level_names == ("Awareness", "General acceptance", "Defined", "Managed", "Leader")
    assert result.distribution(Element.EXPECTATIONS).counts == (1, 0, 1, 1, 0)
    development = result.distribution(Element.DEVELOPMENT)
    assert development.counts == (0, 0, 1, 1, 0)
    assert development.not_rated == 1
    assert development.total == 3


def test_agencies_below_the_threshold_on_any_element() -> None:
    result = rollup(AGENCIES, below=3)
    assert [(b.agency, b.elements, b.lowest) for b in result.below_threshold] == [
        ("Bureau of Samples", (Element.EXPECTATIONS, Element.PERFORMANCE_ASSESSMENTS), 1),
        ("Department of Drafts", (Element.REWARD_AND_RECOGNITION,), 2),
    ]
    assert [b.agency for b in rollup(AGENCIES, below=4).below_threshold] == [
        "Bureau of Samples",
        "Department of Drafts",
        "Office of Examples",
    ]
    assert rollup(AGENCIES, below=1).below_threshold == ()


def test_agency_lines_are_sorted_with_aggregates_only_when_complete() -> None:
    result = rollup(AGENCIES, rule=Aggregation.MEAN)
    lines = {s.agency: s for s in result.agencies}
    assert [s.agency for s in result.agencies] == sorted(lines)
    assert lines["Bureau of Samples"].overall == 3.0
    assert lines["Bureau of Samples"].weakest_link == 1
    drafts = lines["Department of Drafts"]
    assert drafts.levels == (4, 4, 2, None, None)
    assert (drafts.overall, drafts.weakest_link, drafts.mean) == (None, None, None)
    assert not drafts.complete
    assert drafts.missing_elements == (Element.DEVELOPMENT, Element.UNSATISFACTORY_PERFORMANCE)


def test_the_latest_self_assessment_of_an_agency_counts() -> None:
    older = agency("Office of Examples", (1, 1, 1, 1, 1), D(2024, 2, 1))
    newer = agency("office of examples", (2, 2, 2, 2, 2), D(2024, 6, 1))
    for order in ((older, newer), (newer, older)):
        result = rollup(order)
        assert result.agency_count == 1
        assert result.agencies[0].levels == (2, 2, 2, 2, 2)


def test_two_self_assessments_on_one_day_are_an_error() -> None:
    with pytest.raises(ValidationError) as info:
        rollup([AGENCIES[0], AGENCIES[1], AGENCIES[0]])
    assert info.value.path == "assessments[2]"


def test_levels_off_the_scale_name_the_agency() -> None:
    with pytest.raises(ValidationError) as info:
        rollup([agency("Office of Examples", (3, 3, 6, 3, 3))])
    assert info.value.path == "Office of Examples:ratings[2].level"


@pytest.mark.parametrize("below", [0, 6, "3", None])
def test_threshold_must_be_a_level(below: object) -> None:
    with pytest.raises(ValidationError) as info:
        rollup(AGENCIES, below=below)  # type: ignore[arg-type]
    assert info.value.path == "below"


def test_empty_rollup_renders() -> None:
    result = rollup([])
    assert result.agency_count == 0
    for fmt in ReportFormat:
        assert render_report(result, fmt)


@given(AGENCY_LISTS)
def test_rollup_counts_always_sum_to_the_number_of_agencies_per_element(
    assessments: list[SelfAssessment],
) -> None:
    result = rollup(assessments)
    assert result.agency_count == len(assessments)
    for distribution in result.distributions:
        assert sum(distribution.counts) + distribution.not_rated == len(assessments)
        assert len(distribution.counts) == default_scale().top


@given(AGENCY_LISTS, st.integers(min_value=1, max_value=5))
def test_agencies_below_are_exactly_those_with_an_element_below(
    assessments: list[SelfAssessment], below: int
) -> None:
    result = rollup(assessments, below=below)
    expected = {a.agency for a in assessments if any(r.level < below for r in a.ratings)}
    assert {b.agency for b in result.below_threshold} == expected


@settings(max_examples=30)
@given(rollups())
def test_rollup_json_round_trip_is_identity(result: Rollup) -> None:
    text = to_json(result)
    assert from_json(Rollup, text) == result


# --- reports --------------------------------------------------------------------------------

HOSTILE = (
    agency('=HYPERLINK("http://x")', (1, 2, 3, 4, 5)),
    agency("<script>alert(1)</script> & Co | Ltd", (2, 2, 2, 2, 2)),
    agency("+61 Office", (3, 3, 3, 3, 3)),
    agency("-minus", (3, 3, 3, 3, 3)),
    agency("@at", (3, 3, 3, 3, 3)),
)


def test_csv_neutralises_spreadsheet_formulas() -> None:
    rows = list(csv.reader(io.StringIO(render_agencies_csv(rollup(HOSTILE)))))
    names = [row[0] for row in rows[2:]]
    assert '\'=HYPERLINK("http://x")' in names
    assert "'+61 Office" in names and "'-minus" in names and "'@at" in names
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.text(min_size=1, max_size=20).map(str.strip).filter(bool))
def test_no_csv_cell_can_start_a_formula(name: str) -> None:
    for text in (
        render_agencies_csv(rollup([agency(name, (1, 2, 3, 4, 5))])),
        render_distribution_csv(rollup([agency(name, (1, 2, 3, 4, 5))])),
    ):
        for row in csv.reader(io.StringIO(text, newline="")):
            assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row)


@pytest.mark.parametrize("brk", list(ROW_BREAKS))
def test_a_row_break_in_a_name_never_splits_a_csv_row(brk: str) -> None:
    hostile = rollup([agency(f"Corp{brk}=1+41", (1, 2, 3, 4, 5)), *AGENCIES])
    plain = rollup([agency("Corp", (1, 2, 3, 4, 5)), *AGENCIES])
    for render in (render_agencies_csv, render_distribution_csv):
        rows = list(csv.reader(io.StringIO(render(hostile), newline="")))
        assert len(rows) == len(list(csv.reader(io.StringIO(render(plain), newline=""))))
        assert not any(c.startswith(("=", "+", "-", "@")) for row in rows for c in row)
    names = [r["agency"] for r in csv_records(render_agencies_csv(hostile))]
    assert f"Corp{brk}=1+41" in names


def csv_records(text: str) -> list[dict[str, str]]:
    """The rows of a report CSV as dictionaries, after its leading comment row."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][0].startswith("# ") and len(rows[0]) == 1
    return [dict(zip(rows[1], row, strict=True)) for row in rows[2:]]


def test_agencies_csv_columns() -> None:
    rows = csv_records(render_agencies_csv(rollup(AGENCIES)))
    bureau = next(r for r in rows if r["agency"] == "Bureau of Samples")
    assert bureau["expectations"] == "1" and bureau["unsatisfactory-performance"] == "5"
    assert bureau["complete"] == "yes" and bureau["weakest_link"] == "1"
    assert bureau["mean"] == "3"
    assert bureau["below_level_3"] == "expectations performance-assessments"
    drafts = next(r for r in rows if r["agency"] == "Department of Drafts")
    assert drafts["complete"] == "no" and drafts["development"] == ""
    assert drafts["synthetic"] == "no"


def test_distribution_csv_columns() -> None:
    rows = csv_records(render_distribution_csv(rollup(AGENCIES)))
    assert [r["element"] for r in rows] == [e.value for e in Element]
    assert rows[3]["not rated"] == "1" and rows[3]["agencies"] == "3"
    assert rows[0]["1 Awareness"] == "1"


def test_html_is_self_contained_and_escaped() -> None:
    page = render_html(rollup(HOSTILE))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co | Ltd" in page
    assert "<svg" in page and "http://www.w3.org/2000/svg" in page
    assert "<link" not in page and "src=" not in page
    assert page.startswith("<!DOCTYPE html>")


def test_svg_is_well_formed_with_one_bar_segment_per_nonzero_count() -> None:
    result = rollup(AGENCIES)
    svg = render_chart_svg(result)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    segments = [r for r in root.iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    nonzero = sum(
        sum(1 for c in d.counts if c) + (1 if d.not_rated else 0) for d in result.distributions
    )
    assert len(segments) == nonzero
    first_bar = [r for r in segments if r.attrib["y"] == segments[0].attrib["y"]]
    assert sum(float(r.attrib["width"]) for r in first_bar) == pytest.approx(460, abs=0.5)


@given(rollups())
@settings(max_examples=25)
def test_svg_and_html_are_well_formed_for_any_names(result: Rollup) -> None:
    ET.fromstring(render_chart_svg(result))
    body = render_html(result).split("\n", 1)[1].replace("<!DOCTYPE html>", "")
    assert body.count("<table>") == 3  # summary, levels by element, agencies


def test_markdown_report() -> None:
    text = render_markdown(rollup(HOSTILE[1:2] + AGENCIES))
    assert "| Development | 0 | 1 | 1 | 1 | 0 | 1 |" in text
    assert "## Agencies below level 3 (Defined) on any element" in text
    assert "\\<script\\>alert(1)\\</script\\> & Co \\| Ltd" in text
    assert "| Department of Drafts | 2024-05-01 | 4 | 4 | 2 | — | — | — | — |" in text


def test_json_report_is_the_rollup_document() -> None:
    result = rollup(AGENCIES)
    text = render_report(result, "json")
    assert json.loads(text)["agency_count"] == 3
    assert from_json(Rollup, text) == result


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("md", ReportFormat.MARKDOWN), (" HTML ", ReportFormat.HTML), ("svg", ReportFormat.SVG)],
)
def test_report_format_names(name: str, fmt: ReportFormat) -> None:
    assert ReportFormat.parse(name) is fmt


def test_unknown_format_is_named() -> None:
    with pytest.raises(ValidationError) as info:
        render_report(rollup(AGENCIES), "pdf")
    assert info.value.path == "format"
    assert "distribution-csv" in str(info.value)


def test_an_agency_scale_with_three_levels() -> None:
    scale = MaturityScale(
        name="Three stages",
        levels=tuple(
            MaturityLevel(rank=r, name=n, descriptions={e: f"{n} {e.value}" for e in Element})
            for r, n in enumerate(("Emerging", "Established", "Embedded"), start=1)
        ),
    )
    result = rollup([agency("Office of Examples", (1, 2, 3, 3, 2))], scale=scale, below=2)
    assert result.level_names == ("Emerging", "Established", "Embedded")
    assert all(len(d.counts) == 3 for d in result.distributions)
    assert [b.elements for b in result.below_threshold] == [(Element.EXPECTATIONS,)]
    svg = render_chart_svg(result)
    assert "3 Embedded" in svg and "Not rated" in svg
    with pytest.raises(ValidationError) as info:
        rollup([agency("Office of Examples", (1, 2, 3, 3, 2))], scale=scale, below=4)
    assert info.value.path == "below"
    with pytest.raises(ValidationError) as info:
        rollup([agency("Office of Examples", (1, 2, 3, 4, 2))], scale=scale, below=2)
    assert info.value.path == "Office of Examples:ratings[3].level"


WORDING = default_scale().wording or ""
FORMATS = ["text", "md", "html", "json", "csv", "distribution-csv", "svg"]


def flat(text: str) -> str:
    """``text`` with runs of white space as one space, HTML entities read."""
    return " ".join(html.unescape(text).split())


def notices_in(text: str, fmt: str) -> str:
    """The part of a rendered report where its notices must be."""
    if fmt == "json":
        return " ".join(json.loads(text)["notices"])
    if fmt.endswith("csv"):
        first = next(csv.reader(io.StringIO(text, newline="")))
        assert len(first) == 1 and first[0].startswith("# ")
        return first[0]
    if fmt == "svg":
        root = ET.fromstring(text)
        ns = "{http://www.w3.org/2000/svg}"
        return " ".join(t.text or "" for t in root.iter(f"{ns}text"))
    return text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_on_the_samples_says_its_data_is_synthetic(fmt: str) -> None:
    text = render_report(rollup(load_samples()), fmt)
    where = flat(notices_in(text, fmt))
    assert synthetic_notice(len(load_samples()), len(load_samples())) in where
    assert "all 18 agencies are apsperf's invented sample self-assessments" in where
    assert flat(WORDING) in where


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_on_real_agencies_says_whose_wording_only(fmt: str) -> None:
    result = rollup(AGENCIES)
    assert result.notices == (flat(WORDING),)
    where = flat(notices_in(render_report(result, fmt), fmt))
    assert flat(WORDING) in where
    assert "Synthetic" not in where and "synthetic sample" not in flat(render_report(result, fmt))


def test_mixed_data_counts_the_synthetic_agencies() -> None:
    samples = load_samples()
    result = rollup((*samples[:3], *AGENCIES))
    assert result.synthetic_count == 3
    assert result.notices[0].startswith("Synthetic data: 3 of 6 agencies are apsperf's invented")
    one = rollup((samples[0], *AGENCIES))
    assert one.notices[0].startswith("Synthetic data: 1 of 4 agencies is ")
    alone = rollup(samples[:1])
    assert alone.notices[0].startswith("Synthetic data: the agency is ")
    assert [a.synthetic for a in rollup((samples[0], AGENCIES[0])).agencies] == [True, False]


def test_an_agency_scale_without_a_wording_note_gets_no_wording_notice() -> None:
    scale = MaturityScale(
        name="Three stages",
        levels=tuple(
            MaturityLevel(rank=r, name=n, descriptions={e: n for e in Element})
            for r, n in enumerate(("Emerging", "Established", "Embedded"), start=1)
        ),
    )
    assert rollup([agency("Office of Examples", (1, 2, 3, 3, 2))], scale=scale).notices == ()
    assert not render_agencies_csv(
        rollup([agency("Office of Examples", (1, 2, 3))], scale=scale)
    ).startswith('"#')
    worded = attrs.evolve(scale, wording="Our own words, from our framework.")
    result = rollup([agency("Office of Examples", (1, 2, 3))], scale=worded)
    assert result.notices == ("Our own words, from our framework.",)


def test_synthetic_marker_round_trips_through_json() -> None:
    sample = load_samples()[0]
    assert from_json(SelfAssessment, to_json(sample)).synthetic is True
    assert json.loads(to_json(AGENCIES[0]))["synthetic"] is False
    assert from_json(SelfAssessment, to_json(AGENCIES[0])) == AGENCIES[0]
    result = rollup(load_samples())
    assert from_json(Rollup, render_report(result, "json")) == result


SUMMARY_AGENCIES = (
    agency("Office of Examples", (3, 3, 4, 3, 3)),
    agency("Bureau of Samples", (1, 2, 3, 4, 5)),
    agency("Department of Drafts", (4, 4, 2)),
    agency("Agency of Edges", (2, 3, 3, 2, 1)),
)


def test_aps_wide_summary_share_and_median_per_element() -> None:
    result = rollup(SUMMARY_AGENCIES, below=3)
    by_element = {s.element: s for s in result.summary}
    expectations = by_element[Element.EXPECTATIONS]  # levels 3, 1, 4, 2
    assert (expectations.rated, expectations.at_or_above) == (4, 2)
    assert expectations.share == 0.5
    assert expectations.median == 2.5
    assessments = by_element[Element.PERFORMANCE_ASSESSMENTS]  # 3, 2, 4, 3: level 3 counts
    assert (assessments.at_or_above, assessments.median) == (3, 3.0)
    development = by_element[Element.DEVELOPMENT]  # 3, 4, not rated, 2
    assert (development.rated, development.at_or_above, development.median) == (3, 2, 3.0)
    assert development.share == pytest.approx(2 / 3)
    assert all(s.threshold == 3 for s in result.summary)
    at_top = rollup(SUMMARY_AGENCIES, below=5).summary
    assert [s.at_or_above for s in at_top] == [0, 0, 0, 0, 1]
    assert rollup(SUMMARY_AGENCIES, below=1).summary[0].share == 1.0


def test_summary_of_an_element_nobody_rated() -> None:
    result = rollup([agency("Office of Examples", (3, 3))])
    development = next(s for s in result.summary if s.element is Element.DEVELOPMENT)
    assert (development.rated, development.share, development.median) == (0, None, None)
    assert "| Development | 0 | 0 | — | — |" in render_markdown(result)
    assert rollup([]).summary[0].share is None


@given(AGENCY_LISTS, st.integers(min_value=1, max_value=5))
@settings(max_examples=30)
def test_summary_agrees_with_the_agencies(items: list[SelfAssessment], below: int) -> None:
    result = rollup(items, below=below)
    for s in result.summary:
        levels = [lvl for a in items if (r := a.rating(s.element)) and (lvl := r.level)]
        assert s.rated == len(levels)
        assert s.at_or_above == sum(1 for level in levels if level >= below)
        if levels:
            assert min(levels) <= (s.median or 0) <= max(levels)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "csv"])
def test_the_summary_is_in_every_format(fmt: str) -> None:
    # "csv" is one row per agency; the per-element summary is in "distribution-csv".
    text = render_report(rollup(SUMMARY_AGENCIES, below=3), fmt)
    if fmt == "json":
        assert json.loads(text)["summary"][0]["share"] == 0.5
    elif fmt == "distribution-csv":
        rows = csv_records(text)
        assert rows[0]["at_or_above_level_3"] == "2"
        assert rows[0]["share_at_or_above"] == "0.5"
        assert rows[0]["median_level"] == "2.5"
    elif fmt == "svg":
        assert "50% at 3+, median 2.5" in text
    elif fmt == "md":
        assert "| Expectations for behaviours and outcomes | 4 | 2 | 50% | 2.5 |" in text
    elif fmt == "html":
        assert "At or above level 3 (Defined)" in text and "50%" in text
    else:
        assert "Expectations for behaviours and outcomes    2 of 4    50%  median 2.5" in text


# Characters XML 1.0 cannot hold (C0 controls, U+FFFE, U+FFFF) and markup.
_NOT_XML = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.sampled_from([*_NOT_XML, "<", "&", '"', "]]>"]), st.text(max_size=3)))
        .map("".join)
        .map(lambda t: "L" + t + "L"),
        min_size=7,
        max_size=7,
    )
)
def test_every_svg_is_well_formed_xml_whatever_the_names(texts: list[str]) -> None:
    from apsperf.maturity import compare_rollups, render_comparison

    levels = [f"{n} {text}" for n, text in enumerate(texts[:3], start=1)]  # distinct names
    name, old_label, new_label, wording = texts[3:]
    scale = MaturityScale(
        name=name,
        wording=wording,
        levels=tuple(
            MaturityLevel(rank=r, name=n, descriptions={e: f"{n} {e.value}" for e in Element})
            for r, n in enumerate(levels, start=1)
        ),
    )
    old = rollup([agency(name, (1, 2, 3, 3, 2))], scale=scale, below=2)
    new = rollup([agency(name, (2, 2, 3, 1, 3))], scale=scale, below=2)
    comparison = compare_rollups(old, new, old_label=old_label, new_label=new_label)
    for svg in (render_chart_svg(old), render_comparison(comparison, "svg")):
        root = ET.fromstring(svg)
        shown = "".join(root.itertext()) + "".join(
            v for element in root.iter() for v in element.attrib.values()
        )
        assert not any(c in shown for c in _NOT_XML)
