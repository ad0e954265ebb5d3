"""Mappings from spasmgraph entities to standard vocabularies, as RDF and as SSSOM.

The mappings layer (``ontology/mappings.ttl``) links spasmgraph individuals to MeSH,
ICD-10-CM, ChEBI, RxNorm, SNOMED CT, UMLS, HPO and MAxO with ``skos:exactMatch``,
``skos:closeMatch``, ``skos:broadMatch`` or ``skos:narrowMatch``. Each link carries an
``owl:Axiom`` annotation with SSSOM properties: ``sssom:subject_label``,
``sssom:object_label``, ``sssom:confidence``, ``sssom:mapping_justification`` and an
``rdfs:comment``. This module reads those links into :class:`Mapping` records and writes them
as an `SSSOM <https://mapping-commons.github.io/sssom/>`_ TSV, so the committed
``mappings.sssom.tsv`` is always generated from, and agrees with, the RDF.

External IRIs follow the Bioregistry: the prefix's RDF URI format where it has one (MeSH,
ChEBI, SNOMED CT, HPO, MAxO), otherwise its default URI format (ICD-10-CM, RxNorm, UMLS).
See :data:`CURIE_MAP`.

The module depends only on :mod:`rdflib`.

Regenerate the TSV from the RDF with::

    python -m spasmgraph.mappings ontology/mappings.ttl ontology/mappings.sssom.tsv

Examples
--------
>>> import rdflib
>>> from spasmgraph.mappings import read_mappings, to_sssom
>>> g = rdflib.Graph().parse(format="turtle", data='''
... @prefix sg: <https://w3id.org/spasmgraph/> .
... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
... @prefix mesh: <http://id.nlm.nih.gov/mesh/> .
... sg:ibuprofen skos:exactMatch mesh:D007052 .
... ''')
>>> (m,) = read_mappings(g)
>>> m.object
rdflib.term.URIRef('http://id.nlm.nih.gov/mesh/D007052')
>>> to_sssom([m]).splitlines()[-1].split("\\t")[:4]
['sg:ibuprofen', '', 'skos:exactMatch', 'mesh:D007052']
"""

from __future__ import annotations

import argparse
import collections.abc as cabc
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Literal, Node, URIRef

__all__ = [
    "CURIE_MAP",
    "DEFAULT_METADATA",
    "MATCH_PREDICATES",
    "SEMAPV",
    "SG_NAMESPACE",
    "SSSOM",
    "SSSOM_COLUMNS",
    "Mapping",
    "MappingSetMetadata",
    "compress_iri",
    "main",
    "read_mappings",
    "to_sssom",
    "write_sssom",
]

SG_NAMESPACE = "https://w3id.org/spasmgraph/"
SSSOM = rdflib.Namespace("https://w3id.org/sssom/")
SEMAPV = rdflib.Namespace("https://w3id.org/semapv/vocab/")

#: The SKOS mapping properties read from a graph, in SSSOM's order of strength.
MATCH_PREDICATES: tuple[URIRef, ...] = (
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)

#: Prefix to URI prefix. External prefixes are Bioregistry's preferred (normalised) prefixes
#: with the Bioregistry RDF URI format where one exists, otherwise its default URI format.
CURIE_MAP: cabc.Mapping[str, str] = MappingProxyType(
    {
        "chebi": "http://purl.obolibrary.org/obo/CHEBI_",
        "hp": "http://purl.obolibrary.org/obo/HP_",
        "icd10cm": "https://www.icd10data.com/search?s=",
        "maxo": "http://purl.obolibrary.org/obo/MAXO_",
        "mesh": "http://id.nlm.nih.gov/mesh/",
        "rxnorm": "https://mor.nlm.nih.gov/RxNav/search?searchBy=RXCUI&searchTerm=",
        "semapv": str(SEMAPV),
        "sg": SG_NAMESPACE,
        "skos": str(SKOS),
        "snomedct": "http://snomed.info/id/",
        "umls": "https://uts.nlm.nih.gov/uts/umls/concept/",
    }
)

