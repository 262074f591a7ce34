"""The one HTML base every page is built on."""

from __future__ import annotations

import html.parser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apsperf._html import BASE_CSS, Markup, escape, legend, page, table


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)


def _parse(markup: str) -> _Text:
    parser = _Text()
    parser.feed(markup)
    return parser


@given(st.text())
def test_text_cells_come_back_as_the_text_and_add_no_tags(text: str) -> None:
    parsed = _parse(table(["Name"], [[text]]))
    assert "".join(parsed.text) == "Name" + text
    assert parsed.tags == ["div", "table", "thead", "tr", "th", "tbody", "tr", "th"]


def test_markup_is_inserted_as_is_and_everything_else_escaped() -> None:
    assert escape(Markup("<b>x</b>")) == "<b>x</b>"
    assert escape("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert escape('"') == "&quot;"


def test_numbers_are_right_aligned_with_separators_and_totals_go_in_the_footer() -> None:
    out = table(["Division", "People"], [["North", 1234], ["South", 2.25]], foot=["Total", 1236])
    assert '<td class="n">1,234</td>' in out
    assert '<td class="n">2.2</td>' in out or '<td class="n">2.3</td>' in out
    assert '<tfoot><tr><th>Total</th><td class="n">1,236</td></tr></tfoot>' in out


def test_bool_cells_are_refused() -> None:
    with pytest.raises(TypeError, match="bool"):
        table(["x"], [[True]])


def test_page_is_complete_self_contained_and_escapes_its_title() -> None:
    out = page("<Review>", "<p>body</p>", css="p{color:red}")
    assert out.startswith("<!DOCTYPE html>")
    assert "<title>&lt;Review&gt;</title>" in out
    assert BASE_CSS in out and "p{color:red}" in out
    assert "@page{size:A4 landscape" in out
    assert "<script" not in out and "http" not in out.replace("http-equiv", "")


def test_legend_escapes_labels_and_colours() -> None:
    out = legend([("#fff", "<Top>"), ('red"x', "b")], title="Colours")
    assert "&lt;Top&gt;" in out and "red&quot;x" in out and "Colours" in out


def test_every_html_page_uses_the_base() -> None:
    from apsperf.agreements import render_html as plan_html
    from apsperf.guides import career_guide, render
    from apsperf.maturity import load_samples, rollup
    from apsperf.maturity import render_html as rollup_html
    from apsperf.segmentation import read_workforce, review, review_html, sample_workforce_path
    from tests.agreements.conftest import agreed_plan

    pages = {
        "review": review_html(review(read_workforce(sample_workforce_path()))),
        "roll-up": rollup_html(rollup(load_samples())),
        "guide": render(career_guide("top-talent"), "html"),
        "plan": plan_html(agreed_plan()),
    }
    for name, built in pages.items():
        assert built.startswith("<!DOCTYPE html>"), name
        assert BASE_CSS in built, name
        assert built.count("<body>") == 1 and built.rstrip().endswith("</html>"), name


@given(st.text(st.characters(codec="utf-8")) | st.text(alphabet="\x00\x01\x1b\x0b\ufffe\uffff<&\r"))
def test_xml_escape_always_makes_well_formed_xml(text: str) -> None:
    import re
    import xml.etree.ElementTree as ET

    from apsperf._html import xml_escape

    escaped = xml_escape(text)
    element = ET.fromstring(f'<svg a="{escaped}">{escaped}</svg>')
    kept = re.sub("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "\ufffd", text)
    assert (element.text or "") == kept.replace("\r\n", "\n").replace("\r", "\n")
