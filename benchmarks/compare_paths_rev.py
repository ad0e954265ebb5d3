"""Before and after, in ONE process: ``spasmgraph.paths`` of a git revision against the tree.

Loads a graph once (its index built by the working tree's code), imports the ``paths``
package of ``--rev`` (default ``HEAD``) from ``git show`` as ``spasmgraph.paths_<rev>``
beside the working tree's, then times in turns, round after round, the networkx walk and
both versions' ``paths()``, reading every ``Path``, and ``paths()`` + ``to_columns()``.
It prints medians and the median of per-round ratios to the walk::

    .venv/bin/python benchmarks/compare_paths_rev.py --size 1e6 --rounds 7 --rev HEAD

Only the ``paths`` package differs between the two: the index, the backends and the rest
are the working tree's, so the revision's ``paths`` must run on them.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _worker import METAPATH, load_sg, networkx_graph, typed_walk  # noqa: E402
from read_paths import data_file, read_every_path  # noqa: E402


def paths_of(rev: str, folder: Path) -> Any:
    """The ``spasmgraph.paths`` package of git revision *rev*, imported under a new name."""
    root = HERE.parent
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", rev, "src/spasmgraph/paths/"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in names:
        text = subprocess.run(
            ["git", "show", f"{rev}:{name}"], cwd=root, check=True, capture_output=True
        ).stdout
        (folder / Path(name).name).write_bytes(text)
    module = "spasmgraph.paths_" + "".join(c if c.isalnum() else "_" for c in rev)
    spec = importlib.util.spec_from_file_location(
        module, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[module] = package
    spec.loader.exec_module(package)
    return package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1e5")
    parser.add_argument("--data", help="an N-Triples file (default: run.py's file for --size)")
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    data = args.data or data_file(args.size, HERE / "data")
    with tempfile.TemporaryDirectory() as folder:
        old = paths_of(args.rev, Path(folder))
    import spasmgraph.paths as new

    kg = load_sg("oxigraph", data)
    index = kg.index
    G, ancestors = networkx_graph(data)
    gc.collect()
    gc.freeze()  # as the library freezes its index: no side rescans the other's graph
    query: dict[str, Any] = {"metapath": METAPATH, "limit": 10**9, "budget": 10**10}
    times: dict[str, list[float]] = {}

    def note(name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        out = fn()
        times.setdefault(name, []).append(time.perf_counter() - start)
        return out

    for _ in range(args.rounds):
        note("networkx walk", lambda: typed_walk(G, ancestors))
        for tag, package in ((args.rev, old), ("tree", new)):
            found = note(
                f"{tag}: paths()", lambda p=package: p.query_paths(index, "Cause", **query)
            )
            note(f"{tag}: read every Path", lambda f=found: read_every_path(f))
            again = note(
                f"{tag}: paths() again", lambda p=package: p.query_paths(index, "Cause", **query)
            )
            note(f"{tag}: to_columns()", again.to_columns)
    walks = times["networkx walk"]
    load = os.getloadavg()
    print(
        f"{data}: {len(found):,} rows, {args.rounds} rounds, "
        f"load average {load[0]:.2f} {load[1]:.2f}"
    )
    for name, values in times.items():
        print(f"  {name:<28} {statistics.median(values) * 1e3:8.1f} ms")
    for tag in (args.rev, "tree"):
        for first, second, target in (
            ("paths()", "read every Path", 1.5),
            ("paths() again", "to_columns()", 1.2),
        ):
            pairs = zip(times[f"{tag}: {first}"], times[f"{tag}: {second}"], walks, strict=True)
            ratio = statistics.median((a + b) / w for a, b, w in pairs)
            print(f"  {tag}: paths() + {second} / walk: {ratio:.2f} (target <= {target})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
