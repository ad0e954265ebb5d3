"""The remote SPARQL store against real servers: same answers as the local stores.

The Oxigraph server and Virtuoso are started by the fixtures in tests/servers.py (real
processes on loopback, own temporary folders, stopped by PID); the faults are played by
tiny HTTP servers on loopback.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import BNode, Graph

import spasmgraph as sg
from spasmgraph.backends.skolem import deskolemize, skolemize
from spasmgraph.backends.sparql import INDEX_QUERIES
from spasmgraph.errors import (
    EndpointAuthError,
    EndpointError,
    EndpointUnavailableError,
    MalformedResultError,
    QueryTimeoutError,
    StoreError,
    TruncatedResultError,
)

GRAPH = "urn:spasmgraph:test:remote"
"""The named graph the remote tests push into (the servers are shared with other tests)."""

PATH_QUESTIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("intense exercise", "Treatment", {}),
    ("intense exercise", "Treatment", {"via": ["Mechanism"]}),
    ("intense exercise", "Treatment", {"min_evidence": "mixed", "order": "evidence"}),
    ("back muscle spasm", "CareAction", {}),
    ("Cause", "Symptom", {"max_hops": 3, "limit": 50}),
    ("Cause", "", {"metapath": "Cause -triggers-> Mechanism <-actsOn- Treatment"}),
]


@pytest.fixture(scope="module")
def local() -> sg.KnowledgeGraph:
    return sg.load(store="oxigraph")


@pytest.fixture(scope="module")
def remote(oxigraph_server: Any, local: sg.KnowledgeGraph) -> Iterator[sg.KnowledgeGraph]:
    sent = sg.push(
        local,
        {"query": oxigraph_server.query_url, "update": oxigraph_server.update_url},
        graph=GRAPH,
    )
    assert sent > 0
    kg = sg.load(store="sparql", endpoint=oxigraph_server.query_url, default_graph=GRAPH)
    yield kg
    kg.backend.close()


def test_index_is_a_bounded_number_of_whole_queries(remote: sg.KnowledgeGraph) -> None:
    before = remote.backend.client.requests  # type: ignore[attr-defined]
    remote.refresh()
    assert remote.index.size == len(remote)
    spent = remote.backend.client.requests - before  # type: ignore[attr-defined]
    assert 0 < spent <= INDEX_QUERIES


def test_entities_and_search(remote: sg.KnowledgeGraph, local: sg.KnowledgeGraph) -> None:
    assert remote.entity("paracetamol") == local.entity("paracetamol")
    assert [e.iri for e, _ in remote.search("ibuprofn")] == [
        e.iri for e, _ in local.search("ibuprofn")
    ]
    with pytest.raises(sg.UnknownEntityError, match="did you mean"):
        remote.entity("ibuprofin")


@pytest.mark.parametrize(("source", "target", "options"), PATH_QUESTIONS)
def test_paths_match_the_local_store(
    remote: sg.KnowledgeGraph,
    local: sg.KnowledgeGraph,
    source: str,
    target: str,
    options: dict[str, Any],
) -> None:
    mine = remote.paths(source, target or None, **options)
    theirs = local.paths(source, target or None, **options)
    assert len(mine) > 0
    assert [p.explain() for p in mine] == [p.explain() for p in theirs]


@pytest.mark.parametrize("name", [q.name for q in sg.list_queries()])
def test_named_queries_match(
    remote: sg.KnowledgeGraph, local: sg.KnowledgeGraph, name: str
) -> None:
    query = next(q for q in sg.list_queries() if q.name == name)
    params = {
        p.name: {"entity": "ibuprofen", "class": "Treatment", "verdict": "mixed"}.get(p.type, 1)
        for p in query.parameters
        if p.required
    }
    if name.endswith("-for-cause") or name == "mechanisms-of-cause":
        params = {"cause": "intense exercise"}
    if name == "symptoms-of-mechanism":
        params = {"mechanism": "increased muscle tension"}
    if name == "treatments-for-mechanism":
        params = {"mechanism": "increased muscle tension"}
    if name == "triage-for-feature":
        params = {"feature": "saddle anaesthesia"}
    if name == "recommendations-for-treatment":
        params = {"treatment": "ibuprofen"}

    def text(value: Any, var: str) -> str:
        if isinstance(value, BNode):
            return "_:b"
        if var == "citations":  # GROUP_CONCAT has no order in SPARQL 1.1
            return " ".join(sorted(str(value).split()))
        return str(value)

    def rows(kg: sg.KnowledgeGraph) -> list[str]:
        result = kg.query(name, **params)
        return sorted(repr(sorted((k, text(r[k], k)) for k in result.vars)) for r in result)

    assert rows(remote) == rows(local)


def test_sparql_forms(remote: sg.KnowledgeGraph, local: sg.KnowledgeGraph) -> None:
    text = (
        "SELECT ?t ?label WHERE { ?t a sg:HomeRemedy ; rdfs:label ?label }"
        " ORDER BY STR(?label) ?t"
    )
    assert [r["label"] for r in remote.sparql(text)] == [r["label"] for r in local.sparql(text)]
    assert remote.sparql("ASK { sg:ibuprofen a sg:Medication }") is True
    built = remote.sparql(
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a sg:Medication ; rdfs:label ?l }"
    )
    assert isinstance(built, Graph) and len(built) > 0
    bound = remote.sparql(
        "SELECT ?l WHERE { ?t rdfs:label ?l FILTER(LANG(?l) = \"en\") }",
        t=remote.entity("ibuprofen"),
    )
    assert [r["l"] for r in bound] == ["ibuprofen"]


def test_network_and_updates_are_refused(remote: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.NetworkAccessError):
        remote.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(StoreError, match="read-only"):
        remote.backend.update("INSERT DATA { sg:x rdfs:label 'x' }", prefixes={}, timeout=5)


def test_relations_evidence_safety_and_views(
    remote: sg.KnowledgeGraph, local: sg.KnowledgeGraph
) -> None:
    assert [str(s) for s in remote.relations("ibuprofen")] == [
        str(s) for s in local.relations("ibuprofen")
    ]
    assert remote.evidence("acetaminophen") == local.evidence("acetaminophen")
    assert remote.red_flags() == local.red_flags()
    assert remote.cautions("ibuprofen") == local.cautions("ibuprofen")
    assert remote.diagram(focus="ibuprofen").to_dot() == local.diagram(focus="ibuprofen").to_dot()
    assert remote.to_networkx().number_of_edges() > 0
    assert remote.validate(shacl=False).conforms


def test_round_trip_keeps_every_triple(remote: sg.KnowledgeGraph, local: sg.KnowledgeGraph) -> None:
    expected = {
        (deskolemize(s), p, deskolemize(o)) for s, p, o in skolemize(local.graph)
    }
    assert set(remote.graph) == expected


def test_writes_need_an_update_endpoint_and_are_counted(oxigraph_server: Any) -> None:
    kg = sg.load(
        store="sparql",
        endpoint=oxigraph_server.query_url,
        update_endpoint=oxigraph_server.update_url,
        default_graph=GRAPH,
    )
    before = kg.backend.revision()
    kg.backend.update(
        "INSERT DATA { GRAPH <urn:scratch> { sg:x rdfs:label 'x' } }",
        prefixes={"sg": "https://w3id.org/spasmgraph/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
        timeout=5,
    )
    assert kg.backend.revision() == (before or 0) + 1


@pytest.fixture(scope="module")
def virtuoso(virtuoso_server: Any, local: sg.KnowledgeGraph) -> sg.KnowledgeGraph:
    endpoint = {"query": virtuoso_server.query_url, "update": virtuoso_server.update_url}
    sg.push(local, endpoint, graph=GRAPH, auth=virtuoso_server.auth, auth_scheme="digest")
    return sg.load(store="sparql", endpoint=virtuoso_server.query_url, default_graph=GRAPH)


@pytest.mark.parametrize(("source", "target", "options"), PATH_QUESTIONS)
def test_virtuoso_gives_the_same_paths(
    virtuoso: sg.KnowledgeGraph,
    local: sg.KnowledgeGraph,
    source: str,
    target: str,
    options: dict[str, Any],
) -> None:
    mine = virtuoso.paths(source, target or None, **options)
    assert [p.explain() for p in mine] == [
        p.explain() for p in local.paths(source, target or None, **options)
    ]


def test_virtuoso_truncation_and_auth(
    virtuoso: sg.KnowledgeGraph, virtuoso_server: Any, local: sg.KnowledgeGraph
) -> None:
    kg = virtuoso
    endpoint = {"query": virtuoso_server.query_url, "update": virtuoso_server.update_url}
    with pytest.raises(TruncatedResultError, match="X-SPARQL-MaxRows"):
        kg.sparql("SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 20000")
    with pytest.raises(EndpointAuthError):
        sg.push(local, endpoint, graph=GRAPH, auth=("dba", "wrong"), auth_scheme="digest")


# --- faults, played by tiny loopback servers -------------------------------------------------


class _Fault(http.server.BaseHTTPRequestHandler):
    mode = "html"
    seen = 0

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        type(self).seen += 1
        if self.mode == "slow":
            time.sleep(3)
        if self.mode == "flaky":  # 503 twice, then a real (empty) answer
            self.mode = "503" if type(self).seen <= 2 else "empty"
        status, body, kind = {
            "html": (200, b"<html>hello</html>", "text/html"),
            "500": (500, b"boom", "text/plain"),
            "401": (401, b"no", "text/plain"),
            "slow": (200, b"{}", "application/sparql-results+json"),
            "json": (200, b'{"x": 1}', "application/sparql-results+json"),
            "503": (503, b"busy", "text/plain"),
            "empty": (
                200,
                b'{"head": {"vars": ["n"]}, "results": {"bindings": []}}',
                "application/sparql-results+json",
            ),
        }[self.mode]
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fault_server(request: pytest.FixtureRequest) -> Iterator[str]:
    handler = type("Handler", (_Fault,), {"mode": request.param})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("fault_server", "error"),
    [
        ("html", MalformedResultError),
        ("json", MalformedResultError),
        ("500", EndpointError),
        ("401", EndpointAuthError),
    ],
    indirect=["fault_server"],
)
def test_faults_are_typed(fault_server: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        sg.load(store="sparql", endpoint=fault_server, retries=0).index  # noqa: B018


@pytest.mark.parametrize("fault_server", ["slow"], indirect=True)
def test_a_slow_server_times_out(fault_server: str) -> None:
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        sg.load(store="sparql", endpoint=fault_server, timeout=0.5, retries=0).index  # noqa: B018
    assert time.monotonic() - start < 2.5


@pytest.mark.parametrize("fault_server", ["flaky"], indirect=True)
def test_reads_are_retried_with_backoff(fault_server: str) -> None:
    kg = sg.load(store="sparql", endpoint=fault_server, retries=2)
    assert kg.backend.size() == 0
    assert kg.backend.client.requests == 3  # type: ignore[attr-defined]


def test_cli_push_uploads(oxigraph_server: Any, local: sg.KnowledgeGraph) -> None:
    from spasmgraph.cli import main

    graph = "urn:spasmgraph:test:cli-push"
    argv = ["push", oxigraph_server.query_url, "--update-url", oxigraph_server.update_url]
    assert main([*argv, "--graph", graph]) == 0
    kg = sg.load(store="sparql", endpoint=oxigraph_server.query_url, default_graph=graph)
    assert len(kg) == len(local)


def test_a_server_that_is_down() -> None:
    with pytest.raises(EndpointUnavailableError, match="cannot reach"):
        sg.load(store="sparql", endpoint="http://127.0.0.1:9/sparql", retries=1).index  # noqa: B018


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "needs endpoint"),
        ({"endpoint": "ftp://x/"}, "http"),
        ({"endpoint": {"queries": "http://x/"}}, "keys"),
        ({"endpoint": "http://x/", "auth_scheme": "ntlm"}, "auth_scheme"),
    ],
)
def test_bad_remote_options(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(StoreError, match=message):
        sg.load(store="sparql", **kwargs)


def test_remote_options_need_the_sparql_store() -> None:
    with pytest.raises(StoreError, match="only for store='sparql'"):
        sg.load(store="memory", endpoint="http://127.0.0.1:9/")
