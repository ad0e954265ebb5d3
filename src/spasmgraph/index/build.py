"""The one index builder, over the backend protocol's bulk scans.

Every backend answers the same few scans (:class:`~spasmgraph.backends.base.Backend`), so
one function fills the :class:`~spasmgraph.index.model.Index` for all of them. Work is
done on IRI strings; an rdflib ``URIRef`` is made once per distinct IRI, because rdflib's
term constructors, hashing and comparisons dominate at a million triples.
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..vocab import DCTERMS, OWL, PREFIXES, RDF, RDFS, SG, SKOS
from .curies import Curies
from .labels import DEFAULT_LANG, pick, pick_all
from .lookup import lookup_table
from .model import Annotations, Index, Triple, shared

if TYPE_CHECKING:
    from ..backends.base import Backend

__all__ = ["axiom_order", "build_index", "gc_paused"]


FREEZE_ABOVE = 200_000
"""Triples above which a newly built index is moved out of the collector's sight."""


@contextlib.contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Building an index or a long list of paths allocates millions of tuples and dicts;
    each allocation burst triggers collections that rescan everything already built,
    which costs a third of the time at a million triples. Nothing built here is cyclic.

    With *freeze*, everything alive on exit is moved to the collector's permanent
    generation (:func:`gc.freeze`), so that later collections never rescan it: the first
    full collection after a million-triple index otherwise costs about half a second,
    paid by whatever runs next. Frozen objects are still freed by reference counting
    (the index holds no cycles); only cyclic garbage that already exists when the index
    is built is kept until :func:`gc.unfreeze`.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


class _Iris(dict[str, URIRef]):
    """Makes one ``URIRef`` per distinct IRI string: ``iri[text]``."""

    __slots__ = ()

    def __missing__(self, value: str) -> URIRef:
        found = self[value] = URIRef(value)
        return found


def build_index(
    backend: Backend,
    namespaces: Iterable[tuple[str, str]] | None = None,
    *,
    lang: str | None = None,
) -> Index:
    """Index the triples of *backend* in a bounded number of bulk scans.

    Parameters
    ----------
    backend : Backend
        Any backend (see :mod:`spasmgraph.backends`).
    namespaces : iterable of (prefix, namespace), optional
        Prefixes for CURIEs; by default :data:`spasmgraph.vocab.PREFIXES` then the graph's.
    lang : str, optional
        The language texts are kept in (default English); see
        :mod:`spasmgraph.index.labels`.

    Notes
    -----
    The scans are: three literal scans (labels, definitions, synonyms), one each of
    ``rdf:type``, ``rdfs:subClassOf``, ``owl:inverseOf``, ``sg:relationKind``, the
    assessment links and ``sg:rank``, one edge scan over all object properties and two
    for the axiom annotations: about fifteen, whatever the size of the graph. Time and
    memory are linear in the number of triples scanned.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from spasmgraph.backends import backend_for
    >>> g = Graph().parse(data='''
    ...     @prefix sg: <https://w3id.org/spasmgraph/> .
    ...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     sg:causes a owl:ObjectProperty .
    ...     sg:a rdfs:label "a"@en, "a-es"@es ; sg:causes sg:b .
    ... ''', format="turtle")
    >>> index = build_index(backend_for(g), lang="es")
    >>> a = URIRef("https://w3id.org/spasmgraph/a")
    >>> index.labels[a], index.label(a, "en")
    ('a-es', 'a')
    >>> [(index.curies.shorten(p), index.curies.shorten(o)) for p, o in index.out_edges[a]]
    [('sg:causes', 'sg:b')]
    """
    if namespaces is None:
        namespaces = [*PREFIXES.items(), *backend.namespaces()]
    with gc_paused(freeze=backend.size() > FREEZE_ABOVE):
        return _build(backend, Curies(namespaces), lang or DEFAULT_LANG)


