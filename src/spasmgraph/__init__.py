"""spasmgraph: a computable, evidence-graded knowledge graph of back muscle spasms.

Health information, not medical advice.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> kg.entity("paracetamol").label
'acetaminophen'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .backends import STORES
from .entities import Entity
from .errors import (
    AmbiguousEntityError,
    DiagramRenderError,
    EndpointAuthError,
    EndpointError,
    EndpointUnavailableError,
    InvalidPathSpecError,
    MalformedResultError,
    MissingDependencyError,
    NetworkAccessError,
    OntologyLoadError,
    OutputError,
    QueryNotFoundError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    SpasmGraphError,
    StoreError,
    TruncatedResultError,
    UnknownEntityError,
)
from .kg import KnowledgeGraph, from_networkx, load
from .loading import LAYERS
from .paths import MetaPath, Path, PathList, Provenance, Step
from .queries import NamedQuery, list_queries

if TYPE_CHECKING:
    from .loading import push
    from .serve import serve
    from .sparql import Row, SparqlResult
    from .validation import Issue, ValidationReport, validate

    __version__: str

# Imported on first use, so that `import spasmgraph` and a path query stay light.
_LAZY = {
    "push": "loading",
    "serve": "serve",
    "Row": "sparql",
    "SparqlResult": "sparql",
    "Issue": "validation",
    "ValidationReport": "validation",
    "validate": "validation",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from ._version import version

        value: Any = version()
    elif name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'spasmgraph' has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "LAYERS",
    "STORES",
    "AmbiguousEntityError",
    "DiagramRenderError",
    "EndpointAuthError",
    "EndpointError",
    "EndpointUnavailableError",
    "Entity",
    "InvalidPathSpecError",
    "Issue",
    "KnowledgeGraph",
    "MalformedResultError",
    "MetaPath",
    "MissingDependencyError",
    "NamedQuery",
    "NetworkAccessError",
    "OntologyLoadError",
    "OutputError",
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
    "TruncatedResultError",
    "UnknownEntityError",
    "ValidationReport",
    "__version__",
    "from_networkx",
    "list_queries",
    "load",
    "push",
    "serve",
    "validate",
]
