"""Every store gives the same answers; persistent stores and the bundled-graph cache behave.

The API is exercised on each store in :data:`STORES` through the ``store`` fixture and the
answers are compared with those of the reference ``"memory"`` store.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDFS, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import spasmgraph as sg
from spasmgraph.backends import resolve_store
from spasmgraph.index import Index, build_index
from spasmgraph.loading import cache as _cache
from spasmgraph.loading import progress_enabled


def oxigraph_available() -> bool:
    return find_spec("pyoxigraph") is not None


DATA = Path(__file__).parent / "data"

STORES = ["memory", "oxigraph"]
needs_oxigraph = pytest.mark.skipif(not oxigraph_available(), reason="needs pyoxigraph")

_LOADED: dict[tuple[str, str], sg.KnowledgeGraph] = {}


def _load(store: str, which: str) -> sg.KnowledgeGraph:
    key = (store, which)
    if key not in _LOADED:
        if which == "toy":
            _LOADED[key] = sg.load(DATA / "toy.ttl", layers=["schema"], store=store)
        else:
            _LOADED[key] = sg.load(store=store)
    return _LOADED[key]


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest) -> str:
    name = str(request.param)
    if name == "oxigraph" and not oxigraph_available():
        pytest.skip("needs pyoxigraph and oxrdflib")
    return name


@pytest.fixture
def kg(store: str) -> sg.KnowledgeGraph:
    """The bundled graph on the store under test."""
    return _load(store, "bundled")


@pytest.fixture
def ref() -> sg.KnowledgeGraph:
    """The bundled graph on the reference (memory) store."""
    return _load("memory", "bundled")


@pytest.fixture
def toy(store: str) -> sg.KnowledgeGraph:
    return _load(store, "toy")


@pytest.fixture
def toy_ref() -> sg.KnowledgeGraph:
    return _load("memory", "toy")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SPASMGRAPH_CACHE_DIR", str(folder))
    monkeypatch.delenv("SPASMGRAPH_NO_CACHE", raising=False)
    return folder


def _rows(result: Any, unordered: Iterable[str] = ()) -> list[dict[str, Any]]:
    rows = [dict(row) for row in result]
    for row in rows:
        for name in unordered:
            if isinstance(row.get(name), str):
                row[name] = sorted(row[name].split(" "))
    return rows


def _ground(graph: Graph) -> set[tuple[Any, Any, Any]]:
    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


# --- the store names --------------------------------------------------------------------------


def test_store_names() -> None:
    assert resolve_store("memory") == "memory"
    assert resolve_store("auto") in ("memory", "oxigraph")
    assert set(sg.STORES) >= {"auto", "memory", "oxigraph"}
    with pytest.raises(sg.StoreError, match="needs endpoint"):
        sg.load(store="sparql")
    with pytest.raises(sg.StoreError, match="only for store='sparql'"):
        sg.load(store="memory", endpoint="https://example.org/sparql")
    with pytest.raises(sg.StoreError, match="unknown store 'mongo'"):
        sg.load(store="mongo")


def test_store_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPASMGRAPH_STORE", "memory")
    assert resolve_store("auto") == "memory"
    assert resolve_store("oxigraph" if oxigraph_available() else "memory") != "auto"
    monkeypatch.setenv("SPASMGRAPH_STORE", "mongo")
    with pytest.raises(sg.StoreError, match="unknown store 'mongo'"):
        resolve_store("auto")


def test_kg_reports_the_concrete_store(kg: sg.KnowledgeGraph, store: str) -> None:
    assert kg.store == store
    assert store in repr(kg)


# --- same triples, same index ---------------------------------------------------------------


def test_same_triples(kg: sg.KnowledgeGraph, ref: sg.KnowledgeGraph) -> None:
    assert len(kg) == len(ref)
    assert _ground(kg.graph) == _ground(ref.graph)


def test_same_triples_up_to_blank_nodes(toy: sg.KnowledgeGraph, toy_ref: sg.KnowledgeGraph) -> None:
    assert isomorphic(toy.graph, toy_ref.graph)


def _index_fields(index: Index) -> dict[str, Any]:
    fields = dict(vars(index))
    fields["curies"] = index.curies.prefixes
    return fields


@pytest.mark.parametrize("which", ["toy", "bundled"])
def test_same_index(store: str, which: str) -> None:
    mine = build_index(_load(store, which).backend)
    theirs = build_index(_load("memory", which).backend)
    assert _index_fields(mine) == _index_fields(theirs)


# --- entities ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["ibuprofen", "  PARACETAMOL ", "sg:intense_exercise", "Treatment", "home remedy", "ice"],
)
def test_entity(kg: sg.KnowledgeGraph, ref: sg.KnowledgeGraph, text: str) -> None:
    assert kg.entity(text) == ref.entity(text)


def test_unknown_entity_and_search(kg: sg.KnowledgeGraph, ref: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.UnknownEntityError) as mine:
        kg.entity("ibuprofin")
    with pytest.raises(sg.UnknownEntityError) as theirs:
        ref.entity("ibuprofin")
    assert str(mine.value) == str(theirs.value)
    assert kg.search("stretch") == ref.search("stretch")
    assert kg.entities("Treatment") == ref.entities("Treatment")
    assert kg.entities() == ref.entities()


# --- paths ------------------------------------------------------------------------------------

PATH_QUERIES: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("intense exercise", "Treatment"), {}),
    (("intense exercise", "Treatment"), {"via": ["Mechanism"], "max_hops": 3}),
    (("intense exercise", "Treatment"), {"order": "evidence", "limit": 7}),
    (("intense exercise", "Treatment"), {"min_evidence": "mixed"}),
    (("Cause",), {"metapath": "Cause -triggers-> Mechanism <-actsOn- Treatment"}),
    (("Cause",), {"metapath": "Cause -triggers-> Mechanism <-actsOn- Treatment", "limit": 3}),
    (("Cause",), {"metapath": "Cause -triggers-> Mechanism -leadsTo-> Mechanism"}),
    (("ice pack", "Symptom"), {"max_hops": 2}),
]


@pytest.mark.parametrize(("args", "kwargs"), PATH_QUERIES)
def test_paths(
    kg: sg.KnowledgeGraph, ref: sg.KnowledgeGraph, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    mine, theirs = kg.paths(*args, **kwargs), ref.paths(*args, **kwargs)
    assert list(mine) == list(theirs)
    assert mine.truncated == theirs.truncated
    assert str(mine) == str(theirs)


def test_paths_on_toy(toy: sg.KnowledgeGraph) -> None:
    # The hand-checked counts of tests/data/toy.ttl hold on every store.
    assert [len(toy.paths("exercise", "Treatment", max_hops=h)) for h in (2, 3, 4)] == [2, 4, 5]
    metapath = "Cause -triggers-> Mechanism <-actsOn- Treatment"
    assert len(toy.paths("Cause", metapath=metapath)) == 4
    assessed = sg.load(DATA / "toy_assessed.ttl", layers=["schema"], store=toy.store)
    assert len(assessed.paths("exercise", "Treatment", min_evidence="mixed")) == 1


# --- SPARQL and named queries -----------------------------------------------------------------

SELECTS = [
    "SELECT ?t ?label WHERE { ?t a/rdfs:subClassOf* sg:Treatment ; rdfs:label ?label }"
    " ORDER BY ?t STR(?label)",
    "SELECT ?x ?d WHERE { OPTIONAL { ?x sg:nothing ?y } BIND(1.5 AS ?d) }",
    "SELECT ?c (COUNT(?m) AS ?n) WHERE { ?c sg:triggers ?m } GROUP BY ?c ORDER BY ?c",
    "SELECT DISTINCT ?p WHERE { ?s ?p ?o } ORDER BY ?p",
    "SELECT ?s ?o WHERE { ?s sg:triggers/sg:leadsTo* ?o } ORDER BY ?s ?o",
    "SELECT ?r ?rank WHERE { ?r sg:rank ?rank } ORDER BY DESC(?rank) ?r",
    "SELECT * WHERE { sg:ibuprofen ?p ?o FILTER(!isBlank(?o)) } ORDER BY ?p ?o",
    "SELECT ?s WHERE { ?s skos:altLabel ?a FILTER(LANG(?a) = 'en') } ORDER BY ?s LIMIT 5",
]


@pytest.mark.parametrize("query", SELECTS)
def test_sparql_select(kg: sg.KnowledgeGraph, ref: sg.KnowledgeGraph, query: str) -> None:
    mine, theirs = kg.sparql(query), ref.sparql(query)
    assert mine.vars == theirs.vars
    assert _rows(mine) == _rows(theirs)
    assert mine.to_json() == theirs.to_json()


def test_sparql_bindings_ask_construct(kg: sg.KnowledgeGraph, ref: sg.KnowledgeGraph) -> None:
    query = (
        "SELECT ?m ?label WHERE { ?c sg:triggers ?m . ?m rdfs:label ?label }"
        " ORDER BY ?m STR(?label)"
    )
    cause = ref.entity("intense exercise")
    assert _rows(kg.sparql(query, c=cause)) == _rows(ref.sparql(query, c=cause))
    projected = "SELECT ?c ?m WHERE { ?c sg:triggers ?m } ORDER BY ?m"
    assert _rows(kg.sparql(projected, c=cause)) == _rows(ref.sparql(projected, c=cause))
    literal = "SELECT ?s WHERE { ?s rdfs:label ?l } ORDER BY ?s"
    label = Literal("ibuprofen", lang="en")
    assert _rows(kg.sparql(literal, l=label)) == _rows(ref.sparql(literal, l=label))
    assert kg.sparql("ASK { ?x a sg:Cause }") is ref.sparql("ASK { ?x a sg:Cause }") is True
    construct = "CONSTRUCT { ?c sg:triggers ?m } WHERE { ?c sg:triggers ?m }"
    assert set(kg.sparql(construct)) == set(ref.sparql(construct))


def test_sparql_errors_are_the_same(kg: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.QuerySyntaxError, match="unknown prefix 'nope'"):
        kg.sparql("SELECT * WHERE { ?s nope:x ?o }")
    with pytest.raises(sg.NetworkAccessError):
        kg.sparql("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


NAMED_PARAMS = {
    "cause": "intense exercise",
    "entity": "ibuprofen",
    "feature": "saddle anaesthesia",
    "mechanism": "increased muscle tension",
    "treatment": "ibuprofen",
}


@pytest.mark.parametrize("query", sg.list_queries(), ids=lambda q: q.name)
def test_named_queries(kg: sg.KnowledgeGraph, ref: sg.KnowledgeGraph, query: sg.NamedQuery) -> None:
    params = {p.name: NAMED_PARAMS[p.name] for p in query.parameters if p.required}
    if query.name == "symptoms-of-mechanism":
        params = {"mechanism": "muscle inflammation"}
    mine, theirs = kg.query(query.name, **params), ref.query(query.name, **params)
    assert mine.vars == theirs.vars
    assert len(mine) > 0
    # SPARQL leaves the order inside GROUP_CONCAT to the engine: compare those as sets.
    concatenated = re.findall(r"GROUP_CONCAT\(.*?AS\s+\?(\w+)\)", query.text, re.S)
    assert _rows(mine, unordered=concatenated) == _rows(theirs, unordered=concatenated)


def test_update_changes_count_and_index(store: str) -> None:
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store=store)
    before = len(kg)
    assert kg.entity("exercise")
    kg.sparql(
        'INSERT DATA { <https://example.org/toy/new> rdfs:label "brand new" }', allow_update=True
    )
    assert len(kg) == before + 1
    assert kg.entity("brand new").iri == "https://example.org/toy/new"
    kg.graph.remove((URIRef("https://example.org/toy/new"), None, None))
    assert len(kg) == before


NEW = URIRef("https://example.org/toy/new")


@pytest.mark.parametrize(
    "change",
    [
        lambda kg: kg.graph.add((NEW, RDFS.label, Literal("new"))),
        lambda kg: kg.graph.remove((URIRef("https://example.org/toy/exercise"), None, None)),
        lambda kg: kg.sparql(
            'INSERT DATA { <https://example.org/toy/new> rdfs:label "new" }', allow_update=True
        ),
        lambda kg: kg.sparql("DELETE WHERE { ?s rdfs:label 'exercise' }", allow_update=True),
        lambda kg: kg.graph.parse(data=f"<{NEW}> <{RDFS.label}> 'new' .", format="turtle"),
        lambda kg: kg.graph.store.remove_graph(kg.graph),
    ],
    ids=["add", "remove", "insert", "delete", "parse", "clear"],
)
def test_every_change_moves_the_revision(store: str, change: Any) -> None:
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store=store)
    before = kg.backend.revision()
    assert isinstance(before, int)
    change(kg)
    after = kg.backend.revision()
    assert after is not None and after > before


def test_index_follows_an_edit_that_keeps_the_size(store: str) -> None:
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store=store)
    size = len(kg)
    assert kg.entity("exercise").label == "exercise"
    exercise = URIRef("https://example.org/toy/exercise")
    kg.graph.remove((exercise, RDFS.label, None))
    kg.graph.add((exercise, RDFS.label, Literal("workout")))
    assert len(kg) == size  # same size: only the revision tells the index it is stale
    assert kg.entity("workout").iri == str(exercise)
    assert kg.entity("toy:exercise").label == "workout"


def test_named_query_results_are_kept_until_the_graph_changes(store: str) -> None:
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store=store)
    first = kg.query("mechanisms-of-cause", cause="exercise")
    assert kg.query("mechanisms-of-cause", cause="exercise") is first  # kept
    assert kg.query("mechanisms-of-cause", cause="toy:exercise") is first  # same binding
    other = kg.query("mechanisms-of-cause", cause="cold")
    assert other is not first and len(other) != len(first)
    kg.sparql(
        "PREFIX toy: <https://example.org/toy/> INSERT DATA { toy:exercise sg:triggers toy:new ."
        ' toy:new a sg:Mechanism ; rdfs:label "new mechanism" }',
        allow_update=True,
    )
    fresh = kg.query("mechanisms-of-cause", cause="exercise")
    assert fresh is not first and len(fresh) == len(first) + 1
    kg.refresh()
    assert kg.query("mechanisms-of-cause", cause="exercise") is not fresh


def test_named_query_cache_is_bounded(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sg.graph_base, "QUERY_CACHE_SIZE", 2)
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store=store)
    a = kg.query("mechanisms-of-cause", cause="exercise")
    kg.query("mechanisms-of-cause", cause="cold")
    kg.query("remedies-for-cause", cause="exercise")
    assert len(kg._results) == 2
    assert kg.query("mechanisms-of-cause", cause="exercise") is not a  # evicted first


def test_over_a_plain_rdflib_graph_nothing_is_kept_and_size_drives_the_index() -> None:
    graph = sg.load(DATA / "toy.ttl", layers=["schema"], store="memory").graph
    plain = Graph()
    for triple in graph:
        plain.add(triple)
    kg = sg.KnowledgeGraph(plain)  # the caller's own store, which counts no changes
    assert kg.backend.revision() is None
    first = kg.query("mechanisms-of-cause", cause="exercise")
    assert kg.query("mechanisms-of-cause", cause="exercise") is not first
    assert [dict(r) for r in kg.query("mechanisms-of-cause", cause="exercise")] == [
        dict(r) for r in first
    ]
    plain.add((NEW, RDFS.label, Literal("new")))
    assert kg.entity("new").iri == str(NEW)  # the size changed: index rebuilt


def test_time_limit(store: str) -> None:
    kg = _load(store, "toy")
    with pytest.raises(sg.QueryTimeoutError):
        kg.sparql("SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f }", timeout=0.0)


# --- networkx and evidence --------------------------------------------------------------------


def test_to_networkx(kg: sg.KnowledgeGraph, ref: sg.KnowledgeGraph) -> None:
    mine, theirs = kg.to_networkx(), ref.to_networkx()
    named = {n for n in theirs.nodes if not str(n).startswith("_:")}
    assert {n for n in mine.nodes if not str(n).startswith("_:")} == named
    assert mine.number_of_nodes() == theirs.number_of_nodes()
    assert mine.number_of_edges() == theirs.number_of_edges()

    def edges(G: Any) -> set[tuple[str, str, str]]:
        return {(u, v, k) for u, v, k in G.edges(keys=True) if u in named and v in named}

    assert edges(mine) == edges(theirs)
    for node in sorted(named)[:200]:
        a, b = mine.nodes[node], theirs.nodes[node]
        assert (a["label"], a["types"], a["iri"]) == (b["label"], b["types"], b["iri"])
    for u, v, k in sorted(edges(theirs))[:300]:
        assert mine.edges[u, v, k].get("axioms") == theirs.edges[u, v, k].get("axioms")


def test_from_networkx_round_trip(toy: sg.KnowledgeGraph, store: str) -> None:
    back = sg.from_networkx(toy.to_networkx(), store=store)
    assert back.store == store
    assert isomorphic(back.graph, toy.graph)


def test_evidence(kg: sg.KnowledgeGraph, ref: sg.KnowledgeGraph) -> None:
    for entity in ("acetaminophen", "ice pack", "intense exercise"):
        assert kg.evidence(entity) == ref.evidence(entity)
    path = ref.paths("intense exercise", "Treatment")[0]
    assert kg.evidence(path) == ref.evidence(path)
    assert kg.evidence(path.steps[0]) == ref.evidence(path.steps[0])
    assert kg.red_flags() == ref.red_flags()
    assert kg.cautions("ibuprofen") == ref.cautions("ibuprofen")


# --- loading errors -----------------------------------------------------------------------------


def test_broken_turtle_same_error(store: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\n\nex:a ex:b ex:c .\nex:d ex:e \n")
    with pytest.raises(sg.OntologyLoadError) as err:
        sg.load(bad, layers=["schema"], store=store)
    assert str(bad) in str(err.value)
    assert err.value.line == 4


def test_other_formats_and_graph_sources(store: str, tmp_path: Path) -> None:
    extra = Graph()
    extra.add((URIRef("https://example.org/x"), URIRef(str(sg_label())), Literal("extra x")))
    jsonld = tmp_path / "more.jsonld"
    jsonld.write_text(
        '{"@id": "https://example.org/y", "http://www.w3.org/2000/01/rdf-schema#label": "extra y"}'
    )
    kg = sg.load(extra, jsonld, layers=["schema"], store=store)
    assert kg.entity("extra x").iri == "https://example.org/x"
    assert kg.entity("extra y").iri == "https://example.org/y"


def sg_label() -> URIRef:
    return URIRef("http://www.w3.org/2000/01/rdf-schema#label")


# --- persistent oxigraph stores -----------------------------------------------------------------


@needs_oxigraph
def test_persistent_store_round_trip(tmp_path: Path, ref: sg.KnowledgeGraph) -> None:
    from spasmgraph.backends import manifest as _manifest
    from spasmgraph.backends import oxigraph as _oxigraph

    where = tmp_path / "db"
    first = sg.load(store="oxigraph", path=where)
    assert len(first) == len(ref)
    assert first.paths("intense exercise", "Treatment") == ref.paths(
        "intense exercise", "Treatment"
    )
    manifest = (where / _manifest.MANIFEST).read_text()
    first.graph.close()
    # Re-opening parses nothing and adds nothing.
    calls: list[str] = []
    original = _oxigraph.OxigraphBackend.load

    def spy(self: Any, item: Any, reader: Any = None) -> None:
        calls.append(item.label)
        original(self, item, reader)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_oxigraph.OxigraphBackend, "load", spy)
        again = sg.load(store="oxigraph", path=where)
        assert calls == []
        assert len(again) == len(ref)
        assert (where / _manifest.MANIFEST).read_text() == manifest
        assert _ground(again.graph) == _ground(ref.graph)
        assert again.query("remedies-for-cause", cause="intense exercise")
        # Opening the same directory twice at once is refused clearly.
        with pytest.raises(sg.StoreError, match="already open"):
            sg.load(store="oxigraph", path=where)
        again.graph.close()
        # A new source is added once, and skipped the next time.
        extra = tmp_path / "extra.ttl"
        extra.write_text(
            '<https://example.org/z> <http://www.w3.org/2000/01/rdf-schema#label> "zed" .\n'
        )
        grown = sg.load(extra, store="oxigraph", path=where)
        assert len(grown) == len(ref) + 1
        assert calls == [str(extra)]
        grown.graph.close()
        reopened = sg.load(extra, store="oxigraph", path=where)
        assert len(reopened) == len(ref) + 1
        assert calls == [str(extra)]
        reopened.graph.close()
        # Sources loaded earlier stay, even when not asked for again.
        kept = sg.load(store="oxigraph", path=where)
        assert kept.entity("zed")
        kept.graph.close()
        with pytest.raises(sg.StoreError, match="closed"):
            len(kept.graph)
    # A source whose content changed cannot be swapped in.
    extra.write_text(
        '<https://example.org/z> <http://www.w3.org/2000/01/rdf-schema#label> "zed2" .\n'
    )
    with pytest.raises(sg.StoreError, match="has changed since it was loaded"):
        sg.load(extra, store="oxigraph", path=where)


@needs_oxigraph
def test_persistent_store_refuses_foreign_directories(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(sg.StoreError, match="not a spasmgraph store"):
        sg.load(store="oxigraph", path=tmp_path)
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(sg.StoreError, match="is a file"):
        sg.load(store="oxigraph", path=file)
    with pytest.raises(sg.StoreError, match="does not persist"):
        sg.load(store="memory", path=tmp_path / "new")


# --- the bundled-graph cache ------------------------------------------------------------------


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("bundled-*.json")) if folder.exists() else []


def test_cache_is_written_then_used(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, ref: sg.KnowledgeGraph
) -> None:
    first = sg.load(store="memory")
    (written,) = _cache_files(cache_dir)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(written.with_suffix(".sha256").stat().st_mode) == 0o600
    assert first.paths("intense exercise", "Treatment") == ref.paths(
        "intense exercise", "Treatment"
    )

    def no_parse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the graph should come from the cache")

    monkeypatch.setattr("spasmgraph.kg.load_sources", no_parse)
    second = sg.load(store="memory")
    assert isomorphic(second.graph, ref.graph)
    assert dict(second.graph.namespaces()) == dict(ref.graph.namespaces())
    assert second.entity("ibuprofen") == ref.entity("ibuprofen")
    assert second.paths("intense exercise", "Treatment") == ref.paths(
        "intense exercise", "Treatment"
    )
    # Each load gets its own graph.
    second.graph.add((URIRef("https://example.org/a"), sg_label(), Literal("only here")))
    assert len(sg.load(store="memory")) == len(ref)


@needs_oxigraph
def test_oxigraph_store_is_not_cached(cache_dir: Path) -> None:
    sg.load(store="oxigraph", layers=["schema"])
    assert _cache_files(cache_dir) == []


def test_cache_key_follows_content(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sg.load(store="memory", layers=["schema"])
    (old,) = _cache_files(cache_dir)
    import spasmgraph.kg as store_module
    import spasmgraph.loading.sources as sources_module

    real = store_module.bundled_bytes

    def edited(name: str) -> bytes:
        data = real(name)
        if name == "schema.ttl":
            data += b'\n<https://example.org/new> <%s> "new" .\n' % str(sg_label()).encode()
        return data

    monkeypatch.setattr(store_module, "bundled_bytes", edited)
    monkeypatch.setattr(sources_module, "bundled_bytes", edited)
    kg = sg.load(store="memory", layers=["schema"])
    assert kg.entity("new").iri == "https://example.org/new"
    (new,) = _cache_files(cache_dir)
    assert new != old  # the stale file is replaced, never read again
    assert not old.with_suffix(".sha256").exists()


def test_cache_can_be_bypassed(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPASMGRAPH_NO_CACHE", "1")
    sg.load(store="memory", layers=["schema"])
    assert _cache_files(cache_dir) == []


def test_unwritable_cache_is_no_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated rather than chmod-ed, so that it also holds when the tests run as root.
    def refuse(*args: object, **kwargs: object) -> None:
        raise sg.OutputError(f"cannot write {str(cache_dir)!r}: permission denied")

    monkeypatch.setattr(_cache, "atomic_write", refuse)
    assert len(sg.load(store="memory", layers=["schema"])) > 0
    assert _cache_files(cache_dir) == []


def _schema_rows() -> int:
    return len(sg.load(store="memory", layers=["schema"], bundled=True))


def _cached(monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether the next schema-only load is served from the cache."""
    served = []
    real = _cache.read

    def spy(*args: Any) -> Any:
        found = real(*args)
        served.append(found is not None)
        return found

    monkeypatch.setattr(_cache, "read", spy)
    assert _schema_rows() > 0
    monkeypatch.setattr(_cache, "read", real)
    return served == [True]


