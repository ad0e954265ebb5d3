"""``spasmgraph export``: the graph as RDF, GraphML, GEXF or node-link JSON, written by
:func:`spasmgraph.convert.export`."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_OK, CliError, load_graph, note

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Write the file (or standard output with ``-o -``); exit 0."""
    from ..convert import export, format_for, serialize

    to_stdout = args.output == "-"
    if to_stdout and args.format is None:
        raise CliError("with -o - (standard output), name the format with --format")
    fmt = args.format or format_for(args.output)  # fails before loading on a bad suffix
    kg = load_graph(args)
    if to_stdout:
        data = serialize(kg.graph, kg.index, fmt)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    written = export(kg.graph, kg.index, args.output, fmt)
    note(f"wrote {written} ({fmt}, from {len(kg)} triples)")
    return EXIT_OK
