"""List the English texts of the bundled ontology that have no Spanish counterpart.

The Spanish layer (``ontology/es.ttl``) gives every subject that has an English label,
definition, paraphrase, rationale or disclaimer the same text in Spanish. Run this after
the English layers change to see what is left to translate::

    python scripts/es_coverage.py              # one line per missing text, exit 1 if any
    python scripts/es_coverage.py --turtle     # a Turtle skeleton to fill in, English as comments
    python scripts/es_coverage.py --relation-assessments   # Spanish label and definition of
                                               # each new sg:RelationAssessment, built from the
                                               # Spanish labels of its subject, property, object

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


def missing(
    english: Graph | None = None, spanish: Graph | None = None
) -> list[tuple[URIRef, URIRef, str]]:
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


def relation_assessment_turtle(english: Graph, spanish: Graph) -> str:
    """Turtle for the Spanish label and definition of each relation assessment without them.

    The English texts of a relation assessment are composed from the labels of the
    relation it grades ("evidence on: S p O"); the Spanish ones are composed the same way
    from the Spanish labels. Rationales are not composed: translate them by hand.
    """
    both = english + spanish
    prop = {n: URIRef(SG + n) for n in ("assessedSubject", "assessedProperty", "assessedObject")}

    def es(term: object) -> str:
        for label in both.objects(term, RDFS.label):  # type: ignore[arg-type]
            if isinstance(label, Literal) and label.language == "es":
                return str(label)
        raise SystemExit(f"no Spanish label for {term}; translate it first")

    lines = []
    for ra in sorted(english.subjects(prop["assessedSubject"], None)):
        if any(isinstance(t, Literal) and t.language == "es" for t in both.objects(ra, RDFS.label)):
            continue
        s, p, o = (es(english.value(ra, prop[n])) for n in prop)
        name = _short(english, ra)  # type: ignore[arg-type]
        lines.append(f'{name} rdfs:label "evidencia sobre: {s} {p} {o}"@es ;')
        lines.append(
            f'    skos:definition "Califica, con su propia evidencia, la relación en la que '
            f'{s} {p} {o}."@es .'
        )
    return "\n".join(lines)


def _short(g: Graph, term: URIRef) -> str:
    return g.namespace_manager.normalizeUri(term)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turtle", action="store_true", help="print a Turtle skeleton")
    parser.add_argument(
        "--relation-assessments",
        action="store_true",
        help="print Spanish labels and definitions composed for new relation assessments",
    )
    args = parser.parse_args(argv)
    english = _graph(ENGLISH_LAYERS)
    if args.relation_assessments:
        print(relation_assessment_turtle(english, _graph(["es"])))
        return 0
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
