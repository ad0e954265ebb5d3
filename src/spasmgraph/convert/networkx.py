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
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..index import Curies, Index, gc_paused
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
_TYPE = str(RDF.type)
_AXIOM = str(OWL.Axiom)
_STRUCTURE_IRIS = {str(p): n for n, p in enumerate(_STRUCTURE)}
_IRI, _BLANK, _LITERAL = 0, 1, 2  # the kinds of terms

_Pred = tuple[str, str, str]  # a predicate's IRI, CURIE and label
_Triple = tuple[Any, _Pred, Any]  # subject term, predicate, object term
_Edge = tuple[str, str, str]  # source, target and key of an edge
_Folded = dict[str, tuple[_Edge, list[tuple[str, Any]]]]


class _Kinds(dict[type, int]):
    """The kind (``_IRI``, ``_BLANK`` or ``_LITERAL``) of each class of terms, found once."""

    def __init__(self, blank: type, literal: type) -> None:
        super().__init__()
        self.blank, self.literal = blank, literal

    def __missing__(self, cls: type) -> int:
        blank, literal = issubclass(cls, self.blank), issubclass(cls, self.literal)
        kind = self[cls] = _BLANK if blank else _LITERAL if literal else _IRI
        return kind


class _Terms:
    """Kinds, node keys, predicates and values of the rdflib terms of one triple source,
    each worked out once per distinct term."""

    def __init__(self, index: Index, blank: type = BNode, literal: type = Literal) -> None:
        self.index, self.curies = index, index.curies
        self.kinds = _Kinds(blank, literal)
        self.literal: Callable[[Any], Literal] = lambda term: term  # rdflib's own
        self.keys: dict[Any, str] = {}
        self.predicates: dict[Any, _Pred] = {}
        self._short: dict[str, str] = {}

    def key(self, term: Any) -> str:
        found = self.keys.get(term)
        if found is None:
            found = self.keys[term] = self._key(term)
        return found

    def predicate(self, term: Any) -> _Pred:
        iri = self._text(term)
        found = self.predicates[term] = (iri, self.shorten(iri), self.index.label(URIRef(iri)))
        return found

    def shorten(self, iri: str) -> str:
        found = self._short.get(iri)
        if found is None:
            found = self._short[iri] = self.curies.shorten(iri)
        return found

    def is_blank(self, term: Any) -> bool:
        return self.kinds[type(term)] == _BLANK

    def is_literal(self, term: Any) -> bool:
        return self.kinds[type(term)] == _LITERAL

    def iri(self, term: Any) -> str | None:
        return None if self.is_blank(term) else self._text(term)

    def _key(self, term: Any) -> str:  # as node_key does
        text = self._text(term)
        return f"_:{text}" if self.is_blank(term) else self.curies.shorten(text)

    def _text(self, term: Any) -> str:
        return str(term)


class _OxTerms(_Terms):
    """The same over pyoxigraph terms, read straight from an Oxigraph store."""

    def __init__(self, index: Index, convert: Callable[[Any], Any]) -> None:
        import pyoxigraph as ox

        super().__init__(index, ox.BlankNode, ox.Literal)
        self.literal = convert

    def _text(self, term: Any) -> str:
        return str(term.value)


_SPO = attrgetter("subject", "predicate", "object")


def _source(graph: Graph, index: Index) -> tuple[Iterable[tuple[Any, Any, Any]], _Terms]:
    """The triples of *graph* and how to read their terms; Oxigraph's are read directly."""
    if "pyoxigraph" in sys.modules:
        from ..backends.oxigraph import OxigraphBackend
        from ..backends.oxigraph_terms import DEFAULT

        if OxigraphBackend.owns(graph):
            backend = OxigraphBackend.wrap(graph)
            quads = backend.inner.quads_for_pattern(None, None, None, DEFAULT)
            terms = _OxTerms(index, graph.store.terms.term)  # type: ignore[attr-defined]
            return map(_SPO, quads), terms
    return graph, _Terms(index)


def to_networkx(graph: Graph, index: Index) -> nx.MultiDiGraph[str]:
    """Convert *graph* into a typed :class:`networkx.MultiDiGraph` (see the module docs).

    One pass over the triples adds nodes and edges (see :func:`_adder`); those of blank
    nodes are held back until it is known which are foldable axioms (see :func:`_fold`).
    The cyclic garbage collector is paused meanwhile: nothing built here is cyclic.
    """
    import networkx as nx

    triples, terms = _source(graph, index)
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(namespaces=dict(index.curies.prefixes))
    with gc_paused():
        add = _adder(G, terms)
        blanks, blank_objects = _first_pass(triples, terms, add)
        folded = _fold(G, blanks, blank_objects, terms)
        for k, held in blanks.items():
            if k not in folded:
                for s, p, o in held:
                    add(s, p, o)
        _sort_values(G)
        _annotate(G, folded, terms.shorten)
    return G


def _first_pass(
    triples: Iterable[tuple[Any, Any, Any]], terms: _Terms, add: Callable[[Any, _Pred, Any], None]
) -> tuple[dict[str, list[_Triple]], set[str]]:
    """Add each triple whose subject is not blank; hold back the others by subject, and
    note which blank nodes are objects."""
    blanks: dict[str, list[_Triple]] = {}
    blank_objects: set[str] = set()
    keys, key, kinds, predicates = terms.keys, terms.key, terms.kinds, terms.predicates
    for s, p, o in triples:
        info = predicates.get(p) or terms.predicate(p)
        if kinds[type(o)] == _BLANK:
            blank_objects.add(keys.get(o) or key(o))
        if kinds[type(s)] == _BLANK:
            sk = keys.get(s) or key(s)
            held = blanks.get(sk)
            if held is None:
                held = blanks[sk] = []
            held.append((s, info, o))
        else:
            add(s, info, o)
    return blanks, blank_objects


