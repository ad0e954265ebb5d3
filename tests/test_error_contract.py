"""The error contract: bad input to any public call gives a SpasmGraphError, nothing else.

Every public function and KnowledgeGraph method is called with wrong types, empty strings,
unknown names and unwritable paths; every CLI command with bad arguments. Anything that is
not a :class:`spasmgraph.SpasmGraphError` (which may also be the matching builtin) fails.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

import spasmgraph as sg
from spasmgraph import reports
from spasmgraph.cli import main
from spasmgraph.sparql import bind_query_file

BAD_VALUES: list[Any] = [None, 42, 3.5, object(), b"bytes", [], {}, "", "   ", "no such thing"]


@pytest.fixture(scope="module")
def kg() -> sg.KnowledgeGraph:
    return sg.load(store="memory")


def _only_library_errors(call: Callable[[], Any]) -> None:
    try:
        result = call()
        if isinstance(result, Iterator):
            list(result)
    except sg.SpasmGraphError as exc:
        assert str(exc), "an error must say what was wrong"
    except Exception as exc:
        pytest.fail(f"{type(exc).__name__} escaped the public API: {exc}")


CALLS: list[tuple[str, Callable[[sg.KnowledgeGraph, Any], Any]]] = [
    ("entity", lambda kg, v: kg.entity(v)),
    ("getitem", lambda kg, v: kg[v]),
    ("entities", lambda kg, v: kg.entities(v)),
    ("search", lambda kg, v: kg.search(v)),
    ("search-limit", lambda kg, v: kg.search("ibuprofen", limit=v)),
    ("paths-source", lambda kg, v: kg.paths(v, "Treatment")),
    ("paths-target", lambda kg, v: kg.paths("intense exercise", v)),
    ("paths-via", lambda kg, v: kg.paths("intense exercise", "Treatment", via=v)),
    ("paths-hops", lambda kg, v: kg.paths("intense exercise", "Treatment", max_hops=v)),
    ("paths-limit", lambda kg, v: kg.paths("intense exercise", "Treatment", limit=v)),
    ("paths-evidence", lambda kg, v: kg.paths("intense exercise", "Treatment", min_evidence=v)),
    ("paths-order", lambda kg, v: kg.paths("intense exercise", "Treatment", order=v)),
    ("paths-metapath", lambda kg, v: kg.paths("intense exercise", metapath=v)),
    ("paths-relations", lambda kg, v: kg.paths("intense exercise", "Treatment", relations=v)),
    ("paths-budget", lambda kg, v: kg.paths("intense exercise", "Treatment", budget=v)),
    ("sparql", lambda kg, v: kg.sparql(v)),
    ("sparql-timeout", lambda kg, v: kg.sparql("ASK {}", timeout=v)),
    ("sparql-binding", lambda kg, v: kg.sparql("SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", x=v)),
    ("query", lambda kg, v: kg.query(v)),
    ("query-param", lambda kg, v: kg.query("mechanisms-of-cause", cause=v)),
    ("relations", lambda kg, v: kg.relations(v)),
    ("evidence", lambda kg, v: kg.evidence(v)),
    ("cautions", lambda kg, v: kg.cautions(v)),
    ("diagram-focus", lambda kg, v: kg.diagram(focus=v)),
    ("diagram-radius", lambda kg, v: kg.diagram(focus="ibuprofen", radius=v)),
    ("diagram-paths", lambda kg, v: kg.diagram(paths=v)),
    ("explore-focus", lambda kg, v: kg.explore(focus=v)),
    ("explore-paths", lambda kg, v: kg.explore(paths=v)),
    ("explore-entities", lambda kg, v: kg.explore(entities=v)),
    ("subclasses", lambda kg, v: kg.subclasses(v)),
    ("superclasses", lambda kg, v: kg.superclasses(v)),
    ("serialize-format", lambda kg, v: kg.serialize(format=v)),
    ("load-source", lambda kg, v: sg.load(v, store="memory")),
    ("load-store", lambda kg, v: sg.load(store=v)),
    ("load-layers", lambda kg, v: sg.load(layers=v, store="memory")),
    ("load-format", lambda kg, v: sg.load(Path(__file__), format=v, store="memory")),
    ("from_networkx", lambda kg, v: sg.from_networkx(v)),
    ("validate", lambda kg, v: sg.validate(v)),
    ("bind_query_file-text", lambda kg, v: bind_query_file(kg.index, "q.rq", v, {})),
    ("bind_query_file-params", lambda kg, v: bind_query_file(kg.index, "q.rq", "ASK {}", v)),
    ("hits_table", lambda kg, v: reports.hits_table(v)),
    ("hits_table-row", lambda kg, v: reports.hits_table([v])),
    ("mappings_table", lambda kg, v: reports.mappings_table(kg.index, v)),
    ("queries_text", lambda kg, v: reports.queries_text(v)),
    (
        "overview-layers",
        lambda kg, v: reports.overview(kg.graph, kg.index, store="memory", layers=v),
    ),
    (
        "overview-lang",
        lambda kg, v: reports.overview(kg.graph, kg.index, store="memory", layers=(), lang=v),
    ),
]


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
@pytest.mark.parametrize(("name", "call"), CALLS, ids=[c[0] for c in CALLS])
def test_bad_input_gives_a_library_error(
    kg: sg.KnowledgeGraph, name: str, call: Callable[[sg.KnowledgeGraph, Any], Any], value: Any
) -> None:
    _only_library_errors(lambda: call(kg, value))


@pytest.mark.parametrize(
    "target",
    ["/nonexistent-folder/x.svg", "/proc/version", "."],
    ids=["missing-folder", "read-only", "a-folder"],
)
@pytest.mark.parametrize(
    "write",
    [
        lambda kg, t: kg.diagram(focus="ibuprofen").write(t),
        lambda kg, t: kg.serialize(t),
    ],
    ids=["diagram", "serialize"],
)
def test_unwritable_paths_name_the_users_path(
    kg: sg.KnowledgeGraph, write: Callable[[sg.KnowledgeGraph, str], Any], target: str
) -> None:
    with pytest.raises(sg.SpasmGraphError) as caught:
        write(kg, target)
    assert ".tmp" not in str(caught.value)
    assert isinstance(caught.value, OSError | sg.SpasmGraphError)


@pytest.mark.parametrize(
    "convert",
    [
        lambda kg: kg.sparql("SELECT ?s WHERE { ?s a sg:Medication }").to_dataframe(),
        lambda kg: kg.paths("intense exercise", "Treatment").to_dataframe(),
    ],
    ids=["sparql-result", "path-list"],
)
def test_a_missing_extra_is_a_missing_dependency_error(
    kg: sg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, convert: Callable[..., Any]
) -> None:
    # None in sys.modules makes every kind of import of pandas fail, as if not installed.
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(sg.MissingDependencyError, match=r"spasmgraph\[pandas\]") as caught:
        convert(kg)
    assert isinstance(caught.value, ImportError)


CLI_BAD: list[list[str]] = [
    ["show", "no such entity"],
    ["show", ""],
    ["paths", "intense exercise", "--to", "NoSuchClass"],
    ["paths", "intense exercise", "--max-hops", "99"],
    ["paths", "intense exercise", "--min-evidence", "excellent"],
    ["paths", "intense exercise", "--metapath", "Cause -nonsense-> "],
    ["query", "--name", "no-such-query"],
    ["query", "--name", "mechanisms-of-cause", "--param", "nope=1"],
    ["query", "SELECT ?x WHERE {"],
    ["draw", "--focus", "ibuprofen", "-o", "/nonexistent-folder/x.svg"],
    ["export", "-o", "/nonexistent-folder/x.ttl"],
    ["export", "-o", "x.unknown-suffix"],
    ["--store", "mongo", "info"],
    ["--load", "/nonexistent/file.ttl", "info"],
    ["no-such-command"],
]


@pytest.mark.parametrize("argv", CLI_BAD, ids=[" ".join(a) or "empty" for a in CLI_BAD])
def test_cli_bad_input_exits_2_with_one_line(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SPASMGRAPH_STORE", "memory")
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's own usage errors
            code = int(exit_.code or 0)
    assert code == 2, (code, stderr.getvalue())
    message = stderr.getvalue().strip()
    assert message and "Traceback" not in message
