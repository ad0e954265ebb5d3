"""SPARQL updates on the memory store: all or nothing, and stopped at their time limit
(issue 15), even when a ``REGEX`` that no thread can interrupt is running."""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path

import pytest
from rdflib.compare import to_isomorphic

import spasmgraph as sg
from spasmgraph.backends import worker

run_module = importlib.import_module("spasmgraph.sparql.run")  # the package exports run()

DATA = Path(__file__).parent / "data"
SLOW_FILTER = 'BIND("' + "a" * 60 + '!" AS ?t) FILTER(REGEX(?t, "^(a|aa)+$"))'
needs_worker = pytest.mark.skipif(not worker.usable(), reason="no worker process here")


def _toy() -> sg.KnowledgeGraph:
    return sg.load(DATA / "toy.ttl", layers=["schema"], store="memory")


@needs_worker
def test_update_stopped_by_its_time_limit_changes_nothing() -> None:
    kg = _toy()
    before = to_isomorphic(kg.graph)
    update = (
        "INSERT DATA { <urn:x:first> <urn:x:p> 1 } ;"
        f" INSERT {{ ?s <urn:x:p> 2 }} WHERE {{ ?s ?p ?o . {SLOW_FILTER} }}"
    )
    started = time.monotonic()
    with pytest.raises(sg.QueryTimeoutError):
        kg.sparql(update, allow_update=True, timeout=1.0)
    assert time.monotonic() - started < 1.0 + 1.0
    assert to_isomorphic(kg.graph) == before
    assert run_module._WORKERS.get(kg.backend) is None or not run_module._WORKERS[kg.backend].alive
    cpu = time.process_time()
    time.sleep(0.5)
    assert time.process_time() - cpu < 0.2  # nothing left running in this process
    kg.sparql("INSERT DATA { <urn:x:a> <urn:x:p> 1 }", allow_update=True, timeout=5)
    assert len(kg) == len(before) + 1


def test_worker_of_a_timed_out_update_is_gone() -> None:
    if not worker.usable():
        pytest.skip("no worker process here")
    kg = _toy()
    kg.sparql("ASK { ?s ?p ?o FILTER(REGEX(STR(?s), 'x')) }", timeout=5)  # starts a worker
    child = run_module._WORKERS[kg.backend]
    with pytest.raises(sg.QueryTimeoutError):
        kg.sparql(
            f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o . {SLOW_FILTER} }}",
            allow_update=True,
            timeout=0.5,
        )
    assert not child.alive
    with pytest.raises(ProcessLookupError):
        os.kill(child.pid, 0)


UPDATES = {
    "blank nodes": (
        "INSERT { ?s <urn:x:note> [ <urn:x:text> ?label ; <urn:x:len> ?n ] }"
        " WHERE { ?s rdfs:label ?label BIND(STRLEN(?label) AS ?n)"
        ' FILTER(REGEX(?label, "e")) }'
    ),
    "delete and insert": (
        "DELETE { ?s rdfs:label ?label } INSERT { ?s rdfs:label ?upper }"
        ' WHERE { ?s rdfs:label ?label BIND(UCASE(REPLACE(?label, "e", "3")) AS ?upper) }'
    ),
    "sequence": (
        "INSERT DATA { <urn:x:a> <urn:x:p> [ <urn:x:q> 1 ] } ;"
        " DELETE WHERE { ?s rdfs:comment ?c } ;"
        " INSERT { ?s <urn:x:seen> true } WHERE { ?s <urn:x:p> ?b . ?b <urn:x:q> 1 }"
    ),
    "bnode function": (
        "INSERT { ?s <urn:x:tag> ?b . ?b <urn:x:of> ?s } WHERE"
        " { ?s a owl:Class BIND(BNODE() AS ?b) }"
    ),
    "delete everything": "DELETE WHERE { ?s ?p ?o }",
}


