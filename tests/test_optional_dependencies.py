"""A missing optional dependency is an ImportError with the pip command, never a ValueError."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from apsperf import ApsperfError, MissingDependencyError
from apsperf.errors import require
from apsperf.segmentation import (
    Level,
    Placement,
    Workforce,
    plot_nine_box,
    read_workforce,
    review,
    to_pandas,
    to_polars,
    write_review_xlsx,
)


def _workforce() -> Workforce:
    return Workforce.from_placements(
        [Placement(employee_id="E1", performance=Level.HIGH, potential=Level.HIGH)]
    )


CALLS: list[tuple[str, str, Callable[[Path], object]]] = [
    ("pandas", "pandas", lambda _: to_pandas(_workforce())),
    ("pandas", "pandas", lambda _: to_pandas(review(_workforce()))),
    ("polars", "polars", lambda _: to_polars(review(_workforce()))),
    ("matplotlib", "plot", lambda _: plot_nine_box(review(_workforce()))),
    ("openpyxl", "excel", lambda tmp: read_workforce(tmp / "people.xlsx")),
    ("openpyxl", "excel", lambda tmp: write_review_xlsx(review(_workforce()), tmp / "r.xlsx")),
]


@pytest.mark.parametrize(("module", "extra", "call"), CALLS)
def test_missing_dependency_names_the_pip_command(
    module: str,
    extra: str,
    call: Callable[[Path], object],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    for name in [m for m in sys.modules if m == module or m.startswith(f"{module}.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, module, None)
    (tmp_path / "people.xlsx").write_bytes(b"")
    (tmp_path / "people.csv").write_text("employee_id,performance,potential\nE1,high,low\n")
    with pytest.raises(MissingDependencyError) as info:
        call(tmp_path)
    error = info.value
    assert isinstance(error, ImportError)
    assert isinstance(error, ApsperfError)
    assert not isinstance(error, ValueError)
    assert f"pip install 'apsperf[{extra}]'" in str(error)
    assert error.extra == extra


def test_require_returns_the_module() -> None:
    assert require("json", extra="none") is sys.modules["json"]


def test_except_value_error_does_not_swallow_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'apsperf\[pandas\]'"):
        try:
            to_pandas(_workforce())
        except ValueError:
            pytest.fail("a missing dependency was caught as a ValueError")
