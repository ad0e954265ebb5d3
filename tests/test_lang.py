"""Spanish alongside English (issue 17): the language rule, accent-blind search, the
Spanish layer's coverage and checks, and ``lang=`` through the API, queries and CLI."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

import spasmgraph as sg
from spasmgraph.index import language_rank, normalise, pick
from spasmgraph.index.labels import pick_all

ROOT = Path(__file__).resolve().parent.parent
SG = "https://w3id.org/spasmgraph/"


@pytest.fixture(scope="module")
def es() -> sg.KnowledgeGraph:
    return sg.load(lang="es")


@pytest.fixture(scope="module")
def en() -> sg.KnowledgeGraph:
    return sg.load()


def _coverage():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("es_coverage", ROOT / "scripts/es_coverage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["es_coverage"] = module
    spec.loader.exec_module(module)
    return module


# -- the one rule -------------------------------------------------------------------------


def test_fallback_order() -> None:
    tags = ["de", "", "en-GB", "en", "es-MX", "es"]
    assert sorted(tags, key=lambda t: language_rank(t, "es")) == [
        "es",
        "es-MX",
        "en",
        "en-GB",
        "",
        "de",
    ]
    texts = [("Spasmus", "de"), ("spasm", "en"), ("plain", "")]
    assert pick(texts, "es") == "spasm"  # no Spanish: English
    assert pick([("plain", ""), ("Spasmus", "de")], "es") == "plain"  # then untagged
    assert pick([("Spasmus", "de")], "es") == "Spasmus"  # then anything
    assert pick([("espasmo", "es-ES"), ("spasm", "en")], "es") == "espasmo"  # regional
    assert pick_all([("a", "es"), ("b", "en")], "fr") == ("b",)
    assert pick_all([("a", "es")], "en") == ()  # never a foreign synonym


def test_a_text_missing_in_spanish_falls_back_to_english(es: sg.KnowledgeGraph) -> None:
    g = Graph()
    g += es.graph
    g.add((URIRef(SG + "only_english"), RDFS.label, Literal("only English", lang="en")))
    kg = sg.KnowledgeGraph(g, lang="es")
    assert kg.entity("only english").label == "only English"
    assert kg.entity("ibuprofen").label == "ibuprofeno"


# -- search ignores case and accents, in both languages ---------------------------------


@pytest.mark.parametrize(
    ("text", "curie"),
    [
        ("contractura", "sg:contracture"),
        ("Contractúra", "sg:contracture"),
        ("espasmo muscular", "sg:back_muscle_spasm"),
        ("ibuprofeno", "sg:ibuprofen"),
        ("vinagre de manzana", "sg:apple_cider_vinegar_compress"),
        ("VINAGRE DE MANZANA", "sg:apple_cider_vinegar_compress"),
        ("acetaminofen", "sg:acetaminophen"),
        ("contracture", "sg:contracture"),
    ],
)
def test_spanish_and_english_names_resolve(en: sg.KnowledgeGraph, text: str, curie: str) -> None:
    assert en.entity(text).curie == curie
    assert en.search(text)[0][0].curie == curie


def test_normalise_strips_accents() -> None:
    assert normalise("Espasmo  MÚSCULAR") == normalise("espasmo muscular") == "espasmo muscular"


# -- the Spanish layer ----------------------------------------------------------------------


def test_every_english_text_has_a_spanish_one() -> None:
    missing = _coverage().missing()
    shown = "\n".join(f"{s} {p} {t[:60]}" for s, p, t in missing[:20])
    assert not missing, f"{len(missing)} English texts have no Spanish one:\n{shown}"


def test_es_layer_is_bundled_and_optional() -> None:
    assert "es" in sg.loading.LAYERS
    without = sg.load(layers=["schema", "article", "evidence", "mappings"], lang="es")
    assert without.entity("ibuprofen").label == "ibuprofen"  # nothing Spanish: English


def test_one_label_per_language(en: sg.KnowledgeGraph) -> None:
    rows = en.sparql(
        """SELECT ?s ?lang (COUNT(?l) AS ?n) WHERE { ?s rdfs:label ?l BIND (LANG(?l) AS ?lang) }
           GROUP BY ?s ?lang HAVING (COUNT(?l) > 1)"""
    )
    assert [tuple(r) for r in rows] == []


def test_shacl_checks_the_two_languages(en: sg.KnowledgeGraph) -> None:
    pytest.importorskip("pyshacl")
    from spasmgraph.validation.shacl import shacl_report

    g = Graph()
    g += en.graph
    g.add((URIRef(SG + "ibuprofen"), RDFS.label, Literal("otro nombre", lang="es")))
    g.add((URIRef(SG + "untagged"), RDFS.label, Literal("no tag")))
    rules = shacl_report(g).rules()
    assert {"label_per_language", "label_es", "label_en", "text_language_tag"} <= set(rules)


# -- lang= through the API --------------------------------------------------------------------


def test_entity_in_spanish(es: sg.KnowledgeGraph, en: sg.KnowledgeGraph) -> None:
    e = es.entity("acetaminophen")
    assert (e.label, "acetaminofén" in e.synonyms) == ("paracetamol", True)
    assert e.definition is not None and "fiebre" in e.definition
    assert en.entity("acetaminophen").label == "acetaminophen"
    assert en.entity("acetaminophen", lang="es").label == "paracetamol"
    assert "acetaminofén" not in en.entity("acetaminophen").synonyms
    assert es.entity("ibuprofeno", lang="en").label == "ibuprofen"


def test_paths_in_spanish(es: sg.KnowledgeGraph, en: sg.KnowledgeGraph) -> None:
    path = es.paths("ejercicio intenso", "Treatment", via=["Mechanism"])[0]
    assert path.labels[0] == "ejercicio intenso"
    assert "→" in str(path)
    english = en.paths("intense exercise", "Treatment", via=["Mechanism"])
    spanish = en.paths("intense exercise", "Treatment", via=["Mechanism"], lang="es")
    assert [p.nodes for p in english] == [p.nodes for p in spanish]  # same paths
    assert english[0].labels[0] == "intense exercise"
    assert spanish[0].labels[0] == "ejercicio intenso"
    assert spanish[0].steps[0].predicate_label == "desencadena"


def test_evidence_red_flags_and_cautions_in_spanish(es: sg.KnowledgeGraph) -> None:
    t1 = es.evidence("sg:claim_t1")[0]
    assert t1.verdict == "contradicted"  # verdict names stay the scale's English names
    assert t1.rationale.startswith("En el dolor lumbar agudo")
    assert t1.claim_label is not None and t1.claim_label.startswith("afirmación T1")
    flags = es.red_flags()
    assert flags[0].urgency == "emergencia"
    assert any("cola de caballo" in s for f in flags for s in [str(f)])
    assert any(c.label.startswith("AINE") for c in es.cautions("ibuprofeno"))


def test_english_stays_the_default(en: sg.KnowledgeGraph) -> None:
    assert en.lang == "en"
    assert en.evidence("sg:claim_t1")[0].rationale.startswith("In acute low back pain")
    assert en.red_flags()[0].urgency == "emergency"


def test_spanish_diagram(en: sg.KnowledgeGraph) -> None:
    dot = en.diagram(focus="ibuprofeno", lang="es").to_dot()
    assert "ibuprofeno" in dot and "AINE" in dot
    assert "ibuprofeno" not in en.diagram(focus="ibuprofen").to_dot()


def test_bad_lang_is_refused(en: sg.KnowledgeGraph) -> None:
    with pytest.raises(sg.SpasmGraphError):
        en.entity("ibuprofen", lang=3)  # type: ignore[arg-type]


# -- named queries --------------------------------------------------------------------------


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_named_queries_take_a_language(store: str) -> None:
    if store == "oxigraph":
        pytest.importorskip("pyoxigraph")
    kg = sg.load(store=store)
    english = kg.query("red-flags-by-urgency")
    spanish = kg.query("red-flags-by-urgency", lang="es")
    assert len(english) == len(spanish)  # one row each: no label doubles a row
    assert english[0]["urgency"] == "emergency" and spanish[0]["urgency"] == "emergencia"
    rows = kg.query("article-vs-evidence", lang="es")
    assert len(rows) == len(kg.query("article-vs-evidence"))
    assert all(
        r["verdict"] in (None, "supported", "mixed", "insufficient", "unsupported", "contradicted")
        for r in rows
    )


# -- command line ------------------------------------------------------------------------------


def test_cli_lang(capsys: pytest.CaptureFixture[str]) -> None:
    from spasmgraph.cli import main

    assert main(["show", "contractura", "--lang", "es"]) == 0
    assert "contractura muscular" in capsys.readouterr().out
    assert main(["paths", "ejercicio intenso", "--via", "Mechanism", "--lang", "es"]) == 0
    assert "ejercicio intenso" in capsys.readouterr().out


def test_spanish_explorer_if_present(en: sg.KnowledgeGraph) -> None:
    if not hasattr(en, "explore"):
        pytest.skip("kg.explore does not exist yet")
    try:
        page = en.explore(focus="ibuprofeno", lang="es")  # type: ignore[attr-defined]
    except TypeError:
        pytest.skip("kg.explore takes no lang= yet")
    assert "ibuprofeno" in str(getattr(page, "html", page))
