"""What people read from a review: the terminal report, the HTML report and their labels."""

from __future__ import annotations

import datetime as dt
import html.parser
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf.cli import main
from apsperf.errors import ValidationError
from apsperf.segmentation import (
    HIDDEN_GROUPS,
    Placement,
    Segment,
    Workforce,
    check_distribution,
    check_independence,
    check_reading,
    cycle_label,
    grid_layout,
    movement,
    read_workforce,
    review,
    review_html,
    review_text,
    sample_workforce_path,
)

SAMPLE_FOLDER = str(Path(sample_workforce_path(2025)).parent)


def _people(groups: dict[str, list[Segment]], *, assessed_on: dt.date | None = None) -> Workforce:
    placements = []
    for name, segments in groups.items():
        for n, segment in enumerate(segments):
            placements.append(
                Placement(
                    employee_id=f"{name}-{n}",
                    performance=segment.performance,
                    potential=segment.potential,
                    groups={"Division": name},
                    assessed_on=assessed_on,
                )
            )
    return Workforce.from_placements(placements, source="hr/exports/people-2025.csv")


@pytest.fixture(scope="module")
def sample() -> tuple[Workforce, Workforce]:
    return read_workforce(sample_workforce_path(2025)), read_workforce(sample_workforce_path(2024))


# --- terminal ---------------------------------------------------------------------------------


def test_the_grid_names_every_segment_in_place_with_its_count_and_both_axes(
    sample: tuple[Workforce, Workforce],
) -> None:
    result = review(sample[0])
    text = review_text(result)
    assert "Potential runs down the side (high to low), performance across (low to high)" in text
    header = next(line for line in text.splitlines() if "Low performance" in line)
    assert header.index("Low performance") < header.index("Moderate performance")
    assert header.index("Moderate performance") < header.index("High performance")
    rows = [line for line in text.splitlines() if line.startswith(("High ", "Moderate ", "Low "))]
    assert [line.split()[0] for line in rows] == ["High", "Moderate", "Low"]
    for line, segments in zip(rows, grid_layout(), strict=True):
        names = [part.strip() for part in line.split("|")[1:4]]
        assert names == [s.label for s in segments]
        counts = text.splitlines()[text.splitlines().index(line) + 1]
        figures = [part.split()[0] for part in counts.split("|")[1:4]]
        assert figures == [f"{result.count(s):,}" for s in segments]
    assert "80  4.4%" in text  # Unrealised Potential: count and share side by side


def test_the_division_table_shows_shares_within_each_group_and_a_total_row(
    sample: tuple[Workforce, Workforce],
) -> None:
    result = review(sample[0], by="Division")
    text = review_text(result)
    lines = text.splitlines()
    start = lines.index("By Division: each group's share of its people in each segment")
    table = lines[start + 1 : start + 9]
    assert table[0].split()[:2] == ["Division", "People"]
    total = next(line for line in table if line.startswith("Total"))
    assert total.split()[1] == "1,826" and "10.7%" in total
    service = next(line for line in table if line.startswith("Service Delivery"))
    group = result.breakdown("Division").group("Service Delivery")
    shares = service.split()[3:]
    assert shares == [f"{100 * group.share(s):.1f}%" for s in Segment]
    assert sum(float(x.rstrip("%")) for x in shares) == pytest.approx(100, abs=0.1)
    assert "Key: TT Top Talent" in text


