"""Generate the synthetic sample workforce shipped with apsperf (three review cycles).

The 2026 cycle is a talent council's calibration: the proposals (with an assessor and a
gender column; one assessor rates generously), the council's changes and the calibrated
placements, which are the 2026 workforce.

Deterministic: the same seed always writes the same files, and a test checks that the
committed files match. Run from the repository root:

    python scripts/make_sample_workforce.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "apsperf" / "segmentation" / "samples"
SEED = 20250701
PEOPLE = 1800

DIVISIONS = [
    ("Policy and Strategy", 0.18),
    ("Corporate Services", 0.16),
    ("Service Delivery", 0.30),
    ("Digital and Data", 0.14),
    ("Regulation and Compliance", 0.12),
    ("Legal, Audit and Risk", 0.10),
]
CLASSIFICATIONS = [
    ("APS 3", 0.08),
    ("APS 4", 0.16),
    ("APS 5", 0.2),
    ("APS 6", 0.24),
    ("EL 1", 0.18),
    ("EL 2", 0.1),
    ("SES Band 1", 0.04),
]
LOCATIONS = [
    ("Canberra", 0.55),
    ("Sydney", 0.12),
    ("Melbourne", 0.12),
    ("Brisbane", 0.08),
    ("Adelaide", 0.05),
    ("Perth", 0.04),
    ("Hobart", 0.02),
    ("Darwin", 0.02),
]
LEVELS = ["Low", "Moderate", "High"]
PERFORMANCE_SHAPE = [0.1, 0.6, 0.3]
POTENTIAL_SHAPE = [0.25, 0.55, 0.2]


def pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


def drift(rng: random.Random, index: int) -> int:
    step = rng.choices([-1, 0, 1], [0.15, 0.65, 0.2])[0]
    return min(2, max(0, index + step))


def day_first(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def person(rng: random.Random, number: int) -> dict[str, str]:
    return {
        "Employee ID": f"E{number:05d}",
        "Division": pick(rng, DIVISIONS),
        "Classification": pick(rng, CLASSIFICATIONS),
        "Location": pick(rng, LOCATIONS),
        "Manager": f"M{rng.randrange(100, 160)}",
        "perf": str(rng.choices(range(3), PERFORMANCE_SHAPE)[0]),
        "pot": str(rng.choices(range(3), POTENTIAL_SHAPE)[0]),
    }


def cycle_rows(rng: random.Random, people: list[dict[str, str]], year: int) -> list[list[str]]:
    rows = []
    for p in people:
        assessed = dt.date(year, 8, 1) + dt.timedelta(days=rng.randrange(45))
        conversation = assessed - dt.timedelta(days=rng.randrange(7, 60))
        if rng.random() < 0.03:  # a few conversations recorded after the assessment
            conversation = assessed + dt.timedelta(days=rng.randrange(1, 20))
        rows.append(
            [
                p["Employee ID"],
                p["Division"],
                p["Classification"],
                p["Location"],
                p["Manager"],
                LEVELS[int(p["perf"])],
                LEVELS[int(p["pot"])],
                day_first(assessed),
                day_first(conversation) if rng.random() < 0.85 else "",
            ]
        )
    return rows


HEADER = [
    "Employee ID",
    "Division",
    "Classification",
    "Location",
    "Manager",
    "Performance",
    "Potential",
    "Assessed on",
    "Aspiration conversation on",
]


def render(rows: list[list[str]], header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def generate() -> dict[str, str]:
    rng = random.Random(SEED)
    people = [person(rng, n) for n in range(1, PEOPLE + 1)]
    previous = cycle_rows(rng, people, 2024)
    staying = [p for p in people if rng.random() > 0.09]
    for p in staying:
        p["perf"] = str(drift(rng, int(p["perf"])))
        p["pot"] = str(drift(rng, int(p["pot"])))
    joiners = [person(rng, n) for n in range(PEOPLE + 1, PEOPLE + 1 + 190)]
    current = cycle_rows(rng, staying + joiners, 2025)
    # Realistic slips that a review must report, not drop: an unknown rating, a blank
    # identifier, a person entered twice and a date that does not exist.
    current[40][5] = "Exceeds"
    current[200][0] = ""
    current.insert(611, list(current[610]))
    current[905][7] = "31/09/2025"
    files = {"workforce-2024.csv": render(previous), "workforce-2025.csv": render(current)}
    files.update(calibration_cycle(staying + joiners))
    return files


GENDERS = [("Woman", 0.55), ("Man", 0.42), ("Non-binary", 0.01), ("Not stated", 0.02)]
LENIENT = "M117"
"""The sample's generous assessor: the council moves many of their proposals down."""
CALIBRATION_HEADER = [*HEADER[:5], "Assessed by", "Gender", *HEADER[5:]]
CHANGES_HEADER = ["Employee ID", "Performance", "Potential", "Reason", "By", "On"]


def calibration_cycle(people: list[dict[str, str]]) -> dict[str, str]:
    """The 2026 proposals, the council's changes and the calibrated 2026 workforce.

    A separate random stream, so the 2024 and 2025 files are unchanged by it.
    """
    rng = random.Random(SEED + 2026)
    staying = [p for p in people if rng.random() > 0.08]
    for p in staying:
        p["perf"] = str(drift(rng, int(p["perf"])))
        p["pot"] = str(drift(rng, int(p["pot"])))
        p["Gender"] = pick(rng, GENDERS)
    joiners = [person(rng, n) for n in range(PEOPLE + 191, PEOPLE + 191 + 150)]
    for p in joiners:
        p["Gender"] = pick(rng, GENDERS)
    cohort = staying + joiners
    agreed = {p["Employee ID"]: (p["perf"], p["pot"]) for p in cohort}
    changes = []
    for p in cohort:
        if p["Manager"] == LENIENT and p["perf"] != "2" and rng.random() < 0.9:
            p["perf"] = str(int(p["perf"]) + 1)  # proposed a level higher than agreed
            if rng.random() < 0.6:
                perf, pot = agreed[p["Employee ID"]]
                changes.append(
                    [
                        p["Employee ID"],
                        LEVELS[int(perf)],
                        LEVELS[int(pot)],
                        "Evidence against the outcomes does not support the proposed rating",
                        "Council chair",
                        "22/09/2026",
                    ]
                )
    for p in rng.sample([p for p in cohort if p["Manager"] != LENIENT and p["pot"] == "1"], 6):
        changes.append(
            [
                p["Employee ID"],
                LEVELS[int(p["perf"])],
                "High",
                "Aspiration conversation and stretch results show readiness for a larger role",
                "Council chair",
                "22/09/2026",
            ]
        )
    proposed = cycle_rows(rng, cohort, 2026)
    for row, p in zip(proposed, cohort, strict=True):
        row[5:5] = [p["Manager"], p["Gender"]]
    moved = {c[0]: c for c in changes}
    calibrated = [
        [*row[:7], moved[row[0]][1], moved[row[0]][2], *row[9:]] if row[0] in moved else row
        for row in proposed
    ]
    return {
        "calibration-2026-proposed.csv": render(proposed, CALIBRATION_HEADER),
        "calibration-2026-changes.csv": render(changes, CHANGES_HEADER),
        "workforce-2026.csv": render(calibrated, CALIBRATION_HEADER),
    }


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in generate().items():
        (OUT / name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {OUT / name} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
