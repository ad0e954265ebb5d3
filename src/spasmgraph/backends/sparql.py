"""The ``"sparql"`` backend: the whole API on a remote SPARQL 1.1 server.

``spasmgraph.load(store="sparql", endpoint=URL)`` reads a server (Oxigraph server,
Virtuoso, Fuseki, ...) that already holds the data; ``spasmgraph.push`` uploads a graph to
one. Every request is a whole SPARQL query: building the index takes a fixed number of
them (see :data:`INDEX_QUERIES`; a few more past a server's row cap), and ``kg.sparql`` /
``kg.query`` send one query each, after the same safety checks as on the local stores.

* **Read-only by default.** Nothing is written unless an update endpoint is given
  (``update_endpoint=`` or an ``"update"`` URL in ``endpoint=``).
* **Blank nodes** cannot round-trip through a server, so data is uploaded skolemized
  (:mod:`spasmgraph.backends.skolem`) and skolem IRIs read back as blank nodes.
* **Changes** made through this backend are counted; changes other clients make are not
  seen until :meth:`KnowledgeGraph.refresh`.
* :attr:`SparqlBackend.graph` is a local rdflib copy, fetched in one query the first time
  it is used (validation and ``to_networkx`` need every triple; paths never do).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import MalformedResultError, StoreError, TruncatedResultError
from ..vocab import OWL, PREFIXES
from .base import Capabilities, NativeResult, SourceItem
from .binding import bind_text, values_clause
from .http import Endpoint, SparqlClient
from .memory import AXIOM_STRUCTURE
from .paging import bindings, count, fetch, row_cap
from .rdflib_parse import parse_item
from .skolem import deskolemize, is_skolem
from .upload import upload

if TYPE_CHECKING:
    from .manifest import Manifest

__all__ = ["INDEX_QUERIES", "SparqlBackend", "upload"]

INDEX_QUERIES = 17
"""Whole SPARQL queries :func:`spasmgraph.index.build_index` sends to a remote store.

