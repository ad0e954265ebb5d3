"""A read-only index over an rdflib graph: labels, types, edges and axiom annotations.

Built once per :class:`~spasmgraph.KnowledgeGraph` (and rebuilt if the graph changes size),
it lets entity lookup and path enumeration run on plain dictionaries, without SPARQL and
without importing networkx.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .vocab import DCTERMS, OWL, PREFIXES, RDF, RDFS, SG, SKOS

Triple = tuple[URIRef, URIRef, URIRef]
Hits = tuple[URIRef, int] | dict[URIRef, int]
"""A lookup-table entry: one (IRI, tier) pair, or a dict when several IRIs share a key."""
_K = TypeVar("_K")

_SPACE = re.compile(r"[\s_]+")


def normalise(text: str) -> str:
    """Fold case and whitespace so that lookups ignore them.

    >>> normalise("  Intense   EXERCISE ")
    'intense exercise'
    """
    # Same result as _SPACE.sub(" ", text).strip().casefold(): str.split() and the
    # regular expression's \s agree on what whitespace is, and splitting is much faster.
    return " ".join(text.replace("_", " ").split()).casefold()


def _stem(text: str) -> str:
    return text[: max(text.rfind("/"), text.rfind("#")) + 1]


class Curies:
    """Shorten IRIs to CURIEs and expand them back, longest namespace first."""

    def __init__(self, namespaces: Iterable[tuple[str, str]]) -> None:
        self.prefixes: dict[str, str] = {}
        for prefix, ns in namespaces:
            if prefix and prefix not in self.prefixes and ns not in self.prefixes.values():
                self.prefixes[prefix] = ns
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        # A namespace can only shorten an IRI whose text up to its last "/" or "#" (its
        # stem) is the namespace's own stem, since the local part holds neither; so look
        # namespaces up by stem instead of trying each one.
        self._by_stem: dict[str, list[tuple[str, str]]] = {}
        for prefix, ns in self._by_length:
            self._by_stem.setdefault(_stem(ns), []).append((prefix, ns))

    def shorten(self, iri: str) -> str:
        """Return ``prefix:local`` for *iri*, or *iri* itself when no prefix fits."""
        for prefix, ns in self._by_stem.get(_stem(iri), ()):
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def expand(self, curie: str) -> str | None:
        """Return the IRI of ``prefix:local``, or ``None`` if the prefix is unknown."""
        prefix, sep, local = curie.partition(":")
        if not sep or local.startswith("//"):
            return None
        ns = self.prefixes.get(prefix)
        return None if ns is None else ns + local


def node_key(node: Node, curies: Curies) -> str:
    """Key of a node in views: a CURIE, a bare IRI, or ``_:id`` for a blank node."""
    if isinstance(node, BNode):
        return f"_:{node}"
    return curies.shorten(str(node))


def _best_literal(values: Iterable[Node]) -> str | None:
    best: tuple[int, str] | None = None
    for value in values:
        if not isinstance(value, Literal):
            continue
        lang = value.language
        rank = 0 if lang in (None, "en") else 1 if lang and lang.startswith("en") else 2
        candidate = (rank, str(value))
        if best is None or candidate < best:
            best = candidate
    return None if best is None else best[1]


@dataclass
class Index:
    """Lookup tables over one graph. Treat as read-only."""

    size: int
    curies: Curies
    labels: dict[URIRef, str] = field(default_factory=dict)
    definitions: dict[URIRef, str] = field(default_factory=dict)
    synonyms: dict[URIRef, tuple[str, ...]] = field(default_factory=dict)
    types: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    classes: frozenset[URIRef] = frozenset()
    ancestors: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    object_properties: frozenset[URIRef] = frozenset()
    inverse_of: dict[URIRef, URIRef] = field(default_factory=dict)
    out_edges: dict[URIRef, tuple[tuple[URIRef, URIRef], ...]] = field(default_factory=dict)
    in_edges: dict[URIRef, tuple[tuple[URIRef, URIRef], ...]] = field(default_factory=dict)
    axioms: dict[Triple, tuple[Mapping[URIRef, tuple[Node, ...]], ...]] = field(
        default_factory=dict
    )
    claim_verdicts: dict[URIRef, tuple[URIRef, ...]] = field(default_factory=dict)
    ranks: dict[URIRef, int] = field(default_factory=dict)
    lookup: dict[str, Hits] = field(default_factory=dict)

    def matches(self, text: str) -> dict[URIRef, int]:
        """The IRIs that *text* names, each with its tier (lower is a better match).

        *text* may be a label (tier 0), a synonym (1), a local name (2), a CURIE or an IRI
        (0). Case and runs of whitespace or underscores are ignored. The lookup table keeps
        labels, synonyms and local names; a CURIE or IRI is matched through its local
        name, which saves two keys per entity.

        >>> import spasmgraph as sg
        >>> index = sg.load().index
        >>> [index.curies.shorten(i) for i in index.matches("SG:Intense_Exercise")]
        ['sg:intense_exercise']
        """
        key = normalise(text)
        found = hits_of(self.lookup.get(key))
        if ":" not in key:
            return found
        _, _, local = key.partition(":")
        candidates = {local, key[max(key.rfind("/"), key.rfind("#")) + 1 :]}
        short = self.curies.shorten(text.strip())
        if short != text.strip():
            candidates.add(normalise(short.partition(":")[2]))
        shorten = self.curies.shorten
        for name in candidates:
            for iri in hits_of(self.lookup.get(name)):
                if normalise(shorten(str(iri))) == key or normalise(str(iri)) == key:
                    found[iri] = _TIER_LABEL
        return found

    def label(self, iri: Node) -> str:
        """The label of *iri*, falling back to its CURIE."""
        if isinstance(iri, URIRef) and iri in self.labels:
            return self.labels[iri]
        return node_key(iri, self.curies)

    def is_instance(self, iri: URIRef, cls: URIRef) -> bool:
        """True if *iri* is typed by *cls* or one of its subclasses."""
        return any(cls in self.ancestors.get(t, (t,)) for t in self.types.get(iri, ()))

    def instances(self, cls: URIRef) -> list[URIRef]:
        """All IRIs typed by *cls* or a subclass, sorted."""
        # Entities share a few distinct sets of types: decide once per set.
        ancestors = self.ancestors
        verdict: dict[frozenset[URIRef], bool] = {}
        found = []
        for iri, types in self.types.items():
            ok = verdict.get(types)
            if ok is None:
                ok = verdict[types] = any(cls in ancestors.get(t, (t,)) for t in types)
            if ok:
                found.append(iri)
        return sorted(found)


_TIER_LABEL, _TIER_SYNONYM, _TIER_NAME = 0, 1, 2


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Building an index or a long list of paths allocates millions of tuples and dicts;
    each allocation burst triggers collections that rescan everything already built,
    which costs a third of the time at a million triples. Nothing built here is cyclic.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_index(graph: Graph, namespaces: Iterable[tuple[str, str]] | None = None) -> Index:
    """Index *graph* in a few passes over its triples."""
    if namespaces is None:
        namespaces = list(PREFIXES.items()) + [(p, str(n)) for p, n in graph.namespaces()]
    with gc_paused():
        if getattr(graph.store, "native_sparql", False):
            # The oxigraph store: the same tables, filled by bulk scans in Oxigraph.
            from ._oxigraph import build_index as build_native

            return build_native(graph, namespaces)
        return _build_index(graph, namespaces)


def _build_index(graph: Graph, namespaces: Iterable[tuple[str, str]]) -> Index:
    index = Index(size=len(graph), curies=Curies(namespaces))

    label_values: dict[URIRef, list[Node]] = defaultdict(list)
    for s, o in graph.subject_objects(RDFS.label):
        if isinstance(s, URIRef):
            label_values[s].append(o)
    index.labels = {s: v for s, vals in label_values.items() if (v := _best_literal(vals))}

    definition_values: dict[URIRef, list[Node]] = defaultdict(list)
    for s, o in graph.subject_objects(SKOS.definition):
        if isinstance(s, URIRef):
            definition_values[s].append(o)
    index.definitions = {
        s: v for s, vals in definition_values.items() if (v := _best_literal(vals))
    }

    synonyms: dict[URIRef, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(SKOS.altLabel):
        if isinstance(s, URIRef) and isinstance(o, Literal):
            synonyms[s].add(str(o))
    index.synonyms = {s: tuple(sorted(v, key=str.casefold)) for s, v in synonyms.items()}

    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            types[s].add(o)
    index.types = shared({s: frozenset(v) for s, v in types.items()})

    classes = {s for s, t in types.items() if OWL.Class in t or RDFS.Class in t}
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in graph.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            parents[s].add(o)
            classes.update((s, o))
    index.classes = frozenset(classes)
    index.ancestors = {c: frozenset(_closure(c, parents)) for c in classes}

    index.object_properties = frozenset(s for s, t in types.items() if OWL.ObjectProperty in t)
    for s, o in graph.subject_objects(OWL.inverseOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            index.inverse_of[s] = o
            index.inverse_of[o] = s

    out_edges: dict[URIRef, list[tuple[URIRef, URIRef]]] = defaultdict(list)
    in_edges: dict[URIRef, list[tuple[URIRef, URIRef]]] = defaultdict(list)
    schema_terms = classes | index.object_properties
    for prop in index.object_properties:
        for s, o in graph.subject_objects(prop):
            if (
                isinstance(s, URIRef)
                and isinstance(o, URIRef)
                and s not in schema_terms
                and o not in schema_terms
            ):
                out_edges[s].append((prop, o))
                in_edges[o].append((prop, s))
    key = index.curies.shorten
    index.out_edges = {
        s: tuple(sorted(v, key=lambda e: (key(e[0]), key(e[1])))) for s, v in out_edges.items()
    }
    index.in_edges = {
        o: tuple(sorted(v, key=lambda e: (key(e[0]), key(e[1])))) for o, v in in_edges.items()
    }

    index.axioms = _axioms(graph)

    verdicts: dict[URIRef, set[URIRef]] = defaultdict(set)
    for assessment, claim in graph.subject_objects(SG.assesses):
        for verdict in graph.objects(assessment, SG.hasVerdict):
            if isinstance(claim, URIRef) and isinstance(verdict, URIRef):
                verdicts[claim].add(verdict)
    index.claim_verdicts = shared({c: tuple(sorted(v)) for c, v in verdicts.items()})
    for s, o in graph.subject_objects(SG.rank):
        if isinstance(s, URIRef) and isinstance(o, Literal) and isinstance(o.toPython(), int):
            index.ranks[s] = int(o.toPython())

    index.lookup = _lookup_table(index, graph)
    return index


def _closure(start: URIRef, parents: Mapping[URIRef, set[URIRef]]) -> set[URIRef]:
    seen = {start}
    stack = [start]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


_AXIOM_STRUCTURE = {RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}


def _axioms(graph: Graph) -> dict[Triple, tuple[Mapping[URIRef, tuple[Node, ...]], ...]]:
    found: dict[Triple, list[Mapping[URIRef, tuple[Node, ...]]]] = defaultdict(list)
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        s = graph.value(axiom, OWL.annotatedSource)
        p = graph.value(axiom, OWL.annotatedProperty)
        o = graph.value(axiom, OWL.annotatedTarget)
        if not (isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef)):
            continue
        values: dict[URIRef, list[Node]] = defaultdict(list)
        for pred, value in graph.predicate_objects(axiom):
            if isinstance(pred, URIRef) and pred not in _AXIOM_STRUCTURE:
                values[pred].append(value)
        found[(s, p, o)].append({k: tuple(sorted(v, key=str)) for k, v in values.items()})
    return {k: tuple(sorted(v, key=axiom_order)) for k, v in found.items()}


def axiom_order(annotations: Mapping[URIRef, tuple[Node, ...]]) -> tuple[list[str], list[str]]:
    """Sort key of the axioms on one triple: by source, then by all annotations.

    The second part makes the order independent of the order the store returns axioms in.
    """
    return (
        sorted(map(str, annotations.get(DCTERMS.source, ()))),
        sorted(f"{k} {v!r}" for k, vs in annotations.items() for v in vs),
    )


_V = TypeVar("_V")


def shared(table: dict[_K, _V]) -> dict[_K, _V]:
    """*table* with equal (hashable) values replaced by one shared object, in place.

    Most entities have the same set of types; sharing the frozensets saves memory at a
    million triples. The index is read-only, so sharing is safe.
    """
    seen: dict[_V, _V] = {}
    for key, value in table.items():
        table[key] = seen.setdefault(value, value)
    return table


def hits_of(entry: Hits | None) -> dict[URIRef, int]:
    """A lookup-table entry as a new ``{iri: tier}`` dict."""
    if entry is None:
        return {}
    if type(entry) is tuple:
        return {entry[0]: entry[1]}
    return dict(entry)  # type: ignore[arg-type]


def _lookup_table(index: Index, graph: Graph) -> dict[str, Hits]:
    # A key holds one (iri, tier) pair, and a dict only once a second IRI shares it: a
    # pair is a third of a one-entry dict, and most keys name one entity. CURIEs and
    # IRIs are not keys (Index.matches finds them through local names), except IRIs
    # that no prefix shortens.
    table: dict[str, Any] = {}

    def add(text: str, iri: URIRef, tier: int) -> None:
        key = normalise(text)
        if not key:
            return
        found = table.get(key)
        if found is None:
            table[key] = (iri, tier)
        elif type(found) is tuple:
            if found[0] == iri:
                if tier < found[1]:
                    table[key] = (iri, tier)
            else:
                table[key] = {found[0]: found[1], iri: tier}
        elif tier < found.get(iri, 99):
            found[iri] = tier

    for iri, label in index.labels.items():
        add(label, iri, _TIER_LABEL)
    for iri, names in index.synonyms.items():
        for name in names:
            add(name, iri, _TIER_SYNONYM)
    labelled = index.labels
    for iri in (*labelled, *(t for t in index.types if t not in labelled)):
        short = index.curies.shorten(str(iri))
        if short != str(iri):
            add(short.partition(":")[2], iri, _TIER_NAME)
        else:
            add(str(iri), iri, _TIER_LABEL)
    return table
