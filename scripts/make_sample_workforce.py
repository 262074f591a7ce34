"""Generate the synthetic sample workforce shipped with apsperf (two review cycles).

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


def render(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
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
    return {"workforce-2024.csv": render(previous), "workforce-2025.csv": render(current)}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in generate().items():
        (OUT / name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {OUT / name} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