def _adder(G: nx.MultiDiGraph[str], terms: _Terms) -> Callable[[Any, _Pred, Any], None]:
    """A function adding one triple to *G* as ``add_nodes_from`` then ``add_edges_from``
    would (same nodes, attributes, keys and orders, one attribute dict per edge), but
    straight into its node and adjacency dicts: networkx's methods take some 3 µs an edge."""
    raw: Any = G
    nodes: dict[str, dict[str, Any]] = raw._node
    succ: dict[str, dict[str, dict[str, Any]]] = raw._succ
    pred: dict[str, dict[str, dict[str, Any]]] = raw._pred
    labels = {str.__str__(k): v for k, v in terms.index.labels.items()}
    keys, key, kinds, literal, iri_of = terms.keys, terms.key, terms.kinds, terms.literal, terms.iri

    def node(term: Any, k: str) -> dict[str, Any]:
        iri = iri_of(term)
        label = k if iri is None else labels.get(iri, k)
        data = nodes[k] = {"iri": iri, "label": label, "types": []}
        succ[k], pred[k] = {}, {}
        return data

    def add(s: Any, p: _Pred, o: Any) -> None:
        sk = keys.get(s) or key(s)
        data = nodes.get(sk) or node(s, sk)
        kind = kinds[type(o)]
        if kind == _LITERAL:
            data.setdefault(p[1], []).append(literal(o))
        elif kind != _BLANK and p[0] == _TYPE:
            data["types"].append(keys.get(o) or key(o))
        else:
            ok = keys.get(o) or key(o)
            if ok not in nodes:
                node(o, ok)
            keydict = succ[sk].get(ok)
            if keydict is None:
                keydict = succ[sk][ok] = pred[ok][sk] = {}
            attrs = keydict.get(p[1])
            if attrs is None:
                keydict[p[1]] = {"predicate": p[1], "label": p[2]}
            else:  # two predicates with one CURIE: networkx updates the edge
                attrs.update(predicate=p[1], label=p[2])

    return add


def _has_edge(
    edge: _Edge, G: nx.MultiDiGraph[str], blanks: dict[str, list[_Triple]], terms: _Terms
) -> bool:
    """Whether *edge* is in *G*, or will be as the edge of a held triple of a blank node."""
    u, v, k = edge
    if k in G._succ.get(u, {}).get(v, ()):  # type: ignore[attr-defined]
        return True
    kinds = terms.kinds  # an edge as _adder makes one: blank object, or IRI not of rdf:type
    return any(
        p[1] == k
        and kinds[type(o)] != _LITERAL
        and (p[0] != _TYPE or kinds[type(o)] == _BLANK)
        and terms.key(o) == v
        for _, p, o in blanks.get(u, ())
    )


def _sort_values(G: nx.MultiDiGraph[str]) -> None:
    """Sort each node's types and each list of several literal values."""
    for data in G._node.values():  # type: ignore[attr-defined]
        data["types"].sort()
        for name, value in data.items():
            if name != "types" and type(value) is list and len(value) > 1:
                value.sort(key=_sort_key)


def _fold(
    G: nx.MultiDiGraph[str],
    blanks: dict[str, list[_Triple]],
    blank_objects: set[str],
    terms: _Terms,
) -> _Folded:
    """The axiom nodes that become edge attributes without losing anything: an
    ``owl:Axiom`` blank node, never an object, with one rdf:type, one source, property
    and target, annotating an edge of the graph, and no blank-node values. Each maps to
    its edge and its other (predicate IRI, literal or CURIE) pairs."""
    out: _Folded = {}
    for k, held in blanks.items():
        if k in blank_objects:
            continue
        parts: list[list[Any]] = [[], [], []]
        types: list[Any] = []
        rest: list[tuple[str, Any]] = []
        for _, (p, _, _), o in held:
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
        edge = (terms.key(s), terms.key(o), terms.shorten(terms.iri(p) or ""))
        if not _has_edge(edge, G, blanks, terms):
            continue
        values = [(q, terms.literal(v) if terms.is_literal(v) else terms.key(v)) for q, v in rest]
        out[k] = (edge, values)
    return out


def _annotate(G: nx.MultiDiGraph[str], folded: _Folded, shorten: Callable[[str], str]) -> None:
    """Put each folded axiom's annotations on its edge, with the flat provenance."""
    annotations: dict[_Edge, list[dict[str, list[Any]]]] = defaultdict(list)
    for edge, rest in folded.values():
        ann: dict[str, list[Any]] = defaultdict(list)
        for pred, value in rest:
            ann[shorten(pred)].append(value)
        annotations[edge].append({k: _sorted(v) for k, v in sorted(ann.items())})
    flat = {shorten(str(pred)): name for pred, name in _FLAT.items()}
    succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = G._succ  # type: ignore[attr-defined]
    for (u, v, k), anns in annotations.items():
        data = succ[u][v][k]
        if len(anns) > 1:
            anns.sort(key=lambda a: sorted((kk, sorted(map(str, vv))) for kk, vv in a.items()))
        data["axioms"] = anns
        for pred, name in flat.items():
            for ann in anns:
                values = ann.get(pred)
                if values:
                    data[name] = str(values[0])
                    break


def _sorted(values: list[Any]) -> list[Any]:
    """*values* in :func:`_sort_key` order (a single value is left as it is)."""
    return sorted(values, key=_sort_key) if len(values) > 1 else values


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
