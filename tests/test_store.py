"""Loading: bundled layers, extra sources, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import spasmgraph as sg
from spasmgraph._files import bundled_text
from spasmgraph.loading import LAYERS


def test_layers_are_bundled_and_parse() -> None:
    for layer in LAYERS:
        assert Graph().parse(data=bundled_text(f"{layer}.ttl"), format="turtle")


def test_layers_load_separately() -> None:
    schema = sg.load(layers=["schema"])
    both = sg.load(layers=["schema", "article"])
    assert 0 < len(schema) < len(both) < len(sg.load())


def test_extra_graph_and_file_are_merged(tmp_path: Path) -> None:
    extra = Graph()
    extra.add(
        (
            URIRef("https://example.org/x"),
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("my extra thing"),
        )
    )
    kg = sg.load(extra, layers=["schema"])
    assert kg.entity("my extra thing").iri == "https://example.org/x"
    file = tmp_path / "more.ttl"
    file.write_text(
        '<https://example.org/y> <http://www.w3.org/2000/01/rdf-schema#label> "why" .\n'
    )
    assert sg.load(file, layers=["schema"]).entity("why").iri == "https://example.org/y"


def test_bundled_false_loads_only_sources(tmp_path: Path) -> None:
    file = tmp_path / "one.nt"
    file.write_text('<https://example.org/a> <https://example.org/b> "c" .\n')
    assert len(sg.load(file, bundled=False)) == 1


def test_broken_turtle_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\n\nex:a ex:b ex:c .\nex:d ex:e \n")
    with pytest.raises(sg.OntologyLoadError) as err:
        sg.load(bad, layers=["schema"])
    assert str(bad) in str(err.value)
    assert err.value.line == 4
    assert "line 4" in str(err.value)


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(sg.OntologyLoadError, match="no such file"):
        sg.load(tmp_path / "nope.ttl", layers=["schema"])


@pytest.mark.parametrize("layers", [["schema", "gossip"], ["nope"]])
def test_unknown_layer(layers: list[str]) -> None:
    with pytest.raises(sg.OntologyLoadError, match="unknown layer"):
        sg.load(layers=layers)


def test_unknown_store() -> None:
    with pytest.raises(sg.StoreError, match=r"unknown store 'mongo'; choose one of"):
        sg.load(store="mongo")


def test_memory_store_takes_no_path(tmp_path: Path) -> None:
    with pytest.raises(sg.StoreError, match="does not persist"):
        sg.load(store="memory", path=tmp_path)


def test_non_source_object_is_rejected() -> None:
    with pytest.raises(sg.OntologyLoadError, match=r"expected a path, a URL or an rdflib\.Graph"):
        sg.load(42, layers=["schema"])  # type: ignore[arg-type]
