"""ROBOT-``report``-style quality rules, written in Python (rdflib only).

The rules and their levels are the data table :data:`QUALITY_RULES`.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix sg: <https://w3id.org/spasmgraph/> .
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... sg:Cause a owl:Class .
... ''', format="turtle")
>>> sorted({issue.rule for issue in quality_report(g).errors})
['missing_definition', 'missing_label', 'missing_ontology_header']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from rdflib import Graph, Namespace, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from spasmgraph.validation import _terms as t
from spasmgraph.validation import _vocabulary as v
from spasmgraph.validation.report import GRAPH_SUBJECT, Issue, Level, ValidationReport, make_report
from spasmgraph.vocab import SG_NAMESPACE

__all__ = ["QUALITY_RULES", "quality_report"]

_SG = Namespace(SG_NAMESPACE)

QUALITY_RULES: Mapping[str, tuple[Level, str]] = MappingProxyType(
    {
        "missing_label": ("error", "an sg: term without an English rdfs:label"),
        "multiple_labels": ("error", "an sg: term with more than one English rdfs:label"),
        "duplicate_label": (
            "error",
            "two sg: terms share a label, compared case-insensitively, where one term's "
            "rdfs:label equals the other's rdfs:label or skos:altLabel (two equal synonyms "
            "alone are allowed)",
        ),
        "missing_definition": ("error", "an sg: term without an English skos:definition"),
        "multiple_definitions": ("error", "an sg: term with several English skos:definitions"),
        "label_whitespace": ("info", "a label with leading, trailing or doubled spaces"),
        "dangling_reference": (
            "error",
            "an sg: IRI used as subject or object but never typed (ontology version and "
            "import links excepted)",
        ),
        "undeclared_class": (
            "error",
            "an IRI used as a class (rdf:type object, class axiom, domain or range) but not "
            "declared owl:Class",
        ),
        "undeclared_property": (
            "error",
            "an IRI used as a predicate or in a property axiom but not declared as a property",
        ),
        "unused_term": ("warning", "an sg: class or property that nothing refers to"),
        "missing_ontology_header": ("error", "the graph has no owl:Ontology"),
        "missing_license": ("error", "an owl:Ontology without dcterms:license"),
        "missing_disclaimer": ("error", "an owl:Ontology without sg:disclaimer"),
    }
)
"""Rule identifier to (level, what the rule finds)."""

# (predicate, rule when missing, rule when several, name in messages)
_TEXT_RULES: tuple[tuple[URIRef, str, str, str], ...] = (
    (RDFS.label, "missing_label", "multiple_labels", "rdfs:label"),
    (SKOS.definition, "missing_definition", "multiple_definitions", "skos:definition"),
)

_CLASS_AXIOMS = (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith)
_CLASS_OBJECTS = (OWL.complementOf, RDFS.domain, OWL.onClass)
_CLASS_LISTS = (OWL.unionOf, OWL.intersectionOf, OWL.disjointUnionOf)
_PROPERTY_AXIOMS = (
    OWL.inverseOf,
    RDFS.subPropertyOf,
    OWL.equivalentProperty,
    OWL.propertyDisjointWith,
)
_PROPERTY_OBJECTS = (OWL.onProperty, OWL.annotatedProperty, OWL.assertionProperty)


def _issue(rule: str, subject: str, message: str) -> Issue:
    return Issue(QUALITY_RULES[rule][0], rule, subject, message)


def _class_positions(graph: Graph) -> set[Node]:
    """IRIs used where OWL expects a class."""
    data_properties = t.declared(graph, [OWL.DatatypeProperty])
    used: set[Node] = set()
    for s, p, o in graph:
        if p == RDF.type and o not in v.STRUCTURAL_TYPES:
            used.add(o)
        elif p in _CLASS_AXIOMS:
            used.update((s, o))
        elif p in _CLASS_OBJECTS or (p == RDFS.range and s not in data_properties):
            used.add(o)
        elif p in (OWL.someValuesFrom, OWL.allValuesFrom):
            if graph.value(s, OWL.onProperty) not in data_properties:
                used.add(o)
        elif p in _CLASS_LISTS or (
            p == OWL.members and (s, RDF.type, OWL.AllDisjointClasses) in graph
        ):
            used.update(t.list_items(graph, o))
    return {u for u in used if isinstance(u, URIRef)}


def _property_positions(graph: Graph) -> set[Node]:
    """IRIs used as predicates or where OWL expects a property."""
    used: set[Node] = set(graph.predicates())
    for s, p, o in graph:
        if p in _PROPERTY_AXIOMS:
            used.update((s, o))
        elif p in _PROPERTY_OBJECTS:
            used.add(o)
        elif p == OWL.propertyChainAxiom:
            used.update(t.list_items(graph, o))
    return {u for u in used if isinstance(u, URIRef)}


def _checked_namespaces(graph: Graph) -> set[str]:
    """sg: plus every non-built-in namespace in which the graph declares a term."""
    namespaces = {SG_NAMESPACE}
    for term in t.declared(graph, v.DECLARATION_TYPES):
        if isinstance(term, URIRef):
            namespaces.add(t.namespace_of(term))
    return namespaces - v.BUILTIN_NAMESPACES


def _in_checked(term: Node, namespaces: set[str]) -> bool:
    if not isinstance(term, URIRef):
        return False
    return t.is_sg(term) or t.namespace_of(term) in namespaces


def _ontology_issues(graph: Graph) -> list[Issue]:
    ontologies = sorted(graph.subjects(RDF.type, OWL.Ontology), key=str)
    if not ontologies:
        message = "the graph has no owl:Ontology header, so it has no licence or disclaimer"
        return [_issue("missing_ontology_header", GRAPH_SUBJECT, message)]
    issues: list[Issue] = []
    for ontology in ontologies:
        if graph.value(ontology, DCTERMS.license) is None:
            message = "the owl:Ontology header has no dcterms:license"
            issues.append(_issue("missing_license", t.curie(ontology), message))
        if not [d for d in graph.objects(ontology, _SG.disclaimer) if str(d).strip()]:
            message = (
                "the owl:Ontology header has no sg:disclaimer (health information, "
                "not medical advice)"
            )
            issues.append(_issue("missing_disclaimer", t.curie(ontology), message))
    return issues


def _label_issues(graph: Graph, terms: Iterable[Node]) -> list[Issue]:
    issues: list[Issue] = []
    for term in terms:
        subject = t.curie(term)
        for predicate, rule, plural_rule, what in _TEXT_RULES:
            values = list(graph.objects(term, predicate))
            english = [value for value in values if t.is_english(value)]
            if not english:
                extra = f" (it has {len(values)} in other languages or untagged)" if values else ""
                issues.append(_issue(rule, subject, f"sg: term has no English {what}{extra}"))
            elif len(english) > 1:
                texts = ", ".join(sorted(repr(str(value)) for value in english))
                message = f"sg: term has several English {what}s: {texts}"
                issues.append(_issue(plural_rule, subject, message))
        for label in graph.objects(term, RDFS.label):
            text = str(label)
            if text != text.strip() or "  " in text:
                message = f"label {text!r} has leading, trailing or doubled whitespace"
                issues.append(_issue("label_whitespace", subject, message))
    return issues


def _normalise_label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _duplicate_label_issues(graph: Graph, terms: set[Node]) -> list[Issue]:
    # normalised text -> {term: [(kind, original text)]}
    index: dict[str, dict[Node, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for predicate, kind in ((RDFS.label, "label"), (SKOS.altLabel, "synonym")):
        for term, value in graph.subject_objects(predicate):
            if term in terms and isinstance(value, RDFLiteral):
                index[_normalise_label(str(value))][term].append((kind, str(value)))
    issues: list[Issue] = []
    for owners in index.values():
        has_label = any(kind == "label" for uses in owners.values() for kind, _ in uses)
        if len(owners) < 2 or not has_label:
            continue
        for term, uses in owners.items():
            others = sorted(t.curie(other) for other in owners if other != term)
            kind, text = sorted(uses)[0]
            message = (
                f"{kind} {text!r} is also a label or synonym of {', '.join(others)} "
                "(compared case-insensitively)"
            )
            issues.append(_issue("duplicate_label", t.curie(term), message))
    return issues


def _undeclared_issues(
    graph: Graph, namespaces: set[str], class_used: set[Node], property_used: set[Node]
) -> list[Issue]:
    classes = t.declared(graph, v.CLASS_TYPES | {RDFS.Datatype})
    properties = t.declared(graph, v.PROPERTY_TYPES)
    issues: list[Issue] = []
    for term in sorted(class_used, key=str):
        if _in_checked(term, namespaces) and term not in classes:
            message = "used as a class (rdf:type or class axiom) but not declared owl:Class"
            issues.append(_issue("undeclared_class", t.curie(term), message))
    for term in sorted(property_used, key=str):
        if _in_checked(term, namespaces) and term not in properties:
            message = (
                "used as a property but not declared owl:ObjectProperty, "
                "owl:DatatypeProperty or owl:AnnotationProperty"
            )
            issues.append(_issue("undeclared_property", t.curie(term), message))
    return issues


def _dangling_issues(graph: Graph, exempt: set[Node]) -> list[Issue]:
    typed = set(graph.subjects(RDF.type, None))
    examples: dict[Node, tuple[Node, Node, Node]] = {}
    for s, p, o in graph:
        for node in (s, o):
            if node is o and p in v.ONTOLOGY_LINKS:
                continue
            if t.is_sg(node) and node not in typed and node not in exempt and node not in examples:
                examples[node] = (s, p, o)
    return [
        _issue(
            "dangling_reference",
            t.curie(node),
            f"used in '{t.curie(s)} {t.curie(p)} {t.curie(o)}' but never declared "
            "(no rdf:type in the graph)",
        )
        for node, (s, p, o) in sorted(examples.items(), key=lambda item: str(item[0]))
    ]


def _unused_issues(graph: Graph, classes: set[Node], properties: set[Node]) -> list[Issue]:
    issues: list[Issue] = []
    for term in sorted(classes | properties, key=str):
        used = any(s != term for s in graph.subjects(None, term))
        if not used and term in properties:
            used = any(s != term for s, _ in graph.subject_objects(term))
        if not used:
            kind = "class" if term in classes else "property"
            message = f"{kind} is declared but no individual, assertion or axiom uses it"
            issues.append(_issue("unused_term", t.curie(term), message))
    return issues


def quality_report(graph: Graph) -> ValidationReport:
    """Run ROBOT-``report``-style quality checks.

    Only ``sg:`` terms are held to the label and definition rules. A *term* is an
    ``sg:`` IRI with an ``rdf:type`` other than the ``owl:Ontology`` header. Both
    ``undeclared_*`` rules apply to ``sg:`` and to every other non-built-in namespace in
    which the graph declares at least one term (SKOS, Dublin Core, PROV, BIBO, VANN);
    RDF, RDFS, OWL and XSD are built in.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to check, normally the schema together with the other layers.

    Returns
    -------
    ValidationReport
        Issues under the rules of :data:`QUALITY_RULES`, each at the level given there.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ... @prefix sg: <https://w3id.org/spasmgraph/> .
    ... @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... sg:heat a sg:Treatment ; rdfs:label "heat"@en ; skos:definition "Warmth."@en .
    ... ''', format="turtle")
    >>> [(i.rule, i.subject) for i in quality_report(g).errors]
    [('missing_ontology_header', '(graph)'), ('undeclared_class', 'sg:Treatment')]
    """
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    terms = {term for term in graph.subjects(RDF.type, None) if t.is_sg(term)} - ontologies
    classes = {term for term in t.declared(graph, v.CLASS_TYPES) if t.is_sg(term)}
    properties = {term for term in t.declared(graph, v.PROPERTY_TYPES) if t.is_sg(term)}
    class_used, property_used = _class_positions(graph), _property_positions(graph)
    issues = [
        *_ontology_issues(graph),
        *_label_issues(graph, terms),
        *_duplicate_label_issues(graph, terms),
        *_undeclared_issues(graph, _checked_namespaces(graph), class_used, property_used),
        *_dangling_issues(graph, class_used | property_used),
        *_unused_issues(graph, classes, properties),
    ]
    return make_report(issues, ["quality"])
