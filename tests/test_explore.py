"""The HTML explorer without a browser: its data, its page and its safety.

The page must stay inert whatever the graph holds: a label ``</script><script>...``, a
``javascript:`` citation, quotes, U+2028 and HTML in a definition all stay data. The
browser tests (``test_explore_browser.py``) run the same hostile page in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import spasmgraph as sg
from spasmgraph.cli import main
from spasmgraph.diagram.style import make_style
from spasmgraph.errors import (
    InvalidArgumentError,
    InvalidPathSpecError,
    OutputError,
    UnknownEntityError,
)
from spasmgraph.explore import Explorer, doi_url, make_explorer, safe_url, script_json
from spasmgraph.explore.page import CYTOSCAPE_STYLE, read_asset
from spasmgraph.vocab import BIBO, SG, SG_NAMESPACE

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "</script><script>window.__pwned=1</script><!-- \"quoted\" 'single' & \u2028 \u2029 end"
HOSTILE_DEFINITION = '<img src=x onerror="window.__pwned=1"> defined'
HOSTILE_SYNONYM = "Ëvîl sÿnonym"
EVIL = URIRef(SG_NAMESPACE + "evil_cause")
OVERLOAD = URIRef(SG_NAMESPACE + "muscle_overload")


def hostile_kg() -> sg.KnowledgeGraph:
    """The bundled graph plus a cause whose texts and citation try to break out."""
    kg = sg.load()
    g = kg.graph
    cite = URIRef("javascript:window.__pwned=1")
    assessment = URIRef(SG_NAMESPACE + "ra_evil")
    for triple in [
        (EVIL, RDF.type, OWL.NamedIndividual),
        (EVIL, RDF.type, SG.Cause),
        (EVIL, RDFS.label, Literal(HOSTILE, lang="en")),
        (EVIL, SKOS.definition, Literal(HOSTILE_DEFINITION, lang="en")),
        (EVIL, SKOS.altLabel, Literal(HOSTILE_SYNONYM, lang="en")),
        (EVIL, SG.triggers, OVERLOAD),
        (assessment, RDF.type, SG.RelationAssessment),
        (assessment, SG.assessedSubject, EVIL),
        (assessment, SG.assessedProperty, SG.triggers),
        (assessment, SG.assessedObject, OVERLOAD),
        (assessment, SG.hasVerdict, SG.Mixed),
        (assessment, SG.rationale, Literal(HOSTILE, lang="en")),
        (assessment, SG.cites, cite),
        (cite, RDFS.label, Literal("<b>javascript citation</b>", lang="en")),
        (cite, BIBO.doi, Literal('javascript:alert("x")')),
    ]:
        g.add(triple)
    kg.refresh()
    return kg


@pytest.fixture(scope="module")
def hostile() -> Explorer:
    return hostile_kg().explore()


class _Page(HTMLParser):
    """Scripts (attributes and text), styles, meta tags and every attribute of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.metas: list[dict[str, str | None]] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self._open: str | None = None
        self._attrs: dict[str, str | None] = {}
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.extend((tag, name, value) for name, value in attrs)
        if tag == "meta":
            self.metas.append(dict(attrs))
        if tag in ("script", "style"):
            self._open, self._attrs, self._text = tag, dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            text = "".join(self._text)
            if tag == "script":
                self.scripts.append((self._attrs, text))
            else:
                self.styles.append(text)
            self._open = None


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def csp_sources(page: _Page) -> dict[str, list[str]]:
    policy = next(
        m["content"] for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None
    directives = [d.split() for d in policy.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def urls(data: Any) -> list[str | None]:
    """Every ``"url"`` value in the payload."""
    if isinstance(data, dict):
        own = [data["url"]] if "url" in data else []
        return own + [u for v in data.values() for u in urls(v)]
    if isinstance(data, list):
        return [u for v in data for u in urls(v)]
    return []


# -- the hostile page ----------------------------------------------------------------------


def test_hostile_texts_never_reach_the_markup(hostile: Explorer) -> None:
    page = hostile.html
    assert HOSTILE not in page and "window.__pwned=1</script>" not in page
    assert HOSTILE_DEFINITION not in page and "<img" not in page
    assert len(re.findall("<script", page, re.IGNORECASE)) == 3
    parsed = parse(page)
    assert [a.get("type") for a, _ in parsed.scripts] == ["application/json", None, None]
    assert [t for _, t in parsed.scripts[1:]] == [
        read_asset("vendor/cytoscape.min.js"),
        read_asset("static/explorer.js"),
    ]


def test_the_data_is_escaped_json_that_round_trips(hostile: Explorer) -> None:
    attrs, text = parse(hostile.html).scripts[0]
    assert attrs == {"type": "application/json", "id": "sg-data"}
    assert text == script_json(hostile.data)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    data = json.loads(text)
    node = next(n for n in data["nodes"] if n["curie"] == "sg:evil_cause")
    assert (node["label"], node["definition"]) == (HOSTILE, HOSTILE_DEFINITION)
    assert node["synonyms"] == [HOSTILE_SYNONYM]
    edge = next(e for e in data["edges"] if e["source"] == node["id"])
    assert edge["assessments"][0]["rationale"] == HOSTILE


def test_only_http_links_are_made(hostile: Explorer) -> None:
    found = urls(hostile.data)
    assert found and any(found)
    assert all(u is None or re.match(r"https?://[^\s\"'<>]+$", u) for u in found)
    node = next(n for n in hostile.data["nodes"] if n["curie"] == "sg:evil_cause")
    edge = next(e for e in hostile.data["edges"] if e["source"] == node["id"])
    (citation,) = edge["assessments"][0]["citations"]
    assert citation["url"] is None


def test_the_disclaimer_is_in_the_markup(hostile: Explorer) -> None:
    # Shown without any script: it is part of the static markup, not of the data.
    page = hostile.html
    assert page.index("not medical advice.</strong>") < page.index("<script")


def test_the_markup_loads_nothing(hostile: Explorer) -> None:
    attributes = parse(hostile.html).attributes
    assert not [a for a in attributes if a[1] in ("src", "href", "srcset", "action", "poster")]
    assert not [a for a in attributes if a[1].startswith("on")]
    assert not [a for a in attributes if a[2] and "javascript:" in a[2].lower()]


def test_the_policy_allows_exactly_the_inline_blocks(hostile: Explorer) -> None:
    parsed = parse(hostile.html)
    sources = csp_sources(parsed)
    assert sources["default-src"] == ["'none'"]
    assert sorted(sources["script-src"]) == sorted(sha(t) for _, t in parsed.scripts[1:])
    assert sorted(sources["style-src"]) == sorted([sha(parsed.styles[0]), sha(CYTOSCAPE_STYLE)])
    assert len(parsed.styles) == 1
    policy = " ".join(" ".join(v) for v in sources.values())
    assert "unsafe" not in policy and "*" not in policy and "http" not in policy
    assert sources["base-uri"] == ["'none'"] and sources["form-action"] == ["'none'"]


def test_the_cytoscape_style_hash_matches_the_library() -> None:
    # cytoscape.js adds this style element itself; the policy lets it by its hash.
    assert CYTOSCAPE_STYLE.split(" {")[0].lstrip(".") in read_asset("vendor/cytoscape.min.js")


def test_the_title_is_escaped() -> None:
    kg = sg.load()
    page = make_explorer(kg.index, focus="ibuprofen", title=HOSTILE).html
    assert "<title>&lt;/script&gt;&lt;script&gt;" in page
    assert len(re.findall("<script", page, re.IGNORECASE)) == 3


def test_the_notebook_frame_is_sandboxed(hostile: Explorer) -> None:
    frame = hostile._repr_html_()
    assert frame.startswith('<iframe class="spasmgraph-explorer" sandbox="allow-scripts" ')
    assert "allow-same-origin" not in frame
    assert "<script" not in frame and HOSTILE not in frame
    parsed = parse(frame)
    srcdoc = next(v for t, n, v in parsed.attributes if n == "srcdoc")
    assert srcdoc == hostile.html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " https://example.org",
        "data:text/html,<script>",
        "vbscript:x",
        "https://x.org/\"onmouseover='1'",
        "//example.org/x",
        "file:///etc/passwd",
        "",
    ],
)
def test_unsafe_urls_are_dropped(url: str) -> None:
    assert safe_url(url) is None


