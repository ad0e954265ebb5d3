"""The installed version of spasmgraph, read once from the package metadata, and the
project's one-line disclaimer.

Modules that need the version import it from here, never from the package root, so that
no module depends on ``spasmgraph/__init__.py`` (which imports nearly everything).
"""

from __future__ import annotations

import functools

__all__ = ["DISCLAIMER", "version"]

DISCLAIMER = "Health information, not medical advice."
"""What every front end (command line, overview, endpoint, explorer) says about itself."""


@functools.cache
def version() -> str:
    """The version string of the installed distribution, ``"0.0.0"`` in a bare source tree.

    >>> version().count(".") >= 2
    True
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _version

    try:
        return _version("spasmgraph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"