def _build(backend: Backend, curies: Curies, lang: str) -> Index:
    iri = _Iris()
    index = Index(size=backend.size(), curies=curies, lang=lang)
    index.labels = _texts(backend, str(RDFS.label), index, iri, "label")
    index.definitions = _texts(backend, str(SKOS.definition), index, iri, "definition")
    index.synonyms = _synonyms(backend, index, iri)
    types: dict[str, set[str]] = defaultdict(set)
    for s, o in backend.iri_pairs(str(RDF.type)):
        types[s].add(o)
    same_types: dict[frozenset[str], frozenset[URIRef]] = {}  # entities share a few sets
    for k in sorted(types):
        names = frozenset(types[k])
        kinds = same_types.get(names)
        if kinds is None:
            kinds = same_types[names] = frozenset(map(iri.__getitem__, names))
        index.types[iri[k]] = kinds
    schema_terms = _schema(backend, index, types, iri)
    _edges(backend, index, schema_terms, iri)
    index.axioms = _axioms(backend, iri)
    _assessments(backend, index, iri)
    for s, value in backend.typed_values(str(SG.rank)):
        if isinstance(value, Literal) and isinstance(value.toPython(), int):
            index.ranks[iri[s]] = int(value.toPython())
    index.lookup = lookup_table(index)
    return index


def _texts(
    backend: Backend, predicate: str, index: Index, iri: _Iris, kind: str
) -> dict[URIRef, str]:
    """Each subject's text in the index's language; all languages where it has several."""
    found: dict[str, Any] = {}
    for s, text, tag in backend.literal_pairs(predicate):
        entry = found.get(s)
        if entry is None:
            found[s] = (text, tag)
        elif type(entry) is tuple:
            found[s] = [entry, (text, tag)]
        else:
            entry.append((text, tag))
    chosen: dict[URIRef, str] = {}
    for k in sorted(found):
        entry = found[k]
        key = iri[k]
        if type(entry) is tuple:
            chosen[key] = entry[0]
            continue
        chosen[key] = pick(entry, index.lang) or ""
        if len({tag for _, tag in entry}) > 1:
            index.translations[(key, kind)] = tuple(sorted(set(entry)))
    return chosen


def _synonyms(backend: Backend, index: Index, iri: _Iris) -> dict[URIRef, tuple[str, ...]]:
    """Each subject's synonyms in the index's language (:func:`~.labels.pick_all`); every
    language in :attr:`Index.translations` where a subject has synonyms in several."""
    synonyms: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for s, text, tag in backend.literal_pairs(str(SKOS.altLabel)):
        synonyms[s].add((text, tag))
    chosen: dict[URIRef, tuple[str, ...]] = {}
    for k in sorted(synonyms):
        key, entry = iri[k], synonyms[k]
        if len({tag for _, tag in entry}) > 1:
            index.translations[(key, "synonym")] = tuple(sorted(entry))
        found = pick_all(entry, index.lang)
        if found:
            chosen[key] = found
    return chosen


def _schema(backend: Backend, index: Index, types: Mapping[str, set[str]], iri: _Iris) -> set[str]:
    """Fill classes, ancestors, properties, inverses and kinds; return the schema IRIs."""
    class_markers = {str(OWL.Class), str(RDFS.Class)}
    classes = {k for k, t in types.items() if not class_markers.isdisjoint(t)}
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in backend.iri_pairs(str(RDFS.subClassOf)):
        parents[iri[s]].add(iri[o])
        classes.update((s, o))
    class_iris = {iri[c] for c in classes}
    index.classes = frozenset(class_iris)
    index.ancestors = {c: frozenset(_closure(c, parents)) for c in class_iris}
    object_property = str(OWL.ObjectProperty)
    properties = {k for k, t in types.items() if object_property in t}
    index.object_properties = frozenset(map(iri.__getitem__, properties))
    for s, o in backend.iri_pairs(str(OWL.inverseOf)):
        index.inverse_of[iri[s]] = iri[o]
        index.inverse_of[iri[o]] = iri[s]
    for s, o in backend.iri_pairs(str(SG.relationKind)):
        index.relation_kinds[iri[s]] = iri[o]
    return classes | properties


def _closure(start: URIRef, parents: Mapping[URIRef, set[URIRef]]) -> set[URIRef]:
    seen = {start}
    stack = [start]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def _edges(backend: Backend, index: Index, schema_terms: set[str], iri: _Iris) -> None:
    """Fill out- and in-edges between individuals, each node's sorted by (property, other).

    Each edge is kept as ``(curie of p, curie of other, p, other)`` while the tables grow,
    so that sorting compares plain strings in C instead of calling a key function.
    """
    shorten = index.curies.shorten
    short: dict[str, str] = {}
    out_edges: dict[str, list[tuple[str, str, URIRef, URIRef]]] = defaultdict(list)
    in_edges: dict[str, list[tuple[str, str, URIRef, URIRef]]] = defaultdict(list)
    properties = sorted(str(p) for p in index.object_properties)
    for s, p, o in backend.edge_rows(properties):
        if s in schema_terms or o in schema_terms:
            continue
        cs, cp, co = short.get(s), short.get(p), short.get(o)
        if cs is None:
            cs = short[s] = shorten(s)
        if cp is None:
            cp = short[p] = shorten(p)
        if co is None:
            co = short[o] = shorten(o)
        us, up, uo = iri[s], iri[p], iri[o]
        out_edges[s].append((cp, co, up, uo))
        in_edges[o].append((cp, cs, up, us))
    index.out_edges = _edge_table(out_edges, iri)
    index.in_edges = _edge_table(in_edges, iri)