def test_doi_links() -> None:
    assert (
        doi_url("10.1016/S0140-6736(14)60805-9") == "https://doi.org/10.1016/S0140-6736(14)60805-9"
    )
    assert doi_url('10.1/"><script>') == "https://doi.org/10.1/%22%3E%3Cscript%3E"
    assert doi_url("javascript:alert(1)") is None


# -- what the page holds -------------------------------------------------------------------


@pytest.fixture(scope="module")
def kg() -> sg.KnowledgeGraph:
    return sg.load()


def test_the_style_is_the_diagrams_style(kg: sg.KnowledgeGraph) -> None:
    data = kg.explore().data["style"]
    shared = make_style(kg.index).as_dict()
    mine = [{k: v for k, v in c.items() if not k.startswith("cy_")} for c in data["categories"]]
    assert mine == shared["categories"]
    assert (data["verdicts"], data["others"]) == (shared["verdicts"], shared["others"])
    assert next(e["key"] for e in data["legend"] if e["what"] == "edge") == "supported"


def test_node_cards(kg: sg.KnowledgeGraph) -> None:
    nodes = {n["label"]: n for n in kg.explore(focus="ibuprofen").data["nodes"]}
    ibuprofen = nodes["ibuprofen"]
    assert ibuprofen["highlighted"] and ibuprofen["types"] == ["medication"]
    assert {c["applies_to"] for c in ibuprofen["cautions"]} == {"ibuprofen", "NSAID"}
    assert ibuprofen["url"] == "https://w3id.org/spasmgraph/ibuprofen"
    acetaminophen = kg.explore(focus="paracetamol").data["nodes"]
    assert any(n["synonyms"] and n["codes"] for n in acetaminophen)


