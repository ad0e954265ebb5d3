"""spasmgraph vs plain rdflib, plain pyoxigraph and a networkx walk, side by side.

Usage::

    python benchmarks/run.py            # bundled graph, 10^4 ... 10^7 synthetic triples
    python benchmarks/run.py --quick    # bundled and 10^4, short timeouts (under 5 minutes)
    python benchmarks/run.py --sizes bundled 1e4 --repeat 3 -o /tmp/results.json

Every number is the median of several runs, each in a fresh process (one process per
measurement), and every ratio compares numbers taken in the same run. Synthetic graphs
come from benchmarks/synthetic.py (seed 42) and are kept in ``--data`` (default
``benchmarks/data``, git-ignored) for the next run. The results go to
benchmarks/results.json and a table is printed. Nothing here asserts on timings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZES = {"bundled": 0, "1e4": 10_000, "1e5": 100_000, "1e6": 1_000_000, "1e7": 10_000_000}
SEED = 42
BIG = "1e7"
"""At this size only the Oxigraph store, pyoxigraph and networkx run (see README)."""

LOAD = ["sg-memory", "sg-oxigraph", "rdflib", "pyoxigraph", "pyoxigraph-load", "oxrdflib"]
FIRST = ["sg-memory", "sg-oxigraph", "pyoxigraph"]
ROWS = ["sg-memory", "sg-oxigraph", "sg-oxigraph-sparql", "rdflib", "pyoxigraph", "networkx"]
COUNT = ["sg-oxigraph-paths", "sg-memory", "sg-oxigraph", "rdflib", "pyoxigraph", "networkx"]
NETWORKX = ["sg-memory", "sg-oxigraph", "networkx"]
SG_ONLY = ["sg-memory", "sg-oxigraph"]
KEPT = ["sg-oxigraph", "pyoxigraph"]
"""The stores measured on disk, made once and opened again (``persist``, ``reopen``)."""
ONLY_BIG = {"sg-oxigraph", "sg-oxigraph-paths", "pyoxigraph", "networkx"}
REMOTE = ["oxigraph", "virtuoso"]
LABELS = {
    "sg-memory": "spasmgraph (memory)",
    "sg-oxigraph": "spasmgraph (oxigraph)",
    "sg-oxigraph-paths": "spasmgraph paths() (oxigraph)",
    "sg-oxigraph-sparql": "spasmgraph sparql() (oxigraph)",
    "rdflib": "rdflib",
    "pyoxigraph": "pyoxigraph (bulk_load)",
    "pyoxigraph-load": "pyoxigraph (load)",
    "oxrdflib": "rdflib + oxrdflib",
    "networkx": "networkx",
}
REMOTE_LABELS = {
    "remote-oxigraph": "spasmgraph on Oxigraph server",
    "raw-oxigraph": "Oxigraph server, raw SPARQL",
    "remote-virtuoso": "spasmgraph on Virtuoso",
    "raw-virtuoso": "Virtuoso, raw SPARQL",
}


@dataclass
class Result:
    size: str
    measure: str
    engine: str
    runs: list[float] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    timeout: float | None = None
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.python = sys.executable
        self.results: list[Result] = []
        self.scratch = Path(tempfile.mkdtemp(prefix="spasmgraph-bench-"))
        self.cache = self.scratch / "cache"
        # Compiled bytecode is written to (and read from) a private folder, for every
        # package alike, so that no process pays for compiling sources; the first run of
        # each command, not timed, compiles what it imports.
        self.env = {
            **os.environ,
            "SPASMGRAPH_PROGRESS": "0",
            "SPASMGRAPH_CACHE_DIR": str(self.cache),
            "PYTHONHASHSEED": "0",
            "PYTHONPYCACHEPREFIX": str(self.scratch / "pycache"),
        }
        for name in ("SPASMGRAPH_STORE", "SPASMGRAPH_NO_CACHE", "PYTHONDONTWRITEBYTECODE"):
            self.env.pop(name, None)

    # -- running things ---------------------------------------------------------------------
    def timeout(self, size: str) -> float:
        """Seconds a measurement process may take: ``--timeout``, at least 30 min at 10⁷."""
        limit: float = self.args.timeout
        return max(limit, 1800.0) if size == BIG else limit

    def worker(
        self, measure: str, engine: str, data: str, size: str, repeat: int, env: dict[str, str]
    ) -> Result:
        result = Result(size, measure, engine)
        if self.args.measures and measure not in self.args.measures:
            return result  # not asked for (--measures): not run, not reported
        if size in ("bundled", "1e4"):  # compile and cache once, untimed
            command = [self.python, str(HERE / "_worker.py"), measure, engine, data]
            subprocess.run(command, capture_output=True, env=env, check=False)
        for _ in range(repeat):
            try:
                done = subprocess.run(
                    [self.python, str(HERE / "_worker.py"), measure, engine, data],
                    capture_output=True,
                    text=True,
                    timeout=self.timeout(size),
                    env=env,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                result.timeout = self.timeout(size)
                break
            if done.returncode != 0:
                result.error = (done.stderr.strip().splitlines() or ["failed"])[-1][:300]
                break
            found = json.loads(done.stdout.strip().splitlines()[-1])
            result.runs.append(found.pop("seconds"))
            for key, value in found.items():
                result.extra.setdefault(key, []).append(value)
            if result.runs[-1] > self.args.slow:
                break  # one run of something this slow is enough for its order of magnitude
        for key, values in list(result.extra.items()):
            if values and all(isinstance(v, (int, float)) for v in values):
                result.extra[key] = statistics.median(values)
            elif values:
                result.extra[key] = values[0]
        self.results.append(result)
        self.note(result)
        return result

    def walls(self, commands: list[tuple[str, list[str], dict[str, str]]], repeat: int) -> None:
        """Median wall-clock time of whole processes (interpreter start included).

        The commands take turns, run after run, so that a change in the machine's load
        affects them all alike; each runs once first, untimed, to compile and cache.
        """
        results = {name: Result("bundled", "cold", name) for name, _, _ in commands}
        for _, command, env in commands:
            subprocess.run(command, capture_output=True, env=env, check=False)
        for _ in range(repeat):
            for name, command, env in commands:
                result = results[name]
                if result.error:
                    continue
                start = time.perf_counter()
                done = subprocess.run(command, capture_output=True, env=env, check=False)
                elapsed = time.perf_counter() - start
                if done.returncode not in (0, 1):
                    result.error = done.stderr.decode()[-300:]
                    continue
                result.runs.append(elapsed)
        for result in results.values():
            self.results.append(result)
            self.note(result)

    def note(self, result: Result) -> None:
        text = _fmt(result)
        print(f"  {result.size:>7} {result.measure:<10} {result.engine:<22} {text}", flush=True)

    # -- data ----------------------------------------------------------------------------------
    def data(self, size: str) -> str:
        if size == "bundled":
            return "bundled"
        folder = Path(self.args.data)
        folder.mkdir(parents=True, exist_ok=True)
        # The generator's own hash is in the name: a changed generator makes new files.
        version = hashlib.sha256((HERE / "synthetic.py").read_bytes()).hexdigest()[:8]
        file = folder / f"synthetic-{size}-seed{SEED}-{version}.nt"
        if not file.exists():
            print(f"  generating {file} ...", flush=True)
            subprocess.run(
                [
                    self.python,
                    str(HERE / "synthetic.py"),
                    "--triples",
                    str(SIZES[size]),
                    "--seed",
                    str(SEED),
                    "-o",
                    str(file),
                ],
                check=True,
            )
        return str(file)

    # -- the plan ------------------------------------------------------------------------------
    def run(self) -> None:
        for size in self.args.sizes:
            data = self.data(size)
            repeat = self.args.repeat if size not in ("1e6", BIG) else min(self.args.repeat, 3)
            if size == BIG:
                repeat = 1
            print(f"== {size}", flush=True)
            if size == "bundled" and (not self.args.measures or "cold" in self.args.measures):
                self.cold()
            self.local(size, data, repeat)
            if size in self.args.remote_sizes:
                for kind in REMOTE:
                    self.remote(kind, size, data, repeat)

    def engines(self, size: str, names: list[str]) -> list[str]:
        if size != BIG:
            return names
        return [e for e in names if e in ONLY_BIG]

    def local(self, size: str, data: str, repeat: int) -> None:
        no_cache = {**self.env, "SPASMGRAPH_NO_CACHE": "1"}
        run = self.worker
        for engine in self.engines(size, LOAD):
            run("load", engine, data, size, repeat, no_cache)
        if size == "bundled":
            for engine in SG_ONLY:
                run("load", engine, data, size, repeat, self.env).measure = "load-cached"
        for engine in self.engines(size, FIRST):
            run("first", engine, data, size, repeat, no_cache)
        self.kept(size, data, repeat, no_cache)
        for engine in self.engines(size, ROWS):
            run("rows", engine, data, size, repeat, self.env)
        run("columns", "sg-oxigraph", data, size, repeat, self.env)
        for engine in self.engines(size, COUNT):
            run("count", engine, data, size, repeat, self.env)
        if size in ("bundled", self.args.sizes[-1]):
            named_env = (
                {**self.env, "SPASMGRAPH_BENCH_NAMED_RUNS": "3"} if size == BIG else self.env
            )
            for engine in self.engines(size, SG_ONLY):
                run("named", engine, data, size, repeat, named_env)
        if size == "bundled" and _has_diagram():
            for engine in SG_ONLY:
                run("diagram", engine, data, size, repeat, self.env)
        if size == BIG:
            return  # to_networkx() of 10^7 triples wants tens of gigabytes: not run
        for engine in NETWORKX:
            if size == "1e6" and engine == "sg-memory" and not self.args.full:
                continue  # minutes of rdflib iteration; --full includes it
            run("networkx", engine, data, size, repeat, self.env)

    def kept(self, size: str, data: str, repeat: int, env: dict[str, str]) -> None:
        """A store on disk: made once (``persist``), then opened again in fresh processes
        (``reopen``): spasmgraph with the index it kept, pyoxigraph the same folder."""
        for engine in KEPT:
            folder = self.scratch / f"kept-{engine}-{size}"
            kept_env = {**env, "SPASMGRAPH_BENCH_STORE": str(folder)}
            try:
                made = self.worker("persist", engine, data, size, 1, kept_env)
                if made.runs:
                    self.worker("reopen", engine, data, size, repeat, kept_env)
            finally:
                shutil.rmtree(folder, ignore_errors=True)

    def remote(self, kind: str, size: str, data: str, repeat: int) -> None:
        """One server: its bulk load, sg.push, then spasmgraph and raw SPARQL side by side."""
        sys.path.insert(0, str(HERE))
        import servers

        bulk = data if size != "bundled" else None
        try:
            server, seconds = getattr(servers, f"start_{kind}")(bulk)
        except Exception as exc:  # a missing binary or a failed start is reported, not fatal
            result = Result(size, "bulk", f"raw-{kind}", error=f"{type(exc).__name__}: {exc}")
            self.results.append(result)
            self.note(result)
            return
        try:
            info = servers.endpoint(server)
            if bulk is not None:
                result = Result(size, "bulk", f"raw-{kind}", runs=[seconds])
                self.results.append(result)
                self.note(result)
            else:  # the bundled graph: pushed, then read from the graph it went to
                info["graph"] = info["push_graph"] = "urn:spasmgraph:bench:bundled"
            env = {**self.env, "SPASMGRAPH_BENCH_ENDPOINT": json.dumps(info)}
            self.worker("push", f"remote-{kind}", data, size, 1, env)
            if bulk is not None:
                _drop(server, "urn:spasmgraph:bench:push")
            sg, raw = f"remote-{kind}", f"raw-{kind}"
            self.worker("load", sg, data, size, repeat, env)
            self.worker("first", sg, data, size, repeat, env)
            for measure in ("rows", "count"):
                self.worker(measure, sg, data, size, repeat, env)
                self.worker(measure, raw, data, size, repeat, env)
            if size == "bundled":
                self.worker("named", sg, data, size, repeat, env)
        finally:
            servers.stop(server)

    def cold(self) -> None:
        py = self.python
        ontology = str(Path(str(files("spasmgraph.ontology").joinpath("schema.ttl"))).parent)
        cli = shutil.which("spasmgraph", path=str(Path(py).parent))
        paths_cmd = (
            [cli, "paths", "intense exercise"]
            if cli
            else [py, "-c", "from spasmgraph.cli import main; main(['paths','intense exercise'])"]
        )
        script = (
            "import spasmgraph as sg; kg = sg.load(); "
            "print(len(kg.paths('intense exercise', 'Treatment')))"
        )
        no_cache = {**self.env, "SPASMGRAPH_NO_CACHE": "1"}
        commands: list[tuple[str, list[str], dict[str, str]]] = []
        for store in ("oxigraph", "memory"):
            env = {**self.env, "SPASMGRAPH_STORE": store}
            commands += [
                (f"cli-{store}", paths_cmd, env),
                (f"cli-{store}-nocache", paths_cmd, {**no_cache, "SPASMGRAPH_STORE": store}),
                (f"script-{store}", [py, "-c", script], env),
                (f"import-load-{store}", [py, "-c", "import spasmgraph as sg; sg.load()"], env),
            ]
        commands += [
            ("import-spasmgraph", [py, "-c", "import spasmgraph"], self.env),
            (
                "plain-rdflib-networkx",
                [py, str(HERE / "_cold_plain.py"), "rdflib", ontology],
                self.env,
            ),
            (
                "plain-pyoxigraph",
                [py, str(HERE / "_cold_plain.py"), "pyoxigraph", ontology],
                self.env,
            ),
            ("python-pass", [py, "-c", "pass"], self.env),
        ]
        self.walls(commands, self.args.cold_repeat)

    # -- report ----------------------------------------------------------------------------------
    def get(self, size: str, measure: str, engine: str) -> Result | None:
        for result in self.results:
            if (result.size, result.measure, result.engine) == (size, measure, engine):
                return result
        return None

    def med(self, size: str, measure: str, engine: str, key: str | None = None) -> float | None:
        result = self.get(size, measure, engine)
        if result is None:
            return None
        if key is None:
            return result.median
        value = result.extra.get(key)
        return float(value) if isinstance(value, (int, float)) else None

    def targets(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []

        def add(name: str, value: float | None, limit: float, better: str, detail: str) -> None:
            met = None if value is None else (value <= limit if better == "<=" else value >= limit)
            out.append(
                {"target": name, "value": value, "limit": limit, "met": met, "detail": detail}
            )

        def ratio(a: float | None, b: float | None) -> float | None:
            return None if a is None or not b else a / b

        for store in ("oxigraph", "memory"):
            cli = self.med("bundled", "cold", f"cli-{store}")
            plain = self.med("bundled", "cold", "plain-rdflib-networkx")
            add(
                f"cold start `spasmgraph paths` ({store}) / rdflib+networkx script",
                ratio(cli, plain),
                0.5,
                "<=",
                f"{_ms(cli)} vs {_ms(plain)}",
            )
        sizes = self.args.sizes
        # The largest size below 10^7 (10^6 in a full run); 10^7 alone has its own rows.
        big = "1e6" if "1e6" in sizes else ([s for s in sizes if s != BIG] or [BIG])[-1]
        for size in [s for s in ("1e5", "1e6", BIG) if s in sizes]:
            first = self.med(size, "first", "sg-oxigraph")
            raw = self.med(size, "first", "pyoxigraph")
            add(
                f"time to first answer at {size}: spasmgraph (oxigraph) load + index + "
                "paths() / pyoxigraph bulk_load + its SPARQL rows",
                ratio(first, raw),
                1.5,
                "<=",
                f"{_s(first)} vs {_s(raw)}",
            )
            again = self.med(size, "reopen", "sg-oxigraph")
            reopened = self.med(size, "reopen", "pyoxigraph")
            add(
                f"time to first answer at {size}, store on disk opened again: spasmgraph "
                "(oxigraph, kept index) open + paths() / pyoxigraph bulk_load + its SPARQL rows",
                ratio(again, raw),
                1.5,
                "<=",
                f"{_s(again)} vs {_s(raw)} (pyoxigraph opening its own folder + rows: "
                f"{_s(reopened)})",
            )
        load = self.med(big, "load", "sg-oxigraph")
        bulk = self.med(big, "load", "pyoxigraph")
        add(
            f"load at {big}: spasmgraph (oxigraph) / pyoxigraph bulk_load",
            ratio(load, bulk),
            1.3,
            "<=",
            f"{_s(load)} vs {_s(bulk)}",
        )
        rows = self.med(big, "rows", "sg-oxigraph")
        walk = self.med(big, "rows", "networkx")
        raw_rows = [v for v in (self.med(big, "rows", "pyoxigraph"), walk) if v is not None]
        fastest = min(raw_rows) if raw_rows else None
        add(
            f"paths() rows at {big}: spasmgraph (oxigraph) / faster of pyoxigraph, networkx",
            ratio(rows, fastest),
            1.2,
            "<=",
            f"{_s(rows)} vs {_s(fastest)}",
        )
        read = self.med(big, "rows", "sg-oxigraph", "read_seconds")
        both = None if rows is None or read is None else rows + read
        add(
            f"whole results at {big}: paths() rows, then read every Path with provenance / "
            "networkx walk",
            ratio(both, walk),
            1.5,
            "<=",
            f"{_s(both)} vs {_s(walk)}",
        )
        found = self.med(big, "columns", "sg-oxigraph", "paths_seconds")
        columns = self.med(big, "columns", "sg-oxigraph")
        total = None if found is None or columns is None else found + columns
        add(
            f"columnar results at {big}: paths() + to_columns() / networkx walk",
            ratio(total, walk),
            1.2,
            "<=",
            f"{_s(total)} vs {_s(walk)}",
        )
        rdf = self.get(big, "rows", "rdflib")
        rdf_time = rdf.median if rdf and rdf.runs else (rdf.timeout if rdf else None)
        add(
            f"paths() rows at {big}: rdflib SPARQL / spasmgraph (oxigraph)",
            ratio(rdf_time, rows),
            10.0,
            ">=",
            f"{_s(rdf_time)}{' (timed out)' if rdf and rdf.timeout else ''} vs {_s(rows)}",
        )
        nx_sg = self.med(big, "networkx", "sg-oxigraph")
        nx_plain = self.med(big, "networkx", "networkx")
        add(
            f"to_networkx() at {big} (oxigraph) / a MultiDiGraph built from the triples",
            ratio(nx_sg, nx_plain),
            2.0,
            "<=",
            f"{_s(nx_sg)} vs {_s(nx_plain)}",
        )
        count = self.med(big, "count", "sg-oxigraph-paths")
        degrees = self.med(big, "count", "networkx")
        add(
            f"typed count at {big}: len(paths()) (oxigraph) / networkx degree count",
            ratio(count, degrees),
            2.0,
            "<=",
            f"{_s(count)} vs {_s(degrees)}",
        )
        for size in [s for s in (big, BIG) if s in sizes]:
            for key, label in (
                ("rss_per_triple", "after load"),
                ("rss_per_triple_with_index", "after load and index"),
            ):
                value = self.med(size, "load", "sg-oxigraph", key)
                add(
                    f"resident bytes per triple at {size}, spasmgraph (oxigraph), {label}",
                    value,
                    600,
                    "<=",
                    f"{value:.0f} B" if value is not None else "n/a",
                )
        for store in SG_ONLY:
            named = self.get("bundled", "named", store)
            if named and named.runs:
                evaluated = self.med("bundled", "named", store, "evaluated_seconds")
                add(
                    f"slowest named query p50 on the bundled graph, evaluated afresh ({store})",
                    evaluated,
                    0.005,
                    "<=",
                    f"{_ms(evaluated)} (kept while unchanged: {_ms(named.median)})",
                )
        for size in self.args.remote_sizes:
            for kind in REMOTE:
                paths = self.med(size, "rows", f"remote-{kind}")
                raw_query = self.med(size, "rows", f"raw-{kind}")
                if paths is None and raw_query is None:
                    continue
                add(
                    f"paths() on {kind} at {size} (index built) / the server's raw SPARQL rows",
                    ratio(paths, raw_query),
                    1.5,
                    "<=",
                    f"{_s(paths)} vs {_s(raw_query)}",
                )
        return out

    def table(self) -> str:
        lines: list[str] = []
        for size in self.args.sizes:
            triples = self.med(size, "load", "pyoxigraph", "triples")
            head = f"### {size}" + (f" ({int(triples):,} triples)" if triples else "")
            lines += ["", head, ""]
            lines += self.grid(size, LABELS, LOCAL_ROWS)
            if size == "bundled":
                lines += ["", "Cold starts (whole process, wall clock):", ""]
                lines.append("| command | median |")
                lines.append("|---|---|")
                for result in self.results:
                    if result.measure == "cold":
                        lines.append(
                            f"| {COLD_LABELS.get(result.engine, result.engine)} | {_fmt(result)} |"
                        )
            if any(r.size == size and r.engine in REMOTE_LABELS for r in self.results):
                lines += ["", f"Remote stores at {size}:", ""]
                lines += self.grid(size, REMOTE_LABELS, REMOTE_ROWS)
        lines += ["", "Targets (ratios from this run):", ""]
        lines.append("| target | value | limit | met | figures |")
        lines.append("|---|---|---|---|---|")
        for t in self.targets():
            value = t["value"]
            shown = "n/a" if value is None else (f"{value:.3g}" if value < 1000 else f"{value:.0f}")
            met = {True: "yes", False: "**no**", None: "n/a"}[t["met"]]
            lines.append(f"| {t['target']} | {shown} | {t['limit']} | {met} | {t['detail']} |")
        return "\n".join(lines)

    def grid(
        self, size: str, labels: dict[str, str], rows: list[tuple[str, str, str | None]]
    ) -> list[str]:
        """One markdown table: a row per measure, a column per engine that ran."""
        engines = [e for e in labels if any(r.engine == e and r.size == size for r in self.results)]
        lines = ["| measure | " + " | ".join(labels[e] for e in engines) + " |"]
        lines.append("|---" * (len(engines) + 1) + "|")
        for label, measure, key in rows:
            cells = []
            for engine in engines:
                result = self.get(size, measure, engine)
                if result is None:
                    cells.append("")
                elif key is None:
                    cells.append(_fmt(result))
                else:
                    cells.append(_value(key, result.extra.get(key)))
            if any(cells):
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
        return lines

    def save(self, path: Path) -> None:
        payload = {
            "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
            },
            "versions": _versions(),
            "arguments": vars(self.args),
            "results": [
                {
                    "size": r.size,
                    "measure": r.measure,
                    "engine": r.engine,
                    "median_s": r.median,
                    "runs_s": r.runs,
                    "timeout_s": r.timeout,
                    "error": r.error,
                    **r.extra,
                }
                for r in self.results
            ],
            "targets": self.targets(),
        }
        _write(path, json.dumps(payload, indent=2, default=str) + "\n")


LOCAL_ROWS: list[tuple[str, str, str | None]] = [
    ("load", "load", None),
    ("load (cache)", "load-cached", None),
    ("bytes/triple after load", "load", "rss_per_triple"),
    ("index build", "load", "index_seconds"),
    ("bytes/triple with index", "load", "rss_per_triple_with_index"),
    ("peak resident memory", "load", "peak_rss"),
    ("time to first answer", "first", None),
    ("store on disk: make, then first answer", "persist", None),
    ("store on disk opened again: first answer", "reopen", None),
    ("  of which open (SHA-256 of the file, manifest)", "reopen", "open_seconds"),
    ("  of which read the kept index", "reopen", "index_seconds"),
    ("C→M←T rows", "rows", None),
    ("  row count", "rows", "rows"),
    ("  then read every Path", "rows", "read_seconds"),
    ("paths(), then to_columns()", "columns", "paths_seconds"),
    ("  to_columns()", "columns", None),
    ("  records from the columns", "columns", "records_seconds"),
    ("  DataFrame from the columns", "columns", "dataframe_seconds"),
    ("typed count", "count", None),
    ("slowest named query p50", "named", None),
    ("  evaluated afresh (cache=False)", "named", "evaluated_seconds"),
    ("to_networkx() / direct MultiDiGraph", "networkx", None),
    ("diagram().to_dot()", "diagram", None),
]
REMOTE_ROWS: list[tuple[str, str, str | None]] = [
    ("bulk load (server's loader)", "bulk", None),
    ("sg.push (parse, skolemize, upload)", "push", None),
    ("sg.load(store='sparql')", "load", None),
    ("  index build", "load", "index_seconds"),
    ("  requests, load + index", "load", "requests"),
    ("time to first answer (load + index + paths)", "first", None),
    ("C→M←T rows: paths() / raw SELECT", "rows", None),
    ("  row count", "rows", "rows"),
    ("typed count (COUNT query)", "count", None),
    ("slowest named query p50, afresh", "named", "evaluated_seconds"),
]

_CLI = '`spasmgraph paths "intense exercise"`'
COLD_LABELS = {
    "cli-oxigraph": f"{_CLI} (oxigraph, cache warm)",
    "cli-oxigraph-nocache": f"{_CLI} (oxigraph, SPASMGRAPH_NO_CACHE=1)",
    "cli-memory": f"{_CLI} (memory, cache warm)",
    "cli-memory-nocache": f"{_CLI} (memory, SPASMGRAPH_NO_CACHE=1)",
    "script-oxigraph": "`import spasmgraph; sg.load().paths(...)` (oxigraph)",
    "script-memory": "`import spasmgraph; sg.load().paths(...)` (memory)",
    "import-load-oxigraph": "`import spasmgraph; sg.load()` (oxigraph)",
    "import-load-memory": "`import spasmgraph; sg.load()` (memory)",
    "import-spasmgraph": "`import spasmgraph`",
    "plain-rdflib-networkx": "plain rdflib + networkx script, same paths question",
    "plain-pyoxigraph": "plain pyoxigraph script (load + one query)",
    "python-pass": "`python -c pass`",
}


def _drop(server: Any, graph: str) -> None:
    """Drop a named graph on *server* (after a push measure), with its credentials."""
    import httpx

    auth = httpx.DigestAuth(*server.auth) if server.auth else None
    httpx.post(
        server.update_url, data={"update": f"DROP SILENT GRAPH <{graph}>"}, auth=auth, timeout=600
    )


def _has_diagram() -> bool:
    from importlib.util import find_spec

    return find_spec("spasmgraph.diagram") is not None


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("spasmgraph", "rdflib", "pyoxigraph", "oxrdflib", "networkx"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def _s(value: float | None) -> str:
    """A duration with a unit that keeps two or three significant digits."""
    if value is None:
        return "n/a"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _ms(value: float | None) -> str:
    return _s(value)


def _fmt(result: Result) -> str:
    if result.error:
        return f"error: {result.error}"
    if result.timeout is not None and not result.runs:
        return f"> {result.timeout:.0f} s (timeout)"
    value = result.median
    return "" if value is None else _s(value)


def _write(path: Path, text: str) -> None:
    """Write *text* to a temporary file beside *path*, then rename it over *path*."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text)
    temporary.replace(path)


