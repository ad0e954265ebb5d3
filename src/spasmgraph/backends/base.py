"""The storage-backend seam: what every store offers, and what it declares it can do.

A backend holds the triples and answers three kinds of request:

* **bulk scans** that the one index builder (:mod:`spasmgraph.index.build`) is made of:
  all subject/object pairs of a predicate, all literals of a predicate, all edges of a set
  of properties, and the OWL axiom annotations. IRIs come back as plain ``str``;
* **SPARQL**, run by the engine the backend declares (:attr:`Capabilities.native_sparql`);
* **loading** one parsed-or-unparsed :class:`SourceItem`.

Capabilities are declared as data on each backend class, never probed with ``hasattr``.
Adding a backend means one module with a class that satisfies :class:`Backend`, plus one
entry in :data:`spasmgraph.backends.REGISTRY`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Node

from ..errors import StoreError

if TYPE_CHECKING:
    from .manifest import Manifest

__all__ = [
    "AXIOM_STRUCTURE",
    "Backend",
    "Capabilities",
    "NativeResult",
    "SourceItem",
    "UnsupportedQueryError",
]

AXIOM_STRUCTURE = frozenset(
    (
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2002/07/owl#annotatedSource",
        "http://www.w3.org/2002/07/owl#annotatedProperty",
        "http://www.w3.org/2002/07/owl#annotatedTarget",
    )
)
"""Predicates that shape an ``owl:Axiom`` rather than annotate it (every backend's scans
leave them out of the axiom annotations)."""


class UnsupportedQueryError(StoreError):
    """Raised by :meth:`Backend.select` when its engine cannot run a query the way rdflib
    would (for example a binding it cannot express); spasmgraph then runs rdflib's
    engine over :attr:`Backend.graph` instead."""


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do, declared once per backend class.

    >>> Capabilities(native_sparql=True).change_counter
    False
    """

    native_sparql: bool = False
    """It evaluates SPARQL text itself; otherwise rdflib's evaluator walks :attr:`graph`."""
    bulk_scans: bool = False
    """Its scans run in native code and are much cheaper than rdflib's ``triples()``."""
    change_counter: bool = False
    """:meth:`Backend.revision` counts every change, so caches know when they are stale."""
    deadlines: bool = False
    """A running query stops at its time limit."""
    persistent: bool = False
    """The triples outlive the process (a store on disk or a server)."""
    remote: bool = False
    """The triples live behind a network connection."""


@dataclass(frozen=True)
class NativeResult:
    """One SPARQL result from a backend's own engine: SELECT rows, an ASK answer or triples."""

    kind: str  # "SELECT", "ASK" or "CONSTRUCT"
    vars: tuple[str, ...] = ()
    rows: list[tuple[Node | None, ...]] | None = None
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] | None = None


@dataclass
class SourceItem:
    """One source to load: a bundled layer, a file, a URL or an rdflib graph."""

    label: str
    """How error messages name it."""
    key: str
    """Its identity in a persistent store's manifest."""
    fmt: str
    """An rdflib format name (``"turtle"``, ``"xml"``, ...) or ``"graph"``."""
    data: bytes | None = None
    path: Path | None = None
    url: str | None = None
    graph: Graph | None = field(default=None, repr=False)

    @property
    def size(self) -> int | None:
        """Bytes to read, when known (for progress bars)."""
        if self.data is not None:
            return len(self.data)
        if self.path is not None:
            return self.path.stat().st_size
        return None

    def digest(self) -> str | None:
        """SHA-256 of the content; ``None`` for URLs, which are never re-fetched."""
        if self.data is not None:
            return hashlib.sha256(self.data).hexdigest()
        if self.path is not None:
            sha = hashlib.sha256()
            with self.path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    sha.update(block)
            return sha.hexdigest()
        if self.graph is not None:
            lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in self.graph)
            return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        return None


@runtime_checkable
class Backend(Protocol):
    """What spasmgraph needs from a store. See the module docstring."""

    name: str
    capabilities: Capabilities

    @property
    def graph(self) -> Graph:
        """An rdflib view of the triples (for rdflib users and rdflib's SPARQL engine)."""

    @property
    def manifest(self) -> Manifest | None:
        """The record of loaded sources of a persistent store, else ``None``."""

    def namespaces(self) -> Iterable[tuple[str, str]]:
        """The (prefix, namespace) bindings the store knows."""

    def revision(self) -> int | None:
        """A number that changes with every change, or ``None`` if none is kept."""

    def size(self) -> int:
        """How many triples the default graph holds."""

    def load(self, item: SourceItem, reader: IO[bytes] | None = None) -> None:
        """Add one source's triples; all or nothing."""

    def iri_pairs(self, predicate: str) -> Iterable[tuple[str, str]]:
        """(subject, object) of every triple with *predicate* whose ends are both IRIs."""

    def literal_pairs(self, predicate: str) -> Iterable[tuple[str, str, str]]:
        """(subject IRI, text, language or ``""``) of every literal of *predicate*."""

    def typed_values(self, predicate: str) -> Iterable[tuple[str, Node]]:
        """(subject IRI, object as an rdflib term) for every triple with *predicate*."""

    def edge_rows(self, predicates: Sequence[str]) -> Iterable[tuple[str, str, str]]:
        """(subject, property, object) of every IRI-to-IRI triple of the *predicates*."""

    def axiom_rows(self) -> Iterable[tuple[Hashable, str, str, str]]:
        """(axiom key, source, property, target) of every ``owl:Axiom`` on an IRI triple."""

    def axiom_annotations(
        self, axioms: Mapping[Hashable, Any]
    ) -> Iterable[tuple[Hashable, str, Node]]:
        """(axiom key, predicate IRI, value) of every annotation of the given axioms.

        The structural predicates (``rdf:type``, ``owl:annotatedSource`` and friends) are
        left out.
        """

    def select(
        self,
        text: str,
        *,
        bindings: Mapping[str, Node],
        prefixes: Mapping[str, str],
        timeout: float | None,
        projected: Sequence[str] = (),
    ) -> NativeResult:
        """Evaluate a query with the backend's own engine (only if ``native_sparql``)."""

    def update(self, text: str, *, prefixes: Mapping[str, str], timeout: float | None) -> None:
        """Run a SPARQL update with the backend's own engine (only if ``native_sparql``)."""

    def close(self) -> None:
        """Release what the backend holds (files, locks, connections)."""
