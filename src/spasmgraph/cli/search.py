"""``spasmgraph search TEXT``: fuzzy search over labels and synonyms."""

from __future__ import annotations

import argparse

from .common import EXIT_NO_RESULT, EXIT_OK, CliError, load_graph, note, out

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Print :func:`spasmgraph.reports.hits_table`; exit 1 if nothing matches."""
    if args.limit < 1:
        raise CliError(f"--limit must be at least 1, not {args.limit}")
    from ..reports import hits_table

    kg = load_graph(args)
    hits = kg.search(args.text, limit=args.limit, lang=args.lang)
    if not hits:
        note(f"nothing matches {args.text!r}; try fewer or other words")
        return EXIT_NO_RESULT
    out(hits_table((e.curie, e.label, e.types, score) for e, score in hits))
    return EXIT_OK
