"""Optional dependencies: imported where they are used, with one error when missing.

>>> import_optional("no_such_module_xyz", what="this check", extra="validate")
Traceback (most recent call last):
...
spasmgraph.errors.MissingDependencyError: this check needs no_such_module_xyz, ...
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependencyError

__all__ = ["import_optional"]


def import_optional(name: str, *, what: str, extra: str) -> ModuleType:
    """Import the optional package *name*, or raise :class:`MissingDependencyError`
    naming what needs it and the spasmgraph *extra* that installs it."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise MissingDependencyError(name, extra, what=what) from exc
