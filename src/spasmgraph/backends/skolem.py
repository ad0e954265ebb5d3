"""Stable skolemization: blank nodes as ``/.well-known/genid/`` IRIs named by content.

A remote SPARQL server cannot hand back the same blank node twice (each result labels
them afresh), so graphs are uploaded with their blank nodes replaced by IRIs, as RDF 1.1
§3.5 describes. spasmgraph names each blank node by a SHA-256 of its description (its
outgoing triples, with nested blank nodes named first), under
``https://w3id.org/spasmgraph/.well-known/genid/``. The name is therefore the same in every
upload of the same data, and two blank nodes with identical descriptions (for example
the same provenance stated twice) become one.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

__all__ = ["GENID", "deskolemize", "is_skolem", "skolemize"]

GENID = "https://w3id.org/spasmgraph/.well-known/genid/"
"""The namespace of spasmgraph's skolem IRIs."""

_MARK = "/.well-known/genid/"


def is_skolem(iri: str) -> bool:
    """True for a skolem IRI (spasmgraph's or any other ``/.well-known/genid/`` one).

    >>> is_skolem(GENID + "abc"), is_skolem("https://example.org/x")
    (True, False)
    """
    return _MARK in iri


def skolemize(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """A copy of *triples* with every blank node replaced by its stable skolem IRI.

    >>> from rdflib import Literal
    >>> a, b = BNode(), BNode()
    >>> p, s = URIRef("urn:p"), URIRef("urn:s")
    >>> g = skolemize([(s, p, a), (a, p, Literal(1)), (s, p, b), (b, p, Literal(1))])
    >>> len(g), len({o for o in g.objects(s, p)})
    (2, 1)
    """
    data = list(triples)
    outgoing: dict[BNode, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in data:
        if isinstance(s, BNode):
            outgoing[s].append((p, o))
    names: dict[BNode, URIRef] = {}
    visiting: set[BNode] = set()

    def name(node: BNode) -> URIRef:
        found = names.get(node)
        if found is not None:
            return found
        if node in visiting:  # a cycle of blank nodes: fall back on the local label
            return URIRef(GENID + "cycle-" + hashlib.sha256(str(node).encode()).hexdigest())
        visiting.add(node)
        lines = sorted(f"{p.n3()} {term(o).n3()}" for p, o in outgoing.get(node, ()))
        visiting.discard(node)
        digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        names[node] = URIRef(GENID + digest)
        return names[node]

    def term(node: Node) -> Node:
        return name(node) if isinstance(node, BNode) else node

    out = Graph()
    for s, p, o in data:
        out.add((term(s), p, term(o)))
    return out


def deskolemize(node: Node) -> Node:
    """A skolem IRI back as a blank node (labelled by its digest); other terms unchanged.

    >>> deskolemize(URIRef(GENID + "abc"))
    rdflib.term.BNode('abc')
    """
    if isinstance(node, URIRef) and _MARK in node:
        return BNode(str(node).rsplit("/", 1)[-1])
    return node
