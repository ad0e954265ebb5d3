"""The evidence layer as Python objects: assessments, citations, red flags and cautions.

``ontology/evidence.ttl`` grades every claim of the article (what the article says) against
published evidence (what the evidence says), and adds red flags and safety cautions the
article leaves out. The functions here read that layer from a loaded
:class:`~spasmgraph.KnowledgeGraph` and return frozen dataclasses.

Health information, not medical advice. The evidence is mostly about acute non-specific low
back pain, which stands in for back muscle spasm.

>>> import spasmgraph as sg
>>> from spasmgraph.evidence import assessments_for, cautions, red_flags
>>> kg = sg.load()
>>> [a.verdict for a in assessments_for(kg, ("rest", "treats", "back muscle spasm"))]
['contradicted']
>>> red_flags(kg)[0].urgency
'emergency'
>>> "NSAIDs: pregnancy from 20 weeks" in [c.label for c in cautions(kg, "ibuprofen")]
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from . import entities as _entities
from .entities import Entity
from .errors import UnknownEntityError
from .index import Index
from .paths import Path, Step
from .vocab import BIBO, DCTERMS, SG

if TYPE_CHECKING:
    from .kg import KnowledgeGraph

__all__ = [
    "Assessment",
    "Caution",
    "Citation",
    "EvidenceRef",
    "RedFlag",
    "RelationRef",
    "assessments_for",
    "cautions",
    "red_flags",
    "verdict_counts",
]

RelationRef: TypeAlias = tuple[str | Entity, str, str | Entity]
"""A relation as ``(subject, predicate, object)``: entity references and a property given as
a CURIE (``"sg:actsOn"``), a label (``"acts on"``) or an IRI."""

EvidenceRef: TypeAlias = str | Entity | Step | Path | RelationRef
"""What :func:`assessments_for` accepts: an entity, a relation, a path step or a path."""


@dataclass(frozen=True, slots=True)
class Citation:
    """A published work that an assessment, red flag or caution rests on.

    Attributes
    ----------
    iri : str
        The citation's IRI: its DOI address, its PubMed address, or an ``sg:citation_*`` IRI.
    label : str
        Short name, e.g. ``"Williams et al. 2014 (PACE)"``.
    title : str or None
        ``dcterms:title``, recorded only where the title is confirmed.
    authors : tuple of str
        ``dcterms:creator`` values, in citation order where it is known.
    year : int or None
        Year of publication (``dcterms:issued``).
    venue : str or None
        Journal, publisher or series (``sg:venue``).
    doi, pmid : str or None
        ``bibo:doi`` and ``bibo:pmid``.
    """

    iri: str
    label: str
    title: str | None
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    doi: str | None
    pmid: str | None

    def __str__(self) -> str:
        parts = [self.label]
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.pmid:
            parts.append(f"PMID {self.pmid}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Assessment:
    """How well the evidence supports one claim.

    Attributes
    ----------
    iri : str
        IRI of the ``sg:EvidenceAssessment``.
    claim : str
        CURIE of the assessed claim, e.g. ``"sg:claim_t1"``.
    claim_label : str
        The claim's label (its CURIE when the article layer is not loaded).
    verdict : str or None
        ``"supported"``, ``"mixed"``, ``"insufficient"``, ``"unsupported"`` or
        ``"contradicted"``.
    rank : int or None
        The verdict's ``sg:rank``, 4 (supported) down to 0 (contradicted).
    rationale : str
        One sentence saying why.
    citations : tuple of Citation
        The works cited, sorted by label.
    """

    iri: str
    claim: str
    claim_label: str
    verdict: str | None
    rank: int | None
    rationale: str
    citations: tuple[Citation, ...]

    def __str__(self) -> str:
        return f"{self.claim_label}: {self.verdict or 'no verdict'}. {self.rationale}"


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A feature that, with back pain or spasm, calls for prompt medical evaluation.

    Attributes
    ----------
    iri, label, definition : str
        The red flag and its description.
    urgency : str
        ``"emergency"``, ``"urgent"`` or ``"assess"``.
    urgency_rank : int
        2 for emergency, 1 for urgent, 0 for assess.
    suggests : tuple of str
        Labels of the serious conditions it points to, sorted.
    citations : tuple of Citation
        The works cited, sorted by label.
    """

    iri: str
    label: str
    definition: str
    urgency: str
    urgency_rank: int
    suggests: tuple[str, ...]
    citations: tuple[Citation, ...]

    def __str__(self) -> str:
        seen = f" (suggests {', '.join(self.suggests)})" if self.suggests else ""
        return f"[{self.urgency}] {self.label}{seen}"


