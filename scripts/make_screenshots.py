"""Make the screenshots in the docs: the review, the calibration pack and the council workspace.

The review and the pack are built from the bundled sample and opened in headless Chromium
(Debian's ``chromium`` package, or the binary ``APSPERF_CHROMIUM`` names) at 1280 px wide,
their tops saved as PNGs under ``docs/images/``. The council workspace (docs/council.md)
is started on the sample (``apsperf council --sample``), given a few moves and a note
through its API, and photographed by Playwright driving the same Chromium: the nine boxes,
a move's reason being asked for, and the checks. Run from the repository root:

    PYTHONPATH=src python scripts/make_screenshots.py            # every image
    PYTHONPATH=src python scripts/make_screenshots.py council    # the workspace's only
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"


def review_page() -> str:
    """The sample's 2025 review by division, with movement since 2024 and the division check."""
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
    result = review(now, by="Division")
    return review_html(
        result,
        moved=movement(before, now),
        checks=[("Placements by Division", check_independence(result, "Division"))],
        label="2025",
        previous_label="2024",
        source="bundled synthetic sample",
    )


def pack_page() -> str:
    """The calibration pack of the sample's 2026 council session, fairness by gender."""
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
    report = calibrate(proposed, session, fairness_by=["Gender"])
    return calibration_pack_html(report)


def chromium() -> str:
    """The Chromium binary, or exit with how to install it."""
    for name in (os.environ.get("APSPERF_CHROMIUM", ""), "chromium", "chromium-browser"):
        found = shutil.which(name) if name else None
        if found:
            return found
    sys.exit("needs Chromium: apt-get install -y chromium (or set APSPERF_CHROMIUM)")


def static_pages(browser: str, names: list[str]) -> None:
    """Write ``docs/images/review.png`` and ``docs/images/calibration-pack.png``."""
    makers = {"review": (review_page, 1500), "calibration-pack": (pack_page, 1100)}
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            make, height = makers[name]
            page = Path(scratch) / f"{name}.html"
            page.write_text(make(), encoding="utf-8")
            shot = IMAGES / f"{name}.png"
            subprocess.run(
                [
                    browser,
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    f"--window-size=1280,{height}",
                    f"--screenshot={shot}",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            print(f"wrote {shot.relative_to(ROOT)}")


TOP = {"x": 0.0, "y": 0.0, "width": 1280.0, "height": 900.0}
COUNCIL_MOVES = (
    ("E00002", "top-talent", "Outcomes in the second half exceed the proposal"),
    ("E00009", "uncertain", "No evidence for moderate performance in the period"),
    ("E00006", "high-achiever", "Moderated against peers at APS 6"),
)


def council(browser: str) -> None:
    """Write the workspace's images: ``council-grid.png``, ``-reason.png``, ``-checks.png``."""
    import httpx
    from playwright.sync_api import sync_playwright

    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "apsperf", "council", "--sample", "--no-browser"),
            *("--port", "0", "--chair", "Jo Citizen (chair)"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().split(": ", 1)[1].strip()
        base, token = address.split("?token=")
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as api:
            for person, box, reason in COUNCIL_MOVES:
                body = {"employee_id": person, "to": box, "reason": reason}
                api.post(f"{base}api/changes", json=body).raise_for_status()
            note = {"employee_id": "E00002", "text": "Acting EL 1 since March; see the brief"}
            api.post(f"{base}api/notes", json=note).raise_for_status()
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=browser, args=["--no-sandbox"])
            page = chromium.new_page(viewport={"width": 1280, "height": 900})
            page.goto(address)
            page.wait_for_selector("#panels .panel")
            page.locator('input[name="view"][value="calibrated"]').check()
            page.locator('.card[data-id="E00002"]').click()
            page.wait_for_selector("#notes li")
            page.wait_for_timeout(300)
            _shot(page, "council-grid", clip=TOP)
            page.select_option("#move-to", "emerging-potential")
            page.click("#move-button")
            page.wait_for_selector("#reason-dialog[open]")
            page.fill("#reason-text", "Potential discussed: evidence of stretch work")
            _shot(page, "council-reason", clip=TOP)
            page.click("#reason-cancel")
            checks = page.locator("#checks").bounding_box()
            assert checks is not None
            clip = {**checks, "height": min(checks["height"], 1000.0)}
            page.set_viewport_size({"width": 1280, "height": int(checks["y"] + clip["height"])})
            _shot(page, "council-checks", clip=clip)
            chromium.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def _shot(page: Any, name: str, *, clip: dict[str, float]) -> None:
    shot = IMAGES / f"{name}.png"
    page.screenshot(path=str(shot), clip=clip)
    print(f"wrote {shot.relative_to(ROOT)}")


def main() -> None:
    """Write the images named on the command line (default: all)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    choices = ["review", "calibration-pack", "council"]
    parser.add_argument("names", nargs="*", choices=choices, help="which (default: all)")
    names = parser.parse_args().names or choices
    browser = chromium()
    IMAGES.mkdir(parents=True, exist_ok=True)
    static_pages(browser, [n for n in names if n != "council"])
    if "council" in names:
        council(browser)


if __name__ == "__main__":
    main()
