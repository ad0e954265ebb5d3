"""Entities: what a label, synonym, CURIE or IRI refers to.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> kg.entity("Paracetamol").curie
'sg:acetaminophen'
>>> kg.entity("sg:ibuprofen").label
'ibuprofen'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from html import escape

from rdflib import URIRef

from .errors import AmbiguousEntityError, UnknownEntityError
from .index import Index, hits_of, normalise
from .vocab import OWL, RDF

__all__ = ["Entity", "make_entity", "resolve", "search", "suggest", "suggest_from"]


@dataclass(frozen=True, slots=True)
class Entity:
    """A term of the graph, as resolved by :meth:`KnowledgeGraph.entity`.

    Attributes
    ----------
    iri : str
        Full IRI.
    curie : str
        Compact form, e.g. ``"sg:ibuprofen"``.
    label : str
        The ``rdfs:label`` in the language asked for (English by default; see
        :mod:`spasmgraph.index.labels`).
    types : tuple of str
        CURIEs of the asserted classes, sorted.
    definition : str or None
        The ``skos:definition``, in the same language.
    synonyms : tuple of str
        The ``skos:altLabel`` values of the best language present, sorted.
    """

    iri: str
    curie: str
    label: str
    types: tuple[str, ...]
    definition: str | None
    synonyms: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.label} ({self.curie})"

    def _repr_html_(self) -> str:
        rows = [("CURIE", self.curie), ("types", ", ".join(self.types))]
        if self.synonyms:
            rows.append(("synonyms", ", ".join(self.synonyms)))
        if self.definition:
            rows.append(("definition", self.definition))
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{escape(k)}</th>"
            f"<td style='text-align:left'>{escape(v)}</td></tr>"
            for k, v in rows
        )
        return (
            "<div class='spasmgraph-entity' style='border:1px solid #bbb;border-radius:6px;"
            "padding:6px 10px;display:inline-block;max-width:44em'>"
            f"<b>{escape(self.label)}</b><table>{body}</table></div>"
        )


def make_entity(index: Index, iri: URIRef, lang: str | None = None) -> Entity:
    """Build the :class:`Entity` of *iri* from *index*, its texts in *lang* (default: the
    index's)."""
    index = index.in_language(lang)
    shorten = index.curies.shorten
    return Entity(
        iri=str(iri),
        curie=shorten(str(iri)),
        label=index.label(iri),
        types=tuple(sorted(shorten(str(t)) for t in index.types.get(iri, ()))),
        definition=index.definitions.get(iri),
        synonyms=index.synonyms.get(iri, ()),
    )


def resolve(index: Index, ref: str | URIRef | Entity, *, what: str = "entity") -> URIRef:
    """Return the IRI that *ref* names.

    Matching ignores case and runs of whitespace. A label or full IRI beats a synonym,
    which beats a bare local name.

    Raises
    ------
    UnknownEntityError
        Nothing matches; the error lists the closest labels.
    AmbiguousEntityError
        Several entities match equally well.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from spasmgraph.backends import backend_for
    >>> from spasmgraph.index import build_index
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...     <https://example.org/heat> rdfs:label "heat"@en ; skos:altLabel "warmth"@en .
    ...     <https://example.org/warm_bath> rdfs:label "warmth"@en .
    ...     <https://example.org/cold> rdfs:label "cold"@en ; skos:altLabel "ice"@en .
    ...     <https://example.org/ice_pack> skos:altLabel "ice"@en . ''')
    >>> index = build_index(backend_for(g))
    >>> resolve(index, "  HEAT ")
    rdflib.term.URIRef('https://example.org/heat')
    >>> resolve(index, "warmth")  # a label beats a synonym
    rdflib.term.URIRef('https://example.org/warm_bath')
    >>> resolve(index, "ice")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.AmbiguousEntityError: ...
    >>> resolve(index, "hot")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.UnknownEntityError: unknown entity 'hot'...
    """
    if isinstance(ref, Entity):
        ref = ref.iri
    if not isinstance(ref, str):
        raise UnknownEntityError(repr(ref), what=what)
    hits = index.matches(ref)
    if not hits:
        raise UnknownEntityError(ref, suggest(index, ref), what=what)
    best = min(hits.values())
    winners = sorted(iri for iri, tier in hits.items() if tier == best)
    if len(winners) > 1:
        raise AmbiguousEntityError(ref, [index.curies.shorten(str(w)) for w in winners])
    return winners[0]


def suggest(index: Index, ref: str, n: int = 3) -> list[str]:
    """The labels closest to *ref*, best first."""
    labels = {normalise(label): label for label in index.labels.values()}
    close = difflib.get_close_matches(normalise(ref), list(labels), n=n, cutoff=0.6)
    return [labels[c] for c in close]


def suggest_from(ref: str, choices: list[str]) -> str:
    """A "; did you mean ...?" hint naming the choices closest to *ref*, or ``""``."""
    by_key = {normalise(c): c for c in choices}
    close = difflib.get_close_matches(normalise(ref), list(by_key), n=3, cutoff=0.6)
    return "; did you mean " + ", ".join(repr(by_key[c]) for c in close) + "?" if close else ""


SEARCH_LIMIT = 1000
"""Characters of a search text that are used (after whitespace is collapsed); labels are
far shorter, so a longer text cannot match better, and fuzzy matching stays bounded."""

_THRESHOLD = 0.45


def _score(query: str, key: str) -> float:
    """1 for equal, 0.9 for a prefix, 0.8 for a substring, else 0.75 x difflib's ratio.

    The ratio is at most ``2 * shorter / (len(query) + len(key))``; when even that cannot
    reach the threshold, difflib (quadratic in the worst case) is not run.
    """
    if key == query:
        return 1.0
    if key.startswith(query):
        return 0.9
    if query in key:
        return 0.8
    bound = 2 * min(len(query), len(key)) / (len(query) + len(key))
    if bound * 0.75 < _THRESHOLD:
        return 0.0
    return difflib.SequenceMatcher(None, query, key).ratio() * 0.75


def search(
    index: Index, text: str, limit: int = 10, lang: str | None = None
) -> list[tuple[Entity, float]]:
    """Fuzzy search over labels and synonyms, entities before schema terms.

    Every language's labels and synonyms are searched, ignoring case and accents; the
    entities found have their texts in *lang* (default: the index's).

    Scores lie in [0, 1]: 1 for an exact match, high for a prefix or substring match,
    otherwise a string-similarity ratio. Entities (individuals) come first, by score then
    label; schema terms (classes and properties) follow, unless they match *text* exactly.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from spasmgraph.backends import backend_for
    >>> from spasmgraph.index import build_index
    >>> index = build_index(backend_for(Graph().parse(format="turtle", data='''
    ...     @prefix sg: <https://w3id.org/spasmgraph/> .
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     sg:treats a owl:ObjectProperty ; rdfs:label "treats" .
    ...     sg:heat a owl:NamedIndividual ; rdfs:label "heat treatment" .
    ... ''')))
    >>> [(e.label, score) for e, score in search(index, "treat")]
    [('heat treatment', 0.8), ('treats', 0.9)]
    >>> [(e.label, score) for e, score in search(index, "treats")]
    [('treats', 1.0)]
    """
    index = index.in_language(lang)
    query = normalise(text[: SEARCH_LIMIT * 4])[:SEARCH_LIMIT]
    if not query:
        return []
    scores: dict[URIRef, float] = {}
    for key, entry in index.lookup.items():
        if key.startswith("http"):
            continue
        score = _score(query, key)
        if score >= _THRESHOLD:
            for iri in hits_of(entry):
                scores[iri] = max(scores.get(iri, 0.0), score)
    schema = index.classes | index.object_properties
    properties = {
        str(OWL.ObjectProperty),
        str(OWL.DatatypeProperty),
        str(OWL.AnnotationProperty),
        str(RDF.Property),
    }

    def rank(item: tuple[URIRef, float]) -> tuple[bool, float, str]:
        iri, score = item
        is_schema = iri in schema or any(str(t) in properties for t in index.types.get(iri, ()))
        return (is_schema and score < 1.0, -score, index.label(iri).casefold())

    ranked = sorted(scores.items(), key=rank)
    return [(make_entity(index, iri), round(score, 3)) for iri, score in ranked[:limit]]
