"""The mapping set as an `SSSOM <https://mapping-commons.github.io/sssom/>`_ TSV.

:func:`to_sssom` writes the text, :func:`write_sssom` a file (atomically),
:func:`read_sssom` reads one back, and :func:`sssom_from_turtle` regenerates a TSV from a
Turtle mappings layer (what ``spasmgraph mappings`` runs).

>>> from rdflib.namespace import SKOS
>>> from spasmgraph.vocab import sg
>>> mesh = URIRef("http://id.nlm.nih.gov/mesh/D007052")
>>> m = Mapping(sg("ibuprofen"), SKOS.exactMatch, mesh, "Ibuprofen", 0.98)
>>> text = to_sssom([m])
>>> text.splitlines()[-1].split("\\t")[:4]
['sg:ibuprofen', '', 'skos:exactMatch', 'mesh:D007052']
>>> read_sssom(text) == (m,)
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import rdflib
from rdflib.term import URIRef

from spasmgraph._files import atomic_write
from spasmgraph.errors import MappingError, OntologyLoadError
from spasmgraph.mappings.model import DEFAULT_METADATA, SSSOM_COLUMNS, Mapping, MappingSetMetadata
from spasmgraph.mappings.prefixes import CURIE_MAP, compress_iri, expand_curie
from spasmgraph.mappings.rdf import read_mappings

__all__ = ["read_sssom", "sssom_from_turtle", "to_sssom", "write_sssom"]


def _cell(value: str) -> str:
    # A TSV cell cannot hold tabs or line breaks.
    return " ".join(value.split())


def _yaml_header(metadata: MappingSetMetadata) -> list[str]:
    # JSON strings are valid YAML double-quoted scalars, so json.dumps does the quoting.
    curie_map = metadata.curie_map
    lines = ["curie_map:"]
    lines += [f"  {prefix}: {json.dumps(curie_map[prefix])}" for prefix in sorted(curie_map)]
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
    mappings: Iterable[Mapping], *, metadata: MappingSetMetadata = DEFAULT_METADATA
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
    spasmgraph.errors.MappingError
        If an IRI is not covered by the CURIE map (also a :class:`ValueError`).
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
            "" if m.confidence is None else format(m.confidence, "g"),
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

    The whole text is made first, then written to a temporary file in the target's folder
    that replaces the target, so readers never see a half-written file.

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

    Raises
    ------
    spasmgraph.errors.MappingError
        If a mapping is malformed or an IRI is not covered by the CURIE map.
    spasmgraph.errors.OutputError
        If the file cannot be written (also an :class:`OSError`).
    """
    text = to_sssom(read_mappings(graph), metadata=metadata)
    return atomic_write(path, text)


def _header_curie_map(lines: list[str]) -> dict[str, str]:
    """The ``curie_map`` of a header written by :func:`to_sssom` (two-space entries)."""
    found: dict[str, str] = {}
    in_map = False
    for line in lines:
        body = line[1:]
        if body.startswith("curie_map:"):
            in_map = True
        elif in_map and body.startswith("  ") and ":" in body:
            prefix, _, value = body.strip().partition(":")
            found[prefix.strip()] = json.loads(value.strip())
        else:
            in_map = False
    return found


def _row_mapping(cells: dict[str, str], curie_map: dict[str, str]) -> Mapping:
    def iri(column: str) -> URIRef:
        return URIRef(expand_curie(cells[column], curie_map))

    confidence = cells.get("confidence", "")
    return Mapping(
        subject=iri("subject_id"),
        predicate=iri("predicate_id"),
        object=iri("object_id"),
        object_label=cells.get("object_label", ""),
        confidence=float(confidence) if confidence else None,
        comment=cells.get("comment", ""),
        subject_label=cells.get("subject_label", ""),
        justification=iri("mapping_justification"),
    )


def read_sssom(text: str) -> tuple[Mapping, ...]:
    """Read the mappings of an SSSOM TSV written by :func:`to_sssom`.

    CURIEs are expanded with the header's ``curie_map`` over :data:`CURIE_MAP`.

    Parameters
    ----------
    text : str
        The TSV text (read a file with ``Path(...).read_text(encoding="utf-8")``).

    Returns
    -------
    tuple of Mapping
        The mappings, sorted.

    Raises
    ------
    spasmgraph.errors.MappingError
        If a column is missing, a row is malformed or a prefix is unknown.
    """
    lines = text.splitlines()
    header = [line for line in lines if line.startswith("#")]
    table = [line for line in lines if line and not line.startswith("#")]
    curie_map = {**CURIE_MAP, **_header_curie_map(header)}
    if not table:
        raise MappingError("the SSSOM text has no table")
    columns = table[0].split("\t")
    missing = [c for c in ("subject_id", "predicate_id", "object_id") if c not in columns]
    if missing or "mapping_justification" not in columns:
        raise MappingError(
            f"the SSSOM table lacks the columns {missing or ['mapping_justification']}"
        )
    found = []
    for number, line in enumerate(table[1:], start=2):
        cells = dict(zip(columns, line.split("\t"), strict=False))
        try:
            found.append(_row_mapping(cells, curie_map))
        except (KeyError, ValueError) as exc:
            raise MappingError(f"row {number} of the SSSOM table: {exc}") from exc
    return tuple(sorted(found, key=Mapping.sort_key))


def sssom_from_turtle(
    turtle: str | os.PathLike[str],
    tsv: str | os.PathLike[str],
    *,
    metadata: MappingSetMetadata = DEFAULT_METADATA,
) -> tuple[Path, int]:
    """Regenerate an SSSOM TSV from a Turtle mappings layer, such as ``ontology/mappings.ttl``.

    Parameters
    ----------
    turtle : str or os.PathLike
        The Turtle file to read.
    tsv : str or os.PathLike
        The TSV to write (atomically).
    metadata : MappingSetMetadata, optional
        The mapping-set metadata.

    Returns
    -------
    tuple of (pathlib.Path, int)
        The path written and the number of mappings in it.

    Raises
    ------
    spasmgraph.errors.OntologyLoadError
        If the Turtle file is missing or cannot be parsed.
    spasmgraph.errors.MappingError
        If a mapping is malformed or an IRI is not covered by the CURIE map.
    spasmgraph.errors.OutputError
        If the TSV cannot be written.
    """
    source = Path(turtle)
    try:
        graph = rdflib.Graph().parse(source, format="turtle")
    except OSError as exc:
        raise OntologyLoadError(str(source), exc.strerror or type(exc).__name__) from None
    except Exception as exc:  # rdflib's parsers raise several unrelated types
        raise OntologyLoadError(str(source), str(exc)) from None
    mappings = read_mappings(graph)
    text = to_sssom(mappings, metadata=metadata)
    return atomic_write(tsv, text), len(mappings)
