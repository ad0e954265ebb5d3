"""The OWL API's own ``OWL2DLProfile`` checker, run through Java when it is installed.

The checker is a small Java program shipped as package data
(``spasmgraph/validation/SpasmgraphDLProfile.java``) and run with Java's single-file
source launcher. Java and the OWL API are found by :func:`owlapi_classpath`.

>>> owlapi_classpath() is None or isinstance(owlapi_classpath(), str)
True
"""

from __future__ import annotations

import importlib.resources
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from rdflib import Graph, URIRef

from spasmgraph.errors import ExternalToolError
from spasmgraph.validation import _terms as t
from spasmgraph.validation.report import GRAPH_SUBJECT, Issue

__all__ = ["OWLAPI_ENV", "owlapi_classpath", "owlapi_issues"]

OWLAPI_ENV = "SPASMGRAPH_OWLAPI_CLASSPATH"
"""The environment variable that may hold the OWL API classpath."""

_JAVA_SOURCE = "SpasmgraphDLProfile.java"
_JAVA_TIMEOUT_SECONDS = 300
_DEBIAN_JARS = Path("/usr/share/java")

# Jars of Debian's libowlapi-java package and its dependencies (unversioned names).
_OWLAPI_JARS: tuple[str, ...] = (
    "owlapi-distribution", "guava", "caffeine", "commons-io", "commons-codec",
    "commons-rdf-api", "commons-logging", "slf4j-api", "slf4j-nop", "jsr305",
    "atinject-jsr330-api", "hppcrt", "xz", "jackson-core", "jackson-databind",
    "jackson-annotations", "httpclient", "httpcore", "jaxb-api",
)  # fmt: skip


def owlapi_classpath() -> str | None:
    """Find a Java classpath holding the OWL API, if there is one.

    Looks at the environment variable ``SPASMGRAPH_OWLAPI_CLASSPATH`` first (a
    :data:`os.pathsep`-separated classpath), then at the jars of Debian's
    ``libowlapi-java`` package in ``/usr/share/java``. A ``java`` executable (version
    11 or later) must also be on ``PATH``.

    Returns
    -------
    str or None
        The classpath, or ``None`` when Java or the OWL API is missing.
    """
    if shutil.which("java") is None:
        return None
    configured = os.environ.get(OWLAPI_ENV)
    if configured:
        return configured
    if not (_DEBIAN_JARS / "owlapi-distribution.jar").is_file():
        return None
    jars = [_DEBIAN_JARS / f"{name}.jar" for name in _OWLAPI_JARS]
    jars = [jar for jar in jars if jar.is_file()]
    rdf4j = _DEBIAN_JARS.glob("rdf4j-*.jar")
    jars += sorted(jar for jar in rdf4j if not re.search(r"-\d", jar.stem))
    return os.pathsep.join(str(jar) for jar in jars)


def _run_java(graph: Graph, classpath: str) -> subprocess.CompletedProcess[str]:
    java = shutil.which("java")
    if java is None:
        raise ExternalToolError("the OWL API check needs Java, and no 'java' is on PATH")
    resource = importlib.resources.files("spasmgraph.validation").joinpath(_JAVA_SOURCE)
    with tempfile.TemporaryDirectory(prefix="spasmgraph-owlapi-") as tmp:
        source = Path(tmp) / _JAVA_SOURCE
        source.write_text(resource.read_text(encoding="utf-8"), encoding="utf-8")
        data = Path(tmp) / "ontology.ttl"
        t.export_graph(graph, data, "turtle")
        try:
            return subprocess.run(
                [java, "-cp", classpath, str(source), str(data)],
                capture_output=True,
                text=True,
                timeout=_JAVA_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            message = f"the OWL API check took longer than {_JAVA_TIMEOUT_SECONDS} s"
            raise ExternalToolError(message) from exc
        except OSError as exc:
            raise ExternalToolError(f"cannot run {java}: {exc.strerror or exc}") from exc


def _violation_issue(kind: str, expression: str, text: str) -> Issue:
    iris = [iri for _, iri in t.iris_in_text(expression) or t.iris_in_text(text)]
    subject = t.curie(URIRef(iris[0])) if iris else GRAPH_SUBJECT
    message = re.sub(r"\s*\[(.*) in OntologyID\(.*\)\]\s*$", r" in \1", text)
    rule = "owlapi_" + re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower()
    return Issue("error", rule, subject, f"OWL 2 DL profile (OWL API): {t.curies_in_text(message)}")


def owlapi_issues(graph: Graph, classpath: str) -> list[Issue]:
    """Run the OWL API's ``OWL2DLProfile`` on a copy of the graph.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph to check; a copy without ``owl:imports`` is written to a temporary
        Turtle file.
    classpath : str
        A Java classpath holding the OWL API (see :func:`owlapi_classpath`).

    Returns
    -------
    list of Issue
        ``owlapi_<violation>`` errors (for example ``owlapi_use_of_undeclared_class``),
        ``owlapi_unparsed_triple`` errors for triples the OWL API cannot map to OWL 2, or
        one ``owlapi_parse_error`` if it cannot parse the graph at all.

    Raises
    ------
    spasmgraph.errors.ExternalToolError
        If Java is missing, fails to start, times out or ends without a result.
    """
    completed = _run_java(graph, classpath)
    lines = completed.stdout.splitlines()
    if not any(line.startswith("DONE\t") for line in lines):
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-5:]
        if any("Parser" in line or "Unparsable" in line for line in tail):
            return [Issue("error", "owlapi_parse_error", GRAPH_SUBJECT, " | ".join(tail)[:2000])]
        raise ExternalToolError(
            f"the OWL API check did not run (exit code {completed.returncode}): {' | '.join(tail)}"
        )
    issues: list[Issue] = []
    for line in lines:
        fields = line.split("\t")
        if fields[0] == "UNPARSED" and len(fields) >= 3:
            message = "the OWL API could not map this triple to OWL 2: "
            message += t.curies_in_text(fields[2])
            subject = t.curies_in_text(fields[1])
            issues.append(Issue("error", "owlapi_unparsed_triple", subject, message))
        elif fields[0] == "VIOLATION" and len(fields) >= 4:
            issues.append(_violation_issue(fields[1], fields[2], fields[3]))
    return issues
