"""The evidence API (spasmgraph.evidence) on the hand-checked toy_assessed.ttl.

Every expected value is read off tests/data/toy_assessed.ttl (see its header). The bundled
evidence layer and its grading are tested in tests/test_evidence.py.
"""

from __future__ import annotations

import functools
from pathlib import Path as FsPath

import pytest
from rdflib import URIRef

import spasmgraph as sg
from spasmgraph.evidence import (
    Assessment,
    CareAction,
    EvidenceRefError,
    assessments_for,
    care_actions,
    cautions,
    claim_assessments,
    red_flags,
    relation_assessments,
    verdict_counts,
)
from spasmgraph.vocab import SG

DATA = FsPath(__file__).parent / "data"
TOY = "https://example.org/toy/"


@pytest.fixture(scope="module")
def assessed() -> sg.KnowledgeGraph:
    return sg.load(DATA / "toy_assessed.ttl", layers=["schema"])


def _brief(found: tuple[Assessment, ...]) -> list[tuple[str | None, str | None]]:
    return [(a.relation_label, a.verdict) for a in found]


# --- a relation's own assessment ------------------------------------------------------------


def test_a_relation_has_its_own_assessment(assessed: sg.KnowledgeGraph) -> None:
    (a,) = assessments_for(assessed.index, ("heat", "acts on", "tension"), graph=assessed.graph)
    assert a.iri == TOY + "ra2"
    assert a.relation == ("toy:heat", "sg:actsOn", "toy:tension")
    assert (a.verdict, a.rank, a.claim) == ("supported", 4, None)
    assert a.rationale == "Made up: supported."
    assert str(a) == "heat —acts on→ tension: supported. Made up: supported."
    (c,) = a.citations
    assert (c.label, c.title, c.authors, c.year, c.venue) == (
        "Doe 2020",
        "A made-up trial",
        ("Doe J",),
        2020,
        "Journal of Toys",
    )


def test_from_an_index_alone_literals_are_empty(assessed: sg.KnowledgeGraph) -> None:
    (a,) = assessments_for(assessed.index, ("heat", "acts on", "tension"))
    assert (a.verdict, a.rationale) == ("supported", "")
    assert [(c.label, c.title, c.year) for c in a.citations] == [("Doe 2020", None, None)]


def test_not_inherited_from_the_claim(assessed: sg.KnowledgeGraph) -> None:
    # stretch -acts on-> lactate expresses claim c2 (contradicted); its own verdict differs.
    (a,) = assessed.evidence(("stretch", "sg:actsOn", "lactate"))
    assert a.verdict == "insufficient"
    assert [x.verdict for x in claim_assessments(assessed, "toy:c2")] == ["contradicted"]


def test_inverse_and_step_and_path(assessed: sg.KnowledgeGraph) -> None:
    assert _brief(assessed.evidence(("tension", "is counteracted by", "heat"))) == [
        ("heat —acts on→ tension", "supported")
    ]
    path = assessed.paths("exercise", "Treatment")[2]  # exercise > oxygen > lactate < stretch
    assert _brief(assessed.evidence(path)) == [
        ("exercise —triggers→ low oxygen", "mixed"),
        ("low oxygen —leads to→ lactate", "mixed"),
        ("stretch —acts on→ lactate", "insufficient"),
    ]
    assert assessed.evidence(path.steps[2]) == assessed.evidence(path)[2:]
    # Unassessed and structural relations have none; NotAssessed is an assessment.
    rest = assessed.paths("exercise", "rest")[0]
    assert [a.verdict for a in assessed.evidence(rest)] == ["supported", "not assessed"]
    assert assessed.evidence(("heat", "has regimen", "heat regimen")) == ()


def test_an_entity_gives_the_assessments_of_its_relations(assessed: sg.KnowledgeGraph) -> None:
    assert _brief(assessed.evidence("stretch")) == [
        ("stretch —acts on→ lactate", "insufficient"),
        ("stretch —acts on→ tension", "contradicted"),
    ]
    # outgoing first, then incoming, each by (property, other end): actsOn heat, actsOn
    # stretch, triggers cold (unassessed), triggers exercise
    assert [a.iri for a in assessed.evidence("tension")] == [
        TOY + "ra2",
        TOY + "ra5",
        TOY + "ra1",
    ]
    assert assessed.evidence("cold") == ()


def test_claims_keep_their_own_assessments(assessed: sg.KnowledgeGraph) -> None:
    (a,) = claim_assessments(assessed, "claim 1")
    assert (a.claim, a.claim_label, a.verdict, a.relation) == (
        "toy:c1",
        "claim 1",
        "supported",
        None,
    )
    assert assessed.evidence("toy:c1") == (a,)
    assert assessed.evidence("toy:a1") == (a,)  # an assessment stands for its claim


def test_relation_assessments_takes_iris(assessed: sg.KnowledgeGraph) -> None:
    triple = (URIRef(TOY + "rest"), SG.treats, URIRef(TOY + "spasm"))
    (a,) = relation_assessments(assessed, triple)
    assert (a.verdict, a.rank) == ("not assessed", None)


@pytest.mark.parametrize(
    ("ref", "what"),
    [
        (("heat", "acts on", "spasm"), "relation"),
        (("heat", "sg:cures", "tension"), "property"),
        (("heat", "acts on", "toy:nothing"), "entity"),
        ("heet", "entity"),
    ],
)
def test_unknown_references(assessed: sg.KnowledgeGraph, ref: object, what: str) -> None:
    with pytest.raises(sg.UnknownEntityError) as info:
        assessed.evidence(ref)  # type: ignore[arg-type]
    assert info.value.what == what


