"""The SPARQL 1.1 Service Description of the endpoint, served at its root.

>>> from rdflib import Graph, URIRef
>>> g = service_description("http://127.0.0.1:8000/sparql", triples=3, timeout=10, max_rows=5)
>>> SD.SPARQL11Query in set(g.objects(URIRef("http://127.0.0.1:8000/sparql#service"),
...                                   SD.supportedLanguage))
True
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from .protocol import GRAPH_TYPES, RESULT_TYPES

__all__ = ["SD", "service_description"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
_FORMATS = Namespace("http://www.w3.org/ns/formats/")
_FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
}


def service_description(endpoint: str, *, triples: int, timeout: float, max_rows: int) -> Graph:
    """The service description of the endpoint at *endpoint* (an absolute URL).

    It names the endpoint, SPARQL 1.1 Query as its only language (no update, no
    ``SERVICE``), the result formats it writes, and its default dataset: one graph of
    *triples* triples. The limits are stated in an ``rdfs:comment``.
    """
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    service = URIRef(f"{endpoint}#service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for media in (*RESULT_TYPES, *GRAPH_TYPES):
        if media in _FORMAT_IRIS:
            g.add((service, SD.resultFormat, _FORMATS[_FORMAT_IRIS[media]]))
    g.add((service, DCTERMS.title, Literal("spasmgraph: back muscle spasms knowledge graph")))
    g.add(
        (
            service,
            RDFS.comment,
            Literal(
                "Read-only SPARQL 1.1 Query endpoint. Health information, not medical advice. "
                "SERVICE, LOAD, FROM/FROM NAMED with a remote or file: IRI, and updates are "
                f"refused. Each query may run {timeout:g} s; results are cut at {max_rows} rows "
                "(flagged by the X-SPASMGRAPH-Truncated header).",
                lang="en",
            ),
        )
    )
    dataset, graph = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, graph))
    g.add((graph, RDF.type, SD.Graph))
    g.add((graph, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g
