"""The :class:`KnowledgeGraph` facade: load, look up, query, traverse, convert.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> kg.entity("ibuprofen").types
('owl:NamedIndividual', 'sg:Medication')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from . import _check
from . import entities as _entities
from . import paths as _paths
from .entities import Entity
from .graph_base import QUERY_CACHE_SIZE
from .graph_sparql import SparqlMixin
from .graph_views import ViewsMixin
from .paths import MetaPath, PathList

if TYPE_CHECKING:
    from .paths import Step

__all__ = ["QUERY_CACHE_SIZE", "KnowledgeGraph"]


class KnowledgeGraph(SparqlMixin, ViewsMixin):
    """A loaded spasmgraph knowledge graph.

    Build one with :func:`spasmgraph.load`. The underlying rdflib graph is
    :attr:`graph`; treat it as read-only, or call :meth:`refresh` after changing it.
    The basics (backend, index, language, :meth:`entity`) live in
    :class:`~spasmgraph.graph_base.GraphBase`, SPARQL in
    :class:`~spasmgraph.graph_sparql.SparqlMixin`, evidence, pictures and conversions in
    :class:`~spasmgraph.graph_views.ViewsMixin`.

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
        budget: int = _paths.DEFAULT_BUDGET,
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
        budget : int
            Most partial paths the search may extend (default
            :data:`spasmgraph.paths.DEFAULT_BUDGET`, two million); past it the search
            stops, warns, and ``PathList.truncated`` is true. Raise it on large graphs.

        Returns
        -------
        PathList
            :class:`~spasmgraph.paths.Path` objects in a deterministic order;
            ``.to_columns()``, ``.to_records()`` and ``.to_dataframe()`` give the whole
            result as columns without making a ``Path`` per row.

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
            budget=budget,
        )

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
