"""Typed path queries: cause → mechanism → remedy, with provenance and evidence on every step.

The parts: :mod:`~spasmgraph.paths.model` (:class:`Path`, :class:`Step`,
:class:`Provenance`), :mod:`~spasmgraph.paths.pathlist` (:class:`PathList`),
:mod:`~spasmgraph.paths.spec` (metapaths and resolving the user's references),
:mod:`~spasmgraph.paths.search` (the bounded breadth-first enumeration),
:mod:`~spasmgraph.paths.kinds` (relation kinds), :mod:`~spasmgraph.paths.verdicts` (the
verdict scale, read from the data), :mod:`~spasmgraph.paths.view` (steps of relations) and
:mod:`~spasmgraph.paths.render` (text, HTML, nested JSON and CSV) and
:mod:`~spasmgraph.paths.columns` (columns and flat records, without a per-path object;
:mod:`~spasmgraph.paths.hops` reads each hop's values for them).

>>> import spasmgraph as sg
>>> p = sg.load().paths("intense exercise", "Treatment", via=["Mechanism"])[0]
>>> p.nodes[0], p.steps[0].kind
('sg:intense_exercise', 'causal')
"""

from __future__ import annotations

from .columns import (
    DEFAULT_HOP_COLUMNS,
    HOP_COLUMNS,
    column_names,
    dataframe_from_columns,
    records_from_columns,
    to_columns,
    to_flat_records,
)
from .kinds import ALL, DEFAULT_RELATIONS, KNOWN_KINDS, STRUCTURAL, kind_name, kind_of
from .model import Path, Provenance, Sources, Step
from .pathlist import PathList
from .render import (
    PATH_CSV_COLUMNS,
    to_csv,
    to_html,
    to_json,
    to_json_records,
    to_records,
    to_text,
)
from .search import DEFAULT_BUDGET, find_paths, query_paths
from .spec import (
    MAX_HOPS,
    MetaPath,
    MetaStep,
    PathSpec,
    check_hops,
    resolve_class,
    resolve_hop,
    resolve_sources,
    resolve_spec,
    resolve_target,
)
from .verdicts import (
    FALLBACK_VERDICTS,
    VERDICTS,
    VerdictScale,
    check_verdict,
    relation_verdict,
    verdict_scale,
)
from .view import provenance_of, relation_step, relations_of, verdict_of

__all__ = [
    "ALL",
    "DEFAULT_BUDGET",
    "DEFAULT_HOP_COLUMNS",
    "DEFAULT_RELATIONS",
    "FALLBACK_VERDICTS",
    "HOP_COLUMNS",
    "KNOWN_KINDS",
    "MAX_HOPS",
    "PATH_CSV_COLUMNS",
    "STRUCTURAL",
    "VERDICTS",
    "MetaPath",
    "MetaStep",
    "Path",
    "PathList",
    "PathSpec",
    "Provenance",
    "Sources",
    "Step",
    "VerdictScale",
    "check_hops",
    "check_verdict",
    "column_names",
    "dataframe_from_columns",
    "find_paths",
    "kind_name",
    "kind_of",
    "provenance_of",
    "query_paths",
    "records_from_columns",
    "relation_step",
    "relation_verdict",
    "relations_of",
    "resolve_class",
    "resolve_hop",
    "resolve_sources",
    "resolve_spec",
    "resolve_target",
    "to_columns",
    "to_csv",
    "to_flat_records",
    "to_html",
    "to_json",
    "to_json_records",
    "to_records",
    "to_text",
    "verdict_of",
    "verdict_scale",
]