def test_unknown_relation_suggests_stored_ones(assessed: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.UnknownEntityError) as info:
        assessed.evidence(("stretch", "relieves", "tension"))
    assert info.value.suggestions == ("toy:stretch sg:actsOn toy:tension",)


@pytest.mark.parametrize("ref", [("heat", "acts on"), 42, ("heat", 7, "tension"), (1, "p", 2)])
def test_bad_types_are_spasmgraph_errors_and_type_errors(
    assessed: sg.KnowledgeGraph, ref: object
) -> None:
    with pytest.raises(EvidenceRefError) as info:
        assessed.evidence(ref)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError) and isinstance(info.value, sg.SpasmGraphError)


def test_bad_source_is_an_evidence_ref_error() -> None:
    with pytest.raises(EvidenceRefError, match="not str"):
        red_flags("kg")  # type: ignore[arg-type]


def test_verdict_counts(assessed: sg.KnowledgeGraph) -> None:
    assert verdict_counts(assessed) == {
        "supported": 1,
        "mixed": 1,
        "insufficient": 0,
        "unsupported": 0,
        "contradicted": 1,
    }
    relations = verdict_counts(assessed, of="relations")
    assert {k: v for k, v in relations.items() if k != "unassessed"} == {
        "supported": 2,
        "mixed": 2,
        "insufficient": 1,
        "unsupported": 0,
        "contradicted": 1,
        "not assessed": 1,
    }
    # Unassessed health-claim relations: cold>tension, tension>spasm, lactate>pain,
    # pill>pain, spasm>settles, settles>heat, spasm>numbness, numbness>spasm (suggests),
    # numbness>er, numbness>gp, and the two cautionFor links.
    assert relations["unassessed"] == 12
    with pytest.raises(EvidenceRefError):
        verdict_counts(assessed, of="paths")


# --- red flags and care actions -----------------------------------------------------------


def test_red_flags_carry_care_actions_by_urgency(assessed: sg.KnowledgeGraph) -> None:
    numbness, fever = assessed.red_flags()
    assert (numbness.label, numbness.urgency, numbness.urgency_rank) == ("numbness", "emergency", 3)
    assert numbness.care_actions == (
        CareAction(TOY + "er", "emergency care", "emergency", 3),
        CareAction(TOY + "gp", "see a GP", "urgent", 1),
    )
    assert numbness.suggests == ("spasm",) and numbness.definition.startswith("Numbness")
    assert [c.label for c in numbness.citations] == ["Doe 2020"]
    assert str(numbness) == (
        "[emergency] numbness (suggests spasm): emergency care (emergency); see a GP (urgent)"
    )
    assert (fever.urgency, fever.care_actions, str(fever)) == ("urgent", (), "[urgent] fever")
    assert red_flags(assessed.index, graph=assessed.graph) == assessed.red_flags()
    assert care_actions(assessed, "numbness") == numbness.care_actions
    assert care_actions(assessed, "spasm") == ()


def test_cautions_include_the_drug_class(assessed: sg.KnowledgeGraph) -> None:
    dose, alcohol = assessed.cautions("pill")  # by kind, then label
    assert (dose.kind, dose.applies_to, dose.max_daily_dose_mg) == (
        "dose limit",
        "painkiller",
        3000,
    )
    assert (alcohol.kind, alcohol.applies_to) == ("interaction", "pill")
    assert alcohol.drinks_per_day_threshold == 3 == alcohol.max_drinks_per_day
    assert [c.label for c in dose.citations] == ["Doe 2020"]
    assert cautions(assessed, "painkiller") == (dose,)
    assert cautions(assessed, "heat") == ()


# --- guidelines next to the article, and triage (issue #11 §2 and §3) ------------------------


@functools.cache
def _bundled() -> sg.KnowledgeGraph:
    return sg.load()


@pytest.mark.parametrize(
    ("treatment", "concerns", "direction", "claim_verdict"),
    [
        ("paracetamol", "acetaminophen", "do not offer alone", "contradicted"),
        ("ibuprofen", "NSAID", "recommend for", "mixed"),
        ("warm compress", "warm compress", "recommend for", "mixed"),
    ],
)
def test_recommendations_sit_next_to_the_article(
    treatment: str, concerns: str, direction: str, claim_verdict: str
) -> None:
    found = _bundled().recommendations(treatment)
    assert (concerns, direction) in {(r.concerns, r.direction) for r in found.recommendations}
    assert all(r.guideline.label for r in found.recommendations)
    assert claim_verdict in {a.verdict for a in found.article}
    assert found.treatment in str(found)


@pytest.mark.parametrize(
    ("feature", "urgency", "care"),
    [
        ("saddle anaesthesia", "emergency", "emergency care now"),
        ("urinary retention", "emergency", "emergency care now"),
        ("fever", "same day", "same-day medical assessment"),
    ],
)
def test_triage_gives_red_flags_with_what_to_do(feature: str, urgency: str, care: str) -> None:
    flags = _bundled().triage(feature)
    assert flags and flags[0].urgency == urgency
    assert care in {c.label for c in flags[0].care_actions}
    assert all(f.citations for f in flags)


def test_triage_of_something_that_is_no_feature_is_empty() -> None:
    assert _bundled().triage("ibuprofen") == ()