def test_edge_cards_carry_sources_and_evidence(kg: sg.KnowledgeGraph) -> None:
    data = kg.explore(focus="acetaminophen").data
    ids = {n["id"]: n["label"] for n in data["nodes"]}
    edge = next(
        e
        for e in data["edges"]
        if (ids[e["source"]], e["label"], ids[e["target"]]) == ("acetaminophen", "relieves", "pain")
    )
    assert edge["verdict"] == "contradicted" and edge["provenance"]
    (assessment,) = edge["assessments"]
    assert assessment["rationale"]
    assert any(c["url"].startswith("https://doi.org/10.") for c in assessment["citations"])
    structural = [e for e in data["edges"] if e["kind"] == "structural"]
    assert structural and all(not e["assessments"] for e in structural)


def test_routes_are_the_paths_of_the_library(kg: sg.KnowledgeGraph) -> None:
    data = kg.explore().data
    route = next(c for c in data["causes"] if c["label"] == "intense exercise")
    expected = kg.paths("intense exercise", "Treatment", via=["Mechanism"])
    assert [r["labels"] for r in route["paths"]] == [list(p.labels) for p in expected]
    edges = {e["id"] for e in data["edges"]}
    assert all(set(r["edges"]) <= edges for r in route["paths"])


def test_selections(kg: sg.KnowledgeGraph) -> None:
    paths = kg.paths("intense exercise", "Treatment", via=["Mechanism"])
    page = kg.explore(paths=paths)
    assert page.data["mode"] == "paths" and page.data["title"].endswith("intense exercise")
    assert all(e["highlighted"] for e in page.data["edges"])
    chosen = kg.explore(entities=["ibuprofen", "NSAID", "acetaminophen"]).data
    assert sorted(n["label"] for n in chosen["nodes"]) == ["NSAID", "acetaminophen", "ibuprofen"]
    assert [e["label"] for e in chosen["edges"]] == ["in drug class"]
    spanish = kg.explore(focus="ibuprofen", lang="es").data
    assert spanish["lang"] == "es" and "relajante muscular" in {
        n["label"] for n in spanish["nodes"]
    } | {n["label"] for n in kg.explore(focus="muscle relaxant", lang="es").data["nodes"]}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"focus": "ibuprofen", "entities": ["NSAID"]}, InvalidPathSpecError),
        ({"entities": []}, InvalidPathSpecError),
        ({"entities": ["no such thing at all"]}, UnknownEntityError),
        ({"focus": "Treatment"}, InvalidPathSpecError),
        ({"radius": 0, "focus": "ibuprofen"}, InvalidPathSpecError),
        ({"radius": "2", "focus": "ibuprofen"}, InvalidPathSpecError),
        ({"focus": 42}, UnknownEntityError),
        ({"paths": 42}, InvalidArgumentError),
        ({"paths": [42]}, InvalidArgumentError),
        ({"entities": 42}, InvalidArgumentError),
        ({"entities": [None]}, InvalidArgumentError),
        ({"lang": 42}, InvalidArgumentError),
    ],
)
def test_bad_selections(kg: sg.KnowledgeGraph, kwargs: dict[str, Any], error: type) -> None:
    with pytest.raises(error):
        kg.explore(**kwargs)


def test_write(kg: sg.KnowledgeGraph, tmp_path: Path) -> None:
    page = kg.explore(focus="ibuprofen")
    assert page.write(tmp_path / "a.html").read_text(encoding="utf-8") == page.html
    with pytest.raises(OutputError, match="no/such"):
        page.write(tmp_path / "no" / "such" / "a.html")


def test_the_vendored_library_matches_its_record() -> None:
    spec = importlib.util.spec_from_file_location("vendor", ROOT / "scripts/vendor_cytoscape.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.check() == []
    record = json.loads((module.VENDOR / "VENDOR.json").read_text())
    assert record["name"] == "cytoscape" and record["integrity"].startswith("sha512-")


# -- the command ---------------------------------------------------------------------------


def test_cli_explore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.html"
    paths = ["explore", "--paths", "intense exercise"]
    assert main([*paths, "--via", "Mechanism", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["explore", "--entity", "ibuprofen", "--entity", "NSAID", "-o", str(out)]) == 0
    assert main(["explore", "--focus", "ibuprofen", "-o", str(tmp_path / "g.svg")]) == 2
    assert main(["explore", "--radius", "2", "-o", str(out)]) == 2
    assert main([*paths, "--to", "sg:ibuprofen", "--max-hops", "1", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "must end in .html" in err and "--radius only applies" in err
