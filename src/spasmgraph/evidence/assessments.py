"""Evidence assessments: of one relation (its own verdict), and of the article's claims.

A relation's assessment is the ``sg:RelationAssessment`` naming its subject, property and
object; it is the only source of a path step's verdict. Claim assessments
(``sg:assesses`` a claim) grade the article's claims as wholes, for the
article-versus-evidence comparison.

>>> import spasmgraph as sg
>>> from rdflib import Graph
>>> data = Graph().parse(format="turtle", data='''
...     @prefix sg: <https://w3id.org/spasmgraph/> .
...     @prefix ex: <https://example.org/> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     ex:heat a sg:HomeRemedy ; rdfs:label "heat" ; sg:relieves ex:pain .
...     ex:pain a sg:Symptom ; rdfs:label "pain" .
...     ex:a1 a sg:RelationAssessment ; sg:assessedSubject ex:heat ;
...         sg:assessedProperty sg:relieves ; sg:assessedObject ex:pain ;
...         sg:hasVerdict sg:Mixed ; sg:rationale "A small effect."@en .
... ''')
>>> kg = sg.load(data, layers=["schema"], store="memory")
>>> [str(a) for a in assessments_for(kg, ("heat", "relieves", "pain"))]
['heat —relieves→ pain: mixed. A small effect.']
>>> assessments_for(kg, ("pain", "is relieved by", "heat"))[0].relation
('ex:heat', 'sg:relieves', 'ex:pain')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeAlias

from rdflib import Graph, URIRef

from .. import entities as _entities
from ..entities import Entity
from ..errors import UnknownEntityError
from ..index import Index, Triple
from ..paths import STRUCTURAL, Path, Step, kind_of, verdict_scale
from ..vocab import SG
from .model import Assessment
from .source import EvidenceRefError, Reader, Source, reader

__all__ = [
    "EvidenceRef",
    "RelationRef",
    "assessments_for",
    "claim_assessments",
    "relation_assessments",
    "resolve_relation",
    "verdict_counts",
]

RelationRef: TypeAlias = tuple[str | Entity, str, str | Entity]
"""A relation as ``(subject, predicate, object)``: entity references and a property given as
a CURIE (``"sg:actsOn"``), a label (``"acts on"``) or an IRI; the predicate may be the
inverse of the stored one (``"is treated by"``)."""

EvidenceRef: TypeAlias = str | Entity | Step | Path | RelationRef
"""What :func:`assessments_for` accepts: an entity or claim, a relation, a step or a path."""


def _natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders ``claim_t2`` before ``claim_t10``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.findall(r"\d+|\D+", text)
    )


def _assessment(
    read: Reader, iri: URIRef, claim: URIRef | None, parts: Triple | None
) -> Assessment:
    index = read.index
    verdict = index.verdict_of.get(iri)
    relation = None if parts is None else tuple(read.curie(p) for p in parts)
    text = None
    if parts is not None:
        text = f"{read.label(parts[0])} —{read.label(parts[1])}→ {read.label(parts[2])}"
    return Assessment(
        iri=str(iri),
        claim=None if claim is None else read.curie(claim),
        claim_label=None if claim is None else read.label(claim),
        verdict=None if verdict is None else index.label(verdict, "en"),
        rank=None if verdict is None else index.ranks.get(verdict),
        rationale=read.literal(iri, SG.rationale) or "",
        citations=read.citations(iri),
        relation=relation,  # type: ignore[arg-type]
        relation_label=text,
    )


def _assessed_triples(index: Index) -> dict[URIRef, Triple]:
    return {a: t for t, found in index.relation_assessments.items() for a in found}


def _of_triples(read: Reader, triples: Iterable[Triple]) -> tuple[Assessment, ...]:
    out: dict[URIRef, Assessment] = {}
    for triple in triples:
        for iri in read.index.relation_assessments.get(triple, ()):
            if iri not in out:
                claims = read.objects(iri, SG.assesses)
                out[iri] = _assessment(read, iri, claims[0] if claims else None, triple)
    return tuple(out.values())


def _of_claims(read: Reader, claims: Iterable[URIRef]) -> tuple[Assessment, ...]:
    out: dict[URIRef, Assessment] = {}
    triples = _assessed_triples(read.index)
    for claim in claims:
        found = sorted(read.subjects(SG.assesses, claim), key=lambda a: _natural_key(str(a)))
        for iri in found:
            if iri not in out:
                out[iri] = _assessment(read, iri, claim, triples.get(iri))
    return tuple(out.values())


def resolve_relation(index: Index, ref: Sequence[object]) -> Triple:
    """The stored triple behind ``(subject, predicate, object)`` references.

    Raises
    ------
    EvidenceRefError
        Not a triple of entity references and a property reference.
    UnknownEntityError
        An entity or property does not resolve (``what="entity"``/``"property"``), or the
        relation is not in the graph (``what="relation"``, with stored ones suggested).
    """
    if len(ref) != 3:
        raise EvidenceRefError(f"a relation is a (subject, predicate, object) tuple, not {ref!r}")
    subject, predicate, obj = ref
    if not isinstance(predicate, str):
        raise EvidenceRefError(
            f"a relation's predicate must be a CURIE, label or IRI, not {predicate!r}"
        )
    if not isinstance(subject, (str, Entity)) or not isinstance(obj, (str, Entity)):
        raise EvidenceRefError(
            f"a relation's subject and object must be entity references, not {ref!r}"
        )
    s, o = _entities.resolve(index, subject), _entities.resolve(index, obj)
    return _stored(index, s, _property(index, predicate), o)


def _property(index: Index, ref: str) -> URIRef:
    hits = index.matches(ref)
    props = sorted((tier, str(p)) for p, tier in hits.items() if p in index.object_properties)
    if props:
        return URIRef(props[0][1])
    known = sorted(index.label(p) for p in index.object_properties)
    close = [s.strip("'") for s in re.findall(r"'[^']*'", _entities.suggest_from(ref, known))]
    raise UnknownEntityError(ref, close, what="property")


def _stored(index: Index, s: URIRef, p: URIRef, o: URIRef) -> Triple:
    """The stored triple behind *s p o*, following ``owl:inverseOf`` if needed."""
    if (p, o) in index.out_edges.get(s, ()):
        return (s, p, o)
    inverse = index.inverse_of.get(p)
    if inverse is not None and (inverse, s) in index.out_edges.get(o, ()):
        return (o, inverse, s)
    nearby = [(s, q, x) for q, x in index.out_edges.get(s, ()) if q == p or x == o]
    nearby += [(x, q, s) for q, x in index.in_edges.get(s, ()) if x == o]
    shorten = index.curies.shorten
    text = [" ".join(shorten(str(part)) for part in t) for t in [(s, p, o), *nearby[:3]]]
    raise UnknownEntityError(text[0], text[1:], what="relation")


def _step_triple(index: Index, step: Step) -> Triple:
    s, p, o = (URIRef(index.curies.expand(part) or part) for part in step.asserted)
    return _stored(index, s, p, o)


def _claims_of(read: Reader, iri: URIRef) -> list[URIRef] | None:
    """The claims an entity stands for: itself if it is a claim, those an assessment
    assesses; ``None`` for any other entity."""
    index = read.index
    if index.is_instance(iri, SG.Claim) or read.subjects(SG.assesses, iri):
        return [iri]
    assessed = read.objects(iri, SG.assesses)
    return assessed or None


def _claims_for_entity(read: Reader, iri: URIRef) -> list[URIRef]:
    """The article claims that the relations of *iri* express, in a stable order."""
    claims: dict[URIRef, None] = {}
    for triple in _relations_of(read.index, iri):
        for axiom in read.index.axioms.get(triple, ()):
            for claim in axiom.get(SG.expressesClaim, ()):
                if isinstance(claim, URIRef):
                    claims.setdefault(claim, None)
    return sorted(claims, key=lambda c: _natural_key(str(c)))


def _relations_of(index: Index, iri: URIRef) -> Iterator[Triple]:
    for p, o in index.out_edges.get(iri, ()):
        yield (iri, p, o)
    for p, s in index.in_edges.get(iri, ()):
        yield (s, p, iri)


def assessments_for(
    source: Source, ref: EvidenceRef, *, graph: Graph | None = None
) -> tuple[Assessment, ...]:
    """The evidence assessments of a relation, a path, an entity or a claim.

    Parameters
    ----------
    source : Index or KnowledgeGraph
        Where to read (see :mod:`spasmgraph.evidence.source`).
    ref : str, Entity, tuple, Step or Path
        * a relation ``(subject, predicate, object)`` or a :class:`~spasmgraph.paths.Step`:
          the relation's own assessment(s);
        * a :class:`~spasmgraph.paths.Path`: those of its steps, in step order, no repeats;
        * an entity: those of its relations, outgoing then incoming;
        * a claim (or a claim assessment): the claim's assessments, as
          :func:`claim_assessments`.
    graph : rdflib.Graph, optional
        The graph, for rationales and citation details when *source* is an index.

    Raises
    ------
    UnknownEntityError
        An entity or property does not resolve, or the relation is not in the graph.
    EvidenceRefError
        *ref* is none of the above (also a ``TypeError``).

    Examples
    --------
    >>> from spasmgraph.index import Curies, Index
    >>> assessments_for(Index(size=0, curies=Curies([])), 42)
    Traceback (most recent call last):
    ...
    spasmgraph.evidence.source.EvidenceRefError: cannot find evidence for 42; ...
    """
    read = reader(source, graph)
    index = read.index
    if isinstance(ref, Path):
        return _of_triples(read, [_step_triple(index, s) for s in ref.steps])
    if isinstance(ref, Step):
        return _of_triples(read, [_step_triple(index, ref)])
    if isinstance(ref, tuple):
        return _of_triples(read, [resolve_relation(index, ref)])
    if isinstance(ref, (str, Entity)):
        iri = _entities.resolve(index, ref)
        claims = _claims_of(read, iri)
        if claims is not None:
            return _of_claims(read, claims)
        return _of_triples(read, _relations_of(index, iri))
    raise EvidenceRefError(
        f"cannot find evidence for {ref!r}; pass an entity, a (subject, predicate, object) "
        "tuple, a Step or a Path"
    )


def relation_assessments(
    source: Source, triple: Triple, *, graph: Graph | None = None
) -> tuple[Assessment, ...]:
    """The assessments of one stored triple (IRIs), as :func:`assessments_for` gives them."""
    return _of_triples(reader(source, graph), [triple])


def claim_assessments(
    source: Source, claim: str | Entity, *, graph: Graph | None = None
) -> tuple[Assessment, ...]:
    """The assessments of one article claim, ordered by IRI (``t2`` before ``t10``).

    These grade the claim as a whole; they are not the verdicts of its relations.
    """
    read = reader(source, graph)
    return _of_claims(read, [_entities.resolve(read.index, claim)])


def verdict_counts(
    source: Source, *, of: str = "claims", graph: Graph | None = None
) -> dict[str, int]:
    """How many claims (or asserted relations) have each verdict, strongest first.

    Every verdict of the graph's scale appears, with 0 where none has it. With
    ``of="claims"`` a claim with several assessments that disagree counts once under each
    verdict, and claims without any are counted under ``"unassessed"``. With
    ``of="relations"`` every asserted non-structural relation counts under its own
    verdict (``"not assessed"`` where the data says so), or ``"unassessed"``. The
    ``"unassessed"`` key is present only when there are some.
    """
    read = reader(source, graph)
    index = read.index
    counts = {name: 0 for name in reversed(verdict_scale(index).names)}
    if of == "relations":
        found = [
            index.verdicts((s, p, o)) or (None,)
            for s, edges in index.out_edges.items()
            for p, o in edges
            if kind_of(index, p) != STRUCTURAL
        ]
    elif of == "claims":
        claims = set(index.instances(SG.Claim)) | set(index.claim_verdicts)
        found = [index.claim_verdicts.get(c) or (None,) for c in claims]
    else:
        raise EvidenceRefError(f"verdict_counts(of=...) takes 'claims' or 'relations', not {of!r}")
    unassessed = 0
    for verdicts in found:
        for verdict in verdicts:
            if verdict is None:
                unassessed += 1
                continue
            label = index.label(verdict, "en")
            counts[label] = counts.get(label, 0) + 1
    if unassessed:
        counts["unassessed"] = unassessed
    return counts
