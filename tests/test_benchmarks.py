"""The benchmark tooling (benchmarks/run.py, benchmarks/_worker.py) keeps working.

Nothing here asserts a time: the worker is run on the bundled graph for its answers (row
counts, provenance read), and the report is rendered from made-up numbers whose ratios
are known.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).parent.parent / "benchmarks"


def _module(name: str) -> ModuleType:
    sys.path.insert(0, str(HERE))
    try:
        spec = importlib.util.spec_from_file_location(
            f"spasmgraph_bench_{name}", HERE / f"{name}.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(HERE))


@pytest.fixture(scope="module")
def run() -> ModuleType:
    return _module("run")


@pytest.fixture(scope="module")
def worker() -> ModuleType:
    return _module("_worker")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "n/a"), (2.2e-5, "22 µs"), (0.00328, "3.28 ms"), (0.092, "92 ms"), (3.014, "3.01 s")],
)
def test_durations_keep_their_digits(run: ModuleType, seconds: float | None, text: str) -> None:
    assert run._s(seconds) == text


@pytest.mark.parametrize("engine", ["sg-memory", "sg-oxigraph"])
def test_worker_rows_reads_every_path(worker: ModuleType, engine: str) -> None:
    pytest.importorskip("pyoxigraph")
    found = worker.measure_rows(engine, "bundled")
    # 4 cause -> mechanism <- treatment rows on the bundled graph, 2 steps each, and every
    # step of them carries at least one provenance record.
    assert found["rows"] == 4
    assert found["sources"] >= 2 * found["rows"]
    assert found["seconds"] >= 0 and found["read_seconds"] >= 0


def test_worker_named_reports_kept_and_evaluated(worker: ModuleType) -> None:
    found = worker.measure_named("sg-memory", "bundled", runs=1)
    import spasmgraph as sg

    assert set(found["queries"]) == {q.name for q in sg.list_queries()}
    assert all(q["rows"] > 0 for q in found["queries"].values())
    assert found["evaluated_seconds"] == max(q["p50_evaluated"] for q in found["queries"].values())


def _row(
    size: str, measure: str, engine: str, runs: list[float], **extra: object
) -> dict[str, object]:
    return {
        "size": size,
        "measure": measure,
        "engine": engine,
        "median_s": runs[0] if runs else None,
        "runs_s": runs,
        "timeout_s": None if runs else 120.0,
        "error": None,
        **extra,
    }


def test_report_renders_a_saved_run(run: ModuleType, tmp_path: Path) -> None:
    saved = tmp_path / "results.json"
    arguments = {"sizes": ["bundled", "1e6"], "timeout": 120.0, "slow": 20, "full": False}
    arguments |= {"quick": False, "repeat": 3, "cold_repeat": 3, "data": str(tmp_path)}
    arguments |= {"output": str(saved), "update_readme": False, "report": None}
    results = [
        _row("bundled", "cold", "cli-oxigraph", [0.2]),
        _row("bundled", "cold", "plain-rdflib-networkx", [0.5]),
        _row("1e6", "load", "pyoxigraph", [2.0], triples=1_000_000),
        _row("1e6", "load", "sg-oxigraph", [2.4], rss_per_triple=400.0),
        _row("1e6", "rows", "sg-oxigraph", [0.1], rows=10, read_seconds=0.5),
        _row("1e6", "rows", "networkx", [0.25], rows=10),
        _row("1e6", "rows", "rdflib", []),
    ]
    saved.write_text(
        json.dumps({"when": "2026-11-25 00:00:00", "arguments": arguments, "results": results})
    )
    assert run.main(["--report", str(saved)]) == 0
    table = saved.with_suffix(".md").read_text()
    targets = {
        line.split(" | ")[0].lstrip("| "): line for line in table.splitlines() if " | " in line
    }
    cold = targets["cold start `spasmgraph paths` (oxigraph) / rdflib+networkx script"]
    assert "| 0.4 | 0.5 | yes |" in cold  # 0.2 s / 0.5 s
    rows = targets["paths() rows at 1e6: spasmgraph (oxigraph) / faster of pyoxigraph, networkx"]
    assert "| 0.4 | 1.2 | yes |" in rows  # 0.1 s / 0.25 s
    strict = next(v for k, v in targets.items() if k.startswith("stricter: paths() rows"))
    assert "| 2.4 | 1.2 | **no** |" in strict  # (0.1 + 0.5) s / 0.25 s
    assert "> 120 s (timeout)" in table
    assert (
        "| load at 1e6: spasmgraph (oxigraph) / pyoxigraph bulk_load | 1.2 | 1.3 | yes |" in table
    )
