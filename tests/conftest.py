from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    # CI runs the same examples every time (seeded by test name), so a green run is
    # reproducible; local runs keep exploring new examples.
    "ci",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    # A second CI run explores new examples with a random seed (.ci/run prints it), within a
    # bounded budget so the run stays short.
    "random",
    derandomize=False,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)


_GATHERED: Counter[str] = Counter()
"""Hostile-input cases counted by the workers of a parallel run (pytest-xdist)."""


def _hostile_cases() -> Counter[str]:
    module = sys.modules.get("tests.test_hostile")
    return Counter(module.CASES) if module is not None else Counter()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On a worker of a parallel run: hand its hostile-input counts to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["hostile_cases"] = dict(_hostile_cases())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """On the controller of a parallel run: add up each worker's hostile-input counts."""
    _GATHERED.update(getattr(node, "workeroutput", {}).get("hostile_cases", {}))


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Report how many hostile-input cases ran (see tests/test_hostile.py)."""
    cases = _hostile_cases() + _GATHERED
    if not cases:
        return
    parts = ", ".join(f"{count:,} {name}" for name, count in sorted(cases.items()))
    write = getattr(terminalreporter, "write_line")  # noqa: B009
    write(f"hostile input: {sum(cases.values()):,} cases ran ({parts})")


SLOW_MODULES = frozenset(
    {
        "test_browser.py",
        "test_hostile.py",
        "test_public_types.py",
        "test_quality.py",
        "test_schema.py",
        "test_site.py",
        "test_workspace_browser.py",
    }
)
"""Modules marked ``slow``: ``python -m pytest -m "not slow"`` is the quick local run."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
