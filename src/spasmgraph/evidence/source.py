"""Reading the evidence layer: the index for links and labels, the graph for literals.

Every function of :mod:`spasmgraph.evidence` takes an :class:`~spasmgraph.index.Index`
(links, labels, verdicts, ranks) and, for the literal values an index does not hold
(rationales, titles, authors, years, DOIs, doses), the rdflib graph: pass ``graph=``, or
pass any object with ``.index`` and ``.graph`` (such as a ``KnowledgeGraph``) in place
of the index. From an index alone those literal fields are empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import InvalidArgumentError
from ..index import Index, pick
from ..vocab import BIBO, DCTERMS, SG
from .model import Citation

__all__ = ["EvidenceRefError", "GraphSource", "Reader", "Source", "reader"]


class EvidenceRefError(InvalidArgumentError):
    """An argument of the evidence API has the wrong type (a ``TypeError`` too)."""


class GraphSource(Protocol):
    """Anything with an index and an rdflib graph, such as a ``KnowledgeGraph``."""

    @property
    def index(self) -> Index: ...

    @property
    def graph(self) -> Graph: ...


Source = Index | GraphSource
"""What the evidence functions read: an index, or an object with ``.index`` and ``.graph``."""


@dataclass(frozen=True)
class Reader:
    """An index, the graph for literals (if any) and a label language."""

    index: Index
    graph: Graph | None = None
    lang: str | None = None

    def label(self, iri: Node) -> str:
        return self.index.label(iri, self.lang)

    def definition(self, iri: URIRef) -> str:
        return self.index.text(iri, "definition", self.lang) or ""

    def curie(self, iri: Node) -> str:
        return self.index.curies.shorten(str(iri))

    def objects(self, subject: URIRef, prop: URIRef) -> list[URIRef]:
        """Objects of an object property, from the index, in the index's order."""
        return [o for p, o in self.index.out_edges.get(subject, ()) if p == prop]

    def subjects(self, prop: URIRef, obj: URIRef) -> list[URIRef]:
        """Subjects of an object property, from the index, in the index's order."""
        return [s for p, s in self.index.in_edges.get(obj, ()) if p == prop]

    def literal(self, subject: Node, prop: URIRef) -> str | None:
        """One literal value, in the preferred language by the one rule of
        :func:`spasmgraph.index.labels.pick` (then English, then untagged)."""
        if self.graph is None:
            return None
        values = [
            (str(o), o.language or "")
            for o in self.graph.objects(subject, prop)
            if isinstance(o, Literal)
        ]
        return pick(values, self.lang or self.index.lang)

    def integer(self, subject: Node, props: Iterable[URIRef]) -> int | None:
        """The first integer value among *props*."""
        for prop in props:
            text = self.literal(subject, prop)
            if text is not None and re.fullmatch(r"[+-]?\d+", text.strip()):
                return int(text)
        return None

    def citation(self, iri: URIRef) -> Citation:
        year = re.match(r"-?\d{4}", self.literal(iri, DCTERMS.issued) or "")
        return Citation(
            iri=str(iri),
            label=self.label(iri),
            title=self.literal(iri, DCTERMS.title),
            authors=self._authors(iri),
            year=int(year.group(0)) if year else None,
            venue=self.literal(iri, SG.venue),
            doi=self.literal(iri, BIBO.doi),
            pmid=self.literal(iri, BIBO.pmid),
        )

    def citations(self, subject: URIRef) -> tuple[Citation, ...]:
        """The works *subject* cites, sorted by label."""
        found = [self.citation(c) for c in set(self.objects(subject, SG.cites))]
        return tuple(sorted(found, key=lambda c: (c.label.casefold(), c.iri)))

    def _authors(self, iri: URIRef) -> tuple[str, ...]:
        if self.graph is None:
            return ()
        creators = self.graph.objects(iri, DCTERMS.creator)
        names = sorted({str(o) for o in creators if isinstance(o, Literal)})
        # RDF keeps no order between values; the formatted citation does, so follow it.
        reference = self.literal(iri, DCTERMS.bibliographicCitation) or ""

        def position(name: str) -> tuple[int, str]:
            at = reference.find(name)
            return (at if at >= 0 else len(reference) + 1, name.casefold())

        return tuple(sorted(names, key=position))


def reader(source: Source, graph: Graph | None = None, lang: str | None = None) -> Reader:
    """A :class:`Reader` over an index (with *graph*), or over a graph-like *source*.

    Raises
    ------
    EvidenceRefError
        *source* is neither an index nor has ``.index`` and ``.graph``.
    """
    if isinstance(source, Index):
        return Reader(source, graph, lang)
    index, own = getattr(source, "index", None), getattr(source, "graph", None)
    if not isinstance(index, Index):
        raise EvidenceRefError(
            f"evidence is read from an Index or a KnowledgeGraph, not {type(source).__name__}"
        )
    return Reader(index, graph if graph is not None else own, lang)
