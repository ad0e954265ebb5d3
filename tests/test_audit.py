"""The evidence audit (ontology/AUDIT.md) is generated from the graph and kept in sync."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
import rdflib

from spasmgraph import audit
from spasmgraph.audit import evidence_audit
from spasmgraph.errors import SpasmGraphError

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def _graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for layer in ("schema", "article", "evidence"):
        g.parse(ONTOLOGY / f"{layer}.ttl", format="turtle")
    return g


def test_committed_audit_equals_generated() -> None:
    committed = (ONTOLOGY / "AUDIT.md").read_text(encoding="utf-8")
    assert committed == evidence_audit(_graph()), (
        "ontology/AUDIT.md is stale; regenerate it with spasmgraph.audit.evidence_audit"
    )


def test_audit_lists_every_relation_assessment() -> None:
    g = _graph()
    text = evidence_audit(g)
    n = len(set(g.subjects(rdflib.URIRef("https://w3id.org/spasmgraph/assessedProperty"), None)))
    rows = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == n > 100
    assert "| contracture | warrants care action | medical evaluation | supported | yes |" in text
    assert "| warm compress | acts on | muscle inflammation | insufficient |" in text


def test_incomplete_assessment_is_an_error() -> None:
    g = rdflib.Graph().parse(
        format="turtle",
        data="@prefix sg: <https://w3id.org/spasmgraph/> . sg:ra sg:assessedProperty sg:p .",
    )
    with pytest.raises(SpasmGraphError, match="incomplete"):
        evidence_audit(g)


def test_doctests() -> None:
    assert doctest.testmod(audit).failed == 0
