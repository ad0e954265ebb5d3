"""SPARQL 1.1 with the project's prefixes predeclared and no network access by default.

The parts, one concept each:

* :mod:`~spasmgraph.sparql.prepare`: parsing and the safety checks (no ``SERVICE``,
  ``LOAD``, remote or ``file:`` ``FROM``/``USING``/``WITH`` unless allowed);
* :mod:`~spasmgraph.sparql.run`: running a query on a :class:`~spasmgraph.backends.Backend`
  (updates only when asked);
* :mod:`~spasmgraph.sparql.results`: :class:`Row` and :class:`SparqlResult`, and
  :func:`serialize` into the W3C results formats of :mod:`~spasmgraph.sparql.formats`;
* :mod:`~spasmgraph.sparql.named`: the named queries of ``ontology/queries/``, their
  parameters, and the cache of their results.

Names are imported on first use, so that ``import spasmgraph`` stays light.

>>> import spasmgraph as sg
>>> kg = sg.load()
>>> text = 'SELECT ?label WHERE { sg:ibuprofen rdfs:label ?label FILTER(LANG(?label) = "en") }'
>>> for (label,) in kg.sparql(text):
...     print(label)
ibuprofen
>>> kg.sparql("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
spasmgraph.errors.NetworkAccessError: SERVICE <http://example.org/sparql> would query a remote ...
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .formats import FORMATS, MEDIA_TYPES
    from .named import (
        NamedQuery,
        Parameter,
        ResultCache,
        bind_parameters,
        get_query,
        list_queries,
        named_query,
        param_term,
        parse_named_query,
    )
    from .prepare import prepare
    from .query_file import bind_query_file
    from .results import Row, SparqlResult, serialize, serialize_boolean, to_json
    from .run import run, run_named

_LAZY = {
    "FORMATS": "formats",
    "MEDIA_TYPES": "formats",
    "NamedQuery": "named",
    "Parameter": "named",
    "ResultCache": "named",
    "bind_parameters": "named",
    "get_query": "named",
    "list_queries": "named",
    "named_query": "named",
    "param_term": "named",
    "parse_named_query": "named",
    "prepare": "prepare",
    "bind_query_file": "query_file",
    "Row": "results",
    "SparqlResult": "results",
    "serialize": "results",
    "serialize_boolean": "results",
    "to_json": "results",
    "run": "run",
    "run_named": "run",
}


class _Package(types.ModuleType):
    """This package, whose ``prepare`` and ``run`` stay the functions once their modules load.

    Importing a submodule sets the package attribute of its name to the module; the
    functions ``spasmgraph.sparql.prepare`` and ``spasmgraph.sparql.run`` (public names
    from before the split) share their modules' names, so keep the functions there.
    The modules stay importable as ``spasmgraph.sparql.prepare`` / ``.run`` via
    ``from spasmgraph.sparql.run import ...``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("prepare", "run") and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'spasmgraph.sparql' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "NamedQuery",
    "Parameter",
    "ResultCache",
    "Row",
    "SparqlResult",
    "bind_parameters",
    "bind_query_file",
    "get_query",
    "list_queries",
    "named_query",
    "param_term",
    "parse_named_query",
    "prepare",
    "run",
    "run_named",
    "serialize",
    "serialize_boolean",
    "to_json",
]
