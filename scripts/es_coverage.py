"""List the English texts of the bundled ontology that have no Spanish counterpart.

The Spanish layer (``ontology/es.ttl``) gives every subject that has an English label,
definition, paraphrase, rationale or disclaimer the same text in Spanish. Run this after
the English layers change to see what is left to translate::

    python scripts/es_coverage.py              # one line per missing text, exit 1 if any
    python scripts/es_coverage.py --turtle     # a Turtle skeleton to fill in, English as comments

``tests/test_lang.py`` runs :func:`missing` and fails while anything is listed.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

SG = "https://w3id.org/spasmgraph/"
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
ENGLISH_LAYERS = ("schema", "article", "evidence", "mappings")
TEXTS: tuple[URIRef, ...] = (
    RDFS.label,
    SKOS.prefLabel,
    SKOS.definition,
    URIRef(SG + "paraphrase"),
    URIRef(SG + "rationale"),
    URIRef(SG + "disclaimer"),
)
"""The text properties every English text of which needs a Spanish counterpart."""


def _graph(names: Iterable[str]) -> Graph:
    g = Graph()
    for name in names:
        g.parse(ONTOLOGY / f"{name}.ttl", format="turtle")
    return g


def missing(english: Graph | None = None, spanish: Graph | None = None) -> list[tuple[URIRef, URIRef, str]]:
    """(subject, property, English text) for every English text without a Spanish one."""
    english = _graph(ENGLISH_LAYERS) if english is None else english
    spanish = _graph(["es"]) if spanish is None else spanish
    both = english + spanish
    out = []
    for prop in TEXTS:
        for s, o in sorted(english.subject_objects(prop)):
            if not isinstance(o, Literal) or o.language != "en" or not isinstance(s, URIRef):
                continue
            if not any(
                isinstance(t, Literal) and t.language == "es" for t in both.objects(s, prop)
            ):
                out.append((s, prop, str(o)))
    return out


def _short(g: Graph, term: URIRef) -> str:
    return g.namespace_manager.normalizeUri(term)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turtle", action="store_true", help="print a Turtle skeleton")
    args = parser.parse_args(argv)
    english = _graph(ENGLISH_LAYERS)
    todo = missing(english)
    if args.turtle:
        by_subject: dict[URIRef, list[tuple[URIRef, str]]] = defaultdict(list)
        for s, p, text in todo:
            by_subject[s].append((p, text))
        for s, items in by_subject.items():
            print(_short(english, s))
            for p, text in items:
                print(f"    # {_short(english, p)}: {text}")
                print(f'    {_short(english, p)} ""@es ;')
            for alt in sorted(str(a) for a in english.objects(s, SKOS.altLabel)):
                print(f"    # skos:altLabel: {alt}")
            print("    .")
    else:
        for s, p, text in todo:
            print(f"{_short(english, s)}\t{_short(english, p)}\t{text}")
    print(f"{len(todo)} English texts without a Spanish one", file=sys.stderr)
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
