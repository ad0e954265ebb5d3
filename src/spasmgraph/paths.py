"""Typed path queries: cause → mechanism → remedy, with provenance on every step.

A path walks object-property assertions between entities. It follows each relation in its
stated direction, and against it only where the ontology names the reverse relation with
``owl:inverseOf`` (``acts on`` / ``is counteracted by``, ``relieves`` / ``is relieved by``,
``treats`` / ``is treated by``). That keeps paths causal: a cause *triggers* a mechanism,
which *is counteracted by* a treatment.

Enumeration is breadth first, so shorter paths come first, and ties are broken by the
CURIEs along the path, which makes the order deterministic. It is always bounded: by
``max_hops`` (at most :data:`MAX_HOPS`), by ``limit``, and by a work budget.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> paths = kg.paths("intense exercise", "Treatment", via=["Mechanism"], max_hops=2)
>>> all(p.nodes[0] == "sg:intense_exercise" for p in paths)
True
"""

from __future__ import annotations

import operator
import re
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any, overload
from typing import Literal as TypingLiteral

from rdflib import Literal, URIRef

from .errors import InvalidPathSpecError
from .index import Index, gc_paused
from .vocab import DCTERMS, SG

__all__ = [
    "MAX_HOPS",
    "VERDICTS",
    "MetaPath",
    "MetaStep",
    "Path",
    "PathList",
    "Provenance",
    "Step",
    "find_paths",
    "provenance_of",
    "relation_step",
    "verdict_of",
]

MAX_HOPS = 8
"""The largest ``max_hops`` a path query accepts."""

DEFAULT_BUDGET = 2_000_000
"""Partial paths a query may extend before it stops and warns."""

VERDICTS: tuple[str, ...] = ("contradicted", "unsupported", "insufficient", "mixed", "supported")
"""Evidence verdicts, weakest first; their index is their ``sg:rank``."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where one asserted relation comes from.

    Attributes
    ----------
    source : str or None
        CURIE or IRI of the source document.
    source_label : str or None
        Its title or label.
    locator : str or None
        Section and item within the source.
    mode : {"stated", "inferred"} or None
        Whether the source states the relation or the modeller inferred it.
    claim : str or None
        CURIE of the :class:`sg:Claim` the relation expresses.
    """

    source: str | None
    source_label: str | None
    locator: str | None
    mode: str | None
    claim: str | None

    def __str__(self) -> str:
        parts = [p for p in (self.source_label or self.source, self.locator) if p]
        text = ", ".join(parts) or "unknown source"
        return f"{text} ({self.mode})" if self.mode else text


@dataclass(frozen=True, slots=True)
class Step:
    """One hop of a :class:`Path`, read in the direction of travel.

    ``subject``, ``predicate`` and ``object`` are CURIEs in travel order; when the hop runs
    against the asserted relation, ``predicate`` is the inverse property and ``asserted``
    holds the triple as stored. ``provenance`` and ``verdict`` describe the stored triple.
    """

    subject: str
    predicate: str
    object: str
    subject_label: str
    predicate_label: str
    object_label: str
    asserted: tuple[str, str, str]
    inverse: bool
    provenance: tuple[Provenance, ...]
    verdict: str | None = None

    def __str__(self) -> str:
        return f"{self.subject_label} --{self.predicate_label}--> {self.object_label}"


