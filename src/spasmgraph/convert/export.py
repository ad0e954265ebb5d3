"""Write the graph to files: RDF serialisations, and the networkx view as GraphML, GEXF
or node-link JSON.

GraphML and GEXF take only scalar attribute values, and JSON knows nothing of rdflib
literals, so every networkx format goes through the one :func:`flatten`:

* an :class:`rdflib.Literal` becomes a number or boolean when its datatype is numeric or
  boolean, and its lexical form otherwise (dates included);
* ``None`` values are dropped;
* lists and dicts (``types``, literal values, ``axioms``) stay lists and dicts with
  ``nested=True`` (node-link JSON), and become JSON text otherwise (GraphML, GEXF);
* any other object becomes its ``str``.

>>> import networkx as nx
>>> from rdflib import Literal
>>> G = nx.MultiDiGraph()
>>> G.add_node("sg:heat", label="heat", types=["sg:HomeRemedy"], iri=None,
...            **{"sg:rank": [Literal(2)]})
>>> flatten(G).nodes["sg:heat"]
{'label': 'heat', 'types': '["sg:HomeRemedy"]', 'sg:rank': '[2]'}
>>> flatten(G, nested=True).nodes["sg:heat"]["sg:rank"]
[2]
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal

from .._files import atomic_write
from ..errors import OutputError
from ..index import Index

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EXPORT_FORMATS",
    "NETWORK_FORMATS",
    "RDF_FORMATS",
    "SUFFIX_FORMATS",
    "export",
    "flatten",
    "format_for",
    "serialize",
    "to_gexf",
    "to_graphml",
    "to_node_link",
]

RDF_FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
"""Export names of the RDF serialisations, mapped to rdflib format names."""

NETWORK_FORMATS: tuple[str, ...] = ("graphml", "gexf", "node-link")
"""Export names of the networkx view's formats (all made with :func:`flatten`)."""

EXPORT_FORMATS: tuple[str, ...] = (*RDF_FORMATS, *NETWORK_FORMATS)
"""Every export format."""

SUFFIX_FORMATS: dict[str, str] = {
    ".ttl": "ttl",
    ".nt": "nt",
    ".jsonld": "jsonld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".json": "node-link",
}
"""The export format a file suffix stands for."""


def _value(value: Any, nested: bool) -> Any:
    """One attribute value by the rules of the module docs (``None`` is handled by callers)."""
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, (bool, int, float)) and not isinstance(python, Literal):
            return python
        return str(value)
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, dict)):
        plain = _plain(value)
        return plain if nested else json.dumps(plain, ensure_ascii=False)
    return str(value)