@dataclass(frozen=True, slots=True)
class Caution:
    """A safety caution on a treatment or on a drug class.

    Attributes
    ----------
    iri, label, definition : str
        The caution and its description.
    kind : str
        ``"contraindication"``, ``"dose limit"``, ``"interaction"``, ``"population caution"``
        or ``"warning"``.
    applies_to : str
        Label of the treatment or drug class the caution is attached to.
    max_daily_dose_mg, from_gestational_week, max_drinks_per_day : int or None
        The caution's typed numbers, where it has them.
    population : str or None
        Label of the population group it concerns most.
    citations : tuple of Citation
        The works cited, sorted by label.
    """

    iri: str
    label: str
    definition: str
    kind: str
    applies_to: str
    max_daily_dose_mg: int | None
    from_gestational_week: int | None
    max_drinks_per_day: int | None
    population: str | None
    citations: tuple[Citation, ...]

    def __str__(self) -> str:
        return f"[{self.kind}] {self.label} ({self.applies_to})"


# -- helpers ----------------------------------------------------------------------------


def _natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders ``claim_t2`` before ``claim_t10``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.findall(r"\d+|\D+", text)
    )


def _literal(graph: Graph, subject: Node, predicate: URIRef) -> str | None:
    values = sorted(
        (o for o in graph.objects(subject, predicate) if isinstance(o, Literal)),
        key=lambda o: (o.language not in (None, "en"), str(o)),
    )
    return str(values[0]) if values else None


def _integer(graph: Graph, subject: Node, predicate: URIRef) -> int | None:
    text = _literal(graph, subject, predicate)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _year(graph: Graph, subject: Node) -> int | None:
    text = _literal(graph, subject, DCTERMS.issued)
    found = re.match(r"-?\d{4}", text or "")
    return int(found.group(0)) if found else None


def _authors(graph: Graph, subject: Node) -> tuple[str, ...]:
    creators = graph.objects(subject, DCTERMS.creator)
    names = sorted({str(o) for o in creators if isinstance(o, Literal)})
    # RDF keeps no order between values; the formatted citation does, so follow it.
    reference = _literal(graph, subject, DCTERMS.bibliographicCitation) or ""

    def position(name: str) -> tuple[int, str]:
        at = reference.find(name)
        return (at if at >= 0 else len(reference) + 1, name.casefold())

    return tuple(sorted(names, key=position))


def _citation(kg: KnowledgeGraph, iri: URIRef) -> Citation:
    graph, index = kg.graph, kg.index
    return Citation(
        iri=str(iri),
        label=index.label(iri),
        title=_literal(graph, iri, DCTERMS.title),
        authors=_authors(graph, iri),
        year=_year(graph, iri),
        venue=_literal(graph, iri, SG.venue),
        doi=_literal(graph, iri, BIBO.doi),
        pmid=_literal(graph, iri, BIBO.pmid),
    )


def _citations(kg: KnowledgeGraph, subject: URIRef) -> tuple[Citation, ...]:
    cited = set(kg.graph.objects(subject, SG.cites))
    found = [_citation(kg, c) for c in cited if isinstance(c, URIRef)]
    return tuple(sorted(found, key=lambda c: (c.label.casefold(), c.iri)))


def _assessment(kg: KnowledgeGraph, iri: URIRef, claim: URIRef) -> Assessment:
    graph, index = kg.graph, kg.index
    verdict = graph.value(iri, SG.hasVerdict)
    return Assessment(
        iri=str(iri),
        claim=index.curies.shorten(str(claim)),
        claim_label=index.label(claim),
        verdict=index.label(verdict) if isinstance(verdict, URIRef) else None,
        rank=index.ranks.get(verdict) if isinstance(verdict, URIRef) else None,
        rationale=_literal(graph, iri, SG.rationale) or "",
        citations=_citations(kg, iri),
    )


