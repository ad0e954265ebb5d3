"""Scans bigger than a server's row cap, in hash partitions (never sorted pages).

Virtuoso answers at most 2²⁰ rows per request, whatever its ``ResultSetMaxRows``, and
flags a cut answer (``X-SPARQL-MaxRows``: :class:`~spasmgraph.errors.TruncatedResultError`).
:func:`fetch` reads a scan that does not fit as *k* parts: part *i* keeps the rows whose
hash, the MD5 of their terms, starts with an 8-hex-digit prefix in the *i*-th of *k*
ranges that split ``00000000`` to ``ffffffff``. Nothing is sorted, and each part is one
request, so a scan of *n* rows costs ``ceil(n / (0.95 * cap))`` requests.

Every row lands in exactly one part: the hash is a function of the row's terms (an
unbound variable or a blank node the server cannot turn into a string hashes as ``""``,
a row whose hash still fails goes to the first part), and the ranges are disjoint and
cover every prefix. A part that is cut all the same is split again (also when the server
announces a smaller cap than assumed); a part of a single prefix, which only more than
a cap of identical rows could fill, is read in ``ORDER BY`` pages.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import MalformedResultError, StoreError, TruncatedResultError
from .http import SparqlClient

__all__ = ["VIRTUOSO_ROWS", "bindings", "count", "fetch", "row_cap"]

VIRTUOSO_ROWS = 2**20
"""The most rows Virtuoso sends in one answer, whatever its ``ResultSetMaxRows``."""
FILL = 0.95
"""How full of the cap a part is planned to be (MD5 spreads rows evenly)."""
SPACE = 16**8
"""The hash prefixes a scan is split by: 8 hex digits."""
_HASH = "?spasmgraph_hash"
_PROJECTED = re.compile(r"\s*SELECT\s+((?:\?\w+\s+)+)WHERE\b")


def row_cap(client: SparqlClient) -> int:
    """The most rows one answer of the client's server can hold, 0 if it has no known cap.

    The cap the server announced, else :data:`VIRTUOSO_ROWS` when it is a Virtuoso.
    """
    if client.row_cap:
        return client.row_cap
    return VIRTUOSO_ROWS if (client.server or "").startswith("Virtuoso") else 0


def bindings(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows of a SPARQL JSON result."""
    try:
        rows = body["results"]["bindings"]
        assert isinstance(rows, list)
    except (KeyError, TypeError, AssertionError):
        raise MalformedResultError("the server sent SPARQL JSON without rows") from None
    return rows


def count(client: SparqlClient, text: str) -> int:
    """How many rows the scan query *text* has (one ``COUNT`` request, no rows sent)."""
    rows = bindings(client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {text} }} }}"))
    try:
        return int(rows[0]["n"]["value"])
    except (IndexError, KeyError, TypeError, ValueError):
        raise MalformedResultError("the server sent no count for a COUNT query") from None


def fetch(client: SparqlClient, text: str, rows: int | None = None) -> list[dict[str, Any]]:
    """Every row of the scan query *text* (``SELECT ?a ?b ... WHERE { ... }``).

    Parameters
    ----------
    client : SparqlClient
        The server's client.
    text : str
        The scan: a SELECT of plain variables.
    rows : int, optional
        How many rows the scan has, if the caller counted them: as many as the server's
        cap or more and the scan goes straight to hash partitions. Unknown, it is sent whole, and
        split (after a ``COUNT``) only if the server cuts the answer.

    Raises
    ------
    TruncatedResultError
        The server cut an answer but announced no cap to plan the parts by.
    """
    cap = row_cap(client)
    if rows is None or not cap or rows < cap:
        try:
            return bindings(client.select(text))
        except TruncatedResultError:
            if not client.row_cap:
                raise
        if rows is None:
            rows = count(client, text)
    return _partitioned(client, text, _projected(text), rows)


def _partitioned(
    client: SparqlClient, text: str, names: Sequence[str], rows: int
) -> list[dict[str, Any]]:
    """The rows of *text* part by part: ranges of hash prefixes, split while cut."""
    found: list[dict[str, Any]] = []
    todo = _split(0, SPACE, rows, row_cap(client))
    while todo:
        low, high, expected = todo.pop()
        part = _part(text, names, low, high)
        if high - low == 1:  # one prefix: only identical rows could fill it
            found += _paged(client, part, names)
            continue
        try:
            found += bindings(client.select(part))
        except TruncatedResultError:
            if not client.row_cap:
                raise
            cap = client.row_cap
            todo += _split(low, high, max(expected, cap), cap, at_least=2)
    return found


def _split(
    low: int, high: int, rows: int, cap: int, *, at_least: int = 1
) -> list[tuple[int, int, int]]:
    """``[low, high)`` cut into ranges of at most ``FILL * cap`` expected rows each.

    >>> _split(0, 16, 30, 20)
    [(0, 8, 15), (8, 16, 15)]
    """
    k = min(high - low, max(at_least, math.ceil(rows / (FILL * max(cap, 1)))))
    edges = [low + (high - low) * i // k for i in range(k + 1)]
    return [(a, b, rows * (b - a) // (high - low)) for a, b in itertools.pairwise(edges)]


def _part(text: str, names: Sequence[str], low: int, high: int) -> str:
    """*text* kept to the rows whose hash prefix is in ``[low, high)``.

    >>> print(_part("SELECT ?s WHERE { ?s ?p ?o }", ["?s"], 0, 8))
    SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } }
      BIND(MD5(CONCAT(COALESCE(STR(?s), ""))) AS ?spasmgraph_hash)
      FILTER(!BOUND(?spasmgraph_hash) || ?spasmgraph_hash < "00000008") }
    """
    terms = ', " ", '.join(f'COALESCE(STR({name}), "")' for name in names)
    tests = []
    if low > 0:
        tests.append(f'{_HASH} >= "{low:08x}"')
    if high < SPACE:
        tests.append(f'{_HASH} < "{high:08x}"')
    keep = " && ".join(tests) or "true"
    if low == 0:  # a hash that failed (an unbound one) counts as the lowest
        keep = f"!BOUND({_HASH}) || {keep}"
    return (
        f"SELECT {' '.join(names)} WHERE {{ {{ {text} }}\n"
        f"  BIND(MD5(CONCAT({terms})) AS {_HASH})\n"
        f"  FILTER({keep}) }}"
    )


def _paged(client: SparqlClient, text: str, names: Sequence[str]) -> list[dict[str, Any]]:
    """*text*'s rows in pages one row short of the cap: ``ORDER BY`` every variable in
    a subquery, ``LIMIT``/``OFFSET`` outside (slow, each page sorts: the last resort)."""
    rows: list[dict[str, Any]] = []
    while True:
        page = row_cap(client) - 1
        query = (
            f"SELECT * WHERE {{ {{ {text} ORDER BY {' '.join(names)} }} }} "
            f"LIMIT {page} OFFSET {len(rows)}"
        )
        try:
            part = bindings(client.select(query))
        except TruncatedResultError:
            if row_cap(client) - 1 < page:  # the server announced a smaller cap
                continue
            raise
        rows += part
        if len(part) < page:
            return rows


def _projected(text: str) -> list[str]:
    found = _PROJECTED.match(text)
    if found is None:
        raise StoreError(f"cannot split a scan query that projects no variables: {text!r}")
    return found.group(1).split()
