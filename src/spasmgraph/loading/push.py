"""Upload a graph to a remote SPARQL server, blank nodes skolemized in a stable way."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from rdflib import Graph

from ..backends.http import Endpoint, SparqlClient
from ..backends.sparql import upload
from ..errors import StoreError
from .sources import Source, plan

__all__ = ["push"]


class _HasGraph(Protocol):
    @property
    def graph(self) -> Graph: ...


def push(
    data: _HasGraph | Source | Iterable[Source],
    endpoint: str | Mapping[str, str],
    *,
    update_endpoint: str | None = None,
    graph: str | None = None,
    auth: tuple[str, str] | None = None,
    auth_scheme: str = "basic",
    timeout: float = 300.0,
) -> int:
    """Upload a knowledge graph, an rdflib graph or files to a SPARQL server.

    Blank nodes become stable ``/.well-known/genid/`` IRIs
    (:mod:`spasmgraph.backends.skolem`), so provenance and evidence survive the trip and
    ``spasmgraph.load(store="sparql", ...)`` reads them back as blank nodes. The upload
    uses the Graph Store Protocol when *endpoint* names a ``graph_store`` URL, else
    batches of ``INSERT DATA`` to the update endpoint.

    Parameters
    ----------
    data : KnowledgeGraph, rdflib.Graph, path or list of paths
        What to upload.
    endpoint : str or dict
        The server's query URL, or ``{"query": …, "update": …, "graph_store": …}``.
    update_endpoint : str, optional
        The update URL (required unless *endpoint* holds one or a graph store URL).
    graph : str, optional
        Upload into this named graph instead of the default graph.

    Returns
    -------
    int
        The number of triples sent.

    Raises
    ------
    StoreError
        No update or graph-store URL; an :class:`~spasmgraph.errors.EndpointError`
        subclass for a server fault.
    """
    source = _as_graph(data)
    target = Endpoint.of(
        endpoint,
        update=update_endpoint,
        auth=auth,
        auth_scheme="digest" if auth_scheme == "digest" else "basic",
        timeout=timeout,
        retries=0,
    )
    if target.update is None and target.graph_store is None:
        raise StoreError("push() needs update_endpoint= (or an 'update' or 'graph_store' URL)")
    client = SparqlClient(target)
    try:
        return upload(client, source, graph_name=graph)
    finally:
        client.close()


def _as_graph(data: Any) -> Graph:
    if isinstance(data, Graph):
        return data
    inner = getattr(data, "graph", None)
    if isinstance(inner, Graph):
        return inner
    sources = [data] if isinstance(data, (str, os.PathLike)) else list(data)
    scratch = Graph(bind_namespaces="none")
    from ..backends.memory import RdflibBackend

    backend = RdflibBackend(scratch)
    for item in plan(sources, None, False, None):
        backend.load(item)
    return scratch
