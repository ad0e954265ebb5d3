"""Storage backends behind one protocol, and the registry that names them.

A *store* is where the triples live; pick one with ``spasmgraph.load(store=...)``:

``"memory"``
    rdflib's in-memory store. Pure Python, always available.
``"oxigraph"``
    `pyoxigraph <https://pyoxigraph.readthedocs.io>`_ (``pip install 'spasmgraph[oxigraph]'``),
    in memory or, with ``path=DIR``, persistent on disk.
``"sparql"``
    A remote SPARQL 1.1 server (``endpoint=URL``; ``pip install 'spasmgraph[remote]'``);
    see :mod:`spasmgraph.backends.sparql`.
``"auto"`` (the default)
    ``$SPASMGRAPH_STORE`` if set, else ``"oxigraph"`` when pyoxigraph is installed, else
    ``"memory"``.

Adding a backend: write one module with a class that satisfies
:class:`~spasmgraph.backends.base.Backend` (declare its
:class:`~spasmgraph.backends.base.Capabilities`, implement the scans and, if it has its own
engine, ``select``/``update``), then add one :class:`Entry` to :data:`REGISTRY`.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from importlib.util import find_spec
from typing import Any

from rdflib import Graph

from ..errors import MissingDependencyError, StoreError
from .base import Backend, Capabilities, NativeResult, SourceItem

__all__ = [
    "REGISTRY",
    "STORES",
    "Backend",
    "Capabilities",
    "Entry",
    "NativeResult",
    "SourceItem",
    "backend_for",
    "open_backend",
    "resolve_store",
]


@dataclass(frozen=True)
class Entry:
    """One registered backend: where its class lives and what it needs installed."""

    module: str
    """Module (relative to this package) that defines the class."""
    cls: str
    """Name of the backend class."""
    requires: str | None = None
    """An importable package it needs, checked without importing it."""
    extra: str | None = None
    """The spasmgraph extra that installs it."""


REGISTRY: dict[str, Entry] = {
    "memory": Entry(".memory", "MemoryBackend"),
    "oxigraph": Entry(".oxigraph", "OxigraphBackend", requires="pyoxigraph", extra="oxigraph"),
    "sparql": Entry(".sparql", "SparqlBackend", requires="httpx", extra="remote"),
}
"""The backends by store name."""

STORES: tuple[str, ...] = ("auto", *REGISTRY)
"""Names accepted by ``load(store=...)``."""


def _available(entry: Entry) -> bool:
    return entry.requires is None or find_spec(entry.requires) is not None


def resolve_store(store: str) -> str:
    """The concrete backend a store name stands for.

    ``"auto"`` becomes the store named by the environment variable ``SPASMGRAPH_STORE``
    if it is set, else ``"oxigraph"`` when pyoxigraph is installed and ``"memory"``
    otherwise; the other names stand for themselves.

    Raises
    ------
    StoreError
        Unknown name.
    MissingDependencyError
        The backend's package is not installed.

    Examples
    --------
    >>> resolve_store("memory")
    'memory'
    >>> resolve_store("mongo")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.StoreError: unknown store 'mongo'; choose one of: auto, memory, ...sparql
    """
    if not isinstance(store, str):
        raise StoreError(f"store= takes a name, not {type(store).__name__}; one of {STORES}")
    if store == "auto":
        chosen = os.environ.get("SPASMGRAPH_STORE", "").strip().lower()
        if chosen and chosen != "auto":
            return resolve_store(chosen)
        return "oxigraph" if _available(REGISTRY["oxigraph"]) else "memory"
    entry = REGISTRY.get(store)
    if entry is None:
        raise StoreError(f"unknown store {store!r}; choose one of: {', '.join(STORES)}")
    if not _available(entry):
        assert entry.requires is not None and entry.extra is not None
        raise MissingDependencyError(entry.requires, entry.extra, what=f"the {store!r} store")
    return store


def _class(name: str) -> Any:
    entry = REGISTRY[name]
    module = importlib.import_module(entry.module, __name__)
    return getattr(module, entry.cls)


def open_backend(store: str = "auto", **options: Any) -> Backend:
    """A new, empty backend of the named store.

    Parameters
    ----------
    store : str
        A name from :data:`STORES`.
    **options
        Passed to the backend class, e.g. ``path=DIR`` for a persistent Oxigraph store.

    Raises
    ------
    StoreError
        Unknown store, or an option it does not take.

    Examples
    --------
    >>> backend = open_backend("memory")
    >>> backend.name, backend.size(), backend.capabilities.change_counter
    ('memory', 0, True)
    """
    name = resolve_store(store)
    options = {k: v for k, v in options.items() if v is not None}
    cls = _class(name)
    if "path" in options and not cls.capabilities.persistent:
        raise StoreError(f"the {name!r} store does not persist; drop path= or use store='oxigraph'")
    try:
        backend: Backend = cls(**options)
    except TypeError:
        raise StoreError(
            f"the {name!r} store takes no option(s) {', '.join(sorted(options))}"
        ) from None
    return backend


def backend_for(graph: Graph) -> Backend:
    """The backend that serves an existing rdflib graph.

    A graph on one of spasmgraph's stores gets that store's backend; any other rdflib
    graph is served as it is, with no change counter and no deadlines.

    >>> backend_for(Graph()).name
    'rdflib'
    """
    from .memory import MemoryBackend, RdflibBackend

    if MemoryBackend.owns(graph):
        return MemoryBackend(graph)
    if "pyoxigraph" in sys.modules:  # an Oxigraph graph exists only once it is imported
        from .oxigraph import OxigraphBackend

        if OxigraphBackend.owns(graph):
            return OxigraphBackend.wrap(graph)
    return RdflibBackend(graph)
