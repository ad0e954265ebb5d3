"""The notebooks run top to bottom, quickly, and are committed with fresh outputs.

The notebooks in ``notebooks/`` are committed with their outputs (tables, diagrams, a chart)
so that they read well when browsed. :func:`test_notebook_outputs_are_fresh` re-executes
each one on a fresh kernel and compares what it shows (``text/plain`` and images, with
volatile bits such as memory addresses normalised) with what is committed. After changing
the library or a notebook, refresh them with::

    .venv/bin/python tests/test_notebooks.py            # all notebooks
    .venv/bin/python tests/test_notebooks.py 03         # the ones whose name contains "03"
"""

from __future__ import annotations

import base64
import re
import struct
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

FOLDER = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
CELL_SECONDS = 10.0
"""No cell may take longer than this (long checks belong in tests)."""


def test_the_five_notebooks_exist() -> None:
    assert [p.stem for p in NOTEBOOKS] == [
        "01-explore",
        "02-sparql",
        "03-paths-and-evidence",
        "04-networkx-analytics",
        "05-espanol",
    ]


def execute(path: Path) -> tuple[Any, list[float]]:
    """Run a notebook on a fresh kernel in a scratch folder; return it and each cell's time."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            record_timing=True,
            resources={"metadata": {"path": scratch}},
        ).execute()
    seconds = []
    for cell in notebook.cells:
        timing = cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code" and timing:
            start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            seconds.append((end - start).total_seconds())
    return notebook, seconds


_VOLATILE = [
    (re.compile(r" at 0x[0-9a-f]+"), " at 0x…"),  # object reprs
    (re.compile(r"\b\d+(\.\d+)? ?(ms|µs|s) (elapsed|per loop)"), "… elapsed"),  # timings
    (re.compile(r"/tmp/[^\s'\"]+"), "/tmp/…"),  # scratch folders
]


def _text(value: str | list[str]) -> str:
    text = "".join(value) if isinstance(value, list) else value
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text.strip()


def _svg(value: str | list[str]) -> list[str]:
    """What an SVG shows, not where: its titles and texts (layouts vary with Graphviz)."""
    text = "".join(value) if isinstance(value, list) else value
    return sorted(re.findall(r"<(?:title|text)\b[^>]*>([^<]*)</", text))


def _png(value: str | list[str]) -> tuple[int, int]:
    """A PNG's size in pixels (its pixels vary with the fonts installed)."""
    data = base64.b64decode("".join(value) if isinstance(value, list) else value)
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def shown(notebook: Any) -> list[list[Any]]:
    """For each code cell, what it shows, normalised for comparison."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        found: list[Any] = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                found.append(("stream", output.get("name"), _text(output.get("text", ""))))
            elif kind == "error":
                found.append(("error", output.get("ename"), output.get("evalue")))
            elif kind in ("execute_result", "display_data"):
                data = output.get("data", {})
                if "text/plain" in data:
                    found.append(("text/plain", _text(data["text/plain"])))
                if "image/svg+xml" in data:
                    found.append(("image/svg+xml", _svg(data["image/svg+xml"])))
                if "image/png" in data:
                    found.append(("image/png", _png(data["image/png"])))
        cells.append(found)
    return cells


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_outputs_are_fresh(path: Path) -> None:
    committed = nbformat.read(path, as_version=4)
    assert all(
        cell.get("outputs") or not cell.source.strip()
        for cell in committed.cells
        if cell.cell_type == "code"
    ), f"{path.name} is committed without outputs; run: python tests/test_notebooks.py"
    notebook, seconds = execute(path)
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
    slow = [(i, s) for i, s in enumerate(seconds) if s > CELL_SECONDS]
    assert not slow, f"cells (code cell index, seconds) over {CELL_SECONDS} s: {slow}"
    fresh, old = shown(notebook), shown(committed)
    stale = [i for i, (a, b) in enumerate(zip(fresh, old, strict=True)) if a != b]
    assert not stale, (
        f"{path.name}: outputs of code cells {stale} are stale; run: python tests/test_notebooks.py"
    )


def refresh(paths: list[Path]) -> None:
    """Re-execute *paths* and save them with their outputs (and no timing metadata)."""
    for path in paths:
        notebook, seconds = execute(path)
        nbformat.write(notebook, path)
        print(f"{path.name}: {len(seconds)} cells, slowest {max(seconds, default=0):.1f} s")


if __name__ == "__main__":
    wanted = sys.argv[1:]
    refresh([p for p in NOTEBOOKS if not wanted or any(w in p.name for w in wanted)])
