"""The :class:`KnowledgeGraph` facade: load, look up, query, traverse, convert.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> kg.entity("ibuprofen").types
('owl:NamedIndividual', 'sg:Medication')
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from . import entities as _entities
from . import paths as _paths
from . import queries as _queries
from . import view as _view
from .backends import Backend, backend_for
from .backends.deadline import DEFAULT_TIMEOUT
from .entities import Entity
from .errors import InvalidPathSpecError, QueryParameterError, UnknownEntityError
from .index import Index, build_index
from .paths import MetaPath, PathList
from .vocab import SG

if TYPE_CHECKING:
    import networkx as nx

    from .diagram import Diagram
    from .evidence import Assessment, Caution, RedFlag
    from .paths import Path, Step
    from .validation import ValidationReport

__all__ = ["QUERY_CACHE_SIZE", "KnowledgeGraph"]

QUERY_CACHE_SIZE = 128
"""How many named-query results a :class:`KnowledgeGraph` keeps; see its ``query()``."""


class KnowledgeGraph:
    """A loaded spasmgraph knowledge graph.

    Build one with :func:`spasmgraph.load`. The underlying rdflib graph is
    :attr:`graph`; treat it as read-only, or call :meth:`refresh` after changing it.

    Parameters
    ----------
    data : Backend or rdflib.Graph
        The backend holding the triples, or an rdflib graph (served by the backend of
        its store, see :func:`spasmgraph.backends.backend_for`).
    index : Index, optional
        A prebuilt index of exactly these triples.
    """

    def __init__(self, data: Backend | Graph, *, index: Index | None = None) -> None:
        self._backend: Backend = backend_for(data) if isinstance(data, Graph) else data
        self._index: Index | None = index
        self._index_stamp = self._stamp()
        # Named-query results by (query, bound parameters), with the revision they hold for.
        self._results: OrderedDict[tuple[str, ...], tuple[int, Any]] = OrderedDict()

    # -- basics -------------------------------------------------------------------------
    @property
    def graph(self) -> Graph:
        """The rdflib :class:`~rdflib.Graph` holding the triples."""
        return self._backend.graph

    @property
    def store(self) -> str:
        """Name of the backend that holds the triples (``"memory"``, ``"oxigraph"``, ...)."""
        return self._backend.name

    @property
    def backend(self) -> Backend:
        """The storage backend (see :mod:`spasmgraph.backends`)."""
        return self._backend

    @property
    def index(self) -> Index:
        """Lookup tables over the graph, rebuilt when the graph has changed.

        spasmgraph's stores count their changes (:meth:`Backend.revision`); over another
        rdflib store, a change of size is what triggers a rebuild, so call :meth:`refresh`
        after an edit that keeps the size.
        """
        stamp = self._stamp()
        if self._index is None or stamp != self._index_stamp:
            self._index = build_index(self._backend)
            self._index_stamp = stamp
        return self._index

    def _stamp(self) -> tuple[str, int]:
        found = self._backend.revision()
        return ("size", self._backend.size()) if found is None else ("revision", found)

    def refresh(self) -> None:
        """Forget cached lookups and query results after changing :attr:`graph` in place."""
        self._index = None
        self._results.clear()

    def __len__(self) -> int:
        return self._backend.size()

    def __contains__(self, ref: object) -> bool:
        try:
            self.entity(ref)  # type: ignore[arg-type]
        except (UnknownEntityError, KeyError):
            return False
        return True

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} triples, store={self.store!r}>"

    # -- entities -----------------------------------------------------------------------
    def entity(self, ref: str | Entity) -> Entity:
        """Resolve a label, synonym, CURIE or IRI to an :class:`Entity`.

        Matching ignores case and extra whitespace.

        Raises
        ------
        UnknownEntityError
            Nothing matches; the message names the closest labels.

        Examples
        --------
        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> kg.entity("  PARACETAMOL ").label
        'acetaminophen'
        >>> kg.entity("ibuprofin")
        Traceback (most recent call last):
        ...
        spasmgraph.errors.UnknownEntityError: unknown entity 'ibuprofin'; did you mean 'ibuprofen'?
        """
        return _entities.make_entity(self.index, _entities.resolve(self.index, ref))

    def entities(self, cls: str | None = None) -> list[Entity]:
        """Every labelled entity, or every instance of class *cls* (with subclasses).

        >>> import spasmgraph as sg
        >>> "lower back" in [e.label for e in sg.load().entities("BodyRegion")]
        True
        """
        index = self.index
        if cls is None:
            iris = sorted(i for i in index.labels if i not in index.classes)
        else:
            iris = index.instances(self._class(cls, role="class"))
        return [_entities.make_entity(index, i) for i in iris]

    def search(self, text: str, limit: int = 10) -> list[tuple[Entity, float]]:
        """Fuzzy search over labels and synonyms; returns (entity, score) pairs, best first.

        >>> import spasmgraph as sg
        >>> sg.load().search("ibuprofn")[0][0].label
        'ibuprofen'
        """
        return _entities.search(self.index, text, limit)

    def _class(self, ref: str, *, role: str) -> URIRef:
        index = self.index
        hits = index.matches(ref)
        classes = sorted(i for i in hits if i in index.classes)
        if classes:
            return classes[0]
        known = sorted(index.label(c) for c in index.classes if str(c).startswith(str(SG)))
        suggestion = _entities.suggest_from(ref, known)
        raise InvalidPathSpecError(
            f"{role} {ref!r} is not a class of the ontology{suggestion}; "
            f"classes include: {', '.join(known[:12])}"
        )

    # -- paths --------------------------------------------------------------------------
    def paths(
        self,
        source: str | Entity,
        target: str | Entity | None = None,
        *,
        via: Sequence[str] | None = None,
        metapath: MetaPath | str | None = None,
        max_hops: int = 4,
        limit: int = 1000,
        min_evidence: str | None = None,
        order: Literal["length", "evidence"] = "length",
    ) -> PathList:
        """Find typed paths from *source* to *target*.

        Parameters
        ----------
        source : str or Entity
            An entity, or a class (then paths start from each of its instances).
        target : str or Entity, optional
            A class (``"Treatment"``, ``"sg:HomeRemedy"``) or an entity. Required unless
            *metapath* is given.
        via : sequence of str, optional
            Classes the intermediate nodes must belong to, e.g. ``["Mechanism"]``.
        metapath : MetaPath or str, optional
            A typed pattern such as ``"Cause -triggers-> Mechanism <-actsOn- Treatment"``;
            replaces *target*, *via* and *max_hops*.
        max_hops : int
            Longest path, from 1 to :data:`spasmgraph.paths.MAX_HOPS`.
        limit : int
            Most paths returned; ``PathList.truncated`` tells if more exist.
        min_evidence : str, optional
            Keep only paths whose weakest step has at least this verdict
            (``"supported"``, ``"mixed"``, ``"insufficient"``, ``"unsupported"``,
            ``"contradicted"``). Unassessed steps never pass.
        order : {"length", "evidence"}
            Shortest first (default), or strongest evidence first.

        Returns
        -------
        PathList
            :class:`~spasmgraph.paths.Path` objects in a deterministic order.

        Raises
        ------
        InvalidPathSpecError
            Unknown class, bad ``max_hops`` or ``limit``, malformed metapath.
        UnknownEntityError
            Unknown source or target entity.

        Examples
        --------
        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> p = kg.paths("intense exercise", "Treatment", via=["Mechanism"])[0]
        >>> p.nodes[0], len(p) >= 2
        ('sg:intense_exercise', True)
        >>> kg.paths("intense exercise", "Treatment", max_hops=0)
        Traceback (most recent call last):
        ...
        spasmgraph.errors.InvalidPathSpecError: max_hops=0 makes no sense; ...
        """
        index = self.index
        _paths.check_hops(max_hops)
        sources = self._sources(source)
        if metapath is not None:
            if target is not None or via is not None:
                raise InvalidPathSpecError("give either metapath= or target/via, not both")
            mp = MetaPath.parse(metapath) if isinstance(metapath, str) else metapath
            start = self._class(mp.source, role="metapath class")
            sources = [s for s in sources if index.is_instance(s, start)]
            hops = [self._hop(step) for step in mp.steps]
            return _paths.find_paths(
                index,
                sources,
                hops=hops,
                max_hops=max(len(hops), 1),
                limit=limit,
                min_evidence=min_evidence,
                order=order,
            )
        if target is None:
            raise InvalidPathSpecError("paths() needs a target class or entity, or a metapath=")
        target_entity, target_classes = self._target(target)
        via_classes = None if via is None else [self._class(v, role="via class") for v in via]
        return _paths.find_paths(
            index,
            sources,
            target_entity=target_entity,
            target_classes=target_classes,
            via=via_classes,
            max_hops=max_hops,
            limit=limit,
            min_evidence=min_evidence,
            order=order,
        )

    def _sources(self, source: str | Entity) -> list[URIRef]:
        index = self.index
        if isinstance(source, str):
            hits = index.matches(source)
            classes = [i for i in hits if i in index.classes]
            if classes:
                return index.instances(sorted(classes)[0])
        return [_entities.resolve(index, source)]

    def _target(self, target: str | Entity) -> tuple[URIRef | None, list[URIRef]]:
        index = self.index
        if isinstance(target, Entity):
            return _entities.resolve(index, target), []
        hits = index.matches(target)
        classes = sorted(i for i in hits if i in index.classes)
        if classes:
            return None, classes[:1]
        if hits:
            return _entities.resolve(index, target), []
        self._class(target, role="target")  # raises with suggestions
        raise AssertionError("unreachable")  # pragma: no cover

    def _hop(self, step: _paths.MetaStep) -> tuple[URIRef, bool, frozenset[URIRef]]:
        index = self.index
        hits = index.matches(step.predicate)
        props = sorted(i for i in hits if i in index.object_properties)
        if not props:
            raise InvalidPathSpecError(
                f"{step.predicate!r} is not an object property; use e.g. triggers, leadsTo, actsOn"
            )
        prop = props[0]
        if step.inverse:
            inverse = index.inverse_of.get(prop)
            if inverse is None:
                # Walking a property backwards without a named inverse: represent it by
                # the property itself, flagged as travelled in reverse.
                raise InvalidPathSpecError(
                    f"{step.predicate!r} has no owl:inverseOf in the ontology, so it cannot be "
                    "walked backwards; use a property with a declared inverse "
                    "(actsOn, relieves, treats)"
                )
            prop = inverse
        return prop, step.inverse, frozenset([self._class(step.target, role="metapath class")])

    # -- SPARQL -------------------------------------------------------------------------
    def sparql(
        self,
        query: str,
        *,
        allow_network: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        **bindings: Any,
    ) -> Any:
        """Run a SPARQL 1.1 query with spasmgraph's prefixes predeclared.

        Parameters
        ----------
        query : str
            The query text. ``sg:``, ``rdfs:``, ``owl:``, ``skos:``, ``prov:``, ``dcterms:``
            and the other prefixes of :data:`spasmgraph.vocab.PREFIXES` need no declaration.
        allow_network : bool
            Allow ``SERVICE``, remote ``FROM`` and ``LOAD``. Off by default.
        timeout : float or None
            Seconds before :class:`~spasmgraph.errors.QueryTimeoutError`; ``None`` for no limit.
        **bindings
            Initial values for query variables: an :class:`Entity`, an rdflib term, or a
            Python value (bound as a literal).

        Returns
        -------
        SparqlResult, bool, rdflib.Graph or None
            Rows for SELECT, a bool for ASK, a graph for CONSTRUCT/DESCRIBE.

        Examples
        --------
        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> rows = kg.sparql("SELECT ?label WHERE { ?t a sg:HomeRemedy ; rdfs:label ?label }")
        >>> "stretching" in [r["label"] for r in rows]
        True
        """
        terms = {k: _as_term(v) for k, v in bindings.items()}
        from . import sparql as _sparql

        return _sparql.run(
            self._backend, query, terms, allow_network=allow_network, timeout=timeout
        )

    def query(
        self,
        name: str | _queries.NamedQuery,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        cache: bool = True,
        **params: Any,
    ) -> Any:
        """Run a named query from ``ontology/queries/`` (or a parsed one) with parameters.

        Entity parameters take any reference :meth:`entity` accepts; values are bound as
        RDF terms, never pasted into the query text.

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
        named = name if isinstance(name, _queries.NamedQuery) else _queries.get_query(name)
        terms = self.bind_parameters(named, params)
        from . import sparql as _sparql

        key = (named.text, *sorted(f"{k}={v.n3()}" for k, v in terms.items()))
        before = self._backend.revision()
        kept = self._results.get(key) if cache else None
        if kept is not None and before is not None and kept[0] == before:
            self._results.move_to_end(key)
            return kept[1]
        result = _sparql.run(self._backend, named.text, terms, timeout=timeout)
        if (
            before is not None
            and before == self._backend.revision()
            and isinstance(result, _sparql.SparqlResult)
        ):
            self._results[key] = (before, result)
            if len(self._results) > QUERY_CACHE_SIZE:
                self._results.popitem(last=False)
        return result

    def bind_parameters(
        self, query: _queries.NamedQuery, params: Mapping[str, Any]
    ) -> dict[str, Node]:
        """Check *params* against a named query's header and turn them into RDF terms.

        Raises
        ------
        QueryParameterError
            A parameter the query does not take, or a required one missing.
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
            raise QueryParameterError(
                f"query {query.name!r} needs parameter(s): {', '.join(missing)}"
            )
        return {k: self._param_term(declared[k], v) for k, v in params.items()}

    def _param_term(self, param: _queries.Parameter, value: Any) -> Node:
        if param.type == "entity":
            return URIRef(self.entity(value).iri) if not isinstance(value, URIRef) else value
        if param.type == "class":
            return self._class(str(value), role=f"parameter {param.name}")
        if param.type == "verdict":
            rank = _paths.check_verdict(str(value))
            return SG[_paths.VERDICTS[rank].capitalize()]
        if param.type == "integer":
            try:
                return RDFLiteral(int(value))
            except (TypeError, ValueError):
                raise QueryParameterError(
                    f"parameter {param.name} must be an integer, not {value!r}"
                ) from None
        return RDFLiteral(str(value))

    def relations(self, ref: str | Entity) -> tuple[Step, ...]:
        """Every relation of an entity, outgoing then incoming, in stated direction.

        Each :class:`~spasmgraph.paths.Step` carries its provenance and evidence verdict.

        >>> import spasmgraph as sg
        >>> step = sg.load().relations("ibuprofen")[0]
        >>> step.predicate, step.provenance[0].mode, step.verdict
        ('sg:actsOn', 'stated', 'mixed')
        """
        index = self.index
        iri = _entities.resolve(index, ref)
        out = [(iri, p, o) for p, o in index.out_edges.get(iri, ())]
        inc = [(s, p, iri) for p, s in index.in_edges.get(iri, ())]
        return tuple(_paths.relation_step(index, s, p, o) for s, p, o in out + inc)

    # -- evidence and safety ------------------------------------------------------------
    def evidence(
        self, ref: str | Entity | Path | Step | tuple[str, str, str]
    ) -> tuple[Assessment, ...]:
        """Evidence assessments, with citations, for an entity, a relation or a path.

        Parameters
        ----------
        ref : str, Entity, Path, Step or (subject, predicate, object)
            An entity reference gives the assessments of every claim its relations express;
            a relation (a :class:`Step` or a triple of references) gives those of its claims;
            a :class:`Path` gives those of all its steps, in order.

        Examples
        --------
        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> sorted({a.verdict for a in kg.evidence("acetaminophen")})
        ['contradicted']
        """
        from .evidence import assessments_for

        return assessments_for(self, ref)

    def red_flags(self) -> tuple[RedFlag, ...]:
        """Red flags that call for medical evaluation, most urgent first.

        >>> import spasmgraph as sg
        >>> sg.load().red_flags()[0].urgency
        'emergency'
        """
        from .evidence import red_flags

        return red_flags(self)

    def cautions(self, treatment: str | Entity) -> tuple[Caution, ...]:
        """Safety cautions for a treatment, including those of its drug class.

        >>> import spasmgraph as sg
        >>> any(c.max_daily_dose_mg == 4000 for c in sg.load().cautions("paracetamol"))
        True
        """
        from .evidence import cautions

        return cautions(self, treatment)

    # -- validation and diagrams -------------------------------------------------------
    def validate(self, *, shacl: bool = True, reasoning: bool = False) -> ValidationReport:
        """Run the quality report, and SHACL (needs ``spasmgraph[validate]``) by default.

        >>> import spasmgraph as sg
        >>> sg.load().validate(shacl=False).conforms
        True
        """
        from .validation import validate

        return validate(self.graph, shacl=shacl, reasoning=reasoning)

    def diagram(
        self,
        *,
        focus: str | Entity | None = None,
        radius: int = 1,
        paths: Sequence[Path] | None = None,
        schema: bool = False,
        title: str | None = None,
    ) -> Diagram:
        """Draw the graph, a neighbourhood, some paths or the schema; see :mod:`spasmgraph.diagram`.

        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> kg.diagram(focus="ibuprofen").to_dot().startswith("digraph")
        True
        """
        from .diagram import make_diagram

        return make_diagram(
            self.index,
            focus=focus,
            radius=radius,
            paths=paths,
            schema=schema,
            title=title,
            backend=self.backend,
        )

    # -- conversions --------------------------------------------------------------------
    def to_networkx(self, *, flatten: bool = False) -> nx.MultiDiGraph[str]:
        """The graph as a typed :class:`networkx.MultiDiGraph`; see :mod:`spasmgraph.convert`.

        With ``flatten=True`` every attribute value is a string, number or boolean (lists
        as JSON text, see :func:`spasmgraph.convert.flatten`), so ``nx.write_graphml`` and
        ``nx.write_gexf`` accept the result; :func:`spasmgraph.from_networkx` needs the
        unflattened view.

        >>> import spasmgraph as sg
        >>> sg.load().to_networkx(flatten=True).nodes["sg:ibuprofen"]["types"]
        '["owl:NamedIndividual", "sg:Medication"]'
        """
        G = _view.to_networkx(self.graph, self.index)
        return _view.flatten(G) if flatten else G


def _as_term(value: Any) -> Node:
    if isinstance(value, Entity):
        return URIRef(value.iri)
    if isinstance(value, Node):
        return value
    return RDFLiteral(value)

