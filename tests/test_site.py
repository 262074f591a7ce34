"""The documentation site builds with MkDocs in strict mode (any warning fails the build)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import griffe
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.yml"


def nav_pages(entries: list[object]) -> list[str]:
    pages: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            pages.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                pages.extend(nav_pages(value) if isinstance(value, list) else [value])
    return pages


def load_config() -> dict[str, object]:
    config = yaml.load(CONFIG.read_text("utf-8"), Loader=yaml.BaseLoader)
    assert isinstance(config, dict)
    return config


def test_site_builds_in_strict_mode(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(CONFIG),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    reference = (tmp_path / "site" / "reference" / "segmentation" / "index.html").read_text()
    assert "apsperf.segmentation.Placement" in reference
    assert ":class:" not in reference
    check_reference_pages(tmp_path / "site" / "reference")


def check_reference_pages(site: Path) -> None:
    """No special-method noise in the reference, and long signatures wrapped one per line."""
    pages = {p.parent.name: p.read_text("utf-8") for p in site.glob("*/index.html")}
    assert {"segmentation", "agreements", "maturity"} <= set(pages)
    for name, text in pages.items():
        assert "__attrs_post_init__" not in text, name
        assert "__repr__" not in text and "_repr_html_" not in text, name
    assert "__contains__" in pages["apsperf"]  # a documented special member stays
    start = pages["segmentation"].index('id="apsperf.segmentation.read_workforce"')
    signature = pages["segmentation"][start:].partition('class="doc-signature')[2][:6000]
    signature = signature.partition("</code>")[0]
    assert signature.count("\n") >= 5, signature[:1000]  # one parameter per line


def test_every_page_in_nav_exists_and_every_module_page_is_listed() -> None:
    pages = nav_pages(load_config()["nav"])  # type: ignore[arg-type]
    for page in pages:
        assert (ROOT / "docs" / page).is_file(), page
    reference = {
        p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "reference").glob("*.md")
    }
    assert reference <= set(pages)
    assert pages[0] == "index.md"


def load_roles_extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_roles", ROOT / "docs/reference/_roles.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docstring_roles_become_linked_code_and_examples_are_fenced() -> None:
    roles = load_roles_extension()
    loaded = griffe.load("apsperf.segmentation", search_paths=[ROOT / "src"])
    placement = loaded["Placement"]
    text = roles.markdown(
        "Raises :class:`~apsperf.ValidationError`; see :func:`check_placement`, "
        ":meth:`Level.parse` and :attr:`nowhere`. Use ``to_dict``::\n\n"
        "    code\n\n>>> 1 + 1\n2\n\nAfter.",
        placement,
    )
    assert '<autoref identifier="apsperf.ValidationError" optional>' in text
    assert "<code>ValidationError</code>" in text
    assert 'identifier="apsperf.segmentation.model._placement.check_placement"' in text
    assert 'identifier="apsperf.segmentation.model._levels.Level.parse"' in text
    assert "<code>nowhere</code>" in text
    assert 'identifier="nowhere"' not in text
    assert "Use `to_dict`:\n" in text
    assert "```pycon\n>>> 1 + 1\n2\n```\n\nAfter." in text
