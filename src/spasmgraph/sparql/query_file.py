"""Parameters of a SPARQL query read from a file, turned into RDF terms.

A file with a ``# summary:`` / ``# param:`` header is a named query in all but name: its
values are converted by declared type (:func:`~spasmgraph.sparql.named.bind_parameters`).
A plain file has no declared types, so the rule is the one a user expects on a command
line: ``<IRI>`` binds that IRI, a value that names an entity of the graph binds the
entity's IRI, anything else binds a plain string literal. A parameter must name a
variable of the query either way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from .. import _check
from ..entities import resolve
from ..errors import QueryParameterError, UnknownEntityError
from .named import bind_parameters, parse_named_query

if TYPE_CHECKING:
    from rdflib.term import Node

    from ..index import Index

__all__ = ["bind_query_file"]

_HEADER = re.compile(r"^\s*#\s*summary\s*:", re.MULTILINE | re.IGNORECASE)


def bind_query_file(
    index: Index, name: str, text: str, params: Mapping[str, str]
) -> dict[str, Node]:
    """RDF terms for the string *params* of the query *text* read from the file *name*.

    Parameters
    ----------
    index : Index
        The graph's index, to resolve values that name entities.
    name : str
        The file's name, for messages (its stem names a query with a header).
    text : str
        The query text.
    params : mapping of str to str
        Parameter values as typed, e.g. on the command line.

    Raises
    ------
    InvalidArgumentError
        *name* or *text* is not a string, *params* not a mapping of strings.
    QueryParameterError
        A parameter that is not a variable of the query, or a value of the wrong type
        for a declared parameter.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from spasmgraph.backends import backend_for
    >>> from spasmgraph.index import build_index
    >>> index = build_index(backend_for(Graph()))
    >>> bind_query_file(index, "q.rq", "SELECT ?x WHERE { ?x ?p ?o }",
    ...                 {"x": "<https://example.org/a>"})
    {'x': rdflib.term.URIRef('https://example.org/a')}
    >>> bind_query_file(index, "q.rq", "SELECT ?x WHERE { ?x ?p ?o }", {"y": "1"})
    Traceback (most recent call last):
    ...
    spasmgraph.errors.QueryParameterError: query file 'q.rq' has no variable ?y for ...
    """
    name = _check.text(name, "name")
    text = _check.text(text, "text")
    params = _check.string_map(params, "params")
    if _HEADER.search(text):
        stem = re.sub(r"\.rq$", "", name.replace("\\", "/").rpartition("/")[2])
        return bind_parameters(index, parse_named_query(stem, text), dict(params))
    terms: dict[str, Node] = {}
    for key, value in params.items():
        if not re.search(rf"[?$]{re.escape(key)}\b", text):
            raise QueryParameterError(
                f"query file {name!r} has no variable ?{key} for parameter {key!r}"
            )
        if value.startswith("<") and value.endswith(">"):
            terms[key] = URIRef(value[1:-1])
            continue
        try:
            terms[key] = resolve(index, value)
        except UnknownEntityError:
            terms[key] = Literal(value)
    return terms