def _assessments_of_claims(kg: KnowledgeGraph, claims: Iterable[URIRef]) -> tuple[Assessment, ...]:
    out: list[Assessment] = []
    seen: set[URIRef] = set()
    for claim in claims:
        found = (a for a in kg.graph.subjects(SG.assesses, claim) if isinstance(a, URIRef))
        for iri in sorted(found, key=lambda a: _natural_key(str(a))):
            if iri not in seen:
                seen.add(iri)
                out.append(_assessment(kg, iri, claim))
    return tuple(out)


def _unique(items: Iterable[URIRef]) -> list[URIRef]:
    return list(dict.fromkeys(items))


def _claims_expressed(index: Index, triple: tuple[URIRef, URIRef, URIRef]) -> Iterator[URIRef]:
    for annotation in index.axioms.get(triple, ()):
        for claim in annotation.get(SG.expressesClaim, ()):
            if isinstance(claim, URIRef):
                yield claim


def _claims_of_entity(kg: KnowledgeGraph, iri: URIRef) -> list[URIRef]:
    index, graph = kg.index, kg.graph
    claims: list[URIRef] = []
    if index.is_instance(iri, SG.Claim) or any(graph.subjects(SG.assesses, iri)):
        claims.append(iri)
    claims.extend(c for c in graph.objects(iri, SG.assesses) if isinstance(c, URIRef))
    for triple in index.axioms:
        if iri in (triple[0], triple[2]):
            claims.extend(_claims_expressed(index, triple))
    # Claims that mention the entity directly (any claim -> entity link).
    mentions = graph.subjects(None, iri)
    claims.extend(s for s in mentions if isinstance(s, URIRef) and index.is_instance(s, SG.Claim))
    return sorted(_unique(claims), key=lambda c: _natural_key(index.curies.shorten(str(c))))


def _property(index: Index, ref: str) -> URIRef:
    hits = index.matches(str(ref))
    props = sorted((tier, str(p)) for p, tier in hits.items() if p in index.object_properties)
    if props:
        return URIRef(props[0][1])
    known = sorted(index.label(p) for p in index.object_properties)
    close = [s.strip("'") for s in re.findall(r"'[^']*'", _entities.suggest_from(str(ref), known))]
    raise UnknownEntityError(str(ref), close, what="property")


def _expand(index: Index, curie: str) -> URIRef:
    return URIRef(index.curies.expand(curie) or curie)


def _asserted(kg: KnowledgeGraph, s: URIRef, p: URIRef, o: URIRef) -> tuple[URIRef, URIRef, URIRef]:
    """The stored triple behind *s p o*, following ``owl:inverseOf`` if needed."""
    index, graph = kg.index, kg.graph
    if (s, p, o) in graph:
        return (s, p, o)
    inverse = index.inverse_of.get(p)
    if inverse is not None and (o, inverse, s) in graph:
        return (o, inverse, s)
    # Suggest stored relations that share the subject and the property, or link the same pair.
    nearby = [
        (s, prop, obj) for prop, obj in index.out_edges.get(s, ()) if prop == p or obj == o
    ] + [(subj, prop, s) for prop, subj in index.in_edges.get(s, ()) if subj == o]
    suggestions = [_triple_text(index, t) for t in nearby[:3]]
    raise UnknownEntityError(_triple_text(index, (s, p, o)), suggestions, what="relation")


def _triple_text(index: Index, triple: tuple[URIRef, URIRef, URIRef]) -> str:
    return " ".join(index.curies.shorten(str(part)) for part in triple)


def _relation_of_step(kg: KnowledgeGraph, step: Step) -> tuple[URIRef, URIRef, URIRef]:
    index = kg.index
    s, p, o = (_expand(index, part) for part in step.asserted)
    return _asserted(kg, s, p, o)


def _relation_of_tuple(
    kg: KnowledgeGraph, ref: tuple[object, ...]
) -> tuple[URIRef, URIRef, URIRef]:
    index = kg.index
    subject, predicate, obj = ref
    if not isinstance(predicate, str):
        raise TypeError(f"a relation's predicate must be a CURIE, label or IRI, not {predicate!r}")
    for part in (subject, obj):
        if not isinstance(part, (str, Entity)):
            raise TypeError(
                f"a relation's subject and object must be entity references, not {part!r}"
            )
    s = _entities.resolve(index, subject)  # type: ignore[arg-type]
    o = _entities.resolve(index, obj)  # type: ignore[arg-type]
    return _asserted(kg, s, _property(index, predicate), o)


# -- public API -------------------------------------------------------------------------


