"""The result of a check: :class:`Issue` and :class:`ValidationReport`.

>>> report = ValidationReport((Issue("error", "missing_label", "sg:heat", "no label"),))
>>> report.conforms
False
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

__all__ = ["GRAPH_SUBJECT", "Issue", "Level", "ValidationReport", "make_report"]

Level = Literal["error", "warning", "info"]
"""How serious an :class:`Issue` is; only ``"error"`` makes a report fail."""

LEVEL_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

GRAPH_SUBJECT = "(graph)"
"""The subject of an issue about the graph as a whole."""


@dataclass(frozen=True)
class Issue:
    """One problem found in a graph.

    Parameters
    ----------
    level : {"error", "warning", "info"}
        ``"error"`` breaks a modelling rule; ``"warning"`` is probably a mistake;
        ``"info"`` is a remark.
    rule : str
        Stable identifier of the rule, such as ``"missing_label"`` or
        ``"relation_provenance"``.
    subject : str
        The term the issue is about, as a CURIE (``sg:ibuprofen``), an ``<IRI>``, an
        ``axiom(s p o)`` description for an anonymous ``owl:Axiom``, or ``"(graph)"``.
    message : str
        What is wrong, in words.

    Examples
    --------
    >>> print(Issue("error", "missing_label", "sg:heat", "sg: term has no English rdfs:label"))
    ERROR    missing_label  sg:heat: sg: term has no English rdfs:label
    """

    level: Level
    rule: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.level.upper():<8} {self.rule}  {self.subject}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        """Return the issue as a plain dictionary.

        Returns
        -------
        dict of str to str
            Keys ``level``, ``rule``, ``subject`` and ``message``.

        Examples
        --------
        >>> Issue("info", "label_whitespace", "sg:heat", "doubled space").to_dict()["rule"]
        'label_whitespace'
        """
        return asdict(self)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class ValidationReport:
    """The issues that one or more checks found, errors first.

    Parameters
    ----------
    issues : tuple of Issue
        The issues, in any order; the checks return them sorted by level, rule, subject
        and message.
    checks : tuple of str, optional
        The names of the checks that ran, in order: ``"quality"``, ``"shacl"``,
        ``"owl_rl"``, ``"owl_dl"``, ``"owlapi"`` (the OWL API through Java) and
        ``"hermit"``. A check that was skipped is absent, and an issue says why.

    Examples
    --------
    >>> report = ValidationReport((Issue("warning", "unused_term", "sg:Foo", "never used"),))
    >>> report.conforms, len(report.warnings)
    (True, 1)
    >>> print(report)
    0 errors, 1 warning, 0 infos
    WARNING  unused_term  sg:Foo: never used
    """

    issues: tuple[Issue, ...] = ()
    checks: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues of level ``"error"``."""
        return tuple(i for i in self.issues if i.level == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues of level ``"warning"``."""
        return tuple(i for i in self.issues if i.level == "warning")

    @property
    def infos(self) -> tuple[Issue, ...]:
        """The issues of level ``"info"``."""
        return tuple(i for i in self.issues if i.level == "info")

    @property
    def conforms(self) -> bool:
        """Whether the report has no errors (warnings and infos are allowed)."""
        return not self.errors

    def rules(self) -> dict[str, int]:
        """Count the issues per rule.

        Returns
        -------
        dict of str to int
            Rule identifier to number of issues, in order of first appearance.

        Examples
        --------
        >>> issues = (Issue("info", "r", "sg:a", "m"), Issue("info", "r", "sg:b", "m"))
        >>> ValidationReport(issues).rules()
        {'r': 2}
        """
        counts: dict[str, int] = {}
        for issue in self.issues:
            counts[issue.rule] = counts.get(issue.rule, 0) + 1
        return counts

    def __add__(self, other: ValidationReport) -> ValidationReport:
        if not isinstance(other, ValidationReport):
            return NotImplemented
        return make_report([*self.issues, *other.issues], [*self.checks, *other.checks])

    def __str__(self) -> str:
        counts = (
            _plural(len(self.errors), "error"),
            _plural(len(self.warnings), "warning"),
            _plural(len(self.infos), "info"),
        )
        return "\n".join([", ".join(counts), *(str(issue) for issue in self.issues)])

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data.

        Returns
        -------
        dict
            ``conforms`` (bool), ``counts`` (errors, warnings, infos) and ``issues``
            (a list of :meth:`Issue.to_dict` dictionaries).

        Examples
        --------
        >>> ValidationReport().to_dict()
        {'conforms': True, 'counts': {'errors': 0, 'warnings': 0, 'infos': 0}, 'issues': []}
        """
        return {
            "conforms": self.conforms,
            "counts": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "infos": len(self.infos),
            },
            "issues": [issue.to_dict() for issue in self.issues],
        }


def make_report(issues: Iterable[Issue], checks: Iterable[str] = ()) -> ValidationReport:
    """Build a report: issues deduplicated and sorted, checks deduplicated in order.

    Parameters
    ----------
    issues : iterable of Issue
        The issues found.
    checks : iterable of str, optional
        The names of the checks that ran.

    Returns
    -------
    ValidationReport
        Issues sorted by level (errors first), rule, subject and message.

    Examples
    --------
    >>> a, b = Issue("warning", "b", "sg:x", "m"), Issue("error", "z", "sg:y", "m")
    >>> make_report([a, b, a], ["quality"]).issues == (b, a)
    True
    """
    ordered = sorted(
        set(issues), key=lambda i: (LEVEL_ORDER[i.level], i.rule, i.subject, i.message)
    )
    return ValidationReport(tuple(ordered), tuple(dict.fromkeys(checks)))
