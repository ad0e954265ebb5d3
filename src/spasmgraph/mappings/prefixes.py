"""The prefixes of the mapping set, and CURIE conversion with the ``curies`` library.

The URI prefixes come from the one prefix map, :data:`spasmgraph.vocab.PREFIXES`;
:data:`CURIE_MAP` is the part of it that the SSSOM mapping set uses. Conversion uses
:class:`curies.Converter` (extra ``spasmgraph[mappings]``), imported only when called.

>>> compress_iri("http://id.nlm.nih.gov/mesh/D007052")
'mesh:D007052'
>>> expand_curie("icd10cm:M62.830")
'https://www.icd10data.com/search?s=M62.830'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from spasmgraph.errors import MappingError, MissingDependencyError
from spasmgraph.vocab import PREFIXES

if TYPE_CHECKING:
    import curies

__all__ = ["CURIE_MAP", "SSSOM_PREFIXES", "compress_iri", "expand_curie"]

SSSOM_PREFIXES: tuple[str, ...] = (
    "chebi", "hp", "icd10cm", "maxo", "mesh", "rxnorm",
    "semapv", "sg", "skos", "snomedct", "umls",
)  # fmt: skip
"""The prefixes written in the ``curie_map`` of the SSSOM TSV (keys of :data:`PREFIXES`)."""

CURIE_MAP: Mapping[str, str] = MappingProxyType({p: PREFIXES[p] for p in SSSOM_PREFIXES})
"""Prefix to URI prefix for the mapping set. External prefixes are Bioregistry's preferred
(normalised) prefixes with its RDF URI format where one exists, otherwise its default URI
format."""


@functools.lru_cache(maxsize=16)
def _converter(items: tuple[tuple[str, str], ...]) -> curies.Converter:
    try:
        import curies
    except ImportError as exc:
        raise MissingDependencyError("curies", "mappings", what="CURIE conversion") from exc
    try:
        return curies.Converter.from_prefix_map(dict(items))
    except (ValueError, TypeError) as exc:
        raise MappingError(f"the CURIE map cannot be used: {exc}") from exc


def _converter_for(curie_map: Mapping[str, str]) -> curies.Converter:
    return _converter(tuple(sorted(curie_map.items())))


def compress_iri(iri: str, curie_map: Mapping[str, str] = CURIE_MAP) -> str:
    """Write an IRI as a CURIE, using the longest matching URI prefix.

    Parameters
    ----------
    iri : str
        The IRI to compress.
    curie_map : Mapping of str to str, optional
        Prefix to URI prefix; :data:`CURIE_MAP` by default.

    Returns
    -------
    str
        The CURIE, for example ``"mesh:D007052"``.

    Raises
    ------
    spasmgraph.errors.MappingError
        If no URI prefix matches or nothing is left after the prefix (also a
        :class:`ValueError`).
    spasmgraph.errors.MissingDependencyError
        If the ``curies`` package is not installed (``pip install "spasmgraph[mappings]"``).

    Examples
    --------
    >>> compress_iri("http://x.org/y/1", {"a": "http://x.org/", "b": "http://x.org/y/"})
    'b:1'
    """
    result = _converter_for(curie_map).compress(str(iri))
    if result is None or not result.partition(":")[2]:
        raise MappingError(f"no prefix in the CURIE map covers {iri}")
    return result


def expand_curie(curie: str, curie_map: Mapping[str, str] = CURIE_MAP) -> str:
    """Write a CURIE as a full IRI.

    Parameters
    ----------
    curie : str
        The CURIE, for example ``"mesh:D007052"``.
    curie_map : Mapping of str to str, optional
        Prefix to URI prefix; :data:`CURIE_MAP` by default.

    Returns
    -------
    str
        The IRI.

    Raises
    ------
    spasmgraph.errors.MappingError
        If the prefix is not in the CURIE map (also a :class:`ValueError`).
    spasmgraph.errors.MissingDependencyError
        If the ``curies`` package is not installed.

    Examples
    --------
    >>> expand_curie("sg:ibuprofen")
    'https://w3id.org/spasmgraph/ibuprofen'
    """
    result = _converter_for(curie_map).expand(curie)
    if result is None:
        raise MappingError(f"the prefix of {curie!r} is not in the CURIE map")
    return result
