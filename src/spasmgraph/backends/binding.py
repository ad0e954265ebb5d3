"""Binding query variables by rewriting the query text, for engines without initBindings.

Used by backends whose engine takes only text (Oxigraph for unprojected variables, remote
servers for all of them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .base import UnsupportedQueryError

__all__ = ["bind_text", "values_clause"]

_TOKENS = re.compile(
    r"""(?P<skip>\#[^\n]*"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
    r"""|<[^<>"{}|^`\\\x00-\x20]*>)"""
    r"""|(?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)"""
)


def bind_text(text: str, bindings: Mapping[str, Node]) -> str:
    """*text* with each variable named in *bindings* replaced by its value.

    This evaluates the query as if the variables were bound before evaluation starts, as
    rdflib's ``initBindings`` does. Strings, IRIs and comments are left alone.

    >>> from rdflib import URIRef
    >>> bind_text('SELECT ?m { ?c <p> ?m FILTER(?c != "?c") }', {"c": URIRef("urn:x")})
    'SELECT ?m {  <urn:x>  <p> ?m FILTER( <urn:x>  != "?c") }'
    """
    if not bindings:
        return text
    values: dict[str, str] = {}
    for name, term in bindings.items():
        if isinstance(term, BNode) or not isinstance(term, (URIRef, Literal)):
            raise UnsupportedQueryError(f"cannot bind ?{name} to {term!r} in Oxigraph")
        values[name] = term.n3()

    def replace(match: re.Match[str]) -> str:
        var = match.group("var")
        if var is not None and var[1:] in values:
            return f" {values[var[1:]]} "
        return match.group(0)

    return _TOKENS.sub(replace, text)


def values_clause(bindings: Mapping[str, Node]) -> str:
    """A trailing ``VALUES`` block that binds *bindings* (for projected variables).

    >>> values_clause({"x": URIRef("urn:a"), "n": Literal(3)})
    '\\nVALUES (?x ?n) { (<urn:a> "3"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    """
    if not bindings:
        return ""
    for name, term in bindings.items():
        if isinstance(term, BNode) or not isinstance(term, (URIRef, Literal)):
            raise UnsupportedQueryError(f"cannot bind ?{name} to {term!r} on this store")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    return f"\nVALUES ({names}) {{ ({values}) }}"
