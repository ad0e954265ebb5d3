"""The evidence layer as Python objects: assessments, citations, red flags and cautions.

``ontology/evidence.ttl`` grades each health-claim relation of the knowledge base (its own
``sg:RelationAssessment``) and the article's claims as wholes, and adds red flags, care
actions and safety cautions the article leaves out. The functions here read that layer
from an :class:`~spasmgraph.index.Index` (with the graph for literal values; a
``KnowledgeGraph`` passes both) and return frozen dataclasses:
:mod:`~spasmgraph.evidence.assessments` (relation and claim assessments, verdict counts),
:mod:`~spasmgraph.evidence.safety` (red flags, care actions, cautions),
:mod:`~spasmgraph.evidence.guidelines` (recommendations next to the article, triage),
:mod:`~spasmgraph.evidence.model` (the dataclasses) and
:mod:`~spasmgraph.evidence.source` (how they read).

Health information, not medical advice. The evidence is mostly about acute non-specific low
back pain, which stands in for back muscle spasm.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> red_flags(kg.index, graph=kg.graph)[0].urgency
'emergency'
>>> "NSAIDs: pregnancy from 20 weeks" in [c.label for c in cautions(kg, "ibuprofen")]
True
"""

from __future__ import annotations

from .assessments import (
    EvidenceRef,
    RelationRef,
    assessments_for,
    claim_assessments,
    relation_assessments,
    resolve_relation,
    verdict_counts,
)
from .guidelines import Recommendation, TreatmentEvidence, recommendations, triage
from .model import Assessment, CareAction, Caution, Citation, RedFlag
from .safety import care_actions, cautions, red_flags
from .source import EvidenceRefError, GraphSource, Reader, Source, reader

__all__ = [
    "Assessment",
    "CareAction",
    "Caution",
    "Citation",
    "EvidenceRef",
    "EvidenceRefError",
    "GraphSource",
    "Reader",
    "Recommendation",
    "RedFlag",
    "RelationRef",
    "Source",
    "TreatmentEvidence",
    "assessments_for",
    "care_actions",
    "cautions",
    "claim_assessments",
    "reader",
    "recommendations",
    "red_flags",
    "relation_assessments",
    "resolve_relation",
    "triage",
    "verdict_counts",
]
