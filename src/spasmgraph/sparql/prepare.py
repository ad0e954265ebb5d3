"""Parse SPARQL with spasmgraph's prefixes predeclared, and refuse reaching outside the graph.

:func:`prepare` parses a query or an update and checks every clause that could read
something other than the loaded graph. Without ``allow_network=True`` it refuses, with
:class:`~spasmgraph.errors.NetworkAccessError`:

* ``SERVICE`` (also ``SERVICE SILENT``) and ``LOAD``, whatever the IRI;
* ``FROM``, ``FROM NAMED``, and in updates ``USING``, ``USING NAMED`` and ``WITH``,
  unless the IRI is a local name (``urn:`` or ``tag:``).

With ``allow_network=True`` these may name ``http:`` and ``https:`` IRIs only: never
``file:`` or another scheme (load files with :func:`spasmgraph.load`). IRIs are checked
after prefixes and ``BASE`` are applied, so ``PREFIX f: <file:///>`` cannot hide one.

>>> prepare("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
spasmgraph.errors.NetworkAccessError: FROM NAMED <http://example.org/g> would fetch a graph ...
>>> prepare("INSERT { ?s ?p ?o } USING <file:///tmp/x.ttl> WHERE { ?s ?p ?o }",
...         allow_network=True)
Traceback (most recent call last):
...
spasmgraph.errors.NetworkAccessError: USING <file:///tmp/x.ttl> uses the file: scheme; ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pyparsing import ParseException
from rdflib import URIRef
from rdflib.plugins.sparql import parser as _parser
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query, Update
from rdflib.term import Node

from ..errors import NetworkAccessError, QuerySyntaxError
from ..vocab import PREFIXES
from .named import query_names

__all__ = ["LOCAL_SCHEMES", "NETWORK_SCHEMES", "prepare", "update_kind"]

LOCAL_SCHEMES = ("urn", "tag")
"""IRI schemes that only name things: a graph with such a name is never fetched."""
NETWORK_SCHEMES = ("http", "https")
"""The only schemes ``allow_network=True`` lets a query fetch."""

_PREFIX_ERROR = re.compile(r"Unknown namespace prefix\s*:\s*(\S+)")
_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_UPDATE_KINDS = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "INSERT/DELETE ... WHERE",
}


def prepare(text: str, *, allow_network: bool = False) -> Query | Update:
    """Parse *text* as a SPARQL 1.1 query or update, with spasmgraph's prefixes predeclared.

    Raises
    ------
    QuerySyntaxError
        *text* is not a string, is empty, is not SPARQL 1.1 (the message gives the line
        and column), uses an undeclared prefix, or is the name of a named query.
    NetworkAccessError
        The text would read something outside the loaded graph; see the module docstring.

    Examples
    --------
    >>> type(prepare("ASK { ?s sg:treats ?o }")).__name__
    'Query'
    >>> prepare("mechanisms-of-cause")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.QuerySyntaxError: 'mechanisms-of-cause' is the name of a named query, ...
    """
    _check_text(text)
    parsed, is_update = _parse(text)
    try:
        prepared: Query | Update = (
            translateUpdate(parsed, initNs=PREFIXES)
            if is_update
            else translateQuery(parsed, initNs=PREFIXES)
        )
    except RecursionError:
        raise QuerySyntaxError("the query nests too deeply to evaluate") from None
    except Exception as exc:  # rdflib raises bare Exceptions here
        raise _translation_error(text, exc) from None
    # After translation: prefixed names and relative IRIs are now full IRIs.
    _check_network(parsed, allow_network)
    return prepared


def update_kind(update: Update) -> str:
    """The keywords of the first operation of a parsed update, e.g. ``"INSERT DATA"``.

    >>> update_kind(prepare("CLEAR DEFAULT"))
    'CLEAR'
    """
    for operation in update.algebra:
        return _UPDATE_KINDS.get(operation.name, operation.name)
    return "an empty update"


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise QuerySyntaxError(f"a SPARQL query must be a string, not {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line, column = _line_column(text, exc.start)
        raise QuerySyntaxError(
            "the query holds a character that is not valid Unicode (a lone surrogate)",
            line=line,
            column=column,
        ) from None
    if not text.strip():
        raise QuerySyntaxError(
            "empty query; give SPARQL text such as 'SELECT ?s WHERE { ?s a sg:Cause }'"
        )


def _parse(text: str) -> tuple[Any, bool]:
    try:
        try:
            return _parser.parseQuery(text), False
        except ParseException as query_error:
            try:
                parsed = _parser.parseUpdate(text)
            except ParseException:
                raise _syntax_error(text, query_error) from None
    except RecursionError:
        raise QuerySyntaxError("the query nests too deeply to parse") from None
    if "request" not in parsed:
        raise QuerySyntaxError(
            "no query or update in the text, only prefixes or comments; "
            "add e.g. 'SELECT ?s WHERE { ?s a sg:Cause }'"
        )
    return parsed, True


def _syntax_error(text: str, error: ParseException) -> QuerySyntaxError:
    name = text.strip()
    if _NAME.fullmatch(name) and name in query_names():
        return QuerySyntaxError(
            f"{name!r} is the name of a named query, not SPARQL text; run it with "
            f"kg.query({name!r}, ...) (see sg.list_queries() for its parameters)"
        )
    return QuerySyntaxError(
        f"invalid SPARQL: {error.msg}; near {_snippet(text, error.loc)!r}",
        line=error.lineno,
        column=error.col,
    )


def _translation_error(text: str, exc: Exception) -> QuerySyntaxError:
    message = str(exc)
    prefix = _PREFIX_ERROR.search(message)
    if not prefix:
        return QuerySyntaxError(f"invalid SPARQL: {message}")
    name = prefix.group(1)
    at = text.find(f"{name}:")
    line, column = _line_column(text, at) if at >= 0 else (None, None)
    return QuerySyntaxError(
        f"unknown prefix {name!r}; declare it with PREFIX {name}: <...> "
        f"or use one of the predeclared prefixes ({', '.join(sorted(PREFIXES))})",
        line=line,
        column=column,
    )


def _line_column(text: str, at: int) -> tuple[int, int]:
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


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


def _reaches(parsed: object) -> Iterator[tuple[str, object]]:
    """(clause, IRI) of every clause that names something to read."""
    for comp in _walk(parsed):
        name = comp.name
        # dict.get: CompValue.get answers the key itself for a missing key.
        if name == "ServiceGraphPattern":
            yield "SERVICE", dict.get(comp, "term")
        elif name == "Load":
            yield "LOAD", dict.get(comp, "iri")
        elif name == "Modify" and dict.get(comp, "withClause") is not None:
            yield "WITH", dict.get(comp, "withClause")
        elif name in ("DatasetClause", "UsingClause"):
            keyword = "FROM" if name == "DatasetClause" else "USING"
            named = dict.get(comp, "named")
            if named is not None:
                yield f"{keyword} NAMED", named
            else:
                yield keyword, dict.get(comp, "default")


def _scheme(iri: object) -> str | None:
    if not isinstance(iri, URIRef):
        return None  # a variable or an unresolved name: cannot be checked
    scheme, sep, _ = str(iri).partition(":")
    return scheme.lower() if sep else None


def _check_network(parsed: object, allow_network: bool) -> None:
    for clause, iri in _reaches(parsed):
        scheme = _scheme(iri)
        always = clause in ("SERVICE", "LOAD")
        if not always and scheme in LOCAL_SCHEMES:
            continue
        if allow_network and scheme in NETWORK_SCHEMES:
            continue
        target = f"<{iri}>" if isinstance(iri, URIRef) else str(iri)
        if allow_network:
            used = f"the {scheme}: scheme" if scheme else "no IRI scheme spasmgraph can check"
            raise NetworkAccessError(
                f"{clause} {target} uses {used}; allow_network=True allows only "
                f"{' and '.join(NETWORK_SCHEMES)} IRIs, never local files: load files with "
                "spasmgraph.load(path)"
            )
        raise NetworkAccessError(f"{clause} {target} {_WHY[clause]}")


_FETCH = (
    "; pass allow_network=True (http and https only), or load it with spasmgraph.load() first"
)
_WHY = {
    "SERVICE": "would query a remote endpoint; pass allow_network=True to allow it",
    "LOAD": (
        "would fetch a document; pass allow_network=True, or load files with "
        "spasmgraph.load(path)"
    ),
    "FROM": "would fetch a graph from outside the loaded data" + _FETCH,
    "FROM NAMED": "would fetch a graph from outside the loaded data" + _FETCH,
    "USING": "would read a graph from outside the loaded data" + _FETCH,
    "USING NAMED": "would read a graph from outside the loaded data" + _FETCH,
    "WITH": "names a graph outside the loaded data" + _FETCH,
}
