"""Guideline recommendations next to what the article claims, and triage from a feature.

The evidence layer models the recommendations of NICE NG59 and ACP 2017 (and ACP/APS
2007) that bear on the article as ``sg:Recommendation`` individuals: direction, strength,
certainty of evidence, population and the treatment or care action they concern.
:func:`recommendations` lists them for a treatment, with the article's claims about it
and their verdicts, side by side; :func:`triage` gives the red flags a symptom, finding or
history item signals, most urgent first, with what to do and the citations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, URIRef

from .. import entities as _entities
from ..entities import Entity
from ..vocab import SG
from .assessments import _claims_for_entity, _of_claims
from .model import Assessment, Citation, RedFlag
from .safety import red_flags
from .source import Reader, Source, reader

__all__ = ["Recommendation", "TreatmentEvidence", "recommendations", "triage"]


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One guideline recommendation about a treatment or care action.

    Attributes
    ----------
    iri, label : str
        The recommendation and its short name.
    concerns : str
        Label of the treatment, drug class or care action it is about.
    direction : str
        ``"recommend for"``, ``"recommend against"`` or ``"do not offer alone"`` (the
        ontology's labels).
    strength, certainty : str or None
        The strength and the certainty of evidence, in the guideline's own grading words.
    population : str or None
        Who it is for (the proxy condition: acute non-specific low back pain).
    guideline : Citation
        The guideline it comes from.
    rationale : str
        Why, in spasmgraph's words.
    """

    iri: str
    label: str
    concerns: str
    direction: str
    strength: str | None
    certainty: str | None
    population: str | None
    guideline: Citation
    rationale: str

    def __str__(self) -> str:
        how = ", ".join(x for x in (self.strength, self.certainty) if x)
        return f"{self.label}: {self.direction}" + (f" ({how})" if how else "")


@dataclass(frozen=True, slots=True)
class TreatmentEvidence:
    """A treatment's guideline recommendations and the article's claims, side by side.

    Attributes
    ----------
    treatment : str
        The treatment's label.
    recommendations : tuple of Recommendation
        About the treatment or any drug class it belongs to.
    article : tuple of Assessment
        The article's claims about it, each with the verdict the evidence gives the claim.
    """

    treatment: str
    recommendations: tuple[Recommendation, ...]
    article: tuple[Assessment, ...]

    def __str__(self) -> str:
        lines = [f"{self.treatment}", "  guidelines:"]
        lines += [f"    {r}" for r in self.recommendations] or ["    none recorded"]
        lines.append("  the article:")
        lines += [f"    {a.claim_label}: {a.verdict}" for a in self.article] or ["    no claim"]
        return "\n".join(lines)


def _classes(read: Reader, iri: URIRef) -> Iterator[URIRef]:
    """*iri* and every drug class it belongs to (``sg:inDrugClass``, transitively)."""
    seen = [iri]
    for node in seen:
        for parent in read.objects(node, SG.inDrugClass):
            if parent not in seen:
                seen.append(parent)
    yield from seen


def _recommendation(read: Reader, iri: URIRef, target: URIRef) -> Recommendation:
    def first(prop: URIRef) -> URIRef | None:
        found = read.objects(iri, prop)
        return found[0] if found else None

    direction = first(SG.recommendationDirection)
    population = first(SG.population)
    guideline = first(SG.fromGuideline)
    return Recommendation(
        iri=str(iri),
        label=read.label(iri),
        concerns=read.label(target),
        direction=read.label(direction) if direction is not None else "unknown",
        strength=read.literal(iri, SG.recommendationStrength),
        certainty=read.literal(iri, SG.certaintyOfEvidence),
        population=read.label(population) if population is not None else None,
        guideline=read.citation(guideline) if guideline is not None else _NO_GUIDELINE,
        rationale=read.literal(iri, SG.rationale) or "",
    )


_NO_GUIDELINE = Citation("", "unknown guideline", None, (), None, None, None, None)


def recommendations(
    source: Source,
    treatment: str | Entity,
    *,
    graph: Graph | None = None,
    lang: str | None = None,
) -> TreatmentEvidence:
    """The recommendations about *treatment* and the article's claims about it.

    Parameters
    ----------
    source : Index or KnowledgeGraph
        Where to read (see :mod:`spasmgraph.evidence.source`).
    treatment : str or Entity
        A treatment or care action: label, synonym, CURIE or IRI. Recommendations about
        a drug class it belongs to count too.

    Raises
    ------
    UnknownEntityError
        The treatment does not resolve.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> found = recommendations(sg.load(), "ibuprofen")
    >>> [r.concerns for r in found.recommendations][:1], found.article[0].verdict
    (['NSAID'], 'mixed')
    """
    read = reader(source, graph, lang)
    iri = _entities.resolve(read.index, treatment)
    kept: dict[URIRef, Recommendation] = {}
    for target in _classes(read, iri):
        for rec in read.subjects(SG.concernsTreatment, target):
            if rec not in kept and read.index.is_instance(rec, SG.Recommendation):
                kept[rec] = _recommendation(read, rec, target)
    found = sorted(kept.values(), key=lambda r: (r.guideline.label, r.label))
    article = _of_claims(read, _claims_for_entity(read, iri))
    return TreatmentEvidence(read.label(iri), tuple(found), article)


def triage(
    source: Source,
    feature: str | Entity,
    *,
    graph: Graph | None = None,
    lang: str | None = None,
) -> tuple[RedFlag, ...]:
    """The red flags a symptom, finding or history item signals, most urgent first.

    Each red flag carries its urgency, its care actions (what to do, how soon) and its
    citations (see :class:`~spasmgraph.evidence.RedFlag`).

    Examples
    --------
    >>> import spasmgraph as sg
    >>> flags = triage(sg.load(), "saddle anaesthesia")
    >>> flags[0].urgency, flags[0].care_actions[0].label
    ('emergency', 'emergency care now')
    """
    read = reader(source, graph, lang)
    iri = _entities.resolve(read.index, feature)
    signalled = {str(f) for f in read.objects(iri, SG.indicatesRedFlag)}
    if read.index.is_instance(iri, SG.RedFlag):
        signalled.add(str(iri))
    return tuple(f for f in red_flags(read.index, lang, graph=read.graph) if f.iri in signalled)
