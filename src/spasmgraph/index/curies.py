"""Prefix maps: shorten IRIs to CURIEs and expand CURIEs, longest namespace first.

spasmgraph's one prefix map is :data:`spasmgraph.vocab.PREFIXES`; a graph's own bindings
are added after it. This converter is on the hot path of index building (millions of
IRIs), so it looks namespaces up by stem instead of trying each one.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["Curies"]


def _stem(text: str) -> str:
    return text[: max(text.rfind("/"), text.rfind("#")) + 1]


class Curies:
    """Shorten IRIs to CURIEs and expand them back, longest namespace first.

    >>> c = Curies([("ex", "https://example.org/"), ("exa", "https://example.org/a/")])
    >>> c.shorten("https://example.org/a/b"), c.shorten("https://example.org/b")
    ('exa:b', 'ex:b')
    >>> c.expand("ex:b"), c.expand("nope:b")
    ('https://example.org/b', None)
    """

    def __init__(self, namespaces: Iterable[tuple[str, str]]) -> None:
        self.prefixes: dict[str, str] = {}
        for prefix, ns in namespaces:
            if prefix and prefix not in self.prefixes and ns not in self.prefixes.values():
                self.prefixes[prefix] = ns
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        # A namespace can only shorten an IRI of which the namespace's stem (its text up
        # to its last "/" or "#") is a stem too; so look namespaces up by stem instead of
        # trying each one: usually the IRI's own stem, rarely a shorter one ("sg:a/b").
        self._namespaces = tuple(self.prefixes.values())
        self._by_stem: dict[str, list[tuple[str, str]]] = {}
        for prefix, ns in self._by_length:
            self._by_stem.setdefault(_stem(ns), []).append((prefix, ns))

    def shorten(self, iri: str) -> str:
        """Return ``prefix:local`` for *iri*, or *iri* itself when no prefix fits.

        A namespace's stem (its text up to its last ``/`` or ``#``) is a stem of the IRI,
        so only the IRI's few stems are looked up, longest first, as the longest-prefix
        rule of the curies library asks.
        """
        by_stem = self._by_stem
        for prefix, ns in by_stem.get(_stem(iri), ()):  # the common case: one lookup
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        if not iri.startswith(self._namespaces):
            return iri
        end = len(iri)
        while end > 0:
            end = max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))
            if end < 0:
                break
            for prefix, ns in by_stem.get(iri[: end + 1], ()):
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

