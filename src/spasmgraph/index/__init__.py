"""The index: lookup tables over a graph, built by one builder from any backend."""

from __future__ import annotations

from .build import axiom_order, build_index, gc_paused
from .curies import Curies
from .labels import DEFAULT_LANG, language_rank, pick
from .model import (
    TIER_LABEL,
    TIER_NAME,
    TIER_SYNONYM,
    Annotations,
    Hits,
    Index,
    Triple,
    hits_of,
    node_key,
    normalise,
    shared,
)
from .persist import open_index

__all__ = [
    "DEFAULT_LANG",
    "TIER_LABEL",
    "TIER_NAME",
    "TIER_SYNONYM",
    "Annotations",
    "Curies",
    "Hits",
    "Index",
    "Triple",
    "axiom_order",
    "build_index",
    "gc_paused",
    "hits_of",
    "language_rank",
    "node_key",
    "normalise",
    "open_index",
    "pick",
    "shared",
]