def _plain(value: Any) -> Any:
    """*value* made of JSON types only, recursively."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None:
        return None
    return _value(value, nested=True)


def _attributes(data: dict[str, Any], nested: bool) -> dict[str, Any]:
    return {k: _value(v, nested) for k, v in data.items() if v is not None}


def flatten(G: nx.MultiDiGraph[str], *, nested: bool = False) -> nx.MultiDiGraph[str]:
    """A copy of *G* whose attribute values GraphML, GEXF and JSON accept.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A view made by :func:`~spasmgraph.convert.networkx.to_networkx` (or any graph).
    nested : bool
        Keep lists and dicts as they are (for JSON) instead of encoding them as JSON text.

    Returns
    -------
    networkx.MultiDiGraph
        For export; :func:`~spasmgraph.convert.networkx.from_networkx` needs the original.

    Examples
    --------
    >>> import spasmgraph as sg
    >>> from spasmgraph.view import flatten
    >>> flat = flatten(sg.load().to_networkx())
    >>> flat.nodes["sg:ibuprofen"]["types"]
    '["owl:NamedIndividual", "sg:Medication"]'
    """
    import networkx as nx

    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph.update(_attributes(G.graph, nested))
    for node, data in G.nodes(data=True):
        out.add_node(node, **_attributes(data, nested))
    for u, v, key, data in G.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **_attributes(data, nested))
    return out


def to_graphml(G: nx.MultiDiGraph[str]) -> bytes:
    """*G* as GraphML (UTF-8), through :func:`flatten`.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("sg:heat", "sg:tension", key="sg:actsOn", axioms=[{"sg:locator": ["x"]}])
    'sg:actsOn'
    >>> b"sg:actsOn" in to_graphml(G)
    True
    """
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(flatten(G), buffer, encoding="utf-8")
    return buffer.getvalue()


def to_gexf(G: nx.MultiDiGraph[str]) -> bytes:
    """*G* as GEXF 1.2 (UTF-8), through :func:`flatten`.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("sg:heat", label="heat", types=["sg:HomeRemedy"])
    >>> b'label="heat"' in to_gexf(G)
    True
    """
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(flatten(G), buffer, encoding="utf-8")
    return buffer.getvalue()


def to_node_link(G: nx.MultiDiGraph[str]) -> str:
    """*G* as node-link JSON text (``nx.node_link_data(..., edges="edges")``).

    >>> import json, networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("sg:heat", types=["sg:HomeRemedy"])
    >>> json.loads(to_node_link(G))["nodes"]
    [{'types': ['sg:HomeRemedy'], 'id': 'sg:heat'}]
    """
    import networkx as nx

    data = nx.node_link_data(flatten(G, nested=True), edges="edges")
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def format_for(path: str | os.PathLike[str]) -> str:
    """The export format that the suffix of *path* stands for.

    Raises
    ------
    OutputError
        The suffix is not one of :data:`SUFFIX_FORMATS`.

    Examples
    --------
    >>> format_for("out/graph.TTL"), format_for("g.json")
    ('ttl', 'node-link')
    >>> format_for("g.txt")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.OutputError: cannot tell the export format of 'g.txt' ...
    """
    suffix = Path(path).suffix.lower()
    found = SUFFIX_FORMATS.get(suffix)
    if found is None:
        raise OutputError(
            f"cannot tell the export format of {os.fspath(path)!r} from its suffix; "
            f"use one of {', '.join(SUFFIX_FORMATS)} or name the format"
        )
    return found


def _check_format(fmt: str) -> str:
    if fmt not in EXPORT_FORMATS:
        raise OutputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return fmt


_NETWORK_WRITERS: dict[str, Callable[[Any], bytes | str]] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "node-link": to_node_link,
}


def serialize(graph: Graph, index: Index, format: str) -> bytes:
    """*graph* in one of :data:`EXPORT_FORMATS`, as bytes (UTF-8).

    *index* (the graph's :class:`~spasmgraph.index.Index`) gives the labels and CURIEs of
    the networkx formats.

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> from spasmgraph.backends import backend_for
    >>> from spasmgraph.index import build_index
    >>> g = Graph()
    >>> g.add((URIRef("https://w3id.org/spasmgraph/heat"),
    ...        URIRef("https://w3id.org/spasmgraph/actsOn"),
    ...        URIRef("https://w3id.org/spasmgraph/tension")))
    <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
    >>> serialize(g, build_index(backend_for(g)), "nt").count(b"\\n")
    1
    """
    fmt = _check_format(format)
    if fmt in RDF_FORMATS:
        return graph.serialize(format=RDF_FORMATS[fmt], encoding="utf-8")
    from .networkx import to_networkx

    data = _NETWORK_WRITERS[fmt](to_networkx(graph, index))
    return data.encode("utf-8") if isinstance(data, str) else data


def export(
    graph: Graph, index: Index, target: str | os.PathLike[str], format: str | None = None
) -> Path:
    """Write *graph* to *target* atomically, in *format* or the one its suffix names.

    Returns the path written. Raises :class:`~spasmgraph.errors.OutputError` for an
    unknown format or suffix, or a file that cannot be written.
    """
    fmt = _check_format(format) if format is not None else format_for(target)
    return atomic_write(target, serialize(graph, index, fmt))
