"""A cache of the bundled graph for the memory store, in a format that cannot run code.

``spasmgraph.load(store="memory")`` without extra sources reads only the bundled layers.
Without pyoxigraph, rdflib's Turtle parser takes about 0.6 s for them; the cache reads the
same triples from a JSON table of terms in about 0.17 s. Nothing else is cached: the
Oxigraph store parses the Turtle natively in a few milliseconds, and building the index
takes about 50 ms, less than reading a cached index would save (measured: cold
``sg.load(store="oxigraph")`` + first lookup, 0.44 s with the old index cache, 0.47 s
without).

The files live in ``$SPASMGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/spasmgraph``, else
``~/.cache/spasmgraph``. A file's name carries the SHA-256 of everything its content
depends on (the bundled layers' bytes, the spasmgraph and Python versions, the layer list,
and the code of the modules that parse). Nothing in the cache is ever executed: a cache
file is JSON, read only when

* the folder is a real folder (not a symbolic link) owned by the current user that no one
  else may write to, checked with :func:`os.lstat`;
* the file, opened without following links, is a regular file owned by the current user
  that no one else may write to;
* its SHA-256 matches the one stored beside it in a ``.sha256`` file (checked the same way).

Anything else is a miss, never an error, and so is an unwritable folder. Set
``SPASMGRAPH_NO_CACHE=1`` to bypass the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef

from .._files import atomic_write
from .._version import version
from ..backends import Backend, open_backend
from ..errors import OutputError, StoreError

__all__ = ["cache_dir", "enabled", "read", "write"]

FORMAT = 2
"""Bump when the layout of cache files changes (2: JSON term tables, no index)."""

_CODE_FOLDERS = ("backends", "loading")
"""The subpackages whose code decides what a cache file holds (with ``vocab.py``)."""

_SUFFIX = ".json"
_READ_LIMIT = 1 << 28
"""Largest cache file read (256 MiB)."""


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
    return f"bundled-{store}-{'+'.join(layers)}-{key[:32]}{_SUFFIX}"


def _safe_mode(info: os.stat_result) -> bool:
    owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owned and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def trusted_dir(folder: Path) -> bool:
    """True if *folder* is a real folder of the current user that no one else may write."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _safe_mode(info)


def _trusted(path: Path) -> bool:
    """True if *path* is a regular file (no link) of ours that no one else may write."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and _safe_mode(info)


def _read_file(path: Path) -> bytes | None:
    """The bytes of *path*, opened without following links and checked on the open file."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or not _safe_mode(info) or info.st_size > _READ_LIMIT:
            return None
        return fh.read(_READ_LIMIT + 1)


def read(store: str, layers: tuple[str, ...], blobs: list[bytes]) -> Backend | None:
    """A fresh backend holding the cached bundled graph for these layers, or None on a miss."""
    if store != "memory" or not enabled():
        return None
    folder = cache_dir()
    if not trusted_dir(folder):
        return None
    key = _key(store, layers, blobs)
    path = folder / _name(store, layers, key)
    data, seal = _read_file(path), _read_file(path.with_suffix(".sha256"))
    if data is None or seal is None:
        return None
    if seal.decode("ascii", "replace").strip() != hashlib.sha256(key.encode() + data).hexdigest():
        return None
    try:
        return _decode(json.loads(data), key)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None  # a foreign or damaged file is a miss, never an error


def write(store: str, layers: tuple[str, ...], blobs: list[bytes], backend: Backend) -> None:
    """Keep *backend*'s triples for these layers; silently skip on any OS error."""
    if store != "memory" or not enabled():
        return
    folder = cache_dir()
    key = _key(store, layers, blobs)
    name = _name(store, layers, key)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not trusted_dir(folder):
            return
        data = json.dumps(_encode(backend, key), separators=(",", ":")).encode("utf-8")
        seal = hashlib.sha256(key.encode() + data).hexdigest()
        atomic_write(folder / name, data, mode=0o600)
        atomic_write((folder / name).with_suffix(".sha256"), seal + "\n", mode=0o600)
        stale = f"bundled-{store}-{'+'.join(layers)}-"
        for old in folder.glob(f"{stale}*"):
            if old.stem != Path(name).stem:
                with contextlib.suppress(OSError):
                    old.unlink()
    except (OSError, OutputError, StoreError, ValueError):
        return


def _encode(backend: Backend, key: str) -> dict[str, Any]:
    """The triples as a term table and a flat list of term numbers."""
    numbers: dict[Any, int] = {}
    terms: list[Any] = []
    flat: list[int] = []
    for triple in backend.graph:
        for term in triple:
            at = numbers.get(term)
            if at is None:
                at = numbers[term] = len(terms)
                terms.append(_term(term))
            flat.append(at)
    namespaces = [[prefix, ns] for prefix, ns in backend.namespaces()]
    return {"key": key, "terms": terms, "triples": flat, "namespaces": namespaces}


def _term(term: Any) -> Any:
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return ["_", str(term)]
    if isinstance(term, Literal):
        return [str(term), term.language or "", str(term.datatype or "")]
    raise StoreError(f"cannot cache {term!r}")  # write() catches it: nothing is cached


def _decode(document: dict[str, Any], key: str) -> Backend | None:
    if document["key"] != key:
        return None
    made: list[Any] = []
    for item in document["terms"]:
        if isinstance(item, str):
            made.append(URIRef(item))
        elif item[0] == "_" and len(item) == 2:
            made.append(BNode(item[1]))
        elif item[1]:
            made.append(Literal(item[0], lang=item[1]))
        else:
            made.append(Literal(item[0], datatype=URIRef(item[2]) if item[2] else None))
    flat: list[int] = document["triples"]
    if len(flat) % 3:
        return None
    backend = open_backend("memory")
    graph = backend.graph
    graph.addN(
        (made[flat[i]], made[flat[i + 1]], made[flat[i + 2]], graph) for i in range(0, len(flat), 3)
    )
    for prefix, namespace in document["namespaces"]:
        graph.bind(str(prefix), URIRef(str(namespace)), override=True)
    return backend
