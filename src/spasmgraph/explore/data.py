"""The explorer's data: one JSON-ready payload built from a scene and the evidence layer.

:func:`build_payload` draws the same :class:`~spasmgraph.diagram.scene.Scene` the
Graphviz diagrams draw (a focus, some paths, some entities or the whole graph) and adds
what the page shows on click: for a node its types, definition, synonyms, codes in other
vocabularies, cautions and red flags; for an edge its sources and its evidence (verdict,
rationale, citations). The style is the diagrams' own (:func:`style_data`), and the
cause → mechanism → treatment paths from each cause come from
:mod:`~spasmgraph.explore.routes`.

Every link in the payload is an ``https:`` or ``http:`` URL (:func:`safe_url`); any other
text is plain text, to be inserted into the page as text.

>>> from spasmgraph.index import Curies, Index
>>> payload = build_payload(Index(size=0, curies=Curies([])))
>>> payload["mode"], payload["nodes"], payload["edges"]
('graph', [], [])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from rdflib import Graph, URIRef

from .._version import version
from ..describe import codes
from ..diagram.scene import Scene, SceneEdge, SceneNode, make_scene
from ..entities import Entity
from ..evidence import Caution, Citation, RedFlag, cautions, red_flags, relation_assessments
from ..index import Index, Triple
from ..paths import Path, provenance_of
from ..vocab import SG
from .routes import cause_routes
from .scenes import entities_scene

if TYPE_CHECKING:
    from ..backends import Backend

__all__ = ["DISCLAIMER", "SHAPES", "build_payload", "doi_url", "safe_url", "style_data"]

DISCLAIMER = (
    "Health information, not medical advice. This graph models what one lay article claims "
    "and, kept apart, what published evidence (mostly on acute non-specific low back pain) "
    "says about those claims; several claims are contradicted. It does not diagnose or "
    "prescribe. See a clinician for severe, persistent or unusual symptoms, and seek urgent "
    "care for any red flag."
)
"""The notice the page always shows."""

SHAPES: Mapping[str, tuple[str, str]] = {
    # Graphviz shape (the style's) -> cytoscape.js shape, border style
    "hexagon": ("hexagon", "solid"),
    "septagon": ("heptagon", "solid"),
    "ellipse": ("ellipse", "solid"),
    "doubleoctagon": ("octagon", "double"),
    "note": ("cut-rectangle", "solid"),
    "box": ("rectangle", "solid"),
    "component": ("concave-hexagon", "solid"),
    "house": ("house", "solid"),
    "cds": ("tag", "solid"),
    "box3d": ("barrel", "double"),
    "tab": ("bottom-round-rectangle", "solid"),
    "folder": ("round-tag", "solid"),
    "octagon": ("octagon", "solid"),
    "cylinder": ("barrel", "solid"),
    "rect": ("rectangle", "solid"),
}
"""How each Graphviz node shape of :mod:`spasmgraph.diagram.style` is drawn in the
browser: a cytoscape.js shape (``"house"`` is a polygon the page defines) and a border."""

_SCHEMES = ("https", "http")


def safe_url(text: str | None) -> str | None:
    """*text* if it is an ``https:`` or ``http:`` URL with a host, else ``None``.

    >>> safe_url("https://doi.org/10.1/x"), safe_url("javascript:alert(1)")
    ('https://doi.org/10.1/x', None)
    >>> safe_url(" JavaScript:alert(1)"), safe_url("http://"), safe_url(None)
    (None, None, None)
    """
    if not text or text != text.strip() or any(c in text for c in "\"'<>` \t\r\n"):
        return None
    parts = urlsplit(text)
    return text if parts.scheme.lower() in _SCHEMES and parts.netloc else None


def doi_url(doi: str | None) -> str | None:
    """The ``https://doi.org/`` address of a DOI (``None`` for anything else).

    >>> doi_url("10.1002/14651858.CD008880"), doi_url("doi:10.1/x y"), doi_url("x")
    ('https://doi.org/10.1002/14651858.CD008880', 'https://doi.org/10.1/x%20y', None)
    """
    if not doi:
        return None
    doi = doi.strip().removeprefix("doi:").removeprefix("https://doi.org/")
    if not doi.startswith("10."):
        return None
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def style_data(scene: Scene) -> dict[str, Any]:
    """The scene's style as the page reads it: :meth:`Style.as_dict` and a legend.

    Each category also gets ``cy_shape`` and ``cy_border`` (from :data:`SHAPES`); the
    legend lists the categories and edge styles the scene uses.
    """
    data = scene.style.as_dict()
    for category in data["categories"]:
        shape, border = SHAPES.get(category["shape"], ("rectangle", "solid"))
        if category["outline"] == "rounded" and shape == "rectangle":
            shape = "round-rectangle"
        category["cy_shape"] = shape
        category["cy_border"] = "dashed" if category["outline"] == "dashed" else border
    legend = scene.style.legend(
        (n.category for n in scene.nodes), ((e.verdict, e.kind, e.role) for e in scene.edges)
    )
    data["legend"] = [{"what": e.what, "key": e.key, "label": e.label} for e in legend]
    return data


def build_payload(
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
) -> dict[str, Any]:
    """The page's data for one selection, see :func:`spasmgraph.explore.make_explorer`."""
    if entities is not None:
        scene = entities_scene(index, entities, lang=lang, title=title)
    else:
        scene = make_scene(
            index, focus=focus, radius=radius, paths=paths, title=title, lang=lang, backend=backend
        )
    cards = _Cards(index, graph, lang)
    nodes = [cards.node(n) for n in scene.nodes]
    edges = [cards.edge(f"e{i}", e, scene) for i, e in enumerate(scene.edges)]
    return {
        "format": 1,
        "generator": f"spasmgraph {version()}",
        "title": scene.title or _default_title(scene),
        "mode": scene.mode,
        "lang": lang or index.lang,
        "disclaimer": DISCLAIMER,
        "style": style_data(scene),
        "nodes": nodes,
        "edges": edges,
        "causes": cause_routes(index, scene, edges),
        "red_flags": [_red_flag(f) for f in cards.flags],
    }


