"""Named SPARQL queries shipped in ``ontology/queries/``: headers, parameters, kept results.

Each ``.rq`` file starts with a comment header that says what it answers and which
parameters it takes::

    # summary: Treatments that counteract a mechanism triggered by a cause.
    # param: cause entity  The cause, as a label, synonym, CURIE or IRI.

A parameter ``NAME`` binds the query variable ``?NAME``. Its type is ``entity`` (a label,
synonym, CURIE or IRI), ``class``, ``string``, ``integer`` or ``verdict`` (a verdict of the
ontology's scale, by label); a trailing ``?`` on the type makes it optional. Values are
bound as RDF terms by :func:`bind_parameters`, never spliced into the query text.

>>> "remedies-for-cause" in [q.name for q in list_queries()]
True
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from rdflib import Literal, URIRef
from rdflib.term import Node

from .._files import bundled_bytes, bundled_names
from ..entities import resolve, suggest_from
from ..errors import QueryNotFoundError, QueryParameterError, QuerySyntaxError
from ..index import Index
from ..vocab import SG

__all__ = [
    "DEFAULT_CACHE_SIZE",
    "PARAM_TYPES",
    "ClassResolver",
    "NamedQuery",
    "Parameter",
    "ResultCache",
    "bind_parameters",
    "cache_key",
    "find_class",
    "get_query",
    "list_queries",
    "named_query",
    "param_term",
    "parse_named_query",
    "query_names",
]

PARAM_TYPES = ("entity", "class", "string", "integer", "verdict")
DEFAULT_CACHE_SIZE = 128
"""How many named-query results a :class:`ResultCache` keeps by default."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """One parameter of a named query."""

    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A named query: its name, what it answers, its parameters and its SPARQL text."""

    name: str
    summary: str
    parameters: tuple[Parameter, ...]
    text: str

    def __str__(self) -> str:
        params = ", ".join(p.name + ("" if p.required else "?") for p in self.parameters)
        return f"{self.name}({params}): {self.summary}"


