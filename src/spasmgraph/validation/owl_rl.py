"""The OWL 2 RL closure with owlrl (extra ``validate``): inconsistencies and ill-typed data.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix sg: <https://w3id.org/spasmgraph/> .
... @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
... sg:heat sg:durationMinutes "ten"^^xsd:integer .
... ''', format="turtle")
>>> [(i.rule, i.subject) for i in owl_rl_issues(g)]
[('ill_typed_literal', 'sg:heat')]
"""

from __future__ import annotations

import re

from rdflib import Graph, Namespace, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import OWL, RDF

from spasmgraph.validation import _terms as t
from spasmgraph.validation.report import GRAPH_SUBJECT, Issue

__all__ = ["owl_rl_issues"]

_OWLRL_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def _ill_typed_issues(graph: Graph) -> list[Issue]:
    # Found here, with their subject; owlrl's own message names only the literal.
    return [
        Issue(
            "error",
            "ill_typed_literal",
            t.curie(s),
            f"{t.curie(p)} value {t.curie(o)} is not a valid {t.curie(o.datatype)}",
        )
        for s, p, o in graph
        if isinstance(o, RDFLiteral) and o.ill_typed
    ]


def _error_message_issues(graph: Graph, closure: Graph) -> list[Issue]:
    issues: list[Issue] = []
    for node in closure.subjects(RDF.type, _OWLRL_ERR.ErrorMessage):
        if (node, RDF.type, _OWLRL_ERR.ErrorMessage) in graph:
            continue
        text = str(closure.value(node, _OWLRL_ERR.error) or "")
        if text.startswith("Lexical value of the literal") or "defined of type 'Nothing'" in text:
            continue
        common = re.search(r"common individual (\S+)\s*$", text)
        iris = [iri for _, iri in t.iris_in_text(text)]
        if common:
            subject = t.curie(URIRef(common.group(1)))
        elif iris:
            subject = t.curie(URIRef(iris[0]))
        else:
            subject = GRAPH_SUBJECT
        message = f"OWL 2 RL: {t.curies_in_text(text)}"
        issues.append(Issue("error", "owl_rl_inconsistency", subject, message))
    return issues


def _nothing_issues(closure: Graph) -> list[Issue]:
    return [
        Issue(
            "error",
            "owl_rl_inconsistency",
            t.curie(individual),
            "OWL 2 RL: the individual is an instance of owl:Nothing",
        )
        for individual in sorted(closure.subjects(RDF.type, OWL.Nothing), key=str)
    ]


def _same_as_issues(graph: Graph, closure: Graph) -> list[Issue]:
    return [
        Issue(
            "warning",
            "inferred_same_as",
            t.curie(a),
            f"OWL 2 RL infers {t.curie(a)} owl:sameAs {t.curie(b)} (for example from two "
            "values of a functional property); OWL has no unique-name assumption",
        )
        for a, b in closure.subject_objects(OWL.sameAs)
        if isinstance(a, URIRef)
        and isinstance(b, URIRef)
        and str(a) < str(b)
        and (t.is_sg(a) or t.is_sg(b))
        and (a, OWL.sameAs, b) not in graph
        and (b, OWL.sameAs, a) not in graph
    ]


def owl_rl_issues(graph: Graph) -> list[Issue]:
    """Expand a copy of the graph with the OWL 2 RL rules and report what goes wrong.

    owlrl records the inconsistencies it meets as ``err:ErrorMessage`` nodes; each is an
    ``owl_rl_inconsistency`` error, as is an individual inferred to be an
    ``owl:Nothing``. Ill-typed literals are ``ill_typed_literal`` errors; two ``sg:``
    individuals inferred ``owl:sameAs`` are an ``inferred_same_as`` warning.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to check; it is copied, never modified.

    Returns
    -------
    list of Issue
        The issues found, unsorted.

    Raises
    ------
    spasmgraph.errors.MissingDependencyError
        If owlrl is not installed (``pip install "spasmgraph[validate]"``).
    """
    owlrl = t.import_optional("owlrl", what="the OWL 2 RL check")
    closure = t.copy_graph(graph)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)
    return [
        *_ill_typed_issues(graph),
        *_error_message_issues(graph, closure),
        *_nothing_issues(closure),
        *_same_as_issues(graph, closure),
    ]