def _edge_table(
    edges: dict[str, list[tuple[str, str, URIRef, URIRef]]], iri: _Iris
) -> dict[URIRef, tuple[tuple[URIRef, URIRef], ...]]:
    out: dict[URIRef, tuple[tuple[URIRef, URIRef], ...]] = {}
    for node in sorted(edges):
        found = edges[node]
        if len(found) > 1:
            found.sort()
        out[iri[node]] = tuple([e[2:] for e in found])
    return out


def _axioms(backend: Backend, iri: _Iris) -> dict[Triple, tuple[Annotations, ...]]:
    """Axiom annotations by annotated triple, one dictionary per axiom and no
    intermediate tables, so that the peak memory stays close to the result's.

    Identical provenance merges: an axiom whose annotations equal those of one already
    kept for the same triple (as when an export of a graph is loaded on top of it) is
    dropped, so a relation never shows the same source twice."""
    triple_of: dict[Hashable, Triple] = {}
    for a, s, p, o in backend.axiom_rows():
        if a not in triple_of:
            triple_of[a] = (iri[s], iri[p], iri[o])
    if not triple_of:
        return {}
    annotations: dict[Hashable, dict[URIRef, tuple[Node, ...]]] = {}
    for axiom, pred, value in backend.axiom_annotations(triple_of):
        mapping = annotations.get(axiom)
        if mapping is None:
            mapping = annotations[axiom] = {}
        key = iri[pred]
        old = mapping.get(key)
        mapping[key] = (value,) if old is None else (*old, value)
    same: dict[tuple[Node, ...], tuple[Node, ...]] = {}  # one tuple per distinct value list
    found: dict[Triple, tuple[Annotations, ...]] = {}
    for axiom, triple in triple_of.items():
        mapping = annotations.pop(axiom, None) or {}
        for k, v in mapping.items():
            if len(v) > 1:
                v = mapping[k] = tuple(sorted(v, key=str))
            if type(v[0]) is URIRef:  # sources, modes, claims repeat; locators do not
                mapping[k] = same.setdefault(v, v)
        before = found.get(triple)
        if before is None:
            found[triple] = (mapping,)
        elif mapping not in before:
            found[triple] = (*before, mapping)
    for triple, mappings in found.items():
        if len(mappings) > 1:
            found[triple] = tuple(sorted(mappings, key=axiom_order))
    return found


def axiom_order(annotations: Annotations) -> tuple[list[str], list[str]]:
    """Sort key of the axioms on one triple: by source, then by all annotations.

    The second part makes the order independent of the order the store returns axioms in.
    """
    return (
        sorted(map(str, annotations.get(DCTERMS.source, ()))),
        sorted(f"{k} {v!r}" for k, vs in annotations.items() for v in vs),
    )


def _assessments(backend: Backend, index: Index, iri: _Iris) -> None:
    """Verdicts: of each assessment, of each claim, and the assessments of each relation."""
    for s, o in backend.iri_pairs(str(SG.hasVerdict)):
        index.verdict_of[iri[s]] = iri[o]
    verdicts: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in backend.iri_pairs(str(SG.assesses)):
        verdict = index.verdict_of.get(iri[s])
        if verdict is not None:
            verdicts[iri[o]].add(verdict)
    index.claim_verdicts = shared({c: tuple(sorted(v)) for c, v in sorted(verdicts.items())})
    parts: dict[str, list[str | None]] = defaultdict(lambda: [None, None, None])
    for slot, predicate in enumerate((SG.assessedSubject, SG.assessedProperty, SG.assessedObject)):
        for s, o in backend.iri_pairs(str(predicate)):
            parts[s][slot] = o
    found: dict[Triple, list[URIRef]] = defaultdict(list)
    for assessment in sorted(parts):
        subject, prop, target = parts[assessment]
        if subject is not None and prop is not None and target is not None:
            found[(iri[subject], iri[prop], iri[target])].append(iri[assessment])
    index.relation_assessments = {k: tuple(v) for k, v in found.items()}
