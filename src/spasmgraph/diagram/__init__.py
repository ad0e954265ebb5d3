"""Diagrams of the knowledge graph, its schema, a neighbourhood or a set of paths.

:func:`make_diagram` builds a :class:`Diagram` from an :class:`~spasmgraph.index.Index`:
a format-neutral :class:`~spasmgraph.diagram.scene.Scene` (what to show) drawn in the
one :class:`~spasmgraph.diagram.style.Style` (how it looks). The diagram writes Graphviz
DOT text itself (:mod:`~spasmgraph.diagram.dot`); SVG, PNG and PDF are rendered by
Graphviz's ``dot`` program and checked before they are written
(:mod:`~spasmgraph.diagram.render`).

Nodes are coloured and shaped by category (cause, mechanism, symptom, treatment kinds,
...), using a colour-blind-safe palette (Okabe and Ito). Relations are styled by the
evidence verdict of the claim they express, in the order the graph's ``sg:rank`` gives;
structural relations are neutral grey. A legend explains the categories and styles used.

>>> import spasmgraph as sg
>>> from spasmgraph.diagram import make_diagram
>>> kg = sg.load()
>>> d = make_diagram(kg.index, focus="ibuprofen")
>>> d
<Diagram mode='focus': ... nodes, ... edges>
>>> sorted(n.category for n in d.nodes if n.label in ("ibuprofen", "NSAID"))
['medication', 'medication']
>>> d.to_dot().startswith('digraph "spasmgraph" {')
True
>>> d.write("ibuprofen.svg")  # doctest: +SKIP
PosixPath('ibuprofen.svg')
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from ..entities import Entity
from ..errors import DiagramRenderError, InvalidPathSpecError
from ..index import Index
from ..paths import Path
from .dot import WRAP_WIDTH, clean_text, to_dot, to_pydot, wrap
from .render import DEFAULT_TIMEOUT, FORMATS, format_of, run_dot, write_output
from .scene import Mode, Scene, SceneEdge, SceneNode, make_scene
from .style import CATEGORIES, Category, EdgeStyle, Style, make_style

if TYPE_CHECKING:
    import pydot

    from ..backends import Backend

__all__ = [
    "CATEGORIES",
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "WRAP_WIDTH",
    "Category",
    "Diagram",
    "DiagramEdge",
    "DiagramNode",
    "EdgeStyle",
    "Scene",
    "Style",
    "clean_text",
    "make_diagram",
    "make_scene",
    "make_style",
    "wrap",
]

DiagramNode = SceneNode
"""The name a node of a diagram had before 0.2; the same class."""
DiagramEdge = SceneEdge
"""The name an edge of a diagram had before 0.2; the same class."""


class Diagram:
    """A diagram ready to be written as DOT, SVG, PNG or PDF.

    Build one with :func:`make_diagram` (or ``KnowledgeGraph.diagram``).

    Attributes
    ----------
    scene : Scene
        What is drawn, with its :class:`Style` (``scene.style``).
    """

    def __init__(self, scene: Scene) -> None:
        self.scene = scene

    @property
    def nodes(self) -> tuple[SceneNode, ...]:
        """The nodes drawn, legend excluded."""
        return self.scene.nodes

    @property
    def edges(self) -> tuple[SceneEdge, ...]:
        """The edges drawn, legend excluded."""
        return self.scene.edges

    @property
    def mode(self) -> Mode:
        """What the diagram shows: ``"graph"``, ``"focus"``, ``"paths"`` or ``"schema"``."""
        return self.scene.mode

    @property
    def title(self) -> str | None:
        """The caption drawn above the diagram."""
        return self.scene.title

    @property
    def style(self) -> Style:
        """The style the diagram is drawn in (``style.as_dict()`` for JSON)."""
        return self.scene.style

    def __repr__(self) -> str:
        return f"<Diagram mode={self.mode!r}: {len(self.nodes)} nodes, {len(self.edges)} edges>"

    def to_dot(self) -> str:
        """The diagram as Graphviz DOT text, safe whatever the labels hold.

        >>> import spasmgraph as sg
        >>> dot = make_diagram(sg.load(layers=["schema"]).index).to_dot()
        >>> dot.splitlines()[0], 'rankdir="LR"' in dot
        ('digraph "spasmgraph" {', True)
        """
        return to_dot(self.scene)

    def to_pydot(self) -> pydot.Dot:
        """The diagram as a :class:`pydot.Dot` graph, parsed from :meth:`to_dot`.

        Raises
        ------
        DiagramRenderError
            pydot could not parse the DOT text.
        """
        return to_pydot(self.scene)

    def render(self, format: str = "svg", *, timeout: float | None = DEFAULT_TIMEOUT) -> bytes:
        """Render the diagram with Graphviz and return the bytes.

        Parameters
        ----------
        format : {"svg", "png", "pdf", "dot"}
            Output format; ``"dot"`` returns :meth:`to_dot` as UTF-8 and needs no Graphviz.
        timeout : float or None
            Seconds ``dot`` may run.

        Raises
        ------
        DiagramRenderError
            Unknown format, ``dot`` missing (the message says how to install it), ``dot``
            failing, timing out, or producing output that is empty, malformed or not inert.
        """
        fmt = format_of(format)
        if fmt == "dot":
            return self.to_dot().encode("utf-8")
        return run_dot(self.to_dot(), fmt, timeout=timeout)

    def write(self, path: str | os.PathLike[str]) -> FsPath:
        """Write the diagram to *path*, in the format its suffix names, and return *path*.

        The output is rendered and checked first, then written atomically; an existing
        file keeps its permissions, and on any failure it is left as it was.

        Raises
        ------
        DiagramRenderError
            Unknown suffix, or rendering failed (see :meth:`render`).
        OutputError
            *path* cannot be written.
        """
        target = FsPath(path)
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            allowed = ", ".join(f".{f}" for f in FORMATS)
            raise DiagramRenderError(
                f"cannot tell the diagram format from {str(target)!r}; "
                f"the file name must end in one of: {allowed}"
            )
        write_output(target, self.render(fmt))
        return target

    def _repr_svg_(self) -> str | None:
        """Inline SVG for Jupyter; ``None`` (with a warning) if Graphviz is unavailable."""
        try:
            svg = self.render("svg").decode("utf-8")
        except DiagramRenderError as exc:
            warnings.warn(str(exc), RuntimeWarning, stacklevel=2)
            return None
        start = svg.find("<svg")
        return svg[start:] if start >= 0 else svg


def make_diagram(
    index: Index,
    *,
    focus: str | Entity | None = None,
    radius: int = 1,
    paths: Iterable[Path] | Path | None = None,
    schema: bool = False,
    title: str | None = None,
    lang: str | None = None,
    backend: Backend | None = None,
) -> Diagram:
    """Draw the knowledge graph, a neighbourhood, some paths, or the schema.

    Pass at most one of *focus*, *paths* and *schema*; with none of them the whole
    graph of entities is drawn.

    Parameters
    ----------
    index : Index
        The index of the graph to draw from (``kg.index``).
    focus : str or Entity, optional
        Draw this entity and everything within *radius* relations of it, following
        relations in both directions (claims, assessments, citations, sources and
        regimens are left out).
    radius : int
        How many relations away from *focus* to go; at least 1.
    paths : PathList, list of Path or Path, optional
        Draw these paths (from ``KnowledgeGraph.paths``), left to right, highlighted;
        an entity on several paths is one node, so shared beginnings are drawn once.
    schema : bool
        Draw the classes with their subclass links and, given *backend*, the object
        properties as domain-to-range edges.
    title : str, optional
        A caption drawn above the diagram.
    lang : str, optional
        The language of labels (default: the index's).
    backend : Backend, optional
        The store, read for the properties' domains and ranges with ``schema=True``.

    Raises
    ------
    InvalidPathSpecError
        Several modes given, a bad *radius*, a class as *focus*, or *paths* holding
        something other than :class:`~spasmgraph.paths.Path` objects.
    UnknownEntityError
        *focus* does not name anything in the graph.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> kg = sg.load()
    >>> whole = make_diagram(kg.index)
    >>> len(whole.nodes) > 40 and all(n.category != "other" for n in whole.nodes)
    True
    >>> paths = kg.paths("intense exercise", "Treatment", via=["Mechanism"], max_hops=3)
    >>> d = make_diagram(kg.index, paths=paths, title="From intense exercise to treatments")
    >>> d.nodes[0].label, len(d.edges) >= len(paths[0])
    ('intense exercise', True)
    >>> schema = make_diagram(kg.index, schema=True, backend=kg.backend)
    >>> sorted(e.target for e in schema.edges if e.label == "triggers")
    ['sg:Mechanism', 'sg:Mechanism']
    >>> make_diagram(kg.index, schema=True, focus="ibuprofen")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidPathSpecError: make_diagram() draws one thing at a time, ...
    """
    index, backend = _index_of(index, backend)
    scene = make_scene(
        index,
        focus=focus,
        radius=radius,
        paths=paths,
        schema=schema,
        title=title,
        lang=lang,
        backend=backend,
    )
    return Diagram(scene)


def _index_of(source: object, backend: Backend | None) -> tuple[Index, Backend | None]:
    """*source* as an Index; a KnowledgeGraph still works, with a deprecation warning."""
    if isinstance(source, Index):
        return source, backend
    inner = getattr(source, "index", None)
    if isinstance(inner, Index):
        warnings.warn(
            "make_diagram() takes an Index now: pass kg.index (and backend=kg.backend for "
            "schema=True), or call kg.diagram(...)",
            DeprecationWarning,
            stacklevel=3,
        )
        return inner, backend if backend is not None else getattr(source, "backend", None)
    raise InvalidPathSpecError(
        f"make_diagram() draws from an Index (kg.index), not {type(source).__name__}"
    )
