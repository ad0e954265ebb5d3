"""The spasmgraph.mappings package beyond the data checks of test_mappings.py: the SSSOM
round trip, CURIE conversion with ``curies``, the library functions behind the CLI, and
typed errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SKOS

from spasmgraph.errors import (
    MappingError,
    MissingDependencyError,
    OntologyLoadError,
    OutputError,
    SpasmGraphError,
)
from spasmgraph.mappings import (
    CURIE_MAP,
    Mapping,
    compress_iri,
    expand_curie,
    mappings_graph,
    read_mappings,
    read_sssom,
    sssom_from_turtle,
    to_sssom,
)
from spasmgraph.vocab import PREFIXES, sg

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
MESH = rdflib.Namespace(PREFIXES["mesh"])

EXAMPLE = (
    Mapping(sg("heat"), SKOS.closeMatch, MESH.D006979, "Hyperthermia, Induced", 0.7, "A note."),
    Mapping(sg("ibuprofen"), SKOS.exactMatch, MESH.D007052, "Ibuprofen", 0.98, "", "ibuprofen"),
)


def test_curie_map_is_a_view_of_the_one_prefix_map() -> None:
    assert all(PREFIXES[prefix] == uri for prefix, uri in CURIE_MAP.items())


def test_compress_and_expand_round_trip() -> None:
    for prefix, namespace in CURIE_MAP.items():
        iri = namespace + "X1"
        assert compress_iri(iri) == f"{prefix}:X1"
        assert expand_curie(f"{prefix}:X1") == iri


@pytest.mark.parametrize("iri", ["http://elsewhere.org/1", PREFIXES["mesh"]])
def test_compress_rejects_uncovered_iris(iri: str) -> None:
    with pytest.raises(MappingError, match="no prefix"):
        compress_iri(iri)


def test_expand_rejects_unknown_prefix() -> None:
    with pytest.raises(MappingError, match="nope:1"):
        expand_curie("nope:1")


def test_conversion_without_curies_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from spasmgraph.mappings import prefixes

    prefixes._converter.cache_clear()
    monkeypatch.setitem(sys.modules, "curies", None)
    with pytest.raises(MissingDependencyError, match=r"spasmgraph\[mappings\]"):
        compress_iri("http://id.nlm.nih.gov/mesh/D1", {"m": "http://id.nlm.nih.gov/mesh/"})
    prefixes._converter.cache_clear()


def test_rdf_round_trip() -> None:
    assert read_mappings(mappings_graph(EXAMPLE)) == EXAMPLE


def test_sssom_round_trip() -> None:
    assert read_sssom(to_sssom(EXAMPLE)) == EXAMPLE


def test_read_sssom_rejects_a_malformed_table() -> None:
    with pytest.raises(MappingError, match="no table"):
        read_sssom("#curie_map:\n")
    text = to_sssom(EXAMPLE).replace("skos:closeMatch", "skos:sameAs")
    with pytest.raises(MappingError, match="row 2"):
        read_sssom(text)


def test_sssom_from_turtle(tmp_path: Path) -> None:
    turtle = tmp_path / "m.ttl"
    mappings_graph(EXAMPLE).serialize(turtle, format="turtle")
    written, count = sssom_from_turtle(turtle, tmp_path / "m.sssom.tsv")
    assert (written, count) == (tmp_path / "m.sssom.tsv", 2)
    assert read_sssom(written.read_text(encoding="utf-8")) == EXAMPLE


def test_sssom_from_turtle_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(OntologyLoadError, match=r"missing\.ttl"):
        sssom_from_turtle(tmp_path / "missing.ttl", tmp_path / "out.tsv")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(OntologyLoadError, match=r"bad\.ttl"):
        sssom_from_turtle(bad, tmp_path / "out.tsv")
    good = tmp_path / "good.ttl"
    mappings_graph(EXAMPLE).serialize(good, format="turtle")
    with pytest.raises(OutputError, match="no-such-folder"):
        sssom_from_turtle(good, tmp_path / "no-such-folder" / "out.tsv")


def test_mapping_errors_are_spasmgraph_errors() -> None:
    with pytest.raises(SpasmGraphError):
        Mapping(sg("x"), SKOS.exactMatch, MESH.D1, "", 1.5)


def test_no_second_command_line() -> None:
    import spasmgraph.mappings as package

    assert not hasattr(package, "main")


def test_bundled_layer_regenerates_its_tsv(tmp_path: Path) -> None:
    written, count = sssom_from_turtle(ONTOLOGY / "mappings.ttl", tmp_path / "out.tsv")
    assert count == len(read_mappings(rdflib.Graph().parse(ONTOLOGY / "mappings.ttl")))
    assert written.read_text(encoding="utf-8") == (ONTOLOGY / "mappings.sssom.tsv").read_text(
        encoding="utf-8"
    )