def test_small_groups_are_suppressed_in_text_and_html() -> None:
    big = [s for s in Segment for _ in range(6)]
    people = _people({"North": big, "South": big, "East": big, "Tiny": [Segment.TOP_TALENT] * 3})
    result = review(people, by="Division")
    text = review_text(result)
    tiny = next(line for line in text.splitlines() if line.startswith("Tiny"))
    assert "<5" in tiny and "(hidden: fewer than 5 people)" in tiny and "%" not in tiny
    # one hidden group could be worked out from the total, and one other beside the small
    # group would have its size known within a few: the two smallest shown ones go too
    hidden = [line for line in text.splitlines() if line.endswith(")") and "(hidden" in line]
    assert len(hidden) == 3
    assert sum("(hidden to protect others)" in line for line in hidden) == 2
    # a small group is hidden, so no headcount of the others hidden is shown
    assert all("suppressed" in line for line in hidden if not line.startswith("Tiny"))
    page = review_html(result)
    assert page.count('<td class="suppressed">') == 6  # headcount and reason, per group
    assert '<td class="suppressed">&lt;5</td>' in page
    assert review_text(review(people, by="Division", min_cell=3)).count(") (hidden") == 0
    assert not review(people, by="Division", min_cell=3).breakdown("Division").hidden
    # the review holds no more than its outputs show: hidden groups keep no counts
    table = result.breakdown("Division")
    assert [g.value for g in table.groups] == ["South"]
    assert [h.value for h in table.hidden] == ["East", "North", "Tiny"]
    with pytest.raises(ValidationError, match="hidden"):
        table.group("Tiny")


def test_statistics_are_named_and_read_in_plain_english(
    sample: tuple[Workforce, Workforce],
) -> None:
    result = review(sample[0], by="Division", min_cell=None)
    check = check_independence(result, "Division", min_cell=None)
    text = " ".join(review_text(result, checks=[("Placements by Division", check)]).split())
    assert "Chi-square test of independence: 39.39 with 40 degrees of freedom, p = 0.498." in text
    assert "Bias-corrected Cramér's V (Bergsma 2013), the effect size: 0.000." in text
    assert "goodness-of-fit" not in text and "Cohen" not in text
    assert "Placements differ by division no more than chance would explain." in text
    assert check_reading(check) == (
        "Placements differ between the groups no more than chance would explain."
    )


def test_a_significant_check_reads_the_other_way_and_a_withheld_one_not_at_all() -> None:
    north = [Segment.TOP_TALENT] * 40 + [Segment.STRONGEST_CONCERN] * 10
    south = [Segment.TOP_TALENT] * 10 + [Segment.STRONGEST_CONCERN] * 40
    result = review(_people({"North": north, "South": south}), by="Division")
    check = check_independence(result, "Division")
    assert check.significant()
    assert check_reading(check, column="Division").startswith(
        "Placements differ by division more than chance would explain (p < 0.001"
    )
    assert check_reading(check, column="APS Level").startswith("Placements differ by APS Level")
    small = review(
        _people({"A": [Segment.TOP_TALENT], "B": [Segment.UNCERTAIN]}), by="Division", min_cell=None
    )
    withheld = check_independence(small, "Division", min_cell=None)
    assert withheld.p_value is None and check_reading(withheld) == ""
    text = review_text(small, checks=[("By division", withheld)])
    assert "chance" not in text and "no p-value" in text
    shape = check_distribution(result, {"top-talent": 1, "strongest-concern": 1})
    assert check_reading(shape) == (
        "The distribution differs from the expected shape no more than chance would explain."
    )


