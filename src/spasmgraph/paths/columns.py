"""Paths as columns: one list per column, one entry per path, no per-path object.

:func:`to_columns` gives the columns of any paths; :meth:`PathList.to_columns` gives the
same columns straight from its factorised rows, and :meth:`PathList.to_records` /
:meth:`PathList.to_dataframe` (or :func:`to_flat_records` and
:func:`dataframe_from_columns`) turn them into one flat dict per path or a
:class:`pandas.DataFrame`.

A factorised result is a list of blocks, each a prefix of steps and the list of tails that
complete it (one path per tail). A column is built block by block: a value of the prefix
is repeated once per tail (``[value] * n``), and a tails list's values are worked out
once, however many blocks share it; the pieces are then copied into the column list by
list in C. A :class:`~spasmgraph.paths.Step`'s values are read once per relation.

>>> from spasmgraph.paths import Path, Provenance, Sources, Step
>>> step = Step("ex:heat", "ex:relieves", "ex:pain", "heat", "relieves", "pain",
...             ("ex:heat", "ex:relieves", "ex:pain"), False,
...             Sources([Provenance("ex:doc", "a document", "s. 2", "stated", None)]),
...             "mixed", "therapeutic", 3)
>>> (record,) = to_flat_records([Path((step,))])
>>> record["length"], record["node_0"], record["predicate_1"], record["source_1"]
(1, 'ex:heat', 'ex:relieves', 'ex:doc')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import reduce
from itertools import repeat
from operator import iadd
from typing import TYPE_CHECKING, Any

from .._extras import import_optional
from ..errors import InvalidPathSpecError
from .hops import Hops, RelationHops, StepHops
from .model import Path, Step
from .view import View

if TYPE_CHECKING:
    import pandas

__all__ = [
    "DEFAULT_HOP_COLUMNS",
    "HOP_COLUMNS",
    "check_hop_columns",
    "column_names",
    "columns_from_blocks",
    "columns_of_relations",
    "dataframe_from_columns",
    "records_from_columns",
    "to_columns",
    "to_flat_records",
]

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
verdict, its provenance (several records joined by ``" | "``), or the shared :class:`Step`
itself."""
DEFAULT_HOP_COLUMNS: tuple[str, ...] = ("predicate", "verdict", "source", "locator")
"""The hop columns :func:`to_columns` gives unless told otherwise."""

Steps = tuple[Step, ...]
Block = tuple[Steps, Sequence[Steps]]
"""A prefix of steps and the tails that complete it, one path per tail."""
# Per path, the state its weakest verdict is read from: (graded?, unranked?, rank, verdict).
_Weakest = tuple[bool, bool, int, str | None]
_NONE: _Weakest = (False, False, 1 << 30, None)


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


def _weakest(state: _Weakest, hops: Sequence[Any], grade: Callable[[Any], Any]) -> _Weakest:
    """*state* extended by *hops*, by the rule of :attr:`Path.weakest_verdict`."""
    graded, unranked, rank, verdict = state
    for hop in hops:
        hop_graded, hop_rank, hop_verdict = grade(hop)
        if hop_graded:
            graded = True
            if hop_rank is None:
                unranked = True
            elif hop_rank < rank:
                rank, verdict = hop_rank, hop_verdict
    return graded, unranked, rank, verdict


def _verdict(state: _Weakest) -> str | None:
    return state[3] if state[0] and not state[1] else None


