"""Paths as text, HTML, JSON-ready records, JSON, CSV and columns.

The JSON and CSV forms are those of ``spasmgraph paths --format json|csv``; the columns
(:func:`to_columns`, one list per column and one entry per path) are what
:meth:`PathList.to_columns`, ``to_records`` and ``to_dataframe`` give.

>>> from spasmgraph.paths import Path, Provenance, Sources, Step
>>> step = Step("ex:heat", "ex:relieves", "ex:pain", "heat", "relieves", "pain",
...             ("ex:heat", "ex:relieves", "ex:pain"), False,
...             Sources([Provenance("ex:doc", "a document", "s. 2", "stated", None)]),
...             "mixed", "therapeutic", 3)
>>> print(to_csv([Path((step,))]), end="")
path,step,subject,subject_label,predicate,predicate_label,object,object_label,inverse,verdict,source,locator,mode,claim
1,1,ex:heat,heat,ex:relieves,relieves,ex:pain,pain,false,mixed,ex:doc,s. 2,stated,
>>> to_records([Path((step,))])[0]["weakest_verdict"]
'mixed'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

from ..errors import InvalidPathSpecError, MissingDependencyError
from .model import Path, Step

if TYPE_CHECKING:
    import pandas

__all__ = [
    "DEFAULT_HOP_COLUMNS",
    "HOP_COLUMNS",
    "PATH_CSV_COLUMNS",
    "check_hop_columns",
    "column_names",
    "columns_from_blocks",
    "records_from_columns",
    "to_columns",
    "to_csv",
    "to_dataframe",
    "to_html",
    "to_json",
    "to_records",
    "to_text",
]

PATH_CSV_COLUMNS: tuple[str, ...] = (
    "path",
    "step",
    "subject",
    "subject_label",
    "predicate",
    "predicate_label",
    "object",
    "object_label",
    "inverse",
    "verdict",
    "source",
    "locator",
    "mode",
    "claim",
)
"""Columns of :func:`to_csv`: one row per step; several provenance records of one step are
joined with ``"|"``."""


def to_text(paths: Iterable[Path], *, explain: bool = False) -> str:
    """One short line (wrapped) per path, or with *explain* one block per path."""
    if explain:
        return "\n\n".join(p.explain() for p in paths)
    return "\n".join(str(p) for p in paths)


def to_html(paths: Iterable[Path], *, truncated: bool = False) -> str:
    """An ordered HTML list of paths, coloured by verdict (what Jupyter shows)."""
    items = "".join(f"<li>{p._repr_html_()}</li>" for p in paths)
    if not items:
        return "<p>no paths</p>"
    more = "<p><i>truncated: raise limit= to see more</i></p>" if truncated else ""
    return f"<ol class='spasmgraph-paths'>{items}</ol>{more}"


def _step_record(step: Step) -> dict[str, Any]:
    return {
        "subject": step.subject,
        "predicate": step.predicate,
        "object": step.object,
        "labels": {
            "subject": step.subject_label,
            "predicate": step.predicate_label,
            "object": step.object_label,
        },
        "inverse": step.inverse,
        "asserted": list(step.asserted),
        "provenance": [
            {
                "source": prov.source,
                "source_label": prov.source_label,
                "locator": prov.locator,
                "mode": prov.mode,
                "claim": prov.claim,
            }
            for prov in step.provenance
        ],
        "verdict": step.verdict,
    }


def to_records(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Each path as a JSON-ready dict: nodes, labels, length, weakest verdict and steps."""
    return [
        {
            "nodes": list(path.nodes),
            "labels": list(path.labels),
            "length": len(path),
            "weakest_verdict": path.weakest_verdict,
            "steps": [_step_record(step) for step in path.steps],
        }
        for path in paths
    ]


def to_json(paths: Iterable[Path]) -> str:
    """:func:`to_records` as indented JSON (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(to_records(paths), indent=2, ensure_ascii=False)


def _joined(values: Iterable[str | None]) -> str:
    return " | ".join(v or "" for v in values)


def to_csv(paths: Iterable[Path]) -> str:
    """One CSV row per step, with the header :data:`PATH_CSV_COLUMNS` (``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PATH_CSV_COLUMNS)
    for n, path in enumerate(paths, 1):
        for i, step in enumerate(path.steps, 1):
            provs = step.provenance
            writer.writerow(
                [
                    n,
                    i,
                    step.subject,
                    step.subject_label,
                    step.predicate,
                    step.predicate_label,
                    step.object,
                    step.object_label,
                    str(step.inverse).lower(),
                    step.verdict or "",
                    _joined(p.source for p in provs),
                    _joined(p.locator for p in provs),
                    _joined(p.mode for p in provs),
                    _joined(p.claim for p in provs),
                ]
            )
    return out.getvalue()


