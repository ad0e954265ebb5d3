"""A :class:`~spasmgraph.diagram.scene.Scene` as Graphviz DOT text.

Node identifiers are the scene's generated ids (``"n0"``, ``"n1"``, ...), never labels,
and every identifier and attribute value is quoted and every label escaped, so no label
can add DOT statements or attributes. Diagrams are laid out left to right: causes first,
then mechanisms, conditions and symptoms, then treatments.
"""

from __future__ import annotations

import itertools
import re
import textwrap
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..errors import DiagramRenderError
from .scene import Scene, SceneEdge, SceneNode
from .style import Category, EdgeStyle, LegendEntry

if TYPE_CHECKING:
    import pydot

__all__ = ["WRAP_WIDTH", "clean_text", "to_dot", "to_pydot", "wrap"]

WRAP_WIDTH = 18
"""Characters per line when wrapping node and edge labels."""

FAN_OUT = 3
"""In a paths diagram, relations with one label from one node to this many nodes or more
are drawn through one labelled junction."""


def to_dot(scene: Scene) -> str:
    """The scene as DOT text.

    >>> from spasmgraph.diagram.scene import Scene, SceneNode
    >>> from spasmgraph.diagram.style import make_style
    >>> scene = Scene((SceneNode("n0", "ex:a", 'say "hi"', "cause"),), (), "graph", make_style())
    >>> [line for line in to_dot(scene).splitlines() if line.startswith('  "n0"')][0][:61]
    '  "n0" [shape="hexagon", fillcolor="#F5C8A6", color="#D55E00"'
    >>> 'label="say &quot;hi&quot;"' in to_dot(scene)
    True
    """
    out = ['digraph "spasmgraph" {']
    graph_attrs = dict(_GRAPH)
    if scene.mode == "paths":
        graph_attrs.update(ranksep="1.0", nodesep="0.18")
    if scene.title:
        graph_attrs.update(
            label=_label(scene.title, width=70), labelloc="t", labeljust="l", fontsize="16"
        )
    out.append(f"  graph [{_attrs(graph_attrs)}];")
    out.append(f"  node [{_attrs(_NODE)}];")
    out.append(f"  edge [{_attrs(_EDGE)}];")
    for node in scene.nodes:
        out.append(f"  {_q(node.id)} [{_attrs(_node_attrs(scene, node))}];")
    out.extend(_edges(scene))
    out.extend(_ranks(scene))
    out.extend(_legend(scene))
    out.append("}")
    return "\n".join(out) + "\n"


def to_pydot(scene: Scene) -> pydot.Dot:
    """The scene as a :class:`pydot.Dot` graph, parsed from :func:`to_dot`."""
    import pydot

    graphs = pydot.graph_from_dot_data(to_dot(scene))
    if not graphs:
        raise DiagramRenderError("pydot could not parse the diagram's DOT text")
    return graphs[0]


def _edges(scene: Scene) -> list[str]:
    ids = {n.curie: n.id for n in scene.nodes}
    levels = {n.curie: scene.style.category(n.category).level for n in scene.nodes}
    fans = _fans(scene) if scene.mode == "paths" else {}
    out = []
    for n, ((source, label), members) in enumerate(fans.items()):
        junction = f"j{n}"
        out.append(f"  {_q(junction)} [{_attrs({**_JUNCTION, 'label': _label(label)})}];")
        out.append(f"  {_q(ids[source])} -> {_q(junction)} [{_attrs(_TRUNK)}];")
        for edge in members:
            attrs = _edge_attrs(scene, edge)
            del attrs["label"]
            out.append(f"  {_q(junction)} -> {_q(ids[edge.target])} [{_attrs(attrs)}];")
    fanned = {id(e) for members in fans.values() for e in members}
    for edge in scene.edges:
        if id(edge) in fanned:
            continue
        a, b = ids[edge.source], ids[edge.target]
        attrs = _edge_attrs(scene, edge)
        backwards = levels[edge.source] > levels[edge.target] and edge.role != "subclass"
        if backwards and scene.mode != "paths":
            # Lay the edge out right to left (treatments to the right of what they act
            # on) while the arrow still points from subject to object.
            a, b = b, a
            attrs["dir"] = "back"
        out.append(f"  {_q(a)} -> {_q(b)} [{_attrs(attrs)}];")
    return out


