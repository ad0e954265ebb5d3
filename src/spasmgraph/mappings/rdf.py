"""The mappings as RDF: SKOS links annotated with ``owl:Axiom`` nodes carrying SSSOM slots.

:func:`read_mappings` reads them from a graph; :func:`mappings_graph` builds them.

>>> import rdflib
>>> g = rdflib.Graph().parse(format="turtle", data='''
... @prefix sg: <https://w3id.org/spasmgraph/> .
... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
... @prefix mesh: <http://id.nlm.nih.gov/mesh/> .
... sg:ibuprofen skos:exactMatch mesh:D007052 .
... ''')
>>> (m,) = read_mappings(g)
>>> m.object
rdflib.term.URIRef('http://id.nlm.nih.gov/mesh/D007052')
>>> read_mappings(mappings_graph([m])) == (m,)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import BNode, Literal, Node, URIRef

from spasmgraph.errors import MappingError
from spasmgraph.mappings.model import MATCH_PREDICATES, SEMAPV, SSSOM, Mapping
from spasmgraph.vocab import SG_NAMESPACE

__all__ = ["mappings_graph", "read_mappings"]


@dataclass
class _Annotation:
    subject_label: str | None = None
    object_label: str | None = None
    comment: str | None = None
    confidence: float | None = None
    justification: URIRef = SEMAPV.ManualMappingCuration


def _text(graph: rdflib.Graph, node: Node, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def _find_axiom(graph: rdflib.Graph, s: URIRef, p: URIRef, o: URIRef) -> Node | None:
    axioms = [
        axiom
        for axiom in graph.subjects(OWL.annotatedSource, s)
        if (axiom, RDF.type, OWL.Axiom) in graph
        and (axiom, OWL.annotatedProperty, p) in graph
        and (axiom, OWL.annotatedTarget, o) in graph
    ]
    if len(axioms) > 1:
        raise MappingError(f"{len(axioms)} owl:Axiom annotations on mapping {s} {p} {o}")
    return axioms[0] if axioms else None


def _annotation(graph: rdflib.Graph, s: URIRef, p: URIRef, o: URIRef) -> _Annotation:
    axiom = _find_axiom(graph, s, p, o)
    if axiom is None:
        return _Annotation()
    found = _Annotation(
        subject_label=_text(graph, axiom, SSSOM.subject_label),
        object_label=_text(graph, axiom, SSSOM.object_label),
        comment=_text(graph, axiom, RDFS.comment),
    )
    raw = graph.value(axiom, SSSOM.confidence)
    if raw is not None:
        if not isinstance(raw, Literal):
            raise MappingError(f"confidence of {s} {p} {o} is not a literal")
        try:
            found.confidence = float(raw)
        except ValueError:
            raise MappingError(f"confidence of {s} {p} {o} is not a number: {raw}") from None
    justification = graph.value(axiom, SSSOM.mapping_justification)
    if isinstance(justification, URIRef):
        found.justification = justification
    return found


def read_mappings(graph: rdflib.Graph) -> tuple[Mapping, ...]:
    """Read every SKOS mapping from a spasmgraph entity to an external IRI.

    Labels, confidence, comment and justification come from the ``owl:Axiom`` that
    annotates the mapping, if there is one; the subject label falls back to the subject's
    ``rdfs:label`` in the graph.

    Parameters
    ----------
    graph : rdflib.Graph
        A graph holding the mappings layer (other layers may be loaded too).

    Returns
    -------
    tuple of Mapping
        The mappings, sorted by subject, predicate strength and object.

    Raises
    ------
    spasmgraph.errors.MappingError
        If a mapping has more than one annotation axiom, or a confidence that is not a
        number in [0, 1] (also a :class:`ValueError`).
    """
    found: list[Mapping] = []
    for predicate in MATCH_PREDICATES:
        for s, o in graph.subject_objects(predicate):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            if not str(s).startswith(SG_NAMESPACE) or str(o).startswith(SG_NAMESPACE):
                continue
            note = _annotation(graph, s, predicate, o)
            subject_label = note.subject_label
            if subject_label is None:
                subject_label = _text(graph, s, RDFS.label)
            found.append(
                Mapping(
                    subject=s,
                    predicate=predicate,
                    object=o,
                    object_label=note.object_label or "",
                    confidence=note.confidence,
                    comment=note.comment or "",
                    subject_label=subject_label or "",
                    justification=note.justification,
                )
            )
    return tuple(sorted(found, key=Mapping.sort_key))


def mappings_graph(mappings: Iterable[Mapping], graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """Write mappings as RDF, in the form :func:`read_mappings` reads.

    Each mapping becomes a SKOS triple and an ``owl:Axiom`` that annotates it with
    ``sssom:subject_label``, ``sssom:object_label``, ``sssom:mapping_justification``,
    ``sssom:confidence`` (an ``xsd:double``) and an English ``rdfs:comment``; empty
    values are left out.

    Parameters
    ----------
    mappings : iterable of Mapping
        The mappings.
    graph : rdflib.Graph, optional
        The graph to add to; a new one by default.

    Returns
    -------
    rdflib.Graph
        The graph, with the prefixes of the mappings layer bound.
    """
    target = rdflib.Graph() if graph is None else graph
    target.bind("sssom", SSSOM)
    target.bind("semapv", SEMAPV)
    for m in sorted(mappings, key=Mapping.sort_key):
        target.add((m.subject, m.predicate, m.object))
        axiom = BNode()
        target.add((axiom, RDF.type, OWL.Axiom))
        target.add((axiom, OWL.annotatedSource, m.subject))
        target.add((axiom, OWL.annotatedProperty, m.predicate))
        target.add((axiom, OWL.annotatedTarget, m.object))
        target.add((axiom, SSSOM.mapping_justification, m.justification))
        for prop, text in (
            (SSSOM.subject_label, m.subject_label),
            (SSSOM.object_label, m.object_label),
        ):
            if text:
                target.add((axiom, prop, Literal(text)))
        if m.confidence is not None:
            target.add((axiom, SSSOM.confidence, Literal(m.confidence, datatype=XSD.double)))
        if m.comment:
            target.add((axiom, RDFS.comment, Literal(m.comment, lang="en")))
    return target
