"""Data frames in: a pandas data frame placed exactly as a file's rows are.

The same builder as every other reader (:func:`workforce_from_rows`), with the same reading
options. Needs the ``pandas`` extra; importing apsperf does not import pandas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from apsperf.errors import ValidationError, require
from apsperf.segmentation.io._reader import workforce_from_rows
from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._placement import Banding
from apsperf.segmentation.model._workforce import Columns, Workforce

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["workforce_from_dataframe"]


def _pandas() -> Any:
    return require("pandas", extra="pandas", purpose="data frames")


def workforce_from_dataframe(
    frame: pd.DataFrame,
    *,
    columns: Columns | None = None,
    keep: Iterable[str] | None = None,
    performance: Banding | None = None,
    potential: Banding | None = None,
    performance_labels: Mapping[str, Level | str] | None = None,
    potential_labels: Mapping[str, Level | str] | None = None,
    strict: bool = False,
    redact: bool = False,
) -> Workforce:
    """Place each row of a data frame, exactly as :func:`read_workforce` places a file's rows.

    Row numbers in rejections count from 2, as if the frame were a CSV file with a header.
    Missing values (NaN, None) are empty cells. Ratings, label maps, dates, ``keep`` and
    ``redact`` are as for :func:`read_workforce`.
    """
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(
            f"expected a pandas DataFrame, got {type(frame).__name__}", path="frame"
        )
    header = [str(c) for c in frame.columns]
    cleaned = frame.astype(object).where(frame.notna(), None)
    return workforce_from_rows(
        cleaned.itertuples(index=False, name=None),
        header=header,
        columns=columns,
        keep=keep,
        performance=performance,
        potential=potential,
        performance_labels=performance_labels,
        potential_labels=potential_labels,
        strict=strict,
        source="DataFrame",
        redact=redact,
    )
