"""``spasmgraph push``: upload the graph to a SPARQL server (see :func:`spasmgraph.push`)."""

from __future__ import annotations

import argparse
import os

from .common import EXIT_OK, load_graph, note

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Upload the loaded graph (bundled layers and ``--load`` files); exit 0."""
    from ..loading import push

    kg = load_graph(args)
    endpoint = {"query": args.query_url}
    if args.update_url:
        endpoint["update"] = args.update_url
    if args.store_url:
        endpoint["graph_store"] = args.store_url
    auth = None
    if args.user:
        auth = (args.user, os.environ.get("SPASMGRAPH_PASSWORD", ""))
    sent = push(kg, endpoint, graph=args.graph, auth=auth, auth_scheme=args.auth_scheme)
    where = f"graph <{args.graph}>" if args.graph else "the default graph"
    note(f"pushed {sent} triples to {where} at {args.update_url or args.store_url}")
    return EXIT_OK
