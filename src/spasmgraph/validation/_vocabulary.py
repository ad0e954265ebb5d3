"""Tables of RDF, RDFS, OWL and XSD vocabulary that the checks consult (plain data).

>>> from rdflib.namespace import OWL
>>> OWL.TransitiveProperty in OBJECT_ONLY_CHARACTERISTICS
True
"""

from __future__ import annotations

from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

__all__ = [
    "BUILTIN_ANNOTATION_PROPERTIES",
    "BUILTIN_NAMESPACES",
    "CLASS_TYPES",
    "DECLARATION_TYPES",
    "OBJECT_ONLY_CHARACTERISTICS",
    "ONTOLOGY_LINKS",
    "OWL2_DATATYPES",
    "PROPERTY_TYPES",
    "STRUCTURAL_PREDICATES",
    "STRUCTURAL_TYPES",
]

_XML_NS = "http://www.w3.org/XML/1998/namespace"

BUILTIN_NAMESPACES: frozenset[str] = frozenset({str(RDF), str(RDFS), str(OWL), str(XSD), _XML_NS})
"""Namespaces whose terms are built in, never declared by an ontology."""

CLASS_TYPES: frozenset[Node] = frozenset({OWL.Class, RDFS.Class})
PROPERTY_TYPES: frozenset[Node] = frozenset(
    {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
)
DECLARATION_TYPES: frozenset[Node] = CLASS_TYPES | PROPERTY_TYPES | {RDFS.Datatype}

BUILTIN_ANNOTATION_PROPERTIES: frozenset[Node] = frozenset(
    {
        RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated,
        OWL.versionInfo, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
    }
)  # fmt: skip

STRUCTURAL_PREDICATES: frozenset[Node] = frozenset(
    {
        RDF.type, RDF.first, RDF.rest,
        RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
        OWL.equivalentClass, OWL.disjointWith, OWL.complementOf, OWL.unionOf,
        OWL.intersectionOf, OWL.oneOf, OWL.disjointUnionOf, OWL.members, OWL.distinctMembers,
        OWL.onProperty, OWL.onProperties, OWL.onClass, OWL.onDataRange, OWL.onDatatype,
        OWL.withRestrictions, OWL.datatypeComplementOf,
        OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.hasSelf,
        OWL.cardinality, OWL.minCardinality, OWL.maxCardinality, OWL.qualifiedCardinality,
        OWL.minQualifiedCardinality, OWL.maxQualifiedCardinality,
        OWL.inverseOf, OWL.equivalentProperty, OWL.propertyDisjointWith,
        OWL.propertyChainAxiom, OWL.hasKey, OWL.sameAs, OWL.differentFrom,
        OWL.sourceIndividual, OWL.assertionProperty, OWL.targetIndividual, OWL.targetValue,
        OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget,
        OWL.imports, OWL.versionIRI,
    }
)  # fmt: skip
"""Predicates of the OWL 2 RDF mapping: structure, not assertions."""

OBJECT_ONLY_CHARACTERISTICS: frozenset[Node] = frozenset(
    {
        OWL.InverseFunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty,
        OWL.AsymmetricProperty, OWL.ReflexiveProperty, OWL.IrreflexiveProperty,
    }
)  # fmt: skip
"""Property characteristics OWL 2 DL allows on object properties only."""

_DECLARING_TYPES: frozenset[Node] = frozenset(
    {
        OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
        OWL.NamedIndividual, OWL.Ontology, OWL.Axiom, OWL.Annotation, OWL.Restriction,
        OWL.AllDisjointClasses, OWL.AllDisjointProperties, OWL.AllDifferent,
        OWL.NegativePropertyAssertion, OWL.FunctionalProperty, RDFS.Datatype, RDF.List,
    }
)  # fmt: skip

STRUCTURAL_TYPES: frozenset[Node] = _DECLARING_TYPES | OBJECT_ONLY_CHARACTERISTICS
"""``rdf:type`` objects that declare or structure rather than assert class membership."""

_XSD_NAMES = (
    "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger "
    "long int short byte unsignedLong unsignedInt unsignedShort unsignedByte double float "
    "string normalizedString token language Name NCName NMTOKEN boolean hexBinary "
    "base64Binary anyURI dateTime dateTimeStamp"
)

OWL2_DATATYPES: frozenset[Node] = frozenset(
    {
        RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal, OWL.real, OWL.rational,
        *(XSD[name] for name in _XSD_NAMES.split()),
    }
)  # fmt: skip
"""The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdf:langString."""

ONTOLOGY_LINKS: frozenset[Node] = frozenset(
    {
        OWL.versionIRI, OWL.imports, OWL.priorVersion,
        OWL.backwardCompatibleWith, OWL.incompatibleWith,
    }
)  # fmt: skip
"""Links from an ontology header to other ontologies (not dangling references)."""