def test_the_cli_prints_the_grid_division_table_and_readings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["review", "--sample", "--by", "Division"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Talent review of bundled synthetic sample (2025 cycle, compared with")
    assert SAMPLE_FOLDER not in out
    assert "| Top Talent " in out and "By Division:" in out and "\nTotal " in out
    assert "Placements differ by division no more than chance would explain." in out
    assert "\x1b" not in out  # captured output is no terminal: no colour


def test_the_cli_refuses_a_small_cell_threshold_below_three(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["review", "--sample", "--min-cell", "1"]) == 2
    assert "--min-cell" in capsys.readouterr().err


# --- labels -----------------------------------------------------------------------------------


def test_cycle_labels_come_from_the_assessment_dates_else_the_file_name(
    sample: tuple[Workforce, Workforce],
) -> None:
    # apsperf's rule: the financial year that ends in the year of assessment.
    assert cycle_label(sample[0]) == "2024-25"  # assessed August and September 2025
    assert cycle_label(sample[1]) == "2023-24"
    undated = _people({"A": [Segment.TOP_TALENT]})
    assert cycle_label(undated) == "people-2025.csv"
    dated = _people({"A": [Segment.TOP_TALENT]}, assessed_on=dt.date(2026, 6, 30))
    assert cycle_label(dated) == "2025-26"  # assessed before its end: the cycle in progress
    after = _people({"A": [Segment.TOP_TALENT]}, assessed_on=dt.date(2026, 7, 1))
    assert cycle_label(after) == "2025-26"  # assessed after its end: the cycle just closed
    assert cycle_label(Workforce.from_placements([])) == ""
    assert cycle_label(Workforce.from_placements([], source="C:\\HR\\cycle.csv")) == "cycle.csv"


def test_the_html_heading_names_the_cycles_and_never_a_folder(
    sample: tuple[Workforce, Workforce],
) -> None:
    current, previous = sample
    result = review(current)
    moved = movement(previous, current)
    page = review_html(result, moved=moved, label="2025", previous_label="2024")
    assert "<h1>Talent review: 2025 cycle, compared with 2024</h1>" in page
    assert "<title>Talent review: 2025 cycle, compared with 2024</title>" in page
    assert "Source: workforce-2025.csv." in page
    assert SAMPLE_FOLDER not in page
    unlabelled = review_html(result)
    assert "<h1>Talent review: workforce-2025.csv</h1>" in unlabelled
    assert SAMPLE_FOLDER not in unlabelled


def test_the_cli_takes_labels_and_names_the_sample(tmp_path: Path) -> None:
    report = tmp_path / "r.html"
    assert main(["review", "--sample", "--html", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    assert "<h1>Talent review: 2025 cycle, compared with 2024</h1>" in page
    assert "Source: bundled synthetic sample." in page and SAMPLE_FOLDER not in page
    path = str(sample_workforce_path(2025))
    before = str(sample_workforce_path(2024))
    assert main(["review", path, "--previous", before, "--html", str(report)]) == 0
    assert "<h1>Talent review: 2024-25 cycle, compared with 2023-24</h1>" in report.read_text(
        encoding="utf-8"
    )
    args = ["review", path, "--previous", before, "--html", str(report)]
    assert main([*args, "--label", "FY26", "--previous-label", "FY25"]) == 0
    assert "Talent review: FY26 cycle, compared with FY25" in report.read_text(encoding="utf-8")


# --- HTML ---------------------------------------------------------------------------------


class _Cells(html.parser.HTMLParser):
    """The tables of a page: each a list of rows, each a list of (tag, classes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, str, str]]]] = []
        self._cell: list[str] | None = None
        self._tag = ("", "")
        self.in_foot = False
        self.feet: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag == "table":
            self.tables.append([])
        elif tag == "tfoot":
            self.in_foot = True
            self.feet.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
            self._tag = (tag, dict(attrs).get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self.tables[-1][-1].append((*self._tag, text))
            if self.in_foot:
                self.feet[-1].append(text)
            self._cell = None
        elif tag == "tfoot":
            self.in_foot = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_the_html_breakdown_has_shares_and_a_total_row(
    sample: tuple[Workforce, Workforce],
) -> None:
    result = review(sample[0], by="Division")
    cells = _Cells()
    cells.feed(review_html(result))
    breakdown = next(t for t in cells.tables if t[0][0][2] == "Division")
    service = next(row for row in breakdown if row[0][2] == "Service Delivery")
    group = result.breakdown("Division").group("Service Delivery")
    assert service[1][2] == "558"
    assert service[2][2] == f"{group.count(Segment.TOP_TALENT)} 10.4%"
    assert breakdown[-1][0][2] == "Total" and breakdown[-1][1][2] == "1,826"
    assert breakdown[-1][2][2] == "195 10.7%"


def test_the_movement_matrix_has_totals_and_its_diagonal_marked(
    sample: tuple[Workforce, Workforce],
) -> None:
    current, previous = sample
    moved = movement(previous, current)
    cells = _Cells()
    cells.feed(review_html(review(current), moved=moved, label="2025", previous_label="2024"))
    matrix = next(t for t in cells.tables if t[0][-1][2] == "Total" and len(t) == 11)
    body = matrix[1:10]
    for i, row in enumerate(body):
        stays = [j for j, cell in enumerate(row[1:10]) if "stay" in cell[1]]
        assert stays == [i]
        assert row[-1][2] == f"{sum(moved.matrix[i]):,}"
    assert [c[2] for c in matrix[-1][1:]] == [
        f"{sum(moved.matrix[i][j] for i in range(9)):,}" for j in range(9)
    ] + [f"{moved.common:,}"]
    ups = sum(moved.matrix[i][j] for i in range(9) for j in range(9) if "up" in body[i][1 + j][1])
    assert ups == 418  # the cells coloured "up" hold exactly the people who moved up
    summary = next(t for t in cells.tables if t[0][0][2] == "Stayed")
    assert [c[2] for c in summary[1]] == ["857", "418", "282", "79", "190", "163", "1"]


def test_the_html_has_legends_readings_and_print_rules(
    sample: tuple[Workforce, Workforce],
) -> None:
    current, previous = sample
    result = review(current, by="Division")
    page = review_html(
        result,
        moved=movement(previous, current),
        checks=[("Placements by Division", check_independence(result, "Division"))],
    )
    assert "<strong>Grid colours</strong>" in page and "<strong>Matrix colours</strong>" in page
    assert re.search(
        r'<p class="reading">Placements differ by division no more than chance would explain',
        page,
    )
    assert (
        "@page{size:A4 landscape" in page
        and "table,tr,svg,figure,.keep{break-inside:avoid}" in page
    )


def test_styled_output_bypasses_nothing_but_its_own_codes() -> None:
    from apsperf._terminal import write_styled

    stream = io.StringIO()
    write_styled([["plain ", ("\x1b[2Jbold", "bold")]], stream, colour=True)
    assert stream.getvalue() == "plain \x1b[1m\\u001b[2Jbold\x1b[0m\n"
    stream = io.StringIO()
    write_styled([["plain ", ("x", "bold")]], stream)  # a StringIO is no terminal
    assert stream.getvalue() == "plain x\n"


def test_the_calibration_pack_names_its_file_not_its_folder() -> None:
    from apsperf.segmentation import (
        CalibrationSession,
        calibrate,
        calibration_pack_html,
        sample_calibration_paths,
    )

    proposed = read_workforce(sample_calibration_paths()[0])
    page = calibration_pack_html(calibrate(proposed, CalibrationSession()))
    assert "Proposals: calibration-2026-proposed.csv." in page
    assert SAMPLE_FOLDER not in page


def test_the_screenshots_in_the_docs_are_there() -> None:
    from ..paths import ROOT

    page = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    for name in ("review", "calibration-pack"):
        assert f"](images/{name}.png)" in page
        assert (ROOT / "docs" / "images" / f"{name}.png").read_bytes().startswith(b"\x89PNG")


def test_a_file_name_label_is_not_called_a_cycle_and_no_folder_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("now.csv", "then.csv"):
        (folder / name).write_text(
            "Employee ID,Performance,Potential\nE1,high,low\n", encoding="utf-8"
        )
    assert main(["review", str(folder / "now.csv"), "--previous", str(folder / "then.csv")]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("Talent review of now.csv (now.csv, compared with then.csv):")
    assert "exports" not in first and "cycle" not in first
    assert main(["review", str(folder / "now.csv"), "--label", "FY26"]) == 0
    assert capsys.readouterr().out.startswith("Talent review of now.csv (FY26 cycle):")


def test_cross_breaks_down_by_combinations_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["review", "--sample", "--cross", "Division", "Classification", "--format", "json"]
    assert main(argv) == 0
    document = json.loads(capsys.readouterr().out)
    (crossed,) = document["review"]["breakdowns"]
    assert crossed["column"] == "Division × Classification"
    assert [c["heading"] for c in document["checks"]] == ["Placements by Division × Classification"]
    assert main(["review", "--sample", "--cross", "Division", "Classification"]) == 0
    assert "By Division × Classification" in capsys.readouterr().out
    assert main(["review", "--sample", "--cross", "Division"]) == 2
    assert "--cross: needs two or more columns, got 1: Division" in capsys.readouterr().err


@given(st.text(max_size=40))
def test_the_nine_box_svg_is_well_formed_xml_whatever_the_title(title: str) -> None:
    import xml.etree.ElementTree as ET

    from apsperf.segmentation import nine_box_svg

    svg = nine_box_svg(review(Workforce.from_placements([])), title=title)
    ET.fromstring(svg)  # raises on a control character written raw


def test_input_columns_never_replace_computed_ones_in_any_per_person_export(
    tmp_path: Path,
) -> None:
    """Grouping columns named as computed ones (segment, LINE...) are kept beside them."""
    import io as io_module
    import json as json_module

    from apsperf.segmentation import (
        read_workforce,
        to_pandas,
        write_placements_csv,
        write_placements_json,
    )

    text = (
        "Employee ID,Performance,Potential,segment,LINE,Segment_Label,segment (from file)\n"
        "E1,High,High,a,b,c,d\nE2,Low,Low,e,f,g,h\n"
    )
    workforce = read_workforce(io_module.StringIO(text))
    buffer = io_module.StringIO(newline="")
    write_placements_csv(workforce, buffer)
    exported = tmp_path / "people.csv"
    exported.write_text(buffer.getvalue(), encoding="utf-8")
    again = read_workforce(exported)
    assert not [f for f in again.findings if f.code == "column-repeated"]
    header = buffer.getvalue().splitlines()[0].split(",")
    assert header[:6] == [
        "employee_id",
        "segment",
        "segment_label",
        "performance",
        "potential",
        "line",
    ]
    assert len({h.casefold().replace("_", " ") for h in header}) == len(header)
    # read back, the export's computed columns are not groups, and each group has its name
    assert again.group_names == workforce.group_names
    assert again.group_values("segment") == ("a", "e")
    assert again.group_values("segment (from file)") == ("d", "h")
    assert list(again.placements()) == list(workforce.placements())
    stream = io_module.StringIO()
    write_placements_json(workforce, stream)
    first = json_module.loads(stream.getvalue())["placements"][0]
    assert (first["segment"], first["line"], first["LINE (from file)"]) == ("top-talent", 2, "b")
    frame = to_pandas(workforce)
    assert list(frame.columns) == header
    assert list(frame["segment"].astype(str)) == ["top-talent", "strongest-concern"]


def test_the_statistic_tests_hidden_groups_as_one_row(sample: tuple[Workforce, Workforce]) -> None:
    """A statistic from every group would pin the cells the table hides: hidden groups are
    tested combined, which the overall counts and the groups shown give away anyway."""
    result = review(sample[0], by="Division")
    check = check_independence(result, "Division")
    table = result.breakdown("Division")
    whole = review(sample[0], by="Division", min_cell=None).breakdown("Division")
    hidden = [g for g in whole.groups if g.value in {h.value for h in table.hidden}]
    assert hidden and check.row_labels[-1] == HIDDEN_GROUPS
    assert check.row_labels[:-1] == tuple(g.value for g in table.groups)
    combined = [
        sum(g.count(s) for g in hidden) for s in Segment if any(g.count(s) for g in whole.groups)
    ]
    assert list(check.observed[-1]) == combined
    assert [c.count for c in table.hidden_counts or ()] == [
        sum(g.count(s) for g in hidden) for s in Segment
    ]
    text = " ".join(review_text(result, checks=[("Placements by Division", check)]).split())
    scipy_stats = pytest.importorskip("scipy.stats")
    expected = scipy_stats.chi2_contingency(check.observed, correction=False)
    assert check.statistic == pytest.approx(expected.statistic, abs=1e-9)
    assert check.degrees_of_freedom == expected.dof == (len(table.groups)) * 8
    assert (
        f"Chi-square test of independence: {expected.statistic:.2f} with {expected.dof} "
        "degrees of freedom" in text
    )
