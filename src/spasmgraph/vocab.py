"""Namespaces and vocabulary terms.

:class:`SG` is a closed :class:`rdflib.namespace.DefinedNamespace`: every schema term of
spasmgraph is a typed attribute, and a misspelt term raises :class:`AttributeError` instead of
silently minting a new IRI.

>>> from spasmgraph.vocab import SG
>>> SG.HomeRemedy
rdflib.term.URIRef('https://w3id.org/spasmgraph/HomeRemedy')
>>> SG.HomeRemedie
Traceback (most recent call last):
...
AttributeError: term 'HomeRemedie' not in namespace 'https://w3id.org/spasmgraph/'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "BIBO",
    "DCTERMS",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SG",
    "SG_NAMESPACE",
    "SKOS",
    "VANN",
    "XSD",
    "sg",
]

SG_NAMESPACE = "https://w3id.org/spasmgraph/"
BIBO = Namespace("http://purl.org/ontology/bibo/")
VANN = Namespace("http://purl.org/vocab/vann/")


class SG(DefinedNamespace):
    """The spasmgraph schema: classes, properties and controlled-vocabulary individuals."""

    _NS = Namespace(SG_NAMESPACE)
    _fail = True
    # Knowledge-base individuals (sg:ibuprofen, ...) are data, not schema; reach them with
    # ``SG_ENTITY["ibuprofen"]`` or, better, ``KnowledgeGraph.entity("ibuprofen")``.

    # classes
    AssertionMode: URIRef
    BodyRegion: URIRef
    CareAction: URIRef
    Cause: URIRef
    Caution: URIRef
    CautionKind: URIRef
    Citation: URIRef
    Claim: URIRef
    Condition: URIRef
    DietOrLifestyle: URIRef
    EvidenceAssessment: URIRef
    HomeRemedy: URIRef
    Mechanism: URIRef
    Medication: URIRef
    PopulationGroup: URIRef
    Posture: URIRef
    ProfessionalTherapy: URIRef
    Prognosis: URIRef
    Recommendation: URIRef
    RecommendationDirection: URIRef
    RedFlag: URIRef
    Regimen: URIRef
    RelationAssessment: URIRef
    RelationKind: URIRef
    RiskFactor: URIRef
    Source: URIRef
    SpasmType: URIRef
    Symptom: URIRef
    Treatment: URIRef
    UrgencyLevel: URIRef
    Verdict: URIRef
    # object properties
    actsOn: URIRef
    affectsRegion: URIRef
    alternativeTo: URIRef
    angleAtJoint: URIRef
    assesses: URIRef
    basedOnRecommendation: URIRef
    causes: URIRef
    cautionFor: URIRef
    cites: URIRef
    commonIn: URIRef
    concernsPopulation: URIRef
    concernsTreatment: URIRef
    escalatesTo: URIRef
    exampleOf: URIRef
    expectedAfter: URIRef
    fromGuideline: URIRef
    givesRiseTo: URIRef
    hasCautionKind: URIRef
    hasPrognosis: URIRef
    hasRedFlag: URIRef
    hasRegimen: URIRef
    hasSymptom: URIRef
    hasUrgency: URIRef
    hasVerdict: URIRef
    inDrugClass: URIRef
    increasesRiskOf: URIRef
    indicatesRedFlag: URIRef
    involvesMechanism: URIRef
    isCounteractedBy: URIRef
    isRelievedBy: URIRef
    isTreatedBy: URIRef
    leadsTo: URIRef
    mostAffectedRegion: URIRef
    population: URIRef
    position: URIRef
    producesSymptom: URIRef
    progressesTo: URIRef
    recommendationDirection: URIRef
    relieves: URIRef
    resultsIn: URIRef
    subtypeOf: URIRef
    suggests: URIRef
    treats: URIRef
    triggers: URIRef
    warrantsCareAction: URIRef
    # data properties
    amount: URIRef
    amountUnit: URIRef
    angleDegrees: URIRef
    approximateAgeYears: URIRef
    certaintyOfEvidence: URIRef
    drinksPerDayThreshold: URIRef
    durationDays: URIRef
    durationMinutes: URIRef
    followedByDefault: URIRef
    fromGestationalWeek: URIRef
    indirectEvidence: URIRef
    isMinimum: URIRef
    maxDailyDoseMg: URIRef
    paraphrase: URIRef
    rank: URIRef
    rationale: URIRef
    recommendationStrength: URIRef
    startsAtOnset: URIRef
    timesPerDay: URIRef
    untilResolved: URIRef
    # annotation properties
    assertionMode: URIRef
    assessedObject: URIRef
    assessedProperty: URIRef
    assessedSubject: URIRef
    disclaimer: URIRef
    expressesClaim: URIRef
    hedged: URIRef
    locator: URIRef
    relationKind: URIRef
    venue: URIRef
    # individuals
    Assess: URIRef
    CareRelation: URIRef
    CausalRelation: URIRef
    CautionScheme: URIRef
    Contradicted: URIRef
    Contraindication: URIRef
    DoNotOfferAlone: URIRef
    DoseLimit: URIRef
    Emergency: URIRef
    InferredByModeller: URIRef
    Insufficient: URIRef
    Interaction: URIRef
    Mixed: URIRef
    NoneFound: URIRef
    NotAssessed: URIRef
    PopulationCaution: URIRef
    PrognosticRelation: URIRef
    RecommendAgainst: URIRef
    RecommendFor: URIRef
    RecommendationDirectionScheme: URIRef
    RelationKindScheme: URIRef
    SafetyRelation: URIRef
    SameDay: URIRef
    StatedInSource: URIRef
    StructuralRelation: URIRef
    Supported: URIRef
    TherapeuticRelation: URIRef
    Unsupported: URIRef
    UrgencyScheme: URIRef
    Urgent: URIRef
    VerdictScheme: URIRef
    Warning: URIRef


PREFIXES: dict[str, str] = {
    "sg": SG_NAMESPACE,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "bibo": str(BIBO),
    "vann": str(VANN),
    # Mapping targets: Bioregistry's preferred prefixes, with its RDF URI format where there
    # is one, otherwise its default URI format (checked in tests/test_mappings.py).
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "chebi": "http://purl.obolibrary.org/obo/CHEBI_",
    "hp": "http://purl.obolibrary.org/obo/HP_",
    "maxo": "http://purl.obolibrary.org/obo/MAXO_",
    "icd10cm": "https://www.icd10data.com/search?s=",
    "rxnorm": "https://mor.nlm.nih.gov/RxNav/search?searchBy=RXCUI&searchTerm=",
    "snomedct": "http://snomed.info/id/",
    "umls": "https://uts.nlm.nih.gov/uts/umls/concept/",
    # SSSOM mapping metadata
    "sssom": "https://w3id.org/sssom/",
    "semapv": "https://w3id.org/semapv/vocab/",
}
"""Prefixes predeclared in every SPARQL query and used to shorten IRIs to CURIEs.

The one prefix map of spasmgraph: SPARQL, CURIEs, validation messages and the SSSOM
mappings all read it.
"""


def sg(local_name: str) -> URIRef:
    """Return the IRI of any term in the spasmgraph namespace, schema or data.

    >>> sg("ibuprofen")
    rdflib.term.URIRef('https://w3id.org/spasmgraph/ibuprofen')
    """
    return URIRef(SG_NAMESPACE + local_name)
