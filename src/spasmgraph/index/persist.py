"""The index of a store on disk, kept next to it so that opening the store again is quick.

Building the index scans the whole store: about 40 s at 10⁷ triples. A persistent
Oxigraph store (``spasmgraph.load(..., path=folder)``) keeps its index in
``folder/spasmgraph-index-en.json`` (one file per language of the index;
:data:`~spasmgraph.backends.manifest.INDEX_FILE`), written after each build, and reads it
back instead of building when the store is opened again.

The file is JSON (terms in a table, tables as parallel lists), so reading it cannot run
code, unlike a pickle. It is used only when everything it depends on is unchanged:

* its format, the spasmgraph version and the index's language;
* the sources recorded in the store's manifest (:class:`~spasmgraph.backends.manifest.Manifest`)
  and the store's number of triples;
* the prefixes CURIEs are made with.

Every write to the store through spasmgraph (a load, an update, an rdflib ``add`` or
``remove``) deletes the file *before* it changes the store, so a file that exists always
describes the store as it is; a write that fails half-way leaves no stale index. A file
that cannot be read, or does not match, is a miss: the index is built again and the file
rewritten. A store changed by another tool behind spasmgraph's back is caught by the size
check unless the change keeps the size; delete the file after such a change.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .._files import atomic_write
from .._version import version
from ..backends.manifest import INDEX_FILE
from ..errors import OutputError, StoreError
from .build import build_index, gc_paused
from .curies import Curies
from .labels import DEFAULT_LANG
from .lookup import lookup_table
from .model import Index

if TYPE_CHECKING:
    from ..backends.base import Backend

__all__ = ["FORMAT", "index_file", "open_index", "read_index", "write_index"]

FORMAT = 2
"""Bump when the layout of the file changes."""

_TEXTS = ("labels", "definitions")
_TERM_MAPS = ("inverse_of", "relation_kinds", "verdict_of")
_SETS = ("classes", "object_properties")
_EDGES = ("out_edges", "in_edges")


def index_file(backend: Backend, lang: str = DEFAULT_LANG) -> Path | None:
    """Where the index of *backend* in *lang* is kept: next to its manifest, or ``None``
    for a store that is not on disk.

    >>> from spasmgraph.backends import open_backend
    >>> print(index_file(open_backend("memory")))
    None
    """
    manifest = backend.manifest
    return None if manifest is None else manifest.root / INDEX_FILE.format(lang=lang)


def open_index(backend: Backend, lang: str | None = None) -> Index:
    """The index of *backend*: read from its file when it matches, else built and saved.

    Parameters
    ----------
    backend : Backend
        Any backend; only a persistent store (one with a manifest) has a file.
    lang : str, optional
        The index's language (see :func:`~spasmgraph.index.build_index`).

    Notes
    -----
    Reading takes about a tenth of building (measured in ``benchmarks/README.md``), and
    writing about a fifth; a failure to write (a read-only folder, a full disk) only
    means the next open builds again.
    """
    lang = lang or DEFAULT_LANG
    path = index_file(backend, lang)
    if path is None:
        return build_index(backend, lang=lang)
    stamp = _stamp(backend, lang)
    found = read_index(path, stamp)
    if found is not None:
        return found
    index = build_index(backend, lang=lang)
    with contextlib.suppress(OutputError):  # a cache, not a result: the next open builds
        write_index(index, path, stamp)
    return index


def _stamp(backend: Backend, lang: str) -> dict[str, Any]:
    """What the file's index depends on, besides its own content."""
    manifest = backend.manifest
    sources = json.dumps(manifest.sources if manifest else {}, sort_keys=True)
    return {
        "format": FORMAT,
        "spasmgraph": version(),
        "lang": lang,
        "size": backend.size(),
        "sources": hashlib.sha256(sources.encode()).hexdigest(),
    }


