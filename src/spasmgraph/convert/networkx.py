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

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
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


_Key = str
_Triple = tuple[Any, str, Any]  # subject term, predicate IRI, object term


class _Terms:
    """Node keys and rdflib values of the terms of one triple source, made once each."""

    def __init__(self, curies: Curies) -> None:
        self.curies = curies
        self.keys: dict[Any, str] = {}

    def key(self, term: Any) -> str:
        found = self.keys.get(term)
        if found is None:
            found = self.keys[term] = self._key(term)
        return found

    def _key(self, term: Any) -> str:
        return node_key(term, self.curies)

    def is_blank(self, term: Any) -> bool:
        return isinstance(term, BNode)

    def is_literal(self, term: Any) -> bool:
        return isinstance(term, Literal)

    def literal(self, term: Any) -> Literal:
        return term  # type: ignore[no-any-return]

    def iri(self, term: Any) -> str | None:
        return None if isinstance(term, BNode) else str(term)


class _OxTerms(_Terms):
    """The same over pyoxigraph terms, read straight from an Oxigraph store."""

    def __init__(self, curies: Curies, convert: Any) -> None:
        super().__init__(curies)
        import pyoxigraph as ox

        self._blank, self._literal, self._convert = ox.BlankNode, ox.Literal, convert

    def _key(self, term: Any) -> str:
        if type(term) is self._blank:
            return f"_:{term.value}"
        return self.curies.shorten(term.value)

    def is_blank(self, term: Any) -> bool:
        return type(term) is self._blank

    def is_literal(self, term: Any) -> bool:
        return type(term) is self._literal

    def literal(self, term: Any) -> Literal:
        return self._convert(term)  # type: ignore[no-any-return]

    def iri(self, term: Any) -> str | None:
        return None if type(term) is self._blank else str(term.value)


def _source(graph: Graph, curies: Curies) -> tuple[Iterable[_Triple], _Terms]:
    """The triples of *graph* and how to read their terms; Oxigraph's are read directly."""
    if "pyoxigraph" in sys.modules:
        from ..backends.oxigraph import OxigraphBackend
        from ..backends.oxigraph_terms import DEFAULT

        if OxigraphBackend.owns(graph):
            backend = OxigraphBackend.wrap(graph)
            quads = backend.inner.quads_for_pattern(None, None, None, DEFAULT)
            terms = _OxTerms(curies, graph.store.terms.term)  # type: ignore[attr-defined]
            return ((q.subject, q.predicate.value, q.object) for q in quads), terms
    return ((s, str(p), o) for s, p, o in graph), _Terms(curies)


def to_networkx(graph: Graph, index: Index) -> nx.MultiDiGraph[str]:
    """Convert *graph* into a typed :class:`networkx.MultiDiGraph` (see the module docs).

    One pass over the triples: those of blank nodes are held back until it is known
    which are foldable axioms (see :func:`_fold`); nodes and edges are added in bulk.
    """
    curies = index.curies
    triples, terms = _source(graph, curies)
    labels = {str.__str__(k): v for k, v in index.labels.items()}
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[tuple[str, str, str, dict[str, str]]] = []
    blanks: dict[str, list[_Triple]] = {}
    blank_objects: set[str] = set()
    edge_attrs: dict[str, dict[str, str]] = {}
    key, is_blank, is_literal = terms.key, terms.is_blank, terms.is_literal
    short: dict[str, str] = {}

    def shorten(iri: str) -> str:
        found = short.get(iri)
        if found is None:
            found = short[iri] = curies.shorten(iri)
        return found

    def ensure(term: Any, k: str) -> dict[str, Any]:
        data = nodes.get(k)
        if data is None:
            iri = terms.iri(term)
            label = labels.get(iri, k) if iri is not None else k
            data = nodes[k] = {"iri": iri, "label": label, "types": []}
        return data

    def add(s: Any, p: str, o: Any) -> None:
        sk = key(s)
        data = ensure(s, sk)
        if is_literal(o):
            pk = shorten(p)
            data.setdefault(pk, []).append(terms.literal(o))
        elif p == _TYPE and not is_blank(o):
            data["types"].append(key(o))
        else:
            attrs = edge_attrs.get(p)
            if attrs is None:
                pk = shorten(p)
                attrs = edge_attrs[p] = {"predicate": pk, "label": index.label(URIRef(p))}
            ok = key(o)
            ensure(o, ok)
            edges.append((sk, ok, attrs["predicate"], attrs))

    for s, p, o in triples:
        if is_blank(o):
            blank_objects.add(key(o))
        if is_blank(s):
            blanks.setdefault(key(s), []).append((s, p, o))
        else:
            add(s, p, o)
    folded = _fold_blanks(blanks, blank_objects, edges, terms, shorten)
    for k, held in blanks.items():
        if k not in folded:
            for s, p, o in held:
                add(s, p, o)
    return _assemble(nodes, edges, folded, dict(curies.prefixes), shorten)


