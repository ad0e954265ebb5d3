"""The exceptions spasmgraph raises.

Every error is a :class:`SpasmGraphError`, so ``except SpasmGraphError`` catches them all.
Each message says what was wrong and what would be right.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousEntityError",
    "DiagramRenderError",
    "EndpointAuthError",
    "EndpointError",
    "EndpointUnavailableError",
    "ExternalToolError",
    "InvalidArgumentError",
    "InvalidPathSpecError",
    "MalformedResultError",
    "MappingError",
    "MissingDependencyError",
    "NetworkAccessError",
    "OntologyLoadError",
    "OutputError",
    "QueryNotFoundError",
    "QueryParameterError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "ServeConfigError",
    "SpasmGraphError",
    "StoreError",
    "TruncatedResultError",
    "UnknownEntityError",
]


class SpasmGraphError(Exception):
    """Base class of every error raised by spasmgraph."""


def _did_you_mean(suggestions: Sequence[str]) -> str:
    if not suggestions:
        return ""
    quoted = ", ".join(repr(s) for s in suggestions)
    return f"; did you mean {quoted}?"


class UnknownEntityError(SpasmGraphError, KeyError):
    """No entity matches a reference (label, synonym, CURIE or IRI).

    Also a :class:`KeyError`, so mapping-style code can catch it as one.

    Attributes
    ----------
    ref : str
        The reference that did not resolve.
    suggestions : tuple of str
        The closest known labels, best first.
    """

    def __init__(self, ref: str, suggestions: Sequence[str] = (), *, what: str = "entity") -> None:
        self.ref = ref
        self.suggestions = tuple(suggestions)
        self.what = what
        super().__init__(ref)

    def __str__(self) -> str:
        hint = _did_you_mean(self.suggestions) or (
            "; use a label, synonym, CURIE (sg:...) or IRI, or try KnowledgeGraph.search()"
        )
        return f"unknown {self.what} {self.ref!r}{hint}"


class AmbiguousEntityError(SpasmGraphError, KeyError):
    """A reference matches several entities equally well."""

    def __init__(self, ref: str, candidates: Sequence[str]) -> None:
        self.ref = ref
        self.candidates = tuple(candidates)
        super().__init__(ref)

    def __str__(self) -> str:
        return (
            f"{self.ref!r} matches several entities ({', '.join(self.candidates)}); "
            "pass one of these CURIEs instead"
        )


class QuerySyntaxError(SpasmGraphError, ValueError):
    """A SPARQL query could not be parsed.

    Attributes
    ----------
    line, column : int or None
        1-based position of the problem in the query text, when known.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.line = line
        self.column = column
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(f"{message}{where}")


class QueryNotFoundError(SpasmGraphError, KeyError):
    """No named query has this name."""

    def __init__(self, name: str, available: Sequence[str]) -> None:
        self.name = name
        self.available = tuple(available)
        super().__init__(name)

    def __str__(self) -> str:
        return f"no named query {self.name!r}; available: {', '.join(self.available)}"


class QueryParameterError(SpasmGraphError, ValueError):
    """A named query got a parameter it does not take, or lacks one it needs."""


class QueryTimeoutError(SpasmGraphError):
    """A query ran past its time limit."""


class InvalidPathSpecError(SpasmGraphError, ValueError):
    """A path query's arguments make no sense (bad hop count, unknown class, ...)."""


class OntologyLoadError(SpasmGraphError):
    """An RDF file or graph could not be loaded.

    Attributes
    ----------
    source : str
        The file, URL or object that failed.
    line : int or None
        1-based line of the problem, when the parser reports it.
    """

    def __init__(self, source: str, message: str, *, line: int | None = None) -> None:
        self.source = source
        self.line = line
        where = f", line {line}" if line is not None else ""
        super().__init__(f"cannot load {source}{where}: {message}")


class NetworkAccessError(SpasmGraphError):
    """An operation would reach the network, and the caller did not allow it."""


class StoreError(SpasmGraphError):
    """A storage backend is unknown, unavailable or misused."""


class DiagramRenderError(SpasmGraphError):
    """A diagram could not be rendered (for example, Graphviz is missing)."""


class MissingDependencyError(SpasmGraphError, ImportError):
    """An optional dependency is not installed; the message names the extra to install.

    >>> str(MissingDependencyError("pandas", "pandas"))
    'this needs pandas, which is not installed: pip install "spasmgraph[pandas]"'
    """

    def __init__(self, package: str, extra: str, *, what: str = "this") -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f'{what} needs {package}, which is not installed: pip install "spasmgraph[{extra}]"'
        )


class OutputError(SpasmGraphError, OSError):
    """A file could not be written; the message names the user's path, never a temp file."""


class ExternalToolError(SpasmGraphError, RuntimeError):
    """An external program (Java, the OWL API, HermiT) is missing or failed to run."""


class MappingError(SpasmGraphError, ValueError):
    """A mapping to another vocabulary is malformed, or an IRI or CURIE cannot be converted."""


class EndpointError(StoreError):
    """A remote SPARQL endpoint answered with an error (the HTTP status is in :attr:`status`).

    Attributes
    ----------
    status : int or None
        The HTTP status code, when the server answered at all.
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class EndpointUnavailableError(EndpointError, ConnectionError):
    """A remote SPARQL endpoint could not be reached (refused, unresolvable, reset)."""


class EndpointAuthError(EndpointError, PermissionError):
    """A remote SPARQL endpoint refused the credentials (HTTP 401 or 403)."""


class MalformedResultError(EndpointError, ValueError):
    """A remote SPARQL endpoint sent a result spasmgraph cannot read."""


class TruncatedResultError(EndpointError):
    """A remote SPARQL endpoint cut a result short (Virtuoso's ``X-SPARQL-MaxRows``).

    spasmgraph never returns a silently short answer: narrow the query, page it with
    ``LIMIT``/``OFFSET``, or raise the server's row limit.
    """


class InvalidArgumentError(SpasmGraphError, TypeError):
    """An argument of the wrong kind (for example a number where an entity is expected)."""


class ServeConfigError(SpasmGraphError, ValueError):
    """A setting of the SPARQL endpoint (``spasmgraph serve``) is out of range or malformed."""
