"""Generate the synthetic sample self-assessments shipped with apsperf.maturity.

Every agency is invented, and every file says so (``"synthetic": true``), so that every
report made from them states that its data is the synthetic sample. The output is
deterministic (a seeded random.Random), so running this script again reproduces the
committed files exactly; a test checks that they match.

    python scripts/make_sample_maturity.py          # rewrite src/apsperf/maturity/samples/
    python scripts/make_sample_maturity.py --check  # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from apsperf.maturity import (
    Element,
    ElementRating,
    ImplementationRecord,
    SelfAssessment,
    default_scale,
)
from apsperf.serialization import to_json

SEED = 20240701
FOLDER = Path(__file__).resolve().parents[1] / "src" / "apsperf" / "maturity" / "samples"

AGENCIES = (
    "Department of Coastal Affairs",
    "Department of Regional Futures",
    "Bureau of Settlement Statistics",
    "Office of the Inland Waterways Commissioner",
    "Australian Public Records Office",
    "National Grants Integrity Agency",
    "Department of Skills and Apprenticeships",
    "Office of Digital Service Standards",
    "Northern Infrastructure Authority",
    "Commonwealth Heritage Collections Agency",
    "Agency for Climate Readiness",
    "Department of Community Connection",
    "Office of the Fair Procurement Adviser",
    "National Rural Health Workforce Office",
    "Department of Trade Pathways",
    "Australian Scientific Facilities Agency",
    "Office of Emergency Coordination",
    "Migration Case Review Office",
)

EVIDENCE = {
    Element.EXPECTATIONS: (
        "Audit of SES performance agreements for behavioural and outcome expectations",
        "SES agreement template updated to reference the APS Values",
        "Secretaries Charter of Leadership behaviours built into expectation setting",
        "Mid-cycle check-ins recorded for most SES",
    ),
    Element.PERFORMANCE_ASSESSMENTS: (
        "End-of-cycle assessment completion data",
        "Moderation panel minutes for SES Band 1 assessments",
        "Assessment guide states outcomes cannot offset behavioural concerns",
        "Upward and peer feedback collected for SES leaders",
    ),
    Element.REWARD_AND_RECOGNITION: (
        "Recognition policy reviewed against assessment outcomes",
        "Register of SES recognition decisions",
        "Fairness review of recognition across divisions",
    ),
    Element.DEVELOPMENT: (
        "Share of SES with a current development plan",
        "Development plans linked to talent council discussions",
        "Leadership program participation records",
    ),
    Element.UNSATISFACTORY_PERFORMANCE: (
        "Procedures for managing unsatisfactory performance of SES",
        "HR case records and time to resolution",
        "Guidance for managers on raising behavioural concerns early",
    ),
}

ACTIONS = {
    Element.EXPECTATIONS: (
        "Refresh the SES agreement template",
        "Brief SES on setting behavioural expectations",
        "Quality-check a sample of agreements each cycle",
    ),
    Element.PERFORMANCE_ASSESSMENTS: (
        "Introduce moderation for all SES bands",
        "Train assessors on assessing behaviours",
        "Add multi-source feedback to assessments",
    ),
    Element.REWARD_AND_RECOGNITION: (
        "Link recognition decisions to assessment results",
        "Publish recognition criteria to the SES",
        "Review recognition outcomes for consistency",
    ),
    Element.DEVELOPMENT: (
        "Require a development plan for every SES leader",
        "Connect development plans to talent segmentation",
        "Evaluate the impact of leadership programs",
    ),
    Element.UNSATISFACTORY_PERFORMANCE: (
        "Update the unsatisfactory performance procedure",
        "Give managers early-intervention guidance",
        "Track and report case timeliness",
    ),
}


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _assessment(rng: random.Random, agency: str, index: int) -> SelfAssessment:
    top = default_scale().top
    base = rng.choice((1, 2, 2, 3, 3, 3, 4))
    ratings = []
    skipped = rng.choice(tuple(Element)) if index % 7 == 5 else None
    for element in Element:
        if element is skipped:
            continue
        level = min(top, max(1, base + rng.choice((-1, 0, 0, 0, 1, 1))))
        ratings.append(
            ElementRating(
                element=element,
                level=level,
                evidence=tuple(rng.sample(EVIDENCE[element], k=rng.randint(1, 2))),
                planned_actions=(
                    tuple(rng.sample(ACTIONS[element], k=rng.randint(1, 2))) if level < top else ()
                ),
            )
        )
    commenced = _day(rng, dt.date(2023, 9, 1), dt.date(2024, 3, 29))
    assessed = _day(rng, dt.date(2024, 3, 4), dt.date(2024, 7, 26))
    reported = (
        _day(rng, max(assessed, dt.date(2024, 7, 1)), dt.date(2024, 8, 30))
        if rng.random() < 0.85
        else None
    )
    implemented = (
        _day(rng, dt.date(2025, 2, 3), dt.date(2026, 3, 31)) if rng.random() < 0.5 else None
    )
    if skipped is not None:
        reported = None  # an incomplete self-assessment cannot have been reported
    return SelfAssessment(
        agency=agency,
        assessed_on=assessed,
        ratings=tuple(ratings),
        implementation=ImplementationRecord(
            commenced_on=commenced,
            self_assessed_on=assessed,
            reported_on=reported,
            fully_implemented_on=implemented,
        ),
        synthetic=True,
    )


def generate() -> dict[str, str]:
    """File name -> JSON text of every sample self-assessment."""
    rng = random.Random(SEED)
    return {
        f"agency-{index:02d}.json": to_json(_assessment(rng, agency, index)) + "\n"
        for index, agency in enumerate(AGENCIES, start=1)
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare with the committed files instead of writing them",
    )
    args = parser.parse_args(argv)
    files = generate()
    if args.check:
        current = {p.name: p.read_text("utf-8") for p in FOLDER.glob("*.json")}
        if current != files:
            print(
                "sample self-assessments are out of date; run "
                "python scripts/make_sample_maturity.py",
                file=sys.stderr,
            )
            return 1
        return 0
    FOLDER.mkdir(parents=True, exist_ok=True)
    for stale in FOLDER.glob("*.json"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (FOLDER / name).write_text(text, "utf-8")
    print(f"wrote {len(files)} sample self-assessments to {FOLDER}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
