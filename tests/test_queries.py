"""Named queries: headers, parameters and answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

import spasmgraph as sg
from spasmgraph.queries import get_query, parse_named_query

DATA = Path(__file__).parent / "data"

REQUIRED = [
    "remedies-for-cause",
    "mechanisms-of-cause",
    "treatments-for-mechanism",
    "symptoms-of-mechanism",
    "entity-facts",
    "remedies-for-cause-by-evidence",
    "contradicted-claims",
    "cautions-for-treatment",
    "red-flags-by-urgency",
    "article-vs-evidence",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_required_queries_ship_with_headers(name: str) -> None:
    query = get_query(name)
    assert query.summary
    assert query.text.lstrip().startswith("#")


def test_list_is_sorted() -> None:
    names = [q.name for q in sg.list_queries()]
    assert names == sorted(names)
    assert set(REQUIRED) <= set(names)


@pytest.mark.parametrize(
    ("name", "params", "column", "expected"),
    [
        (
            "remedies-for-cause",
            {"cause": "exercise"},
            "treatmentLabel",
            ["heat", "stretch", "stretch"],
        ),
        (
            "remedies-for-cause",
            {"cause": "working out"},
            "mechanismLabel",
            ["tension", "lactate", "tension"],
        ),
        (
            "mechanisms-of-cause",
            {"cause": "toy:exercise"},
            "mechanismLabel",
            ["low oxygen", "tension", "lactate"],
        ),
        ("mechanisms-of-cause", {"cause": "cold"}, "depth", [1]),
        (
            "treatments-for-mechanism",
            {"mechanism": "tension"},
            "kind",
            ["home remedy", "home remedy"],
        ),
        ("symptoms-of-mechanism", {"mechanism": "low oxygen"}, "symptomLabel", ["pain"]),
    ],
)
def test_named_queries_on_toy(
    toy: sg.KnowledgeGraph, name: str, params: dict[str, str], column: str, expected: list[object]
) -> None:
    assert [r[column] for r in toy.query(name, **params)] == expected


def test_remedies_by_evidence_use_relation_verdicts() -> None:
    # toy_assessed.ttl grades each relation (see its header); toy.ttl grades only claims,
    # and a relation never inherits its claim's verdict.
    assessed = sg.load(DATA / "toy_assessed.ttl", layers=["schema"])
    rows = assessed.query("remedies-for-cause-by-evidence", cause="exercise")
    assert [r["verdict"] for r in rows] and all(r["verdict"] for r in rows)
    plain = sg.load(DATA / "toy.ttl", layers=["schema"])
    rows = plain.query("remedies-for-cause-by-evidence", cause="exercise")
    assert [r["verdict"] for r in rows] == [None] * len(rows)


def test_entity_facts_include_both_directions_and_provenance(toy: sg.KnowledgeGraph) -> None:
    rows = toy.query("entity-facts", entity="tension")
    directions = {r["direction"] for r in rows}
    assert directions == {"in", "out"}
    located = {r["locator"] for r in rows if r["locator"]}
    assert "Causes, item 1" in located


def test_parameters_are_bound_not_spliced(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.UnknownEntityError):
        toy.query("remedies-for-cause", cause="x } ?a ?b ?c . { ?d")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "needs parameter"),
        ({"cause": "exercise", "colour": "red"}, "takes no parameter 'colour'"),
    ],
)
def test_bad_parameters(toy: sg.KnowledgeGraph, params: dict[str, str], message: str) -> None:
    with pytest.raises(sg.QueryParameterError, match=message):
        toy.query("remedies-for-cause", **params)


def test_unknown_query_lists_available(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.QueryNotFoundError, match="available: article-vs-evidence") as err:
        toy.query("remedies")
    assert isinstance(err.value, KeyError)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * {}",
        "# param: x entity\nSELECT * {}",
        "# summary: ok\n# param: x colour bad\nSELECT * {}",
    ],
)
def test_malformed_headers_are_rejected(text: str) -> None:
    with pytest.raises(sg.QuerySyntaxError):
        parse_named_query("broken", text)


@pytest.mark.parametrize("query", sg.list_queries(), ids=lambda q: q.name)
def test_every_named_query_runs_on_bundled_graph(
    kg: sg.KnowledgeGraph, query: sg.NamedQuery
) -> None:
    params = {p.name: "intense exercise" for p in query.parameters if p.required}
    if query.name in ("treatments-for-mechanism", "symptoms-of-mechanism"):
        params = {"mechanism": "increased muscle tension"}
        if query.name == "symptoms-of-mechanism":
            params = {"mechanism": "muscle inflammation"}
    elif query.name == "cautions-for-treatment":
        params = {"treatment": "ibuprofen"}
    elif query.name == "entity-facts":
        params = {"entity": "ibuprofen"}
    elif query.name == "triage-for-feature":
        params = {"feature": "saddle anaesthesia"}
    elif query.name == "recommendations-for-treatment":
        params = {"treatment": "ibuprofen"}
    rows = kg.query(query.name, **params)
    assert len(rows) > 0, f"{query.name} returned no rows on the bundled graph"


# -- binding parameters without the facade -------------------------------------------------


def _typed(kind: str) -> sg.NamedQuery:
    return parse_named_query("typed", f"# summary: Typed.\n# param: x {kind} A value.\nASK {{}}")


def test_bind_parameters_takes_an_index_and_resolves_by_type(toy: sg.KnowledgeGraph) -> None:
    from rdflib import Literal

    from spasmgraph.sparql.named import bind_parameters
    from spasmgraph.vocab import SG

    index = toy.index
    assert bind_parameters(index, _typed("entity"), {"x": "working out"}) == {
        "x": URIRef("https://example.org/toy/exercise")
    }
    assert bind_parameters(index, _typed("class"), {"x": "Cause"}) == {"x": SG.Cause}
    assert bind_parameters(index, _typed("verdict"), {"x": "Mixed"}) == {"x": SG.Mixed}
    assert bind_parameters(index, _typed("verdict"), {"x": "sg:Supported"}) == {"x": SG.Supported}
    assert bind_parameters(index, _typed("integer"), {"x": "7"}) == {"x": Literal(7)}
    assert bind_parameters(lambda: index, _typed("string"), {"x": 7}) == {"x": Literal("7")}


@pytest.mark.parametrize(
    ("kind", "value", "error", "message"),
    [
        ("verdict", "maybe", sg.QueryParameterError, "choose one of: supported, mixed"),
        ("integer", "seven", sg.QueryParameterError, "must be an integer"),
        ("integer", True, sg.QueryParameterError, "must be an integer"),
        ("class", "Causes", sg.SpasmGraphError, "not a class of the ontology"),
        ("entity", "nothing at all", sg.UnknownEntityError, "unknown entity"),
    ],
)
def test_bad_parameter_values(
    toy: sg.KnowledgeGraph, kind: str, value: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        toy.query(_typed(kind), x=value)


def test_a_query_without_parameters_builds_no_index() -> None:
    from spasmgraph.index import Index
    from spasmgraph.sparql.named import bind_parameters

    def no_index() -> Index:
        raise AssertionError("the index was built")

    assert bind_parameters(no_index, get_query("contradicted-claims"), {}) == {}


def test_result_cache_keeps_one_revision() -> None:
    from spasmgraph.sparql.named import ResultCache

    cache = ResultCache(maxsize=2)
    cache.put("a", 1, "A")
    cache.put("b", 1, "B")
    cache.put("c", 1, "C")
    assert len(cache) == 2 and cache.get("a", 1) is None  # least recently used went first
    assert cache.get("b", 1) == "B"
    assert cache.get("b", 2) is None and len(cache) == 0  # a newer revision: all stale
    cache.put("d", None, "D")  # a store that counts no changes: nothing kept
    assert len(cache) == 0


def test_queries_module_is_the_named_module() -> None:
    import spasmgraph.queries as old
    from spasmgraph.sparql import named

    assert old.get_query is named.get_query and old.NamedQuery is named.NamedQuery
