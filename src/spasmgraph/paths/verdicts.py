"""The verdict scale, read from the data, and the verdict of one relation.

Verdicts are the ``sg:Verdict`` individuals that carry an ``sg:rank`` (higher is stronger
support); their English labels name them (``"supported"``, ``"mixed"``, ...). A verdict
without a rank, such as ``sg:NotAssessed``, is not on the scale and never passes an
evidence filter.

A relation's verdict is the verdict of its own ``sg:RelationAssessment`` (the assessment
naming that subject, property and object), never that of the claim it helps express.

>>> from rdflib import Graph
>>> from spasmgraph.backends import backend_for
>>> from spasmgraph.index import build_index
>>> g = Graph().parse(data='''
...     @prefix sg: <https://w3id.org/spasmgraph/> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     sg:Good a sg:Verdict ; rdfs:label "good"@en ; sg:rank 1 .
...     sg:Poor a sg:Verdict ; rdfs:label "poor"@en ; sg:rank 0 .
... ''', format="turtle")
>>> scale = verdict_scale(build_index(backend_for(g)))
>>> scale.names, scale.rank("good")
(('poor', 'good'), 1)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import URIRef

from ..errors import InvalidPathSpecError
from ..index import Index, Triple
from ..vocab import SG

__all__ = [
    "FALLBACK_VERDICTS",
    "NEUTRAL_RANK",
    "VERDICTS",
    "VerdictScale",
    "check_verdict",
    "relation_verdict",
    "verdict_label",
    "verdict_scale",
    "weakest_verdict",
]

FALLBACK_VERDICTS: tuple[str, ...] = (
    "contradicted",
    "unsupported",
    "insufficient",
    "mixed",
    "supported",
)
"""The bundled schema's verdicts, weakest first, position = ``sg:rank``. Used only for a
graph that declares no ranked ``sg:Verdict`` (data loaded without the schema) and by
callers that validate a verdict name before any graph is at hand."""

VERDICTS = FALLBACK_VERDICTS
"""Kept for compatibility: the fallback scale. Read a graph's own with :func:`verdict_scale`."""

NEUTRAL_RANK = 1 << 30
"""The rank a structural step counts as in filters: above every verdict, so it never fails."""


@dataclass(frozen=True)
class VerdictScale:
    """The ranked verdicts of one graph, weakest first.

    Attributes
    ----------
    names : tuple of str
        Verdict names, weakest first.
    ranks : mapping of str to int
        Each name's ``sg:rank``.
    iris : mapping of str to URIRef
        Each name's IRI (empty for the fallback scale).
    """

    names: tuple[str, ...]
    ranks: Mapping[str, int]
    iris: Mapping[str, URIRef]

    def rank(self, name: str) -> int | None:
        """The rank of a verdict name, or ``None`` when it is not on the scale."""
        return self.ranks.get(name)

    def check(self, name: object) -> int:
        """The rank of *name*; raise :class:`InvalidPathSpecError` when it is unknown."""
        rank = self.ranks.get(name) if isinstance(name, str) else None
        if rank is None:
            raise InvalidPathSpecError(
                f"unknown evidence verdict {name!r}; choose one of: "
                f"{', '.join(reversed(self.names))}"
            )
        return rank


_FALLBACK = VerdictScale(FALLBACK_VERDICTS, {n: i for i, n in enumerate(FALLBACK_VERDICTS)}, {})


def verdict_label(index: Index, verdict: URIRef) -> str:
    """The name of a verdict: its English label."""
    return index.label(verdict, "en")


def verdict_scale(index: Index | None = None) -> VerdictScale:
    """The ranked ``sg:Verdict`` individuals of *index*; the fallback scale without one."""
    if index is None:
        return _FALLBACK
    found = sorted(
        (rank, verdict_label(index, v), v)
        for v, rank in index.ranks.items()
        if index.is_instance(v, SG.Verdict)
    )
    if not found:
        return _FALLBACK
    return VerdictScale(
        tuple(name for _, name, _ in found),
        {name: rank for rank, name, _ in found},
        {name: iri for _, name, iri in found},
    )


def check_verdict(name: object, index: Index | None = None) -> int:
    """The rank of a verdict name on *index*'s scale (the fallback scale without one).

    >>> check_verdict("mixed")
    3
    >>> check_verdict("strong")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidPathSpecError: unknown evidence verdict 'strong'; ...
    """
    return verdict_scale(index).check(name)


def relation_verdict(index: Index, triple: Triple) -> tuple[str | None, int | None]:
    """The verdict name and rank of an asserted relation's own assessment.

    ``(None, None)`` when no assessment names the triple; a rank of ``None`` with a name
    for an unranked verdict such as *not assessed*. With several assessments, the weakest
    ranked verdict counts.
    """
    return weakest_verdict(index, index.verdicts(triple))


def weakest_verdict(index: Index, verdicts: tuple[URIRef, ...]) -> tuple[str | None, int | None]:
    """The name and rank of the weakest ranked of *verdicts* (see :func:`relation_verdict`).

    >>> from spasmgraph.index import Curies, Index
    >>> weakest_verdict(Index(size=0, curies=Curies([])), ())
    (None, None)
    """
    if not verdicts:
        return None, None
    ranks = index.ranks
    ranked = [(ranks[v], v) for v in verdicts if v in ranks]
    if ranked:
        rank, weakest = min(ranked)
        return verdict_label(index, weakest), rank
    return verdict_label(index, verdicts[0]), None
