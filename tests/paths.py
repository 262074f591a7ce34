"""Where the tests find what the repository carries: every path is inside the clone."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository's root folder."""

SOURCES = ROOT / "sources"
"""The vendored source documents (see sources/README.md)."""

CONTENT = ROOT / "src" / "apsperf"
"""The package source, for tests that read packaged content files directly."""
