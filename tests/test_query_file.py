"""spasmgraph.sparql.query_file: parameters of a query read from a file."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

import spasmgraph as sg
from spasmgraph.errors import QueryParameterError
from spasmgraph.sparql import bind_query_file, get_query

PLAIN = "SELECT ?label WHERE { ?x rdfs:label ?label }"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<https://example.org/a>", URIRef("https://example.org/a")),
        ("ibuprofen", URIRef("https://w3id.org/spasmgraph/ibuprofen")),
        ("PARACETAMOL", URIRef("https://w3id.org/spasmgraph/acetaminophen")),
        ("no such entity at all", Literal("no such entity at all")),
    ],
)
def test_plain_file_values(kg: sg.KnowledgeGraph, value: str, expected: object) -> None:
    assert bind_query_file(kg.index, "q.rq", PLAIN, {"x": value}) == {"x": expected}


@pytest.mark.parametrize("name", ["y", "labe", "X"])
def test_plain_file_unknown_variable(kg: sg.KnowledgeGraph, name: str) -> None:
    with pytest.raises(QueryParameterError, match=rf"no variable \?{name} "):
        bind_query_file(kg.index, "dir/q.rq", PLAIN, {name: "1"})


def test_file_with_header_is_typed_like_a_named_query(kg: sg.KnowledgeGraph) -> None:
    named = get_query("mechanisms-of-cause")
    terms = bind_query_file(kg.index, "/tmp/mine.rq", named.text, {"cause": "intense exercise"})
    assert terms == {"cause": URIRef("https://w3id.org/spasmgraph/intense_exercise")}
    with pytest.raises(QueryParameterError):
        bind_query_file(kg.index, "/tmp/mine.rq", named.text, {"nope": "1"})


def test_empty_params_bind_nothing(kg: sg.KnowledgeGraph) -> None:
    assert bind_query_file(kg.index, "q.rq", PLAIN, {}) == {}