HOP_COLUMNS: tuple[str, ...] = (
    "predicate",
    "predicate_label",
    "inverse",
    "verdict",
    "source",
    "source_label",
    "locator",
    "mode",
    "claim",
    "step",
)
"""The columns :func:`to_columns` can give for each hop ``i`` (1-based), named
``{column}_{i}``: the travelled predicate (CURIE, label, inverse?), the relation's
verdict, its provenance (several records joined by ``"|"``), or the shared :class:`Step`
itself."""
DEFAULT_HOP_COLUMNS: tuple[str, ...] = ("predicate", "verdict", "source", "locator")
"""The hop columns :func:`to_columns` gives unless told otherwise."""

_Steps = tuple[Step, ...]
_Block = tuple[_Steps, Sequence[_Steps]]
# Per path, the state its weakest verdict is read from: (graded?, unranked?, rank, verdict).
_Weakest = tuple[bool, bool, int, str | None]
_NONE: _Weakest = (False, False, 1 << 30, None)
_PROVENANCE = frozenset(("source", "source_label", "locator", "mode", "claim"))


def check_hop_columns(hop_columns: Sequence[str]) -> tuple[str, ...]:
    """*hop_columns* as a tuple, checked against :data:`HOP_COLUMNS`.

    >>> check_hop_columns(["predicate", "weight"])
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidPathSpecError: unknown hop column 'weight'; choose from ...
    """
    found = tuple(hop_columns) if not isinstance(hop_columns, str) else (hop_columns,)
    for name in found:
        if name not in HOP_COLUMNS:
            raise InvalidPathSpecError(
                f"unknown hop column {name!r}; choose from {', '.join(HOP_COLUMNS)}"
            )
    return found


def column_names(hops: int, hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS) -> list[str]:
    """The columns of :func:`to_columns` for paths of at most *hops* steps.

    >>> column_names(1)[2:]
    ['node_0', 'label_0', 'node_1', 'label_1', 'predicate_1', 'verdict_1', 'source_1', 'locator_1']
    """
    names = ["length", "weakest_verdict"]
    for i in range(hops + 1):
        names += [f"node_{i}", f"label_{i}"]
    for i in range(1, hops + 1):
        names += [f"{column}_{i}" for column in hop_columns]
    return names


def _hop_value(step: Step, column: str) -> Any:
    if column == "step":
        return step
    if column not in _PROVENANCE:
        return getattr(step, column)
    provs = step.provenance
    return _joined(getattr(p, column) for p in provs) if provs else None


def _weakest(state: _Weakest, steps: _Steps) -> _Weakest:
    """*state* extended by *steps*, by the rule of :attr:`Path.weakest_verdict`."""
    graded, unranked, rank, verdict = state
    for step in steps:
        if step.graded:
            graded = True
            if step.rank is None:
                unranked = True
            elif step.rank < rank:
                rank, verdict = step.rank, step.verdict
    return graded, unranked, rank, verdict


def _verdict(state: _Weakest) -> str | None:
    return state[3] if state[0] and not state[1] else None


