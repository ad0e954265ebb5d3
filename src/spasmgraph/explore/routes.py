"""Cause → mechanism → treatment routes from each cause of a scene, for highlighting.

For every cause drawn, :func:`cause_routes` asks :func:`spasmgraph.paths.find_paths`
for the paths to a treatment whose intermediate nodes are all mechanisms (the same
question as ``kg.paths(cause, "Treatment", via=["Mechanism"])``), and keeps those drawn
in full, as lists of the page's node and edge ids.

>>> import spasmgraph as sg
>>> from spasmgraph.diagram.scene import make_scene
>>> index = sg.load().index
>>> scene = make_scene(index)
>>> edges = [{"id": f"e{i}"} for i in range(len(scene.edges))]
>>> routes = cause_routes(index, scene, edges)
>>> exercise = next(r for r in routes if r["label"] == "intense exercise")
>>> exercise["paths"][0]["labels"][0], len(exercise["paths"]) > 1
('intense exercise', True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import URIRef

from ..diagram.scene import Scene
from ..index import Index
from ..paths import Path, find_paths
from ..vocab import SG

__all__ = ["MAX_HOPS", "ROUTE_LIMIT", "cause_routes"]

MAX_HOPS = 4
"""The longest route searched, in relations."""
ROUTE_LIMIT = 50
"""The most routes kept per cause, shortest first."""


def cause_routes(
    index: Index, scene: Scene, edges: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """For each cause of *scene* with a route drawn in full: its id, label and routes.

    *edges* are the page's edges, in the order of ``scene.edges`` (their ``"id"`` is
    used). Each route has ``nodes`` and ``edges`` (ids), ``labels`` and ``weakest`` (the
    weakest verdict of its graded steps, ``None`` if one is unassessed).
    """
    if not {SG.Cause, SG.Mechanism, SG.Treatment} <= index.classes:
        return []
    node_ids = {n.curie: n.id for n in scene.nodes}
    edge_ids = {
        (e.source, e.predicate, e.target): page["id"]
        for e, page in zip(scene.edges, edges, strict=True)
    }
    out = []
    for node in scene.nodes:
        iri = URIRef(index.curies.expand(node.curie) or node.curie)
        if not index.is_instance(iri, SG.Cause):
            continue
        found = find_paths(
            index,
            [iri],
            target_classes=[SG.Treatment],
            via=[SG.Mechanism],
            max_hops=MAX_HOPS,
            limit=ROUTE_LIMIT,
        )
        routes = [r for r in (_route(p, node_ids, edge_ids) for p in found) if r is not None]
        if routes:
            out.append({"id": node.id, "label": node.label, "paths": routes})
    return out


def _route(
    path: Path, node_ids: Mapping[str, str], edge_ids: Mapping[tuple[str, str, str], str]
) -> dict[str, Any] | None:
    """The route of *path* in page ids, or ``None`` if part of it is not drawn."""
    nodes = [node_ids.get(curie) for curie in path.nodes]
    edges = [
        edge_ids.get((s.subject, s.predicate, s.object)) or edge_ids.get(s.asserted)
        for s in path.steps
    ]
    if None in nodes or None in edges:
        return None
    return {
        "nodes": nodes,
        "edges": edges,
        "labels": list(path.labels),
        "weakest": path.weakest_verdict,
    }
