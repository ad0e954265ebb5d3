"""Check a spasmgraph graph: quality rules, SHACL shapes and OWL reasoning.

Three independent checks, each returning a :class:`ValidationReport`:

* :func:`quality_report` -- ROBOT-``report``-style checks written in Python (labels,
  definitions, duplicates, dangling references, undeclared terms, licence, disclaimer).
  Needs rdflib only.
* :func:`shacl_report` -- the SHACL shapes of ``ontology/shapes.ttl`` run with pyshacl
  (optional extra ``spasmgraph[validate]``).
* :func:`reasoning_report` -- an OWL 2 RL closure with owlrl (inconsistencies), a
  structural OWL 2 DL check written in Python and, when Java and the OWL API are found,
  the OWL API's own ``OWL2DLProfile`` checker; optionally HermiT through owlready2.

:func:`validate` combines them. Every problem is an :class:`Issue` with a level, a stable
rule identifier, the subject as a CURIE and a message.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix sg: <https://w3id.org/spasmgraph/> .
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... sg:Cause a owl:Class .
... ''', format="turtle")
>>> report = quality_report(g)
>>> report.conforms
False
>>> sorted({issue.rule for issue in report.errors})
['missing_definition', 'missing_label', 'missing_ontology_header']
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import os
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from spasmgraph.vocab import PREFIXES, SG_NAMESPACE

if TYPE_CHECKING:
    from spasmgraph.kg import KnowledgeGraph

__all__ = [
    "Issue",
    "Level",
    "ValidationReport",
    "load_shapes",
    "owlapi_classpath",
    "quality_report",
    "reasoning_report",
    "shacl_report",
    "validate",
]

Level = Literal["error", "warning", "info"]
"""How serious an :class:`Issue` is; only ``"error"`` makes a report fail."""

_LEVEL_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

_SG = Namespace(SG_NAMESPACE)
_SH = Namespace("http://www.w3.org/ns/shacl#")
_OWLRL_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
_GRAPH_SUBJECT = "(graph)"


# ---------------------------------------------------------------------------
# Report types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """One problem found in a graph.

    Parameters
    ----------
    level : {"error", "warning", "info"}
        ``"error"`` breaks a modelling rule; ``"warning"`` is probably a mistake;
        ``"info"`` is a remark.
    rule : str
        Stable identifier of the rule, such as ``"missing_label"`` or
        ``"relation_provenance"``.
    subject : str
        The term the issue is about, as a CURIE (``sg:ibuprofen``), an ``<IRI>``, an
        ``axiom(s p o)`` description for an anonymous ``owl:Axiom``, or ``"(graph)"``.
    message : str
        What is wrong, in words.

    Examples
    --------
    >>> print(Issue("error", "missing_label", "sg:heat", "sg: term has no English rdfs:label"))
    ERROR    missing_label  sg:heat: sg: term has no English rdfs:label
    """

    level: Level
    rule: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.level.upper():<8} {self.rule}  {self.subject}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        """Return the issue as a plain dictionary.

        Returns
        -------
        dict of str to str
            Keys ``level``, ``rule``, ``subject`` and ``message``.
        """
        return asdict(self)


@dataclass(frozen=True)
class ValidationReport:
    """The issues that one or more checks found, errors first.

    Parameters
    ----------
    issues : tuple of Issue
        The issues, in any order; :func:`quality_report` and the other checks return
        them sorted by level, rule, subject and message.

    Examples
    --------
    >>> report = ValidationReport((Issue("warning", "unused_term", "sg:Foo", "never used"),))
    >>> report.conforms, len(report.warnings)
    (True, 1)
    >>> print(report)
    0 errors, 1 warning, 0 infos
    WARNING  unused_term  sg:Foo: never used
    """

    issues: tuple[Issue, ...] = ()

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues of level ``"error"``."""
        return tuple(i for i in self.issues if i.level == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues of level ``"warning"``."""
        return tuple(i for i in self.issues if i.level == "warning")

    @property
    def infos(self) -> tuple[Issue, ...]:
        """The issues of level ``"info"``."""
        return tuple(i for i in self.issues if i.level == "info")

    @property
    def conforms(self) -> bool:
        """Whether the report has no errors (warnings and infos are allowed)."""
        return not self.errors

    def rules(self) -> dict[str, int]:
        """Count the issues per rule.

        Returns
        -------
        dict of str to int
            Rule identifier to number of issues, in order of first appearance.
        """
        counts: dict[str, int] = {}
        for issue in self.issues:
            counts[issue.rule] = counts.get(issue.rule, 0) + 1
        return counts

    def __add__(self, other: ValidationReport) -> ValidationReport:
        if not isinstance(other, ValidationReport):
            return NotImplemented
        return _make_report([*self.issues, *other.issues])

    def __str__(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        head = ", ".join(
            [
                plural(len(self.errors), "error"),
                plural(len(self.warnings), "warning"),
                plural(len(self.infos), "info"),
            ]
        )
        return "\n".join([head, *(str(issue) for issue in self.issues)])

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data.

        Returns
        -------
        dict
            ``conforms`` (bool), ``counts`` (errors, warnings, infos) and ``issues``
            (a list of :meth:`Issue.to_dict` dictionaries).
        """
        return {
            "conforms": self.conforms,
            "counts": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "infos": len(self.infos),
            },
            "issues": [issue.to_dict() for issue in self.issues],
        }


def _make_report(issues: Iterable[Issue]) -> ValidationReport:
    unique = set(issues)
    ordered = sorted(unique, key=lambda i: (_LEVEL_ORDER[i.level], i.rule, i.subject, i.message))
    return ValidationReport(tuple(ordered))


# ---------------------------------------------------------------------------
# Naming helpers
# ---------------------------------------------------------------------------

_PREFIXES_LONGEST_FIRST: tuple[tuple[str, str], ...] = tuple(
    sorted(PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)
)
_LOCAL_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_IRI_IN_TEXT = re.compile(r"<(https?://[^<>\s]+)>|(https?://[^<>\s\"']+)")


def _curie(node: Node | None) -> str:
    """Shorten an IRI to a CURIE with the package prefixes, or wrap it in angle brackets."""
    if node is None:
        return "(none)"
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in _PREFIXES_LONGEST_FIRST:
            if text.startswith(namespace):
                local = text[len(namespace) :]
                if _LOCAL_NAME.match(local):
                    return f"{prefix}:{local}"
        return f"<{text}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, RDFLiteral):
        if node.datatype is not None:
            return f"{RDFLiteral(str(node)).n3()}^^{_curie(node.datatype)}"
        return str(node.n3())
    return str(node)


