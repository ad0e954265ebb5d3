"""What a path query asks for: metapaths, and the user's references resolved to IRIs.

A user names classes, properties and entities by label, synonym, CURIE or IRI; this
module turns them into the IRIs the search runs on, and raises
:class:`~spasmgraph.errors.InvalidPathSpecError` (or
:class:`~spasmgraph.errors.UnknownEntityError`) with suggestions when they do not resolve.

>>> mp = MetaPath.parse("Cause -triggers-> Mechanism <-actsOn- Treatment")
>>> mp.source, [s.target for s in mp.steps]
('Cause', ['Mechanism', 'Treatment'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import URIRef

from .. import entities as _entities
from ..entities import Entity
from ..errors import InvalidPathSpecError
from ..index import Index
from ..vocab import SG

__all__ = [
    "MAX_HOPS",
    "Hop",
    "MetaPath",
    "MetaStep",
    "PathSpec",
    "check_hops",
    "check_limit",
    "check_order",
    "resolve_class",
    "resolve_hop",
    "resolve_sources",
    "resolve_spec",
    "resolve_target",
]

MAX_HOPS = 8
"""The largest ``max_hops`` a path query accepts."""

Hop = tuple[URIRef, bool, frozenset[URIRef]]
"""A resolved metapath hop: the property as travelled, whether backwards, the classes
reached."""


@dataclass(frozen=True, slots=True)
class MetaStep:
    """One hop of a :class:`MetaPath`: a property, a direction and the class reached."""

    predicate: str
    inverse: bool
    target: str


_NAME = r"[\w:.-]+"
_META_TOKEN = re.compile(rf"\s*(<-\s*({_NAME})\s*-|-\s*({_NAME})\s*->)\s*({_NAME})")


@dataclass(frozen=True, slots=True)
class MetaPath:
    """A typed path pattern, as in hetnetpy: node classes joined by directed relations.

    Parse one from text such as ``"Cause -triggers-> Mechanism <-actsOn- Treatment"``:
    ``-p->`` follows ``p`` as stated, ``<-p-`` follows it backwards. A metapath names its
    properties, so it follows them whatever their relation kind.

    >>> str(MetaPath.parse("Cause -triggers-> Mechanism <-actsOn- Treatment"))
    'Cause -triggers-> Mechanism <-actsOn- Treatment'
    """

    source: str
    steps: tuple[MetaStep, ...] = field(default=())

    @classmethod
    def parse(cls, text: str) -> MetaPath:
        """Parse the arrow notation; raise :class:`InvalidPathSpecError` if malformed."""
        head = re.match(rf"\s*({_NAME})", text) if isinstance(text, str) else None
        if not head:
            raise InvalidPathSpecError(
                f"cannot parse metapath {text!r}; write e.g. "
                "'Cause -triggers-> Mechanism <-actsOn- Treatment'"
            )
        pos, steps = head.end(), []
        while pos < len(text.rstrip()):
            m = _META_TOKEN.match(text, pos)
            if not m:
                raise InvalidPathSpecError(
                    f"cannot parse metapath {text!r} at character {pos + 1}; "
                    "each hop is '-property-> Class' or '<-property- Class'"
                )
            steps.append(MetaStep(m.group(2) or m.group(3), m.group(2) is not None, m.group(4)))
            pos = m.end()
        if not steps:
            raise InvalidPathSpecError(f"metapath {text!r} has no hops; add '-property-> Class'")
        return cls(head.group(1), tuple(steps))

    def __str__(self) -> str:
        out = self.source
        for s in self.steps:
            out += f" <-{s.predicate}- {s.target}" if s.inverse else f" -{s.predicate}-> {s.target}"
        return out


def check_hops(max_hops: object) -> int:
    """Validate ``max_hops``: an integer from 1 to :data:`MAX_HOPS`."""
    if isinstance(max_hops, bool) or not isinstance(max_hops, int):
        raise InvalidPathSpecError(
            f"max_hops must be an integer from 1 to {MAX_HOPS}, not {max_hops!r}"
        )
    if not 1 <= max_hops <= MAX_HOPS:
        raise InvalidPathSpecError(
            f"max_hops={max_hops} makes no sense; "
            f"a path needs at least 1 hop and at most {MAX_HOPS}"
        )
    return max_hops


def check_limit(limit: object) -> int:
    """Validate ``limit``: a positive integer."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidPathSpecError(f"limit must be a positive integer, not {limit!r}")
    return limit


def check_budget(budget: object) -> int:
    """Validate ``budget``: a positive integer (partial paths the search may extend)."""
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise InvalidPathSpecError(f"budget must be a positive integer, not {budget!r}")
    return budget


