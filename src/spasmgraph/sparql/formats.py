"""The W3C SPARQL 1.1 Query Results formats: JSON, CSV, TSV and XML.

These functions work on plain data (the variable names and, per row, one rdflib term or
``None`` per variable), so the library, the command line and an HTTP endpoint write
exactly the same bytes. :meth:`SparqlResult.serialize
<spasmgraph.sparql.results.SparqlResult.serialize>` is the usual way in.

Every text ends with a line break. CSV lines end with CR LF, as RFC 4180 and the W3C
CSV format ask; the other formats use LF.

>>> from rdflib import Literal, URIRef
>>> rows = [(URIRef("https://example.org/a"), Literal("a, b", lang="en"))]
>>> print(csv_text(["x", "label"], rows), end="")
x,label
https://example.org/a,"a, b"
>>> print(tsv_text(["x", "label"], rows), end="")
?x	?label
<https://example.org/a>	"a, b"@en
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "boolean_json",
    "boolean_xml",
    "csv_text",
    "json_document",
    "json_term",
    "table_text",
    "tsv_term",
    "tsv_text",
    "xml_text",
]

TermRow = Sequence[Node | None]
"""One result row: a term, or ``None`` when unbound, for each variable in order."""

FORMATS = ("json", "csv", "tsv", "xml")
"""The results formats :func:`spasmgraph.sparql.serialize` writes."""

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "xml": "application/sparql-results+xml",
}
"""The registered media type of each results format (for an HTTP ``Content-Type``)."""

_XML_NS = "http://www.w3.org/2005/sparql-results#"


def json_term(term: Node) -> dict[str, str]:
    """One bound value as a SPARQL 1.1 Query Results JSON object.

    >>> json_term(Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))
    {'type': 'literal', 'value': '1', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}
    """
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
    return out


def json_document(vars: Sequence[str], rows: Iterable[TermRow]) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON document; unbound variables are left out.

    >>> json_document(["x"], [(URIRef("urn:a"),), (None,)])["results"]
    {'bindings': [{'x': {'type': 'uri', 'value': 'urn:a'}}, {}]}
    """
    bindings = [
        {var: json_term(t) for var, t in zip(vars, row, strict=True) if t is not None}
        for row in rows
    ]
    return {"head": {"vars": list(vars)}, "results": {"bindings": bindings}}


def boolean_json(answer: bool) -> dict[str, Any]:
    """The JSON document of an ASK answer.

    >>> boolean_json(True)
    {'head': {}, 'boolean': True}
    """
    return {"head": {}, "boolean": bool(answer)}


def json_text(document: dict[str, Any]) -> str:
    """A JSON document as text: indented, UTF-8 characters kept, ending with a line break."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _csv_cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def csv_text(vars: Sequence[str], rows: Iterable[TermRow]) -> str:
    """SPARQL 1.1 Query Results CSV: IRIs and literals as bare text, blank nodes as ``_:id``.

    >>> csv_text(["x"], [(Literal("a,b"),), (None,)])
    'x\\r\\n"a,b"\\r\\n""\\r\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(vars)
    for row in rows:
        writer.writerow([_csv_cell(t) for t in row])
    return out.getvalue()


def tsv_term(term: Node | None) -> str:
    """A term as the SPARQL 1.1 TSV format writes it (Turtle / N-Triples syntax).

    >>> tsv_term(Literal("a\\tb")), tsv_term(BNode("b0")), tsv_term(None)
    ('"a\\\\tb"', '_:b0', '')
    """
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


def tsv_text(vars: Sequence[str], rows: Iterable[TermRow]) -> str:
    """SPARQL 1.1 Query Results TSV: a ``?name`` header, then one line of terms per row."""
    lines = ["\t".join(f"?{v}" for v in vars)]
    lines.extend("\t".join(tsv_term(t) for t in row) for row in rows)
    return "\n".join(lines) + "\n"


def _xml_binding(var: str, term: Node) -> str:
    if isinstance(term, URIRef):
        value = f"<uri>{escape(str(term))}</uri>"
    elif isinstance(term, BNode):
        value = f"<bnode>{escape(str(term))}</bnode>"
    else:
        attrs = ""
        if isinstance(term, Literal) and term.language:
            attrs = f" xml:lang={quoteattr(term.language)}"
        elif isinstance(term, Literal) and term.datatype:
            attrs = f" datatype={quoteattr(str(term.datatype))}"
        value = f"<literal{attrs}>{escape(str(term))}</literal>"
    return f"<binding name={quoteattr(var)}>{value}</binding>"


def xml_text(vars: Sequence[str], rows: Iterable[TermRow]) -> str:
    """SPARQL Query Results XML; unbound variables have no ``<binding>``.

    >>> print(xml_text(["x"], [(URIRef("urn:a"),)]), end="")
    <?xml version="1.0" encoding="utf-8"?>
    <sparql xmlns="http://www.w3.org/2005/sparql-results#">
      <head>
        <variable name="x"/>
      </head>
      <results>
        <result><binding name="x"><uri>urn:a</uri></binding></result>
      </results>
    </sparql>
    """
    lines = [_XML_HEAD, "  <head>"]
    lines.extend(f"    <variable name={quoteattr(v)}/>" for v in vars)
    lines += ["  </head>", "  <results>"]
    for row in rows:
        cells = "".join(_xml_binding(v, t) for v, t in zip(vars, row, strict=True) if t is not None)
        lines.append(f"    <result>{cells}</result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def boolean_xml(answer: bool) -> str:
    """The XML document of an ASK answer."""
    value = "true" if answer else "false"
    return f"{_XML_HEAD}\n  <head/>\n  <boolean>{value}</boolean>\n</sparql>\n"


def table_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Rows of cells as text columns aligned under *header* (no final line break).

    >>> print(table_text(("a", "bb"), [("xyz", "1")]))
    a    bb
    ---  --
    xyz  1
    """
    rows = list(rows)
    widths = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    lines = [line(header), line(["-" * w for w in widths])]
    lines.extend(line(row) for row in rows)
    return "\n".join(lines)


_XML_HEAD = f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="{_XML_NS}">'
