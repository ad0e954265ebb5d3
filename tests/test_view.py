"""The networkx view, its lossless round trip, flattening and file export."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

import spasmgraph as sg
from spasmgraph import convert
from spasmgraph.view import flatten


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


def _as_networkx_builds_it(G: Any) -> Any:
    """The same graph made with networkx's own (slow) add_nodes_from and add_edges_from."""
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, dict(data)) for n, data in G.nodes(data=True))
    H.add_edges_from((u, v, k, dict(data)) for u, v, k, data in G.edges(keys=True, data=True))
    return H


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_view_is_the_graph_networkx_would_build(store: str) -> None:
    G = sg.load(store=store, progress=False).to_networkx()
    H = _as_networkx_builds_it(G)
    assert nx.utils.graphs_equal(G, H)
    assert list(G.pred.items()) == list(H.pred.items())
    assert all(G._pred[v][u] is G._succ[u][v] for u, v in G.edges())
    data = [d for _, _, d in G.edges(data=True)]
    assert len({id(d) for d in data}) == len(data)  # one attribute dict per edge
    G.edges[next(iter(G.edges(keys=True)))]["weight"] = 1.0
    assert sum("weight" in d for d in data) == 1


_BLANK_EDGE = """
@prefix sg: <https://w3id.org/spasmgraph/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
_:b sg:actsOn sg:tension .
[] a owl:Axiom ; owl:annotatedSource _:b ; owl:annotatedProperty sg:actsOn ;
   owl:annotatedTarget sg:tension ; sg:locator "p. 2" .
[] a owl:Axiom ; owl:annotatedSource _:b ; owl:annotatedProperty sg:treats ;
   owl:annotatedTarget sg:tension ; sg:locator "p. 3" .
"""


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_axioms_on_edges_of_blank_nodes_fold_only_onto_existing_edges(store: str) -> None:
    source = Graph().parse(data=_BLANK_EDGE, format="turtle")
    G = sg.load(source, bundled=False, store=store, progress=False).to_networkx()
    edges = {(k, str(d.get("locator"))) for u, v, k, d in G.edges(keys=True, data=True)}
    assert ("sg:actsOn", "p. 2") in edges  # folded onto the blank node's edge
    assert ("owl:annotatedProperty", "None") in edges  # no sg:treats edge: kept as a node
    assert sum("owl:Axiom" in d["types"] for _, d in G.nodes(data=True)) == 1


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


# -- flattening and export: one flattener for GraphML, GEXF and node-link JSON ----------


@pytest.mark.parametrize("writer", [nx.write_graphml, nx.write_gexf])
def test_flattened_view_is_accepted_by_networkx_writers(
    toy: sg.KnowledgeGraph, tmp_path: Path, writer: Any
) -> None:
    G = toy.to_networkx(flatten=True)
    target = tmp_path / "toy.out"
    writer(G, target)
    back = (nx.read_graphml if writer is nx.write_graphml else nx.read_gexf)(target)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()


@pytest.mark.parametrize("writer", [nx.write_graphml, nx.write_gexf])
def test_bundled_view_flattened_writes(kg: sg.KnowledgeGraph, tmp_path: Path, writer: Any) -> None:
    writer(kg.to_networkx(flatten=True), tmp_path / "kg.out")


def test_unflattened_view_is_refused_by_graphml(toy: sg.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(nx.NetworkXError):
        nx.write_graphml(toy.to_networkx(), tmp_path / "toy.graphml")


def test_flatten_rules(toy: sg.KnowledgeGraph) -> None:
    G = toy.to_networkx()
    G.nodes["toy:pill"]["score"] = 0.5
    G.nodes["toy:pill"]["rank"] = [Literal(3)]
    flat = flatten(G)
    pill = flat.nodes["toy:pill"]
    assert pill["types"] == '["sg:Medication"]'  # lists as JSON text
    assert pill["skos:altLabel"] == '["tablet"]'  # literals by their lexical form
    assert pill["rank"] == "[3]"  # numeric literals as JSON numbers
    assert pill["score"] == 0.5  # scalars kept
    assert json.loads(flat.edges["toy:stretch", "toy:tension", "sg:actsOn"]["axioms"])
    assert all(v is not None for _, d in flat.nodes(data=True) for v in d.values())
    nested = flatten(G, nested=True)
    assert nested.nodes["toy:pill"]["types"] == ["sg:Medication"]
    assert nested.nodes["toy:pill"]["rank"] == [3]
    assert G.nodes["toy:pill"]["types"] == ["sg:Medication"]  # the input is untouched


def test_view_module_reexports_convert() -> None:
    from spasmgraph import convert, view

    assert view.flatten is convert.flatten
    assert view.to_networkx is convert.to_networkx
    assert view.from_networkx is convert.from_networkx


@pytest.mark.parametrize("fmt", convert.EXPORT_FORMATS)
def test_serialize_every_format(toy: sg.KnowledgeGraph, fmt: str) -> None:
    data = convert.serialize(toy.graph, toy.index, fmt)
    assert isinstance(data, bytes) and data
    if fmt in convert.RDF_FORMATS:
        back = Graph().parse(data=data, format=convert.RDF_FORMATS[fmt])
        assert isomorphic(back, toy.graph)
    elif fmt == "node-link":
        G = nx.node_link_graph(json.loads(data), edges="edges")
        assert G.nodes["toy:pill"]["types"] == ["sg:Medication"]
    else:
        read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        G = read(io.BytesIO(data))
        assert G.number_of_nodes() == toy.to_networkx().number_of_nodes()


def test_export_infers_the_format_from_the_suffix(toy: sg.KnowledgeGraph, tmp_path: Path) -> None:
    written = convert.export(toy.graph, toy.index, tmp_path / "toy.ttl")
    assert isomorphic(Graph().parse(written, format="turtle"), toy.graph)
    assert convert.format_for("x.GEXF") == "gexf"
    with pytest.raises(sg.SpasmGraphError, match="cannot tell the export format"):
        convert.export(toy.graph, toy.index, tmp_path / "toy.txt")
    with pytest.raises(sg.SpasmGraphError, match="unknown export format 'yaml'"):
        convert.serialize(toy.graph, toy.index, "yaml")
    with pytest.raises(OSError, match="no such folder"):
        convert.export(toy.graph, toy.index, tmp_path / "missing" / "toy.nt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["toy.ttl"]
