"""KnowledgeGraph conveniences for rdflib and mapping habits, and search ranking."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import spasmgraph as sg
from spasmgraph.errors import OutputError, SpasmGraphError, UnknownEntityError


def test_serialize_returns_text_that_parses_back(kg: sg.KnowledgeGraph) -> None:
    text = kg.serialize()
    assert isinstance(text, str)
    assert isomorphic(Graph().parse(data=text, format="turtle"), kg.graph)


def test_serialize_writes_a_file_atomically(kg: sg.KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "kg.nt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    written = kg.serialize(target, format="nt")
    assert written == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # an existing file keeps its mode
    assert len(Graph().parse(target, format="nt")) == len(kg)
    assert [p.name for p in tmp_path.iterdir()] == ["kg.nt"]  # no temporary file left


def test_serialize_errors_are_spasmgraph_errors(kg: sg.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="unknown RDF format 'docx'"):
        kg.serialize(format="docx")
    with pytest.raises(OutputError, match=r"missing.*no such folder"):
        kg.serialize(tmp_path / "missing" / "kg.ttl")


def test_iterating_gives_the_triples(kg: sg.KnowledgeGraph) -> None:
    triples = list(kg)
    assert len(triples) == len(kg)
    assert set(triples) == set(kg.graph)


def test_getitem_is_entity(kg: sg.KnowledgeGraph) -> None:
    assert kg["paracetamol"] == kg.entity("paracetamol")
    with pytest.raises(KeyError):
        kg["ibuprofin"]
    with pytest.raises(UnknownEntityError, match="ibuprofen"):
        kg["ibuprofin"]


def test_class_hierarchy(kg: sg.KnowledgeGraph) -> None:
    below = [c.curie for c in kg.subclasses("Treatment")]
    assert set(below) == {
        "sg:DietOrLifestyle",
        "sg:HomeRemedy",
        "sg:Medication",
        "sg:ProfessionalTherapy",
    }
    assert "sg:Treatment" not in below
    assert [c.curie for c in kg.superclasses("sg:HomeRemedy")] == ["sg:Treatment"]
    assert kg.superclasses(kg.entity("sg:Treatment")) == ()
    for cls in below:
        assert "sg:Treatment" in [c.curie for c in kg.superclasses(cls)]


def test_class_hierarchy_is_closest_first(toy: sg.KnowledgeGraph) -> None:
    for cls in ("Treatment", "Cause", "Mechanism"):
        for sub in toy.subclasses(cls):
            ups = [c.curie for c in toy.superclasses(sub.curie)]
            assert ups[-1] == toy.entity(cls).curie or toy.entity(cls).curie in ups


def test_class_helpers_reject_what_is_not_a_class(kg: sg.KnowledgeGraph) -> None:
    with pytest.raises(SpasmGraphError):
        kg.subclasses("ibuprofen")
    with pytest.raises(SpasmGraphError):
        kg.superclasses("no such class")


@pytest.mark.parametrize("text", ["stretch", "treat", "relief"])
def test_search_ranks_entities_above_schema_terms(kg: sg.KnowledgeGraph, text: str) -> None:
    schema = kg.index.classes | kg.index.object_properties
    kinds = [str(kg.entity(e.curie).iri) in {str(s) for s in schema} for e, _ in kg.search(text)]
    assert kinds == sorted(kinds), kinds  # every entity before every schema term
    assert any(not k for k in kinds)


def test_search_keeps_an_exact_schema_match_first(kg: sg.KnowledgeGraph) -> None:
    assert kg.search("treats")[0][0].curie == "sg:treats"
    assert kg.search("stretch")[0][0].label == "stretching"
