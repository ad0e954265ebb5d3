"""The state every part of the :class:`~spasmgraph.graph.KnowledgeGraph` facade shares.

:class:`GraphBase` holds the backend, the index (rebuilt when the graph changes), the
language and the named-query cache, and resolves entities and classes; the facade's
parts (:mod:`spasmgraph.graph_sparql`, :mod:`spasmgraph.graph_views` and
:mod:`spasmgraph.graph`) build on it.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from . import _check
from . import entities as _entities
from . import paths as _paths
from .backends import Backend, backend_for
from .entities import Entity
from .errors import UnknownEntityError
from .index import DEFAULT_LANG, Index, open_index
from .sparql import named as _named

__all__ = ["QUERY_CACHE_SIZE", "GraphBase"]

QUERY_CACHE_SIZE = 128
"""How many named-query results a :class:`KnowledgeGraph` keeps; see its ``query()``."""


class GraphBase:
    """The backend, index, language and caches of a knowledge graph.

    It takes the arguments of :class:`~spasmgraph.graph.KnowledgeGraph`, which is what
    users build (through :func:`spasmgraph.load`).
    """

    def __init__(
        self, data: Backend | Graph, *, index: Index | None = None, lang: str | None = None
    ) -> None:
        self._backend: Backend = backend_for(data) if isinstance(data, Graph) else data
        self._lang = _check.lang_tag(lang) or (index.lang if index is not None else None)
        self._index: Index | None = index
        self._index_stamp = self._stamp()
        # Named-query results by (query, bound parameters), kept for one revision.
        self._results = _named.ResultCache(QUERY_CACHE_SIZE)

    # -- basics -------------------------------------------------------------------------
    @property
    def graph(self) -> Graph:
        """The rdflib :class:`~rdflib.Graph` holding the triples."""
        return self._backend.graph

    @property
    def store(self) -> str:
        """Name of the backend that holds the triples (``"memory"``, ``"oxigraph"``, ...)."""
        return self._backend.name

    @property
    def backend(self) -> Backend:
        """The storage backend (see :mod:`spasmgraph.backends`)."""
        return self._backend

    @property
    def index(self) -> Index:
        """Lookup tables over the graph, rebuilt when the graph has changed.

        spasmgraph's stores count their changes (:meth:`Backend.revision`); over another
        rdflib store, a change of size is what triggers a rebuild, so call :meth:`refresh`
        after an edit that keeps the size. A persistent store keeps its index next to it
        and reads it back when opened again (:mod:`spasmgraph.index.persist`).
        """
        stamp = self._stamp()
        if self._index is None or stamp != self._index_stamp:
            self._index = open_index(self._backend, lang=self._lang)
            self._index_stamp = stamp
        return self._index

    def _stamp(self) -> tuple[str, int]:
        found = self._backend.revision()
        return ("size", self._backend.size()) if found is None else ("revision", found)

    def refresh(self) -> None:
        """Forget cached lookups and query results after changing :attr:`graph` in place."""
        self._index = None
        self._results.clear()

    @property
    def lang(self) -> str:
        """The language texts are given in unless a method is asked for another."""
        return self._lang or DEFAULT_LANG

    def _in(self, lang: str | None) -> Index:
        """The index, with its texts in *lang* when one is given."""
        return self.index.in_language(_check.lang_tag(lang))

    def __len__(self) -> int:
        return self._backend.size()

    def __contains__(self, ref: object) -> bool:
        try:
            self.entity(ref)  # type: ignore[arg-type]
        except (UnknownEntityError, KeyError):
            return False
        return True

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} triples, store={self.store!r}>"

    def entity(self, ref: str | Entity, *, lang: str | None = None) -> Entity:
        """Resolve a label, synonym, CURIE or IRI to an :class:`Entity`.

        Matching ignores case, accents and extra whitespace, and knows every language's
        labels and synonyms; *lang* picks the language of the entity's texts.

        Raises
        ------
        UnknownEntityError
            Nothing matches; the message names the closest labels.

        Examples
        --------
        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> kg.entity("  PARACETAMOL ").label
        'acetaminophen'
        >>> kg.entity("ibuprofin")
        Traceback (most recent call last):
        ...
        spasmgraph.errors.UnknownEntityError: unknown entity 'ibuprofin'; did you mean 'ibuprofen'?
        >>> kg.entity("contractura").label, kg.entity("ibuprofen", lang="es").label
        ('contracture', 'ibuprofeno')
        """
        index = self._in(lang)
        return _entities.make_entity(index, _entities.resolve(index, ref))

    def _class(self, ref: str, *, role: str) -> URIRef:
        return _paths.resolve_class(self.index, ref, role=role)
