"""``spasmgraph serve``: a read-only SPARQL 1.1 Protocol endpoint that holds up under load.

* :func:`serve` runs it (uvicorn); :func:`create_app` gives the ASGI application for
  deployment behind another server;
* :mod:`~spasmgraph.serve.protocol` reads requests and negotiates formats;
* :mod:`~spasmgraph.serve.execute` runs one query through the library, in a worker;
* :mod:`~spasmgraph.serve.workers` and :mod:`~spasmgraph.serve.limits`: worker processes
  that can be killed, the time limit, the concurrency cap and the response cache;
* :mod:`~spasmgraph.serve.service_description`, :mod:`~spasmgraph.serve.page` (the
  offline query page) and :mod:`~spasmgraph.serve.middleware` (access log, headers).

The safety checks are the library's own (:mod:`spasmgraph.sparql.prepare`): what
``kg.sparql`` refuses, the endpoint refuses with the same message.

Needs the ``serve`` extra (``pip install "spasmgraph[serve]"``) and ``os.fork``.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .app import create_app, serve
from .config import ServeConfig, ServeConfigError

__all__ = ["ServeConfig", "ServeConfigError", "create_app", "serve"]


class _Package(types.ModuleType):
    """This package, callable as :func:`serve`.

    ``spasmgraph.serve`` names both this package and the function; once the package is
    imported, the attribute ``spasmgraph.serve`` may be either, so both run the server.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        serve(*args, **kwargs)


sys.modules[__name__].__class__ = _Package
