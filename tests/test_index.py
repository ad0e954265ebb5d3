"""The index builder: identical provenance merges, different provenance is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import spasmgraph as sg
from spasmgraph.backends import STORES, backend_for
from spasmgraph.index import build_index

SG = "https://w3id.org/spasmgraph/"

TOY = """
@prefix sg: <https://w3id.org/spasmgraph/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
sg:causes a owl:ObjectProperty .
sg:a sg:causes sg:b .
"""

AXIOM = """
[] a owl:Axiom ; owl:annotatedSource sg:a ; owl:annotatedProperty sg:causes ;
   owl:annotatedTarget sg:b ; dcterms:source sg:{source} ; sg:locator "{locator}" .
"""


def _axioms(*annotations: tuple[str, str]) -> tuple[dict[URIRef, object], ...]:
    text = TOY + "".join(AXIOM.format(source=s, locator=loc) for s, loc in annotations)
    index = build_index(backend_for(Graph().parse(data=text, format="turtle")))
    triple = (URIRef(SG + "a"), URIRef(SG + "causes"), URIRef(SG + "b"))
    return tuple(dict(a) for a in index.axioms[triple])


def test_identical_axioms_merge() -> None:
    assert len(_axioms(("article", "s1"), ("article", "s1"))) == 1


def test_different_axioms_are_kept() -> None:
    assert len(_axioms(("article", "s1"), ("article", "s2"))) == 2
    assert len(_axioms(("article", "s1"), ("review", "s1"), ("article", "s1"))) == 2


def _provenance(kg: sg.KnowledgeGraph, ref: str) -> list[tuple[str, ...]]:
    return [tuple(map(str, step.provenance)) for step in kg.relations(ref)]


@pytest.mark.parametrize("store", sorted(set(STORES) & {"memory", "oxigraph"}))
def test_an_export_loaded_on_the_bundled_graph_does_not_double_provenance(
    store: str, tmp_path: Path
) -> None:
    if store == "oxigraph":
        pytest.importorskip("pyoxigraph")
    bundled = sg.load(store=store)
    export = tmp_path / "export.ttl"
    bundled.graph.serialize(export, format="turtle")
    both = sg.load(export, store=store)
    assert _provenance(both, "ibuprofen") == _provenance(bundled, "ibuprofen")
    assert all(len(set(p)) == len(p) for p in _provenance(both, "intense exercise"))


def test_load_only_your_own_data(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(TOY + AXIOM.format(source="article", locator="s1"), encoding="utf-8")
    kg = sg.load(mine, bundled=False)
    assert len(kg) == len(Graph().parse(mine))
    assert "ibuprofen" not in kg
