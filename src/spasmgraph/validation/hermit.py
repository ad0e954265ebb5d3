"""HermiT, the OWL 2 DL reasoner bundled with owlready2 (extra ``hermit``; needs Java).

Nothing is fetched: the graph is written, without ``owl:imports``, to a temporary file
that owlready2 loads.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from spasmgraph.errors import ExternalToolError
from spasmgraph.validation import _terms as t
from spasmgraph.validation.report import GRAPH_SUBJECT, Issue

__all__ = ["hermit_issues"]


def _export(graph: Graph, folder: Path) -> Path:
    path = folder / "ontology.owl"
    try:
        t.export_graph(graph, path, "xml")
    except Exception:  # rdflib cannot write every predicate IRI as RDF/XML
        path = folder / "ontology.nt"
        t.export_graph(graph, path, "nt")
    return path


def _reason(owlready2: Any, world: Any, path: Path) -> list[Issue]:
    ontology = world.get_ontology(path.as_uri()).load()
    try:
        with ontology:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        message = "HermiT finds the ontology inconsistent"
        return [Issue("error", "hermit_inconsistent", GRAPH_SUBJECT, message)]
    except owlready2.OwlReadyJavaError as exc:
        return [Issue("error", "hermit_error", GRAPH_SUBJECT, str(exc).strip()[:2000])]
    return [
        Issue(
            "error",
            "hermit_unsatisfiable_class",
            t.curie(URIRef(cls.iri)),
            "HermiT finds the class unsatisfiable (equivalent to owl:Nothing)",
        )
        for cls in world.inconsistent_classes()
        if str(cls.iri) != str(OWL.Nothing)
    ]


def hermit_issues(graph: Graph) -> list[Issue]:
    """Reason over a copy of the graph with HermiT.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to check; a copy without ``owl:imports`` is written to a temporary file.

    Returns
    -------
    list of Issue
        A ``hermit_inconsistent`` error for an inconsistent ontology, a
        ``hermit_unsatisfiable_class`` error per unsatisfiable class, or a
        ``hermit_error`` when HermiT rejects the ontology (an unsupported datatype, say).

    Raises
    ------
    spasmgraph.errors.MissingDependencyError
        If owlready2 is not installed (``pip install "spasmgraph[hermit]"``).
    spasmgraph.errors.ExternalToolError
        If Java is missing or cannot be started.
    """
    owlready2: Any = t.import_optional("owlready2", what="the HermiT check", extra="hermit")
    if shutil.which("java") is None:
        raise ExternalToolError("the HermiT check needs Java, and no 'java' is on PATH")
    with tempfile.TemporaryDirectory(prefix="spasmgraph-hermit-") as tmp:
        path = _export(graph, Path(tmp))
        world = owlready2.World()
        try:
            return _reason(owlready2, world, path)
        except (OSError, subprocess.SubprocessError) as exc:
            raise ExternalToolError(f"HermiT could not run: {exc}") from exc
        finally:
            world.close()
