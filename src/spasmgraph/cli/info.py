"""``spasmgraph info``: the version, the ontology, triple and class counts, named queries."""

from __future__ import annotations

import argparse

from .._version import version
from .common import DISCLAIMER, EXIT_OK, PROG, load_graph, out, split_layers, table

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Print the overview; always exit 0."""
    from rdflib.namespace import OWL, RDF

    from ..loading import LAYERS
    from ..sparql.named import list_queries
    from ..vocab import SG_NAMESPACE

    kg = load_graph(args)
    graph, index = kg.graph, kg.index
    versions = []
    for ontology in sorted(graph.subjects(RDF.type, OWL.Ontology), key=str):
        found = graph.value(ontology, OWL.versionInfo)
        versions.append(f"{ontology}, version {found if found is not None else 'unknown'}")
    layers = split_layers(args.layers)
    out(f"{PROG} {version()}  ({DISCLAIMER})")
    rows = [
        ("ontology", "; ".join(versions) or "none loaded (no owl:Ontology header)"),
        ("store", kg.store),
        ("layers", ", ".join(LAYERS if layers is None else layers)),
    ]
    if args.load:
        rows.append(("loaded", ", ".join(args.load)))
    rows.append(("triples", str(len(kg))))
    for key, value in rows:
        out(f"{key + ':':<10} {value}")

    lang = args.lang
    classes = sorted(
        (c for c in index.classes if str(c).startswith(SG_NAMESPACE)),
        key=lambda c: index.label(c, lang).casefold(),
    )
    counted = [
        (index.label(c, lang), index.curies.shorten(str(c)), str(len(index.instances(c))))
        for c in classes
    ]
    out(f"\ninstances by class ({len(counted)} sg: classes; counts include subclasses):")
    for line in table(("class", "CURIE", "instances"), counted).splitlines():
        out(f"  {line}")

    queries = list_queries()
    out(f"\nnamed queries ({len(queries)}; run with: {PROG} query --name NAME):")
    for query in queries:
        out(f"  {query}")
    return EXIT_OK
