"""An interactive explorer: one self-contained, offline HTML page of the graph.

:func:`make_explorer` (or ``kg.explore(...)``) returns an :class:`Explorer` whose
:meth:`~Explorer.write` saves a single HTML file that opens in any browser without a
network: search entities by label or synonym (accents ignored), click a node for its
card (types, definition, synonyms, codes, cautions, red flags) or an edge for its
sources and evidence (verdict, rationale, citations with DOI links), filter by class and
by minimum evidence, and highlight the cause → mechanism → treatment routes from a
chosen cause. Shapes, colours and legend are those of the Graphviz diagrams (one
:class:`~spasmgraph.diagram.style.Style`). In Jupyter the page shows inline, in a
sandboxed frame.

The parts: :mod:`~spasmgraph.explore.data` (the page's JSON data),
:mod:`~spasmgraph.explore.scenes` (a scene of chosen entities),
:mod:`~spasmgraph.explore.routes` (the routes from each cause),
:mod:`~spasmgraph.explore.page` (the HTML, its Content-Security-Policy and the safe
embedding of the data) and :mod:`~spasmgraph.explore.explorer` (the :class:`Explorer`).
The app itself is ``static/explorer.js`` with ``static/explorer.css``; cytoscape.js
(MIT) is vendored in ``vendor/`` with its licence and ``VENDOR.json``, refreshed by
``scripts/vendor_cytoscape.py``.

Health information, not medical advice: the page always says so.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> page = make_explorer(kg.index, graph=kg.graph, focus="ibuprofen")
>>> any(n["label"] == "NSAID" for n in page.data["nodes"])
True
"""

from __future__ import annotations

from .data import DISCLAIMER, build_payload, doi_url, safe_url
from .explorer import Explorer, make_explorer
from .page import csp_hash, render_page, script_json
from .scenes import entities_scene

__all__ = [
    "DISCLAIMER",
    "Explorer",
    "build_payload",
    "csp_hash",
    "doi_url",
    "entities_scene",
    "make_explorer",
    "render_page",
    "safe_url",
    "script_json",
]
