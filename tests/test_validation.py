"""Tests for spasmgraph.validation: quality rules, SHACL shapes and OWL reasoning.

Fixtures live in ``tests/data/validate``. ``base.ttl`` is a small graph that passes every
check; each other case is ``base.ttl`` plus ``<case>.ttl`` (triples added) minus
``<case>.remove.ttl`` (triples taken out), and breaks exactly one rule.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Namespace, URIRef

from spasmgraph.validation import (
    Issue,
    ValidationReport,
    load_shapes,
    owlapi_classpath,
    quality_report,
    reasoning_report,
    shacl_report,
    validate,
)

DATA = Path(__file__).parent / "data" / "validate"
LAYERS = ("schema", "article", "evidence", "mappings")
AXIOM = "axiom(sg:heat sg:relieves sg:stiffness)"
SH = Namespace("http://www.w3.org/ns/shacl#")


def load_case(case: str | None = None) -> Graph:
    """Return base.ttl with a case's additions and removals applied."""
    graph = Graph().parse(DATA / "base.ttl", format="turtle")
    if case is None:
        return graph
    added, removed = DATA / f"{case}.ttl", DATA / f"{case}.remove.ttl"
    assert added.exists() or removed.exists(), f"no fixture for {case}"
    if added.exists():
        graph.parse(added, format="turtle")
    if removed.exists():
        for triple in Graph().parse(removed, format="turtle"):
            assert triple in graph, f"{removed.name}: {triple} is not in base.ttl"
            graph.remove(triple)
    return graph


def found(report: ValidationReport) -> set[tuple[str, str, str]]:
    """The (level, rule, subject) of every error and warning."""
    return {(i.level, i.rule, i.subject) for i in report.issues if i.level != "info"}


@pytest.fixture(scope="module")
def bundled() -> Graph:
    """Every layer of the bundled ontology that exists, parsed once for the module."""
    root = importlib.resources.files("spasmgraph.ontology")
    graph = Graph()
    for layer in LAYERS:
        resource = root.joinpath(f"{layer}.ttl")
        if resource.is_file():
            graph.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
    return graph


