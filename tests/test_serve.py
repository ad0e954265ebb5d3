"""``spasmgraph serve`` end to end: a real server over real HTTP, real clients, no mocks.

Two servers run for this module (see ``tests/serve_helpers.py``): ``server`` with roomy
limits, and ``tight`` (2 s time limit, 5 rows, 1 worker, 1 query at a time, 1 s to send a
body, one CORS origin) for the limits. Each is ``python -m spasmgraph serve`` in its own
process on a free loopback port, stopped by PID.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import signal
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from serve_helpers import Canary, Server, descendants, running_server

import spasmgraph as sg
from spasmgraph.serve.protocol import GRAPH_TYPES, RESULT_TYPES
from spasmgraph.serve.service_description import SD

CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
REMEDIES = "SELECT ?t ?label WHERE { ?t a sg:HomeRemedy ; rdfs:label ?label } ORDER BY ?label"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running_server("--timeout", "20", "--workers", "2") as running:
        yield running


@pytest.fixture(scope="module")
def tight() -> Iterator[Server]:
    options = [
        "--timeout",
        "2",
        "--max-rows",
        "5",
        "--workers",
        "1",
        "--max-concurrent",
        "1",
        "--body-timeout",
        "1",
        "--cors-origin",
        "http://allowed.example",
        "--cache-size",
        "0",
    ]
    with running_server(*options) as running:
        yield running


@pytest.fixture(scope="module")
def local() -> sg.KnowledgeGraph:
    return sg.load()


def _labels(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["label"]["value"] for b in response.json()["results"]["bindings"]]


# -- the protocol ------------------------------------------------------------------------


def test_get_post_form_and_post_direct_agree(server: Server, local: sg.KnowledgeGraph) -> None:
    expected = [label for _, label in local.sparql(REMEDIES)]
    got = _labels(httpx.get(server.sparql, params={"query": REMEDIES}, headers={"Accept": JSON}))
    form = httpx.post(server.sparql, data={"query": REMEDIES}, headers={"Accept": JSON})
    direct = httpx.post(
        server.sparql,
        content=REMEDIES.encode(),
        headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": JSON},
    )
    assert got == _labels(form) == _labels(direct) == expected
    assert _labels(httpx.get(server.url + "/", params={"query": REMEDIES})) == expected


@pytest.mark.parametrize("media", list(RESULT_TYPES))
def test_every_results_format(server: Server, media: str, local: sg.KnowledgeGraph) -> None:
    expected = {str(t) for t, _ in local.sparql(REMEDIES)}
    response = httpx.post(server.sparql, data={"query": REMEDIES}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["x-spasmgraph-truncated"] == "false"
    fmt = RESULT_TYPES[media]
    if fmt == "json":
        got = {b["t"]["value"] for b in response.json()["results"]["bindings"]}
    elif fmt == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        got = {u.text or "" for u in ET.fromstring(response.content).iterfind(".//r:uri", ns)}
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["t", "label"]
        got = {row[0] for row in rows[1:]}
    else:
        lines = response.text.splitlines()
        assert lines[0] == "?t\t?label"
        got = {line.split("\t")[0].strip("<>") for line in lines[1:]}
    assert got == expected
    ask = httpx.get(
        server.sparql,
        params={"query": "ASK { sg:ibuprofen a sg:Medication }"},
        headers={"Accept": media},
    )
    assert ask.status_code == 200 and "true" in ask.text


@pytest.mark.parametrize("media", list(GRAPH_TYPES))
def test_every_graph_format(server: Server, media: str, local: sg.KnowledgeGraph) -> None:
    query = "CONSTRUCT { ?t rdfs:label ?l } WHERE { ?t a sg:Medication ; rdfs:label ?l }"
    response = httpx.post(server.sparql, data={"query": query}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    got = Graph().parse(data=response.content, format=GRAPH_TYPES[media])
    assert len(got) > 0 and isomorphic(got, local.sparql(query))
    described = httpx.get(
        server.sparql, params={"query": "DESCRIBE sg:ibuprofen"}, headers={"Accept": media}
    )
    assert described.status_code == 200
    assert len(Graph().parse(data=described.content, format=GRAPH_TYPES[media])) > 0


def test_service_description_and_query_page(server: Server) -> None:
    response = httpx.get(server.url + "/", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    g = Graph().parse(data=response.text, format="turtle")
    service = next(g.subjects(URIRef(SD.endpoint), None))
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g
    assert (
        httpx.get(server.sparql, headers={"Accept": "*/*"})
        .headers["content-type"]
        .startswith("text/turtle")
    )
    page = httpx.get(server.url + "/", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 200 and page.text.startswith("<!doctype html>")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert csp.count("'sha256-") == 2  # the one inline script, the one inline style
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page.text)  # nothing external


def test_named_queries(server: Server, local: sg.KnowledgeGraph) -> None:
    listing = httpx.get(server.url + "/queries").json()
    assert {q["name"] for q in listing} == {q.name for q in sg.list_queries()}
    expected = {str(r[0]) for r in local.query("remedies-for-cause", cause="intense exercise")}
    response = httpx.get(
        server.url + "/queries/remedies-for-cause",
        params={"cause": "intense exercise"},
        headers={"Accept": JSON},
    )
    assert response.status_code == 200, response.text
    first = response.json()["head"]["vars"][0]
    assert {b[first]["value"] for b in response.json()["results"]["bindings"]} == expected
    unknown = httpx.get(server.url + "/queries/no-such-query")
    assert unknown.status_code == 404 and "remedies-for-cause" in unknown.text
    for params in ({"cause": "intense exercize"}, {"nope": "x"}, {}):
        bad = httpx.get(server.url + "/queries/remedies-for-cause", params=params)
        assert bad.status_code == 400, (params, bad.text)
    twice = httpx.get(server.url + "/queries/remedies-for-cause?cause=a&cause=b")
    assert twice.status_code == 400


# -- clients -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_client(server: Server, local: sg.KnowledgeGraph, method: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.sparql, method=method, returnFormat="json")
    rows = sorted(str(label) for _, label in Graph(store).query(REMEDIES))
    assert rows == sorted(str(label) for _, label in local.sparql(REMEDIES))
    ask = Graph(SPARQLStore(server.sparql, method=method)).query("ASK { ?s sg:treats ?o }")
    assert ask.askAnswer is True


def test_remote_store_gives_the_local_answers(server: Server, local: sg.KnowledgeGraph) -> None:
    remote = sg.load(store="sparql", endpoint=server.sparql)
    question = ("intense exercise", "Treatment")
    mine = remote.paths(*question, via=["Mechanism"])
    assert len(mine) > 0
    assert [p.explain() for p in mine] == [
        p.explain() for p in local.paths(*question, via=["Mechanism"])
    ]
    for name, params in (
        ("remedies-for-cause", {"cause": "intense exercise"}),
        ("cautions-for-treatment", {"treatment": "ibuprofen"}),
    ):
        ours = sorted(map(repr, remote.query(name, **params)))
        assert ours == sorted(map(repr, local.query(name, **params)))
        assert ours


# -- safety ------------------------------------------------------------------------------


def _reaching(url: str) -> list[tuple[str, str]]:
    """(parameter, text) of every way a request could make the server fetch *url*."""
    where = "WHERE { ?s ?p ?o }"
    return [
        ("query", f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"),
        ("query", f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}"),
        ("query", f"SELECT * FROM <{url}/g.ttl> {where}"),
        ("query", f"SELECT * FROM NAMED <{url}/g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
        ("query", f"PREFIX c: <{url}/> SELECT * FROM c:g {where}"),
        ("query", f"LOAD <{url}/g.ttl>"),
        ("update", f"LOAD <{url}/g.ttl>"),
        ("query", f"INSERT {{ ?s ?p ?o }} USING <{url}/g.ttl> {where}"),
        ("query", f"INSERT {{ ?s ?p ?o }} USING NAMED <{url}/g.ttl> {where}"),
        ("query", f"WITH <{url}/g> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p ?o }} {where}"),
        ("update", f"INSERT {{ ?s ?p ?o }} USING <{url}/g.ttl> {where}"),
        ("default-graph-uri", f"{url}/g.ttl"),
        ("named-graph-uri", f"{url}/g.ttl"),
    ]


def test_canary_receives_no_request(server: Server, local: sg.KnowledgeGraph) -> None:
    with Canary() as canary:
        for param, text in _reaching(canary.url):
            data = (
                {param: text} if param in ("query", "update") else {"query": "ASK {}", param: text}
            )
            for response in (
                httpx.post(server.sparql, data=data),
                httpx.get(server.sparql, params=data),
            ):
                assert response.status_code in (400, 403), (param, text, response.text)
                assert canary.url.split("//")[1] not in response.headers.get("location", "")
            if param == "query" and "SERVICE" in text:
                with pytest.raises(sg.NetworkAccessError) as refused:
                    local.sparql(text)
                assert str(refused.value) in response.text  # the library's own message
        direct = httpx.post(
            server.sparql,
            content=f"LOAD <{canary.url}/g.ttl>".encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
        assert direct.status_code == 403
        time.sleep(0.5)
        assert canary.requests == []


@pytest.mark.parametrize(
    "data",
    [
        {"query": "INSERT DATA { sg:x rdfs:label 'x' }"},
        {"query": "DELETE WHERE { ?s ?p ?o }"},
        {"query": "CLEAR ALL"},
        {"update": "INSERT DATA { sg:x rdfs:label 'x' }"},
    ],
)
def test_updates_are_forbidden(server: Server, data: dict[str, str]) -> None:
    response = httpx.post(server.sparql, data=data)
    assert response.status_code == 403, response.text
    assert response.text.startswith("403 Forbidden: ReadOnly: this endpoint is read-only")
    count = httpx.get(
        server.sparql, params={"query": "ASK { sg:x ?p ?o }"}, headers={"Accept": JSON}
    )
    assert count.json()["boolean"] is False


def test_errors_are_one_line_and_leak_nothing(server: Server) -> None:
    response = httpx.post(server.sparql, data={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.headers["x-spasmgraph-error"] == "QuerySyntaxError"
    assert response.text.count("\n") == 1
    assert "Traceback" not in response.text and "/" not in response.text.split(":", 2)[2][:40]
    assert "access-control-allow-origin" not in response.headers


def test_request_faults_get_proper_statuses(server: Server) -> None:
    huge = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * (10 << 20)).encode()
    big = httpx.post(
        server.sparql, content=huge, headers={"Content-Type": "application/sparql-query"}
    )
    assert big.status_code == 413

    def chunks() -> Iterator[bytes]:
        yield b"query="
        for _ in range(10):
            yield b"x" * (1 << 20)

    chunked = httpx.post(
        server.sparql,
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert chunked.status_code == 413
    assert httpx.get(server.sparql + "?query=ASK%zz%7B%7D").status_code == 400
    assert httpx.get(server.sparql + "?query=%FF").status_code == 400
    form = httpx.post(
        server.sparql,
        content=b"query=%E2%28",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 400
    odd = httpx.get(server.sparql, params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert odd.status_code == 406
    graph_as_csv = httpx.get(
        server.sparql, params={"query": "DESCRIBE sg:ibuprofen"}, headers={"Accept": "text/csv"}
    )
    assert graph_as_csv.status_code == 406
    weird = httpx.post(server.sparql, content=b"x", headers={"Content-Type": "image/png"})
    assert weird.status_code == 415
    assert httpx.get(server.sparql, params={"query": "ASK {}"}).status_code == 200


def test_client_leaving_mid_result_does_not_wedge(server: Server) -> None:
    host, port = server.url.split("//")[1].split(":")
    for _ in range(3):
        with socket.create_connection((host, int(port))) as s:
            s.sendall(
                b"GET /sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D HTTP/1.1\r\n"
                b"Host: x\r\nAccept: application/sparql-results+xml\r\n\r\n"
            )
            assert s.recv(1024).startswith(b"HTTP/1.1 200")
    assert httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200


def test_access_log_is_combined_log_format(server: Server) -> None:
    httpx.get(server.sparql, params={"query": "ASK {}"}, headers={"User-Agent": 'a"b'})
    time.sleep(0.2)
    line = re.compile(
        r"^127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] "
        r'"GET /sparql\?query=ASK\+%7B%7D HTTP/1\.1" 200 \d+ "-" "a\\"b"$',
        re.MULTILINE,
    )
    assert line.search(server.log_text()), server.log_text()[-2000:]


# -- limits ------------------------------------------------------------------------------


def test_timeout_kills_the_query_and_the_server_keeps_serving(tight: Server) -> None:
    before = descendants(tight.process.pid)
    start = time.monotonic()
    response = httpx.post(tight.sparql, data={"query": CROSS_JOIN}, timeout=30)
    took = time.monotonic() - start
    assert response.status_code == 500
    assert response.headers["x-spasmgraph-error"] == "QueryTimeoutError"
    assert took < 2 + 1, took
    assert httpx.get(tight.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200
    time.sleep(0.5)
    after = descendants(tight.process.pid)
    assert before - after, "the worker that ran the query was not killed"
    assert len(after) == len(before)  # and was replaced


def test_row_cap_is_signalled(tight: Server) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20"
    response = httpx.post(tight.sparql, data={"query": query}, headers={"Accept": JSON})
    assert response.headers["x-spasmgraph-truncated"] == "true"
    assert response.headers["x-sparql-maxrows"] == "5"
    body = response.json()
    assert len(body["results"]["bindings"]) == 5
    assert body["spasmgraph"] == {"truncated": True, "max_rows": 5}
    as_csv = httpx.post(tight.sparql, data={"query": query}, headers={"Accept": "text/csv"})
    assert as_csv.headers["x-spasmgraph-truncated"] == "true"
    assert len(as_csv.text.splitlines()) == 1 + 5
    whole = httpx.post(tight.sparql, data={"query": query.replace("20", "3")})
    assert whole.headers["x-spasmgraph-truncated"] == "false"
    assert "spasmgraph" not in whole.json()
    with pytest.raises(sg.TruncatedResultError):  # spasmgraph's own client refuses it
        sg.load(store="sparql", endpoint=tight.sparql).sparql(query)


def test_concurrency_cap_answers_503_with_retry_after(tight: Server) -> None:
    slow: dict[str, Any] = {}
    thread = threading.Thread(
        target=lambda: slow.update(
            r=httpx.post(tight.sparql, data={"query": CROSS_JOIN}, timeout=30)
        )
    )
    thread.start()
    time.sleep(0.5)
    busy = httpx.get(tight.sparql, params={"query": "ASK { ?s a sg:Cause }"})
    thread.join()
    assert busy.status_code == 503, busy.text
    assert busy.headers["retry-after"] == "1"
    assert slow["r"].status_code == 500
    assert httpx.get(tight.sparql, params={"query": "ASK { ?s a sg:Cause }"}).status_code == 200


def test_slow_body_is_cut_off(tight: Server) -> None:
    host, port = tight.url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
        )
        start = time.monotonic()
        answer = b""
        for _ in range(20):
            try:
                s.sendall(b"A")
            except OSError:
                break
            time.sleep(0.2)
            s.setblocking(False)
            try:
                answer += s.recv(4096)
            except BlockingIOError:
                pass
            finally:
                s.setblocking(True)
            if answer:
                break
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert time.monotonic() - start < 3
    assert httpx.get(tight.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200


def test_client_leaving_mid_query_frees_the_worker(tight: Server) -> None:
    host, port = tight.url.split("//")[1].split(":")
    body = (
        "query="
        + CROSS_JOIN.replace(" ", "+").replace("{", "%7B").replace("}", "%7D").replace("?", "%3F")
    ).encode()
    with socket.create_connection((host, int(port))) as s:
        s.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
            b"application/x-www-form-urlencoded\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
        time.sleep(0.3)
    time.sleep(0.3)
    start = time.monotonic()
    response = httpx.get(tight.sparql, params={"query": "ASK { ?s a sg:Medication }"}, timeout=10)
    assert response.status_code == 200
    assert time.monotonic() - start < 1.5  # the one worker was not left running to 2 s


def test_cors_only_for_the_allow_list(tight: Server, server: Server) -> None:
    ask = {"query": "ASK {}"}
    allowed = httpx.get(tight.sparql, params=ask, headers={"Origin": "http://allowed.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://allowed.example"
    assert "access-control-allow-credentials" not in allowed.headers
    other = httpx.get(tight.sparql, params=ask, headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = httpx.options(
        tight.sparql,
        headers={
            "Origin": "http://allowed.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://allowed.example"
    default = httpx.get(server.sparql, params=ask, headers={"Origin": "http://allowed.example"})
    assert not [h for h in default.headers if h.startswith("access-control-")]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_the_server_leaves_no_process(how: signal.Signals) -> None:
    with running_server("--timeout", "60", "--workers", "1") as doomed:
        def hostile() -> None:
            with contextlib.suppress(httpx.HTTPError):
                httpx.post(doomed.sparql, data={"query": CROSS_JOIN}, timeout=30)

        thread = threading.Thread(target=hostile)
        thread.start()
        time.sleep(0.5)
        helpers = descendants(doomed.process.pid)
        assert len(helpers) >= 3  # the zygote and the workers
        doomed.process.send_signal(how)
        doomed.process.wait(15)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in helpers):
            time.sleep(0.1)
        assert not [pid for pid in helpers if _alive(pid)]
        thread.join()


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_bad_settings_are_usage_errors() -> None:
    from spasmgraph.cli import main

    assert main(["serve", "--timeout", "0"]) == 2
    assert main(["serve", "--cors-origin", "https://x.example/path"]) == 2
    with pytest.raises(sg.SpasmGraphError):
        sg.serve("not a graph")
