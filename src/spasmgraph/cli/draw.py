"""``spasmgraph draw``: a diagram of an entity's neighbourhood, some paths, the schema or
everything, written to a file whose suffix picks the format."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_NO_RESULT, EXIT_OK, CliError, load_graph, note
from .paths import find_paths

__all__ = ["run"]

_PATH_OPTIONS = ("to", "via", "metapath", "min_evidence", "order", "max_hops", "limit")


def _check(args: argparse.Namespace) -> None:
    """Usage errors, found before any work."""
    from ..diagram import FORMATS

    suffixes = [f".{fmt}" for fmt in FORMATS]
    if Path(args.output).suffix.lower() not in suffixes:
        raise CliError(
            f"cannot tell the diagram format from {args.output!r}; "
            f"the file name must end in one of: {', '.join(suffixes)}"
        )
    if args.radius is not None and args.focus is None:
        raise CliError("--radius only applies together with --focus ENTITY")
    given = [name for name in _PATH_OPTIONS if getattr(args, name) is not None]
    if given and args.paths is None:
        options = ", ".join("--" + name.replace("_", "-") for name in given)
        raise CliError(f"{options} only apply together with --paths FROM")


def run(args: argparse.Namespace) -> int:
    """Write the diagram; exit 1 if ``--paths`` finds nothing to draw."""
    _check(args)
    kg = load_graph(args)
    if args.focus is not None:
        radius = 1 if args.radius is None else args.radius
        diagram = kg.diagram(focus=args.focus, radius=radius, title=args.title)
    elif args.paths is not None:
        paths = find_paths(kg, args.paths, args)
        if not paths:
            note("no path found, so nothing to draw; try another --to or a larger --max-hops")
            return EXIT_NO_RESULT
        if paths.truncated:
            note(f"drawing the first {len(paths)} paths; raise --limit to draw more")
        diagram = kg.diagram(paths=paths, title=args.title)
    else:
        diagram = kg.diagram(schema=bool(args.schema), title=args.title)
    note(f"wrote {diagram.write(args.output)}")
    return EXIT_OK