# -- writing -------------------------------------------------------------------------------
class _Terms(dict[str, int]):
    """Numbers each distinct IRI in the order first seen: ``terms[iri]``."""

    def __missing__(self, iri: str) -> int:
        found = self[iri] = len(self)
        return found


def write_index(index: Index, path: Path, stamp: Mapping[str, Any]) -> None:
    """Write *index* to *path* atomically, with *stamp* (what it was built from).

    Raises
    ------
    OutputError
        The file cannot be written.
    """
    terms, literals = _Terms(), _Terms()
    n = terms.__getitem__

    def ids(items: Iterable[str]) -> list[int]:
        return [n(x) for x in items]

    tables: dict[str, Any] = {
        "stamp": dict(stamp),
        "size": index.size,
        "prefixes": list(index.curies.prefixes.items()),
    }
    for name in _TEXTS:
        table: dict[URIRef, str] = getattr(index, name)
        tables[name] = [ids(table), list(table.values())]
    tables["synonyms"] = [ids(index.synonyms), list(map(list, index.synonyms.values()))]
    tables["translations"] = [
        [n(iri), kind, [list(t) for t in texts]]
        for (iri, kind), texts in index.translations.items()
    ]
    sets: dict[frozenset[URIRef], int] = {}
    type_rows = [sets.setdefault(v, len(sets)) for v in index.types.values()]
    tables["type_sets"] = [ids(s) for s in sets]
    tables["types"] = [ids(index.types), type_rows]
    for name in _SETS:
        tables[name] = ids(getattr(index, name))
    tables["ancestors"] = [ids(index.ancestors), [ids(v) for v in index.ancestors.values()]]
    for name in _TERM_MAPS:
        mapping: dict[URIRef, URIRef] = getattr(index, name)
        tables[name] = [ids(mapping), ids(mapping.values())]
    for name in _EDGES:
        edges: dict[URIRef, tuple[tuple[URIRef, URIRef], ...]] = getattr(index, name)
        tables[name] = [
            ids(edges),
            [len(v) for v in edges.values()],
            [n(x) for v in edges.values() for pair in v for x in pair],
        ]
    tables["axioms"] = [
        [ids(triple), [_axiom(a, n, literals) for a in found]]
        for triple, found in index.axioms.items()
    ]
    tables["claim_verdicts"] = [
        ids(index.claim_verdicts),
        [ids(v) for v in index.claim_verdicts.values()],
    ]
    tables["relation_assessments"] = [
        [ids(t), ids(v)] for t, v in index.relation_assessments.items()
    ]
    tables["ranks"] = [ids(index.ranks), list(index.ranks.values())]
    tables["literals"] = [json.loads(x) for x in literals]
    tables["terms"] = list(terms)  # last: every table above has numbered its terms
    atomic_write(path, json.dumps(tables, ensure_ascii=False, separators=(",", ":")), mode=0o600)


def _axiom(
    annotations: Mapping[URIRef, tuple[Node, ...]], n: Callable[[str], int], literals: _Terms
) -> list[Any]:
    """One axiom's annotations: ``[[predicate, [value, ...]], ...]``."""
    return [[n(k), [_value(v, n, literals) for v in vs]] for k, vs in annotations.items()]


def _value(value: Node, n: Callable[[str], int], literals: _Terms) -> Any:
    """An annotation value: an IRI's number, ``[number of a literal]`` or ``"_:id"``.

    Literals are numbered in a table of their own (``[lexical, lang, datatype]``): the
    same text is often the value of many axioms, and rdflib's ``Literal`` is slow to make.
    """
    if type(value) is URIRef:
        return n(value)
    if isinstance(value, Literal):
        datatype = value.datatype
        key = [str(value), value.language, None if datatype is None else str(datatype)]
        return [literals[json.dumps(key)]]
    return f"_:{value}"


