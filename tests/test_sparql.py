"""SPARQL: prefixes, rdflib-compatible rows, errors, updates on request, time limits.

Result formats are in test_sparql_results.py; network and file access in
test_sparql_safety.py.
"""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import spasmgraph as sg

DATA = Path(__file__).parent / "data"


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
    assert list(rows[0].terms) == ["t", "label", "n"]


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


# -- rows behave like rdflib's ResultRow ---------------------------------------------------

ROWS = "SELECT ?t ?label WHERE { ?t a sg:HomeRemedy ; rdfs:label ?label } ORDER BY ?label"


def test_rows_unpack_index_and_answer_by_name(toy: sg.KnowledgeGraph) -> None:
    rows = toy.sparql(ROWS)
    pairs = [(t, label) for t, label in rows]
    assert [label for _, label in pairs] == ["heat", "stretch"]
    row = rows[0]
    assert row[0] == row["t"] == row.t == pairs[0][0]
    assert row[1] == row["label"] == row.label == "heat"
    assert row[-1] == "heat" and row[:1] == (row.t,)
    assert tuple(row) == (row.t, "heat") and len(row) == 2
    assert isinstance(row, tuple)


def test_rows_keep_the_mapping_helpers(toy: sg.KnowledgeGraph) -> None:
    row = toy.sparql(ROWS)[0]
    assert row.keys() == ("t", "label")
    assert row.values() == tuple(row)
    assert row.items() == (("t", row.t), ("label", "heat"))
    assert row.asdict() == dict(row) == {"t": row.t, "label": "heat"}
    assert row.get("label") == "heat" and row.get("nope") is None and row.get("nope", 1) == 1
    assert {**row} == row.asdict()
    assert "label" in dir(row)
    assert repr(row) == f"Row(t={row.t!r}, label='heat')"


def test_rows_as_rdflib_rows(toy: sg.KnowledgeGraph) -> None:
    """The same unpacking and indexing give the same values as on rdflib's own rows."""
    ours = toy.sparql(ROWS)
    theirs = toy.graph.query(
        "PREFIX sg: <https://w3id.org/spasmgraph/> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + ROWS
    )
    for mine, other in zip(ours, theirs, strict=True):
        assert mine[0] == other[0] and mine.t == other.t  # type: ignore[index, union-attr]
        assert mine["label"] == str(other["label"])  # type: ignore[index, call-overload]


def test_unknown_names_raise_key_and_attribute_errors(toy: sg.KnowledgeGraph) -> None:
    row = toy.sparql(ROWS)[0]
    with pytest.raises(KeyError, match="no variable 'nope' in this row; it has: t, label"):
        row["nope"]
    with pytest.raises(AttributeError, match="no variable 'nope'"):
        row.nope  # noqa: B018
    with pytest.raises(IndexError):
        row[2]


def test_unbound_variables_are_none_in_every_access(toy: sg.KnowledgeGraph) -> None:
    (row,) = toy.sparql("SELECT ?x ?d WHERE { OPTIONAL { ?x sg:nothing ?y } BIND(1 AS ?d) }")
    assert row.x is None and row[0] is None and row.asdict() == {"x": None, "d": 1}
    assert row.terms["x"] is None


def test_rows_and_results_pickle(toy: sg.KnowledgeGraph) -> None:
    rows = toy.sparql(ROWS)
    again = pickle.loads(pickle.dumps(rows))
    assert again.vars == rows.vars and list(again) == list(rows)
    assert again[1].label == "stretch" and again[1].terms == rows[1].terms


def test_result_is_a_sequence(toy: sg.KnowledgeGraph) -> None:
    rows = toy.sparql(ROWS)
    assert len(rows) == 2 and rows[-1].label == "stretch"
    assert [r.label for r in rows[:1]] == ["heat"]
    assert repr(rows) == "<SparqlResult 2 rows x 2 vars: t, label>"


# -- which runner for which text ------------------------------------------------------------


def test_sparql_given_a_named_query_name_points_to_query(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.QuerySyntaxError, match=r"kg\.query\('mechanisms-of-cause', \.\.\.\)"):
        toy.sparql("mechanisms-of-cause")
    with pytest.raises(sg.QuerySyntaxError, match="invalid SPARQL"):
        toy.sparql("no-such-query")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p ?o }",
        "  prefix ex: <urn:x:> ASK { ?s ?p ?o }",
        "# a comment\nCONSTRUCT WHERE { ?s ?p ?o }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "{ ?s ?p ?o }",
    ],
)
def test_query_given_sparql_text_points_to_sparql(toy: sg.KnowledgeGraph, text: str) -> None:
    with pytest.raises(sg.QuerySyntaxError, match=r"run SPARQL text with kg\.sparql\(text\)"):
        toy.query(text)


def test_query_given_an_unknown_name_lists_the_names(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.QueryNotFoundError, match="available: article-vs-evidence"):
        toy.query("remedies for cause")
    with pytest.raises(sg.QueryNotFoundError):
        toy.query(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty query"),
        ("   \n\t", "empty query"),
        ("# only a comment", "no query or update"),
        ("PREFIX ex: <urn:x:>", "no query or update"),
        (None, "must be a string, not NoneType"),
        (b"ASK {}", "must be a string, not bytes"),
        (42, "must be a string, not int"),
        ("ASK { ?s ?p '\ud800' }", "lone surrogate"),
        ("SELECT * WHERE " + "{" * 3000 + "}" * 3000, "SPARQL|nests"),
    ],
)
def test_bad_query_text_is_a_syntax_error(
    toy: sg.KnowledgeGraph, text: object, message: str
) -> None:
    with pytest.raises(sg.QuerySyntaxError, match=message) as err:
        toy.sparql(text)  # type: ignore[arg-type]
    assert isinstance(err.value, ValueError)


# -- updates only on request ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('INSERT DATA { <urn:x:a> rdfs:label "a" }', "INSERT DATA"),
        ("DELETE WHERE { ?s rdfs:label 'heat' }", "DELETE WHERE"),
        ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "INSERT/DELETE"),
        ("CLEAR DEFAULT", "CLEAR"),
        ("DROP ALL", "DROP"),
        ("CREATE GRAPH <urn:x:g>", "CREATE"),
        ("COPY DEFAULT TO <urn:x:g>", "COPY"),
    ],
)
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_updates_are_refused_without_allow_update(store: str, text: str, kind: str) -> None:
    if store == "oxigraph":
        pytest.importorskip("pyoxigraph")
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store=store)
    before, revision = len(kg), kg.backend.revision()
    with pytest.raises(sg.QuerySyntaxError, match="pass allow_update=True") as err:
        kg.sparql(text)
    assert kind in str(err.value)
    assert len(kg) == before and kg.backend.revision() == revision


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_updates_run_with_allow_update(store: str) -> None:
    if store == "oxigraph":
        pytest.importorskip("pyoxigraph")
    kg = sg.load(DATA / "toy.ttl", layers=["schema"], store=store)
    before = len(kg)
    assert kg.sparql('INSERT DATA { <urn:x:a> rdfs:label "a" }', allow_update=True) is None
    assert len(kg) == before + 1
    assert kg.entity("a").iri == "urn:x:a"


def test_named_queries_never_update(toy: sg.KnowledgeGraph) -> None:
    from spasmgraph.sparql.named import parse_named_query

    wipe = parse_named_query("wipe", "# summary: Wipe.\nDELETE WHERE { ?s ?p ?o }")
    with pytest.raises(sg.QuerySyntaxError, match="allow_update"):
        toy.query(wipe)
