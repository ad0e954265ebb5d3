"""What the columns of :mod:`~spasmgraph.paths.columns` read off one hop of a path.

A hop is a :class:`~spasmgraph.paths.Step` (:class:`StepHops`), or a relation id of the
:class:`~spasmgraph.paths.view.View` a path search ran on (:class:`RelationHops`), read
off the view's memoised lookups without making the Step: the same values, for less.

>>> from spasmgraph.paths import Provenance, Sources, Step
>>> step = Step("ex:heat", "ex:relieves", "ex:pain", "heat", "relieves", "pain",
...             ("ex:heat", "ex:relieves", "ex:pain"), False,
...             Sources([Provenance("ex:doc", "a document", "s. 2", "stated", None)] * 2),
...             "mixed", "therapeutic", 3)
>>> StepHops(("predicate", "locator", "claim")).values(step)
('ex:pain', 'pain', 'ex:relieves', 's. 2 | s. 2', ' | ')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from operator import attrgetter
from typing import Any, Protocol

from .model import Step
from .view import View, locator_text

__all__ = ["Hops", "RelationHops", "StepHops"]

_PROVENANCE = frozenset(("source", "source_label", "locator", "mode", "claim"))
"""The hop columns read off a relation's provenance records."""


def _joined_field(values: Sequence[str | None]) -> str | None:
    """One field of every provenance record of a relation, joined by ``" | "``; ``None``
    when it has no record."""
    if len(values) == 1:
        return values[0] or ""
    return " | ".join(v or "" for v in values) if values else None


class Hops(Protocol):
    """What the columns read off one hop of a path (a :class:`Step`, or a relation id)."""

    def first(self, hop: Any) -> tuple[str, str]:
        """The subject's CURIE and label."""

    def values(self, hop: Any) -> tuple[Any, ...]:
        """The object's CURIE and label, then the hop columns' values (memoised)."""

    def grade(self, hop: Any) -> tuple[bool, int | None, str | None]:
        """Graded (not structural)?, the verdict's rank and name."""


def _step_getter(field: str) -> Callable[[Step], Any]:
    if field == "step":
        return _itself
    if field in _PROVENANCE:
        return partial(_provenance_field, field)
    return attrgetter(field)


def _itself(step: Step) -> Step:
    return step


def _provenance_field(field: str, step: Step) -> str | None:
    return _joined_field([getattr(p, field) for p in step.provenance])


class StepHops:
    """The columns' values of a hop that is a :class:`Step`."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.getters = [_step_getter(f) for f in fields]
        self._values: dict[int, tuple[Any, ...]] = {}  # by id(step): the blocks keep it alive

    def first(self, step: Any) -> tuple[str, str]:
        return step.subject, step.subject_label

    def values(self, step: Any) -> tuple[Any, ...]:
        found = self._values.get(id(step))
        if found is None:
            getters = self.getters
            found = self._values[id(step)] = (
                step.object,
                step.object_label,
                *[get(step) for get in getters],
            )
        return found

    def grade(self, step: Any) -> tuple[bool, int | None, str | None]:
        return step.graded, step.rank, step.verdict


class RelationHops:
    """The columns' values of a hop that is a relation id of a :class:`View`, read off the
    view's memoised lookups: the same values, without making a :class:`Step`, its
    :class:`~spasmgraph.paths.Provenance` records or the texts no column asks for (unless asked for
    ``step``)."""

    def __init__(self, view: View, fields: tuple[str, ...]) -> None:
        self.view = view
        self.fields = fields
        self._values: dict[int, tuple[Any, ...]] = {}
        self._grades: dict[int, tuple[bool, int | None, str | None]] = {}

    def provenance(self, field: str, raw: list[Any]) -> str | None:
        """One provenance column's value for one axiom's terms (only what is asked)."""
        source, locator, mode, claim = raw
        if field == "source":
            return self.view.source(source)[0]
        if field == "source_label":
            return self.view.source(source)[1]
        if field == "locator":
            return locator_text(locator)
        return self.view.mode(mode) if field == "mode" else self.view.claim(claim)

    def grade(self, sid: Any) -> tuple[bool, int | None, str | None]:
        found = self._grades.get(sid)
        if found is None:
            found = self._grades[sid] = self.view.grade(sid)
        return found

    def first(self, sid: Any) -> tuple[str, str]:
        node = self.view.key(sid)[0]
        return self.view.curie(node), self.view.label(node)

    def values(self, sid: Any) -> tuple[Any, ...]:
        found = self._values.get(sid)
        if found is None:
            view = self.view
            _, p, o, inverse = key = view.key(sid)
            row: list[Any] = [view.curie(o), view.label(o)]
            raw = None
            for field in self.fields:
                if field in _PROVENANCE:
                    if raw is None:
                        raw = view.raw_records(view.index.axioms.get(view.asserted(*key), ()))
                    row.append(_joined_field([self.provenance(field, r) for r in raw]))
                elif field == "predicate":
                    row.append(view.shorten(p))
                elif field == "predicate_label":
                    row.append(view.predicate_label(p))
                elif field == "inverse":
                    row.append(inverse)
                elif field == "verdict":
                    row.append(self.grade(sid)[2])
                else:  # "step"
                    row.append(view.steps[sid])
            found = self._values[sid] = tuple(row)
        return found