def _iris_in_text(text: str) -> list[tuple[str, str]]:
    """Find absolute IRIs in a message: (matched text, IRI) pairs, in order.

    IRIs are either in angle brackets or bare; a bare IRI loses trailing punctuation
    and unbalanced closing brackets (so a DOI such as ``...6736(14)60805-9`` survives).
    """
    found: list[tuple[str, str]] = []
    for match in _IRI_IN_TEXT.finditer(text):
        if match.group(1):
            found.append((match.group(0), match.group(1)))
            continue
        iri = match.group(2)
        while iri and (
            iri[-1] in ".,;:!?"
            or (iri[-1] in ")]" and iri.count("(") < iri.count(")"))
            or (iri[-1] == "]" and iri.count("[") < iri.count("]"))
        ):
            iri = iri[:-1]
        found.append((iri, iri))
    return found


def _curies_in_text(text: str) -> str:
    """Replace the absolute IRIs in a message by CURIEs."""
    for matched, iri in _iris_in_text(text):
        text = text.replace(matched, _curie(URIRef(iri)), 1)
    return text


def _describe(node: Node | None, graph: Graph) -> str:
    """Name a node for a report: a CURIE, or ``axiom(s p o)`` for an owl:Axiom."""
    if isinstance(node, BNode):
        source = graph.value(node, OWL.annotatedSource)
        prop = graph.value(node, OWL.annotatedProperty)
        target = graph.value(node, OWL.annotatedTarget)
        if source is not None and prop is not None and target is not None:
            return f"axiom({_curie(source)} {_curie(prop)} {_curie(target)})"
    return _curie(node)


def _local_name(iri: Node) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1] or text


def _is_sg(node: Node | None) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(SG_NAMESPACE)


def _namespace_of(iri: URIRef) -> str:
    text = str(iri)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]


def _import_optional(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"{name} is needed for this check; install it with "
            f"'pip install spasmgraph[validate]' (or 'pip install {name}')",
            name=name,
        ) from exc


def _copy(graph: Graph, into: Graph | None = None) -> Graph:
    """Copy the triples of a graph (for a Dataset: of its default or union graph)."""
    target = Graph() if into is None else into
    for triple in graph.triples((None, None, None)):
        target.add(triple)
    return target


def _is_english(value: Node) -> bool:
    return isinstance(value, RDFLiteral) and (value.language or "").lower().split("-")[0] == "en"


# ---------------------------------------------------------------------------
# Vocabulary tables
# ---------------------------------------------------------------------------

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_BUILTIN_NAMESPACES: frozenset[str] = frozenset({str(RDF), str(RDFS), str(OWL), str(XSD), _XML_NS})

_CLASS_TYPES: frozenset[Node] = frozenset({OWL.Class, RDFS.Class})
_PROPERTY_TYPES: frozenset[Node] = frozenset(
    {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
)
_DECLARATION_TYPES: frozenset[Node] = _CLASS_TYPES | _PROPERTY_TYPES | {RDFS.Datatype}

_BUILTIN_ANNOTATION_PROPERTIES: frozenset[Node] = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        OWL.deprecated,
        OWL.versionInfo,
        OWL.priorVersion,
        OWL.backwardCompatibleWith,
        OWL.incompatibleWith,
    }
)

# Predicates of the OWL 2 RDF mapping: structure, not assertions.
_STRUCTURAL_PREDICATES: frozenset[Node] = frozenset(
    {
        RDF.type,
        RDF.first,
        RDF.rest,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.disjointWith,
        OWL.complementOf,
        OWL.unionOf,
        OWL.intersectionOf,
        OWL.oneOf,
        OWL.disjointUnionOf,
        OWL.members,
        OWL.distinctMembers,
        OWL.onProperty,
        OWL.onProperties,
        OWL.onClass,
        OWL.onDataRange,
        OWL.onDatatype,
        OWL.withRestrictions,
        OWL.datatypeComplementOf,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.hasValue,
        OWL.hasSelf,
        OWL.cardinality,
        OWL.minCardinality,
        OWL.maxCardinality,
        OWL.qualifiedCardinality,
        OWL.minQualifiedCardinality,
        OWL.maxQualifiedCardinality,
        OWL.inverseOf,
        OWL.equivalentProperty,
        OWL.propertyDisjointWith,
        OWL.propertyChainAxiom,
        OWL.hasKey,
        OWL.sameAs,
        OWL.differentFrom,
        OWL.sourceIndividual,
        OWL.assertionProperty,
        OWL.targetIndividual,
        OWL.targetValue,
        OWL.annotatedSource,
        OWL.annotatedProperty,
        OWL.annotatedTarget,
        OWL.imports,
        OWL.versionIRI,
    }
)

# Property characteristics OWL 2 DL allows on object properties only.
_OBJECT_ONLY_CHARACTERISTICS: frozenset[Node] = frozenset(
    {
        OWL.InverseFunctionalProperty,
        OWL.TransitiveProperty,
        OWL.SymmetricProperty,
        OWL.AsymmetricProperty,
        OWL.ReflexiveProperty,
        OWL.IrreflexiveProperty,
    }
)

# rdf:type objects that declare or structure rather than assert class membership.
_STRUCTURAL_TYPES: frozenset[Node] = (
    frozenset(
        {
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            OWL.AnnotationProperty,
            OWL.NamedIndividual,
            OWL.Ontology,
            OWL.Axiom,
            OWL.Annotation,
            OWL.Restriction,
            OWL.AllDisjointClasses,
            OWL.AllDisjointProperties,
            OWL.AllDifferent,
            OWL.NegativePropertyAssertion,
            OWL.FunctionalProperty,
            RDFS.Datatype,
            RDF.List,
        }
    )
    | _OBJECT_ONLY_CHARACTERISTICS
)

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdf:langString.
_OWL2_DATATYPES: frozenset[Node] = frozenset(
    {
        RDF.PlainLiteral,
        RDF.XMLLiteral,
        RDF.langString,
        RDFS.Literal,
        OWL.real,
        OWL.rational,
        *(
            XSD[name]
            for name in [
                "decimal",
                "integer",
                "nonNegativeInteger",
                "nonPositiveInteger",
                "positiveInteger",
                "negativeInteger",
                "long",
                "int",
                "short",
                "byte",
                "unsignedLong",
                "unsignedInt",
                "unsignedShort",
                "unsignedByte",
                "double",
                "float",
                "string",
                "normalizedString",
                "token",
                "language",
                "Name",
                "NCName",
                "NMTOKEN",
                "boolean",
                "hexBinary",
                "base64Binary",
                "anyURI",
                "dateTime",
                "dateTimeStamp",
            ]
        ),
    }
)

