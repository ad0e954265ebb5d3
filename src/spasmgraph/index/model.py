"""The index model: lookup tables over one graph, read-only once built.

An :class:`Index` lets entity lookup and path enumeration run on plain dictionaries,
without SPARQL and without networkx. It is built by :func:`spasmgraph.index.build_index`
from any backend.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from rdflib import BNode, URIRef
from rdflib.term import Node

from .curies import Curies
from .labels import DEFAULT_LANG, pick, pick_all

__all__ = [
    "TIER_LABEL",
    "TIER_NAME",
    "TIER_SYNONYM",
    "Annotations",
    "Hits",
    "Index",
    "Triple",
    "hits_of",
    "node_key",
    "normalise",
    "shared",
]

Triple = tuple[URIRef, URIRef, URIRef]
Annotations = Mapping[URIRef, tuple[Node, ...]]
"""The annotations of one ``owl:Axiom``: predicate to its values."""
Hits = tuple[URIRef, int] | dict[URIRef, int]
"""A lookup-table entry: one (IRI, tier) pair, or a dict when several IRIs share a key."""
TIER_LABEL, TIER_SYNONYM, TIER_NAME = 0, 1, 2
"""How well a lookup key names an entity: label, synonym, local name (lower is better)."""
_K = TypeVar("_K")
_V = TypeVar("_V")


def normalise(text: str) -> str:
    """Fold case, accents, whitespace and underscores so that lookups ignore them.

    Accents are dropped after Unicode compatibility decomposition (NFKD), so that
    ``"Contractúra"`` finds ``"contractura"`` and ``"ESPASMO"`` finds ``"espasmo"``.

    >>> normalise("  Intense_   EXERCISE ")
    'intense exercise'
    >>> normalise("Dolor  de ESPALDA"), normalise("Contractúra"), normalise("niño")
    ('dolor de espalda', 'contractura', 'nino')
    """
    folded = " ".join(text.replace("_", " ").split()).casefold()
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def node_key(node: Node, curies: Curies) -> str:
    """Key of a node in views: a CURIE, a bare IRI, or ``_:id`` for a blank node.

    >>> node_key(BNode("b1"), Curies([]))
    '_:b1'
    """
    if isinstance(node, BNode):
        return f"_:{node}"
    return curies.shorten(str(node))


@dataclass
class Index:
    """Lookup tables over one graph. Treat as read-only.

    Texts (labels, definitions) are kept in the index's language :attr:`lang`, chosen
    by :func:`spasmgraph.index.labels.pick`; :attr:`translations` keeps every language of
    the texts that exist in more than one, so :meth:`label` can answer for another.
    """

    size: int
    curies: Curies
    lang: str = DEFAULT_LANG
    labels: dict[URIRef, str] = field(default_factory=dict)
    definitions: dict[URIRef, str] = field(default_factory=dict)
    synonyms: dict[URIRef, tuple[str, ...]] = field(default_factory=dict)
    translations: dict[tuple[URIRef, str], tuple[tuple[str, str], ...]] = field(
        default_factory=dict
    )
    types: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    classes: frozenset[URIRef] = frozenset()
    ancestors: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    object_properties: frozenset[URIRef] = frozenset()
    inverse_of: dict[URIRef, URIRef] = field(default_factory=dict)
    relation_kinds: dict[URIRef, URIRef] = field(default_factory=dict)
    out_edges: dict[URIRef, tuple[tuple[URIRef, URIRef], ...]] = field(default_factory=dict)
    in_edges: dict[URIRef, tuple[tuple[URIRef, URIRef], ...]] = field(default_factory=dict)
    axioms: dict[Triple, tuple[Annotations, ...]] = field(default_factory=dict)
    claim_verdicts: dict[URIRef, tuple[URIRef, ...]] = field(default_factory=dict)
    relation_assessments: dict[Triple, tuple[URIRef, ...]] = field(default_factory=dict)
    verdict_of: dict[URIRef, URIRef] = field(default_factory=dict)
    ranks: dict[URIRef, int] = field(default_factory=dict)
    lookup: dict[str, Hits] = field(default_factory=dict)
    _views: dict[str, Index] = field(default_factory=dict, repr=False, compare=False)

    def matches(self, text: str) -> dict[URIRef, int]:
        """The IRIs that *text* names, each with its tier (lower is a better match).

        *text* may be a label (tier 0), a synonym (1), a local name (2), a CURIE or an IRI
        (0). Case and runs of whitespace or underscores are ignored. A CURIE or IRI is
        matched through its local name, which saves two keys per entity.
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
                    found[iri] = TIER_LABEL
        return found

    def label(self, iri: Node, lang: str | None = None) -> str:
        """The label of *iri* (in *lang* if it has one), falling back to its CURIE."""
        if lang is not None and lang != self.lang and isinstance(iri, URIRef):
            texts = self.translations.get((iri, "label"))
            if texts:
                return pick(texts, lang) or self.label(iri)
        if isinstance(iri, URIRef) and iri in self.labels:
            return self.labels[iri]
        return node_key(iri, self.curies)

    def text(self, iri: URIRef, kind: str, lang: str | None = None) -> str | None:
        """The ``"label"`` or ``"definition"`` of *iri* in *lang*, by the one language rule."""
        texts = self.translations.get((iri, kind))
        if texts and lang is not None:
            return pick(texts, lang)
        table = self.labels if kind == "label" else self.definitions
        return table.get(iri)

    def in_language(self, lang: str | None) -> Index:
        """This index with its texts in *lang* (itself for ``None`` or its own language).

        The view shares every table but the labels, definitions and synonyms, which it
        takes from :attr:`translations` by the one language rule; it is made once per
        language and kept. Features that read ``index.labels`` or :meth:`label` then speak
        *lang* without a language argument of their own.

        >>> from rdflib import Graph
        >>> from spasmgraph.backends import backend_for
        >>> from spasmgraph.index import build_index
        >>> index = build_index(backend_for(Graph().parse(format="turtle", data='''
        ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ...     <https://example.org/a> rdfs:label "spasm"@en , "espasmo"@es .
        ... ''')))
        >>> a = URIRef("https://example.org/a")
        >>> index.labels[a], index.in_language("es").labels[a], index.in_language("es").lang
        ('spasm', 'espasmo', 'es')
        """
        if lang is None or lang == self.lang:
            return self
        found = self._views.get(lang)
        if found is None:
            labels, definitions = dict(self.labels), dict(self.definitions)
            synonyms = dict(self.synonyms)
            for (iri, kind), texts in self.translations.items():
                if kind == "label":
                    labels[iri] = pick(texts, lang) or labels.get(iri, "")
                elif kind == "definition":
                    definitions[iri] = pick(texts, lang) or definitions.get(iri, "")
                elif kind == "synonym":
                    synonyms[iri] = pick_all(texts, lang)
            found = replace(
                self, lang=lang, labels=labels, definitions=definitions, synonyms=synonyms,
                _views={},
            )
            self._views[lang] = found
        return found

    def verdicts(self, triple: Triple) -> tuple[URIRef, ...]:
        """The verdicts of the assessments of one asserted relation (none if unassessed)."""
        verdict_of = self.verdict_of
        return tuple(
            verdict_of[a] for a in self.relation_assessments.get(triple, ()) if a in verdict_of
        )

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


def shared(table: dict[_K, _V]) -> dict[_K, _V]:
    """*table* with equal (hashable) values replaced by one shared object, in place.

    Most entities have the same set of types; sharing the frozensets saves memory at a
    million triples. The index is read-only, so sharing is safe.

    >>> t = shared({"a": (1, 2), "b": (1, 2)})
    >>> t["a"] is t["b"]
    True
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

