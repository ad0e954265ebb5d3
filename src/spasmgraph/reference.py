"""The ontology reference: every class, property and individual, as a reStructuredText page.

The API reference in ``docs/`` includes the page :func:`ontology_reference` writes for the
bundled graph, so the documentation always shows the terms the package ships.

>>> import spasmgraph as sg
>>> page = ontology_reference(sg.load())
>>> "``sg:HomeRemedy``" in page and "``sg:ibuprofen``" in page
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import SpasmGraphError
from .index import DEFAULT_LANG, Curies, pick
from .vocab import DCTERMS, OWL, PREFIXES, RDF, RDFS, SKOS

__all__ = ["ontology_reference"]

_PROPERTY_KINDS = {
    OWL.ObjectProperty: "object",
    OWL.DatatypeProperty: "datatype",
    OWL.AnnotationProperty: "annotation",
}
_MATCHES = {
    SKOS.exactMatch: "exact",
    SKOS.closeMatch: "close",
    SKOS.broadMatch: "broad",
    SKOS.narrowMatch: "narrow",
    SKOS.relatedMatch: "related",
}
_SPECIAL = re.compile(r"([\\*`|_\[\]<>])")


class _HasGraph(Protocol):
    @property
    def graph(self) -> Graph: ...


def ontology_reference(
    graph: Graph | _HasGraph, *, lang: str = DEFAULT_LANG, title: str = "Ontology reference"
) -> str:
    """A reStructuredText page listing the classes, properties and individuals of *graph*.

    Parameters
    ----------
    graph : rdflib.Graph or KnowledgeGraph
        The graph to describe (a :class:`~spasmgraph.graph.KnowledgeGraph` is read through
        its ``graph``).
    lang : str
        The language labels and definitions are shown in, by the rule of
        :mod:`spasmgraph.index.labels`.
    title : str
        The page title.

    Returns
    -------
    str
        One section for classes (with their superclasses), one for properties (kind,
        domain, range, inverse) and one for individuals grouped by class, each a table of
        CURIE, label, definition and codes (``skos:notation``, ``dcterms:identifier`` and
        SKOS mappings such as ``mesh:D013035`` (exact)). Terms without a label are left out.

    Raises
    ------
    SpasmGraphError
        *graph* is neither an rdflib graph nor has one.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sg: <https://w3id.org/spasmgraph/> .
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...     sg:Treatment a owl:Class ; rdfs:label "treatment"@en .
    ...     sg:heat a owl:NamedIndividual, sg:Treatment ; rdfs:label "heat"@en ;
    ...         skos:definition "Warmth applied to a *sore* muscle."@en ;
    ...         skos:exactMatch <http://snomed.info/id/229586001> .
    ... ''')
    >>> print(ontology_reference(g, title="Toy").split("Individuals")[1])
    <BLANKLINE>
    -----------
    <BLANKLINE>
    treatment
    ~~~~~~~~~
    <BLANKLINE>
    .. list-table::
       :header-rows: 1
       :widths: 20 20 45 15
    <BLANKLINE>
       * - Individual
         - Label
         - Definition
         - Codes
       * - ``sg:heat``
         - heat
         - Warmth applied to a \\*sore\\* muscle.
         - ``snomedct:229586001`` (exact)
    <BLANKLINE>
    """
    if not isinstance(graph, Graph):
        inner = getattr(graph, "graph", None)
        if not isinstance(inner, Graph):
            raise SpasmGraphError(
                "ontology_reference() takes an rdflib Graph or a KnowledgeGraph, "
                f"not {type(graph).__name__}"
            )
        graph = inner
    page = _Page(graph, lang)
    return "\n".join([_heading(title, "="), "", *page.header(), *page.body()])


class _Page:
    """The terms of one graph, with their texts in one language."""

    def __init__(self, graph: Graph, lang: str) -> None:
        self.graph = graph
        self.lang = lang
        self.curies = Curies([*PREFIXES.items(), *((p, str(n)) for p, n in graph.namespaces())])
        self.labels = self._texts(RDFS.label)
        self.definitions = self._texts(SKOS.definition)

    def _texts(self, predicate: URIRef) -> dict[URIRef, str]:
        found: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
        for s, o in self.graph.subject_objects(predicate):
            if isinstance(s, URIRef) and isinstance(o, Literal):
                found[s].append((str(o), o.language or ""))
        return {s: pick(texts, self.lang) or "" for s, texts in found.items()}

    def curie(self, node: Node) -> str:
        return f"``{self.curies.shorten(str(node))}``"

    def label(self, node: URIRef) -> str:
        return self.labels.get(node) or self.curies.shorten(str(node))

    def typed(self, kind: URIRef) -> list[URIRef]:
        """The labelled IRIs typed *kind*, by label then IRI."""
        found = {s for s in self.graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}
        return sorted((s for s in found if s in self.labels), key=self._order)

    def _order(self, node: URIRef) -> tuple[str, str]:
        return (self.label(node).casefold(), str(node))

    def iris(self, subject: URIRef, predicate: URIRef) -> list[URIRef]:
        found = self.graph.objects(subject, predicate)
        return sorted({o for o in found if isinstance(o, URIRef)}, key=self._order)

    def header(self) -> Iterator[str]:
        for ontology in sorted(self.graph.subjects(RDF.type, OWL.Ontology), key=str):
            if isinstance(ontology, BNode):
                continue
            texts = [
                (str(t), t.language or "")
                for t in self.graph.objects(ontology, DCTERMS.title)
                if isinstance(t, Literal)
            ]
            name = pick(texts, self.lang) or str(ontology)
            version = self.graph.value(ontology, OWL.versionInfo)
            licence = self.graph.value(ontology, DCTERMS.license)
            suffix = f", version {version}" if version else ""
            yield f"*{_escape(name)}* (``{ontology}``){suffix}"
            if licence is not None:
                yield f"is published under `{licence} <{licence}>`_."
            yield ""
        yield (
            "This page is generated from the graph by "
            "``spasmgraph.reference.ontology_reference()``."
        )
        yield ""

    def body(self) -> Iterator[str]:
        classes = self.typed(OWL.Class)
        yield from (_heading("Classes", "-"), "")
        yield from _table(
            ("Class", "Label", "Subclass of", "Definition"),
            [
                (
                    self.curie(c),
                    _escape(self.label(c)),
                    self._names(self.iris(c, RDFS.subClassOf)),
                    _escape(self.definitions.get(c, "")),
                )
                for c in classes
            ],
            (20, 20, 20, 40),
        )
        yield from (_heading("Properties", "-"), "")
        yield from _table(
            ("Property", "Label", "Kind", "Domain → range", "Definition"),
            [self._property_row(p, kind) for p, kind in self._properties()],
            (18, 16, 10, 22, 34),
        )
        yield from (_heading("Individuals", "-"), "")
        yield from self._individuals()

    def _names(self, nodes: Iterable[URIRef]) -> str:
        return ", ".join(self.curie(n) for n in nodes)

    def _properties(self) -> list[tuple[URIRef, str]]:
        kinds: dict[URIRef, str] = {}
        for kind, name in _PROPERTY_KINDS.items():
            for p in self.typed(kind):
                kinds.setdefault(p, name)
        return sorted(kinds.items(), key=lambda kv: self._order(kv[0]))

    def _property_row(self, prop: URIRef, kind: str) -> tuple[str, ...]:
        domain = self._names(self.iris(prop, RDFS.domain)) or "any"
        target = self._names(self.iris(prop, RDFS.range)) or "any"
        inverse = self.iris(prop, OWL.inverseOf)
        extra = f" Inverse of {self._names(inverse)}." if inverse else ""
        text = _escape(self.definitions.get(prop, "")) + extra
        return (
            self.curie(prop),
            _escape(self.label(prop)),
            kind,
            f"{domain} → {target}",
            text.strip(),
        )

    def _individuals(self) -> Iterator[str]:
        by_class: dict[URIRef, list[URIRef]] = defaultdict(list)
        classes = set(self.typed(OWL.Class))
        for individual in self.typed(OWL.NamedIndividual):
            kinds = [k for k in self.iris(individual, RDF.type) if k in classes]
            for kind in kinds or [OWL.NamedIndividual]:
                by_class[kind].append(individual)
        for kind in sorted(by_class, key=self._order):
            yield from (_heading(self.label(kind), "~"), "")
            yield from _table(
                ("Individual", "Label", "Definition", "Codes"),
                [
                    (
                        self.curie(i),
                        _escape(self.label(i)),
                        _escape(self.definitions.get(i, "")),
                        self._codes(i),
                    )
                    for i in by_class[kind]
                ],
                (20, 20, 45, 15),
            )

    def _codes(self, node: URIRef) -> str:
        codes = [
            f"``{value}``"
            for predicate in (SKOS.notation, DCTERMS.identifier)
            for value in sorted(map(str, self.graph.objects(node, predicate)))
        ]
        for predicate, name in _MATCHES.items():
            codes += [f"{self.curie(o)} ({name})" for o in self.iris(node, predicate)]
        return ", ".join(codes)


def _heading(text: str, underline: str) -> str:
    text = _escape(text)
    return f"{text}\n{underline * len(text)}"


def _escape(text: str) -> str:
    """*text* as reST inline text: one line, markup characters escaped."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    if re.match(r"[-+#]\s|\d+[.)]\s", text):
        text = "\\" + text
    return text


def _table(
    header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]
) -> Iterator[str]:
    """A reST ``list-table`` (nothing for no rows)."""
    if not rows:
        yield "(none)"
        yield ""
        return
    yield ".. list-table::"
    yield "   :header-rows: 1"
    yield f"   :widths: {' '.join(map(str, widths))}"
    yield ""
    for row in (header, *rows):
        first, *rest = row
        yield f"   * - {first}"
        for cell in rest:
            yield f"     - {cell}" if cell else "     -"
    yield ""
