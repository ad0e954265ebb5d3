"""Running Graphviz safely, checking what it returns, and writing the file.

``dot`` is run with a fixed argument list (no shell), the DOT text on its standard input
and a time limit. Its output is checked before anything is written: SVG must be
well-formed XML whose elements and attributes are all inert (no scripts, no
``foreignObject``, no event handlers, no links), PNG and PDF must start with their
signatures. Label text is never judged: a label may say ``href`` or ``javascript:``.
Files are written through :func:`spasmgraph._files.atomic_write`, which keeps an existing
file's mode.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path as FsPath

from .._files import atomic_write
from ..errors import DiagramRenderError

__all__ = [
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "INSTALL_HINT",
    "check_output",
    "check_svg",
    "format_of",
    "run_dot",
    "write_output",
]

FORMATS: tuple[str, ...] = ("dot", "svg", "png", "pdf")
"""Output formats of :meth:`Diagram.render` and file suffixes of :meth:`Diagram.write`."""

DEFAULT_TIMEOUT = 60.0
"""Seconds ``dot`` may run before rendering gives up."""

INSTALL_HINT = (
    "install Graphviz: Debian/Ubuntu: sudo apt-get install graphviz; "
    "macOS: brew install graphviz; conda: conda install -c conda-forge graphviz"
)


def format_of(name: str) -> str:
    """The output format *name* asks for (``".SVG"`` gives ``"svg"``), checked.

    >>> format_of(".SVG")
    'svg'
    """
    fmt = name.lower().lstrip(".") if isinstance(name, str) else ""
    if fmt not in FORMATS:
        raise DiagramRenderError(
            f"unknown diagram format {name!r}; choose one of: {', '.join(FORMATS)}"
        )
    return fmt


def run_dot(source: str, fmt: str, *, timeout: float | None = DEFAULT_TIMEOUT) -> bytes:
    """Render DOT *source* with Graphviz's ``dot`` as *fmt* and return the checked bytes.

    Raises
    ------
    DiagramRenderError
        ``dot`` missing (the message says how to install it), failing (the message holds
        its error output), timing out, or producing output that is empty, malformed or
        not inert.
    """
    exe = shutil.which("dot")
    if exe is None:
        raise DiagramRenderError(
            f"Graphviz's 'dot' program is not on PATH, and rendering {fmt} needs it; "
            f"{INSTALL_HINT}. (Diagram.to_dot() and .write('diagram.dot') work without it.)"
        )
    try:
        proc = subprocess.run(  # a fixed argument list; the format was checked
            [exe, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise DiagramRenderError(
            f"Graphviz's 'dot' program could not be started; {INSTALL_HINT}"
        ) from None
    except subprocess.TimeoutExpired:
        raise DiagramRenderError(
            f"Graphviz's 'dot' did not finish within {timeout} s; draw fewer nodes "
            "(focus=..., radius=1, or paths=...) or raise timeout="
        ) from None
    except OSError as exc:
        raise DiagramRenderError(f"Graphviz's 'dot' could not be run: {exc}") from None
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace").strip()[:2000]
        raise DiagramRenderError(
            f"Graphviz's 'dot -T{fmt}' failed (exit status {proc.returncode}): "
            f"{stderr or 'no error output'}"
        )
    return check_output(proc.stdout, fmt)


_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def check_output(data: bytes, fmt: str) -> bytes:
    """Check Graphviz's *data* in format *fmt*; uses ``if``/``raise``, never ``assert``."""
    if not data:
        raise DiagramRenderError(f"Graphviz's 'dot -T{fmt}' produced no output")
    if fmt == "svg":
        check_svg(data)
    elif fmt == "png" and not data.startswith(_PNG_MAGIC):
        raise DiagramRenderError("Graphviz's output does not start with the PNG signature")
    elif fmt == "pdf" and not data.startswith(b"%PDF-"):
        raise DiagramRenderError("Graphviz's output does not start with the PDF header")
    return data


# Elements that run code, embed other documents or change attributes after loading.
_FORBIDDEN_ELEMENTS = frozenset(
    {
        "script",
        "foreignobject",
        "iframe",
        "embed",
        "object",
        "handler",
        "listener",
        "set",
        "animate",
        "animatemotion",
        "animatetransform",
        "animatecolor",
    }
)
_LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data"})
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20]+")


def check_svg(data: bytes) -> None:
    """Refuse SVG that is malformed or could run code or load anything.

    Elements and attributes are judged, never text: ``<script>`` and ``foreignObject``
    (and other active elements), ``on...`` event handlers, any link attribute (``href``,
    ``xlink:href``, ``src``) other than a same-document ``#fragment``, and any attribute
    value that is a ``javascript:``, ``vbscript:`` or ``data:`` URL are refused.

    >>> svg = b'<svg xmlns="http://www.w3.org/2000/svg"><text>see href=javascript:x</text></svg>'
    >>> check_svg(svg)
    >>> check_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><g onclick="x()"/></svg>')
    Traceback (most recent call last):
    ...
    spasmgraph.errors.DiagramRenderError: Graphviz produced SVG with an event handler ...
    """
    try:
        root = ET.fromstring(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DiagramRenderError(f"Graphviz produced SVG that is not UTF-8: {exc}") from None
    except ET.ParseError as exc:
        raise DiagramRenderError(f"Graphviz produced malformed SVG: {exc}") from None
    if _local(root.tag) != "svg":
        raise DiagramRenderError(f"Graphviz produced XML whose root is {root.tag!r}, not svg")
    for element in root.iter():
        tag = _local(str(element.tag)).lower()
        if tag in _FORBIDDEN_ELEMENTS:
            raise DiagramRenderError(
                f"Graphviz produced SVG with a <{tag}> element (a script or active content); "
                "refusing it"
            )
        for name, value in element.attrib.items():
            _check_attribute(tag, _local(name).lower(), value)


def _check_attribute(tag: str, name: str, value: str) -> None:
    if name.startswith("on"):
        raise DiagramRenderError(
            f"Graphviz produced SVG with an event handler ({name} on <{tag}>); refusing it"
        )
    if name in _LINK_ATTRIBUTES and not value.strip().startswith("#"):
        raise DiagramRenderError(
            f"Graphviz produced SVG with a link ({name} on <{tag}>); refusing it"
        )
    if _SCRIPT_URL.match(_CONTROL.sub("", value)):
        raise DiagramRenderError(
            f"Graphviz produced SVG with a script URL in {name} on <{tag}>; refusing it"
        )


def _local(tag: str) -> str:
    """An XML name without its ``{namespace}``."""
    return tag.rpartition("}")[2]


def write_output(path: str | os.PathLike[str], data: bytes) -> FsPath:
    """Write *data* to *path* atomically, keeping an existing file's mode.

    Raises
    ------
    OutputError
        *path* cannot be written; the message names it.
    """
    return atomic_write(path, data)