@pytest.mark.parametrize("update", UPDATES.values(), ids=UPDATES.keys())
def test_update_through_the_worker_equals_a_plain_update(update: str) -> None:
    timed, plain = _toy(), _toy()
    revision = timed.backend.revision()
    timed.sparql(update, allow_update=True, timeout=10)
    plain.sparql(update, allow_update=True, timeout=None)
    assert len(timed) == len(plain)
    assert to_isomorphic(timed.graph) == to_isomorphic(plain.graph)
    assert timed.backend.revision() != revision  # caches and the index see the change


def test_non_deterministic_functions_apply_once() -> None:
    kg = _toy()
    classes = len(list(kg.sparql("SELECT DISTINCT ?c WHERE { ?c a owl:Class }")))
    kg.sparql(
        "INSERT { ?c <urn:x:id> ?id } WHERE { ?c a owl:Class BIND(UUID() AS ?id) }",
        allow_update=True,
        timeout=10,
    )
    ids = list(kg.sparql("SELECT ?id WHERE { ?c <urn:x:id> ?id }"))
    assert len(ids) == classes == len({row.id for row in ids})


@pytest.mark.parametrize("timeout", [None, 10.0], ids=["in place", "worker"])
def test_update_that_fails_midway_changes_nothing(timeout: float | None) -> None:
    kg = _toy()
    before, revision = to_isomorphic(kg.graph), kg.backend.revision()
    update = (
        "INSERT DATA { <urn:x:first> <urn:x:p> 1 } ;"
        " INSERT { ?s <urn:x:copy> ?o } WHERE { ?s ?p ?o } ;"
        " ADD <urn:x:g1> TO <urn:x:g2>"  # needs a dataset: fails after two operations ran
    )
    with pytest.raises(sg.StoreError, match="dataset"):
        kg.sparql(update, allow_update=True, timeout=timeout)
    assert to_isomorphic(kg.graph) == before
    if timeout is None:
        assert kg.backend.revision() != revision  # the changes were made, then undone


def test_data_only_updates_run_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    kg = _toy()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker process for INSERT DATA")

    monkeypatch.setattr(run_module, "_in_process", refuse)
    kg.sparql(
        "INSERT DATA { <urn:x:a> <urn:x:p> _:b . _:b <urn:x:q> 1 } ;"
        " DELETE DATA { <urn:x:nothing> <urn:x:p> 1 }",
        allow_update=True,
        timeout=5,
    )
    assert len(list(kg.sparql("SELECT ?b WHERE { <urn:x:a> <urn:x:p> ?b . ?b ?q 1 }"))) == 1


def test_the_journal_undoes_removals_from_every_graph() -> None:
    from rdflib import Dataset, URIRef

    from spasmgraph.backends.memory import DeadlineMemory

    data = Dataset(store=DeadlineMemory())
    a, p, b = URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("urn:x:b")
    for name in ("urn:x:g1", "urn:x:g2"):
        data.graph(URIRef(name)).add((a, p, b))
    store = data.store
    assert isinstance(store, DeadlineMemory)
    before = sorted(data.quads((None, None, None, None)))
    with pytest.raises(RuntimeError), store.atomic() as changes:
        store.remove((a, None, None), None)
        raise RuntimeError("midway")
    assert len(changes) == 2
    assert sorted(data.quads((None, None, None, None))) == before


@needs_worker
def test_update_on_oxigraph_in_memory_fits_its_time_limit() -> None:
    pytest.importorskip("pyoxigraph")
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store="oxigraph")
    before = len(kg)
    product = (  # a four-way product of the graph: far longer than the limit
        "INSERT { ?a <urn:x:p> 1 } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
        'FILTER(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l)) = "never") }'
    )
    started = time.monotonic()
    with pytest.raises(sg.QueryTimeoutError, match="half its limit"):
        kg.sparql(product, allow_update=True, timeout=1.0)
    assert time.monotonic() - started < 1.0 + 1.0
    assert len(kg) == before
    kg.sparql("INSERT { ?s <urn:x:seen> 1 } WHERE { ?s a ?c }", allow_update=True, timeout=5)
    assert len(kg) > before
