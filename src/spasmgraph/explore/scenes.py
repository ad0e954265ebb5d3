"""The scene of a chosen set of entities, with the relations among them.

:func:`~spasmgraph.diagram.scene.make_scene` draws a focus, some paths or the whole
graph; the explorer can also show just the entities a user names. Their scene is put
together from the focus scenes of each (every relation between two of them is in the
neighbourhood of either), kept to the named entities.

>>> import spasmgraph as sg
>>> scene = entities_scene(sg.load().index, ["ibuprofen", "NSAID"])
>>> [n.label for n in scene.nodes], [e.label for e in scene.edges]
(['ibuprofen', 'NSAID'], ['in drug class'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..diagram.scene import Scene, SceneEdge, SceneNode, make_scene
from ..diagram.style import make_style
from ..entities import Entity, resolve
from ..errors import InvalidPathSpecError
from ..index import Index

__all__ = ["entities_scene"]


def entities_scene(
    index: Index,
    entities: Iterable[str | Entity] | str | Entity,
    *,
    lang: str | None = None,
    title: str | None = None,
) -> Scene:
    """The named entities and the relations among them, as a ``"graph"`` scene.

    Raises
    ------
    InvalidPathSpecError
        No entity given, or one of them is a class or property of the ontology.
    UnknownEntityError
        An entity does not resolve.
    """
    refs = [entities] if isinstance(entities, (str, Entity)) else list(entities)
    if not refs:
        raise InvalidPathSpecError("entities= needs at least one entity")
    iris = list(dict.fromkeys(resolve(index, ref) for ref in refs))
    wanted = {index.curies.shorten(str(i)) for i in iris}
    nodes: dict[str, SceneNode] = {}
    edges: dict[tuple[str, str, str], SceneEdge] = {}
    for iri in iris:
        scene = make_scene(index, focus=iri, lang=lang)
        for node in scene.nodes:
            if node.curie in wanted:
                nodes.setdefault(node.curie, replace(node, highlighted=False))
        for edge in scene.edges:
            if edge.source in wanted and edge.target in wanted:
                edges.setdefault((edge.source, edge.predicate, edge.target), edge)
    style = make_style(index, lang=lang)
    ordered = sorted(nodes.values(), key=lambda n: (style.category(n.category).level, n.curie))
    renumbered = tuple(replace(n, id=f"n{i}") for i, n in enumerate(ordered))
    return Scene(renumbered, tuple(edges.values()), "graph", style, title)
