"""Hostile input: no network or file access while parsing, bounded parse and query time,
a row cap, kept file modes and a bounded search (issue 15)."""

from __future__ import annotations

import contextlib
import http.server
import os
import stat
import threading
import time
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest

import spasmgraph as sg
from spasmgraph._files import atomic_write
from spasmgraph.backends import fastparse, guard, worker
from spasmgraph.cli import main

STORES = ["memory", "oxigraph"]
needs_oxigraph = pytest.mark.skipif(find_spec("pyoxigraph") is None, reason="needs pyoxigraph")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class _Canary(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(b'{"@context": {"name": "%s"}}' % LABEL.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[str]:
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
def store(request: pytest.FixtureRequest) -> str:
    if request.param == "oxigraph" and find_spec("pyoxigraph") is None:
        pytest.skip("needs pyoxigraph")
    return str(request.param)


def _load(path: Path, store: str) -> sg.KnowledgeGraph:
    return sg.load(path, bundled=False, store=store)


# --- JSON-LD contexts -----------------------------------------------------------------------


CONTEXTS = {
    "url": '"{url}/ctx.jsonld"',
    "array": '[{{"x": "urn:x"}}, "{url}/ctx.jsonld"]',
    "import": '{{"@import": "{url}/ctx.jsonld"}}',
    "nested": '{{"name": {{"@id": "{label}", "@context": "{url}/ctx.jsonld"}}}}',
    "file": '"file://{secret}"',
    "relative": '"ctx.jsonld"',
}


@pytest.mark.parametrize("form", sorted(CONTEXTS))
def test_jsonld_contexts_are_never_fetched(
    store: str, form: str, canary: str, tmp_path: Path
) -> None:
    secret = tmp_path / "ctx.jsonld"
    secret.write_text('{"@context": {"name": "' + LABEL + '"}}')
    context = CONTEXTS[form].format(url=canary, secret=secret, label=LABEL)
    doc = tmp_path / "doc.jsonld"
    doc.write_text('{"@context": ' + context + ', "@id": "urn:a", "name": "x"}')
    with pytest.raises(sg.NetworkAccessError, match="never fetches contexts"):
        _load(doc, store)
    assert main(["--load", str(doc), "info"]) == 2
    assert _Canary.hits == 0


def test_inline_jsonld_context_works(store: str, tmp_path: Path) -> None:
    doc = tmp_path / "doc.jsonld"
    doc.write_text(
        '{"@context": [null, {"name": "' + LABEL + '"}], '
        '"@id": "https://example.org/j", "name": "jay"}'
    )
    assert _load(doc, store).entity("jay").iri == "https://example.org/j"


# --- XML -------------------------------------------------------------------------------------

HEAD = '<?xml version="1.0"?>\n'
BODY = (
    f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
    '<rdf:Description rdf:about="{about}"><rdfs:label>{label}</rdfs:label>'
    "</rdf:Description></rdf:RDF>"
)
LAUGHS = "".join(
    f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10)) if i else "lol"}">'
    for i in range(9)
)
XML_ATTACKS = {
    "billion laughs": f"<!DOCTYPE rdf:RDF [{LAUGHS}]>" + BODY.format(about="urn:a", label="&l8;"),
    "external DTD": '<!DOCTYPE rdf:RDF SYSTEM "file:///etc/passwd">'
    + BODY.format(about="urn:a", label="x"),
    "external entity": '<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    + BODY.format(about="urn:a", label="&e;"),
    "parameter entity": '<!DOCTYPE rdf:RDF [<!ENTITY % p "x">]>'
    + BODY.format(about="urn:a", label="x"),
    "XInclude": BODY.format(
        about="urn:a",
        label='<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>',
    ),
    "quadratic blow-up": '<!DOCTYPE rdf:RDF [<!ENTITY big "%s">]>' % ("x" * 10_000)
    + BODY.format(about="urn:a", label="&big;" * 200),
}


@pytest.mark.parametrize("attack", sorted(XML_ATTACKS))
def test_hostile_xml_is_refused_before_parsing(store: str, attack: str, tmp_path: Path) -> None:
    doc = tmp_path / "doc.rdf"
    doc.write_text(HEAD + XML_ATTACKS[attack])
    started = time.monotonic()
    with pytest.raises(sg.OntologyLoadError, match="refused XML"):
        _load(doc, store)
    assert time.monotonic() - started < 1.0


def test_plain_xml_entities_still_work(store: str, tmp_path: Path) -> None:
    """Protégé declares namespaces as entities; those expand to a bounded size."""
    doc = tmp_path / "doc.rdf"
    doc.write_text(
        HEAD
        + '<!DOCTYPE rdf:RDF [<!ENTITY ex "https://example.org/" >]>'
        + BODY.format(about="&ex;x", label="entity x")
    )
    assert _load(doc, store).entity("entity x").iri == "https://example.org/x"


def test_utf16_xml_is_checked_too() -> None:
    data = (HEAD + XML_ATTACKS["billion laughs"]).encode("utf-16")
    with pytest.raises(sg.OntologyLoadError, match="billion laughs"):
        guard.check_xml(data, "x.rdf")


# --- linear parsing ------------------------------------------------------------------------

LONG = {
    "nt literal": b'<urn:a> <urn:b> "' + b"x" * 2_000_000 + b'" .\n',
    "nt iri": b"<urn:a> <urn:b> <urn:" + b"x" * 2_000_000 + b"> .\n",
    "ttl escaped": b'<urn:a> <urn:b> "' + b"\\n" * 1_000_000 + b'" .\n',
    "ttl multi-line": b'<urn:a> <urn:b> """' + b"x\n" * 1_000_000 + b'""" .\n',
}


