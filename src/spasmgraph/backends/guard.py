"""Checks run on a source's bytes before any parser sees them.

Parsers are the widest door into spasmgraph, so hostile input is stopped in front of it, in
one linear pass, by rules kept here as plain tables:

* **JSON-LD** may carry its ``@context`` inline only. A context given as an IRI (remote,
  relative or ``file:``), an array holding one, ``@import``, or such a context nested in a
  term definition would make rdflib fetch a URL or read a local file:
  :class:`~spasmgraph.errors.NetworkAccessError` (see :data:`JSONLD_REMOTE_KEYS`).
* **XML** (RDF/XML, TriX) may not declare a document type that reaches outside the file
  or expands without bound: external DTDs, parameter entities, external entities,
  entities that refer to other entities (*billion laughs*), XInclude, and an expansion
  larger than :data:`XML_EXPANSION_LIMIT` are refused with
  :class:`~spasmgraph.errors.OntologyLoadError` before anything is allocated (see
  :data:`XML_REFUSED`). Plain string entities, as Protégé writes for namespaces, pass.
* **Token length**: rdflib's N-Triples parser is quadratic in the length of a literal or
  IRI, and its Turtle parser in the length of an escaped or multi-line literal. When
  rdflib parses those formats, a token longer than :data:`TOKEN_LIMIT` is refused with a
  message that says to install ``spasmgraph[oxigraph]``, whose parsers are linear.

>>> check_jsonld(b'{"@context": {"name": "http://schema.org/name"}, "name": "x"}', "a.jsonld")
>>> check_jsonld(b'{"@context": "https://schema.org/", "name": "x"}', "a.jsonld")
Traceback (most recent call last):
...
spasmgraph.errors.NetworkAccessError: cannot load a.jsonld: its JSON-LD @context ...
>>> longest_token(b'<urn:a> <urn:b> "three" .')
(7, 1)
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import NetworkAccessError, OntologyLoadError

__all__ = [
    "JSONLD_FORMATS",
    "JSONLD_REMOTE_KEYS",
    "TOKEN_FORMATS",
    "TOKEN_LIMIT",
    "XML_EXPANSION_LIMIT",
    "XML_FORMATS",
    "XML_REFUSED",
    "check",
    "check_jsonld",
    "check_tokens",
    "check_xml",
    "longest_token",
]

JSONLD_FORMATS = frozenset({"json-ld", "jsonld", "application/ld+json"})
"""rdflib format names read as JSON-LD."""

JSONLD_REMOTE_KEYS: dict[str, str] = {
    "@context as an IRI": "a string (an IRI, relative, http(s) or file:) in place of a context",
    "@context array with an IRI": "an array of contexts of which one is a string",
    "@import": "an @import of another context",
}
"""JSON-LD context forms refused: each would make the parser fetch or read a document.

An inline context object (also inside an array, or nested in a term definition) is
allowed; ``null`` resets the context and is allowed too.
"""

XML_FORMATS = frozenset({"xml", "application/rdf+xml", "rdf/xml", "pretty-xml", "trix"})
"""rdflib format names read as XML."""

XML_REFUSED: dict[str, str] = {
    "external DTD": r"<!DOCTYPE[^\[>]*\b(?:SYSTEM|PUBLIC)\b",
    "parameter entity": r"<!ENTITY\s+%",
    "external entity": r"<!ENTITY\s+[^\s>]+\s+(?:SYSTEM|PUBLIC)\b",
    "XInclude": r"http://www\.w3\.org/2001/XInclude",
    "external notation": r"<!NOTATION\b",
}
"""XML constructs refused anywhere in a file, by name, with the pattern that finds them."""

XML_EXPANSION_LIMIT = 1 << 20
"""Most characters the internal entities of an XML file may add when expanded (1 MiB)."""

TOKEN_FORMATS = frozenset(
    {
        "turtle",
        "ttl",
        "text/turtle",
        "nt",
        "nt11",
        "ntriples",
        "application/n-triples",
        "n3",
        "text/n3",
        "trig",
        "application/trig",
        "nquads",
        "application/n-quads",
    }
)
"""rdflib format names whose rdflib parser is quadratic in a token's length."""

