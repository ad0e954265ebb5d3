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

import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Literal as TypingLiteral

from rdflib import Literal, URIRef

from ._index import Index
from .errors import InvalidPathSpecError
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
    """A walk through the graph, with its :class:`Step` list.

    ``str(path)`` gives one readable line: each relation, then each step's source,
    locator, assertion mode and evidence verdict.
    """

    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    steps: tuple[Step, ...]

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


class PathList(list[Path]):
    """The result of a path query: a list of :class:`Path` plus how it was obtained.

    Attributes
    ----------
    truncated : bool
        True when ``limit`` or the work budget stopped enumeration early.
    """

    truncated: bool = False

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


def _verdict_of(index: Index, triple: tuple[URIRef, URIRef, URIRef]) -> str | None:
    ranks = []
    for ann in index.axioms.get(triple, ()):
        for claim in ann.get(SG.expressesClaim, ()):
            for verdict in index.claim_verdicts.get(claim, ()):  # type: ignore[call-overload]
                rank = index.ranks.get(verdict)
                if rank is not None:
                    ranks.append(rank)
    return VERDICTS[min(ranks)] if ranks and 0 <= min(ranks) < len(VERDICTS) else None


_MODES = {str(SG.StatedInSource): "stated", str(SG.InferredByModeller): "inferred"}


def _provenance(index: Index, triple: tuple[URIRef, URIRef, URIRef]) -> tuple[Provenance, ...]:
    out = []
    for ann in index.axioms.get(triple, ()):
        source = next(iter(ann.get(DCTERMS.source, ())), None)
        locator = next(iter(ann.get(SG.locator, ())), None)
        mode = next(iter(ann.get(SG.assertionMode, ())), None)
        claim = next(iter(ann.get(SG.expressesClaim, ())), None)
        out.append(
            Provenance(
                source=None if source is None else index.curies.shorten(str(source)),
                source_label=None if source is None else index.label(source),
                locator=str(locator) if isinstance(locator, Literal) else None,
                mode=_MODES.get(str(mode)),
                claim=None if claim is None else index.curies.shorten(str(claim)),
            )
        )
    return tuple(out)


def _neighbours(index: Index, node: URIRef) -> Iterator[tuple[URIRef, URIRef, bool]]:
    """(travelled predicate, next node, inverse?) in deterministic order."""
    for prop, obj in index.out_edges.get(node, ()):
        yield prop, obj, False
    for prop, subj in index.in_edges.get(node, ()):
        inverse = index.inverse_of.get(prop)
        if inverse is not None:
            yield inverse, subj, True


def _step(index: Index, s: URIRef, p: URIRef, o: URIRef, inverse: bool) -> Step:
    asserted = (o, index.inverse_of[p], s) if inverse else (s, p, o)
    key = index.curies.shorten
    return Step(
        subject=key(str(s)),
        predicate=key(str(p)),
        object=key(str(o)),
        subject_label=index.label(s),
        predicate_label=index.label(p),
        object_label=index.label(o),
        asserted=(key(str(asserted[0])), key(str(asserted[1])), key(str(asserted[2]))),
        inverse=inverse,
        provenance=_provenance(index, asserted),
        verdict=_verdict_of(index, asserted),
    )


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
    """Enumerate simple paths; the engine behind :meth:`KnowledgeGraph.paths`."""
    max_hops = check_hops(max_hops)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidPathSpecError(f"limit must be a positive integer, not {limit!r}")
    if order not in ("length", "evidence"):
        raise InvalidPathSpecError(f"order must be 'length' or 'evidence', not {order!r}")
    min_rank = None if min_evidence is None else check_verdict(min_evidence)
    targets = frozenset(target_classes)
    via_set = None if via is None else frozenset(via)

    def is_target(node: URIRef) -> bool:
        if target_entity is not None:
            return node == target_entity
        return any(index.is_instance(node, c) for c in targets)

    verdict_cache: dict[tuple[URIRef, URIRef, URIRef], int] = {}

    def passes(s: URIRef, p: URIRef, o: URIRef, inverse: bool) -> bool:
        if min_rank is None:
            return True
        triple = (o, index.inverse_of[p], s) if inverse else (s, p, o)
        rank = verdict_cache.get(triple)
        if rank is None:
            found_rank = _rank(_verdict_of(index, triple))
            rank = verdict_cache[triple] = -1 if found_rank is None else found_rank
        return rank >= min_rank

    found: list[tuple[tuple[URIRef, ...], tuple[tuple[URIRef, bool], ...]]] = []
    frontier: list[tuple[tuple[URIRef, ...], tuple[tuple[URIRef, bool], ...]]] = [
        ((s,), ()) for s in sorted(sources, key=lambda i: index.curies.shorten(str(i)))
    ]
    depth_limit = len(hops) if hops is not None else max_hops
    work = 0
    truncated = False
    collect_all = order == "evidence"
    for depth in range(depth_limit):
        nxt: list[tuple[tuple[URIRef, ...], tuple[tuple[URIRef, bool], ...]]] = []
        last = depth == depth_limit - 1
        for nodes, preds in frontier:
            node = nodes[-1]
            for prop, other, inverse in _neighbours(index, node):
                if other in nodes:
                    continue
                if hops is not None:
                    want_prop, want_inverse, want_classes = hops[depth]
                    if prop != want_prop or inverse != want_inverse:
                        continue
                    if not any(index.is_instance(other, c) for c in want_classes):
                        continue
                work += 1
                if work > budget:
                    truncated = True
                    break
                if not passes(node, prop, other, inverse):
                    continue
                path = ((*nodes, other), (*preds, (prop, inverse)))
                if (hops is not None and last) or (hops is None and is_target(other)):
                    found.append(path)
                    if not collect_all and len(found) >= limit:
                        truncated = True
                        break
                elif not last and (
                    hops is not None
                    or via_set is None
                    or any(index.is_instance(other, c) for c in via_set)
                ):
                    nxt.append(path)
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
            stacklevel=3,
        )
    result = PathList(_materialise(index, nodes, preds) for nodes, preds in found)
    if order == "evidence":
        result.sort(key=lambda p: (-p.evidence_score[0], -p.evidence_score[1], len(p)))
        if len(result) > limit:
            del result[limit:]
            truncated = True
    result.truncated = truncated
    return result


def _materialise(
    index: Index, nodes: tuple[URIRef, ...], preds: tuple[tuple[URIRef, bool], ...]
) -> Path:
    steps = tuple(
        _step(index, nodes[i], prop, nodes[i + 1], inverse)
        for i, (prop, inverse) in enumerate(preds)
    )
    return Path(
        nodes=tuple(index.curies.shorten(str(n)) for n in nodes),
        labels=tuple(index.label(n) for n in nodes),
        steps=steps,
    )
