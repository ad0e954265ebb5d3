"""Loading: which sources, in which order, with progress, into which backend, cached."""

from __future__ import annotations

from .progress import PROGRESS_DELAY, progress_enabled
from .push import push
from .sources import LAYERS, Source, layer_names, load_sources, plan

__all__ = [
    "LAYERS",
    "PROGRESS_DELAY",
    "Source",
    "layer_names",
    "load_sources",
    "plan",
    "progress_enabled",
    "push",
]
