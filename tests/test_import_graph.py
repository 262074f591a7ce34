"""Dependencies between apsperf's modules run one way: the import graph has no cycles.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a lazy
import hides a cycle from the interpreter, not from the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "apsperf"


def _module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    """Each apsperf module under ``src`` and the apsperf modules it imports anywhere in its body."""
    files = {_module_name(p, src): p for p in (src / "apsperf").rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    targets.append(submodule if submodule in files else base)
            for target in targets:
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_graph_sees_function_level_imports() -> None:
    graph = import_graph()
    assert "apsperf.segmentation.analysis._review" in graph["apsperf.segmentation.render._frames"]
    assert graph["apsperf"] >= {"apsperf.errors", "apsperf.findings"}


def test_a_cycle_is_found() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles_among_modules() -> None:
    assert find_cycles(import_graph()) == []


# -- layers ----------------------------------------------------------------------------------

LAYERS = ("model", "io", "analysis", "render", "cli")
"""A domain's layers, in the direction data flows: each may import only those before it."""
BESIDE_CLI = ("workspace",)
"""Folders at the top with ``cli`` (the council workspace, which ``apsperf council`` starts):
they may import every layer below, and nothing below imports them."""
LAYERED_DOMAINS = tuple(
    f"apsperf.{d}" for d in ("segmentation", "guides", "agreements", "maturity")
)
RENDERING = ("apsperf._html", "apsperf._terminal")
"""Shared rendering helpers: the layers before ``render`` never import them."""
DOMAINS = ("segmentation", "guides", "agreements", "maturity")
LAYERED_DOMAINS = tuple(f"apsperf.{domain}" for domain in DOMAINS)
"""Every domain is laid out in the layers."""


def _layer(module: str) -> tuple[str, int] | None:
    """The domain and layer number of a module in a layered domain (``None`` elsewhere)."""
    for domain in LAYERED_DOMAINS:
        rest = module.removeprefix(domain + ".")
        folder = rest.split(".")[0]
        if rest != module and folder in BESIDE_CLI:
            return domain, LAYERS.index("cli")
        if rest != module and folder in LAYERS:
            return domain, LAYERS.index(folder)
    return None


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Each import that runs against the layers, as "module -> imported"."""
    found = []
    for module, imported in sorted(graph.items()):
        here = _layer(module)
        if here is None:
            continue
        for target in sorted(imported):
            there = _layer(target)
            upward = there is not None and there[0] == here[0] and there[1] > here[1]
            renders = here[1] < LAYERS.index("render") and target in RENDERING
            facade = target == here[0]  # the package facade sits above every layer
            if upward or renders or facade:
                found.append(f"{module} -> {target}")
    return found


def test_the_layers_are_the_folders() -> None:
    graph = import_graph()
    for domain in LAYERED_DOMAINS:
        modules = [m for m in graph if m.startswith(domain + ".")]
        outside = [
            m
            for m in modules
            if m.removeprefix(domain + ".").split(".")[0] not in (*LAYERS, *BESIDE_CLI)
        ]
        assert outside == [], f"modules outside the layers: {outside}"
        assert all(_layer(f"{domain}.{layer}") for layer in LAYERS)


def test_no_import_runs_up_the_layers() -> None:
    assert upward_imports(import_graph()) == []


def test_an_upward_import_is_caught() -> None:
    graph = import_graph()
    planted = {k: set(v) for k, v in graph.items()}
    planted["apsperf.segmentation.model._workforce"].add("apsperf.segmentation.render._views")
    planted["apsperf.segmentation.analysis._review"].add("apsperf._html")
    assert set(upward_imports(planted)) - set(upward_imports(graph)) == {
        "apsperf.segmentation.analysis._review -> apsperf._html",
        "apsperf.segmentation.model._workforce -> apsperf.segmentation.render._views",
    }


def test_nothing_below_the_top_imports_the_workspace() -> None:
    graph = import_graph()
    planted = {k: set(v) for k, v in graph.items()}
    planted["apsperf.segmentation.render._pack"].add("apsperf.segmentation.workspace._council")
    planted["apsperf.segmentation.cli._council_cli"].add("apsperf.segmentation.workspace._app")
    assert set(upward_imports(planted)) - set(upward_imports(graph)) == {
        "apsperf.segmentation.render._pack -> apsperf.segmentation.workspace._council"
    }


def test_a_function_level_upward_import_is_caught(tmp_path: Path) -> None:
    package = tmp_path / "apsperf" / "segmentation"
    for folder in ("", "model", "render"):
        (package / folder).mkdir(parents=True, exist_ok=True)
        (package / folder / "__init__.py").write_text("")
    (tmp_path / "apsperf" / "__init__.py").write_text("")
    (package / "render" / "_views.py").write_text("def fragment(value):\n    return ''\n")
    (package / "model" / "_workforce.py").write_text(
        "def _repr_html_(self):\n"
        "    from apsperf.segmentation.render._views import fragment\n"
        "    return fragment(self)\n"
    )
    assert upward_imports(import_graph(tmp_path)) == [
        "apsperf.segmentation.model._workforce -> apsperf.segmentation.render._views"
    ]


def _package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Imports between the domains, from any module of one but its command line (which sits
    above every domain, as ``apsperf.cli`` does) to any module of another."""
    packages: dict[str, set[str]] = {f"apsperf.{d}": set() for d in DOMAINS}
    for module, imported in graph.items():
        source = next((p for p in packages if module.startswith(p + ".") or module == p), None)
        command_line = ".cli." in module or module.endswith(("._cli", ".cli"))
        if source is None or command_line:
            continue
        for target in imported:
            there = next((p for p in packages if target.startswith(p + ".") or target == p), None)
            if there is not None and there != source:
                packages[source].add(there)
    return packages


def test_no_cycle_between_domains() -> None:
    assert find_cycles(_package_graph(import_graph())) == []


def test_segmentation_reaches_guides_from_its_command_line_only() -> None:
    graph = import_graph()
    reaching = sorted(
        module
        for module, imported in graph.items()
        if module.startswith("apsperf.segmentation")
        and any(t.startswith("apsperf.guides") for t in imported)
    )
    assert all(m.startswith("apsperf.segmentation.cli.") for m in reaching), reaching


def test_no_private_name_is_imported_across_domains() -> None:
    graph = import_graph()
    crossing = []
    for module, imported in sorted(graph.items()):
        domain = module.split(".")[1] if module.count(".") >= 1 else ""
        for target in sorted(imported):
            parts = target.split(".")
            private = any(part.startswith("_") for part in parts[2:])
            if len(parts) > 2 and parts[1] in DOMAINS and parts[1] != domain and private:
                crossing.append(f"{module} -> {target}")
    assert crossing == []
