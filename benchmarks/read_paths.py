"""Reading a path result, side by side with the networkx walk, in ONE process.

``run.py`` measures each step in a fresh process, so its ratios mix processes that ran at
different moments of a shared machine's load. This script loads a graph once, then times
in turns, round after round, the networkx walk that lists the C→M←T rows, ``paths()``,
reading every ``Path`` with its provenance, and ``to_columns()``; it prints the median of
each and its ratio to the walk's median, measured in the same rounds::

    .venv/bin/python benchmarks/read_paths.py --size 1e6 --rounds 7
    .venv/bin/python benchmarks/read_paths.py --size 1e5 --naive   # also the naive variants

With ``--naive`` it also times the variants the speed tricks replace, built from public
pieces (nothing in the library switches them off):

* ``rows expanded``: the factorised rows expanded to one tuple of relation ids per row,
  as a search that stores each row would hold them (its extra cost over ``paths()``), and
  every ``Path`` read from them;
* ``Path(steps)``: each ``Path`` made by the dataclass constructor, against the library's
  ``new_path`` (``object.__new__`` and the slot set directly);
* ``none shared``: each hop's ``Step`` made afresh by the public ``relation_step``, as
  with no view memoising nodes, relations and Steps (timed on 10,000 rows, scaled);
* ``no gc pause``: ``paths()`` and ``to_columns()`` with the collector left running
  (``gc_paused`` replaced by a no-op in ``spasmgraph.paths.search`` and ``.pathlist``
  for that call only).

The data is the file ``run.py`` generates (``benchmarks/data``); run ``run.py --sizes 1e6``
once first, or pass ``--data FILE``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import statistics
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _worker import METAPATH, load_sg, networkx_graph, typed_walk  # noqa: E402


def data_file(size: str, folder: Path) -> str:
    if size == "bundled":
        return "bundled"
    found = sorted(folder.glob(f"synthetic-{size}-seed42-*.nt"), key=lambda f: f.stat().st_mtime)
    if not found:
        raise SystemExit(f"no {size} file in {folder}: run benchmarks/run.py --sizes {size} first")
    return str(found[-1])


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def read_every_path(paths: Iterable[Any]) -> int:
    """What run.py times as "then read every Path"."""
    return sum(len(step.provenance) for path in paths for step in path.steps)


def naive_variants(
    found: Any,
    note: Callable[..., Any],
    no_gc_pause: Callable[..., Any],
    fresh: Callable[[], Any],
    index: Any,
) -> None:
    """The variants the speed tricks replace, from public pieces (see the module docstring)."""
    from spasmgraph.paths import Path as SgPath
    from spasmgraph.paths import PathList
    from spasmgraph.paths.pathlist import ONE, new_path

    note("naive: paths(), gc not paused", no_gc_pause)
    note(
        "naive: paths() + to_columns(), no gc pause",
        lambda: no_gc_pause(lambda: fresh().to_columns()),
    )
    # A search that stores each row: the same relation ids, one tuple per row (the
    # factorised blocks are PathList internals, read here for the comparison only).
    blocks = found._blocks
    flat = note(
        "naive: paths() rows expanded, one each",
        lambda: [(head + tail, ONE) for head, tails in blocks for tail in tails],
    )
    flat_list = PathList.from_blocks(flat, len(flat), False, found._steps_of)
    note("naive: then read every Path", lambda: read_every_path(flat_list))
    rows = [p.steps for p in found]
    note("naive: Path(steps) per row", lambda: deque(map(SgPath, rows), maxlen=0))
    note("trick: new_path(steps) per row", lambda: deque(map(new_path, rows), maxlen=0))
    sample = rows[:SAMPLE]
    scale = len(rows) / max(len(sample), 1)
    note(
        "naive: a fresh Step per hop (scaled)",
        lambda: unshared_steps(index, sample),
        scale,
    )


SAMPLE = 10_000
"""Rows the unshared-Steps variant reads; its time is scaled to all rows."""


def unshared_steps(index: Any, rows: Iterable[Any]) -> int:
    """Every hop's Step made afresh by the public ``relation_step`` (a new view each):
    what reading costs with no view memoising nodes, relations and their Steps."""
    from rdflib import URIRef

    from spasmgraph.paths import relation_step

    expand, made = index.curies.expand, 0
    for steps in rows:
        for s in steps:
            ends = (URIRef(expand(c) or c) for c in (s.subject, s.predicate, s.object))
            made += len(relation_step(index, *ends, s.inverse).provenance)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1e5")
    parser.add_argument("--data", help="an N-Triples file (default: run.py's file for --size)")
    parser.add_argument("--store", default="oxigraph", choices=["oxigraph", "memory"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--naive", action="store_true", help="also time the naive variants")
    args = parser.parse_args(argv)
    data = args.data or data_file(args.size, HERE / "data")

    import spasmgraph.paths.pathlist as pathlist
    import spasmgraph.paths.search as search

    kg = load_sg(args.store, data)
    kg.index  # noqa: B018
    G, ancestors = networkx_graph(data)
    # The library freezes its index (gc.freeze); freeze the MultiDiGraph too, so that
    # neither side's collections rescan the other's graph.
    gc.collect()
    gc.freeze()
    query: dict[str, Any] = {"metapath": METAPATH, "limit": 10**9, "budget": 10**9}

    def paths() -> Any:
        return kg.paths("Cause", **query)

    def no_gc_pause(fn: Callable[[], Any] = paths) -> Any:
        """*fn* with the library's collector pauses made no-ops, for this call only."""
        paused = search.gc_paused, pathlist.gc_paused
        nothing = lambda freeze=False: contextlib.nullcontext()  # noqa: E731
        search.gc_paused = pathlist.gc_paused = nothing  # type: ignore[assignment]
        try:
            return fn()
        finally:
            search.gc_paused, pathlist.gc_paused = paused

    times: dict[str, list[float]] = {}

    def note(name: str, fn: Callable[[], Any], scale: float = 1.0) -> Any:
        seconds, out = timed(fn)
        times.setdefault(name, []).append(seconds * scale)
        return out

    def one_round() -> int:
        note("networkx walk", lambda: typed_walk(G, ancestors))
        found = note("paths()", paths)
        note("then read every Path", lambda: read_every_path(found))
        again = note("paths() again", paths)
        note("then to_columns()", again.to_columns)
        if args.naive:
            naive_variants(again, note, no_gc_pause, paths, kg.index)
        return len(found)

    n = 0
    for _ in range(args.rounds):
        gc.collect()
        n = one_round()
    walk = statistics.median(times["networkx walk"])
    print(
        f"{data}: {n:,} rows, store {args.store}, {args.rounds} rounds, "
        f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}"
    )
    for name, values in times.items():
        med = statistics.median(values)
        print(
            f"  {name:<40} {med * 1e3:9.1f} ms  {med / walk:5.2f}x walk"
            f"  (min {min(values) * 1e3:.1f}, max {max(values) * 1e3:.1f})"
        )
    both = [a + b for a, b in zip(times["paths()"], times["then read every Path"], strict=True)]
    cols = [a + b for a, b in zip(times["paths() again"], times["then to_columns()"], strict=True)]
    ratios_read = [b / w for b, w in zip(both, times["networkx walk"], strict=True)]
    ratios_cols = [c / w for c, w in zip(cols, times["networkx walk"], strict=True)]
    print(
        f"  paths() + read every Path / walk: median of per-round ratios "
        f"{statistics.median(ratios_read):.2f} (target ≤ 1.5)"
    )
    print(
        f"  paths() + to_columns() / walk:    median of per-round ratios "
        f"{statistics.median(ratios_cols):.2f} (target ≤ 1.2)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
