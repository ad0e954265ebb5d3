"""The bounded breadth-first enumeration of paths.

:func:`query_paths` (what :meth:`KnowledgeGraph.paths` runs) resolves the user's
references; :func:`find_paths` checks the rest of the input and hands off to the search.

A path follows each relation in its stated direction, and against it only where the
ontology names the reverse relation with ``owl:inverseOf`` (*acts on* / *is counteracted
by*, *relieves* / *is relieved by*, *treats* / *is treated by*). Without a metapath it
follows only relations of the kinds asked for (:data:`~spasmgraph.paths.kinds.DEFAULT_RELATIONS`
by default: causal, therapeutic, care and safety), so paths stay causal.

Enumeration is breadth first, so shorter paths come first, and ties are broken by the
CURIEs along the path, which makes the order deterministic. It is always bounded: by
``max_hops`` (at most :data:`~spasmgraph.paths.spec.MAX_HOPS`), by ``limit``, and by a
work budget.

>>> import spasmgraph as sg
>>> paths = sg.load().paths("intense exercise", "Treatment", via=["Mechanism"], max_hops=2)
>>> all(p.nodes[0] == "sg:intense_exercise" for p in paths)
True
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from rdflib import URIRef

from .. import _check
from ..entities import Entity
from ..index import Index, gc_paused
from .kinds import DEFAULT_RELATIONS, RelationsArg, followed_properties
from .pathlist import ONE, Block, PathList, Row
from .spec import (
    Hop,
    MetaPath,
    check_budget,
    check_hops,
    check_limit,
    check_order,
    resolve_spec,
)
from .verdicts import check_verdict
from .view import Extension, View

__all__ = ["DEFAULT_BUDGET", "find_paths", "query_paths"]

DEFAULT_BUDGET = 2_000_000
"""Partial paths a query may extend before it stops and warns."""

Order = Literal["length", "evidence"]
_Partial = tuple[tuple[int, ...], tuple[int, ...]]  # a partial path: node ids, step ids


def query_paths(
    index: Index,
    source: str | Entity,
    target: str | Entity | None = None,
    *,
    via: Sequence[str] | None = None,
    metapath: MetaPath | str | None = None,
    relations: RelationsArg = DEFAULT_RELATIONS,
    max_hops: int = 4,
    limit: int = 1000,
    min_evidence: str | None = None,
    order: Order = "length",
    budget: int = DEFAULT_BUDGET,
) -> PathList:
    """Find typed paths from *source* to *target*; see :meth:`KnowledgeGraph.paths`."""
    check_hops(max_hops)
    check_limit(limit)
    check_budget(budget)
    check_order(order)
    if min_evidence is not None:
        check_verdict(min_evidence, index)
    via = _check.strings_or_none(via, "via")
    spec = resolve_spec(index, source, target, via=via, metapath=metapath, max_hops=max_hops)
    return find_paths(
        index,
        spec.sources,
        target_entity=spec.target_entity,
        target_classes=spec.target_classes,
        via=spec.via,
        hops=spec.hops,
        relations=relations,
        max_hops=spec.max_hops,
        limit=limit,
        min_evidence=min_evidence,
        order=order,
        budget=budget,
    )


def find_paths(
    index: Index,
    sources: Sequence[URIRef],
    *,
    target_entity: URIRef | None = None,
    target_classes: Iterable[URIRef] = (),
    via: Iterable[URIRef] | None = None,
    hops: Sequence[Hop] | None = None,
    relations: RelationsArg = DEFAULT_RELATIONS,
    max_hops: int = 4,
    limit: int = 1000,
    min_evidence: str | None = None,
    order: Order = "length",
    budget: int = DEFAULT_BUDGET,
) -> PathList:
    """Enumerate simple paths from resolved IRIs; the engine behind :func:`query_paths`.

    With *hops* (a resolved metapath) the hops name their properties and *relations* is
    not applied; otherwise only properties of the kinds in *relations* are followed.

    Notes
    -----
    Breadth first over a per-call :class:`~spasmgraph.paths.view.View` of *index* in which
    nodes are small integers and each node's admissible next steps are worked out once,
    however many partial paths reach it (for a metapath, once per hop). Time is
    O(partial paths extended), at most *budget*; memory is O(frontier + result). A
    metapath's last hop is stored factorised (a prefix times the node's shared tails),
    so its rows cost O(1) each. ``order="evidence"`` enumerates every path before
    ranking, then keeps *limit*.
    """
    max_hops = check_hops(max_hops)
    limit = check_limit(limit)
    budget = check_budget(budget)
    check_order(order)
    min_rank = None if min_evidence is None else check_verdict(min_evidence, index)
    follow = None if hops is not None else followed_properties(index, relations)
    with gc_paused():
        search = _Search(index, follow, min_rank, budget, limit, order == "evidence")
        search.start(sources)
        if hops is not None:
            search.run_metapath(hops)
        else:
            search.run_free(target_entity, frozenset(target_classes), via, max_hops)
        return search.result(limit, order == "evidence")


class _Search:
    """The state of one enumeration: the view, the rows found and the work done."""

    def __init__(
        self,
        index: Index,
        follow: frozenset[URIRef] | None,
        min_rank: int | None,
        budget: int,
        limit: int,
        rank_all: bool,
    ) -> None:
        self.index = index
        self.view = View(index, follow)
        self.min_rank = min_rank
        self.budget = budget
        self.stop = float("inf") if rank_all else limit  # "evidence" ranks everything
        self.found: list[Block] = []
        self.rows = 0
        self.work = 0
        self.truncated = False
        self.frontier: list[_Partial] = []

    def start(self, sources: Sequence[URIRef]) -> None:
        shorten, node = self.index.curies.shorten, self.view.node
        ordered = sorted(sources, key=lambda i: shorten(str(i)))
        self.frontier = [((node(iri),), ()) for iri in ordered]

    def _memo(self, test: Callable[[URIRef], bool]) -> Callable[[int], bool]:
        memo: dict[int, bool] = {}
        iris = self.view.iris

        def check(node: int) -> bool:
            found = memo.get(node)
            if found is None:
                found = memo[node] = test(iris[node])
            return found

        return check

    def _instance_of(self, classes: Iterable[URIRef]) -> Callable[[int], bool]:
        index, wanted = self.index, tuple(classes)
        return self._memo(lambda iri: any(index.is_instance(iri, c) for c in wanted))

    def run_free(
        self,
        target_entity: URIRef | None,
        target_classes: frozenset[URIRef],
        via: Iterable[URIRef] | None,
        max_hops: int,
    ) -> None:
        """Every simple path up to *max_hops* from a source to a target node."""
        view = self.view
        if target_entity is not None:
            target_id = view.node(target_entity)
            is_target: Callable[[int], bool] = lambda node: node == target_id  # noqa: E731
        else:
            is_target = self._instance_of(target_classes)
        in_via = (lambda node: True) if via is None else self._instance_of(via)
        for depth in range(max_hops):
            self.frontier = self._free_level(is_target, in_via, depth == max_hops - 1)
            if self.truncated or not self.frontier:
                break
        self._warn_if_over_budget()

    def _free_level(
        self, is_target: Callable[[int], bool], in_via: Callable[[int], bool], last: bool
    ) -> list[_Partial]:
        view, min_rank, budget, stop = self.view, self.min_rank, self.budget, self.stop
        work, rows, append = self.work, self.rows, self.found.append
        nxt: list[_Partial] = []
        for nodes, steps in self.frontier:
            node = nodes[-1]
            for prop, other, inverse in view.neighbours(node):
                if other in nodes:
                    continue
                work += 1
                if work > budget:
                    self.truncated = True
                    break
                sid = view.step(node, prop, other, inverse)
                if min_rank is not None and view.rank(sid) < min_rank:
                    continue
                if is_target(other):
                    append(((*steps, sid), ONE))
                    rows += 1
                    if rows >= stop:
                        self.truncated = True
                        break
                elif not last and in_via(other):
                    nxt.append(((*nodes, other), (*steps, sid)))
            if self.truncated:
                break
        self.work, self.rows = work, rows
        return nxt

    def run_metapath(self, hops: Sequence[Hop]) -> None:
        """Every simple path that follows *hops* in order."""
        for depth, hop in enumerate(hops):
            extensions = self.view.hop(*hop)
            if depth == len(hops) - 1:
                self._last_hop(extensions)
            else:
                self.frontier = self._metapath_level(extensions)
            if self.truncated or not self.frontier:
                break
        self._warn_if_over_budget()

    def _metapath_level(
        self, extensions: Callable[[int], tuple[list[Extension], frozenset[int]]]
    ) -> list[_Partial]:
        view, min_rank, budget = self.view, self.min_rank, self.budget
        work = self.work
        nxt: list[_Partial] = []
        for nodes, steps in self.frontier:
            for other, sid, step_t in extensions(nodes[-1])[0]:
                if other in nodes:
                    continue
                work += 1
                if work > budget:
                    self.truncated = True
                    break
                if min_rank is None or view.rank(sid) >= min_rank:
                    nxt.append(((*nodes, other), steps + step_t))
            if self.truncated:
                break
        self.work = work
        return nxt

    def _last_hop(
        self, extensions: Callable[[int], tuple[list[Extension], frozenset[int]]]
    ) -> None:
        """The metapath's last hop. Where no extension revisits the path and neither the
        budget nor the limit is in reach, a path's rows are one block: its prefix times
        the node's admissible last hops (the same rows, in order)."""
        view, budget, stop, append = self.view, self.budget, self.stop, self.found.append
        floor = -1 if self.min_rank is None else self.min_rank
        tails_memo: dict[int, tuple[Row, ...]] = {}
        for nodes, steps in self.frontier:
            ext, reached = extensions(nodes[-1])
            n = len(ext)
            if n and self.work + n <= budget and self.rows + n < stop and reached.isdisjoint(nodes):
                self.work += n
                tails = tails_memo.get(nodes[-1])
                if tails is None:
                    tails = tails_memo[nodes[-1]] = tuple(
                        t for _, sid, t in ext if floor < 0 or view.rank(sid) >= floor
                    )
                if tails:
                    append((steps, tails))
                    self.rows += len(tails)
                continue
            for other, sid, step_t in ext:
                if other in nodes:
                    continue
                self.work += 1
                if self.work > budget:
                    self.truncated = True
                    return
                if floor >= 0 and view.rank(sid) < floor:
                    continue
                append((steps + step_t, ONE))
                self.rows += 1
                if self.rows >= stop:
                    self.truncated = True
                    return

    def _warn_if_over_budget(self) -> None:
        if self.work > self.budget:
            warnings.warn(
                f"path enumeration stopped after {self.budget} extensions; narrow the query "
                "(via=, max_hops=, relations=, a metapath) or raise budget=",
                RuntimeWarning,
                stacklevel=6,  # the caller of KnowledgeGraph.paths
            )

    def result(self, limit: int, by_evidence: bool) -> PathList:
        found = PathList.from_blocks(self.found, self.rows, self.truncated, self.view.steps)
        if not by_evidence:
            return found
        ranked = sorted(found, key=lambda p: (-p.evidence_score[0], -p.evidence_score[1], len(p)))
        truncated = self.truncated or len(ranked) > limit
        return PathList(ranked[:limit], truncated)
