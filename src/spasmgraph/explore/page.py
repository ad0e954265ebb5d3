"""The explorer's HTML page: one self-contained file, safe whatever the data holds.

:func:`render_page` puts together the static markup, the app's stylesheet, the data
and two scripts (the vendored cytoscape.js and the app, ``static/explorer.js``):

* **The data cannot end the script element.** It is JSON in a
  ``<script type="application/json">`` element (never run, read with ``JSON.parse``),
  with ``<``, ``>``, ``&`` and the line separators U+2028 and U+2029 written as ``\\uXXXX``
  escapes (:func:`script_json`), so no label can write ``</script>`` or ``<!--``.
* **Nothing but the page's own code runs.** A Content-Security-Policy in a ``<meta>``
  element allows no source at all (``default-src 'none'``) except the inline scripts and
  styles whose sha256 hashes it lists (:func:`csp_hash`); the app inserts every text with
  ``textContent``, never as HTML.
* **No request leaves the page.** Every script and style is inline and the markup has
  no ``src`` or ``href``; links (DOIs, IRIs) are ``https:``/``http:`` only and are
  followed only when clicked.

>>> page = render_page({"title": "</title><script>alert(1)</script>", "lang": "en"})
>>> page.count("<script"), "&lt;/title&gt;&lt;script&gt;" in page
(3, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any

from ..errors import DiagramRenderError
from .data import DISCLAIMER

__all__ = ["CYTOSCAPE_STYLE", "csp_hash", "read_asset", "render_page", "script_json"]

CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"
"""The one style element cytoscape.js adds to a page; the policy allows it by its hash."""

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_ESCAPED = re.compile("[<>&\u2028\u2029]")


def script_json(data: Any) -> str:
    r"""*data* as JSON that is safe inside a ``<script>`` element.

    >>> script_json({"label": "</script><b>&\u2028"})
    '{"label": "\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}'
    >>> json.loads(script_json({"label": "</script>"}))["label"]
    '</script>'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return _ESCAPED.sub(lambda m: _ESCAPES[m.group(0)], text)


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source that allows an inline block holding *text*.

    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def read_asset(name: str) -> str:
    """A file shipped with the explorer: ``"static/explorer.js"``, ``"vendor/..."``.

    Line ends are normalised to ``\\n``, as the HTML parser does, so the hashes match.

    Raises
    ------
    DiagramRenderError
        The file is missing from the installed package.
    """
    node = resources.files(__package__ or "spasmgraph.explore")
    for part in name.split("/"):
        node = node.joinpath(part)
    try:
        text = node.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        raise DiagramRenderError(
            f"the explorer's file {name!r} is missing from the installed spasmgraph; reinstall it"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _inline_script(text: str) -> str:
    if re.search(r"</script|<!--|<script", text, re.IGNORECASE):
        raise DiagramRenderError("an explorer script holds '<script', '</script' or '<!--'")
    return text


def _disclaimer() -> str:
    """The notice of :data:`~spasmgraph.explore.data.DISCLAIMER`, first sentence in bold."""
    first, _, rest = DISCLAIMER.partition(". ")
    return f"<strong>{html.escape(first)}.</strong> {html.escape(rest)}"


def render_page(payload: Mapping[str, Any]) -> str:
    """The whole HTML page for *payload* (see :func:`spasmgraph.explore.data.build_payload`)."""
    css = read_asset("static/explorer.css")
    if "</style" in css.lower():
        raise DiagramRenderError("the explorer's stylesheet holds '</style'")
    scripts = [
        _inline_script(read_asset("vendor/cytoscape.min.js")),
        _inline_script(read_asset("static/explorer.js")),
    ]
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(csp_hash(s) for s in scripts),
            f"style-src {csp_hash(css)} {csp_hash(CYTOSCAPE_STYLE)}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    title = html.escape(str(payload.get("title") or "spasmgraph explorer"))
    lang = html.escape(str(payload.get("lang") or "en"))
    body = read_asset("static/explorer.html").replace("@DISCLAIMER@", _disclaimer())
    return "".join(
        [
            f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n',
            '<meta name="referrer" content="no-referrer">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}",
            f'<script type="application/json" id="sg-data">{script_json(payload)}</script>\n',
            *(f"<script>{s}</script>\n" for s in scripts),
            "</body>\n</html>\n",
        ]
    )
