"""Graphviz diagrams of the knowledge graph, its schema, a neighbourhood or a set of paths.

:func:`make_diagram` builds a :class:`Diagram`, which writes Graphviz DOT text itself: node
identifiers are generated (``"n0"``, ``"n1"``, ...), never taken from labels, and every
label is quoted and escaped, so no label can add DOT statements or attributes. Rendering to
SVG, PNG or PDF runs Graphviz's ``dot`` program; writing DOT text does not need it.

Nodes are coloured and shaped by category (cause, mechanism, symptom, treatment kinds, ...),
using a colour-blind-safe palette (Okabe and Ito). Relations are styled by the evidence
verdict of the claim they express: supported (solid green), mixed (solid amber),
insufficient (dashed grey), unsupported (dashed orange), contradicted (bold red) and
unassessed (dotted). A legend explains the categories and styles in use.

>>> import spasmgraph as sg
>>> from spasmgraph.diagram import make_diagram
>>> kg = sg.load()
>>> d = make_diagram(kg, focus="ibuprofen")
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

import itertools
import os
import re
import secrets
import shutil
import subprocess
import textwrap
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Literal

from rdflib import BNode, URIRef
from rdflib.collection import Collection

from . import entities as _entities
from .entities import Entity
from .errors import DiagramRenderError, InvalidPathSpecError
from .index import Index
from .paths import Path, verdict_of
from .vocab import OWL, RDFS, SG

if TYPE_CHECKING:
    import pydot

    from .kg import KnowledgeGraph

__all__ = [
    "CATEGORIES",
    "FORMATS",
    "Category",
    "Diagram",
    "DiagramEdge",
    "DiagramNode",
    "clean_text",
    "make_diagram",
    "wrap",
]

FORMATS: tuple[str, ...] = ("dot", "svg", "png", "pdf")
"""Output formats of :meth:`Diagram.render` and file suffixes of :meth:`Diagram.write`."""

DEFAULT_TIMEOUT = 60.0
"""Seconds ``dot`` may run before :meth:`Diagram.render` gives up."""

WRAP_WIDTH = 18
"""Characters per line when wrapping node and edge labels."""

_PROV_ENTITY = URIRef("http://www.w3.org/ns/prov#Entity")
_SKOS_CONCEPT = URIRef("http://www.w3.org/2004/02/skos/core#Concept")
_SKOS_SCHEME = URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme")

# Individuals of these classes are bookkeeping (claims, assessments, citations, sources,
# regimens, controlled vocabularies), not things the diagrams are about.
_META_CLASSES = (_PROV_ENTITY, SG.Regimen, _SKOS_CONCEPT, _SKOS_SCHEME, SG.AssertionMode)

_INSTALL_HINT = (
    "install Graphviz: Debian/Ubuntu: sudo apt-get install graphviz; "
    "macOS: brew install graphviz; conda: conda install -c conda-forge graphviz"
)


@dataclass(frozen=True, slots=True)
class Category:
    """How nodes of one kind are drawn.

    Attributes
    ----------
    name : str
        Legend text, e.g. ``"home remedy"``.
    cls : rdflib.URIRef or None
        The class whose instances (with subclasses) fall in the category; ``None`` for
        the catch-all ``"other"``.
    shape, fill, border : str
        Graphviz node shape, fill colour and outline colour.
    level : int
        Left-to-right order: relations are laid out from lower to higher level, so causes
        come first, then mechanisms, then conditions and symptoms, then treatments.
    overview : bool
        Whether the whole-graph diagram includes the category; red flags and cautions
        appear only around a focus entity.
    """

    name: str
    cls: URIRef | None
    shape: str
    fill: str
    border: str
    level: int
    overview: bool = True


# Fills are light tints of the Okabe-Ito colours (orange E69F00, sky blue 56B4E9, bluish
# green 009E73, yellow F0E442, blue 0072B2, vermillion D55E00, reddish purple CC79A7),
# outlines the full colours; each category also has its own shape.
CATEGORIES: tuple[Category, ...] = (
    Category("cause", SG.Cause, "hexagon", "#F5C8A6", "#D55E00", 0),
    Category("risk factor", SG.RiskFactor, "septagon", "#F8DFA6", "#E69F00", 0),
    Category("mechanism", SG.Mechanism, "ellipse", "#C5E5F8", "#0072B2", 1),
    Category("condition", SG.Condition, "doubleoctagon", "#F9F4B6", "#8F8600", 2),
    Category("symptom", SG.Symptom, "note", "#EDCCDE", "#CC79A7", 2),
    Category("medication", SG.Medication, "box", "#9CC3E4", "#0072B2", 3),
    Category("professional therapy", SG.ProfessionalTherapy, "component", "#B3E2D4", "#009E73", 3),
    Category("home remedy", SG.HomeRemedy, "house", "#D9F0E9", "#009E73", 3),
    Category("diet or lifestyle", SG.DietOrLifestyle, "cds", "#E9F3B8", "#7A8C00", 3),
    Category("treatment", SG.Treatment, "box3d", "#CFDCE8", "#4A6A8A", 3),
    Category("body region", SG.BodyRegion, "tab", "#E6E6E6", "#666666", 4),
    Category("population group", SG.PopulationGroup, "folder", "#F3E3EC", "#A25582", 4),
    Category("red flag", SG.RedFlag, "octagon", "#F4C7CB", "#B2182B", 2, overview=False),
    Category("caution", SG.Caution, "cylinder", "#FBE6C8", "#B26B00", 4, overview=False),
    Category("other", None, "rect", "#FFFFFF", "#888888", 4),
)
"""Node categories, most specific first within each family."""

_BY_NAME = {c.name: c for c in CATEGORIES}
_OTHER = _BY_NAME["other"]
_BY_CLASS = {c.cls: c for c in CATEGORIES if c.cls is not None}

# verdict -> (style, colour, pen width, legend text)
_VERDICT_STYLES: dict[str | None, tuple[str, str, float, str]] = {
    "supported": ("solid", "#009E73", 2.0, "supported"),
    "mixed": ("solid", "#E69F00", 2.0, "mixed"),
    "insufficient": ("dashed", "#8C8C8C", 1.5, "insufficient evidence"),
    "unsupported": ("dashed", "#D55E00", 1.8, "unsupported"),
    "contradicted": ("bold", "#B2182B", 3.2, "contradicted"),
    None: ("dotted", "#4D4D4D", 1.3, "not assessed"),
}
_VERDICT_ORDER: tuple[str | None, ...] = (
    "supported",
    "mixed",
    "insufficient",
    "unsupported",
    "contradicted",
    None,
)


@dataclass(frozen=True, slots=True)
class DiagramNode:
    """One node of a :class:`Diagram`.

    Attributes
    ----------
    id : str
        The DOT identifier, ``"n0"``, ``"n1"``, ...
    curie : str
        The entity or class drawn.
    label : str
        Its label, before wrapping and escaping.
    category : str
        The :class:`Category` name that sets its style.
    highlighted : bool
        Drawn with a heavier outline (the focus entity, or a node on a path).
    """

    id: str
    curie: str
    label: str
    category: str
    highlighted: bool = False


@dataclass(frozen=True, slots=True)
class DiagramEdge:
    """One edge of a :class:`Diagram`, in the direction it is read.

    Attributes
    ----------
    source, target : str
        CURIEs of the nodes, subject first (for a path step, in the direction of travel).
    predicate : str
        CURIE of the property (``"rdfs:subClassOf"`` for subclass edges).
    label : str
        The text on the edge ("" for subclass edges).
    verdict : str or None
        Evidence verdict of the relation, ``None`` when unassessed.
    kind : {"relation", "schema", "subclass"}
        An asserted relation between entities, a property between classes, or a
        subclass link.
    highlighted : bool
        Drawn heavier (a step of a path).
    """

    source: str
    target: str
    predicate: str
    label: str
    verdict: str | None = None
    kind: Literal["relation", "schema", "subclass"] = "relation"
    highlighted: bool = False


Mode = Literal["graph", "focus", "paths", "schema"]


class Diagram:
    """A diagram ready to be written as DOT, SVG, PNG or PDF.

    Build one with :func:`make_diagram` (or ``KnowledgeGraph.diagram``).

    Attributes
    ----------
    nodes : tuple of DiagramNode
        The nodes drawn, legend excluded.
    edges : tuple of DiagramEdge
        The edges drawn, legend excluded.
    mode : {"graph", "focus", "paths", "schema"}
        What the diagram shows.
    title : str or None
        The caption drawn above the diagram.
    """

    def __init__(
        self,
        nodes: Sequence[DiagramNode],
        edges: Sequence[DiagramEdge],
        *,
        mode: Mode,
        title: str | None = None,
    ) -> None:
        self.nodes: tuple[DiagramNode, ...] = tuple(nodes)
        self.edges: tuple[DiagramEdge, ...] = tuple(edges)
        self.mode: Mode = mode
        self.title = title

    def __repr__(self) -> str:
        return f"<Diagram mode={self.mode!r}: {len(self.nodes)} nodes, {len(self.edges)} edges>"

    # -- DOT ----------------------------------------------------------------------------
    def to_dot(self) -> str:
        """The diagram as Graphviz DOT text.

        All identifiers and attribute values are quoted, and labels are escaped, so the
        text is safe to hand to any DOT reader whatever the labels contain.

        Examples
        --------
        >>> import spasmgraph as sg
        >>> from spasmgraph.diagram import make_diagram
        >>> kg = sg.load(layers=["schema"])
        >>> dot = make_diagram(kg, schema=True).to_dot()
        >>> print(dot.splitlines()[0])
        digraph "spasmgraph" {
        >>> '"n0" [' in dot and "cluster_legend" in dot and 'rankdir="LR"' in dot
        True
        """
        ids = {n.curie: n.id for n in self.nodes}
        out = ['digraph "spasmgraph" {']
        graph_attrs = {
            "rankdir": "LR",
            "newrank": "true",
            "nodesep": "0.22",
            "ranksep": "0.55",
            "fontname": "Helvetica",
            "fontsize": "12",
            "bgcolor": "white",
            "pad": "0.2",
        }
        if self.title:
            graph_attrs.update(
                label=_label(self.title, width=70), labelloc="t", labeljust="l", fontsize="16"
            )
        out.append(f"  graph [{_attrs(graph_attrs)}];")
        out.append(
            "  node ["
            + _attrs(
                {
                    "fontname": "Helvetica",
                    "fontsize": "11",
                    "style": "filled",
                    "margin": "0.10,0.05",
                    "height": "0.4",
                }
            )
            + "];"
        )
        out.append(
            "  edge ["
            + _attrs(
                {
                    "fontname": "Helvetica",
                    "fontsize": "9",
                    "fontcolor": "#333333",
                    "arrowsize": "0.7",
                }
            )
            + "];"
        )
        for node in self.nodes:
            out.append(f"  {_q(node.id)} [{_attrs(_node_attrs(node))}];")
        levels = {n.curie: _BY_NAME[n.category].level for n in self.nodes}
        for edge in self.edges:
            a, b = ids[edge.source], ids[edge.target]
            attrs = _edge_attrs(edge)
            if (
                self.mode != "paths"
                and levels[edge.source] > levels[edge.target]
                and edge.kind != "subclass"
            ):
                # Lay the edge out right to left (treatments to the right of what they act
                # on) while the arrow still points from subject to object.
                a, b = b, a
                attrs["dir"] = "back"
            out.append(f"  {_q(a)} -> {_q(b)} [{_attrs(attrs)}];")
        for rank, members in self._ranks():
            if members:
                out.append(
                    f"  {{ rank={_q(rank)}; " + " ".join(f"{_q(m)};" for m in members) + " }"
                )
        out.extend(self._legend())
        out.append("}")
        return "\n".join(out) + "\n"

    def _ranks(self) -> list[tuple[str, list[str]]]:
        if self.mode == "paths":
            targets = {e.target for e in self.edges}
            starts = [n.id for n in self.nodes if n.curie not in targets]
            return [("min", starts)]
        if self.mode == "schema":
            return []
        first = [n.id for n in self.nodes if _BY_NAME[n.category].level == 0]
        return [("min", first)]

    def _legend(self) -> list[str]:
        """The ``cluster_legend`` subgraph: categories present, two per row, then edge styles.

        The legend is laid out as a grid of two columns (two ranks); rows are kept in order
        by invisible edges within the first column.
        """
        present = {n.category for n in self.nodes}
        categories = [c for c in CATEGORIES if c.name in present]
        samples: list[tuple[str, dict[str, str]]] = []
        kinds = {e.kind for e in self.edges}
        if "relation" in kinds:
            verdicts = {e.verdict for e in self.edges if e.kind == "relation"}
            for verdict in _VERDICT_ORDER:
                if verdict in verdicts:
                    style, colour, width, text = _VERDICT_STYLES[verdict]
                    samples.append(
                        (text, {"style": style, "color": colour, "penwidth": f"{width:g}"})
                    )
        if "schema" in kinds:
            samples.append(("property (domain to range)", _schema_edge_style()))
        if "subclass" in kinds:
            samples.append(("subclass of", _subclass_edge_style()))
        if not categories and not samples:
            return []
        out = [
            '  subgraph "cluster_legend" {',
            "    graph ["
            + _attrs(
                {
                    "label": "Legend",
                    "fontsize": "11",
                    "style": "rounded",
                    "color": "#999999",
                    "margin": "8",
                }
            )
            + "];",
            "    node ["
            + _attrs({"fontsize": "9", "height": "0.3", "width": "1.5", "margin": "0.05,0.02"})
            + "];",
            "    edge [" + _attrs({"fontsize": "9"}) + "];",
        ]
        left: list[str] = []
        right: list[str] = []
        for i in range(0, len(categories), 2):
            row = categories[i : i + 2]
            row_ids = []
            for j, cat in enumerate(row):
                node_id = f"legend_c{i + j}"
                attrs = _category_attrs(cat)
                attrs["label"] = _label(cat.name)
                out.append(f"    {_q(node_id)} [{_attrs(attrs)}];")
                row_ids.append(node_id)
            if len(row_ids) == 1:
                node_id = f"legend_c{i + 1}"
                out.append(f"    {_q(node_id)} [{_attrs({'style': 'invis', 'label': ''})}];")
                row_ids.append(node_id)
            out.append(f"    {_q(row_ids[0])} -> {_q(row_ids[1])} [{_attrs({'style': 'invis'})}];")
            left.append(row_ids[0])
            right.append(row_ids[1])
        point = {"shape": "point", "width": "0.02", "height": "0.02", "style": "invis", "label": ""}
        for j, (text, sample_style) in enumerate(samples):
            a, b = f"legend_e{j}a", f"legend_e{j}b"
            out.append(f"    {_q(a)} [{_attrs(point)}];")
            out.append(f"    {_q(b)} [{_attrs(point)}];")
            attrs = dict(sample_style)
            attrs["label"] = _label(text)
            out.append(f"    {_q(a)} -> {_q(b)} [{_attrs(attrs)}];")
            left.append(a)
            right.append(b)
        # Row order, top to bottom (in a left-to-right layout, flat edges stack upwards).
        for upper, lower in itertools.pairwise(left):
            out.append(f"    {_q(lower)} -> {_q(upper)} [{_attrs({'style': 'invis'})}];")
        for column in (left, right):
            out.append('    { rank="same"; ' + " ".join(f"{_q(m)};" for m in column) + " }")
        out.append("  }")
        return out

    def to_pydot(self) -> pydot.Dot:
        """The diagram as a :class:`pydot.Dot` graph, parsed from :meth:`to_dot`.

        Raises
        ------
        DiagramRenderError
            pydot could not parse the DOT text.
        """
        import pydot

        graphs = pydot.graph_from_dot_data(self.to_dot())
        if not graphs:
            raise DiagramRenderError("pydot could not parse the diagram's DOT text")
        return graphs[0]

    # -- rendering ----------------------------------------------------------------------
    def render(self, format: str = "svg", *, timeout: float | None = DEFAULT_TIMEOUT) -> bytes:
        """Render the diagram with Graphviz and return the bytes.

        Parameters
        ----------
        format : {"svg", "png", "pdf", "dot"}
            Output format; ``"dot"`` returns :meth:`to_dot` encoded as UTF-8 and needs
            no Graphviz.
        timeout : float or None
            Seconds ``dot`` may run.

        Raises
        ------
        DiagramRenderError
            Unknown format, ``dot`` missing (the message says how to install it), ``dot``
            failing (the message holds its error output), timing out, or producing output
            that is empty or malformed.
        """
        fmt = format.lower().lstrip(".")
        if fmt not in FORMATS:
            raise DiagramRenderError(
                f"unknown diagram format {format!r}; choose one of: {', '.join(FORMATS)}"
            )
        source = self.to_dot().encode("utf-8")
        if fmt == "dot":
            return source
        exe = shutil.which("dot")
        if exe is None:
            raise DiagramRenderError(
                f"Graphviz's 'dot' program is not on PATH, and rendering {fmt} needs it; "
                f"{_INSTALL_HINT}. (Diagram.to_dot() and .write('diagram.dot') work without it.)"
            )
        try:
            proc = subprocess.run(  # fixed argument list; the format was validated
                [exe, f"-T{fmt}"],
                input=source,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError:
            raise DiagramRenderError(
                f"Graphviz's 'dot' program could not be started; {_INSTALL_HINT}"
            ) from None
        except subprocess.TimeoutExpired:
            raise DiagramRenderError(
                f"Graphviz's 'dot' did not finish within {timeout} s; draw fewer nodes "
                "(focus=..., radius=1, or paths=...) or raise timeout="
            ) from None
        except OSError as exc:
            raise DiagramRenderError(f"Graphviz's 'dot' could not be run: {exc}") from None
        if proc.returncode != 0:
            stderr = proc.stderr.decode("utf-8", "replace").strip()[:2000]
            raise DiagramRenderError(
                f"Graphviz's 'dot -T{fmt}' failed (exit status {proc.returncode}): "
                f"{stderr or 'no error output'}"
            )
        return _checked_output(proc.stdout, fmt)

    def write(self, path: str | os.PathLike[str]) -> FsPath:
        """Write the diagram to *path*, in the format its suffix names.

        The file is written atomically: the output is rendered and checked first, then
        written to a temporary file in the same directory, which replaces *path* only when
        complete. On any failure *path* is left as it was.

        Parameters
        ----------
        path : path-like
            Ends in ``.dot``, ``.svg``, ``.png`` or ``.pdf``.

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        DiagramRenderError
            Unknown suffix, or rendering failed (see :meth:`render`).
        """
        target = FsPath(path)
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            allowed = ", ".join(f".{f}" for f in FORMATS)
            raise DiagramRenderError(
                f"cannot tell the diagram format from {str(target)!r}; "
                f"the file name must end in one of: {allowed}"
            )
        data = self.render(fmt)
        _atomic_write(target, data)
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


# -- building -----------------------------------------------------------------------------


def make_diagram(
    kg: KnowledgeGraph,
    *,
    focus: str | Entity | None = None,
    radius: int = 1,
    paths: Iterable[Path] | Path | None = None,
    schema: bool = False,
    title: str | None = None,
) -> Diagram:
    """Draw the knowledge graph, a neighbourhood, some paths, or the schema.

    Pass at most one of *focus*, *paths* and *schema*; with none of them the whole
    graph of entities is drawn.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to draw from.
    focus : str or Entity, optional
        Draw this entity and everything within *radius* relations of it, following
        relations in both directions (claims, assessments, citations, sources and
        regimens are left out).
    radius : int
        How many relations away from *focus* to go; at least 1.
    paths : PathList, list of Path or Path, optional
        Draw these paths (from :meth:`KnowledgeGraph.paths`), left to right, highlighted.
    schema : bool
        Draw the classes, with subclass links, and the object properties as
        domain-to-range edges.
    title : str, optional
        A caption drawn above the diagram.

    Returns
    -------
    Diagram

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
    >>> from spasmgraph.diagram import make_diagram
    >>> kg = sg.load()
    >>> whole = make_diagram(kg)
    >>> len(whole.nodes) > 40 and all(n.category != "other" for n in whole.nodes)
    True
    >>> paths = kg.paths("intense exercise", "Treatment", via=["Mechanism"], max_hops=3)
    >>> d = make_diagram(kg, paths=paths, title="From intense exercise to treatments")
    >>> d.nodes[0].label, len(d.edges) >= len(paths[0])
    ('intense exercise', True)
    >>> schema = make_diagram(kg, schema=True)
    >>> sorted(e.target for e in schema.edges if e.label == "triggers")
    ['sg:Mechanism', 'sg:Mechanism']
    >>> make_diagram(kg, schema=True, focus="ibuprofen")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.InvalidPathSpecError: make_diagram() draws one thing at a time, ...
    """
    given = [
        name
        for name, value in (("focus=", focus), ("paths=", paths), ("schema=True", schema or None))
        if value is not None
    ]
    if len(given) > 1:
        raise InvalidPathSpecError(
            f"make_diagram() draws one thing at a time, but got {' and '.join(given)}; "
            "pass only one of focus=, paths=, schema=True, or none of them for the whole graph"
        )
    if isinstance(radius, bool) or not isinstance(radius, int) or radius < 1:
        raise InvalidPathSpecError(
            f"radius must be a whole number of relations, at least 1, not {radius!r}"
        )
    if focus is None and radius != 1:
        raise InvalidPathSpecError("radius= only applies together with focus=ENTITY")
    index = kg.index
    if schema:
        return _schema_diagram(kg, title)
    if paths is not None:
        return _paths_diagram(index, paths, title)
    if focus is not None:
        start = _entities.resolve(index, focus)
        if start in index.classes or start in index.object_properties:
            raise InvalidPathSpecError(
                f"focus= takes an entity, but {index.label(start)!r} is a class or property "
                "of the ontology; draw the classes with schema=True"
            )
        return _entity_diagram(
            index, _neighbourhood(index, start, radius), "focus", title, highlight=start
        )
    return _entity_diagram(index, _domain_entities(index), "graph", title)


def _category(index: Index, types: Iterable[URIRef]) -> Category:
    """The category of the most specific class among *types* (and their superclasses)."""
    supers: set[URIRef] = set()
    for t in types:
        supers.update(index.ancestors.get(t, frozenset((t,))))
    matched = [c.cls for c in CATEGORIES if c.cls is not None and c.cls in supers]
    # The most specific: no other matched class lies below it. Ties go to CATEGORIES order.
    for cls in matched:
        if not any(o != cls and cls in index.ancestors.get(o, frozenset()) for o in matched):
            return _BY_CLASS[cls]
    return _OTHER


def _is_meta(index: Index, iri: URIRef) -> bool:
    return any(index.is_instance(iri, c) for c in _META_CLASSES)


def _is_domain(index: Index, iri: URIRef) -> bool:
    return any(
        c.cls is not None and c.overview and index.is_instance(iri, c.cls) for c in CATEGORIES
    )


def _domain_entities(index: Index) -> list[URIRef]:
    schema_terms = index.classes | index.object_properties
    return sorted(
        i
        for i in index.labels
        if i not in schema_terms and _is_domain(index, i) and not _is_meta(index, i)
    )


def _neighbourhood(index: Index, start: URIRef, radius: int) -> list[URIRef]:
    schema_terms = index.classes | index.object_properties
    seen = {start}
    frontier = [start]
    for _ in range(radius):
        nxt = []
        for node in frontier:
            for _prop, other in (*index.out_edges.get(node, ()), *index.in_edges.get(node, ())):
                if other in seen or other in schema_terms or _is_meta(index, other):
                    continue
                seen.add(other)
                nxt.append(other)
        frontier = nxt
    return sorted(seen)


def _entity_diagram(
    index: Index,
    iris: Sequence[URIRef],
    mode: Mode,
    title: str | None,
    *,
    highlight: URIRef | None = None,
) -> Diagram:
    key = index.curies.shorten
    members = set(iris)
    ordered = sorted(
        iris, key=lambda i: (_category(index, index.types.get(i, ())).level, key(str(i)))
    )
    nodes = [
        DiagramNode(
            id=f"n{n}",
            curie=key(str(iri)),
            label=index.label(iri),
            category=_category(index, index.types.get(iri, ())).name,
            highlighted=iri == highlight,
        )
        for n, iri in enumerate(ordered)
    ]
    edges = []
    for s in ordered:
        for prop, o in index.out_edges.get(s, ()):
            if o in members:
                edges.append(
                    DiagramEdge(
                        source=key(str(s)),
                        target=key(str(o)),
                        predicate=key(str(prop)),
                        label=index.label(prop),
                        verdict=verdict_of(index, (s, prop, o)),
                    )
                )
    return Diagram(nodes, edges, mode=mode, title=title)


def _paths_diagram(index: Index, paths: Iterable[Path] | Path, title: str | None) -> Diagram:
    path_list = [paths] if isinstance(paths, Path) else list(paths)
    for p in path_list:
        if not isinstance(p, Path):
            raise InvalidPathSpecError(
                "paths= takes Path objects, as returned by KnowledgeGraph.paths(), "
                f"not {type(p).__name__}"
            )
    labels: dict[str, str] = {}
    order: list[str] = []
    edges: list[DiagramEdge] = []
    seen_steps: set[tuple[str, str, str]] = set()
    for p in path_list:
        for curie, label in zip(p.nodes, p.labels, strict=True):
            if curie not in labels:
                labels[curie] = label
                order.append(curie)
        for step in p.steps:
            if step.asserted in seen_steps:
                continue
            seen_steps.add(step.asserted)
            edges.append(
                DiagramEdge(
                    source=step.subject,
                    target=step.object,
                    predicate=step.predicate,
                    label=step.predicate_label,
                    verdict=step.verdict,
                    highlighted=True,
                )
            )
    nodes = []
    for n, curie in enumerate(order):
        iri = index.curies.expand(curie)
        types = index.types.get(URIRef(iri if iri is not None else curie), frozenset())
        nodes.append(
            DiagramNode(
                id=f"n{n}",
                curie=curie,
                label=labels[curie],
                category=_category(index, types).name,
                highlighted=True,
            )
        )
    return Diagram(nodes, edges, mode="paths", title=title)


def _class_list(kg: KnowledgeGraph, node: object) -> list[URIRef]:
    """A domain or range: a class, or the members of an ``owl:unionOf``."""
    if isinstance(node, URIRef):
        return [node]
    if isinstance(node, BNode):
        union = kg.graph.value(node, OWL.unionOf)
        if union is not None:
            return [m for m in Collection(kg.graph, union) if isinstance(m, URIRef)]
    return []


def _schema_diagram(kg: KnowledgeGraph, title: str | None) -> Diagram:
    index = kg.index
    graph = kg.graph
    key = index.curies.shorten
    classes = sorted(
        (c for c in index.classes if isinstance(c, URIRef)),
        key=lambda c: (_category(index, [c]).level, key(str(c))),
    )
    ids = {c: f"n{n}" for n, c in enumerate(classes)}
    nodes = [
        DiagramNode(
            id=ids[c], curie=key(str(c)), label=index.label(c), category=_category(index, [c]).name
        )
        for c in classes
    ]
    edges: list[DiagramEdge] = []
    for c in classes:
        for parent in sorted(graph.objects(c, RDFS.subClassOf), key=str):
            if isinstance(parent, URIRef) and parent in ids:
                edges.append(
                    DiagramEdge(
                        key(str(c)), key(str(parent)), "rdfs:subClassOf", "", kind="subclass"
                    )
                )
    declared_inverse = {s for s in graph.subjects(OWL.inverseOf) if isinstance(s, URIRef)}
    for prop in sorted(index.object_properties, key=lambda p: key(str(p))):
        inverse = index.inverse_of.get(prop)
        label = index.label(prop)
        if inverse is not None:
            # Draw each inverse pair once, from the property that declares owl:inverseOf.
            declaring = [p for p in (prop, inverse) if p in declared_inverse]
            primary = min(declaring or (prop, inverse), key=lambda p: key(str(p)))
            if prop != primary:
                continue
            label = f"{label} / {index.label(inverse)}"
        domains = [d for node in graph.objects(prop, RDFS.domain) for d in _class_list(kg, node)]
        ranges = [r for node in graph.objects(prop, RDFS.range) for r in _class_list(kg, node)]
        for d in sorted(set(domains), key=str):
            for r in sorted(set(ranges), key=str):
                if d in ids and r in ids:
                    edges.append(
                        DiagramEdge(key(str(d)), key(str(r)), key(str(prop)), label, kind="schema")
                    )
    return Diagram(nodes, edges, mode="schema", title=title)


# -- styling ------------------------------------------------------------------------------


def _category_attrs(cat: Category) -> dict[str, str]:
    attrs = {
        "shape": cat.shape,
        "fillcolor": cat.fill,
        "color": cat.border,
        "style": "filled",
        "penwidth": "1.2",
    }
    if cat.name == "medication":
        attrs["style"] = "filled,rounded"
    if cat.name == "other":
        attrs["style"] = "filled,dashed"
    return attrs


def _node_attrs(node: DiagramNode) -> dict[str, str]:
    attrs = _category_attrs(_BY_NAME[node.category])
    attrs["label"] = _label(node.label, fallback=node.curie)
    if node.highlighted:
        attrs["penwidth"] = "2.6"
    return attrs


def _schema_edge_style() -> dict[str, str]:
    return {"style": "solid", "color": "#444444", "penwidth": "1.2"}


def _subclass_edge_style() -> dict[str, str]:
    return {
        "style": "solid",
        "color": "#777777",
        "penwidth": "1.2",
        "arrowhead": "empty",
        "arrowsize": "1.0",
    }


def _edge_attrs(edge: DiagramEdge) -> dict[str, str]:
    if edge.kind == "subclass":
        return _subclass_edge_style()
    if edge.kind == "schema":
        attrs = _schema_edge_style()
    else:
        style, colour, width, _text = _VERDICT_STYLES[edge.verdict]
        if edge.highlighted:
            width += 1.0
        attrs = {"style": style, "color": colour, "penwidth": f"{width:g}"}
    attrs["label"] = _label(edge.label)
    return attrs


# -- escaping -----------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")


def clean_text(text: str) -> str:
    """*text* without the characters a diagram cannot show.

    Drops control characters (other than line breaks, which become ``\\n``, and tabs,
    which become spaces), lone surrogates, and U+FFFE / U+FFFF, which are not allowed
    in XML.

    >>> clean_text("a\\x00b\\tc\\r\\nd")
    'ab c\\nd'
    """
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    return "".join(
        ch
        for ch in text
        if ch == "\n" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff")
    )


def wrap(text: str, width: int = WRAP_WIDTH) -> list[str]:
    """Lines of at most about *width* characters, broken at spaces and hyphens.

    >>> wrap("lactic acid accumulation in muscle fibres")
    ['lactic acid', 'accumulation in', 'muscle fibres']
    """
    lines: list[str] = []
    for paragraph in clean_text(text).split("\n"):
        lines.extend(
            textwrap.wrap(paragraph, width=width, break_long_words=True, break_on_hyphens=True)
        )
    return [line for line in lines if line.strip()]


def _escape_line(line: str) -> str:
    # Graphviz turns entities into characters before it reads backslash escapes, so '&'
    # must become '&amp;'; '"', '<' and '>' as entities keep the text free of quotes and
    # of anything pydot or Graphviz could read as an HTML-like label. A backslash is
    # doubled: Graphviz reads '\\' as one backslash, and '\N', '\n', '\l' ... as escapes.
    return (
        line.replace("&", "&amp;")
        .replace("\\", "\\\\")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _label(text: str, *, width: int = WRAP_WIDTH, fallback: str = "") -> str:
    """A DOT label value (unquoted): wrapped, escaped, lines joined with ``\\n``."""
    lines = wrap(text, width) or wrap(fallback, width)
    return "\\n".join(_escape_line(line) for line in lines)


def _q(value: str) -> str:
    """Quote an identifier or attribute value.

    Values are generated (ids, colours, numbers) or built by :func:`_label`, which leaves
    no double quote and no line break in them; anything else is a bug, refused here.
    """
    if '"' in value or "\n" in value or "\r" in value:
        raise ValueError(f"unsafe DOT value {value!r}")  # pragma: no cover - internal guard
    return f'"{value}"'


def _attrs(attrs: dict[str, str]) -> str:
    return ", ".join(f"{name}={_q(value)}" for name, value in attrs.items())


# -- output checks ------------------------------------------------------------------------

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JAVASCRIPT = re.compile(r"(javascript):", re.IGNORECASE)
_FORBIDDEN_SVG = re.compile(r"<script|javascript:|\shref\s*=|xlink:href", re.IGNORECASE)


def _checked_output(data: bytes, fmt: str) -> bytes:
    """Check Graphviz output; make SVG text inert. Uses ``if``/``raise``, not ``assert``."""
    if not data:
        raise DiagramRenderError(f"Graphviz's 'dot -T{fmt}' produced no output")
    if fmt == "svg":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DiagramRenderError(f"Graphviz produced SVG that is not UTF-8: {exc}") from None
        # Labels only reach SVG as text content, where '&#58;' reads as ':'.
        text = _JAVASCRIPT.sub(r"\1&#58;", text)
        if _FORBIDDEN_SVG.search(text):
            raise DiagramRenderError("Graphviz produced SVG with a script or link; refusing it")
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            raise DiagramRenderError(f"Graphviz produced malformed SVG: {exc}") from None
        if not root.tag.endswith("svg"):
            raise DiagramRenderError(f"Graphviz produced XML whose root is {root.tag!r}, not svg")
        return text.encode("utf-8")
    if fmt == "png" and not data.startswith(_PNG_MAGIC):
        raise DiagramRenderError("Graphviz's output does not start with the PNG signature")
    if fmt == "pdf" and not data.startswith(b"%PDF-"):
        raise DiagramRenderError("Graphviz's output does not start with the PDF header")
    return data


def _atomic_write(target: FsPath, data: bytes) -> None:
    """Write *data* to a new file beside *target*, then rename it over *target*."""
    directory = target.parent
    for _ in range(100):
        tmp = directory / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits collided
            continue
        break
    else:  # pragma: no cover
        raise DiagramRenderError(f"could not create a temporary file in {str(directory)!r}")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if tmp.stat().st_size != len(data):
            raise DiagramRenderError(f"short write to {str(tmp)!r}")
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
