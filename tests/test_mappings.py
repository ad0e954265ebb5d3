"""The mappings layer: codes, prefixes, IRIs, the SSSOM TSV and hand-checked links.

Code formats and URI formats come from the Bioregistry (``bioregistry.get_pattern``,
``get_rdf_uri_format``, ``get_uri_format``). If the ``bioregistry`` package is not installed,
the values of bioregistry 0.15.6 hard-coded below are used instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from spasmgraph.mappings import (
    CURIE_MAP,
    SSSOM,
    Mapping,
    MappingSetMetadata,
    compress_iri,
    read_mappings,
    to_sssom,
    write_sssom,
)

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
SG = rdflib.Namespace("https://w3id.org/spasmgraph/")

MAPPINGS_GRAPH = rdflib.Graph().parse(ONTOLOGY / "mappings.ttl", format="turtle")
ARTICLE_GRAPH = rdflib.Graph().parse(ONTOLOGY / "article.ttl", format="turtle")
EVIDENCE_GRAPH = rdflib.Graph().parse(ONTOLOGY / "evidence.ttl", format="turtle")
MAPPINGS = read_mappings(MAPPINGS_GRAPH)

EXTERNAL_PREFIXES = ("mesh", "icd10cm", "chebi", "rxnorm", "snomedct", "umls", "hp", "maxo")

# bioregistry 0.15.6, used only when the bioregistry package is missing.
FALLBACK_PATTERNS = {
    "mesh": r"^(C|D|Q)\d+$",
    "icd10cm": (
        r"^([A-Z][0-9][0-9AB]((-[A-Z][0-9][0-9AB])|"
        r"(\.[0-9A-KXZ]([0-9A-EXYZ]([0-9A-HX][0-59A-HJKMNP-S]?)?)?)?))$"
    ),
    "chebi": r"^\d+$",
    "rxnorm": r"^[0-9]{1,7}$",
    "snomedct": r"^(\w+)?\d+$",
    "umls": r"^C\d+$",
    "hp": r"^\d{7}$",
    "maxo": r"^\d{7}$",
}
FALLBACK_URI_FORMATS = {
    "mesh": "http://id.nlm.nih.gov/mesh/$1",
    "icd10cm": "https://www.icd10data.com/search?s=$1",
    "chebi": "http://purl.obolibrary.org/obo/CHEBI_$1",
    "rxnorm": "https://mor.nlm.nih.gov/RxNav/search?searchBy=RXCUI&searchTerm=$1",
    "snomedct": "http://snomed.info/id/$1",
    "umls": "https://uts.nlm.nih.gov/uts/umls/concept/$1",
    "hp": "http://purl.obolibrary.org/obo/HP_$1",
    "maxo": "http://purl.obolibrary.org/obo/MAXO_$1",
}

try:
    import bioregistry

    def get_pattern(prefix: str) -> str | None:
        return bioregistry.get_pattern(prefix)

    def get_uri_format(prefix: str) -> str | None:
        resource = bioregistry.get_resource(prefix)
        if resource is None:
            return None
        return resource.get_rdf_uri_format() or bioregistry.get_uri_format(prefix)

    def normalize_prefix(prefix: str) -> str | None:
        return bioregistry.normalize_prefix(prefix)

except ImportError:  # pragma: no cover - bioregistry is in the dev dependency group

    def get_pattern(prefix: str) -> str | None:
        return FALLBACK_PATTERNS.get(prefix)

    def get_uri_format(prefix: str) -> str | None:
        return FALLBACK_URI_FORMATS.get(prefix)

    def normalize_prefix(prefix: str) -> str | None:
        return prefix if prefix in FALLBACK_PATTERNS else None


# Every code the mappings may use, with its status tag in shared/reference/clinical-evidence.md.
# Only verified [V...] or corroborated [C] codes are allowed; [U] codes never are.
ALLOWED_CODES = {
    "icd10cm:M62.830": "V-ICD", "icd10cm:M62.48": "V-ICD", "icd10cm:M51.26": "V-ICD",
    "icd10cm:E87.6": "V-ICD", "icd10cm:R52": "V-ICD",
    "mesh:D013035": "V-MeSH", "mesh:D003286": "V-MeSH", "mesh:D009120": "V-MeSH",
    "mesh:D007405": "V-MeSH", "mesh:D015444": "V-MeSH", "mesh:D005082": "V-MeSH",
    "mesh:D013177": "V-MeSH", "mesh:D056352": "V-MeSH", "mesh:D055815": "V-MeSH",
    "mesh:D008161": "V-MeSH", "mesh:D007511": "V-MeSH", "mesh:D004063": "V-MeSH",
    "mesh:D007008": "V-MeSH", "mesh:D009129": "V-MeSH", "mesh:D009119": "V-MeSH",
    "mesh:D009122": "V-MeSH", "mesh:D000860": "V-MeSH", "mesh:D006019": "V-MeSH",
    "mesh:D000140": "V-MeSH", "mesh:D013180": "V-MeSH", "mesh:D059348": "V-MeSH",
    "mesh:D011843": "V-MeSH", "mesh:D013152": "V-MeSH", "mesh:D006940": "V-MeSH",
    "mesh:D007249": "V-MeSH", "mesh:D010146": "V-MeSH", "mesh:D001416": "V-MeSH",
    "mesh:D004487": "V-MeSH", "mesh:D018712": "V-MeSH", "mesh:D000082": "V-MeSH",
    "mesh:D000894": "V-MeSH", "mesh:D007052": "V-MeSH", "mesh:D009125": "V-MeSH",
    "mesh:D008405": "V-MeSH", "mesh:D006979": "V-MeSH", "mesh:D008517": "V-MeSH",
    "mesh:D017419": "V-MeSH", "mesh:D028521": "V-MeSH", "mesh:D017679": "V-MeSH",
    "mesh:D019341": "V-MeSH", "mesh:D012146": "V-MeSH", "mesh:D001510": "V-MeSH",
    "mesh:D056888": "V-MeSH", "mesh:D016683": "V-MeSH", "mesh:D052580": "V-MeSH",
    "mesh:D011379": "V-MeSH", "mesh:D011320": "V-MeSH",
    "hp:0003394": "V-HPO", "hp:0003710": "V-HPO", "hp:0002900": "V-HPO",
    "hp:0012531": "V-HPO", "hp:0003418": "V-HPO",
    "umls:C0037763": "V-web", "umls:C0009917": "V", "umls:C1855578": "V-HPO",
    "umls:C0020621": "V-HPO", "umls:C0030193": "V-HPO", "umls:C0004604": "V-HPO",
    "umls:C0000970": "C", "umls:C0020740": "C",
    "snomedct:43339004": "V-HPO", "snomedct:22253000": "V-HPO", "snomedct:161891005": "V-HPO",
    "chebi:46195": "V-ChEBI", "chebi:35481": "V-ChEBI-imp", "chebi:35475": "V-ChEBI-imp",
    "chebi:51371": "V-ChEBI-imp", "chebi:5855": "C",
    "rxnorm:161": "C", "rxnorm:5640": "C",
    "maxo:0000193": "V-MAxO", "maxo:0000221": "V-MAxO", "maxo:0000324": "V-MAxO",
    "maxo:0000087": "V-MAxO", "maxo:0000459": "V-MAxO", "maxo:0001123": "V-MAxO",
    "maxo:0000011": "V-MAxO",
    # added for issue 11 (red-flag features, serious conditions, proxy condition, lactic acid)
    "mesh:D019344": "V-MeSH", "mesh:D005334": "V-MeSH", "mesh:D016055": "V-MeSH",
    "mesh:D005242": "V-MeSH", "mesh:D015431": "V-MeSH", "mesh:D006987": "V-MeSH",
    "mesh:D010291": "V-MeSH", "mesh:D016103": "V-MeSH", "mesh:D009362": "V-MeSH",
    "mesh:D015299": "V-MeSH", "mesh:D020802": "V-MeSH", "mesh:D017116": "V-MeSH",
    "mesh:D018763": "V-MeSH", "mesh:D058005": "V-MeSH", "mesh:D012017": "V-MeSH",
    "mesh:D027542": "V-MeSH", "mesh:D027523": "V-MeSH", "mesh:D019342": "V-MeSH",
    "mesh:D007053": "V-MeSH",
    "icd10cm:G83.4": "V-ICD", "icd10cm:M54.50": "V-ICD",
    "hp:0001945": "V-HPO", "hp:0000016": "V-HPO", "hp:0002607": "V-HPO", "hp:0001824": "V-HPO",
    "hp:0003419": "V-HPO",
    "umls:C0015967": "V-HPO", "umls:C0080274": "V-HPO", "umls:C0015732": "V-HPO",
    "umls:C1262477": "V-HPO", "umls:C0024031": "V-HPO",
    "snomedct:386661006": "V-HPO", "snomedct:279039007": "V-HPO",
    "chebi:15366": "V-ChEBI-imp",
    # added for issue 11 (verified reference codes of entities that were unmapped)
    "mesh:D011128": "V-MeSH", "mesh:D013117": "V-MeSH", "mesh:D005947": "V-MeSH",
    "mesh:D059350": "V-MeSH", "mesh:D012075": "V-MeSH", "mesh:D005194": "V-MeSH",
    "mesh:D003080": "V-MeSH", "mesh:D006358": "V-MeSH", "mesh:D009822": "V-MeSH",
    "mesh:D027845": "V-MeSH", "mesh:D005081": "V-MeSH", "mesh:D026201": "V-MeSH",
    "mesh:D009465": "V-MeSH", "mesh:D016861": "V-MeSH",
    "icd10cm:M51.27": "V-ICD",
    "snomedct:89362005": "V-HPO", "snomedct:72042002": "V-HPO", "snomedct:267064002": "V-HPO",
    "snomedct:166690008": "V-HPO",
    "umls:C0026821": "V-HPO",
    # added for issue 11 (a review of further reference codes for mapped entities)
    "mesh:D013126": "V-MeSH", "mesh:D009408": "V-MeSH", "mesh:D002420": "V-MeSH",
    "mesh:D010101": "V-MeSH", "mesh:D007773": "V-MeSH", "mesh:D011188": "V-MeSH",
    "mesh:D012039": "V-MeSH", "mesh:D019518": "V-MeSH", "mesh:D014664": "V-MeSH",
    "mesh:D016474": "V-MeSH", "mesh:D017770": "V-MeSH", "mesh:D013315": "V-MeSH",
    "mesh:D008159": "V-MeSH", "mesh:D010936": "V-MeSH", "mesh:D029001": "V-MeSH",
    "mesh:D011187": "V-MeSH",
    "icd10cm:M54.16": "V-ICD", "icd10cm:M54.17": "V-ICD", "icd10cm:M51.16": "V-ICD",
    "icd10cm:M51.17": "V-ICD", "icd10cm:M79.18": "V-ICD", "icd10cm:X50.0XXA": "V-ICD",
    "icd10cm:S39.012A": "V-ICD",
    "chebi:15379": "V-ChEBI-imp", "chebi:24996": "V-ChEBI-imp", "chebi:26216": "V-ChEBI-imp",
    "chebi:29103": "V-ChEBI-imp",
    "snomedct:130951007": "V-HPO",
    "maxo:0000461": "V-MAxO",
}  # fmt: skip

# Codes the reference warns against (wrong meaning or a look-alike).
TRAPS = ("icd10cm:M62.561", "chebi:28358", "mesh:D003451")


def curie(iri: str) -> str:
    return compress_iri(iri, CURIE_MAP)


def split(code: str) -> tuple[str, str]:
    prefix, _, local = code.partition(":")
    return prefix, local


OBJECT_CURIES = sorted({curie(m.object) for m in MAPPINGS})


def mapping_id(m: Mapping) -> str:
    return f"{curie(m.subject)}-{curie(m.predicate)}-{curie(m.object)}"


# --- the layer as a whole -------------------------------------------------------------


def test_layer_is_not_empty() -> None:
    assert len(MAPPINGS) >= 80
    assert {split(c)[0] for c in OBJECT_CURIES} == set(EXTERNAL_PREFIXES)


@pytest.mark.parametrize("prefix", sorted({split(c)[0] for c in OBJECT_CURIES}))
def test_prefix_is_bioregistry_preferred(prefix: str) -> None:
    assert prefix in EXTERNAL_PREFIXES
    assert normalize_prefix(prefix) == prefix


@pytest.mark.parametrize("code", OBJECT_CURIES)
def test_code_matches_bioregistry_pattern(code: str) -> None:
    prefix, local = split(code)
    pattern = get_pattern(prefix)
    assert pattern is not None, f"bioregistry has no pattern for {prefix}"
    assert re.fullmatch(pattern, local), f"{code} does not match {pattern}"


@pytest.mark.parametrize("code", OBJECT_CURIES)
def test_iri_follows_bioregistry_uri_format(code: str) -> None:
    prefix, local = split(code)
    uri_format = get_uri_format(prefix)
    assert uri_format is not None
    assert CURIE_MAP[prefix] + local == uri_format.replace("$1", local)


@pytest.mark.parametrize("code", OBJECT_CURIES)
def test_code_is_verified_or_corroborated(code: str) -> None:
    assert code in ALLOWED_CODES, f"{code} is not a [V]/[C] code of the clinical reference"
    assert code not in TRAPS


def _verhoeff_ok(number: str) -> bool:
    d = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]  # fmt: skip
    p = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]  # fmt: skip
    check = 0
    for i, digit in enumerate(reversed(number)):
        check = d[check][p[i % 8][int(digit)]]
    return check == 0


@pytest.mark.parametrize("code", [c for c in OBJECT_CURIES if c.startswith("snomedct:")])
def test_snomed_code_is_a_concept_with_valid_check_digit(code: str) -> None:
    local = split(code)[1]
    assert _verhoeff_ok(local)
    assert local[-3:-1] == "00"  # partition identifier 00: a concept


@pytest.mark.parametrize("m", MAPPINGS, ids=mapping_id)
def test_mapping_is_annotated(m: Mapping) -> None:
    assert m.subject_label
    assert m.object_label
    assert m.confidence is not None and 0.0 < m.confidence <= 1.0
    assert m.comment
    assert "Status [" in m.comment
    assert m.predicate in (
        SKOS.exactMatch,
        SKOS.closeMatch,
        SKOS.broadMatch,
        SKOS.narrowMatch,
        SKOS.relatedMatch,
    )


@pytest.mark.parametrize("m", MAPPINGS, ids=mapping_id)
def test_subject_is_an_article_entity_with_that_label(m: Mapping) -> None:
    # Subjects are article entities, or evidence-layer entities such as red-flag features,
    # the serious conditions they point to and the proxy condition.
    graph = (
        ARTICLE_GRAPH
        if (m.subject, RDF.type, OWL.NamedIndividual) in ARTICLE_GRAPH
        else EVIDENCE_GRAPH
    )
    assert (m.subject, RDF.type, OWL.NamedIndividual) in graph
    assert str(graph.value(m.subject, RDFS.label)) == m.subject_label


def test_external_terms_carry_no_label_in_the_graph() -> None:
    # Label look-ups must only ever find spasmgraph entities.
    for m in MAPPINGS:
        assert ARTICLE_GRAPH.value(m.object, RDFS.label) is None
        assert MAPPINGS_GRAPH.value(m.object, RDFS.label) is None


def test_one_axiom_per_mapping() -> None:
    axioms = set(MAPPINGS_GRAPH.subjects(RDF.type, OWL.Axiom))
    assert len(axioms) == len(MAPPINGS)
    for axiom in axioms:
        s = MAPPINGS_GRAPH.value(axiom, OWL.annotatedSource)
        p = MAPPINGS_GRAPH.value(axiom, OWL.annotatedProperty)
        o = MAPPINGS_GRAPH.value(axiom, OWL.annotatedTarget)
        assert (s, p, o) in MAPPINGS_GRAPH
        confidence = MAPPINGS_GRAPH.value(axiom, SSSOM.confidence)
        assert isinstance(confidence, rdflib.Literal)
        assert confidence.datatype == rdflib.namespace.XSD.double


# --- the SSSOM TSV --------------------------------------------------------------------


def test_committed_tsv_equals_generated() -> None:
    committed = (ONTOLOGY / "mappings.sssom.tsv").read_text(encoding="utf-8")
    assert committed == to_sssom(MAPPINGS)


def test_tsv_has_sssom_header_and_columns() -> None:
    lines = (ONTOLOGY / "mappings.sssom.tsv").read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    table = [line for line in lines if not line.startswith("#")]
    for key in ("curie_map:", "mapping_set_id:", "license:", "mapping_date:"):
        assert any(line.startswith(f"#{key}") for line in header), key
    assert table[0].split("\t") == [
        "subject_id", "subject_label", "predicate_id", "object_id", "object_label",
        "mapping_justification", "confidence", "comment",
    ]  # fmt: skip
    assert len(table) - 1 == len(MAPPINGS)
    assert all(row.split("\t")[5] == "semapv:ManualMappingCuration" for row in table[1:])


def test_tsv_is_valid_sssom() -> None:
    import sssom_pydantic

    mappings, _converter, metadata = sssom_pydantic.read(ONTOLOGY / "mappings.sssom.tsv")
    assert len(mappings) == len(MAPPINGS)
    assert str(metadata.id) == "https://w3id.org/spasmgraph/mappings.sssom.tsv"


# --- hand-checked mappings --------------------------------------------------------------

HAND_CHECKED = [
    ("back_muscle_spasm", "exactMatch", "icd10cm:M62.830"),
    ("back_muscle_spasm", "broadMatch", "mesh:D013035"),
    ("back_muscle_spasm", "broadMatch", "hp:0003394"),
    ("contracture", "relatedMatch", "icd10cm:M62.48"),  # lay sense differs from the code's
    ("lactic_acid_accumulation", "relatedMatch", "mesh:D019344"),  # Lactic Acid, not acidosis
    ("acetaminophen", "relatedMatch", "maxo:0000193"),  # a drug vs a MAxO therapy
    ("potassium_rich_food", "relatedMatch", "maxo:0001123"),  # food vs supplementation
    ("cauda_equina_syndrome", "exactMatch", "icd10cm:G83.4"),
    ("fever", "exactMatch", "hp:0001945"),
    ("acute_nonspecific_low_back_pain", "broadMatch", "mesh:D017116"),
    ("ibuprofen", "exactMatch", "mesh:D007052"),
    ("ibuprofen", "exactMatch", "rxnorm:5640"),
    ("acetaminophen", "exactMatch", "chebi:46195"),
    ("acetaminophen", "exactMatch", "mesh:D000082"),
    ("nsaid", "exactMatch", "mesh:D000894"),
    ("ice_pack", "broadMatch", "mesh:D017679"),
    ("potassium_deficit", "closeMatch", "icd10cm:E87.6"),
    ("pain", "exactMatch", "hp:0012531"),
    ("lower_back", "closeMatch", "mesh:D008161"),
    ("stretching", "exactMatch", "mesh:D052580"),
    ("cauda_equina_syndrome", "narrowMatch", "mesh:D011128"),  # no CES descriptor in MeSH 2015
    ("weight_loss", "exactMatch", "snomedct:89362005"),
    ("persistent_pain", "relatedMatch", "mesh:D059350"),  # days, not chronic
]


@pytest.mark.parametrize(("subject", "predicate", "code"), HAND_CHECKED)
def test_hand_checked_mapping(subject: str, predicate: str, code: str) -> None:
    prefix, local = split(code)
    triple = (SG[subject], SKOS[predicate], rdflib.URIRef(CURIE_MAP[prefix] + local))
    assert triple in MAPPINGS_GRAPH


@pytest.mark.parametrize(
    ("subject", "predicate", "code"),
    [
        ("back_muscle_spasm", "exactMatch", "mesh:D013035"),  # Spasm is broader
        ("back_muscle_spasm", "exactMatch", "hp:0003394"),  # HPO merges spasm and cramp
        ("contracture", "exactMatch", "icd10cm:M62.48"),  # medical vs lay sense
        ("contracture", "closeMatch", "icd10cm:M62.48"),  # the senses differ: relatedMatch
        ("lactic_acid_accumulation", "closeMatch", "mesh:D000140"),  # lactic acidosis is not it
        ("nsaid", "closeMatch", "maxo:0000221"),  # drug class vs therapy: relatedMatch
        ("spasm_during_effort", "broadMatch", "icd10cm:R25.2"),  # R25.2 excludes back spasm
        ("muscle_fibre_overstretching", "closeMatch", "mesh:D013180"),  # a mechanism, not a strain
    ],
)
def test_hand_checked_non_mapping(subject: str, predicate: str, code: str) -> None:
    prefix, local = split(code)
    triple = (SG[subject], SKOS[predicate], rdflib.URIRef(CURIE_MAP[prefix] + local))
    assert triple not in MAPPINGS_GRAPH


def test_contracture_has_no_exact_match() -> None:
    exact = [m for m in MAPPINGS if m.predicate == SKOS.exactMatch]
    assert SG.contracture not in {m.subject for m in exact}


# --- the module itself ---------------------------------------------------------------------


def test_compress_iri_uses_longest_prefix() -> None:
    curie_map = {"a": "http://x.org/", "b": "http://x.org/y/"}
    assert compress_iri("http://x.org/y/1", curie_map) == "b:1"
    assert compress_iri("http://x.org/z", curie_map) == "a:z"
    with pytest.raises(ValueError, match="no prefix"):
        compress_iri("http://elsewhere.org/1", curie_map)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Mapping(SG.x, SKOS.exactMatch, SG.y, "", 1.5),
        lambda: Mapping(SG.x, RDFS.seeAlso, SG.y, "", 0.5),
    ],
)
def test_mapping_rejects_bad_values(make: Callable[[], Mapping]) -> None:
    with pytest.raises(ValueError):
        make()


def test_read_mappings_sorts_and_falls_back_to_rdfs_label() -> None:
    g = rdflib.Graph()
    mesh = rdflib.Namespace(CURIE_MAP["mesh"])
    g.add((SG.b, SKOS.broadMatch, mesh.D2))
    g.add((SG.b, SKOS.exactMatch, mesh.D1))
    g.add((SG.a, SKOS.closeMatch, mesh.D3))
    g.add((SG.a, RDFS.label, rdflib.Literal("a thing", lang="en")))
    g.add((SG.a, SKOS.exactMatch, SG.b))  # internal link: not a mapping
    result = read_mappings(g)
    assert [(m.subject, m.object) for m in result] == [
        (SG.a, mesh.D3),
        (SG.b, mesh.D1),
        (SG.b, mesh.D2),
    ]
    assert result[0].subject_label == "a thing"
    assert result[0].confidence is None
    assert to_sssom(result).splitlines()[-3].split("\t")[6] == ""


def test_read_mappings_rejects_two_axioms_on_one_mapping() -> None:
    g = rdflib.Graph()
    mesh = rdflib.Namespace(CURIE_MAP["mesh"])
    g.add((SG.a, SKOS.exactMatch, mesh.D1))
    for _ in range(2):
        axiom = rdflib.BNode()
        g.add((axiom, RDF.type, OWL.Axiom))
        g.add((axiom, OWL.annotatedSource, SG.a))
        g.add((axiom, OWL.annotatedProperty, SKOS.exactMatch))
        g.add((axiom, OWL.annotatedTarget, mesh.D1))
    with pytest.raises(ValueError, match="2 owl:Axiom"):
        read_mappings(g)


def test_write_sssom_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.sssom.tsv"
    target.write_text("old", encoding="utf-8")
    metadata = MappingSetMetadata(mapping_date="2000-01-01")
    written = write_sssom(MAPPINGS_GRAPH, target, metadata=metadata)
    assert written == target
    assert target.read_text(encoding="utf-8") == to_sssom(MAPPINGS, metadata=metadata)
    assert '#mapping_date: "2000-01-01"' in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.sssom.tsv"]


def test_write_sssom_cleans_up_on_failure(tmp_path: Path) -> None:
    g = rdflib.Graph()
    g.add((SG.a, SKOS.exactMatch, rdflib.URIRef("http://unknown.example/1")))
    with pytest.raises(ValueError):
        write_sssom(g, tmp_path / "out.tsv")
    assert list(tmp_path.iterdir()) == []
