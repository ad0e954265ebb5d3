"""Uploading N-Triples to a SPARQL server: chunks, one in flight, typed failures.

:func:`spasmgraph.push` and the ``"sparql"`` backend's ``load`` send their (skolemized)
triples through an :class:`Upload`: to the Graph Store Protocol endpoint when there is
one, else as ``INSERT DATA`` updates.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from rdflib import Graph

from ..errors import SpasmGraphError, StoreError
from .http import SparqlClient
from .skolem import skolem_lines

__all__ = ["GSP_CHUNK", "UPDATE_BATCH", "Upload", "chunked", "upload"]

GSP_CHUNK = 250_000
"""Triples per Graph Store Protocol ``POST`` (about 30 MB of N-Triples)."""
UPDATE_BATCH = 1000
"""Triples per ``INSERT DATA`` when the server has no graph store URL."""


def upload(client: SparqlClient, graph: Graph, *, graph_name: str | None = None) -> int:
    """Upload an rdflib *graph* skolemized; returns the number of triples sent.

    Through the Graph Store Protocol when the endpoint names one, else ``INSERT DATA``
    (see :class:`Upload`).
    """
    into = Upload(client, graph_name)
    return into.send(chunked(skolem_lines(graph), into.batch))


def chunked(lines: Iterable[str], size: int) -> Iterator[tuple[bytes, int]]:
    """N-Triples *lines* as bodies of *size* lines each: ``(bytes, lines in it)``.

    >>> list(chunked(["<a> <b> <c> .\\n"] * 3, 2))
    [(b'<a> <b> <c> .\\n<a> <b> <c> .\\n', 2), (b'<a> <b> <c> .\\n', 1)]
    """
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch).encode("utf-8"), len(batch)
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8"), len(batch)


class Upload:
    """Chunks of N-Triples sent, in order, into one graph of one server.

    Each chunk is one request: an HTTP ``POST`` of the chunk to the Graph Store Protocol
    endpoint when the client has one (:data:`GSP_CHUNK` triples: the server parses it as
    a file), else one ``INSERT DATA`` of :data:`UPDATE_BATCH` triples. One chunk is in
    flight while the caller makes the next, so parsing here and loading there overlap.
    A failure stops the upload: the error keeps its type and says how many triples had
    been uploaded and where (adding the same data again is harmless: the same triples
    and skolem IRIs).
    """

    def __init__(
        self, client: SparqlClient, graph_name: str | None, *, scratch_for: str | None = None
    ) -> None:
        self.client = client
        self.graph_name = graph_name
        self.scratch_for = scratch_for
        """The graph (``""``: the default graph) *graph_name* is a scratch copy for."""
        self.sent = 0
        """Triples the server has acknowledged."""
        self.gsp = client.endpoint.graph_store is not None
        self.batch = GSP_CHUNK if self.gsp else UPDATE_BATCH
        """How many triples each chunk should hold."""
        self.bulk = False
        """Whether the chunks go to an Oxigraph server's bulk loader (set by :meth:`send`)."""

    def send(self, chunks: Iterable[tuple[bytes, int]]) -> int:
        """Send every chunk; returns the number of triples sent.

        Raises
        ------
        SpasmGraphError
            Whatever stopped the upload (an :class:`~spasmgraph.errors.EndpointError`
            subclass for a server fault, the parser's error for bad input), its message
            ending with what had been uploaded.
        """
        pool = ThreadPoolExecutor(1, thread_name_prefix="spasmgraph-upload")
        pending: tuple[Future[None], int] | None = None
        try:
            if self.gsp:
                self.bulk = self.client.server_name().lower().startswith("oxigraph/")
            for body, count in chunks:
                if pending is not None:
                    self._settle(pending)
                pending = (pool.submit(self._post, body), count)
            if pending is not None:
                self._settle(pending)
                pending = None
        except SpasmGraphError as exc:
            self._quietly(pending)
            exc.args = (f"{exc}{self.stopped()}",)
            raise
        except Exception as exc:  # a bug, not a fault: still say what was uploaded
            self._quietly(pending)
            raise StoreError(f"{type(exc).__name__}: {exc}{self.stopped()}") from exc
        finally:
            pool.shutdown(wait=True)
        return self.sent

    def stopped(self) -> str:
        """What the error message adds: what had been uploaded, and where."""
        where = f"graph <{self.graph_name}>" if self.graph_name else "the default graph"
        if self.scratch_for is not None:
            target = f"<{self.scratch_for}>" if self.scratch_for else "the default graph"
            return (
                f" [push stopped: {target} was not changed (its one ADD update had not run "
                "or, on a server whose updates are atomic, failed whole); the "
                f"{self.sent:,} triples sent to the scratch {where} are dropped]"
            )
        return (
            f" [push stopped: the server had acknowledged {self.sent:,} triples in {where} "
            "(part of the chunk in flight may be there too); push again to complete it "
            "(the same data gives the same triples and skolem IRIs) or drop the graph]"
        )

    def _settle(self, pending: tuple[Future[None], int]) -> None:
        pending[0].result()
        self.sent += pending[1]

    def _quietly(self, pending: tuple[Future[None], int] | None) -> None:
        if pending is not None:
            with contextlib.suppress(Exception):
                self._settle(pending)

    def _post(self, body: bytes) -> None:
        if self.gsp:
            self.client.post_triples(body, self.graph_name, bulk=self.bulk)
            return
        lines = body.decode("utf-8")
        if self.graph_name:
            self.client.update(f"INSERT DATA {{ GRAPH <{self.graph_name}> {{\n{lines}}} }}")
        else:
            self.client.update(f"INSERT DATA {{\n{lines}}}")
