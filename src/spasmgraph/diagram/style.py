"""The one style of spasmgraph's pictures, independent of the output format.

A :class:`Style` says how each category of node is drawn (shape, fill, border) and how
each edge is drawn (colour, line, width), and which legend entries explain them. The DOT
writer (:mod:`spasmgraph.diagram.dot`) reads it, and :meth:`Style.as_dict` gives the same
style as JSON-ready data for other renderers, such as an HTML explorer.

The evidence verdicts, their order and their names come from the graph: the
``sg:Verdict`` individuals that have an ``sg:rank``, strongest first, named by their
labels (:func:`spasmgraph.paths.verdict_scale`). Only their look (colour, line) is set
here, in the plain tables at the bottom of this module; a verdict the tables do not know
is drawn with a neutral fallback.

Structural relations (classification, membership; relation kind ``"structural"``) carry
no verdict and are always drawn neutral grey, never in a verdict's colour.

>>> style = make_style()
>>> style.category("mechanism").shape
'ellipse'
>>> style.edge_style(verdict=None, kind="structural").key
'structural'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from rdflib import URIRef

from ..index import Index
from ..paths import STRUCTURAL, verdict_scale
from ..vocab import SG, SG_NAMESPACE

__all__ = [
    "CATEGORIES",
    "Category",
    "EdgeStyle",
    "LegendEntry",
    "Role",
    "Style",
    "make_style",
]

Role = Literal["relation", "schema", "subclass"]
"""What an edge draws: an asserted relation, a property between classes, a subclass link."""

NOT_ASSESSED = "not assessed"
"""The key of the style of relations without a verdict."""


@dataclass(frozen=True, slots=True)
class Category:
    """How nodes of one kind are drawn.

    Attributes
    ----------
    name : str
        Legend text and key, e.g. ``"home remedy"``.
    cls : rdflib.URIRef or None
        The class whose instances (with subclasses) fall in the category; ``None`` for
        the catch-all ``"other"``.
    shape, fill, border : str
        Node shape (a Graphviz shape name), fill colour and outline colour.
    level : int
        Left-to-right order: causes first, then mechanisms, then conditions and
        symptoms, then treatments.
    overview : bool
        Whether the whole-graph diagram includes the category; red flags and cautions
        appear only around a focus entity.
    outline : {"solid", "dashed", "rounded"}
        The outline's line.
    """

    name: str
    cls: URIRef | None
    shape: str
    fill: str
    border: str
    level: int
    overview: bool = True
    outline: str = "solid"


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    """How one kind of edge is drawn.

    Attributes
    ----------
    key : str
        The verdict's key (its English label), ``"not assessed"``, ``"structural"``,
        ``"schema"`` or ``"subclass"``.
    label : str
        Legend text.
    colour : str
        Line colour.
    line : {"solid", "dashed", "dotted", "bold"}
        Line style.
    width : float
        Line width in points.
    arrowhead : str
        ``"normal"``, or ``"empty"`` for subclass links.
    rank : int or None
        The verdict's ``sg:rank`` (higher is stronger support); ``None`` otherwise.
    """

    key: str
    label: str
    colour: str
    line: str
    width: float
    arrowhead: str = "normal"
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of a legend: a node category or an edge style, by its key."""

    what: Literal["node", "edge"]
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Style:
    """Categories and edge styles; build one with :func:`make_style`.

    Attributes
    ----------
    categories : tuple of Category
        Most specific first within each family; the last is the catch-all ``"other"``.
    verdicts : tuple of EdgeStyle
        One per verdict of the graph, strongest first, then ``"not assessed"``.
    others : tuple of EdgeStyle
        ``"structural"``, ``"schema"`` and ``"subclass"``.
    """

    categories: tuple[Category, ...]
    verdicts: tuple[EdgeStyle, ...]
    others: tuple[EdgeStyle, ...]

    def category(self, name: str) -> Category:
        """The category called *name* (``"other"`` for unknown names)."""
        for cat in self.categories:
            if cat.name == name:
                return cat
        return self.categories[-1]

    def categorise(self, index: Index, types: Iterable[URIRef]) -> Category:
        """The category of the most specific class among *types* and their superclasses."""
        supers: set[URIRef] = set()
        for t in types:
            supers.update(index.ancestors.get(t, frozenset((t,))))
        matched = [(c, c.cls) for c in self.categories if c.cls is not None and c.cls in supers]
        # The most specific: no other matched class lies below it; ties go to table order.
        for cat, cls in matched:
            others = (o for _, o in matched if o != cls)
            if not any(cls in index.ancestors.get(o, frozenset()) for o in others):
                return cat
        return self.categories[-1]

    def edge_style(
        self, *, verdict: str | None, kind: str | None = None, role: Role = "relation"
    ) -> EdgeStyle:
        """How to draw an edge of *role*, relation *kind* and *verdict*.

        >>> style = make_style()
        >>> style.edge_style(verdict="mixed").colour, style.edge_style(verdict=None).line
        ('#E69F00', 'dotted')
        >>> style.edge_style(verdict="supported", kind="structural").colour
        '#A6A6A6'
        """
        if role != "relation":
            return self._other(role)
        if kind == STRUCTURAL:
            return self._other("structural")
        for found in self.verdicts:
            if found.key == verdict:
                return found
        return self.verdicts[-1]

    def _other(self, key: str) -> EdgeStyle:
        return next(s for s in self.others if s.key == key)

    def legend(
        self, categories: Iterable[str], edges: Iterable[tuple[str | None, str | None, Role]]
    ) -> tuple[LegendEntry, ...]:
        """Legend entries for the *categories* and (verdict, kind, role) *edges* in use.

        Categories come in table order, then verdicts strongest first, then the others.
        """
        present = set(categories)
        used = {self.edge_style(verdict=v, kind=k, role=r).key for v, k, r in edges}
        entries = [
            LegendEntry("node", c.name, c.name) for c in self.categories if c.name in present
        ]
        entries.extend(
            LegendEntry("edge", s.key, s.label)
            for s in (*self.verdicts, *self.others)
            if s.key in used
        )
        return tuple(entries)

    def as_dict(self) -> dict[str, Any]:
        """The style as JSON-ready data (class IRIs as strings).

        >>> data = make_style().as_dict()
        >>> [v["key"] for v in data["verdicts"]][:2], data["categories"][0]["name"]
        (['supported', 'mixed'], 'cause')
        """
        categories = []
        for cat in self.categories:
            entry = asdict(cat)
            entry["cls"] = None if cat.cls is None else str(cat.cls)
            categories.append(entry)
        return {
            "categories": categories,
            "verdicts": [asdict(s) for s in self.verdicts],
            "others": [asdict(s) for s in self.others],
        }


