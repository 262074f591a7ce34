"""Every self-assessment given to a roll-up is accounted for (issue 27): a merge is reported.

Agencies whose names are equal once normalised (NFC, invisible characters removed, case
folded, white space collapsed: ``agency_key``) are one agency. ``rollup`` keeps the latest
self-assessment of an agency by default and reports each one it leaves out (``merged``, a
notice in every format, ``assessments_read = agency_count + len(merged)``); with
``duplicates="refuse"`` (the command line's default, unless ``--keep-latest``) two
self-assessments of one agency are refused in one line naming both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf.cli import main
from apsperf.maturity import (
    AgencyMerge,
    Element,
    ElementRating,
    Rollup,
    SelfAssessment,
    agency_key,
    render_report,
    rollup,
)
from apsperf.serialization import from_json, to_json

BASES = ("Office of Examples", "Bureau of Samples", "Department of Drafts", "Agency of Edges")
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202c")
SPACES = (" ", "  ", "\u00a0", " \u00a0 ", "\t", "\u3000")
CASES = (str.upper, str.lower, str.title, str.swapcase, str.casefold, lambda s: s)


@st.composite
def variants(draw: st.DrawFn, base: str) -> str:
    """``base`` in another case, spacing and with invisible characters: the same agency."""
    text = draw(st.sampled_from(CASES))(base)
    words = text.split(" ")
    text = words[0] + "".join(draw(st.sampled_from(SPACES)) + word for word in words[1:])
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(1, len(text) - 1))
        text = text[:at] + draw(st.sampled_from(INVISIBLE)) + text[at:]
    return text


Entry = tuple[int, str, dt.date]
DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 1, 8))


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    """Self-assessments of a few agencies, each under any spelling and on a nearby day."""
    which = draw(st.lists(st.integers(0, len(BASES) - 1), max_size=9))
    return [(b, draw(variants(BASES[b])), draw(DAYS)) for b in which]


def assessment(name: str, on: dt.date, level: int = 3) -> SelfAssessment:
    return SelfAssessment(
        agency=name,
        assessed_on=on,
        ratings=tuple(ElementRating(element=e, level=level) for e in Element),
    )


def sources_of(items: list[Entry]) -> list[str]:
    return [f"agency-{index:02d}.json" for index in range(len(items))]


def groups_of(items: list[Entry]) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for index, (base, _, _) in enumerate(items):
        groups[base].append(index)
    return groups


def flat(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=200)
@given(entries())
def test_every_self_assessment_is_counted_or_reported_as_merged(items: list[Entry]) -> None:
    given_ = [assessment(name, on) for _, name, on in items]
    sources = sources_of(items)
    groups = groups_of(items)
    for base, name, _ in items:  # the rule: one key for every spelling of one agency
        assert agency_key(name) == agency_key(BASES[base])
    assert len({agency_key(b) for b in BASES}) == len(BASES)
    tied = [
        g for g in groups.values() if sum(items[i][2] == max(items[j][2] for j in g) for i in g) > 1
    ]
    if tied:  # which one is the latest is not clear: refused, naming both
        with pytest.raises(ValidationError) as info:
            rollup(given_, sources=sources)
        assert len(info.value.errors) == len(tied)
        for path, message in info.value.errors:
            group = next(g for g in tied if sources.index(path) in g)
            assert any(sources[i] in message for i in group if sources[i] != path)
        return
    result = rollup(given_, sources=sources)
    assert result.assessments_read == len(items) == result.agency_count + len(result.merged)
    assert result.agency_count == len(groups)
    latest = {base: max(g, key=lambda i: items[i][2]) for base, g in groups.items()}
    dropped = sorted(i for g in groups.values() for i in g if i not in latest.values())
    assert sorted(sources.index(m.dropped_source) for m in result.merged) == dropped
    for merge in result.merged:
        base = items[sources.index(merge.dropped_source)][0]
        assert merge.kept_source == sources[latest[base]]
        assert (merge.kept, merge.kept_on) == items[latest[base]][1:]
        assert merge.dropped_on < merge.kept_on
        assert merge.notice in result.notices
    assert sorted(s.agency for s in result.agencies) == sorted(items[i][1] for i in latest.values())
    # every format says how many were read and what became of them
    doc = json.loads(render_report(result, "json"))
    assert doc["assessments_read"] == len(items)
    assert doc["agency_count"] + len(doc["merged"]) == len(items)
    assert from_json(Rollup, to_json(result)) == result
    read = f"{len(items)} self-assessment{'' if len(items) == 1 else 's'} read"
    for fmt in ("text", "md", "html"):
        assert read in render_report(result, fmt)
    text = flat(render_report(result, "text"))
    for merge in result.merged:
        assert flat(repr(merge.dropped)) in text and flat(repr(merge.kept)) in text
    if result.merged:
        assert f"and {len(result.merged)} earlier self-assessment" in text


@settings(max_examples=200)
@given(entries())
def test_refusing_names_both_self_assessments_of_one_agency(items: list[Entry]) -> None:
    given_ = [assessment(name, on) for _, name, on in items]
    sources = sources_of(items)
    twice = [g for g in groups_of(items).values() if len(g) > 1]
    if not twice:
        result = rollup(given_, duplicates="refuse", sources=sources)
        assert result.merged == () and result.assessments_read == len(items)
        return
    with pytest.raises(ValidationError) as info:
        rollup(given_, duplicates="refuse", sources=sources)
    assert len(info.value.errors) == len(twice)
    assert "\n" not in str(info.value)
    for (path, message), group in zip(
        info.value.errors,
        sorted(twice, key=lambda g: agency_key(BASES[items[g[0]][0]])),
        strict=True,
    ):
        assert path == sources[group[1]]
        for i in group:  # every self-assessment of the agency is named
            assert i == group[1] or sources[i] in message
            assert flat(repr(items[i][1])) in flat(message)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Office of Examples", "OFFICE OF EXAMPLES"),
        ("Office of Examples", "Office of\u200b Examples"),
        ("Office of Examples", "Office  of\u00a0Examples"),
        ("Office of Examples", "\ufeffOffice of Examples"),
        ("José Office", "JOSE\u0301 OFFICE"),
        ("Straße Office", "STRASSE OFFICE"),
    ],
)
def test_names_equal_after_normalisation_are_one_agency(one: str, other: str) -> None:
    assert agency_key(one) == agency_key(other)
    older, newer = assessment(one, dt.date(2024, 2, 1), 1), assessment(other, dt.date(2024, 6, 1))
    result = rollup([older, newer])
    assert (result.agency_count, result.assessments_read) == (1, 2)
    assert result.merged == (
        AgencyMerge(
            kept=other,
            kept_on=dt.date(2024, 6, 1),
            kept_source="assessments[1]",
            dropped=one,
            dropped_on=dt.date(2024, 2, 1),
            dropped_source="assessments[0]",
        ),
    )
    assert result.agencies[0].levels == (3, 3, 3, 3, 3)


def test_different_names_stay_apart() -> None:
    assert agency_key("Office of Examples") != agency_key("Office of Example")
    assert agency_key("Office of Examples") != agency_key("OfficeofExamples")


def test_a_roll_up_whose_counts_do_not_add_up_is_refused() -> None:
    result = rollup([assessment("A", dt.date(2024, 1, 1)), assessment("a", dt.date(2024, 2, 1))])
    doc = json.loads(to_json(result))
    assert doc["assessments_read"] == 2
    doc["assessments_read"] = 1
    with pytest.raises(ValidationError) as info:
        from_json(Rollup, json.dumps(doc))
    assert info.value.errors[0][0] == "assessments_read"
    del doc["assessments_read"]  # written before the field: worked out from the merges
    assert from_json(Rollup, json.dumps(doc)).assessments_read == 2


@pytest.mark.parametrize("value", ["first", None, True])
def test_duplicates_must_be_a_known_choice(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        rollup([], duplicates=value)  # type: ignore[arg-type]
    assert info.value.path == "duplicates"


@pytest.mark.parametrize("sources", ["a.json", ["a.json"], [""], [1, 2]])
def test_sources_name_each_self_assessment(sources: object) -> None:
    two = [assessment("A", dt.date(2024, 1, 1)), assessment("B", dt.date(2024, 1, 1))]
    with pytest.raises(ValidationError) as info:
        rollup(two, sources=sources)  # type: ignore[arg-type]
    assert info.value.path == "sources"


# --- the command line -----------------------------------------------------------------------


def write(folder: Path, name: str, value: SelfAssessment) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(to_json(value), encoding="utf-8")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_the_command_refuses_two_files_of_one_agency_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "returns"
    write(folder, "a.json", assessment("Office of Examples", dt.date(2024, 2, 1), 1))
    write(folder, "b.json", assessment("OFFICE OF\u200b EXAMPLES", dt.date(2024, 6, 1)))
    write(folder, "c.json", assessment("Bureau of Samples", dt.date(2024, 6, 1)))
    for command in (["report", str(folder)], ["compare", str(folder), str(folder)]):
        status, out, err = run(["maturity", *command], capsys)
        assert status == 2 and out == ""
        assert len(err.strip().splitlines()) == 1
        assert str(folder / "a.json") in err and str(folder / "b.json") in err
        assert "--keep-latest" in err


@pytest.mark.parametrize("depth", [1, 3])
def test_a_path_longer_than_a_line_is_kept_whole_in_the_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    folder = tmp_path.joinpath(*["agency-returns-" + "x" * 60] * depth)
    folder.mkdir(parents=True)
    write(folder, "a.json", assessment("Office of Examples", dt.date(2024, 2, 1), 1))
    write(folder, "b.json", assessment("office of examples", dt.date(2024, 6, 1)))
    status, out, _ = run(
        ["maturity", "report", str(folder), "--keep-latest", "--format", "text"], capsys
    )
    assert status == 0
    lines = out.splitlines()
    for name in ("a.json", "b.json"):
        # On one line, as written, so that it can be copied from a terminal.
        assert any(str(folder / name) in line for line in lines)


def test_keep_latest_reports_the_merge_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "returns"
    write(folder, "a.json", assessment("Office of Examples", dt.date(2024, 2, 1), 1))
    write(folder, "b.json", assessment("OFFICE OF\u200b EXAMPLES", dt.date(2024, 6, 1)))
    write(folder, "c.json", assessment("Bureau of Samples", dt.date(2024, 6, 1)))
    status, out, _ = run(
        ["maturity", "report", str(folder), "--keep-latest", "--format", "text"], capsys
    )
    assert status == 0
    text = flat(out)
    assert "3 self-assessments read: 2 agencies and 1 earlier self-assessment" in text
    assert "'Office of Examples'" in text and "'OFFICE OF\\u200b EXAMPLES'" in text
    assert str(folder / "a.json") in text and "is left out" in text
    status, out, _ = run(
        ["maturity", "report", str(folder), "--keep-latest", "--format", "json"], capsys
    )
    doc = json.loads(out)
    assert (doc["assessments_read"], doc["agency_count"], len(doc["merged"])) == (3, 2, 1)
    assert doc["merged"][0]["dropped_source"] == str(folder / "a.json")
    for fmt in ("html", "md", "csv", "svg"):
        status, out, _ = run(
            ["maturity", "report", str(folder), "--keep-latest", "--format", fmt], capsys
        )
        assert status == 0 and "Same agency twice" in out
    target = tmp_path / "report.html"
    status, out, _ = run(
        ["maturity", "report", str(folder), "--keep-latest", "--format", "html", "-o", str(target)],
        capsys,
    )
    assert "report on 2 agencies (3 self-assessments read, 1 left out as merged)" in out
    assert "3 self-assessments read: 2 agencies" in target.read_text(encoding="utf-8")
    status, out, _ = run(["maturity", "compare", str(folder), str(folder), "--keep-latest"], capsys)
    assert status == 0 and "Same agency twice" in flat(out)