_PARAM = re.compile(r"^(\w+)\s+(\w+)(\?)?\s*(.*)$")
_SPARQL_START = re.compile(
    r"\s*(?:#[^\n]*\n\s*)*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|"
    r"CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read the comment header of a ``.rq`` file.

    >>> text = "# summary: Demo.\\n# param: cause entity The cause.\\nSELECT ?cause {}"
    >>> q = parse_named_query("x", text)
    >>> q.parameters[0]
    Parameter(name='cause', type='entity', required=True, description='The cause.')
    """
    summary = ""
    params: list[Parameter] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "summary":
            summary = f"{summary} {value}".strip()
        elif key == "param":
            m = _PARAM.match(value)
            if not m or m.group(2) not in PARAM_TYPES:
                raise QuerySyntaxError(
                    f"query {name!r}: bad parameter line {value!r}; write 'NAME TYPE description' "
                    f"with TYPE one of {', '.join(PARAM_TYPES)}"
                )
            params.append(Parameter(m.group(1), m.group(2), m.group(3) is None, m.group(4)))
    if not summary:
        raise QuerySyntaxError(f"query {name!r} has no '# summary:' header line")
    return NamedQuery(name, summary, tuple(params), text)


@functools.cache
def list_queries() -> tuple[NamedQuery, ...]:
    """All named queries shipped with spasmgraph, sorted by name."""
    found = []
    for path in bundled_names(".rq", "queries"):
        name = path.rpartition("/")[2][:-3]
        found.append(parse_named_query(name, bundled_bytes(path).decode("utf-8")))
    return tuple(sorted(found, key=lambda q: q.name))


@functools.cache
def query_names() -> frozenset[str]:
    """The names of the shipped named queries."""
    return frozenset(q.name for q in list_queries())


def get_query(name: str) -> NamedQuery:
    """The named query called *name*; raise :class:`QueryNotFoundError` if there is none."""
    for query in list_queries():
        if query.name == name:
            return query
    raise QueryNotFoundError(str(name), [q.name for q in list_queries()])


def named_query(ref: str | NamedQuery) -> NamedQuery:
    """A parsed named query, or the shipped one called *ref*.

    Raises
    ------
    QuerySyntaxError
        *ref* is SPARQL text, not a name: the message says to run it with ``kg.sparql``.
    QueryNotFoundError
        No named query has this name; the message lists those that exist.

    Examples
    --------
    >>> named_query("SELECT ?s WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.QuerySyntaxError: kg.query() runs a named query by its name, ...
    """
    if isinstance(ref, NamedQuery):
        return ref
    if not isinstance(ref, str):
        raise QueryNotFoundError(repr(ref), [q.name for q in list_queries()])
    if _SPARQL_START.match(ref) or "{" in ref:
        shown = " ".join(ref.split())
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        raise QuerySyntaxError(
            f"kg.query() runs a named query by its name, and {shown!r} is SPARQL text; "
            "run SPARQL text with kg.sparql(text); named queries: "
            + ", ".join(q.name for q in list_queries())
        )
    return get_query(ref)


# -- parameters ---------------------------------------------------------------------------


class ClassResolver(Protocol):
    """Turns a class reference into the class IRI, or raises a :class:`SpasmGraphError`."""

    def __call__(self, ref: str, *, role: str) -> URIRef: ...


def find_class(index: Index, ref: str, *, role: str) -> URIRef:
    """The class that *ref* names (label, CURIE or IRI), else :class:`QueryParameterError`.

    >>> from spasmgraph.index import Curies
    >>> find_class(Index(size=0, curies=Curies([])), "Cause", role="parameter cls")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.QueryParameterError: parameter cls 'Cause' is not a class of the ontology
    """
    classes = sorted(i for i in index.matches(ref) if i in index.classes)
    if classes:
        return classes[0]
    known = sorted(index.label(c) for c in index.classes if str(c).startswith(str(SG)))
    raise QueryParameterError(
        f"{role} {ref!r} is not a class of the ontology{suggest_from(ref, known)}"
    )


IndexSource = Index | Callable[[], Index]
"""An index, or a function returning one (called only when a parameter needs it)."""


def bind_parameters(
    index: IndexSource,
    query: NamedQuery,
    params: Mapping[str, Any],
    *,
    resolve_class: ClassResolver | None = None,
) -> dict[str, Node]:
    """Check *params* against a named query's header and turn them into RDF terms.

    Parameters
    ----------
    index : Index or callable returning one
        Resolves entity, class and verdict parameters.
    query : NamedQuery
        The query whose ``# param:`` header declares the parameters.
    params : mapping
        Parameter name → value: an entity reference, a class reference, a string, an
        integer or a verdict label, by the declared type.
    resolve_class : callable, optional
        ``resolve_class(ref, role=...)`` for ``class`` parameters; by default
        :func:`find_class`.

    Raises
    ------
    QueryParameterError
        A parameter the query does not take, a required one missing, or a bad value.
    UnknownEntityError
        An entity parameter names nothing in the graph.

    Examples
    --------
    >>> from spasmgraph.index import Curies
    >>> q = parse_named_query("n", "# summary: Demo.\\n# param: n integer How many.\\nASK {}")
    >>> bind_parameters(Index(size=0, curies=Curies([])), q, {"n": "3"})
    {'n': rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))}
    >>> bind_parameters(Index(size=0, curies=Curies([])), q, {"m": 3})
    Traceback (most recent call last):
    ...
    spasmgraph.errors.QueryParameterError: query 'n' takes no parameter 'm'; it takes: n
    """
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise QueryParameterError(
            f"query {query.name!r} takes no parameter {', '.join(map(repr, unknown))}; "
            f"it takes: {', '.join(declared) or 'none'}"
        )
    missing = [p.name for p in query.parameters if p.required and p.name not in params]
    if missing:
        raise QueryParameterError(f"query {query.name!r} needs parameter(s): {', '.join(missing)}")
    return {
        k: param_term(index, declared[k], v, resolve_class=resolve_class)
        for k, v in params.items()
    }


def param_term(
    index: IndexSource,
    param: Parameter,
    value: Any,
    *,
    resolve_class: ClassResolver | None = None,
) -> Node:
    """The RDF term that *value* stands for as the value of *param*."""
    if param.type in ("string", "integer"):
        return _literal(param, value)
    idx = index if isinstance(index, Index) else index()
    if param.type == "entity":
        return value if isinstance(value, URIRef) else resolve(idx, value)
    if param.type == "class":
        role = f"parameter {param.name}"
        if resolve_class is None:
            return find_class(idx, str(value), role=role)
        return resolve_class(str(value), role=role)
    return _verdict(idx, param, value)


def _literal(param: Parameter, value: Any) -> Literal:
    if param.type == "string":
        return Literal(str(value))
    try:
        if isinstance(value, (bool, float)):
            raise TypeError
        return Literal(int(value))
    except (TypeError, ValueError):
        raise QueryParameterError(
            f"parameter {param.name} must be an integer, not {value!r}"
        ) from None


def _verdict(index: Index, param: Parameter, value: Any) -> URIRef:
    """A verdict of the ontology's scale: the ranked individuals of ``sg:Verdict``."""
    scale = sorted(
        (v for v in index.ranks if SG.Verdict in index.types.get(v, ())),
        key=lambda v: -index.ranks[v],
    )
    hits = [v for v in index.matches(str(value)) if v in scale] if isinstance(value, str) else []
    if len(hits) == 1:
        return hits[0]
    raise QueryParameterError(
        f"parameter {param.name}: unknown evidence verdict {value!r}; choose one of: "
        + (", ".join(index.label(v) for v in scale) or "none (the graph has no verdict scale)")
    )


# -- kept results -------------------------------------------------------------------------


def cache_key(query: NamedQuery, terms: Mapping[str, Node]) -> tuple[str, ...]:
    """The identity of one evaluation: the query text and its bound terms, in name order."""
    return (query.text, *sorted(f"{k}={v.n3()}" for k, v in terms.items()))


class ResultCache:
    """Results kept while the graph is unchanged, least recently used dropped first.

    Each result is kept with the graph's revision (:meth:`Backend.revision`). Revisions
    only grow, so a newer revision makes every kept result stale: they are dropped.

    >>> cache = ResultCache(maxsize=2)
    >>> cache.put("a", 1, "A"); cache.get("a", 1), cache.get("a", 2)
    ('A', None)
    >>> len(cache)
    0
    """

    def __init__(self, maxsize: int = DEFAULT_CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self._revision: int | None = None
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable, revision: int | None) -> Any | None:
        """The result kept for *key* at *revision*, or ``None``."""
        if revision is None or revision != self._revision:
            self.clear()
            return None
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, revision: int | None, result: Any) -> None:
        """Keep *result* for *key*, computed at *revision* (nothing is kept for ``None``)."""
        if revision is None or self.maxsize <= 0:
            return
        if revision != self._revision:
            self.clear()
            self._revision = revision
        self._items[key] = result
        self._items.move_to_end(key)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every kept result."""
        self._items.clear()
        self._revision = None
