"""Entity resolution and search."""

from __future__ import annotations

import pytest
from rdflib import URIRef

import spasmgraph as sg


@pytest.mark.parametrize(
    "ref",
    [
        "exercise",
        "EXERCISE",
        "  exercise ",
        "working out",
        "Working   Out",
        "toy:exercise",
        "https://example.org/toy/exercise",
    ],
)
def test_resolves_label_synonym_curie_iri(toy: sg.KnowledgeGraph, ref: str) -> None:
    entity = toy.entity(ref)
    assert entity.curie == "toy:exercise"
    assert entity.label == "exercise"
    assert entity.types == ("sg:Cause",)
    assert entity.synonyms == ("working out",)
    assert entity.definition == "Physical exercise."


def test_resolves_schema_classes(toy: sg.KnowledgeGraph) -> None:
    assert toy.entity("home remedy").curie == "sg:HomeRemedy"
    assert toy.entity("HomeRemedy").iri == "https://w3id.org/spasmgraph/HomeRemedy"


def test_entity_round_trips_through_itself(toy: sg.KnowledgeGraph) -> None:
    entity = toy.entity("pill")
    assert toy.entity(entity) == entity
    assert "pill" in toy
    assert "no such thing" not in toy


def test_unknown_entity_suggests_closest(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.UnknownEntityError) as err:
        toy.entity("strech")
    assert isinstance(err.value, KeyError)
    assert err.value.suggestions[0] == "stretch"
    assert str(err.value).startswith("unknown entity 'strech'; did you mean 'stretch'")


def test_unknown_entity_without_suggestion_says_what_to_pass(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.UnknownEntityError, match="use a label, synonym, CURIE"):
        toy.entity("zzzzzz")


def test_entities_of_a_class_include_subclasses(toy: sg.KnowledgeGraph) -> None:
    labels = [e.label for e in toy.entities("Treatment")]
    assert labels == ["heat", "pill", "rest", "stretch"]


def test_search_ranks_exact_then_prefix_then_fuzzy(toy: sg.KnowledgeGraph) -> None:
    hits = toy.search("stre")
    assert hits[0][0].label == "stretch"
    assert hits[0][1] == 0.9
    assert toy.search("stretch")[0][1] == 1.0
    assert toy.search("   ") == []


def test_entity_html_card_escapes(toy: sg.KnowledgeGraph) -> None:
    html = toy.entity("pill")._repr_html_()
    assert "<b>pill</b>" in html
    assert "A pain pill." in html


@pytest.mark.parametrize(
    "ref",
    [
        "toy:exercise",
        "TOY:Exercise",
        " toy:exercise ",
        "https://example.org/toy/exercise",
        "HTTPS://EXAMPLE.ORG/TOY/EXERCISE",
    ],
)
def test_curies_and_iris_match_without_their_own_table_keys(
    toy: sg.KnowledgeGraph, ref: str
) -> None:
    # The lookup table keeps labels, synonyms and local names only; CURIEs and IRIs are
    # found through their local name, at the best tier, ignoring case as labels do.
    index = toy.index
    assert not any(":" in key and not key.startswith("http") for key in index.lookup)
    assert index.matches(ref) == {URIRef("https://example.org/toy/exercise"): 0}
    assert toy.entity(ref).curie == "toy:exercise"


@pytest.mark.parametrize("ref", ["toy:exercis", "other:exercise", "https://example.org/exercise"])
def test_near_miss_curies_and_iris_do_not_match(toy: sg.KnowledgeGraph, ref: str) -> None:
    assert toy.index.matches(ref) == {}
    with pytest.raises(sg.errors.UnknownEntityError):
        toy.entity(ref)
