"""Conversions: the typed networkx view and its round trip, and file exports.

* :mod:`spasmgraph.convert.networkx`: :func:`to_networkx`, :func:`from_networkx`;
* :mod:`spasmgraph.convert.export`: :func:`flatten` (the one flattener for GraphML, GEXF
  and node-link JSON), :func:`serialize` and :func:`export` for every export format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .export import (
    EXPORT_FORMATS,
    NETWORK_FORMATS,
    RDF_FORMATS,
    SUFFIX_FORMATS,
    export,
    flatten,
    format_for,
    serialize,
    to_gexf,
    to_graphml,
    to_node_link,
)

if TYPE_CHECKING:
    from .networkx import from_networkx, to_networkx

__all__ = [
    "EXPORT_FORMATS",
    "NETWORK_FORMATS",
    "RDF_FORMATS",
    "SUFFIX_FORMATS",
    "export",
    "flatten",
    "format_for",
    "from_networkx",
    "serialize",
    "to_gexf",
    "to_graphml",
    "to_networkx",
    "to_node_link",
]


def __getattr__(name: str) -> Any:
    # The networkx view is imported on first use: the exports' names (for the command
    # line's choices) should not cost its import.
    if name in ("from_networkx", "to_networkx"):
        from . import networkx as _networkx

        return getattr(_networkx, name)
    raise AttributeError(f"module 'spasmgraph.convert' has no attribute {name!r}")
