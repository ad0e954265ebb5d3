"""``spasmgraph search TEXT``: fuzzy search over labels and synonyms."""

from __future__ import annotations

import argparse

from .common import EXIT_NO_RESULT, EXIT_OK, CliError, load_graph, note, out, table

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Print the hits as a table; exit 1 if there is none."""
    if args.limit < 1:
        raise CliError(f"--limit must be at least 1, not {args.limit}")
    from rdflib import URIRef

    kg = load_graph(args)
    label = kg.index.label
    hits = kg.search(args.text, limit=args.limit)
    if not hits:
        note(f"nothing matches {args.text!r}; try fewer or other words")
        return EXIT_NO_RESULT
    rows = [
        (
            f"{score:.3f}",
            label(URIRef(entity.iri), args.lang),
            entity.curie,
            ", ".join(entity.types),
        )
        for entity, score in hits
    ]
    out(table(("score", "label", "CURIE", "types"), rows))
    return EXIT_OK
