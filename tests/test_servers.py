"""The real SPARQL servers of tests/servers.py: start, load, count, cap, write, stop."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

import httpx
import pytest
from rdflib import Graph
from servers import (
    DATA_GRAPH,
    MAX_ROWS,
    Server,
    ServerStartError,
    load_bundled,
    load_file,
    select,
    start_oxigraph,
    start_virtuoso,
    stop,
    unavailable,
    update,
)

from spasmgraph._files import bundled_bytes
from spasmgraph.loading import LAYERS

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    """Each server, with the bundled graph loaded into its data graph."""
    found: Server = request.getfixturevalue(f"{request.param}_server")
    load_bundled(found)
    return found


def _count(server: Server, query: str = COUNT) -> int:
    reply = select(server, query)
    assert reply.status_code == 200, reply.text
    return int(reply.json()["results"]["bindings"][0]["n"]["value"])


def _rdflib_count() -> int:
    total = 0
    for layer in LAYERS:  # one graph per file: blank nodes never merge across files
        g = Graph()
        g.parse(data=bundled_bytes(f"{layer}.ttl"), format="turtle")
        total += len(g)
    return total


def _listening(url: str) -> bool:
    host, port = url.split("//")[1].split("/")[0].split(":")
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, int(port))) == 0


def test_counts_match_rdflib(server: Server) -> None:
    assert _count(server) == _rdflib_count()


def test_blank_nodes_kept(server: Server) -> None:
    query = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a owl:Axiom FILTER isBlank(?a) }"
    expected = sum(
        1
        for layer in LAYERS
        for _ in Graph()
        .parse(data=bundled_bytes(f"{layer}.ttl"), format="turtle")
        .query("SELECT DISTINCT ?a { ?a a <http://www.w3.org/2002/07/owl#Axiom> }")
    )
    assert expected > 0
    assert _count(server, query) == expected


def test_loopback_only(server: Server) -> None:
    for url in (server.query_url, server.update_url, server.store_url):
        assert url.startswith("http://127.0.0.1:")
    assert server.folder.is_dir()
    os.kill(server.pid, 0)  # alive, and ours


def test_virtuoso_signals_truncation(virtuoso_server: Server) -> None:
    load_bundled(virtuoso_server)
    assert virtuoso_server.max_rows == MAX_ROWS
    big = "SELECT ?s ?k WHERE { ?s ?p ?o . VALUES ?k { 1 2 3 4 5 } }"
    reply = select(virtuoso_server, big)
    assert reply.status_code == 200
    rows = reply.json()["results"]["bindings"]
    assert _count(virtuoso_server) * 5 > MAX_ROWS, "the bundled graph is too small to cap"
    assert len(rows) == MAX_ROWS
    assert reply.headers.get("X-SPARQL-MaxRows") == str(MAX_ROWS)
    small = select(virtuoso_server, "SELECT ?s WHERE { ?s a owl:Ontology }")
    assert "X-SPARQL-MaxRows" not in small.headers


def test_virtuoso_digest_update(virtuoso_server: Server) -> None:
    graph = "urn:spasmgraph:test:scratch"
    text = f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:a> <urn:x:b> "c"@en }} }}'
    assert virtuoso_server.auth is not None
    anonymous = httpx.post(virtuoso_server.update_url, data={"update": text}, timeout=10)
    assert anonymous.status_code == 401
    wrong = httpx.post(
        virtuoso_server.update_url,
        data={"update": text},
        auth=httpx.DigestAuth(virtuoso_server.auth[0], "wrong"),
        timeout=10,
    )
    assert wrong.status_code == 401
    # The public endpoint refuses updates.
    public = httpx.post(virtuoso_server.query_url, data={"query": text}, timeout=10)
    assert public.status_code != 200 or "error" in public.text.lower()
    assert update(virtuoso_server, text).status_code == 200
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    reply = httpx.post(
        virtuoso_server.query_url,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    assert reply.json()["results"]["bindings"][0]["n"]["value"] == "1"
    # Graph Store Protocol writes go through Digest auth too, into a graph of their own.
    load_file(virtuoso_server, b"<urn:x:a> <urn:x:b> <urn:x:d> .", graph=graph)
    assert update(virtuoso_server, f"CLEAR GRAPH <{graph}>").status_code == 200
    assert _count(virtuoso_server) == _rdflib_count()  # the data graph is untouched
    assert virtuoso_server.graph == DATA_GRAPH


def test_oxigraph_update(oxigraph_server: Server) -> None:
    graph = "urn:spasmgraph:test:scratch"
    text = f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:a> <urn:x:b> "c"@en }} }}'
    assert update(oxigraph_server, text).status_code == 204
    reply = httpx.get(oxigraph_server.store_url, params={"graph": graph}, timeout=10)
    assert reply.status_code == 200
    assert '"c"@en' in reply.text
    assert update(oxigraph_server, f"DROP GRAPH <{graph}>").status_code == 204


@pytest.mark.parametrize("start", [start_oxigraph, start_virtuoso], ids=["oxigraph", "virtuoso"])
def test_stop_leaves_nothing(start: Callable[[], Server]) -> None:
    """A server of its own (not the session's): stop() ends its process group and folder."""
    try:
        server = start()
    except ServerStartError as exc:
        unavailable(str(exc))
        raise
    try:
        assert _listening(server.query_url)
    finally:
        stop(server)
    assert server.process.returncode is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(server.pid, 0)
    assert not server.folder.exists()
    assert not _listening(server.query_url)
    stop(server)  # idempotent
