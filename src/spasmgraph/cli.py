"""The ``spasmgraph`` command line: look up, search, traverse, query, draw, export, validate.

Health information, not medical advice.

Every subcommand loads the bundled knowledge graph (``--layers`` picks which layers,
``--load FILE`` merges your own Turtle or JSON-LD into it), calls the library and prints the
answer. The command line is deliberately thin: everything it does is one call of the Python
API (see :class:`spasmgraph.KnowledgeGraph`).

Exit status
    ``0`` success; ``1`` the command ran but found violations, or no result where one was
    required (``paths`` found no path, ``search`` no match); ``2`` a usage or input error,
    reported as one line ``spasmgraph: error: <message>`` on standard error (add ``--debug``
    for the traceback).

Examples
--------
.. code-block:: console

    $ spasmgraph show ibuprofen
    $ spasmgraph paths "intense exercise" --via Mechanism --format json
    $ spasmgraph query --name remedies-for-cause --param cause="intense exercise"
    $ spasmgraph draw --focus ibuprofen -o ibuprofen.svg
    $ spasmgraph export --format ttl -o spasmgraph.ttl

>>> _parse_params(["cause=intense exercise", "verdict = mixed"])
{'cause': 'intense exercise', 'verdict': 'mixed'}
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
import traceback
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path as FsPath
from typing import IO, TYPE_CHECKING, Any

from .backends import STORES
from .backends.deadline import DEFAULT_TIMEOUT
from .errors import SpasmGraphError

DEFAULT_STORE = "auto"

if TYPE_CHECKING:
    import networkx as nx
    from rdflib.term import Node

    from .kg import KnowledgeGraph
    from .paths import Path, PathList
    from .queries import NamedQuery

__all__ = ["EXIT_NO_RESULT", "EXIT_OK", "EXIT_USAGE", "CliError", "build_parser", "main"]


def _version() -> str:
    import spasmgraph

    return str(spasmgraph.__version__)


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for (package metadata is slow to import)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"{PROG} {_version()}")
        parser.exit()


EXIT_OK = 0
"""Exit status of a command that succeeded."""
EXIT_NO_RESULT = 1
"""Exit status when a command ran but found violations, or no result where one was needed."""
EXIT_USAGE = 2
"""Exit status of a usage or input error."""

PROG = "spasmgraph"

DISCLAIMER = "Health information, not medical advice."

RDF_FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
"""``export --format`` names of the RDF serialisations, mapped to rdflib format names."""

EXPORT_FORMATS: tuple[str, ...] = (*RDF_FORMATS, "graphml", "node-link")
"""Every ``export --format``."""

DRAW_SUFFIXES: tuple[str, ...] = (".svg", ".png", ".pdf", ".dot")
"""File suffixes ``draw -o`` accepts; the suffix picks the format."""


class CliError(SpasmGraphError):
    """A usage or input error found by the command line itself (exit status 2)."""


# -- helpers ------------------------------------------------------------------------------


def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _note(text: str) -> None:
    """Print a one-line remark (not an error) on standard error."""
    print(f"{PROG}: {text}", file=sys.stderr)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _describe_oserror(exc: OSError) -> str:
    if exc.filename is not None and exc.strerror:
        return f"{exc.strerror}: {os.fsdecode(exc.filename)!r}"
    return str(exc)


def _words(name: str) -> str:
    """``exactMatch`` -> ``exact match``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _split_layers(text: str | None) -> list[str] | None:
    """The layers named by ``--layers`` (``None`` means all)."""
    if text is None:
        return None
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise CliError("--layers needs a comma-separated list, e.g. --layers schema,article")
    if "all" in names:
        return None
    return names


def _load(
    args: argparse.Namespace,
    *,
    files: Sequence[str] = (),
    default_layers: Sequence[str] | None = None,
) -> KnowledgeGraph:
    """Load the bundled graph with the ``--layers`` asked for, plus *files* and ``--load``."""
    from .kg import load

    layers = _split_layers(args.layers) if args.layers is not None else default_layers
    sources = [*files, *args.load]
    return load(*sources, layers=layers, store=args.store)


