"""Deterministic synthetic knowledge graphs in spasmgraph's own schema, for benchmarks.

Usage::

    python benchmarks/synthetic.py --triples 1000000 --seed 7 -o /tmp/syn-1e6.nt

The output is one N-Triples file that holds the spasmgraph schema (``ontology/schema.ttl``,
blank nodes canonically labelled) followed by a generated knowledge base that uses every
class, object property and data property of the schema the way the bundled graph does:

* entities (``owl:NamedIndividual`` plus a schema class) with an English ``rdfs:label``,
  a ``skos:definition`` and, for some, ``skos:altLabel`` synonyms;
* relations between them, each annotated by an ``owl:Axiom`` with ``dcterms:source``,
  ``sg:locator``, ``sg:assertionMode`` and ``sg:expressesClaim`` (see ontology/README.md);
* claims (``sg:Claim`` with paraphrase, locator and ``prov:wasDerivedFrom`` a source), most of
  them graded by an ``sg:EvidenceAssessment`` with a verdict, a rationale and citations;
* regimens with typed values, red flags, cautions, prognoses, care actions and postures.

Degrees are skewed like real knowledge graphs: every class has a fixed popularity order,
and relation targets are drawn from it with Zipf weights (``--zipf``, default 0.8), so a
few mechanisms collect most "triggers" and "acts on" links. Sizes scale linearly with
``--triples``; the total lands within about 10 % of it for small graphs and within 1 % from
10⁵ triples up (the exact count is printed).

Identical arguments give byte-identical output: all randomness comes from
``random.Random(seed)`` and lines are written in generation order, which never depends on
hashing. The schema is read from the installed ``spasmgraph.ontology`` package.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

SG = "https://w3id.org/spasmgraph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
BIBO = "http://purl.org/ontology/bibo/"

TYPE = f"<{RDF}type>"
NAMED = f"<{OWL}NamedIndividual>"
LABEL = f"<{RDFS}label>"
DEFINITION = f"<{SKOS}definition>"
ALT = f"<{SKOS}altLabel>"

# Instances per 1000 requested triples, by class. Tuned so that the total is close to N.
POPULATION: dict[str, float] = {
    "Condition": 1.0,
    "SpasmType": 0.5,
    "Cause": 2.2,
    "RiskFactor": 1.0,
    "Mechanism": 2.2,
    "Symptom": 1.6,
    "BodyRegion": 0.4,
    "PopulationGroup": 0.5,
    "Treatment": 0.2,
    "Medication": 1.4,
    "ProfessionalTherapy": 0.8,
    "HomeRemedy": 1.8,
    "DietOrLifestyle": 0.9,
    "Regimen": 1.6,
    "RedFlag": 0.3,
    "Caution": 0.7,
    "Prognosis": 0.3,
    "CareAction": 0.12,
    "Posture": 0.12,
    "Source": 0.08,
    "Citation": 0.9,
    "Recommendation": 0.1,
}
TRIPLES_PER_UNIT = 1462.0
"""Generated triples per 1000 requested, measured; keeps the total close to ``--triples``."""
TREATMENTS = ("Treatment", "Medication", "ProfessionalTherapy", "HomeRemedy", "DietOrLifestyle")
CONDITIONS = ("Condition", "SpasmType")


@dataclass(frozen=True)
class Relation:
    """An object property between entity classes, with the mean out-degree of its domain."""

    prop: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    degree: float
    annotated: bool = True  # carries an owl:Axiom with provenance


RELATIONS: tuple[Relation, ...] = (
    Relation("triggers", ("Cause", "RiskFactor"), ("Mechanism",), 2.0),
    Relation("leadsTo", ("Mechanism",), ("Mechanism",), 1.0),
    Relation("producesSymptom", ("Mechanism",), ("Symptom",), 1.2),
    Relation("resultsIn", ("Mechanism",), CONDITIONS, 0.6),
    Relation("causes", ("Cause",), CONDITIONS, 0.7),
    Relation("increasesRiskOf", ("RiskFactor",), CONDITIONS, 1.0),
    Relation("actsOn", TREATMENTS, ("Mechanism",), 1.6),
    Relation("isCounteractedBy", ("Mechanism",), TREATMENTS, 0.05),
    Relation("relieves", TREATMENTS, ("Symptom",), 1.0),
    Relation("isRelievedBy", ("Symptom",), TREATMENTS, 0.05),
    Relation("treats", TREATMENTS, CONDITIONS, 0.8),
    Relation("isTreatedBy", CONDITIONS, TREATMENTS, 0.05),
    Relation("hasSymptom", CONDITIONS, ("Symptom",), 1.5),
    Relation("progressesTo", CONDITIONS, CONDITIONS, 0.3),
    Relation("affectsRegion", CONDITIONS, ("BodyRegion",), 1.0),
    Relation("mostAffectedRegion", CONDITIONS, ("BodyRegion",), 0.3),
    Relation("commonIn", CONDITIONS, ("PopulationGroup",), 0.6),
    Relation("subtypeOf", ("SpasmType",), ("Condition",), 1.0),
    Relation("hasRegimen", TREATMENTS, ("Regimen",), 0.3),
    Relation("suggests", ("RedFlag",), CONDITIONS, 1.2),
    Relation("cautionFor", ("Caution",), TREATMENTS, 1.0),
    Relation("concernsPopulation", ("Caution",), ("PopulationGroup",), 0.3),
    Relation("alternativeTo", ("Mechanism",), ("Mechanism",), 0.1),
    Relation("inDrugClass", ("Medication",), ("Medication",), 0.4),
    Relation("exampleOf", ("Cause",), ("Cause",), 0.1),
    Relation("hasPrognosis", CONDITIONS, ("Prognosis",), 0.3),
    Relation("expectedAfter", ("Prognosis",), TREATMENTS, 1.0),
    Relation("escalatesTo", ("Prognosis",), ("CareAction",), 1.0),
    Relation("warrantsCareAction", CONDITIONS, ("CareAction",), 0.2),
    Relation("involvesMechanism", CONDITIONS, ("Mechanism",), 0.4),
    Relation("position", ("Regimen",), ("Posture",), 0.2),
    Relation("angleAtJoint", ("Regimen",), ("BodyRegion",), 0.1),
    Relation("hasRedFlag", CONDITIONS, ("RedFlag",), 0.4),
    Relation("indicatesRedFlag", ("Symptom", "RiskFactor"), ("RedFlag",), 0.2),
    Relation("givesRiseTo", ("Condition",), ("Condition",), 0.1),
    Relation("concernsTreatment", ("Recommendation",), TREATMENTS, 1.0, annotated=False),
    Relation("fromGuideline", ("Recommendation",), ("Citation",), 1.0, annotated=False),
    Relation("population", ("Recommendation",), ("Condition",), 1.0, annotated=False),
)
FUNCTIONAL = {"position", "angleAtJoint", "fromGuideline", "population"}
STRUCTURAL = {
    "subtypeOf",
    "hasRegimen",
    "inDrugClass",
    "exampleOf",
    "position",
    "angleAtJoint",
    "alternativeTo",
    "concernsTreatment",
    "fromGuideline",
    "population",
}
"""Properties whose ``sg:relationKind`` is structural: their relations carry no assessment."""
DIRECTIONS = ("RecommendFor", "RecommendAgainst", "DoNotOfferAlone")

VERDICTS = (("Supported", 20), ("Mixed", 25), ("Insufficient", 30), ("Unsupported", 15))
VERDICTS += (("Contradicted", 10),)
URGENCIES = ("Emergency", "Urgent", "Assess")
CAUTION_KINDS = ("Contraindication", "Warning", "DoseLimit", "Interaction", "PopulationCaution")

_ADJECTIVES = (
    "acute chronic sudden gradual deep shallow local diffuse mild severe recurrent nocturnal "
    "postural thermal mechanical metabolic neural muscular spinal lumbar thoracic cervical "
    "reflex sustained intermittent early late minor major bilateral unilateral"
)
ADJECTIVES = _ADJECTIVES.split()
NOUNS = {
    "Condition": "spasm cramp contracture strain stiffness tightness twitch knot",
    "SpasmType": "effort spasm rest spasm night spasm reflex spasm",
    "Cause": "overuse lifting twisting dehydration cold exposure posture fatigue stress",
    "RiskFactor": "age obesity inactivity smoking occupation deconditioning",
    "Mechanism": "tension ischaemia lactate build-up inflammation nerve irritation "
    "electrolyte loss oxygen debt overload",
    "Symptom": "pain stiffness swelling tenderness weakness burning",
    "BodyRegion": "lower back upper back neck shoulder hip flank",
    "PopulationGroup": "adults athletes workers students older adults",
    "Medication": "analgesic relaxant anti-inflammatory tablet gel",
    "ProfessionalTherapy": "massage manipulation physiotherapy acupuncture",
    "HomeRemedy": "compress stretch bath pack rub",
    "DietOrLifestyle": "diet rest hydration walking sleep",
    "Treatment": "remedy measure approach",
    "Regimen": "regimen schedule routine",
    "RedFlag": "numbness fever incontinence weight loss trauma",
    "Caution": "caution warning limit",
    "Recommendation": "recommendation advice guidance",
    "Prognosis": "recovery course outlook",
    "CareAction": "evaluation referral visit",
    "Posture": "supine position prone position side lying",
    "Source": "article leaflet guideline",
    "Citation": "trial review cohort study",
}
_WORDS = (
    "the muscle back pain relief blood flow rest heat cold stretch fibre nerve tension "
    "evidence trial small benefit short term some patients may often rarely improve reduce "
    "increase after before during with without about within days weeks hours movement "
    "posture spine joint tissue oxygen supply lactate inflammation swelling recovery"
)
WORDS = _WORDS.split()


def zipf_cumulative(n: int, s: float) -> list[float]:
    """Cumulative Zipf weights 1/k**s for ranks 1..n."""
    return list(itertools.accumulate(1.0 / (k**s) for k in range(1, n + 1)))


class Generator:
    """Writes N-Triples lines for one synthetic graph."""

    def __init__(self, triples: int, seed: int, zipf: float) -> None:
        self.rng = random.Random(seed)
        self.triples = triples
        self.scale = 1.0
        self.zipf = zipf
        self.count = 0
        self.entities: dict[str, list[str]] = {}
        self.popular: dict[str, tuple[list[str], list[float]]] = {}
        self._words = 0

    # -- helpers -----------------------------------------------------------------------
    def n(self, cls: str) -> int:
        least = len(CAUTION_KINDS) if cls == "Caution" else 2  # one caution of each kind
        return max(least, round(POPULATION[cls] * self.scale))

    def text(self, words: int) -> str:
        rng = self.rng
        return " ".join(rng.choice(WORDS) for _ in range(words))

    def pick(self, classes: Sequence[str]) -> str:
        """A Zipf-weighted member of the union of *classes* (by each class's popularity)."""
        cls = classes[0] if len(classes) == 1 else self._class_choice(classes)
        members, cum = self.popular[cls]
        x = self.rng.random() * cum[-1]
        return members[min(bisect.bisect_right(cum, x), len(members) - 1)]

    def _class_choice(self, classes: Sequence[str]) -> str:
        sizes = [len(self.entities[c]) for c in classes]
        x = self.rng.random() * sum(sizes)
        for cls, size in zip(classes, sizes, strict=True):
            if x < size:
                return cls
            x -= size
        return classes[-1]

    # -- output ------------------------------------------------------------------------
    def generate(self, out: Callable[[str], None]) -> None:
        for line in schema_lines():
            out(line)
            self.count += 1
        # POPULATION and RELATIONS yield about TRIPLES_PER_UNIT triples per unit of scale.
        self.scale = max(self.triples - self.count, 1000) / TRIPLES_PER_UNIT
        buffer: list[str] = []

        def emit(s: str, p: str, o: str) -> None:
            self.count += 1
            buffer.append(f"{s} {p} {o} .\n")
            if len(buffer) >= 10000:
                out("".join(buffer))
                buffer.clear()

        rng = self.rng
        for cls in POPULATION:
            names = [f"<{SG}syn_{_snake(cls)}_{i}>" for i in range(self.n(cls))]
            self.entities[cls] = names
            order = names[:]
            rng.shuffle(order)
            self.popular[cls] = (order, zipf_cumulative(len(order), self.zipf))
        for cls, names in self.entities.items():
            for i, iri in enumerate(names):
                self.entity(emit, cls, iri, i)

        claims = self.relations(emit)
        self.evidence(emit, claims)
        if buffer:
            out("".join(buffer))

    def entity(self, emit: Callable[[str, str, str], None], cls: str, iri: str, i: int) -> None:
        rng = self.rng
        noun = rng.choice(NOUNS[cls].split())
        label = f"{rng.choice(ADJECTIVES)} {noun} {i}"
        lines = [
            (iri, TYPE, NAMED),
            (iri, TYPE, f"<{SG}{cls}>"),
            (iri, LABEL, _lit(label, "en")),
            (iri, DEFINITION, _lit(f"A synthetic {_words(cls)}: {self.text(12)}.", "en")),
        ]
        if rng.random() < 0.4:
            lines.append((iri, ALT, _lit(f"{noun} {cls.lower()} {i}", "en")))
        if cls == "Regimen":
            lines += self.regimen(iri, full=i == 0)
        elif cls == "PopulationGroup":
            lines.append((iri, f"<{SG}approximateAgeYears>", _int(rng.randrange(18, 80))))
        elif cls == "Source":
            lines.append((iri, f"<{DCTERMS}title>", _lit(f"Synthetic {noun} {i}", "en")))
            lines.append((iri, f"<{BIBO}uri>", _typed(f"https://example.org/doc/{i}", "anyURI")))
        elif cls == "Citation":
            lines += [
                (iri, f"<{DCTERMS}title>", _lit(f"A {noun} of {self.text(4)}", "en")),
                (iri, f"<{DCTERMS}creator>", _lit(f"Author {rng.randrange(1, 5000)}")),
                (iri, f"<{DCTERMS}issued>", _typed(str(rng.randrange(1980, 2026)), "gYear")),
                (iri, f"<{SG}venue>", _lit(f"Journal {rng.randrange(1, 300)}")),
                (iri, f"<{BIBO}doi>", _lit(f"10.5555/syn.{i}")),
            ]
        elif cls == "Recommendation":
            lines += [
                (iri, f"<{SG}recommendationDirection>", f"<{SG}{rng.choice(DIRECTIONS)}>"),
                (iri, f"<{SG}recommendationStrength>", _lit("strong recommendation", "en")),
                (iri, f"<{SG}certaintyOfEvidence>", _lit("moderate-quality evidence", "en")),
                (iri, f"<{SG}rationale>", _lit(self.text(12), "en")),
            ]
        elif cls == "RedFlag":
            lines.append((iri, f"<{SG}hasUrgency>", f"<{SG}{rng.choice(URGENCIES)}>"))
        elif cls == "Caution":
            kind = CAUTION_KINDS[i % len(CAUTION_KINDS)]
            lines.append((iri, f"<{SG}hasCautionKind>", f"<{SG}{kind}>"))
            if kind == "DoseLimit":
                lines.append((iri, f"<{SG}maxDailyDoseMg>", _int(rng.randrange(100, 4001, 100))))
            elif kind == "Interaction":
                lines.append((iri, f"<{SG}drinksPerDayThreshold>", _int(rng.randrange(1, 5))))
            elif kind == "PopulationCaution":
                lines.append((iri, f"<{SG}fromGestationalWeek>", _int(rng.randrange(12, 40))))
        for s, p, o in lines:
            emit(s, p, o)

    def regimen(self, iri: str, full: bool) -> list[tuple[str, str, str]]:
        """Typed regimen values; *full* gives every optional one (so each is used)."""
        rng = self.rng

        def chance(p: float) -> bool:
            return rng.random() < p or full

        out = [(iri, f"<{SG}durationMinutes>", _int(rng.choice((5, 10, 15, 20, 30))))]
        if chance(0.6):
            out.append((iri, f"<{SG}timesPerDay>", _int(rng.randrange(1, 5))))
        if chance(0.3):
            out.append((iri, f"<{SG}durationDays>", _int(rng.randrange(1, 15))))
            out.append((iri, f"<{SG}isMinimum>", _bool(rng.random() < 0.5)))
        if chance(0.2):
            out.append((iri, f"<{SG}startsAtOnset>", _bool(True)))
        if chance(0.3):
            out.append((iri, f"<{SG}untilResolved>", _bool(True)))
        if chance(0.1):
            out.append((iri, f"<{SG}angleDegrees>", _int(rng.choice((45, 90)))))
        if chance(0.2):
            out.append((iri, f"<{SG}amount>", _typed(f"{rng.randrange(1, 100)}.5", "decimal")))
            out.append((iri, f"<{SG}amountUnit>", _lit("mg")))
        return out

    def relations(self, emit: Callable[[str, str, str], None]) -> list[list[int]]:
        """Emit the relations; return their axiom numbers grouped into claims."""
        rng = self.rng
        sources = self.popular["Source"]
        axiom = 0
        claims: list[list[int]] = []
        current: list[int] = []
        claim_size = 0
        for rel in RELATIONS:
            prop = f"<{SG}{rel.prop}>"
            used = False
            for cls in rel.domain:
                for n, subject in enumerate(self.entities[cls]):
                    degree = _degree(rng, rel.degree)
                    last = cls == rel.domain[-1] and n == len(self.entities[cls]) - 1
                    if last and not used:
                        degree = max(degree, 1)  # every property appears at least once
                    if rel.prop in FUNCTIONAL:
                        degree = min(degree, 1)
                    targets: list[str] = []
                    for _ in range(degree * 3):
                        if len(targets) >= degree:
                            break
                        target = self.pick(rel.range)
                        if target != subject and target not in targets:
                            targets.append(target)
                    for target in targets:
                        used = True
                        emit(subject, prop, target)
                        if not rel.annotated:
                            continue
                        if claim_size == 0:
                            if current:
                                claims.append(current)
                            current = []
                            claim_size = rng.choice((1, 1, 2, 2, 3))
                        claim_no = len(claims)
                        node = f"_:ax{axiom}"
                        members, cum = sources
                        src = members[bisect.bisect_right(cum, rng.random() * cum[-1])]
                        mode = "StatedInSource" if rng.random() < 0.75 else "InferredByModeller"
                        for p, o in (
                            (TYPE, f"<{OWL}Axiom>"),
                            (f"<{OWL}annotatedSource>", subject),
                            (f"<{OWL}annotatedProperty>", prop),
                            (f"<{OWL}annotatedTarget>", target),
                            (f"<{DCTERMS}source>", src),
                            (
                                f"<{SG}locator>",
                                _lit(f"Section {rng.randrange(1, 9)}, item {axiom}"),
                            ),
                            (f"<{SG}assertionMode>", f"<{SG}{mode}>"),
                            (f"<{SG}expressesClaim>", f"<{SG}syn_claim_{claim_no}>"),
                        ):
                            emit(node, p, o)
                        if rng.random() < 0.03:
                            emit(node, f"<{SG}hedged>", _bool(True))
                        if rel.prop not in STRUCTURAL:
                            self.assessment(emit, axiom, subject, prop, target)
                        current.append(axiom)
                        claim_size -= 1
                        axiom += 1
        if current:
            claims.append(current)
        return claims

    def assessment(
        self, emit: Callable[[str, str, str], None], no: int, s: str, p: str, o: str
    ) -> None:
        """The relation's own ``sg:RelationAssessment`` (or an explicit "not assessed")."""
        rng = self.rng
        iri = f"<{SG}syn_relation_assessment_{no}>"
        verdict = (
            rng.choices([v for v, _ in VERDICTS], [w for _, w in VERDICTS])[0]
            if rng.random() < 0.9
            else "NotAssessed"
        )
        lines = [
            (iri, TYPE, NAMED),
            (iri, TYPE, f"<{SG}RelationAssessment>"),
            (iri, LABEL, _lit(f"evidence on relation {no}", "en")),
            (iri, f"<{SG}assessedSubject>", s),
            (iri, f"<{SG}assessedProperty>", p),
            (iri, f"<{SG}assessedObject>", o),
            (iri, f"<{SG}hasVerdict>", f"<{SG}{verdict}>"),
            (iri, f"<{SG}rationale>", _lit(self.text(10), "en")),
            (iri, f"<{SG}indirectEvidence>", _bool(rng.random() < 0.7)),
        ]
        if verdict != "NotAssessed":
            lines.append((iri, f"<{SG}cites>", self.pick(("Citation",))))
            if rng.random() < 0.05:
                lines.append((iri, f"<{SG}basedOnRecommendation>", self.pick(("Recommendation",))))
        for line in lines:
            emit(*line)

    def evidence(self, emit: Callable[[str, str, str], None], claims: list[list[int]]) -> None:
        rng = self.rng
        verdicts = [v for v, _ in VERDICTS]
        weights = [w for _, w in VERDICTS]
        sources = self.entities["Source"]
        for no, _axioms in enumerate(claims):
            claim = f"<{SG}syn_claim_{no}>"
            lines = [
                (claim, TYPE, NAMED),
                (claim, TYPE, f"<{SG}Claim>"),
                (claim, LABEL, _lit(f"claim {no}: {self.text(5)}", "en")),
                (claim, DEFINITION, _lit(f"A synthetic claim: {self.text(10)}.", "en")),
                (claim, f"<{SG}paraphrase>", _lit(self.text(14))),
                (claim, f"<{PROV}wasDerivedFrom>", sources[no % len(sources)]),
                (claim, f"<{SG}locator>", _lit(f"Section {rng.randrange(1, 9)}")),
            ]
            if rng.random() < 0.85:
                assessment = f"<{SG}syn_assessment_{no}>"
                verdict = rng.choices(verdicts, weights)[0]
                lines += [
                    (assessment, TYPE, NAMED),
                    (assessment, TYPE, f"<{SG}EvidenceAssessment>"),
                    (assessment, LABEL, _lit(f"assessment of claim {no}", "en")),
                    (assessment, f"<{SG}assesses>", claim),
                    (assessment, f"<{SG}hasVerdict>", f"<{SG}{verdict}>"),
                    (assessment, f"<{SG}rationale>", _lit(self.text(12))),
                ]
                cited: list[str] = []
                for _ in range(rng.choice((1, 1, 2, 3))):
                    citation = self.pick(("Citation",))
                    if citation not in cited:
                        cited.append(citation)
                        lines.append((assessment, f"<{SG}cites>", citation))
            for s, p, o in lines:
                emit(s, p, o)
        # Red flags and cautions rest on citations too.
        for iri in self.entities["RedFlag"] + self.entities["Caution"]:
            emit(iri, f"<{SG}cites>", self.pick(("Citation",)))


def _degree(rng: random.Random, mean: float) -> int:
    """A skewed out-degree with the given mean (0 allowed for means below 1)."""
    if mean < 1:
        return 1 if rng.random() < mean else 0
    return 1 + int(rng.expovariate(1.0 / mean) if mean > 1 else 0)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def _words(name: str) -> str:
    return _snake(name).replace("_", " ")


def _lit(text: str, lang: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def _typed(text: str, xsd: str) -> str:
    return f'"{text}"^^<{XSD}{xsd}>'


def _int(value: int) -> str:
    return _typed(str(value), "integer")


def _bool(value: bool) -> str:
    return _typed("true" if value else "false", "boolean")


def schema_lines() -> Iterator[str]:
    """The bundled schema as sorted N-Triples lines with canonical blank-node labels."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    from spasmgraph._files import bundled_text

    graph = Graph().parse(data=bundled_text("schema.ttl"), format="turtle")
    text = to_canonical_graph(graph).serialize(format="nt")
    yield from sorted(line + "\n" for line in text.splitlines() if line.strip())


def generate(triples: int, seed: int, out: TextIO, *, zipf: float = 0.8) -> int:
    """Write a synthetic graph of about *triples* triples to *out*; return the exact count."""
    gen = Generator(triples, seed, zipf)
    gen.generate(out.write)
    return gen.count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many triples")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--zipf", type=float, default=0.8, help="Zipf exponent of targets")
    parser.add_argument("-o", "--output", required=True, help="N-Triples file to write")
    args = parser.parse_args(argv)
    path = Path(args.output)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        count = generate(args.triples, args.seed, fh, zipf=args.zipf)
    tmp.replace(path)
    print(f"wrote {count} triples to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