#: The columns of the TSV, in order.
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
    ValueError
        If the predicate is not a SKOS mapping property or the confidence is outside [0, 1].
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
            raise ValueError(f"{self.predicate} is not a SKOS mapping property")
        if self.confidence is not None and not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside [0, 1]")

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
    curie_map: cabc.Mapping[str, str] = field(default_factory=lambda: CURIE_MAP)


#: The metadata used when none is given.
DEFAULT_METADATA = MappingSetMetadata()


def compress_iri(iri: str, curie_map: cabc.Mapping[str, str]) -> str:
    """Write an IRI as a CURIE, using the longest matching URI prefix.

    Parameters
    ----------
    iri : str
        The IRI to compress.
    curie_map : Mapping of str to str
        Prefix to URI prefix.

    Returns
    -------
    str
        The CURIE, for example ``"mesh:D007052"``.

    Raises
    ------
    ValueError
        If no URI prefix matches or nothing is left after the prefix.

    Examples
    --------
    >>> compress_iri("http://id.nlm.nih.gov/mesh/D007052", CURIE_MAP)
    'mesh:D007052'
    """
    best: tuple[str, str] | None = None
    for prefix, namespace in curie_map.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(best[1])):
            best = (prefix, namespace)
    if best is None or len(iri) == len(best[1]):
        raise ValueError(f"no prefix in the CURIE map covers {iri}")
    return f"{best[0]}:{iri[len(best[1]) :]}"


