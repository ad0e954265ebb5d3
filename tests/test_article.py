"""The article layer (ontology/article.ttl): provenance, terms, paths, regimens, claims.

Scope of the provenance rule (as in shapes.ttl): an object-property assertion ``s p o`` with
``p`` an ``owl:ObjectProperty`` of the ``sg:`` namespace and ``s``, ``o`` both ``sg:`` IRIs.
``prov:wasDerivedFrom`` from a claim to its source is itself provenance and is not annotated.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from typing import TypeGuard

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node, URIRef

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
SG = rdflib.Namespace("https://w3id.org/spasmgraph/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
BIBO = rdflib.Namespace("http://purl.org/ontology/bibo/")
# Not "XSD" itself: pytest probes module globals, and rdflib's closed XSD namespace warns.
XSD_INTEGER = rdflib.namespace.XSD.integer
XSD_BOOLEAN = rdflib.namespace.XSD.boolean
SOURCE = SG.source_fastlyheal_back_spasms

SCHEMA = rdflib.Graph().parse(ONTOLOGY / "schema.ttl", format="turtle")
ARTICLE = rdflib.Graph().parse(ONTOLOGY / "article.ttl", format="turtle")
GRAPH = SCHEMA + ARTICLE

CLAIMS = {SG[f"claim_t{i}"] for i in range(1, 16)} | {SG[f"claim_m{i}"] for i in range(1, 12)}
MODES = {SG.StatedInSource, SG.InferredByModeller}


def local(node: Node) -> str:
    return str(node).removeprefix(str(SG))


def is_sg(node: Node | None) -> TypeGuard[URIRef]:
    return isinstance(node, URIRef) and str(node).startswith(str(SG))


SG_OBJECT_PROPERTIES = {p for p in SCHEMA.subjects(RDF.type, OWL.ObjectProperty) if is_sg(p)}
RELATIONS: list[tuple[Node, Node, Node]] = sorted(
    ((s, p, o) for s, p, o in ARTICLE if p in SG_OBJECT_PROPERTIES and is_sg(s) and is_sg(o)),
    key=lambda triple: tuple(str(n) for n in triple),
)
INDIVIDUALS = sorted(s for s in ARTICLE.subjects(RDF.type, OWL.NamedIndividual) if is_sg(s))


def relation_id(rel: tuple[Node, Node, Node]) -> str:
    return " ".join(local(n) for n in rel)


def axioms_for(s: Node, p: Node, o: Node) -> list[Node]:
    return [
        a
        for a in ARTICLE.subjects(OWL.annotatedSource, s)
        if (a, RDF.type, OWL.Axiom) in ARTICLE
        and (a, OWL.annotatedProperty, p) in ARTICLE
        and (a, OWL.annotatedTarget, o) in ARTICLE
    ]


# --- (a) provenance: every relation has exactly one complete owl:Axiom ---------------------


def test_there_are_relations() -> None:
    assert len(RELATIONS) >= 100


@pytest.mark.parametrize("rel", RELATIONS, ids=relation_id)
def test_relation_has_one_complete_provenance_axiom(rel: tuple[Node, Node, Node]) -> None:
    (axiom,) = axioms_for(*rel)
    assert list(ARTICLE.objects(axiom, DCTERMS.source)) == [SOURCE]
    (locator,) = ARTICLE.objects(axiom, SG.locator)
    assert isinstance(locator, rdflib.Literal) and str(locator).strip()
    (mode,) = ARTICLE.objects(axiom, SG.assertionMode)
    assert mode in MODES
    (claim,) = ARTICLE.objects(axiom, SG.expressesClaim)
    assert claim in CLAIMS


def test_every_axiom_annotates_an_asserted_relation() -> None:
    axioms = set(ARTICLE.subjects(RDF.type, OWL.Axiom))
    annotated = {
        (
            ARTICLE.value(a, OWL.annotatedSource),
            ARTICLE.value(a, OWL.annotatedProperty),
            ARTICLE.value(a, OWL.annotatedTarget),
        )
        for a in axioms
    }
    assert len(annotated) == len(axioms) == len(RELATIONS)
    assert annotated == set(RELATIONS)


def test_every_claim_is_expressed_by_some_relation() -> None:
    expressed = set(ARTICLE.objects(None, SG.expressesClaim))
    assert expressed == CLAIMS


def test_only_axioms_are_blank_nodes() -> None:
    for s in ARTICLE.subjects():
        if isinstance(s, rdflib.BNode):
            assert (s, RDF.type, OWL.Axiom) in ARTICLE


# --- (b) terms: labels, definitions, declared vocabulary -----------------------------------


@pytest.mark.parametrize("ind", INDIVIDUALS, ids=local)
def test_individual_has_label_and_definition(ind: URIRef) -> None:
    for prop in (RDFS.label, SKOS.definition):
        (value,) = ARTICLE.objects(ind, prop)
        assert isinstance(value, rdflib.Literal) and value.language == "en", prop
    # typed by at least one schema class besides owl:NamedIndividual
    types = set(ARTICLE.objects(ind, RDF.type)) - {OWL.NamedIndividual}
    assert types and all((t, RDF.type, OWL.Class) in SCHEMA for t in types)


def test_every_sg_subject_is_a_named_individual() -> None:
    subjects = {s for s in ARTICLE.subjects() if is_sg(s)}
    assert subjects == set(INDIVIDUALS)


def test_every_sg_object_is_declared() -> None:
    for _, _, o in ARTICLE:
        if is_sg(o):
            assert (o, RDF.type, OWL.NamedIndividual) in GRAPH or (o, RDF.type, None) in SCHEMA


def test_labels_and_synonyms_are_unique() -> None:
    seen: dict[str, Node] = {}
    for s in INDIVIDUALS:
        for prop in (RDFS.label, SKOS.altLabel):
            for label in ARTICLE.objects(s, prop):
                key = str(label).casefold()
                assert seen.setdefault(key, s) == s, f"{key!r} names {seen[key]} and {s}"
    schema_names = {
        str(o).casefold() for p in (RDFS.label, SKOS.altLabel) for o in SCHEMA.objects(None, p)
    }
    assert not set(seen) & schema_names


def test_only_declared_properties_are_used() -> None:
    structural = {RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
    declared = {
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in SCHEMA.subjects(RDF.type, kind)
    }
    used = set(ARTICLE.predicates())
    assert used - structural <= declared, used - structural - declared


def _superclasses(cls: Node) -> set[Node]:
    return {cls} | set(GRAPH.transitiveClosure(lambda c, _: GRAPH.objects(c, RDFS.subClassOf), cls))


def _allowed(restriction: Node) -> set[Node]:
    members = GRAPH.value(restriction, OWL.unionOf)
    if members is not None:
        return set(rdflib.collection.Collection(GRAPH, members))
    return {restriction}


@pytest.mark.parametrize("rel", RELATIONS, ids=relation_id)
def test_relation_respects_domain_and_range(rel: tuple[Node, Node, Node]) -> None:
    s, p, o = rel
    for end, prop in ((s, RDFS.domain), (o, RDFS.range)):
        restriction = SCHEMA.value(p, prop)
        if restriction is None:
            continue
        types = {t for direct in GRAPH.objects(end, RDF.type) for t in _superclasses(direct)}
        assert types & _allowed(restriction), f"{local(end)} is outside the {prop} of {local(p)}"


# --- (c) hand-checked cause -> mechanism -> remedy paths -----------------------------------

PATH_QUERY = """
PREFIX sg: <https://w3id.org/spasmgraph/>
SELECT DISTINCT ?treatment WHERE {
    ?cause sg:triggers/sg:leadsTo* ?mechanism .
    ?treatment sg:actsOn ?mechanism .
}
"""

# At most four hops: triggers + up to two leadsTo + actsOn.
BOUNDED_QUERY = """
PREFIX sg: <https://w3id.org/spasmgraph/>
SELECT DISTINCT ?treatment WHERE {
    ?cause sg:triggers|sg:triggers/sg:leadsTo|sg:triggers/sg:leadsTo/sg:leadsTo ?mechanism .
    ?treatment sg:actsOn ?mechanism .
}
"""

# Checked by hand against article.ttl:
#   intense exercise -> muscle overload -> increased muscle tension -> muscle fibre shortening
#     (tension: warm compress, apple cider vinegar compress, lavender oil massage, muscle
#      relaxant; shortening: stretching); it also triggers fibre overstretching (no remedy).
#   blood supply deficit -> reduced muscle blood flow (warm compress, massage).
#   nerve affection -> nerve injury -> increased muscle tension -> muscle fibre shortening.
#   potassium deficit -> potassium depletion (potassium-rich food, banana).
TENSION_REMEDIES = {
    "warm_compress",
    "apple_cider_vinegar_compress",
    "lavender_oil_massage",
    "muscle_relaxant",
    "stretching",
}
EXPECTED_REMEDIES = {
    "intense_exercise": TENSION_REMEDIES,
    "blood_supply_deficit": {"warm_compress", "massage"},
    "nerve_affection": TENSION_REMEDIES,
    "potassium_deficit": {"potassium_rich_food", "banana"},
}


def _remedies(query: str, cause: str) -> set[str]:
    rows = GRAPH.query(query, initBindings={"cause": SG[cause]})
    return {local(row[0]) for row in rows}  # type: ignore[index]


@pytest.mark.parametrize(("cause", "expected"), sorted(EXPECTED_REMEDIES.items()))
def test_cause_reaches_expected_remedies(cause: str, expected: set[str]) -> None:
    assert _remedies(PATH_QUERY, cause) == expected


@pytest.mark.parametrize("cause", sorted(EXPECTED_REMEDIES))
def test_cause_reaches_its_remedies_within_four_hops(cause: str) -> None:
    assert _remedies(BOUNDED_QUERY, cause) == EXPECTED_REMEDIES[cause]


@pytest.mark.parametrize(
    ("s", "p", "o"),
    [
        ("blood_supply_deficit", "triggers", "reduced_muscle_blood_flow"),
        ("warm_compress", "actsOn", "reduced_muscle_blood_flow"),
        ("massage", "actsOn", "reduced_muscle_blood_flow"),
        ("nerve_injury", "leadsTo", "increased_muscle_tension"),
        ("potassium_deficit", "triggers", "potassium_depletion"),
        ("stretching", "actsOn", "muscle_fibre_shortening"),
    ],
)
def test_bridging_links_are_marked_as_inferred(s: str, p: str, o: str) -> None:
    (axiom,) = axioms_for(SG[s], SG[p], SG[o])
    assert ARTICLE.value(axiom, SG.assertionMode) == SG.InferredByModeller


@pytest.mark.parametrize(
    ("s", "p", "o", "claim"),
    [
        ("intense_exercise", "triggers", "muscle_overload", "claim_m11"),
        ("nerve_affection", "causes", "back_muscle_spasm", "claim_m5"),
        ("blood_supply_deficit", "causes", "back_muscle_spasm", "claim_m7"),
        ("back_muscle_spasm", "affectsRegion", "lower_back", "claim_m6"),
        ("back_muscle_spasm", "commonIn", "people_around_age_20", "claim_m10"),
        ("abrupt_activation_from_rest", "triggers", "increased_muscle_tone", "claim_m2"),
        ("lactic_acid_formation", "leadsTo", "lactic_acid_accumulation", "claim_m3"),
        ("back_muscle_spasm", "progressesTo", "contracture", "claim_m9"),
        ("potassium_deficit", "causes", "back_muscle_spasm", "claim_m8"),
        ("banana", "exampleOf", "potassium_rich_food", "claim_t9"),
        ("ibuprofen", "inDrugClass", "nsaid", "claim_t2"),
        ("acetaminophen", "relieves", "pain", "claim_t1"),
        ("back_muscle_spasm", "hasPrognosis", "subsides_within_few_days", "claim_t14"),
        ("subsides_within_few_days", "escalatesTo", "see_general_practitioner", "claim_t15"),
    ],
)
def test_relation_expresses_expected_claim(s: str, p: str, o: str, claim: str) -> None:
    (axiom,) = axioms_for(SG[s], SG[p], SG[o])
    assert ARTICLE.value(axiom, SG.expressesClaim) == SG[claim]


def test_lactic_acid_chain() -> None:
    chain = ["raised_muscle_glucose", "lactic_acid_formation", "lactic_acid_accumulation"]
    for a, b in itertools.pairwise(chain):
        assert (SG[a], SG.leadsTo, SG[b]) in ARTICLE
    assert (SG.lactic_acid_accumulation, SG.resultsIn, SG.spasm_during_effort) in ARTICLE


def test_spasm_types() -> None:
    types = set(ARTICLE.subjects(SG.subtypeOf, SG.back_muscle_spasm))
    assert types == {SG.spasm_during_effort, SG.spasm_after_effort, SG.spasm_with_other_injury}
    assert all((t, RDF.type, SG.SpasmType) in ARTICLE for t in types)
    # A herniated disc is modelled causally (it presses on a nerve), not as an example of
    # nerve injury, and the article's hedge ("may be the case") is kept on the axiom.
    assert (SG.herniated_disc, SG.givesRiseTo, SG.nerve_injury) in ARTICLE
    assert (SG.herniated_disc, SG.exampleOf, SG.nerve_injury) not in ARTICLE
    axiom = next(ARTICLE.subjects(OWL.annotatedSource, SG.herniated_disc))
    assert (axiom, SG.hedged, rdflib.Literal(True)) in ARTICLE
    assert (axiom, SG.assertionMode, SG.InferredByModeller) in ARTICLE


# --- (d) regimens are typed ------------------------------------------------------------

REGIMENS = [
    ("apple_cider_vinegar_compress", "durationMinutes", XSD_INTEGER, 30),
    ("ice_pack", "durationMinutes", XSD_INTEGER, 15),
    ("ice_pack", "timesPerDay", XSD_INTEGER, 3),
    ("ice_pack", "untilResolved", XSD_BOOLEAN, True),
    ("rest", "durationDays", XSD_INTEGER, 3),
    ("rest", "startsAtOnset", XSD_BOOLEAN, True),
    ("rest", "isMinimum", XSD_BOOLEAN, True),
    ("leg_raise", "angleDegrees", XSD_INTEGER, 90),
]


@pytest.mark.parametrize(("treatment", "prop", "datatype", "value"), REGIMENS)
def test_regimen_value_is_typed(
    treatment: str, prop: str, datatype: URIRef, value: int | bool
) -> None:
    regimen = SG[f"regimen_{treatment}"]
    assert (SG[treatment], SG.hasRegimen, regimen) in ARTICLE
    assert (regimen, RDF.type, SG.Regimen) in ARTICLE
    (literal,) = ARTICLE.objects(regimen, SG[prop])
    assert isinstance(literal, rdflib.Literal)
    assert literal.datatype == datatype
    assert literal.toPython() == value
    assert type(literal.toPython()) is type(value)


def test_leg_raise_posture_and_joint() -> None:
    regimen = SG.regimen_leg_raise
    assert ARTICLE.value(regimen, SG.position) == SG.supine_on_floor
    assert (SG.supine_on_floor, RDF.type, SG.Posture) in ARTICLE
    assert ARTICLE.value(regimen, SG.angleAtJoint) == SG.knee


def test_only_numbered_remedies_have_regimens() -> None:
    with_regimen = {local(s) for s in ARTICLE.subjects(SG.hasRegimen, None)}
    assert with_regimen == {"apple_cider_vinegar_compress", "ice_pack", "rest", "leg_raise"}


# --- fixed IRIs, treatments, claims, source --------------------------------------------------

FIXED = {
    "back_muscle_spasm": SG.Condition,
    "contracture": SG.Condition,
    "intense_exercise": SG.Cause,
    "blood_supply_deficit": SG.Cause,
    "nerve_affection": SG.Cause,
    "potassium_deficit": SG.Cause,
    "lactic_acid_accumulation": SG.Mechanism,
    "acetaminophen": SG.Medication,
    "nsaid": SG.Medication,
    "ibuprofen": SG.Medication,
    "muscle_relaxant": SG.Medication,
    "massage": SG.ProfessionalTherapy,
    "warm_compress": SG.HomeRemedy,
    "rosemary": SG.HomeRemedy,
    "potassium_rich_food": SG.DietOrLifestyle,
    "apple_cider_vinegar_compress": SG.HomeRemedy,
    "ice_pack": SG.HomeRemedy,
    "lavender_oil_massage": SG.HomeRemedy,
    "rest": SG.DietOrLifestyle,
    "leg_raise": SG.HomeRemedy,
    "stretching": SG.HomeRemedy,
    "lower_back": SG.BodyRegion,
    "source_fastlyheal_back_spasms": SG.Source,
}


@pytest.mark.parametrize(("name", "cls"), sorted(FIXED.items()))
def test_fixed_iri_exists_with_type(name: str, cls: URIRef) -> None:
    assert (SG[name], RDF.type, cls) in ARTICLE
    assert (SG[name], RDF.type, OWL.NamedIndividual) in ARTICLE


TREATMENT_CLASSES = (
    SG.Treatment,
    SG.Medication,
    SG.ProfessionalTherapy,
    SG.HomeRemedy,
    SG.DietOrLifestyle,
)
TREATMENTS = sorted(
    {s for cls in TREATMENT_CLASSES for s in ARTICLE.subjects(RDF.type, cls) if is_sg(s)}
)


@pytest.mark.parametrize("treatment", TREATMENTS, ids=local)
def test_treatment_acts_on_something(treatment: URIRef) -> None:
    properties = (SG.actsOn, SG.relieves, SG.treats)
    assert any(ARTICLE.value(treatment, p) is not None for p in properties)


def test_every_listed_remedy_and_drug_treats_the_spasm() -> None:
    treated_by = {local(s) for s in ARTICLE.subjects(SG.treats, SG.back_muscle_spasm)}
    assert treated_by == {
        "acetaminophen", "nsaid", "muscle_relaxant", "massage", "warm_compress", "rosemary",
        "potassium_rich_food", "apple_cider_vinegar_compress", "ice_pack",
        "lavender_oil_massage", "rest", "leg_raise", "stretching",
    }  # fmt: skip


def test_synonyms_resolve() -> None:
    def by_name(name: str) -> set[Node]:
        return {
            s
            for p in (RDFS.label, SKOS.altLabel)
            for s, o in ARTICLE.subject_objects(p)
            if str(o).casefold() == name.casefold()
        }

    assert by_name("paracetamol") == by_name("APAP") == {SG.acetaminophen}
    assert by_name("non-steroidal anti-inflammatory drug") == {SG.nsaid}
    assert by_name("stretching exercises") == {SG.stretching}


@pytest.mark.parametrize("claim", sorted(CLAIMS), ids=local)
def test_claim_is_complete(claim: URIRef) -> None:
    assert (claim, RDF.type, SG.Claim) in ARTICLE
    assert ARTICLE.value(claim, PROV.wasDerivedFrom) == SOURCE
    for prop in (RDFS.label, SKOS.definition, SG.paraphrase, SG.locator):
        values = list(ARTICLE.objects(claim, prop))
        assert len(values) == 1 and str(values[0]).strip(), prop


def test_exactly_the_26_claims() -> None:
    assert set(ARTICLE.subjects(RDF.type, SG.Claim)) == CLAIMS


def test_source_metadata() -> None:
    assert (SOURCE, DCTERMS.creator, rdflib.Literal("Alivia Nyhan")) in ARTICLE
    assert (SOURCE, DCTERMS.publisher, rdflib.Literal("FastlyHeal")) in ARTICLE
    assert str(ARTICLE.value(SOURCE, DCTERMS.title)).startswith("Back Muscle Spasms")
    assert str(ARTICLE.value(SOURCE, BIBO.uri)) == (
        "https://www.fastlyheal.com/back-muscle-spasms-causes-treatment-and-home-remedies"
    )
    # The page gives no date: none may be invented.
    for prop in (DCTERMS.issued, DCTERMS.modified, DCTERMS.created):
        assert ARTICLE.value(SOURCE, prop) is None
    assert "Last Updated" in str(ARTICLE.value(SOURCE, RDFS.comment))


# --- own words: no run of 8+ words copied from the article ---------------------------------

SEED = Path(
    os.environ.get(
        "SPASMGRAPH_SEED",
        Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_3bff002d64e06b40.txt",
    )
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


@pytest.mark.skipif(not SEED.is_file(), reason="the seed article is not available")
def test_no_sentence_is_copied_from_the_article() -> None:
    words = _words(SEED.read_text(encoding="utf-8"))
    shingles = {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    verbatim_fields = {DCTERMS.title, BIBO.uri}  # bibliographic data must be verbatim
    for s, p, o in ARTICLE:
        if isinstance(o, rdflib.Literal) and p not in verbatim_fields:
            w = _words(str(o))
            runs = (tuple(w[i : i + 8]) for i in range(len(w) - 7))
            copied = [" ".join(run) for run in runs if run in shingles]
            assert not copied, f"{local(s)} {p}: {copied[0]!r}"
