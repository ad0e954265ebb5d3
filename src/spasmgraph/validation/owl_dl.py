"""A structural OWL 2 DL check written in Python (partial; rdflib only).

It covers the OWL 2 DL typing constraints and RDF mapping that a short check can:
declarations, punning, reserved vocabulary, kinds of entity and of value, and annotation
properties on axioms. The OWL API check (:mod:`spasmgraph.validation.owlapi`) is the
complete one.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix sg: <https://w3id.org/spasmgraph/> .
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... sg:rank a owl:DatatypeProperty ; owl:inverseOf sg:rank .
... ''', format="turtle")
>>> sorted({(i.rule, i.subject) for i in owl_dl_issues(g)})
[('dl_wrong_entity_kind', 'sg:rank')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from spasmgraph.validation import _terms as t
from spasmgraph.validation import _vocabulary as v
from spasmgraph.validation.report import Issue

__all__ = ["owl_dl_issues"]


@dataclass
class _Entities:
    classes: set[Node]
    datatypes: set[Node]
    object_properties: set[Node]
    data_properties: set[Node]
    annotation_properties: set[Node]

    def kinds(self) -> dict[str, set[Node]]:
        return {
            "class": self.classes,
            "datatype": self.datatypes,
            "object property": self.object_properties,
            "data property": self.data_properties,
            "annotation property": self.annotation_properties,
        }


def _entities(graph: Graph) -> _Entities:
    return _Entities(
        classes=t.declared(graph, [OWL.Class]) | {OWL.Thing, OWL.Nothing},
        datatypes=t.declared(graph, [RDFS.Datatype]) | set(v.OWL2_DATATYPES),
        object_properties=t.declared(graph, [OWL.ObjectProperty])
        | {OWL.topObjectProperty, OWL.bottomObjectProperty},
        data_properties=t.declared(graph, [OWL.DatatypeProperty])
        | {OWL.topDataProperty, OWL.bottomDataProperty},
        annotation_properties=t.declared(graph, [OWL.AnnotationProperty])
        | set(v.BUILTIN_ANNOTATION_PROPERTIES),
    )


def _is_reserved(term: Node) -> bool:
    return isinstance(term, URIRef) and t.namespace_of(term) in v.BUILTIN_NAMESPACES


def _literal_datatype(literal: RDFLiteral) -> URIRef:
    if literal.language:
        return URIRef(RDF.langString)
    return URIRef(literal.datatype) if literal.datatype is not None else URIRef(XSD.string)


def _declaration_issues(graph: Graph, ent: _Entities) -> list[Issue]:
    issues: list[Issue] = []
    kinds = {k: m for k, m in ent.kinds().items() if k.endswith("property")}
    for term in sorted(set().union(*kinds.values()), key=str):
        held = [name for name, members in kinds.items() if term in members]
        if len(held) > 1:
            message = f"declared as both {' and '.join(held)}; OWL 2 DL keeps these disjoint"
            issues.append(Issue("error", "dl_illegal_punning", t.curie(term), message))
    for term in sorted(ent.classes & ent.datatypes, key=str):
        message = "declared as both class and datatype"
        issues.append(Issue("error", "dl_illegal_punning", t.curie(term), message))
    declared = t.declared(
        graph, [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype]
    )
    for term in sorted(declared, key=str):
        if _is_reserved(term):
            message = (
                "built-in RDF/RDFS/OWL/XSD vocabulary redeclared as a class, datatype or "
                "logical property"
            )
            issues.append(Issue("error", "dl_reserved_vocabulary", t.curie(term), message))
    return issues


class _UsageCheck:
    """Check that every triple uses each term as the kind of entity it is declared as."""

    def __init__(self, graph: Graph, ent: _Entities) -> None:
        self.graph = graph
        self.ent = ent
        self.kinds = ent.kinds()
        self.properties = ent.object_properties | ent.data_properties | ent.annotation_properties
        self.issues: list[Issue] = []
        self.handlers: dict[Node, Callable[[Node, Node, Node], None]] = {
            RDF.type: self._type,
            RDFS.subClassOf: self._class_axiom,
            OWL.equivalentClass: self._class_axiom,
            OWL.disjointWith: self._class_axiom,
            RDFS.domain: self._domain,
            RDFS.range: self._range,
            OWL.inverseOf: self._inverse,
            RDFS.subPropertyOf: self._sub_property,
            OWL.onProperty: self._on_property,
            OWL.unionOf: self._class_list,
            OWL.intersectionOf: self._class_list,
            OWL.members: self._members,
        }

    def need(self, term: Node, members: set[Node], what: str, where: str) -> None:
        if not isinstance(term, URIRef) or term in members:
            return
        held = [name for name, group in self.kinds.items() if term in group]
        if _is_reserved(term) and not held:
            rule, problem = "dl_reserved_vocabulary", "it is RDF/RDFS/OWL/XSD vocabulary"
        elif held:
            rule, problem = "dl_wrong_entity_kind", f"it is declared as {' and '.join(held)}"
        else:
            rule, problem = "dl_undeclared_entity", "it is not declared"
        message = f"used as {what} ({where}), but {problem}"
        self.issues.append(Issue("error", rule, t.curie(term), message))

    def run(self) -> list[Issue]:
        for s, p, o in self.graph:
            handler = self.handlers.get(p)
            if handler is not None:
                handler(s, p, o)
            elif p not in v.STRUCTURAL_PREDICATES and p not in self.ent.annotation_properties:
                self._assertion(s, p, o)
        return self.issues

    def _type(self, s: Node, p: Node, o: Node) -> None:
        ent = self.ent
        if o in v.OBJECT_ONLY_CHARACTERISTICS:
            self.need(s, ent.object_properties, "an object property", f"rdf:type {t.curie(o)}")
        elif o == OWL.FunctionalProperty and s not in ent.data_properties:
            where = "rdf:type owl:FunctionalProperty"
            self.need(s, ent.object_properties, "an object property", where)
        elif o not in v.STRUCTURAL_TYPES:
            self.need(o, ent.classes, "a class", f"rdf:type of {t.curie(s)}")

    def _class_axiom(self, s: Node, p: Node, o: Node) -> None:
        self.need(s, self.ent.classes, "a class", t.curie(p))
        self.need(o, self.ent.classes, "a class", t.curie(p))

    def _domain(self, s: Node, p: Node, o: Node) -> None:
        self.need(s, self.properties, "a property", "rdfs:domain")
        if s not in self.ent.annotation_properties:
            self.need(o, self.ent.classes, "a class", f"rdfs:domain of {t.curie(s)}")

    def _range(self, s: Node, p: Node, o: Node) -> None:
        self.need(s, self.properties, "a property", "rdfs:range")
        if s in self.ent.data_properties:
            self.need(o, self.ent.datatypes, "a datatype", f"rdfs:range of {t.curie(s)}")
        elif s in self.ent.object_properties:
            self.need(o, self.ent.classes, "a class", f"rdfs:range of {t.curie(s)}")

    def _inverse(self, s: Node, p: Node, o: Node) -> None:
        self.need(s, self.ent.object_properties, "an object property", "owl:inverseOf")
        self.need(o, self.ent.object_properties, "an object property", "owl:inverseOf")

    def _sub_property(self, s: Node, p: Node, o: Node) -> None:
        ent = self.ent
        for members in (ent.object_properties, ent.data_properties, ent.annotation_properties):
            if s in members:
                where = f"rdfs:subPropertyOf of {t.curie(s)}"
                self.need(o, members, "a property of the same kind", where)
                return
        self.need(s, self.properties, "a property", "rdfs:subPropertyOf")

    def _on_property(self, s: Node, p: Node, o: Node) -> None:
        logical = self.ent.object_properties | self.ent.data_properties
        self.need(o, logical, "a logical property", "owl:onProperty")

    def _class_list(self, s: Node, p: Node, o: Node) -> None:
        for item in t.list_items(self.graph, o):
            self.need(item, self.ent.classes | self.ent.datatypes, "a class", t.curie(p))

    def _members(self, s: Node, p: Node, o: Node) -> None:
        if (s, RDF.type, OWL.AllDisjointClasses) in self.graph:
            for item in t.list_items(self.graph, o):
                self.need(item, self.ent.classes, "a class", "owl:AllDisjointClasses")

    def _assertion(self, s: Node, p: Node, o: Node) -> None:
        if p in self.ent.object_properties:
            if isinstance(o, RDFLiteral):
                message = f"object property {t.curie(p)} has the literal value {t.curie(o)}"
                self.issues.append(
                    Issue("error", "dl_object_property_literal", t.curie(s), message)
                )
        elif p in self.ent.data_properties:
            if not isinstance(o, RDFLiteral):
                message = f"data property {t.curie(p)} has the non-literal value {t.curie(o)}"
                self.issues.append(
                    Issue("error", "dl_data_property_non_literal", t.curie(s), message)
                )
            elif _literal_datatype(o) not in self.ent.datatypes:
                message = (
                    f"{t.curie(p)} value {t.curie(o)} has datatype "
                    f"{t.curie(_literal_datatype(o))}, which is not in the OWL 2 datatype map"
                )
                self.issues.append(Issue("error", "dl_unknown_datatype", t.curie(s), message))
        else:
            self.need(p, self.properties, "a property", f"predicate of {t.curie(s)}")


def _axiom_annotation_issues(graph: Graph, ent: _Entities) -> list[Issue]:
    issues: list[Issue] = []
    skip = {RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        for p in set(graph.predicates(axiom, None)):
            if p not in skip and p not in ent.annotation_properties:
                message = (
                    f"owl:Axiom annotation uses {t.curie(p)}, which is not an annotation property"
                )
                subject = t.describe(axiom, graph)
                issues.append(Issue("error", "dl_axiom_annotation_property", subject, message))
    return issues


def owl_dl_issues(graph: Graph) -> list[Issue]:
    """Run a partial structural OWL 2 DL check.

    Rules: ``dl_undeclared_entity`` (a class, datatype or property used but not
    declared; named individuals need no declaration), ``dl_wrong_entity_kind`` (used as
    one kind of entity but declared as another, for example ``owl:inverseOf`` on a data
    property), ``dl_illegal_punning`` (declared as two of object, data and annotation
    property, or as class and datatype), ``dl_reserved_vocabulary`` (RDF/RDFS/OWL/XSD
    vocabulary redeclared, or used as a class or property outside the OWL 2 built-ins),
    ``dl_object_property_literal`` and ``dl_data_property_non_literal`` (a value of the
    wrong kind), ``dl_unknown_datatype`` (a data value whose datatype is outside the OWL 2
    datatype map) and ``dl_axiom_annotation_property`` (an ``owl:Axiom`` node carrying a
    predicate that is not an annotation property).

    Not covered: the global restrictions on property hierarchies and simple roles,
    anonymous-individual cycles, full class-expression syntax, ``owl:hasKey`` and datatype
    restrictions.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to check; it is not modified.

    Returns
    -------
    list of Issue
        The issues found, unsorted.
    """
    ent = _entities(graph)
    return [
        *_declaration_issues(graph, ent),
        *_UsageCheck(graph, ent).run(),
        *_axiom_annotation_issues(graph, ent),
    ]
