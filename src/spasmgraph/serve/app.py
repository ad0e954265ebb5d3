"""The ASGI application (Starlette) and :func:`serve`, which runs it with uvicorn.

Routes:

``GET|POST /sparql`` and ``/``
    The SPARQL 1.1 Protocol. Without a query: the query page for a browser, else the
    service description (Turtle, N-Triples, JSON-LD or RDF/XML).
``GET /queries``
    The named queries as JSON: name, summary, parameters, SPARQL text.
``GET /queries/{name}?param=value``
    One named query, parameters bound as RDF terms by the library.

Starlette and uvicorn are the ``serve`` extra: ``pip install "spasmgraph[serve]"``.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import MissingDependencyError
from .config import ServeConfig, ServeConfigError
from .endpoint import Endpoint
from .execute import TRUNCATED_HEADER
from .middleware import AccessLog, SecurityHeaders
from .protocol import Reply

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["create_app", "serve"]

_EXPOSED = (TRUNCATED_HEADER, "X-SPARQL-MaxRows", "X-SPASMGRAPH-Error", "Retry-After")
log = logging.getLogger("spasmgraph.serve")


def create_app(kg: KnowledgeGraph, *, config: ServeConfig | None = None) -> Any:
    """The ASGI application serving *kg*, for uvicorn, hypercorn or gunicorn's uvicorn worker.

    The graph is served as it is when the application starts (its worker processes are
    forked then): later changes to *kg* are not seen. Run one server process per
    application (the worker processes give the parallelism).

    Raises
    ------
    MissingDependencyError
        Starlette is not installed (``pip install "spasmgraph[serve]"``).
    ServeConfigError
        *kg* is not a knowledge graph, or *config* is not a :class:`ServeConfig`.
    """
    _check(kg, config)
    config = ServeConfig() if config is None else config
    try:
        from starlette.applications import Starlette
    except ImportError:
        raise MissingDependencyError("starlette", "serve", what="the SPARQL endpoint") from None
    endpoint = Endpoint(kg, config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        await endpoint.start()
        try:
            yield
        finally:
            await endpoint.close()

    app = Starlette(routes=_routes(endpoint), middleware=_middleware(config), lifespan=lifespan)
    app.state.endpoint = endpoint
    return app


def _check(kg: object, config: object) -> None:
    from ..graph import KnowledgeGraph

    if not isinstance(kg, KnowledgeGraph):
        raise ServeConfigError(
            f"serve a KnowledgeGraph (from spasmgraph.load()), not {type(kg).__name__}"
        )
    if config is not None and not isinstance(config, ServeConfig):
        raise ServeConfigError(f"config must be a ServeConfig, not {type(config).__name__}")


def _routes(endpoint: Endpoint) -> list[Any]:
    """The routes, each a thin adapter from Starlette to an :class:`Endpoint` handler."""
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    def respond(reply: Reply) -> Response:
        return Response(reply.body, reply.status, dict(reply.headers), reply.content_type)

    async def protocol(request: Request) -> Response:
        url = str(request.url).split("?", 1)[0]
        reply = await endpoint.sparql(
            request.method, request.headers, request.scope["query_string"], request.receive, url
        )
        return respond(reply)

    async def named(request: Request) -> Response:
        name = request.path_params["name"]
        query = request.scope["query_string"]
        return respond(await endpoint.named(name, request.headers, query, request.receive))

    async def listing(request: Request) -> Response:
        return respond(endpoint.list_named())

    return [
        Route("/", protocol, methods=["GET", "POST"]),
        Route("/sparql", protocol, methods=["GET", "POST"]),
        Route("/queries", listing, methods=["GET"]),
        Route("/queries/{name}", named, methods=["GET"]),
    ]


def _middleware(config: ServeConfig) -> list[Any]:
    """Access log outermost, then safe headers, then CORS (only with an allow-list)."""
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware

    middleware = [Middleware(AccessLog), Middleware(SecurityHeaders)]
    if config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                allow_credentials=False,
                expose_headers=list(_EXPOSED),
                max_age=600,
            )
        )
    return middleware


def serve(
    kg: KnowledgeGraph,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float = 10.0,
    max_rows: int = 100_000,
    max_concurrent: int = 64,
    max_request_bytes: int = 1 << 20,
    workers: int | None = None,
    body_timeout: float = 10.0,
    cors_origins: Sequence[str] = (),
    cache_size: int = 256,
    log_level: str = "info",
) -> None:
    """Serve *kg* as a read-only SPARQL 1.1 endpoint until interrupted (Ctrl-C).

    Listens on loopback by default; pass ``host="0.0.0.0"`` to accept other machines.
    See :class:`~spasmgraph.serve.config.ServeConfig` for the limits. Access log lines
    (Combined Log Format) go to the ``spasmgraph.serve.access`` logger, on standard
    error unless you configure logging yourself.

    Raises
    ------
    MissingDependencyError
        Starlette or uvicorn is not installed (``pip install "spasmgraph[serve]"``).
    ServeConfigError
        A setting is out of range, or *kg* is not a knowledge graph.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> sg.serve("not a graph")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.ServeConfigError: serve a KnowledgeGraph (from ...), not str
    """
    options: dict[str, Any] = {} if workers is None else {"workers": workers}
    config = ServeConfig(
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        max_concurrent=max_concurrent,
        max_request_bytes=max_request_bytes,
        body_timeout=body_timeout,
        cors_origins=tuple(cors_origins),
        cache_size=cache_size,
        **options,
    )
    app = create_app(kg, config=config)
    _run_uvicorn(app, config, log_level)


def _run_uvicorn(app: Any, config: ServeConfig, log_level: str) -> None:
    try:
        import uvicorn
    except ImportError:
        raise MissingDependencyError("uvicorn", "serve", what="spasmgraph serve") from None
    _log_to_stderr()
    if not config.loopback:
        log.warning("listening on %s: other machines can reach this endpoint", config.host)
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        log_level=log_level,
        access_log=False,  # ours is in Combined Log Format
        server_header=False,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,  # then running queries are cancelled, workers killed
        limit_concurrency=4 * config.max_concurrent + 64,
    )


def _log_to_stderr() -> None:
    for name, form in (
        ("spasmgraph.serve.access", "%(message)s"),
        ("spasmgraph.serve", "spasmgraph serve: %(levelname)s: %(message)s"),
    ):
        logger = logging.getLogger(name)
        if not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(form))
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False
