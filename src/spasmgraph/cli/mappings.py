"""``spasmgraph mappings``: the loaded graph's mappings to other vocabularies, listed or
written as SSSOM TSV (this replaces ``python -m spasmgraph.mappings``)."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_NO_RESULT, EXIT_OK, load_graph, note, out

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """List the mappings, or write them as SSSOM TSV with ``-o``; exit 1 if there is none."""
    from ..mappings import read_mappings, to_sssom

    kg = load_graph(args)
    mappings = read_mappings(kg.graph)
    if not mappings:
        note("the loaded graph has no mapping; load the mappings layer or a mappings file")
        return EXIT_NO_RESULT
    if args.output == "-":
        sys.stdout.write(to_sssom(mappings))
    elif args.output is not None:
        from .._files import atomic_write

        written = atomic_write(args.output, to_sssom(mappings))
        note(f"wrote {len(mappings)} mappings to {written}")
    else:
        from ..reports import mappings_table

        out(mappings_table(kg.index, mappings, args.lang))
    return EXIT_OK
