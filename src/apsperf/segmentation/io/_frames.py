"""Data frames in: a pandas or polars data frame placed exactly as a CSV file's rows are.

The same builder as every other reader (:func:`workforce_from_rows`), with the same reading
options. A frame is read column by column into plain Python values (text, numbers, dates,
``None``), which the builder then reads as it reads a CSV file's text: ``3.0`` as ``3``, a
date as its year-first text, a missing value as an empty cell. Needs the ``pandas`` or the
``polars`` extra (either alone: a polars frame never goes through pandas); importing apsperf
imports neither.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import compress
from operator import not_
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, NamedTuple, cast

from apsperf._redaction import quoted, redacting
from apsperf._redaction import redact as redacted
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.io._labels import BoxLevels, BoxMap
from apsperf.segmentation.io._reader import workforce_from_rows
from apsperf.segmentation.model._levels import Level
from apsperf.segmentation.model._placement import Banding
from apsperf.segmentation.model._workforce import Columns, Workforce

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = ["workforce_from_dataframe"]

_CELL_TYPES: Final = (str, int, float, dt.date, Decimal, Fraction)
"""What a frame's cell may hold once read (a bool is an int, a datetime a date)."""

_FIRST_LINE: Final = 2
"""A frame's first row is line 2, as if the frame were a CSV file with a header."""


class _Table(NamedTuple):
    """A frame read into plain Python values, one list per column."""

    header: list[str]
    columns: list[list[object]]
    numeric: list[bool]
    """Per column: its type is numbers (integers, floats or decimals)."""
    hint: str
    """How to read the file so that its identifiers keep their text (for the finding)."""


_PANDAS_HINT: Final = (
    "read the file with `dtype=str` (`pd.read_csv(path, dtype=str)`, "
    "`pd.read_excel(path, dtype=str)`) to keep them as written"
)
_POLARS_HINT: Final = (
    "read the file with `infer_schema=False` (`pl.read_csv(path, infer_schema=False)`), "
    "or name the column's type with `schema_overrides={...: pl.String}`, to keep them as "
    "written"
)


def workforce_from_dataframe(
    frame: pd.DataFrame | pl.DataFrame | pl.LazyFrame,
    *,
    columns: Columns | None = None,
    keep: Iterable[str] | None = None,
    performance: Banding | None = None,
    potential: Banding | None = None,
    performance_labels: Mapping[str, Level | str] | None = None,
    potential_labels: Mapping[str, Level | str] | None = None,
    box: BoxMap | Mapping[int | str, BoxLevels] | None = None,
    strict: bool = False,
    redact: bool = False,
) -> Workforce:
    """Place each row of a data frame, exactly as :func:`read_workforce` places a CSV file's.

    ``frame`` is a pandas ``DataFrame`` or a polars ``DataFrame`` (a ``LazyFrame`` is
    collected first). The result is the one :func:`read_workforce` gives for the same table
    written as CSV: the same people placed, the same rows rejected, the same findings and
    counts. Row numbers in rejections and findings count from 2, as if the frame were a CSV
    file with a header: row ``i`` (counting from 0) is line ``i + 2``.

    Missing values (``None``, NaN, ``pd.NA``, ``NaT``, polars nulls) are empty cells. A row
    with no value in any cell (each missing or blank text) is a blank line, as an empty line
    of a CSV file is: counted in :attr:`Workforce.blank_lines`, neither placed nor rejected.
    Numbers read as their text in a CSV file does (``3.0`` as ``3``), dates and datetimes as
    year-first text (``2025-07-01``). A cell holding anything else (a duration, a list)
    raises :class:`~apsperf.ValidationError` naming its line and column.

    pandas and polars guess column types as they read a file, and a column of identifiers
    such as ``001`` becomes the number 1: the leading zeros are gone before apsperf sees the
    frame. Read workforce files with ``dtype=str`` (``pd.read_csv(path, dtype=str)``) or, in
    polars, ``infer_schema=False``. When the identifier column has a numeric type anyway, the
    workforce carries an ``identifier-numeric`` warning in :attr:`Workforce.findings`.

    Ratings, label maps, ``box``, dates, ``keep``, ``strict`` and ``redact`` are as for
    :func:`read_workforce`.
    """
    with redacting(redact):
        table = _read_frame(frame)
    workforce = workforce_from_rows(
        _rows(table.columns),
        header=table.header,
        columns=columns,
        keep=keep,
        performance=performance,
        potential=potential,
        performance_labels=performance_labels,
        potential_labels=potential_labels,
        box=box,
        strict=strict,
        source="DataFrame",
        first_line=_FIRST_LINE,
        redact=redact,
    )
    finding = _numeric_identifiers(table, workforce)
    if finding is None:
        return workforce
    if redact:
        finding = Finding(
            code=finding.code,
            severity=finding.severity,
            message=redacted(finding.message),
            path=finding.path,
        )
    return workforce._evolve(findings=(*workforce.findings, finding))


