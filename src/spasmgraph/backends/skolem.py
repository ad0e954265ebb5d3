"""Stable skolemization: blank nodes as ``/.well-known/genid/`` IRIs named by content.

A remote SPARQL server cannot hand back the same blank node twice (each result labels
them afresh), so graphs are uploaded with their blank nodes replaced by IRIs, as RDF 1.1
§3.5 describes. spasmgraph names each blank node by a SHA-256 of its description (its
outgoing triples, with nested blank nodes named first) and of where it hangs (the
triples pointing to it), under ``https://w3id.org/spasmgraph/.well-known/genid/``. The
name is therefore the same in every upload of the same data, and two blank nodes with
identical descriptions (for example the same provenance stated twice) become one.

The work is done on the N-Triples text of the terms (:func:`term_text`, the form Oxigraph
prints: language tags in lower case, ``xsd:string`` left implicit), so that a file parsed
by Oxigraph and a graph held by rdflib give the same names, and only the triples that
touch a blank node are kept in memory (:class:`Skolemizer`). rdflib rewrites some literals
as it parses (``"01"^^xsd:integer`` becomes ``"1"``): a blank node described by such a
literal is named after the form it was parsed as.
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import StoreError

__all__ = [
    "GENID",
    "Skolemizer",
    "deskolemize",
    "is_skolem",
    "skolem_lines",
    "skolemize",
    "term_text",
]

GENID = "https://w3id.org/spasmgraph/.well-known/genid/"
"""The namespace of spasmgraph's skolem IRIs."""

_MARK = "/.well-known/genid/"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"'}
_ESCAPES["\\"] = "\\\\"
_TABLE = str.maketrans({**{chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F]}, **_ESCAPES})


def is_skolem(iri: str) -> bool:
    """True for a skolem IRI (spasmgraph's or any other ``/.well-known/genid/`` one).

    >>> is_skolem(GENID + "abc"), is_skolem("https://example.org/x")
    (True, False)
    """
    return _MARK in iri


