"""``sg.push``: stable skolem names on every path, the Graph Store Protocol, typed failures.

The servers are the real ones of tests/servers.py; the faults are played by a tiny HTTP
server on loopback.
"""

from __future__ import annotations

import http.server
import importlib
import json
import threading
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import RDFS, BNode, Graph, Literal, URIRef
from servers import load_file

import spasmgraph as sg
import spasmgraph.backends.upload as upload_module
from spasmgraph.backends import paging
from spasmgraph.backends.http import Endpoint, SparqlClient
from spasmgraph.backends.skolem import deskolemize, skolem_lines, skolemize, term_text
from spasmgraph.errors import (
    EndpointError,
    OntologyLoadError,
    StoreError,
    TruncatedResultError,
)
from spasmgraph.loading import LAYERS

push = sg.push
_chunks = importlib.import_module("spasmgraph.loading.push_graph")._chunks

NESTED = """\
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:says "line one\\nline \\"two\\"\\t\\\\ end"@EN-GB , "plain" , "7"^^xsd:integer ;
     ex:list ( ex:x [ ex:inner "deep" ] ) ;
     ex:note [ ex:text "same" ] .
ex:b ex:note [ ex:text "same" ] .
[ ex:text "same" ] .
"""


def _bundled() -> list[str]:
    folder = files("spasmgraph.ontology")
    return [str(folder.joinpath(f"{layer}.ttl")) for layer in LAYERS]


def _sent(sources: list[str]) -> set[str]:
    body = b"".join(chunk for chunk, _ in _chunks(sources, 10**6))
    return set(body.decode("utf-8").splitlines())


def test_term_text_is_what_oxigraph_prints() -> None:
    text = '"a\\nb\\"c\\\\d\\te\\u0001f\\u007Fé"@EN-gb'
    quad = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
    literal = Literal('a\nb"c\\d\te\x01f\x7fé', lang="EN-gb")
    assert term_text(literal) == str(quad.object)
    string = URIRef("http://www.w3.org/2001/XMLSchema#string")
    assert term_text(Literal("s", datatype=string)) == '"s"'
    assert term_text(BNode("x")) == "_:x"


def test_files_and_graphs_get_the_same_names(tmp_path: Path) -> None:
    """Oxigraph's parser (files) and rdflib's (graphs) give the very same skolem IRIs."""
    path = tmp_path / "nested.ttl"
    path.write_text(NESTED)
    parsed = Graph().parse(path)
    assert _sent([str(path)]) == set("".join(skolem_lines(parsed)).splitlines())
    bundled = _sent(_bundled())
    assert bundled == set("".join(skolem_lines(sg.load(store="memory").graph)).splitlines())
    assert all("_:" not in line.split('"')[0] for line in bundled)


def test_names_are_stable_and_tree_aware(tmp_path: Path) -> None:
    path = tmp_path / "nested.ttl"
    path.write_text(NESTED)
    assert _sent([str(path)]) == _sent([str(path)])
    lines = _sent([str(path)])
    same = [line for line in lines if '<https://example.org/text> "same"' in line]
    assert len(same) == 3  # one per owner (ex:a, ex:b) and the free-standing one
    skolemized = skolemize(Graph().parse(path))
    assert len(skolemized) == len(lines)


def _read(server: Any, graph: str) -> set[tuple[Any, Any, Any]]:
    kg = sg.load(store="sparql", endpoint=server.query_url, default_graph=graph)
    try:
        return set(kg.graph)
    finally:
        kg.backend.close()


def _expected(sources: list[str]) -> set[tuple[Any, Any, Any]]:
    graph = Graph()
    for source in sources:
        graph.parse(source)
    return {(deskolemize(s), p, deskolemize(o)) for s, p, o in skolemize(graph)}


def test_files_round_trip_through_the_graph_store_of_both_servers(
    oxigraph_server: Any, virtuoso_server: Any
) -> None:
    expected = _expected(_bundled())
    for server in (oxigraph_server, virtuoso_server):
        graph = f"urn:spasmgraph:test:push-files:{server.name}"
        target = {"query": server.query_url, "graph_store": server.store_url}
        sent = sg.push(_bundled(), target, graph=graph, auth=server.auth, auth_scheme="digest")
        assert sent == len(expected)
        assert _read(server, graph) == expected, server.name


