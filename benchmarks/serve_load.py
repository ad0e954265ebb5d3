"""Load benchmark of ``spasmgraph serve`` (a benchmark, not a timed test).

Starts ``python -m spasmgraph serve`` on a free loopback port and drives it over HTTP:

1. **benign**: 32 concurrent clients run the named queries of the bundled graph
   (``GET /queries/NAME?param=...``, SPARQL JSON), a bounded number of requests in all;
   throughput, p50 and p99 latency, errors;
2. **benign + hostile**: the same, while 4 hostile clients send 5-way cross joins back to
   back; the benign figures again, and for every hostile query its status and how long it
   took (each must end with a ``QueryTimeoutError`` within the time limit + 1 s).

Each phase runs twice: with the endpoint's response cache (the default) and without it
(``--cache-size 0``, every request evaluated by a worker). Prints a Markdown table and
writes it to ``benchmarks/serve-results.md``::

    .venv/bin/python benchmarks/serve_load.py [--requests 3200] [--timeout 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

import spasmgraph as sg

HERE = Path(__file__).resolve().parent
CLIENTS = 32
HOSTILE = 4
CROSS_JOIN = "SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }} # {}"
PARAMS = {
    "cause": "intense exercise",
    "mechanism": "increased muscle tension",
    "feature": "saddle anaesthesia",
    "treatment": "ibuprofen",
    "entity": "ibuprofen",
}


def named_requests() -> list[tuple[str, dict[str, str]]]:
    """(path, params) of every named query, with a parameter value that has answers."""
    out = []
    for query in sg.list_queries():
        params = {p.name: PARAMS.get(p.name, "ibuprofen") for p in query.parameters if p.required}
        out.append((f"/queries/{query.name}", params))
    return out


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def row(self) -> tuple[str, ...]:
        lat = sorted(self.latencies)
        p50 = statistics.median(lat) * 1000
        p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000
        rate = len(lat) / self.seconds
        return (str(len(lat)), f"{rate:,.0f}", f"{p50:.1f}", f"{p99:.1f}", str(self.errors))


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, target: str) -> int:
    """One keep-alive ``GET`` on a raw connection (a light client: httpx costs more CPU
    per request than the server, and client and server share the machine)."""
    writer.write(
        f"GET {target} HTTP/1.1\r\nHost: bench\r\n"
        "Accept: application/sparql-results+json\r\n\r\n".encode()
    )
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    await reader.readexactly(int(length.group(1)) if length else 0)
    return status


async def benign(base: str, total: int) -> Tally:
    tally = Tally()
    targets = [f"{path}?{urlencode(params)}" for path, params in named_requests()]
    counter = iter(range(total))
    host, port = base.split("//")[1].split(":")

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            for n in counter:
                start = time.perf_counter()
                try:
                    ok = await _get(reader, writer, targets[n % len(targets)]) == 200
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    ok = False
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, int(port))
                tally.latencies.append(time.perf_counter() - start)
                tally.errors += not ok
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    tally.seconds = time.perf_counter() - start
    return tally


async def hostile(base: str, stop: asyncio.Event, limit: float) -> list[tuple[int, str, float]]:
    """Cross joins back to back until *stop*: (status, error kind, seconds) of each."""
    outcomes: list[tuple[int, str, float]] = []
    serial = iter(range(10**9))

    async def client(http: httpx.AsyncClient) -> None:
        while not stop.is_set():
            start = time.perf_counter()
            response = await http.post(
                base + "/sparql", data={"query": CROSS_JOIN.format(next(serial))}
            )
            kind = response.headers.get("x-spasmgraph-error", "")
            outcomes.append((response.status_code, kind, time.perf_counter() - start))

    async with httpx.AsyncClient(timeout=limit + 30) as http:
        await asyncio.gather(*(client(http) for _ in range(HOSTILE)))
    return outcomes


async def phase(base: str, total: int, with_hostile: bool, limit: float) -> tuple[Tally, list]:
    await benign(base, len(named_requests()) * 2)  # warm up: connections, workers, cache
    if not with_hostile:
        return await benign(base, total), []
    stop = asyncio.Event()
    attack = asyncio.ensure_future(hostile(base, stop, limit))
    await asyncio.sleep(0.5)  # let the hostile queries occupy the workers
    tally = await benign(base, total)
    stop.set()
    return tally, await attack


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(*options: str) -> object:
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "spasmgraph", "serve", "--port", str(port), *options],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(base + "/sparql", params={"query": "ASK {}"}).status_code == 200:
                        break
                if process.poll() is not None:
                    log.seek(0)
                    raise SystemExit(log.read().decode(errors="replace")[-2000:])
                time.sleep(0.2)
            yield base
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3200, help="benign requests per run")
    parser.add_argument("--timeout", type=float, default=2.0, help="the server's time limit")
    args = parser.parse_args()
    rows, hostile_lines = [], []
    for cache in ("256", "0"):
        with server("--timeout", str(args.timeout), "--cache-size", cache) as base:
            for with_hostile in (False, True):
                tally, attacks = asyncio.run(phase(base, args.requests, with_hostile, args.timeout))
                label = f"{'on' if cache != '0' else 'off'}"
                who = f"{CLIENTS} benign" + (f" + {HOSTILE} hostile" if with_hostile else "")
                rows.append((who, label, *tally.row()))
                if attacks:
                    timed_out = sum(s == 500 and k == "QueryTimeoutError" for s, k, _ in attacks)
                    slowest = max(t for _, _, t in attacks)
                    hostile_lines.append(
                        f"cache {label}: {len(attacks)} hostile queries, {timed_out} ended with "
                        f"QueryTimeoutError (HTTP 500), slowest answer {slowest:.2f} s "
                        f"(limit {args.timeout:g} s + 1 s)"
                    )
    write(rows, hostile_lines, args)


def write(rows: list[tuple[str, ...]], hostile_lines: list[str], args: argparse.Namespace) -> None:
    head = ("clients", "cache", "requests", "req/s", "p50 ms", "p99 ms", "errors")
    lines = [
        "# `spasmgraph serve` under load",
        "",
        f"`benchmarks/serve_load.py --requests {args.requests} --timeout {args.timeout:g}` on "
        f"{os.cpu_count()} CPUs ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}), client and server on the same "
        f"machine; default workers; named queries of the bundled graph over `GET /queries/NAME`.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" for _ in head) + "|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        *(f"* {line}" for line in hostile_lines),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (HERE / "serve-results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
