"""A SPARQL 1.1 Protocol client: whole queries over HTTP, typed faults, bounded retries.

It speaks to any standard server (Oxigraph server, Virtuoso, Fuseki, GraphDB, ...) with
`httpx <https://www.python-httpx.org>`_ (``pip install "spasmgraph[remote]"``), which also
does the Digest authentication Virtuoso's write endpoints need. Every fault becomes an
:class:`~spasmgraph.errors.EndpointError` subclass; a result the server cut short
(Virtuoso's ``X-SPARQL-MaxRows`` header) is a
:class:`~spasmgraph.errors.TruncatedResultError`, never a silently short answer.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from ..errors import (
    EndpointAuthError,
    EndpointError,
    EndpointUnavailableError,
    MalformedResultError,
    MissingDependencyError,
    QuerySyntaxError,
    QueryTimeoutError,
    SpasmGraphError,
    StoreError,
    TruncatedResultError,
)

__all__ = ["Endpoint", "SparqlClient"]

_RESULTS_JSON = "application/sparql-results+json"
_RETRY_STATUS = frozenset({502, 503, 504})


@dataclass(frozen=True)
class Endpoint:
    """Where a remote store lives and how to talk to it.

    >>> Endpoint.of("http://127.0.0.1:7878/query").update is None
    True
    >>> Endpoint.of({"query": "http://h/q", "update": "http://h/u"}).update
    'http://h/u'
    """

    query: str
    update: str | None = None
    graph_store: str | None = None
    auth: tuple[str, str] | None = field(default=None, repr=False)
    auth_scheme: Literal["basic", "digest"] = "basic"
    timeout: float = 30.0
    retries: int = 2
    default_graph: str | None = None

    @classmethod
    def of(
        cls, endpoint: str | Mapping[str, str], *, update: str | None = None, **options: Any
    ) -> Endpoint:
        """Build from a query URL, or a dict with ``query``, ``update`` and ``graph_store``."""
        if isinstance(endpoint, Mapping):
            unknown = sorted(set(endpoint) - {"query", "update", "graph_store"})
            if unknown or "query" not in endpoint:
                raise StoreError(
                    "endpoint= takes a URL or a dict with the keys query, update and "
                    f"graph_store (query required); got {sorted(endpoint)}"
                )
            urls = dict(endpoint)
        elif isinstance(endpoint, str):
            urls = {"query": endpoint}
        else:
            raise StoreError(f"endpoint= takes a URL, not {type(endpoint).__name__}")
        if update is not None:
            urls["update"] = update
        for key, url in urls.items():
            if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
                raise StoreError(f"the {key} endpoint must be an http(s) URL, not {url!r}")
        return cls(
            query=urls["query"],
            update=urls.get("update"),
            graph_store=urls.get("graph_store"),
            **options,
        )


class SparqlClient:
    """Sends SPARQL queries and updates to one :class:`Endpoint`; counts its requests."""

    def __init__(self, endpoint: Endpoint) -> None:
        try:
            import httpx
        except ImportError:
            raise MissingDependencyError("httpx", "remote", what="the 'sparql' store") from None
        self.endpoint = endpoint
        self.requests = 0
        """How many HTTP requests this client has sent (for the benchmarks)."""
        self.row_cap = 0
        """The row cap the server last announced (``X-SPARQL-MaxRows``), 0 before."""
        self.server: str | None = None
        """The server's ``Server`` header, once it has answered (``"Oxigraph/0.5.13"``)."""
        auth: Any = None
        if endpoint.auth is not None:
            user, password = endpoint.auth
            scheme = httpx.DigestAuth if endpoint.auth_scheme == "digest" else httpx.BasicAuth
            auth = scheme(user, password)
        self._httpx = httpx
        self._client = httpx.Client(auth=auth, timeout=endpoint.timeout, trust_env=False)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def select(self, text: str, timeout: float | None = None) -> dict[str, Any]:
        """The SPARQL JSON result of a SELECT or ASK query.

        Raises
        ------
        TruncatedResultError
            The server signalled that it cut the result short.
        """
        kind, body = self.query(text, timeout)
        if kind != "json":
            raise MalformedResultError(
                f"the server at {self.endpoint.query} sent triples for a SELECT or ASK query"
            )
        assert isinstance(body, dict)
        return body

    def query(self, text: str, timeout: float | None = None) -> tuple[str, Any]:
        """Run any query: ``("json", SPARQL JSON)`` or ``("ntriples", bytes)`` for graphs."""
        data = {"query": text}
        if self.endpoint.default_graph:
            data["default-graph-uri"] = self.endpoint.default_graph
        accept = f"{_RESULTS_JSON}, application/n-triples;q=0.9"
        response = self._send(
            self.endpoint.query, data, {"Accept": accept}, timeout, idempotent=True
        )
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type in ("application/n-triples", "text/plain", "text/turtle"):
            return "ntriples" if content_type != "text/turtle" else "turtle", response.content
        cap = response.headers.get("X-SPARQL-MaxRows")
        if cap is not None:
            self.row_cap = int(cap) if cap.strip().isdigit() else 0
            raise TruncatedResultError(
                f"the server at {self.endpoint.query} cut the result at {cap} rows "
                "(X-SPARQL-MaxRows); narrow the query, page it with LIMIT/OFFSET, or raise "
                "the server's ResultSetMaxRows"
            )
        try:
            body = json.loads(response.content)
        except ValueError:
            raise MalformedResultError(
                f"the server at {self.endpoint.query} did not send SPARQL JSON results "
                f"(Content-Type {response.headers.get('content-type')!r})"
            ) from None
        if not isinstance(body, dict) or ("results" not in body and "boolean" not in body):
            raise MalformedResultError(
                f"the server at {self.endpoint.query} sent JSON that is not a SPARQL result"
            )
        return "json", body

    def server_name(self) -> str:
        """The server's ``Server`` header, asking ``ASK {}`` if it has not answered yet.

        ``""`` when the server sends none or the question fails (the next request will
        report the fault).
        """
        if self.server is None:
            with contextlib.suppress(SpasmGraphError):
                self.select("ASK {}")
        return self.server or ""

    def post_triples(self, ntriples: bytes, graph: str | None, *, bulk: bool = False) -> None:
        """Add N-Triples through the Graph Store Protocol (POST, so existing data stays).

        One request whatever the size of *ntriples*; never retried (a retry after a
        time-out could add the triples twice, harmlessly but slowly). *bulk* asks an
        Oxigraph server for its bulk loader (``no_transaction``: faster, not atomic).

        Raises
        ------
        QueryTimeoutError
            The server did not acknowledge the triples within the endpoint's timeout.
        """
        url = self.endpoint.graph_store
        if url is None:
            raise StoreError("this remote store has no graph store URL ('graph_store')")
        where = f"graph={quote(graph, safe='')}" if graph else "default"
        if bulk:
            where += "&no_transaction"
        headers = {"Content-Type": "application/n-triples"}
        self.requests += 1
        try:
            response = self._client.post(f"{url}?{where}", content=ntriples, headers=headers)
        except self._httpx.TimeoutException:
            raise QueryTimeoutError(
                f"the graph store {url} did not acknowledge {len(ntriples):,} bytes of "
                "triples within the time limit; raise timeout="
            ) from None
        except self._httpx.HTTPError as exc:
            raise EndpointUnavailableError(
                f"cannot reach the graph store {url}: {type(exc).__name__}"
            ) from None
        self.server = response.headers.get("server", "")
        _check(response, url)

    def update(self, text: str, timeout: float | None = None) -> None:
        """Send a SPARQL update to the update endpoint."""
        url = self.endpoint.update
        if url is None:
            raise StoreError(
                "this remote store is read-only: give update_endpoint= (or an 'update' URL "
                "in endpoint=) to send updates"
            )
        self._send(url, {"update": text}, {}, timeout, idempotent=False)

    def _send(
        self,
        url: str,
        data: Mapping[str, str],
        headers: Mapping[str, str],
        timeout: float | None,
        *,
        idempotent: bool,
    ) -> Any:
        httpx = self._httpx
        tries = 1 + (self.endpoint.retries if idempotent else 0)
        for attempt in range(tries):
            self.requests += 1
            try:
                response = self._client.post(
                    url, data=data, headers=dict(headers), timeout=timeout or self.endpoint.timeout
                )
            except httpx.TimeoutException:
                raise QueryTimeoutError(
                    f"the server at {url} did not answer within the time limit; raise "
                    "timeout= or narrow the query"
                ) from None
            except httpx.HTTPError as exc:
                if attempt + 1 < tries:
                    time.sleep(0.2 * 2**attempt)
                    continue
                raise EndpointUnavailableError(
                    f"cannot reach the SPARQL endpoint {url}: {type(exc).__name__}; is the "
                    "server running and the URL right?"
                ) from None
            self.server = response.headers.get("server", "")
            if response.status_code in _RETRY_STATUS and attempt + 1 < tries:
                time.sleep(0.2 * 2**attempt)
                continue
            _check(response, url)
            return response
        raise AssertionError("unreachable")  # pragma: no cover


def _check(response: Any, url: str) -> None:
    status = response.status_code
    if status < 400:
        return
    detail = " ".join(response.text.split())[:300]
    kind = response.headers.get("X-SPASMGRAPH-Error", "")
    if kind == "QueryTimeoutError":  # a spasmgraph endpoint that stopped the query
        raise QueryTimeoutError(f"the server at {url} stopped the query at its time limit")
    if status == 403 and kind:  # a spasmgraph endpoint refusing, e.g., an update
        raise EndpointError(f"the SPARQL endpoint {url} refused: {detail}", status=status)
    if status in (401, 403):
        raise EndpointAuthError(
            f"the SPARQL endpoint {url} refused the request (HTTP {status}); check auth=",
            status=status,
        )
    if status == 400 and ("pars" in detail.lower() or "syntax" in detail.lower()):
        raise QuerySyntaxError(f"the server at {url} rejected the query: {detail}")
    raise EndpointError(
        f"the SPARQL endpoint {url} answered HTTP {status}: {detail}", status=status
    )