def test_a_bad_file_after_a_good_one_says_what_was_uploaded(
    oxigraph_server: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n")
    graph = "urn:spasmgraph:test:push-bad"
    target = {"query": oxigraph_server.query_url, "graph_store": oxigraph_server.store_url}
    layer = _bundled()[:1]
    with pytest.raises(OntologyLoadError, match=r"bad\.ttl.*push stopped: the server had ack"):
        sg.push([*layer, str(bad)], target, graph=graph)
    assert len(_read(oxigraph_server, graph)) > 0  # the first file's plain triples went


def test_atomic_push_leaves_the_target_as_it_was(oxigraph_server: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n")
    graph = "urn:spasmgraph:test:push-atomic"
    target = {
        "query": oxigraph_server.query_url,
        "update": oxigraph_server.update_url,
        "graph_store": oxigraph_server.store_url,
    }
    layer = _bundled()[:1]
    with pytest.raises(OntologyLoadError, match=f"<{graph}> was not changed"):
        sg.push([*layer, str(bad)], target, graph=graph, atomic=True)
    assert _read(oxigraph_server, graph) == set()
    sent = sg.push(layer, target, graph=graph, atomic=True)
    assert len(_read(oxigraph_server, graph)) == sent
    kg = sg.load(store="sparql", endpoint=oxigraph_server.query_url)
    graphs = kg.sparql("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not [r for r in graphs if "spasmgraph:push:" in str(r["g"])]  # scratch dropped
    with pytest.raises(StoreError, match="needs an update URL"):
        sg.push(
            layer, {"query": oxigraph_server.query_url, "graph_store": "http://x/"}, atomic=True
        )


class _Store(http.server.BaseHTTPRequestHandler):
    """Answers ``ASK {}`` on /query, takes two chunks on /store, then fails."""

    posts = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/query"):
            status, body = 200, json.dumps({"head": {}, "boolean": True}).encode()
        else:
            type(self).posts += 1
            status, body = (201, b"") if type(self).posts <= 2 else (500, b"disk full")
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def failing_store() -> Iterator[str]:
    handler = type("Handler", (_Store,), {"posts": 0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_server_fault_mid_push_is_typed_and_says_what_went(
    failing_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upload_module, "GSP_CHUNK", 1000)
    target = {"query": f"{failing_store}/query", "graph_store": f"{failing_store}/store"}
    with pytest.raises(EndpointError, match=r"HTTP 500.*acknowledged 1,[0-9]{3} triples") as caught:
        sg.push(_bundled(), target, graph="urn:g")
    assert caught.value.status == 500


def test_scans_past_virtuosos_row_cap_come_in_hash_parts(virtuoso_server: Any) -> None:
    """Virtuoso cuts every HTTP result at its cap (here 10,000; at most 2**20): the
    backend's scans come in hash parts past it, while a query of the caller's is still
    refused."""
    graph = "urn:spasmgraph:test:paged"
    many = "".join(
        f'<urn:spasmgraph:s{i}> <http://www.w3.org/2000/01/rdf-schema#label> "n{i}" .\n'
        for i in range(12_345)
    )
    target = {"query": virtuoso_server.query_url, "graph_store": virtuoso_server.store_url}
    path = Path(virtuoso_server.folder) / "many.nt"
    path.write_text(many)
    push([str(path)], target, graph=graph, auth=virtuoso_server.auth, auth_scheme="digest")
    kg = sg.load(store="sparql", endpoint=virtuoso_server.query_url, default_graph=graph)
    client = kg.backend.client  # type: ignore[attr-defined]
    try:
        assert set(kg.backend.graph) == set(Graph().parse(path, format="nt"))
        assert client.requests == 4  # cut, COUNT, 2 parts
        before = client.requests
        labels = list(kg.backend.literal_pairs(str(RDFS.label)))
        assert sorted(labels) == sorted((f"urn:spasmgraph:s{i}", f"n{i}", "") for i in range(12345))
        assert client.requests - before == 5  # the cap known: size, predicates, COUNT, 2 parts
        assert kg.entity("n12344").iri == "urn:spasmgraph:s12344"
        with pytest.raises(TruncatedResultError):
            kg.sparql("SELECT ?s WHERE { ?s ?p ?o }")
    finally:
        kg.backend.close()


_LOADED: set[str] = set()


def _labelled(server: Any, triples: int) -> str:
    """A graph of *triples* labels, each subject an IRI or (one in five) a blank node."""
    graph = f"urn:spasmgraph:test:paged:{triples}"
    if graph not in _LOADED:
        subjects = (f"_:b{i}" if i % 5 == 0 else f"<urn:spasmgraph:s{i}>" for i in range(triples))
        lines = (
            f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "n{i}" .\n'
            for i, s in enumerate(subjects)
        )
        load_file(server, "".join(lines).encode(), graph=graph)
        _LOADED.add(graph)
    return graph


@pytest.mark.parametrize(
    ("triples", "tweak", "requests"),
    [
        (45_000, {}, 7),  # cut, COUNT, 5 parts
        (45_000, {"FILL": 3.0}, 16),  # cut, COUNT, 2 parts cut, 4 cut, 8 parts
        (25_000, {"SPACE": 2}, 6),  # cut, COUNT, one prefix in 1 page, the other in 3
    ],
    ids=["parts", "parts-split-again", "sorted-pages"],
)
def test_a_scan_of_several_caps_comes_whole_and_once(
    virtuoso_server: Any,
    monkeypatch: pytest.MonkeyPatch,
    triples: int,
    tweak: dict[str, Any],
    requests: int,
) -> None:
    """Every row exactly once, blank nodes too: in planned parts; in parts that are cut
    all the same and split again; in sorted pages when a part is a single hash prefix."""
    for name, value in tweak.items():
        monkeypatch.setattr(paging, name, value)
    graph = _labelled(virtuoso_server, triples)
    client = SparqlClient(Endpoint.of(virtuoso_server.query_url, default_graph=graph))
    try:
        rows = paging.fetch(client, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        assert client.requests == requests
    finally:
        client.close()
    assert len(rows) == triples
    assert sorted(int(row["o"]["value"][1:]) for row in rows) == list(range(triples))
    for row in rows:
        i = int(row["o"]["value"][1:])
        subject = "bnode" if i % 5 == 0 else f"urn:spasmgraph:s{i}"
        assert (row["s"]["type"] if row["s"]["type"] == "bnode" else row["s"]["value"]) == subject
