"""``spasmgraph explore``: an interactive, offline HTML page of the graph, a neighbourhood,
some paths or some entities."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_NO_RESULT, EXIT_OK, CliError, load_graph, note
from .paths import find_paths

__all__ = ["run"]

_PATH_OPTIONS = ("to", "via", "metapath", "min_evidence", "order", "max_hops", "limit")


def _check(args: argparse.Namespace) -> None:
    """Usage errors, found before any work."""
    if Path(args.output).suffix.lower() not in (".html", ".htm"):
        raise CliError(f"the explorer is an HTML page: {args.output!r} must end in .html")
    if args.radius is not None and args.focus is None:
        raise CliError("--radius only applies together with --focus ENTITY")
    given = [name for name in _PATH_OPTIONS if getattr(args, name) is not None]
    if given and args.paths is None:
        options = ", ".join("--" + name.replace("_", "-") for name in given)
        raise CliError(f"{options} only apply together with --paths FROM")


def run(args: argparse.Namespace) -> int:
    """Write the page; exit 1 if ``--paths`` finds nothing to show."""
    _check(args)
    kg = load_graph(args)
    if args.focus is not None:
        radius = 1 if args.radius is None else args.radius
        explorer = kg.explore(focus=args.focus, radius=radius, lang=args.lang)
    elif args.paths is not None:
        paths = find_paths(kg, args.paths, args)
        if not paths:
            note("no path found, so nothing to show; try another --to or a larger --max-hops")
            return EXIT_NO_RESULT
        if paths.truncated:
            note(f"showing the first {len(paths)} paths; raise --limit to show more")
        explorer = kg.explore(paths=paths, lang=args.lang)
    elif args.entities:
        explorer = kg.explore(entities=args.entities, lang=args.lang)
    else:
        explorer = kg.explore(lang=args.lang)
    note(f"wrote {explorer.write(args.output)}")
    return EXIT_OK
