"""One path query's view of an :class:`~spasmgraph.index.Index`, and the :class:`Step` of
a relation.

rdflib terms hash slowly, so a view looks each node and relation up once and the search
compares and hashes small integers. A :class:`Step`, with labels, provenance, kind and
verdict, is made the first time a path through its relation is read, and shared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rdflib import Literal, URIRef

from ..index import Index, Triple
from ..vocab import DCTERMS, SG
from .kinds import STRUCTURAL, kind_of
from .model import Provenance, Sources, Step
from .verdicts import NEUTRAL_RANK, relation_verdict

__all__ = [
    "Extension",
    "View",
    "provenance_of",
    "relation_step",
    "relations_of",
    "verdict_of",
]

Extension = tuple[int, int, tuple[int]]
"""How a partial path grows by one hop: next node, step id, ``(step id,)``."""

_MODES = {str(SG.StatedInSource): "stated", str(SG.InferredByModeller): "inferred"}
# The axiom annotations a Provenance reads, by their position in it.
_SLOT_OF = {
    str(term): slot
    for slot, term in enumerate((DCTERMS.source, SG.locator, SG.assertionMode, SG.expressesClaim))
}


class View:
    """Integer node ids, relation ids and memoised lookups over one index.

    Parameters
    ----------
    index : Index
        The graph's index.
    follow : frozenset of URIRef, optional
        The asserted properties :meth:`neighbours` follows; every one when ``None``.
    """

    def __init__(self, index: Index, follow: frozenset[URIRef] | None = None) -> None:
        self.index = index
        self.follow = follow
        self.iris: list[URIRef] = []
        self._ids: dict[str, int] = {}
        self._neighbours: dict[int, list[tuple[URIRef, int, bool]]] = {}
        self._curies: dict[int, str] = {}
        self._labels: dict[int, str] = {}
        self._short: dict[str, str] = {}
        # Relations met, by id: their key, and their Step once made.
        self._step_ids: dict[tuple[int, str, int, bool], int] = {}
        self._step_keys: list[tuple[int, URIRef, int, bool]] = []
        self._step_objects: list[Step | None] = []
        self._predicate_labels: dict[str, str] = {}
        self._slots: dict[int, int] = {}
        self._ranks: dict[int, int] = {}
        self._kinds: dict[str, str | None] = {}
        self._sources: dict[Any, tuple[str | None, str | None]] = {}

    def node(self, iri: URIRef) -> int:
        """The id of a node, given on first sight."""
        key = str.__str__(iri)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self.iris)
            self.iris.append(iri)
        return found

    def shorten(self, iri: str) -> str:
        found = self._short.get(iri)
        if found is None:
            found = self._short[iri] = self.index.curies.shorten(iri)
        return found

    def curie(self, node: int) -> str:
        found = self._curies.get(node)
        if found is None:
            found = self._curies[node] = self.shorten(str.__str__(self.iris[node]))
        return found

    def label(self, node: int) -> str:
        found = self._labels.get(node)
        if found is None:
            found = self._labels[node] = self.index.label(self.iris[node])
        return found

    def neighbours(self, node: int) -> list[tuple[URIRef, int, bool]]:
        """(travelled predicate, next node, inverse?) in deterministic order: outgoing
        relations, then incoming ones that have a declared inverse."""
        found = self._neighbours.get(node)
        if found is None:
            index, iri, ident, follow = self.index, self.iris[node], self.node, self.follow
            found = [
                (prop, ident(obj), False)
                for prop, obj in index.out_edges.get(iri, ())
                if follow is None or prop in follow
            ]
            for prop, subj in index.in_edges.get(iri, ()):
                inverse = index.inverse_of.get(prop)
                if inverse is not None and (follow is None or prop in follow):
                    found.append((inverse, ident(subj), True))
            self._neighbours[node] = found
        return found

    def hop(
        self, prop: URIRef, inverse: bool, classes: frozenset[URIRef]
    ) -> Callable[[int], tuple[list[Extension], frozenset[int]]]:
        """The next steps from a node that a metapath hop admits, memoised per node, with
        the set of nodes they reach."""
        memo: dict[int, tuple[list[Extension], frozenset[int]]] = {}
        typed: dict[int, bool] = {}
        index, iris, ident = self.index, self.iris, self.node
        inverse_of = index.inverse_of
        want = str.__str__(prop)
        # Whether an asserted property, travelled this hop's way, is the one wanted; keyed
        # by object identity (the index holds the property objects, so they stay alive).
        wanted: dict[int, URIRef | None] = {}

        def travelled(asserted: URIRef) -> URIRef | None:
            key = id(asserted)
            if key not in wanted:
                way = inverse_of.get(asserted) if inverse else asserted
                wanted[key] = way if way is not None and str.__str__(way) == want else None
            return wanted[key]

        def admits(node: int) -> bool:
            ok = typed.get(node)
            if ok is None:
                ok = typed[node] = any(index.is_instance(iris[node], c) for c in classes)
            return ok

        def extensions(node: int) -> tuple[list[Extension], frozenset[int]]:
            found = memo.get(node)
            if found is None:
                ext: list[Extension] = []
                table = index.in_edges if inverse else index.out_edges
                for asserted, other_iri in table.get(iris[node], ()):
                    way = travelled(asserted)
                    if way is None:
                        continue
                    other = ident(other_iri)
                    if admits(other):
                        sid = self.step(node, way, other, inverse)
                        ext.append((other, sid, (sid,)))
                found = memo[node] = (ext, frozenset(e[0] for e in ext))
            return found

        return extensions

    def step(self, s: int, p: URIRef, o: int, inverse: bool) -> int:
        """The id of the relation from node *s* to node *o* by *p* (travelled *inverse*)."""
        key = (s, str.__str__(p), o, inverse)
        found = self._step_ids.get(key)
        if found is None:
            found = self._step_ids[key] = len(self._step_keys)
            self._step_keys.append((s, p, o, inverse))
            self._step_objects.append(None)
        return found

    def step_at(self, sid: int) -> Step:
        """The :class:`Step` of a relation id, made on first use."""
        found = self._step_objects[sid]
        if found is None:
            found = self._step_objects[sid] = self._make_step(*self._step_keys[sid])
        return found

    def asserted(self, s: int, p: URIRef, o: int, inverse: bool) -> Triple:
        """The stored triple behind a relation key."""
        si, oi = self.iris[s], self.iris[o]
        return (oi, self.index.inverse_of[p], si) if inverse else (si, p, oi)

    def rank(self, sid: int) -> int:
        """The rank a relation counts as in filters: its verdict's rank, -1 when unranked,
        :data:`~spasmgraph.paths.verdicts.NEUTRAL_RANK` when structural (memoised)."""
        found = self._ranks.get(sid)
        if found is None:
            triple = self.asserted(*self._step_keys[sid])
            if kind_of(self.index, triple[1]) == STRUCTURAL:
                found = NEUTRAL_RANK
            else:
                rank = relation_verdict(self.index, triple)[1]
                found = -1 if rank is None else rank
            self._ranks[sid] = found
        return found

    def _make_step(self, s: int, p: URIRef, o: int, inverse: bool) -> Step:
        index, short = self.index, self._short
        triple = self.asserted(s, p, o, inverse)
        texts = [str.__str__(part) for part in triple]
        stated = tuple([short.get(t) or self.shorten(t) for t in texts])
        kind = self.kind(triple[1])
        verdict, rank = (None, None) if kind == STRUCTURAL else relation_verdict(index, triple)
        return Step(
            self.curie(s),
            self.shorten(str.__str__(p)),
            self.curie(o),
            self.label(s),
            self.predicate_label(p),
            self.label(o),
            stated,  # type: ignore[arg-type]
            inverse,
            self.provenance(index.axioms.get(triple, ())),
            verdict,
            kind,
            rank,
        )

    def kind(self, prop: URIRef) -> str | None:
        """The relation kind of an asserted property (memoised)."""
        key = str.__str__(prop)
        if key not in self._kinds:
            self._kinds[key] = kind_of(self.index, prop)
        return self._kinds[key]

    def predicate_label(self, prop: URIRef) -> str:
        key = str.__str__(prop)
        found = self._predicate_labels.get(key)
        if found is None:
            found = self._predicate_labels[key] = self.index.label(prop)
        return found

    def provenance(self, annotations: Iterable[Mapping[URIRef, Any]]) -> Sources:
        """The provenance of each axiom on one relation.

        Keys are matched by identity (the index holds one object per term, alive for this
        query) and as plain strings, because rdflib compares terms in Python.
        """
        out = []
        slots = self._slots
        for ann in annotations:
            found: list[Any] = [None, None, None, None]  # source, locator, mode, claim
            for key, values in ann.items():
                slot = slots.get(id(key))
                if slot is None:
                    slot = slots[id(key)] = _SLOT_OF.get(str.__str__(key), -1)
                if slot >= 0 and values:
                    found[slot] = values[0]
            out.append(self._make_provenance(*found))
        return Sources(out)

    def _make_provenance(self, source: Any, locator: Any, mode: Any, claim: Any) -> Provenance:
        named = self._sources.get(source)  # sources repeat: one CURIE and label each
        if named is None:
            named = self._sources[source] = (
                (None, None)
                if source is None
                else (self.shorten(str(source)), self.index.label(source))
            )
        return Provenance(
            named[0],
            named[1],
            str(locator) if isinstance(locator, Literal) else None,
            None if mode is None else _MODES.get(str.__str__(mode)),
            None if claim is None else self.shorten(str.__str__(claim)),
        )


def verdict_of(index: Index, triple: Triple) -> str | None:
    """The verdict of an asserted triple's own assessment; ``None`` when it has none or
    is structural.

    Examples
    --------
    >>> from spasmgraph.index import Curies, Index
    >>> from rdflib import URIRef
    >>> a, p, b = (URIRef(f"https://example.org/{n}") for n in "apb")
    >>> verdict_of(Index(size=0, curies=Curies([])), (a, p, b)) is None
    True
    """
    if kind_of(index, triple[1]) == STRUCTURAL:
        return None
    return relation_verdict(index, triple)[0]


def provenance_of(index: Index, triple: Triple) -> Sources:
    """The :class:`Provenance` of every axiom annotating an asserted triple."""
    return View(index).provenance(index.axioms.get(triple, ()))


def relation_step(index: Index, s: URIRef, p: URIRef, o: URIRef, inverse: bool = False) -> Step:
    """The :class:`Step` for the relation ``(s, p, o)``, walked backwards if *inverse*.

    With *inverse*, ``p`` is the property as travelled, and ``(o, inverse of p, s)`` the
    relation as asserted.
    """
    view = View(index)
    return view.step_at(view.step(view.node(s), p, view.node(o), inverse))


def relations_of(index: Index, iri: URIRef) -> tuple[Step, ...]:
    """Every relation of *iri*, outgoing then incoming, each in its stated direction."""
    view = View(index)
    node = view.node(iri)
    out = [view.step(node, p, view.node(o), False) for p, o in index.out_edges.get(iri, ())]
    out += [view.step(view.node(s), p, node, False) for p, s in index.in_edges.get(iri, ())]
    return tuple(view.step_at(sid) for sid in out)
