"""The ``spasmgraph`` command line: look up, search, traverse, query, draw, export, validate.

Health information, not medical advice.

Every command loads the bundled knowledge graph (``--layers`` picks which layers,
``--load FILE`` merges your own Turtle or JSON-LD into it), calls one library function and
prints what it returns: the command line only parses arguments, calls the library and
prints. :mod:`~spasmgraph.cli.parser` builds the parser, :mod:`~spasmgraph.cli.main` runs
it, and each command is one short module (``spasmgraph.cli.paths`` for ``paths``, ...)
with a ``run(args)`` function.

Exit status
    ``0`` success; ``1`` the command ran but found nothing (no path, no query row, no
    search hit, nothing to draw) or found violations (``validate``); ``2`` a usage or
    input error, one line ``spasmgraph: error: <message>`` on standard error (``--debug``
    adds the traceback); ``70`` an internal error (a bug: please report it).

Examples
--------
.. code-block:: console

    $ spasmgraph show ibuprofen
    $ spasmgraph paths "intense exercise" --via Mechanism --format json
    $ spasmgraph query --name remedies-for-cause --param cause=cramp --format csv -o r.csv
    $ spasmgraph draw --paths "intense exercise" --via Mechanism --min-evidence mixed -o p.svg
    $ spasmgraph export -o spasmgraph.ttl
"""

from __future__ import annotations

from ..convert.export import EXPORT_FORMATS
from .common import EXIT_INTERNAL, EXIT_NO_RESULT, EXIT_OK, EXIT_USAGE, CliError
from .main import main
from .parser import build_parser

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_NO_RESULT",
    "EXIT_OK",
    "EXIT_USAGE",
    "EXPORT_FORMATS",
    "CliError",
    "build_parser",
    "main",
]
