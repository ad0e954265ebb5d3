"""The evidence layer's results: citations, assessments, care actions, red flags, cautions.

>>> c = Citation("https://doi.org/10.1/x", "Doe 2020", None, (), 2020, None, "10.1/x", None)
>>> str(c)
'Doe 2020, doi:10.1/x'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Assessment", "CareAction", "Caution", "Citation", "RedFlag"]


@dataclass(frozen=True, slots=True)
class Citation:
    """A published work that an assessment, red flag or caution rests on.

    Attributes
    ----------
    iri : str
        The citation's IRI: its DOI address, its PubMed address, or an ``sg:citation_*`` IRI.
    label : str
        Short name, e.g. ``"Williams et al. 2014 (PACE)"``.
    title : str or None
        ``dcterms:title``, recorded only where the title is confirmed.
    authors : tuple of str
        ``dcterms:creator`` values, in citation order where it is known.
    year : int or None
        Year of publication (``dcterms:issued``).
    venue : str or None
        Journal, publisher or series (``sg:venue``).
    doi, pmid : str or None
        ``bibo:doi`` and ``bibo:pmid``.
    """

    iri: str
    label: str
    title: str | None
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    doi: str | None
    pmid: str | None

    def __str__(self) -> str:
        parts = [self.label]
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.pmid:
            parts.append(f"PMID {self.pmid}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the evidence says about one relation (a relation assessment) or one article
    claim (a claim assessment).

    Attributes
    ----------
    iri : str
        IRI of the ``sg:EvidenceAssessment`` (or ``sg:RelationAssessment``).
    claim : str or None
        CURIE of the assessed claim, e.g. ``"sg:claim_t1"``; ``None`` for a relation
        assessment that names no claim.
    claim_label : str or None
        The claim's label (its CURIE when the article layer is not loaded).
    verdict : str or None
        The verdict's name: ``"supported"``, ``"mixed"``, ``"insufficient"``,
        ``"unsupported"``, ``"contradicted"``, or ``"not assessed"``.
    rank : int or None
        The verdict's ``sg:rank`` (``None`` for *not assessed*).
    rationale : str
        One sentence saying why.
    citations : tuple of Citation
        The works cited, sorted by label.
    relation : tuple of str or None
        For a relation assessment, the assessed ``(subject, property, object)`` as CURIEs.
    relation_label : str or None
        That relation as text, ``"heat —acts on→ muscle tension"``.
    """

    iri: str
    claim: str | None
    claim_label: str | None
    verdict: str | None
    rank: int | None
    rationale: str
    citations: tuple[Citation, ...]
    relation: tuple[str, str, str] | None = None
    relation_label: str | None = None

    def __str__(self) -> str:
        what = self.relation_label or self.claim_label or self.iri
        return f"{what}: {self.verdict or 'no verdict'}. {self.rationale}".rstrip()


@dataclass(frozen=True, slots=True)
class CareAction:
    """A step to obtain professional care, with how soon it gets a person seen.

    Attributes
    ----------
    iri, label : str
        The care action.
    urgency : str or None
        Its urgency level's name (``"emergency"``, ``"same day"``, ``"urgent"``, ...).
    urgency_rank : int or None
        That level's ``sg:rank`` (higher is sooner).
    """

    iri: str
    label: str
    urgency: str | None
    urgency_rank: int | None

    def __str__(self) -> str:
        return f"{self.label} ({self.urgency})" if self.urgency else self.label


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A feature that, with back pain or spasm, calls for prompt medical evaluation.

    Attributes
    ----------
    iri, label, definition : str
        The red flag and its description.
    urgency : str
        Its own urgency level (``"emergency"``, ``"same day"``, ``"urgent"``, ``"assess"``),
        else that of its most urgent care action; ``"unknown"`` without either.
    urgency_rank : int
        That level's ``sg:rank`` (higher is sooner); -1 when unknown.
    suggests : tuple of str
        Labels of the serious conditions it points to, sorted.
    citations : tuple of Citation
        The works cited, sorted by label.
    care_actions : tuple of CareAction
        The care actions it warrants (through non-structural relations such as
        ``sg:warrantsCareAction``), most urgent first.
    """

    iri: str
    label: str
    definition: str
    urgency: str
    urgency_rank: int
    suggests: tuple[str, ...]
    citations: tuple[Citation, ...]
    care_actions: tuple[CareAction, ...] = ()

    def __str__(self) -> str:
        seen = f" (suggests {', '.join(self.suggests)})" if self.suggests else ""
        care = f": {'; '.join(map(str, self.care_actions))}" if self.care_actions else ""
        return f"[{self.urgency}] {self.label}{seen}{care}"


@dataclass(frozen=True, slots=True)
class Caution:
    """A safety caution on a treatment or on a drug class.

    Attributes
    ----------
    iri, label, definition : str
        The caution and its description.
    kind : str
        ``"contraindication"``, ``"dose limit"``, ``"interaction"``, ``"population caution"``,
        ``"warning"`` or ``"no specific caution found"``.
    applies_to : str
        Label of the treatment or drug class the caution is attached to.
    max_daily_dose_mg, from_gestational_week : int or None
        The caution's typed numbers, where it has them.
    drinks_per_day_threshold : int or None
        The alcoholic drinks a day from which the caution applies (that many or more): a
        threshold for harm, not a safe maximum.
    population : str or None
        Label of the population group it concerns most.
    citations : tuple of Citation
        The works cited, sorted by label.
    """

    iri: str
    label: str
    definition: str
    kind: str
    applies_to: str
    max_daily_dose_mg: int | None
    from_gestational_week: int | None
    drinks_per_day_threshold: int | None
    population: str | None
    citations: tuple[Citation, ...]

    @property
    def max_drinks_per_day(self) -> int | None:
        """Deprecated name of :attr:`drinks_per_day_threshold` (it is not a maximum)."""
        return self.drinks_per_day_threshold

    def __str__(self) -> str:
        return f"[{self.kind}] {self.label} ({self.applies_to})"
