"""The :class:`KnowledgeGraph` facade: load, look up, query, traverse, convert.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> kg.entity("ibuprofen").types
('owl:NamedIndividual', 'sg:Medication')
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from . import _check
from . import convert as _convert
from . import entities as _entities
from . import evidence as _evidence
from . import paths as _paths
from .backends import Backend, backend_for
from .backends.deadline import DEFAULT_TIMEOUT
from .entities import Entity
from .errors import InvalidArgumentError, OutputError, UnknownEntityError
from .evidence import Assessment, Caution, RedFlag, TreatmentEvidence
from .index import DEFAULT_LANG, Index, build_index
from .paths import MetaPath, PathList
from .sparql import named as _named

if TYPE_CHECKING:
    import networkx as nx

    from .diagram import Diagram
    from .explore import Explorer
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
    lang : str, optional
        The language of labels, definitions and other texts (default: the index's, else
        English); see :mod:`spasmgraph.index.labels` for the fallback order.
    """

    def __init__(
        self, data: Backend | Graph, *, index: Index | None = None, lang: str | None = None
    ) -> None:
        self._backend: Backend = backend_for(data) if isinstance(data, Graph) else data
        self._lang = _lang(lang) or (index.lang if index is not None else None)
        self._index: Index | None = index
        self._index_stamp = self._stamp()
        # Named-query results by (query, bound parameters), kept for one revision.
        self._results = _named.ResultCache(QUERY_CACHE_SIZE)

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
            self._index = build_index(self._backend, lang=self._lang)
            self._index_stamp = stamp
        return self._index

    def _stamp(self) -> tuple[str, int]:
        found = self._backend.revision()
        return ("size", self._backend.size()) if found is None else ("revision", found)

    def refresh(self) -> None:
        """Forget cached lookups and query results after changing :attr:`graph` in place."""
        self._index = None
        self._results.clear()

    @property
    def lang(self) -> str:
        """The language texts are given in unless a method is asked for another."""
        return self._lang or DEFAULT_LANG

    def _in(self, lang: str | None) -> Index:
        """The index, with its texts in *lang* when one is given."""
        return self.index.in_language(_lang(lang))

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
    def entity(self, ref: str | Entity, *, lang: str | None = None) -> Entity:
        """Resolve a label, synonym, CURIE or IRI to an :class:`Entity`.

        Matching ignores case, accents and extra whitespace, and knows every language's
        labels and synonyms; *lang* picks the language of the entity's texts.

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
        >>> kg.entity("contractura").label, kg.entity("ibuprofen", lang="es").label
        ('contracture', 'ibuprofeno')
        """
        index = self._in(lang)
        return _entities.make_entity(index, _entities.resolve(index, ref))

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

    def search(
        self, text: str, limit: int = 10, *, lang: str | None = None
    ) -> list[tuple[Entity, float]]:
        """Fuzzy search over labels and synonyms in every language, ignoring case and
        accents; returns (entity, score) pairs, best first, with texts in *lang*.

        >>> import spasmgraph as sg
        >>> sg.load().search("ibuprofn")[0][0].label
        'ibuprofen'
        >>> sg.load().search("espasmo muscular", lang="es")[0][0].label
        'espasmo muscular de espalda'
        """
        text = _check.text(text, "text")
        index = self._in(lang)
        return _entities.search(index, text, _check.positive_int(limit, "limit"))

    def _class(self, ref: str, *, role: str) -> URIRef:
        return _paths.resolve_class(self.index, ref, role=role)

    # -- paths --------------------------------------------------------------------------
    def paths(
        self,
        source: str | Entity,
        target: str | Entity | None = None,
        *,
        via: Sequence[str] | None = None,
        metapath: MetaPath | str | None = None,
        relations: str | Sequence[str] = _paths.DEFAULT_RELATIONS,
        max_hops: int = 4,
        limit: int = 1000,
        min_evidence: str | None = None,
        order: Literal["length", "evidence"] = "length",
        lang: str | None = None,
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
            replaces *target*, *via*, *relations* and *max_hops* (it names its properties).
        relations : str or sequence of str
            The relation kinds to follow: by default ``("causal", "therapeutic", "care",
            "safety")``; add ``"prognostic"`` or ``"structural"``, or pass ``"all"`` for
            every object property. A graph that declares no relation kinds
            (``sg:relationKind``) has every property followed.
        max_hops : int
            Longest path, from 1 to :data:`spasmgraph.paths.MAX_HOPS`.
        limit : int
            Most paths returned; ``PathList.truncated`` tells if more exist.
        min_evidence : str, optional
            Keep only paths whose every graded step has at least this verdict (the
            ``sg:Verdict`` names of the graph: ``"supported"``, ``"mixed"``,
            ``"insufficient"``, ``"unsupported"``, ``"contradicted"``). A step's verdict is
            its own relation's assessment; unassessed or *not assessed* steps never pass,
            structural steps (types, drug classes, regimens) are neutral.
        order : {"length", "evidence"}
            Shortest first (default), or strongest evidence first (structural steps
            neutral).
        lang : str, optional
            The language of the labels the paths show (default: the graph's).

        Returns
        -------
        PathList
            :class:`~spasmgraph.paths.Path` objects in a deterministic order.

        Raises
        ------
        InvalidPathSpecError
            Unknown class or relation kind, bad ``max_hops`` or ``limit``, malformed
            metapath.
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
        return _paths.query_paths(
            self._in(lang),
            source,
            target,
            via=via,
            metapath=metapath,
            relations=relations,
            max_hops=max_hops,
            limit=limit,
            min_evidence=min_evidence,
            order=order,
        )

    # -- SPARQL -------------------------------------------------------------------------
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
        return _named.bind_parameters(
            lambda: self.index, query, params, resolve_class=self._class
        )

    def _param_term(self, param: _named.Parameter, value: Any) -> Node:
        return _named.param_term(lambda: self.index, param, value, resolve_class=self._class)

    def relations(self, ref: str | Entity) -> tuple[Step, ...]:
        """Every relation of an entity, outgoing then incoming, in stated direction.

        Each :class:`~spasmgraph.paths.Step` carries its kind, provenance and the verdict
        of its own assessment (none for a structural relation).

        >>> import spasmgraph as sg
        >>> step = sg.load().relations("ibuprofen")[0]
        >>> print(step)
        ibuprofen —acts on→ muscle inflammation
        >>> step.predicate, step.kind, step.provenance[0].mode
        ('sg:actsOn', 'therapeutic', 'stated')
        """
        return _paths.relations_of(self.index, _entities.resolve(self.index, ref))

    # -- evidence and safety ------------------------------------------------------------
    def evidence(
        self, ref: str | Entity | Path | Step | tuple[str, str, str], *, lang: str | None = None
    ) -> tuple[Assessment, ...]:
        """Evidence assessments, with citations, for a relation, a path or an entity.

        Parameters
        ----------
        ref : str, Entity, Path, Step or (subject, predicate, object)
            A relation (a :class:`Step` or a triple of references) gives its own
            assessment; a :class:`Path` those of its steps, in order; an entity those of
            its relations; an article claim its claim assessments (see
            :func:`spasmgraph.evidence.claim_assessments`).
        lang : str, optional
            The language of labels and rationales (default: the graph's).

        Examples
        --------
        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> sorted({a.verdict for a in kg.evidence("sg:claim_t1")})
        ['contradicted']
        """
        return _evidence.assessments_for(self._in(lang), ref, graph=self.graph)

    def red_flags(self, *, lang: str | None = None) -> tuple[RedFlag, ...]:
        """Red flags that call for medical evaluation, most urgent first, with their care
        actions, their texts in *lang* (default: the graph's).

        >>> import spasmgraph as sg
        >>> sg.load().red_flags()[0].urgency
        'emergency'
        """
        return _evidence.red_flags(self._in(lang), graph=self.graph)

    def cautions(self, treatment: str | Entity, *, lang: str | None = None) -> tuple[Caution, ...]:
        """Safety cautions for a treatment, including those of its drug class, their texts
        in *lang* (default: the graph's).

        >>> import spasmgraph as sg
        >>> any(c.max_daily_dose_mg == 4000 for c in sg.load().cautions("paracetamol"))
        True
        """
        return _evidence.cautions(self._in(lang), treatment, graph=self.graph)

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
        lang: str | None = None,
    ) -> Diagram:
        """Draw the graph, a neighbourhood, some paths or the schema; see :mod:`spasmgraph.diagram`.

        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> kg.diagram(focus="ibuprofen").to_dot().startswith("digraph")
        True
        """
        from .diagram import make_diagram
        from .paths import Path as _Path

        if paths is not None and (
            not isinstance(paths, Sequence) or not all(isinstance(p, _Path) for p in paths)
        ):
            raise InvalidArgumentError(
                f"paths= takes the Path objects of kg.paths(...), not {type(paths).__name__}"
            )
        return make_diagram(
            self._in(lang),
            focus=focus,
            radius=radius,
            paths=paths,
            schema=schema,
            title=title,
            lang=_lang(lang),
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
        G = _convert.to_networkx(self.graph, self.index)
        return _convert.flatten(G) if flatten else G

    # -- rdflib and mapping habits ------------------------------------------------------
    @overload
    def serialize(self, destination: None = None, format: str = "turtle") -> str: ...

    @overload
    def serialize(
        self, destination: str | os.PathLike[str], format: str = "turtle"
    ) -> pathlib.Path: ...

    def serialize(
        self, destination: str | os.PathLike[str] | None = None, format: str = "turtle"
    ) -> str | pathlib.Path:
        """The triples in an RDF syntax, as text or written to a file, as rdflib's.

        Parameters
        ----------
        destination : path-like, optional
            Where to write (atomically: a reader never sees half a file). Without it the
            text is returned.
        format : str
            An rdflib serialiser: ``"turtle"`` (default), ``"nt"``, ``"xml"``,
            ``"json-ld"``, ``"trig"``, ...

        Returns
        -------
        str or pathlib.Path
            The text, or the path written.

        Raises
        ------
        OutputError
            An unknown format, or a destination that cannot be written.

        Examples
        --------
        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> kg.serialize(format="nt").count("\\n") == len(kg)
        True
        >>> kg.serialize(format="docx")
        Traceback (most recent call last):
        ...
        spasmgraph.errors.OutputError: unknown RDF format 'docx'; use one of turtle, ...
        """
        from rdflib.plugin import PluginException

        from ._files import atomic_write

        _check.text(format, "format")
        try:
            data: bytes = self.graph.serialize(format=format, encoding="utf-8")
        except PluginException:
            raise OutputError(
                f"unknown RDF format {format!r}; use one of turtle, nt, xml, json-ld, trig, n3"
            ) from None
        if destination is None:
            return data.decode("utf-8")
        return atomic_write(destination, data)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        """Iterate over the triples, as iterating an rdflib graph does.

        >>> import spasmgraph as sg
        >>> kg = sg.load()
        >>> sum(1 for _ in kg) == len(kg)
        True
        """
        return iter(self.graph)

    def __getitem__(self, ref: str | Entity) -> Entity:
        """``kg["ibuprofen"]`` is ``kg.entity("ibuprofen")``.

        >>> import spasmgraph as sg
        >>> sg.load()["Paracetamol"].curie
        'sg:acetaminophen'
        """
        return self.entity(ref)

    def subclasses(self, cls: str | Entity) -> tuple[Entity, ...]:
        """Every class below *cls* (not *cls* itself), the closest first, then by label.

        >>> import spasmgraph as sg
        >>> [c.label for c in sg.load().subclasses("Treatment")][:2]
        ['diet or lifestyle measure', 'home remedy']
        """
        index = self.index
        top = self._class(cls.iri if isinstance(cls, Entity) else cls, role="class")
        below = [c for c in index.classes if c != top and top in index.ancestors.get(c, ())]
        below.sort(key=lambda c: (len(index.ancestors.get(c, ())), index.label(c).casefold()))
        return tuple(_entities.make_entity(index, c) for c in below)

    def superclasses(self, cls: str | Entity) -> tuple[Entity, ...]:
        """Every class above *cls* (not *cls* itself), the closest first, then by label.

        >>> import spasmgraph as sg
        >>> [c.label for c in sg.load().superclasses("HomeRemedy")]
        ['treatment']
        """
        index = self.index
        low = self._class(cls.iri if isinstance(cls, Entity) else cls, role="class")
        above = [c for c in index.ancestors.get(low, ()) if c != low]
        above.sort(key=lambda c: (-len(index.ancestors.get(c, ())), index.label(c).casefold()))
        return tuple(_entities.make_entity(index, c) for c in above)

    def explore(
        self,
        *,
        focus: str | Entity | None = None,
        radius: int = 1,
        paths: Sequence[Path] | Path | None = None,
        entities: Sequence[str | Entity] | None = None,
        lang: str | None = None,
    ) -> Explorer:
        """An interactive, offline HTML page of the graph; see :mod:`spasmgraph.explore`.

        >>> import spasmgraph as sg
        >>> page = sg.load().explore(focus="ibuprofen")
        >>> page
        <Explorer mode='focus': ... nodes, ... edges>
        >>> page.write("ibuprofen.html")  # doctest: +SKIP
        PosixPath('ibuprofen.html')
        """
        from .explore import make_explorer

        return make_explorer(
            self.index,
            graph=self.graph,
            focus=focus,
            radius=radius,
            paths=paths,
            entities=entities,
            lang=lang,
            backend=self.backend,
        )

    def recommendations(
        self, treatment: str | Entity, *, lang: str | None = None
    ) -> TreatmentEvidence:
        """Guideline recommendations about a treatment, next to what the article claims.

        See :func:`spasmgraph.evidence.recommendations`.

        >>> import spasmgraph as sg
        >>> found = sg.load().recommendations("paracetamol")
        >>> found.recommendations[0].direction, found.article[0].verdict
        ('do not offer alone', 'contradicted')
        """
        return _evidence.recommendations(self.index, treatment, graph=self.graph, lang=lang)

    def triage(self, feature: str | Entity, *, lang: str | None = None) -> tuple[RedFlag, ...]:
        """The red flags a symptom, finding or history item signals, most urgent first.

        See :func:`spasmgraph.evidence.triage`.

        >>> import spasmgraph as sg
        >>> sg.load().triage("saddle anaesthesia")[0].urgency
        'emergency'
        """
        return _evidence.triage(self.index, feature, graph=self.graph, lang=lang)


def _lang(lang: object) -> str | None:
    """A language tag as given (``None`` for the default), checked."""
    if lang is None:
        return None
    if not isinstance(lang, str) or not lang.strip() or " " in lang.strip():
        raise InvalidArgumentError(f"lang= takes a language tag such as 'en' or 'es', not {lang!r}")
    return lang.strip()


def _as_term(value: Any) -> Node:
    if isinstance(value, Entity):
        return URIRef(value.iri)
    if isinstance(value, Node):
        return value
    return RDFLiteral(value)

