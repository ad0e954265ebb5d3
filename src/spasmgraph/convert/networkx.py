"""RDF ↔ networkx: a typed :class:`networkx.MultiDiGraph` view that round-trips losslessly.

:func:`to_networkx` maps

* every IRI or blank node to a node keyed by its CURIE (``"sg:ibuprofen"``), full IRI, or
  ``"_:id"``, with attributes ``iri``, ``label`` and ``types`` (CURIEs of its classes);
* every literal-valued triple to a node attribute keyed by the predicate's CURIE, whose value
  is the list of :class:`rdflib.Literal` objects (``str`` subclasses that keep datatype and
  language; call ``.toPython()`` for a Python value). Literals are never nodes;
* every other triple to an edge keyed by the predicate's CURIE, with attributes
  ``predicate`` and ``label``;
* every ``owl:Axiom`` that annotates a triple to that edge's ``axioms`` list (one dict of
  annotation CURIE → values per axiom), plus the flat provenance attributes ``source``,
  ``locator``, ``mode`` and ``claim`` taken from the first such axiom.

:func:`from_networkx` reverses this, so ``from_networkx(to_networkx(g))`` is isomorphic to
``g``. The graph attribute ``namespaces`` records the prefixes used. For files (GraphML,
GEXF, node-link JSON) see :mod:`spasmgraph.convert.export`.

>>> from rdflib import Graph
>>> from spasmgraph.backends import backend_for
>>> from spasmgraph.index import build_index
>>> g = Graph().parse(format="turtle", data=(
...     "@prefix sg: <https://w3id.org/spasmgraph/> . "
...     "sg:heat a sg:HomeRemedy ; sg:actsOn sg:tension ; "
...     "<http://www.w3.org/2000/01/rdf-schema#label> 'heat'@en ."))
>>> G = to_networkx(g, build_index(backend_for(g)))
>>> G.nodes["sg:heat"]["label"], G.nodes["sg:heat"]["types"]
('heat', ['sg:HomeRemedy'])
>>> list(G.edges(keys=True))
[('sg:heat', 'sg:tension', 'sg:actsOn')]
>>> len(from_networkx(G)) == len(g)
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..index import Curies, Index, node_key
from ..vocab import DCTERMS, OWL, PREFIXES, RDF, SG

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["from_networkx", "to_networkx"]

_STRUCTURE = (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)
_FLAT = {
    DCTERMS.source: "source",
    SG.locator: "locator",
    SG.assertionMode: "mode",
    SG.expressesClaim: "claim",
}


def _foldable_axioms(graph: Graph) -> dict[BNode, tuple[Node, URIRef, Node]]:
    """Axiom nodes that can become edge attributes without losing anything."""
    objects_seen = {o for o in graph.objects() if isinstance(o, BNode)}
    out: dict[BNode, tuple[Node, URIRef, Node]] = {}
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        if not isinstance(axiom, BNode) or axiom in objects_seen:
            continue
        parts = [list(graph.objects(axiom, p)) for p in _STRUCTURE]
        if any(len(values) != 1 for values in parts):
            continue
        s, p, o = parts[0][0], parts[1][0], parts[2][0]
        if isinstance(o, Literal) or not isinstance(p, URIRef) or (s, p, o) not in graph:
            continue
        if len(list(graph.objects(axiom, RDF.type))) != 1:
            continue
        if any(isinstance(v, BNode) for _, v in graph.predicate_objects(axiom)):
            continue
        out[axiom] = (s, p, o)
    return out


def to_networkx(graph: Graph, index: Index) -> nx.MultiDiGraph[str]:
    """Convert *graph* into a typed :class:`networkx.MultiDiGraph` (see the module docs)."""
    import networkx as nx

    curies = index.curies
    key = curies.shorten
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(namespaces=dict(curies.prefixes))
    folded = _foldable_axioms(graph)

    def ensure(node: Node) -> str:
        k = node_key(node, curies)
        if k not in G:
            G.add_node(
                k,
                iri=None if isinstance(node, BNode) else str(node),
                label=index.label(node),
                types=[],
            )
        return k

    for s, p, o in graph:
        if s in folded:
            continue
        sk = ensure(s)
        pk = key(str(p))
        if p == RDF.type and isinstance(o, URIRef):
            G.nodes[sk]["types"].append(key(str(o)))
        elif isinstance(o, Literal):
            G.nodes[sk].setdefault(pk, []).append(o)
        else:
            G.add_edge(sk, ensure(o), key=pk, predicate=pk, label=index.label(p))
    for data in G.nodes.values():
        data["types"].sort()
        for name, value in data.items():
            if isinstance(value, list) and name != "types":
                value.sort(key=_sort_key)

    annotations: dict[tuple[str, str, str], list[dict[str, list[Any]]]] = defaultdict(list)
    for axiom, (s, p, o) in folded.items():
        ann: dict[str, list[Any]] = defaultdict(list)
        for pred, value in graph.predicate_objects(axiom):
            if pred in _STRUCTURE or pred == RDF.type:
                continue
            ann[key(str(pred))].append(value if isinstance(value, Literal) else key(str(value)))
        annotations[(node_key(s, curies), node_key(o, curies), key(str(p)))].append(
            {k: sorted(v, key=_sort_key) for k, v in sorted(ann.items())}
        )
    for (u, v, k), anns in annotations.items():
        edge = G.edges[u, v, k]
        anns.sort(key=lambda a: sorted((kk, sorted(map(str, vv))) for kk, vv in a.items()))
        edge["axioms"] = anns
        for pred, flat in _FLAT.items():
            for ann in anns:
                values = ann.get(key(str(pred)))
                if values:
                    edge[flat] = str(values[0])
                    break
    return G


def _sort_key(value: Any) -> tuple[str, str, str]:
    if isinstance(value, Literal):
        return (str(value.datatype or ""), value.language or "", str(value))
    return ("", "", str(value))


def _expander(G: nx.MultiDiGraph[str]) -> tuple[Curies, dict[str, BNode]]:
    namespaces = G.graph.get("namespaces") or PREFIXES
    return Curies(namespaces.items()), {}


def from_networkx(G: nx.MultiDiGraph[str]) -> Graph:
    """Rebuild an rdflib :class:`~rdflib.Graph` from a view made by :func:`to_networkx`.

    Node attributes whose key is not a CURIE or IRI (for example a centrality score you
    added) have no RDF meaning and are left out.
    """
    curies, bnodes = _expander(G)
    graph = Graph()
    for prefix, ns in curies.prefixes.items():
        graph.bind(prefix, ns, override=True)

    def iri(text: str) -> URIRef:
        return URIRef(curies.expand(text) or text)

    def term(k: str) -> URIRef | BNode:
        if k.startswith("_:"):
            return bnodes.setdefault(k, BNode())
        data = G.nodes[k] if k in G else {}
        return URIRef(data.get("iri") or curies.expand(k) or k)

    def value(v: Any) -> Node:
        return v if isinstance(v, Literal) else iri(str(v))

    for k, data in G.nodes(data=True):
        t = term(k)
        for cls in data.get("types", ()):
            graph.add((t, RDF.type, iri(cls)))
        for name, values in data.items():
            if name in ("iri", "label", "types") or not _is_iri_key(name, curies):
                continue
            for v in values if isinstance(values, (list, tuple)) else [values]:
                graph.add((t, iri(name), v if isinstance(v, Literal) else Literal(v)))
    for u, v, k, data in G.edges(keys=True, data=True):
        s, o = term(u), term(v)
        p = iri(str(data.get("predicate", k)))
        graph.add((s, p, o))
        for ann in data.get("axioms", ()):
            axiom = BNode()
            graph.add((axiom, RDF.type, OWL.Axiom))
            graph.add((axiom, OWL.annotatedSource, s))
            graph.add((axiom, OWL.annotatedProperty, p))
            graph.add((axiom, OWL.annotatedTarget, o))
            for pred, vals in ann.items():
                for val in _as_list(vals):
                    graph.add((axiom, iri(pred), value(val)))
    return graph


def _as_list(values: Any) -> Iterable[Any]:
    return values if isinstance(values, (list, tuple)) else [values]


def _is_iri_key(name: str, curies: Curies) -> bool:
    return curies.expand(name) is not None or name.startswith(("http://", "https://", "urn:"))
