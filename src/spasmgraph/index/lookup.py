"""The lookup table: normalised labels, synonyms and local names to the IRIs they name."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from .model import TIER_LABEL, TIER_NAME, TIER_SYNONYM, Hits, Index, normalise

__all__ = ["lookup_table"]


def lookup_table(index: Index) -> dict[str, Hits]:
    """Map each normalised label, synonym (every language) and local name to its IRIs.

    A key holds one (iri, tier) pair, and a dict only once a second IRI shares it: a pair
    is a third of a one-entry dict, and most keys name one entity. CURIEs and IRIs are
    not keys (:meth:`Index.matches` finds them through local names), except IRIs that no
    prefix shortens.
    """
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
        add(label, iri, TIER_LABEL)
    for (iri, kind), texts in index.translations.items():
        if kind == "label":
            for text, _ in texts:
                add(text, iri, TIER_LABEL)
        elif kind == "synonym":
            for text, _ in texts:
                add(text, iri, TIER_SYNONYM)
    for iri, names in index.synonyms.items():
        for name in names:
            add(name, iri, TIER_SYNONYM)
    labelled = index.labels
    for iri in (*labelled, *(t for t in index.types if t not in labelled)):
        short = index.curies.shorten(str(iri))
        if short != str(iri):
            add(short.partition(":")[2], iri, TIER_NAME)
        else:
            add(str(iri), iri, TIER_LABEL)
    return table
