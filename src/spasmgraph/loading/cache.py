"""A cache of the bundled graph, so that a cold start does not parse Turtle or build an index.

``spasmgraph.load()`` without extra sources reads only the bundled layers. The first time,
it stores what it built in a cache file; later loads of the same layers on the same store
read that file instead:

* for the ``"memory"`` store, the rdflib graph and its lookup index (one pickle);
* for the ``"oxigraph"`` store, the lookup index only (Oxigraph parses the Turtle natively
  in a few milliseconds).

The file lives in ``$SPASMGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/spasmgraph``, else
``~/.cache/spasmgraph``. Its name is the SHA-256 of everything its content depends on: the
bytes of the bundled layers, the spasmgraph version, the store, the layer list and the
source of the modules that build the graph and the index. Change any of them and the old
file is simply never read again (``spasmgraph`` deletes cache files older than the one it
writes for the same store and layers).

Files are written atomically (temporary file, then rename) with owner-only permissions and
read only if the current user owns them and nobody else can write them. An unwritable or
unreadable cache directory just means no cache. Set ``SPASMGRAPH_NO_CACHE=1`` to bypass
the cache entirely.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import version

if TYPE_CHECKING:
    from rdflib import Graph

    from ..index import Index

__all__ = ["cache_dir", "enabled", "read", "write"]

FORMAT = 1
"""Bump when the layout of cache files changes."""

_CODE_FOLDERS = ("backends", "index", "loading")
"""The subpackages whose code decides what a cache file holds (with ``vocab.py``)."""


def enabled() -> bool:
    """False when ``SPASMGRAPH_NO_CACHE`` is set to anything but ``0`` or an empty string."""
    return os.environ.get("SPASMGRAPH_NO_CACHE", "").strip().lower() in ("", "0", "false", "no")


def cache_dir() -> Path:
    """Where cache files go (not created here)."""
    explicit = os.environ.get("SPASMGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "spasmgraph"


def _key(store: str, layers: tuple[str, ...], blobs: list[bytes]) -> str:
    sha = hashlib.sha256()
    sha.update(f"spasmgraph-cache {FORMAT} {version()} {store} {','.join(layers)}".encode())
    sha.update(f" python {sys.version_info[:2]}".encode())
    for blob in blobs:
        sha.update(hashlib.sha256(blob).digest())
    package = Path(__file__).resolve().parent.parent
    files = [package / "vocab.py"]
    for folder in _CODE_FOLDERS:
        files.extend(sorted((package / folder).glob("*.py")))
    for file in files:
        with contextlib.suppress(OSError):
            sha.update(file.name.encode())
            sha.update(hashlib.sha256(file.read_bytes()).digest())
    return sha.hexdigest()


def _name(store: str, layers: tuple[str, ...], key: str) -> str:
    return f"bundled-{store}-{'+'.join(layers)}-{key[:32]}.pickle"


def _trusted(path: Path) -> bool:
    """Only read files we wrote: owned by us, not writable by group or others, no links."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(
    store: str, layers: tuple[str, ...], blobs: list[bytes]
) -> tuple[Graph | None, Index] | None:
    """The cached (graph or None, index) for these layers on *store*, or None on a miss."""
    if not enabled():
        return None
    key = _key(store, layers, blobs)
    path = cache_dir() / _name(store, layers, key)
    if not _trusted(path):
        return None
    try:
        with path.open("rb") as fh:
            stored_key, graph, index = pickle.load(fh)
    except Exception:  # a truncated or foreign file is a miss, never an error
        return None
    if stored_key != key:
        return None
    return graph, index


def write(
    store: str, layers: tuple[str, ...], blobs: list[bytes], graph: Graph | None, index: Index
) -> None:
    """Store (graph, index) for these layers on *store*; silently skip on any OS error."""
    if not enabled():
        return
    key = _key(store, layers, blobs)
    folder = cache_dir()
    name = _name(store, layers, key)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".pickle", dir=folder)
        tmp = Path(temporary)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, graph, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.chmod(0o600)
            tmp.replace(folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        stale = f"bundled-{store}-{'+'.join(layers)}-"
        for old in folder.glob(f"{stale}*.pickle"):
            if old.name != name:
                with contextlib.suppress(OSError):
                    old.unlink()
    except (OSError, pickle.PicklingError, RecursionError):
        return

