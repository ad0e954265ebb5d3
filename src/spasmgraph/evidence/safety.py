"""The safety layer: red flags with their care actions by urgency, and treatment cautions.

Health information, not medical advice: seek urgent care for any red flag.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> red_flags(kg)[0].urgency
'emergency'
>>> "NSAIDs: pregnancy from 20 weeks" in [c.label for c in cautions(kg, "ibuprofen")]
True
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from .. import entities as _entities
from ..entities import Entity
from ..paths import STRUCTURAL, kind_of
from ..vocab import SG, SG_NAMESPACE
from .model import CareAction, Caution, RedFlag
from .source import Reader, Source, reader

__all__ = ["care_actions", "cautions", "red_flags"]

_DRINKS = (URIRef(SG_NAMESPACE + "drinksPerDayThreshold"), URIRef(SG_NAMESPACE + "maxDrinksPerDay"))


def _urgency(read: Reader, iri: URIRef) -> tuple[str | None, int | None]:
    found = read.objects(iri, SG.hasUrgency)
    if not found:
        return None, None
    return read.label(found[0]), read.index.ranks.get(found[0])


def care_actions(
    source: Source, ref: str | Entity, *, lang: str | None = None
) -> tuple[CareAction, ...]:
    """The care actions an entity (a red flag, a condition) warrants, most urgent first.

    They are the ``sg:CareAction`` objects of its non-structural relations (such as
    ``sg:warrantsCareAction``), each with its own ``sg:hasUrgency``.
    """
    read = reader(source, lang=lang)
    return _care_actions(read, _entities.resolve(read.index, ref))


def _care_actions(read: Reader, iri: URIRef) -> tuple[CareAction, ...]:
    index = read.index
    found: dict[URIRef, CareAction] = {}
    for prop, obj in index.out_edges.get(iri, ()):
        if obj in found or kind_of(index, prop) == STRUCTURAL:
            continue
        if index.is_instance(obj, SG.CareAction):
            urgency, rank = _urgency(read, obj)
            found[obj] = CareAction(str(obj), read.label(obj), urgency, rank)
    ordered = sorted(
        found.values(),
        key=lambda c: (-(c.urgency_rank if c.urgency_rank is not None else -1), c.label.casefold()),
    )
    return tuple(ordered)


def red_flags(
    source: Source, lang: str | None = None, *, graph: Graph | None = None
) -> tuple[RedFlag, ...]:
    """Every red flag, most urgent first, then by label.

    Each carries its own urgency (else that of its most urgent care action), the serious
    conditions it suggests, its citations and its care actions.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> flags = red_flags(sg.load())
    >>> "cauda equina syndrome" in {s for f in flags for s in f.suggests}
    True
    """
    read = reader(source, graph, lang)
    index = read.index
    out = []
    for iri in index.instances(SG.RedFlag):
        actions = _care_actions(read, iri)
        urgency, rank = _urgency(read, iri)
        if urgency is None and actions:
            urgency, rank = actions[0].urgency, actions[0].urgency_rank
        suggests = {read.label(c) for c in read.objects(iri, SG.suggests)}
        out.append(
            RedFlag(
                iri=str(iri),
                label=read.label(iri),
                definition=read.definition(iri),
                urgency=urgency or "unknown",
                urgency_rank=-1 if rank is None else rank,
                suggests=tuple(sorted(suggests, key=str.casefold)),
                citations=read.citations(iri),
                care_actions=actions,
            )
        )
    return tuple(sorted(out, key=lambda f: (-f.urgency_rank, f.label.casefold(), f.iri)))


def _drug_classes(read: Reader, iri: URIRef) -> list[URIRef]:
    """*iri* followed by every class it belongs to through ``sg:inDrugClass*``, nearest first."""
    order, frontier = [iri], [iri]
    while frontier:
        nxt = []
        for node in frontier:
            for parent in sorted(read.objects(node, SG.inDrugClass)):
                if parent not in order:
                    order.append(parent)
                    nxt.append(parent)
        frontier = nxt
    return order


def _caution(read: Reader, iri: URIRef, target: URIRef) -> Caution:
    kinds = read.objects(iri, SG.hasCautionKind)
    population = read.objects(iri, SG.concernsPopulation)
    return Caution(
        iri=str(iri),
        label=read.label(iri),
        definition=read.definition(iri),
        kind=read.label(kinds[0]) if kinds else "unknown",
        applies_to=read.label(target),
        max_daily_dose_mg=read.integer(iri, [SG.maxDailyDoseMg]),
        from_gestational_week=read.integer(iri, [SG.fromGestationalWeek]),
        drinks_per_day_threshold=read.integer(iri, _DRINKS),
        population=read.label(population[0]) if population else None,
        citations=read.citations(iri),
    )


def cautions(
    source: Source,
    treatment: str | Entity,
    *,
    graph: Graph | None = None,
    lang: str | None = None,
) -> tuple[Caution, ...]:
    """Safety cautions for a treatment, including those on any drug class it belongs to.

    Parameters
    ----------
    source : Index or KnowledgeGraph
        Where to read (see :mod:`spasmgraph.evidence.source`).
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
    read = reader(source, graph, lang)
    start = _entities.resolve(read.index, treatment)
    found: dict[URIRef, Caution] = {}
    for target in _drug_classes(read, start):
        for iri in sorted(read.subjects(SG.cautionFor, target)):
            if iri not in found:
                found[iri] = _caution(read, iri, target)
    ordered = sorted(found.values(), key=lambda c: (c.kind.casefold(), c.label.casefold(), c.iri))
    return tuple(ordered)
