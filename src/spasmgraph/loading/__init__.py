"""Loading: which sources, in which order, with progress, into which backend, cached.

:func:`push` (uploading to a SPARQL server) is imported on first use: it pulls in the
remote store's HTTP client, which loading a graph never needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .progress import PROGRESS_DELAY, progress_enabled
from .sources import LAYERS, Source, layer_names, load_sources, plan

if TYPE_CHECKING:
    from .push_graph import push

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


def __getattr__(name: str) -> Any:
    if name == "push":
        from .push_graph import push

        return push
    raise AttributeError(f"module 'spasmgraph.loading' has no attribute {name!r}")
