"""Options several ``spasmgraph`` commands share, and the help text's common parts.

>>> p = common_options(top=False)
>>> p.parse_args(["--layers", "schema"]).layers
'schema'
"""

from __future__ import annotations

import argparse
from typing import Any

from ..backends import STORES
from .common import DEFAULT_STORE, PROG

__all__ = [
    "EXIT_STATUS",
    "VERDICTS",
    "Formatter",
    "VersionAction",
    "add_lang",
    "add_path_options",
    "common_options",
]

VERDICTS = ("supported", "mixed", "insufficient", "unsupported", "contradicted")
"""The verdicts of the bundled scale, strongest first, for ``--help`` only: the library
checks ``--min-evidence`` against the scale of the loaded graph (``sg:rank``)."""


EXIT_STATUS = (
    "Exit status: 0 ok; 1 the command ran but found nothing (no path, no query row, no "
    "search hit, nothing to draw) or found violations (validate); 2 usage or input error "
    "(bad option, unknown entity, bad query or file); 70 internal error (a bug: please "
    "report it)."
)


class Formatter(argparse.HelpFormatter):
    """Help text 100 columns wide, options aligned at column 32."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=100)


class VersionAction(argparse.Action):
    """``--version``, looked up only when asked for (package metadata is slow to import)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from .._version import version

        print(f"{PROG} {version()}")
        parser.exit()


def common_options(*, top: bool) -> argparse.ArgumentParser:
    """``--load``, ``--layers``, ``--store`` and ``--debug``, before or after the command."""
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("common options")
    group.add_argument(
        "--load",
        action="append",
        metavar="FILE",
        dest="load_top" if top else "load_sub",
        default=argparse.SUPPRESS,
        help="merge this Turtle or JSON-LD file into the graph (repeatable)",
    )
    group.add_argument(
        "--layers",
        metavar="LIST",
        default=argparse.SUPPRESS,
        help="bundled layers to load, comma-separated: schema, article, evidence, mappings "
        "(default: all)",
    )
    group.add_argument(
        "--store",
        metavar="NAME",
        choices=STORES,
        default=argparse.SUPPRESS,
        help=f"storage backend: {', '.join(STORES)} (default: {DEFAULT_STORE})",
    )
    group.add_argument(
        "--endpoint",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="with --store sparql: the SPARQL endpoint's query URL",
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the full traceback of an error",
    )
    return parser


def add_lang(p: argparse.ArgumentParser) -> None:
    """``--lang``: the language of the texts a command prints."""
    p.add_argument(
        "--lang",
        metavar="TAG",
        help="language of labels, definitions and rationales: en (default) or es; "
        "missing texts fall back to English",
    )


def add_path_options(p: argparse.ArgumentParser, *, prefix: str = "") -> None:
    """``--to``, ``--via``, ``--metapath``, ``--min-evidence`` and ``--order``."""
    p.add_argument(
        "--to",
        metavar="CLASS|ENTITY",
        help=f"{prefix}where paths end: a class or an entity (default: Treatment)",
    )
    p.add_argument(
        "--via",
        metavar="CLASS",
        action="extend",
        nargs="+",
        help=f"{prefix}classes every intermediate node must belong to (repeatable)",
    )
    p.add_argument(
        "--metapath",
        metavar="TEXT",
        help=f"{prefix}a typed pattern instead of --to/--via, e.g. "
        "'Cause -triggers-> Mechanism <-actsOn- Treatment'",
    )
    p.add_argument(
        "--min-evidence",
        metavar="VERDICT",
        help=f"{prefix}keep paths whose weakest step has at least this verdict, on the "
        f"graph's scale (bundled: {', '.join(VERDICTS)}); unassessed steps never pass, "
        "structural ones are neutral",
    )
    p.add_argument(
        "--order",
        choices=("length", "evidence"),
        help=f"{prefix}shortest first (default) or strongest evidence first",
    )
    p.add_argument(
        "--relations",
        metavar="KIND",
        action="extend",
        nargs="+",
        help=f"{prefix}relation kinds to follow (default: causal therapeutic care safety; "
        "add prognostic or structural, or say all)",
    )
