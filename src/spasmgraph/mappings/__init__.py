"""Mappings from spasmgraph entities to standard vocabularies, as RDF and as SSSOM.

The mappings layer (``ontology/mappings.ttl``) links spasmgraph individuals to MeSH,
ICD-10-CM, ChEBI, RxNorm, SNOMED CT, UMLS, HPO and MAxO with ``skos:exactMatch``,
``skos:closeMatch``, ``skos:broadMatch`` or ``skos:narrowMatch``. Each link carries an
``owl:Axiom`` annotation with SSSOM properties: ``sssom:subject_label``,
``sssom:object_label``, ``sssom:confidence``, ``sssom:mapping_justification`` and an
``rdfs:comment``.

* :mod:`~spasmgraph.mappings.model` -- the :class:`Mapping` and
  :class:`MappingSetMetadata` records;
* :mod:`~spasmgraph.mappings.rdf` -- :func:`read_mappings` and :func:`mappings_graph`;
* :mod:`~spasmgraph.mappings.sssom` -- the `SSSOM <https://mapping-commons.github.io/sssom/>`_
  TSV: :func:`to_sssom`, :func:`write_sssom`, :func:`read_sssom` and
  :func:`sssom_from_turtle`, which regenerates the committed ``mappings.sssom.tsv`` so that
  it always agrees with the RDF;
* :mod:`~spasmgraph.mappings.prefixes` -- :data:`CURIE_MAP`, :func:`compress_iri` and
  :func:`expand_curie` (with the ``curies`` library, extra ``spasmgraph[mappings]``).

External IRIs follow the Bioregistry: the prefix's RDF URI format where it has one (MeSH,
ChEBI, SNOMED CT, HPO, MAxO), otherwise its default URI format (ICD-10-CM, RxNorm, UMLS).

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

from spasmgraph.mappings.model import (
    DEFAULT_METADATA,
    MATCH_PREDICATES,
    SEMAPV,
    SSSOM,
    SSSOM_COLUMNS,
    Mapping,
    MappingSetMetadata,
)
from spasmgraph.mappings.prefixes import CURIE_MAP, SSSOM_PREFIXES, compress_iri, expand_curie
from spasmgraph.mappings.rdf import mappings_graph, read_mappings
from spasmgraph.mappings.sssom import read_sssom, sssom_from_turtle, to_sssom, write_sssom
from spasmgraph.vocab import SG_NAMESPACE

__all__ = [
    "CURIE_MAP",
    "DEFAULT_METADATA",
    "MATCH_PREDICATES",
    "SEMAPV",
    "SG_NAMESPACE",
    "SSSOM",
    "SSSOM_COLUMNS",
    "SSSOM_PREFIXES",
    "Mapping",
    "MappingSetMetadata",
    "compress_iri",
    "expand_curie",
    "mappings_graph",
    "read_mappings",
    "read_sssom",
    "sssom_from_turtle",
    "to_sssom",
    "write_sssom",
]
