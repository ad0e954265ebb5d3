"""The :class:`Explorer`: an interactive page of the graph, written as one HTML file.

>>> import spasmgraph as sg
>>> explorer = make_explorer(sg.load().index, focus="ibuprofen")
>>> explorer
<Explorer mode='focus': ... nodes, ... edges>
>>> explorer.html.startswith("<!DOCTYPE html>")
True
>>> explorer.write("ibuprofen.html")  # doctest: +SKIP
PosixPath('ibuprofen.html')
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .._files import atomic_write
from ..entities import Entity
from ..errors import InvalidArgumentError, InvalidPathSpecError
from ..index import Index
from ..paths import Path
from .data import build_payload
from .page import render_page

if TYPE_CHECKING:
    from ..backends import Backend

__all__ = ["Explorer", "make_explorer"]


class Explorer:
    """An interactive, self-contained HTML page of (part of) the knowledge graph.

    Build one with :func:`make_explorer` (or ``KnowledgeGraph.explore``). The page needs
    no network: cytoscape.js, the app and the data are inline, and a strict
    Content-Security-Policy lets nothing else run or load.

    Attributes
    ----------
    data : dict
        The page's data (nodes, edges, style, cause routes, red flags), JSON-ready.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = dict(data)

    def __repr__(self) -> str:
        nodes, edges = len(self.data.get("nodes", ())), len(self.data.get("edges", ()))
        return f"<Explorer mode={self.data.get('mode')!r}: {nodes} nodes, {edges} edges>"

    @cached_property
    def html(self) -> str:
        """The page, as one HTML document."""
        return render_page(self.data)

    def write(self, path: str | os.PathLike[str]) -> FsPath:
        """Write the page to *path* (atomically) and return the path.

        Raises
        ------
        OutputError
            *path* cannot be written.
        """
        return atomic_write(path, self.html)

    def _repr_html_(self) -> str:
        """The page inline in Jupyter, in a sandboxed frame that may run only its scripts."""
        return (
            '<iframe class="spasmgraph-explorer" sandbox="allow-scripts" '
            'style="width:100%;height:42rem;border:1px solid #ccc;border-radius:6px" '
            f'title="{html.escape(str(self.data.get("title", "")))}" '
            f'srcdoc="{html.escape(self.html, quote=True)}"></iframe>'
        )


def make_explorer(
    index: Index,
    *,
    graph: Graph | None = None,
    focus: str | Entity | None = None,
    radius: int = 1,
    paths: Iterable[Path] | Path | None = None,
    entities: Iterable[str | Entity] | None = None,
    lang: str | None = None,
    title: str | None = None,
    backend: Backend | None = None,
) -> Explorer:
    """An :class:`Explorer` of the whole graph, a neighbourhood, some paths or entities.

    Pass at most one of *focus*, *paths* and *entities*; with none the page shows every
    cause, mechanism, condition, symptom and treatment (as ``make_diagram`` does).

    Parameters
    ----------
    index : Index
        The graph's index (``kg.index``).
    graph : rdflib.Graph, optional
        The graph, for the rationales, citations and doses the index does not hold.
    focus : str or Entity, optional
        An entity: show it and everything within *radius* relations.
    radius : int
        Relations away from *focus*; at least 1.
    paths : PathList, list of Path or Path, optional
        Show these paths (from ``KnowledgeGraph.paths``), highlighted.
    entities : iterable of str or Entity, optional
        Show these entities and the relations among them.
    lang : str, optional
        The language of labels and definitions (default: the index's).
    title : str, optional
        The page's title.
    backend : Backend, optional
        The store (not needed for the selections above; accepted for symmetry with
        ``make_diagram``).

    Raises
    ------
    InvalidPathSpecError
        Several selections given, a bad *radius*, a class as *focus* or in *entities*.
    UnknownEntityError
        An entity does not resolve.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> kg = sg.load()
    >>> page = make_explorer(kg.index, graph=kg.graph, entities=["ibuprofen", "NSAID"])
    >>> sorted(n["label"] for n in page.data["nodes"])
    ['NSAID', 'ibuprofen']
    >>> make_explorer(kg.index, focus="ibuprofen", entities=["NSAID"])
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidPathSpecError: explore() shows one selection at a time, ...
    """
    chosen = (("focus=", focus), ("paths=", paths), ("entities=", entities))
    given = [name for name, value in chosen if value is not None]
    if len(given) > 1:
        raise InvalidPathSpecError(
            f"explore() shows one selection at a time, but got {' and '.join(given)}; "
            "pass one of focus=, paths=, entities=, or none for the whole graph"
        )
    for name, text in (("lang", lang), ("title", title)):
        if text is not None and not isinstance(text, str):
            raise InvalidArgumentError(f"{name}= takes a string, not {type(text).__name__}")
    data = build_payload(
        index,
        graph=graph,
        focus=focus,
        radius=radius,
        paths=None if paths is None else _all_of(paths, (Path,), "paths=", "Path objects"),
        entities=None
        if entities is None
        else _all_of(entities, (str, Entity), "entities=", "entities"),
        lang=lang,
        title=title,
        backend=backend,
    )
    return Explorer(data)


def _all_of(value: Any, kinds: tuple[type, ...], name: str, what: str) -> list[Any]:
    """*value* as a list of *kinds* (one of them alone counts as a list of one)."""
    if isinstance(value, kinds):
        return [value]
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidArgumentError(f"{name} takes {what}, not {type(value).__name__}")
    items = list(value)
    for item in items:
        if not isinstance(item, kinds):
            raise InvalidArgumentError(f"{name} takes {what}, not {type(item).__name__}")
    return items
