"""Make the screenshots in ``docs/review.md``: the review and the calibration pack.

Each page is built from the bundled sample, opened in headless Chromium (Debian's
``chromium`` package, or the binary ``APSPERF_CHROMIUM`` names) at 1280 px wide, and its top
saved as a PNG under ``docs/images/``. Run from the repository root:

    PYTHONPATH=src python scripts/make_screenshots.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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


def main() -> None:
    """Write ``docs/images/review.png`` and ``docs/images/calibration-pack.png``."""
    browser = chromium()
    IMAGES.mkdir(parents=True, exist_ok=True)
    pages = {"review": (review_page(), 1500), "calibration-pack": (pack_page(), 1100)}
    with tempfile.TemporaryDirectory() as scratch:
        for name, (text, height) in pages.items():
            page = Path(scratch) / f"{name}.html"
            page.write_text(text, encoding="utf-8")
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


if __name__ == "__main__":
    main()