def test_edited_cache_file_is_a_miss(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sg.load(store="memory", layers=["schema"])
    assert _cached(monkeypatch)
    (written,) = _cache_files(cache_dir)
    data = written.read_bytes().replace(b"ibuprofen", b"ibuprofeX")
    written.write_bytes(data.replace(b'"terms":[', b'"terms":["urn:planted",', 1))
    assert not _cached(monkeypatch)  # the integrity hash no longer matches
    written.write_bytes(b"not json")
    written.with_suffix(".sha256").write_text(hashlib.sha256(b"not json").hexdigest())
    assert not _cached(monkeypatch)


def test_planted_symlink_is_a_miss(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sg.load(store="memory", layers=["schema"])
    (written,) = _cache_files(cache_dir)
    elsewhere = cache_dir.parent / "planted.json"
    elsewhere.write_bytes(written.read_bytes())
    written.unlink()
    written.symlink_to(elsewhere)
    assert not _cache._trusted(written)
    assert not _cached(monkeypatch)  # (and the miss writes a real file in its place)
    # A cache folder that is itself a link is refused as a whole.
    real = cache_dir.parent / "real-cache"
    cache_dir.rename(real)
    cache_dir.symlink_to(real, target_is_directory=True)
    assert not _cache.trusted_dir(cache_dir)
    assert not _cached(monkeypatch)


def test_shared_cache_folder_is_a_miss(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sg.load(store="memory", layers=["schema"])
    assert _cached(monkeypatch)
    cache_dir.chmod(0o775)  # group-writable: someone else could have planted files
    assert not _cached(monkeypatch)
    cache_dir.chmod(0o700)
    (written,) = _cache_files(cache_dir)
    written.chmod(0o666)
    assert not _cache._trusted(written)
    assert not _cached(monkeypatch)


def test_cache_never_unpickles(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cache must not unpickle")

    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "loads", forbidden)
    sg.load(store="memory", layers=["schema"])
    assert _cached(monkeypatch)


# --- progress bars ------------------------------------------------------------------------------


def test_progress_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPASMGRAPH_PROGRESS", "0")
    assert progress_enabled(None) is False
    monkeypatch.setenv("SPASMGRAPH_PROGRESS", "1")
    assert progress_enabled(None) is True
    assert progress_enabled(False) is False
    monkeypatch.delenv("SPASMGRAPH_PROGRESS")
    assert progress_enabled(True) is True


def test_progress_bar_is_drawn(
    store: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("spasmgraph.loading.progress.PROGRESS_DELAY", 0.0)
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store=store, progress=True)
    assert len(kg) == len(_load("memory", "toy"))
    assert "spasmgraph: loading" in capsys.readouterr().err
    sg.load(DATA / "toy.ttl", layers=["schema"], store=store, progress=False)
    assert capsys.readouterr().err == ""


@pytest.fixture(autouse=True)
def _no_stray_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    # Tests that do not ask for cache_dir still must not write to the user's cache.
    if "SPASMGRAPH_CACHE_DIR" not in os.environ:
        monkeypatch.setenv("SPASMGRAPH_CACHE_DIR", str(tmp_path / "stray-cache"))
    yield
