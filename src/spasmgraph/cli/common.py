"""What every command shares: exit codes, printing, loading the graph, small parsers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .._version import DISCLAIMER
from ..errors import SpasmGraphError

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = [
    "DEFAULT_STORE",
    "DISCLAIMER",
    "EXIT_INTERNAL",
    "EXIT_NO_RESULT",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROG",
    "CliError",
    "load_graph",
    "note",
    "one_line",
    "out",
    "parse_params",
    "split_layers",
]

PROG = "spasmgraph"
DEFAULT_STORE = "auto"

EXIT_OK = 0
"""Exit status of a command that succeeded."""
EXIT_NO_RESULT = 1
"""The command ran but found nothing (no path, no row, no match) or found violations."""
EXIT_USAGE = 2
"""A usage or input error (bad option, unknown entity or query, malformed file)."""
EXIT_INTERNAL = 70
"""An internal error: a bug in spasmgraph (``EX_SOFTWARE`` of ``sysexits.h``)."""


class CliError(SpasmGraphError):
    """A usage or input error found by the command line itself (exit status 2)."""


def out(text: str = "") -> None:
    """Print *text* on standard output."""
    print(text, file=sys.stdout)


def note(text: str) -> None:
    """Print a one-line remark (not an error) on standard error."""
    print(f"{PROG}: {text}", file=sys.stderr)


def one_line(text: str) -> str:
    """*text* with every run of whitespace, line breaks included, made one space.

    >>> one_line("a\\n  b")
    'a b'
    """
    return " ".join(str(text).split())


def split_layers(text: str | None) -> list[str] | None:
    """The layers named by ``--layers`` (``None`` means all).

    >>> split_layers("schema, article"), split_layers("all")
    (['schema', 'article'], None)
    """
    if text is None:
        return None
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise CliError("--layers needs a comma-separated list, e.g. --layers schema,article")
    if "all" in names:
        return None
    return names


def load_graph(
    args: argparse.Namespace,
    *,
    files: Sequence[str] = (),
    default_layers: Sequence[str] | None = None,
) -> KnowledgeGraph:
    """Load the bundled graph with the ``--layers`` asked for, plus *files* and ``--load``."""
    from ..kg import load

    layers = split_layers(args.layers) if args.layers is not None else default_layers
    lang = getattr(args, "lang", None)  # --lang: the language of every text printed
    if args.endpoint is not None:
        store = "sparql" if args.store in (None, "auto") else args.store
        return load(
            *files, *args.load, layers=layers, store=store, endpoint=args.endpoint, lang=lang
        )
    return load(*files, *args.load, layers=layers, store=args.store, lang=lang)


def parse_params(items: Iterable[str]) -> dict[str, str]:
    """Turn ``--param NAME=VALUE`` options into a dictionary.

    >>> parse_params(["cause=intense exercise", "verdict = mixed"])
    {'cause': 'intense exercise', 'verdict': 'mixed'}
    """
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name:
            raise CliError(
                f"--param needs NAME=VALUE, e.g. --param cause='intense exercise'; got {item!r}"
            )
        if name in params:
            raise CliError(f"--param {name} is given twice")
        params[name] = value
    return params
