"""SPARQL servers for the benchmarks, started from the test suite's helpers (tests/servers.py).

The tests' helpers start a server empty, on a free loopback port, in a private folder, and
stop it by its process group. The benchmarks add what a large load needs:

* **Oxigraph server**: the data is bulk loaded with ``oxigraph load`` (the server's own
  bulk loader, run on the database folder before ``oxigraph serve`` opens it), so the
  server starts with it;
* **Virtuoso**: the tests' configuration with a bigger buffer pool, a query memory of 2 GB,
  no cap on execution time and a row cap above every benchmark result, then its bulk
  loader (``ld_dir`` + ``rdf_loader_run`` + ``checkpoint``) through ``isql``.

Each ``start_*`` returns the server and the seconds its bulk load took.
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
    "NumberOfBuffers = 10000": "NumberOfBuffers = 340000",
    "MaxDirtyBuffers = 6000": "MaxDirtyBuffers = 250000",
    "MaxQueryMem = 256M": "MaxQueryMem = 2G",
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
