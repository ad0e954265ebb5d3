"""The ontology reference page: complete, and valid reStructuredText."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

import spasmgraph as sg
from spasmgraph.errors import SpasmGraphError
from spasmgraph.reference import ontology_reference
from spasmgraph.vocab import OWL, RDF, RDFS

docutils_core = pytest.importorskip("docutils.core")


@pytest.fixture(scope="module")
def page(kg: sg.KnowledgeGraph) -> str:
    return ontology_reference(kg)


def test_every_labelled_class_property_and_individual_is_listed(
    kg: sg.KnowledgeGraph, page: str
) -> None:
    curie = kg.index.curies.shorten
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    for kind in kinds:
        for term in kg.graph.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and (term, RDFS.label, None) in kg.graph:
                assert f"``{curie(str(term))}``" in page, term


def test_codes_and_definitions_are_shown(page: str) -> None:
    start = page.index("   * - ``sg:ibuprofen``\n") + len("   * - ")
    row = page[start : page.index("   * - ", start)]
    assert "(exact)" in row or "(close)" in row
    assert "ibuprofen" in row


def test_the_page_is_valid_restructuredtext(page: str) -> None:
    messages: list[str] = []
    doctree = docutils_core.publish_doctree(
        page, settings_overrides={"report_level": 5, "halt_level": 5}
    )
    for node in doctree.findall():
        if node.tagname == "system_message" and int(node["level"]) >= 2:
            messages.append(node.astext())
    assert messages == []


def test_a_plain_rdflib_graph_works_and_other_things_do_not() -> None:
    assert ontology_reference(Graph(), title="Empty").startswith("Empty\n=====")
    with pytest.raises(SpasmGraphError, match="rdflib Graph or a KnowledgeGraph"):
        ontology_reference("schema.ttl")  # type: ignore[arg-type]