def _value(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key.startswith("rss"):
        return f"{value:.0f} B"
    if key == "peak_rss":
        return f"{value / 2**20:,.0f} MiB"
    if key.endswith("seconds"):
        return _s(float(value))
    if isinstance(value, (int, float)):
        return f"{int(value):,}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="bundled and 10^4 only, short timeouts"
    )
    parser.add_argument(
        "--remote-sizes",
        nargs="*",
        choices=list(SIZES),
        help="sizes run on the SPARQL servers too (default: bundled, 1e5, 1e6; quick: 1e4)",
    )
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), help="sizes to run")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (3 at 1e6)")
    parser.add_argument("--cold-repeat", type=int, default=9, help="runs per cold start")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per process")
    parser.add_argument(
        "--slow", type=float, default=20, help="run a measurement once if it takes this long"
    )
    parser.add_argument(
        "--full", action="store_true", help="include to_networkx() on memory at 1e6"
    )
    parser.add_argument("--data", default=str(HERE / "data"), help="where synthetic files go")
    parser.add_argument("-o", "--output", default=str(HERE / "results.json"))
    parser.add_argument(
        "--update-readme", action="store_true", help="copy the tables into benchmarks/README.md"
    )
    parser.add_argument(
        "--report",
        metavar="JSON",
        help="measure nothing: print the tables of a saved run and rewrite its .md",
    )
    parser.add_argument(
        "--measures",
        nargs="+",
        metavar="MEASURE",
        help="run only these measures (load, first, persist, reopen, rows, columns, count, "
        "named, networkx, diagram, cold, push)",
    )
    parser.add_argument(
        "--merge",
        metavar="JSON",
        help="add this run to a saved one (its rows of the same size, measure and engine "
        "are replaced) and write the whole to --output",
    )
    args = parser.parse_args(argv)
    if args.report:
        return report(Path(args.report), args.update_readme)
    if args.sizes is None:
        args.sizes = ["bundled", "1e4"] if args.quick else ["bundled", "1e4", "1e5", "1e6", "1e7"]
    if args.quick:  # one run each (no median), so that it stays under 5 minutes
        args.repeat, args.cold_repeat = 1, min(args.cold_repeat, 3)
        args.timeout = min(args.timeout, 60)
    if args.remote_sizes is None:
        args.remote_sizes = ["1e4"] if args.quick else ["bundled", "1e5", "1e6"]
    args.remote_sizes = [s for s in args.remote_sizes if s in args.sizes]
    bench = Bench(args)
    try:
        bench.run()
    finally:
        shutil.rmtree(bench.scratch, ignore_errors=True)
    if args.merge:
        bench = merged(Path(args.merge), bench)
    bench.save(Path(args.output))  # first: a table that fails must not lose the run
    table = bench.table()
    print(table)
    table_file = Path(args.output).with_suffix(".md")
    _write(table_file, table.strip() + "\n")
    print(f"\nwrote {args.output} and {table_file}")
    if args.update_readme:
        update_readme(table, bench)
    return 0


