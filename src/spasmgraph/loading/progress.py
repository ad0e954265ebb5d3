"""Progress bars for long loads (with tqdm, when installed and wanted)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from collections.abc import Iterator
from importlib.util import find_spec
from typing import IO, Any

from ..backends.base import SourceItem

__all__ = ["PROGRESS_DELAY", "progress_bar", "progress_enabled", "reader"]

PROGRESS_DELAY = 2.0
"""Seconds a load runs before its progress bar appears."""


def progress_enabled(progress: bool | None) -> bool:
    """Whether to draw a progress bar: *progress* if given, else the environment decides.

    ``SPASMGRAPH_PROGRESS=0`` turns bars off, ``=1`` on; by default they show when standard
    error is a terminal. Bars need tqdm (``pip install 'spasmgraph[progress]'``).
    """
    if progress is None:
        env = os.environ.get("SPASMGRAPH_PROGRESS", "").strip().lower()
        if env in ("0", "false", "no", "off"):
            return False
        wanted = env in ("1", "true", "yes", "on") or sys.stderr.isatty()
    else:
        wanted = bool(progress)
    if not wanted:
        return False
    if find_spec("tqdm") is None:
        if progress:
            warnings.warn(
                "progress bars need tqdm: pip install 'spasmgraph[progress]'",
                RuntimeWarning,
                stacklevel=4,
            )
        return False
    return True


@contextlib.contextmanager
def progress_bar(total: int, progress: bool | None) -> Iterator[Any]:
    if total <= 0 or not progress_enabled(progress):
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc="spasmgraph: loading",
        delay=PROGRESS_DELAY,
        leave=False,
        file=sys.stderr,
    )
    try:
        yield bar
    finally:
        bar.close()


class _CountingReader(io.RawIOBase):
    """A binary reader that reports how many bytes have been read to a progress bar."""

    def __init__(self, raw: IO[bytes], bar: Any) -> None:
        super().__init__()
        self._raw = raw
        self._bar = bar

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self._bar.update(n)
        return int(n or 0)


@contextlib.contextmanager
def reader(item: SourceItem, bar: Any) -> Iterator[IO[bytes]]:
    if item.data is not None:
        raw: IO[bytes] = io.BytesIO(item.data)
    else:
        assert item.path is not None
        raw = item.path.open("rb")
    try:
        yield io.BufferedReader(_CountingReader(raw, bar), buffer_size=1 << 16)
    finally:
        raw.close()
