"""The SPARQL part of the :class:`~spasmgraph.graph.KnowledgeGraph` facade.

``kg.sparql(text)`` runs a query with spasmgraph's safety checks; ``kg.query(name)`` runs a
named query with bound parameters and keeps its result while the graph is unchanged. Both
delegate to :mod:`spasmgraph.sparql`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import Literal as RDFLiteral
from rdflib import URIRef
from rdflib.term import Node

from . import _check
from .backends import Backend
from .backends.deadline import DEFAULT_TIMEOUT
from .entities import Entity
from .graph_base import GraphBase
from .sparql import named as _named

__all__ = ["SparqlMixin"]


class SparqlMixin(GraphBase):
    """``sparql``, ``query`` and parameter binding, for :class:`KnowledgeGraph`."""

    _backend: Backend
    _results: _named.ResultCache

    def sparql(
        self,
        query: str,
        *,
        allow_network: bool = False,
        allow_update: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = None,
        **bindings: Any,
    ) -> Any:
        """Run a SPARQL 1.1 query (or, when allowed, an update) with spasmgraph's prefixes.

        Parameters
        ----------
        query : str
            The query text. ``sg:``, ``rdfs:``, ``owl:``, ``skos:``, ``prov:``, ``dcterms:``
            and the other prefixes of :data:`spasmgraph.vocab.PREFIXES` need no declaration.
            To run a named query, use :meth:`query`.
        allow_network : bool
            Allow ``SERVICE``, ``LOAD``, and ``FROM``/``USING``/``WITH`` a remote graph, over
            ``http``/``https`` only (never ``file:``). Off by default.
        allow_update : bool
            Allow a SPARQL update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...), which
            changes the graph. Off by default.
        timeout : float or None
            Seconds before :class:`~spasmgraph.errors.QueryTimeoutError`; ``None`` for no limit.
        max_rows : int or None
            Return at most this many SELECT rows; ``result.truncated`` is then True if
            there were more. ``None`` (default) for no cap.
        **bindings
            Initial values for query variables: an :class:`Entity`, an rdflib term, or a
            Python value (bound as a literal).

        Returns
        -------
        SparqlResult, bool, rdflib.Graph or None
            Rows for SELECT (see :class:`~spasmgraph.sparql.SparqlResult`: each row unpacks
            like a tuple and answers by variable name), a bool for ASK, a graph for
            CONSTRUCT/DESCRIBE, ``None`` for an update.

        Raises
        ------
        QuerySyntaxError
            Not SPARQL 1.1 (with line and column), a named query's name, or an update
            without ``allow_update=True``.
        NetworkAccessError
            The query would read outside the loaded graph without ``allow_network=True``.

        Examples
        --------
        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> rows = kg.sparql("SELECT ?t ?label WHERE { ?t a sg:HomeRemedy ; rdfs:label ?label }")
        >>> "stretching" in [label for t, label in rows]
        True
        >>> rows[0].label == rows[0]["label"] == rows[0][1]
        True
        """
        from .sparql.run import run

        terms = {k: _as_term(v) for k, v in bindings.items()}
        return run(
            self._backend,
            query,
            terms,
            allow_network=allow_network,
            allow_update=allow_update,
            timeout=_check.number_or_none(timeout, "timeout"),
            max_rows=max_rows,
        )

    def query(
        self,
        name: str | _named.NamedQuery,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        cache: bool = True,
        **params: Any,
    ) -> Any:
        """Run a named query from ``ontology/queries/`` (or a parsed one) with parameters.

        Entity parameters take any reference :meth:`entity` accepts; values are bound as
        RDF terms, never pasted into the query text. To run SPARQL text, use :meth:`sparql`.

        On spasmgraph's stores, which count their changes, the result of a SELECT is kept
        (the last :data:`QUERY_CACHE_SIZE` queries with their parameters) and given back
        while the graph is unchanged; any change to the graph makes it stale. Results are
        immutable, so sharing them is safe. Pass ``cache=False`` to evaluate afresh.

        Examples
        --------
        >>> import spasmgraph as sg
        >>> rows = sg.load().query("mechanisms-of-cause", cause="intense exercise")
        >>> len(rows) > 0
        True
        """
        from .sparql.run import run_named

        named = _named.named_query(name)
        terms = self.bind_parameters(named, params)
        kept = self._results if cache else None
        seconds = _check.number_or_none(timeout, "timeout")
        return run_named(self._backend, named, terms, timeout=seconds, cache=kept)

    def bind_parameters(
        self, query: _named.NamedQuery, params: Mapping[str, Any]
    ) -> dict[str, Node]:
        """Check *params* against a named query's header and turn them into RDF terms.

        See :func:`spasmgraph.sparql.named.bind_parameters`.

        Raises
        ------
        QueryParameterError
            A parameter the query does not take, or a required one missing.
        """
        # The index is built only if a parameter needs it.
        return _named.bind_parameters(lambda: self.index, query, params, resolve_class=self._class)

    def _param_term(self, param: _named.Parameter, value: Any) -> Node:
        return _named.param_term(lambda: self.index, param, value, resolve_class=self._class)


def _as_term(value: Any) -> Node:
    if isinstance(value, Entity):
        return URIRef(value.iri)
    if isinstance(value, Node):
        return value
    return RDFLiteral(value)