@pytest.fixture
def without_owlapi(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reasoning_report's default skip the (slow) OWL API check."""
    monkeypatch.setattr("spasmgraph.validation.owlapi.owlapi_classpath", lambda: None)


def report_text(report: ValidationReport) -> str:
    return "\n" + str(report)


# ---------------------------------------------------------------------------
# The base fixture is clean
# ---------------------------------------------------------------------------


def test_base_fixture_passes_quality() -> None:
    report = quality_report(load_case())
    assert report.issues == (), report_text(report)


def test_base_fixture_passes_shacl() -> None:
    report = shacl_report(load_case())
    assert report.issues == (), report_text(report)


def test_base_fixture_passes_reasoning() -> None:
    report = reasoning_report(load_case())
    # Without Java and the OWL API, an info says that its check did not run.
    expected = () if "owlapi" in report.checks else ("owlapi_not_run",)
    assert tuple(i.rule for i in report.issues) == expected, report_text(report)


# ---------------------------------------------------------------------------
# One broken rule per fixture
# ---------------------------------------------------------------------------

E, W = "error", "warning"

QUALITY_CASES: list[tuple[str, set[tuple[str, str, str]]]] = [
    ("missing_label", {(E, "missing_label", "sg:neck_stiffness")}),
    ("english_label_missing", {(E, "missing_label", "sg:neck_stiffness")}),
    ("missing_definition", {(E, "missing_definition", "sg:neck_stiffness")}),
    (
        "duplicate_label",
        {(E, "duplicate_label", "sg:muscle_spasm"), (E, "duplicate_label", "sg:spasm_of_muscle")},
    ),
    (
        "duplicate_synonym",
        {(E, "duplicate_label", "sg:back_pain"), (E, "duplicate_label", "sg:lumbago")},
    ),
    ("multiple_labels", {(E, "multiple_labels", "sg:back_pain")}),
    ("dangling_reference", {(E, "dangling_reference", "sg:warm_bath")}),
    ("undeclared_property", {(E, "undeclared_property", "sg:colour")}),
    ("undeclared_external_property", {(E, "undeclared_property", "dcterms:subject")}),
    ("undeclared_class", {(E, "undeclared_class", "sg:Gadget")}),
    ("unused_term", {(W, "unused_term", "sg:Gadget")}),
    ("missing_license", {(E, "missing_license", "sg:ontology")}),
    ("missing_disclaimer", {(E, "missing_disclaimer", "sg:ontology")}),
    # SHACL-only breaks leave the quality report clean
    ("missing_provenance", set()),
    ("treatment_without_target", set()),
    ("regimen_out_of_range", set()),
]

SHACL_CASES: list[tuple[str, set[tuple[str, str, str]]]] = [
    ("missing_label", {(E, "term_label", "sg:neck_stiffness")}),
    ("english_label_missing", {(E, "term_label", "sg:neck_stiffness")}),
    ("missing_definition", {(E, "term_definition", "sg:neck_stiffness")}),
    ("treatment_without_target", {(E, "treatment_acts_on", "sg:magnet_therapy")}),
    ("missing_provenance", {(E, "relation_provenance", "sg:heat")}),
    ("provenance_without_locator", {(E, "relation_locator", AXIOM)}),
    ("provenance_bad_mode", {(E, "relation_assertion_mode", AXIOM)}),
    ("provenance_bad_source", {(E, "relation_source", AXIOM)}),
    ("provenance_bad_claim", {(E, "relation_claim", AXIOM)}),
    ("axiom_unasserted", {(E, "axiom_triple_asserted", AXIOM)}),
    ("regimen_out_of_range", {(E, "regimen_duration_minutes", "sg:regimen_heat_long")}),
    ("regimen_untyped", {(E, "regimen_duration_minutes", "sg:regimen_heat_text")}),
    ("regimen_without_values", {(E, "regimen_has_value", "sg:regimen_heat_empty")}),
    ("regimen_orphan", {(W, "regimen_attached", "sg:regimen_orphan")}),
    ("claim_without_source", {(E, "claim_source", "sg:claim_heat")}),
    ("assessment_without_verdict", {(E, "assessment_verdict", "sg:assessment_heat")}),
    ("assessment_two_verdicts", {(E, "assessment_verdict", "sg:assessment_heat")}),
    ("assessment_verdict_off_scheme", {(E, "assessment_verdict", "sg:assessment_heat")}),
    ("assessment_without_rationale", {(E, "assessment_rationale", "sg:assessment_heat")}),
    ("assessment_without_citation", {(E, "assessment_cites", "sg:assessment_heat")}),
    (
        "citation_without_identifier",
        {
            (E, "citation_identifier", "<https://doi.org/10.1002/14651858.CD004750.pub2>"),
            ("warning", "citation_resolvable", "<https://doi.org/10.1002/14651858.CD004750.pub2>"),
        },
    ),
    (
        "citation_without_title",
        {(E, "citation_title", "<https://doi.org/10.1002/14651858.CD004750.pub2>")},
    ),
    ("red_flag_without_urgency", {(E, "red_flag_urgency", "sg:red_flag_numbness")}),
    ("red_flag_without_citation", {(E, "red_flag_cites", "sg:red_flag_numbness")}),
    (
        "caution_without_treatment",
        {(E, "caution_for", "sg:caution_burns"), (E, "treatment_cautions", "sg:heat")},
    ),
    ("caution_without_kind", {(E, "caution_kind", "sg:caution_burns")}),
    ("caution_without_citation", {(E, "caution_cites", "sg:caution_burns")}),
    ("relation_unassessed", {(E, "relation_assessed", "sg:heat")}),
    ("structural_relation_assessed", {(E, "structural_relation_unassessed", "sg:ra_heat_regimen")}),
    ("red_flag_without_care_action", {(E, "red_flag_care_action", "sg:red_flag_numbness")}),
    ("treatment_without_caution", {(E, "treatment_cautions", "sg:heat")}),
    ("text_without_language", {(E, "text_language", "sg:heat")}),
    (
        "property_without_kind",
        {
            (E, "property_relation_kind", "sg:suggests"),
            (E, "structural_relation_unassessed", "sg:ra_numbness_suggests_ces"),
        },
    ),
    # quality-only breaks leave SHACL clean
    ("duplicate_label", set()),
    ("dangling_reference", set()),
    ("undeclared_property", set()),
    ("missing_license", set()),
]

# Reasoning cases are checked without the OWL API, so that the expected set is exact
# on every machine; test_owlapi_* below cover the OWL API where it is installed.
REASONING_CASES: list[tuple[str, set[tuple[str, str, str]]]] = [
    ("disjoint_violation", {(E, "owl_rl_inconsistency", "sg:heat")}),
    ("nothing_instance", {(E, "owl_rl_inconsistency", "sg:heat")}),
    ("assessment_two_verdicts", {(W, "inferred_same_as", "sg:Mixed")}),
    ("ill_typed_literal", {(E, "ill_typed_literal", "sg:regimen_heat")}),
    ("illegal_punning", {(E, "dl_illegal_punning", "sg:severity")}),
    ("data_property_iri", {(E, "dl_data_property_non_literal", "sg:claim_heat")}),
    ("object_property_literal", {(E, "dl_object_property_literal", "sg:heat")}),
    ("undeclared_in_dl", {(E, "dl_undeclared_entity", "sg:warmth")}),
    ("inverse_of_data_property", {(E, "dl_wrong_entity_kind", "sg:rank")}),
    ("reserved_vocabulary", {(E, "dl_reserved_vocabulary", "rdfs:member")}),
    (
        "axiom_with_data_property",
        {(E, "dl_axiom_annotation_property", "axiom(sg:heat sg:relieves sg:back_pain)")},
    ),
    ("missing_label", set()),
    ("missing_provenance", set()),
]


@pytest.mark.parametrize(("case", "expected"), QUALITY_CASES, ids=[c for c, _ in QUALITY_CASES])
def test_quality_rule_fires(case: str, expected: set[tuple[str, str, str]]) -> None:
    report = quality_report(load_case(case))
    assert found(report) == expected, report_text(report)


@pytest.mark.parametrize(("case", "expected"), SHACL_CASES, ids=[c for c, _ in SHACL_CASES])
def test_shacl_rule_fires(case: str, expected: set[tuple[str, str, str]]) -> None:
    report = shacl_report(load_case(case))
    assert found(report) == expected, report_text(report)


@pytest.mark.parametrize(("case", "expected"), REASONING_CASES, ids=[c for c, _ in REASONING_CASES])
def test_reasoning_rule_fires(case: str, expected: set[tuple[str, str, str]]) -> None:
    report = reasoning_report(load_case(case), owlapi=False)
    assert found(report) == expected, report_text(report)


def test_every_fixture_is_used() -> None:
    cases = {c for c, _ in QUALITY_CASES + SHACL_CASES + REASONING_CASES}
    on_disk = {p.name.split(".")[0] for p in DATA.glob("*.ttl")} - {"base"}
    assert on_disk <= cases, sorted(on_disk - cases)


# ---------------------------------------------------------------------------
# Regimen ranges, boundaries included
# ---------------------------------------------------------------------------

REGIMEN_VALUES: list[tuple[str, str, str | None]] = [
    # property, Turtle value, rule expected (None: valid)
    ("durationMinutes", "1", None),
    ("durationMinutes", "1440", None),
    ("durationMinutes", "0", "regimen_duration_minutes"),
    ("durationMinutes", "1441", "regimen_duration_minutes"),
    ("durationMinutes", "15.5", "regimen_duration_minutes"),
    ("durationMinutes", '"15"', "regimen_duration_minutes"),
    ("timesPerDay", "1", None),
    ("timesPerDay", "24", None),
    ("timesPerDay", "0", "regimen_times_per_day"),
    ("timesPerDay", "25", "regimen_times_per_day"),
    ("durationDays", "1", None),
    ("durationDays", "365", None),
    ("durationDays", "0", "regimen_duration_days"),
    ("durationDays", "366", "regimen_duration_days"),
    ("angleDegrees", "0", None),
    ("angleDegrees", "180", None),
    ("angleDegrees", "-1", "regimen_angle_degrees"),
    ("angleDegrees", "181", "regimen_angle_degrees"),
    ("startsAtOnset", "true", None),
    ("startsAtOnset", "false", None),
    ("startsAtOnset", '"yes"', "regimen_starts_at_onset"),
    ("startsAtOnset", "1", "regimen_starts_at_onset"),
    ("untilResolved", '"true"', "regimen_until_resolved"),
]

REGIMEN_TEMPLATE = """
@prefix sg: <https://w3id.org/spasmgraph/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
sg:regimen_test a owl:NamedIndividual , sg:Regimen ;
    rdfs:label "test regimen"@en ;
    skos:definition "A regimen under test."@en ;
    sg:{prop} {value} .
sg:heat sg:hasRegimen sg:regimen_test .
"""


@pytest.mark.parametrize(("prop", "value", "rule"), REGIMEN_VALUES)
def test_regimen_ranges(prop: str, value: str, rule: str | None) -> None:
    graph = load_case()
    graph.parse(data=REGIMEN_TEMPLATE.format(prop=prop, value=value), format="turtle")
    expected = set() if rule is None else {(E, rule, "sg:regimen_test")}
    report = shacl_report(graph)
    assert found(report) == expected, report_text(report)


# ---------------------------------------------------------------------------
# Report objects
# ---------------------------------------------------------------------------


def test_report_properties_text_and_dict() -> None:
    report = quality_report(load_case("missing_label")) + quality_report(load_case("unused_term"))
    assert not report.conforms
    assert [i.rule for i in report.errors] == ["missing_label"]
    assert [i.rule for i in report.warnings] == ["unused_term"]
    text = str(report)
    assert text.splitlines()[0] == "1 error, 1 warning, 0 infos"
    assert "missing_label  sg:neck_stiffness: " in text
    data = report.to_dict()
    assert data["conforms"] is False
    assert data["counts"] == {"errors": 1, "warnings": 1, "infos": 0}
    assert data["issues"][0] == {
        "level": "error",
        "rule": "missing_label",
        "subject": "sg:neck_stiffness",
        "message": "sg: term has no English rdfs:label",
    }
    json.dumps(data)
    assert report.rules() == {"missing_label": 1, "unused_term": 1}


def test_warnings_do_not_break_conformance() -> None:
    report = ValidationReport((Issue("warning", "unused_term", "sg:Foo", "never used"),))
    assert report.conforms
    assert ValidationReport().conforms
    assert str(ValidationReport()) == "0 errors, 0 warnings, 0 infos"


def test_issues_are_sorted_and_deduplicated() -> None:
    a = Issue("warning", "b", "sg:x", "m")
    b = Issue("error", "z", "sg:y", "m")
    combined = ValidationReport((a,)) + ValidationReport((b, a))
    assert combined.issues == (b, a)


@pytest.mark.usefixtures("without_owlapi")
def test_validate_combines_checks() -> None:
    graph = load_case("missing_label")
    assert {i.rule for i in validate(graph, shacl=False).issues} == {"missing_label"}
    assert {i.rule for i in validate(graph).issues} == {"missing_label", "term_label"}
    graph = load_case("disjoint_violation")
    assert validate(graph).conforms
    assert "owl_rl_inconsistency" in validate(graph, reasoning=True).rules()


@pytest.mark.usefixtures("without_owlapi")
def test_checks_do_not_modify_the_graph() -> None:
    graph = load_case("assessment_two_verdicts")
    before = set(graph)
    validate(graph, reasoning=True)
    assert set(graph) == before


def test_no_network_access(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("validation tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    graph = load_case("missing_provenance")
    graph.parse(
        data="<https://w3id.org/spasmgraph/ontology> "
        "<http://www.w3.org/2002/07/owl#imports> <https://example.org/remote.ttl> .",
        format="turtle",
    )
    shacl_report(graph)
    reasoning_report(graph, owlapi=False)


def test_optional_dependencies_are_imported_lazily() -> None:
    code = (
        "import sys, spasmgraph.validation; "
        "print(sorted(m for m in ('pyshacl', 'owlrl', 'owlready2') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------------------
# The shapes themselves
# ---------------------------------------------------------------------------


def test_shapes_are_valid_shacl() -> None:
    import pyshacl

    conforms, _graph, text = pyshacl.validate(
        Graph(), shacl_graph=load_shapes(), meta_shacl=True, inference="none"
    )
    assert conforms, text


def test_shape_rules_are_named() -> None:
    """Rule identifiers come from IRIs, so every constraint and targeted shape has one."""
    shapes = load_shapes()
    anonymous = [c for c in shapes.objects(None, SH.sparql) if not isinstance(c, URIRef)]
    for target in (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf):
        anonymous += [s for s in shapes.subjects(target, None) if not isinstance(s, URIRef)]
    assert anonymous == []


# ---------------------------------------------------------------------------
# OWL API and HermiT (only where installed)
# ---------------------------------------------------------------------------

# CI installs Java and libowlapi-java (see dev.sh), so there these checks must run, not skip.
IN_CI = bool(os.environ.get("CI"))

needs_owlapi = pytest.mark.skipif(
    owlapi_classpath() is None and not IN_CI,
    reason="Java or the OWL API (libowlapi-java) is not installed",
)


@needs_owlapi
@pytest.mark.parametrize(
    ("case", "rule", "subject"),
    [
        ("inverse_of_data_property", "owlapi_illegal_punning", "sg:rank"),
        ("undeclared_in_dl", "owlapi_use_of_undeclared_annotation_property", "sg:warmth"),
        ("reserved_vocabulary", "owlapi_unparsed_triple", "sg:heat"),
    ],
)
def test_owlapi_profile_violation(case: str, rule: str, subject: str) -> None:
    report = reasoning_report(load_case(case), owlapi=True)
    assert (E, rule, subject) in found(report), report_text(report)


def test_owlapi_required_but_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="OWL API"):
        reasoning_report(load_case(), owlapi=True)


def _hermit_available() -> bool:
    return importlib.util.find_spec("owlready2") is not None and shutil.which("java") is not None


needs_hermit = pytest.mark.skipif(
    not _hermit_available() and not IN_CI, reason="owlready2 or Java is not installed"
)


@needs_hermit
def test_hermit_consistent_and_inconsistent() -> None:
    assert reasoning_report(load_case(), owlapi=False, hermit=True).issues == ()
    report = reasoning_report(load_case("disjoint_violation"), owlapi=False, hermit=True)
    assert (E, "hermit_inconsistent", "(graph)") in found(report), report_text(report)


# ---------------------------------------------------------------------------
# The bundled ontology
# ---------------------------------------------------------------------------


def test_bundled_layers_are_present() -> None:
    root = importlib.resources.files("spasmgraph.ontology")
    missing = [layer for layer in LAYERS if not root.joinpath(f"{layer}.ttl").is_file()]
    assert missing == []


def test_bundled_ontology_quality(bundled: Graph) -> None:
    report = quality_report(bundled)
    assert report.errors == (), report_text(report)


def test_bundled_ontology_shacl(bundled: Graph) -> None:
    report = shacl_report(bundled)
    assert report.conforms, report_text(report)


def test_bundled_ontology_reasoning(bundled: Graph) -> None:
    """No OWL RL inconsistency, and the OWL 2 DL checks (Python, and the OWL API where
    installed) pass."""
    report = reasoning_report(bundled)
    assert report.errors == (), report_text(report)


@pytest.mark.slow
@needs_hermit
def test_bundled_ontology_hermit(bundled: Graph) -> None:
    report = reasoning_report(bundled, owlapi=False, hermit=True)
    assert report.errors == (), report_text(report)


# ---------------------------------------------------------------------------
# Missing extras, failing tools and bad input: typed errors or report issues
# ---------------------------------------------------------------------------


@pytest.fixture
def without_validate_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate an install without pyshacl and owlrl."""
    for name in ("pyshacl", "owlrl"):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.usefixtures("without_validate_extra", "without_owlapi")
def test_validate_skips_checks_whose_extra_is_missing() -> None:
    report = validate(load_case("missing_label"), reasoning=True)
    assert report.rules() == {
        "missing_label": 1,
        "owl_rl_not_run": 1,
        "shacl_not_run": 1,
        "owlapi_not_run": 1,
    }
    assert [i.level for i in report.issues] == ["error", "warning", "warning", "info"]
    assert all('pip install "spasmgraph[validate]"' in i.message for i in report.warnings)
    assert report.checks == ("quality", "owl_dl")


@pytest.mark.usefixtures("without_validate_extra")
def test_checks_without_their_extra_raise_missing_dependency() -> None:
    from spasmgraph.errors import MissingDependencyError

    with pytest.raises(MissingDependencyError, match=r"spasmgraph\[validate\]") as info:
        shacl_report(load_case())
    assert isinstance(info.value, ImportError)
    with pytest.raises(MissingDependencyError, match="owlrl"):
        reasoning_report(load_case(), owlapi=False)


def test_report_names_the_checks_that_ran(without_owlapi: None) -> None:
    assert quality_report(load_case()).checks == ("quality",)
    report = validate(load_case(), reasoning=True)
    assert report.checks == ("quality", "shacl", "owl_rl", "owl_dl")
    assert report.rules() == {"owlapi_not_run": 1}
    assert report.infos[0].level == "info"


def test_validate_accepts_anything_holding_a_graph() -> None:
    from spasmgraph.errors import OntologyLoadError

    class Holder:
        graph = load_case("missing_label")

    assert "missing_label" in validate(Holder(), shacl=False).rules()
    with pytest.raises(OntologyLoadError, match="int"):
        validate(42, shacl=False)  # type: ignore[arg-type]


def test_failing_java_is_a_typed_error_or_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    from spasmgraph.errors import ExternalToolError
    from spasmgraph.validation import owlapi

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError(8, "Exec format error")

    monkeypatch.setattr(owlapi, "owlapi_classpath", lambda: "owlapi.jar")
    monkeypatch.setattr(owlapi.shutil, "which", lambda name: "/usr/bin/java")
    monkeypatch.setattr(owlapi.subprocess, "run", broken)
    with pytest.raises(ExternalToolError, match="Exec format error"):
        reasoning_report(load_case(), owlapi=True)
    report = reasoning_report(load_case())
    assert [(i.level, i.rule) for i in report.issues] == [("warning", "owlapi_not_run")]
    assert "owlapi" not in report.checks


def test_java_checker_is_package_data() -> None:
    source = importlib.resources.files("spasmgraph.validation") / "SpasmgraphDLProfile.java"
    assert "new OWL2DLProfile()" in source.read_text(encoding="utf-8")
