"""Renderers: every guide in Markdown, HTML and text; HTML never carries unescaped input."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf._ids import is_employee_id
from apsperf.guides import (
    ManagerBrief,
    OutputFormat,
    Overlay,
    SegmentOverlay,
    SelfReflection,
    ThemeOverlay,
    aspiration_pre_read,
    career_conversations,
    career_guide,
    default_guidebook,
    employee_copy,
    manager_brief,
    render,
    tailor,
)
from apsperf.segmentation import Level, Placement, Segment, normalise_employee_id
from apsperf.testing._guides import guide_texts

ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "blockquote",
    "strong",
    "dl",
    "dt",
    "dd",
    "section",
    "footer",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"lang", "charset", "name", "content", "class", "scope"}


class Page(HTMLParser):
    """Collects the tags, attributes and text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.text: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if value and ("http" in value or "url(" in value):
                self.external.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def everything() -> list[object]:
    book = default_guidebook()
    return [
        *book.career_conversations.guides,
        book.career_conversations,
        book.aspiration,
        book.aspiration.starters,
        book.self_reflection,
        book.leadership,
        SelfReflection(name="A. Person"),
        manager_brief(Placement(employee_id="E1", performance=Level.LOW, potential=Level.HIGH)),
        employee_copy(Placement(employee_id="E1", performance=Level.LOW, potential=Level.HIGH)),
        aspiration_pre_read("E1"),
    ]