def _text(graph: rdflib.Graph, node: Node, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def _find_axiom(graph: rdflib.Graph, s: URIRef, p: URIRef, o: URIRef) -> Node | None:
    axioms = [
        axiom
        for axiom in graph.subjects(OWL.annotatedSource, s)
        if (axiom, RDF.type, OWL.Axiom) in graph
        and (axiom, OWL.annotatedProperty, p) in graph
        and (axiom, OWL.annotatedTarget, o) in graph
    ]
    if len(axioms) > 1:
        raise ValueError(f"{len(axioms)} owl:Axiom annotations on mapping {s} {p} {o}")
    return axioms[0] if axioms else None


def read_mappings(graph: rdflib.Graph) -> tuple[Mapping, ...]:
    """Read every SKOS mapping from a spasmgraph entity to an external IRI.

    Labels, confidence, comment and justification come from the ``owl:Axiom`` that
    annotates the mapping, if there is one; the subject label falls back to the subject's
    ``rdfs:label`` in the graph.

    Parameters
    ----------
    graph : rdflib.Graph
        A graph holding the mappings layer (other layers may be loaded too).

    Returns
    -------
    tuple of Mapping
        The mappings, sorted by subject, predicate strength and object.

    Raises
    ------
    ValueError
        If a mapping has more than one annotation axiom, or a confidence that is not a number
        in [0, 1].
    """
    found: list[Mapping] = []
    for predicate in MATCH_PREDICATES:
        for s, o in graph.subject_objects(predicate):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            if not str(s).startswith(SG_NAMESPACE) or str(o).startswith(SG_NAMESPACE):
                continue
            axiom = _find_axiom(graph, s, predicate, o)
            subject_label = object_label = comment = None
            confidence: float | None = None
            justification = SEMAPV.ManualMappingCuration
            if axiom is not None:
                subject_label = _text(graph, axiom, SSSOM.subject_label)
                object_label = _text(graph, axiom, SSSOM.object_label)
                comment = _text(graph, axiom, RDFS.comment)
                raw = graph.value(axiom, SSSOM.confidence)
                if raw is not None:
                    if not isinstance(raw, Literal):
                        raise ValueError(f"confidence of {s} {predicate} {o} is not a literal")
                    confidence = float(raw)
                just = graph.value(axiom, SSSOM.mapping_justification)
                if isinstance(just, URIRef):
                    justification = just
            if subject_label is None:
                subject_label = _text(graph, s, RDFS.label)
            found.append(
                Mapping(
                    subject=s,
                    predicate=predicate,
                    object=o,
                    object_label=object_label or "",
                    confidence=confidence,
                    comment=comment or "",
                    subject_label=subject_label or "",
                    justification=justification,
                )
            )
    return tuple(sorted(found, key=Mapping.sort_key))


def _cell(value: str) -> str:
    # A TSV cell cannot hold tabs or line breaks.
    return " ".join(value.split())


def _format_confidence(confidence: float | None) -> str:
    return "" if confidence is None else format(confidence, "g")


def _yaml_header(metadata: MappingSetMetadata) -> list[str]:
    # JSON strings are valid YAML double-quoted scalars, so json.dumps does the quoting.
    lines = ["curie_map:"]
    lines += [
        f"  {prefix}: {json.dumps(metadata.curie_map[prefix])}"
        for prefix in sorted(metadata.curie_map)
    ]
    scalars = (
        ("mapping_set_id", metadata.mapping_set_id),
        ("mapping_set_version", metadata.mapping_set_version),
        ("mapping_set_title", metadata.mapping_set_title),
        ("mapping_set_description", metadata.mapping_set_description),
        ("license", metadata.license),
    )
    lines += [f"{key}: {json.dumps(value)}" for key, value in scalars]
    lines.append("creator_label:")
    lines += [f"  - {json.dumps(name)}" for name in metadata.creator_label]
    lines.append(f"mapping_date: {json.dumps(metadata.mapping_date)}")
    lines.append(f"subject_source: {json.dumps(metadata.subject_source)}")
    return [f"#{line}" for line in lines]


def to_sssom(
    mappings: cabc.Iterable[Mapping],
    *,
    metadata: MappingSetMetadata = DEFAULT_METADATA,
) -> str:
    """Write mappings as an SSSOM TSV: a ``#``-commented YAML header, then the table.

    Parameters
    ----------
    mappings : iterable of Mapping
        The mappings; they are written sorted (see :meth:`Mapping.sort_key`).
    metadata : MappingSetMetadata, optional
        The mapping-set metadata; its ``curie_map`` must cover every IRI.

    Returns
    -------
    str
        The TSV text, ending with a newline.

    Raises
    ------
    ValueError
        If an IRI is not covered by the CURIE map.
    """
    curie_map = metadata.curie_map
    lines = _yaml_header(metadata)
    lines.append("\t".join(SSSOM_COLUMNS))
    for m in sorted(mappings, key=Mapping.sort_key):
        row = (
            compress_iri(m.subject, curie_map),
            _cell(m.subject_label),
            compress_iri(m.predicate, curie_map),
            compress_iri(m.object, curie_map),
            _cell(m.object_label),
            compress_iri(m.justification, curie_map),
            _format_confidence(m.confidence),
            _cell(m.comment),
        )
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


def write_sssom(
    graph: rdflib.Graph,
    path: str | os.PathLike[str],
    *,
    metadata: MappingSetMetadata = DEFAULT_METADATA,
) -> Path:
    """Write the mappings in a graph to an SSSOM TSV file, atomically.

    The text goes to a temporary file in the target's directory, which then replaces the
    target with :func:`os.replace`, so readers never see a half-written file.

    Parameters
    ----------
    graph : rdflib.Graph
        A graph holding the mappings layer.
    path : str or os.PathLike
        Where to write the TSV.
    metadata : MappingSetMetadata, optional
        The mapping-set metadata.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    target = Path(path)
    text = to_sssom(read_mappings(graph), metadata=metadata)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file private (0600); give it the target's mode, or 0644.
        tmp.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o644)
        tmp.replace(target)  # os.replace: atomic within one file system
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def main(argv: cabc.Sequence[str] | None = None) -> int:
    """Regenerate an SSSOM TSV from a Turtle mappings file.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments: the Turtle file and the TSV to write.

    Returns
    -------
    int
        The exit status, 0 on success.
    """
    parser = argparse.ArgumentParser(
        prog="python -m spasmgraph.mappings", description="Write mappings.ttl as SSSOM TSV."
    )
    parser.add_argument("turtle", type=Path, help="the mappings layer, e.g. ontology/mappings.ttl")
    parser.add_argument("tsv", type=Path, help="the TSV to write, e.g. mappings.sssom.tsv")
    args = parser.parse_args(argv)
    graph = rdflib.Graph().parse(args.turtle, format="turtle")
    written = write_sssom(graph, args.tsv)
    print(f"wrote {len(read_mappings(graph))} mappings to {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