# -- reading -------------------------------------------------------------------------------
def read_index(path: Path, stamp: Mapping[str, Any]) -> Index | None:
    """The index in *path* if it was written with *stamp*; ``None`` otherwise (a miss).

    A missing, unreadable, malformed or stale file is a miss, never an error.
    """
    try:
        with path.open("rb") as file:
            data = json.loads(file.read())
        if not isinstance(data, dict) or data.get("stamp") != dict(stamp):
            return None
        with gc_paused(freeze=int(stamp.get("size", 0)) > 200_000):
            return _decode(data)
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError, StoreError):
        return None


def _decode(data: dict[str, Any]) -> Index:
    t = [URIRef(x) for x in data["terms"]]
    literals = [
        Literal(text, lang=lang, datatype=None if datatype is None else URIRef(datatype))
        for text, lang, datatype in data["literals"]
    ]
    index = Index(
        size=int(data["size"]),
        curies=Curies((str(p), str(ns)) for p, ns in data["prefixes"]),
        lang=str(data["stamp"]["lang"]),
    )
    for name in _TEXTS:
        keys, texts = data[name]
        setattr(index, name, dict(zip([t[i] for i in keys], texts, strict=True)))
    keys, values = data["synonyms"]
    index.synonyms = {t[i]: tuple(v) for i, v in zip(keys, values, strict=True)}
    index.translations = {
        (t[i], kind): tuple((text, tag) for text, tag in texts)
        for i, kind, texts in data["translations"]
    }
    sets = [frozenset(t[i] for i in s) for s in data["type_sets"]]
    keys, rows = data["types"]
    index.types = {t[i]: sets[r] for i, r in zip(keys, rows, strict=True)}
    for name in _SETS:
        setattr(index, name, frozenset(t[i] for i in data[name]))
    keys, values = data["ancestors"]
    index.ancestors = {t[i]: frozenset(t[j] for j in v) for i, v in zip(keys, values, strict=True)}
    for name in _TERM_MAPS:
        keys, values = data[name]
        setattr(index, name, {t[i]: t[j] for i, j in zip(keys, values, strict=True)})
    for name in _EDGES:
        keys, counts, flat = data[name]
        setattr(index, name, _edges(keys, counts, flat, t))
    index.axioms = {
        (t[s], t[p], t[o]): tuple(
            {t[k]: tuple(_node(v, t, literals) for v in vs) for k, vs in a} for a in found
        )
        for (s, p, o), found in data["axioms"]
    }
    keys, values = data["claim_verdicts"]
    index.claim_verdicts = {t[i]: tuple(t[j] for j in v) for i, v in zip(keys, values, strict=True)}
    index.relation_assessments = {
        (t[s], t[p], t[o]): tuple(t[j] for j in v) for (s, p, o), v in data["relation_assessments"]
    }
    keys, values = data["ranks"]
    index.ranks = {t[i]: int(v) for i, v in zip(keys, values, strict=True)}
    index.lookup = lookup_table(index)  # quicker to make again than to read
    return index


def _edges(
    keys: list[int], counts: list[int], flat: list[int], t: list[URIRef]
) -> dict[URIRef, tuple[tuple[URIRef, URIRef], ...]]:
    """Each node's edges from one flat list of (property, other) numbers."""
    terms = [t[i] for i in flat]
    pairs = list(zip(terms[0::2], terms[1::2], strict=True))
    found: dict[URIRef, tuple[tuple[URIRef, URIRef], ...]] = {}
    start = 0
    for key, count in zip(keys, counts, strict=True):
        found[t[key]] = tuple(pairs[start : start + count])
        start += count
    if start != len(pairs):
        raise StoreError("edge table: counts do not add up")
    return found


def _node(value: Any, t: list[URIRef], literals: list[Literal]) -> Node:
    if type(value) is int:
        return t[value]
    if type(value) is list:
        return literals[value[0]]
    if type(value) is str and value.startswith("_:"):
        return BNode(value[2:])
    raise StoreError(f"not an annotation value: {value!r}")
