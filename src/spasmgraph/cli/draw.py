"""``spasmgraph draw``: a diagram of an entity's neighbourhood, some paths, the schema or
everything, written to a file whose suffix picks the format."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_NO_RESULT, EXIT_OK, CliError, load_graph, note
from .paths import check_selection, selected_paths

__all__ = ["run"]


def _check(args: argparse.Namespace) -> None:
    """Usage errors, found before any work."""
    from ..diagram import FORMATS

    suffixes = [f".{fmt}" for fmt in FORMATS]
    if Path(args.output).suffix.lower() not in suffixes:
        raise CliError(
            f"cannot tell the diagram format from {args.output!r}; "
            f"the file name must end in one of: {', '.join(suffixes)}"
        )
    check_selection(args)


def run(args: argparse.Namespace) -> int:
    """Write the diagram; exit 1 if ``--paths`` finds nothing to draw."""
    _check(args)
    kg = load_graph(args)
    if args.focus is not None:
        radius = 1 if args.radius is None else args.radius
        diagram = kg.diagram(focus=args.focus, radius=radius, title=args.title)
    elif args.paths is not None:
        paths = selected_paths(kg, args, "draw")
        if paths is None:
            return EXIT_NO_RESULT
        diagram = kg.diagram(paths=paths, title=args.title)
    else:
        diagram = kg.diagram(schema=bool(args.schema), title=args.title)
    note(f"wrote {diagram.write(args.output)}")
    return EXIT_OK
