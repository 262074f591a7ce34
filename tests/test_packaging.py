"""Package metadata says only what is true: every extra is used, every Python version proved."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "apsperf"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]

META_EXTRAS = {"test", "docs", "dev", "bench"}
"""Extras for working on apsperf itself (tests, the documentation site, the benchmarks' peers),
not for users."""
PROVED = {"3.11"}
"""Python versions a CI run tests (see .ci/run); add one only with a run that proves it."""


def _distribution(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert name, requirement
    return name.group(0).lower().replace("-", "_").replace(".", "_")


def imported_modules() -> set[str]:
    """The top-level names every module of apsperf imports, or asks ``require()`` for."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.partition(".")[0])
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "require"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value.partition(".")[0])
    return found


def test_the_import_scan_sees_imports_and_require_calls() -> None:
    found = imported_modules()
    assert {"attrs", "cattrs", "dateutil"} <= found  # plain imports
    assert {"matplotlib", "openpyxl", "pandas", "hypothesis"} <= found  # require("...")
    assert "scipy" not in found  # the tests use SciPy as a reference; apsperf never does


def test_every_extra_is_used_by_the_library() -> None:
    found = imported_modules()
    unused = {
        extra: [r for r in requirements if _distribution(r) not in found]
        for extra, requirements in PROJECT["optional-dependencies"].items()
        if extra not in META_EXTRAS
    }
    assert {extra: names for extra, names in unused.items() if names} == {}


def test_python_classifiers_name_only_proved_versions() -> None:
    versions = {
        c.rpartition(":: ")[2]
        for c in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert versions == PROVED
    assert PROJECT["requires-python"] == f">={min(PROVED, key=lambda v: int(v.split('.')[1]))}"
