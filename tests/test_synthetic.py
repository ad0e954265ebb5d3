"""The synthetic benchmark graph (benchmarks/synthetic.py): deterministic and schema-shaped."""

from __future__ import annotations

import importlib.util
import io
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import spasmgraph as sg
from spasmgraph._files import bundled_text
from spasmgraph.vocab import DCTERMS, SG, SG_NAMESPACE

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "synthetic.py"


@pytest.fixture(scope="module")
def synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("spasmgraph_synthetic", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _text(synthetic: ModuleType, triples: int, seed: int) -> tuple[str, int]:
    out = io.StringIO()
    count = synthetic.generate(triples, seed, out)
    return out.getvalue(), count


@pytest.fixture(scope="module")
def small(synthetic: ModuleType) -> tuple[str, int]:
    return _text(synthetic, 6000, 11)


@pytest.fixture(scope="module")
def graph(small: tuple[str, int]) -> Graph:
    return Graph().parse(data=small[0], format="nt")


@pytest.fixture(scope="module")
def schema() -> Graph:
    return Graph().parse(data=bundled_text("schema.ttl"), format="turtle")


def test_identical_arguments_give_identical_bytes(
    synthetic: ModuleType, small: tuple[str, int]
) -> None:
    again, _ = _text(synthetic, 6000, 11)
    assert again == small[0]
    other, _ = _text(synthetic, 6000, 12)
    assert other != small[0]


def test_cli_writes_the_same_file(synthetic: ModuleType, tmp_path: Path) -> None:
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    assert synthetic.main(["--triples", "3000", "--seed", "5", "-o", str(first)]) == 0
    assert synthetic.main(["--triples", "3000", "--seed", "5", "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_size_and_syntax(small: tuple[str, int], graph: Graph) -> None:
    text, count = small
    assert count == len(text.splitlines()) == len(graph)  # valid N-Triples, no duplicates
    assert 0.85 * 6000 <= count <= 1.15 * 6000


def _sg_terms(schema: Graph, kind: URIRef) -> set[URIRef]:
    return {
        s
        for s in schema.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(SG_NAMESPACE)
    }


def test_every_class_has_instances(graph: Graph, schema: Graph) -> None:
    typed = Counter(o for s, o in graph.subject_objects(RDF.type) if (s, None, None) not in schema)
    missing = {c for c in _sg_terms(schema, OWL.Class) if typed[c] == 0}
    # Controlled-vocabulary classes are instantiated by the schema itself.
    instantiated_in_schema = {o for o in schema.objects(None, RDF.type)}
    assert missing <= instantiated_in_schema, sorted(missing - instantiated_in_schema)


def test_every_property_is_used(graph: Graph, schema: Graph) -> None:
    used = set(graph.predicates())
    object_properties = {
        p for p in schema.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)
    }
    assert object_properties - used == set()
    assert _sg_terms(schema, OWL.DatatypeProperty) - used - {SG.rank} == set()


def test_relations_carry_provenance_and_evidence(graph: Graph) -> None:
    annotations = (DCTERMS.source, SG.locator, SG.assertionMode, SG.expressesClaim)
    axioms = list(graph.subjects(RDF.type, OWL.Axiom))
    assert axioms
    annotated = set()
    for axiom in axioms:
        assert isinstance(axiom, BNode)
        for prop in annotations:
            assert graph.value(axiom, prop) is not None
        claim = graph.value(axiom, SG.expressesClaim)
        assert (claim, RDF.type, SG.Claim) in graph
        annotated.add(
            (
                graph.value(axiom, OWL.annotatedSource),
                graph.value(axiom, OWL.annotatedProperty),
                graph.value(axiom, OWL.annotatedTarget),
            )
        )
    assert all(triple in graph for triple in annotated)
    assessed = set(graph.objects(None, SG.assesses))
    claims = set(graph.subjects(RDF.type, SG.Claim))
    assert 0.7 * len(claims) <= len(assessed) <= len(claims)
    verdicts = Counter(graph.objects(None, SG.hasVerdict))
    assert set(verdicts) == {
        SG.Supported,
        SG.Mixed,
        SG.Insufficient,
        SG.Unsupported,
        SG.Contradicted,
        SG.NotAssessed,
    }
    # Every non-structural relation has its own assessment; structural ones none.
    assessed_triples = {
        (graph.value(a, SG.assessedSubject), graph.value(a, SG.assessedProperty))
        for a in graph.subjects(RDF.type, SG.RelationAssessment)
    }
    assert assessed_triples
    assert all(p != SG.inDrugClass for _, p in assessed_triples)


def test_individuals_have_labels_and_definitions(graph: Graph) -> None:
    for individual in graph.subjects(RDF.type, OWL.NamedIndividual):
        assert graph.value(individual, RDFS.label) is not None, individual
        if str(individual).startswith(f"{SG_NAMESPACE}syn_") and "assessment" not in str(
            individual
        ):
            assert graph.value(individual, SKOS.definition) is not None, individual


def test_degrees_are_skewed(synthetic: ModuleType) -> None:
    graph = Graph().parse(data=_text(synthetic, 40000, 3)[0], format="nt")
    indegree = Counter(graph.objects(None, SG.triggers))
    counts = sorted(indegree.values(), reverse=True)
    assert counts[0] >= 2 * (sum(counts) / len(counts))  # a hub well above the mean
    top = counts[: max(1, len(counts) // 5)]
    assert sum(top) >= 0.35 * sum(counts)  # the top fifth holds a large share


def test_loads_and_answers_metapaths(small: tuple[str, int], tmp_path: Path) -> None:
    file = tmp_path / "syn.nt"
    file.write_text(small[0])
    kg = sg.load(file, bundled=False, store="memory")
    paths = kg.paths(
        "Cause", metapath="Cause -triggers-> Mechanism <-actsOn- Treatment", limit=10**6
    )
    assert len(paths) > 40
    assert all(step.provenance for path in paths[:50] for step in path.steps)
