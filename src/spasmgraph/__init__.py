"""spasmgraph: a computable, evidence-graded knowledge graph of back muscle spasms.

Health information, not medical advice.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> kg.entity("paracetamol").label
'acetaminophen'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .entities import Entity
from .errors import (
    AmbiguousEntityError,
    DiagramRenderError,
    InvalidPathSpecError,
    NetworkAccessError,
    OntologyLoadError,
    QueryNotFoundError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    SpasmGraphError,
    StoreError,
    UnknownEntityError,
)
from .kg import KnowledgeGraph, from_networkx, load
from .paths import MetaPath, Path, PathList, Provenance, Step
from .queries import NamedQuery, list_queries
from .sparql import Row, SparqlResult
from .store import LAYERS, STORES
from .validation import Issue, ValidationReport, validate

try:
    __version__ = version("spasmgraph")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "LAYERS",
    "STORES",
    "AmbiguousEntityError",
    "DiagramRenderError",
    "Entity",
    "InvalidPathSpecError",
    "Issue",
    "KnowledgeGraph",
    "MetaPath",
    "NamedQuery",
    "NetworkAccessError",
    "OntologyLoadError",
    "Path",
    "PathList",
    "Provenance",
    "QueryNotFoundError",
    "QueryParameterError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "Row",
    "SparqlResult",
    "SpasmGraphError",
    "Step",
    "StoreError",
    "UnknownEntityError",
    "ValidationReport",
    "__version__",
    "from_networkx",
    "list_queries",
    "load",
    "validate",
]
