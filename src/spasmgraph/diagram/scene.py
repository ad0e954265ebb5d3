"""What a picture shows, independent of how it is drawn: a :class:`Scene`.

A scene holds nodes (an id, the CURIE, label, category, types and a few attributes) and
edges (the predicate, its label, the evidence verdict, the relation kind, and whether
the edge is a relation, a schema property or a subclass link). It is built from an
:class:`~spasmgraph.index.Index` and one selection: the whole graph, the neighbourhood
of a focus entity, a set of paths, or the schema. The DOT writer draws a scene; an HTML
explorer can draw the same scene.

>>> import spasmgraph as sg
>>> index = sg.load().index
>>> scene = make_scene(index, focus="ibuprofen")
>>> scene.mode, any(n.label == "NSAID" for n in scene.nodes)
('focus', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rdflib import BNode, URIRef
from rdflib.collection import Collection

from .. import entities as _entities
from ..entities import Entity
from ..errors import InvalidPathSpecError
from ..index import Index
from ..paths import Path, kind_of, relation_verdict
from ..vocab import OWL, PROV, RDFS, SG, SKOS
from .style import Role, Style, make_style

if TYPE_CHECKING:
    from ..backends import Backend

__all__ = ["Mode", "Scene", "SceneEdge", "SceneNode", "make_scene"]

Mode = Literal["graph", "focus", "paths", "schema"]

# Individuals of these classes are bookkeeping (claims, assessments, citations, sources,
# regimens, controlled vocabularies), not what the diagrams are about.
_META_CLASSES = (PROV.Entity, SG.Regimen, SKOS.Concept, SKOS.ConceptScheme, SG.AssertionMode)


@dataclass(frozen=True, slots=True)
class SceneNode:
    """One node of a :class:`Scene`.

    Attributes
    ----------
    id : str
        A generated identifier, ``"n0"``, ``"n1"``, ... (safe in DOT, SVG and HTML).
    curie : str
        The entity or class drawn.
    label : str
        Its label, as is (renderers wrap and escape it).
    category : str
        The :class:`~spasmgraph.diagram.style.Category` name that sets its look.
    types : tuple of str
        CURIEs of its asserted classes.
    attributes : tuple of (str, str)
        Further facts for renderers that show them, e.g. ``("definition", ...)``.
    highlighted : bool
        Drawn heavier: the focus entity, or a node of a path.
    """

    id: str
    curie: str
    label: str
    category: str
    types: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    highlighted: bool = False


@dataclass(frozen=True, slots=True)
class SceneEdge:
    """One edge of a :class:`Scene`, in the direction it is read.

    Attributes
    ----------
    source, target : str
        CURIEs of the nodes, subject first (for a path step, in the direction of travel).
    predicate : str
        CURIE of the property (``"rdfs:subClassOf"`` for subclass links).
    label : str
        The text on the edge (``""`` for subclass links).
    verdict : str or None
        Key of the evidence verdict of the relation, ``None`` when unassessed.
    kind : str or None
        The relation kind of the predicate (``"causal"``, ``"structural"``, ...).
    role : {"relation", "schema", "subclass"}
        An asserted relation, a property between classes, or a subclass link.
    highlighted : bool
        Drawn heavier (a step of a path).
    """

    source: str
    target: str
    predicate: str
    label: str
    verdict: str | None = None
    kind: str | None = None
    role: Role = "relation"
    highlighted: bool = False


@dataclass(frozen=True, slots=True)
class Scene:
    """Nodes and edges to draw, what they show, and the style to draw them in."""

    nodes: tuple[SceneNode, ...]
    edges: tuple[SceneEdge, ...]
    mode: Mode
    style: Style
    title: str | None = None


def make_scene(
    index: Index,
    *,
    focus: str | Entity | None = None,
    radius: int = 1,
    paths: Iterable[Path] | Path | None = None,
    schema: bool = False,
    title: str | None = None,
    lang: str | None = None,
    backend: Backend | None = None,
) -> Scene:
    """The scene of one selection; see :func:`spasmgraph.diagram.make_diagram`."""
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
    build = _Builder(index, make_style(index, lang=lang), lang)
    if schema:
        return build.schema(backend, title)
    if paths is not None:
        return build.paths(paths, title)
    if focus is not None:
        start = _entities.resolve(index, focus)
        if start in index.classes or start in index.object_properties:
            raise InvalidPathSpecError(
                f"focus= takes an entity, but {index.label(start)!r} is a class or property "
                "of the ontology; draw the classes with schema=True"
            )
        return build.entities(_neighbourhood(index, start, radius), "focus", title, start)
    return build.entities(_domain_entities(build), "graph", title, None)


class _Builder:
    """Builds the scenes of one index, in one style and language."""

    def __init__(self, index: Index, style: Style, lang: str | None) -> None:
        self.index = index
        self.style = style
        self.lang = lang
        self.key = index.curies.shorten

    def label(self, iri: URIRef) -> str:
        return self.index.label(iri, self.lang)

    def category(self, iri: URIRef, classes: Iterable[URIRef] | None = None) -> str:
        types = self.index.types.get(iri, frozenset()) if classes is None else classes
        return self.style.categorise(self.index, types).name

    def level(self, iri: URIRef, classes: Iterable[URIRef] | None = None) -> int:
        return self.style.category(self.category(iri, classes)).level

    def kind(self, prop: URIRef) -> str | None:
        return kind_of(self.index, prop)

    def node(
        self, n: int, iri: URIRef, *, cls: bool = False, highlighted: bool = False
    ) -> SceneNode:
        index = self.index
        types = () if cls else tuple(sorted(self.key(str(t)) for t in index.types.get(iri, ())))
        definition = index.text(iri, "definition", self.lang)
        return SceneNode(
            id=f"n{n}",
            curie=self.key(str(iri)),
            label=self.label(iri),
            category=self.category(iri, [iri] if cls else None),
            types=types,
            attributes=(("iri", str(iri)),) + ((("definition", definition),) if definition else ()),
            highlighted=highlighted,
        )

    def entities(
        self, iris: Sequence[URIRef], mode: Mode, title: str | None, highlight: URIRef | None
    ) -> Scene:
        members = set(iris)
        ordered = sorted(iris, key=lambda i: (self.level(i), self.key(str(i))))
        nodes = [self.node(n, iri, highlighted=iri == highlight) for n, iri in enumerate(ordered)]
        edges = [
            SceneEdge(
                source=self.key(str(s)),
                target=self.key(str(o)),
                predicate=self.key(str(prop)),
                label=self.label(prop),
                verdict=relation_verdict(self.index, (s, prop, o))[0],
                kind=self.kind(prop),
            )
            for s in ordered
            for prop, o in self.index.out_edges.get(s, ())
            if o in members
        ]
        return Scene(tuple(nodes), tuple(edges), mode, self.style, title)

    def paths(self, paths: Iterable[Path] | Path, title: str | None) -> Scene:
        path_list = [paths] if isinstance(paths, Path) else list(paths)
        for p in path_list:
            if not isinstance(p, Path):
                raise InvalidPathSpecError(
                    "paths= takes Path objects, as returned by KnowledgeGraph.paths(), "
                    f"not {type(p).__name__}"
                )
        order: dict[str, str] = {}  # CURIE -> label, in order of first appearance
        edges: dict[tuple[str, str, str], SceneEdge] = {}
        for p in path_list:
            for curie, label in zip(p.nodes, p.labels, strict=True):
                order.setdefault(curie, label)
            for step in p.steps:
                prop = self._iri(step.predicate)
                edges.setdefault(
                    (step.subject, step.predicate, step.object),
                    SceneEdge(
                        source=step.subject,
                        target=step.object,
                        predicate=step.predicate,
                        label=self._relabel(prop, step.predicate_label),
                        verdict=step.verdict,
                        kind=step.kind,
                        highlighted=True,
                    ),
                )
        nodes = []
        for n, (curie, label) in enumerate(order.items()):
            iri = self._iri(curie)
            node = self.node(n, iri, highlighted=True)
            nodes.append(node if iri in self.index.labels else _renamed(node, curie, label))
        return Scene(tuple(nodes), tuple(edges.values()), "paths", self.style, title)

    def _iri(self, curie: str) -> URIRef:
        return URIRef(self.index.curies.expand(curie) or curie)

    def _relabel(self, iri: URIRef, label: str) -> str:
        return self.label(iri) if iri in self.index.labels else label

    def schema(self, backend: Backend | None, title: str | None) -> Scene:
        index = self.index
        classes = sorted(
            (c for c in index.classes if isinstance(c, URIRef)),
            key=lambda c: (self.level(c, [c]), self.key(str(c))),
        )
        members = set(classes)
        nodes = [self.node(n, c, cls=True) for n, c in enumerate(classes)]
        edges = [
            SceneEdge(self.key(str(c)), self.key(str(p)), "rdfs:subClassOf", "", role="subclass")
            for c in classes
            for p in sorted(_parents(index, c), key=str)
            if p in members
        ]
        if backend is not None:
            edges.extend(self._properties(backend, members))
        return Scene(tuple(nodes), tuple(edges), "schema", self.style, title)

    def _properties(self, backend: Backend, members: set[URIRef]) -> list[SceneEdge]:
        """Each object property as domain-to-range edges; an inverse pair drawn once."""
        graph = backend.graph
        declared = {s for s in graph.subjects(OWL.inverseOf) if isinstance(s, URIRef)}
        edges: list[SceneEdge] = []
        for prop in sorted(self.index.object_properties, key=lambda p: self.key(str(p))):
            inverse = self.index.inverse_of.get(prop)
            label = self.label(prop)
            if inverse is not None:
                declaring = [p for p in (prop, inverse) if p in declared]
                if prop != min(declaring or (prop, inverse), key=lambda p: self.key(str(p))):
                    continue
                label = f"{label} / {self.label(inverse)}"
            ends = [
                sorted({c for node in graph.objects(prop, end) for c in _class_list(graph, node)})
                for end in (RDFS.domain, RDFS.range)
            ]
            edges.extend(
                SceneEdge(
                    self.key(str(d)),
                    self.key(str(r)),
                    self.key(str(prop)),
                    label,
                    kind=self.kind(prop),
                    role="schema",
                )
                for d in ends[0]
                for r in ends[1]
                if d in members and r in members
            )
        return edges


def _renamed(node: SceneNode, curie: str, label: str) -> SceneNode:
    """A path node the index does not know: keep the path's own label."""
    return SceneNode(node.id, curie, label, node.category, highlighted=node.highlighted)


def _parents(index: Index, cls: URIRef) -> set[URIRef]:
    """The direct superclasses of *cls*: its ancestors less those implied by others."""
    ancestors = index.ancestors.get(cls, frozenset()) - {cls}
    implied = {
        a for p in ancestors for a in index.ancestors.get(p, frozenset()) if a != p and a != cls
    }
    return set(ancestors - implied)


def _class_list(graph: object, node: object) -> list[URIRef]:
    """A domain or range: a class, or the members of an ``owl:unionOf``."""
    if isinstance(node, URIRef):
        return [node]
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)  # type: ignore[attr-defined]
        if union is not None:
            return [m for m in Collection(graph, union) if isinstance(m, URIRef)]  # type: ignore[arg-type]
    return []


def _is_meta(index: Index, iri: URIRef) -> bool:
    return any(index.is_instance(iri, c) for c in _META_CLASSES)


def _domain_entities(build: _Builder) -> list[URIRef]:
    index = build.index
    schema_terms = index.classes | index.object_properties
    overview = [c.cls for c in build.style.categories if c.cls is not None and c.overview]
    return sorted(
        i
        for i in index.labels
        if i not in schema_terms
        and any(index.is_instance(i, c) for c in overview)
        and not _is_meta(index, i)
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
