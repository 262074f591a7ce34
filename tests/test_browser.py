"""Every HTML page apsperf writes, opened in a real browser (headless Chromium).

Parsing HTML cannot see a table running off the page, so each page is rendered by Chromium
and measured: at 1280 px wide nothing overflows the page, and with the page's print rules
applied at the printable width of A4 landscape (297 mm less 12 mm margins each side, 1,032
CSS px) no table scrolls inside its box and every cell's text lies within the page. The
printed PDF must be A4 landscape. Screenshots go to ``build/browser/`` (ignored by git).

Without Chromium (a user's fresh machine) these tests skip, and the reason says how to
install it (Debian: ``apt-get install chromium``). ``APSPERF_REQUIRE_BROWSER=1`` turns that
skip into a failure: ``.ci/run`` installs Chromium and sets it, so CI always runs them.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .paths import ROOT

SCREENSHOTS = ROOT / "build" / "browser"
PRINT_WIDTH = 1032
"""A4 landscape less 12 mm margins: 273 mm at 96 CSS px to the inch."""

_MEASURE = """
<pre id="apsperf-measure"></pre><script>
(() => {
  const right = innerWidth + 1;
  const cells = [...document.querySelectorAll("td,th")].filter(c => c.textContent.trim());
  const unseen = cells.filter(c => {
    const box = c.getBoundingClientRect();
    return c.getClientRects().length === 0 || box.width === 0 || box.right > right;
  }).map(c => c.textContent.trim().slice(0, 40));
  const wraps = [...document.querySelectorAll(".table-wrap")]
    .filter(w => w.scrollWidth > w.clientWidth + 1)
    .map(w => (w.querySelector("caption,th") || w).textContent.trim().slice(0, 40));
  const pictures = [...document.querySelectorAll("svg")]
    .filter(s => s.getBoundingClientRect().right > right).length;
  document.getElementById("apsperf-measure").textContent = JSON.stringify({
    width: innerWidth, scroll: document.documentElement.scrollWidth,
    tables: document.querySelectorAll("table").length,
    legends: document.querySelectorAll("div.legend").length,
    cells: cells.length, unseen, wraps, pictures,
  });
})();
</script>
"""


def _chromium() -> str:
    for name in (os.environ.get("APSPERF_CHROMIUM", ""), "chromium", "chromium-browser"):
        found = shutil.which(name) if name else None
        if found:
            return found
    why = (
        "the browser tests need Chromium: install it (Debian or Ubuntu: "
        "`sudo apt-get install -y chromium`) or point APSPERF_CHROMIUM at it"
    )
    if os.environ.get("APSPERF_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{why} (APSPERF_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(why)


def _run(browser: str, *args: str) -> str:
    done = subprocess.run(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _measure(browser: str, page: Path, width: int, *, printed: bool) -> dict[str, object]:
    text = page.read_text(encoding="utf-8")
    if printed:  # the page's own print rules, applied on screen at the printable width
        text = text.replace("@media print{", "@media all{")
    probe = page.with_name(f"{page.stem}-{width}{'-print' if printed else ''}.html")
    probe.write_text(text.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = _run(browser, f"--window-size={width},1000", "--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="apsperf-measure">([^<]*)</pre>', dom)
    assert found, "the measuring script did not run"
    result: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return result


def _review() -> str:
    from apsperf.segmentation import (
        check_independence,
        movement,
        read_workforce,
        review,
        review_html,
        sample_workforce_path,
    )

    now = read_workforce(sample_workforce_path(2025))
    before = read_workforce(sample_workforce_path(2024))
    result = review(now, by=["Division", "Classification"])
    checks = [(f"Placements by {c}", check_independence(result, c)) for c in ("Division",)]
    return review_html(
        result, moved=movement(before, now), checks=checks, label="2025", previous_label="2024"
    )


def _pack() -> str:
    from apsperf.segmentation import (
        CalibrationSession,
        calibrate,
        calibration_pack_html,
        read_changes,
        read_workforce,
        sample_calibration_paths,
    )

    proposed_path, changes_path = sample_calibration_paths()
    proposed = read_workforce(proposed_path)
    session = CalibrationSession.start(proposed).record(read_changes(changes_path), proposed)
    return calibration_pack_html(calibrate(proposed, session, fairness_by=["Gender"]))


def _rollup() -> str:
    from apsperf.maturity import load_samples, render_html, rollup

    return render_html(rollup(load_samples()))


def _plan() -> str:
    from apsperf.agreements import render_html

    from .agreements.conftest import agreed_plan

    return render_html(agreed_plan())


def _guide() -> str:
    from apsperf.guides import career_guide, render

    return render(career_guide("top-talent"), "html")


PAGES: dict[str, Callable[[], str]] = {
    "review": _review,
    "calibration-pack": _pack,
    "maturity-rollup": _rollup,
    "plan": _plan,
    "guide": _guide,
}


@pytest.fixture(scope="module")
def browser() -> str:
    return _chromium()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_fits_the_screen_and_a4_landscape(browser: str, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = SCREENSHOTS / f"{name}.html"
    built = PAGES[name]()
    page.write_text(built, encoding="utf-8")
    tables = built.count("<table")
    for width, printed in ((1280, False), (PRINT_WIDTH, True)):
        seen = _measure(browser, page, width, printed=printed)
        where = f"{name} at {width}px{' (print rules)' if printed else ''}"
        assert seen["width"] == width, where
        assert seen["scroll"] == width, f"{where}: the page is {seen['scroll']}px wide"
        assert seen["tables"] == tables, where
        assert seen["wraps"] == [], f"{where}: tables wider than the page: {seen['wraps']}"
        assert seen["unseen"] == [], f"{where}: cells off the page: {seen['unseen']}"
        assert seen["pictures"] == 0, f"{where}: a picture runs off the page"
        assert isinstance(seen["cells"], int) and (seen["cells"] > 0) == (tables > 0), where
    shot = SCREENSHOTS / f"{name}.png"
    _run(browser, "--window-size=1280,1000", f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 10_000


def test_the_review_shows_its_legends_and_prints_on_a4_landscape(browser: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = SCREENSHOTS / "review-print.html"
    page.write_text(_review(), encoding="utf-8")
    seen = _measure(browser, page, 1280, printed=False)
    assert seen["legends"] == 2  # the grid's colours and the movement matrix's
    pdf = SCREENSHOTS / "review.pdf"
    _run(browser, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes, "no pages in the PDF"
    for width, height in boxes:  # A4 landscape is 841.9 x 595.3 points
        assert abs(float(width) - 841.9) < 1 and abs(float(height) - 595.3) < 1
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert 2 <= pages <= 12, f"{pages} pages"


def test_the_measurement_sees_a_table_too_wide_for_the_page(browser: str) -> None:
    from apsperf._html import page, table

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = SCREENSHOTS / "too-wide.html"
    head = [f"Column number {n}" for n in range(40)]
    wide.write_text(page("Too wide", table(head, [list(range(40))])), encoding="utf-8")
    seen = _measure(browser, wide, PRINT_WIDTH, printed=True)
    assert seen["wraps"] == ["Column number 0"]


def test_without_a_browser_the_tests_skip_and_ci_makes_that_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("APSPERF_CHROMIUM", raising=False)
    monkeypatch.delenv("APSPERF_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        _chromium()
    monkeypatch.setenv("APSPERF_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y chromium"):
        _chromium()
