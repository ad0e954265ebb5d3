"""Named SPARQL queries shipped in ``ontology/queries/``.

Each ``.rq`` file starts with a comment header that says what it answers and which
parameters it takes::

    # summary: Treatments that counteract a mechanism triggered by a cause.
    # param: cause entity  The cause, as a label, synonym, CURIE or IRI.

A parameter ``NAME`` binds the query variable ``?NAME``. Its type is ``entity`` (resolved
with :meth:`KnowledgeGraph.entity`), ``class``, ``string``, ``integer`` or ``verdict``;
a trailing ``?`` on the type makes it optional. Values are bound as RDF terms, never
spliced into the query text.

>>> from spasmgraph import list_queries
>>> "remedies-for-cause" in [q.name for q in list_queries()]
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from .errors import QueryNotFoundError, QuerySyntaxError

__all__ = ["NamedQuery", "Parameter", "get_query", "list_queries", "parse_named_query"]

PARAM_TYPES = ("entity", "class", "string", "integer", "verdict")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One parameter of a named query."""

    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A named query: its name, what it answers, its parameters and its SPARQL text."""

    name: str
    summary: str
    parameters: tuple[Parameter, ...]
    text: str

    def __str__(self) -> str:
        params = ", ".join(p.name + ("" if p.required else "?") for p in self.parameters)
        return f"{self.name}({params}): {self.summary}"


_PARAM = re.compile(r"^(\w+)\s+(\w+)(\?)?\s*(.*)$")


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read the comment header of a ``.rq`` file.

    >>> text = "# summary: Demo.\\n# param: cause entity The cause.\\nSELECT ?cause {}"
    >>> q = parse_named_query("x", text)
    >>> q.parameters[0]
    Parameter(name='cause', type='entity', required=True, description='The cause.')
    """
    summary = ""
    params: list[Parameter] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "summary":
            summary = f"{summary} {value}".strip()
        elif key == "param":
            m = _PARAM.match(value)
            if not m or m.group(2) not in PARAM_TYPES:
                raise QuerySyntaxError(
                    f"query {name!r}: bad parameter line {value!r}; write 'NAME TYPE description' "
                    f"with TYPE one of {', '.join(PARAM_TYPES)}"
                )
            params.append(Parameter(m.group(1), m.group(2), m.group(3) is None, m.group(4)))
    if not summary:
        raise QuerySyntaxError(f"query {name!r} has no '# summary:' header line")
    return NamedQuery(name, summary, tuple(params), text)


@functools.cache
def list_queries() -> tuple[NamedQuery, ...]:
    """All named queries shipped with spasmgraph, sorted by name."""
    folder = resources.files("spasmgraph.ontology").joinpath("queries")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            found.append(parse_named_query(entry.name[:-3], entry.read_text(encoding="utf-8")))
    return tuple(sorted(found, key=lambda q: q.name))


def get_query(name: str) -> NamedQuery:
    """The named query called *name*; raise :class:`QueryNotFoundError` if there is none."""
    for query in list_queries():
        if query.name == name:
            return query
    raise QueryNotFoundError(name, [q.name for q in list_queries()])
