"""The records of the mapping set: :class:`Mapping` and :class:`MappingSetMetadata`.

>>> from rdflib.namespace import SKOS
>>> from spasmgraph.vocab import sg
>>> m = Mapping(sg("ibuprofen"), SKOS.exactMatch, URIRef(MESH + "D007052"), "Ibuprofen", 0.98)
>>> m.sort_key()[1]
0
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import SKOS
from rdflib.term import URIRef

from spasmgraph.errors import MappingError
from spasmgraph.mappings.prefixes import CURIE_MAP
from spasmgraph.vocab import PREFIXES

__all__ = [
    "DEFAULT_METADATA",
    "MATCH_PREDICATES",
    "SEMAPV",
    "SSSOM",
    "SSSOM_COLUMNS",
    "Mapping",
    "MappingSetMetadata",
]

MESH = PREFIXES["mesh"]
SSSOM = rdflib.Namespace(PREFIXES["sssom"])
SEMAPV = rdflib.Namespace(PREFIXES["semapv"])

MATCH_PREDICATES: tuple[URIRef, ...] = (
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)
"""The SKOS mapping properties read from a graph, in SSSOM's order of strength."""

SSSOM_COLUMNS: tuple[str, ...] = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "comment",
)
"""The columns of the TSV, in order."""


@dataclass(frozen=True)
class Mapping:
    """One mapping from a spasmgraph entity to a term of another vocabulary.

    Parameters
    ----------
    subject : rdflib.URIRef
        The spasmgraph entity, for example ``sg:back_muscle_spasm``.
    predicate : rdflib.URIRef
        One of :data:`MATCH_PREDICATES`, for example ``skos:exactMatch``.
    object : rdflib.URIRef
        The external term, for example the ICD-10-CM code M62.830.
    object_label : str
        The external term's name in its own vocabulary ("" if unknown).
    confidence : float or None
        How sure the curator is that the mapping holds, from 0 to 1; ``None`` if not given.
    comment : str, optional
        Why the mapping has this predicate, and how the code was checked.
    subject_label : str, optional
        The spasmgraph entity's ``rdfs:label``.
    justification : rdflib.URIRef, optional
        The SEMAPV justification; manual curation by default.

    Raises
    ------
    spasmgraph.errors.MappingError
        If the predicate is not a SKOS mapping property or the confidence is outside
        [0, 1] (also a :class:`ValueError`).
    """

    subject: URIRef
    predicate: URIRef
    object: URIRef
    object_label: str
    confidence: float | None
    comment: str = ""
    subject_label: str = ""
    justification: URIRef = field(default=SEMAPV.ManualMappingCuration)

    def __post_init__(self) -> None:
        if self.predicate not in MATCH_PREDICATES:
            raise MappingError(f"{self.predicate} is not a SKOS mapping property")
        if self.confidence is not None and not 0.0 <= self.confidence <= 1.0:
            raise MappingError(f"confidence {self.confidence} is outside [0, 1]")

    def sort_key(self) -> tuple[str, int, str]:
        """Return the key that orders mappings: subject, predicate strength, then object.

        Returns
        -------
        tuple of (str, int, str)
            The subject IRI, the predicate's position in :data:`MATCH_PREDICATES` and the
            object IRI.
        """
        return (str(self.subject), MATCH_PREDICATES.index(self.predicate), str(self.object))


@dataclass(frozen=True)
class MappingSetMetadata:
    """The mapping-set metadata written as the YAML header of an SSSOM TSV.

    Parameters
    ----------
    mapping_set_id : str
        The IRI that identifies the mapping set.
    mapping_set_version : str
        The version of the mapping set.
    mapping_set_title : str
        A short title.
    mapping_set_description : str
        What the mapping set contains.
    license : str
        The IRI of the licence.
    creator_label : tuple of str
        Who made the mappings.
    mapping_date : str
        ISO 8601 date of the mappings. Fixed rather than today's date, so that the
        generated TSV is reproducible.
    subject_source : str
        The IRI of the vocabulary the subjects come from.
    curie_map : Mapping of str to str
        Prefix to URI prefix, used to write CURIEs.
    """

    mapping_set_id: str = "https://w3id.org/spasmgraph/mappings.sssom.tsv"
    mapping_set_version: str = "0.1.0"
    mapping_set_title: str = "spasmgraph mappings to standard vocabularies"
    mapping_set_description: str = (
        "Links from spasmgraph entities (the back muscle spasm article layer) to MeSH, "
        "ICD-10-CM, ChEBI, RxNorm, SNOMED CT, UMLS, HPO and MAxO, generated from "
        "ontology/mappings.ttl. Only codes verified or corroborated in the project's clinical "
        "reference are used."
    )
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    creator_label: tuple[str, ...] = ("The spasmgraph developers",)
    mapping_date: str = "2026-11-24"
    subject_source: str = "https://w3id.org/spasmgraph/ontology"
    curie_map: MappingABC[str, str] = field(default_factory=lambda: CURIE_MAP)


DEFAULT_METADATA = MappingSetMetadata()
"""The metadata used when none is given."""