_ONTOLOGY_LINKS: frozenset[Node] = frozenset(
    {
        OWL.versionIRI,
        OWL.imports,
        OWL.priorVersion,
        OWL.backwardCompatibleWith,
        OWL.incompatibleWith,
    }
)


# ---------------------------------------------------------------------------
# quality_report
# ---------------------------------------------------------------------------


def _typed(graph: Graph) -> set[Node]:
    return set(graph.subjects(RDF.type, None))


def _declared(graph: Graph, types: Iterable[Node]) -> set[Node]:
    found: set[Node] = set()
    for rdf_type in types:
        found.update(graph.subjects(RDF.type, rdf_type))
    return found


def _list_items(graph: Graph, head: Node) -> Iterator[Node]:
    seen: set[Node] = set()
    node: Node | None = head
    while node is not None and node != RDF.nil and node not in seen:
        seen.add(node)
        first = graph.value(node, RDF.first)
        if first is not None:
            yield first
        node = graph.value(node, RDF.rest)


def _class_positions(graph: Graph) -> set[Node]:
    """IRIs used where OWL expects a class."""
    data_properties = _declared(graph, [OWL.DatatypeProperty])
    used: set[Node] = set()
    for s, p, o in graph:
        if p == RDF.type and o not in _STRUCTURAL_TYPES:
            used.add(o)
        elif p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith):
            used.update((s, o))
        elif p in (OWL.complementOf, RDFS.domain, OWL.onClass) or (
            p == RDFS.range and s not in data_properties
        ):
            used.add(o)
        elif p in (OWL.someValuesFrom, OWL.allValuesFrom):
            if graph.value(s, OWL.onProperty) not in data_properties:
                used.add(o)
        elif p in (OWL.unionOf, OWL.intersectionOf, OWL.disjointUnionOf) or (
            p == OWL.members and (s, RDF.type, OWL.AllDisjointClasses) in graph
        ):
            used.update(_list_items(graph, o))
    return {u for u in used if isinstance(u, URIRef)}


def _property_positions(graph: Graph) -> set[Node]:
    """IRIs used as predicates or where OWL expects a property."""
    used: set[Node] = set(graph.predicates())
    for s, p, o in graph:
        if p in (
            OWL.inverseOf,
            RDFS.subPropertyOf,
            OWL.equivalentProperty,
            OWL.propertyDisjointWith,
        ):
            used.update((s, o))
        elif p in (OWL.onProperty, OWL.annotatedProperty, OWL.assertionProperty):
            used.add(o)
        elif p == OWL.propertyChainAxiom:
            used.update(_list_items(graph, o))
    return {u for u in used if isinstance(u, URIRef)}


def _checked_namespaces(graph: Graph) -> set[str]:
    """sg: plus every non-built-in namespace in which the graph declares a term."""
    namespaces = {SG_NAMESPACE}
    for term in _declared(graph, _DECLARATION_TYPES):
        if isinstance(term, URIRef):
            namespaces.add(_namespace_of(term))
    return namespaces - _BUILTIN_NAMESPACES


def _in_checked(term: Node, namespaces: set[str]) -> bool:
    if not isinstance(term, URIRef):
        return False
    if _is_sg(term):
        return True
    return _namespace_of(term) in namespaces


def _ontology_issues(graph: Graph) -> list[Issue]:
    ontologies = sorted(graph.subjects(RDF.type, OWL.Ontology), key=str)
    if not ontologies:
        return [
            Issue(
                "error",
                "missing_ontology_header",
                _GRAPH_SUBJECT,
                "the graph has no owl:Ontology header, so it has no licence or disclaimer",
            )
        ]
    issues: list[Issue] = []
    for ontology in ontologies:
        if graph.value(ontology, DCTERMS.license) is None:
            issues.append(
                Issue(
                    "error",
                    "missing_license",
                    _curie(ontology),
                    "the owl:Ontology header has no dcterms:license",
                )
            )
        disclaimers = [d for d in graph.objects(ontology, _SG.disclaimer) if str(d).strip()]
        if not disclaimers:
            issues.append(
                Issue(
                    "error",
                    "missing_disclaimer",
                    _curie(ontology),
                    "the owl:Ontology header has no sg:disclaimer (health information, "
                    "not medical advice)",
                )
            )
    return issues


def _label_issues(graph: Graph, terms: Iterable[Node]) -> list[Issue]:
    issues: list[Issue] = []
    for term in terms:
        subject = _curie(term)
        for predicate, rule, plural_rule, what in (
            (RDFS.label, "missing_label", "multiple_labels", "rdfs:label"),
            (SKOS.definition, "missing_definition", "multiple_definitions", "skos:definition"),
        ):
            values = list(graph.objects(term, predicate))
            english = [v for v in values if _is_english(v)]
            if not english:
                extra = f" (it has {len(values)} in other languages or untagged)" if values else ""
                issues.append(
                    Issue("error", rule, subject, f"sg: term has no English {what}{extra}")
                )
            elif len(english) > 1:
                texts = ", ".join(sorted(repr(str(v)) for v in english))
                issues.append(
                    Issue(
                        "error",
                        plural_rule,
                        subject,
                        f"sg: term has several English {what}s: {texts}",
                    )
                )
        for label in graph.objects(term, RDFS.label):
            text = str(label)
            if text != text.strip() or "  " in text:
                issues.append(
                    Issue(
                        "info",
                        "label_whitespace",
                        subject,
                        f"label {text!r} has leading, trailing or doubled whitespace",
                    )
                )
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
            others = sorted(_curie(t) for t in owners if t != term)
            kind, text = sorted(uses)[0]
            issues.append(
                Issue(
                    "error",
                    "duplicate_label",
                    _curie(term),
                    f"{kind} {text!r} is also a label or synonym of {', '.join(others)} "
                    "(compared case-insensitively)",
                )
            )
    return issues