def assessments_for(kg: KnowledgeGraph, ref: EvidenceRef) -> tuple[Assessment, ...]:
    """The evidence assessments behind an entity, a relation or a path.

    Parameters
    ----------
    kg : KnowledgeGraph
        A graph loaded with the evidence layer.
    ref : str, Entity, tuple, Step or Path
        * an entity (label, synonym, CURIE, IRI or :class:`~spasmgraph.Entity`): the
          assessments of every claim expressed by a relation that has the entity as subject
          or object, plus those of claims that name it directly (or of the claim itself);
        * a relation ``(subject, predicate, object)``: the predicate is a CURIE
          (``"sg:actsOn"``), a label (``"acts on"``) or an IRI, and may be the inverse of the
          stored one (``"is treated by"``);
        * a :class:`~spasmgraph.paths.Step`: its stored relation;
        * a :class:`~spasmgraph.paths.Path`: the union over its steps, in step order, without
          repeats.

    Returns
    -------
    tuple of Assessment
        For an entity, ordered by claim (``claim_t2`` before ``claim_t10``); for a path, in
        step order. Empty when the relations carry no claim, or the claims no assessment.

    Raises
    ------
    UnknownEntityError
        An entity or property does not resolve, or the relation is not in the graph
        (``what="relation"``).
    AmbiguousEntityError
        An entity reference matches several entities equally well.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> kg = sg.load()
    >>> [(a.claim, a.verdict) for a in assessments_for(kg, "warm compress")]
    [('sg:claim_t5', 'supported'), ('sg:claim_t14', 'mixed')]
    >>> assessments_for(kg, ("back muscle spasm", "is treated by", "sg:rest"))[0].claim
    'sg:claim_t7'
    >>> try:
    ...     assessments_for(kg, ("rest", "acts on", "back muscle spasm"))
    ... except sg.UnknownEntityError as err:
    ...     print(err.what, err.ref, err.suggestions)
    relation sg:rest sg:actsOn sg:back_muscle_spasm ('sg:rest sg:treats sg:back_muscle_spasm',)
    """
    if isinstance(ref, Path):
        triples = _unique_triples(_relation_of_step(kg, step) for step in ref.steps)
        claims = [c for t in triples for c in _claims_expressed(kg.index, t)]
        return _assessments_of_claims(kg, _unique(claims))
    if isinstance(ref, Step):
        triple = _relation_of_step(kg, ref)
        return _assessments_of_claims(kg, _unique(_claims_expressed(kg.index, triple)))
    if isinstance(ref, tuple):
        if len(ref) != 3:
            raise TypeError(f"a relation is a (subject, predicate, object) tuple, not {ref!r}")
        triple = _relation_of_tuple(kg, ref)
        return _assessments_of_claims(kg, _unique(_claims_expressed(kg.index, triple)))
    if isinstance(ref, (str, Entity)):
        iri = _entities.resolve(kg.index, ref)
        return _assessments_of_claims(kg, _claims_of_entity(kg, iri))
    raise TypeError(
        f"cannot find evidence for {ref!r}; pass an entity, a (subject, predicate, object) "
        "tuple, a Step or a Path"
    )


def _unique_triples(
    triples: Iterable[tuple[URIRef, URIRef, URIRef]],
) -> list[tuple[URIRef, URIRef, URIRef]]:
    return list(dict.fromkeys(triples))


def red_flags(kg: KnowledgeGraph) -> tuple[RedFlag, ...]:
    """Every red flag, most urgent first, then by label.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> flags = red_flags(sg.load())
    >>> [f.label for f in flags if f.urgency == "emergency"][:2]
    ['new bladder or bowel dysfunction', 'new sexual dysfunction']
    >>> sorted({s for f in flags for s in f.suggests})
    ['cauda equina syndrome', 'spinal infection', 'spinal malignancy', 'vertebral fracture']
    """
    graph, index = kg.graph, kg.index
    out = []
    for iri in index.instances(SG.RedFlag):
        urgency = graph.value(iri, SG.hasUrgency)
        suggests = (c for c in graph.objects(iri, SG.suggests) if isinstance(c, URIRef))
        out.append(
            RedFlag(
                iri=str(iri),
                label=index.label(iri),
                definition=index.definitions.get(iri, ""),
                urgency=index.label(urgency) if isinstance(urgency, URIRef) else "unknown",
                urgency_rank=index.ranks.get(urgency, -1) if isinstance(urgency, URIRef) else -1,
                suggests=tuple(sorted({index.label(c) for c in suggests}, key=str.casefold)),
                citations=_citations(kg, iri),
            )
        )
    return tuple(sorted(out, key=lambda f: (-f.urgency_rank, f.label.casefold(), f.iri)))


