"""The evidence audit: every graded health-claim relation in one Markdown table.

Each asserted relation that makes a health claim has its own ``sg:RelationAssessment``
(``sg:assessedSubject`` / ``sg:assessedProperty`` / ``sg:assessedObject``, a verdict, a
rationale and citations). :func:`evidence_audit` reads those assessments from a plain
:class:`rdflib.Graph` and renders them so a reviewer can read the whole grading in one
place; ``ontology/AUDIT.md`` is its output for the bundled graph, and a test keeps the two
in sync.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import rdflib
from rdflib import Literal, URIRef
from rdflib.term import Node

from spasmgraph.errors import SpasmGraphError
from spasmgraph.vocab import RDFS, SG_NAMESPACE, sg

__all__ = ["evidence_audit"]

_VERDICT_ORDER = (
    "supported",
    "mixed",
    "insufficient",
    "unsupported",
    "contradicted",
    "not assessed",
)

_ASSESSED_SUBJECT = sg("assessedSubject")
_ASSESSED_PROPERTY = sg("assessedProperty")
_ASSESSED_OBJECT = sg("assessedObject")
_HAS_VERDICT = sg("hasVerdict")
_INDIRECT = sg("indirectEvidence")
_RATIONALE = sg("rationale")
_CITES = sg("cites")

_HEADER = (
    "# Evidence audit\n"
    "\n"
    "Health information, not medical advice. Generated from the ontology by\n"
    "`spasmgraph.audit.evidence_audit`; do not edit by hand.\n"
    "\n"
    "Every asserted relation that makes a health claim, with the verdict of its own\n"
    "relation assessment. *Indirect* means the evidence comes from a proxy condition\n"
    "(chiefly acute non-specific low back pain) rather than from back muscle spasm itself.\n"
    "Structural relations (types, drug classes, examples, regimens, codes) carry no verdict\n"
    "and are not listed.\n"
)


def _text(graph: rdflib.Graph, node: Node, prop: URIRef) -> str | None:
    """The English (or untagged) literal of *prop* on *node*; the smallest if several."""
    values = [
        o
        for o in graph.objects(node, prop)
        if isinstance(o, Literal) and (o.language or "en").split("-")[0] == "en"
    ]
    return str(min(values, key=str)) if values else None


def _label(graph: rdflib.Graph, node: Node) -> str:
    label = _text(graph, node, RDFS.label)
    if label is not None:
        return label
    text = str(node)
    return "sg:" + text[len(SG_NAMESPACE) :] if text.startswith(SG_NAMESPACE) else text


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _rows(graph: rdflib.Graph) -> Iterable[tuple[str, str, str, str, str, str, str]]:
    for ra in set(graph.subjects(_ASSESSED_PROPERTY, None)):
        parts = [
            graph.value(ra, p) for p in (_ASSESSED_SUBJECT, _ASSESSED_PROPERTY, _ASSESSED_OBJECT)
        ]
        verdict = graph.value(ra, _HAS_VERDICT)
        if any(part is None for part in parts) or verdict is None:
            raise SpasmGraphError(
                f"relation assessment {ra} is incomplete: it needs sg:assessedSubject, "
                "sg:assessedProperty, sg:assessedObject and sg:hasVerdict"
            )
        s, p, o = parts
        assert s is not None and p is not None and o is not None  # for the type checker
        indirect = graph.value(ra, _INDIRECT)
        citations = sorted(_label(graph, c) for c in graph.objects(ra, _CITES))
        yield (
            _label(graph, s),
            _label(graph, p),
            _label(graph, o),
            _label(graph, verdict),
            "yes" if isinstance(indirect, Literal) and indirect.toPython() is True else "no",
            _text(graph, ra, _RATIONALE) or "",
            "; ".join(citations) or "none",
        )


def evidence_audit(graph: rdflib.Graph) -> str:
    """Render every graded health-claim relation as a Markdown table.

    Parameters
    ----------
    graph : rdflib.Graph
        A graph holding ``sg:RelationAssessment`` nodes, normally the schema with the
        article and evidence layers. Labels come from ``rdfs:label`` (English) and fall
        back to CURIEs.

    Returns
    -------
    str
        A Markdown document: a short header, the number of relations per verdict, and one
        table row per relation assessment (subject, relation, object, verdict, whether the
        evidence is indirect, rationale, citations), sorted by subject, relation and object.

    Raises
    ------
    spasmgraph.errors.SpasmGraphError
        If a relation assessment lacks its subject, property, object or verdict.

    Examples
    --------
    >>> g = rdflib.Graph().parse(format="turtle", data='''
    ... @prefix sg: <https://w3id.org/spasmgraph/> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... sg:heat rdfs:label "heat"@en . sg:pain rdfs:label "pain"@en .
    ... sg:relieves rdfs:label "relieves"@en . sg:Supported rdfs:label "supported"@en .
    ... sg:trial rdfs:label "A heat trial"@en .
    ... sg:heat sg:relieves sg:pain .
    ... sg:ra1 sg:assessedSubject sg:heat ; sg:assessedProperty sg:relieves ;
    ...     sg:assessedObject sg:pain ; sg:hasVerdict sg:Supported ;
    ...     sg:indirectEvidence true ; sg:rationale "Small short-term benefit."@en ;
    ...     sg:cites sg:trial .
    ... ''')
    >>> print(evidence_audit(g).splitlines()[-1])
    | 1 | heat | relieves | pain | supported | yes | Small short-term benefit. | A heat trial |
    """
    rows = sorted(_rows(graph), key=lambda r: (r[0].casefold(), r[1].casefold(), r[2].casefold()))
    counts = Counter(r[3] for r in rows)
    order = [v for v in _VERDICT_ORDER if v in counts] + sorted(set(counts) - set(_VERDICT_ORDER))
    lines = [
        _HEADER,
        f"{len(rows)} relations: " + ", ".join(f"{counts[v]} {v}" for v in order) + ".",
        "",
    ]
    lines.append("| # | subject | relation | object | verdict | indirect | rationale | citations |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for i, row in enumerate(rows, start=1):
        lines.append(f"| {i} | " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"
