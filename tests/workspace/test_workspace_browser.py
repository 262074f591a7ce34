"""The council workspace in a real browser: Debian's headless Chromium, driven by Playwright.

The real command is started (``apsperf council --no-browser --port 0``) and the page opened
at the address it prints. Without Chromium or Playwright these tests skip and say why;
``APSPERF_REQUIRE_BROWSER=1`` turns the skip into a failure (as tests/test_browser.py).
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


def _chromium() -> str:
    for name in (os.environ.get("APSPERF_CHROMIUM", ""), "chromium", "chromium-browser"):
        found = shutil.which(name) if name else None
        if found:
            return found
    why = "the workspace's browser tests need Chromium (Debian: apt-get install chromium)"
    if os.environ.get("APSPERF_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{why} (APSPERF_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(why)


@pytest.fixture
def server() -> Iterator[str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "apsperf",
            "council",
            str(sample_calibration_paths()[0]),
            "--no-browser",
            "--port",
            "0",
            "--chair",
            "Council chair",
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


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1280, "height": 1600})
        tab.set_default_timeout(10_000)
        problems: list[str] = []
        tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.on(
            "request",
            lambda r: None if r.url.startswith("http://127.0.0.1:") else problems.append(r.url),
        )
        tab.on("dialog", lambda d: d.accept())  # the finalise confirmation
        tab.goto(server)
        tab.wait_for_selector(".box .card")
        yield tab
        assert problems == []
        browser.close()


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


def test_drag_a_card_give_a_reason_undo_and_finalise(page: Any) -> None:
    assert "token" not in page.url  # dropped from the address at once
    assert page.locator(".box").count() == 9
    _proposed, before = _whole(page, "top-talent")
    card = page.locator('.box[data-segment="proven-performer"] .card').first
    moved = card.get_attribute("data-id")
    card.drag_to(page.locator('.box[data-segment="top-talent"]'))
    _give_reason(page, "Evidence of outcomes")
    _wait_calibrated(page, "top-talent", before + 1)
    assert "Evidence of outcomes" in page.locator("#log").inner_text()
    assert moved in page.locator("#status").inner_text()
    page.wait_for_function(  # the panels refresh after the move
        "() => document.querySelector('#panels').textContent.includes('Moves made: 1 in force')"
    )
    page.click("#log button.undo")
    _give_reason(page, "Misheard")
    page.wait_for_function("() => document.querySelector('#log').textContent.includes('(undone)')")
    _wait_calibrated(page, "top-talent", before)
    page.click("#finalise-button")
    page.wait_for_function(
        "() => document.querySelector('#finalised-note').textContent.startsWith('Finalised by')"
    )
    assert page.locator("#move-button").is_disabled()


def test_the_keyboard_alone_moves_a_card(page: Any) -> None:
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