def _drug_classes(graph: Graph, iri: URIRef) -> list[URIRef]:
    """*iri* followed by every class it belongs to through ``sg:inDrugClass*``, nearest first."""
    order = [iri]
    frontier = [iri]
    while frontier:
        nxt = []
        for node in frontier:
            found = graph.objects(node, SG.inDrugClass)
            parents = sorted(p for p in found if isinstance(p, URIRef))
            for parent in parents:
                if parent not in order:
                    order.append(parent)
                    nxt.append(parent)
        frontier = nxt
    return order


def cautions(kg: KnowledgeGraph, treatment: str | Entity) -> tuple[Caution, ...]:
    """Safety cautions for a treatment, including those on any drug class it belongs to.

    Parameters
    ----------
    kg : KnowledgeGraph
        A graph loaded with the evidence layer.
    treatment : str or Entity
        Label, synonym, CURIE or IRI. Cautions on every class reached through
        ``sg:inDrugClass`` (transitively) are included; ``applies_to`` says which.

    Returns
    -------
    tuple of Caution
        Sorted by kind, then label. Empty for an entity that carries no caution.

    Raises
    ------
    UnknownEntityError
        The treatment does not resolve.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> kg = sg.load()
    >>> [(c.kind, c.max_daily_dose_mg) for c in cautions(kg, "paracetamol") if c.max_daily_dose_mg]
    [('dose limit', 4000)]
    >>> {c.applies_to for c in cautions(kg, "ibuprofen")} == {"ibuprofen", "NSAID"}
    True
    """
    graph, index = kg.graph, kg.index
    start = _entities.resolve(index, treatment)
    found: dict[URIRef, Caution] = {}
    for target in _drug_classes(graph, start):
        attached = graph.subjects(SG.cautionFor, target)
        for iri in sorted(c for c in attached if isinstance(c, URIRef)):
            if iri in found:
                continue
            kind = graph.value(iri, SG.hasCautionKind)
            population = graph.value(iri, SG.concernsPopulation)
            found[iri] = Caution(
                iri=str(iri),
                label=index.label(iri),
                definition=index.definitions.get(iri, ""),
                kind=index.label(kind) if isinstance(kind, URIRef) else "unknown",
                applies_to=index.label(target),
                max_daily_dose_mg=_integer(graph, iri, SG.maxDailyDoseMg),
                from_gestational_week=_integer(graph, iri, SG.fromGestationalWeek),
                max_drinks_per_day=_integer(graph, iri, SG.maxDrinksPerDay),
                population=index.label(population) if isinstance(population, URIRef) else None,
                citations=_citations(kg, iri),
            )
    ordered = sorted(found.values(), key=lambda c: (c.kind.casefold(), c.label.casefold(), c.iri))
    return tuple(ordered)


def verdict_counts(kg: KnowledgeGraph) -> dict[str, int]:
    """How many claims have each verdict, strongest verdict first.

    Every verdict of the scheme appears, with 0 where no claim has it. A claim with several
    assessments that disagree counts once under each verdict. Claims typed ``sg:Claim``
    without any assessment are counted under ``"unassessed"``, a key present only when
    there are some.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> counts = verdict_counts(sg.load())
    >>> list(counts)
    ['supported', 'mixed', 'insufficient', 'unsupported', 'contradicted']
    >>> counts["contradicted"]
    5
    """
    index = kg.index
    verdicts = sorted(index.instances(SG.Verdict), key=lambda v: (-index.ranks.get(v, -1), str(v)))
    counts = {index.label(v): 0 for v in verdicts}
    claims = set(index.instances(SG.Claim)) | set(index.claim_verdicts)
    unassessed = 0
    for claim in claims:
        found = index.claim_verdicts.get(claim, ())
        if not found:
            unassessed += 1
        for verdict in found:
            label = index.label(verdict)
            counts[label] = counts.get(label, 0) + 1
    if unassessed:
        counts["unassessed"] = unassessed
    return counts