def _fans(scene: Scene) -> dict[tuple[str, str], list[SceneEdge]]:
    """Relations that leave one node with one label for at least :data:`FAN_OUT` nodes.

    Each such group is drawn as one labelled junction with a line to each target, so
    the label is written once instead of once per target.
    """
    groups: dict[tuple[str, str], list[SceneEdge]] = {}
    for edge in scene.edges:
        if edge.role == "relation":
            groups.setdefault((edge.source, edge.label), []).append(edge)
    return {key: members for key, members in groups.items() if len(members) >= FAN_OUT}


def _ranks(scene: Scene) -> list[str]:
    """Rank constraints: where the picture starts, and where paths end."""
    if scene.mode == "schema" or not scene.nodes:
        return []
    if scene.mode == "paths":
        targets = {e.target for e in scene.edges}
        sources = {e.source for e in scene.edges}
        groups = [
            ("min", [n.id for n in scene.nodes if n.curie not in targets]),
            ("max", [n.id for n in scene.nodes if n.curie not in sources and n.curie in targets]),
        ]
    else:
        levels = {n.id: scene.style.category(n.category).level for n in scene.nodes}
        groups = [("min", [i for i, level in levels.items() if level == 0])]
    out = [
        f"  {{ rank={_q(rank)}; " + " ".join(f"{_q(m)};" for m in members) + " }"
        for rank, members in groups
        if members
    ]
    if scene.mode == "paths":
        out.extend(_end_clusters(scene, set(groups[1][1])))
    return out


def _end_clusters(scene: Scene, ends: set[str]) -> list[str]:
    """The ends of paths, boxed by category (medications, home remedies, ...)."""
    by_category: dict[str, list[str]] = {}
    for node in scene.nodes:
        if node.id in ends:
            by_category.setdefault(node.category, []).append(node.id)
    if len(by_category) < 2:
        return []
    out = []
    for n, cat in enumerate(c for c in scene.style.categories if c.name in by_category):
        attrs = {**_CLUSTER, "label": _label(cat.name, width=40), "color": cat.border}
        members = " ".join(f"{_q(m)};" for m in by_category[cat.name])
        out.append(f'  subgraph "cluster_end{n}" {{ graph [{_attrs(attrs)}]; {members} }}')
    return out


def _legend(scene: Scene) -> list[str]:
    """The ``cluster_legend`` subgraph: categories present, two per row, then edge styles.

    Rows are kept in order by invisible edges within the first column.
    """
    style = scene.style
    entries = style.legend(
        (n.category for n in scene.nodes), ((e.verdict, e.kind, e.role) for e in scene.edges)
    )
    if not entries:
        return []
    out = [
        '  subgraph "cluster_legend" {',
        f"    graph [{_attrs(_LEGEND)}];",
        "    node ["
        + _attrs({"fontsize": "9", "height": "0.3", "width": "1.5", "margin": "0.05,0.02"})
        + "];",
        "    edge [" + _attrs({"fontsize": "9"}) + "];",
    ]
    left: list[str] = []
    right: list[str] = []
    categories = [e for e in entries if e.what == "node"]
    for i in range(0, len(categories), 2):
        row_ids = []
        for j, entry in enumerate(categories[i : i + 2]):
            attrs = _category_attrs(style.category(entry.key))
            attrs["label"] = _label(entry.label)
            out.append(f"    {_q(f'legend_c{i + j}')} [{_attrs(attrs)}];")
            row_ids.append(f"legend_c{i + j}")
        if len(row_ids) == 1:
            row_ids.append(f"legend_c{i + 1}")
            out.append(f"    {_q(row_ids[1])} [{_attrs({'style': 'invis', 'label': ''})}];")
        out.append(f"    {_q(row_ids[0])} -> {_q(row_ids[1])} [{_attrs({'style': 'invis'})}];")
        left.append(row_ids[0])
        right.append(row_ids[1])
    point = {"shape": "point", "width": "0.02", "height": "0.02", "style": "invis", "label": ""}
    for j, entry in enumerate(e for e in entries if e.what == "edge"):
        a, b = f"legend_e{j}a", f"legend_e{j}b"
        out.append(f"    {_q(a)} [{_attrs(point)}];")
        out.append(f"    {_q(b)} [{_attrs(point)}];")
        attrs = _line_attrs(_edge_style(scene, entry))
        attrs["label"] = _label(entry.label)
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


