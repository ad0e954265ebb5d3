"""SPARQL 1.1 with the project's prefixes predeclared and no network access by default.

Before a query runs it is parsed, and anything that would reach outside the loaded graph is
refused with :class:`~spasmgraph.errors.NetworkAccessError` unless the caller passes
``allow_network=True``: ``SERVICE`` (also ``SERVICE SILENT``), ``FROM`` / ``FROM NAMED``
with a remote or ``file:`` IRI, and ``LOAD``.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> rows = kg.sparql("SELECT ?label WHERE { sg:ibuprofen rdfs:label ?label }")
>>> rows[0]["label"]
'ibuprofen'
>>> kg.sparql("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
spasmgraph.errors.NetworkAccessError: SERVICE <http://example.org/sparql> would query a remote ...
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import parser as _parser
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query, Update
from rdflib.term import Node

from .backends.base import Backend, UnsupportedQueryError
from .backends.deadline import DEFAULT_TIMEOUT, deadline
from .errors import NetworkAccessError, QuerySyntaxError
from .vocab import PREFIXES

if TYPE_CHECKING:
    import pandas

__all__ = ["Row", "SparqlResult", "prepare", "run"]


_LOCAL_SCHEMES = ("urn", "tag")


class Row(Mapping[str, Any]):
    """One result row: variable name → plain Python value, or rdflib term for IRIs.

    Literals become Python values (``str``, ``int``, ``Decimal``, ``bool``, dates); IRIs stay
    :class:`rdflib.URIRef` (a ``str`` subclass); unbound variables are ``None``. The
    original terms are in :attr:`terms`.
    """

    __slots__ = ("_values", "terms")

    def __init__(self, terms: Mapping[str, Node | None]) -> None:
        self.terms = dict(terms)
        self._values = {k: _plain(v) for k, v in self.terms.items()}

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({self._values!r})"


def _plain(term: Node | None) -> Any:
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return term


class SparqlResult(Sequence[Row]):
    """Rows of a SELECT query, in the order the query produced them.

    Attributes
    ----------
    vars : tuple of str
        The projected variable names.
    """

    def __init__(self, vars: Sequence[str], rows: Sequence[Row]) -> None:
        self.vars = tuple(vars)
        self._rows = list(rows)

    def __getitem__(self, i: Any) -> Any:
        return self._rows[i]

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"<SparqlResult {len(self)} rows x {len(self.vars)} vars: {', '.join(self.vars)}>"

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a :class:`pandas.DataFrame`; needs ``pip install spasmgraph[pandas]``."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_dataframe() needs pandas: pip install 'spasmgraph[pandas]'"
            ) from exc
        return pd.DataFrame(
            [[r.get(v) for v in self.vars] for r in self._rows], columns=list(self.vars)
        )

    def to_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document for these rows."""
        bindings = []
        for row in self._rows:
            out: dict[str, Any] = {}
            for var, term in row.terms.items():
                if term is not None:
                    out[var] = _json_term(term)
            bindings.append(out)
        return {"head": {"vars": list(self.vars)}, "results": {"bindings": bindings}}

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{escape(v)}</th>" for v in self.vars)
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{escape('' if r.get(v) is None else str(r.get(v)))}</td>" for v in self.vars
            )
            + "</tr>"
            for r in self._rows
        )
        return (
            f"<table class='spasmgraph-sparql'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


_PREFIX_ERROR = re.compile(r"Unknown namespace prefix\s*:\s*(\S+)")


def _position(text: str, needle: str) -> tuple[int | None, int | None]:
    at = text.find(needle)
    if at < 0:
        return None, None
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return line, column


def prepare(text: str, *, allow_network: bool = False) -> Query | Update:
    """Parse *text* as a SPARQL query or update, with spasmgraph's prefixes predeclared.

    Raises
    ------
    QuerySyntaxError
        The text is not SPARQL 1.1, or uses an undeclared prefix.
    NetworkAccessError
        The query would reach the network and *allow_network* is false.
    """
    if not isinstance(text, str):
        raise QuerySyntaxError(f"a SPARQL query must be a string, not {type(text).__name__}")
    parsed: Any
    try:
        parsed = _parser.parseQuery(text)
        is_update = False
    except ParseException as query_error:
        try:
            parsed = _parser.parseUpdate(text)
            is_update = True
        except ParseException:
            raise QuerySyntaxError(
                f"invalid SPARQL: {query_error.msg}; near {_snippet(text, query_error.loc)!r}",
                line=query_error.lineno,
                column=query_error.col,
            ) from None
    _check_network(parsed, allow_network)
    try:
        if is_update:
            return translateUpdate(parsed, initNs=PREFIXES)
        return translateQuery(parsed, initNs=PREFIXES)
    except Exception as exc:
        message = str(exc)
        prefix = _PREFIX_ERROR.search(message)
        if prefix:
            name = prefix.group(1)
            line, column = _position(text, f"{name}:")
            raise QuerySyntaxError(
                f"unknown prefix {name!r}; declare it with PREFIX {name}: <...> "
                f"or use one of the predeclared prefixes ({', '.join(sorted(PREFIXES))})",
                line=line,
                column=column,
            ) from None
        raise QuerySyntaxError(f"invalid SPARQL: {message}") from None


def _snippet(text: str, loc: int) -> str:
    return text[loc : loc + 25].split("\n")[0] or "end of query"


def _walk(node: object) -> Iterator[CompValue]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif hasattr(item, "asList") and not isinstance(item, (str, Node)):
            stack.extend(item)  # type: ignore[arg-type]


def _remote(iri: object) -> bool:
    scheme = str(iri).split(":", 1)[0].lower()
    return scheme not in _LOCAL_SCHEMES


def _check_network(parsed: object, allow_network: bool) -> None:
    if allow_network:
        return
    for comp in _walk(parsed):
        if comp.name == "ServiceGraphPattern":
            raise NetworkAccessError(
                f"SERVICE <{comp.get('term')}> would query a remote endpoint; "
                "pass allow_network=True to allow it"
            )
        if comp.name == "Load":
            raise NetworkAccessError(
                f"LOAD <{comp.get('iri')}> would fetch a document; pass allow_network=True, "
                "or load files with spasmgraph.load(path)"
            )
        if comp.name == "DatasetClause":
            iri = comp.get("default") or comp.get("named")
            if _remote(iri):
                raise NetworkAccessError(
                    f"FROM <{iri}> would fetch a graph from outside the loaded data; "
                    "pass allow_network=True, or load it with spasmgraph.load() first"
                )


def run(
    backend: Backend,
    query: str | Query | Update,
    bindings: Mapping[str, Node] | None = None,
    *,
    allow_network: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> SparqlResult | bool | Graph | None:
    """Run *query* on *backend*; the engine behind :meth:`KnowledgeGraph.sparql`.

    Returns a :class:`SparqlResult` for SELECT, a ``bool`` for ASK, a new
    :class:`rdflib.Graph` for CONSTRUCT and DESCRIBE, and ``None`` for updates.

    The safety checks of :func:`prepare` always run first (their outcome for a given text
    is remembered). A backend with its own engine (``capabilities.native_sparql``) then
    evaluates the query text; see :mod:`spasmgraph.backends.oxigraph` for what its time
    limit can interrupt.
    """
    prepared = _prepared(query, allow_network) if isinstance(query, str) else query
    init: dict[str, Any] = {k: v for k, v in (bindings or {}).items()}
    graph = backend.graph
    if isinstance(query, str) and backend.capabilities.native_sparql:
        if isinstance(prepared, Update):
            if not init:
                backend.update(query, prefixes=PREFIXES, timeout=timeout)
                return None
        else:
            algebra = prepared.algebra
            projected = [str(v) for v in algebra.get("PV") or ()]
            try:
                native = backend.select(
                    query, bindings=init, prefixes=PREFIXES, timeout=timeout, projected=projected
                )
            except UnsupportedQueryError:
                native = None  # rdflib's engine runs it below, over the same store
            if native is not None and native.kind == "ASK":
                return bool(native.boolean)
            if native is not None and native.kind == "CONSTRUCT":
                out = Graph()
                for prefix, ns in PREFIXES.items():
                    out.bind(prefix, ns)
                for triple in native.triples or ():
                    out.add(triple)
                return out
            if native is not None:
                # Report the variables in rdflib's order (it differs for SELECT *).
                found = list(native.vars)
                names = [v for v in projected if v in found] + [
                    v for v in found if v not in projected
                ]
                pick = [(n, found.index(n)) for n in names]
                rows = [Row({n: row[i] for n, i in pick}) for row in native.rows or ()]
                return SparqlResult(names, rows)
    with deadline(timeout):
        if isinstance(prepared, Update):
            graph.update(prepared, initBindings=init)
            return None
        result = graph.query(prepared, initBindings=init)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            out = Graph()
            for prefix, ns in PREFIXES.items():
                out.bind(prefix, ns)
            assert result.graph is not None
            for triple in result.graph:
                out.add(triple)
            return out
        names = [str(v) for v in (result.vars or [])]
        rows = [Row({n: r[i] for i, n in enumerate(names)}) for r in result]  # type: ignore[index]
    return SparqlResult(names, rows)


@functools.lru_cache(maxsize=256)
def _prepared(text: str, allow_network: bool) -> Query | Update:
    """:func:`prepare`, remembered: the checks depend on nothing but these arguments."""
    return prepare(text, allow_network=allow_network)