class _Columns:
    """Fills the columns block by block: a block's shared prefix is written once per
    column (``extend`` with a repeat), its tails' values are worked out once per tails
    list and copied in C. No per-path object is made."""

    def __init__(self, hops: int, hop_columns: tuple[str, ...]) -> None:
        self.hops = hops
        self.fields = hop_columns
        self.names = column_names(hops, hop_columns)
        self.cols: dict[str, list[Any]] = {name: [] for name in self.names}
        self._hop: dict[int, tuple[Any, ...]] = {}
        self._tails: dict[tuple[int, int], dict[str, list[Any]]] = {}
        self._missing: dict[tuple[int, int], list[str]] = {}
        self._tail_weakest: dict[tuple[_Weakest, int], list[Any]] = {}

    def hop(self, step: Step) -> tuple[Any, ...]:
        found = self._hop.get(id(step))
        if found is None:
            found = self._hop[id(step)] = tuple(_hop_value(step, f) for f in self.fields)
        return found

    def tail_columns(self, tails: Sequence[_Steps], start: int) -> dict[str, list[Any]]:
        """Column name to values of *tails* placed after *start* prefix steps, with the
        columns that neither they nor such a prefix fill (``None`` throughout)."""
        key = (id(tails), start)
        found = self._tails.get(key)
        if found is not None:
            return found
        found = {}
        widest = max(map(len, tails))
        found["length"] = [start + len(t) for t in tails]
        if start == 0:
            found["node_0"] = [t[0].subject if t else None for t in tails]
            found["label_0"] = [t[0].subject_label if t else None for t in tails]
        for k in range(widest):
            i = start + k + 1
            steps = [t[k] if len(t) > k else None for t in tails]
            found[f"node_{i}"] = [None if s is None else s.object for s in steps]
            found[f"label_{i}"] = [None if s is None else s.object_label for s in steps]
            blank = repeat(None, len(self.fields))
            values = [blank if s is None else self.hop(s) for s in steps]
            for name, column in zip(self.fields, zip(*values, strict=True), strict=True):
                found[f"{name}_{i}"] = list(column)
        filled = set(found) | set(column_names(start, self.fields)) | {"weakest_verdict"}
        self._tails[key] = found
        self._missing[key] = [name for name in self.names if name not in filled]
        return found

    def add(self, prefix: _Steps, tails: Sequence[_Steps]) -> None:
        cols, n, start = self.cols, len(tails), len(prefix)
        if prefix:
            cols["node_0"].extend(repeat(prefix[0].subject, n))
            cols["label_0"].extend(repeat(prefix[0].subject_label, n))
        for i, step in enumerate(prefix, 1):
            cols[f"node_{i}"].extend(repeat(step.object, n))
            cols[f"label_{i}"].extend(repeat(step.object_label, n))
            for name, value in zip(self.fields, self.hop(step), strict=True):
                cols[f"{name}_{i}"].extend(repeat(value, n))
        for name, values in self.tail_columns(tails, start).items():
            cols[name].extend(values)
        for name in self._missing[(id(tails), start)]:
            cols[name].extend(repeat(None, n))
        state = _weakest(_NONE, prefix)
        key = (state, id(tails))
        weakest = self._tail_weakest.get(key)
        if weakest is None:
            weakest = self._tail_weakest[key] = [_verdict(_weakest(state, t)) for t in tails]
        cols["weakest_verdict"].extend(weakest)


def columns_from_blocks(
    blocks: Sequence[_Block], hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS
) -> dict[str, list[Any]]:
    """:func:`to_columns` of factorised rows: each block is a prefix of steps and the
    tails that complete it (one path per tail); equal tails lists should be one object."""
    fields = check_hop_columns(hop_columns)
    hops = 0
    for prefix, tails in blocks:
        if tails:
            hops = max(hops, len(prefix) + max(map(len, tails)))
    out = _Columns(hops, fields)
    for prefix, tails in blocks:
        if tails:
            out.add(prefix, tails)
    return out.cols


def to_columns(
    paths: Iterable[Path], hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS
) -> dict[str, list[Any]]:
    """The paths as columns: a dict of equally long lists, one entry per path.

    Columns (see :func:`column_names`): ``length``, ``weakest_verdict``, then
    ``node_i`` (CURIE) and ``label_i`` for each node from 0, then for each hop ``i``
    from 1 the *hop_columns* chosen from :data:`HOP_COLUMNS` (by default
    ``predicate_i``, ``verdict_i``, ``source_i`` and ``locator_i``; several provenance
    records of one relation are joined by ``"|"``). Paths shorter than the longest have
    ``None`` beyond their end.

    >>> from spasmgraph.paths import Path, Provenance, Sources, Step
    >>> step = Step("ex:heat", "ex:relieves", "ex:pain", "heat", "relieves", "pain",
    ...             ("ex:heat", "ex:relieves", "ex:pain"), False,
    ...             Sources([Provenance("ex:doc", "a document", "s. 2", "stated", None)]),
    ...             "mixed", "therapeutic", 3)
    >>> columns = to_columns([Path((step,)), Path((step,))])
    >>> columns["node_0"], columns["predicate_1"], columns["source_1"]
    (['ex:heat', 'ex:heat'], ['ex:relieves', 'ex:relieves'], ['ex:doc', 'ex:doc'])
    """
    return columns_from_blocks([(p.steps, ((),)) for p in paths], hop_columns)


def records_from_columns(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """One flat dict per path from :func:`to_columns` output.

    >>> records_from_columns({"length": [1, 2], "node_0": ["a", "b"]})
    [{'length': 1, 'node_0': 'a'}, {'length': 2, 'node_0': 'b'}]
    """
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def to_dataframe(columns: dict[str, list[Any]]) -> pandas.DataFrame:
    """A :class:`pandas.DataFrame` of :func:`to_columns` output.

    Raises
    ------
    MissingDependencyError
        pandas is not installed (``pip install "spasmgraph[pandas]"``).
    """
    try:
        import pandas as pd
    except ImportError:
        raise MissingDependencyError("pandas", "pandas", what="to_dataframe()") from None
    return pd.DataFrame(columns, columns=list(columns))
