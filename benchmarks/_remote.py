"""Benchmark measures on a remote SPARQL server, run by benchmarks/_worker.py.

The server is running already (benchmarks/run.py starts it and bulk loads the data); its
URLs come in ``$SPASMGRAPH_BENCH_ENDPOINT`` as JSON (see ``servers.endpoint``). Engines:

``remote-oxigraph`` / ``remote-virtuoso``
    spasmgraph's ``store="sparql"`` backend on that server;
``raw-oxigraph`` / ``raw-virtuoso``
    the same question as one SPARQL request (httpx, SPARQL JSON results parsed).
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from _worker import COUNT, METAPATH, PREFIXES, ROWS, data_files, named_queries

TIMEOUT = 1800.0
PUSH_GRAPH = "urn:spasmgraph:bench:push"
"""Where ``push`` measures go when the server already holds the data (dropped after)."""


def endpoint() -> dict[str, Any]:
    return json.loads(os.environ["SPASMGRAPH_BENCH_ENDPOINT"])  # type: ignore[no-any-return]


def load_remote(info: dict[str, Any]) -> Any:
    import spasmgraph as sg

    options: dict[str, Any] = {"timeout": TIMEOUT}
    if info.get("graph"):
        options["default_graph"] = info["graph"]
    return sg.load(store="sparql", endpoint=info["query"], **options)


def raw_rows(info: dict[str, Any], query: str) -> int:
    """POST one query and read its rows as tab-separated values, streamed: each row is
    split into its terms, none is kept (the least a client can do to see every row)."""
    import httpx

    form = {"query": query}
    if info.get("graph"):
        form["default-graph-uri"] = info["graph"]
    rows = -1  # the header line
    with httpx.stream(
        "POST",
        info["query"],
        data=form,
        headers={"Accept": "text/tab-separated-values"},
        timeout=TIMEOUT,
    ) as reply:
        reply.raise_for_status()
        if reply.headers.get("X-SPARQL-MaxRows"):  # the server cut it: say so, as a failure
            raise SystemExit(f"truncated at {reply.headers['X-SPARQL-MaxRows']} rows")
        for line in reply.iter_lines():
            if line:
                line.split("\t")
                rows += 1
    return rows


def raw_select(info: dict[str, Any], query: str) -> list[dict[str, Any]]:
    """POST one query and parse its SPARQL JSON rows, as a client of the server would."""
    import httpx

    form = {"query": query}
    if info.get("graph"):
        form["default-graph-uri"] = info["graph"]
    reply = httpx.post(
        info["query"],
        data=form,
        headers={"Accept": "application/sparql-results+json"},
        timeout=TIMEOUT,
    )
    reply.raise_for_status()
    return reply.json()["results"]["bindings"]  # type: ignore[no-any-return]


def measure_push(info: dict[str, Any], data: str) -> dict[str, Any]:
    """``sg.push`` of the data files (parse, skolemize, upload through the Graph Store
    Protocol in chunks) into a named graph."""
    import spasmgraph as sg

    target = {"query": info["query"], "update": info["update"], "graph_store": info["graph_store"]}
    auth = tuple(info["auth"]) if info.get("auth") else None
    graph = info.get("push_graph") or PUSH_GRAPH
    start = time.perf_counter()
    sent = sg.push(
        [str(f) for f in data_files(data)],
        target,
        graph=graph,
        auth=auth,  # type: ignore[arg-type]
        auth_scheme="digest" if auth else "basic",
        timeout=TIMEOUT,
    )
    return {"seconds": time.perf_counter() - start, "triples": sent}


def values_form(info: dict[str, Any], query: str) -> str:
    """*query* with each ``?x a/rdfs:subClassOf* sg:C`` replaced by ``?x a ?xc`` and a
    ``VALUES ?xc`` of the server's own subclasses of ``sg:C`` (asked first, untimed).

    Virtuoso 7 answers the plain form with no rows when several property paths join (the
    same data gives 336 rows at 10⁴ triples on Oxigraph, and in this form on Virtuoso).
    """
    head, _, body = query.partition("WHERE {")
    lines = []
    for line in body.splitlines():
        if "a/rdfs:subClassOf*" in line:
            var, cls = line.split()[0], line.split()[-2]
            found = raw_select(info, PREFIXES + f"SELECT ?x WHERE {{ ?x rdfs:subClassOf* {cls} }}")
            values = " ".join(f"<{row['x']['value']}>" for row in found)
            lines.append(f"  {var} a {var}_class . VALUES {var}_class {{ {values} }}")
        else:
            lines.append(line)
    return head + "WHERE {" + "\n".join(lines)


def measure(name: str, engine: str, data: str) -> dict[str, Any]:
    info = endpoint()
    if name == "push":
        return measure_push(info, data)
    if engine.startswith("raw-"):
        query = {"rows": ROWS, "count": COUNT}[name]
        if info["name"] == "virtuoso":
            query = values_form(info, query)
        start = time.perf_counter()
        if name == "rows":
            return {"rows": raw_rows(info, query), "seconds": time.perf_counter() - start}
        found = raw_select(info, query)
        return {"seconds": time.perf_counter() - start, "count": int(found[0]["n"]["value"])}
    import spasmgraph.backends.sparql  # noqa: F401

    start = time.perf_counter()
    kg = load_remote(info)
    loaded = time.perf_counter() - start
    if name == "load":
        requests = kg.backend.client.requests
        start = time.perf_counter()
        kg.index  # noqa: B018
        return {
            "seconds": loaded,
            "index_seconds": time.perf_counter() - start,
            "requests_load": requests,
            "requests": kg.backend.client.requests,
            "triples": len(kg),
        }
    if name == "first":
        kg.index  # noqa: B018
        rows = len(kg.paths("Cause", metapath=METAPATH, limit=10**9))
        return {
            "seconds": time.perf_counter() - start,
            "rows": rows,
            "requests": kg.backend.client.requests,
        }
    if name == "count":  # sent to the server: no index needed
        query = values_form(info, COUNT) if info["name"] == "virtuoso" else COUNT
        start = time.perf_counter()
        n = kg.sparql(query, timeout=None)[0]["n"]
        return {"seconds": time.perf_counter() - start, "count": int(n)}
    kg.index  # noqa: B018
    before = kg.backend.client.requests
    if name == "rows":
        start = time.perf_counter()
        paths = kg.paths("Cause", metapath=METAPATH, limit=10**9, budget=10**10)
        return {
            "seconds": time.perf_counter() - start,
            "rows": len(paths),
            "requests": kg.backend.client.requests - before,
        }
    if name == "named":
        return named_queries(kg)
    raise SystemExit(f"no remote measure {name}")
