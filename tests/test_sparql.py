"""SPARQL: prefixes, rows, errors, time limits, and no network unless allowed."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest
from rdflib import Graph, URIRef

import spasmgraph as sg


def test_rows_are_plain_values(toy: sg.KnowledgeGraph) -> None:
    rows = toy.sparql(
        "SELECT ?t ?label ?n WHERE { ?t a sg:HomeRemedy ; rdfs:label ?label . BIND(2 AS ?n) } "
        "ORDER BY ?label"
    )
    assert rows.vars == ("t", "label", "n")
    assert [r["label"] for r in rows] == ["heat", "stretch"]
    assert rows[0]["n"] == 2
    assert isinstance(rows[0]["t"], URIRef)
    assert rows[0].terms["label"].__class__.__name__ == "Literal"
    assert dict(rows[0])["label"] == "heat"


def test_unbound_is_none_and_decimal_is_kept(toy: sg.KnowledgeGraph) -> None:
    (row,) = toy.sparql("SELECT ?x ?d WHERE { OPTIONAL { ?x sg:nothing ?y } BIND(1.5 AS ?d) }")
    assert row["x"] is None
    assert row["d"] == Decimal("1.5")


def test_bindings_accept_entities_and_values(toy: sg.KnowledgeGraph) -> None:
    rows = toy.sparql("SELECT ?m WHERE { ?c sg:triggers ?m } ORDER BY ?m", c=toy.entity("cold"))
    assert [toy.index.curies.shorten(r["m"]) for r in rows] == ["toy:tension"]


def test_ask_and_construct(toy: sg.KnowledgeGraph) -> None:
    assert toy.sparql("ASK { ?x a sg:Cause }") is True
    graph = toy.sparql("CONSTRUCT { ?c sg:triggers ?m } WHERE { ?c sg:triggers ?m }")
    assert isinstance(graph, Graph)
    assert len(graph) == 3


def test_json_results_follow_the_w3c_format(toy: sg.KnowledgeGraph) -> None:
    doc = toy.sparql(
        'SELECT ?x ?l WHERE { BIND(toy:heat AS ?x) BIND("a"@en AS ?l) }'.replace(
            "toy:heat", "<https://example.org/toy/heat>"
        )
    ).to_json()
    assert doc["head"]["vars"] == ["x", "l"]
    assert doc["results"]["bindings"][0] == {
        "x": {"type": "uri", "value": "https://example.org/toy/heat"},
        "l": {"type": "literal", "value": "a", "xml:lang": "en"},
    }


def test_to_dataframe(toy: sg.KnowledgeGraph) -> None:
    frame = toy.sparql(
        "SELECT ?l WHERE { ?t a sg:Cause ; rdfs:label ?l } ORDER BY ?l"
    ).to_dataframe()
    assert list(frame["l"]) == ["cold", "exercise"]


@pytest.mark.parametrize(
    ("query", "line", "column"),
    [
        ("SELECT ?x WHERE { ?x a nope:Thing }", 1, 24),
        ("SELECT ?x\nWHERE {\n  ?x a zzz:Person }", 3, 8),
    ],
)
def test_unknown_prefix_reports_position(
    toy: sg.KnowledgeGraph, query: str, line: int, column: int
) -> None:
    with pytest.raises(sg.QuerySyntaxError, match="unknown prefix") as err:
        toy.sparql(query)
    assert (err.value.line, err.value.column) == (line, column)
    assert "predeclared prefixes" in str(err.value)


def test_syntax_error_reports_line_and_column(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.QuerySyntaxError, match="invalid SPARQL") as err:
        toy.sparql("SELECT ?x WHERE {\n  ?x a sg:Cause \n  FILTER( }")
    assert err.value.line == 3
    assert err.value.column is not None


def test_time_limit(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.QueryTimeoutError, match="time limit"):
        toy.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.05)


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(
            b"<https://example.org/s> <https://example.org/p> <https://example.org/o> ."
        )

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[str]:
    _Counter.hits = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }} }}",
        "SELECT * FROM <{url}/graph.ttl> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}/graph.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
        "LOAD <{url}/graph.ttl>",
        "LOAD SILENT <{url}/graph.ttl> INTO GRAPH <urn:x>",
    ],
)
def test_network_is_refused_by_default(
    toy: sg.KnowledgeGraph, loopback: str, template: str
) -> None:
    with pytest.raises(sg.NetworkAccessError, match="allow_network=True"):
        toy.sparql(template.format(url=loopback))
    assert _Counter.hits == 0


def test_network_opt_in_reaches_the_server(loopback: str) -> None:
    kg = sg.load(layers=["schema"])
    kg.sparql(f"LOAD <{loopback}/graph.ttl>", allow_network=True)
    assert _Counter.hits == 1


def test_load_fetches_a_url_only_when_passed(loopback: str) -> None:
    sg.load(layers=["schema"])
    assert _Counter.hits == 0
    kg = sg.load(f"{loopback}/graph.ttl", layers=["schema"], format="turtle")
    assert _Counter.hits == 1
    assert kg.sparql("ASK { <https://example.org/s> ?p ?o }") is True
