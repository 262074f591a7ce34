"""The synthetic sample workforce shipped with apsperf."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from apsperf.errors import ValidationError

SAMPLE_CYCLES = (2024, 2025)
"""The review cycles the sample workforce covers."""


def sample_workforce_path(cycle: int = 2025) -> Path:
    """The path of the bundled synthetic workforce file for ``cycle`` (2024 or 2025).

    About 1,800 fictitious people in six divisions, with a few realistic slips in 2025 (an
    unknown rating, a blank identifier, a duplicate row, an impossible date) that a review
    reports rather than drops.
    """
    if cycle not in SAMPLE_CYCLES:
        raise ValidationError(
            f"no sample for {cycle!r}; samples exist for {', '.join(map(str, SAMPLE_CYCLES))}",
            path="cycle",
        )
    ref = resources.files("apsperf.segmentation") / "samples" / f"workforce-{cycle}.csv"
    return Path(str(ref))