On a server that caps its answers (Virtuoso: at most 2²⁰ rows per request) a scan that
does not fit is read in unsorted hash partitions (:mod:`spasmgraph.backends.paging`), one
request per 0.95 * 2²⁰ of its rows. Once the server is known to cap and the graph is
bigger than the cap, the build also asks how many triples each predicate has (one
request) and counts the rows of each scan those numbers do not show to fit (one request
each, no rows sent), so no answer is cut and sent for nothing; a scan found too big only
when the server cuts it costs that cut answer and a count more. At 10⁷ triples on
Virtuoso (the synthetic benchmark graph) the build sends 7 requests more than on a server
without a cap: 1 for the predicates, 3 counts and 3 more parts.
"""

_AXIOMS = f"""
SELECT ?a ?s ?p ?o ?k ?v WHERE {{
  ?a a <{OWL.Axiom}> ; <{OWL.annotatedSource}> ?s ;
     <{OWL.annotatedProperty}> ?p ; <{OWL.annotatedTarget}> ?o .
  FILTER(isIRI(?s) && isIRI(?p) && isIRI(?o))
  OPTIONAL {{ ?a ?k ?v FILTER(?k NOT IN ({", ".join(f"<{p}>" for p in sorted(AXIOM_STRUCTURE))})) }}
}}"""


class SparqlBackend:
    """A remote SPARQL endpoint behind the :class:`~spasmgraph.backends.base.Backend` protocol.

    Parameters
    ----------
    endpoint : str or dict
        The query URL, or ``{"query": URL, "update": URL, "graph_store": URL}``.
    update_endpoint : str, optional
        Where updates go; without one (or an ``"update"`` URL) the store is read-only.
    auth : (user, password), optional
        Credentials; *auth_scheme* ``"basic"`` (default) or ``"digest"`` (Virtuoso).
    timeout : float
        Seconds each request may take.
    retries : int
        Retries, with backoff, of a read that failed to connect or got HTTP 502/503/504.
    default_graph : str, optional
        Read this graph as the default graph (``default-graph-uri``) and write into it.
    """

    name = "sparql"
    capabilities = Capabilities(
        native_sparql=True,
        bulk_scans=True,
        change_counter=True,
        deadlines=True,
        persistent=True,
        remote=True,
    )

    def __init__(
        self,
        endpoint: str | Mapping[str, str],
        *,
        update_endpoint: str | None = None,
        auth: tuple[str, str] | None = None,
        auth_scheme: str = "basic",
        timeout: float = 30.0,
        retries: int = 2,
        default_graph: str | None = None,
    ) -> None:
        if auth_scheme not in ("basic", "digest"):
            raise StoreError(f"auth_scheme must be 'basic' or 'digest', not {auth_scheme!r}")
        self.endpoint = Endpoint.of(
            endpoint,
            update=update_endpoint,
            auth=auth,
            auth_scheme="digest" if auth_scheme == "digest" else "basic",
            timeout=timeout,
            retries=retries,
            default_graph=default_graph,
        )
        self.client = SparqlClient(self.endpoint)
        self._revision = 0
        self._size: tuple[int, int] | None = None
        self._copy: tuple[int, Graph] | None = None
        self._axiom_rows: list[dict[str, Any]] | None = None
        self._predicates: tuple[int, dict[str, int] | None] | None = None

    @property
    def graph(self) -> Graph:
        """A local copy of every triple (fetched once per revision, in one query)."""
        if self._copy is None or self._copy[0] != self._revision:
            copy = Graph()
            for prefix, ns in PREFIXES.items():
                copy.bind(prefix, ns)
            query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
            for row in fetch(self.client, query, self.size() if row_cap(self.client) else None):
                copy.add((_term(row["s"]), _term(row["p"]), _term(row["o"])))
            self._copy = (self._revision, copy)
        return self._copy[1]

    @property
    def manifest(self) -> Manifest | None:
        return None

    def namespaces(self) -> Iterator[tuple[str, str]]:
        """Only spasmgraph's prefixes: a server keeps no prefix bindings."""
        return iter(PREFIXES.items())

    def revision(self) -> int | None:
        return self._revision

    def size(self) -> int:
        if self._size is None or self._size[0] != self._revision:
            rows = bindings(self.client.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
            self._size = (self._revision, int(rows[0]["n"]["value"]) if rows else 0)
        return self._size[1]

    def close(self) -> None:
        self.client.close()

    # -- loading and updates ---------------------------------------------------------------
    def load(self, item: SourceItem, reader: IO[bytes] | None = None) -> None:
        """Parse *item* locally, then upload it skolemized (needs an update endpoint)."""
        scratch = Graph(bind_namespaces="none")
        parse_item(scratch, item, reader)
        upload(self.client, scratch, graph_name=self.endpoint.default_graph)
        self._changed()

    def update(self, text: str, *, prefixes: Mapping[str, str], timeout: float | None) -> None:
        self.client.update(_prologue(prefixes) + text, timeout)
        self._changed()

    def _changed(self) -> None:
        self._revision += 1
        self._axiom_rows = None

    # -- queries -----------------------------------------------------------------------------
    def select(
        self,
        text: str,
        *,
        bindings: Mapping[str, Node],
        prefixes: Mapping[str, str],
        timeout: float | None,
        projected: Sequence[str] = (),
    ) -> NativeResult:
        shown = set(projected)
        text = bind_text(text, {k: v for k, v in bindings.items() if k not in shown})
        text += values_clause({k: v for k, v in bindings.items() if k in shown})
        kind, body = self.client.query(_prologue(prefixes) + text, timeout)
        if kind != "json":
            triples = Graph().parse(data=body, format="nt" if kind == "ntriples" else kind)
            return NativeResult(
                "CONSTRUCT",
                triples=[(deskolemize(s), p, deskolemize(o)) for s, p, o in triples],
            )
        if "boolean" in body:
            return NativeResult("ASK", boolean=bool(body["boolean"]))
        names = tuple(body.get("head", {}).get("vars", ()))
        rows = [
            tuple(_term(row[n]) if n in row else None for n in names)
            for row in body["results"]["bindings"]
        ]
        return NativeResult("SELECT", vars=names, rows=rows)

    def _rows(self, text: str, predicates: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Every row of one scan query, in hash partitions when the server's cap cannot
        hold them (:func:`~spasmgraph.backends.paging.fetch`).

        *predicates*, the only predicates the scan reads, bound its rows without a count.
        """
        return fetch(self.client, text, self._expected(text, predicates))

    def _expected(self, text: str, predicates: Sequence[str] | None) -> int | None:
        """How many rows *text* has, counted only if they might not fit in one answer."""
        cap = row_cap(self.client)
        if not cap or self.size() < cap:
            return None
        if predicates is not None:
            triples = self._predicate_counts()
            if triples is not None and sum(triples.get(p, 0) for p in predicates) < cap:
                return None
        return count(self.client, text)

    def _predicate_counts(self) -> dict[str, int] | None:
        """Triples per predicate (one request per revision); ``None`` if cut short."""
        if self._predicates is None or self._predicates[0] != self._revision:
            query = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
            try:
                rows = bindings(self.client.select(query))
                triples = {row["p"]["value"]: int(row["n"]["value"]) for row in rows}
            except (TruncatedResultError, KeyError, TypeError, ValueError):
                triples = None  # only a shortcut: the scans count themselves instead
            self._predicates = (self._revision, triples)
        return self._predicates[1]

    # -- scans: one query each ---------------------------------------------------------------
    def iri_pairs(self, predicate: str) -> Iterator[tuple[str, str]]:
        query = f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?s) && isIRI(?o)) }}"
        for row in self._rows(query, [predicate]):
            s, o = row["s"]["value"], row["o"]["value"]
            if not is_skolem(s) and not is_skolem(o):
                yield s, o

    def literal_pairs(self, predicate: str) -> Iterator[tuple[str, str, str]]:
        query = f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?s) && isLiteral(?o)) }}"
        for row in self._rows(query, [predicate]):
            if not is_skolem(row["s"]["value"]):
                yield row["s"]["value"], row["o"]["value"], row["o"].get("xml:lang", "")

    def typed_values(self, predicate: str) -> Iterator[tuple[str, Node]]:
        query = f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?s)) }}"
        for row in self._rows(query, [predicate]):
            if not is_skolem(row["s"]["value"]):
                yield row["s"]["value"], _term(row["o"])

    def edge_rows(self, predicates: Sequence[str]) -> Iterator[tuple[str, str, str]]:
        if not predicates:
            return
        values = " ".join(f"<{p}>" for p in predicates)
        query = (
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o "
            "FILTER(isIRI(?s) && isIRI(?o)) }"
        )
        for row in self._rows(query, predicates):
            s, o = row["s"]["value"], row["o"]["value"]
            if not is_skolem(s) and not is_skolem(o):
                yield s, row["p"]["value"], o

    def axiom_rows(self) -> Iterator[tuple[Hashable, str, str, str]]:
        self._axiom_rows = self._rows(_AXIOMS)
        for row in self._axiom_rows:
            yield row["a"]["value"], row["s"]["value"], row["p"]["value"], row["o"]["value"]

    def axiom_annotations(
        self, axioms: Mapping[Hashable, Any]
    ) -> Iterator[tuple[Hashable, str, Node]]:
        rows = self._axiom_rows if self._axiom_rows is not None else self._rows(_AXIOMS)
        for row in rows:
            if "k" in row and "v" in row and row["a"]["value"] in axioms:
                yield row["a"]["value"], row["k"]["value"], _term(row["v"])


def _prologue(prefixes: Mapping[str, str]) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())


def _term(value: Mapping[str, str]) -> Node:
    """An rdflib term from one SPARQL JSON binding (skolem IRIs become blank nodes)."""
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return deskolemize(URIRef(text))
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(text, lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise MalformedResultError(f"unknown SPARQL JSON term type {kind!r}")
