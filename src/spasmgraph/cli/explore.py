"""``spasmgraph explore``: an interactive, offline HTML page of the graph, a neighbourhood,
some paths or some entities."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_NO_RESULT, EXIT_OK, CliError, load_graph, note
from .paths import check_selection, selected_paths

__all__ = ["run"]


def _check(args: argparse.Namespace) -> None:
    """Usage errors, found before any work."""
    if Path(args.output).suffix.lower() not in (".html", ".htm"):
        raise CliError(f"the explorer is an HTML page: {args.output!r} must end in .html")
    check_selection(args)


def run(args: argparse.Namespace) -> int:
    """Write the page; exit 1 if ``--paths`` finds nothing to show."""
    _check(args)
    kg = load_graph(args)
    if args.focus is not None:
        radius = 1 if args.radius is None else args.radius
        explorer = kg.explore(focus=args.focus, radius=radius, lang=args.lang)
    elif args.paths is not None:
        paths = selected_paths(kg, args, "show")
        if paths is None:
            return EXIT_NO_RESULT
        explorer = kg.explore(paths=paths, lang=args.lang)
    elif args.entities:
        explorer = kg.explore(entities=args.entities, lang=args.lang)
    else:
        explorer = kg.explore(lang=args.lang)
    note(f"wrote {explorer.write(args.output)}")
    return EXIT_OK