@needs_oxigraph
@pytest.mark.parametrize("case", sorted(LONG))
def test_long_tokens_parse_in_linear_time(store: str, case: str, tmp_path: Path) -> None:
    doc = tmp_path / ("doc.nt" if case.startswith("nt") else "doc.ttl")
    doc.write_bytes(LONG[case])
    started = time.monotonic()
    assert len(_load(doc, store)) == 1
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("case", sorted(LONG))
def test_without_oxigraph_long_tokens_are_refused(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastparse, "available", lambda: False)
    doc = tmp_path / ("doc.nt" if case.startswith("nt") else "doc.ttl")
    doc.write_bytes(b"# a comment\n" + LONG[case])
    started = time.monotonic()
    with pytest.raises(sg.OntologyLoadError, match=r"spasmgraph\[oxigraph\]") as err:
        _load(doc, "memory")
    assert err.value.line == 2
    assert time.monotonic() - started < 2.0
    doc.write_bytes(b'<urn:a> <urn:b> "%s" .\n' % (b"x" * 1000) * 500)  # long file, short tokens
    assert len(_load(doc, "memory")) == 1


def test_longest_token_scanner() -> None:
    text = b'@prefix ex: <urn:x#> .  # "not a string\nex:a ex:b """x\n"y""", \'z\' .'
    assert guard.longest_token(text) == (len(b'"""x\n"y"""'), 2)


# --- time limits ---------------------------------------------------------------------------

_BLOCKS = " ".join(f"VALUES ?v{i} {{ {' '.join(str(n) for n in range(12))} }}" for i in range(8))
VALUES_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { " + _BLOCKS + " }"
CATASTROPHIC_REGEX = 'ASK { BIND("' + "a" * 60 + '!" AS ?s) FILTER(REGEX(?s, "^(a|aa)+$")) }'


@pytest.fixture
def toy(store: str) -> sg.KnowledgeGraph:
    return sg.load(Path(__file__).parent / "data" / "toy.ttl", layers=["schema"], store=store)


@pytest.mark.parametrize("query", [VALUES_PRODUCT, CATASTROPHIC_REGEX], ids=["values", "regex"])
def test_queries_that_never_scan_stop_on_time(toy: sg.KnowledgeGraph, query: str) -> None:
    started = time.monotonic()
    with contextlib.suppress(sg.QueryTimeoutError):
        toy.sparql(query, timeout=1.0)
    assert time.monotonic() - started < 2.0


def test_timed_out_worker_is_killed(toy: sg.KnowledgeGraph) -> None:
    if not worker.usable():
        pytest.skip("no worker process here")
    product = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    query = CATASTROPHIC_REGEX if toy.store == "memory" else product
    with pytest.raises(sg.QueryTimeoutError):
        toy.sparql(query, timeout=0.5)
    time.sleep(0.1)
    children = [w for w in _workers(toy) if w is not None]
    for child in children:
        assert not child.alive
        with pytest.raises(ProcessLookupError):
            os.kill(child.pid, 0)


def _workers(kg: sg.KnowledgeGraph) -> list[worker.Worker | None]:
    import importlib

    run_module = importlib.import_module("spasmgraph.sparql.run")
    return [getattr(kg.backend, "_worker", None), run_module._WORKERS.get(kg.backend)]


def test_update_that_times_out_changes_nothing(toy: sg.KnowledgeGraph) -> None:
    before = len(toy)
    started = time.monotonic()
    with pytest.raises(sg.QueryTimeoutError):
        toy.sparql(
            "INSERT { ?a <urn:p> ?f } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
            allow_update=True,
            timeout=0.5,
        )
    assert time.monotonic() - started < 1.5
    assert len(toy) == before
    toy.sparql("INSERT DATA { <urn:a> <urn:p> 1 }", allow_update=True, timeout=5)
    assert len(toy) == before + 1


def test_fast_queries_are_answered_through_the_worker(toy: sg.KnowledgeGraph) -> None:
    query = 'SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?s), "^urn:nothing")) }'
    assert list(toy.sparql(query, timeout=5)) == []
    assert toy.sparql("ASK { ?s ?p ?o }", timeout=5) is True


# --- row cap ----------------------------------------------------------------------------------


def test_row_cap(toy: sg.KnowledgeGraph) -> None:
    everything = toy.sparql("SELECT * WHERE { ?s ?p ?o }")
    assert everything.truncated is False
    capped = toy.sparql("SELECT * WHERE { ?s ?p ?o }", max_rows=3)
    assert len(capped) == 3 and capped.truncated is True
    assert list(capped) == list(everything)[:3]
    exact = toy.sparql("SELECT * WHERE { ?s ?p ?o }", max_rows=len(everything))
    assert len(exact) == len(everything) and exact.truncated is False
    regex = toy.sparql('SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?s), "."))}', max_rows=1)
    assert len(regex) == 1 and regex.truncated is True
    for bad in (-1, 1.5, "3", True):
        with pytest.raises(sg.QueryParameterError):
            toy.sparql("SELECT * WHERE { ?s ?p ?o }", max_rows=bad)


# --- file modes and search ---------------------------------------------------------------------


def test_atomic_write_keeps_a_private_mode(tmp_path: Path) -> None:
    target = tmp_path / "secret.svg"
    target.write_text("old")
    target.chmod(0o600)
    atomic_write(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() == "new"
    fresh = atomic_write(tmp_path / "fresh.txt", "x", mode=0o600)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_search_on_a_huge_string_is_fast() -> None:
    kg = sg.load()
    for text in ("x" * 10_000, "back pain " * 1_000, "ibuprofen" * 1_200):
        started = time.monotonic()
        kg.search(text)
        assert time.monotonic() - started < 0.5
    assert kg.search("ibuprofen")[0][0].label == "ibuprofen"
