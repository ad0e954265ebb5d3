"""SELECT results: :class:`Row` (a tuple that also answers by name) and :class:`SparqlResult`.

A row behaves like :class:`rdflib.query.ResultRow`: it unpacks and indexes by position,
and also answers by variable name, as an item or as an attribute:

>>> from rdflib import Literal, URIRef
>>> result = SparqlResult.from_terms(
...     ["t", "label"], [(URIRef("https://w3id.org/spasmgraph/heat"), Literal("heat"))]
... )
>>> for t, label in result:
...     print(t, label)
https://w3id.org/spasmgraph/heat heat
>>> row = result[0]
>>> row[1], row["label"], row.label, row.get("nothing", "-")
('heat', 'heat', 'heat', '-')
>>> row.asdict()
{'t': rdflib.term.URIRef('https://w3id.org/spasmgraph/heat'), 'label': 'heat'}
>>> print(result.serialize(format="csv"), end="")
t,label
https://w3id.org/spasmgraph/heat,heat
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .._extras import import_optional
from ..errors import QueryParameterError
from ..index import Curies
from ..vocab import PREFIXES
from . import formats

if TYPE_CHECKING:
    import pandas

__all__ = [
    "HTML_ROWS",
    "Row",
    "SparqlResult",
    "cell_text",
    "plain",
    "serialize",
    "serialize_boolean",
    "to_json",
]

HTML_ROWS = 500
"""Most rows a notebook table shows; the table then says how many it left out."""


def plain(term: Node | None) -> Any:
    """The plain Python value of a result term: IRIs stay :class:`~rdflib.URIRef`.

    Literals become ``str``, ``int``, ``Decimal``, ``bool``, dates and so on (a literal
    rdflib cannot convert becomes its text); blank nodes stay :class:`~rdflib.BNode`;
    ``None`` (unbound) stays ``None``.

    >>> plain(Literal(2)), plain(Literal("x", lang="en")), plain(None)
    (2, 'x', None)
    """
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return term


class Row(tuple[Any, ...]):
    """One SELECT row: the plain value of each variable, in the order of :attr:`SparqlResult.vars`.

    A tuple, so it unpacks (``t, label = row``), indexes (``row[0]``), slices, iterates
    over its values and compares like one (as :class:`rdflib.query.ResultRow` does).
    It also answers by variable name: ``row["label"]``, ``row.label`` (unless the name
    is one of the row's own attributes below, such as ``count``, ``get`` or ``keys``:
    then use ``row["count"]``), ``row.get("label")``, ``row.keys()``, ``row.items()``,
    ``row.asdict()`` and ``dict(row)``.

    Values are plain Python values (see :func:`plain`); unbound variables are ``None``.
    The rdflib terms are in :attr:`terms`. Unlike rdflib's row, ``name in row`` tests
    the values (it is a tuple) and :meth:`asdict` keeps unbound variables as ``None``.
    """

    _labels: Mapping[str, int]
    _terms: tuple[Node | None, ...]

    def __new__(cls, terms: Mapping[str, Node | None]) -> Row:
        """A row from a mapping of variable name to term (``None`` when unbound)."""
        return cls._make({name: i for i, name in enumerate(terms)}, tuple(terms.values()))

    @classmethod
    def _make(cls, labels: Mapping[str, int], terms: tuple[Node | None, ...]) -> Row:
        row = tuple.__new__(cls, [plain(t) for t in terms])
        row._labels = labels  # shared by every row of one result
        row._terms = terms
        return row

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (tuple(self._labels), self._terms))

    @overload
    def __getitem__(self, key: SupportsIndex) -> Any: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[Any, ...]: ...
    @overload
    def __getitem__(self, key: str) -> Any: ...
    def __getitem__(self, key: SupportsIndex | slice | str) -> Any:
        """The value at a position, a slice of values, or the value of a variable."""
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._labels[key])
            except KeyError:
                raise KeyError(
                    f"no variable {key!r} in this row; it has: {', '.join(self._labels)}"
                ) from None
        return tuple.__getitem__(self, key)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return tuple.__getitem__(self, self._labels[name])
        except KeyError:
            raise AttributeError(
                f"no variable {name!r} in this row; it has: {', '.join(self._labels)}"
            ) from None

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *(n for n in self._labels if n.isidentifier())})

    def __repr__(self) -> str:
        return "Row(" + ", ".join(f"{k}={v!r}" for k, v in self.items()) + ")"

    def get(self, name: str, default: Any = None) -> Any:
        """The value of variable *name* (``None`` if unbound), or *default* if there is none."""
        at = self._labels.get(name)
        return default if at is None else tuple.__getitem__(self, at)

    def keys(self) -> tuple[str, ...]:
        """The variable names, in order."""
        return tuple(self._labels)

    def values(self) -> tuple[Any, ...]:
        """The values, in order (the row itself as a plain tuple)."""
        return tuple(self)

    def items(self) -> tuple[tuple[str, Any], ...]:
        """(name, value) pairs, in order."""
        return tuple(zip(self._labels, self, strict=True))

    def asdict(self) -> dict[str, Any]:
        """Variable name → value, unbound variables included as ``None``."""
        return dict(zip(self._labels, self, strict=True))

    @property
    def terms(self) -> dict[str, Node | None]:
        """Variable name → rdflib term (``None`` when unbound)."""
        return dict(zip(self._labels, self._terms, strict=True))


def _rebuild(names: tuple[str, ...], terms: tuple[Node | None, ...]) -> Row:
    return Row._make({name: i for i, name in enumerate(names)}, terms)


CuriesSource = Curies | Callable[[], Curies] | None
"""A prefix map for display, or a function that makes one when it is first needed."""


class SparqlResult(Sequence[Row]):
    """The rows of a SELECT query, in the order the query produced them.

    Iterate it, index it, take its ``len``; :attr:`vars` names the columns. Write it with
    :meth:`serialize` (W3C JSON, CSV, TSV or XML), :meth:`to_json` or
    :meth:`to_dataframe`. In Jupyter it shows as a table with IRIs as CURIEs.

    Attributes
    ----------
    vars : tuple of str
        The projected variable names.
    truncated : bool
        True when a row cap (``max_rows=``) cut the result short; more rows exist.
    """

    truncated: bool = False

    def __init__(
        self, vars: Sequence[str], rows: Iterable[Row], *, curies: CuriesSource = None
    ) -> None:
        self.vars = tuple(vars)
        self._rows = list(rows)
        self._curies = curies

    @classmethod
    def from_terms(
        cls,
        vars: Sequence[str],
        rows: Iterable[Sequence[Node | None]],
        *,
        curies: CuriesSource = None,
    ) -> SparqlResult:
        """A result from rows of terms, one per variable in order (``None`` when unbound)."""
        labels = {name: i for i, name in enumerate(vars)}
        return cls(vars, (Row._make(labels, tuple(r)) for r in rows), curies=curies)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if callable(state["_curies"]) and not isinstance(state["_curies"], Curies):
            state["_curies"] = state["_curies"]()  # not the graph it came from
        return state

    @overload
    def __getitem__(self, i: int) -> Row: ...
    @overload
    def __getitem__(self, i: slice) -> list[Row]: ...
    def __getitem__(self, i: int | slice) -> Row | list[Row]:
        return self._rows[i]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def __repr__(self) -> str:
        return f"<SparqlResult {len(self)} rows x {len(self.vars)} vars: {', '.join(self.vars)}>"

    def term_rows(self) -> list[tuple[Node | None, ...]]:
        """The rdflib terms of each row, one per variable of :attr:`vars` (``None`` if unbound)."""
        out = []
        same: Mapping[str, int] | None = None  # the rows of one result share their labels
        for row in self._rows:
            if row._labels is same or tuple(row._labels) == self.vars:
                same = row._labels
                out.append(row._terms)
            else:
                terms = row.terms
                out.append(tuple(terms.get(v) for v in self.vars))
        return out

    def to_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document, as a dict."""
        return formats.json_document(self.vars, self.term_rows())

    def serialize(self, format: str = "json") -> str:
        """The rows as text in a W3C results format: ``"json"``, ``"csv"``, ``"tsv"`` or ``"xml"``.

        See :func:`serialize`.
        """
        return serialize(self, format)

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a :class:`pandas.DataFrame` of plain values, one column per variable.

        Raises
        ------
        MissingDependencyError
            pandas is not installed (``pip install "spasmgraph[pandas]"``).
        """
        pd = import_optional("pandas", what="to_dataframe()", extra="pandas")
        frame: pandas.DataFrame = pd.DataFrame(
            [row.values() for row in self._rows], columns=list(self.vars)
        )
        return frame

    def to_table(self, curies: Curies | None = None) -> str:
        """The rows as aligned text columns, IRIs as CURIEs (no final line break).

        *curies* defaults to the prefixes of the graph the result came from.
        """
        shorten = self.shorten if curies is None else curies.shorten
        cells = [[cell_text(t, shorten) for t in row] for row in self.term_rows()]
        return formats.table_text(self.vars, cells)

    def shorten(self, iri: str) -> str:
        """*iri* as a CURIE, with the prefixes of the graph the result came from."""
        source = self._curies
        if source is None:
            source = Curies(PREFIXES.items())
        elif not isinstance(source, Curies):
            source = source()
        self._curies = source
        return source.shorten(iri)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{escape(v)}</th>" for v in self.vars)
        body = "".join(
            "<tr>" + "".join(self._html_cell(row.terms.get(v)) for v in self.vars) + "</tr>"
            for row in self._rows[:HTML_ROWS]
        )
        more = len(self._rows) - HTML_ROWS
        if more > 0:
            body += (
                f"<tr><td colspan='{len(self.vars)}'><i>… {more} more rows "
                "(use .to_dataframe() or iterate to see them all)</i></td></tr>"
            )
        return (
            f"<table class='spasmgraph-sparql'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def _html_cell(self, term: Node | None) -> str:
        text = escape(cell_text(term, self.shorten))
        if isinstance(term, URIRef):
            return f'<td title="{escape(str(term), quote=True)}">{text}</td>'
        return f"<td>{text}</td>"


def cell_text(term: Node | None, shorten: Callable[[str], str]) -> str:
    """How a table shows a term: a CURIE, ``_:id``, a literal's text on one line, or ``""``.

    >>> cell_text(URIRef("https://w3id.org/spasmgraph/x"), Curies(PREFIXES.items()).shorten)
    'sg:x'
    >>> cell_text(Literal("two\\nlines"), str), cell_text(None, str)
    ('two lines', '')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def to_json(result: SparqlResult | bool) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON document of a SELECT or ASK result.

    >>> to_json(False)
    {'head': {}, 'boolean': False}
    """
    if isinstance(result, bool):
        return formats.boolean_json(result)
    return result.to_json()


def serialize_boolean(answer: bool, format: str = "json") -> str:
    """An ASK answer in the JSON or XML results format (or ``true``/``false`` for CSV, TSV).

    >>> serialize_boolean(False)
    '{\\n  "head": {},\\n  "boolean": false\\n}\\n'
    """
    return serialize(bool(answer), format)


def serialize(result: SparqlResult | bool, format: str = "json") -> str:
    """A SELECT or ASK result as text in a W3C SPARQL 1.1 results format.

    Parameters
    ----------
    result : SparqlResult or bool
        What :meth:`KnowledgeGraph.sparql` returned for a SELECT or an ASK query.
    format : {"json", "csv", "tsv", "xml"}
        SPARQL 1.1 Query Results JSON (indented), CSV, TSV, or the XML format. The text
        ends with a line break; CSV lines end with CR LF. CSV and TSV have no form for
        an ASK answer: it is written as the line ``true`` or ``false``.

    Raises
    ------
    QueryParameterError
        An unknown format, or a result that is neither a :class:`SparqlResult` nor a bool.

    Examples
    --------
    >>> print(serialize(True, "xml"), end="")
    <?xml version="1.0" encoding="utf-8"?>
    <sparql xmlns="http://www.w3.org/2005/sparql-results#">
      <head/>
      <boolean>true</boolean>
    </sparql>
    """
    if format not in formats.FORMATS:
        raise QueryParameterError(
            f"unknown results format {format!r}; choose one of: {', '.join(formats.FORMATS)}"
        )
    if isinstance(result, bool):
        if format == "json":
            return formats.json_text(formats.boolean_json(result))
        if format == "xml":
            return formats.boolean_xml(result)
        return "true\n" if result else "false\n"
    if not isinstance(result, SparqlResult):
        raise QueryParameterError(
            "only SELECT and ASK results have a results format; write a CONSTRUCT or "
            f"DESCRIBE graph with graph.serialize(), not {type(result).__name__}"
        )
    if format == "json":
        return formats.json_text(result.to_json())
    writer = {"csv": formats.csv_text, "tsv": formats.tsv_text, "xml": formats.xml_text}[format]
    return writer(result.vars, result.term_rows())