TOKEN_LIMIT = 256 * 1024
"""Longest literal or IRI (in bytes) rdflib is asked to parse: 256 KiB."""

_REFUSED = {
    name: re.compile(pattern.encode(), re.IGNORECASE) for name, pattern in XML_REFUSED.items()
}
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY\s+([^\s%>]+)\s+(\"[^\"]*\"|'[^']*')\s*>")
_ENTITY_START = re.compile(rb"<!ENTITY\b")
_ENCODING = re.compile(rb"^<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_XML_ENCODINGS = frozenset(
    {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1"}
)


def check(data: bytes, fmt: str, label: str, *, tokens: bool = True) -> None:
    """Run the checks that apply to *fmt* on *data* (the bytes of source *label*).

    *tokens* = False skips the token-length check (for a linear parser).

    Raises
    ------
    NetworkAccessError
        A JSON-LD context that would be fetched or read.
    OntologyLoadError
        A refused XML construct, or a token longer than :data:`TOKEN_LIMIT`.
    """
    fmt = fmt.lower()
    if fmt in JSONLD_FORMATS:
        check_jsonld(data, label)
    elif fmt in XML_FORMATS:
        check_xml(data, label)
    elif tokens and fmt in TOKEN_FORMATS:
        check_tokens(data, label)


# -- JSON-LD ---------------------------------------------------------------------------------
def check_jsonld(data: bytes | str, label: str) -> None:
    """Refuse a JSON-LD document whose contexts are not all inline (see module docstring)."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise OntologyLoadError(label, f"not valid JSON ({_short(exc)}; read as JSON-LD)") from None
    stack: list[Any] = [document]
    while stack:  # iterative: a deeply nested document cannot exhaust the stack here
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "@context" in node:
                _check_context(node["@context"], label)
            stack.extend(node.values())


def _check_context(context: Any, label: str) -> None:
    items = context if isinstance(context, list) else [context]
    for item in items:
        if isinstance(item, str):
            form = (
                "@context array with an IRI" if isinstance(context, list) else "@context as an IRI"
            )
            _refuse_context(label, form, item)
        if isinstance(item, dict) and "@import" in item:
            _refuse_context(label, "@import", str(item["@import"]))


def _refuse_context(label: str, form: str, iri: str) -> None:
    raise NetworkAccessError(
        f"cannot load {label}: its JSON-LD @context refers to {iri[:200]!r} "
        f"({JSONLD_REMOTE_KEYS[form]}), which would be fetched or read; spasmgraph never "
        "fetches contexts: put the context inline in the file"
    )


# -- XML -------------------------------------------------------------------------------------
def check_xml(data: bytes, label: str) -> None:
    """Refuse XML that reaches outside the file or expands without bound (module docstring).

    >>> check_xml(b'<!DOCTYPE r [<!ENTITY a "b"><!ENTITY c "&a;&a;">]><r>&c;</r>', "x.rdf")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.OntologyLoadError: cannot load x.rdf, line 1: refused XML: the entity 'c' ...
    """
    text = _xml_bytes(data, label)
    for name, pattern in _REFUSED.items():
        found = pattern.search(text)
        if found:
            raise _xml_error(label, text, found.start(), f"{name} ({found.group(0)[:60]!r})")
    if not _DOCTYPE.search(text):
        return
    declared = list(_ENTITY.finditer(text))
    if len(declared) != len(_ENTITY_START.findall(text)):
        bad = next(m for m in _ENTITY_START.finditer(text) if not _ENTITY.match(text, m.start()))
        raise _xml_error(label, text, bad.start(), "an entity declaration spasmgraph cannot check")
    added = 0
    for match in declared:
        entity, value = match.group(1), match.group(2)[1:-1]
        if b"&" in value or b"%" in value or b"<" in value:
            raise _xml_error(
                label,
                text,
                match.start(),
                f"the entity {entity.decode('latin-1')!r} refers to other entities or markup "
                "(entity expansion, 'billion laughs')",
            )
        added += text.count(b"&" + entity + b";") * len(value)
    if added > XML_EXPANSION_LIMIT:
        raise OntologyLoadError(
            label,
            f"refused XML: its entities would expand to {added:,} characters "
            f"(more than {XML_EXPANSION_LIMIT:,}); write the values out instead",
        )


def _xml_bytes(data: bytes, label: str) -> bytes:
    """*data* as bytes an ASCII-compatible scan reads correctly (UTF-16 is decoded first)."""
    head = data[:4]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (
        len(head) == 4 and (head[0] == 0 or head[1] == 0)
    ):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise OntologyLoadError(label, "refused XML: undecodable UTF-16") from None
    stripped = data[3:] if data[:3] == b"\xef\xbb\xbf" else data
    declared = _ENCODING.match(stripped)
    if declared and declared.group(1).decode("ascii").lower() not in _XML_ENCODINGS:
        raise OntologyLoadError(
            label,
            f"refused XML: encoding {declared.group(1).decode('ascii')!r}; use UTF-8 or UTF-16",
            line=1,
        )
    return data


def _xml_error(label: str, text: bytes, at: int, what: str) -> OntologyLoadError:
    return OntologyLoadError(
        label,
        f"refused XML: {what}; spasmgraph reads no DTDs, external or expanding entities, or "
        "XInclude",
        line=text.count(b"\n", 0, at) + 1,
    )


# -- token length ---------------------------------------------------------------------------
_OUTSIDE = re.compile(rb"[\"'<#]")
_SHORT = {b'"': re.compile(rb'["\\\n]'), b"'": re.compile(rb"['\\\n]")}
_LONG = {b'"': re.compile(rb'["\\]'), b"'": re.compile(rb"['\\]")}
_IRI_END = re.compile(rb"[>\s]")


def longest_token(data: bytes) -> tuple[int, int]:
    """(length in bytes, 1-based line) of the longest string or IRI token of Turtle-like *data*.

    One linear pass; comments are skipped. Syntax errors are left to the parser.
    """
    pos, end, best, best_at = 0, len(data), 0, 0
    while pos < end:
        found = _OUTSIDE.search(data, pos)
        if found is None:
            break
        start, char = found.start(), data[found.start() : found.start() + 1]
        if char == b"#":
            newline = data.find(b"\n", start)
            pos = end if newline < 0 else newline + 1
            continue
        if char == b"<":
            stop = _IRI_END.search(data, start + 1)
            pos = end if stop is None else stop.end()
        else:
            pos = _string_end(data, start, char)
        if pos - start > best:
            best, best_at = pos - start, start
    return best, data.count(b"\n", 0, best_at) + 1


def _string_end(data: bytes, start: int, quote: bytes) -> int:
    """The index just past the string that opens at *start* (the end of data if unclosed)."""
    long = data[start : start + 3] == quote * 3
    pos, pattern = (start + 3, _LONG[quote]) if long else (start + 1, _SHORT[quote])
    while True:
        found = pattern.search(data, pos)
        if found is None:
            return len(data)
        at = found.start()
        char = data[at : at + 1]
        if char == b"\\":
            pos = at + 2
        elif char == b"\n" or not long:
            return at + 1
        elif data[at : at + 3] == quote * 3:
            return at + 3
        else:
            pos = at + 1


def check_tokens(data: bytes, label: str) -> None:
    """Refuse Turtle, N-Triples, N-Quads, TriG or N3 with a token over :data:`TOKEN_LIMIT`.

    >>> check_tokens(b'<urn:a> <urn:b> "%s" .' % (b"x" * (TOKEN_LIMIT + 1)), "big.nt")
    Traceback (most recent call last):
    ...
    spasmgraph.errors.OntologyLoadError: cannot load big.nt, line 1: a literal or IRI of ...
    """
    if len(data) <= TOKEN_LIMIT:
        return
    length, line = longest_token(data)
    if length > TOKEN_LIMIT:
        raise OntologyLoadError(
            label,
            f"a literal or IRI of {length:,} bytes (more than {TOKEN_LIMIT:,}), which rdflib's "
            'parser reads in quadratic time; pip install "spasmgraph[oxigraph]" to parse it '
            "with Oxigraph's linear parser",
            line=line,
        )


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
