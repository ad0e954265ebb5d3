"""The SHACL shapes of ``ontology/shapes.ttl``, run with pyshacl (extra ``validate``).

>>> from rdflib import Namespace
>>> from rdflib.namespace import RDF
>>> SH = Namespace("http://www.w3.org/ns/shacl#")
>>> any(load_shapes().subjects(RDF.type, SH.NodeShape))
True
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Any

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from spasmgraph.validation import _terms as t
from spasmgraph.validation.report import Issue, Level, ValidationReport, make_report

__all__ = ["load_shapes", "shacl_report"]

_SH = Namespace("http://www.w3.org/ns/shacl#")

_SEVERITY_LEVEL: dict[Node, Level] = {
    _SH.Violation: "error",
    _SH.Warning: "warning",
    _SH.Info: "info",
}


def load_shapes() -> Graph:
    """Load the bundled SHACL shapes (``shapes.ttl`` and ``shapes-es.ttl`` of
    ``spasmgraph.ontology``).

    Returns
    -------
    rdflib.Graph
        The shapes graph.
    """
    folder = importlib.resources.files("spasmgraph.ontology")
    shapes = Graph()
    for name in ("shapes.ttl", "shapes-es.ttl"):  # shapes-es.ttl: the label languages
        shapes.parse(data=folder.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return shapes


@functools.lru_cache(maxsize=256)
def _prepared_query(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


class _PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pyshacl runs every SHACL-SPARQL constraint once per focus node, passing the query
    as text; rdflib would re-parse it each time (tens of milliseconds). Caching the
    parsed query makes the shapes about thirty times faster and changes nothing else.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            # pyshacl writes the PREFIX lines in set order, which changes from run to
            # run; sort them so the same query always hits the cache.
            lines = query_object.splitlines()
            prefixes = sorted(line for line in lines if line.startswith("PREFIX "))
            body = [line for line in lines if not line.startswith("PREFIX ")]
            query_object = _prepared_query("\n".join([*prefixes, *body]))
        return super().query(query_object, *args, **kwargs)


def _shacl_rule(
    shapes: Graph, constraint: Node | None, shape: Node | None, component: Node | None
) -> str:
    if isinstance(constraint, URIRef):
        return t.local_name(constraint)
    if isinstance(shape, URIRef):
        return t.local_name(shape)
    if shape is not None:
        for parent in shapes.subjects(_SH.property, shape):
            if isinstance(parent, URIRef):
                return t.local_name(parent)
    if component is not None:
        return t.local_name(component)
    return "shacl"


def _run_pyshacl(data: Graph, shapes: Graph) -> Graph:
    pyshacl = t.import_optional("pyshacl", what="SHACL validation")
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=None,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
        js=False,
        meta_shacl=False,
        do_owl_imports=False,
        inplace=True,
    )
    results_graph: Graph = results
    return results_graph


def _result_issue(results: Graph, result: Node, shapes: Graph, data: Graph) -> Issue:
    focus = results.value(result, _SH.focusNode)
    value = results.value(result, _SH.value)
    path = results.value(result, _SH.resultPath)
    severity = results.value(result, _SH.resultSeverity)
    component = results.value(result, _SH.sourceConstraintComponent)
    rule = _shacl_rule(
        shapes,
        results.value(result, _SH.sourceConstraint),
        results.value(result, _SH.sourceShape),
        component,
    )
    messages = sorted(str(m) for m in results.objects(result, _SH.resultMessage))
    message = t.curies_in_text("; ".join(messages)) if messages else ""
    if not message:
        message = f"violates {t.curie(component)}"
        if isinstance(path, URIRef):
            message += f" on {t.curie(path)}"
    value_text = t.describe(value, data)
    if value is not None and value != focus and value_text not in message:
        message += f" (value: {value_text})"
    level = _SEVERITY_LEVEL.get(severity, "error") if severity is not None else "error"
    return Issue(level, rule, t.describe(focus, data), message)


def shacl_report(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate a graph against SHACL shapes with pyshacl.

    pyshacl runs with ``inference="none"``: the graph must contain the schema, because
    ``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf`` in the data graph,
    and no RDFS or OWL entailment is added, so that a missing ``rdf:type`` is reported
    instead of being inferred from a domain or range. Nothing is fetched: ``owl:imports``
    are not followed, SHACL-AF and SHACL-JS are off, and the shapes graph is local.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to validate; it is copied, never modified.
    shapes : rdflib.Graph, optional
        The shapes; by default the bundled ``shapes.ttl`` (see :func:`load_shapes`).

    Returns
    -------
    ValidationReport
        One issue per ``sh:ValidationResult``. The rule is the local name of the
        SHACL-SPARQL constraint or shape that produced it (for example
        ``relation_provenance``, ``assessment_verdict``), falling back to the
        constraint component (``MinCountConstraintComponent``); the subject is the
        focus node; the message is ``sh:resultMessage`` with IRIs shortened, plus the
        offending value when there is one.

    Raises
    ------
    spasmgraph.errors.MissingDependencyError
        If pyshacl is not installed (``pip install "spasmgraph[validate]"``); it is
        also an :class:`ImportError`.
    """
    shapes_graph = load_shapes() if shapes is None else shapes
    data = t.copy_graph(graph, _PreparedQueryGraph())
    results = _run_pyshacl(data, shapes_graph)
    # Only the results of the report itself: results nested under sh:detail (from
    # sh:node and similar) explain a top-level result and are not issues of their own.
    top_level = [
        result
        for report in results.subjects(RDF.type, _SH.ValidationReport)
        for result in results.objects(report, _SH.result)
    ]
    issues = [_result_issue(results, result, shapes_graph, data) for result in top_level]
    return make_report(issues, ["shacl"])
