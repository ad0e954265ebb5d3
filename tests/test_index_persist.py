"""The index kept next to a persistent store (spasmgraph.index.persist)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

import spasmgraph as sg
from spasmgraph.backends.manifest import INDEX_FILE, drop_index
from spasmgraph.index import Index, build_index, persist

pytest.importorskip("pyoxigraph")

DATA = Path(__file__).parent / "data"
EX = "https://example.org/"
LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def _tables(index: Index) -> dict[str, Any]:
    out = {f.name: getattr(index, f.name) for f in fields(index) if f.name != "_views"}
    out["curies"] = index.curies.prefixes
    return out


def _open(folder: Path, *, lang: str | None = None) -> sg.KnowledgeGraph:
    return sg.load(
        DATA / "toy_assessed.ttl", layers=["schema"], store="oxigraph", path=folder, lang=lang
    )


@pytest.fixture
def no_build(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count the index builds (a read from the file is not one)."""
    builds: list[int] = []
    real = persist.build_index

    def counted(*args: Any, **kwargs: Any) -> Index:
        builds.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(persist, "build_index", counted)
    yield builds


@pytest.mark.parametrize("lang", [None, "es"])
def test_a_reopened_store_reads_the_same_index_it_built(
    tmp_path: Path, no_build: list[int], lang: str | None
) -> None:
    kg = _open(tmp_path, lang=lang)
    built = kg.index
    assert no_build == [1]
    assert (tmp_path / INDEX_FILE.format(lang=lang or "en")).is_file()
    kg.backend.close()
    again = _open(tmp_path, lang=lang)
    read = again.index
    assert no_build == [1]  # read back, not built
    assert _tables(read) == _tables(built)
    assert read.lang == (lang or "en")
    # and the answers are the same
    first = _open_answers(again)
    again.backend.close()
    fresh = sg.load(DATA / "toy_assessed.ttl", layers=["schema"], store="oxigraph", lang=lang)
    assert first == _open_answers(fresh)


def _open_answers(kg: sg.KnowledgeGraph) -> list[Any]:
    found = list(kg.paths("Cause", "Treatment"))
    assert found and any(step.provenance for path in found for step in path.steps)
    return found


def test_the_bundled_graph_round_trips(tmp_path: Path) -> None:
    """Every table, with axioms, literals of every kind, translations and ranks."""
    kg = sg.load(store="oxigraph", path=tmp_path)
    built = kg.index
    path = persist.index_file(kg.backend)
    assert path is not None
    read = persist.read_index(path, persist._stamp(kg.backend, "en"))
    assert read is not None
    assert _tables(read) == _tables(built)
    values = [v for found in read.axioms.values() for a in found for vs in a.values() for v in vs]
    assert any(isinstance(v, Literal) for v in values)
    kg.backend.close()


WRITES: dict[str, Callable[[sg.KnowledgeGraph, Path], None]] = {
    "rdflib add": lambda kg, _: kg.graph.add((URIRef(EX + "z"), LABEL, Literal("zed"))),
    "rdflib remove": lambda kg, _: kg.graph.remove((None, LABEL, None)),
    "update": lambda kg, _: kg.sparql(
        f'INSERT DATA {{ <{EX}z> <{LABEL}> "zed" }}', allow_update=True, timeout=None
    ),
    "update with a time limit": lambda kg, _: kg.sparql(
        f'INSERT DATA {{ <{EX}z> <{LABEL}> "zed" }}', allow_update=True, timeout=30
    ),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=list(WRITES))
def test_a_write_drops_the_kept_index_first(
    tmp_path: Path, write: Callable[[sg.KnowledgeGraph, Path], None]
) -> None:
    kg = _open(tmp_path)
    kg.index  # noqa: B018 - built and kept
    file = tmp_path / INDEX_FILE.format(lang="en")
    assert file.is_file()
    write(kg, tmp_path)
    assert not file.exists()
    after = kg.index  # rebuilt for the new revision, and kept again
    assert file.is_file()
    kg.backend.close()
    again = _open(tmp_path)
    assert _tables(again.index) == _tables(after)
    again.backend.close()


def test_loading_a_new_source_drops_the_kept_index(tmp_path: Path, no_build: list[int]) -> None:
    kg = _open(tmp_path)
    kg.index  # noqa: B018
    kg.backend.close()
    extra = tmp_path.parent / f"{tmp_path.name}-extra.ttl"
    extra.write_text(f'<{EX}new> <{LABEL}> "brand new" .\n')
    kg = sg.load(
        DATA / "toy_assessed.ttl", extra, layers=["schema"], store="oxigraph", path=tmp_path
    )
    assert not (tmp_path / INDEX_FILE.format(lang="en")).exists()
    assert kg.entity("brand new").iri == EX + "new"
    assert no_build == [1, 1]
    kg.backend.close()


BROKEN: dict[str, Callable[[Path], None]] = {
    "not JSON": lambda f: f.write_bytes(b"\x00garbage"),
    "cut short": lambda f: f.write_bytes(f.read_bytes()[: len(f.read_bytes()) // 2]),
    "a list": lambda f: f.write_text("[]"),
    "another version": lambda f: _edit(f, lambda d: d["stamp"].update(spasmgraph="0.0.0")),
    "another size": lambda f: _edit(f, lambda d: d["stamp"].update(size=1)),
    "a table missing": lambda f: _edit(f, lambda d: d.pop("out_edges")),
    "a bad term number": lambda f: _edit(f, lambda d: d["types"][1].__setitem__(0, 10**9)),
    "edge counts wrong": lambda f: _edit(f, lambda d: d["out_edges"][1].__setitem__(0, 10**6)),
    "a bad value": lambda f: _edit(f, lambda d: d["axioms"][0][1][0][0][1].__setitem__(0, {})),
}


def _edit(file: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    data = json.loads(file.read_text())
    change(data)
    file.write_text(json.dumps(data))


@pytest.mark.parametrize("damage", BROKEN.values(), ids=list(BROKEN))
def test_a_damaged_or_stale_file_is_a_miss_and_is_rewritten(
    tmp_path: Path, no_build: list[int], damage: Callable[[Path], None]
) -> None:
    kg = _open(tmp_path)
    built = kg.index
    kg.backend.close()
    file = tmp_path / INDEX_FILE.format(lang="en")
    damage(file)
    again = _open(tmp_path)
    assert _tables(again.index) == _tables(built)
    assert no_build == [1, 1]  # built again
    again.backend.close()
    third = _open(tmp_path)
    third.index  # noqa: B018
    assert no_build == [1, 1]  # the rewritten file is read
    third.backend.close()


def test_an_unwritable_folder_only_means_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise sg.errors.OutputError("cannot write: read-only folder")

    monkeypatch.setattr(persist, "atomic_write", refuse)
    kg = _open(tmp_path)
    assert kg.entity("Cause")  # the index works
    assert not (tmp_path / INDEX_FILE.format(lang="en")).exists()
    kg.backend.close()


def test_stores_in_memory_keep_nothing(tmp_path: Path) -> None:
    kg = sg.load(DATA / "toy_assessed.ttl", layers=["schema"], store="oxigraph")
    assert persist.index_file(kg.backend) is None
    assert _tables(persist.open_index(kg.backend)) == _tables(build_index(kg.backend))


def test_drop_index_deletes_every_language(tmp_path: Path) -> None:
    for lang in ("en", "es"):
        (tmp_path / INDEX_FILE.format(lang=lang)).write_text("{}")
    (tmp_path / "other.json").write_text("{}")
    drop_index(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.json"]
