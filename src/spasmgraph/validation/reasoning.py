"""OWL reasoning: the OWL 2 RL closure, the OWL 2 DL checks and, optionally, HermiT.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix sg: <https://w3id.org/spasmgraph/> .
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... sg:Cause a owl:Class . sg:Treatment a owl:Class ; owl:disjointWith sg:Cause .
... sg:heat a sg:Cause , sg:Treatment .
... ''', format="turtle")
>>> report = reasoning_report(g, owlapi=False)
>>> [(i.rule, i.subject) for i in report.errors]
[('owl_rl_inconsistency', 'sg:heat')]
>>> report.checks
('owl_rl', 'owl_dl')
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Literal

from rdflib import Graph

from spasmgraph.errors import ExternalToolError, MissingDependencyError
from spasmgraph.validation import owlapi as _owlapi
from spasmgraph.validation.hermit import hermit_issues
from spasmgraph.validation.owl_dl import owl_dl_issues
from spasmgraph.validation.owl_rl import owl_rl_issues
from spasmgraph.validation.report import GRAPH_SUBJECT, Issue, ValidationReport, make_report

__all__ = ["MissingExtra", "not_run", "reasoning_report"]

MissingExtra = Literal["raise", "report"]
"""What to do when an optional dependency is missing: raise, or report a warning."""


def not_run(check: str, reason: object) -> Issue:
    """The warning that says a check was skipped, and why.

    >>> print(not_run("shacl", "pyshacl is not installed"))
    WARNING  shacl_not_run  (graph): the shacl check did not run: pyshacl is not installed
    """
    message = f"the {check} check did not run: {reason}"
    return Issue("warning", f"{check}_not_run", GRAPH_SUBJECT, message)


def _owlapi_part(graph: Graph, owlapi: bool | None) -> tuple[list[Issue], bool]:
    """The OWL API issues, and whether the check ran."""
    if owlapi is False:
        return [], False
    classpath = _owlapi.owlapi_classpath()
    if classpath is None:
        hint = (
            "Java or the OWL API was not found (install Debian's libowlapi-java, or set "
            f"{_owlapi.OWLAPI_ENV} to a classpath holding the OWL API)"
        )
        if owlapi:
            raise ExternalToolError(f"the OWL API check needs Java and the OWL API: {hint}")
        message = f"the OWL 2 DL profile check of the OWL API did not run: {hint}"
        return [Issue("info", "owlapi_not_run", GRAPH_SUBJECT, message)], False
    try:
        return _owlapi.owlapi_issues(graph, classpath), True
    except (ExternalToolError, OSError, subprocess.SubprocessError) as exc:
        if owlapi:
            raise ExternalToolError(f"the OWL API check failed: {exc}") from exc
        message = f"the OWL API was found but its OWL 2 DL check failed to run: {exc}"
        return [Issue("warning", "owlapi_not_run", GRAPH_SUBJECT, message)], False


def _optional_part(
    check: str, run: Callable[[Graph], list[Issue]], graph: Graph, missing_extra: MissingExtra
) -> tuple[list[Issue], list[str]]:
    """The issues of a check that needs an extra, and ``[check]`` if it ran."""
    try:
        return run(graph), [check]
    except MissingDependencyError as exc:
        if missing_extra == "raise":
            raise
        return [not_run(check, exc)], []


def reasoning_report(
    graph: Graph,
    *,
    owlapi: bool | None = None,
    hermit: bool = False,
    missing_extra: MissingExtra = "raise",
) -> ValidationReport:
    """Reason over a copy of the graph and check it against OWL 2 DL.

    Three parts, each named in :attr:`ValidationReport.checks` when it ran:

    1. ``"owl_rl"``: the OWL 2 RL closure with owlrl
       (:func:`~spasmgraph.validation.owl_rl.owl_rl_issues`): ``owl_rl_inconsistency``
       and ``ill_typed_literal`` errors, ``inferred_same_as`` warnings.
    2. ``"owl_dl"``: a structural, partial OWL 2 DL check in Python
       (:func:`~spasmgraph.validation.owl_dl.owl_dl_issues`), always run: ``dl_*`` errors.
    3. ``"owlapi"``: the OWL API's ``OWL2DLProfile``, the reference implementation, run
       through Java when :func:`~spasmgraph.validation.owlapi.owlapi_classpath` finds it
       (Debian: ``apt-get install libowlapi-java``); ``owlapi_<violation>`` and
       ``owlapi_unparsed_triple`` errors. It takes a few seconds. When it is not found,
       an ``owlapi_not_run`` info says so; when it is found but fails, an
       ``owlapi_not_run`` warning.

    Optionally ``"hermit"``: HermiT through owlready2 (``hermit_inconsistent``,
    ``hermit_unsatisfiable_class`` and ``hermit_error`` errors). ``owl:imports`` are never
    followed and nothing is fetched from the network.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to check; it is copied, never modified.
    owlapi : bool or None, optional
        ``None`` (default) runs the OWL API check when it is available; ``True`` requires
        it; ``False`` skips it.
    hermit : bool, optional
        Also run HermiT (needs ``pip install "spasmgraph[hermit]"`` and Java).
    missing_extra : {"raise", "report"}, optional
        When owlrl (or, with ``hermit=True``, owlready2) is missing: raise (default), or
        skip that part with an ``owl_rl_not_run`` / ``hermit_not_run`` warning.

    Returns
    -------
    ValidationReport
        The issues found.

    Raises
    ------
    spasmgraph.errors.MissingDependencyError
        If an optional dependency is missing and ``missing_extra="raise"``.
    spasmgraph.errors.ExternalToolError
        If ``owlapi=True`` and Java or the OWL API cannot be found or fails to run, or if
        ``hermit=True`` and Java cannot run HermiT. It is also a :class:`RuntimeError`.
    """
    issues, checks = _optional_part("owl_rl", owl_rl_issues, graph, missing_extra)
    issues += owl_dl_issues(graph)
    checks.append("owl_dl")
    found, ran = _owlapi_part(graph, owlapi)
    issues += found
    checks += ["owlapi"] if ran else []
    if hermit:
        found, ran_hermit = _optional_part("hermit", hermit_issues, graph, missing_extra)
        issues += found
        checks += ran_hermit
    return make_report(issues, checks)