def _parse_params(items: Iterable[str]) -> dict[str, str]:
    """Turn ``--param NAME=VALUE`` options into a dictionary."""
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


def _check_output(path: str) -> FsPath:
    """Fail early, before any work, if *path* cannot be written."""
    target = FsPath(path)
    if target.is_dir():
        raise CliError(f"output {path!r} is a directory; give a file name, e.g. {path}/out")
    parent = target.parent
    if not parent.is_dir():
        raise CliError(f"cannot write {path!r}: directory {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK):
        raise CliError(f"cannot write {path!r}: directory {str(parent)!r} is not writable")
    return target


def _atomic_write(target: FsPath, write: Callable[[IO[bytes]], None]) -> None:
    """Call *write* on a temporary file next to *target*, then move it into place.

    On any failure the temporary file is removed and *target* is left as it was.
    """
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        FsPath(tmp).chmod(mode)
        FsPath(tmp).replace(target)
    except BaseException:
        FsPath(tmp).unlink(missing_ok=True)
        raise


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows as text columns aligned under *header*."""
    widths = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out.extend(line(row) for row in rows)
    return "\n".join(out)


# -- info ---------------------------------------------------------------------------------


def _cmd_info(args: argparse.Namespace) -> int:
    from rdflib.namespace import OWL, RDF

    from .loading import LAYERS
    from .queries import list_queries
    from .vocab import SG_NAMESPACE

    kg = _load(args)
    graph, index = kg.graph, kg.index
    versions = []
    for ontology in sorted(graph.subjects(RDF.type, OWL.Ontology), key=str):
        version = graph.value(ontology, OWL.versionInfo)
        versions.append(f"{ontology}, version {version if version is not None else 'unknown'}")
    layers = _split_layers(args.layers) if args.layers is not None else None
    _out(f"{PROG} {_version()}  ({DISCLAIMER})")
    rows = [
        ("ontology", "; ".join(versions) or "none loaded (no owl:Ontology header)"),
        ("store", kg.store),
        ("layers", ", ".join(LAYERS if layers is None else layers)),
    ]
    if args.load:
        rows.append(("loaded", ", ".join(args.load)))
    rows.append(("triples", str(len(kg))))
    for key, value in rows:
        _out(f"{key + ':':<10} {value}")

    classes = sorted(
        (c for c in index.classes if str(c).startswith(SG_NAMESPACE)),
        key=lambda c: index.label(c).casefold(),
    )
    counted = [
        (index.label(c), index.curies.shorten(str(c)), str(len(index.instances(c))))
        for c in classes
    ]
    _out(f"\ninstances by class ({len(counted)} sg: classes; counts include subclasses):")
    for line in _table(("class", "CURIE", "instances"), counted).splitlines():
        _out(f"  {line}")

    queries = list_queries()
    _out(f"\nnamed queries ({len(queries)}; run with: {PROG} query --name NAME):")
    for query in queries:
        _out(f"  {query}")
    return EXIT_OK


# -- show ---------------------------------------------------------------------------------


def _cmd_show(args: argparse.Namespace) -> int:
    from rdflib import URIRef

    from .mappings import CURIE_MAP, compress_iri, read_mappings
    from .paths import Step
    from .vocab import SG

    kg = _load(args)
    entity = kg.entity(args.entity)
    index = kg.index
    iri = URIRef(entity.iri)
    shorten = index.curies.shorten

    _out(f"{entity.label} ({entity.curie})")
    fields = [
        ("IRI", entity.iri),
        ("types", ", ".join(entity.types) or "none"),
        ("definition", entity.definition or "none"),
        ("synonyms", ", ".join(entity.synonyms) or "none"),
    ]
    codes = []
    for mapping in sorted(read_mappings(kg.graph), key=lambda m: m.sort_key()):
        if mapping.subject != iri:
            continue
        try:
            code = compress_iri(str(mapping.object), CURIE_MAP)
        except ValueError:
            code = shorten(str(mapping.object))
        kind = index.label(mapping.predicate)
        if kind == shorten(str(mapping.predicate)):  # no label: skos:exactMatch -> exact match
            kind = _words(kind.partition(":")[2])
        codes.append((kind, code, mapping.object_label))
    for key, value in fields:
        _out(f"  {key + ':':<12} {value}")
    if codes:
        _out("  codes:")
        for line in _table(("match", "code", "name"), codes).splitlines()[2:]:
            _out(f"    {line}")
    else:
        _out(f"  {'codes:':<12} none")

    def provenance(step: Step) -> None:
        for prov in step.provenance:
            claim = f"; claim {prov.claim}" if prov.claim else ""
            _out(f"        source: {prov}{claim}")
        if not step.provenance:
            _out("        source: none recorded")
        _out(f"        evidence: {step.verdict or 'unassessed'}")

    relations = kg.relations(entity)
    outgoing = [step for step in relations if step.subject == entity.curie]
    incoming = [step for step in relations if step.subject != entity.curie]
    _out(f"\n  relations from {entity.label} ({len(outgoing)}):")
    for step in outgoing:
        _out(f"    {entity.label} --{step.predicate_label}--> {step.object_label} ({step.object})")
        provenance(step)
    if not outgoing:
        _out("    none")
    _out(f"\n  relations to {entity.label} ({len(incoming)}):")
    for step in incoming:
        source = f"{step.subject_label} ({step.subject})"
        _out(f"    {source} --{step.predicate_label}--> {entity.label}")
        provenance(step)
    if not incoming:
        _out("    none")

    if iri in index.classes:
        members = index.instances(iri)
        names = ", ".join(sorted((index.label(m) for m in members), key=str.casefold))
        _out(f"\n  instances ({len(members)}, with subclasses): {names or 'none'}")
    if index.is_instance(iri, SG.Treatment):
        cautions = kg.cautions(entity)
        _out(f"\n  cautions ({len(cautions)}):")
        for caution in cautions:
            _out(f"    - {caution}")
            if caution.definition:
                _out(f"      {caution.definition}")
        if not cautions:
            _out("    none recorded (which does not mean it is safe for everyone)")
    return EXIT_OK


# -- search -------------------------------------------------------------------------------


def _cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError(f"--limit must be at least 1, not {args.limit}")
    kg = _load(args)
    hits = kg.search(args.text, limit=args.limit)
    if not hits:
        _note(f"nothing matches {args.text!r}; try fewer or other words")
        return EXIT_NO_RESULT
    rows = [
        (f"{score:.3f}", entity.label, entity.curie, ", ".join(entity.types))
        for entity, score in hits
    ]
    _out(_table(("score", "label", "CURIE", "types"), rows))
    return EXIT_OK


# -- paths --------------------------------------------------------------------------------


def _path_json(path: Path) -> dict[str, Any]:
    return {
        "nodes": list(path.nodes),
        "labels": list(path.labels),
        "length": len(path),
        "weakest_verdict": path.weakest_verdict,
        "steps": [
            {
                "subject": step.subject,
                "predicate": step.predicate,
                "object": step.object,
                "labels": {
                    "subject": step.subject_label,
                    "predicate": step.predicate_label,
                    "object": step.object_label,
                },
                "inverse": step.inverse,
                "asserted": list(step.asserted),
                "provenance": [
                    {
                        "source": prov.source,
                        "source_label": prov.source_label,
                        "locator": prov.locator,
                        "mode": prov.mode,
                        "claim": prov.claim,
                    }
                    for prov in step.provenance
                ],
                "verdict": step.verdict,
            }
            for step in path.steps
        ],
    }


PATH_CSV_COLUMNS: tuple[str, ...] = (
    "path",
    "step",
    "subject",
    "subject_label",
    "predicate",
    "predicate_label",
    "object",
    "object_label",
    "inverse",
    "verdict",
    "source",
    "locator",
    "mode",
    "claim",
)
"""Columns of ``paths --format csv``: one row per step; several provenance records of one
step are joined with `` | ``."""


def _write_paths_csv(paths: Sequence[Path], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PATH_CSV_COLUMNS)
    for n, path in enumerate(paths, 1):
        for i, step in enumerate(path.steps, 1):
            provs = step.provenance

            def joined(values: Iterable[str | None]) -> str:
                return " | ".join(v or "" for v in values)

            writer.writerow(
                [
                    n,
                    i,
                    step.subject,
                    step.subject_label,
                    step.predicate,
                    step.predicate_label,
                    step.object,
                    step.object_label,
                    str(step.inverse).lower(),
                    step.verdict or "",
                    joined(p.source for p in provs),
                    joined(p.locator for p in provs),
                    joined(p.mode for p in provs),
                    joined(p.claim for p in provs),
                ]
            )


def _find_paths(
    kg: KnowledgeGraph,
    source: str,
    target: str | None,
    *,
    via: Sequence[str] | None,
    metapath: str | None,
    max_hops: int,
    limit: int,
    min_evidence: str | None = None,
    order: str = "length",
) -> PathList:
    if metapath is None and target is None:
        target = "Treatment"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        paths = kg.paths(
            source,
            target,
            via=via,
            metapath=metapath,
            max_hops=max_hops,
            limit=limit,
            min_evidence=min_evidence,
            order="evidence" if order == "evidence" else "length",
        )
    for warning in caught:
        _note(f"warning: {_one_line(str(warning.message))}")
    return paths


def _cmd_paths(args: argparse.Namespace) -> int:
    kg = _load(args)
    paths = _find_paths(
        kg,
        args.source,
        args.to,
        via=args.via,
        metapath=args.metapath,
        max_hops=args.max_hops,
        limit=args.limit,
        min_evidence=args.min_evidence,
        order=args.order,
    )
    if args.format == "json":
        _out(json.dumps([_path_json(p) for p in paths], indent=2, ensure_ascii=False))
    elif args.format == "csv":
        _write_paths_csv(paths, sys.stdout)
    elif args.explain:
        _out("\n\n".join(p.explain() for p in paths))
    else:
        for path in paths:
            _out(str(path))
    if paths.truncated:
        _note(f"showing the first {len(paths)} paths; raise --limit to see more")
    if not paths:
        _note("no path found; try a larger --max-hops, fewer --via classes or another --to")
        return EXIT_NO_RESULT
    return EXIT_OK


# -- query --------------------------------------------------------------------------------


def _print_query_list() -> int:
    from .queries import list_queries

    for query in list_queries():
        _out(f"{query.name}\n    {query.summary}")
        for param in query.parameters:
            need = "required" if param.required else "optional"
            _out(f"    --param {param.name}=<{param.type}>  ({need}) {param.description}")
    return EXIT_OK


def _read_query_file(path: str) -> str:
    try:
        return FsPath(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CliError(f"cannot read query file {path!r}: it is not UTF-8 text") from None
    except OSError as exc:
        raise CliError(f"cannot read query file {path!r}: {exc.strerror or exc}") from None


def _file_query_header(path: str, text: str) -> NamedQuery | None:
    """The ``# summary:`` / ``# param:`` header of a query file, if it has one."""
    from .queries import parse_named_query

    if not re.search(r"^\s*#\s*summary\s*:", text, re.MULTILINE | re.IGNORECASE):
        return None
    return parse_named_query(FsPath(path).stem, text)


def _file_bindings(
    kg: KnowledgeGraph, path: str, text: str, params: dict[str, str]
) -> dict[str, Node]:
    """RDF terms for the ``--param`` values of a query read from a file.

    With a ``# param:`` header the values are converted by declared type, as for named
    queries. Without one, each NAME must be a variable of the query; ``<IRI>`` binds an IRI,
    a value that names an entity binds its IRI (an ambiguous name is an error), anything
    else binds a string literal.
    """
    from rdflib import Literal, URIRef

    from .errors import QueryParameterError, UnknownEntityError

    header = _file_query_header(path, text)
    if header is not None:
        return kg.bind_parameters(header, params)
    terms: dict[str, Node] = {}
    for name, value in params.items():
        if not re.search(rf"[?$]{re.escape(name)}\b", text):
            raise QueryParameterError(
                f"query file {path!r} has no variable ?{name} for --param {name}"
            )
        if value.startswith("<") and value.endswith(">"):
            terms[name] = URIRef(value[1:-1])
            continue
        try:
            terms[name] = URIRef(kg.entity(value).iri)
        except UnknownEntityError:
            terms[name] = Literal(value)
    return terms


def _tsv_term(term: Node | None) -> str:
    """A term as the SPARQL 1.1 TSV results format writes it (Turtle/N-Triples syntax)."""
    from rdflib import BNode, Literal

    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        escaped = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype is not None:
            return f'"{escaped}"^^<{term.datatype}>'
        return f'"{escaped}"'
    return f"<{term}>"


def _print_result(kg: KnowledgeGraph, result: Any, fmt: str) -> None:
    from rdflib import BNode, Graph, URIRef

    from .sparql import SparqlResult

    if isinstance(result, bool):
        if fmt == "json":
            _out(json.dumps({"head": {}, "boolean": result}))
        else:
            _out("true" if result else "false")
        return
    if isinstance(result, Graph):
        text = result.serialize(format="json-ld" if fmt == "json" else "turtle")
        _out(text.rstrip("\n"))
        return
    assert isinstance(result, SparqlResult)
    if fmt == "json":
        _out(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    rows = [[row.terms.get(v) for v in result.vars] for row in result]
    if fmt == "tsv":
        _out("\t".join(f"?{v}" for v in result.vars))
        for terms in rows:
            _out("\t".join(_tsv_term(t) for t in terms))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\r\n")
        writer.writerow(result.vars)
        for terms in rows:
            writer.writerow(
                ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in terms]
            )
        return
    shorten = kg.index.curies.shorten

    def cell(term: Node | None) -> str:
        if term is None:
            return ""
        if isinstance(term, URIRef):
            return shorten(str(term))
        if isinstance(term, BNode):
            return f"_:{term}"
        return _one_line(str(term))

    _out(_table(result.vars, [[cell(t) for t in terms] for terms in rows]))
    _note(f"{len(rows)} row{'' if len(rows) == 1 else 's'}")


def _cmd_query(args: argparse.Namespace) -> int:
    from rdflib.plugins.sparql.sparql import Query

    from .queries import get_query
    from .sparql import prepare

    if args.list:
        if args.file or args.name:
            raise CliError("--list takes no query; drop the file or --name")
        return _print_query_list()
    if bool(args.file) == bool(args.name):
        raise CliError(
            "give a query file (QUERY.rq) or --name NAME, not both or neither; "
            f"see '{PROG} query --list' for the named queries"
        )
    params: dict[str, Any] = _parse_params(args.param)
    timeout = None if args.timeout is not None and args.timeout <= 0 else args.timeout
    if args.name:
        named = get_query(args.name)  # fails before loading when the name is unknown
        kg = _load(args)
        # Checked apart, so that a parameter spelled like a keyword (timeout=, cache=) is
        # reported as unknown instead of being taken for the keyword.
        kg.bind_parameters(named, params)
        result = kg.query(named.name, timeout=timeout, **params)
    else:
        text = _read_query_file(args.file)
        # Fails before loading when the query is malformed.
        if not isinstance(prepare(text), Query):
            raise CliError(
                f"{args.file!r} is a SPARQL update; the command line only runs queries "
                "(SELECT, ASK, CONSTRUCT, DESCRIBE) and never changes the graph"
            )
        kg = _load(args)
        bindings: dict[str, Any] = dict(_file_bindings(kg, args.file, text, params))
        result = kg.sparql(text, timeout=timeout, **bindings)
    _print_result(kg, result, args.format)
    return EXIT_OK


# -- draw ---------------------------------------------------------------------------------


def _cmd_draw(args: argparse.Namespace) -> int:
    target = _check_output(args.output)
    if target.suffix.lower() not in DRAW_SUFFIXES:
        raise CliError(
            f"cannot tell the diagram format from {args.output!r}; "
            f"the file name must end in one of: {', '.join(DRAW_SUFFIXES)}"
        )
    if args.radius is not None and args.focus is None:
        raise CliError("--radius only applies together with --focus ENTITY")
    path_options = [
        name
        for name, value in (
            ("--to", args.to),
            ("--via", args.via),
            ("--max-hops", args.max_hops),
            ("--limit", args.limit),
        )
        if value is not None
    ]
    if path_options and args.paths is None:
        raise CliError(f"{', '.join(path_options)} only apply together with --paths FROM")
    kg = _load(args)
    if args.focus is not None:
        diagram = kg.diagram(
            focus=args.focus,
            radius=1 if args.radius is None else args.radius,
            title=args.title,
        )
    elif args.paths is not None:
        paths = _find_paths(
            kg,
            args.paths,
            args.to,
            via=args.via,
            metapath=None,
            max_hops=4 if args.max_hops is None else args.max_hops,
            limit=1000 if args.limit is None else args.limit,
        )
        if not paths:
            _note("no path found, so nothing to draw; try another --to or a larger --max-hops")
            return EXIT_NO_RESULT
        diagram = kg.diagram(paths=paths, title=args.title)
    else:
        diagram = kg.diagram(schema=bool(args.schema), title=args.title)
    written = diagram.write(target)
    _note(f"wrote {written}")
    return EXIT_OK


# -- export -------------------------------------------------------------------------------


def _string(value: Any) -> str:
    """A scalar rendering for GraphML: lists and dicts as JSON, anything else as text."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(_jsonable(value), ensure_ascii=False)
    return str(value)


def _jsonable(value: Any) -> Any:
    """*value* with rdflib literals, tuples and other objects made JSON-serialisable.

    Numeric and boolean literals become JSON numbers and booleans; every other literal,
    including dates, becomes its lexical form, as does any other non-JSON object.
    """
    from rdflib import Literal

    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, (bool, int, float)) and not isinstance(python, Literal):
            return python
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def _graphml_copy(G: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A copy of *G* whose attributes are all strings, as GraphML requires."""
    import networkx as nx

    H: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    H.graph.update({k: _string(v) for k, v in G.graph.items() if v is not None})
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _string(v) for k, v in data.items() if v is not None})
    for u, v, key, data in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **{k: _string(x) for k, x in data.items() if x is not None})
    return H