def saved_run(saved: Path) -> tuple[Bench, dict[str, Any]]:
    """The results of a saved run (``--output`` of an earlier run) and its JSON."""
    payload = json.loads(saved.read_text())
    arguments = {"remote_sizes": [], "measures": None, "merge": None, **payload["arguments"]}
    bench = Bench(argparse.Namespace(**arguments))
    shutil.rmtree(bench.scratch, ignore_errors=True)
    fixed = {"size", "measure", "engine", "median_s", "runs_s", "timeout_s", "error"}
    for row in payload["results"]:
        bench.results.append(
            Result(
                row["size"],
                row["measure"],
                row["engine"],
                runs=list(row["runs_s"]),
                extra={k: v for k, v in row.items() if k not in fixed},
                timeout=row["timeout_s"],
                error=row["error"],
            )
        )
    return bench, payload


def merged(saved: Path, new: Bench) -> Bench:
    """The saved run with *new*'s results in place of its rows of the same size, measure
    and engine (the saved run's arguments are kept; its sizes gain the new ones)."""
    bench, _ = saved_run(saved)
    fresh = {(r.size, r.measure, r.engine) for r in new.results}
    bench.results = [r for r in bench.results if (r.size, r.measure, r.engine) not in fresh]
    bench.results += new.results
    sizes = list(bench.args.sizes)
    bench.args.sizes = sizes + [s for s in new.args.sizes if s not in sizes]
    bench.args.merged = [*getattr(bench.args, "merged", []), time.strftime("%Y-%m-%d %H:%M")]
    return bench


def report(saved: Path, readme: bool) -> int:
    """Print (and with *readme*, copy into the README) the tables of a saved run."""
    bench, payload = saved_run(saved)
    table = bench.table()
    print(table)
    _write(saved.with_suffix(".md"), table.strip() + "\n")
    if readme:
        update_readme(table, bench, when=payload["when"][:10])
    return 0


BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def update_readme(table: str, bench: Bench, when: str | None = None) -> None:
    """Put the table between the result markers of benchmarks/README.md."""
    readme = HERE / "README.md"
    text = readme.read_text()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    day = when or time.strftime("%Y-%m-%d")
    machine = f"{platform.python_version()}, {os.cpu_count()} CPUs, {day}"
    versions = ", ".join(f"{k} {v}" for k, v in _versions().items())
    block = f"\n\nPython {machine}; {versions}.\n{table}\n\n"
    _write(readme, text[:start] + block + text[end:])
    print(f"updated {readme}")


if __name__ == "__main__":
    raise SystemExit(main())
