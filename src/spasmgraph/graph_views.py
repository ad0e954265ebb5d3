"""The evidence, picture and export part of the :class:`~spasmgraph.graph.KnowledgeGraph` facade.

Evidence and safety (:mod:`spasmgraph.evidence`), validation, diagrams, the explorer,
networkx and RDF serialization: each method delegates to its feature module.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, overload

from rdflib.term import Node

from . import _check
from .entities import Entity
from .errors import InvalidArgumentError, OutputError
from .graph_base import GraphBase

if TYPE_CHECKING:
    import networkx as nx

    from .diagram import Diagram
    from .evidence import Assessment, Caution, RedFlag, TreatmentEvidence
    from .explore import Explorer
    from .paths import Path, Step
    from .validation import ValidationReport

__all__ = ["ViewsMixin"]


class ViewsMixin(GraphBase):
    """Evidence, validation, diagrams, the explorer and conversions, for :class:`KnowledgeGraph`."""

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
        from . import evidence as _evidence

        return _evidence.assessments_for(self._in(lang), ref, graph=self.graph)

    def red_flags(self, *, lang: str | None = None) -> tuple[RedFlag, ...]:
        """Red flags that call for medical evaluation, most urgent first, with their care
        actions, their texts in *lang* (default: the graph's).

        >>> import spasmgraph as sg
        >>> sg.load().red_flags()[0].urgency
        'emergency'
        """
        from . import evidence as _evidence

        return _evidence.red_flags(self._in(lang), graph=self.graph)

    def cautions(self, treatment: str | Entity, *, lang: str | None = None) -> tuple[Caution, ...]:
        """Safety cautions for a treatment, including those of its drug class, their texts
        in *lang* (default: the graph's).

        >>> import spasmgraph as sg
        >>> any(c.max_daily_dose_mg == 4000 for c in sg.load().cautions("paracetamol"))
        True
        """
        from . import evidence as _evidence

        return _evidence.cautions(self._in(lang), treatment, graph=self.graph)

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
        from . import evidence as _evidence

        return _evidence.recommendations(self.index, treatment, graph=self.graph, lang=lang)

    def triage(self, feature: str | Entity, *, lang: str | None = None) -> tuple[RedFlag, ...]:
        """The red flags a symptom, finding or history item signals, most urgent first.

        See :func:`spasmgraph.evidence.triage`.

        >>> import spasmgraph as sg
        >>> sg.load().triage("saddle anaesthesia")[0].urgency
        'emergency'
        """
        from . import evidence as _evidence

        return _evidence.triage(self.index, feature, graph=self.graph, lang=lang)

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
            lang=_check.lang_tag(lang),
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
        from . import convert as _convert

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
