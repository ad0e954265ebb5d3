"""Conversions between Oxigraph's terms and rdflib's, shared by the Oxigraph modules.

Oxigraph writes plain strings as ``xsd:string`` literals; they come back here as rdflib's
plain literals, which is what rdflib's own parsers produce, so both stores give the same
terms.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from ..errors import StoreError

__all__ = ["DEFAULT", "Terms", "graph_name", "pattern_term", "to_ox"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
DEFAULT = ox.DefaultGraph()
"""Oxigraph's default graph, the only one spasmgraph reads."""


class Terms:
    """Converts Oxigraph terms to rdflib terms, re-using the IRIs it has already made.

    rdflib's ``URIRef`` constructor validates its input, which costs more than a dictionary
    lookup; knowledge graphs repeat the same few thousand IRIs (classes, properties, hubs).
    """

    __slots__ = ("_iris", "_limit")

    def __init__(self, limit: int = 200_000) -> None:
        self._iris: dict[str, URIRef] = {}
        self._limit = limit

    def iri(self, value: str) -> URIRef:
        found = self._iris.get(value)
        if found is None:
            found = URIRef(value)
            if len(self._iris) < self._limit:
                self._iris[value] = found
        return found

    def term(self, term: Any) -> Node:
        kind = type(term)
        if kind is ox.NamedNode:
            return self.iri(term.value)
        if kind is ox.Literal:
            language = term.language
            if language:
                return Literal(term.value, lang=language)
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=self.iri(datatype))
        if kind is ox.BlankNode:
            return BNode(term.value)
        if kind is ox.DefaultGraph:
            return DATASET_DEFAULT_GRAPH_ID
        raise StoreError(f"spasmgraph cannot represent the Oxigraph term {term!r} in rdflib")


def to_ox(term: Node) -> Any:
    """The Oxigraph term of an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot pass {term!r} to Oxigraph")


def pattern_term(term: Any) -> Any:
    return None if term is None else to_ox(term)


def graph_name(context: Any) -> Any:
    if context is None:
        return None
    ident = getattr(context, "identifier", context)
    if ident == DATASET_DEFAULT_GRAPH_ID:
        return DEFAULT
    return to_ox(ident)
