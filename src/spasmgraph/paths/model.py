"""What a path query returns: :class:`Path`, its :class:`Step` s and their :class:`Provenance`.

``str(path)`` is a short arrow chain that fits a terminal; :meth:`Path.explain` gives one
block per step with its sources and verdict.

>>> prov = Provenance("ex:doc", "a document", "section 2", "stated", None)
>>> step = Step("ex:heat", "ex:relieves", "ex:pain", "heat", "relieves", "pain",
...             ("ex:heat", "ex:relieves", "ex:pain"), False, Sources([prov]),
...             "mixed", "therapeutic", 3)
>>> print(step)
heat —relieves→ pain
>>> print(step.provenance)
a document, section 2 (stated)
>>> path = Path((step,))
>>> print(path)
heat → relieves → pain  (evidence: mixed)
>>> print(path.explain())
heat → pain
  1. heat —relieves→ pain
       source: a document, section 2 (stated)
       evidence: mixed
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .kinds import STRUCTURAL

__all__ = ["TEXT_WIDTH", "Path", "Provenance", "Sources", "Step", "verdict_colour"]

TEXT_WIDTH = 88
"""Where ``str(path)`` wraps its arrow chain."""

_PALETTE = ("#cf222e", "#bc4c00", "#6e7781", "#9a6700", "#1a7f37")  # weakest to strongest


def verdict_colour(rank: int | None, top: int = 4) -> str:
    """A colour for a verdict rank on a scale from 0 to *top* (grey when unranked)."""
    if rank is None or top <= 0:
        return "#555"
    position = round(max(0, min(rank, top)) * (len(_PALETTE) - 1) / top)
    return _PALETTE[position]


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
        CURIE of the :class:`sg:Claim` the relation expresses (provenance only: a claim's
        verdict is not the relation's).
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


class Sources(tuple[Provenance, ...]):
    """The provenance records of one relation: a tuple that prints readably.

    >>> print(Sources())
    no source recorded
    """

    __slots__ = ()

    def __str__(self) -> str:
        return "; ".join(map(str, self)) or "no source recorded"


@dataclass(frozen=True, slots=True)
class Step:
    """One hop of a :class:`Path`, read in the direction of travel.

    ``subject``, ``predicate`` and ``object`` are CURIEs in travel order; when the hop runs
    against the asserted relation, ``predicate`` is the inverse property and ``asserted``
    holds the triple as stored. ``provenance``, ``verdict``, ``kind`` and ``rank`` describe
    the stored triple.

    Attributes
    ----------
    provenance : Sources
        A tuple of :class:`Provenance`, one per annotating axiom.
    verdict : str or None
        The verdict of the relation's own assessment (``None`` when it has none, or for a
        structural relation); ``"not assessed"`` where the data says so explicitly.
    kind : str or None
        The relation kind (``"causal"``, ``"structural"``, ...); ``None`` when the graph
        declares none.
    rank : int or None
        The verdict's ``sg:rank``; ``None`` when unranked or unassessed.
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
    kind: str | None = None
    rank: int | None = None

    @property
    def graded(self) -> bool:
        """False for a structural relation, which carries no verdict."""
        return self.kind != STRUCTURAL

    @property
    def evidence(self) -> str:
        """The verdict as text: the verdict, ``"unassessed"``, or ``"not graded
        (structural)"``."""
        if not self.graded:
            return "not graded (structural)"
        return self.verdict or "unassessed"

    def __str__(self) -> str:
        return f"{self.subject_label} —{self.predicate_label}→ {self.object_label}"

    def explain(self, indent: str = "") -> str:
        """The step, then one line per source, then its evidence."""
        lines = [f"{indent}{self}"]
        for prov in self.provenance:
            claim = f"; claim {prov.claim}" if prov.claim else ""
            lines.append(f"{indent}     source: {prov}{claim}")
        if not self.provenance:
            lines.append(f"{indent}     source: none recorded")
        lines.append(f"{indent}     evidence: {self.evidence}")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Path:
    """A walk through the graph: its :class:`Step` list, one step per hop.

    ``nodes`` and ``labels`` are read off the steps. Structural steps are neutral in
    :attr:`weakest_verdict` and :attr:`evidence_score`: they neither pass nor fail.
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
        """The verdict of each step (``None`` where unassessed or structural)."""
        return tuple(s.verdict for s in self.steps)

    @property
    def weakest_verdict(self) -> str | None:
        """The lowest verdict of the graded steps; ``None`` if one of them is unranked
        (unassessed or *not assessed*) or no step is graded."""
        graded = [s for s in self.steps if s.graded]
        if not graded or any(s.rank is None for s in graded):
            return None
        return min(graded, key=lambda s: s.rank or 0).verdict

    @property
    def evidence_score(self) -> tuple[int, float]:
        """Sort key for ranking by evidence: (weakest rank, mean rank) of the graded steps;
        an unranked step counts -1, and a path with no graded step scores (-1, -1.0)."""
        ranks = [-1 if s.rank is None else s.rank for s in self.steps if s.graded]
        return (min(ranks, default=-1), sum(ranks) / len(ranks) if ranks else -1.0)

    def __str__(self) -> str:
        if not self.steps:
            return "(empty path)"
        parts = [self.steps[0].subject_label]
        for step in self.steps:
            parts += [f"→ {step.predicate_label}", f"→ {step.object_label}"]
        weakest = self.weakest_verdict
        graded = any(s.graded for s in self.steps)
        if graded:
            parts[-1] += f"  (evidence: {weakest or 'unassessed'})"
        return _wrap(parts, TEXT_WIDTH)

    def explain(self) -> str:
        """A multi-line explanation: each step with its sources and its verdict."""
        lines = [" → ".join(self.labels)]
        for i, step in enumerate(self.steps, 1):
            lines.append(f"  {i}. {step}")
            lines += step.explain(indent="  ").splitlines()[1:]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cells = [f"<b>{escape(self.labels[0])}</b>"] if self.steps else []
        for step in self.steps:
            colour = verdict_colour(step.rank)
            cells.append(
                f"<span title='{escape(str(step.provenance))}' style='color:{colour}'>"
                f"&#8212;{escape(step.predicate_label)}"
                f"&#8594;</span> <b>{escape(step.object_label)}</b>"
                f" <small style='color:{colour}'>[{escape(step.evidence)}]</small>"
            )
        return "<div class='spasmgraph-path'>" + " ".join(cells) + "</div>"


def _wrap(parts: list[str], width: int) -> str:
    """Join *parts* with spaces, breaking lines between parts (never inside one)."""
    lines: list[str] = []
    line = ""
    for part in parts:
        if line and len(line) + 1 + len(part) > width:
            lines.append(line)
            line = "    " + part
        else:
            line = f"{line} {part}" if line else part
    lines.append(line)
    return "\n".join(lines)
