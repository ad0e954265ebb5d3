"""What to load: the bundled layers and the caller's own sources, read into a backend.

The bundled ontology is split into *layers* (see :data:`LAYERS`), read from the installed
``spasmgraph.ontology`` package with :mod:`importlib.resources`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Union

from rdflib import Graph
from rdflib.util import guess_format

from .. import _check
from .._files import bundled_bytes
from ..backends.base import Backend, SourceItem
from ..errors import NetworkAccessError, OntologyLoadError
from .progress import progress_bar, reader

__all__ = ["LAYERS", "Source", "layer_names", "load_sources", "plan"]

LAYERS: tuple[str, ...] = ("schema", "article", "evidence", "mappings", "es")
"""The layers of the bundled ontology, in load order.

``schema`` is the TBox, ``article`` what the lay article claims, ``evidence`` the graded
evidence and safety layer, ``mappings`` the links to standard vocabularies, ``es`` the
Spanish texts of all of them (labels, definitions, synonyms, paraphrases, rationales: a
translation layer that adds no relation; pick the language with ``sg.load(lang="es")``).
"""

Source = Union[str, "os.PathLike[str]", Graph]
"""Something :func:`spasmgraph.load` can read: a path, a URL, or an rdflib graph."""

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def layer_names(layers: Sequence[str] | None) -> tuple[str, ...]:
    """Validate *layers* and return them in load order (all of them for ``None``).

    >>> layer_names(["evidence", "schema"])
    ('schema', 'evidence')
    """
    if layers is None:
        return LAYERS
    if isinstance(layers, str):
        layers = [layers]
    if not isinstance(layers, Sequence) or not all(isinstance(x, str) for x in layers):
        raise OntologyLoadError(
            "layers=", f"expected a list of layer names from {', '.join(LAYERS)}"
        )
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        raise OntologyLoadError(
            "layers=",
            f"unknown layer(s) {', '.join(map(repr, unknown))}; choose from {', '.join(LAYERS)}",
        )
    return tuple(layer for layer in LAYERS if layer in layers)


def plan(
    sources: Iterable[Source], layers: Sequence[str] | None, bundled: bool, format: str | None
) -> list[SourceItem]:
    """The items to load, checked before anything is read.

    Raises
    ------
    OntologyLoadError
        A source is of the wrong type or a file is missing.
    NetworkAccessError
        A URL with a scheme other than http(s) or file.
    """
    if format is not None:
        _check.text(format, "format")
    items: list[SourceItem] = []
    if bundled:
        for layer in layer_names(layers):
            name = f"{layer}.ttl"
            items.append(
                SourceItem(
                    label=f"spasmgraph.ontology/{name}",
                    key=f"bundled layer {layer!r}",
                    fmt="turtle",
                    data=bundled_bytes(name),
                )
            )
    for source in sources:
        items.append(_item(source, format))
    return items


def _item(source: Source, format: str | None) -> SourceItem:
    if isinstance(source, Graph):
        return SourceItem(label="rdflib.Graph", key="", fmt="graph", graph=source)
    if not isinstance(source, (str, os.PathLike)):
        raise OntologyLoadError(repr(source), "expected a path, a URL or an rdflib.Graph")
    text = os.fspath(source)
    if not text.strip():
        raise OntologyLoadError(repr(text), "empty source; give a path, a URL or an rdflib.Graph")
    if _URL.match(text):
        scheme = text.split(":", 1)[0].lower()
        if scheme not in ("http", "https", "file"):
            raise NetworkAccessError(
                f"cannot load {text!r}: only http(s) and file URLs are supported"
            )
        fmt = format or guess_format(text) or "turtle"
        return SourceItem(label=text, key=f"URL {text}", fmt=fmt, url=text)
    path = Path(text)
    if not path.is_file():
        raise OntologyLoadError(text, "no such file; check the path", line=None)
    fmt = format or guess_format(path.name) or "turtle"
    return SourceItem(label=text, key=f"file {str(path.resolve())!r}", fmt=fmt, path=path)


def load_sources(
    backend: Backend,
    sources: Iterable[Source],
    *,
    layers: Sequence[str] | None = None,
    bundled: bool = True,
    format: str | None = None,
    progress: bool | None = None,
) -> None:
    """Parse the bundled layers and then each extra source into *backend*.

    A URL is fetched only because the caller passed it here explicitly. On a persistent
    store, sources it already holds are skipped (see
    :class:`spasmgraph.backends.manifest.Manifest`).
    """
    items = plan(sources, layers, bundled, format)
    manifest = backend.manifest
    todo: list[tuple[SourceItem, str | None]] = []
    for item in items:
        digest = item.digest() if manifest is not None else None
        if manifest is not None:
            if item.graph is not None:
                item.key = f"rdflib graph {digest}"
            if manifest.seen(item.key, digest):
                continue
        todo.append((item, digest))
    total = sum(item.size or 0 for item, _ in todo)
    with progress_bar(total, progress) as bar:
        for item, digest in todo:
            before = backend.size() if manifest is not None else 0
            if bar is None or (item.data is None and item.path is None):
                backend.load(item)
            else:
                with reader(item, bar) as stream:
                    backend.load(item, stream)
            if manifest is not None:
                manifest.record(item.key, digest, backend.size() - before)
                manifest.prefixes.update(backend.namespaces())
                manifest.save()
