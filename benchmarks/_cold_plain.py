"""Cold-start baselines without spasmgraph: ``python _cold_plain.py rdflib|pyoxigraph DIR``.

``rdflib``: import rdflib and networkx, parse the bundled Turtle, and answer the question of
``spasmgraph paths "intense exercise"``: every path of at most 4 hops from intense exercise
to a treatment, following object properties as stated and backwards only where the
ontology declares an ``owl:inverseOf``, stopping at the first treatment. Prints the count.

``pyoxigraph``: import pyoxigraph, load the same Turtle, run one SPARQL query (the
two-hop cause -> mechanism <- treatment rows).

DIR is the folder of the bundled Turtle files (benchmarks/run.py passes it), so that
spasmgraph itself is never imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

LAYERS = ("schema", "article", "evidence", "mappings")


def bundled() -> list[Path]:
    root = Path(sys.argv[2])
    return [root / f"{layer}.ttl" for layer in LAYERS]


def with_rdflib() -> int:
    import networkx as nx
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    sg = rdflib.Namespace("https://w3id.org/spasmgraph/")
    g = rdflib.Graph()
    for file in bundled():
        g.parse(file, format="turtle")
    props = set(g.subjects(RDF.type, OWL.ObjectProperty))
    inverse = {}
    for a, b in g.subject_objects(OWL.inverseOf):
        inverse[a], inverse[b] = b, a
    classes = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDFS.subClassOf))
    schema = classes | props
    G = nx.MultiDiGraph()
    for p in props:
        for s, o in g.subject_objects(p):
            if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef):
                if s in schema or o in schema:
                    continue
                G.add_edge(s, o, key=p)
                if p in inverse:
                    G.add_edge(o, s, key=inverse[p])
    treatment_classes = set(g.transitive_subjects(RDFS.subClassOf, sg.Treatment))
    treatments = {s for c in treatment_classes for s in g.subjects(RDF.type, c)}
    source = next(g.subjects(RDFS.label, rdflib.Literal("intense exercise", lang="en")))
    found = 0
    frontier = [(source,)]
    for _ in range(4):
        grown = []
        for path in frontier:
            for _, nxt in G.out_edges(path[-1]):
                if nxt in path:
                    continue
                if nxt in treatments:
                    found += 1
                else:
                    grown.append((*path, nxt))
        frontier = grown
    print(found)
    return 0


def with_pyoxigraph() -> int:
    import pyoxigraph as ox

    store = ox.Store()
    for file in bundled():
        store.load(path=str(file), format=ox.RdfFormat.TURTLE)
    rows = list(
        store.query(
            "PREFIX sg: <https://w3id.org/spasmgraph/> "
            "SELECT ?c ?m ?t WHERE { ?c sg:triggers ?m . ?t sg:actsOn ?m }"
        )
    )
    print(len(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(with_pyoxigraph() if sys.argv[1] == "pyoxigraph" else with_rdflib())
