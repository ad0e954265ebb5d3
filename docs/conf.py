"""Sphinx configuration: the API reference and the ontology reference.

Build with ``sphinx-build -W -b html docs docs/_build/html`` (``bash dev.sh test`` does).
The ontology page is generated here from the bundled graph by
:func:`spasmgraph.reference.ontology_reference`.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import spasmgraph  # noqa: E402
from spasmgraph.reference import ontology_reference  # noqa: E402

project = "spasmgraph"
author = "The spasmgraph developers"
copyright = "2026, The spasmgraph developers"
release = spasmgraph.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
]
templates_path = ["_templates"]
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]
source_suffix = {".rst": "restructuredtext"}

autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"member-order": "bysource"}
autodoc_inherit_docstrings = False  # rdflib's Store docstrings are not reST
autodoc_typehints = "none"  # numpydoc's Parameters sections give the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

html_theme = "alabaster"
html_title = f"spasmgraph {release}"
html_static_path: list[str] = []


def _skip_type_aliases(
    app: object, what: str, name: str, obj: object, skip: bool, options: object
) -> bool | None:
    # A type alias such as ``Hop = tuple[...]`` is documented by its docstring in the
    # module, not as a class (autodoc cannot give a generic alias a signature).
    if isinstance(obj, (types.GenericAlias, types.UnionType)) or type(obj).__module__ == "typing":
        return True
    return None


def setup(app: Any) -> None:
    app.connect("autodoc-skip-member", _skip_type_aliases)


def _write_if_changed(path: Path, text: str) -> None:
    # Rewriting an unchanged page would make Sphinx re-read it on every build.
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


_write_if_changed(HERE / "_generated" / "ontology.inc", ontology_reference(spasmgraph.load()))