def _fold_blanks(
    blanks: dict[str, list[_Triple]],
    blank_objects: set[str],
    edges: list[tuple[str, str, str, dict[str, str]]],
    terms: _Terms,
    shorten: Callable[[str], str],
) -> dict[str, tuple[tuple[str, str, str], list[tuple[str, Any]]]]:
    """The blank nodes that fold into annotations (see :func:`_fold`), given every edge."""
    key, is_blank, is_literal = terms.key, terms.is_blank, terms.is_literal
    graph_edges = {(u, v, k) for u, v, k, _ in edges}
    for held in blanks.values():
        for s, p, o in held:
            if not is_literal(o) and (p != _TYPE or is_blank(o)):
                graph_edges.add((key(s), key(o), shorten(p)))
    return _fold(blanks, blank_objects, graph_edges, terms)


def _assemble(
    nodes: dict[str, dict[str, Any]],
    edges: list[tuple[str, str, str, dict[str, str]]],
    folded: dict[str, tuple[tuple[str, str, str], list[tuple[str, Any]]]],
    namespaces: dict[str, str],
    shorten: Callable[[str], str],
) -> nx.MultiDiGraph[str]:
    """The MultiDiGraph of *nodes* (values sorted) and *edges*, with *folded* annotations."""
    import networkx as nx

    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(namespaces=namespaces)
    for data in nodes.values():
        data["types"].sort()
        for name, value in data.items():
            if name != "types" and type(value) is list and len(value) > 1:
                value.sort(key=_sort_key)
    G.add_nodes_from(nodes.items())
    G.add_edges_from(edges)  # type: ignore[arg-type]  # (u, v, key, data): the stubs miss it
    _annotate(G, folded, shorten)
    return G


_TYPE = str(RDF.type)
_AXIOM = str(OWL.Axiom)
_STRUCTURE_IRIS = {str(p): n for n, p in enumerate(_STRUCTURE)}


def _fold(
    blanks: dict[str, list[_Triple]],
    blank_objects: set[str],
    graph_edges: set[tuple[str, str, str]],
    terms: _Terms,
) -> dict[str, tuple[tuple[str, str, str], list[tuple[str, Any]]]]:
    """The axiom nodes that become edge attributes without losing anything: an
    ``owl:Axiom`` blank node, never an object, with one rdf:type, one source, property
    and target, annotating an edge of the graph, and no blank-node values. Each maps to
    its edge and its other (predicate IRI, value) pairs."""
    out: dict[str, tuple[tuple[str, str, str], list[tuple[str, Any]]]] = {}
    for k, held in blanks.items():
        if k in blank_objects:
            continue
        parts: list[list[Any]] = [[], [], []]
        types: list[Any] = []
        rest: list[tuple[str, Any]] = []
        for _, p, o in held:
            slot = _STRUCTURE_IRIS.get(p)
            if slot is not None:
                parts[slot].append(o)
            elif p == _TYPE:
                types.append(o)
            else:
                rest.append((p, o))
        if len(types) != 1 or terms.is_literal(types[0]) or terms.iri(types[0]) != _AXIOM:
            continue
        if any(len(values) != 1 for values in parts):
            continue
        s, p, o = (values[0] for values in parts)
        if terms.is_literal(o) or terms.is_literal(p) or terms.is_blank(p):
            continue
        if terms.is_literal(s) or any(terms.is_blank(v) for _, v in rest):
            continue
        edge = (terms.key(s), terms.key(o), terms.curies.shorten(terms.iri(p) or ""))
        if edge not in graph_edges:
            continue
        out[k] = (edge, [(q, terms.literal(v) if terms.is_literal(v) else v) for q, v in rest])
    return out


def _annotate(
    G: nx.MultiDiGraph[str],
    folded: dict[str, tuple[tuple[str, str, str], list[tuple[str, Any]]]],
    shorten: Any,
) -> None:
    """Put each folded axiom's annotations on its edge, with the flat provenance."""
    annotations: dict[tuple[str, str, str], list[dict[str, list[Any]]]] = defaultdict(list)
    for edge, rest in folded.values():
        ann: dict[str, list[Any]] = defaultdict(list)
        for pred, value in rest:
            ann[shorten(pred)].append(
                value if isinstance(value, Literal) else _iri_key(value, shorten)
            )
        annotations[edge].append({k: sorted(v, key=_sort_key) for k, v in sorted(ann.items())})
    flat = {shorten(str(pred)): name for pred, name in _FLAT.items()}
    for (u, v, k), anns in annotations.items():
        data = G.edges[u, v, k]
        anns.sort(key=lambda a: sorted((kk, sorted(map(str, vv))) for kk, vv in a.items()))
        data["axioms"] = anns
        for pred, name in flat.items():
            for ann in anns:
                values = ann.get(pred)
                if values:
                    data[name] = str(values[0])
                    break


def _iri_key(value: Any, shorten: Any) -> str:
    text = value if isinstance(value, str) else getattr(value, "value", str(value))
    return shorten(str(text))  # type: ignore[no-any-return]


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