def _reference_issues(graph: Graph, namespaces: set[str]) -> list[Issue]:
    typed = _typed(graph)
    class_used = _class_positions(graph)
    property_used = _property_positions(graph)
    classes = _declared(graph, _CLASS_TYPES | {RDFS.Datatype})
    properties = _declared(graph, _PROPERTY_TYPES)
    issues: list[Issue] = []

    for term in sorted(class_used, key=str):
        if _in_checked(term, namespaces) and term not in classes:
            issues.append(
                Issue(
                    "error",
                    "undeclared_class",
                    _curie(term),
                    "used as a class (rdf:type or class axiom) but not declared owl:Class",
                )
            )
    for term in sorted(property_used, key=str):
        if _in_checked(term, namespaces) and term not in properties:
            issues.append(
                Issue(
                    "error",
                    "undeclared_property",
                    _curie(term),
                    "used as a property but not declared owl:ObjectProperty, "
                    "owl:DatatypeProperty or owl:AnnotationProperty",
                )
            )

    exempt = set(class_used) | set(property_used)
    examples: dict[Node, tuple[Node, Node, Node]] = {}
    for s, p, o in graph:
        for node in (s, o):
            if node is o and p in _ONTOLOGY_LINKS:
                continue
            if _is_sg(node) and node not in typed and node not in exempt and node not in examples:
                examples[node] = (s, p, o)
    for node, (s, p, o) in sorted(examples.items(), key=lambda item: str(item[0])):
        issues.append(
            Issue(
                "error",
                "dangling_reference",
                _curie(node),
                f"used in '{_curie(s)} {_curie(p)} {_curie(o)}' but never declared "
                "(no rdf:type in the graph)",
            )
        )
    return issues


def _unused_issues(graph: Graph, classes: set[Node], properties: set[Node]) -> list[Issue]:
    issues: list[Issue] = []
    for term in sorted(classes | properties, key=str):
        used = any(s != term for s in graph.subjects(None, term))
        if not used and term in properties:
            used = any(s != term for s, _ in graph.subject_objects(term))
        if not used:
            kind = "class" if term in classes else "property"
            issues.append(
                Issue(
                    "warning",
                    "unused_term",
                    _curie(term),
                    f"{kind} is declared but no individual, assertion or axiom uses it",
                )
            )
    return issues


def quality_report(graph: Graph) -> ValidationReport:
    """Run ROBOT-``report``-style quality checks.

    Only ``sg:`` terms are held to the label and definition rules. A *term* is an
    ``sg:`` IRI with an ``rdf:type`` other than the ``owl:Ontology`` header.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to check, normally the schema together with the other layers.

    Returns
    -------
    ValidationReport
        Issues under these rules (level in brackets):

        ``missing_label`` (error)
            an ``sg:`` term without an English ``rdfs:label``;
        ``multiple_labels`` (error)
            an ``sg:`` term with more than one English ``rdfs:label``;
        ``duplicate_label`` (error)
            two ``sg:`` terms share a label, compared case-insensitively, where one
            term's ``rdfs:label`` equals the other's ``rdfs:label`` or
            ``skos:altLabel`` (two equal synonyms alone are allowed);
        ``missing_definition``, ``multiple_definitions`` (error)
            the same for ``skos:definition``;
        ``label_whitespace`` (info)
            a label with leading, trailing or doubled spaces;
        ``dangling_reference`` (error)
            an ``sg:`` IRI used as subject or object but never typed (ontology
            version and import links excepted);
        ``undeclared_class`` (error)
            an IRI used as a class (``rdf:type`` object, class axiom, domain or
            range) but not declared ``owl:Class``;
        ``undeclared_property`` (error)
            an IRI used as a predicate or in a property axiom but not declared as a
            property. Both ``undeclared_*`` rules apply to ``sg:`` and to every other
            non-built-in namespace in which the graph declares at least one term
            (SKOS, Dublin Core, PROV, BIBO, VANN); RDF, RDFS, OWL and XSD are built in;
        ``unused_term`` (warning)
            an ``sg:`` class or property that nothing refers to;
        ``missing_ontology_header``, ``missing_license``, ``missing_disclaimer``
            (error)
            no ``owl:Ontology``, or one without ``dcterms:license`` or
            ``sg:disclaimer``.

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
    >>> [(i.rule, i.subject) for i in quality_report(g).errors]  # doctest: +NORMALIZE_WHITESPACE
    [('missing_ontology_header', '(graph)'), ('undeclared_class', 'sg:Treatment')]
    """
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    terms = {t for t in _typed(graph) if _is_sg(t) and t not in ontologies}
    classes = {t for t in _declared(graph, _CLASS_TYPES) if _is_sg(t)}
    properties = {t for t in _declared(graph, _PROPERTY_TYPES) if _is_sg(t)}
    namespaces = _checked_namespaces(graph)

    issues: list[Issue] = []
    issues += _ontology_issues(graph)
    issues += _label_issues(graph, terms)
    issues += _duplicate_label_issues(graph, terms)
    issues += _reference_issues(graph, namespaces)
    issues += _unused_issues(graph, classes, properties)
    return _make_report(issues)


# ---------------------------------------------------------------------------
# shacl_report
# ---------------------------------------------------------------------------


def load_shapes() -> Graph:
    """Load the bundled SHACL shapes (``shapes.ttl`` of ``spasmgraph.ontology``).

    Returns
    -------
    rdflib.Graph
        The shapes graph.
    """
    resource = importlib.resources.files("spasmgraph.ontology").joinpath("shapes.ttl")
    return Graph().parse(data=resource.read_text(encoding="utf-8"), format="turtle")


