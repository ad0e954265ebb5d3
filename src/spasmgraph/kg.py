"""Open a :class:`~spasmgraph.graph.KnowledgeGraph`: the bundled graph, your data, or both.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> kg.entity("ibuprofen").types
('owl:NamedIndividual', 'sg:Medication')
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._files import bundled_bytes
from .backends import open_backend, resolve_store
from .errors import InvalidArgumentError, OntologyLoadError, StoreError
from .graph import QUERY_CACHE_SIZE, KnowledgeGraph
from .loading import Source, layer_names, load_sources

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["QUERY_CACHE_SIZE", "KnowledgeGraph", "from_networkx", "load"]


def load(
    *sources: Source,
    store: str = "auto",
    path: str | os.PathLike[str] | None = None,
    layers: Sequence[str] | None = None,
    bundled: bool | None = None,
    format: str | None = None,
    progress: bool | None = None,
    endpoint: str | Mapping[str, str] | None = None,
    update_endpoint: str | None = None,
    auth: tuple[str, str] | None = None,
    lang: str | None = None,
    **remote: Any,
) -> KnowledgeGraph:
    """Load the bundled ontology and knowledge base, plus any extra sources.

    Parameters
    ----------
    *sources : path, URL or rdflib.Graph
        Extra data to merge in. A URL is fetched only because you pass it here.
    store : str
        Storage backend: ``"auto"`` (default: ``"oxigraph"`` if pyoxigraph is installed,
        else ``"memory"``), ``"memory"`` or ``"oxigraph"``; see :mod:`spasmgraph.backends`.
        Every store gives the same answers.
    path : path-like, optional
        Directory of a persistent ``"oxigraph"`` store. Re-opening it skips the sources it
        already holds (same content), adds new ones, and refuses a source whose content
        changed since it was loaded.
    layers : sequence of str, optional
        Which bundled layers to load (default: all of :data:`spasmgraph.loading.LAYERS`).
        ``["schema", "article"]`` gives what the article says without the evidence layer.
    bundled : bool, optional
        Load the bundled layers (default: yes, except on a remote store, which is read as
        the server holds it). Set to False to load only *sources*.
    format : str, optional
        rdflib format name for *sources*; guessed from file suffixes by default.
    progress : bool, optional
        Show a progress bar for loads longer than about 2 s (needs tqdm). By default bars
        show when standard error is a terminal, unless ``SPASMGRAPH_PROGRESS=0``.
    endpoint : str or dict, optional
        With ``store="sparql"``: the server's query URL, or a dict of ``query``, ``update``
        and ``graph_store`` URLs (see :mod:`spasmgraph.backends.sparql`).
    update_endpoint : str, optional
        With ``store="sparql"``: where updates go. Without one the store is read-only.
    auth : (user, password), optional
        With ``store="sparql"``: credentials (``auth_scheme="digest"`` for Virtuoso).
    lang : str, optional
        The language of labels, definitions, paraphrases and rationales: ``"en"`` (the
        default) or ``"es"`` (the bundled ``es`` layer). Texts missing in that language
        fall back to English, then to an untagged text (see
        :mod:`spasmgraph.index.labels`). Lookups and search match every language either
        way; most methods also take ``lang=`` for one call.
    **remote
        Other options of :class:`spasmgraph.backends.sparql.SparqlBackend` (``timeout``,
        ``retries``, ``auth_scheme``, ``default_graph``).

    Raises
    ------
    OntologyLoadError
        A source is missing or malformed; the message names the file and line.
    StoreError
        Unknown or unavailable store, or a persistent store that cannot be opened.

    Notes
    -----
    ``load()`` with only bundled layers caches what it builds (see
    :mod:`spasmgraph.loading.cache`; bypass with ``SPASMGRAPH_NO_CACHE=1``).

    Examples
    --------
    >>> import spasmgraph as sg
    >>> kg = sg.load()
    >>> len(kg) > 1000
    True
    >>> article_only = sg.load(layers=["schema", "article"])
    >>> len(article_only) < len(kg)
    True
    >>> sg.load(lang="es").entity("ibuprofen").label
    'ibuprofeno'
    """
    name = resolve_store(store)
    if name == "sparql":
        if endpoint is None:
            raise StoreError("store='sparql' needs endpoint=URL (the server's query URL)")
        backend = open_backend(
            name, endpoint=endpoint, update_endpoint=update_endpoint, auth=auth, **remote
        )
        load_sources(
            backend, sources, layers=layers, bundled=bool(bundled), format=format, progress=progress
        )
        return KnowledgeGraph(backend, lang=lang)
    if endpoint is not None or update_endpoint is not None or auth is not None or remote:
        raise StoreError(
            "endpoint=, update_endpoint=, auth= and the remote options are only for "
            "store='sparql'"
        )
    bundled = True if bundled is None else bundled
    if bundled and not sources and path is None:
        from .loading import cache

        chosen = layer_names(layers)
        blobs = [bundled_bytes(f"{layer}.ttl") for layer in chosen]
        hit = cache.read(name, chosen, blobs)
        if hit is not None:
            return KnowledgeGraph(hit, lang=lang)
        backend = open_backend(name)
        load_sources(backend, (), layers=chosen, progress=progress)
        cache.write(name, chosen, blobs, backend)
        return KnowledgeGraph(backend, lang=lang)
    backend = open_backend(name, path=path)
    load_sources(
        backend, sources, layers=layers, bundled=bundled, format=format, progress=progress
    )
    return KnowledgeGraph(backend, lang=lang)


def from_networkx(G: nx.MultiDiGraph[str], *, store: str = "auto") -> KnowledgeGraph:
    """Rebuild a :class:`KnowledgeGraph` from :meth:`KnowledgeGraph.to_networkx` output.

    >>> import spasmgraph as sg
    >>> from rdflib.compare import isomorphic
    >>> kg = sg.load()
    >>> isomorphic(sg.from_networkx(kg.to_networkx()).graph, kg.graph)
    True
    """
    import networkx

    if not isinstance(G, networkx.MultiDiGraph):
        raise InvalidArgumentError(
            f"from_networkx() takes the MultiDiGraph of kg.to_networkx(), not {type(G).__name__}"
        )
    try:
        from . import convert as _convert

        graph = _convert.from_networkx(G)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise OntologyLoadError(
            "networkx graph", f"not a graph made by KnowledgeGraph.to_networkx() ({exc!r})"
        ) from None
    backend = open_backend(store)
    load_sources(backend, [graph], bundled=False)
    return KnowledgeGraph(backend)
