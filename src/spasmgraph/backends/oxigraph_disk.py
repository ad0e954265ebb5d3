"""Time limits on an Oxigraph store on disk: worker processes that open the folder.

A persistent Oxigraph store (RocksDB) cannot be forked, so the worker processes of
:mod:`spasmgraph.backends.worker` that keep its time limits are *spawned* and open the
folder themselves:

* **queries** go to a reader that opens the folder with ``Store.read_only`` (which does
  not need the folder's lock, and replays the write-ahead log, so it sees every write the
  caller made; the caller flushes first all the same). It serves every query of one
  revision of the store and is killed at a query's deadline;
* an **update** goes to a writer. Only one process can hold the folder's lock, so the
  caller lets go of its store (:meth:`~.oxigraph_store.OxStore.release`), the writer opens
  it, runs the update in one transaction and flushes, and the caller opens the store
  again on its next use. At the deadline the writer is killed: a transaction that has
  not committed leaves nothing behind (RocksDB drops an unfinished write batch). To tell
  an update that committed in the very instant the writer was killed from one that did
  not, the update ends with a marker triple, in the same transaction, which the caller
  looks for after a timeout (and removes): found, the update stands and no error is
  raised; not found, :class:`~spasmgraph.errors.QueryTimeoutError` and nothing changed.

The writer's start-up (an interpreter and the store, about 0.5 s) counts against the
update's time limit, so the limit holds as stated; an update given less than that times
out. While the writer runs, the store is not open in the caller: another thread that uses
it opens it again and the writer then fails with :class:`~spasmgraph.errors.StoreError`
(nothing written). An update that commits just before it is killed makes the caller
reopen a store whose log must be replayed, which takes time in proportion to what the
update wrote; a timed-out update that did not commit costs no replay. (pyoxigraph is
imported inside the functions, as for every module but the Oxigraph backend's own.)
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import QuerySyntaxError, QueryTimeoutError, StoreError
from .oxigraph_query import handle, run_update
from .worker import Worker

if TYPE_CHECKING:
    from .oxigraph_store import OxStore

__all__ = ["MARKER", "reader", "update_on_disk", "writer"]

MARKER = "urn:spasmgraph:pending-update"
"""The named graph (and subject and predicate) of an update's commit marker."""

READER = "spasmgraph.backends.oxigraph_disk:reader"
WRITER = "spasmgraph.backends.oxigraph_disk:writer"


def reader_for(store: OxStore, revision: int | None) -> Worker:
    """A spawned worker that answers queries on the store's folder, opened read-only."""
    assert store.folder is not None
    try:
        store.inner.flush()
    except OSError as exc:
        raise StoreError(f"the oxigraph store failed: {exc}") from None
    return Worker(READER, revision=revision, argument=store.folder)


def update_on_disk(
    store: OxStore, text: str, prefixes: Mapping[str, str], timeout: float | None
) -> None:
    """Run an update on the store's folder in a writer process, killed at *timeout*."""
    nonce = secrets.token_hex(16)
    store.release()
    writer_process = Worker(WRITER, revision=None, argument=store.folder)
    try:
        writer_process.call(("update", text, dict(prefixes), nonce), timeout=timeout, revision=None)
    except QueryTimeoutError:
        writer_process.close()  # the folder's lock is free once the process is gone
        if not _committed(store.inner, nonce):
            raise
    finally:
        writer_process.close()


def reader(folder: str) -> Callable[[tuple[Any, ...]], Any]:
    """In a spawned worker: answer queries on *folder*, opened read-only."""
    import pyoxigraph as ox

    try:
        inner = ox.Store.read_only(folder)
    except OSError as exc:
        raise StoreError(f"cannot open the oxigraph store to read it: {exc}") from None
    return functools.partial(handle, inner)


def writer(folder: str) -> Callable[[tuple[Any, ...]], None]:
    """In a spawned worker: run updates on *folder*, which the caller has let go of."""
    import pyoxigraph as ox

    try:
        inner = ox.Store(folder)
    except OSError as exc:
        text = " ".join(str(exc).split())
        raise StoreError(f"cannot open the oxigraph store to update it: {text}") from None
    return functools.partial(_write, inner)


def _write(inner: Any, request: tuple[Any, ...]) -> None:
    """Run the update and its marker in one transaction, drop the marker, flush."""
    _, text, prefixes, nonce = request
    marker = f'INSERT DATA {{ GRAPH <{MARKER}> {{ <{MARKER}> <{MARKER}> "{nonce}" }} }}'
    try:
        run_update(inner, f"{text}\n;\n{marker}", prefixes)
    except QuerySyntaxError:  # the text ends with ";" already, or only declares prefixes
        run_update(inner, f"{text}\n{marker}", prefixes)
    run_update(inner, f"DROP SILENT GRAPH <{MARKER}>", {})
    try:
        inner.flush()  # so that the caller need not replay the log when it reopens
    except OSError as exc:
        raise StoreError(f"the oxigraph store failed: {exc}") from None


def _committed(inner: Any, nonce: str) -> bool:
    """Whether the update that carried *nonce* committed; removes its marker."""
    import pyoxigraph as ox

    marker = ox.NamedNode(MARKER)
    found = ox.Quad(marker, marker, ox.Literal(nonce), marker) in inner
    run_update(inner, f"DROP SILENT GRAPH <{MARKER}>", {})
    return found