class _Columns:
    """The pieces of each column, block by block, joined at the end.

    A hop's values (``object``, ``object_label`` and the hop columns, in that order) are
    a tuple made once per relation; a tails list's values at one position are those
    tuples transposed (``zip``), once per tails list and position.
    """

    def __init__(self, blocks: Sequence[Block], hops: Hops, fields: tuple[str, ...]) -> None:
        self.blocks = [(prefix, tails) for prefix, tails in blocks if tails]
        self.of = hops
        longest: dict[int, int] = {}  # by id(tails): tails lists are shared
        for _, tails in self.blocks:
            if id(tails) not in longest:
                longest[id(tails)] = max(map(len, tails))
        self.hops = max((len(p) + longest[id(t)] for p, t in self.blocks), default=0)
        self._blank = (None,) * (2 + len(fields))
        self.fields = fields
        self._tails: dict[tuple[int, int], list[Any]] = {}

    def tail_values(self, tails: Sequence[Sequence[Any]], k: int) -> list[Any]:
        """Per value of a hop, its value in hop *k* of each tail."""
        key = (id(tails), k)
        found = self._tails.get(key)
        if found is None:
            values, blank = self.of.values, self._blank
            rows = [values(t[k]) if len(t) > k else blank for t in tails]
            found = self._tails[key] = list(zip(*rows, strict=True))
        return found

    def hop_pieces(self, at: int) -> list[list[Sequence[Any]]]:
        """For hop *at* of every path, one list of pieces per value of a hop."""
        pieces: list[list[Sequence[Any]]] = [[] for _ in self._blank]
        for prefix, tails in self.blocks:
            if at < len(prefix):
                n = len(tails)
                for piece, value in zip(pieces, self.of.values(prefix[at]), strict=True):
                    piece.append([value] * n)
            else:
                parts = self.tail_values(tails, at - len(prefix))
                for piece, part in zip(pieces, parts, strict=True):
                    piece.append(part)
        return pieces

    def first_nodes(self) -> Iterator[tuple[str, list[Any]]]:
        """``node_0`` and ``label_0``: the subject of each path's first hop."""
        nodes: list[Sequence[Any]] = []
        labels: list[Sequence[Any]] = []
        first = self.of.first
        for prefix, tails in self.blocks:
            if prefix:
                node, label = first(prefix[0])
                nodes.append([node] * len(tails))
                labels.append([label] * len(tails))
            else:
                ends = [first(t[0]) if t else (None, None) for t in tails]
                nodes.append([end[0] for end in ends])
                labels.append([end[1] for end in ends])
        yield "node_0", _joined(nodes)
        yield "label_0", _joined(labels)

    def lengths_and_weakest(self) -> tuple[list[Any], list[Any]]:
        lengths: list[Sequence[Any]] = []
        weakest: list[Sequence[Any]] = []
        grade = self.of.grade
        memo: dict[tuple[Any, int], list[Any]] = {}  # by (prefix length or state, tails)
        for prefix, tails in self.blocks:
            start = len(prefix)
            found = memo.get((start, id(tails)))
            if found is None:
                found = memo[start, id(tails)] = [start + len(t) for t in tails]
            lengths.append(found)
            state = _weakest(_NONE, prefix, grade)
            found = memo.get((state, id(tails)))
            if found is None:
                found = memo[state, id(tails)] = [
                    _verdict(_weakest(state, t, grade)) for t in tails
                ]
            weakest.append(found)
        return _joined(lengths), _joined(weakest)

    def build(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        out["length"], out["weakest_verdict"] = self.lengths_and_weakest()
        out.update(self.first_nodes())
        hop_columns: dict[str, list[Any]] = {}
        for at in range(self.hops):
            pieces = self.hop_pieces(at)
            i = at + 1
            out[f"node_{i}"] = _joined(pieces[0])
            out[f"label_{i}"] = _joined(pieces[1])
            for field, piece in zip(self.fields, pieces[2:], strict=True):
                hop_columns[f"{field}_{i}"] = _joined(piece)
        out.update(hop_columns)
        return out


def _joined(pieces: Iterable[Sequence[Any]]) -> list[Any]:
    """The pieces, one after another, in one new list (``+=`` copies a list in C)."""
    return reduce(iadd, pieces, [])


def columns_from_blocks(
    blocks: Sequence[Block], hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS
) -> dict[str, list[Any]]:
    """:func:`to_columns` of factorised rows: each block is a prefix of steps and the
    tails that complete it (one path per tail); equal tails lists should be one object,
    so that their values are worked out once."""
    fields = check_hop_columns(hop_columns)
    return _Columns(blocks, StepHops(fields), fields).build()


def columns_of_relations(
    blocks: Sequence[tuple[Sequence[int], Sequence[Sequence[int]]]],
    view: View,
    hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS,
) -> dict[str, list[Any]]:
    """:func:`columns_from_blocks` of rows of relation ids of *view* (as a path search
    holds them), read off the view without making a :class:`Step` per relation."""
    fields = check_hop_columns(hop_columns)
    return _Columns(blocks, RelationHops(view, fields), fields).build()  # type: ignore[arg-type]


def to_columns(
    paths: Iterable[Path], hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS
) -> dict[str, list[Any]]:
    """The paths as columns: a dict of equally long lists, one entry per path.

    Columns (see :func:`column_names`): ``length``, ``weakest_verdict``, then
    ``node_i`` (CURIE) and ``label_i`` for each node from 0, then for each hop ``i``
    from 1 the *hop_columns* chosen from :data:`HOP_COLUMNS` (by default
    ``predicate_i``, ``verdict_i``, ``source_i`` and ``locator_i``; several provenance
    records of one relation are joined by ``" | "``). Paths shorter than the longest have
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
    return list(map(dict, map(zip, repeat(names), zip(*columns.values(), strict=True))))


def to_flat_records(
    paths: Iterable[Path], hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS
) -> list[dict[str, Any]]:
    """One flat dict per path, keyed by the names of :func:`to_columns`.

    The same rows as :meth:`PathList.to_records`; for the nested, JSON-ready form (one
    dict per path with a list of step dicts) use
    :func:`~spasmgraph.paths.render.to_json_records`.
    """
    return records_from_columns(to_columns(paths, hop_columns))


def dataframe_from_columns(columns: dict[str, list[Any]]) -> pandas.DataFrame:
    """A :class:`pandas.DataFrame` of :func:`to_columns` output, its columns in order.

    Raises
    ------
    MissingDependencyError
        pandas is not installed (``pip install "spasmgraph[pandas]"``).
    """
    pd = import_optional("pandas", what="to_dataframe()", extra="pandas")
    frame: pandas.DataFrame = pd.DataFrame(columns, columns=list(columns))
    return frame
