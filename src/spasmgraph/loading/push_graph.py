"""Upload a graph to a remote SPARQL server, blank nodes skolemized in a stable way.

Files are read with Oxigraph's parsers when pyoxigraph is installed (Turtle, N-Triples,
RDF/XML) and streamed: the triples without a blank node go out in chunks as they are
parsed, while the server loads the previous chunk; the triples that touch a blank node
are kept (as N-Triples text) until every source is read, then named
(:mod:`spasmgraph.backends.skolem`) and sent. Other formats, URLs, rdflib graphs and
knowledge graphs go through rdflib.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from rdflib import Graph

from ..backends import fastparse
from ..backends.base import SourceItem
from ..backends.http import Endpoint, SparqlClient
from ..backends.rdflib_parse import checked_bytes, parse_item
from ..backends.skolem import Skolemizer
from ..backends.upload import Upload, chunked
from ..errors import OntologyLoadError, SpasmGraphError, StoreError
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
    atomic: bool = False,
) -> int:
    """Upload a knowledge graph, an rdflib graph or files to a SPARQL server.

    Blank nodes become stable ``/.well-known/genid/`` IRIs
    (:mod:`spasmgraph.backends.skolem`) that ``spasmgraph.load(store="sparql")`` reads back
    as blank nodes. A ``graph_store`` URL in *endpoint* sends the triples through the
    Graph Store Protocol (:mod:`spasmgraph.backends.upload`), else ``INSERT DATA``.

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
    timeout : float
        Seconds each request may take.
    atomic : bool
        Upload into a scratch graph first, then ``ADD`` it to the target in one update
        and drop it: a push that fails leaves the target as it was. Needs an update URL;
        the server copies every triple once more.

    Returns
    -------
    int
        The number of triples sent.

    Raises
    ------
    StoreError
        No update or graph-store URL; an :class:`~spasmgraph.errors.EndpointError`
        subclass for a server fault; :class:`~spasmgraph.errors.OntologyLoadError` for a
        bad source. Once the upload began, the message ends with what had been uploaded.
    """
    scheme = "digest" if auth_scheme == "digest" else "basic"
    target = Endpoint.of(
        endpoint, update=update_endpoint, auth=auth, auth_scheme=scheme, timeout=timeout, retries=0
    )
    _check_target(target, atomic)
    client = SparqlClient(target)
    try:
        if atomic:
            return _atomic(client, data, graph)
        into = Upload(client, graph)
        return into.send(_chunks(data, into.batch))
    finally:
        client.close()


def _check_target(target: Endpoint, atomic: bool) -> None:
    if target.update is None and target.graph_store is None:
        raise StoreError("push() needs update_endpoint= (or an 'update' or 'graph_store' URL)")
    if atomic and target.update is None:
        raise StoreError("push(atomic=True) needs an update URL, for the final ADD")


def _atomic(client: SparqlClient, data: Any, graph: str | None) -> int:
    """Upload into a scratch graph, ``ADD`` it to *graph* in one update, drop it."""
    scratch = f"urn:spasmgraph:push:{uuid.uuid4().hex}"
    into = Upload(client, scratch, scratch_for=graph or "")
    try:
        sent = into.send(_chunks(data, into.batch))
        try:
            client.update(f"ADD <{scratch}> TO {f'<{graph}>' if graph else 'DEFAULT'}")
        except SpasmGraphError as exc:
            exc.args = (f"{exc}{into.stopped()}",)
            raise
        return sent
    finally:
        with contextlib.suppress(SpasmGraphError):
            client.update(f"DROP SILENT GRAPH <{scratch}>")


def _chunks(data: Any, size: int) -> Iterator[tuple[bytes, int]]:
    """N-Triples bodies of about *size* triples each, blank nodes skolemized."""
    sk = Skolemizer()
    graph = data if isinstance(data, Graph) else getattr(data, "graph", None)
    if isinstance(graph, Graph):
        yield from chunked(sk.split(graph), size)
    else:
        sources = [data] if isinstance(data, (str, os.PathLike)) else list(data)
        for number, item in enumerate(plan(sources, None, False, None)):
            if _native(item):
                yield from _parsed(item, f"_:d{number}.", sk, size)
            else:
                scratch = Graph(bind_namespaces="none")
                parse_item(scratch, item)
                yield from chunked(sk.split(scratch), size)
    yield from chunked(sk.lines(), size)


def _native(item: SourceItem) -> bool:
    return (
        fastparse.NATIVE_NAMES.get(item.fmt) is not None
        and item.url is None
        and item.graph is None
        and fastparse.available()
    )


def _parsed(item: SourceItem, label: str, sk: Skolemizer, size: int) -> Iterator[tuple[bytes, int]]:
    """One file parsed by Oxigraph: bodies of the triples without a blank node, the others
    kept in *sk* (their blank nodes relabelled *label*…, unique to this document)."""
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, fastparse.NATIVE_NAMES[item.fmt])
    data = checked_bytes(item, tokens=False)  # RDF/XML's entity checks
    source: dict[str, Any] = {"input": data} if data is not None else {"path": str(item.path)}
    blank = ox.BlankNode

    def name(term: Any) -> str:
        return label + str(term)[2:] if type(term) is blank else str(term)

    def plain() -> Iterator[Any]:
        for quad in ox.parse(**source, format=fmt, base_iri=fastparse.base_iri(item)):
            s, o = quad.subject, quad.object
            if type(s) is blank or type(o) is blank:
                sk.add(name(s), str(quad.predicate), name(o))
            else:
                yield quad

    quads = plain()
    try:
        while body := ox.serialize(itertools.islice(quads, size), format=ox.RdfFormat.N_TRIPLES):
            yield body, body.count(b"\n")
    except SyntaxError as exc:
        raise fastparse.syntax_error(exc, item, fmt.name) from None
    except (OSError, ValueError) as exc:
        text = " ".join(str(exc).split())
        if isinstance(exc, FileNotFoundError):
            text = "no such file; check the path"
        raise OntologyLoadError(item.label, text[:300]) from None
