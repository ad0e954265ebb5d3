"""The entry point: parse the arguments, run the command, turn errors into exit codes.

Exit status
    ``0`` success; ``1`` the command ran but found nothing (no path, no query row, no
    search hit, nothing to draw) or found violations (``validate``); ``2`` a usage or input
    error, reported as one line ``spasmgraph: error: <message>`` on standard error (add
    ``--debug`` for the traceback); ``70`` an internal error, which is a bug in spasmgraph
    (one line too, asking for a report); ``130`` interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
import traceback
from collections.abc import Callable

from ..errors import SpasmGraphError
from .common import DEFAULT_STORE, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, PROG, note, one_line
from .parser import build_parser

__all__ = ["main", "run_command"]


def _finish_namespace(args: argparse.Namespace) -> None:
    """Merge the common options given before and after the subcommand."""
    args.load = [*getattr(args, "load_top", []), *getattr(args, "load_sub", [])]
    args.layers = getattr(args, "layers", None)
    args.store = getattr(args, "store", DEFAULT_STORE)
    args.endpoint = getattr(args, "endpoint", None)
    args.debug = bool(getattr(args, "debug", False))


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return EXIT_USAGE


def run_command(args: argparse.Namespace) -> int:
    """Run the command named by ``args.command``: ``spasmgraph.cli.<command>.run(args)``."""
    module = importlib.import_module(f"{__package__}.{args.command}")
    handler: Callable[[argparse.Namespace], int] = module.run
    return handler(args)


def _error(args: argparse.Namespace, message: str) -> None:
    if args.debug:
        traceback.print_exc()
    print(f"{PROG}: error: {one_line(message)}", file=sys.stderr)


def _silence_stdout() -> None:
    """The reader went away (e.g. ``| head``): keep Python from complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run the ``spasmgraph`` command line and return its exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 success; 1 ran but found nothing, or violations; 2 usage or input error;
        70 internal error; 130 interrupted.

    Examples
    --------
    >>> main(["paths", "intense exercize"])
    2
    """
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return _exit_status(exc.code)
    _finish_namespace(args)
    try:
        return run_command(args)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        note("interrupted")
        return 130
    except SpasmGraphError as exc:
        _error(args, str(exc))
        return EXIT_USAGE
    except OSError as exc:  # the environment, e.g. an unreadable file: an input error
        where = f": {os.fsdecode(exc.filename)!r}" if exc.filename is not None else ""
        _error(args, f"{exc.strerror or exc}{where}")
        return EXIT_USAGE
    except Exception as exc:
        _error(
            args,
            f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the "
            "traceback, and please report it)",
        )
        return EXIT_INTERNAL
