"""The result of a path query: :class:`PathList`, an immutable sequence of :class:`Path`.

Rows are held factorised: rows that share a prefix are stored once as that prefix and the
list of its possible last hops. At a million triples a 207,024-row metapath result takes
about 35 ms so; a tuple per row would add about 50 ms to the search, and reading every
path from such rows takes about 1.5 times as long (``benchmarks/read_paths.py --naive``).
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any, overload

from ..index import gc_paused
from .columns import (
    DEFAULT_HOP_COLUMNS,
    columns_from_blocks,
    columns_of_relations,
    dataframe_from_columns,
    records_from_columns,
)
from .model import Path, Step
from .render import to_html
from .view import StepTable

if TYPE_CHECKING:
    import pandas

__all__ = ["ONE", "Block", "PathList", "Row", "new_path"]

Row = tuple[Any, ...]  # Step objects, or step ids that the PathList's resolver turns into them
Block = tuple[Row, Sequence[Row]]  # rows prefix + tail, one per tail
ONE: tuple[Row] = ((),)  # the tails of a block that holds one whole row as its prefix


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
    >>> paths = PathList([Path(()), Path(()), Path(())], truncated=True)
    >>> len(paths), paths.truncated
    (3, True)
    >>> paths[-1] == list(paths)[2], len(paths[:2]), paths[:2] == list(paths)[:2]
    (True, 2, True)
    """

    __slots__ = ("_blocks", "_len", "_resolve", "_starts", "_steps_of", "truncated")

    def __init__(self, paths: Iterable[Path] = (), truncated: bool = False) -> None:
        self._blocks: list[Block] = [(p.steps, ONE) for p in paths]
        self._len = len(self._blocks)
        self._steps_of: Mapping[Any, Step] | None = None
        self._resolve: Callable[[Any], Step] | None = None
        self._starts: list[int] | None = None
        self.truncated = truncated

    @classmethod
    def from_blocks(
        cls,
        blocks: list[Block],
        length: int,
        truncated: bool,
        steps: Mapping[Any, Step] | None = None,
    ) -> PathList:
        """A PathList of factorised *blocks* holding *length* rows.

        Each block is a prefix row and its tails (:data:`ONE` for a whole row); a row holds
        :class:`Step` objects, or ids that *steps* maps to them when read (a
        :class:`~spasmgraph.paths.view.StepTable` makes each on first use).
        """
        out = cls.__new__(cls)
        out._blocks, out._len, out._starts, out.truncated = blocks, length, None, truncated
        out._steps_of = steps
        out._resolve = None if steps is None else steps.__getitem__
        return out

    def _steps(self, row: Row) -> tuple[Step, ...]:
        return row if self._resolve is None else tuple(map(self._resolve, row))

    def _resolved(self) -> Iterator[tuple[tuple[Step, ...], Sequence[tuple[Step, ...]]]]:
        """Each block with its steps made: tails shared by blocks stay one object."""
        resolve = self._resolve
        if resolve is None:
            yield from self._blocks
            return
        resolved: dict[int, list[tuple[Step, ...]]] = {}  # shared tails, resolved once
        for prefix, tails in self._blocks:
            head = tuple(map(resolve, prefix))
            if tails is ONE:
                yield head, ONE
                continue
            ends = resolved.get(id(tails))
            if ends is None:
                ends = resolved[id(tails)] = [tuple(map(resolve, tail)) for tail in tails]
            yield head, ends

    def _rows(self) -> Iterator[tuple[Step, ...]]:
        """Each row's steps, in order: per block, its prefix joined to each tail in C."""
        return chain.from_iterable(map(head.__add__, ends) for head, ends in self._resolved())

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, item: int) -> Path: ...

    @overload
    def __getitem__(self, item: slice) -> PathList: ...

    def __getitem__(self, item: int | slice) -> Path | PathList:
        if isinstance(item, slice):
            rows = list(self._rows())[item]
            return PathList.from_blocks([(r, ONE) for r in rows], len(rows), self.truncated)
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
        return new_path(self._steps(prefix + tails[position - self._starts[block]]))

    def __iter__(self) -> Iterator[Path]:
        return map(new_path, self._rows())

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
        rows: list[Block] = [(r, ONE) for r in self._rows()]
        rows += [(p.steps, ONE) for p in other]
        truncated = self.truncated or bool(getattr(other, "truncated", False))
        return PathList.from_blocks(rows, len(rows), truncated)

    def to_columns(self, hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS) -> dict[str, list[Any]]:
        """The paths as columns, one entry per path, without making a :class:`Path`.

        Column names and values are those of :func:`spasmgraph.paths.to_columns`:
        ``length``, ``weakest_verdict``, ``node_i``, ``label_i``, and per hop the
        *hop_columns* (by default ``predicate_i``, ``verdict_i``, ``source_i``,
        ``locator_i``; see :data:`~spasmgraph.paths.HOP_COLUMNS` for the others,
        among them the shared ``step_i``). A block's shared prefix is repeated and its
        shared tails' values are worked out once, then joined in C
        (:mod:`~spasmgraph.paths.columns`).

        >>> import spasmgraph as sg
        >>> paths = sg.load().paths("Cause", metapath="Cause -triggers-> Mechanism")
        >>> columns = paths.to_columns()
        >>> len(columns["node_0"]) == len(paths), columns["predicate_1"][0]
        (True, 'sg:triggers')
        """
        with gc_paused():  # millions of list entries: a collection would rescan them all
            if isinstance(self._steps_of, StepTable):  # read off the relations: no Step made
                return columns_of_relations(self._blocks, self._steps_of.view, hop_columns)
            return columns_from_blocks(list(self._resolved()), hop_columns)

    def to_records(self, hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS) -> list[dict[str, Any]]:
        """One flat dict per path: the rows of :meth:`to_columns` (no :class:`Path` made).

        For the nested JSON form of ``spasmgraph paths --format json`` use
        :func:`spasmgraph.paths.to_json_records`.
        """
        return records_from_columns(self.to_columns(hop_columns))

    def to_dataframe(self, hop_columns: Sequence[str] = DEFAULT_HOP_COLUMNS) -> pandas.DataFrame:
        """:meth:`to_columns` as a :class:`pandas.DataFrame`, one row per path.

        Raises
        ------
        MissingDependencyError
            pandas is not installed (``pip install "spasmgraph[pandas]"``).
        """
        return dataframe_from_columns(self.to_columns(hop_columns))

    def __repr__(self) -> str:
        more = ", truncated=True" if self.truncated else ""
        return f"PathList(<{self._len} paths>{more})"

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self)

    def _repr_html_(self) -> str:
        return to_html(self, truncated=self.truncated)


_make = object.__new__
_set_steps: Callable[[Path, object], None] = vars(Path)["steps"].__set__


def new_path(steps: tuple[Step, ...]) -> Path:
    """``Path(steps)``, without the frozen dataclass's ``__init__``.

    A Path is made per row read (207,024 for the benchmark's metapath at 10⁶ triples),
    where this makes them in about 0.8 of the time (``benchmarks/read_paths.py --naive``:
    30 ms against 39 ms); Steps, made once per relation, use their plain constructor.
    """
    path: Path = _make(Path)
    _set_steps(path, steps)
    return path