@pytest.mark.parametrize("value", everything(), ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("output", list(OutputFormat), ids=lambda f: f.value)
def test_everything_renders_in_every_format(value: object, output: OutputFormat) -> None:
    text = render(value, output)  # type: ignore[arg-type]
    assert text.endswith("\n")
    assert len(text.splitlines()) > 3


def test_html_is_self_contained() -> None:
    page = render(career_conversations(), "html")
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert set(parsed.tags) <= ALLOWED_TAGS
    assert parsed.attributes <= ALLOWED_ATTRIBUTES
    assert parsed.external == []
    assert "<link" not in page and "<script" not in page and "<img" not in page
    assert "http" not in page.split("</style>")[0]


@pytest.mark.parametrize("segment", list(Segment), ids=lambda s: s.value)
def test_every_item_of_a_guide_is_shown(segment: Segment) -> None:
    guide = career_guide(segment)
    items = [*guide.descriptors, *guide.feedback, *guide.questions, *guide.to_note]
    items += [t for o in guide.development.all_options() for t in (o.text, *o.details)]
    items += [g.heading for g in guide.development.groups]
    page_text = " ".join(" ".join(parse(render(guide, "html")).text).split())
    plain = " ".join(render(guide, "text").split())
    for item in items:
        assert item in page_text
        assert item in plain


def test_markdown_shows_nesting_and_headings() -> None:
    text = render(career_guide("uncertain"), "md")
    assert text.startswith("# Uncertain\n")
    assert "\n  - Policies and manuals\n" in text
    assert "## Development focus" in text
    grouped = render(career_guide("top-talent"), "md")
    assert "### Learning on the job" in grouped


def test_credits_name_the_source() -> None:
    for output in OutputFormat:
        assert "Australian Public Service Commission" in render(career_guide("uncertain"), output)
        assert "ACT Public Service" in render(default_guidebook().leadership, output)


def test_unknown_format_and_value_are_validation_errors() -> None:
    with pytest.raises(ValidationError, match="not a format"):
        render(career_guide("uncertain"), "pdf")
    with pytest.raises(ValidationError, match="cannot render"):
        render("top-talent", "md")  # type: ignore[arg-type]


def hostile_overlay(text: str) -> Overlay:
    return Overlay(
        name=text,
        segments=(
            SegmentOverlay(
                segment=Segment.TOP_TALENT, replace_feedback=(text,), add_questions=(text,)
            ),
        ),
        themes=(ThemeOverlay(theme="motivation", add_starters=(text,)),),
    )


@settings(max_examples=60)
@given(guide_texts())
def test_html_never_emits_unescaped_user_input(text: str) -> None:
    book = tailor(default_guidebook(), hostile_overlay(text))
    normalised = normalise_employee_id(text)
    placement = Placement(
        # a text no identifier may hold (a lone combining mark, say) names nobody: E1 then
        employee_id=normalised if is_employee_id(normalised) else "E1",
        performance=Level.HIGH,
        potential=Level.HIGH,
        groups={text: text},
    )
    reflection = SelfReflection(name=text).answer("chosen-career", text + "\n" + text)
    pages = [
        render(book.career_guide(Segment.TOP_TALENT), "html"),
        render(book.career_conversations, "html"),
        render(book.aspiration, "html"),
        render(manager_brief(placement, reflection=reflection, guidebook=book), "html"),
        render(employee_copy(placement, reflection=reflection, guidebook=book), "html"),
        render(aspiration_pre_read(text, reflection=reflection, guidebook=book), "html"),
    ]
    for page in pages:
        parsed = parse(page)
        assert set(parsed.tags) <= ALLOWED_TAGS
        assert parsed.attributes <= ALLOWED_ATTRIBUTES
        shown = "".join(parsed.text)
        assert text.replace("\r", "\n") in shown.replace("\r\n", "\n").replace("\r", "\n") or (
            "\r" in text
        )
        if ("<" in text or "&" in text) and not any(c in text for c in "\r\n"):
            # Markup characters arrive escaped; whether the raw text also occurs is not a
            # test ("&" occurs inside "&amp;"): the tag and attribute checks above are.
            assert html.escape(text) in page or html.escape(text, quote=False) in page


@settings(max_examples=60)
@given(guide_texts(), st.sampled_from(OutputFormat))
def test_markdown_escapes_markup_in_user_input(text: str, output: OutputFormat) -> None:
    book = tailor(default_guidebook(), hostile_overlay(text))
    rendered = render(book.career_guide(Segment.TOP_TALENT), output)
    if output is OutputFormat.MARKDOWN:
        assert not re.search(r"(?<!\\)[<>]", rendered)
        for line in rendered.splitlines():
            assert not re.match(r"#{1,6} ", line) or line.startswith(
                ("# Top Talent", "## ", "### ")
            )


def test_the_brief_holds_everything_for_the_manager() -> None:
    placement = Placement(
        employee_id="E042",
        performance=Level.HIGH,
        potential=Level.LOW,
        assessed_on=dt.date(2025, 8, 1),
        assessed_by="M. Nguyen",
        groups={"division": "Policy"},
        aspiration_conversation_on=dt.date(2025, 9, 1),
    )
    brief = manager_brief(placement)
    assert brief.guide == career_guide(Segment.PROVEN_PERFORMER)
    assert brief.template == default_guidebook().self_reflection
    for output in OutputFormat:
        text = " ".join(render(brief, output).split())
        for expected in (
            "E042",
            "Proven Performer",
            "M. Nguyen",
            "2025-08-01",
            "Policy",
            "What derails your performance as a team member?",
            "dated after",
        ):
            assert expected in text.replace("\\", ""), (output, expected)
        # The blank template is the employee's; the brief shows it only as completed.
        assert "My overarching career goals are…" not in text


def test_the_brief_shows_answers_and_what_is_missing() -> None:
    reflection = SelfReflection(name="Sam Lee").answer("chosen-career", "To serve the public.")
    placement = Placement(employee_id="E7", performance=Level.MODERATE, potential=Level.HIGH)
    text = render(manager_brief(placement, reflection=reflection), "text")
    assert "Sam Lee" in text
    assert "To serve the public." in text
    assert f"{len(reflection.missing())} still to be answered" in text


def test_the_brief_guide_must_match_the_placement() -> None:
    brief = manager_brief(Placement(employee_id="E1", performance=Level.LOW, potential=Level.LOW))
    with pytest.raises(ValidationError) as info:
        attrs.evolve(brief, guide=career_guide("top-talent"))
    assert info.value.path == "guide.segment"
    for make in (manager_brief, employee_copy):
        with pytest.raises(ValidationError, match="expected Placement"):
            make("E1")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="expected Guidebook"):
        aspiration_pre_read(guidebook="default")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="name_segment"):
        employee_copy(brief.placement, name_segment="yes")  # type: ignore[arg-type]
    assert isinstance(brief, ManagerBrief)


@given(st.sampled_from(list(Segment)), st.sampled_from(OutputFormat))
def test_a_tailored_guide_credits_what_it_adapts(segment: Segment, output: OutputFormat) -> None:
    overlay = Overlay(name="x", segments=(SegmentOverlay(segment=segment, add_to_note=("Z.",)),))
    guide = tailor(default_guidebook(), overlay).career_guide(segment)
    assert "Adapted from" in render(guide, output)


@pytest.mark.parametrize("output", list(OutputFormat), ids=lambda f: f.value)
def test_segment_headings_use_the_guides_words(output: OutputFormat) -> None:
    whole = " ".join(render(career_conversations(), output).split())
    for guide in career_conversations().guides:
        assert f"{guide.title} ({guide.description})" in whole
        assert guide.description in render(guide, output)
    assert "Well Placed (Medium Performance, Medium Potential)" in whole
    assert "Moderate Performance, Moderate Potential" not in whole


