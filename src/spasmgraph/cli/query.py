"""``spasmgraph query``: run a SPARQL query from a file, or a named query, and print it.

SELECT results are written by :meth:`SparqlResult.serialize
<spasmgraph.sparql.SparqlResult.serialize>` (JSON, CSV, TSV, XML) or as an aligned table;
ASK prints ``true`` or ``false``; CONSTRUCT and DESCRIBE print Turtle (JSON-LD with
``--format json``). An empty SELECT or CONSTRUCT exits 1, like an empty ``paths``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from .common import EXIT_NO_RESULT, EXIT_OK, PROG, CliError, load_graph, note, out, parse_params

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["run"]


def _print_query_list() -> int:
    from ..reports import queries_text
    from ..sparql.named import list_queries

    out(queries_text(list_queries()))
    return EXIT_OK


def _read_query_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CliError(f"cannot read query file {path!r}: it is not UTF-8 text") from None
    except OSError as exc:
        raise CliError(f"cannot read query file {path!r}: {exc.strerror or exc}") from None


def _run_named(args: argparse.Namespace, params: dict[str, Any], timeout: float | None) -> Any:
    from ..sparql.named import get_query

    named = get_query(args.name)  # fails before loading when the name is unknown
    kg = load_graph(args)
    # Checked apart, so that a parameter spelled like a keyword (timeout=, cache=) is
    # reported as unknown instead of being taken for the keyword.
    kg.bind_parameters(named, params)
    return kg, kg.query(named.name, timeout=timeout, **params)


def _run_file(args: argparse.Namespace, params: dict[str, str], timeout: float | None) -> Any:
    from rdflib.plugins.sparql.sparql import Query

    from ..sparql import bind_query_file, prepare

    text = _read_query_file(args.file)
    if not isinstance(prepare(text), Query):  # fails before loading when malformed
        raise CliError(
            f"{args.file!r} is a SPARQL update; the command line only runs queries "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE) and never changes the graph"
        )
    kg = load_graph(args)
    bindings: dict[str, Any] = dict(bind_query_file(kg.index, args.file, text, params))
    return kg, kg.sparql(text, timeout=timeout, **bindings)


def run(args: argparse.Namespace) -> int:
    """Print (or write, with ``-o``) the result; exit 1 if a SELECT or CONSTRUCT is empty."""
    if args.list:
        if args.file or args.name:
            raise CliError("--list takes no query; drop the file or --name")
        return _print_query_list()
    if bool(args.file) == bool(args.name):
        raise CliError(
            "give a query file (QUERY.rq) or --name NAME, not both or neither; "
            f"see '{PROG} query --list' for the named queries"
        )
    params = parse_params(args.param)
    timeout = None if args.timeout is not None and args.timeout <= 0 else args.timeout
    runner = _run_named if args.name else _run_file
    kg, result = runner(args, params, timeout)
    text, count, unit = _render(kg, result, args.format)
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
    else:
        from .._files import atomic_write

        written = atomic_write(args.output, text)
        note(f"wrote {written} ({args.format})")
    if count is not None:
        note(f"{count} {unit}{'' if count == 1 else 's'}")
    return EXIT_OK if count != 0 else EXIT_NO_RESULT


def _render(kg: KnowledgeGraph, result: Any, fmt: str) -> tuple[str, int | None, str]:
    """The text of *result* in *fmt*, its row or triple count (``None`` for ASK), and
    what it counts."""
    from rdflib import Graph

    from ..sparql import SparqlResult, serialize_boolean

    if isinstance(result, bool):
        return serialize_boolean(result, format="csv" if fmt == "table" else fmt), None, ""
    if isinstance(result, Graph):
        rdf = "json-ld" if fmt == "json" else "xml" if fmt == "xml" else "turtle"
        return result.serialize(format=rdf).rstrip("\n") + "\n", len(result), "triple"
    if not isinstance(result, SparqlResult):  # pragma: no cover - kg.sparql returns no other
        raise StoreError(f"unexpected SPARQL result {type(result).__name__}")
    if fmt == "table":
        return result.to_table(kg.index.curies) + "\n", len(result), "row"
    return result.serialize(format=fmt), len(result), "row"
