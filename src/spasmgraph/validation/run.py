"""One call for every check: :func:`validate`.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix sg: <https://w3id.org/spasmgraph/> .
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... sg:Cause a owl:Class .
... ''', format="turtle")
>>> report = validate(g, shacl=False)
>>> report.conforms, report.checks
(False, ('quality',))
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Graph

from spasmgraph.errors import MissingDependencyError, OntologyLoadError
from spasmgraph.validation.quality import quality_report
from spasmgraph.validation.reasoning import not_run, reasoning_report
from spasmgraph.validation.report import ValidationReport
from spasmgraph.validation.shacl import shacl_report

__all__ = ["HasGraph", "validate"]


class HasGraph(Protocol):
    """Anything with an rdflib graph in its ``graph`` attribute, such as a KnowledgeGraph."""

    @property
    def graph(self) -> Graph:
        """The RDF graph to check."""
        ...


def _as_graph(source: Graph | HasGraph) -> Graph:
    if isinstance(source, Graph):
        return source
    graph = getattr(source, "graph", None)
    if not isinstance(graph, Graph):
        raise OntologyLoadError(
            f"an object of type {type(source).__name__}",
            "validate() needs an rdflib.Graph or a KnowledgeGraph",
        )
    return graph


def validate(
    graph: Graph | HasGraph, *, shacl: bool = True, reasoning: bool = False
) -> ValidationReport:
    """Run the quality checks and, as asked, the SHACL shapes and the reasoning checks.

    Also available as ``spasmgraph.validate(kg)`` and ``kg.validate()``. A check whose
    optional dependency is missing is skipped with a ``<check>_not_run`` warning that
    says what to install (``pip install "spasmgraph[validate]"``); the other checks
    still run. :attr:`ValidationReport.checks` names the checks that ran, ``"owlapi"``
    among them when the OWL API (Java) check ran.

    Parameters
    ----------
    graph : rdflib.Graph or KnowledgeGraph
        The graph to check (it is not modified), or any object whose ``graph`` attribute
        holds one.
    shacl : bool, optional
        Also run :func:`~spasmgraph.validation.shacl_report` with the bundled shapes
        (default ``True``).
    reasoning : bool, optional
        Also run :func:`~spasmgraph.validation.reasoning_report` with its defaults
        (default ``False``).

    Returns
    -------
    ValidationReport
        All issues of the checks that ran, errors first.

    Raises
    ------
    spasmgraph.errors.OntologyLoadError
        If ``graph`` is neither an rdflib graph nor holds one.
    """
    data = _as_graph(graph)
    report = quality_report(data)
    if shacl:
        try:
            report += shacl_report(data)
        except MissingDependencyError as exc:
            report += ValidationReport((not_run("shacl", exc),))
    if reasoning:
        report += reasoning_report(data, missing_extra="report")
    return report