def _cell_lines(page: str, output: OutputFormat) -> list[tuple[str, str]]:
    """The lines of the steps table's cells, each as (kind, text), in each format's terms."""
    if output is OutputFormat.HTML:
        body = page[page.index("<tbody>") : page.index("</tbody>")]
        found = re.findall(r"<(p|li)>(.*?)</\1>", body)
        return [("bullet" if t == "li" else "line", html.unescape(x)) for t, x in found]
    if output is OutputFormat.MARKDOWN:
        rows = [line for line in page.splitlines() if re.match(r"\| \d\\\. ", line)]
        cells = [row.split(" | ", 1)[1].removesuffix(" |") for row in rows]
        parts = [part.replace("\\", "") for cell in cells for part in cell.split("<br>")]
        return [("bullet", p[2:]) if p.startswith("• ") else ("line", p) for p in parts]
    lines: list[tuple[str, str]] = []
    for line in page.splitlines():
        if line.startswith("    | * "):
            lines.append(("bullet", line[8:]))
        elif line.startswith("    |   "):
            kind, text = lines[-1]
            lines[-1] = (kind, f"{text} {line[8:]}")
        elif line.startswith("    | "):
            lines.append(("line", line[6:]))
    return lines


@pytest.mark.parametrize("output", list(OutputFormat), ids=lambda f: f.value)
def test_the_steps_table_keeps_its_structure_in_every_format(output: OutputFormat) -> None:
    guide = default_guidebook().aspiration
    page = render(guide, output)
    expected: list[tuple[str, str]] = []
    for step in guide.steps:
        for action in step.actions:
            expected += [("line", action.text), *(("bullet", d) for d in action.details)]
        if step.questions_lead:
            expected += [("line", step.questions_lead), *(("bullet", q) for q in step.questions)]
        expected += [("line", f"Note: {n}") for n in step.notes]
    shown = [
        (kind, " ".join(text.replace("<strong>", "").split()))
        for kind, text in _cell_lines(page, output)
    ]
    shown = [(k, t.replace("</strong>", "").replace("**", "")) for k, t in shown]
    assert shown == expected
    assert (
        "line",
        "Providing options to create a suitable environment for both parties (e.g. "
        "face to face or virtual meeting).",
    ) in shown
    heads = {
        OutputFormat.HTML: '<th scope="col">STEPS</th><th scope="col">ACTIONS</th>',
        OutputFormat.MARKDOWN: "| STEPS | ACTIONS |",
        OutputFormat.TEXT: "STEPS | ACTIONS",
    }
    assert heads[output] in page.splitlines() or heads[output] in page
    for step in guide.steps:
        assert f"{step.number}. {step.title}" in page.replace("\\", "")


@pytest.mark.parametrize("output", list(OutputFormat), ids=lambda f: f.value)
def test_the_opening_is_quoted_as_the_source_quotes_it(output: OutputFormat) -> None:
    starters = default_guidebook().aspiration.starters
    for value in (default_guidebook().aspiration, starters):
        page = " ".join(render(value, output).replace("\\", "").split())
        assert f"‘{starters.opening.words}’" in page
        assert "“" not in page and "”" not in page


# --- Markdown escaping is linear ------------------------------------------------------------

_OLD_NUMBER_START = re.compile(r"^(\s*)(\d+)([.)])", re.MULTILINE)
_OLD_MARK_START = re.compile(r"^(\s*)([#+=-])", re.MULTILINE)


def _old_md_escape(text: str) -> str:
    """md_escape as it was, with multiline patterns whose ``\\s*`` crossed lines."""
    from apsperf.guides.render._document import _MD_SPECIAL

    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()) if "\n" not in text else text)
    escaped = _OLD_NUMBER_START.sub(r"\1\2\\\3", escaped)
    escaped = _OLD_MARK_START.sub(r"\1\\\2", escaped)
    return escaped.replace("\r", "")


@given(st.text(alphabet=st.sampled_from(list(" \t\n\r\x0b\x0c\u2028\u00a01a#+=-.)*_"))))
def test_md_escape_gives_what_it_always_gave(text: str) -> None:
    from apsperf.guides.render._document import md_escape

    assert md_escape(text) == _old_md_escape(text)


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "a" + "\n" * n + "b",
        lambda n: " \n" * n + "1. x",
        lambda n: "\r\n" * n + "# x",
        lambda n: "\n \t" * n,
        lambda n: "\n1" * n,
        lambda n: "\r" * n + "\n",
    ],
)
def test_md_escape_is_linear_in_line_breaks(make: Callable[[int], str]) -> None:
    import time

    from apsperf.guides.render._document import md_escape

    def seconds(n: int) -> float:
        text = make(n)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            md_escape(text)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(32_000), seconds(128_000)
    assert small < 2.0  # was 15 s for 32,000 line breaks
    assert large < 10 * small + 0.05  # four times the input, well under sixteen times the time
