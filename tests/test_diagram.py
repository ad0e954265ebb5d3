"""Tests of spasmgraph.diagram, and of the HTML reprs of paths, entities and SPARQL results.

Node and edge counts on the toy graph are checked by hand against the header comment of
tests/data/toy.ttl. Rendering tests run whenever Graphviz's ``dot`` is installed.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydot
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

import spasmgraph as sg
from spasmgraph.diagram import CATEGORIES, Diagram, clean_text, make_diagram, wrap
from spasmgraph.errors import DiagramRenderError, InvalidPathSpecError, UnknownEntityError

DATA = Path(__file__).parent / "data"
SG = Namespace("https://w3id.org/spasmgraph/")
TOY = Namespace("https://example.org/toy/")
SVG = "{http://www.w3.org/2000/svg}"
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# pydot 4 builds its grammar with pyparsing calls that pyparsing 3.3 deprecates
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated - use:DeprecationWarning")


@pytest.fixture(scope="module")
def toy() -> sg.KnowledgeGraph:
    return sg.load(DATA / "toy.ttl", layers=["schema"])


@pytest.fixture(scope="module")
def assessed() -> sg.KnowledgeGraph:
    """The toy graph with per-relation assessments (a relation's verdict is its own)."""
    return sg.load(DATA / "toy_assessed.ttl", layers=["schema"])


@pytest.fixture(scope="module")
def bundled() -> sg.KnowledgeGraph:
    return sg.load()


# -- helpers ------------------------------------------------------------------------------


def unquote(value: str | None) -> str | None:
    if value is not None and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def parsed(d: Diagram) -> pydot.Dot:
    """pydot's reading of the diagram's DOT text (cached: pydot parses slowly; read only)."""
    return _parse(d.to_dot())


@functools.lru_cache(maxsize=64)
def _parse(dot: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(dot)
    assert graphs, "pydot could not parse the DOT text"
    return graphs[0]


def dot_counts(d: Diagram) -> tuple[int, int]:
    """Top-level nodes and edges as pydot reads them (the legend is a subgraph)."""
    g = parsed(d)
    nodes = {n.get_name() for n in g.get_nodes() if n.get_name() not in ("node", "edge", "graph")}
    return len(nodes), len(g.get_edges())


def node_ids(d: Diagram) -> dict[str, str]:
    return {n.curie: n.id for n in d.nodes}


def node_attrs(d: Diagram, curie: str) -> dict[str, Any]:
    g = parsed(d)
    (node,) = g.get_node(f'"{node_ids(d)[curie]}"')
    return {k: unquote(v) for k, v in node.get_attributes().items()}


def edge_attrs(d: Diagram, source: str, target: str) -> dict[str, Any]:
    """Attributes of the drawn edge between two entities, whichever way it is laid out."""
    ids = node_ids(d)
    a, b = f'"{ids[source]}"', f'"{ids[target]}"'
    g = parsed(d)
    forward = [e for e in g.get_edges() if (e.get_source(), e.get_destination()) == (a, b)]
    backward = [e for e in g.get_edges() if (e.get_source(), e.get_destination()) == (b, a)]
    for edge in forward:
        attrs = {k: unquote(v) for k, v in edge.get_attributes().items()}
        if attrs.get("dir") != "back":
            return attrs
    for edge in backward:
        attrs = {k: unquote(v) for k, v in edge.get_attributes().items()}
        if attrs.get("dir") == "back":
            return attrs
    raise AssertionError(f"no edge {source} -> {target}")


def svg_root(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    return root


def svg_node_text(root: ET.Element, node_id: str) -> str:
    for g in root.iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        if g.get("class") == "node" and title is not None and title.text == node_id:
            return "".join("".join(t.itertext()) for t in g.iter(f"{SVG}text"))
    raise AssertionError(f"no SVG node {node_id}")


def svg_node_x(root: ET.Element) -> dict[str, float]:
    """The x coordinate of each node's first text line, by node id."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        text = g.find(f"{SVG}text")
        if g.get("class") == "node" and title is not None and text is not None:
            out[str(title.text)] = float(text.get("x", "nan"))
    return out


def assert_inert(root: ET.Element) -> None:
    """No script or foreign content, no event handler, no link: judged on the XML tree."""
    for element in root.iter():
        assert element.tag.rpartition("}")[2].lower() not in ("script", "foreignobject")
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2].lower()
            assert not local.startswith("on") and local != "href", (name, value)
            assert not value.strip().lower().startswith("javascript:"), (name, value)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def fake_dot(directory: Path, script: str) -> str:
    """Put an executable called ``dot`` in *directory*; return a PATH that finds it first."""
    directory.mkdir(parents=True, exist_ok=True)
    exe = directory / "dot"
    exe.write_text("#!/bin/sh\ncat > /dev/null\n" + textwrap.dedent(script))
    exe.chmod(0o755)
    return f"{directory}{os.pathsep}{os.environ.get('PATH', '')}"


# -- structure: counts per mode -----------------------------------------------------------

ModeSpec = Callable[[sg.KnowledgeGraph], dict[str, Any]]

MODES: list[tuple[str, ModeSpec, int, int]] = [
    # the whole graph: 11 entities, 11 relations (claims, assessments, the source left out)
    ("graph", lambda kg: {}, 11, 11),
    # tension: triggered by exercise and cold, results in spasm, acted on by heat, stretch
    ("focus-1", lambda kg: {"focus": "tension"}, 6, 5),
    # exercise within 2: + tension, oxygen; then cold, spasm, heat, stretch, lactate
    ("focus-2", lambda kg: {"focus": "exercise", "radius": 2}, 8, 8),
    ("focus-entity", lambda kg: {"focus": kg.entity("pill")}, 2, 1),
    # the 5 paths exercise -> Treatment share 10 nodes and 10 distinct steps
    ("paths", lambda kg: {"paths": kg.paths("exercise", "Treatment")}, 10, 10),
    # via Mechanism: 3 paths (heat, stretch twice): 6 nodes, 6 steps
    ("paths-via", lambda kg: {"paths": kg.paths("exercise", "Treatment", via=["Mechanism"])}, 6, 6),
    ("one-path", lambda kg: {"paths": kg.paths("exercise", "Treatment")[0]}, 3, 2),
    ("no-paths", lambda kg: {"paths": []}, 0, 0),
]


@pytest.mark.parametrize(("name", "spec", "n_nodes", "n_edges"), MODES, ids=[m[0] for m in MODES])
def test_counts_per_mode(
    toy: sg.KnowledgeGraph, name: str, spec: ModeSpec, n_nodes: int, n_edges: int
) -> None:
    d = make_diagram(toy.index, **spec(toy))
    assert (len(d.nodes), len(d.edges)) == (n_nodes, n_edges)
    assert dot_counts(d) == (n_nodes, n_edges)
    assert len(d.to_pydot().get_edges()) == n_edges
    assert repr(d) == f"<Diagram mode={d.mode!r}: {n_nodes} nodes, {n_edges} edges>"
    ids = [n.id for n in d.nodes]
    assert ids == [f"n{i}" for i in range(n_nodes)]
    curies = {n.curie for n in d.nodes}
    assert all(e.source in curies and e.target in curies for e in d.edges)


def test_graph_mode_leaves_out_bookkeeping(toy: sg.KnowledgeGraph) -> None:
    curies = {n.curie for n in make_diagram(toy.index).nodes}
    assert curies == {
        f"toy:{name}"
        for name in (
            "exercise",
            "cold",
            "tension",
            "oxygen",
            "lactate",
            "pain",
            "spasm",
            "heat",
            "stretch",
            "pill",
            "rest",
        )
    }


def test_focus_is_highlighted(toy: sg.KnowledgeGraph) -> None:
    d = make_diagram(toy.index, focus="tension")
    assert [n.curie for n in d.nodes if n.highlighted] == ["toy:tension"]
    assert float(node_attrs(d, "toy:tension")["penwidth"]) > float(
        node_attrs(d, "toy:heat")["penwidth"]
    )


def test_paths_are_highlighted_and_read_in_travel_order(assessed: sg.KnowledgeGraph) -> None:
    paths = assessed.paths("exercise", "Treatment", via=["Mechanism"])
    d = make_diagram(assessed.index, paths=paths)
    assert all(n.highlighted for n in d.nodes) and all(e.highlighted for e in d.edges)
    step = next(e for e in d.edges if e.target == "toy:heat")
    assert (step.source, step.predicate, step.label) == (
        "toy:tension",
        "sg:isCounteractedBy",
        "is counteracted by",
    )
    attrs = edge_attrs(d, "toy:tension", "toy:heat")
    assert attrs["label"] == "is counteracted by" and "dir" not in attrs
    assert float(attrs["penwidth"]) >= 2.5
    assert node_attrs(d, "toy:exercise")["penwidth"] == "2.6"
    # paths start at the left
    assert re.search(r'\{ rank="min"; "n0"; \}', d.to_dot())


# -- styles -------------------------------------------------------------------------------


def test_categories_have_distinct_shapes_and_fills() -> None:
    assert len({c.shape for c in CATEGORIES}) == len(CATEGORIES)
    assert len({c.fill.upper() for c in CATEGORIES}) == len(CATEGORIES)
    assert {c.name for c in CATEGORIES} >= {
        "cause",
        "risk factor",
        "mechanism",
        "symptom",
        "condition",
        "medication",
        "professional therapy",
        "home remedy",
        "diet or lifestyle",
        "body region",
        "population group",
    }


@pytest.mark.parametrize(
    ("curie", "category", "shape", "fill"),
    [
        ("toy:exercise", "cause", "hexagon", "#F5C8A6"),
        ("toy:tension", "mechanism", "ellipse", "#C5E5F8"),
        ("toy:pain", "symptom", "note", "#EDCCDE"),
        ("toy:spasm", "condition", "doubleoctagon", "#F9F4B6"),
        ("toy:heat", "home remedy", "house", "#D9F0E9"),
        ("toy:pill", "medication", "box", "#9CC3E4"),
        ("toy:rest", "diet or lifestyle", "cds", "#E9F3B8"),
    ],
)
def test_node_style_per_category(
    toy: sg.KnowledgeGraph, curie: str, category: str, shape: str, fill: str
) -> None:
    d = make_diagram(toy.index)
    assert next(n.category for n in d.nodes if n.curie == curie) == category
    attrs = node_attrs(d, curie)
    assert (attrs["shape"], attrs["fillcolor"]) == (shape, fill)
    assert "filled" in attrs["style"]


def test_category_is_the_most_specific_class() -> None:
    g = sg.load(layers=["schema"]).graph
    g.add((TOY.both, RDF.type, SG.Medication))
    g.add((TOY.both, RDF.type, SG.Treatment))
    g.add((TOY.both, RDFS.label, Literal("both")))
    g.add((TOY.subtype, RDF.type, SG.SpasmType))
    g.add((TOY.subtype, RDFS.label, Literal("a spasm type")))
    d = make_diagram(sg.KnowledgeGraph(g).index)
    categories = {n.label: n.category for n in d.nodes}
    assert categories == {"both": "medication", "a spasm type": "condition"}


@pytest.mark.parametrize(
    ("source", "target", "verdict", "style", "color"),
    [
        ("toy:exercise", "toy:tension", "supported", "solid", "#009E73"),
        ("toy:heat", "toy:tension", "supported", "solid", "#009E73"),
        ("toy:exercise", "toy:oxygen", "mixed", "solid", "#E69F00"),
        ("toy:oxygen", "toy:lactate", "mixed", "solid", "#E69F00"),
        ("toy:stretch", "toy:tension", "contradicted", "bold", "#B2182B"),
        ("toy:stretch", "toy:lactate", "insufficient", "dashed", "#8C8C8C"),
        ("toy:rest", "toy:spasm", "not assessed", "dotted", "#4D4D4D"),
        ("toy:cold", "toy:tension", None, "dotted", "#4D4D4D"),
        ("toy:pill", "toy:pain", None, "dotted", "#4D4D4D"),
    ],
)
def test_edge_style_follows_the_verdict(
    assessed: sg.KnowledgeGraph,
    source: str,
    target: str,
    verdict: str | None,
    style: str,
    color: str,
) -> None:
    d = make_diagram(assessed.index)
    (edge,) = [e for e in d.edges if (e.source, e.target) == (source, target)]
    assert edge.verdict == verdict
    attrs = edge_attrs(d, source, target)
    assert (attrs["style"], attrs["color"]) == (style, color)
    assert attrs["label"] == edge.label


def test_claim_verdicts_are_not_inherited(toy: sg.KnowledgeGraph) -> None:
    # toy.ttl grades claims only: no relation has an assessment of its own
    assert {e.verdict for e in make_diagram(toy.index).edges} == {None}


def test_contradicted_edges_are_heavier(assessed: sg.KnowledgeGraph) -> None:
    d = make_diagram(assessed.index)
    bad = float(edge_attrs(d, "toy:stretch", "toy:tension")["penwidth"])
    good = float(edge_attrs(d, "toy:heat", "toy:tension")["penwidth"])
    assert bad > good


def test_structural_steps_are_neutral_grey(assessed: sg.KnowledgeGraph) -> None:
    paths = assessed.paths("exercise", "Regimen", relations="all")
    d = make_diagram(assessed.index, paths=paths)
    structural = [e for e in d.edges if e.kind == "structural"]
    assert {e.predicate for e in structural} == {"sg:hasRegimen"}
    for edge in structural:
        attrs = edge_attrs(d, edge.source, edge.target)
        assert (attrs["color"], attrs["style"]) == ("#A6A6A6", "solid")
    assert 'label="structural (no\\nverdict)"' in d.to_dot()  # in the legend
    verdict_colours = {s.colour for s in d.style.verdicts}
    assert not {edge_attrs(d, e.source, e.target)["color"] for e in structural} & verdict_colours


def test_verdict_order_and_names_come_from_the_data() -> None:
    g = sg.load(layers=["schema"]).graph
    for verdict, rank in ((SG.Supported, 0), (SG.Contradicted, 4)):
        g.set((verdict, SG.rank, Literal(rank)))
    g.set((SG.Mixed, RDFS.label, Literal("middling", lang="en")))
    style = sg.KnowledgeGraph(g).index
    keys = [s.key for s in make_diagram(style).style.verdicts]
    order = ["contradicted", "middling", "insufficient", "unsupported", "supported"]
    assert keys == [*order, "not assessed"]


def test_style_as_dict_is_json(assessed: sg.KnowledgeGraph) -> None:
    data = make_diagram(assessed.index).style.as_dict()
    again = json.loads(json.dumps(data))
    assert again == data
    assert [v["key"] for v in data["verdicts"]] == [
        "supported",
        "mixed",
        "insufficient",
        "unsupported",
        "contradicted",
        "not assessed",
    ]
    assert {c["name"] for c in data["categories"]} == {c.name for c in CATEGORIES}
    assert {o["key"] for o in data["others"]} == {"structural", "schema", "subclass"}


def test_edge_labels_are_predicate_labels(toy: sg.KnowledgeGraph) -> None:
    d = make_diagram(toy.index)
    assert {e.label for e in d.edges} == {
        "triggers",
        "leads to",
        "produces symptom",
        "results in",
        "acts on",
        "relieves",
        "treats",
    }


def test_layout_runs_left_to_right(toy: sg.KnowledgeGraph) -> None:
    dot = make_diagram(toy.index).to_dot()
    assert 'rankdir="LR"' in dot
    ids = node_ids(make_diagram(toy.index))
    # causes share the first rank; treatments are laid out after what they act on
    assert re.search(rf'\{{ rank="min"; "{ids["toy:cold"]}"; "{ids["toy:exercise"]}"; \}}', dot)
    assert edge_attrs(make_diagram(toy.index), "toy:heat", "toy:tension")["dir"] == "back"


@needs_dot
def test_rendered_ranks_order_cause_mechanism_treatment(toy: sg.KnowledgeGraph) -> None:
    d = make_diagram(toy.index)
    ids = node_ids(d)
    x = {curie: svg_node_x(svg_root(d.render("svg")))[i] for curie, i in ids.items()}
    for cause in ("toy:exercise", "toy:cold"):
        for mechanism in ("toy:tension", "toy:oxygen", "toy:lactate"):
            assert x[cause] < x[mechanism]
    assert x["toy:tension"] < x["toy:heat"] and x["toy:tension"] < x["toy:stretch"]
    assert x["toy:lactate"] < x["toy:pain"] < x["toy:pill"]
    assert x["toy:spasm"] < x["toy:rest"]


def test_legend_lists_categories_and_edge_styles_present(assessed: sg.KnowledgeGraph) -> None:
    d = make_diagram(assessed.index)
    g = parsed(d)
    (legend,) = g.get_subgraph('"cluster_legend"')
    texts = {unquote(n.get("label")) for n in legend.get_nodes()} | {
        unquote(e.get("label")) for e in legend.get_edges()
    }
    assert {
        "cause",
        "mechanism",
        "symptom",
        "condition",
        "medication",
        "home remedy",
        "diet or lifestyle",
    } <= texts
    assert {"supported", "mixed", "contradicted", "not assessed"} <= texts
    assert "risk factor" not in texts and "unsupported" not in texts
    assert unquote(legend.get("label")) == "Legend" or 'label="Legend"' in d.to_dot()


def test_legend_in_schema_mode(toy: sg.KnowledgeGraph) -> None:
    dot = make_diagram(toy.index, schema=True, backend=toy.backend).to_dot()
    assert "cluster_legend" in dot
    assert 'label="subclass of"' in dot and "property (domain" in dot


def test_empty_diagram_has_no_legend(toy: sg.KnowledgeGraph) -> None:
    d = make_diagram(toy.index, paths=[])
    assert "cluster_legend" not in d.to_dot()
    assert dot_counts(d) == (0, 0)


def test_long_labels_are_wrapped() -> None:
    assert wrap("lactic acid accumulation in muscle fibres") == [
        "lactic acid",
        "accumulation in",
        "muscle fibres",
    ]
    assert all(len(line) <= 18 for line in wrap("x" * 50 + " yy"))
    assert "".join(wrap("x" * 50)) == "x" * 50
    assert clean_text("a\x00b\x07\tc\r\nd\u2028e\ufffff") == "ab c\nd\nef"


def test_title(toy: sg.KnowledgeGraph) -> None:
    dot = make_diagram(toy.index, title='Causes & "remedies"').to_dot()
    assert 'label="Causes &amp; &quot;remedies&quot;"' in dot
    assert "title" not in make_diagram(toy.index).to_dot()


# -- schema mode --------------------------------------------------------------------------


def test_schema_mode(toy: sg.KnowledgeGraph) -> None:
    d = make_diagram(toy.index, schema=True, backend=toy.backend)
    index = toy.index
    classes = {index.curies.shorten(str(c)) for c in index.classes if isinstance(c, URIRef)}
    assert {n.curie for n in d.nodes} == classes
    assert dot_counts(d) == (len(d.nodes), len(d.edges))
    edges = {(e.source, e.predicate, e.target): e for e in d.edges}
    assert edges[("sg:Medication", "rdfs:subClassOf", "sg:Treatment")].role == "subclass"
    assert edges[("sg:SpasmType", "rdfs:subClassOf", "sg:Condition")].role == "subclass"
    # a union domain gives one edge per member
    assert edges[("sg:Cause", "sg:triggers", "sg:Mechanism")].label == "triggers"
    assert edges[("sg:RiskFactor", "sg:triggers", "sg:Mechanism")].role == "schema"
    # inverse pairs are drawn once, named both ways
    acts = edges[("sg:Treatment", "sg:actsOn", "sg:Mechanism")]
    assert acts.label == "acts on / is counteracted by"
    assert not any(e.predicate == "sg:isCounteractedBy" for e in d.edges)
    categories = {n.curie: n.category for n in d.nodes}
    assert categories["sg:Medication"] == "medication"
    assert categories["sg:SpasmType"] == "condition"
    assert categories["sg:Claim"] == "other"
    subclass = edge_attrs(d, "sg:Medication", "sg:Treatment")
    assert subclass["arrowhead"] == "empty"


# -- argument errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"focus": "tension", "schema": True},
        {"focus": "tension", "paths": []},
        {"paths": [], "schema": True},
        {"focus": "tension", "paths": [], "schema": True},
    ],
)
def test_only_one_mode(toy: sg.KnowledgeGraph, kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidPathSpecError, match="one thing at a time") as info:
        make_diagram(toy.index, **kwargs)
    for given_name in kwargs:
        assert given_name in str(info.value)


@pytest.mark.parametrize("radius", [0, -1, 1.5, True, "2", None])
def test_bad_radius(toy: sg.KnowledgeGraph, radius: object) -> None:
    with pytest.raises(InvalidPathSpecError, match="radius"):
        make_diagram(toy.index, focus="tension", radius=radius)  # type: ignore[arg-type]


def test_radius_needs_focus(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(InvalidPathSpecError, match="focus"):
        make_diagram(toy.index, radius=2)


def test_unknown_focus(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntityError, match="tension"):
        make_diagram(toy.index, focus="tensoin")


@pytest.mark.parametrize("ref", ["Mechanism", "sg:triggers"])
def test_focus_must_be_an_entity(toy: sg.KnowledgeGraph, ref: str) -> None:
    with pytest.raises(InvalidPathSpecError, match="schema=True"):
        make_diagram(toy.index, focus=ref)


def test_paths_must_be_paths(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(InvalidPathSpecError, match="Path objects"):
        make_diagram(toy.index, paths=["exercise"])  # type: ignore[list-item]


# -- DOT and pydot ------------------------------------------------------------------------


def test_dot_quotes_every_identifier(toy: sg.KnowledgeGraph) -> None:
    dot = make_diagram(toy.index).to_dot()
    for line in dot.splitlines():
        line = line.strip()
        if re.match(r'^"', line):
            assert re.match(r'^"[a-z_0-9]+"( -> "[a-z_0-9]+")? \[', line), line
    assert "toy:" not in dot and "https://" not in dot  # ids are generated, not CURIEs


def test_to_pydot_round_trip(toy: sg.KnowledgeGraph) -> None:
    d = make_diagram(toy.index)
    g = d.to_pydot()
    assert isinstance(g, pydot.Dot)
    assert len(g.get_edges()) == len(d.edges)
    again = pydot.graph_from_dot_data(g.to_string())
    assert again is not None
    nodes = [n for n in again[0].get_nodes() if n.get_name() not in ("node", "edge", "graph")]
    assert len(nodes) == len(d.nodes)


# -- rendering ----------------------------------------------------------------------------


@needs_dot
def test_render_svg(assessed: sg.KnowledgeGraph) -> None:
    svg = make_diagram(assessed.index).render("svg")
    root = svg_root(svg)
    text = svg.decode()
    assert "<script" not in text.lower() and "javascript:" not in text.lower()
    assert "href" not in text
    labels = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    assert {"exercise", "low oxygen", "triggers", "Legend", "contradicted"} <= labels


@needs_dot
def test_repr_svg(toy: sg.KnowledgeGraph) -> None:
    svg = make_diagram(toy.index, focus="tension")._repr_svg_()
    assert svg is not None and svg.startswith("<svg")
    svg_root(svg.encode())
    assert "<script" not in svg


@needs_dot
def test_render_png_size_is_sane(toy: sg.KnowledgeGraph) -> None:
    png = make_diagram(toy.index).render("png")
    width, height = png_size(png)
    # the toy graph renders at about 1230 x 1000 px
    assert 600 <= width <= 3000
    assert 300 <= height <= 2500
    assert len(png) > 20_000


@needs_dot
def test_render_pdf(toy: sg.KnowledgeGraph) -> None:
    assert make_diagram(toy.index).render("pdf").startswith(b"%PDF-")


def test_render_dot_needs_no_graphviz(toy: sg.KnowledgeGraph, monkeypatch: Any) -> None:
    monkeypatch.setenv("PATH", "")
    d = make_diagram(toy.index)
    assert d.render("dot") == d.to_dot().encode()


def test_render_unknown_format(toy: sg.KnowledgeGraph) -> None:
    with pytest.raises(DiagramRenderError, match="svg, png, pdf"):
        make_diagram(toy.index).render("jpeg")


@pytest.mark.parametrize("suffix", [".dot", ".svg", ".png", ".pdf", ".SVG"])
def test_write(toy: sg.KnowledgeGraph, tmp_path: Path, suffix: str) -> None:
    if suffix != ".dot" and not HAS_DOT:
        pytest.skip("Graphviz's dot is not installed")
    target = tmp_path / f"diagram{suffix}"
    d = make_diagram(toy.index, paths=toy.paths("exercise", "Treatment"))
    assert d.write(target) == target
    data = target.read_bytes()
    assert data
    fmt = suffix.lower()
    if fmt == ".dot":
        assert data.decode() == d.to_dot()
    elif fmt == ".svg":
        svg_root(data)
    elif fmt == ".png":
        assert data.startswith(PNG_MAGIC)
    else:
        assert data.startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary files left


def test_write_overwrites_atomically(toy: sg.KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "d.dot"
    target.write_text("old")
    make_diagram(toy.index).write(str(target))
    assert target.read_text().startswith("digraph")
    assert [p.name for p in tmp_path.iterdir()] == ["d.dot"]


@pytest.mark.parametrize("name", ["diagram.jpg", "diagram", "diagram.svgz", "diagram.dot.txt"])
def test_write_unknown_suffix(toy: sg.KnowledgeGraph, tmp_path: Path, name: str) -> None:
    with pytest.raises(DiagramRenderError) as info:
        make_diagram(toy.index).write(tmp_path / name)
    assert ".dot, .svg, .png, .pdf" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_missing_dot_says_how_to_install(
    toy: sg.KnowledgeGraph, tmp_path: Path, monkeypatch: Any
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("dot") is None
    d = make_diagram(toy.index)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DiagramRenderError) as info:
        d.write(out / "d.svg")
    message = str(info.value)
    assert "sudo apt-get install graphviz" in message
    assert "brew install graphviz" in message
    assert "conda install -c conda-forge graphviz" in message
    assert list(out.iterdir()) == []
    with pytest.warns(RuntimeWarning, match="apt-get install graphviz"):
        assert d._repr_svg_() is None
    d.write(out / "d.dot")  # DOT text needs no Graphviz
    assert (out / "d.dot").read_text() == d.to_dot()


FAILING_DOTS = {
    "exit-1-garbage": """\
        echo 'garbage <svg'
        echo 'Error: <stdin>: syntax error in line 3 near ]' >&2
        exit 1
        """,
    "exit-0-garbage": """\
        printf 'not an image \\000\\001 <svg'
        """,
    "exit-0-nothing": """\
        exit 0
        """,
    "exit-0-svg-with-script": """\
        printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        """,
}


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
@pytest.mark.parametrize("behaviour", sorted(FAILING_DOTS))
def test_failing_dot_leaves_no_file(
    toy: sg.KnowledgeGraph, tmp_path: Path, monkeypatch: Any, behaviour: str, suffix: str
) -> None:
    monkeypatch.setenv("PATH", fake_dot(tmp_path / "bin", FAILING_DOTS[behaviour]))
    assert shutil.which("dot") == str(tmp_path / "bin" / "dot")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DiagramRenderError) as info:
        make_diagram(toy.index).write(out / f"d{suffix}")
    message = str(info.value)
    if behaviour == "exit-1-garbage":
        assert "exit status 1" in message and "syntax error in line 3" in message
    elif behaviour == "exit-0-nothing":
        assert "produced no output" in message
    elif suffix == ".png":
        assert "PNG signature" in message
    elif suffix == ".pdf":
        assert "PDF header" in message
    elif behaviour == "exit-0-svg-with-script":
        assert "script" in message
    else:
        assert "malformed SVG" in message
    assert list(out.iterdir()) == []


def test_dot_that_is_false(toy: sg.KnowledgeGraph, tmp_path: Path, monkeypatch: Any) -> None:
    false = shutil.which("false")
    assert false is not None
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "dot").symlink_to(false)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    target = tmp_path / "d.png"
    target.write_bytes(b"old picture")
    with pytest.raises(DiagramRenderError, match="exit status 1"):
        make_diagram(toy.index).write(target)
    assert target.read_bytes() == b"old picture"  # the old file is left alone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "d.png"]


def test_output_checks_hold_under_python_dash_o(tmp_path: Path) -> None:
    path = fake_dot(tmp_path / "bin", "printf 'garbage'\n")
    code = textwrap.dedent(
        f"""
        import spasmgraph as sg
        from spasmgraph.diagram import make_diagram
        kg = sg.load({str(DATA / "toy.ttl")!r}, layers=["schema"])
        try:
            make_diagram(kg.index).write({str(tmp_path / "out.png")!r})
        except sg.DiagramRenderError as exc:
            print("refused:", exc)
        """
    )
    env = dict(os.environ, PATH=path)
    proc = subprocess.run(
        [sys.executable, "-O", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "refused: Graphviz's output does not start with the PNG signature" in proc.stdout
    assert not (tmp_path / "out.png").exists()


@needs_dot
def test_dot_timeout(toy: sg.KnowledgeGraph, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("PATH", fake_dot(tmp_path / "bin", "exec sleep 5\n"))
    with pytest.raises(DiagramRenderError, match="did not finish"):
        make_diagram(toy.index).render("svg", timeout=0.5)


# -- label safety -------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _schema_triples() -> tuple[Any, ...]:
    return tuple(sg.load(layers=["schema"]).graph)


def tiny_graph(label: str) -> sg.KnowledgeGraph:
    """A cause labelled *label* that triggers a mechanism labelled "m"."""
    g = Graph()
    g.bind("toy", TOY)
    for triple in _schema_triples():
        g.add(triple)
    g.add((TOY.a, RDF.type, SG.Cause))
    g.add((TOY.a, RDFS.label, Literal(label)))
    g.add((TOY.b, RDF.type, SG.Mechanism))
    g.add((TOY.b, RDFS.label, Literal("m")))
    g.add((TOY.a, SG.triggers, TOY.b))
    return sg.KnowledgeGraph(g)


def visible(text: str) -> str:
    """What should show: no control characters, no whitespace (wrapping moves it)."""
    kept = "".join(
        ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff"
    )
    return "".join(kept.split())


NASTY = [
    'x"]; "evil" [label="pwned',
    "a\\",
    "\\N \\G \\l \\r \\n \\\\",
    '"\\"',
    "<b>bold</b> & <i>it</i>",
    "<<table>>",
    "&amp; &#92; &#x1F600; &lt;",
    "port:compass:n",
    "javascript:alert(1)",
    "JavaScript:void(0)",
    "<script>alert('x')</script>",
    "line\nbreak\r\nand\rcr\ttab",
    "\x00\x01\x07\x1b[31m\x7f\x85",
    "é ü ß 中文 😀 \u202e rtl",
    "}} digraph { x -> y",
    "label=<<b>x</b>>",
    "\ufffe\uffff",
    "   ",
    "a" * 80,
]


@settings(max_examples=40, deadline=None)
@given(label=st.text(min_size=1, max_size=60))
def test_any_label_is_safe(label: str) -> None:
    check_label(label)


@pytest.mark.parametrize("label", NASTY)
def test_nasty_labels(label: str) -> None:
    check_label(label)
    # pydot writes the same graph back out (it neither re-escapes backslashes nor splits
    # quoted names at colons), and Graphviz still shows the label as it was
    d = make_diagram(tiny_graph(label).index)
    text = parsed(d).to_string()
    again = pydot.graph_from_dot_data(text)
    assert again is not None
    names = {n.get_name() for n in again[0].get_nodes()} - {"node", "edge", "graph"}
    assert names == {'"n0"', '"n1"'} and len(again[0].get_edges()) == 1
    if HAS_DOT:
        proc = subprocess.run(
            ["dot", "-Tsvg"], input=text.encode(), capture_output=True, timeout=60, check=True
        )
        shown = "".join(svg_node_text(svg_root(proc.stdout), node_ids(d)["toy:a"]).split())
        assert shown == (visible(label) or "toy:a")


def check_label(label: str) -> None:
    d = make_diagram(tiny_graph(label).index)
    ids = node_ids(d)
    node_id = ids["toy:a"]
    # the DOT text still parses to exactly the two nodes and one edge
    g = parsed(d)
    names = {n.get_name() for n in g.get_nodes()} - {"node", "edge", "graph"}
    assert names == {'"n0"', '"n1"'}
    assert len(g.get_edges()) == 1
    assert {s.get_name() for s in g.get_subgraphs()} <= {"", '"cluster_legend"'}
    (node,) = g.get_node(f'"{node_id}"')
    assert set(node.get_attributes()) == {
        "shape",
        "fillcolor",
        "color",
        "style",
        "penwidth",
        "label",
    }
    assert unquote(node.get("shape")) == "hexagon"
    if not HAS_DOT:
        return
    svg = d.render("svg")
    root = svg_root(svg)  # well-formed XML
    assert_inert(root)
    shown = "".join(svg_node_text(root, node_id).split())
    assert shown == (visible(label) or "toy:a")


# -- HTML reprs (paths.py, entities.py, sparql.py) ----------------------------------------

EVIL = "<script>alert('x')</script> & \"q\""
EVIL_ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;"


@pytest.fixture(scope="module")
def evil() -> sg.KnowledgeGraph:
    return tiny_graph(EVIL)


def test_path_repr_html_escapes_labels(evil: sg.KnowledgeGraph) -> None:
    paths = evil.paths(evil.entity("https://example.org/toy/a"), "Mechanism")
    assert len(paths) == 1
    html = paths[0]._repr_html_()
    assert "<script" not in html
    assert EVIL_ESCAPED in html
    assert "triggers" in html and "<b>m</b>" in html
    listing = paths._repr_html_()
    assert listing.startswith("<ol") and "<script" not in listing and EVIL_ESCAPED in listing
    assert sg.PathList()._repr_html_() == "<p>no paths</p>"


def test_path_repr_html_on_toy(assessed: sg.KnowledgeGraph) -> None:
    paths = assessed.paths("exercise", "Treatment", via=["Mechanism"])
    html = paths._repr_html_()
    assert html.count("<li>") == len(paths) == 3
    assert "is counteracted by" in html and "[contradicted]" in html and "[supported]" in html


def test_entity_repr_html_escapes(evil: sg.KnowledgeGraph) -> None:
    html = evil.entity("https://example.org/toy/a")._repr_html_()
    assert "<script" not in html
    assert f"<b>{EVIL_ESCAPED}</b>" in html
    assert "sg:Cause" in html


def test_sparql_repr_html_is_a_table(toy: sg.KnowledgeGraph, evil: sg.KnowledgeGraph) -> None:
    rows = toy.sparql("SELECT ?label WHERE { ?c a sg:Cause ; rdfs:label ?label } ORDER BY ?label")
    html = rows._repr_html_()
    assert html.startswith("<table") and html.endswith("</table>")
    assert "<th>label</th>" in html
    assert html.count("<tr>") == 1 + len(rows) == 3
    assert "<td>cold</td>" in html and "<td>exercise</td>" in html
    bad = evil.sparql("SELECT ?label WHERE { ?c a sg:Cause ; rdfs:label ?label }")._repr_html_()
    assert "<script" not in bad and EVIL_ESCAPED in bad


# -- the bundled graph --------------------------------------------------------------------


def test_bundled_graph_diagram(bundled: sg.KnowledgeGraph) -> None:
    d = make_diagram(bundled.index)
    assert len(d.nodes) >= 40 and len(d.edges) >= 60
    assert dot_counts(d) == (len(d.nodes), len(d.edges))
    assert all(n.category != "other" for n in d.nodes)
    assert not any("claim" in n.curie.lower() for n in d.nodes)
    categories = {n.category for n in d.nodes}
    assert {"cause", "mechanism", "condition", "symptom", "medication", "home remedy"} <= categories
    assert {e.verdict for e in d.edges} - {None}, "some relations should carry a verdict"


def test_bundled_focus_and_paths(bundled: sg.KnowledgeGraph) -> None:
    d = make_diagram(bundled.index, focus="ibuprofen")
    labels = {n.label for n in d.nodes}
    assert "ibuprofen" in labels and len(d.nodes) >= 2
    # cautions and red flags show around a focus, not in the whole-graph overview
    assert "caution" in {n.category for n in d.nodes}
    focus = make_diagram(bundled.index, focus="cauda equina syndrome")
    assert "red flag" in {n.category for n in focus.nodes}
    overview = {n.category for n in make_diagram(bundled.index).nodes}
    assert not overview & {"caution", "red flag", "other"}
    paths = bundled.paths("intense exercise", "Treatment", via=["Mechanism"])
    d = make_diagram(bundled.index, paths=paths)
    assert {n.curie for n in d.nodes} == {c for p in paths for c in p.nodes}
    schema = make_diagram(bundled.index, schema=True, backend=bundled.backend)
    assert len(schema.nodes) == len([c for c in bundled.index.classes if isinstance(c, URIRef)])


@needs_dot
def test_bundled_graph_renders(bundled: sg.KnowledgeGraph, tmp_path: Path) -> None:
    target = make_diagram(bundled.index).write(tmp_path / "spasmgraph.png")
    width, height = png_size(target.read_bytes())
    assert 1500 <= width <= 12_000
    assert 800 <= height <= 12_000
    assert target.stat().st_size > 200_000
    svg_root(make_diagram(bundled.index).render("svg"))


# -- issue #15: file modes and an SVG filter that judges elements, not text ---------------


@pytest.mark.parametrize("suffix", [".dot", ".svg"])
def test_write_keeps_the_mode_of_an_existing_file(
    toy: sg.KnowledgeGraph, tmp_path: Path, suffix: str
) -> None:
    if suffix != ".dot" and not HAS_DOT:
        pytest.skip("Graphviz's dot is not installed")
    target = tmp_path / f"private{suffix}"
    target.write_text("old")
    target.chmod(0o600)
    make_diagram(toy.index).write(target)
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_bytes() != b"old"


def test_write_to_a_missing_folder_is_an_output_error(
    toy: sg.KnowledgeGraph, tmp_path: Path
) -> None:
    with pytest.raises(sg.errors.OutputError, match="missing"):
        make_diagram(toy.index).write(tmp_path / "missing" / "d.dot")


@needs_dot
@pytest.mark.parametrize(
    "label", ["see href=x", 'xlink:href="#a"', "onclick=alert(1)", "javascript:void(0)"]
)
def test_harmless_labels_that_look_like_markup_render(label: str) -> None:
    d = make_diagram(tiny_graph(label).index)
    root = svg_root(d.render("svg"))
    assert_inert(root)
    assert "".join(svg_node_text(root, node_ids(d)["toy:a"]).split()) == visible(label)


HOSTILE_SVG = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "foreignObject": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
    "handler": b'<svg xmlns="http://www.w3.org/2000/svg"><g onload="x()"/></svg>',
    "link": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<a xlink:href="https://example.org/"><text>x</text></a></svg>',
    "javascript": b'<svg xmlns="http://www.w3.org/2000/svg"><a href=" JavaScript:x()"/></svg>',
    "style-url": b'<svg xmlns="http://www.w3.org/2000/svg"><g fill="javascript:x"/></svg>',
    "animate": b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href"/></svg>',
    "not-svg": b"<html/>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SVG))
def test_svg_filter_refuses_active_content(name: str) -> None:
    from spasmgraph.diagram.render import check_svg

    with pytest.raises(DiagramRenderError):
        check_svg(HOSTILE_SVG[name])


def test_svg_filter_accepts_text_that_mentions_links() -> None:
    from spasmgraph.diagram.render import check_svg

    check_svg(
        b'<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><text>href=&quot;javascript:x&quot;'
        b' &lt;script&gt; onload=</text></g><use href="#a"/></svg>'
    )


# -- the Index argument -------------------------------------------------------------------


def test_a_knowledge_graph_still_works_with_a_warning(toy: sg.KnowledgeGraph) -> None:
    with pytest.warns(DeprecationWarning, match="kg.index"):
        d = make_diagram(toy, schema=True)  # type: ignore[arg-type]
    assert any(e.role == "schema" for e in d.edges)


@pytest.mark.parametrize("bad", [None, "kg", 3])
def test_make_diagram_needs_an_index(bad: object) -> None:
    with pytest.raises(InvalidPathSpecError, match="Index"):
        make_diagram(bad)  # type: ignore[arg-type]


def test_facade_passes_the_index(toy: sg.KnowledgeGraph) -> None:
    assert (
        toy.diagram(schema=True).to_dot()
        == make_diagram(toy.index, schema=True, backend=toy.backend).to_dot()
    )


def test_labels_in_another_language() -> None:
    g = sg.load(DATA / "toy.ttl", layers=["schema"]).graph
    g.add((TOY.tension, RDFS.label, Literal("tensión", lang="es")))
    g.add((SG.triggers, RDFS.label, Literal("desencadena", lang="es")))
    index = sg.KnowledgeGraph(g).index
    d = make_diagram(index, focus="tension", lang="es")
    assert "tensión" in {n.label for n in d.nodes}
    assert "desencadena" in {e.label for e in d.edges}
    assert "tension" in {n.label for n in make_diagram(index, focus="tension").nodes}


# -- readable paths (issue #18 item 6) ----------------------------------------------------


def test_paths_share_one_node_per_entity_and_fan_out_through_junctions(
    bundled: sg.KnowledgeGraph,
) -> None:
    paths = bundled.paths("intense exercise", "Treatment")
    d = make_diagram(bundled.index, paths=paths)
    assert len({n.curie for n in d.nodes}) == len(d.nodes)
    assert {n.curie for n in d.nodes} == {c for p in paths for c in p.nodes}
    dot = d.to_dot()
    assert 'rankdir="LR"' in dot
    # a relation from one node to many is labelled once, at a junction
    fans = re.findall(r'^  "j\d+" \[.*label="([^"]*)"', dot, flags=re.M)
    assert fans and len(set(fans)) <= len(fans)
    drawn = sum(1 for line in dot.splitlines() if re.match(r'^  "[nj]\d+" -> "[nj]\d+"', line))
    assert drawn == len(d.edges) + len(fans)
    # the ends of the paths are boxed by category
    assert 'subgraph "cluster_end0"' in dot
    assert not any(e.kind in ("prognostic", "structural") for e in d.edges)
