"""The council workspace in a real browser: Debian's headless Chromium, driven by Playwright.

The real command is started once for the module (``apsperf council --no-browser --port 0``)
and each test opens the page at the address it prints, in a fresh browser context. The
tests share the session, so they run in order and the one that finalises it comes last.
Every test fails on a console error or a request to anything but 127.0.0.1. The
accessibility check injects axe-core from the file the ``axe-playwright-python`` package
ships (never from the network).

Without Chromium or Playwright these tests skip and say why; ``APSPERF_REQUIRE_BROWSER=1``
turns the skip into a failure (as tests/test_browser.py).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from apsperf.segmentation.io._samples import sample_calibration_paths

STALE = "another chair or tab changed it first"


def _chromium() -> str:
    for name in (os.environ.get("APSPERF_CHROMIUM", ""), "chromium", "chromium-browser"):
        found = shutil.which(name) if name else None
        if found:
            return found
    why = "the workspace's browser tests need Chromium (Debian: apt-get install chromium)"
    if os.environ.get("APSPERF_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{why} (APSPERF_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("council") / "council.sqlite"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "apsperf",
            "council",
            str(sample_calibration_paths()[0]),
            "--fairness",
            "Gender",
            "--no-browser",
            "--port",
            "0",
            "--chair",
            "Council chair",
            "--store",
            str(store),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    try:
        assert first.startswith("Council workspace: http://127.0.0.1:"), first
        yield first.split(": ", 1)[1].strip()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
        assert process.returncode == 0


class Tabs:
    """Opens the workspace in tabs of one browser context, watching each for problems."""

    def __init__(self, browser: Any, address: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 1600})
        self.address = address
        self.problems: list[str] = []
        self.expected: list[str] = []  # console errors a test provokes on purpose

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(message.text)

    def _request(self, request: Any) -> None:
        if not request.url.startswith("http://127.0.0.1:"):
            self.problems.append(f"a request left 127.0.0.1: {request.url}")

    def open(self) -> Any:
        tab = self.context.new_page()
        tab.set_default_timeout(10_000)
        tab.on("console", self._console)
        tab.on("pageerror", lambda error: self.problems.append(str(error)))
        tab.on("request", self._request)
        tab.on("dialog", lambda dialog: dialog.accept())  # the finalise confirmation
        tab.goto(self.address)
        tab.wait_for_selector(".box .card")
        tab.wait_for_selector("#panels .panel")
        return tab

    def close(self) -> None:
        unexpected = [p for p in self.problems if not any(e in p for e in self.expected)]
        self.context.close()
        assert unexpected == []


@pytest.fixture
def tabs(browser: Any, server: str) -> Iterator[Tabs]:
    opened = Tabs(browser, server)
    yield opened
    opened.close()


def _whole(page: Any, segment: str) -> tuple[int, int]:
    text = page.locator(f'.box[data-segment="{segment}"] .whole').inner_text()
    proposed, calibrated = (int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)[:2])
    return proposed, calibrated


def _wait_calibrated(page: Any, segment: str, count: int) -> None:
    """Wait until the box of ``segment`` says ``count`` people are calibrated there."""
    page.wait_for_function(
        "([segment, n]) => document.querySelector(`.box[data-segment='${segment}'] .whole`)"
        ".textContent.includes(`${n} calibrated`)",
        arg=[segment, f"{count:,}"],
    )


def _give_reason(page: Any, reason: str) -> None:
    page.wait_for_selector("#reason-dialog[open]")
    page.fill("#reason-text", reason)
    page.click("#reason-ok")
    page.wait_for_selector("#reason-dialog:not([open])", state="attached")


def _serious(page: Any, context: str | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page (or within ``context``)."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe is missing")
    results = axe.Axe().run(page, context=context)  # the script: the package's own file
    return [
        f"{v['id']} ({v['impact']}): {v['help']}, e.g. {v['nodes'][0]['html'][:120]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_page_passes_an_accessibility_check(tabs: Tabs) -> None:
    page = tabs.open()
    assert "token" not in page.url  # dropped from the address at once
    page.locator('.box[data-segment="top-talent"] .card').first.click()  # the side panel
    page.wait_for_selector("#notes li")
    assert _serious(page) == []
    page.click("#move-button")  # the reason dialog, modal
    page.wait_for_selector("#reason-dialog[open]")
    assert _serious(page, "#reason-dialog") == []
    page.click("#reason-cancel")


def test_the_keyboard_alone_moves_a_card(tabs: Tabs) -> None:
    page = tabs.open()
    page.locator('input[name="view"][value="calibrated"]').check()
    _proposed, before = _whole(page, "uncertain")
    page.locator('.box[data-segment="strongest-concern"] .card').first.focus()
    page.keyboard.press("Enter")  # select the card
    assert page.evaluate("document.activeElement.id") == "move-to"
    page.select_option("#move-to", "uncertain")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Move…
    page.wait_for_selector("#reason-dialog[open]")
    page.keyboard.type("Discussed at the table")
    page.keyboard.press("Tab")  # Cancel
    page.keyboard.press("Tab")  # Record
    page.keyboard.press("Enter")
    _wait_calibrated(page, "uncertain", before + 1)
    page.wait_for_function(  # the panels refresh after the move
        "() => document.querySelector('#panels').textContent.includes('Moves made: 1 in force')"
    )


def test_a_second_tabs_stale_move_is_refused_with_a_message(tabs: Tabs) -> None:
    first, second = tabs.open(), tabs.open()
    moved = first.locator('.box[data-segment="well-placed"] .card').first.get_attribute("data-id")
    first.locator(f'.card[data-id="{moved}"]').click()
    first.select_option("#move-to", "high-achiever")
    first.click("#move-button")
    _give_reason(first, "Outcomes exceeded")
    first.wait_for_function(
        "(id) => document.querySelector('#log').textContent.includes(id)", arg=moved
    )
    # The second tab still holds the version before that move: its move is refused.
    tabs.expected.append("409")  # the browser logs the refused request itself
    entries = second.locator("#log li").count()
    second.locator('.box[data-segment="solid-contributor"] .card').first.click()
    second.select_option("#move-to", "well-placed")
    second.click("#move-button")
    _give_reason(second, "Seen on the stale tab")
    second.wait_for_function(
        "(text) => document.querySelector('#alert').textContent.includes(text)", arg=STALE
    )
    # Nothing was lost: the tab reloaded the session, which holds the first tab's move only.
    second.wait_for_function(
        "(id) => document.querySelector('#log').textContent.includes(id)", arg=moved
    )
    assert second.locator("#log li").count() == entries + 1
    assert "Seen on the stale tab" not in second.locator("#log").inner_text()


def test_drag_a_card_give_a_reason_undo_and_finalise(tabs: Tabs) -> None:
    page = tabs.open()
    assert page.locator(".box").count() == 9
    _proposed, before = _whole(page, "top-talent")
    card = page.locator('.box[data-segment="proven-performer"] .card').first
    moved = card.get_attribute("data-id")
    card.drag_to(page.locator('.box[data-segment="top-talent"]'))
    _give_reason(page, "Evidence of outcomes")
    _wait_calibrated(page, "top-talent", before + 1)
    assert "Evidence of outcomes" in page.locator("#log").inner_text()
    assert moved in page.locator("#status").inner_text()
    page.wait_for_function(
        "() => document.querySelector('#panels').textContent.includes('Moves made: 3 in force')"
    )
    page.locator("#log button.undo").last.click()
    _give_reason(page, "Misheard")
    page.wait_for_function("() => document.querySelector('#log').textContent.includes('(undone)')")
    _wait_calibrated(page, "top-talent", before)
    page.click("#finalise-button")
    page.wait_for_function(
        "() => document.querySelector('#finalised-note').textContent.startsWith('Finalised by')"
    )
    assert page.locator("#move-button").is_disabled()
