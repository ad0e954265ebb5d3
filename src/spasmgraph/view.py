"""The networkx view, now in :mod:`spasmgraph.convert`; this module re-exports it.

>>> from spasmgraph.view import flatten, from_networkx, to_networkx
>>> from spasmgraph.convert import flatten as moved
>>> flatten is moved
True
"""

from __future__ import annotations

from .convert import flatten, from_networkx, to_networkx

__all__ = ["flatten", "from_networkx", "to_networkx"]
