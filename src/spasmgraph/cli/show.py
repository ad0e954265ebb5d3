"""``spasmgraph show ENTITY``: prints :func:`spasmgraph.describe.describe`."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, load_graph, out

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Print the entity report; exit 0 (an unknown entity is an input error, 2)."""
    from ..describe import describe

    kg = load_graph(args)
    out(describe(kg.index, args.entity, lang=args.lang, graph=kg.graph))
    return EXIT_OK