def _edge_style(scene: Scene, entry: LegendEntry) -> EdgeStyle:
    style = scene.style
    return next(s for s in (*style.verdicts, *style.others) if s.key == entry.key)


def _category_attrs(cat: Category) -> dict[str, str]:
    style = {"solid": "filled", "rounded": "filled,rounded", "dashed": "filled,dashed"}
    return {
        "shape": cat.shape,
        "fillcolor": cat.fill,
        "color": cat.border,
        "style": style.get(cat.outline, "filled"),
        "penwidth": "1.2",
    }


def _node_attrs(scene: Scene, node: SceneNode) -> dict[str, str]:
    attrs = _category_attrs(scene.style.category(node.category))
    attrs["label"] = _label(node.label, fallback=node.curie)
    if node.highlighted:
        attrs["penwidth"] = "2.6"
    return attrs


def _line_attrs(look: EdgeStyle, extra_width: float = 0.0) -> dict[str, str]:
    attrs = {"style": look.line, "color": look.colour, "penwidth": f"{look.width + extra_width:g}"}
    if look.arrowhead != "normal":
        attrs.update(arrowhead=look.arrowhead, arrowsize="1.0")
    return attrs


def _edge_attrs(scene: Scene, edge: SceneEdge) -> dict[str, str]:
    look = scene.style.edge_style(verdict=edge.verdict, kind=edge.kind, role=edge.role)
    heavier = edge.highlighted and look.key not in ("structural", "schema", "subclass")
    attrs = _line_attrs(look, 1.0 if heavier else 0.0)
    if edge.role != "subclass":
        attrs["label"] = _label(edge.label)
    return attrs


# -- text ---------------------------------------------------------------------------------

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
    if '"' in value or "\n" in value or "\r" in value:  # pragma: no cover - internal guard
        raise DiagramRenderError(f"internal error: unsafe DOT value {value!r}")
    return f'"{value}"'


def _attrs(attrs: Mapping[str, str]) -> str:
    return ", ".join(f"{name}={_q(value)}" for name, value in attrs.items())


# -- the DOT defaults ---------------------------------------------------------------------

_GRAPH: Mapping[str, str] = {
    "rankdir": "LR",
    "newrank": "true",
    "nodesep": "0.22",
    "ranksep": "0.55",
    "fontname": "Helvetica",
    "fontsize": "12",
    "bgcolor": "white",
    "pad": "0.2",
}
_NODE: Mapping[str, str] = {
    "fontname": "Helvetica",
    "fontsize": "11",
    "style": "filled",
    "margin": "0.10,0.05",
    "height": "0.4",
}
_EDGE: Mapping[str, str] = {
    "fontname": "Helvetica",
    "fontsize": "9",
    "fontcolor": "#333333",
    "arrowsize": "0.7",
}
_JUNCTION: Mapping[str, str] = {
    "shape": "plaintext",
    "style": "",
    "fontsize": "9",
    "fontcolor": "#333333",
    "height": "0.2",
    "margin": "0.02,0.01",
}
_TRUNK: Mapping[str, str] = {"color": "#595959", "penwidth": "1.6", "arrowhead": "none"}
_CLUSTER: Mapping[str, str] = {
    "style": "rounded,dashed",
    "fontsize": "10",
    "fontcolor": "#555555",
    "labeljust": "r",
    "margin": "6",
}
_LEGEND: Mapping[str, str] = {
    "label": "Legend",
    "fontsize": "11",
    "style": "rounded",
    "color": "#999999",
    "margin": "8",
}