@dataclass(frozen=True, slots=True)
class Path:
    """A walk through the graph: its :class:`Step` list, one step per hop.

    ``nodes`` and ``labels`` are read off the steps. ``str(path)`` gives one readable
    line: each relation, then each step's source, locator, assertion mode and evidence
    verdict.
    """

    steps: tuple[Step, ...]

    @property
    def nodes(self) -> tuple[str, ...]:
        """The CURIEs of the nodes along the path, from source to target."""
        steps = self.steps
        return (steps[0].subject, *[s.object for s in steps]) if steps else ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels of the nodes along the path, from source to target."""
        steps = self.steps
        return (steps[0].subject_label, *[s.object_label for s in steps]) if steps else ()

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def verdicts(self) -> tuple[str | None, ...]:
        """The evidence verdict of each step (``None`` where no assessment exists)."""
        return tuple(s.verdict for s in self.steps)

    @property
    def weakest_verdict(self) -> str | None:
        """The lowest verdict along the path, or ``None`` if any step is unassessed."""
        ranks = [_rank(v) for v in self.verdicts]
        if not ranks or any(r is None for r in ranks):
            return None
        return VERDICTS[min(r for r in ranks if r is not None)]

    @property
    def evidence_score(self) -> tuple[int, float]:
        """Sort key for ranking by evidence: (weakest rank, mean rank); unassessed is -1."""
        ranks = [-1 if (r := _rank(v)) is None else r for v in self.verdicts]
        return (min(ranks, default=-1), sum(ranks) / len(ranks) if ranks else -1.0)

    def __str__(self) -> str:
        chain = self.labels[0]
        notes = []
        for i, step in enumerate(self.steps, 1):
            chain += f" --{step.predicate_label}--> {step.object_label}"
            prov = "; ".join(str(p) for p in step.provenance) or "no provenance"
            verdict = f"; evidence: {step.verdict}" if step.verdict else "; evidence: unassessed"
            notes.append(f"[{i}] {prov}{verdict}")
        return f"{chain}  {' '.join(notes)}"

    def explain(self) -> str:
        """A multi-line explanation: one line per step with its source and verdict."""
        lines = [" → ".join(self.labels)]
        for i, step in enumerate(self.steps, 1):
            lines.append(f"  {i}. {step}")
            for prov in step.provenance:
                lines.append(
                    f"       source: {prov}" + (f"; claim {prov.claim}" if prov.claim else "")
                )
            lines.append(f"       evidence: {step.verdict or 'unassessed'}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cells = [f"<b>{escape(self.labels[0])}</b>"]
        for step in self.steps:
            colour = _VERDICT_COLOURS.get(step.verdict or "", "#555")
            title = escape("; ".join(str(p) for p in step.provenance) or "no provenance")
            cells.append(
                f"<span title='{title}' style='color:{colour}'>"
                f"&#8212;{escape(step.predicate_label)}"
                f"&#8594;</span> <b>{escape(step.object_label)}</b>"
                f" <small style='color:{colour}'>[{escape(step.verdict or 'unassessed')}]</small>"
            )
        return "<div class='spasmgraph-path'>" + " ".join(cells) + "</div>"


_VERDICT_COLOURS = {
    "supported": "#1a7f37",
    "mixed": "#9a6700",
    "insufficient": "#6e7781",
    "unsupported": "#bc4c00",
    "contradicted": "#cf222e",
}


_Row = tuple[Any, ...]  # Step objects, or step ids that the PathList's resolver turns into them
_Block = tuple[_Row, Sequence[_Row]]  # rows prefix + tail, one per tail
_ONE: tuple[_Row] = ((),)  # the tails of a block that holds one whole row as its prefix


class PathList(Sequence[Path]):
    """The result of a path query: an immutable sequence of :class:`Path`.

    Every row is enumerated when the query returns: which nodes, through which relations.
    Rows are held factorised, as in a factorised database: a block of rows that share a
    prefix is stored as that prefix and the list of its possible last hops, computed once
    per node and shared by every block that ends there. A relation is stored as a small
    integer; its :class:`Step`, with labels, provenance and verdict, is made the first
    time a path through it is read, and shared by every path that crosses it. A
    :class:`Path` is made when you index or iterate. So a result of a million rows costs
    neither a million tuples nor a tree of objects, and reading every path costs one
    :class:`Step` per distinct relation.

    Parameters
    ----------
    paths : iterable of Path, optional
        The paths, in order.
    truncated : bool, default False
        Whether more paths exist than the ones held.

    Attributes
    ----------
    truncated : bool
        True when ``limit`` or the work budget stopped enumeration early.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> paths = sg.load().paths("intense exercise", "Treatment", via=["Mechanism"], limit=3)
    >>> len(paths), paths.truncated
    (3, True)
    >>> paths[-1] == list(paths)[2], len(paths[:2]), paths[:2] == list(paths)[:2]
    (True, 2, True)
    """

    __slots__ = ("_blocks", "_len", "_resolve", "_starts", "truncated")

    def __init__(self, paths: Iterable[Path] = (), truncated: bool = False) -> None:
        self._blocks: list[_Block] = [(p.steps, _ONE) for p in paths]
        self._len = len(self._blocks)
        self._resolve: Callable[[Any], Step] | None = None
        self._starts: list[int] | None = None
        self.truncated = truncated

    @classmethod
    def _of_blocks(
        cls,
        blocks: list[_Block],
        length: int,
        truncated: bool,
        resolve: Callable[[Any], Step] | None = None,
    ) -> PathList:
        out = cls.__new__(cls)
        out._blocks, out._len, out._starts, out.truncated = blocks, length, None, truncated
        out._resolve = resolve
        return out

    def _steps(self, row: _Row) -> tuple[Step, ...]:
        return row if self._resolve is None else tuple(map(self._resolve, row))

    def _rows(self) -> Iterator[tuple[Step, ...]]:
        """Each row's steps, in order."""
        steps = self._steps
        resolved: dict[int, list[tuple[Step, ...]]] = {}  # shared tails, resolved once
        for prefix, tails in self._blocks:
            head = steps(prefix)
            if tails is _ONE:
                yield head
                continue
            ends = resolved.get(id(tails))
            if ends is None:
                ends = resolved[id(tails)] = [steps(tail) for tail in tails]
            for end in ends:
                yield head + end

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, item: int) -> Path: ...

    @overload
    def __getitem__(self, item: slice) -> PathList: ...

    def __getitem__(self, item: int | slice) -> Path | PathList:
        if isinstance(item, slice):
            rows = list(self._rows())[item]
            return PathList._of_blocks([(r, _ONE) for r in rows], len(rows), self.truncated)
        position = operator.index(item)
        if position < 0:
            position += self._len
        if not 0 <= position < self._len:
            raise IndexError(f"path index {item} out of range for {self._len} paths")
        if self._starts is None:  # where each block starts, worked out on first use
            self._starts, start = [], 0
            for _, tails in self._blocks:
                self._starts.append(start)
                start += len(tails)
        block = bisect_right(self._starts, position) - 1
        prefix, tails = self._blocks[block]
        return _new_path(self._steps(prefix + tails[position - self._starts[block]]))

    def __iter__(self) -> Iterator[Path]:
        return map(_new_path, self._rows())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PathList):
            return self._len == other._len and all(
                a == b for a, b in zip(self._rows(), other._rows(), strict=True)
            )
        if isinstance(other, (list, tuple)):
            return len(other) == self._len and all(
                isinstance(p, Path) and p.steps == r
                for p, r in zip(other, self._rows(), strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[PathList], tuple[list[Path], bool]]:
        # Pickle the paths themselves, not the query's view of the index behind them.
        return (PathList, (list(self), self.truncated))

    def __add__(self, other: Iterable[Path]) -> PathList:
        rows: list[_Block] = [(r, _ONE) for r in self._rows()]
        rows += [(p.steps, _ONE) for p in other]
        truncated = self.truncated or bool(getattr(other, "truncated", False))
        return PathList._of_blocks(rows, len(rows), truncated)

    def __repr__(self) -> str:
        more = ", truncated=True" if self.truncated else ""
        return f"PathList(<{self._len} paths>{more})"

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{p._repr_html_()}</li>" for p in self)
        more = "<p><i>truncated: raise limit= to see more</i></p>" if self.truncated else ""
        return f"<ol class='spasmgraph-paths'>{items}</ol>{more}" if self else "<p>no paths</p>"


@dataclass(frozen=True, slots=True)
class MetaStep:
    """One hop of a :class:`MetaPath`: a property, a direction and the class reached."""

    predicate: str
    inverse: bool
    target: str


_META_TOKEN = re.compile(r"\s*(<-\s*([\w:.-]+)\s*-|-\s*([\w:.-]+)\s*->)\s*([\w:.-]+)")


@dataclass(frozen=True, slots=True)
class MetaPath:
    """A typed path pattern, as in hetnetpy: node classes joined by directed relations.

    Parse one from text such as ``"Cause -triggers-> Mechanism <-actsOn- Treatment"``:
    ``-p->`` follows ``p`` as stated, ``<-p-`` follows it backwards.

    >>> mp = MetaPath.parse("Cause -triggers-> Mechanism <-actsOn- Treatment")
    >>> mp.source, [s.target for s in mp.steps]
    ('Cause', ['Mechanism', 'Treatment'])
    >>> str(mp)
    'Cause -triggers-> Mechanism <-actsOn- Treatment'
    """

    source: str
    steps: tuple[MetaStep, ...] = field(default=())

    @classmethod
    def parse(cls, text: str) -> MetaPath:
        """Parse the arrow notation; raise :class:`InvalidPathSpecError` if malformed."""
        head = re.match(r"\s*([\w:.-]+)", text)
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
            inverse = m.group(2) is not None
            steps.append(MetaStep(m.group(2) or m.group(3), inverse, m.group(4)))
            pos = m.end()
        if not steps:
            raise InvalidPathSpecError(f"metapath {text!r} has no hops; add '-property-> Class'")
        return cls(head.group(1), tuple(steps))

    def __str__(self) -> str:
        out = self.source
        for s in self.steps:
            out += f" <-{s.predicate}- {s.target}" if s.inverse else f" -{s.predicate}-> {s.target}"
        return out


def _rank(verdict: str | None) -> int | None:
    return VERDICTS.index(verdict) if verdict in VERDICTS else None


def check_verdict(name: str) -> int:
    """Rank of a verdict name; raise :class:`InvalidPathSpecError` for unknown names."""
    if name not in VERDICTS:
        raise InvalidPathSpecError(
            f"unknown evidence verdict {name!r}; choose one of: {', '.join(reversed(VERDICTS))}"
        )
    return VERDICTS.index(name)


def check_hops(max_hops: object) -> int:
    """Validate ``max_hops``."""
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


# A compiled hop constraint: (predicate IRI as travelled, inverse?, allowed target classes)
_Hop = tuple[URIRef, bool, frozenset[URIRef]]


@dataclass
class _Query:
    index: Index
    sources: Sequence[URIRef]
    is_target: object  # Callable[[URIRef], bool]
    via: frozenset[URIRef] | None
    hops: Sequence[_Hop] | None
    max_hops: int
    min_rank: int | None
    budget: int


def verdict_of(index: Index, triple: tuple[URIRef, URIRef, URIRef]) -> str | None:
    """The weakest verdict on the claims an asserted triple expresses, or ``None``."""
    return _View(index).annotations(index.axioms.get(triple, ()))[1]


def provenance_of(index: Index, triple: tuple[URIRef, URIRef, URIRef]) -> tuple[Provenance, ...]:
    """The :class:`Provenance` of every axiom annotating an asserted triple."""
    return _View(index).annotations(index.axioms.get(triple, ()))[0]


def relation_step(index: Index, s: URIRef, p: URIRef, o: URIRef, inverse: bool = False) -> Step:
    """The :class:`Step` for the relation ``(s, p, o)``, walked backwards if *inverse*.

    With *inverse*, ``p`` is the property as travelled, and ``(o, inverse of p, s)`` the
    relation as asserted.
    """
    view = _View(index)
    return view.step_at(view.step(view.node(s), p, view.node(o), inverse))


_MODES = {str(SG.StatedInSource): "stated", str(SG.InferredByModeller): "inferred"}

# The axiom annotations a Provenance reads, by their position in it.
_SLOT_OF = {
    str(term): slot
    for slot, term in enumerate((DCTERMS.source, SG.locator, SG.assertionMode, SG.expressesClaim))
}
_CLAIM_SLOT = 3


def find_paths(
    index: Index,
    sources: Sequence[URIRef],
    *,
    target_entity: URIRef | None = None,
    target_classes: Iterable[URIRef] = (),
    via: Iterable[URIRef] | None = None,
    hops: Sequence[_Hop] | None = None,
    max_hops: int = 4,
    limit: int = 1000,
    min_evidence: str | None = None,
    order: TypingLiteral["length", "evidence"] = "length",
    budget: int = DEFAULT_BUDGET,
) -> PathList:
    """Enumerate simple paths; the engine behind :meth:`KnowledgeGraph.paths`.

    Breadth first over a per-call view of *index* in which nodes are small integers and
    each node's admissible next steps are worked out once, however many partial paths
    reach it (for a metapath, once per hop). :class:`Step` objects are built once per
    relation and shared by every path that crosses it, and a path is its tuple of steps,
    grown by extending its prefix's tuple, so the cost per result row stays small.
    """
    max_hops = check_hops(max_hops)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidPathSpecError(f"limit must be a positive integer, not {limit!r}")
    if order not in ("length", "evidence"):
        raise InvalidPathSpecError(f"order must be 'length' or 'evidence', not {order!r}")
    with gc_paused():
        return _find_paths(
            index,
            sources,
            target_entity=target_entity,
            target_classes=target_classes,
            via=via,
            hops=hops,
            max_hops=max_hops,
            limit=limit,
            min_evidence=min_evidence,
            order=order,
            budget=budget,
        )


def _find_paths(
    index: Index,
    sources: Sequence[URIRef],
    *,
    target_entity: URIRef | None,
    target_classes: Iterable[URIRef],
    via: Iterable[URIRef] | None,
    hops: Sequence[_Hop] | None,
    max_hops: int,
    limit: int,
    min_evidence: str | None,
    order: str,
    budget: int,
) -> PathList:
    min_rank = None if min_evidence is None else check_verdict(min_evidence)
    targets = frozenset(target_classes)
    via_set = None if via is None else frozenset(via)
    view = _View(index)
    target_id = None if target_entity is None else view.node(target_entity)

    target_memo: dict[int, bool] = {}

    def is_target(node: int) -> bool:
        if target_id is not None:
            return node == target_id
        found = target_memo.get(node)
        if found is None:
            iri = view.iris[node]
            found = target_memo[node] = any(index.is_instance(iri, c) for c in targets)
        return found

    via_memo: dict[int, bool] = {}

    def in_via(node: int) -> bool:
        if via_set is None:
            return True
        found = via_memo.get(node)
        if found is None:
            iri = view.iris[node]
            found = via_memo[node] = any(index.is_instance(iri, c) for c in via_set)
        return found

    # A partial path: its node ids and its step ids.
    Partial = tuple[tuple[int, ...], tuple[int, ...]]
    found: list[_Block] = []
    rows = 0
    frontier: list[Partial] = [
        ((view.node(iri),), ())
        for iri in sorted(sources, key=lambda i: index.curies.shorten(str(i)))
    ]
    depth_limit = len(hops) if hops is not None else max_hops
    tails_memo: dict[int, tuple[_Row, ...]] = {}

    def last_hops(node: int, ext: list[_Extension]) -> tuple[_Row, ...]:
        """The admissible last hops from *node*, as one-step tails; one tuple per node."""
        found = tails_memo.get(node)
        if found is None:
            found = tails_memo[node] = tuple(
                t for _, sid, t in ext if floor < 0 or view.rank(sid) >= floor
            )
        return found

    work = 0
    truncated = False
    stop = float("inf") if order == "evidence" else limit  # "evidence" ranks everything
    append = found.append
    floor = -1 if min_rank is None else min_rank
    for depth in range(depth_limit):
        nxt: list[Partial] = []
        last = depth == depth_limit - 1
        if hops is not None:
            # A metapath: each node's admissible next steps, Step objects included, are
            # worked out once per hop; partial paths only extend tuples.
            extensions = view.hop(*hops[depth])
            for nodes, steps in frontier:
                ext, reached = extensions(nodes[-1])
                n = len(ext)
                if (
                    last
                    and n
                    and work + n <= budget
                    and rows + n < stop
                    and reached.isdisjoint(nodes)
                ):
                    # No extension revisits the path and neither the budget nor the limit
                    # is in reach: the path's rows are one block, its prefix times the
                    # node's admissible last hops (the same rows, in order).
                    work += n
                    tails = last_hops(nodes[-1], ext)
                    if tails:
                        append((steps, tails))
                        rows += len(tails)
                    continue
                for other, sid, step_t in ext:
                    if other in nodes:
                        continue
                    work += 1
                    if work > budget:
                        truncated = True
                        break
                    if min_rank is not None and view.rank(sid) < min_rank:
                        continue
                    if last:
                        append((steps + step_t, _ONE))
                        rows += 1
                        if rows >= stop:
                            truncated = True
                            break
                    else:
                        nxt.append(((*nodes, other), steps + step_t))
                if truncated:
                    break
        else:
            for nodes, steps in frontier:
                node = nodes[-1]
                for prop, other, inverse in view.neighbours(node):
                    if other in nodes:
                        continue
                    work += 1
                    if work > budget:
                        truncated = True
                        break
                    sid = view.step(node, prop, other, inverse)
                    if min_rank is not None and view.rank(sid) < min_rank:
                        continue
                    if is_target(other):
                        append(((*steps, sid), _ONE))
                        rows += 1
                        if rows >= stop:
                            truncated = True
                            break
                    elif not last and in_via(other):
                        nxt.append(((*nodes, other), (*steps, sid)))
                if truncated:
                    break
        if truncated:
            break
        frontier = nxt
    if work > budget:
        warnings.warn(
            f"path enumeration stopped after {budget} extensions; narrow the query "
            "(via=, max_hops=, a metapath) or raise budget=",
            RuntimeWarning,
            stacklevel=4,
        )
    result = PathList._of_blocks(found, rows, truncated, view.step_at)
    if order == "evidence":
        ranked = sorted(result._rows(), key=_evidence_order)
        if len(ranked) > limit:
            del ranked[limit:]
            truncated = True
        result = PathList._of_blocks([(r, _ONE) for r in ranked], len(ranked), truncated)
    return result


def _evidence_order(steps: tuple[Step, ...]) -> tuple[int, float, int]:
    score = _new_path(steps).evidence_score
    return (-score[0], -score[1], len(steps))


_Extension = tuple[int, int, tuple[int]]  # next node, step id, (step id,)

_make = object.__new__
_set_steps: Callable[[Path, object], None] = vars(Path)["steps"].__set__


_STEP_SETTERS: tuple[Callable[[Step, object], None], ...] = tuple(
    vars(Step)[name].__set__ for name in Step.__slots__
)
_PROVENANCE_SETTERS: tuple[Callable[[Provenance, object], None], ...] = tuple(
    vars(Provenance)[name].__set__ for name in Provenance.__slots__
)


def _new_path(steps: tuple[Step, ...]) -> Path:
    """``Path(steps)``, without the frozen-dataclass ``__init__`` overhead."""
    path: Path = _make(Path)
    _set_steps(path, steps)
    return path


class _View:
    """One path query's view of an :class:`Index`: integer node ids and memoised lookups.

    rdflib terms hash slowly, so they are looked up once per node (or relation) and the
    enumeration itself compares and hashes small integers.
    """

    def __init__(self, index: Index) -> None:
        self.index = index
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
        self._claim_ranks: dict[int, int] = {}
        self._ranks: dict[int, int] = {}

    def node(self, iri: URIRef) -> int:
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
        """(travelled predicate, next node, inverse?) in deterministic order."""
        found = self._neighbours.get(node)
        if found is None:
            index, iri, ident = self.index, self.iris[node], self.node
            found = [(prop, ident(obj), False) for prop, obj in index.out_edges.get(iri, ())]
            for prop, subj in index.in_edges.get(iri, ()):
                inverse = index.inverse_of.get(prop)
                if inverse is not None:
                    found.append((inverse, ident(subj), True))
            self._neighbours[node] = found
        return found

    def hop(
        self, prop: URIRef, inverse: bool, classes: frozenset[URIRef]
    ) -> Callable[[int], tuple[list[_Extension], frozenset[int]]]:
        """The next steps from a node that a metapath hop admits, memoised per node.

        Each is (next node, step id, (step id,)): what a partial path needs to grow by one
        hop, the one-element tuple ready to concatenate; returned with the set of nodes
        they reach.
        """
        memo: dict[int, tuple[list[_Extension], frozenset[int]]] = {}
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

        def extensions(node: int) -> tuple[list[_Extension], frozenset[int]]:
            # Only the edges this hop can use: outgoing ones, or incoming ones walked back
            # along a declared inverse; in the order neighbours() would give them.
            found = memo.get(node)
            if found is None:
                ext: list[_Extension] = []
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

    def _make_step(self, s: int, p: URIRef, o: int, inverse: bool) -> Step:
        # Every lookup is memoised in this view, and the frozen dataclasses are filled slot
        # by slot (their __init__ costs as much again).
        index, short = self.index, self.shorten
        si, oi = self.iris[s], self.iris[o]
        subject, predicate, object_ = self.curie(s), short(str.__str__(p)), self.curie(o)
        if inverse:
            back = index.inverse_of[p]
            annotations = index.axioms.get((oi, back, si), ())
            stated = (object_, short(str.__str__(back)), subject)
        else:
            annotations = index.axioms.get((si, p, oi), ())
            stated = (subject, predicate, object_)
        step: Step = _make(Step)
        for setter, value in zip(
            _STEP_SETTERS,
            (
                subject,
                predicate,
                object_,
                self.label(s),
                self.predicate_label(p),
                self.label(o),
                stated,
                inverse,
                *self.annotations(annotations),
            ),
            strict=True,
        ):
            setter(step, value)
        return step

    def annotations(
        self, annotations: Iterable[Mapping[URIRef, Any]]
    ) -> tuple[tuple[Provenance, ...], str | None]:
        """The provenance of each axiom on one relation, and the weakest verdict on the
        claims they express (``None`` if none is assessed).

        Keys are matched by identity (the index holds one object per term, alive for this
        query) and as plain strings, because rdflib compares terms in Python.
        """
        provenance = []
        ranks: list[int] = []
        slots = self._slots
        for ann in annotations:
            found: list[Any] = [None, None, None, None]  # source, locator, mode, claim
            for key, values in ann.items():
                slot = slots.get(id(key))
                if slot is None:
                    slot = slots[id(key)] = _SLOT_OF.get(str.__str__(key), -1)
                if slot >= 0 and values:
                    found[slot] = values[0]
                    if slot == _CLAIM_SLOT:
                        ranks.extend(r for claim in values if (r := self._claim_rank(claim)) >= 0)
            provenance.append(self._make_provenance(*found))
        worst = min(ranks, default=-1)
        return tuple(provenance), VERDICTS[worst] if 0 <= worst < len(VERDICTS) else None

    def predicate_label(self, prop: URIRef) -> str:
        key = str.__str__(prop)
        found = self._predicate_labels.get(key)
        if found is None:
            found = self._predicate_labels[key] = self.index.label(prop)
        return found

    def _claim_rank(self, claim: Any) -> int:
        """The lowest rank among a claim's verdicts; -1 without one (memoised)."""
        found = self._claim_ranks.get(id(claim))
        if found is None:
            ranks = self.index.ranks
            values = [
                rank
                for verdict in self.index.claim_verdicts.get(claim, ())
                if (rank := ranks.get(verdict)) is not None
            ]
            found = self._claim_ranks[id(claim)] = min(values) if values else -1
        return found

    def _make_provenance(self, source: Any, locator: Any, mode: Any, claim: Any) -> Provenance:
        prov: Provenance = _make(Provenance)
        for setter, value in zip(
            _PROVENANCE_SETTERS,
            (
                None if source is None else self.shorten(str(source)),
                None if source is None else self.index.label(source),
                str(locator) if isinstance(locator, Literal) else None,
                _MODES.get(str(mode)),
                None if claim is None else self.shorten(str(claim)),
            ),
            strict=True,
        ):
            setter(prov, value)
        return prov

    def rank(self, sid: int) -> int:
        """The rank of a relation's verdict, -1 when unassessed (memoised)."""
        found = self._ranks.get(sid)
        if found is None:
            rank = _rank(self.step_at(sid).verdict)
            found = self._ranks[sid] = -1 if rank is None else rank
        return found
