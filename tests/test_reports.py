"""spasmgraph.reports: the text layouts the command line prints, as library functions.

The toy graph (tests/data/toy.ttl, schema layer) is small enough to check by hand; the
command-line tests in test_cli.py check that the commands print exactly these texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SKOS, URIRef

import spasmgraph as sg
from spasmgraph.cli import main
from spasmgraph.mappings import Mapping, read_mappings
from spasmgraph.reports import (
    ClassCount,
    Overview,
    hits_table,
    mappings_table,
    overview,
    queries_text,
)
from spasmgraph.sparql import list_queries

DATA = Path(__file__).parent / "data"
TOY = str(DATA / "toy.ttl")


@pytest.fixture(scope="module")
def toy() -> sg.KnowledgeGraph:
    return sg.load(TOY, layers=["schema"], store="memory")


def test_overview_counts_instances_with_subclasses(toy: sg.KnowledgeGraph) -> None:
    found = overview(toy.graph, toy.index, store=toy.store, layers=["schema"], loaded=[TOY])
    assert found.triples == len(toy)
    assert found.store == "memory" and found.layers == ("schema",) and found.loaded == (TOY,)
    by_curie = {c.curie: c.instances for c in found.classes}
    for curie, count in by_curie.items():
        iri = URIRef(toy.index.curies.expand(curie))
        assert count == len(toy.index.instances(iri))
    treatment = by_curie["sg:Treatment"]
    assert treatment >= by_curie["sg:Medication"] + by_curie["sg:HomeRemedy"]
    assert [c.label.casefold() for c in found.classes] == sorted(
        c.label.casefold() for c in found.classes
    )
    assert found.queries == tuple(str(q) for q in list_queries())


def test_overview_text_names_every_part(toy: sg.KnowledgeGraph) -> None:
    text = str(overview(toy.graph, toy.index, store="memory", layers=["schema"]))
    assert text.startswith("spasmgraph ") and "not medical advice" in text.splitlines()[0]
    assert "loaded:" not in text  # nothing beyond the layers
    for part in ("ontology:", "store:     memory", "layers:    schema", "named queries ("):
        assert part in text


def test_overview_without_ontology_header_says_so() -> None:
    text = str(Overview((), "memory", (), (), 0, (), ()))
    assert "none loaded (no owl:Ontology header)" in text
    assert "(0 sg: classes" in text and "named queries (0;" in text


def test_overview_in_spanish_sorts_spanish_labels() -> None:
    kg = sg.load(store="memory", lang="es")
    found = overview(kg.graph, kg.index, store=kg.store, layers=["all"], lang="es")
    labels = {c.curie: c.label for c in found.classes}
    assert labels["sg:Medication"] != "medication"
    assert (
        ClassCount(
            labels["sg:Medication"],
            "sg:Medication",
            len(kg.index.instances(URIRef(kg.index.curies.expand("sg:Medication")))),
        )
        in found.classes
    )


@pytest.mark.parametrize("limit", [1, 3])
def test_hits_table_has_one_line_per_hit(kg: sg.KnowledgeGraph, limit: int) -> None:
    hits = kg.search("ibuprofn", limit=limit)
    text = hits_table((e.curie, e.label, e.types, s) for e, s in hits)
    lines = text.splitlines()
    assert lines[0].split() == ["score", "label", "CURIE", "types"]
    assert len(lines) == 2 + len(hits)
    assert "sg:ibuprofen" in lines[2] and lines[2].startswith(f"{hits[0][1]:.3f}")


def test_mappings_table_shortens_codes(kg: sg.KnowledgeGraph) -> None:
    mappings = read_mappings(kg.graph)
    lines = mappings_table(kg.index, mappings).splitlines()
    assert lines[0].split() == ["entity", "match", "code", "name"]
    assert len(lines) == 2 + len(mappings)
    assert not any("http" in line.split()[1] for line in lines[2:] if line.split())


def test_mappings_table_of_nothing_is_the_header() -> None:
    index = sg.load(TOY, layers=["schema"], store="memory").index
    assert mappings_table(index, []).splitlines()[0].split() == ["entity", "match", "code", "name"]
    m = Mapping(URIRef("urn:x"), SKOS.closeMatch, URIRef("urn:y"), "Y", confidence=None)
    assert "skos:closeMatch" in mappings_table(index, [m])


def test_queries_text_lists_every_named_query() -> None:
    text = queries_text(list_queries())
    for query in list_queries():
        assert f"\n{query.name}\n" in f"\n{text}\n"
        for param in query.parameters:
            assert f"--param {param.name}=<{param.type}>" in text


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", "ibuprofn", "--limit", "2"], "hits"),
        (["query", "--list"], "queries"),
        (["mappings"], "mappings"),
    ],
)
def test_cli_prints_the_library_text(
    capsys: pytest.CaptureFixture[str], kg: sg.KnowledgeGraph, argv: list[str], expected: str
) -> None:
    assert main(argv) == 0
    printed = capsys.readouterr().out.rstrip("\n")
    if expected == "hits":
        hits = kg.search("ibuprofn", limit=2)
        assert printed == hits_table((e.curie, e.label, e.types, s) for e, s in hits)
    elif expected == "queries":
        assert printed == queries_text(list_queries())
    else:
        assert printed == mappings_table(kg.index, read_mappings(kg.graph))


def test_cli_info_prints_the_overview(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--load", TOY, "--layers", "schema", "--store", "memory"]) == 0
    printed = capsys.readouterr().out.rstrip("\n")
    kg = sg.load(TOY, layers=["schema"], store="memory")
    found = overview(kg.graph, kg.index, store="memory", layers=["schema"], loaded=[TOY])
    assert printed == str(found)
