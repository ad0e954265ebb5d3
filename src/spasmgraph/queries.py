"""Deprecated home of the named queries: use :mod:`spasmgraph.sparql.named`.

Kept so that ``from spasmgraph.queries import get_query, parse_named_query`` goes on
working; every name here is the same object as in :mod:`spasmgraph.sparql.named`.

>>> from spasmgraph.queries import get_query
>>> get_query("remedies-for-cause").parameters[0].name
'cause'
"""

from __future__ import annotations

from .sparql.named import (
    PARAM_TYPES,
    NamedQuery,
    Parameter,
    get_query,
    list_queries,
    parse_named_query,
)

__all__ = [
    "PARAM_TYPES",
    "NamedQuery",
    "Parameter",
    "get_query",
    "list_queries",
    "parse_named_query",
]
