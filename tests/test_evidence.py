"""The evidence layer (ontology/evidence.ttl) and its API (spasmgraph.evidence).

Every expected value below was checked by hand against the clinical reference and the
verdict mapping recorded in each assessment's ``sg:rationale``.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TypeGuard
from urllib.parse import urlsplit

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import spasmgraph as sg
from spasmgraph._files import bundled_text
from spasmgraph.evidence import (
    Assessment,
    Caution,
    Citation,
    RedFlag,
    assessments_for,
    cautions,
    red_flags,
    verdict_counts,
)
from spasmgraph.vocab import BIBO, DCTERMS, SG
from spasmgraph.vocab import sg as sg_iri

# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_only() -> sg.KnowledgeGraph:
    return sg.load(layers=["schema", "article"])


@pytest.fixture(scope="module")
def evidence_only() -> sg.KnowledgeGraph:
    return sg.load(layers=["schema", "evidence"])


def _evidence_subjects(evidence_only: sg.KnowledgeGraph, schema: sg.KnowledgeGraph) -> set[URIRef]:
    return {
        s
        for s in evidence_only.graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and (s, RDF.type, None) not in schema.graph
    }


# --- verdicts -------------------------------------------------------------------------------

# Hand-checked mapping of the reference's verdicts onto the five-value scale.
VERDICTS = {
    "t1": "contradicted",  # PACE + meta-analyses: no better than placebo for acute LBP
    "t2": "mixed",  # "supported for pain (small effect); mechanism insufficient"
    "t3": "mixed",  # short-term relief, low certainty, more harms; "necessary" overstated
    "t4": "mixed",  # low/very-low-quality support; blood-flow mechanism untested
    "t5": "mixed",  # graded like T2/T3: pain benefit shown, tension/inflammation parts not
    "t6": "insufficient",  # too few trials of cold
    "t7": "contradicted",  # stay active beats bed rest
    "t8": "mixed",  # first-line for cramps, no short-term effect in acute LBP
    "t9": "insufficient",  # no trial; premise rarely applies
    "t10": "insufficient",  # no trial; burn risk recorded as a caution
    "t11": "insufficient",  # traditional use only
    "t12": "insufficient",  # no RCT for back spasm
    "t13": "insufficient",  # no direct study found
    "t14": "mixed",  # improves, but over weeks rather than days
    "t15": "supported",  # "supported but incomplete" (red flags missing)
    "m1": "supported",  # "supported as a definition"
    "m2": "insufficient",  # no direct study found
    "m3": "contradicted",  # lactic acid is not the cause of cramps
    "m4": "mixed",  # "partly supported"
    "m5": "mixed",  # "mixed / plausible"
    "m6": "contradicted",  # cramps favour two-joint limb muscles
    "m7": "unsupported",  # no study either way; judged unlikely
    "m8": "mixed",  # "partly supported"
    "m9": "unsupported",  # terminology wrong, inflammation untested
    "m10": "contradicted",  # LBP peaks at 40-80, not 20
    "m11": "mixed",  # "partly supported"
    "e_neuromuscular_control": "mixed",  # leading hypothesis, multifactorial, not back-specific
    "e_lactate_not_cause": "supported",  # reviews and physiology agree
}
RANKS = {"supported": 4, "mixed": 3, "insufficient": 2, "unsupported": 1, "contradicted": 0}


@pytest.mark.parametrize(("claim", "verdict"), sorted(VERDICTS.items()))
def test_hand_checked_verdict(kg: sg.KnowledgeGraph, claim: str, verdict: str) -> None:
    found = assessments_for(kg, f"sg:claim_{claim}")
    assert [(a.claim, a.verdict, a.rank) for a in found] == [
        (f"sg:claim_{claim}", verdict, RANKS[verdict])
    ]
    assert found[0].iri == str(sg_iri(f"assessment_{claim}"))
    assert found[0].rationale and found[0].citations


def test_verdict_counts(kg: sg.KnowledgeGraph) -> None:
    counts = verdict_counts(kg)
    expected = {v: sum(1 for x in VERDICTS.values() if x == v) for v in RANKS}
    assert counts == expected
    assert list(counts) == ["supported", "mixed", "insufficient", "unsupported", "contradicted"]
    assert sum(counts.values()) == len(VERDICTS) == 28


def test_verdict_counts_on_evidence_layer_alone(evidence_only: sg.KnowledgeGraph) -> None:
    assert sum(verdict_counts(evidence_only).values()) == 28


def test_every_claim_has_an_assessment(kg: sg.KnowledgeGraph) -> None:
    rows = kg.sparql(
        """
        SELECT ?claim WHERE {
          ?claim a sg:Claim .
          FILTER NOT EXISTS { ?a a sg:EvidenceAssessment ; sg:assesses ?claim }
        } ORDER BY STR(?claim)
        """
    )
    assert [str(r["claim"]) for r in rows] == [], "claims without an assessment"
    claims = kg.sparql("SELECT ?c WHERE { ?c a sg:Claim }")
    assert len(claims) == 28


def test_every_assessed_claim_exists(kg: sg.KnowledgeGraph) -> None:
    rows = kg.sparql("SELECT ?c WHERE { ?a sg:assesses ?c . FILTER NOT EXISTS { ?c a sg:Claim } }")
    assert [str(r["c"]) for r in rows] == []


def test_every_assessment_is_complete(kg: sg.KnowledgeGraph) -> None:
    rows = kg.sparql(
        """
        SELECT ?a (COUNT(DISTINCT ?v) AS ?verdicts) (COUNT(DISTINCT ?r) AS ?rationales)
               (COUNT(DISTINCT ?c) AS ?citations) (COUNT(DISTINCT ?claim) AS ?claims)
        WHERE {
          ?a a sg:EvidenceAssessment ; sg:assesses ?anyClaim .
          OPTIONAL { ?a sg:hasVerdict ?v . ?v a sg:Verdict }
          OPTIONAL { ?a sg:rationale ?r FILTER(LANG(?r) = "en") }
          OPTIONAL { ?a sg:cites ?c . ?c a sg:Citation }
          OPTIONAL { ?a sg:assesses ?claim }
        }
        GROUP BY ?a ORDER BY STR(?a)
        """
    )
    assert len(rows) == 28
    bad = [
        str(r["a"])
        for r in rows
        if (r["verdicts"], r["claims"]) != (1, 1) or r["rationales"] != 1 or r["citations"] < 1
    ]
    assert bad == []
    for rationale in kg.graph.objects(None, SG.rationale):
        assert isinstance(rationale, Literal) and rationale.language in ("en", "es")
        assert 40 < len(rationale) < 600 and "\n" not in rationale


# --- citations --------------------------------------------------------------------------------

DOI_IRI = re.compile(r"^https://doi\.org/10\.\d{4,9}/\S+$")
PUBMED_IRI = re.compile(r"^https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/$")
SG_CITATION = re.compile(r"^https://w3id\.org/spasmgraph/citation_[a-z0-9_]+$")


def _citation_iris(kg: sg.KnowledgeGraph) -> list[URIRef]:
    return sorted(c for c in kg.graph.subjects(RDF.type, SG.Citation) if isinstance(c, URIRef))


def test_citation_iris_are_well_formed(kg: sg.KnowledgeGraph) -> None:
    iris = _citation_iris(kg)
    assert len(iris) == 54
    for iri in iris:
        parts = urlsplit(str(iri))
        assert parts.scheme == "https" and parts.netloc, iri
        assert not any(ch in str(iri) for ch in ' <>"{}|\\^`'), iri
        assert DOI_IRI.match(iri) or PUBMED_IRI.match(iri) or SG_CITATION.match(iri), iri
        doi = kg.graph.value(iri, BIBO.doi)
        pmid = kg.graph.value(iri, BIBO.pmid)
        if DOI_IRI.match(iri):
            assert str(iri) == f"https://doi.org/{doi}"
        elif PUBMED_IRI.match(iri):
            assert doi is None and str(iri) == f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
        else:
            assert doi is None and pmid is None, f"{iri} should be named by its identifier"
        for uri in kg.graph.objects(iri, BIBO.uri):
            assert urlsplit(str(uri)).scheme == "https", uri


def test_citations_are_described(kg: sg.KnowledgeGraph) -> None:
    index = kg.index
    for iri in _citation_iris(kg):
        assert iri in index.labels and index.definitions.get(iri), iri
        assert (iri, RDF.type, OWL.NamedIndividual) in kg.graph
        for year in kg.graph.objects(iri, DCTERMS.issued):
            assert isinstance(year, Literal) and str(year.datatype).endswith("#gYear"), iri
        assert kg.graph.value(iri, DCTERMS.bibliographicCitation) is not None, iri


# (citation IRI, title or None, authors in order, year or None, venue or None)
CITATIONS = [
    (
        "https://doi.org/10.1016/S0140-6736(14)60805-9",
        "Efficacy of paracetamol for acute low-back pain: a double-blind, randomised controlled "
        "trial",
        ("Williams CM", "Maher CG", "Latimer J", "McLachlan AJ", "Hancock MJ", "Day RO", "Lin CWC"),
        2014,
        "Lancet",
    ),
    (
        "https://doi.org/10.7326/M16-2367",
        "Noninvasive treatments for acute, subacute, and chronic low back pain: a clinical "
        "practice guideline from the American College of Physicians",
        ("Qaseem A", "Wilt TJ", "McLean RM", "Forciea MA"),
        2017,
        "Ann Intern Med",
    ),
    (
        "https://doi.org/10.1152/ajpregu.00114.2004",
        "Biochemistry of exercise-induced metabolic acidosis",
        ("Robergs RA", "Ghiasvand F", "Parker D"),
        2004,
        "Am J Physiol Regul Integr Comp Physiol",
    ),
    (
        "https://doi.org/10.1136/bjsm.2008.050401",
        "Cause of exercise associated muscle cramps (EAMC): altered neuromuscular control, "
        "dehydration or electrolyte depletion?",
        ("Schwellnus MP",),
        2009,
        "Br J Sports Med",
    ),
    (
        "https://doi.org/10.1002/art.34347",
        "A systematic review of the global prevalence of low back pain",
        ("Hoy D", "Bain C", "Williams G", "March L", "Brooks P", "Blyth F", "Woolf A", "Vos T",
         "Buchbinder R"),
        2012,
        "Arthritis Rheum",
    ),
    (
        "https://pubmed.ncbi.nlm.nih.gov/37014979/",
        "Pharmacological treatments for low back pain in adults: an overview of Cochrane Reviews",
        ("Cashin AG",),
        2023,
        None,
    ),
    (
        "https://doi.org/10.17085/apm.24140",
        "Diagnosis and management of infections related to spinal pain interventions",
        None,
        2024,
        "Anesth Pain Med",
    ),
    (
        "https://doi.org/10.1016/j.jaad.2011.11.932",
        "Chemical burn from topical apple cider vinegar",
        (),
        2012,
        "J Am Acad Dermatol",
    ),
    (
        "https://doi.org/10.1186/s12891-019-2949-6",
        "Red flags for the early detection of spinal infection in back pain patients",
        ("Yusuf M", "Finucane L", "Selfe J"),
        2019,
        "BMC Musculoskelet Disord",
    ),
    (
        "https://doi.org/10.1002/14651858.CD004750.pub2",
        "Superficial heat or cold for low back pain",
        ("French SD", "Cameron M", "Walker BF", "Reggars JW", "Esterman AJ"),
        2006,
        "Cochrane Database Syst Rev",
    ),
    (str(sg_iri("citation_nice_ng59")), "Low back pain and sciatica in over 16s", None, 2016, None),
    (str(sg_iri("citation_statpearls_hypokalemia")), "Hypokalemia", (), None, "StatPearls"),
    (str(sg_iri("citation_nccih_lavender")), "Lavender", None, 2020, None),
    (
        "https://pubmed.ncbi.nlm.nih.gov/16558167/",
        "Nerve injury in athletes caused by cryotherapy",
        ("Malone TR", "Engelhardt DL", "Kirkpatrick JS", "Bassett FH 3rd"),
        1992,
        "J Athl Train",
    ),
    (
        "https://doi.org/10.1136/bjsm.34.5.382",
        "Frozen chips: an unusual cause of severe frostbite injury",
        ("Graham CA", "Stevenson J"),
        2000,
        "Br J Sports Med",
    ),
    (
        "https://doi.org/10.1111/jgs.18372",
        "American Geriatrics Society 2023 updated AGS Beers Criteria® for potentially "
        "inappropriate medication use in older adults",
        None,
        2023,
        "J Am Geriatr Soc",
    ),
    (
        "https://doi.org/10.7326/0003-4819-147-7-200710020-00006",
        "Diagnosis and treatment of low back pain: a joint clinical practice guideline from the "
        "American College of Physicians and the American Pain Society",
        ("Chou R", "Qaseem A", "Snow V", "Casey D", "Cross JT Jr", "Shekelle P", "Owens DK"),
        2007,
        "Ann Intern Med",
    ),
]


def _all_citations(kg: sg.KnowledgeGraph) -> dict[str, Citation]:
    """Every citation reachable through the public API, by IRI."""
    shorten = kg.index.curies.shorten
    found: dict[str, Citation] = {}
    for claim in kg.index.instances(SG.Claim):
        for a in assessments_for(kg, shorten(str(claim))):
            found.update((c.iri, c) for c in a.citations)
    for flag in red_flags(kg):
        found.update((c.iri, c) for c in flag.citations)
    for target in set(kg.graph.objects(None, SG.cautionFor)):
        for caution in cautions(kg, shorten(str(target))):
            found.update((c.iri, c) for c in caution.citations)
    return found


def test_every_citation_is_used(kg: sg.KnowledgeGraph) -> None:
    # Reachable through the public API, or cited by a relation assessment or named as the
    # guideline of a recommendation (read from the RDF while the API for those is rebuilt).
    used = set(_all_citations(kg))
    for ra in kg.graph.subjects(RDF.type, sg_iri("RelationAssessment")):
        used.update(str(c) for c in kg.graph.objects(ra, SG.cites))
    used.update(str(c) for c in kg.graph.objects(None, sg_iri("fromGuideline")))
    assert sorted(used) == sorted(str(c) for c in _citation_iris(kg))


@pytest.mark.parametrize(("iri", "title", "authors", "year", "venue"), CITATIONS)
def test_citation_details(
    kg: sg.KnowledgeGraph,
    iri: str,
    title: str | None,
    authors: tuple[str, ...] | None,
    year: int | None,
    venue: str | None,
) -> None:
    citation = _all_citations(kg)[iri]
    assert citation.title == title
    if authors is not None:
        # dcterms:creator is a set in RDF, so author order is not part of the data
        assert sorted(citation.authors) == sorted(authors)
    assert citation.year == year
    if venue is not None:
        assert citation.venue == venue


@pytest.mark.parametrize(
    ("iri", "absent"),
    [
        # [memory] items of the reference that must stay out of the graph
        ("https://doi.org/10.1136/bjsm.2008.050401", BIBO.volume),  # Schwellnus vol/pages
        ("https://doi.org/10.1136/bjsm.2008.050401", BIBO.pages),
        ("https://doi.org/10.1016/j.jaad.2011.11.932", DCTERMS.creator),  # ACV authors
        ("https://doi.org/10.1016/j.jaad.2011.11.932", BIBO.pages),
        ("https://doi.org/10.1186/s12891-019-2949-6", BIBO.volume),  # not confirmed
    ],
)
def test_memory_details_stay_out(kg: sg.KnowledgeGraph, iri: str, absent: URIRef) -> None:
    assert kg.graph.value(URIRef(iri), absent) is None


@pytest.mark.parametrize(
    "word", ["tizanidine", "morning stiffness", "aneurysm", "2-3 g", "age >50"]
)
def test_memory_facts_stay_out(word: str) -> None:
    assert word not in bundled_text("evidence.ttl").decode("utf-8").casefold()


def test_header_states_layer_and_disclaimer() -> None:
    head = bundled_text("evidence.ttl").decode("utf-8")[:3000]
    assert "WHAT THE EVIDENCE SAYS" in head and "article.ttl" in head
    assert "not medical advice" in head and "acute non-specific low back pain" in head


# --- assessments_for ----------------------------------------------------------------------------


def _ra(name: str) -> str:
    return str(sg_iri(f"ra_{name}"))


def test_assessments_for_entity(kg: sg.KnowledgeGraph) -> None:
    # An entity's assessments are the relation assessments of the relations it takes part in;
    # each carries its own verdict (never the verdict of the claim it came from).
    found = {a.iri: a.verdict for a in assessments_for(kg, "warm compress")}
    assert found == {
        _ra("warm_compress__treats__back_muscle_spasm"): "supported",
        _ra("warm_compress__relieves__pain"): "supported",
        _ra("warm_compress__actsOn__increased_muscle_tension"): "insufficient",
        _ra("warm_compress__actsOn__reduced_muscle_blood_flow"): "insufficient",
        _ra("warm_compress__actsOn__muscle_inflammation"): "insufficient",
        _ra("subsides_within_few_days__expectedAfter__warm_compress"): "mixed",
    }
    lactic = {a.iri: a.verdict for a in assessments_for(kg, kg.entity("lactic acid build-up"))}
    assert lactic[_ra("lactic_acid_accumulation__resultsIn__spasm_during_effort")] == "contradicted"
    assert assessments_for(kg, "sg:older_adults") == ()


@pytest.mark.parametrize(
    "relation",
    [
        ("rest", "sg:treats", "back muscle spasm"),
        ("sg:rest", "treats", "sg:back_muscle_spasm"),
        ("physical rest", "https://w3id.org/spasmgraph/treats", "back spasm"),
        ("back muscle spasm", "is treated by", "rest"),
        ("back muscle spasm", "sg:isTreatedBy", "rest"),
    ],
)
def test_assessments_for_relation(kg: sg.KnowledgeGraph, relation: tuple[str, str, str]) -> None:
    found = assessments_for(kg, relation)
    assert [(a.iri, a.verdict) for a in found] == [
        (_ra("rest__treats__back_muscle_spasm"), "contradicted")
    ]
    assert isinstance(found[0], Assessment)


def test_assessments_for_evidence_layer_relation(kg: sg.KnowledgeGraph) -> None:
    # 'alternative to' is structural (it relates two explanations): no verdict of its own ...
    assert (
        assessments_for(
            kg, ("altered neuromuscular control", "alternative to", "lactic acid accumulation")
        )
        == ()
    )
    # ... while the evidence layer's causal links are graded like any other.
    found = assessments_for(
        kg, ("altered neuromuscular control", "results in", "back muscle spasm")
    )
    assert [a.verdict for a in found] == ["mixed"]


def test_assessments_for_path_and_step(kg: sg.KnowledgeGraph) -> None:
    paths = {p.nodes: p for p in kg.paths("intense exercise", "Treatment", max_hops=3)}
    path = paths[("sg:intense_exercise", "sg:back_muscle_spasm", "sg:rest")]
    assert [(a.iri, a.verdict) for a in assessments_for(kg, path)] == [
        (_ra("intense_exercise__causes__back_muscle_spasm"), "mixed"),
        (_ra("rest__treats__back_muscle_spasm"), "contradicted"),
    ]
    assert [a.iri for a in assessments_for(kg, path.steps[1])] == [
        _ra("rest__treats__back_muscle_spasm")
    ]
    assert path.verdicts == ("mixed", "contradicted")


@pytest.mark.parametrize(
    ("ref", "what"),
    [
        (("rest", "acts on", "back muscle spasm"), "relation"),
        (("rest", "sg:cures", "back muscle spasm"), "property"),
        (("rest", "treats", "sg:no_such_thing"), "entity"),
        ("restt", "entity"),
    ],
)
def test_assessments_for_unknown(kg: sg.KnowledgeGraph, ref: object, what: str) -> None:
    with pytest.raises(sg.UnknownEntityError) as info:
        assessments_for(kg, ref)  # type: ignore[arg-type]
    assert info.value.what == what
    assert isinstance(info.value, sg.SpasmGraphError) and isinstance(info.value, KeyError)


def test_unknown_relation_suggests_stored_ones(kg: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.UnknownEntityError, match="unknown relation") as info:
        assessments_for(kg, ("rest", "acts on", "back muscle spasm"))
    assert info.value.suggestions == ("sg:rest sg:treats sg:back_muscle_spasm",)


@pytest.mark.parametrize("ref", [("rest", "treats"), 42, ("rest", 7, "back muscle spasm")])
def test_assessments_for_bad_type(kg: sg.KnowledgeGraph, ref: object) -> None:
    with pytest.raises(TypeError):
        assessments_for(kg, ref)  # type: ignore[arg-type]


def test_dataclasses_are_frozen_and_slotted(kg: sg.KnowledgeGraph) -> None:
    a = assessments_for(kg, "sg:claim_t1")[0]
    objects: list[Assessment | Citation | RedFlag | Caution] = [
        a,
        a.citations[0],
        red_flags(kg)[0],
        cautions(kg, "ibuprofen")[0],
    ]
    for obj in objects:
        assert dataclasses.is_dataclass(obj) and hasattr(type(obj), "__slots__")
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.iri = "x"  # type: ignore[misc]


# --- red flags ---------------------------------------------------------------------------------


RED_FLAGS = {
    # condition suggested: {red flag label: urgency}, hand-checked against the frameworks
    "cauda equina syndrome": {
        "new bladder or bowel dysfunction": "emergency",
        "saddle numbness": "emergency",
        "weakness or numbness in both legs, or a worsening neurological deficit": "emergency",
        "new sexual dysfunction": "emergency",
    },
    "metastatic spinal cord compression": {
        "cancer with new nerve symptoms or walking difficulty": "emergency",
    },
    "spinal malignancy": {
        "history of cancer": "urgent",
        "unexplained weight loss with back pain": "urgent",
        "pain at night or at rest": "urgent",
        "new back pain under 20 or over 50": "urgent",
    },
    "spinal infection": {
        "fever or recent infection with back pain": "same day",
        "feeling systemically unwell with back pain": "same day",
        "intravenous drug use": "urgent",
        "weakened immune system": "urgent",
        "back pain after recent spinal surgery or injection": "urgent",
    },
    "spinal haematoma": {"new back pain while taking blood thinners": "same day"},
    "vertebral fracture": {
        "significant trauma": "urgent",
        "long-term corticosteroid use": "urgent",
        "osteoporosis with minor trauma": "urgent",
    },
    "axial spondyloarthritis": {"possible inflammatory back pain": "assess"},
}


@pytest.mark.parametrize(("condition", "flags"), sorted(RED_FLAGS.items()))
def test_red_flag_categories(kg: sg.KnowledgeGraph, condition: str, flags: dict[str, str]) -> None:
    found = [f for f in red_flags(kg) if condition in f.suggests]
    assert {f.label: f.urgency for f in found} == flags
    assert all(isinstance(f, RedFlag) and f.citations and f.definition for f in found)
    assert "sg:Condition" in kg.entity(condition).types


def test_red_flags_most_urgent_first(kg: sg.KnowledgeGraph) -> None:
    flags = red_flags(kg)
    keys = [(-f.urgency_rank, f.label.casefold()) for f in flags]
    assert keys == sorted(keys) and len(flags) == 20
    assert [f.urgency_rank for f in flags[:5]] == [3, 3, 3, 3, 3]


# --- cautions ----------------------------------------------------------------------------------


def _by_label(found: tuple[Caution, ...]) -> dict[str, Caution]:
    return {c.label: c for c in found}


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("NSAIDs: stomach and gut bleeding", "warning"),
        ("NSAIDs: kidney disease", "contraindication"),
        ("NSAIDs: heart attack and stroke", "warning"),
        ("NSAIDs: pregnancy from 20 weeks", "population caution"),
    ],
)
def test_nsaid_cautions(kg: sg.KnowledgeGraph, label: str, kind: str) -> None:
    for ref in ("NSAID", "ibuprofen"):
        caution = _by_label(cautions(kg, ref))[label]
        assert caution.kind == kind and caution.applies_to == "NSAID" and caution.citations


def test_nsaid_pregnancy_week(kg: sg.KnowledgeGraph) -> None:
    caution = _by_label(cautions(kg, "ibuprofen"))["NSAIDs: pregnancy from 20 weeks"]
    assert caution.from_gestational_week == 20
    assert caution.population == "pregnant people"


def test_ibuprofen_includes_class_cautions(kg: sg.KnowledgeGraph) -> None:
    own = {c.iri for c in cautions(kg, "ibuprofen")}
    assert {c.iri for c in cautions(kg, "NSAID")} < own
    extra = [c for c in cautions(kg, "ibuprofen") if c.applies_to == "ibuprofen"]
    assert [(c.kind, c.max_daily_dose_mg) for c in extra] == [("dose limit", 1200)]


def test_acetaminophen_cautions(kg: sg.KnowledgeGraph) -> None:
    found = cautions(kg, "paracetamol")
    assert [c.max_daily_dose_mg for c in found if c.kind == "dose limit"] == [4000]
    assert [c.max_drinks_per_day for c in found if c.max_drinks_per_day] == [3]
    assert any(c.kind == "warning" and "liver" in c.label for c in found)


def test_muscle_relaxant_beers(kg: sg.KnowledgeGraph) -> None:
    found = cautions(kg, "muscle relaxants")
    beers = [c for c in found if c.population == "older adults"]
    assert len(beers) == 1 and beers[0].kind == "population caution"
    assert any("AGS Beers Criteria" in (c.title or "") for c in beers[0].citations)
    assert any(c.kind == "warning" and "sedation" in c.label for c in found)


@pytest.mark.parametrize(
    ("remedy", "word"),
    [
        ("ice", "frostbite"),
        ("apple cider vinegar", "burn"),
        ("lavender oil", "skin"),
        ("rosemary", "skin"),
    ],
)
def test_home_remedy_safety(kg: sg.KnowledgeGraph, remedy: str, word: str) -> None:
    found = cautions(kg, remedy)
    assert any(c.kind == "warning" and word in c.label and c.citations for c in found)


def test_cautions_sorted_and_unknown(kg: sg.KnowledgeGraph) -> None:
    found = cautions(kg, "ibuprofen")
    keys = [(c.kind, c.label.casefold()) for c in found]
    assert keys == sorted(keys)
    assert cautions(kg, "lower back") == ()
    with pytest.raises(sg.UnknownEntityError):
        cautions(kg, "ibuprofin")


# --- layers -------------------------------------------------------------------------------------


def test_article_layer_has_no_evidence(article_only: sg.KnowledgeGraph) -> None:
    g = article_only.graph
    for cls in (SG.EvidenceAssessment, SG.Citation, SG.RedFlag, SG.Caution):
        assert not list(g.subjects(RDF.type, cls)), cls
    for prop in (SG.assesses, SG.hasVerdict, SG.cites, SG.cautionFor, SG.suggests):
        assert not list(g.subject_objects(prop)), prop
    assert verdict_counts(article_only)["unassessed"] == 26


def test_evidence_layer_only_refers_to_article(evidence_only: sg.KnowledgeGraph) -> None:
    g = evidence_only.graph
    claims = sorted(str(c) for c in g.subjects(RDF.type, SG.Claim))
    assert claims == [
        str(sg_iri("claim_e_lactate_not_cause")),
        str(sg_iri("claim_e_neuromuscular_control")),
    ]
    # the article's claims and entities are referenced, never typed or labelled here
    referenced = set(g.objects(None, SG.assesses)) | set(g.objects(None, SG.cautionFor))
    article = {r for r in referenced if not str(r).startswith(str(sg_iri("claim_e_")))}
    assert len(article) > 26
    for iri in article:
        assert (iri, RDF.type, None) not in g and (iri, RDFS.label, None) not in g, iri


def _is_sg(node: object) -> TypeGuard[URIRef]:
    return isinstance(node, URIRef) and str(node).startswith(str(SG))


def test_evidence_relations_carry_provenance(evidence_only: sg.KnowledgeGraph) -> None:
    g, index = evidence_only.graph, evidence_only.index
    records = (SG.EvidenceAssessment, SG.RedFlag, SG.Caution, sg_iri("Recommendation"))
    relations = [
        (s, p, o)
        for p in index.object_properties
        if _is_sg(p) and p != SG.hasUrgency
        for s, o in g.subject_objects(p)
        if _is_sg(s) and _is_sg(o) and not any(index.is_instance(s, c) for c in records)
    ]
    assert {p for _, p, _ in relations} == {
        SG.alternativeTo,
        SG.resultsIn,
        SG.triggers,
        sg_iri("hasRedFlag"),
        sg_iri("indicatesRedFlag"),
    }
    for triple in relations:
        (annotation,) = index.axioms[triple]
        (source,) = annotation[DCTERMS.source]
        assert (source, RDF.type, SG.Citation) in g
        assert annotation[SG.locator] and annotation[SG.assertionMode]
        if triple[1] in (sg_iri("hasRedFlag"), sg_iri("indicatesRedFlag")):
            continue  # safety links rest on their citation, not on a claim
        (claim,) = annotation[SG.expressesClaim]
        assert isinstance(claim, URIRef) and (claim, RDF.type, SG.Claim) in g
        assert index.claim_verdicts[claim]


def test_evidence_individuals_are_described(
    evidence_only: sg.KnowledgeGraph,
) -> None:
    schema = sg.load(layers=["schema"])
    subjects = _evidence_subjects(evidence_only, schema)
    assert len(subjects) > 100
    for iri in subjects:
        assert (iri, RDF.type, OWL.NamedIndividual) in evidence_only.graph, iri
        labels = [o for o in evidence_only.graph.objects(iri, RDFS.label) if isinstance(o, Literal)]
        definitions = [
            o for o in evidence_only.graph.objects(iri, SKOS.definition) if isinstance(o, Literal)
        ]
        assert any(x.language == "en" for x in labels), iri
        assert any(x.language == "en" for x in definitions), iri


def test_mechanism_hypothesis(kg: sg.KnowledgeGraph) -> None:
    mechanism = kg.entity("altered neuromuscular control")
    assert "sg:Mechanism" in mechanism.types
    rows = kg.sparql("SELECT ?old WHERE { ?new sg:alternativeTo ?old }", new=URIRef(mechanism.iri))
    assert [r["old"] for r in rows] == [sg_iri("lactic_acid_accumulation")]


# --- named queries and paths -------------------------------------------------------------------


def test_query_contradicted_claims(kg: sg.KnowledgeGraph) -> None:
    rows = kg.query("contradicted-claims")
    claims = [kg.index.curies.shorten(str(r["claim"])) for r in rows]
    assert claims == ["sg:claim_m10", "sg:claim_m3", "sg:claim_m6", "sg:claim_t1", "sg:claim_t7"]
    assert all(r["rationale"] and r["citations"] for r in rows)
    t1 = next(r for r in rows if str(r["claim"]).endswith("claim_t1"))
    assert "https://doi.org/10.1016/S0140-6736(14)60805-9" in t1["citations"].split()


def test_query_article_vs_evidence(kg: sg.KnowledgeGraph) -> None:
    rows = kg.query("article-vs-evidence")
    assert len(rows) == 28 and all(r["verdict"] is not None for r in rows)
    got = {kg.index.curies.shorten(str(r["claim"])): (r["verdict"], r["rank"]) for r in rows}
    assert got == {f"sg:claim_{c}": (v, RANKS[v]) for c, v in VERDICTS.items()}


def test_query_cautions_for_treatment(kg: sg.KnowledgeGraph) -> None:
    rows = kg.query("cautions-for-treatment", treatment="ibuprofen")
    assert {r["appliesTo"] for r in rows} == {"ibuprofen", "NSAID"}
    assert [r["cautionLabel"] for r in rows] == [c.label for c in cautions(kg, "ibuprofen")]
    week = [r["fromGestationalWeek"] for r in rows if r["fromGestationalWeek"] is not None]
    assert week == [20]
    rows = kg.query("cautions-for-treatment", treatment="paracetamol")
    assert [r["maxDailyDoseMg"] for r in rows if r["maxDailyDoseMg"] is not None] == [4000]


def test_query_red_flags_by_urgency(kg: sg.KnowledgeGraph) -> None:
    rows = kg.query("red-flags-by-urgency")
    assert len(rows) == 20
    assert [r["rank"] for r in rows] == sorted((r["rank"] for r in rows), reverse=True)
    assert {r["suggestsLabel"] for r in rows[:5]} == {
        "cauda equina syndrome",
        "metastatic spinal cord compression",
    }
    assert {r["urgency"] for r in rows[:5]} == {"emergency"}
    assert {r["careActionLabel"] for r in rows[:5]} == {"emergency care now"}
    assert all(r["careAction"] is not None and r["citations"] for r in rows)
    assert [r["redFlagLabel"] for r in rows] == [f.label for f in red_flags(kg)]


def test_query_remedies_for_cause_by_evidence(kg: sg.KnowledgeGraph) -> None:
    rows = kg.query("remedies-for-cause-by-evidence", cause="intense exercise")
    assert [(r["treatmentLabel"], r["mechanismLabel"], r["verdict"]) for r in rows] == [
        # the verdict of each remedy's own 'acts on' link, not of the claim it came from
        ("stretching", "muscle fibre shortening", "mixed"),
        ("apple cider vinegar compress", "increased muscle tension", "insufficient"),
        ("lavender oil massage", "increased muscle tension", "insufficient"),
        ("muscle relaxant", "increased muscle tension", "insufficient"),
        ("warm compress", "increased muscle tension", "insufficient"),
    ]


def test_paths_min_evidence_drops_contradicted_steps(kg: sg.KnowledgeGraph) -> None:
    every = kg.paths("intense exercise", "Treatment", max_hops=4)
    kept = kg.paths("intense exercise", "Treatment", max_hops=4, min_evidence="mixed")
    assert kept and not kept.truncated and not every.truncated
    contradicted = [p for p in every if "contradicted" in p.verdicts]
    assert contradicted, "expected paths through a contradicted step (e.g. rest, claim T7)"
    rest = ("sg:intense_exercise", "sg:back_muscle_spasm", "sg:rest")
    assert rest in {p.nodes for p in contradicted}
    kept_nodes = {p.nodes for p in kept}
    assert not kept_nodes & {p.nodes for p in contradicted}
    for path in kept:
        assert all(v in ("mixed", "supported") for v in path.verdicts), path
    expected = {p.nodes for p in every if all(v in ("mixed", "supported") for v in p.verdicts)}
    assert kept_nodes == expected