def _read_frame(frame: object) -> _Table:
    """The header, columns and column types of a pandas or polars frame."""
    # A frame's library is already imported (the frame was made with it): look it up
    # rather than import it, so that a polars user needs no pandas and the reverse.
    polars = sys.modules.get("polars")
    if polars is not None:
        if isinstance(frame, polars.LazyFrame):
            frame = frame.collect()
        if isinstance(frame, polars.DataFrame):
            return _polars_table(frame)
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(frame, pandas.DataFrame):
        return _pandas_table(frame, pandas)
    raise ValidationError(
        f"expected a pandas or polars DataFrame, got {type(frame).__name__}", path="frame"
    )


def _pandas_table(frame: pd.DataFrame, pandas: ModuleType) -> _Table:
    types = pandas.api.types
    header = [str(name) for name in frame.columns]
    columns: list[list[object]] = []
    numeric: list[bool] = []
    for position, name in enumerate(header):
        series = frame.iloc[:, position]
        values: list[object] = series.tolist()  # plain Python values for numpy columns
        missing = series.isna()
        if missing.any():  # NaN, None, pd.NA, NaT: an empty cell
            values = [None if gone else v for v, gone in zip(values, missing.tolist(), strict=True)]
        columns.append(_cells(values, name))
        dtype = series.dtype
        numeric.append(bool(types.is_integer_dtype(dtype) or types.is_float_dtype(dtype)))
    return _Table(header, columns, numeric, _PANDAS_HINT)


def _polars_table(frame: pl.DataFrame) -> _Table:
    header = list(frame.columns)
    columns: list[list[object]] = []
    numeric: list[bool] = []
    for series in frame.get_columns():
        values: list[object] = series.to_list()  # nulls are None
        columns.append(_cells(values, series.name))
        numeric.append(series.dtype.is_numeric())
    return _Table(header, columns, numeric, _POLARS_HINT)


def _cells(values: list[object], name: str) -> list[object]:
    """``values`` as cells the builder reads: numpy scalars as Python's; others refused."""
    odd = [t for t in set(map(type, values)) if t is not type(None)]
    if all(issubclass(t, _CELL_TYPES) for t in odd):
        return values
    return [_cell(value, name, row) for row, value in enumerate(values)]


def _cell(value: object, name: str, row: int) -> object:
    if value is None or isinstance(value, _CELL_TYPES):
        return value
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic):
        plain = _from_numpy(value, numpy)
        if plain is None or isinstance(plain, _CELL_TYPES):
            return plain
    kind = type(value).__name__
    raise ValidationError(
        f"a {kind} in column {quoted(name)}, which is not read: a cell must be text, a number, "
        "a date or missing; convert the column to text, or leave it out of the frame",
        path=f"DataFrame, line {row + _FIRST_LINE}, {name}",
    )


def _from_numpy(value: Any, numpy: ModuleType) -> object:
    """A numpy scalar as the Python value it stands for (a datetime64 as a datetime)."""
    if isinstance(value, numpy.datetime64):  # in nanoseconds, .item() would be an int
        value = value.astype("datetime64[us]")
    plain: object = value.item()
    return plain


def _empty(cell: object) -> bool:
    """Whether a cell holds no value (missing, blank text, NaN)."""
    if cell is None:
        return True
    if isinstance(cell, str):
        return not cell.strip()
    return isinstance(cell, float) and math.isnan(cell)


def _blank_rows(columns: list[list[object]]) -> set[int]:
    """The rows with no value in any cell."""
    blank: set[int] | None = None
    for values in columns:
        blank = _empty_rows(values, blank)
        if not blank:
            return set()
    return blank or set()


def _empty_rows(values: list[object], among: set[int] | None) -> set[int]:
    """The rows (of ``among``, or all) whose cell in ``values`` holds no value."""
    if among is not None:
        return {row for row in among if _empty(values[row])}
    kinds = set(map(type, values))
    if kinds == {str}:  # the usual first column: checked in C
        texts = cast("list[str]", values)
        return set(compress(range(len(texts)), map(not_, map(str.strip, texts))))
    if not any(kind is type(None) or issubclass(kind, (str, float)) for kind in kinds):
        return set()  # integers, dates: never empty
    return {row for row, cell in enumerate(values) if _empty(cell)}


def _rows(columns: list[list[object]]) -> Iterator[Sequence[object]]:
    """The frame's rows; a row with no value in any cell is empty (a blank line)."""
    blank = _blank_rows(columns)
    rows = zip(*columns, strict=True)
    if not blank:
        return rows
    return (() if row in blank else cells for row, cells in enumerate(rows))


def _numeric_identifiers(table: _Table, workforce: Workforce) -> Finding | None:
    """The warning for an identifier column read from a column of numbers, if it was."""
    name = workforce.columns.get("employee_id")
    if name is None:
        return None
    # The builder strips header cells; the identifier column's header is never repeated.
    stripped = [cell.lstrip("\ufeff").strip() for cell in table.header]
    if name not in stripped or not table.numeric[stripped.index(name)]:
        return None
    return Finding(
        code="identifier-numeric",
        severity=Severity.WARNING,
        message=f"the identifiers in {quoted(table.header[stripped.index(name)])} were read "
        "from a column of numbers, so any leading zeros were lost before apsperf saw them "
        f"(001 became 1); {table.hint}",
        path=name,
    )