def term_text(node: Node) -> str:
    """The N-Triples form of an rdflib term, as Oxigraph prints it (``_:label`` for a
    blank node).

    >>> term_text(Literal('say "hi"\\n', lang="EN-GB"))
    '"say \\\\"hi\\\\"\\\\n"@en-gb'
    >>> term_text(Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))
    '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        text = '"' + str(node).translate(_TABLE) + '"'
        if node.language:
            return f"{text}@{node.language.lower()}"
        if node.datatype is not None and str(node.datatype) != _XSD_STRING:
            return f"{text}^^<{node.datatype}>"
        return text
    raise StoreError(f"cannot write a {type(node).__name__} as N-Triples")


class Skolemizer:
    """Collects the triples that touch a blank node, then names the blank nodes.

    Terms are N-Triples text (blank nodes ``_:label``; labels must be unique across the
    documents added). The other triples need no name and never have to be held here.

    >>> sk = Skolemizer()
    >>> sk.add("<urn:s>", "<urn:p>", "_:a")
    >>> sk.add("_:a", "<urn:q>", '"1"')
    >>> [line.split()[0] for line in sk.lines()]  # doctest: +ELLIPSIS
    ['<urn:s>', '<https://w3id.org/spasmgraph/.well-known/genid/...>']
    """

    def __init__(self) -> None:
        self.triples: list[tuple[str, str, str]] = []
        self._names: dict[str, str] | None = None

    def add(self, s: str, p: str, o: str) -> None:
        """Keep one triple (at least one of *s* and *o* a blank node)."""
        self.triples.append((s, sys.intern(p), o))
        self._names = None

    def split(self, triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[str]:
        """Keep the rdflib *triples* that touch a blank node; the others as N-Triples lines."""
        for s, p, o in triples:
            if isinstance(s, BNode) or isinstance(o, BNode):
                self.add(term_text(s), term_text(p), term_text(o))
            else:
                yield f"{term_text(s)} {term_text(p)} {term_text(o)} .\n"

    def names(self) -> dict[str, str]:
        """Each blank node's skolem IRI, in N-Triples form (``<https://…/genid/…>``).

        Raises
        ------
        StoreError
            The blank nodes nest several hundred deep (a long RDF list).
        """
        if self._names is None:
            try:
                self._names = _Namer(self.triples).all()
            except RecursionError:
                raise StoreError(
                    "the blank nodes nest too deeply to skolemize (an RDF list or chain of "
                    "several hundred blank nodes); give the long chain IRIs before uploading"
                ) from None
        return self._names

    def lines(self) -> Iterator[str]:
        """The kept triples as N-Triples lines, skolemized, each once."""
        names = self.names()
        seen: set[str] = set()
        for s, p, o in self.triples:
            line = f"{names.get(s, s)} {p} {names.get(o, o)} .\n"
            if line not in seen:
                seen.add(line)
                yield line


class _Namer:
    """The naming itself: content digests first, then where each node hangs."""

    def __init__(self, triples: Iterable[tuple[str, str, str]]) -> None:
        self.outgoing: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for s, p, o in triples:
            if s.startswith("_:"):
                self.outgoing[s].append((p, o))
            if o.startswith("_:"):
                self.incoming[o].append((s, p))
        self.contents: dict[str, str] = {}
        self.found: dict[str, str] = {}

    def all(self) -> dict[str, str]:
        for node in [*self.outgoing, *self.incoming]:
            self.name(node)
        return {node: f"<{GENID}{digest}>" for node, digest in self.found.items()}

    def content(self, node: str, seen: frozenset[str] = frozenset()) -> str:
        found = self.contents.get(node)
        if found is None:
            if node in seen:  # a cycle of blank nodes: name it by its local label
                return "cycle:" + node[2:]
            inner = seen | {node}
            lines = sorted(
                f"{p} [{self.content(o, inner)}]" if o.startswith("_:") else f"{p} {o}"
                for p, o in self.outgoing.get(node, ())
            )
            found = self.contents[node] = _digest("\n".join(lines))
        return found

    def name(self, node: str, seen: frozenset[str] = frozenset()) -> str:
        found = self.found.get(node)
        if found is None:
            inner = seen | {node}
            where = sorted(
                f"{p} {'cycle' if s in inner else self.term(s, inner)}"
                for s, p in self.incoming.get(node, ())
            )
            found = self.found[node] = _digest(self.content(node) + "|" + "|".join(where))
        return found

    def term(self, node: str, seen: frozenset[str]) -> str:
        return f"<{GENID}{self.name(node, seen)}>" if node.startswith("_:") else node


def skolemize(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """A copy of rdflib *triples* with every blank node replaced by its skolem IRI.

    Two identical top-level descriptions, such as the same ``owl:Axiom`` stated twice,
    become one node, while identical structures under different owners (two RDF lists
    ``( sg:CareAction )``) stay apart, as OWL's RDF mapping needs.

    >>> a, b, c, d = BNode(), BNode(), BNode(), BNode()
    >>> p, s, t = URIRef("urn:p"), URIRef("urn:s"), URIRef("urn:t")
    >>> g = skolemize([(a, p, Literal(1)), (b, p, Literal(1)), (s, p, c), (t, p, d)])
    >>> len(g)  # a and b merge; c and d are empty but hang from different subjects
    3
    """
    out = Graph()
    sk = Skolemizer()
    kept: list[tuple[Node, Node, Node]] = []
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode):
            sk.add(term_text(s), term_text(p), term_text(o))
            kept.append((s, p, o))
        else:
            out.add((s, p, o))
    names = sk.names()

    def term(node: Node) -> Node:
        return URIRef(names[f"_:{node}"][1:-1]) if isinstance(node, BNode) else node

    for s, p, o in kept:
        out.add((term(s), p, term(o)))
    return out


def skolem_lines(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[str]:
    """rdflib *triples* as N-Triples lines, skolemized: first those without a blank node,
    as they come, then the others, once all are in.

    >>> line = next(skolem_lines([(BNode(), URIRef("urn:p"), URIRef("urn:o"))]))
    >>> line.startswith("<" + GENID), line.endswith("<urn:p> <urn:o> .\\n")
    (True, True)
    """
    sk = Skolemizer()
    yield from sk.split(triples)
    yield from sk.lines()


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
