"""``spasmgraph info``: the version, the ontology, triple and class counts, named queries."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, load_graph, out, split_layers

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Print :func:`spasmgraph.reports.overview`; always exit 0."""
    from ..loading import LAYERS
    from ..reports import overview

    kg = load_graph(args)
    layers = split_layers(args.layers)
    found = overview(
        kg.graph,
        kg.index,
        store=kg.store,
        layers=LAYERS if layers is None else layers,
        loaded=args.load,
        lang=args.lang,
    )
    out(str(found))
    return EXIT_OK