def make_style(index: Index | None = None, *, lang: str | None = None) -> Style:
    """The style for pictures of *index*'s graph (its verdicts, labels in *lang*).

    The verdicts, their order (strongest first) and their legend labels come from the
    graph (:func:`spasmgraph.paths.verdict_scale`); without an index, or for a graph
    that ranks none, from spasmgraph's fallback scale.

    >>> [v.key for v in make_style().verdicts]
    ['supported', 'mixed', 'insufficient', 'unsupported', 'contradicted', 'not assessed']
    """
    categories = tuple(Category(name, _class(cls), *look) for name, cls, *look in _CATEGORY_TABLE)
    scale = verdict_scale(index)
    verdicts = []
    for name in reversed(scale.names):  # strongest first
        iri = scale.iris.get(name)
        label = name if index is None or iri is None else index.label(iri, lang)
        colour, line, width = _VERDICT_TABLE.get(name, _UNKNOWN_VERDICT)
        verdicts.append(EdgeStyle(name, label, colour, line, width, rank=scale.rank(name)))
    not_assessed = _NOT_ASSESSED
    if index is not None and SG.NotAssessed in index.labels:
        not_assessed = (index.label(SG.NotAssessed, lang), *_NOT_ASSESSED[1:])
    verdicts.append(EdgeStyle(NOT_ASSESSED, *not_assessed))
    others = tuple(EdgeStyle(key, *look) for key, look in _OTHER_EDGES.items())
    return Style(categories, tuple(verdicts), others)


