"""Naming and graph helpers shared by the checks: CURIEs for reports, graph copies.

>>> from rdflib import URIRef
>>> curie(URIRef("https://w3id.org/spasmgraph/heat"))
'sg:heat'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from spasmgraph._extras import import_optional as _import_optional
from spasmgraph.vocab import PREFIXES, SG_NAMESPACE

__all__ = [
    "copy_graph",
    "curie",
    "curies_in_text",
    "declared",
    "describe",
    "export_graph",
    "import_optional",
    "iris_in_text",
    "is_english",
    "is_sg",
    "list_items",
    "local_name",
    "namespace_of",
]

_PREFIXES_LONGEST_FIRST: tuple[tuple[str, str], ...] = tuple(
    sorted(PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)
)
_LOCAL_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_IRI_IN_TEXT = re.compile(r"<(https?://[^<>\s]+)>|(https?://[^<>\s\"']+)")


def curie(node: Node | None) -> str:
    """Shorten an IRI to a CURIE with :data:`spasmgraph.vocab.PREFIXES`, or wrap it in ``<>``.

    >>> curie(URIRef("http://example.org/x"))
    '<http://example.org/x>'
    >>> curie(RDFLiteral("5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))
    '"5"^^xsd:integer'
    """
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
            return f"{RDFLiteral(str(node)).n3()}^^{curie(node.datatype)}"
        return str(node.n3())
    return str(node)


def iris_in_text(text: str) -> list[tuple[str, str]]:
    """Find absolute IRIs in a message: (matched text, IRI) pairs, in order.

    IRIs are either in angle brackets or bare; a bare IRI loses trailing punctuation
    and unbalanced closing brackets (so a DOI such as ``...6736(14)60805-9`` survives).

    >>> iris_in_text("see https://doi.org/10.1016/S0140-6736(14)60805-9.")
    [('https://doi.org/10.1016/S0140-6736(14)60805-9', 'https://doi.org/10.1016/S0140-6736(14)60805-9')]
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


def curies_in_text(text: str) -> str:
    """Replace the absolute IRIs in a message by CURIEs.

    >>> curies_in_text("<https://w3id.org/spasmgraph/heat> has no label")
    'sg:heat has no label'
    """
    for matched, iri in iris_in_text(text):
        text = text.replace(matched, curie(URIRef(iri)), 1)
    return text


def describe(node: Node | None, graph: Graph) -> str:
    """Name a node for a report: a CURIE, or ``axiom(s p o)`` for an ``owl:Axiom``."""
    if isinstance(node, BNode):
        source = graph.value(node, OWL.annotatedSource)
        prop = graph.value(node, OWL.annotatedProperty)
        target = graph.value(node, OWL.annotatedTarget)
        if source is not None and prop is not None and target is not None:
            return f"axiom({curie(source)} {curie(prop)} {curie(target)})"
    return curie(node)


def local_name(iri: Node) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name(URIRef("http://www.w3.org/ns/shacl#MinCountConstraintComponent"))
    'MinCountConstraintComponent'
    """
    text = str(iri)
    return re.split(r"[#/]", text)[-1] or text


def is_sg(node: Node | None) -> bool:
    """Whether a node is an IRI in the spasmgraph namespace."""
    return isinstance(node, URIRef) and str(node).startswith(SG_NAMESPACE)


def namespace_of(iri: URIRef) -> str:
    """The IRI up to and including its last ``#`` or ``/``.

    >>> namespace_of(URIRef("http://www.w3.org/2002/07/owl#Class"))
    'http://www.w3.org/2002/07/owl#'
    """
    text = str(iri)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]


def is_english(value: Node) -> bool:
    """Whether a node is a literal tagged ``en`` or ``en-*``."""
    return isinstance(value, RDFLiteral) and (value.language or "").lower().split("-")[0] == "en"


def import_optional(name: str, *, what: str, extra: str = "validate") -> ModuleType:
    """:func:`spasmgraph._extras.import_optional`, with the ``validate`` extra by default."""
    return _import_optional(name, what=what, extra=extra)


def copy_graph(graph: Graph, into: Graph | None = None) -> Graph:
    """Copy the triples of a graph (for a Dataset: of its default or union graph)."""
    target = Graph() if into is None else into
    for triple in graph.triples((None, None, None)):
        target.add(triple)
    return target


def declared(graph: Graph, types: Iterable[Node]) -> set[Node]:
    """The subjects with any of these ``rdf:type`` values."""
    found: set[Node] = set()
    for rdf_type in types:
        found.update(graph.subjects(RDF.type, rdf_type))
    return found


def list_items(graph: Graph, head: Node) -> Iterator[Node]:
    """The members of an RDF list, stopping at a cycle."""
    seen: set[Node] = set()
    node: Node | None = head
    while node is not None and node != RDF.nil and node not in seen:
        seen.add(node)
        first = graph.value(node, RDF.first)
        if first is not None:
            yield first
        node = graph.value(node, RDF.rest)


def export_graph(graph: Graph, path: Path, rdf_format: str) -> None:
    """Write a copy of the graph without ``owl:imports``, so that no tool follows them."""
    copy = copy_graph(graph)
    copy.remove((None, OWL.imports, None))
    for prefix, namespace in PREFIXES.items():
        copy.bind(prefix, namespace, override=True)
    copy.serialize(destination=str(path), format=rdf_format)
