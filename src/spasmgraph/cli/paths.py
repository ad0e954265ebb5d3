"""``spasmgraph paths FROM``: typed paths as text, JSON or CSV."""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import TYPE_CHECKING

from .common import EXIT_NO_RESULT, EXIT_OK, CliError, load_graph, note, one_line, out

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph
    from ..paths import PathList

__all__ = ["PATH_OPTIONS", "check_selection", "find_paths", "run", "selected_paths"]

PATH_OPTIONS = ("to", "via", "metapath", "min_evidence", "order", "max_hops", "limit", "relations")
"""The options that only apply to a path selection (``--paths FROM``)."""


def check_selection(args: argparse.Namespace) -> None:
    """Usage errors of ``draw`` and ``explore``: options without what they apply to."""
    if args.radius is not None and args.focus is None:
        raise CliError("--radius only applies together with --focus ENTITY")
    given = [name for name in PATH_OPTIONS if getattr(args, name, None) is not None]
    if given and args.paths is None:
        options = ", ".join("--" + name.replace("_", "-") for name in given)
        raise CliError(f"{options} only apply together with --paths FROM")


def selected_paths(kg: KnowledgeGraph, args: argparse.Namespace, verb: str) -> PathList | None:
    """The paths of ``--paths FROM``, or ``None`` (with a note) when there is none."""
    paths = find_paths(kg, args.paths, args)
    if not paths:
        note(f"no path found, so nothing to {verb}; try another --to or a larger --max-hops")
        return None
    if paths.truncated:
        note(f"{verb}ing the first {len(paths)} paths; raise --limit to {verb} more")
    return paths


def find_paths(kg: KnowledgeGraph, source: str, args: argparse.Namespace) -> PathList:
    """``kg.paths`` with the path options of *args*; library warnings become notes."""
    target = args.to if args.to is not None or args.metapath is not None else "Treatment"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        paths = kg.paths(
            source,
            target,
            via=args.via,
            metapath=args.metapath,
            max_hops=4 if args.max_hops is None else args.max_hops,
            limit=1000 if args.limit is None else args.limit,
            min_evidence=args.min_evidence,
            order="evidence" if args.order == "evidence" else "length",
            relations=_kinds(args),
            budget=_budget(args),
        )
    for warning in caught:
        note(f"warning: {one_line(str(warning.message))}")
    return paths


def _budget(args: argparse.Namespace) -> int:
    from ..paths import DEFAULT_BUDGET

    budget = getattr(args, "budget", None)  # draw and explore have no --budget
    return DEFAULT_BUDGET if budget is None else int(budget)


def _kinds(args: argparse.Namespace) -> str | tuple[str, ...]:
    from ..paths import DEFAULT_RELATIONS

    kinds = tuple(getattr(args, "relations", None) or DEFAULT_RELATIONS)
    return "all" if kinds == ("all",) else kinds


def run(args: argparse.Namespace) -> int:
    """Print the paths; exit 1 if there is none."""
    from ..paths.render import to_csv, to_json, to_text

    paths = find_paths(load_graph(args), args.source, args)
    if args.format == "json":
        out(to_json(paths))
    elif args.format == "csv":
        sys.stdout.write(to_csv(paths))
    elif paths:
        out(to_text(paths, explain=args.explain))
    if paths.truncated and len(paths) == (1000 if args.limit is None else args.limit):
        note(f"showing the first {len(paths)} paths; raise --limit to see more")
    if not paths:
        note("no path found; try a larger --max-hops, fewer --via classes or another --to")
        return EXIT_NO_RESULT
    return EXIT_OK
