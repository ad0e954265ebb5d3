"""Run the command line with ``python -m spasmgraph``; see :mod:`spasmgraph.cli`."""

from __future__ import annotations

import sys

from .cli.main import main

if __name__ == "__main__":
    sys.exit(main())
