"""SPARQL servers for the benchmarks, started from the test suite's helpers (tests/servers.py).

The tests' helpers start a server empty, on a free loopback port, in a private folder, and
stop it by its process group. The benchmarks add what a large load needs:

* **Oxigraph server**: the data is bulk loaded with ``oxigraph load`` (the server's own
  bulk loader, run on the database folder before ``oxigraph serve`` opens it), so the
  server starts with it;
* **Virtuoso**: the tests' configuration with the buffer pool Virtuoso's documentation
  gives for 8 GB of memory (680,000 pages of 8 kB, 500,000 of them dirty at most: enough
  for 10⁷ triples and their indexes), a query memory of 4 GB, no cap on execution time
  and a row cap above every benchmark result, then its bulk loader (``ld_dir`` +
  ``rdf_loader_run`` + ``checkpoint``) through ``isql``.

Each ``start_*`` returns the server and the seconds its bulk load took.

Run as a script, it measures the remote stores only (``run.py`` measures the local stores
at every size it runs)::

    python benchmarks/servers.py --sizes 1e6 1e7 -o /tmp/remote.json

For each size and server: ``sg.push`` of the file into a new, empty server (the figure
to set beside the bulk load, which also starts from an empty server), then on a server
bulk loaded with the file, spasmgraph and the raw SPARQL side by side (``_remote.py``).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAX_ROWS = 50_000_000
"""Virtuoso's ``ResultSetMaxRows`` here: above every benchmark's row count."""


def helpers() -> ModuleType:
    """tests/servers.py, imported by path (it is not a package module)."""
    name = "spasmgraph_test_servers"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "servers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def start_oxigraph(data: str | None) -> tuple[Any, float]:
    """``oxigraph load`` *data* into a new database, then ``oxigraph serve`` it."""
    srv = helpers()
    binary = srv._binary("oxigraph")
    folder = Path(tempfile.mkdtemp(prefix="spasmgraph-bench-oxigraph-"))
    seconds = 0.0
    if data is not None:
        start = time.perf_counter()
        subprocess.run(
            [binary, "load", "--location", str(folder / "db"), "--file", data],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - start
    port = srv.free_port()
    base = f"http://127.0.0.1:{port}"
    argv = [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    process = srv._spawn(argv, folder)
    server = srv.Server(
        name="oxigraph",
        query_url=f"{base}/query",
        update_url=f"{base}/update",
        store_url=f"{base}/store",
        pid=process.pid,
        folder=folder,
        process=process,
    )
    return srv._started(server), seconds


_TUNING = {
    "NumberOfBuffers = 10000": "NumberOfBuffers = 680000",
    "MaxDirtyBuffers = 6000": "MaxDirtyBuffers = 500000",
    "MaxQueryMem = 256M": "MaxQueryMem = 4G",
    "MaxQueryExecutionTime = 60": "MaxQueryExecutionTime = 0",
}


def start_virtuoso(data: str | None) -> tuple[Any, float]:
    """Virtuoso with a buffer pool for 10⁷ triples, *data* bulk loaded into its data graph."""
    srv = helpers()
    for old, new in _TUNING.items():
        srv._VIRTUOSO_INI = srv._VIRTUOSO_INI.replace(old, new)
    server = srv.start_virtuoso(max_rows=MAX_ROWS)
    seconds = 0.0
    if data is not None:
        inbox = server.folder / "load"
        inbox.mkdir()
        target = inbox / Path(data).name
        try:
            os.link(data, target)  # DirsAllowed is the server's folder
        except OSError:
            import shutil

            shutil.copyfile(data, target)
        start = time.perf_counter()
        srv.isql(
            server,
            f"ld_dir('{inbox}', '*.nt', '{server.graph}'); rdf_loader_run(); checkpoint;",
            timeout=3600,
        )
        seconds = time.perf_counter() - start
    return server, seconds


def stop(server: Any) -> None:
    """Stop a server started here, by its process group, and remove its folder."""
    helpers().stop(server)


def endpoint(server: Any) -> dict[str, Any]:
    """What a worker needs to reach *server*: URLs, the data graph and credentials."""
    return {
        "name": server.name,
        "query": server.query_url,
        "update": server.update_url,
        "graph_store": server.store_url,
        "graph": server.graph,
        "auth": list(server.auth) if server.auth else None,
    }


def push_bundled(info: dict[str, Any]) -> None:
    """Add the bundled layers to the data graph (the named queries' parameters name them)."""
    import spasmgraph as sg

    target = {"query": info["query"], "update": info["update"], "graph_store": info["graph_store"]}
    auth = tuple(info["auth"]) if info.get("auth") else None
    sg.push(
        sg.load(store="memory"),
        target,
        graph=info.get("graph"),
        auth=auth,
        auth_scheme="digest" if auth else "basic",
    )


def measure(bench: Any, kind: str, size: str, data: str, repeat: int, named: bool) -> None:
    """One server at one size: push into an empty server, then the bulk-loaded measures."""
    import json

    import run

    env = dict(bench.env)
    if not bench.args.measures or "push" in bench.args.measures:
        server, _ = globals()[f"start_{kind}"](None)
        try:
            env["SPASMGRAPH_BENCH_ENDPOINT"] = json.dumps(endpoint(server))
            bench.worker("push", f"remote-{kind}", data, size, 1, env)
        finally:
            stop(server)
    server, seconds = globals()[f"start_{kind}"](data)
    try:
        info = endpoint(server)
        env["SPASMGRAPH_BENCH_ENDPOINT"] = json.dumps(info)
        result = run.Result(size, "bulk", f"raw-{kind}", runs=[seconds])
        bench.results.append(result)
        bench.note(result)
        sg, raw = f"remote-{kind}", f"raw-{kind}"
        bench.worker("load", sg, data, size, repeat, env)
        if size != run.BIG:
            bench.worker("first", sg, data, size, repeat, env)
        for name in ("rows", "count"):
            bench.worker(name, sg, data, size, repeat, env)
            bench.worker(name, raw, data, size, repeat, env)
        if named and (not bench.args.measures or "named" in bench.args.measures):
            push_bundled(info)
            runs = {"SPASMGRAPH_BENCH_NAMED_RUNS": "3"} if size == run.BIG else {}
            bench.worker("named", sg, data, size, 1, {**env, **runs})
    finally:
        stop(server)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import shutil

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import run

    parser = argparse.ArgumentParser(description="The remote-store benchmarks only.")
    parser.add_argument("--sizes", nargs="+", default=["1e6"], choices=list(run.SIZES))
    parser.add_argument("--servers", nargs="+", default=list(run.REMOTE), choices=run.REMOTE)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (1 at 1e7)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per process")
    parser.add_argument("--slow", type=float, default=20)
    parser.add_argument("--named", action="store_true", help="also the named queries")
    parser.add_argument("--measures", nargs="+", help="only these (push, load, first, ...)")
    parser.add_argument("-o", "--output", default="/tmp/remote.json")
    options = parser.parse_args(argv)
    args = argparse.Namespace(
        sizes=options.sizes,
        remote_sizes=options.sizes,
        repeat=options.repeat,
        timeout=options.timeout,
        slow=options.slow,
        cold_repeat=0,
        quick=False,
        full=False,
        data=str(ROOT / "benchmarks" / "data"),
        output=options.output,
        update_readme=False,
        report=None,
        measures=options.measures,
        merge=None,
    )
    bench = run.Bench(args)
    try:
        for size in options.sizes:
            data = bench.data(size)
            repeat = 1 if size == run.BIG else options.repeat
            print(f"== {size}", flush=True)
            for kind in options.servers:
                measure(bench, kind, size, data, repeat, options.named)
    finally:
        shutil.rmtree(bench.scratch, ignore_errors=True)
        bench.save(Path(options.output))
    print(bench.table())
    print(f"wrote {options.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
