"""Every citation can be found and told apart: title, creator, year and an identifier.

A citation (``sg:Citation``) needs a ``dcterms:title``, at least one ``dcterms:creator``
(an author or a corporate author), a ``dcterms:issued`` year and a DOI, PubMed ID or URL
(``bibo:doi``, ``bibo:pmid`` or ``bibo:uri``). No two citation resources may share a DOI or
a PubMed ID: one publication, one resource.

The project records only bibliographic details that a checked source confirms. The two
sets below name the citations for which a detail could not be confirmed; each must still
carry a URL or DOI so a reader can check it, and each entry must really lack the detail, so
the sets shrink as details are confirmed and never hide a new gap.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
SG = rdflib.Namespace("https://w3id.org/spasmgraph/")
BIBO = rdflib.Namespace("http://purl.org/ontology/bibo/")

UNDATED_WEB_PAGES = {
    # Web pages that show no publication or revision date in the copies consulted.
    SG.citation_empr_cyclobenzaprine,
    SG.citation_etg_paracetamol_safe_use,
    SG.citation_fda_ibuprofen_otc_label,
    SG.citation_gcare_spinal_red_flags,
    SG.citation_harvard_hyperkalemia,
    SG.citation_hey_neurosurgery_red_flags,
    SG.citation_missouri_poison_center_essential_oils,
    SG.citation_nhs_lothian_spine_red_flags,
    SG.citation_nice_ktt13,
    SG.citation_statpearls_hypokalemia,
}
AUTHORS_UNCONFIRMED = {
    # A letter whose title, DOI and case were confirmed but whose authors were not.
    rdflib.URIRef("https://doi.org/10.1016/j.jaad.2011.11.932"),
    # A StatPearls chapter seen without its author line.
    SG.citation_statpearls_hypokalemia,
}


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for layer in ("schema", "article", "evidence"):
        g.parse(ONTOLOGY / f"{layer}.ttl", format="turtle")
    return g


def _citations(graph: rdflib.Graph) -> list[rdflib.term.Node]:
    return sorted(set(graph.subjects(RDF.type, SG.Citation)))


def _literals(graph: rdflib.Graph, s: rdflib.term.Node, p: rdflib.URIRef) -> list[str]:
    return [str(o) for o in graph.objects(s, p) if isinstance(o, rdflib.Literal) and str(o).strip()]


def test_there_are_citations(graph: rdflib.Graph) -> None:
    assert len(_citations(graph)) > 40


def test_every_citation_has_a_title(graph: rdflib.Graph) -> None:
    missing = [c for c in _citations(graph) if not _literals(graph, c, DCTERMS.title)]
    assert missing == []


def test_every_citation_has_a_creator(graph: rdflib.Graph) -> None:
    missing = {c for c in _citations(graph) if not _literals(graph, c, DCTERMS.creator)}
    assert missing <= AUTHORS_UNCONFIRMED, sorted(missing - AUTHORS_UNCONFIRMED)
    assert missing >= AUTHORS_UNCONFIRMED, "confirmed now: remove from AUTHORS_UNCONFIRMED"


def test_every_citation_has_a_year(graph: rdflib.Graph) -> None:
    missing = set()
    for c in _citations(graph):
        years = list(graph.objects(c, DCTERMS.issued))
        if not years:
            missing.add(c)
            continue
        for year in years:
            assert isinstance(year, rdflib.Literal), c
            assert str(year.datatype).endswith("#gYear") and len(str(year)) == 4, c
    assert missing <= UNDATED_WEB_PAGES, sorted(missing - UNDATED_WEB_PAGES)
    assert missing >= UNDATED_WEB_PAGES, "dated now: remove from UNDATED_WEB_PAGES"


def test_every_citation_has_an_identifier(graph: rdflib.Graph) -> None:
    missing = [
        c
        for c in _citations(graph)
        if not any(graph.value(c, p) for p in (BIBO.doi, BIBO.pmid, BIBO.uri))
    ]
    assert missing == []


def test_exceptions_can_still_be_followed(graph: rdflib.Graph) -> None:
    for c in UNDATED_WEB_PAGES | AUTHORS_UNCONFIRMED:
        assert graph.value(c, BIBO.uri) or graph.value(c, BIBO.doi), c


@pytest.mark.parametrize("prop", [BIBO.doi, BIBO.pmid])
def test_no_two_citations_share_an_identifier(graph: rdflib.Graph, prop: rdflib.URIRef) -> None:
    counts = Counter(
        str(o).strip().lower() for c in _citations(graph) for o in graph.objects(c, prop)
    )
    assert [value for value, n in counts.items() if n > 1] == []
