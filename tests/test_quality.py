"""The project's own checks: mypy --strict and ruff stay clean, imports stay light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "src/apsperf"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_loads_no_content_and_no_optional_dependency() -> None:
    code = (
        "import sys, apsperf, apsperf.segmentation;"
        "heavy = [m for m in ('pandas', 'polars', 'pyarrow', 'numpy', 'scipy', 'matplotlib',"
        " 'openpyxl', 'tomllib')"
        " if m in sys.modules];"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_ruff_format_is_clean() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "format",
            "--check",
            "src",
            "tests",
            "benchmarks",
            "scripts",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# System paths a test or script may name on purpose (a device, a browser binary, a temp dir).
_SYSTEM_ROOTS = ("dev", "usr", "proc", "etc", "tmp", "bin", "sys", "opt")
_ABSOLUTE = re.compile(r"""(?<![\w.:/])["'](/[A-Za-z0-9_.+-]+)(/[A-Za-z0-9_.+-]*)*["']""")
_UP_LITERAL = re.compile(r"""["']\.\.[/\\]""")
_PARENTS = re.compile(r"\.parents\[(\d+)\]((?:\.parent)*)")
_ON_PURPOSE = "outside-path: hostile input"  # a line that names such a path as test data
_SCANNED = (".py", ".sh", ".toml", ".cfg", ".ini", ".yml", ".yaml")


def _project_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode == 0 and listed.stdout.strip():
        return [ROOT / name for name in listed.stdout.splitlines()]
    skip = {".git", ".venv", "build", "dist", "site", "__pycache__", ".hypothesis"}
    return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.parts)]


def outside_references(path: Path, text: str) -> list[str]:
    """Lines of ``text`` (the file at ``path``) that name a path outside the repository."""
    depth = len(path.relative_to(ROOT).parts) - 1  # folders between the file and the root
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        if _ON_PURPOSE in line:
            continue
        if _UP_LITERAL.search(line) or "shared/sources" in line:
            found.append(where)
            continue
        for match in _ABSOLUTE.finditer(line):
            if match.group(1).lstrip("/") not in _SYSTEM_ROOTS:
                found.append(where)
        for match in _PARENTS.finditer(line):
            ups = int(match.group(1)) + 1 + match.group(2).count(".parent")
            if ups > depth + 1:
                found.append(where)
    return found


def test_outside_reference_detector_catches_each_shape() -> None:
    sample = ROOT / "tests" / "guides" / "example.py"
    # Payloads are assembled here, so that no line of this file names a path outside the
    # repository itself.
    sibling, absolute = "sha" + "red", "/" + "srv/elsewhere/sources/plan.txt"
    for line in (
        f'SOURCES = Path(__file__).resolve().parents[2].parent / "{sibling}" / "sources"',
        f'SOURCE = Path("{absolute}")',
        'open("' + ".." + '/victim.txt")',
        "root = Path(__file__).parents[3]",
    ):
        assert outside_references(sample, line), line
    for line in (
        "ROOT = Path(__file__).resolve().parents[2]",
        'Path("/dev/null")',
        'executable_path="/usr/bin/chromium"',
        'url = "https://example.org/path"',
    ):
        assert not outside_references(sample, line), line


def test_no_project_file_reads_outside_the_repository() -> None:
    found = []
    for path in _project_files():
        if path.suffix not in _SCANNED and path.name != "run":
            continue
        if path == Path(__file__).resolve() or not path.is_file():
            continue
        found += outside_references(path, path.read_text("utf-8", errors="replace"))
    assert not found, "\n".join(found)


def test_every_module_is_read_in_one_sitting() -> None:
    """No module in src over 800 lines, and no module of the reading layer over 600."""
    src = Path(__file__).resolve().parents[1] / "src" / "apsperf"
    sizes = {
        path.relative_to(src).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in src.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 800} == {}
    reading = {n: s for n, s in sizes.items() if n.startswith("segmentation/io/")}
    assert {name: n for name, n in reading.items() if n > 600} == {}


TEXT_LIMIT = 400_000
"""The most bytes a text file of the project may hold (the largest, a guide's content, is
far under it): a runaway edit that repeats text (once, a 28 MB docs page) fails here."""


def test_no_text_file_has_grown_out_of_hand() -> None:
    big = [
        f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes"
        for folder in ("docs", "src", "tests", "scripts", "benchmarks")
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
        and path.suffix in {".md", ".py", ".toml", ".txt", ".html", ".css", ".js", ".json", ".csv"}
        and path.stat().st_size > TEXT_LIMIT
    ]
    assert big == []