def _export_writer(kg: KnowledgeGraph, fmt: str) -> Callable[[IO[bytes]], None]:
    if fmt in RDF_FORMATS:
        rdf_format = RDF_FORMATS[fmt]

        def write_rdf(handle: IO[bytes]) -> None:
            data = kg.graph.serialize(format=rdf_format, encoding="utf-8")
            handle.write(data)

        return write_rdf

    import networkx as nx

    G = kg.to_networkx()
    if fmt == "graphml":
        H = _graphml_copy(G)

        def write_graphml(handle: IO[bytes]) -> None:
            nx.write_graphml(H, handle, encoding="utf-8")

        return write_graphml

    data = _jsonable(nx.node_link_data(G, edges="edges"))

    def write_node_link(handle: IO[bytes]) -> None:
        handle.write(json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
        handle.write(b"\n")

    return write_node_link


def _cmd_export(args: argparse.Namespace) -> int:
    to_stdout = args.output == "-"
    target = None if to_stdout else _check_output(args.output)
    kg = _load(args)
    write = _export_writer(kg, args.format)
    if target is None:
        buffer = io.BytesIO()
        write(buffer)
        sys.stdout.flush()
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return EXIT_OK
    _atomic_write(target, write)
    _note(f"wrote {target} ({args.format}, from {len(kg)} triples)")
    return EXIT_OK


# -- validate -----------------------------------------------------------------------------


def _cmd_validate(args: argparse.Namespace) -> int:
    for name in args.files:
        if not FsPath(name).is_file():
            raise CliError(f"cannot validate {name!r}: no such file")
    # With files: the schema (or the --layers asked for) plus the files.
    kg = _load(args, files=args.files, default_layers=["schema"] if args.files else None)
    report = kg.validate(shacl=not args.no_shacl, reasoning=args.reasoning)
    if args.format == "json":
        _out(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        _out(str(report))
        _out("conforms" if report.conforms else "does not conform")
    return EXIT_OK if report.conforms else EXIT_NO_RESULT


# -- the parser ---------------------------------------------------------------------------


def _common_options(*, top: bool) -> argparse.ArgumentParser:
    """``--load``, ``--layers``, ``--store`` and ``--debug``, before or after the subcommand."""
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
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the full traceback of an error",
    )
    return parser


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=100)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``spasmgraph`` command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Query the spasmgraph knowledge graph of back muscle spasms: causes, "
        f"mechanisms, symptoms and treatments, each relation with its source and evidence "
        f"verdict. {DISCLAIMER}",
        epilog="Exit status: 0 ok; 1 violations found or no result; 2 usage or input error. "
        f"Run '{PROG} COMMAND --help' for the options of a command.",
        parents=[_common_options(top=True)],
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _common_options(top=False)

    def add(name: str, summary: str, description: str = "") -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=summary,
            description=f"{summary}. {description}".strip(),
            parents=[common],
            formatter_class=_Formatter,
        )

    p = add("info", "Show the version, the ontology, triple and class counts, named queries")
    p.set_defaults(handler=_cmd_info)

    p = add(
        "show",
        "Show one entity: types, definition, synonyms, codes, relations, cautions",
        "Each relation is listed with its source (locator, stated or inferred) and the "
        "evidence verdict of the claim it expresses.",
    )
    p.add_argument("entity", metavar="ENTITY", help="a label, synonym, CURIE (sg:...) or IRI")
    p.set_defaults(handler=_cmd_show)

    p = add("search", "Fuzzy search over labels and synonyms")
    p.add_argument("text", metavar="TEXT", help="what to look for")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="most hits (default 10)")
    p.set_defaults(handler=_cmd_search)

    p = add(
        "paths",
        "Find typed paths, e.g. cause -> mechanism -> treatment",
        "Relations are followed in their stated direction, and backwards only where the "
        "ontology names an inverse (actsOn/isCounteractedBy, relieves, treats).",
    )
    p.add_argument("source", metavar="FROM", help="an entity, or a class to start from all of it")
    p.add_argument(
        "--to",
        metavar="CLASS|ENTITY",
        help="where paths end: a class or an entity (default: Treatment)",
    )
    p.add_argument(
        "--via",
        metavar="CLASS",
        action="extend",
        nargs="+",
        help="classes every intermediate node must belong to (repeatable)",
    )
    p.add_argument(
        "--metapath",
        metavar="TEXT",
        help="a typed pattern instead of --to/--via, e.g. "
        "'Cause -triggers-> Mechanism <-actsOn- Treatment'",
    )
    p.add_argument("--max-hops", type=int, default=4, metavar="N", help="longest path (default 4)")
    p.add_argument("--limit", type=int, default=1000, metavar="N", help="most paths (default 1000)")
    p.add_argument(
        "--min-evidence",
        metavar="VERDICT",
        choices=("supported", "mixed", "insufficient", "unsupported", "contradicted"),
        help="keep paths whose weakest step has at least this verdict: supported, mixed, "
        "insufficient, unsupported, contradicted (unassessed steps never pass)",
    )
    p.add_argument(
        "--order",
        choices=("length", "evidence"),
        default="length",
        help="shortest first (default) or strongest evidence first",
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
    p.set_defaults(handler=_cmd_paths)

    p = add(
        "query",
        "Run a SPARQL query from a file or a named query",
        "The prefixes sg:, rdfs:, owl:, skos:, prov:, dcterms: and others are predeclared. "
        "Formats: table (aligned text), csv and tsv (the SPARQL 1.1 CSV/TSV results "
        "formats), json (SPARQL 1.1 Query Results JSON). ASK prints true or false; "
        "CONSTRUCT and DESCRIBE print Turtle (JSON-LD with --format json).",
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
        choices=("table", "csv", "tsv", "json"),
        default="table",
        help="output format (default table)",
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
    p.set_defaults(handler=_cmd_query)

    p = add(
        "draw",
        "Draw a diagram with Graphviz",
        "The output suffix picks the format: .svg, .png, .pdf (need Graphviz's 'dot') or .dot.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--focus", metavar="ENTITY", help="an entity and its neighbourhood")
    what.add_argument("--paths", metavar="FROM", help="the paths from FROM (see --to, --via)")
    what.add_argument("--schema", action="store_true", help="the classes and properties")
    what.add_argument("--all", action="store_true", help="every entity of the graph")
    p.add_argument(
        "--radius", type=int, metavar="N", help="with --focus: relations away (default 1)"
    )
    p.add_argument(
        "--to", metavar="CLASS|ENTITY", help="with --paths: where paths end (default Treatment)"
    )
    p.add_argument(
        "--via", metavar="CLASS", action="extend", nargs="+", help="with --paths: via classes"
    )
    p.add_argument("--max-hops", type=int, metavar="N", help="with --paths: longest path (4)")
    p.add_argument("--limit", type=int, metavar="N", help="with --paths: most paths (1000)")
    p.add_argument("--title", help="a caption drawn above the diagram")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="file to write: OUT.svg|png|pdf|dot"
    )
    p.set_defaults(handler=_cmd_draw)

    p = add(
        "export",
        "Write the graph as RDF, GraphML or node-link JSON",
        "ttl, nt, jsonld and xml are RDF serialisations of every triple; graphml and "
        "node-link are the typed networkx view (list values JSON-encoded in GraphML). "
        "The file is written atomically: it appears complete or not at all.",
    )
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="output format")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write ('-' for stdout)"
    )
    p.set_defaults(handler=_cmd_export)

    p = add(
        "validate",
        "Check the graph: quality rules, SHACL shapes, optionally OWL reasoning",
        "Without FILES the bundled graph is checked; with FILES, the bundled schema plus "
        "those files. Exit status 1 if it does not conform.",
    )
    p.add_argument("files", metavar="FILES", nargs="*", help="Turtle or JSON-LD files to check")
    p.add_argument("--no-shacl", action="store_true", help="skip the SHACL shapes")
    p.add_argument("--reasoning", action="store_true", help="also run the OWL reasoning checks")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    p.set_defaults(handler=_cmd_validate)
    return parser


def _finish_namespace(args: argparse.Namespace) -> None:
    """Merge the common options given before and after the subcommand."""
    args.load = [*getattr(args, "load_top", []), *getattr(args, "load_sub", [])]
    args.layers = getattr(args, "layers", None)
    args.store = getattr(args, "store", DEFAULT_STORE)
    args.debug = bool(getattr(args, "debug", False))


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    """Run the ``spasmgraph`` command line and return its exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 1 if violations or no result were found, 2 on a usage or input error.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return _exit_status(exc.code)
    _finish_namespace(args)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); stop quietly and keep Python from
        # complaining again when it flushes stdout at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        _note("interrupted")
        return 130
    except (SpasmGraphError, OSError, ImportError) as exc:
        if args.debug:
            traceback.print_exc()
        if isinstance(exc, OSError) and not isinstance(exc, SpasmGraphError):
            message = _describe_oserror(exc)
        else:
            message = str(exc)
        print(f"{PROG}: error: {_one_line(message)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(
            f"{PROG}: error: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
            "(rerun with --debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_NO_RESULT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