def check_order(order: object) -> str:
    """Validate ``order``: ``"length"`` or ``"evidence"``."""
    if order not in ("length", "evidence"):
        raise InvalidPathSpecError(f"order must be 'length' or 'evidence', not {order!r}")
    return str(order)


def resolve_class(index: Index, ref: object, *, role: str) -> URIRef:
    """The class *ref* names; *role* says what it was for in the error message.

    >>> from spasmgraph.index import Curies, Index
    >>> resolve_class(Index(size=0, curies=Curies([])), "Remedy", role="target")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidPathSpecError: target 'Remedy' is not a class of the ontology; ...
    """
    if not isinstance(ref, str):
        raise InvalidPathSpecError(f"{role} must be a class name, not {ref!r}")
    classes = sorted(i for i in index.matches(ref) if i in index.classes)
    if classes:
        return classes[0]
    known = sorted(index.label(c) for c in index.classes if str(c).startswith(str(SG)))
    suggestion = _entities.suggest_from(ref, known)
    raise InvalidPathSpecError(
        f"{role} {ref!r} is not a class of the ontology{suggestion}; "
        f"classes include: {', '.join(known[:12])}"
    )


def resolve_sources(index: Index, source: str | Entity) -> list[URIRef]:
    """The start nodes: the instances of a class, or one entity."""
    if isinstance(source, str):
        classes = sorted(i for i in index.matches(source) if i in index.classes)
        if classes:
            return index.instances(classes[0])
    return [_entities.resolve(index, source)]


def resolve_target(index: Index, target: str | Entity) -> tuple[URIRef | None, list[URIRef]]:
    """``(entity, [])`` for an entity target, ``(None, [class])`` for a class target."""
    if not isinstance(target, str):
        return _entities.resolve(index, target), []
    hits = index.matches(target)
    classes = sorted(i for i in hits if i in index.classes)
    if classes:
        return None, classes[:1]
    if hits:
        return _entities.resolve(index, target), []
    resolve_class(index, target, role="target")  # raises with suggestions
    raise AssertionError("unreachable")  # pragma: no cover


def resolve_hop(index: Index, step: MetaStep) -> Hop:
    """A metapath hop's property (its declared inverse when walked backwards) and class."""
    props = sorted(i for i in index.matches(step.predicate) if i in index.object_properties)
    if not props:
        raise InvalidPathSpecError(
            f"{step.predicate!r} is not an object property; use e.g. triggers, leadsTo, actsOn"
        )
    prop = props[0]
    if step.inverse:
        inverse = index.inverse_of.get(prop)
        if inverse is None:
            raise InvalidPathSpecError(
                f"{step.predicate!r} has no owl:inverseOf in the ontology, so it cannot be "
                "walked backwards; use a property with a declared inverse "
                "(actsOn, relieves, treats)"
            )
        prop = inverse
    return prop, step.inverse, frozenset([resolve_class(index, step.target, role="metapath class")])


@dataclass(frozen=True)
class PathSpec:
    """A path question with every reference resolved to IRIs."""

    sources: tuple[URIRef, ...]
    target_entity: URIRef | None = None
    target_classes: tuple[URIRef, ...] = ()
    via: tuple[URIRef, ...] | None = None
    hops: tuple[Hop, ...] | None = None
    max_hops: int = 4


def resolve_spec(
    index: Index,
    source: str | Entity,
    target: str | Entity | None = None,
    *,
    via: Sequence[str] | None = None,
    metapath: MetaPath | str | None = None,
    max_hops: int = 4,
) -> PathSpec:
    """Resolve a path question (see :meth:`KnowledgeGraph.paths`) to a :class:`PathSpec`."""
    max_hops = check_hops(max_hops)
    sources = resolve_sources(index, source)
    if metapath is not None:
        if target is not None or via is not None:
            raise InvalidPathSpecError("give either metapath= or target/via, not both")
        mp = metapath if isinstance(metapath, MetaPath) else MetaPath.parse(metapath)
        start = resolve_class(index, mp.source, role="metapath class")
        hops = tuple(resolve_hop(index, step) for step in mp.steps)
        starts = tuple(s for s in sources if index.is_instance(s, start))
        return PathSpec(starts, hops=hops, max_hops=max(len(hops), 1))
    if target is None:
        raise InvalidPathSpecError("paths() needs a target class or entity, or a metapath=")
    if isinstance(via, str):
        via = [via]
    target_entity, target_classes = resolve_target(index, target)
    via_classes = (
        None if via is None else tuple(resolve_class(index, v, role="via class") for v in via)
    )
    return PathSpec(
        tuple(sources), target_entity, tuple(target_classes), via_classes, None, max_hops
    )
