"""The networkx view and its lossless round trip."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Literal
from rdflib.compare import isomorphic

import spasmgraph as sg


def test_nodes_are_keyed_by_curie_with_typed_attributes(toy: sg.KnowledgeGraph) -> None:
    G = toy.to_networkx()
    assert isinstance(G, nx.MultiDiGraph)
    node = G.nodes["toy:pill"]
    assert node["iri"] == "https://example.org/toy/pill"
    assert node["label"] == "pill"
    assert node["types"] == ["sg:Medication"]
    assert node["skos:altLabel"] == [Literal("tablet")]


def test_literals_are_attributes_never_nodes(toy: sg.KnowledgeGraph) -> None:
    G = toy.to_networkx()
    assert not any(isinstance(n, Literal) for n in G.nodes)
    assert all(isinstance(n, str) and not isinstance(n, Literal) for n in G.nodes)


def test_edges_carry_predicate_and_provenance(toy: sg.KnowledgeGraph) -> None:
    edge = toy.to_networkx().edges["toy:stretch", "toy:tension", "sg:actsOn"]
    assert edge["predicate"] == "sg:actsOn"
    assert edge["label"] == "acts on"
    assert edge["source"] == "toy:doc"
    assert edge["locator"] == "Remedies, item 2"
    assert edge["mode"] == "sg:InferredByModeller"
    assert edge["claim"] == "toy:c2"
    assert len(edge["axioms"]) == 1


def test_axiom_nodes_are_folded_into_edges(toy: sg.KnowledgeGraph) -> None:
    G = toy.to_networkx()
    assert not any("owl:Axiom" in data["types"] for _, data in G.nodes(data=True))


def test_round_trip_is_isomorphic_on_toy(toy: sg.KnowledgeGraph) -> None:
    back = sg.from_networkx(toy.to_networkx())
    assert isomorphic(back.graph, toy.graph)
    assert len(back) == len(toy)


def test_round_trip_is_isomorphic_on_bundled_graph(kg: sg.KnowledgeGraph) -> None:
    assert isomorphic(sg.from_networkx(kg.to_networkx()).graph, kg.graph)


def test_extra_non_rdf_attributes_are_ignored(toy: sg.KnowledgeGraph) -> None:
    G = toy.to_networkx()
    nx.set_node_attributes(G, nx.degree_centrality(G), "centrality")
    assert isomorphic(sg.from_networkx(G).graph, toy.graph)


@pytest.mark.parametrize("value", [3, "plain", True])
def test_plain_python_attribute_values_become_literals(
    toy: sg.KnowledgeGraph, value: object
) -> None:
    G = toy.to_networkx()
    G.nodes["toy:pill"]["rdfs:comment"] = [value]
    back = sg.from_networkx(G)
    assert back.sparql("ASK { ?x rdfs:comment ?v }", v=Literal(value)) is True
