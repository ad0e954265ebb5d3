"""Check a spasmgraph graph: quality rules, SHACL shapes and OWL reasoning.

Three independent checks, each returning a :class:`ValidationReport`:

* :func:`quality_report` (:mod:`~spasmgraph.validation.quality`) -- ROBOT-``report``-style
  rules written in Python (labels, definitions, duplicates, dangling references,
  undeclared terms, licence, disclaimer). Needs rdflib only.
* :func:`shacl_report` (:mod:`~spasmgraph.validation.shacl`) -- the SHACL shapes of
  ``ontology/shapes.ttl`` run with pyshacl (extra ``spasmgraph[validate]``).
* :func:`reasoning_report` (:mod:`~spasmgraph.validation.reasoning`) -- an OWL 2 RL
  closure with owlrl (:mod:`~spasmgraph.validation.owl_rl`), a structural OWL 2 DL check
  written in Python (:mod:`~spasmgraph.validation.owl_dl`) and, when Java and the OWL API
  are found, the OWL API's own ``OWL2DLProfile`` checker
  (:mod:`~spasmgraph.validation.owlapi`); optionally HermiT through owlready2
  (:mod:`~spasmgraph.validation.hermit`).

:func:`validate` combines them. Every problem is an :class:`Issue` with a level, a stable
rule identifier, the subject as a CURIE and a message.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix sg: <https://w3id.org/spasmgraph/> .
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... sg:Cause a owl:Class .
... ''', format="turtle")
>>> report = quality_report(g)
>>> report.conforms
False
>>> sorted({issue.rule for issue in report.errors})
['missing_definition', 'missing_label', 'missing_ontology_header']
"""

from __future__ import annotations

from spasmgraph.validation.owlapi import owlapi_classpath
from spasmgraph.validation.quality import quality_report
from spasmgraph.validation.reasoning import reasoning_report
from spasmgraph.validation.report import Issue, Level, ValidationReport
from spasmgraph.validation.run import HasGraph, validate
from spasmgraph.validation.shacl import load_shapes, shacl_report

__all__ = [
    "HasGraph",
    "Issue",
    "Level",
    "ValidationReport",
    "load_shapes",
    "owlapi_classpath",
    "quality_report",
    "reasoning_report",
    "shacl_report",
    "validate",
]
