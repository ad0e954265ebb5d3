"""Relation kinds: what an object property's assertions say, read from ``sg:relationKind``.

The ontology sorts its object properties into kinds (``sg:StructuralRelation``,
``sg:CausalRelation``, ``sg:TherapeuticRelation``, ``sg:CareRelation``,
``sg:PrognosticRelation``, ``sg:SafetyRelation``). A kind is named here by the lower-case
local name of its IRI without ``Relation``: ``"structural"``, ``"causal"``, and so on.

* A **structural** relation (a type, a drug class, a regimen, a body region) makes no health
  claim: it carries no verdict and is neutral in evidence filters.
* Path search follows the kinds of :data:`DEFAULT_RELATIONS` unless asked for more.
* A graph that declares no kinds at all (user data, the test toy graph without the schema)
  has nothing to filter by: every object property is followed and graded.

>>> from rdflib import URIRef
>>> kind_name(URIRef("https://w3id.org/spasmgraph/CausalRelation"))
'causal'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import URIRef

from ..errors import InvalidPathSpecError
from ..index import Index

__all__ = [
    "ALL",
    "DEFAULT_RELATIONS",
    "KNOWN_KINDS",
    "STRUCTURAL",
    "RelationsArg",
    "check_relations",
    "declared_kinds",
    "followed_properties",
    "kind_name",
    "kind_of",
]

STRUCTURAL = "structural"
"""The kind whose relations carry no verdict."""

ALL = "all"
"""``relations=ALL`` follows every object property."""

DEFAULT_RELATIONS: tuple[str, ...] = ("causal", "therapeutic", "care", "safety")
"""The kinds path search follows by default (``sg:followedByDefault true`` in the schema);
prognostic and structural relations are opt-in."""

KNOWN_KINDS: tuple[str, ...] = (
    STRUCTURAL,
    "causal",
    "therapeutic",
    "care",
    "prognostic",
    "safety",
)
"""The kinds of the bundled schema; the names accepted when a graph declares none."""

RelationsArg = str | Iterable[str]
"""What ``relations=`` takes: ``"all"``, one kind name, or several."""


def kind_name(kind: URIRef) -> str:
    """The short name of a relation-kind IRI: ``sg:SafetyRelation`` gives ``"safety"``."""
    local = re.split(r"[/#:]", str(kind))[-1]
    return (local.removesuffix("Relation") or local).lower()


def kind_of(index: Index, prop: URIRef) -> str | None:
    """The kind name of an object property, or ``None`` when it declares none."""
    kind = index.relation_kinds.get(prop)
    return None if kind is None else kind_name(kind)


def declared_kinds(index: Index) -> frozenset[str]:
    """The kind names the graph declares (empty when it declares none)."""
    return frozenset(kind_name(k) for k in index.relation_kinds.values())


def check_relations(index: Index, relations: RelationsArg) -> frozenset[str] | None:
    """Validate ``relations=``: the kind names asked for, or ``None`` for ``"all"``.

    Raises
    ------
    InvalidPathSpecError
        Not a string or an iterable of strings, or a name that is not a kind; the message
        lists the valid kinds.
    """
    if isinstance(relations, str):
        if relations == ALL:
            return None
        relations = (relations,)
    try:
        names = list(relations)
    except TypeError:
        names = [relations]  # type: ignore[list-item]
    valid = sorted(declared_kinds(index) or KNOWN_KINDS)
    bad = [n for n in names if not isinstance(n, str) or n not in valid]
    if bad or not names:
        what = f"unknown relation kind {bad[0]!r}" if bad else "relations= names no kind"
        raise InvalidPathSpecError(
            f"{what}; choose from: {', '.join(valid)}, or 'all' for every relation"
        )
    return frozenset(names)


def followed_properties(index: Index, relations: RelationsArg) -> frozenset[URIRef] | None:
    """The object properties path search may follow, or ``None`` for every one.

    Properties are those declaring one of the kinds in *relations*; a property declaring
    no kind is followed only with ``relations="all"``. When the graph declares no kinds,
    every property is followed (after *relations* is validated).

    Examples
    --------
    >>> from spasmgraph.index import Curies, Index
    >>> followed_properties(Index(size=0, curies=Curies([])), ("causal",)) is None
    True
    """
    names = check_relations(index, relations)
    if names is None or not index.relation_kinds:
        return None
    return frozenset(p for p, k in index.relation_kinds.items() if kind_name(k) in names)
