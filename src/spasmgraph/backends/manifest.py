"""What a persistent store holds: the manifest of the sources loaded into it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._files import atomic_write
from .._version import version
from ..errors import StoreError

__all__ = ["INDEX_FILE", "MANIFEST", "Manifest", "drop_index"]

MANIFEST = "spasmgraph-store.json"
"""Name of the manifest file in a persistent store directory."""

INDEX_FILE = "spasmgraph-index-{lang}.json"
"""Name of the files that keep a persistent store's index, one per language
(:mod:`spasmgraph.index.persist`)."""


def drop_index(root: Path) -> None:
    """Delete the indexes kept in the store directory *root*: called before every write,
    so that a kept index always describes the store as it is."""
    for path in root.glob(INDEX_FILE.format(lang="*")):
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(
                f"cannot delete the stale index {str(path)!r} before writing to the store "
                f"({exc.strerror}); nothing was written"
            ) from None


_MANIFEST_VERSION = 1


@dataclass
class Manifest:
    """The sources a persistent store holds, each by name and SHA-256 of its content.

    Re-opening a store skips every requested source already recorded with the same content
    (no parsing, no duplicate blank nodes), adds sources that are new, keeps sources
    loaded earlier even if not requested now, and refuses a source whose content changed
    since it was loaded (a file edited, or the bundled ontology of another spasmgraph
    version): blank nodes cannot be matched up, so the store must be rebuilt.
    """

    root: Path
    sources: dict[str, dict[str, Any]]
    prefixes: dict[str, str] = field(default_factory=dict)
    """The prefixes the store's sources bound, bound again when it is opened."""

    @classmethod
    def read(cls, root: Path) -> Manifest:
        file = root / MANIFEST
        if not file.is_file():
            return cls(root, {})
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            sources = data["sources"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(
                f"cannot read {str(file)!r} ({exc}); delete the directory to rebuild the store"
            ) from None
        if data.get("version") != _MANIFEST_VERSION or not isinstance(sources, dict):
            raise StoreError(
                f"cannot read {str(file)!r} (unknown manifest version); delete the directory "
                "to rebuild the store"
            )
        prefixes = data.get("prefixes", {})
        if not isinstance(prefixes, dict):
            raise StoreError(
                f"cannot read {str(file)!r} (prefixes is not a table); delete the directory "
                "to rebuild the store"
            )
        return cls(root, sources, {str(k): str(v) for k, v in prefixes.items()})

    def seen(self, name: str, digest: str | None) -> bool:
        """True if *name* was loaded with this content; raise if its content changed."""
        entry = self.sources.get(name)
        if entry is None:
            return False
        if digest is None or entry.get("sha256") == digest:
            return True
        raise StoreError(
            f"{name} has changed since it was loaded into the store at {str(self.root)!r}; "
            "a store cannot swap one version of a source for another, so delete that "
            "directory (or choose a new path) to rebuild it"
        )

    def record(self, name: str, digest: str | None, triples: int) -> None:
        self.sources[name] = {"sha256": digest, "triples_added": triples}

    def save(self) -> None:
        """Write the manifest atomically."""
        text = json.dumps(
            {
                "version": _MANIFEST_VERSION,
                "spasmgraph": version(),
                "sources": self.sources,
                "prefixes": self.prefixes,
            },
            indent=2,
            sort_keys=True,
        )
        atomic_write(self.root / MANIFEST, text + "\n", mode=0o600)
