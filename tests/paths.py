"""Where the tests find what the repository carries: every path is inside the clone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
"""The repository's root folder."""

SOURCES = ROOT / "sources"
"""The vendored source documents (see sources/README.md)."""

CONTENT = ROOT / "src" / "apsperf"
"""The package source, for tests that read packaged content files directly."""


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (a generator whose output a test compares)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
