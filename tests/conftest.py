"""Shared fixtures: the hand-checked toy graph and the bundled graph."""

from __future__ import annotations

from pathlib import Path

import pytest

# Real SPARQL servers (Oxigraph server, Virtuoso), started once per session when a test asks.
from servers import oxigraph_server, virtuoso_server  # noqa: F401

import spasmgraph as sg

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def toy() -> sg.KnowledgeGraph:
    """The schema plus tests/data/toy.ttl (see that file's header for hand-checked counts)."""
    return sg.load(DATA / "toy.ttl", layers=["schema"])


@pytest.fixture(scope="session")
def kg() -> sg.KnowledgeGraph:
    """The bundled graph, all layers."""
    return sg.load()
