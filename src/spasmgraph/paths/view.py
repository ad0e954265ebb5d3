"""One path query's view of an :class:`~spasmgraph.index.Index`, and the :class:`Step` of
a relation.

rdflib terms compare slowly, so a view looks each node and relation up once and the search
compares and hashes small integers. A :class:`Step`, with labels, provenance, kind and
verdict, is made the first time a path through its relation is read, and shared; the
parts steps have in common (a node's CURIE and label, a property's, a verdict's name, a
source's) are worked out once per view. A :class:`StepTable` keeps the Steps made, so
that looking one up again runs in C.

Tables are keyed by the index's own term objects: a term hashes as its text, and a
lookup with the very object the index holds never calls rdflib's ``__eq__``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rdflib import Literal, URIRef

from ..index import Index, Triple
from ..vocab import DCTERMS, SG
from .kinds import STRUCTURAL, kind_of
from .model import Provenance, Sources, Step
from .verdicts import NEUTRAL_RANK, relation_verdict, weakest_verdict

__all__ = [
    "Extension",
    "StepTable",
    "View",
    "locator_text",
    "provenance_of",
    "relation_step",
    "relations_of",
    "verdict_of",
]

Extension = tuple[int, int, tuple[int]]
"""How a partial path grows by one hop: next node, step id, ``(step id,)``."""

_MODES = {str(SG.StatedInSource): "stated", str(SG.InferredByModeller): "inferred"}
_FIELDS = (DCTERMS.source, SG.locator, SG.assertionMode, SG.expressesClaim)
"""The axiom annotations a Provenance reads, in its order."""


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
        self._ids: dict[URIRef, int] = {}
        self._neighbours: dict[int, list[tuple[URIRef, int, bool]]] = {}
        self._curies: dict[int, str] = {}
        self._labels: dict[int, str] = {}
        self._short: dict[str, str] = {}
        # Relations met, by id: their key, and their Step once made.
        self._step_ids: dict[tuple[int, URIRef, int, bool], int] = {}
        self._step_keys: list[tuple[int, URIRef, int, bool]] = []
        self.steps = StepTable(self)
        self._predicate_labels: dict[URIRef, str] = {}
        self._fields: tuple[URIRef, ...] | None = None  # _FIELDS, as the index's objects
        self._ranks: dict[int, int] = {}
        self._kinds: dict[URIRef, str | None] = {}
        self._verdicts: dict[tuple[URIRef, ...], tuple[str | None, int | None]] = {}
        self._sources: dict[Any, tuple[str | None, str | None]] = {}

    def node(self, iri: URIRef) -> int:
        """The id of a node, given on first sight."""
        found = self._ids.get(iri)
        if found is None:
            found = self._ids[iri] = len(self.iris)
            self.iris.append(iri)
        return found

    def shorten(self, iri: str) -> str:
        """The CURIE of an IRI (memoised)."""
        found = self._short.get(iri)
        if found is None:
            found = self._short[iri] = self.index.curies.shorten(str.__str__(iri))
        return found

    def curie(self, node: int) -> str:
        """The CURIE of a node id (memoised)."""
        found = self._curies.get(node)
        if found is None:
            found = self._curies[node] = self.shorten(self.iris[node])
        return found

    def label(self, node: int) -> str:
        """The label of a node id (memoised)."""
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
        key = (s, p, o, inverse)
        found = self._step_ids.get(key)
        if found is None:
            found = self._step_ids[key] = len(self._step_keys)
            self._step_keys.append((s, p, o, inverse))
        return found

    def step_at(self, sid: int) -> Step:
        """The :class:`Step` of a relation id, made on first use (``view.steps[sid]``)."""
        return self.steps[sid]

    def key(self, sid: int) -> tuple[int, URIRef, int, bool]:
        """The relation behind an id: subject and object node ids, the travelled
        property, and whether it is travelled against its stated direction."""
        return self._step_keys[sid]

    def grade(self, sid: int) -> tuple[bool, int | None, str | None]:
        """Whether a relation is graded (not structural), its verdict's rank and name:
        the ``graded``, ``rank`` and ``verdict`` its :class:`Step` would have."""
        triple = self.asserted(*self._step_keys[sid])
        if self.kind(triple[1]) == STRUCTURAL:
            return False, None, None
        verdict, rank = self.verdict(triple)
        return True, rank, verdict

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
            if self.kind(triple[1]) == STRUCTURAL:
                found = NEUTRAL_RANK
            else:
                rank = self.verdict(triple)[1]
                found = -1 if rank is None else rank
            self._ranks[sid] = found
        return found

    def make_step(self, sid: int) -> Step:
        """A new :class:`Step` for the relation id *sid* (:attr:`steps` keeps it)."""
        s, p, o, inverse = self._step_keys[sid]
        triple = self.asserted(s, p, o, inverse)
        subject, obj, asserted = self.curie(s), self.curie(o), self.shorten(triple[1])
        kind = self.kind(triple[1])
        verdict, rank = (None, None) if kind == STRUCTURAL else self.verdict(triple)
        return Step(
            subject,
            self.shorten(p),
            obj,
            self.label(s),
            self.predicate_label(p),
            self.label(o),
            (obj, asserted, subject) if inverse else (subject, asserted, obj),
            inverse,
            self.provenance(self.index.axioms.get(triple, ())),
            verdict,
            kind,
            rank,
        )

    def verdict(self, triple: Triple) -> tuple[str | None, int | None]:
        """The verdict name and rank of an asserted relation (see
        :func:`~spasmgraph.paths.verdicts.relation_verdict`), memoised per set of
        verdicts. Most relations have one assessment, looked up directly."""
        index = self.index
        assessments = index.relation_assessments.get(triple, ())
        if len(assessments) == 1:
            verdict = index.verdict_of.get(assessments[0])
            verdicts: tuple[URIRef, ...] = () if verdict is None else (verdict,)
        else:
            verdicts = index.verdicts(triple)
        found = self._verdicts.get(verdicts)
        if found is None:
            found = self._verdicts[verdicts] = weakest_verdict(index, verdicts)
        return found

    def kind(self, prop: URIRef) -> str | None:
        """The relation kind of an asserted property (memoised)."""
        found = self._kinds.get(prop, self)
        if found is self:
            found = self._kinds[prop] = kind_of(self.index, prop)
        return found  # type: ignore[return-value]

    def predicate_label(self, prop: URIRef) -> str:
        """The label of a property (memoised)."""
        found = self._predicate_labels.get(prop)
        if found is None:
            found = self._predicate_labels[prop] = self.index.label(prop)
        return found

    def provenance(self, annotations: Iterable[Mapping[URIRef, Any]]) -> Sources:
        """The :class:`Provenance` of each axiom on one relation."""
        out = []
        for source, locator, mode, claim in self.raw_records(annotations):
            named = self.source(source)
            out.append(
                Provenance(
                    named[0], named[1], locator_text(locator), self.mode(mode), self.claim(claim)
                )
            )
        return Sources(out)

    def raw_records(self, annotations: Iterable[Mapping[URIRef, Any]]) -> list[list[Any]]:
        """The source, locator, mode and claim terms of each axiom on one relation.

        The annotations are looked up with the index's own key objects, learnt from the
        first axiom read (the index holds one object per term): a lookup with the very
        object never calls rdflib's ``__eq__``. A key that axiom lacks is looked up by
        value, which is slower but gives the same answer.
        """
        out = []
        for ann in annotations:
            fields = self._fields
            if fields is None:
                own = {key: key for key in ann}
                fields = self._fields = tuple(own.get(key, key) for key in _FIELDS)
            out.append([values[0] if values else None for values in map(ann.get, fields)])
        return out

    def source(self, source: Any) -> tuple[str | None, str | None]:
        """A source's CURIE and label (memoised: sources repeat)."""
        named = self._sources.get(source)
        if named is None:
            named = self._sources[source] = (
                (None, None) if source is None else (self.shorten(source), self.index.label(source))
            )
        return named

    @staticmethod
    def mode(mode: Any) -> str | None:
        """``"stated"`` or ``"inferred"`` for an assertion mode term."""
        return None if mode is None else _MODES.get(str.__str__(mode))

    def claim(self, claim: Any) -> str | None:
        """A claim's CURIE."""
        return None if claim is None else self.shorten(claim)


def locator_text(locator: Any) -> str | None:
    """A locator literal as plain text; ``None`` for anything else."""
    return str.__str__(locator) if isinstance(locator, Literal) else None


class StepTable(dict[int, Step]):
    """The :class:`Step` of each relation id of a :class:`View`, made on first lookup.

    A dict, so that looking up a Step already made runs in C (``map(steps.__getitem__,
    ids)``), which reading a million rows does a million times.

    Attributes
    ----------
    view : View
        The view whose relation ids it answers for.
    """

    __slots__ = ("view",)

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view

    def __missing__(self, sid: int) -> Step:
        found = self[sid] = self.view.make_step(sid)
        return found


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
