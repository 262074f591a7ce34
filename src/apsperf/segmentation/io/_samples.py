"""The synthetic sample workforce shipped with apsperf."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from apsperf.errors import ValidationError

SAMPLE_CYCLES = (2024, 2025, 2026)
"""The review cycles the sample workforce covers."""


def sample_workforce_path(cycle: int = 2025) -> Path:
    """The path of the bundled synthetic workforce file for ``cycle`` (2024, 2025 or 2026).

    About 1,800 fictitious people in six divisions, with a few realistic slips in 2025 (an
    unknown rating, a blank identifier, a duplicate row, an impossible date) that a review
    reports rather than drops. 2026 is the calibrated result of
    :func:`sample_calibration_paths`, with an ``Assessed by`` and a ``Gender`` column.
    """
    if cycle not in SAMPLE_CYCLES:
        raise ValidationError(
            f"no sample for {cycle!r}; samples exist for {', '.join(map(str, SAMPLE_CYCLES))}",
            path="cycle",
        )
    return _sample(f"workforce-{cycle}.csv")


def _sample(name: str) -> Path:
    return Path(str(resources.files("apsperf.segmentation") / "samples" / name))


def sample_calibration_paths() -> tuple[Path, Path]:
    """The bundled 2026 calibration session: ``(proposed placements, the council's changes)``.

    The proposals have an ``Assessed by`` column (one assessor, M117, rates generously) and a
    ``Gender`` column; applying the changes gives :func:`sample_workforce_path` ``(2026)``.
    """
    return _sample("calibration-2026-proposed.csv"), _sample("calibration-2026-changes.csv")
