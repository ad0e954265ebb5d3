"""Plain-text reports: a graph's overview, search hits and mappings as aligned tables.

These are the layouts ``spasmgraph info``, ``spasmgraph search`` and ``spasmgraph
mappings`` print; they are library functions so that a notebook, a script or another
front end shows exactly the same text. Each takes what it reports on (an
:class:`~spasmgraph.index.Index`, the rows) and returns a string without a final line
break.

>>> print(hits_table([("sg:ibuprofen", "ibuprofen", ("sg:Medication",), 1.0)]))
score  label      CURIE         types
-----  ---------  ------------  -------------
1.000  ibuprofen  sg:ibuprofen  sg:Medication
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from . import _check
from ._version import DISCLAIMER, version
from .sparql.formats import table_text
from .vocab import SG_NAMESPACE

if TYPE_CHECKING:
    from .index import Index
    from .mappings import Mapping
    from .sparql.named import NamedQuery

__all__ = [
    "ClassCount",
    "Overview",
    "hits_table",
    "mappings_table",
    "overview",
    "queries_text",
]


@dataclass(frozen=True, slots=True)
class ClassCount:
    """How many instances a class has (subclasses' instances included)."""

    label: str
    curie: str
    instances: int


@dataclass(frozen=True, slots=True)
class Overview:
    """What a loaded graph holds: ontology versions, store, layers, size, classes.

    ``str(overview)`` is the text ``spasmgraph info`` prints.

    >>> print(Overview(("https://example.org/o, version 1",), "memory", ("schema",), (),
    ...                3, (ClassCount("cause", "sg:Cause", 2),), ("q(x): what",)))
    ... # doctest: +ELLIPSIS
    spasmgraph ... (Health information, not medical advice.)
    ontology:  https://example.org/o, version 1
    store:     memory
    layers:    schema
    triples:   3
    <BLANKLINE>
    instances by class (1 sg: classes; counts include subclasses):
      class  CURIE     instances
      -----  --------  ---------
      cause  sg:Cause  2
    <BLANKLINE>
    named queries (1; run with: spasmgraph query --name NAME):
      q(x): what
    """

    ontologies: tuple[str, ...]
    store: str
    layers: tuple[str, ...]
    loaded: tuple[str, ...]
    triples: int
    classes: tuple[ClassCount, ...]
    queries: tuple[str, ...]

    def __str__(self) -> str:
        rows = [
            ("ontology", "; ".join(self.ontologies) or "none loaded (no owl:Ontology header)"),
            ("store", self.store),
            ("layers", ", ".join(self.layers)),
        ]
        if self.loaded:
            rows.append(("loaded", ", ".join(self.loaded)))
        rows.append(("triples", str(self.triples)))
        lines = [f"spasmgraph {version()}  ({DISCLAIMER})"]
        lines += [f"{key + ':':<10} {value}" for key, value in rows]
        counted = [(c.label, c.curie, str(c.instances)) for c in self.classes]
        lines.append(
            f"\ninstances by class ({len(counted)} sg: classes; counts include subclasses):"
        )
        lines += [
            f"  {line}"
            for line in table_text(("class", "CURIE", "instances"), counted).splitlines()
        ]
        lines.append(
            f"\nnamed queries ({len(self.queries)}; run with: spasmgraph query --name NAME):"
        )
        lines += [f"  {query}" for query in self.queries]
        return "\n".join(lines)


def overview(
    graph: Graph,
    index: Index,
    *,
    store: str,
    layers: Sequence[str],
    loaded: Sequence[str] = (),
    lang: str | None = None,
) -> Overview:
    """The :class:`Overview` of a loaded graph.

    Parameters
    ----------
    graph : rdflib.Graph
        The triples (read for the ``owl:Ontology`` headers and the size).
    index : Index
        Its index (class labels and instances).
    store : str
        The backend's name.
    layers, loaded : sequence of str
        The bundled layers and the extra sources that were loaded.
    lang : str, optional
        The language of the class labels.
    """
    from .sparql.named import list_queries

    store = _check.text(store, "store")
    layers = _check.strings_or_none(layers, "layers") or ()
    loaded = _check.strings_or_none(loaded, "loaded") or ()
    lang = _check.lang_tag(lang)
    versions = []
    for ontology in sorted(graph.subjects(RDF.type, OWL.Ontology), key=str):
        found = graph.value(ontology, OWL.versionInfo)
        versions.append(f"{ontology}, version {found if found is not None else 'unknown'}")
    classes = sorted(
        (c for c in index.classes if str(c).startswith(SG_NAMESPACE)),
        key=lambda c: index.label(c, lang).casefold(),
    )
    counts = tuple(
        ClassCount(index.label(c, lang), index.curies.shorten(str(c)), len(index.instances(c)))
        for c in classes
    )
    return Overview(
        tuple(versions),
        store,
        tuple(layers),
        tuple(loaded),
        len(graph),
        counts,
        tuple(str(q) for q in list_queries()),
    )


def hits_table(rows: Iterable[tuple[str, str, Sequence[str], float]]) -> str:
    """Search hits ``(curie, label, types, score)`` as a table, best first as given.

    :meth:`KnowledgeGraph.search <spasmgraph.graph.KnowledgeGraph.search>` gives
    ``(entity, score)`` pairs; pass ``(e.curie, e.label, e.types, score)``.
    """
    checked = _check.rows(rows, "hits", 4, (str, str, (tuple, list), (int, float)))
    cells = [
        (f"{score:.3f}", label, curie, ", ".join(map(str, types)))
        for curie, label, types, score in checked
    ]
    return table_text(("score", "label", "CURIE", "types"), cells)


def mappings_table(index: Index, mappings: Iterable[Mapping], lang: str | None = None) -> str:
    """Mappings as a table: our entity's label, the SKOS relation, the code, its name.

    >>> from rdflib import RDFS, SKOS, Graph, Literal, URIRef
    >>> from spasmgraph.backends import backend_for
    >>> from spasmgraph.index import build_index
    >>> from spasmgraph.mappings import Mapping
    >>> a = URIRef("https://example.org/a")
    >>> g = Graph()
    >>> g.add((a, RDFS.label, Literal("spasm", lang="en")))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> m = Mapping(a, SKOS.exactMatch, URIRef("http://purl.obolibrary.org/obo/HP_0003394"),
    ...             "Muscle spasm", confidence=None)
    >>> print(mappings_table(build_index(backend_for(g)), [m]))
    entity  match            code        name
    ------  ---------------  ----------  ------------
    spasm   skos:exactMatch  hp:0003394  Muscle spasm
    """
    from .mappings import Mapping

    checked = _check.items(mappings, "mappings", Mapping)
    shorten = index.curies.shorten
    cells = [
        (
            index.label(m.subject, lang),
            shorten(str(m.predicate)),
            shorten(str(m.object)),
            m.object_label,
        )
        for m in checked
    ]
    return table_text(("entity", "match", "code", "name"), cells)


def queries_text(queries: Iterable[NamedQuery]) -> str:
    """Named queries with their parameters, as ``spasmgraph query --list`` prints them.

    >>> from spasmgraph.sparql import parse_named_query
    >>> q = parse_named_query("causes", "# summary: Causes of a symptom.\\n"
    ...     "# param: symptom entity The symptom.\\n"
    ...     "# param: lang string? Language of the labels.\\n"
    ...     "SELECT ?c WHERE { ?c ?p ?symptom }")
    >>> print(queries_text([q]))
    causes
        Causes of a symptom.
        --param symptom=<entity>  (required) The symptom.
        --param lang=<string>  (optional) Language of the labels.
    """
    from .sparql.named import NamedQuery

    lines = []
    for query in _check.items(queries, "queries", NamedQuery):
        lines += [query.name, f"    {query.summary}"]
        for param in query.parameters:
            need = "required" if param.required else "optional"
            lines.append(f"    --param {param.name}=<{param.type}>  ({need}) {param.description}")
    return "\n".join(lines)