def _class(curie: str | None) -> URIRef | None:
    return None if curie is None else URIRef(SG_NAMESPACE + curie.removeprefix("sg:"))


# -- the tables ---------------------------------------------------------------------------
# Fills are light tints of the Okabe-Ito colours (orange E69F00, sky blue 56B4E9, bluish
# green 009E73, yellow F0E442, blue 0072B2, vermillion D55E00, reddish purple CC79A7),
# outlines the full colours; each category also has its own shape.

_CATEGORY_TABLE: tuple[tuple[Any, ...], ...] = (
    # name, class, shape, fill, border, level, overview, outline
    ("cause", "sg:Cause", "hexagon", "#F5C8A6", "#D55E00", 0),
    ("risk factor", "sg:RiskFactor", "septagon", "#F8DFA6", "#E69F00", 0),
    ("mechanism", "sg:Mechanism", "ellipse", "#C5E5F8", "#0072B2", 1),
    ("condition", "sg:Condition", "doubleoctagon", "#F9F4B6", "#8F8600", 2),
    ("symptom", "sg:Symptom", "note", "#EDCCDE", "#CC79A7", 2),
    ("medication", "sg:Medication", "box", "#9CC3E4", "#0072B2", 3, True, "rounded"),
    ("professional therapy", "sg:ProfessionalTherapy", "component", "#B3E2D4", "#009E73", 3),
    ("home remedy", "sg:HomeRemedy", "house", "#D9F0E9", "#009E73", 3),
    ("diet or lifestyle", "sg:DietOrLifestyle", "cds", "#E9F3B8", "#7A8C00", 3),
    ("treatment", "sg:Treatment", "box3d", "#CFDCE8", "#4A6A8A", 3),
    ("body region", "sg:BodyRegion", "tab", "#E6E6E6", "#666666", 4),
    ("population group", "sg:PopulationGroup", "folder", "#F3E3EC", "#A25582", 4),
    ("red flag", "sg:RedFlag", "octagon", "#F4C7CB", "#B2182B", 2, False),
    ("caution", "sg:Caution", "cylinder", "#FBE6C8", "#B26B00", 4, False),
    ("other", None, "rect", "#FFFFFF", "#888888", 4, True, "dashed"),
)

# The look of each verdict the ontology defines, by name (its English label): colour,
# line, width. Their order, and which exist, come from the graph (see verdict_scale).
_VERDICT_TABLE: Mapping[str, tuple[str, str, float]] = {
    "supported": ("#009E73", "solid", 2.0),
    "mixed": ("#E69F00", "solid", 2.0),
    "insufficient": ("#8C8C8C", "dashed", 1.5),
    "unsupported": ("#D55E00", "dashed", 1.8),
    "contradicted": ("#B2182B", "bold", 3.2),
}
_UNKNOWN_VERDICT = ("#6A3D9A", "dashed", 1.6)  # colour, line, width
_NOT_ASSESSED = ("not assessed", "#4D4D4D", "dotted", 1.3)  # label, colour, line, width

# key: label, colour, line, width, arrowhead
_OTHER_EDGES: Mapping[str, tuple[str, str, str, float, str]] = {
    "structural": ("structural (no verdict)", "#A6A6A6", "solid", 1.2, "normal"),
    "schema": ("property (domain to range)", "#444444", "solid", 1.2, "normal"),
    "subclass": ("subclass of", "#777777", "solid", 1.2, "empty"),
}

CATEGORIES: tuple[Category, ...] = make_style().categories
"""Node categories, most specific first within each family."""
