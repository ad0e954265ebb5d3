"""The architecture holds: layers point down, no import cycles, the core stays small.

The layer contract itself lives in pyproject.toml (``[tool.importlinter]``) and is checked
here with import-linter; grimp's import graph (which includes imports made inside
functions and under ``TYPE_CHECKING``) is checked for cycles with networkx.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "spasmgraph"
CORE = {"rdflib", "networkx", "pydot"}


@functools.cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("spasmgraph", cache_dir=None)


def test_layer_contract_is_kept() -> None:
    tool = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(tool), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def _module_graph() -> nx.DiGraph[str]:
    graph = _graph()
    modules: nx.DiGraph[str] = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            modules.add_edge(module, imported)
    return modules


def test_no_import_cycles() -> None:
    # A package's __init__ may import its own submodules (that is how it re-exports),
    # so an edge from a module to its own ancestor package is what would close a cycle.
    cycles = list(nx.simple_cycles(_module_graph(), length_bound=12))
    assert cycles == []


@pytest.mark.parametrize(
    "module",
    sorted(
        str(p.relative_to(PACKAGE.parent))
        .removesuffix(".py")
        .removesuffix("/__init__")
        .replace("/", ".")
        for p in PACKAGE.rglob("*.py")
    ),
)
def test_nothing_imports_the_package_root(module: str) -> None:
    graph = _graph()
    imported = graph.find_modules_directly_imported_by(module)
    assert module == "spasmgraph" or "spasmgraph" not in imported


def _third_party_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_core_imports_only_core_dependencies_at_module_level() -> None:
    """Extras are imported where they are used (inside functions), never at import time."""
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    allowed = CORE | stdlib | {"spasmgraph", "pyparsing"}
    extras_modules = {"oxigraph", "oxigraph_store", "oxigraph_terms"}  # import pyoxigraph
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        if path.stem in extras_modules:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = set()
        for node in tree.body:
            if isinstance(node, ast.Import):
                top.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                top.add(node.module.split(".")[0])
        if top - allowed:
            offenders[str(path.relative_to(PACKAGE))] = sorted(top - allowed)
    assert offenders == {}
