"""The query page: a small HTML form shipped with the package, under a strict CSP.

The page makes no request outside the endpoint: its only script and style are inline,
and the Content-Security-Policy allows exactly those two blocks (by their SHA-256
hashes), requests to the endpoint itself, and nothing else.

>>> page = query_page()
>>> page.body.startswith(b"<!doctype html>"), "'unsafe-inline'" in page.csp
(True, False)
>>> "default-src 'none'" in page.csp and "connect-src 'self'" in page.csp
True
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass
from importlib.resources import files

__all__ = ["API_CSP", "Page", "query_page"]

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
"""The Content-Security-Policy of every response that is not the query page."""

_BLOCK = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Page:
    """The page's bytes and the Content-Security-Policy to serve them with."""

    body: bytes
    csp: str


@functools.cache
def query_page() -> Page:
    """The query page (``static/page.html``) and its Content-Security-Policy."""
    text = files(__package__).joinpath("static", "page.html").read_text(encoding="utf-8")
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, content in _BLOCK.findall(text):
        digest = base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode()
        hashes[kind].append(f"'sha256-{digest}'")
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + (" ".join(hashes["script"]) or "'none'"),
            "style-src " + (" ".join(hashes["style"]) or "'none'"),
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )
    return Page(text.encode("utf-8"), csp)
