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


@pytest.mark.parametrize("engine", ["sg-oxigraph", "pyoxigraph"])
def test_worker_first_answer_counts_the_rows(worker: ModuleType, engine: str) -> None:
    pytest.importorskip("pyoxigraph")
    found = worker.measure_first(engine, "bundled")
    # 4 on both: the raw query is DISTINCT, since sg:potassium_rich_food has two types
    # below Treatment and would otherwise be listed twice (see benchmarks/README)
    assert found["rows"] == 4
    assert found["seconds"] > 0


@pytest.mark.parametrize("engine", ["sg-oxigraph", "pyoxigraph"])
def test_worker_reopens_the_store_it_made(
    worker: ModuleType, engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyoxigraph")
    folder = tmp_path / "kept"
    monkeypatch.setenv("SPASMGRAPH_BENCH_STORE", str(folder))
    made = worker.measure_persist(engine, "bundled")
    assert made["rows"] == 4
    if engine == "sg-oxigraph":
        assert (folder / "spasmgraph-index-en.json").is_file()  # kept for the reopen
    found = worker.measure_reopen(engine, "bundled")
    assert found["rows"] == 4
    assert found["seconds"] > 0


def test_worker_columns_and_typed_count_agree(worker: ModuleType) -> None:
    pytest.importorskip("pyoxigraph")
    columns = worker.measure_columns("sg-oxigraph", "bundled")
    assert columns["rows"] == 4 and columns["columns"] > 4
    assert worker.measure_count("sg-oxigraph-paths", "bundled")["count"] == 4


def test_direct_networkx_baseline_has_the_graphs_nodes(worker: ModuleType) -> None:
    pytest.importorskip("pyoxigraph")
    found = worker.measure_networkx("networkx", "bundled")
    assert found["nodes"] > 500


def test_virtuoso_form_lists_the_servers_subclasses(monkeypatch: pytest.MonkeyPatch) -> None:
    worker = _module("_worker")
    sys.modules["_worker"] = worker
    remote = _module("_remote")
    classes = {"sg:Cause": "C", "sg:Mechanism": "M", "sg:Treatment": "T"}

    def fake(info: object, query: str) -> list[dict[str, object]]:
        cls = query.split()[-2]
        return [{"x": {"value": f"urn:{classes[cls]}{n}"}} for n in range(2)]

    monkeypatch.setattr(remote, "raw_select", fake)
    text = remote.values_form({}, worker.ROWS)
    assert "subClassOf*" not in text
    assert "?t a ?t_class . VALUES ?t_class { <urn:T0> <urn:T1> }" in text


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
    arguments |= {"remote_sizes": ["1e6"]}
    results = [
        _row("bundled", "cold", "cli-oxigraph", [0.2]),
        _row("bundled", "cold", "plain-rdflib-networkx", [0.5]),
        _row("1e6", "load", "pyoxigraph", [2.0], triples=1_000_000),
        _row("1e6", "load", "sg-oxigraph", [2.4], rss_per_triple=400.0),
        _row("1e6", "rows", "sg-oxigraph", [0.1], rows=10, read_seconds=0.5),
        _row("1e6", "rows", "networkx", [0.25], rows=10),
        _row("1e6", "rows", "rdflib", []),
        _row("1e6", "columns", "sg-oxigraph", [0.15], paths_seconds=0.1),
        _row("1e6", "first", "sg-oxigraph", [5.0]),
        _row("1e6", "first", "pyoxigraph", [4.0]),
        _row("1e6", "reopen", "sg-oxigraph", [2.0]),
        _row("1e6", "reopen", "pyoxigraph", [1.0]),
        _row("1e6", "rows", "remote-virtuoso", [0.5], rows=10),
        _row("1e6", "rows", "raw-virtuoso", [1.0], rows=10),
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
    whole = next(v for k, v in targets.items() if k.startswith("whole results at 1e6"))
    assert "| 2.4 | 1.5 | **no** |" in whole  # (0.1 + 0.5) s / 0.25 s
    columnar = next(v for k, v in targets.items() if k.startswith("columnar results at 1e6"))
    assert "| 1 | 1.2 | yes |" in columnar  # (0.1 + 0.15) s / 0.25 s
    first = next(v for k, v in targets.items() if k.startswith("time to first answer at 1e6"))
    assert "| 1.25 | 1.5 | yes |" in first  # 5 s / 4 s
    again = next(v for k, v in targets.items() if k.startswith("time to first answer at 1e6, "))
    assert "| 0.5 | 1.5 | yes |" in again  # 2 s / 4 s (pyoxigraph's own reopen: 1 s)
    remote = targets["paths() on virtuoso at 1e6 (index built) / the server's raw SPARQL rows"]
    assert "| 0.5 | 1.5 | yes |" in remote
    assert "Remote stores at 1e6:" in table
    assert "> 120 s (timeout)" in table
    assert (
        "| load at 1e6: spasmgraph (oxigraph) / pyoxigraph bulk_load | 1.2 | 1.3 | yes |" in table
    )


def test_merge_replaces_the_rows_measured_again(run: ModuleType, tmp_path: Path) -> None:
    saved = tmp_path / "results.json"
    arguments = {"sizes": ["1e6"], "timeout": 120.0, "slow": 20, "full": False}
    arguments |= {"quick": False, "repeat": 3, "cold_repeat": 3, "data": str(tmp_path)}
    arguments |= {"output": str(saved), "update_readme": False, "report": None}
    results = [_row("1e6", "first", "sg-oxigraph", [5.0]), _row("1e6", "load", "rdflib", [9.0])]
    saved.write_text(
        json.dumps({"when": "2026-11-25 00:00:00", "arguments": arguments, "results": results})
    )
    new, _ = run.saved_run(saved)
    new.results = [run.Result("1e6", "first", "sg-oxigraph", runs=[3.0])]
    new.results.append(run.Result("1e7", "named", "sg-oxigraph", runs=[1.0]))
    new.args.sizes = ["1e7"]
    both = run.merged(saved, new)
    found = {(r.size, r.measure, r.engine): r.runs for r in both.results}
    assert found == {
        ("1e6", "first", "sg-oxigraph"): [3.0],
        ("1e6", "load", "rdflib"): [9.0],
        ("1e7", "named", "sg-oxigraph"): [1.0],
    }
    assert both.args.sizes == ["1e6", "1e7"]
