"""The argument parser of ``spasmgraph``, one small function per command.

Each ``_add_<command>`` function declares one subcommand and names the module of
:mod:`spasmgraph.cli` whose ``run(args)`` carries it out (imported only when that command
runs, so that ``--help`` and a path query stay light).

>>> args = build_parser().parse_args(["paths", "intense exercise", "--via", "Mechanism"])
>>> args.command, args.source, args.via
('paths', 'intense exercise', ['Mechanism'])
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..backends.deadline import DEFAULT_TIMEOUT
from ..convert.export import EXPORT_FORMATS
from .common import DISCLAIMER, PROG
from .options import (
    EXIT_STATUS,
    VERDICTS,
    Formatter,
    VersionAction,
    add_lang,
    add_path_options,
    common_options,
)

__all__ = ["EXPORT_FORMATS", "VERDICTS", "build_parser"]


def _add_info(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("info", "Show the version, the ontology, triple and class counts, named queries")
    add_lang(p)


def _add_show(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "show",
        "Show one entity: types, definition, synonyms, codes, relations, cautions",
        "Each relation is listed with its source (locator, stated or inferred) and the "
        "evidence verdict of the claim it expresses; structural relations carry none.",
    )
    p.add_argument("entity", metavar="ENTITY", help="a label, synonym, CURIE (sg:...) or IRI")
    add_lang(p)


def _add_search(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("search", "Fuzzy search over labels and synonyms", "Exit status 1 if nothing matches.")
    p.add_argument("text", metavar="TEXT", help="what to look for")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="most hits (default 10)")
    add_lang(p)


def _add_paths(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "paths",
        "Find typed paths, e.g. cause -> mechanism -> treatment",
        "Relations are followed in their stated direction, and backwards only where the "
        "ontology names an inverse (actsOn/isCounteractedBy, relieves, treats). "
        "Exit status 1 if no path is found.",
    )
    p.add_argument("source", metavar="FROM", help="an entity, or a class to start from all of it")
    add_path_options(p)
    p.add_argument("--max-hops", type=int, default=4, metavar="N", help="longest path (default 4)")
    p.add_argument("--limit", type=int, default=1000, metavar="N", help="most paths (default 1000)")
    p.add_argument(
        "--budget",
        type=int,
        metavar="N",
        help="most partial paths the search extends before it stops (default 2000000)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="text: one path per line; json: a list of paths with their steps; "
        "csv: one row per step",
    )
    p.add_argument(
        "--explain", action="store_true", help="with text: one line per step instead of per path"
    )
    add_lang(p)


def _add_query(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "query",
        "Run a SPARQL query from a file or a named query",
        "The prefixes sg:, rdfs:, owl:, skos:, prov:, dcterms: and others are predeclared. "
        "Formats: table (aligned text), csv and tsv (the SPARQL 1.1 CSV/TSV results "
        "formats), json (SPARQL 1.1 Query Results JSON), xml (SPARQL Query Results XML). "
        "ASK prints true or false; CONSTRUCT and DESCRIBE print Turtle (JSON-LD with "
        "--format json). Exit status 1 if a SELECT gives no row or a CONSTRUCT no triple.",
    )
    p.add_argument("file", metavar="QUERY.rq", nargs="?", help="a file holding a SPARQL query")
    p.add_argument("--name", metavar="NAME", help="a named query (see --list)")
    p.add_argument(
        "--param",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="a query parameter, e.g. --param cause='intense exercise' (repeatable)",
    )
    p.add_argument(
        "--format",
        choices=("table", "csv", "tsv", "json", "xml"),
        default="table",
        help="output format (default table)",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write the result to FILE instead of the screen"
    )
    p.add_argument(
        "--list", action="store_true", help="list the named queries and their parameters"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds before the query is stopped (default {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    add_lang(p)


def _add_draw(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "draw",
        "Draw a diagram with Graphviz",
        "The output suffix picks the format: .svg, .png, .pdf (need Graphviz's 'dot') or "
        ".dot. Exit status 1 if --paths finds no path.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--focus", metavar="ENTITY", help="an entity and its neighbourhood")
    what.add_argument("--paths", metavar="FROM", help="the paths from FROM (see --to, --via)")
    what.add_argument("--schema", action="store_true", help="the classes and properties")
    what.add_argument("--all", action="store_true", help="every entity of the graph")
    p.add_argument(
        "--radius", type=int, metavar="N", help="with --focus: relations away (default 1)"
    )
    add_path_options(p, prefix="with --paths: ")
    p.add_argument("--max-hops", type=int, metavar="N", help="with --paths: longest path (4)")
    p.add_argument("--limit", type=int, metavar="N", help="with --paths: most paths (1000)")
    p.add_argument("--title", help="a caption drawn above the diagram")
    add_lang(p)
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="file to write: OUT.svg|png|pdf|dot"
    )


def _add_explore(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "explore",
        "Write an interactive, offline HTML page of the graph",
        "One self-contained file (no network): search, node and relation cards with "
        "sources and evidence, class and evidence filters, routes from a cause. Without "
        "--focus, --paths or --entity it shows the whole graph. Exit status 1 if --paths "
        "finds no path.",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--focus", metavar="ENTITY", help="an entity and its neighbourhood")
    what.add_argument("--paths", metavar="FROM", help="the paths from FROM (see --to, --via)")
    what.add_argument(
        "--entity",
        dest="entities",
        action="append",
        metavar="ENTITY",
        help="show this entity and its relations to the others given (repeatable)",
    )
    p.add_argument(
        "--radius", type=int, metavar="N", help="with --focus: relations away (default 1)"
    )
    add_path_options(p, prefix="with --paths: ")
    p.add_argument("--max-hops", type=int, metavar="N", help="with --paths: longest path (4)")
    p.add_argument("--limit", type=int, metavar="N", help="with --paths: most paths (1000)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.html", help="file to write")
    add_lang(p)


def _add_export(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "export",
        "Write the graph as RDF, GraphML, GEXF or node-link JSON",
        "ttl, nt, jsonld and xml are RDF serialisations of every triple; graphml, gexf and "
        "node-link are the typed networkx view (list values JSON-encoded in GraphML and "
        "GEXF). The file is written atomically: it appears complete or not at all.",
    )
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="output format (default: from the suffix of -o: .ttl .nt .jsonld .rdf/.owl/.xml "
        ".graphml .gexf .json)",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write ('-' for stdout)"
    )


def _add_validate(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "validate",
        "Check the graph: quality rules, SHACL shapes, optionally OWL reasoning",
        "Without FILES the bundled graph is checked; with FILES, the bundled schema plus "
        "those files. SHACL needs pyshacl (pip install 'spasmgraph[validate]'); skip it "
        "with --no-shacl. Exit status 1 if it does not conform.",
    )
    p.add_argument("files", metavar="FILES", nargs="*", help="Turtle or JSON-LD files to check")
    p.add_argument("--no-shacl", action="store_true", help="skip the SHACL shapes")
    p.add_argument(
        "--reasoning",
        action="store_true",
        help="also run the OWL 2 RL closure and the OWL 2 DL profile check "
        "(the OWL API's, when Java and libowlapi-java are installed)",
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )


def _add_push(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "push",
        "Upload the graph to a SPARQL server, blank nodes skolemized",
        "Uploads the loaded graph (bundled layers, --load files) through the SPARQL update "
        "endpoint or the Graph Store Protocol. Blank nodes become stable "
        "/.well-known/genid/ IRIs. The password, if any, is read from $SPASMGRAPH_PASSWORD.",
    )
    p.add_argument("query_url", metavar="QUERY_URL", help="the server's query endpoint")
    p.add_argument("--update-url", metavar="URL", help="the update endpoint")
    p.add_argument("--store-url", metavar="URL", help="the Graph Store Protocol endpoint")
    p.add_argument("--graph", metavar="IRI", help="upload into this named graph")
    p.add_argument("--user", metavar="NAME", help="user name (password: $SPASMGRAPH_PASSWORD)")
    p.add_argument(
        "--auth-scheme", choices=("basic", "digest"), default="basic", help="default basic"
    )


def _add_mappings(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "mappings",
        "List the mappings to other vocabularies, or write them as SSSOM TSV",
        "Reads the loaded graph (the bundled mappings layer, or FILE with --load FILE "
        "--layers schema). Exit status 1 if there is no mapping.",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write SSSOM TSV to FILE ('-' for stdout)"
    )
    add_lang(p)


def _add_serve(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "serve",
        "Serve the graph as a read-only SPARQL 1.1 endpoint over HTTP",
        "Query page and service description at /, the SPARQL 1.1 Protocol at /sparql, "
        "named queries at /queries/NAME?param=value. Updates, SERVICE, LOAD and remote "
        "FROM are refused; every query runs in a worker process that is killed at the time "
        "limit. Needs pip install 'spasmgraph[serve]'. Runs until interrupted (Ctrl-C).",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default "
        "127.0.0.1: this machine only; 0.0.0.0 for every interface)",
    )
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    limits = (
        ("--timeout", float, "S", "seconds a query may run before it is stopped (default 10)"),
        (
            "--max-rows",
            int,
            "N",
            "most rows (or triples) in an answer; longer ones are cut "
            "and flagged by X-SPASMGRAPH-Truncated (default 100000)",
        ),
        (
            "--max-concurrent",
            int,
            "N",
            "queries running or waiting at once; more get 503 with Retry-After (default 64)",
        ),
        (
            "--max-request-bytes",
            int,
            "N",
            "largest request body; larger gets 413 (default 1048576)",
        ),
        ("--workers", int, "N", "worker processes running queries (default: 2 per CPU, 2-8)"),
        (
            "--body-timeout",
            float,
            "S",
            "seconds a client may take to send its request (default 10)",
        ),
        ("--cache-size", int, "N", "answers kept and served again (default 256; 0: none)"),
    )
    for flag, kind, metavar, text in limits:
        p.add_argument(flag, type=kind, metavar=metavar, help=text)
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let web pages from ORIGIN (e.g. https://app.example) read answers "
        "(repeatable; default: no CORS headers at all)",
    )


COMMANDS: tuple[Callable[[Callable[..., argparse.ArgumentParser]], None], ...] = (
    _add_info,
    _add_show,
    _add_search,
    _add_paths,
    _add_query,
    _add_draw,
    _add_explore,
    _add_export,
    _add_validate,
    _add_mappings,
    _add_push,
    _add_serve,
)
"""The functions that declare the subcommands, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``spasmgraph`` command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Query the spasmgraph knowledge graph of back muscle spasms: causes, "
        "mechanisms, symptoms and treatments, each relation with its source and evidence "
        f"verdict. {DISCLAIMER}",
        epilog=f"{EXIT_STATUS} Run '{PROG} COMMAND --help' for the options of a command.",
        parents=[common_options(top=True)],
        formatter_class=Formatter,
    )
    parser.add_argument("--version", action=VersionAction, nargs=0, help="show the version")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = common_options(top=False)

    def add(name: str, summary: str, description: str = "") -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=summary,
            description=f"{summary}. {description}".strip(),
            epilog=EXIT_STATUS,
            parents=[common],
            formatter_class=Formatter,
        )

    for declare in COMMANDS:
        declare(add)
    return parser
