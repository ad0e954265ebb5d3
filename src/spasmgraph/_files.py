"""Files: the one atomic-write helper, and the bundled package data.

Every file spasmgraph writes goes through :func:`atomic_write`: the data is written to a
temporary file beside the target and renamed over it, so a reader never sees half a file
and a failure leaves the target as it was. Errors name the user's path, never the
temporary file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from importlib import resources
from pathlib import Path

from .errors import OntologyLoadError, OutputError

__all__ = ["atomic_write", "bundled_bytes", "bundled_names", "bundled_text"]

_ONTOLOGY = "spasmgraph.ontology"


def atomic_write(target: str | os.PathLike[str], data: bytes | str, *, mode: int = 0o644) -> Path:
    """Write *data* to *target* atomically and return the target's path.

    A new file gets *mode* (less the umask); an existing file keeps its own mode.

    Raises
    ------
    OutputError
        The target cannot be written (missing folder, no permission, a directory, full
        disk); the message names *target*.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a.txt", "hello").read_text()
    'hello'
    >>> atomic_write(folder / "missing" / "a.txt", "x")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.OutputError: cannot write '.../missing/a.txt': no such folder ...
    """
    path = Path(target)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if path.is_dir():
        raise OutputError(f"cannot write {str(path)!r}: it is a folder; give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {str(path)!r}: no such folder {str(folder)!r}; create it first"
        )
    try:
        keep = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        keep = None
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if keep is not None:
            tmp.chmod(keep)
        else:
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(mode & ~umask)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        reason = exc.strerror or type(exc).__name__
        raise OutputError(f"cannot write {str(path)!r}: {reason.lower()}") from None
    return path


def bundled_bytes(name: str) -> bytes:
    """One file of the bundled ontology package, e.g. ``"schema.ttl"`` or ``"queries/x.rq"``.

    >>> bundled_bytes("schema.ttl")[:1]
    b'@'
    """
    node = resources.files(_ONTOLOGY)
    for part in name.split("/"):
        node = node.joinpath(part)
    try:
        return node.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise OntologyLoadError(
            f"{_ONTOLOGY}/{name}", "file missing from the installed package"
        ) from None


def bundled_text(name: str) -> bytes:
    """The same as :func:`bundled_bytes` (kept for callers of ``store.bundled_text``)."""
    return bundled_bytes(name)


def bundled_names(suffix: str = "", folder: str = "") -> list[str]:
    """Sorted names of the bundled ontology files in *folder* ending with *suffix*.

    >>> "schema.ttl" in bundled_names(".ttl")
    True
    """
    node = resources.files(_ONTOLOGY)
    if folder:
        node = node.joinpath(folder)
    prefix = f"{folder}/" if folder else ""
    return sorted(
        prefix + entry.name
        for entry in node.iterdir()
        if entry.is_file() and entry.name.endswith(suffix)
    )
