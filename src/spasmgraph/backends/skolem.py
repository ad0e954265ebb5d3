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

from ..errors import StoreError

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

    A blank node is named by a SHA-256 of its description (its outgoing triples, nested
    blank nodes by their own description) and of where it hangs (the triples that point
    to it, by the name of their subject). So two identical top-level descriptions, such
    as the same ``owl:Axiom`` stated twice, become one node, while identical structures
    under different owners (two RDF lists ``( sg:CareAction )``) stay apart, as OWL's
    RDF mapping needs.

    >>> from rdflib import Literal
    >>> a, b, c, d = BNode(), BNode(), BNode(), BNode()
    >>> p, s, t = URIRef("urn:p"), URIRef("urn:s"), URIRef("urn:t")
    >>> g = skolemize([(a, p, Literal(1)), (b, p, Literal(1)), (s, p, c), (t, p, d)])
    >>> len(g)  # a and b merge; c and d are empty but hang from different subjects
    3
    """
    data = list(triples)
    outgoing: dict[BNode, list[tuple[Node, Node]]] = defaultdict(list)
    incoming: dict[BNode, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in data:
        if isinstance(s, BNode):
            outgoing[s].append((p, o))
        if isinstance(o, BNode):
            incoming[o].append((s, p))
    contents: dict[BNode, str] = {}
    names: dict[BNode, URIRef] = {}

    def content(node: BNode, seen: frozenset[BNode] = frozenset()) -> str:
        found = contents.get(node)
        if found is None:
            if node in seen:  # a cycle of blank nodes: name it by its local label
                return "cycle:" + str(node)
            inner = seen | {node}
            lines = sorted(
                f"{p.n3()} {'[' + content(o, inner) + ']' if isinstance(o, BNode) else o.n3()}"
                for p, o in outgoing.get(node, ())
            )
            found = contents[node] = _digest("\n".join(lines))
        return found

    def name(node: BNode, seen: frozenset[BNode] = frozenset()) -> URIRef:
        found = names.get(node)
        if found is None:
            inner = seen | {node}
            where = sorted(
                f"{p.n3()} {'cycle' if s in inner else term(s, inner).n3()}"
                for s, p in incoming.get(node, ())
            )
            found = names[node] = URIRef(GENID + _digest(content(node) + "|" + "|".join(where)))
        return found

    def term(node: Node, seen: frozenset[BNode] = frozenset()) -> Node:
        return name(node, seen) if isinstance(node, BNode) else node

    out = Graph()
    try:
        for s, p, o in data:
            out.add((term(s), p, term(o)))
    except RecursionError:
        raise StoreError(
            "the blank nodes nest too deeply to skolemize (an RDF list or chain of several "
            "hundred blank nodes); give the long chain IRIs before uploading"
        ) from None
    return out


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def deskolemize(node: Node) -> Node:
    """A skolem IRI back as a blank node (labelled by its digest); other terms unchanged.

    >>> deskolemize(URIRef(GENID + "abc"))
    rdflib.term.BNode('abc')
    """
    if isinstance(node, URIRef) and _MARK in node:
        return BNode(str(node).rsplit("/", 1)[-1])
    return node
