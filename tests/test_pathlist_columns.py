"""PathList's columnar way out: to_columns(), to_records() and to_dataframe().

The columns are read off the factorised rows without making a Path; every value must be
what the Path objects of the same rows say.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

import spasmgraph as sg
from spasmgraph.errors import InvalidPathSpecError, MissingDependencyError
from spasmgraph.paths import Path, PathList
from spasmgraph.paths.render import HOP_COLUMNS, column_names, to_columns

METAPATH = "Cause -triggers-> Mechanism <-actsOn- Treatment"


@pytest.fixture(scope="module")
def kg() -> sg.KnowledgeGraph:
    return sg.load(store="memory")


@pytest.fixture(scope="module", params=["metapath", "free", "structural"])
def paths(request: pytest.FixtureRequest, kg: sg.KnowledgeGraph) -> PathList:
    """Rows of relation ids (read off the view) in blocks and one by one, and with
    structural steps, which are neutral in the weakest verdict."""
    if request.param == "metapath":
        return kg.paths("Cause", metapath=METAPATH, limit=10**6)
    if request.param == "structural":
        found = kg.paths("ibuprofen", "Treatment", relations="all", max_hops=3)
        assert any(not s.graded for p in found for s in p.steps)
        return found
    return kg.paths("intense exercise", "Treatment", max_hops=4)


def _expected(path: Path, hops: int) -> dict[str, Any]:
    """One row as the Path objects give it, in the columns' layout."""
    row: dict[str, Any] = {"length": len(path), "weakest_verdict": path.weakest_verdict}
    for i in range(hops + 1):
        row[f"node_{i}"] = path.nodes[i] if i < len(path.nodes) else None
        row[f"label_{i}"] = path.labels[i] if i < len(path.labels) else None
    for i in range(1, hops + 1):
        step = path.steps[i - 1] if i <= len(path) else None
        for column in HOP_COLUMNS:
            value: Any
            if step is None:
                value = None
            elif column == "step":
                value = step
            elif column in ("source", "source_label", "locator", "mode", "claim"):
                provs = step.provenance
                value = " | ".join(getattr(p, column) or "" for p in provs) if provs else None
            else:
                value = getattr(step, column)
            row[f"{column}_{i}"] = value
    return row


def test_columns_say_what_the_paths_say(paths: PathList) -> None:
    assert len(paths) > 0
    columns = paths.to_columns(HOP_COLUMNS)
    hops = max(len(p) for p in paths)
    assert list(columns) == column_names(hops, HOP_COLUMNS)
    assert all(len(values) == len(paths) for values in columns.values())
    for n, path in enumerate(paths):
        expected = _expected(path, hops)
        assert {name: values[n] for name, values in columns.items()} == expected


def test_records_are_the_rows_of_the_columns(paths: PathList) -> None:
    columns = paths.to_columns()
    records = paths.to_records()
    assert len(records) == len(paths)
    assert records[0] == {name: values[0] for name, values in columns.items()}
    assert set(records[-1]) == set(column_names(max(len(p) for p in paths)))


def test_factorised_and_plain_lists_give_the_same_columns(paths: PathList) -> None:
    plain = PathList(list(paths))
    assert plain.to_columns() == paths.to_columns()
    assert to_columns(list(paths)) == paths.to_columns()


def test_columnar_functions_are_importable_from_spasmgraph_paths(paths: PathList) -> None:
    import spasmgraph.paths as sp
    from spasmgraph.paths import render

    assert sp.to_columns is render.to_columns is to_columns
    assert sp.records_from_columns is render.records_from_columns
    assert sp.to_flat_records(list(paths)) == paths.to_records()
    assert sp.column_names(1) == column_names(1) and sp.HOP_COLUMNS == HOP_COLUMNS


def test_several_sources_of_a_relation_are_joined(tmp_path: Any) -> None:
    """A relation with two axioms: its provenance columns join both records, as the
    Paths say, whether read off the relation ids or off the Steps."""
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        """@prefix sg: <https://w3id.org/spasmgraph/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
[] a owl:Axiom ;
    owl:annotatedSource sg:blood_supply_deficit ;
    owl:annotatedProperty sg:triggers ;
    owl:annotatedTarget sg:reduced_muscle_blood_flow ;
    dcterms:source sg:source_fastlyheal_back_spasms ;
    sg:assertionMode sg:StatedInSource .
""",
        encoding="utf-8",
    )
    paths = sg.load(extra, store="memory").paths("Cause", metapath=METAPATH)
    columns = paths.to_columns(HOP_COLUMNS)
    hops = max(len(p) for p in paths)
    assert any(len(s.provenance) == 2 for p in paths for s in p.steps)
    assert " | " in columns["locator_1"][0]
    for n, path in enumerate(paths):
        assert {name: values[n] for name, values in columns.items()} == _expected(path, hops)
    assert PathList(list(paths)).to_columns(HOP_COLUMNS) == columns


def test_columns_of_a_query_make_no_step(kg: sg.KnowledgeGraph) -> None:
    """The default columns are read off the query's relation ids: no Step is made."""
    paths = kg.paths("Cause", metapath=METAPATH)
    assert paths.to_columns()["node_0"] and len(paths._steps_of or {}) == 0
    assert paths.to_columns(["step"])["step_1"][0] is paths[0].steps[0]


def test_shared_steps_are_one_object(kg: sg.KnowledgeGraph) -> None:
    paths = kg.paths("Cause", metapath=METAPATH, limit=10**6)
    steps = paths.to_columns(["step"])["step_1"]
    by_key = {(s.subject, s.predicate, s.object): s for s in steps}
    assert all(s is by_key[(s.subject, s.predicate, s.object)] for s in steps)


def test_empty_and_empty_path_lists() -> None:
    empty: dict[str, list[Any]] = {"length": [], "weakest_verdict": [], "node_0": [], "label_0": []}
    assert PathList().to_columns() == empty
    assert PathList([Path(())]).to_columns() == {
        "length": [0],
        "weakest_verdict": [None],
        "node_0": [None],
        "label_0": [None],
    }


def test_unknown_hop_column_is_a_path_spec_error(paths: PathList) -> None:
    with pytest.raises(InvalidPathSpecError, match="unknown hop column 'weight'"):
        paths.to_columns(["predicate", "weight"])


def test_dataframe_has_a_row_per_path(paths: PathList) -> None:
    pd = pytest.importorskip("pandas")
    frame = paths.to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert frame.shape == (len(paths), len(paths.to_columns()))
    assert list(frame["node_0"]) == [p.nodes[0] for p in paths]


def test_dataframe_without_pandas(paths: PathList, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match="pandas"):
        paths.to_dataframe()