def _default_title(scene: Scene) -> str:
    if scene.mode == "focus":
        focus = next((n.label for n in scene.nodes if n.highlighted), "an entity")
        return f"spasmgraph: around {focus}"
    if scene.mode == "paths":
        targets = {e.target for e in scene.edges}
        starts = [n.label for n in scene.nodes if n.curie not in targets]
        return f"spasmgraph: paths from {', '.join(starts[:3]) or 'a cycle'}"
    return "spasmgraph: back muscle spasms, causes, mechanisms and treatments"


def _citation(c: Citation) -> dict[str, Any]:
    return {
        "label": c.label,
        "title": c.title,
        "year": c.year,
        "venue": c.venue,
        "doi": c.doi,
        "url": doi_url(c.doi) or safe_url(c.iri),
    }


def _caution(c: Caution) -> dict[str, Any]:
    return {
        "label": c.label,
        "kind": c.kind,
        "definition": c.definition,
        "applies_to": c.applies_to,
        "citations": [_citation(x) for x in c.citations],
    }


def _red_flag(f: RedFlag) -> dict[str, Any]:
    return {
        "label": f.label,
        "urgency": f.urgency,
        "definition": f.definition,
        "suggests": list(f.suggests),
        "care": [str(a) for a in f.care_actions],
        "citations": [_citation(x) for x in f.citations],
    }


class _Cards:
    """What the page shows when a node or an edge is clicked."""

    def __init__(self, index: Index, graph: Graph | None, lang: str | None) -> None:
        self.index = index
        self.graph = graph
        self.lang = lang
        self.flags = red_flags(index, lang, graph=graph) if SG.RedFlag in index.classes else ()
        self.near_flags: dict[URIRef, list[RedFlag]] = {}
        for flag in self.flags:
            iri = URIRef(flag.iri)
            near = {iri} | {o for _, o in index.out_edges.get(iri, ())}
            near |= {s for _, s in index.in_edges.get(iri, ())}
            for other in near:
                self.near_flags.setdefault(other, []).append(flag)

    def iri(self, curie: str) -> URIRef:
        return URIRef(self.index.curies.expand(curie) or curie)

    def node(self, node: SceneNode) -> dict[str, Any]:
        index, iri = self.index, self.iri(node.curie)
        known = iri in index.labels
        attributes = dict(node.attributes)
        return {
            "id": node.id,
            "curie": node.curie,
            "iri": attributes.get("iri", str(iri)),
            "url": safe_url(attributes.get("iri", str(iri))),
            "label": node.label,
            "category": node.category,
            "types": [
                index.label(self.iri(t), self.lang) for t in node.types if not t.startswith("owl:")
            ],
            "definition": attributes.get("definition"),
            "synonyms": list(index.synonyms.get(iri, ())) if known else [],
            "codes": [list(c) for c in codes(index, iri, self.lang)] if known else [],
            "cautions": [_caution(c) for c in self.cautions(iri)] if known else [],
            "red_flags": [_red_flag(f) for f in self.near_flags.get(iri, ())],
            "highlighted": node.highlighted,
        }

    def cautions(self, iri: URIRef) -> tuple[Caution, ...]:
        if not self.index.is_instance(iri, SG.Treatment) and SG.inDrugClass not in {
            p for p, _ in self.index.in_edges.get(iri, ())
        }:
            return ()
        return cautions(self.index, iri, graph=self.graph, lang=self.lang)

    def asserted(self, edge: SceneEdge) -> Triple | None:
        """The stored triple an edge draws (a path may walk it backwards)."""
        s, p, o = self.iri(edge.source), self.iri(edge.predicate), self.iri(edge.target)
        if (p, o) in self.index.out_edges.get(s, ()):
            return (s, p, o)
        inverse = self.index.inverse_of.get(p)
        if inverse is not None and (inverse, s) in self.index.out_edges.get(o, ()):
            return (o, inverse, s)
        return None

    def edge(self, eid: str, edge: SceneEdge, scene: Scene) -> dict[str, Any]:
        ids = {n.curie: n.id for n in scene.nodes}
        triple = self.asserted(edge) if edge.role == "relation" else None
        style = scene.style.edge_style(verdict=edge.verdict, kind=edge.kind, role=edge.role)
        label = self.index.label
        assessments = relation_assessments(self.index, triple, graph=self.graph) if triple else ()
        return {
            "id": eid,
            "source": ids[edge.source],
            "target": ids[edge.target],
            "predicate": edge.predicate,
            "label": edge.label,
            "verdict": edge.verdict,
            "rank": style.rank,
            "style": style.key,
            "kind": edge.kind,
            "role": edge.role,
            "highlighted": edge.highlighted,
            "asserted": [label(t, self.lang) for t in triple] if triple else None,
            "provenance": [
                {"source": p.source_label or p.source, "locator": p.locator, "mode": p.mode}
                for p in (provenance_of(self.index, triple) if triple else ())
            ],
            "assessments": [
                {
                    "verdict": a.verdict,
                    "rationale": a.rationale,
                    "claim": a.claim_label,
                    "citations": [_citation(c) for c in a.citations],
                }
                for a in assessments
            ],
        }
