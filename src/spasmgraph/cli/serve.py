"""``spasmgraph serve``: the graph as a read-only SPARQL 1.1 endpoint (:mod:`spasmgraph.serve`)."""

from __future__ import annotations

import argparse
from typing import Any

from .common import EXIT_OK, load_graph, note

__all__ = ["run"]

_LIMITS = (
    "timeout",
    "max_rows",
    "max_concurrent",
    "max_request_bytes",
    "workers",
    "body_timeout",
    "cache_size",
)


def run(args: argparse.Namespace) -> int:
    """Load the graph and serve it until interrupted."""
    from ..serve import ServeConfig, serve

    options: dict[str, Any] = {
        name: getattr(args, name) for name in _LIMITS if getattr(args, name) is not None
    }
    # Check the settings before the (slower) load.
    ServeConfig(host=args.host, port=args.port, cors_origins=tuple(args.cors_origin), **options)
    kg = load_graph(args)
    note(
        f"serving {len(kg)} triples at http://{_host(args.host)}:{args.port}/sparql "
        "(read-only; Ctrl-C stops)"
    )
    serve(kg, args.host, args.port, cors_origins=args.cors_origin, **options)
    return EXIT_OK


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
