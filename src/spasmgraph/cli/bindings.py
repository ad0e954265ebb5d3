"""``--param`` values of a query read from a file, as RDF terms.

FALLBACK: this belongs in :mod:`spasmgraph.sparql.named`, which binds the parameters of
queries with a ``# param:`` header but has no rule yet for a plain query file; it stays
here, in this one place, until it moves there.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Node

    from ..index import Index

__all__ = ["file_bindings"]


def file_bindings(index: Index, path: str, text: str, params: dict[str, str]) -> dict[str, Node]:
    """RDF terms for the ``--param`` values of a query read from the file *path*.

    With a ``# summary:`` / ``# param:`` header the values are converted by declared type,
    as for named queries. Without one, each NAME must be a variable of the query;
    ``<IRI>`` binds an IRI, a value that names an entity binds its IRI, anything else
    binds a string literal.
    """
    from rdflib import Literal, URIRef

    from ..entities import resolve
    from ..errors import QueryParameterError, UnknownEntityError
    from ..sparql.named import bind_parameters, parse_named_query

    if re.search(r"^\s*#\s*summary\s*:", text, re.MULTILINE | re.IGNORECASE):
        return bind_parameters(index, parse_named_query(Path(path).stem, text), params)
    terms: dict[str, Node] = {}
    for name, value in params.items():
        if not re.search(rf"[?$]{re.escape(name)}\b", text):
            raise QueryParameterError(
                f"query file {path!r} has no variable ?{name} for --param {name}"
            )
        if value.startswith("<") and value.endswith(">"):
            terms[name] = URIRef(value[1:-1])
            continue
        try:
            terms[name] = resolve(index, value)
        except UnknownEntityError:
            terms[name] = Literal(value)
    return terms
