"""SELECT and ASK results in the W3C formats, as tables, frames and in notebooks."""

from __future__ import annotations

import csv
import io
import json
import sys
import xml.etree.ElementTree as ET

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

import spasmgraph as sg
from spasmgraph.sparql import SparqlResult, serialize, serialize_boolean, to_json

SR = "{http://www.w3.org/2005/sparql-results#}"
TERMS: list[tuple[Node | None, ...]] = [
    (URIRef("https://w3id.org/spasmgraph/heat"), Literal("heat", lang="en"), Literal(2)),
    (BNode("b0"), Literal('a "quoted",\ttabbed\nline'), None),
    (None, Literal("1.5", datatype=XSD.decimal), Literal("<&>")),
]
VARS = ("x", "label", "n")


@pytest.fixture
def result() -> SparqlResult:
    return SparqlResult.from_terms(VARS, TERMS)


def _old_cli_csv(vars: tuple[str, ...], rows: list[tuple[Node | None, ...]]) -> str:
    """What the command line wrote before the formats moved into the library."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(vars)
    for terms in rows:
        writer.writerow(
            ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in terms]
        )
    return out.getvalue()


def _old_cli_tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        escaped = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype is not None:
            return f'"{escaped}"^^<{term.datatype}>'
        return f'"{escaped}"'
    return f"<{term}>"


def test_csv_is_what_the_cli_wrote(result: SparqlResult) -> None:
    text = result.serialize(format="csv")
    assert text == _old_cli_csv(VARS, TERMS)
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == list(VARS)
    assert table[2] == ["_:b0", 'a "quoted",\ttabbed\nline', ""]


def test_tsv_is_what_the_cli_wrote(result: SparqlResult) -> None:
    lines = ["\t".join(f"?{v}" for v in VARS)]
    lines += ["\t".join(_old_cli_tsv_term(t) for t in row) for row in TERMS]
    text = result.serialize(format="tsv")
    assert text == "\n".join(lines) + "\n"
    assert text.splitlines()[2].split("\t")[1] == '"a \\"quoted\\",\\ttabbed\\nline"'


def test_json_follows_the_w3c_format(result: SparqlResult) -> None:
    doc = json.loads(result.serialize("json"))
    assert doc == result.to_json() == to_json(result)
    assert doc["head"] == {"vars": list(VARS)}
    first, second, third = doc["results"]["bindings"]
    assert first == {
        "x": {"type": "uri", "value": "https://w3id.org/spasmgraph/heat"},
        "label": {"type": "literal", "value": "heat", "xml:lang": "en"},
        "n": {"type": "literal", "value": "2", "datatype": str(XSD.integer)},
    }
    assert second["x"] == {"type": "bnode", "value": "b0"} and "n" not in second
    assert "x" not in third


def test_xml_follows_the_w3c_format(result: SparqlResult) -> None:
    root = ET.fromstring(result.serialize("xml"))
    assert root.tag == f"{SR}sparql"
    assert [v.get("name") for v in root.iter(f"{SR}variable")] == list(VARS)
    rows = list(root.iter(f"{SR}result"))
    assert len(rows) == 3
    bound = {b.get("name"): b[0] for b in rows[0]}
    assert bound["x"].tag == f"{SR}uri" and bound["x"].text == str(TERMS[0][0])
    lang = bound["label"].get("{http://www.w3.org/XML/1998/namespace}lang")
    assert lang == "en"
    assert bound["n"].get("datatype") == str(XSD.integer)
    assert [b.get("name") for b in rows[1]] == ["x", "label"]  # unbound: no binding
    assert {b.get("name"): b[0].text for b in rows[1]}["label"] == 'a "quoted",\ttabbed\nline'
    assert rows[1][0][0].tag == f"{SR}bnode"
    assert {b.get("name"): b[0].text for b in rows[2]}["n"] == "<&>"


def test_ask_answers(toy: sg.KnowledgeGraph) -> None:
    answer = toy.sparql("ASK { ?x a sg:Cause }")
    assert answer is True
    assert json.loads(serialize(answer, "json")) == {"head": {}, "boolean": True}
    assert to_json(False) == {"head": {}, "boolean": False}
    root = ET.fromstring(serialize_boolean(False, "xml"))
    assert root.find(f"{SR}boolean").text == "false"  # type: ignore[union-attr]
    assert serialize(True, "csv") == serialize(True, "tsv") == "true\n"


def test_bad_formats_and_results(result: SparqlResult) -> None:
    with pytest.raises(sg.QueryParameterError, match="choose one of: json, csv, tsv, xml"):
        result.serialize("yaml")
    with pytest.raises(sg.QueryParameterError, match=r"graph\.serialize"):
        serialize(object(), "json")  # type: ignore[arg-type]


def test_query_results_round_trip_through_rdflib(toy: sg.KnowledgeGraph) -> None:
    """rdflib's own parsers read what we write, and find the same terms."""
    from rdflib.query import Result

    rows = toy.sparql("SELECT ?c ?label WHERE { ?c a sg:Cause ; rdfs:label ?label } ORDER BY ?c")
    for fmt in ("json", "xml", "csv", "tsv"):
        parsed = Result.parse(io.StringIO(rows.serialize(fmt)), format=fmt)
        got = [tuple(str(t) for t in r) for r in parsed]  # type: ignore[union-attr]
        assert got == [tuple(str(t) for t in terms) for terms in rows.term_rows()], fmt


def test_to_dataframe(toy: sg.KnowledgeGraph) -> None:
    frame = toy.sparql(
        "SELECT ?l WHERE { ?t a sg:Cause ; rdfs:label ?l } ORDER BY ?l"
    ).to_dataframe()
    assert list(frame["l"]) == ["cold", "exercise"]


def test_to_dataframe_without_pandas(result: SparqlResult, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(sg.MissingDependencyError, match=r"spasmgraph\[pandas\]") as err:
        result.to_dataframe()
    assert isinstance(err.value, ImportError)


def test_notebook_table_shows_curies(toy: sg.KnowledgeGraph) -> None:
    rows = toy.sparql("SELECT ?c ?l WHERE { ?c a sg:Cause ; rdfs:label ?l } ORDER BY ?l")
    html = rows._repr_html_()
    assert ">toy:cold</td>" in html and 'title="https://example.org/toy/cold"' in html
    assert "<td>cold</td>" in html
    assert ">https://example.org/toy/cold<" not in html


def test_notebook_table_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    from spasmgraph.sparql import results

    monkeypatch.setattr(results, "HTML_ROWS", 2)
    html = SparqlResult.from_terms(VARS, TERMS)._repr_html_()
    assert html.count("<tr>") == 1 + 2 + 1 and "1 more rows" in html


def test_text_table_shows_curies_like_the_cli(toy: sg.KnowledgeGraph) -> None:
    rows = toy.sparql("SELECT ?c ?l WHERE { ?c a sg:Cause ; rdfs:label ?l } ORDER BY ?l")
    lines = rows.to_table().splitlines()
    assert lines[0].split() == ["c", "l"] and set(lines[1]) <= {"-", " "}
    assert lines[2].split() == ["toy:cold", "cold"]
    assert rows.to_table(toy.index.curies) == rows.to_table()
    odd = SparqlResult.from_terms(VARS, TERMS).to_table()
    assert "_:b0" in odd and 'a "quoted", tabbed line' in odd