@functools.lru_cache(maxsize=256)
def _prepared_query(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


class _PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pyshacl runs every SHACL-SPARQL constraint once per focus node, passing the query
    as text; rdflib would re-parse it each time (tens of milliseconds). Caching the
    parsed query makes the shapes about thirty times faster and changes nothing else.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            # pyshacl writes the PREFIX lines in set order, which changes from run to
            # run; sort them so the same query always hits the cache.
            lines = query_object.splitlines()
            prefixes = sorted(line for line in lines if line.startswith("PREFIX "))
            body = [line for line in lines if not line.startswith("PREFIX ")]
            query_object = _prepared_query("\n".join([*prefixes, *body]))
        return super().query(query_object, *args, **kwargs)


_SEVERITY_LEVEL: dict[Node, Level] = {
    _SH.Violation: "error",
    _SH.Warning: "warning",
    _SH.Info: "info",
}


def _shacl_rule(
    shapes: Graph, constraint: Node | None, shape: Node | None, component: Node | None
) -> str:
    if isinstance(constraint, URIRef):
        return _local_name(constraint)
    if isinstance(shape, URIRef):
        return _local_name(shape)
    if shape is not None:
        for parent in shapes.subjects(_SH.property, shape):
            if isinstance(parent, URIRef):
                return _local_name(parent)
    if component is not None:
        return _local_name(component)
    return "shacl"


def shacl_report(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate a graph against SHACL shapes with pyshacl.

    pyshacl runs with ``inference="none"``: the graph must contain the schema, because
    ``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf`` in the data graph,
    and no RDFS or OWL entailment is added, so that a missing ``rdf:type`` is reported
    instead of being inferred from a domain or range. Nothing is fetched: ``owl:imports``
    are not followed, SHACL-AF and SHACL-JS are off, and the shapes graph is local.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to validate; it is copied, never modified.
    shapes : rdflib.Graph, optional
        The shapes; by default the bundled ``shapes.ttl`` (see :func:`load_shapes`).

    Returns
    -------
    ValidationReport
        One issue per ``sh:ValidationResult``. The rule is the local name of the
        SHACL-SPARQL constraint or shape that produced it (for example
        ``relation_provenance``, ``assessment_verdict``), falling back to the
        constraint component (``MinCountConstraintComponent``); the subject is the
        focus node; the message is ``sh:resultMessage`` with IRIs shortened, plus the
        offending value when there is one.

    Raises
    ------
    ModuleNotFoundError
        If pyshacl is not installed.
    """
    pyshacl = _import_optional("pyshacl")
    shapes_graph = load_shapes() if shapes is None else shapes
    data = _copy(graph, _PreparedQueryGraph())
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph,
        ont_graph=None,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
        js=False,
        meta_shacl=False,
        do_owl_imports=False,
        inplace=True,
    )
    # Only the results of the report itself: results nested under sh:detail (from
    # sh:node and similar) explain a top-level result and are not issues of their own.
    top_level = [
        result
        for report in results.subjects(RDF.type, _SH.ValidationReport)
        for result in results.objects(report, _SH.result)
    ]
    issues: list[Issue] = []
    for result in top_level:
        focus = results.value(result, _SH.focusNode)
        value = results.value(result, _SH.value)
        path = results.value(result, _SH.resultPath)
        severity = results.value(result, _SH.resultSeverity)
        rule = _shacl_rule(
            shapes_graph,
            results.value(result, _SH.sourceConstraint),
            results.value(result, _SH.sourceShape),
            results.value(result, _SH.sourceConstraintComponent),
        )
        messages = sorted(str(m) for m in results.objects(result, _SH.resultMessage))
        message = _curies_in_text("; ".join(messages)) if messages else ""
        if not message:
            component = results.value(result, _SH.sourceConstraintComponent)
            message = f"violates {_curie(component)}"
            if isinstance(path, URIRef):
                message += f" on {_curie(path)}"
        value_text = _describe(value, data)
        if value is not None and value != focus and value_text not in message:
            message += f" (value: {value_text})"
        issues.append(
            Issue(
                _SEVERITY_LEVEL.get(severity, "error") if severity is not None else "error",
                rule,
                _describe(focus, data),
                message,
            )
        )
    return _make_report(issues)


# ---------------------------------------------------------------------------
# reasoning_report: OWL 2 RL closure
# ---------------------------------------------------------------------------


def _owlrl_issues(graph: Graph) -> list[Issue]:
    owlrl = _import_optional("owlrl")
    issues: list[Issue] = []

    # Ill-typed literals are found here, with their subject; owlrl's own message about
    # them names only the literal and is skipped below.
    for s, p, o in graph:
        if isinstance(o, RDFLiteral) and o.ill_typed:
            issues.append(
                Issue(
                    "error",
                    "ill_typed_literal",
                    _curie(s),
                    f"{_curie(p)} value {_curie(o)} is not a valid {_curie(o.datatype)}",
                )
            )

    closure = _copy(graph)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)

    for node in closure.subjects(RDF.type, _OWLRL_ERR.ErrorMessage):
        if (node, RDF.type, _OWLRL_ERR.ErrorMessage) in graph:
            continue
        text = str(closure.value(node, _OWLRL_ERR.error) or "")
        if text.startswith("Lexical value of the literal") or "defined of type 'Nothing'" in text:
            continue
        common = re.search(r"common individual (\S+)\s*$", text)
        iris = [iri for _, iri in _iris_in_text(text)]
        if common:
            subject = _curie(URIRef(common.group(1)))
        elif iris:
            subject = _curie(URIRef(iris[0]))
        else:
            subject = _GRAPH_SUBJECT
        issues.append(
            Issue("error", "owl_rl_inconsistency", subject, f"OWL 2 RL: {_curies_in_text(text)}")
        )

    for individual in sorted(closure.subjects(RDF.type, OWL.Nothing), key=str):
        issues.append(
            Issue(
                "error",
                "owl_rl_inconsistency",
                _curie(individual),
                "OWL 2 RL: the individual is an instance of owl:Nothing",
            )
        )

    for a, b in closure.subject_objects(OWL.sameAs):
        if (
            isinstance(a, URIRef)
            and isinstance(b, URIRef)
            and str(a) < str(b)
            and (_is_sg(a) or _is_sg(b))
            and (a, OWL.sameAs, b) not in graph
            and (b, OWL.sameAs, a) not in graph
        ):
            issues.append(
                Issue(
                    "warning",
                    "inferred_same_as",
                    _curie(a),
                    f"OWL 2 RL infers {_curie(a)} owl:sameAs {_curie(b)} (for example from two "
                    "values of a functional property); OWL has no unique-name assumption",
                )
            )
    return issues


# ---------------------------------------------------------------------------
# reasoning_report: structural OWL 2 DL check (partial, in Python)
# ---------------------------------------------------------------------------


@dataclass
class _Entities:
    classes: set[Node]
    datatypes: set[Node]
    object_properties: set[Node]
    data_properties: set[Node]
    annotation_properties: set[Node]


def _entities(graph: Graph) -> _Entities:
    return _Entities(
        classes=_declared(graph, [OWL.Class]) | {OWL.Thing, OWL.Nothing},
        datatypes=_declared(graph, [RDFS.Datatype]) | set(_OWL2_DATATYPES),
        object_properties=_declared(graph, [OWL.ObjectProperty])
        | {OWL.topObjectProperty, OWL.bottomObjectProperty},
        data_properties=_declared(graph, [OWL.DatatypeProperty])
        | {OWL.topDataProperty, OWL.bottomDataProperty},
        annotation_properties=_declared(graph, [OWL.AnnotationProperty])
        | set(_BUILTIN_ANNOTATION_PROPERTIES),
    )


def _is_reserved(term: Node) -> bool:
    return isinstance(term, URIRef) and _namespace_of(term) in _BUILTIN_NAMESPACES


def _literal_datatype(literal: RDFLiteral) -> URIRef:
    if literal.language:
        return URIRef(RDF.langString)
    return URIRef(literal.datatype) if literal.datatype is not None else URIRef(XSD.string)


def _dl_declaration_issues(graph: Graph, ent: _Entities) -> list[Issue]:
    issues: list[Issue] = []
    kinds = {
        "object property": ent.object_properties,
        "data property": ent.data_properties,
        "annotation property": ent.annotation_properties,
    }
    for term in sorted(set().union(*kinds.values()), key=str):
        held = [name for name, members in kinds.items() if term in members]
        if len(held) > 1:
            issues.append(
                Issue(
                    "error",
                    "dl_illegal_punning",
                    _curie(term),
                    f"declared as both {' and '.join(held)}; OWL 2 DL keeps these disjoint",
                )
            )
    for term in sorted(ent.classes & ent.datatypes, key=str):
        issues.append(
            Issue(
                "error", "dl_illegal_punning", _curie(term), "declared as both class and datatype"
            )
        )
    declared_reserved = _declared(
        graph, [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype]
    )
    for term in sorted(declared_reserved, key=str):
        if _is_reserved(term):
            issues.append(
                Issue(
                    "error",
                    "dl_reserved_vocabulary",
                    _curie(term),
                    "built-in RDF/RDFS/OWL/XSD vocabulary redeclared as a class, datatype or "
                    "logical property",
                )
            )
    return issues


def _dl_usage_issues(graph: Graph, ent: _Entities) -> list[Issue]:
    issues: list[Issue] = []
    all_properties = ent.object_properties | ent.data_properties | ent.annotation_properties

    kinds = {
        "class": ent.classes,
        "datatype": ent.datatypes,
        "object property": ent.object_properties,
        "data property": ent.data_properties,
        "annotation property": ent.annotation_properties,
    }

    def need(term: Node, members: set[Node], what: str, where: str) -> None:
        if not isinstance(term, URIRef) or term in members:
            return
        held = [name for name, group in kinds.items() if term in group]
        if _is_reserved(term) and not held:
            rule, problem = "dl_reserved_vocabulary", "it is RDF/RDFS/OWL/XSD vocabulary"
        elif held:
            rule, problem = "dl_wrong_entity_kind", f"it is declared as {' and '.join(held)}"
        else:
            rule, problem = "dl_undeclared_entity", "it is not declared"
        issues.append(
            Issue("error", rule, _curie(term), f"used as {what} ({where}), but {problem}")
        )

    for s, p, o in graph:
        if p == RDF.type:
            if o in _OBJECT_ONLY_CHARACTERISTICS:
                need(s, ent.object_properties, "an object property", f"rdf:type {_curie(o)}")
            elif o == OWL.FunctionalProperty and s not in ent.data_properties:
                need(
                    s,
                    ent.object_properties,
                    "an object property",
                    "rdf:type owl:FunctionalProperty",
                )
            elif o not in _STRUCTURAL_TYPES:
                need(o, ent.classes, "a class", f"rdf:type of {_curie(s)}")
        elif p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith):
            need(s, ent.classes, "a class", _curie(p))
            need(o, ent.classes, "a class", _curie(p))
        elif p == RDFS.domain:
            need(s, all_properties, "a property", "rdfs:domain")
            if s not in ent.annotation_properties:
                need(o, ent.classes, "a class", f"rdfs:domain of {_curie(s)}")
        elif p == RDFS.range:
            need(s, all_properties, "a property", "rdfs:range")
            if s in ent.data_properties:
                need(o, ent.datatypes, "a datatype", f"rdfs:range of {_curie(s)}")
            elif s in ent.object_properties:
                need(o, ent.classes, "a class", f"rdfs:range of {_curie(s)}")
        elif p == OWL.inverseOf:
            need(s, ent.object_properties, "an object property", "owl:inverseOf")
            need(o, ent.object_properties, "an object property", "owl:inverseOf")
        elif p == RDFS.subPropertyOf:
            for members in (ent.object_properties, ent.data_properties, ent.annotation_properties):
                if s in members:
                    need(
                        o,
                        members,
                        "a property of the same kind",
                        f"rdfs:subPropertyOf of {_curie(s)}",
                    )
                    break
            else:
                need(s, all_properties, "a property", "rdfs:subPropertyOf")
        elif p == OWL.onProperty:
            need(
                o,
                ent.object_properties | ent.data_properties,
                "a logical property",
                "owl:onProperty",
            )
        elif p in (OWL.unionOf, OWL.intersectionOf):
            for item in _list_items(graph, o):
                need(item, ent.classes | ent.datatypes, "a class", _curie(p))
        elif p == OWL.members and (s, RDF.type, OWL.AllDisjointClasses) in graph:
            for item in _list_items(graph, o):
                need(item, ent.classes, "a class", "owl:AllDisjointClasses")
        elif p in _STRUCTURAL_PREDICATES or p in ent.annotation_properties:
            continue
        elif p in ent.object_properties:
            if isinstance(o, RDFLiteral):
                issues.append(
                    Issue(
                        "error",
                        "dl_object_property_literal",
                        _curie(s),
                        f"object property {_curie(p)} has the literal value {_curie(o)}",
                    )
                )
        elif p in ent.data_properties:
            if not isinstance(o, RDFLiteral):
                issues.append(
                    Issue(
                        "error",
                        "dl_data_property_non_literal",
                        _curie(s),
                        f"data property {_curie(p)} has the non-literal value {_curie(o)}",
                    )
                )
            elif _literal_datatype(o) not in ent.datatypes:
                issues.append(
                    Issue(
                        "error",
                        "dl_unknown_datatype",
                        _curie(s),
                        f"{_curie(p)} value {_curie(o)} has datatype "
                        f"{_curie(_literal_datatype(o))}, which is not in the OWL 2 datatype map",
                    )
                )
        else:
            need(p, all_properties, "a property", f"predicate of {_curie(s)}")
    return issues


def _dl_axiom_annotation_issues(graph: Graph, ent: _Entities) -> list[Issue]:
    issues: list[Issue] = []
    skip = {RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        for p in set(graph.predicates(axiom, None)):
            if p not in skip and p not in ent.annotation_properties:
                issues.append(
                    Issue(
                        "error",
                        "dl_axiom_annotation_property",
                        _describe(axiom, graph),
                        f"owl:Axiom annotation uses {_curie(p)}, which is not an annotation "
                        "property",
                    )
                )
    return issues


def _dl_structural_issues(graph: Graph) -> list[Issue]:
    """A partial structural OWL 2 DL check.

    Covers: declarations of every class, datatype and property used (named individuals
    need none); disjointness of object, data and annotation properties and of classes
    and datatypes; no redeclaration of RDF/RDFS/OWL/XSD vocabulary and no use of it as a
    class or property outside the OWL 2 built-ins; object-property-only characteristics
    and ``owl:inverseOf`` on object properties; object properties with IRI values and
    data properties with literal values in the OWL 2 datatype map; annotation-only
    predicates on ``owl:Axiom`` nodes. Not covered: the global restrictions on property
    hierarchies and simple roles, anonymous-individual cycles, full class-expression
    syntax, ``owl:hasKey`` and datatype restrictions.
    """
    ent = _entities(graph)
    return [
        *_dl_declaration_issues(graph, ent),
        *_dl_usage_issues(graph, ent),
        *_dl_axiom_annotation_issues(graph, ent),
    ]


# ---------------------------------------------------------------------------
# reasoning_report: the OWL API's OWL2DLProfile, through Java
# ---------------------------------------------------------------------------

_OWLAPI_JAVA_SOURCE = r"""
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.RDFTriple;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

public class SpasmgraphDLProfile {
    static String clean(Object o) {
        return String.valueOf(o).replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
    public static void main(String[] args) throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration cfg = m.getOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
            .setFollowRedirects(false)
            .setReportStackTraces(false);
        m.setOntologyLoaderConfiguration(cfg);
        OWLOntology o = m.loadOntologyFromOntologyDocument(
            new FileDocumentSource(new File(args[0]), new TurtleDocumentFormat()), cfg);
        OWLDocumentFormat f = m.getOntologyFormat(o);
        if (f != null && f.getOntologyLoaderMetaData().isPresent()) {
            Iterable<RDFTriple> unparsed =
                f.getOntologyLoaderMetaData().get().getUnparsedTriples()::iterator;
            for (RDFTriple t : unparsed) {
                System.out.println("UNPARSED\t" + clean(t.getSubject()) + "\t" + clean(t));
            }
        }
        OWLProfileReport r = new OWL2DLProfile().checkOntology(o);
        for (OWLProfileViolation v : r.getViolations()) {
            System.out.println("VIOLATION\t" + v.getClass().getSimpleName() + "\t"
                + clean(v.getExpression()) + "\t" + clean(v));
        }
        System.out.println("DONE\t" + o.getAxiomCount() + "\t" + r.isInProfile());
    }
}
"""

# Jars of Debian's libowlapi-java package and its dependencies (unversioned names).
_OWLAPI_JARS = (
    "owlapi-distribution",
    "guava",
    "caffeine",
    "commons-io",
    "commons-codec",
    "commons-rdf-api",
    "commons-logging",
    "slf4j-api",
    "slf4j-nop",
    "jsr305",
    "atinject-jsr330-api",
    "hppcrt",
    "xz",
    "jackson-core",
    "jackson-databind",
    "jackson-annotations",
    "httpclient",
    "httpcore",
    "jaxb-api",
)
_OWLAPI_ENV = "SPASMGRAPH_OWLAPI_CLASSPATH"
_JAVA_TIMEOUT_SECONDS = 300


def owlapi_classpath() -> str | None:
    """Find a Java classpath holding the OWL API, if there is one.

    Looks at the environment variable ``SPASMGRAPH_OWLAPI_CLASSPATH`` first (a
    :data:`os.pathsep`-separated classpath), then at the jars of Debian's
    ``libowlapi-java`` package in ``/usr/share/java``. A ``java`` executable (version
    11 or later) must also be on ``PATH``.

    Returns
    -------
    str or None
        The classpath, or ``None`` when Java or the OWL API is missing.
    """
    if shutil.which("java") is None:
        return None
    configured = os.environ.get(_OWLAPI_ENV)
    if configured:
        return configured
    base = Path("/usr/share/java")
    if not (base / "owlapi-distribution.jar").is_file():
        return None
    jars = [base / f"{name}.jar" for name in _OWLAPI_JARS]
    jars = [jar for jar in jars if jar.is_file()]
    jars += sorted(jar for jar in base.glob("rdf4j-*.jar") if not re.search(r"-\d", jar.stem))
    return os.pathsep.join(str(jar) for jar in jars)


def _export(graph: Graph, path: Path, rdf_format: str) -> None:
    """Write a copy of the graph without owl:imports, so no tool follows them."""
    copy = _copy(graph)
    copy.remove((None, OWL.imports, None))
    for prefix, namespace in PREFIXES.items():
        copy.bind(prefix, namespace, override=True)
    copy.serialize(destination=str(path), format=rdf_format)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _owlapi_issues(graph: Graph, classpath: str) -> list[Issue]:
    java = shutil.which("java") or "java"
    with tempfile.TemporaryDirectory(prefix="spasmgraph-owlapi-") as tmp:
        source = Path(tmp) / "SpasmgraphDLProfile.java"
        source.write_text(_OWLAPI_JAVA_SOURCE, encoding="utf-8")
        data = Path(tmp) / "ontology.ttl"
        _export(graph, data, "turtle")
        completed = subprocess.run(
            [java, "-cp", classpath, str(source), str(data)],
            capture_output=True,
            text=True,
            timeout=_JAVA_TIMEOUT_SECONDS,
            check=False,
        )
    lines = completed.stdout.splitlines()
    if not any(line.startswith("DONE\t") for line in lines):
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-5:]
        if any("Parser" in line or "Unparsable" in line for line in tail):
            return [Issue("error", "owlapi_parse_error", _GRAPH_SUBJECT, " | ".join(tail)[:2000])]
        raise RuntimeError(
            f"the OWL API check did not run (exit code {completed.returncode}): {' | '.join(tail)}"
        )
    issues: list[Issue] = []
    for line in lines:
        fields = line.split("\t")
        if fields[0] == "UNPARSED" and len(fields) >= 3:
            issues.append(
                Issue(
                    "error",
                    "owlapi_unparsed_triple",
                    _curies_in_text(fields[1]),
                    f"the OWL API could not map this triple to OWL 2: {_curies_in_text(fields[2])}",
                )
            )
        elif fields[0] == "VIOLATION" and len(fields) >= 4:
            iris = [iri for _, iri in _iris_in_text(fields[2]) or _iris_in_text(fields[3])]
            subject = _curie(URIRef(iris[0])) if iris else _GRAPH_SUBJECT
            message = re.sub(r"\s*\[(.*) in OntologyID\(.*\)\]\s*$", r" in \1", fields[3])
            issues.append(
                Issue(
                    "error",
                    f"owlapi_{_snake(fields[1])}",
                    subject,
                    f"OWL 2 DL profile (OWL API): {_curies_in_text(message)}",
                )
            )
    return issues


# ---------------------------------------------------------------------------
# reasoning_report: HermiT through owlready2 (optional)
# ---------------------------------------------------------------------------


def _hermit_issues(graph: Graph) -> list[Issue]:
    owlready2: Any = _import_optional("owlready2")
    with tempfile.TemporaryDirectory(prefix="spasmgraph-hermit-") as tmp:
        path = Path(tmp) / "ontology.owl"
        try:
            _export(graph, path, "xml")
        except Exception:  # rdflib cannot write every predicate IRI as RDF/XML
            path = Path(tmp) / "ontology.nt"
            _export(graph, path, "nt")
        world = owlready2.World()
        try:
            ontology = world.get_ontology(path.as_uri()).load()
            try:
                with ontology:
                    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError:
                return [
                    Issue(
                        "error",
                        "hermit_inconsistent",
                        _GRAPH_SUBJECT,
                        "HermiT finds the ontology inconsistent",
                    )
                ]
            except owlready2.OwlReadyJavaError as exc:
                return [Issue("error", "hermit_error", _GRAPH_SUBJECT, str(exc).strip()[:2000])]
            return [
                Issue(
                    "error",
                    "hermit_unsatisfiable_class",
                    _curie(URIRef(cls.iri)),
                    "HermiT finds the class unsatisfiable (equivalent to owl:Nothing)",
                )
                for cls in world.inconsistent_classes()
                if str(cls.iri) != str(OWL.Nothing)
            ]
        finally:
            world.close()


def reasoning_report(
    graph: Graph, *, owlapi: bool | None = None, hermit: bool = False
) -> ValidationReport:
    """Reason over a copy of the graph and check it against OWL 2 DL.

    Three parts:

    1. **OWL 2 RL closure** (owlrl, on a copy). owlrl records inconsistencies it meets
       as ``[] a err:ErrorMessage ; err:error "..."`` nodes (namespace
       ``http://www.daml.org/2002/03/agents/agent-ont#``): disjoint classes sharing an
       individual, ``owl:sameAs`` against ``owl:differentFrom``, irreflexive, asymmetric
       or disjoint property misuse, negative property assertions, cardinality and
       complement violations. Each becomes an ``owl_rl_inconsistency`` error, as does
       any individual inferred to be an ``owl:Nothing``. Ill-typed literals are
       ``ill_typed_literal`` errors. Two distinct ``sg:`` individuals inferred
       ``owl:sameAs`` (for example two values of a functional property) are an
       ``inferred_same_as`` warning, since OWL would silently merge them.
    2. **Structural OWL 2 DL check in Python** (always). It is a *partial* check of
       the OWL 2 DL typing constraints and RDF mapping, with these rules:
       ``dl_undeclared_entity`` (a class, datatype or property used but not declared;
       named individuals need no declaration), ``dl_wrong_entity_kind`` (used as one
       kind of entity but declared as another, for example ``owl:inverseOf`` on a data
       property), ``dl_illegal_punning`` (declared as two of object, data and
       annotation property, or as class and datatype), ``dl_reserved_vocabulary``
       (RDF/RDFS/OWL/XSD vocabulary redeclared, or used as a class or property outside
       the OWL 2 built-ins), ``dl_object_property_literal`` and
       ``dl_data_property_non_literal`` (value of the wrong kind),
       ``dl_unknown_datatype`` (a data value whose datatype is outside the OWL 2
       datatype map) and ``dl_axiom_annotation_property`` (an ``owl:Axiom`` node
       carrying a predicate that is not an annotation property). It does *not* check
       the global restrictions (simple roles in cardinality restrictions, regularity of
       property chains), anonymous-individual cycles or the full class-expression
       syntax; the OWL API check below does.
    3. **The OWL API's ``OWL2DLProfile``** (rules ``owlapi_<violation>``, for example
       ``owlapi_use_of_undeclared_class`` or ``owlapi_illegal_punning``), the
       reference implementation, run through Java when :func:`owlapi_classpath` finds
       the OWL API (Debian: ``apt-get install libowlapi-java``). Triples the OWL API
       cannot map to OWL 2 axioms are ``owlapi_unparsed_triple`` errors. It takes a few
       seconds (Java start-up and in-memory compilation of a small checker). When it
       is found but fails to run, the default mode reports an ``owlapi_not_run``
       warning.

    Optionally, HermiT (bundled with owlready2) reasons over the ontology: an
    inconsistent ontology is a ``hermit_inconsistent`` error, each unsatisfiable class
    a ``hermit_unsatisfiable_class`` error, a failure of HermiT itself (for example an
    unsupported datatype) a ``hermit_error`` error.

    ``owl:imports`` are never followed and nothing is fetched from the network.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to check; it is copied, never modified.
    owlapi : bool or None, optional
        ``None`` (default) runs the OWL API check when it is available and skips it
        otherwise; ``True`` requires it; ``False`` skips it.
    hermit : bool, optional
        Also run HermiT through owlready2 (needs ``pip install owlready2`` and Java).

    Returns
    -------
    ValidationReport
        The issues found.

    Raises
    ------
    ModuleNotFoundError
        If owlrl (or, with ``hermit=True``, owlready2) is not installed.
    RuntimeError
        If ``owlapi=True`` and Java or the OWL API cannot be found, or the OWL API
        check fails to run.
    """
    issues = _owlrl_issues(graph)
    issues += _dl_structural_issues(graph)
    if owlapi is not False:
        classpath = owlapi_classpath()
        if classpath is None:
            if owlapi:
                raise RuntimeError(
                    "the OWL API check needs Java and the OWL API: install Debian's "
                    f"libowlapi-java, or set {_OWLAPI_ENV} to a classpath holding the OWL API"
                )
        else:
            try:
                issues += _owlapi_issues(graph, classpath)
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                if owlapi:
                    raise RuntimeError(f"the OWL API check failed: {exc}") from exc
                issues.append(
                    Issue(
                        "warning",
                        "owlapi_not_run",
                        _GRAPH_SUBJECT,
                        f"the OWL API was found but its OWL 2 DL check failed to run: {exc}",
                    )
                )
    if hermit:
        issues += _hermit_issues(graph)
    return _make_report(issues)


def validate(
    graph: Graph | KnowledgeGraph, *, shacl: bool = True, reasoning: bool = False
) -> ValidationReport:
    """Run the quality checks and, as asked, the SHACL shapes and the reasoning checks.

    Also available as ``spasmgraph.validate(kg)`` and ``kg.validate()``.

    Parameters
    ----------
    graph : rdflib.Graph or KnowledgeGraph
        The graph to check (it is not modified).
    shacl : bool, optional
        Also run :func:`shacl_report` with the bundled shapes (default ``True``).
    reasoning : bool, optional
        Also run :func:`reasoning_report` with its defaults (default ``False``).

    Returns
    -------
    ValidationReport
        All issues of the checks that ran, errors first.
    """
    if not isinstance(graph, Graph):
        graph = graph.graph
    checks: list[Callable[[Graph], ValidationReport]] = [quality_report]
    if shacl:
        checks.append(shacl_report)
    if reasoning:
        checks.append(reasoning_report)
    issues: list[Issue] = []
    for check in checks:
        issues.extend(check(graph).issues)
    return _make_report(issues)
