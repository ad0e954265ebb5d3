"""No network or file access through SPARQL unless asked, on every store (issue #15).

A loopback canary (an HTTP server on 127.0.0.1) counts the requests it receives: every
refused route must leave it at 0. With ``allow_network=True`` only ``http``/``https`` IRIs
are allowed, never ``file:``.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest

import spasmgraph as sg
from spasmgraph.sparql.prepare import prepare

DATA = Path(__file__).parent / "data"
STORES = ["memory", "oxigraph"]
TURTLE = b"<https://example.org/s> <https://example.org/p> <https://example.org/o> ."


class _Canary(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(TURTLE)

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[str]:
    """The base URL of a loopback HTTP server; ``_Canary.hits`` counts its requests."""
    _Canary.hits = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(params=STORES)
def toy(request: pytest.FixtureRequest) -> sg.KnowledgeGraph:
    """A fresh toy graph on each store (updates may change it)."""
    if request.param == "oxigraph" and find_spec("pyoxigraph") is None:
        pytest.skip("needs pyoxigraph")
    return sg.load(DATA / "toy.ttl", layers=["schema"], store=request.param)


@pytest.fixture
def secret(tmp_path: Path) -> str:
    """A local Turtle file a query must never read, as a file: IRI."""
    path = tmp_path / "secret.ttl"
    path.write_bytes(TURTLE)
    return path.as_uri()


# (clause the error names, template); {url} is the canary's or a file: IRI.
ROUTES = [
    ("SERVICE", "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"),
    ("SERVICE", "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"),
    ("SERVICE", "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}"),
    ("FROM", "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"),
    ("FROM", "PREFIX r: <{url}#> ASK FROM r:g {{ ?s ?p ?o }}"),
    ("FROM NAMED", "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
    ("LOAD", "LOAD <{url}>"),
    ("LOAD", "LOAD SILENT <{url}> INTO GRAPH <urn:x:g>"),
    ("USING", "INSERT {{ ?s ?p ?o }} USING <{url}> WHERE {{ ?s ?p ?o }}"),
    (
        "USING NAMED",
        "INSERT {{ ?s ?p ?o }} USING NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ),
    ("WITH", "WITH <{url}> INSERT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"),
    ("WITH", "WITH <{url}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"),
]
IDS = [f"{clause}-{n}" for n, (clause, _) in enumerate(ROUTES)]


@pytest.mark.parametrize(("clause", "template"), ROUTES, ids=IDS)
def test_network_is_refused_by_default(
    toy: sg.KnowledgeGraph, canary: str, clause: str, template: str
) -> None:
    size = len(toy)
    with pytest.raises(sg.NetworkAccessError, match="allow_network=True") as err:
        toy.sparql(template.format(url=f"{canary}/graph.ttl"), allow_update=True)
    assert str(err.value).startswith(f"{clause} <{canary}/graph.ttl")
    assert _Canary.hits == 0
    assert len(toy) == size


@pytest.mark.parametrize(("clause", "template"), ROUTES, ids=IDS)
def test_file_iris_are_refused_even_with_allow_network(
    toy: sg.KnowledgeGraph, secret: str, clause: str, template: str
) -> None:
    size = len(toy)
    for allow_network in (False, True):
        with pytest.raises(sg.NetworkAccessError) as err:
            toy.sparql(template.format(url=secret), allow_network=allow_network, allow_update=True)
        assert str(err.value).startswith(f"{clause} <{secret}")
        if allow_network:
            assert "uses the file: scheme" in str(err.value)
    assert len(toy) == size
    assert not toy.sparql("ASK { <https://example.org/s> ?p ?o }")


def test_the_issue_reproducer_is_refused(toy: sg.KnowledgeGraph, secret: str) -> None:
    """Issue #15, item 1: USING <file:...> copied the file into the graph."""
    query = f"INSERT {{ ?s ?p ?o }} USING <{secret}> WHERE {{ ?s ?p ?o }}"
    with pytest.raises(sg.NetworkAccessError, match="USING"):
        toy.sparql(query, allow_update=True)
    with pytest.raises(sg.NetworkAccessError, match="never local files"):
        toy.sparql(query, allow_update=True, allow_network=True)


@pytest.mark.parametrize(
    "query",
    [
        "BASE <file:///tmp/> SELECT * FROM <secret.ttl> WHERE { ?s ?p ?o }",
        "PREFIX f: <file:///tmp/> SELECT * FROM f:secret.ttl WHERE { ?s ?p ?o }",
        "SELECT * FROM <ftp://example.org/g> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    ],
)
def test_prefixes_base_and_other_schemes_cannot_hide_an_iri(query: str) -> None:
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store="memory")
    with pytest.raises(sg.NetworkAccessError):
        kg.sparql(query, allow_network=True)


@pytest.mark.parametrize(
    "query",
    [
        "WITH <urn:x:g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "INSERT { ?s ?p ?o } USING <tag:example.org,2026:g> WHERE { ?s ?p ?o }",
        "ASK FROM NAMED <urn:x:g> { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_local_graph_names_are_not_network(query: str) -> None:
    assert prepare(query) is not None


def test_a_store_without_named_graphs_says_so() -> None:
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store="memory")
    with pytest.raises(sg.StoreError, match="memory store cannot run this query"):
        kg.sparql("WITH <urn:x:g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", allow_update=True)


def test_network_opt_in_reaches_the_server(canary: str) -> None:
    kg = sg.load(layers=["schema"], store="memory")
    kg.sparql(f"LOAD <{canary}/graph.ttl>", allow_network=True, allow_update=True)
    assert _Canary.hits == 1
    assert kg.sparql("ASK { <https://example.org/s> ?p ?o }") is True


def test_load_fetches_a_url_only_when_passed(canary: str) -> None:
    sg.load(layers=["schema"])
    assert _Canary.hits == 0
    kg = sg.load(f"{canary}/graph.ttl", layers=["schema"], format="turtle")
    assert _Canary.hits == 1
    assert kg.sparql("ASK { <https://example.org/s> ?p ?o }") is True
